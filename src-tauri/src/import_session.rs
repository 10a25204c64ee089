//! The one spreadsheet being imported, as the window's "From spreadsheet" screen left it: the file, the sheet
//! read from it, and the preview last computed — kept here so the window pages through the preview instead of
//! receiving every group, and so a run hands Rust's own groups to the job, never ones the window sent back.
//!
//! Paths live only here. A path is remembered when Rust saw it come from the native dialog or a drop on the
//! window; the window names a dropped file by the token it was given, and can't name a path at all.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use blooio_import::{Preview, Sheet, Workbook};
use blooio_store::JobRowInput;
use serde::Serialize;
use tauri::ipc::Channel;
use ts_rs::TS;

use crate::state::AppState;

/// Drops remembered at once: enough for a few drops in a row, never a growing list.
const DROPS_KEPT: usize = 8;

/// What the window hears while files are dragged over it and dropped.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum DropNotice {
    /// Files are being dragged over the window: it says where they will open.
    Over,
    /// The drag left the window or was given up.
    Left,
    Dropped(DroppedFile),
}

/// What the window hears when a file is dropped on it: a token to open it by, and its name to show.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct DroppedFile {
    pub token: u32,
    /// The file's name without its folder.
    pub file_name: String,
    /// Other files dropped with it, which are not opened (one file is imported at a time).
    pub others: u32,
}

/// A file read successfully, and what was made of it since.
pub(crate) struct OpenedFile {
    /// Without its folder: what a bulk job records as its source.
    pub file_name: String,
    pub workbook: Arc<Mutex<Workbook>>,
    /// The chosen sheet, once one was read.
    pub sheet: Option<Arc<Sheet>>,
    pub preview: Option<Arc<ComputedPreview>>,
}

/// A preview and the number that tells the window which one a page belongs to.
pub(crate) struct ComputedPreview {
    pub generation: u32,
    pub preview: Preview,
}

#[derive(Default)]
struct Inner {
    dropped: BTreeMap<u32, PathBuf>,
    next_token: u32,
    /// The file last chosen or dropped, whether it could be read or not: "Try this file again" reads it.
    last_path: Option<PathBuf>,
    current: Option<OpenedFile>,
    /// Counts every file opened and every preview made, so a late answer can tell it is stale.
    generation: u32,
    /// Where drags and drops are announced; the window registers one when its page loads.
    drop_channel: Option<Channel<DropNotice>>,
}

#[derive(Default)]
pub struct ImportSession {
    inner: Mutex<Inner>,
}

impl ImportSession {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Remembers files dropped on the window and tells the window the first one's token. `None` for an empty
    /// drop (a drop of text, say).
    pub fn accept_drop(&self, paths: Vec<PathBuf>) -> Option<DroppedFile> {
        let mut paths = paths.into_iter();
        let first = paths.next()?;
        let others = u32::try_from(paths.count()).unwrap_or(u32::MAX);
        let mut inner = self.lock();
        inner.next_token = inner.next_token.wrapping_add(1);
        let token = inner.next_token;
        let notice = DroppedFile {
            token,
            file_name: file_name(&first),
            others,
        };
        inner.dropped.insert(token, first);
        while inner.dropped.len() > DROPS_KEPT {
            inner.dropped.pop_first();
        }
        notify(&inner, DropNotice::Dropped(notice.clone()));
        Some(notice)
    }

    /// Files are dragged over the window (`true`), or the drag left it (`false`).
    pub fn drag_over(&self, over: bool) {
        notify(
            &self.lock(),
            if over {
                DropNotice::Over
            } else {
                DropNotice::Left
            },
        );
    }

    pub(crate) fn watch_drops(&self, channel: Channel<DropNotice>) {
        self.lock().drop_channel = Some(channel);
    }

    /// The path of a dropped file, by its token.
    pub(crate) fn dropped(&self, token: u32) -> Option<PathBuf> {
        self.lock().dropped.get(&token).cloned()
    }

    pub(crate) fn set_last_path(&self, path: &Path) {
        self.lock().last_path = Some(path.to_path_buf());
    }

    pub(crate) fn last_path(&self) -> Option<PathBuf> {
        self.lock().last_path.clone()
    }

    /// Makes `file` the current import; returns its generation.
    pub(crate) fn replace(&self, file: OpenedFile) -> u32 {
        let mut inner = self.lock();
        inner.generation = inner.generation.wrapping_add(1);
        inner.current = Some(file);
        inner.generation
    }

    /// The current file's workbook, and the generation it was opened in.
    pub(crate) fn workbook(&self) -> Option<(u32, Arc<Mutex<Workbook>>)> {
        let inner = self.lock();
        let file = inner.current.as_ref()?;
        Some((inner.generation, file.workbook.clone()))
    }

    /// The current sheet, and the generation it was read in.
    pub(crate) fn sheet(&self) -> Option<(u32, Arc<Sheet>)> {
        let inner = self.lock();
        Some((inner.generation, inner.current.as_ref()?.sheet.clone()?))
    }

    /// Keeps `sheet` as the current file's, unless another file was opened since `generation`. The preview of
    /// the sheet before is dropped.
    pub(crate) fn set_sheet(&self, generation: u32, sheet: Arc<Sheet>) -> bool {
        let mut inner = self.lock();
        if inner.generation != generation {
            return false;
        }
        let Some(file) = inner.current.as_mut() else {
            return false;
        };
        file.sheet = Some(sheet);
        file.preview = None;
        inner.generation = inner.generation.wrapping_add(1);
        true
    }

    /// Keeps `preview` unless the file or sheet changed since `generation`; returns the preview's own number.
    pub(crate) fn set_preview(&self, generation: u32, preview: Preview) -> Option<u32> {
        let mut inner = self.lock();
        if inner.generation != generation {
            return None;
        }
        inner.generation = inner.generation.wrapping_add(1);
        let number = inner.generation;
        let file = inner.current.as_mut()?;
        file.preview = Some(Arc::new(ComputedPreview {
            generation: number,
            preview,
        }));
        Some(number)
    }

    pub(crate) fn preview(&self) -> Option<Arc<ComputedPreview>> {
        self.lock().current.as_ref()?.preview.clone()
    }

    pub(crate) fn file_name(&self) -> Option<String> {
        Some(self.lock().current.as_ref()?.file_name.clone())
    }
}

/// The groups of the current preview that a bulk run may send, in file order, with the rows each came from (see
/// `PreviewGroup::sendable` for the rule): ready groups and groups with warnings; with `include_conflicts`, also
/// the first of several groups in the file with the same members or chat GUID (never one already created, never
/// one with problems). Empty without a preview. This is what the run commands hand to the job.
pub fn current_import_rows(state: &AppState, include_conflicts: bool) -> Vec<JobRowInput> {
    let Some(computed) = state.import.preview() else {
        return Vec::new();
    };
    computed
        .preview
        .groups
        .iter()
        .filter(|group| group.sendable(include_conflicts))
        .filter_map(|group| {
            Some(JobRowInput {
                row_numbers: group.rows.clone(),
                request: group.request.clone()?,
            })
        })
        .collect()
}

fn notify(inner: &Inner, notice: DropNotice) {
    if let Some(channel) = &inner.drop_channel {
        // A window that reloaded has a new channel on its way; a dropped file is still openable by its token.
        if let Err(err) = channel.send(notice) {
            log::warn!("the window didn't hear about a drag or drop: {err}");
        }
    }
}

/// The last part of a path, for showing: never its folders.
pub(crate) fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| "the file".to_owned())
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use tauri::ipc::{Channel, InvokeResponseBody};

    use super::*;

    #[test]
    fn the_window_hears_drags_and_a_token_never_a_path() {
        let heard = Arc::new(Mutex::new(Vec::<String>::new()));
        let sink = heard.clone();
        let session = ImportSession::default();
        session.watch_drops(Channel::new(move |body| {
            if let InvokeResponseBody::Json(json) = body {
                sink.lock().unwrap().push(json);
            }
            Ok(())
        }));
        let folder = Path::new("/home/operator/Secret folder");
        session.drag_over(true);
        let dropped = session
            .accept_drop(vec![folder.join("teams.csv"), folder.join("b.csv")])
            .unwrap();
        session.drag_over(false);
        assert_eq!(
            session.dropped(dropped.token),
            Some(folder.join("teams.csv"))
        );
        assert_eq!(session.accept_drop(Vec::new()).map(|d| d.token), None);

        let heard = heard.lock().unwrap().clone();
        assert_eq!(
            heard,
            vec![
                r#"{"kind":"over"}"#.to_owned(),
                format!(
                    r#"{{"kind":"dropped","token":{},"file_name":"teams.csv","others":1}}"#,
                    dropped.token
                ),
                r#"{"kind":"left"}"#.to_owned(),
            ]
        );
    }

    #[test]
    fn only_the_last_few_drops_are_kept() {
        let session = ImportSession::default();
        let tokens: Vec<u32> = (0..DROPS_KEPT + 2)
            .map(|i| {
                session
                    .accept_drop(vec![PathBuf::from(format!("/tmp/{i}.csv"))])
                    .unwrap()
                    .token
            })
            .collect();
        assert_eq!(session.dropped(tokens[0]), None);
        assert_eq!(
            session.dropped(tokens[DROPS_KEPT + 1]),
            Some(PathBuf::from(format!("/tmp/{}.csv", DROPS_KEPT + 1)))
        );
    }
}
