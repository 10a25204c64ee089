//! Files dropped on the window. Tauri reports a drop to Rust (`WindowEvent::DragDrop`) with the files' paths;
//! the web view never sees them. This module remembers the last drop's paths and tells the window, through the
//! channel it registered with `watch_drops`, only a token and the files' names. A command that accepts a dropped
//! file takes the token and looks the paths up here, so a path the page made up can never be read.
//!
//! Any screen that takes drops uses the same events: the window decides which part is listening.

use std::path::PathBuf;
use std::sync::Mutex;

use serde::Serialize;
use tauri::ipc::Channel;
use tauri::{DragDropEvent, Manager, Runtime, Window, WindowEvent};
use ts_rs::TS;

/// What the window hears about a drag over it.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum DropEvent {
    /// Files are being dragged over the window.
    Over,
    /// The drag left the window or was cancelled.
    Left,
    /// Files were dropped: `token` names them for a command; `file_names` are for what the window says;
    /// `position` is where, in the page's CSS pixels, so that the part of the screen they landed on takes them.
    Dropped {
        token: String,
        file_names: Vec<String>,
        position: Option<DropPosition>,
    },
}

/// A point in the page, in CSS pixels from its top left corner.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct DropPosition {
    pub x: f64,
    pub y: f64,
}

#[derive(Default)]
struct Inner {
    count: u64,
    /// Only the last drop is kept: an older token is no longer valid.
    last: Option<(String, Vec<PathBuf>)>,
    watcher: Option<Channel<DropEvent>>,
}

/// The app's memory of the last drop (managed state).
#[derive(Default)]
pub struct Drops {
    inner: Mutex<Inner>,
}

impl Drops {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Sends drop events to `channel` from now on (the window registers once; a reload registers again).
    pub fn watch(&self, channel: Channel<DropEvent>) {
        self.lock().watcher = Some(channel);
    }

    /// Remembers `paths` as the last drop and returns the event that names them.
    pub fn remember(&self, paths: Vec<PathBuf>) -> DropEvent {
        self.remember_at(paths, None)
    }

    /// [`Drops::remember`] for files dropped at `position`.
    pub fn remember_at(&self, paths: Vec<PathBuf>, position: Option<DropPosition>) -> DropEvent {
        let mut inner = self.lock();
        inner.count += 1;
        // Not a secret: the paths never leave Rust. Unpredictable enough that a stale page can't name a later drop.
        let token = format!("drop-{}-{:x}", inner.count, random_u64());
        let file_names = paths
            .iter()
            .map(|p| {
                p.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
            })
            .collect();
        inner.last = Some((token.clone(), paths));
        DropEvent::Dropped {
            token,
            file_names,
            position,
        }
    }

    /// The paths of the drop named `token`, while it is the last one.
    pub fn paths(&self, token: &str) -> Option<Vec<PathBuf>> {
        match &self.lock().last {
            Some((last, paths)) if last == token => Some(paths.clone()),
            _ => None,
        }
    }

    /// The first file of the drop named `token` (a file is read one at a time), or the error that says to drop
    /// it again.
    pub fn first_path(&self, token: &str) -> Result<PathBuf, crate::error::CommandError> {
        self.paths(token)
            .and_then(|paths| paths.into_iter().next())
            .ok_or_else(|| {
                crate::error::CommandError::internal(
                    "the dropped file is no longer known; drop it again",
                )
            })
    }

    /// What the window is told about one drag event; `scale` turns the window's physical pixels into the page's.
    fn heard(&self, drag: &DragDropEvent, scale: f64) {
        match drag {
            // Once per drag, and only for files (dragged text has no paths): `Over` comes with every mouse move,
            // which the window doesn't need to hear.
            DragDropEvent::Enter { paths, .. } if !paths.is_empty() => self.tell(DropEvent::Over),
            DragDropEvent::Drop { paths, position } if !paths.is_empty() => {
                log::info!("{} file(s) dropped on the window", paths.len());
                let at = (scale > 0.0).then(|| DropPosition {
                    x: position.x / scale,
                    y: position.y / scale,
                });
                let event = self.remember_at(paths.clone(), at);
                self.tell(event);
            }
            DragDropEvent::Leave | DragDropEvent::Drop { .. } => self.tell(DropEvent::Left),
            _ => {}
        }
    }

    fn tell(&self, event: DropEvent) {
        let watcher = self.lock().watcher.clone();
        if let Some(channel) = watcher {
            if let Err(err) = channel.send(event) {
                log::warn!("the window didn't hear about a drop: {err}");
            }
        }
    }
}

fn random_u64() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    hasher.finish()
}

/// The window's event handler (registered in `app_builder`).
pub fn on_window_event<R: Runtime>(window: &Window<R>, event: &WindowEvent) {
    let WindowEvent::DragDrop(drag) = event else {
        return;
    };
    if let Some(drops) = window.try_state::<Drops>() {
        drops.heard(drag, window.scale_factor().unwrap_or(1.0));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn the_window_hears_once_per_drag_and_only_about_files() {
        let heard: Arc<Mutex<Vec<serde_json::Value>>> = Arc::default();
        let drops = Drops::default();
        let sink = heard.clone();
        drops.watch(Channel::new(move |body| {
            if let tauri::ipc::InvokeResponseBody::Json(json) = body {
                sink.lock()
                    .unwrap()
                    .push(serde_json::from_str(&json).unwrap());
            }
            Ok(())
        }));
        let at = tauri::PhysicalPosition::new(300.0, 120.0);
        let file = PathBuf::from("/tmp/team.png");
        drops.heard(
            &DragDropEvent::Enter {
                paths: vec![],
                position: at,
            },
            2.0,
        );
        drops.heard(
            &DragDropEvent::Enter {
                paths: vec![file.clone()],
                position: at,
            },
            2.0,
        );
        drops.heard(&DragDropEvent::Over { position: at }, 2.0);
        drops.heard(&DragDropEvent::Over { position: at }, 2.0);
        drops.heard(&DragDropEvent::Leave, 2.0);
        drops.heard(
            &DragDropEvent::Drop {
                paths: vec![],
                position: at,
            },
            2.0,
        );
        drops.heard(
            &DragDropEvent::Drop {
                paths: vec![file.clone()],
                position: at,
            },
            2.0,
        );
        let heard = heard.lock().unwrap().clone();
        let kinds: Vec<_> = heard
            .iter()
            .map(|e| e["kind"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(kinds, ["over", "left", "left", "dropped"]);
        let token = heard[3]["token"].as_str().unwrap();
        assert_eq!(heard[3]["file_names"], serde_json::json!(["team.png"]));
        // Where it landed, in the page's pixels on a screen scaled twice.
        assert_eq!(
            heard[3]["position"],
            serde_json::json!({"x": 150.0, "y": 60.0})
        );
        assert_eq!(drops.paths(token), Some(vec![file]));
        assert!(
            !heard[3].to_string().contains("/tmp"),
            "no path reaches the window"
        );
    }

    #[test]
    fn only_the_last_drop_is_known_by_its_token() {
        let drops = Drops::default();
        let DropEvent::Dropped {
            token: first,
            file_names,
            ..
        } = drops.remember(vec![PathBuf::from("/tmp/a/team.png")])
        else {
            panic!("a drop")
        };
        assert_eq!(file_names, vec!["team.png".to_string()]);
        assert_eq!(
            drops.paths(&first),
            Some(vec![PathBuf::from("/tmp/a/team.png")])
        );
        let DropEvent::Dropped { token: second, .. } =
            drops.remember(vec![PathBuf::from("/tmp/b.jpg")])
        else {
            panic!("a drop")
        };
        assert_ne!(first, second);
        assert_eq!(drops.paths(&first), None);
        assert_eq!(drops.paths("/tmp/b.jpg"), None);
        assert_eq!(
            drops.paths(&second),
            Some(vec![PathBuf::from("/tmp/b.jpg")])
        );
    }
}
