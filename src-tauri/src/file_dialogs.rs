//! The native open and save dialogs, opened from Rust inside a command (tauri-plugin-dialog's Rust API): the path
//! the operator picks never passes through the web view, and the window needs no dialog permission.
//!
//! Commands ask `for_app`, which answers the native dialogs unless a [`ScriptedDialogs`] was put in the app's
//! state. Only the mock-runtime tests do that (they have no display to show a dialog on); the app never does.

use std::path::PathBuf;
use std::sync::Arc;

use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_dialog::{DialogExt, FileDialogBuilder};

/// The image types Blooio takes for a group photo, as file extensions for the open dialog's filter.
pub const PHOTO_EXTENSIONS: &[&str] = &[
    "jpg", "jpeg", "png", "gif", "webp", "heic", "heif", "JPG", "JPEG", "PNG", "HEIC",
];

/// What "Add from a file…" beside the members opens: contacts exports and everything the importer reads.
pub const MEMBER_FILE_EXTENSIONS: &[&str] = &[
    "vcf", "vcard", "csv", "tsv", "txt", "xlsx", "xlsm", "xlsb", "xls", "ods", "VCF", "CSV", "XLSX",
];

/// What "From spreadsheet" offers first: every format the importer reads (it goes by the bytes, not the name).
pub const SPREADSHEET_EXTENSIONS: &[&str] = &[
    "csv", "tsv", "txt", "xlsx", "xlsm", "xlsb", "xls", "ods", "CSV", "XLSX", "XLS",
];

/// A save dialog: its title, where it starts, the name it offers, and the one kind of file it saves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaveDialog {
    pub title: String,
    pub folder: Option<PathBuf>,
    pub file_name: String,
    /// `("CSV (spreadsheet)", "csv")`.
    pub kind: (&'static str, &'static str),
}

/// The dialogs a command may open. Blocking: call them off the main thread (`spawn_blocking`).
pub trait FileDialogs: Send + Sync {
    /// An image file to open, or `None` when the operator cancelled.
    fn pick_photo(&self) -> Option<PathBuf>;
    /// A contacts export or a spreadsheet to add members from; `None` when cancelled.
    fn pick_members_file(&self) -> Option<PathBuf>;
    /// A spreadsheet of groups to import; `None` when cancelled.
    fn pick_spreadsheet(&self) -> Option<PathBuf>;
    /// Where to save a file; `None` when cancelled.
    fn save(&self, dialog: &SaveDialog) -> Option<PathBuf>;
}

/// Scripted answers in place of the native dialogs (see the module documentation).
pub struct ScriptedDialogs(pub Arc<dyn FileDialogs>);

struct NativeDialogs<R: Runtime>(AppHandle<R>);

impl<R: Runtime> NativeDialogs<R> {
    /// A dialog over the app's window (modal to it), titled `title`.
    fn dialog(&self, title: &str) -> FileDialogBuilder<R> {
        let dialog = self.0.dialog().file().set_title(title);
        match self.0.get_webview_window("main") {
            Some(window) => dialog.set_parent(&window),
            None => dialog,
        }
    }

    fn pick(&self, title: &str, kind: &str, extensions: &[&str]) -> Option<PathBuf> {
        let picked = self
            .dialog(title)
            .add_filter(kind, extensions)
            .add_filter("All files", &["*"])
            .blocking_pick_file()?;
        local_path(picked)
    }
}

impl<R: Runtime> FileDialogs for NativeDialogs<R> {
    fn pick_photo(&self) -> Option<PathBuf> {
        let picked = self
            .dialog("Choose a photo for the group")
            .add_filter(
                "Images (JPEG, PNG, GIF, WebP, HEIC, HEIF)",
                PHOTO_EXTENSIONS,
            )
            .blocking_pick_file()?;
        local_path(picked)
    }

    fn pick_members_file(&self) -> Option<PathBuf> {
        self.pick(
            "Add members from a file",
            "Contacts and spreadsheets (vCard, CSV, Excel, OpenDocument)",
            MEMBER_FILE_EXTENSIONS,
        )
    }

    fn pick_spreadsheet(&self) -> Option<PathBuf> {
        self.pick(
            "Choose a spreadsheet",
            "Spreadsheets and text",
            SPREADSHEET_EXTENSIONS,
        )
    }

    fn save(&self, request: &SaveDialog) -> Option<PathBuf> {
        let (label, extension) = request.kind;
        let mut dialog = self
            .dialog(&request.title)
            .set_file_name(&request.file_name)
            .add_filter(label, &[extension]);
        if let Some(folder) = &request.folder {
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

/// Runs `ask` with the app's dialogs on a blocking thread: a native dialog waits for the operator.
pub async fn ask<R: Runtime, T: Send + 'static>(
    app: &AppHandle<R>,
    ask: impl FnOnce(&dyn FileDialogs) -> T + Send + 'static,
) -> Result<T, crate::error::CommandError> {
    let dialogs = for_app(app);
    tauri::async_runtime::spawn_blocking(move || ask(dialogs.as_ref()))
        .await
        .map_err(|_| crate::error::CommandError::internal("the file dialog stopped unexpectedly"))
}
