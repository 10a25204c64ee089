//! The bulk run's commands: run or resume a job, steer the run, read and export its report, retry its failed
//! rows, and the unfinished jobs the window offers to resume at start.

use crate::file_dialogs::SaveDialog;
use blooio_bulk::{write_report_csv, write_report_xlsx};
use blooio_store::{Account, JobId, JobSummary, ReportFilter, ReportPage};
use serde::{Deserialize, Serialize};
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime, State};
use ts_rs::TS;

use crate::bulk_runs::{self, BulkRunEvent};
use crate::error::CommandError;
use crate::history::account_mode;
use crate::import_session::current_import_rows;
use crate::state::AppState;

/// Makes a job of the groups the current preview can send — Rust's own preview, never groups the window sends —
/// with the current connection's account. `include_first_copies`: also the first of groups the file repeats.
#[tauri::command]
pub async fn create_bulk_job(
    state: State<'_, AppState>,
    include_first_copies: bool,
) -> Result<JobSummary, CommandError> {
    let result = async {
        let rows = current_import_rows(&state, include_first_copies);
        if rows.is_empty() {
            return Err(CommandError::internal(
                "no group of the file open can be sent; open the file again",
            ));
        }
        let file_name = state
            .import_file_name()
            .unwrap_or_else(|| "spreadsheet".to_owned());
        let key = state.key().await?.ok_or_else(CommandError::no_key)?;
        let (mode, client) = state.connection();
        let account = Account::new(account_mode(mode), client.base_url(), &key);
        state
            .history
            .with_store("recording the job stopped unexpectedly", move |store| {
                let job = store.create_job(&account, &file_name, &rows)?;
                store.job(job)
            })
            .await
    }
    .await;
    super::tracked(&state, "create_bulk_job", result)
}

/// Runs `job` (new, paused, or left unfinished by a crash); progress arrives on `events`.
#[tauri::command]
pub async fn run_bulk_job<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    job: JobId,
    events: Channel<BulkRunEvent>,
) -> Result<(), CommandError> {
    let result = bulk_runs::start(&app, &state, job, events).await;
    super::tracked(&state, "run_bulk_job", result)
}

/// What the operator can do to the run in progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum BulkRunAction {
    /// Stop after the group being sent; keep the job to go on with.
    Pause,
    Resume,
    /// Stop after the group being sent; the rest is not sent.
    Cancel,
}

/// Steers the run in progress; `false` when no run is going (it ended meanwhile).
#[tauri::command]
pub fn steer_bulk_run(state: State<'_, AppState>, action: BulkRunAction) -> bool {
    let Some((job, control)) = state.bulk.active() else {
        return false;
    };
    log::info!("bulk job {}: {action:?}", job.0);
    match action {
        BulkRunAction::Pause => control.pause(),
        BulkRunAction::Resume => control.resume(),
        BulkRunAction::Cancel => control.cancel(),
    }
    true
}

/// Where the window hears that the operator asked to close it during a run.
#[tauri::command]
pub fn watch_close_requests(state: State<'_, AppState>, on_request: Channel<()>) {
    state.bulk.watch_close_requests(on_request);
}

/// The operator confirmed closing during a run: the run stops after the group being sent (journalled, to resume
/// at the next start), then the window closes.
#[tauri::command]
pub async fn close_after_pausing_run<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<(), CommandError> {
    // Past the client's own timeout a row in flight has its answer; the wait never holds the window for longer.
    bulk_runs::pause_for_closing(&state, std::time::Duration::from_secs(90)).await;
    state.bulk.allow_close();
    if let Some(window) = tauri::Manager::get_webview_window(&app, "main") {
        window
            .close()
            .map_err(|_| CommandError::internal("the window could not be closed"))?;
    }
    Ok(())
}

/// Jobs of the current mode left running (a crash, a closed window), paused, or with rows whose outcome is not
/// known yet: the window offers to resume them.
#[tauri::command]
pub async fn unfinished_bulk_jobs(
    state: State<'_, AppState>,
) -> Result<Vec<JobSummary>, CommandError> {
    let mode = account_mode(state.connection().0);
    let running = state.bulk.active().map(|(job, _)| job);
    let result = state
        .history
        .with_store("reading the jobs stopped unexpectedly", move |store| {
            Ok(store
                .unfinished_jobs()?
                .into_iter()
                .filter(|job| job.mode == mode && Some(job.id) != running)
                .collect())
        })
        .await;
    super::tracked(&state, "unfinished_bulk_jobs", result)
}

/// The most rows one `bulk_report` answer carries: a long job's report is read a page at a time, never whole.
pub const REPORT_PAGE_MAX: u32 = 500;

#[tauri::command]
pub async fn bulk_report(
    state: State<'_, AppState>,
    job: JobId,
    filter: ReportFilter,
    offset: u32,
    limit: u32,
) -> Result<ReportPage, CommandError> {
    let limit = limit.min(REPORT_PAGE_MAX) as usize;
    let result = state
        .history
        .with_store("reading the report stopped unexpectedly", move |store| {
            store.report_page(job, &filter, offset as usize, limit)
        })
        .await;
    super::tracked(&state, "bulk_report", result)
}

/// "Retry the rows that failed": they are known not to exist, so they go back to pending; returns how many.
/// The window then runs the job again.
#[tauri::command]
pub async fn retry_failed_bulk_rows(
    state: State<'_, AppState>,
    job: JobId,
) -> Result<u32, CommandError> {
    let result = state
        .history
        .with_store("retrying stopped unexpectedly", move |store| {
            store.retry_failed(job)
        })
        .await;
    super::tracked(&state, "retry_failed_bulk_rows", result)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ReportFormat {
    Csv,
    Xlsx,
}

/// Where the report was saved; `None` when the operator closed the dialog.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ReportSaved {
    pub path: String,
    pub rows: u32,
}

/// Saves the job's report where the operator chooses in the native save dialog.
#[tauri::command]
pub async fn export_bulk_report<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    job: JobId,
    format: ReportFormat,
) -> Result<Option<ReportSaved>, CommandError> {
    let result = async {
        let summary = state
            .history
            .with_store("reading the job stopped unexpectedly", move |store| {
                store.job(job)
            })
            .await?;
        let stem = summary
            .source_file_name
            .rsplit_once('.')
            .map_or(summary.source_file_name.as_str(), |(stem, _)| stem)
            .to_owned();
        let (extension, label) = match format {
            ReportFormat::Csv => ("csv", "CSV"),
            ReportFormat::Xlsx => ("xlsx", "Excel workbook"),
        };
        let dialog = SaveDialog {
            title: "Save the report".to_owned(),
            folder: tauri::Manager::path(&app).download_dir().ok(),
            file_name: format!("{stem} report.{extension}"),
            kind: (label, extension),
        };
        let chosen = crate::file_dialogs::ask(&app, move |dialogs| dialogs.save(&dialog)).await?;
        let Some(path) = chosen else {
            return Ok(None);
        };
        state
            .history
            .with_store("writing the report stopped unexpectedly", move |store| {
                let rows = store.report(job, &ReportFilter::default())?;
                let written = match format {
                    // Through a temporary file renamed into place: a failed write never leaves half a report.
                    ReportFormat::Csv => {
                        crate::atomic_file::write(&path, |out| write_report_csv(&rows, out), |e| e)
                            .map_err(|e| e.to_string())
                    }
                    ReportFormat::Xlsx => {
                        write_report_xlsx(&rows, &path).map_err(|e| e.to_string())
                    }
                };
                written
                    .map_err(|detail| blooio_store::StoreProblem::StoreExportFailed { detail })?;
                Ok(Some(ReportSaved {
                    path: path.display().to_string(),
                    rows: u32::try_from(rows.len()).unwrap_or(u32::MAX),
                }))
            })
            .await
    }
    .await;
    super::tracked(&state, "export_bulk_report", result)
}
