//! Files dropped on the window. Rust takes the paths from the window's own drop event and keeps them; the web
//! view hears only a token and a file name (`import_session.rs`), so it can't make Rust read a path it made up.

use tauri::{DragDropEvent, Manager, Runtime, Window, WindowEvent};

use crate::state::AppState;

pub fn on_window_event<R: Runtime>(window: &Window<R>, event: &WindowEvent) {
    if let WindowEvent::DragDrop(DragDropEvent::Drop { paths, .. }) = event {
        let state = window.state::<AppState>();
        if state.accept_dropped_files(paths.clone()).is_some() {
            log::info!("import: {} file(s) dropped on the window", paths.len());
        }
    }
}
