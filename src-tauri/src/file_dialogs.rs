//! The native open and save dialogs, opened from Rust inside a command (tauri-plugin-dialog's Rust API): the path
//! the operator picks never passes through the web view, and the window needs no dialog permission.
//!
//! Commands ask `for_app`, which answers the native dialogs unless a [`ScriptedDialogs`] was put in the app's
//! state. Only the mock-runtime tests do that (they have no display to show a dialog on); the app never does.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_dialog::DialogExt;

/// The image types Blooio takes for a group photo, as file extensions for the open dialog's filter.
pub const PHOTO_EXTENSIONS: &[&str] = &[
    "jpg", "jpeg", "png", "gif", "webp", "heic", "heif", "JPG", "JPEG", "PNG", "HEIC",
];

/// What "Add from a file…" beside the members opens: contacts exports and everything the importer reads.
pub const MEMBER_FILE_EXTENSIONS: &[&str] = &[
    "vcf", "vcard", "csv", "tsv", "txt", "xlsx", "xlsm", "xlsb", "xls", "ods", "VCF", "CSV", "XLSX",
];

/// The dialogs a command may open. Blocking: call them off the main thread (`spawn_blocking`).
pub trait FileDialogs: Send + Sync {
    /// An image file to open, or `None` when the operator cancelled.
    fn pick_photo(&self) -> Option<PathBuf>;
    /// A contacts export or a spreadsheet to add members from; `None` when cancelled.
    fn pick_members_file(&self) -> Option<PathBuf>;
    /// Where to save a CSV file, starting in `folder` with `file_name`; `None` when cancelled.
    fn save_csv(&self, folder: Option<&Path>, file_name: &str) -> Option<PathBuf>;
}

/// Scripted answers in place of the native dialogs (see the module documentation).
pub struct ScriptedDialogs(pub Arc<dyn FileDialogs>);

struct NativeDialogs<R: Runtime>(AppHandle<R>);

impl<R: Runtime> FileDialogs for NativeDialogs<R> {
    fn pick_photo(&self) -> Option<PathBuf> {
        let picked = self
            .0
            .dialog()
            .file()
            .set_title("Choose a photo for the group")
            .add_filter(
                "Images (JPEG, PNG, GIF, WebP, HEIC, HEIF)",
                PHOTO_EXTENSIONS,
            )
            .blocking_pick_file()?;
        local_path(picked)
    }

    fn pick_members_file(&self) -> Option<PathBuf> {
        let picked = self
            .0
            .dialog()
            .file()
            .set_title("Add members from a file")
            .add_filter(
                "Contacts and spreadsheets (vCard, CSV, Excel, OpenDocument)",
                MEMBER_FILE_EXTENSIONS,
            )
            .add_filter("All files", &["*"])
            .blocking_pick_file()?;
        local_path(picked)
    }

    fn save_csv(&self, folder: Option<&Path>, file_name: &str) -> Option<PathBuf> {
        let mut dialog = self
            .0
            .dialog()
            .file()
            .set_title("Export the history as CSV")
            .set_file_name(file_name)
            .add_filter("CSV (spreadsheet)", &["csv"]);
        if let Some(folder) = folder {
            dialog = dialog.set_directory(folder);
        }
        local_path(dialog.blocking_save_file()?)
    }
}

/// A dialog answers a local path on desktop systems; anything else (a URL) is treated as cancelled, and logged.
fn local_path(picked: tauri_plugin_dialog::FilePath) -> Option<PathBuf> {
    match picked.into_path() {
        Ok(path) => Some(path),
        Err(err) => {
            log::warn!("the dialog answered something that isn't a file on this computer: {err}");
            None
        }
    }
}

/// The dialogs for `app`: scripted ones when a test put some in its state, the native ones otherwise.
pub fn for_app<R: Runtime>(app: &AppHandle<R>) -> Arc<dyn FileDialogs> {
    match app.try_state::<ScriptedDialogs>() {
        Some(scripted) => scripted.0.clone(),
        None => Arc::new(NativeDialogs(app.clone())),
    }
}
