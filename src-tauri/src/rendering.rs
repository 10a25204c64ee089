//! How the web view draws on Linux.
//!
//! WebKitGTK composites pages with OpenGL unless told otherwise. For one form in one window that buys nothing
//! and costs a lot: on a machine without a usable GPU (a VM, a remote desktop, Xvfb) Mesa's software
//! rasteriser composites every frame, about 85 MiB more memory for the window's processes, and a pasted list
//! of 1,000 members took two or three frames just to draw instead of one (`scripts/bench.sh`, docs/BENCHMARKS.md).
//! It is also the usual cure for WebKitGTK's blank or flickering windows on some GPU drivers. The page is still
//! drawn and scrolled as before, by the CPU; nothing in this UI animates more than a spinner.
//!
//! Drawing that way, the window is best shown once its page is there: see `show_main_window`.

use std::time::Duration;

use tauri::webview::{PageLoadEvent, PageLoadPayload};
use tauri::{AppHandle, Manager, Runtime, Webview, WebviewWindow};

/// WebKitGTK's own switch; any value but `0` turns accelerated compositing off.
pub const COMPOSITING_SWITCH: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

/// Turns WebKitGTK's accelerated compositing off unless the person running the app chose otherwise
/// (`WEBKIT_DISABLE_COMPOSITING_MODE=0` keeps it on). Call it first thing in `main`: it changes the process
/// environment, which the web view's processes inherit, so it must run before the web view exists and before
/// any other thread does.
pub fn prefer_software_compositing() {
    if crate::GTK_DESKTOP && std::env::var_os(COMPOSITING_SWITCH).is_none() {
        std::env::set_var(COMPOSITING_SWITCH, "1");
    }
}

/// The longest a hidden main window waits for its page before it is shown anyway: a page that never finishes
/// loading still gets a window on screen.
const SHOW_AT_THE_LATEST: Duration = Duration::from_secs(3);

/// Set by `e2e/window-shown.test.mjs`; read by debug builds only.
#[cfg(debug_assertions)]
const IGNORE_PAGE_LOAD_FOR_TESTS: &str = "BLOOIO_TEST_IGNORE_PAGE_LOAD";

/// The main window starts hidden (`visible: false` in tauri.conf.json). On Linux it is shown once its page has
/// loaded: without compositing, WebKitGTK paints a window mapped before its web process has drawn by waiting up to
/// 500 ms for that process (its `didUpdateBackingStoreStateTimeout`), and at start-up it often ran out: in 6
/// launches of 10 the first frame came at ~930 ms instead of ~410, the bare Tauri app drawing this way alike
/// (`scripts/bench.sh`). Shown once the page is there, the first frame the operator sees is the page, every time.
/// Elsewhere the window is shown at once, as before.
pub fn show_main_window<R: Runtime>(app: &AppHandle<R>) {
    let Some(window) = app.get_webview_window("main") else {
        return;
    };
    if !crate::GTK_DESKTOP {
        show(&window);
        return;
    }
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(SHOW_AT_THE_LATEST).await;
        let main = app.clone();
        let shown = app.run_on_main_thread(move || {
            if let Some(window) = main.get_webview_window("main") {
                if !window.is_visible().unwrap_or(true) {
                    log::warn!(
                        "the page had not loaded after {SHOW_AT_THE_LATEST:?}: window shown anyway"
                    );
                }
                show(&window);
            }
        });
        if let Err(err) = shown {
            log::warn!("could not show the window: {err}");
        }
    });
}

/// `Builder::on_page_load`: a window still hidden is shown when its page has loaded.
pub fn on_page_load<R: Runtime>(webview: &Webview<R>, payload: &PageLoadPayload<'_>) {
    if payload.event() != PageLoadEvent::Finished {
        return;
    }
    // The end-to-end test of the fallback in `show_main_window` plays a page whose load is never reported.
    #[cfg(debug_assertions)]
    if std::env::var_os(IGNORE_PAGE_LOAD_FOR_TESTS).is_some() {
        return;
    }
    if let Some(window) = webview.app_handle().get_webview_window(webview.label()) {
        show(&window);
    }
}

/// Shows the window unless it is showing already: a second `show` would raise it over whatever the operator has
/// turned to since.
fn show<R: Runtime>(window: &WebviewWindow<R>) {
    if window.is_visible().unwrap_or(false) {
        return;
    }
    if let Err(err) = window.show() {
        log::warn!("could not show the window: {err}");
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    // One test for both cases: they share the process environment.
    #[test]
    fn compositing_is_turned_off_unless_the_user_set_the_switch() {
        std::env::remove_var(COMPOSITING_SWITCH);
        prefer_software_compositing();
        assert_eq!(std::env::var(COMPOSITING_SWITCH).as_deref(), Ok("1"));

        std::env::set_var(COMPOSITING_SWITCH, "0");
        prefer_software_compositing();
        assert_eq!(
            std::env::var(COMPOSITING_SWITCH).as_deref(),
            Ok("0"),
            "the user's choice is kept"
        );
        std::env::remove_var(COMPOSITING_SWITCH);
    }
}
