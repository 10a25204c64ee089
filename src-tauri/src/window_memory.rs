//! The window's size and position, kept between launches by tauri-plugin-window-state.
//!
//! The plugin writes its file only when the app exits normally. A crash, a kill, a logout or a power cut would
//! lose the operator's last move or resize, so the state is also saved once the window has settled.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tauri::{Manager, Runtime, WebviewWindow, WindowEvent};
use tauri_plugin_window_state::{AppHandleExt, StateFlags};

/// A drag or a resize sends a stream of events: save once it has been quiet this long.
const SETTLE: Duration = Duration::from_millis(400);

/// Size, position and whether it was maximised: what an operator arranges. Not visibility or decorations (the
/// plugin's default includes them): a state caught while the window was being torn down would otherwise reopen
/// the app hidden.
pub fn flags() -> StateFlags {
    StateFlags::SIZE | StateFlags::POSITION | StateFlags::MAXIMIZED
}

/// Saves the window state `SETTLE` after the last move or resize of `window`.
pub fn save_when_settled<R: Runtime>(window: &WebviewWindow<R>) {
    let latest = Arc::new(AtomicU64::new(0));
    let app = window.app_handle().clone();
    window.on_window_event(move |event| {
        if !matches!(event, WindowEvent::Moved(_) | WindowEvent::Resized(_)) {
            return;
        }
        let this = latest.fetch_add(1, Ordering::Relaxed) + 1;
        let latest = Arc::clone(&latest);
        let app = app.clone();
        tauri::async_runtime::spawn(async move {
            tokio::time::sleep(SETTLE).await;
            if latest.load(Ordering::Relaxed) != this {
                return; // a later event will save
            }
            // On the main thread, like the plugin's own save at exit: it holds its state lock while it asks the
            // window for its geometry, and from any other thread that question waits for the main thread, which
            // may itself be waiting for that lock in the plugin's move/resize handler.
            let main = app.clone();
            let queued = app.run_on_main_thread(move || {
                if let Err(err) = main.save_window_state(flags()) {
                    log::warn!("could not save the window's size and position: {err}");
                }
            });
            if let Err(err) = queued {
                log::warn!("could not save the window's size and position: {err}");
            }
        });
    });
}
