//! The "From spreadsheet" screen's commands: open a file (from the native dialog, or dropped on the window), pick
//! a sheet, map its columns, and page through the preview. The file, the sheet and the preview stay in Rust
//! (`import_session.rs`); the window sees a file's name, never its folder, and asks for a page at a time.

use std::path::PathBuf;
use std::sync::Arc;

use blooio_import::{
    apply, preview, suggest_mapping_for, ColumnMapping, FileFormat, GroupStatus, ImportProblem,
    Limits, PreviewCounts, PreviewGroup, Sheet, Workbook,
};
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};
use ts_rs::TS;

use crate::error::CommandError;
use crate::history::account_mode;
use blooio_bulk::CreatedBefore;

use crate::drops::Drops;
use crate::import_session::{file_name, OpenedFile};
use crate::state::AppState;

/// Rows shown under the header so the operator recognises the columns.
const SAMPLE_ROWS: usize = 5;
/// Columns offered for mapping; a sheet formatted out to column XFD has no groups past here.
const COLUMNS_SHOWN: usize = 100;
/// A sample cell is cut here: enough to recognise, never a page of text.
const SAMPLE_CHARS: usize = 80;
/// The most groups one page of the preview holds.
pub const PREVIEW_PAGE_MAX: u32 = 500;

/// A file as the screen shows it.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ImportOpened {
    /// The name without its folder.
    pub file_name: String,
    pub format: FileFormat,
    /// For text: the encoding it was read as ("UTF-8", "windows-1252", "UTF-16LE").
    pub encoding: Option<String>,
    pub sheets: Vec<String>,
    /// The first sheet that holds something; `None` when none could be read, and `sheet_problem` says why.
    pub sheet: Option<SheetView>,
    pub sheet_problem: Option<ImportProblem>,
}

/// One sheet's top, for choosing its columns.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct SheetView {
    pub name: String,
    /// The first row with something in it, 1-based: the header when the sheet has one.
    pub header_row: u32,
    pub header: Vec<String>,
    /// The rows after it, as many as `SAMPLE_ROWS`.
    pub samples: Vec<SampleRow>,
    /// Rows from the header row to the last row with something in it.
    pub rows: u32,
    /// The mapping the header speaks for, when it names a group column and a member column.
    pub suggested: Option<ColumnMapping>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct SampleRow {
    /// 1-based, as the spreadsheet numbers it.
    pub row: u32,
    pub cells: Vec<String>,
}

/// What the preview found, without its groups (those come a page at a time).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ImportPreviewSummary {
    /// Which preview this is: pages carry the same number, so a page of an older one can be told apart.
    pub preview: u32,
    pub counts: PreviewCounts,
    /// Groups a run would send (ready or with warnings).
    pub sendable: u32,
    /// The same, with the first of each set of copies in the file included.
    pub sendable_with_first_copies: u32,
    /// False when the history on this computer could not be read, so "already created" could not be checked.
    pub history_checked: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ImportPreviewRow {
    /// Position in the whole preview, from 0.
    pub index: u32,
    pub group: PreviewGroup,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ImportPreviewPage {
    pub preview: u32,
    /// Groups with the status asked for (all of them without one).
    pub total: u32,
    pub offset: u32,
    pub rows: Vec<ImportPreviewRow>,
}

/// Opens the native "Open" dialog over the window and reads the file chosen there. `None` when the operator
/// cancelled.
#[tauri::command]
pub async fn import_choose_file<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<ImportOpened>, CommandError> {
    let result = async {
        let picked = crate::file_dialogs::ask(&app, |dialogs| dialogs.pick_spreadsheet()).await?;
        let Some(path) = picked else {
            return Ok(None);
        };
        open_path(&state, path, None).await.map(Some)
    }
    .await;
    super::tracked(&state, "import_choose_file", result)
}

/// Reads the file dropped on the window that Rust gave `token` for.
#[tauri::command]
pub async fn import_open_dropped(
    state: State<'_, AppState>,
    drops: State<'_, Drops>,
    token: String,
) -> Result<ImportOpened, CommandError> {
    // One file is imported at a time: the first of several dropped together.
    let result = async { open_path(&state, drops.first_path(&token)?, None).await }.await;
    super::tracked(&state, "import_open_dropped", result)
}

/// Reads the file last chosen or dropped again (after the operator fixed it), on `sheet` when it still has it.
#[tauri::command]
pub async fn import_reopen(
    state: State<'_, AppState>,
    sheet: Option<String>,
) -> Result<ImportOpened, CommandError> {
    let result = async {
        let path = state
            .import
            .last_path()
            .ok_or_else(|| CommandError::internal("no file was chosen yet"))?;
        open_path(&state, path, sheet).await
    }
    .await;
    super::tracked(&state, "import_reopen", result)
}

/// Reads another sheet of the current workbook.
#[tauri::command]
pub async fn import_choose_sheet(
    state: State<'_, AppState>,
    sheet: String,
) -> Result<SheetView, CommandError> {
    let result = async {
        let (generation, workbook) = state
            .import
            .workbook()
            .ok_or_else(|| CommandError::internal("no file is open"))?;
        let sheet = tauri::async_runtime::spawn_blocking(move || {
            workbook
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .sheet(Some(&sheet))
        })
        .await
        .map_err(|_| CommandError::internal("reading the sheet stopped unexpectedly"))??;
        let view = sheet_view(&sheet);
        if !state.import.set_sheet(generation, Arc::new(sheet)) {
            return Err(another_file_opened());
        }
        Ok(view)
    }
    .await;
    super::tracked(&state, "import_choose_sheet", result)
}

/// Reads the current sheet with `mapping` and checks every group, as the form would, against each other and
/// the current account's history. The preview is kept for paging and for the run.
#[tauri::command]
pub async fn import_preview(
    state: State<'_, AppState>,
    mapping: ColumnMapping,
    default_region: String,
) -> Result<ImportPreviewSummary, CommandError> {
    let result = async {
        let region = blooio_core::check_region(&default_region)
            .map_err(|problem| CommandError::validation(vec![problem]))?;
        let (generation, sheet) = state
            .import
            .sheet()
            .ok_or_else(|| CommandError::internal("no sheet is open"))?;
        mapping.check(&sheet)?;
        let created = created_before(&state).await;
        let history_checked = created.is_some();
        let computed = tauri::async_runtime::spawn_blocking(move || {
            let created = created.unwrap_or_default();
            preview(apply(&sheet, &mapping), &region, &|request| {
                created.contains(request)
            })
        })
        .await
        .map_err(|_| CommandError::internal("the preview stopped unexpectedly"))?;
        let count = |first: bool| {
            let n = computed.groups.iter().filter(|g| g.sendable(first)).count();
            u32::try_from(n).unwrap_or(u32::MAX)
        };
        let (sendable, sendable_with_first_copies) = (count(false), count(true));
        let counts = computed.counts.clone();
        let number = state
            .import
            .set_preview(generation, computed)
            .ok_or_else(another_file_opened)?;
        Ok(ImportPreviewSummary {
            preview: number,
            counts,
            sendable,
            sendable_with_first_copies,
            history_checked,
        })
    }
    .await;
    super::tracked(&state, "import_preview", result)
}

/// A page of the current preview, in file order, narrowed to `status` when given.
#[tauri::command]
pub async fn import_preview_page(
    state: State<'_, AppState>,
    status: Option<GroupStatus>,
    offset: u32,
    limit: u32,
) -> Result<ImportPreviewPage, CommandError> {
    let result = (|| {
        let computed = state
            .import
            .preview()
            .ok_or_else(|| CommandError::internal("there is no preview yet"))?;
        let limit = limit.min(PREVIEW_PAGE_MAX) as usize;
        let matching = computed
            .preview
            .groups
            .iter()
            .enumerate()
            .filter(|(_, group)| status.is_none_or(|s| group.status == s));
        let mut total = 0u32;
        let mut rows = Vec::new();
        for (index, group) in matching {
            if total as usize >= offset as usize && rows.len() < limit {
                rows.push(ImportPreviewRow {
                    index: u32::try_from(index).unwrap_or(u32::MAX),
                    group: group.clone(),
                });
            }
            total = total.saturating_add(1);
        }
        Ok(ImportPreviewPage {
            preview: computed.generation,
            total,
            offset,
            rows,
        })
    })();
    super::tracked(&state, "import_preview_page", result)
}

async fn open_path(
    state: &AppState,
    path: PathBuf,
    preferred_sheet: Option<String>,
) -> Result<ImportOpened, CommandError> {
    state.import.set_last_path(&path);
    let name = file_name(&path);
    let (workbook, sheet, opened) =
        tauri::async_runtime::spawn_blocking(move || read(&path, preferred_sheet))
            .await
            .map_err(|_| CommandError::internal("reading the file stopped unexpectedly"))??;
    log::info!(
        "import: opened a {} file with {} sheet(s)",
        opened.format,
        opened.sheets.len()
    );
    state.import.replace(OpenedFile {
        file_name: name.clone(),
        workbook: Arc::new(std::sync::Mutex::new(workbook)),
        sheet: sheet.map(Arc::new),
        preview: None,
    });
    Ok(ImportOpened {
        file_name: name,
        ..opened
    })
}

/// Reads the file and its first sheet with something in it (or `preferred` when the file has it). A file with
/// one sheet that can't be read is the file's problem; with several, the operator can still pick another.
fn read(
    path: &std::path::Path,
    preferred: Option<String>,
) -> Result<(Workbook, Option<Sheet>, ImportOpened), ImportProblem> {
    let mut workbook = Workbook::open_path(path, &Limits::default())?;
    let sheets = workbook.sheet_names().to_vec();
    let first = preferred
        .as_ref()
        .and_then(|name| sheets.iter().find(|s| *s == name));
    let order = first
        .into_iter()
        .chain(sheets.iter().filter(|s| Some(*s) != first));
    let mut sheet = None;
    let mut problem = None;
    for name in order {
        match workbook.sheet(Some(name)) {
            Ok(read) => {
                sheet = Some(read);
                problem = None;
                break;
            }
            // An empty cover sheet: the groups are probably on the next one.
            Err(empty @ ImportProblem::SheetEmpty { .. }) => {
                problem.get_or_insert(empty);
            }
            Err(other) => {
                problem = Some(other);
                break;
            }
        }
    }
    if let (None, Some(problem), 1) = (&sheet, &problem, sheets.len()) {
        return Err(problem.clone());
    }
    let opened = ImportOpened {
        file_name: String::new(),
        format: workbook.format(),
        encoding: workbook.text_encoding().map(str::to_owned),
        sheets,
        sheet: sheet.as_ref().map(sheet_view),
        sheet_problem: problem,
    };
    Ok((workbook, sheet, opened))
}

fn sheet_view(sheet: &Sheet) -> SheetView {
    let (header_index, header) = sheet.first_filled_row().unwrap_or((0, &[]));
    let width = sheet.width().min(COLUMNS_SHOWN);
    let cells = |row: &[blooio_import::Cell]| -> Vec<String> {
        (0..width)
            .map(|column| {
                row.get(column)
                    .map(|cell| cell.text.trim().chars().take(SAMPLE_CHARS).collect())
                    .unwrap_or_default()
            })
            .collect()
    };
    let row_number = |index: usize| u32::try_from(index + 1).unwrap_or(u32::MAX);
    let samples = sheet
        .rows
        .iter()
        .enumerate()
        .skip(header_index + 1)
        .filter(|(_, row)| row.iter().any(|cell| !cell.is_blank()))
        .take(SAMPLE_ROWS)
        .map(|(index, row)| SampleRow {
            row: row_number(index),
            cells: cells(row.as_slice()),
        })
        .collect();
    let last_filled = sheet
        .rows
        .iter()
        .rposition(|row| row.iter().any(|cell| !cell.is_blank()))
        .unwrap_or(header_index);
    SheetView {
        name: sheet.name.clone(),
        header_row: row_number(header_index),
        header: cells(header),
        samples,
        rows: u32::try_from(last_filled + 1 - header_index).unwrap_or(u32::MAX),
        suggested: suggest_mapping_for(sheet),
    }
}

/// The current mode's and key's history (practice history apart from real), or `None` when it can't be read:
/// the preview goes on without "already created" and says so.
async fn created_before(state: &AppState) -> Option<CreatedBefore> {
    let mode = account_mode(state.connection().0);
    let hint = state.key().await.ok().flatten().map(|key| key.hint());
    let store = match state.history.store().await {
        Ok(store) => store,
        Err(err) => {
            log::warn!(
                "import: the history can't be read, so nothing is marked already created: {err}"
            );
            return None;
        }
    };
    let requests =
        tauri::async_runtime::spawn_blocking(move || store.created_requests(mode, hint.as_deref()))
            .await
            .ok()?
            .inspect_err(|err| log::warn!("import: the history can't be read: {err}"))
            .ok()?;
    let mut created = CreatedBefore::default();
    for request in &requests {
        created.add(request);
    }
    Some(created)
}

fn another_file_opened() -> CommandError {
    CommandError::internal("another file or sheet was opened meanwhile")
}
