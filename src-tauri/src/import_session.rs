//! The one spreadsheet being imported, as the window's "From spreadsheet" screen left it: the file, the sheet
//! read from it, and the preview last computed — kept here so the window pages through the preview instead of
//! receiving every group, and so a run hands Rust's own groups to the job, never ones the window sent back.
//!
//! Paths live only here and in `drops.rs`. A path is remembered when Rust saw it come from the native dialog or a
//! drop on the window; the window names a dropped file by the token `drops.rs` gave it, and can't name a path.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use blooio_import::{Preview, Sheet, Workbook};
use blooio_store::JobRowInput;

use crate::state::AppState;

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
    /// The file last chosen or dropped, whether it could be read or not: "Try this file again" reads it.
    last_path: Option<PathBuf>,
    current: Option<OpenedFile>,
    /// Counts every file opened and every preview made, so a late answer can tell it is stale.
    generation: u32,
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
    blooio_bulk::job_rows(&computed.preview, include_conflicts)
}

/// The last part of a path, for showing: never its folders.
pub(crate) fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| "the file".to_owned())
}
