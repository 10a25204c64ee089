//! How the web view draws on Linux.
//!
//! WebKitGTK composites pages with OpenGL unless told otherwise. For one form in one window that buys nothing
//! and costs a lot: on a machine without a usable GPU (a VM, a remote desktop, Xvfb) Mesa's software
//! rasteriser composites every frame, about 85 MiB more memory for the window's processes, and a pasted list
//! of 1,000 members took two or three frames just to draw instead of one (`scripts/bench.sh`, docs/BENCHMARKS.md).
//! It is also the usual cure for WebKitGTK's blank or flickering windows on some GPU drivers. The page is still
//! drawn and scrolled as before, by the CPU; nothing in this UI animates more than a spinner.

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
