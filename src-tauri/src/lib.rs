//! The Tauri shell: window plumbing only. The rules, the client and the sandbox live in `crates/`.

mod about;
mod atomic_file;
mod bulk_runs;
#[macro_use]
mod command_list;
mod commands;
mod diagnostics;
pub mod drops;
mod error;
pub mod file_dialogs;
mod history;
mod import_session;
mod logging;
pub mod rendering;
#[cfg(target_os = "linux")]
mod single_instance;
mod state;
mod updates;
mod window_memory;

pub use error::{AppProblem, CommandError};
pub use import_session::current_import_rows;
pub use state::{AppState, ConnectionInfo, ConnectionMode, KeyStatus, StartupOptions};

use tauri::{AppHandle, Builder, Manager, Runtime};

/// The handler for the commands in `command_list.rs`.
macro_rules! handler {
    ($($name:ident),* $(,)?) => {
        tauri::generate_handler![$(commands::$name),*]
    };
}

/// Registers the app's state and commands on `builder`; shared by `main` and the mock-runtime tests.
pub fn app_builder<R: Runtime>(builder: Builder<R>, state: AppState) -> Builder<R> {
    builder
        .manage(state)
        .manage(updates::PendingUpdate::default())
        .manage(drops::Drops::default())
        .on_window_event(|window, event| {
            drops::on_window_event(window, event);
            bulk_runs::on_window_event(window, event);
        })
        .invoke_handler(app_commands!(handler))
}

pub fn run() {
    let context = tauri::generate_context!();
    // A second launch hands over to the running app and exits here, before anything is built: no window flashes,
    // and there is nothing to clean up yet. It exits only once the running app answered; if it did not, this launch
    // goes on with a window of its own (see single_instance.rs).
    #[cfg(target_os = "linux")]
    let single = match single_instance::launch(&context.config().identifier) {
        single_instance::Launch::HandedOver => std::process::exit(0),
        launch => launch,
    };
    let builder = tauri::Builder::default();
    // Registered first, as the plugin asks: a second launch focuses the running window and exits.
    #[cfg(not(target_os = "linux"))]
    let builder = builder.plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
        focus_main_window(app)
    }));
    let state = AppState::new(StartupOptions::from_env());
    let result = app_builder(builder, state)
        .plugin(logging::plugin())
        // Native open and save dialogs; the commands open them from Rust (no dialog permission in the capability).
        .plugin(tauri_plugin_dialog::init())
        // Signed updates; the window reaches it only through the commands in updates.rs.
        .plugin(tauri_plugin_updater::Builder::new().build())
        // Remembers the window's size and position between launches.
        .plugin(
            tauri_plugin_window_state::Builder::default()
                .with_state_flags(window_memory::flags())
                .build(),
        )
        .on_page_load(rendering::on_page_load)
        .setup(move |app| {
            #[cfg(target_os = "linux")]
            match single {
                single_instance::Launch::First(first) => {
                    let handle = app.handle().clone();
                    first.on_second_launch(Box::new(move |_args, _cwd| {
                        // Without the window (the app is closing) the launch goes on by itself.
                        if handle.get_webview_window("main").is_none() {
                            return false;
                        }
                        let app = handle.clone();
                        match handle.run_on_main_thread(move || focus_main_window(&app)) {
                            Ok(()) => true,
                            Err(err) => {
                                log::warn!("second launch: could not reach the window: {err}");
                                false
                            }
                        }
                    }));
                }
                single_instance::Launch::Alone(reason) => {
                    log::warn!("single instance: {reason}; launching without it");
                }
                // Exited above.
                single_instance::Launch::HandedOver => {}
            }
            if let Some(window) = app.get_webview_window("main") {
                window_memory::save_when_settled(&window);
            }
            rendering::show_main_window(app.handle());
            let state = app.state::<AppState>();
            // Only the path: the history is opened the first time it is needed, not on the way to the first frame.
            match app.path().app_data_dir() {
                Ok(dir) => state.use_data_dir(&dir),
                Err(err) => log::warn!("no data folder for the history: {err}"),
            }
            if state.starts_in_sandbox() {
                // Binding a loopback port is quick; doing it here means the first screen already shows sandbox mode.
                tauri::async_runtime::block_on(state.set_sandbox_mode(true))?;
            }
            Ok(())
        })
        .run(context);
    if let Err(err) = result {
        eprintln!("Blooio Groups could not start: {err}");
        std::process::exit(1);
    }
}

/// What a second launch does: brings the running window to the front.
fn focus_main_window<R: Runtime>(app: &AppHandle<R>) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

/// Linux and the BSDs: the window is GTK on X11 or Wayland, and the web view is WebKitGTK.
pub(crate) const GTK_DESKTOP: bool = cfg!(any(
    target_os = "linux",
    target_os = "freebsd",
    target_os = "openbsd",
    target_os = "netbsd"
));

/// On Linux and the BSDs a window needs an X11 or Wayland display; without one GTK aborts with a terse message.
/// Returns a plain explanation when there is none, so the launcher can say so instead of crashing.
pub fn missing_display() -> Option<String> {
    if GTK_DESKTOP {
        let has = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
        if !has("DISPLAY") && !has("WAYLAND_DISPLAY") {
            return Some(
                "Blooio Groups needs a graphical desktop, but no display was found (neither DISPLAY nor \
                 WAYLAND_DISPLAY is set). Start it from a desktop session, or use the command-line tool \
                 `blooio-groups-cli` on a headless machine."
                    .to_string(),
            );
        }
    }
    None
}
