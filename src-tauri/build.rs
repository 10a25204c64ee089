fn main() {
    // The config sits at the repository root, so tauri-build must be told where the capabilities live, and every
    // app command gets a generated permission that the capability file grants one by one.
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .capabilities_path_pattern("./src-tauri/capabilities/**/*")
            .app_manifest(tauri_build::AppManifest::new().commands(&[
                "create_group",
                "check_draft",
                "save_api_key",
                "check_api_key",
                "form_defaults",
                "api_key_status",
                "delete_api_key",
                "connection_info",
                "diagnostics",
                "set_sandbox_mode",
                "group_photo",
            ])),
    )
    .expect("failed to run tauri-build");
}
