//! Files dropped on the window. Rust takes the paths from the window's own drop event and keeps them; the web
//! view hears only a token and a file name (`import_session.rs`), so it can't make Rust read a path it made up.

use tauri::{DragDropEvent, Manager, Runtime, Window, WindowEvent};

use crate::state::AppState;

pub fn on_window_event<R: Runtime>(window: &Window<R>, event: &WindowEvent) {
    let WindowEvent::DragDrop(event) = event else {
        return;
    };
    let state = window.state::<AppState>();
    match event {
        // Only files: dragged text or a link has no paths and opens nothing.
        DragDropEvent::Enter { paths, .. } if !paths.is_empty() => state.import.drag_over(true),
        DragDropEvent::Leave => state.import.drag_over(false),
        DragDropEvent::Drop { paths, .. } => {
            if state.accept_dropped_files(paths.clone()).is_some() {
                log::info!("import: {} file(s) dropped on the window", paths.len());
            } else {
                state.import.drag_over(false);
            }
        }
        _ => {}
    }
}
