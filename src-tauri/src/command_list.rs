// The app's commands, written once. `lib.rs` registers exactly these as the window's handlers, `build.rs` generates
// a permission for each and the `app-commands` set that the window's capability grants, and
// `tests/security_config.rs` checks all of that against this same list. Adding a command is one line here (the
// function itself lives in `commands`, reachable as `commands::<name>`).
//
// Plain `//` comments only: build.rs and the security test `include!` this file, where inner doc comments can't go.

/// Calls the macro `$then` with the command names, comma-separated.
macro_rules! app_commands {
    ($then:ident) => {
        $then! {
            create_group,
            check_draft,
            remove_member_entries,
            save_api_key,
            check_api_key,
            form_defaults,
            api_key_status,
            delete_api_key,
            connection_info,
            diagnostics,
            set_sandbox_mode,
            group_photo,
            history_page,
            export_history,
            forget_history,
            list_groups,
            get_group,
            group_members,
            rename_group,
            delete_group,
            find_existing_group,
            choose_group_photo,
            set_dropped_group_photo,
            remove_group_photo,
            watch_drops,
            about_app,
            check_for_update,
            install_update,
            create_bulk_job,
            run_bulk_job,
            steer_bulk_run,
            unfinished_bulk_jobs,
            bulk_report,
            retry_failed_bulk_rows,
            export_bulk_report,
            watch_close_requests,
            close_after_pausing_run,
            import_choose_file,
            import_open_dropped,
            import_reopen,
            import_choose_sheet,
            import_preview,
            import_preview_page,
            members_file_choose,
            members_file_dropped,
            members_file_column,
        }
    };
}
