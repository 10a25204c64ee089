//! The History screen's commands. The history shown is always the current mode's: practice (sandbox) history in
//! practice mode, Blooio's otherwise — the window can't ask for the other.

use blooio_store::{HistoryFilter, HistoryPage, HistoryQuery};
use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime, State};
use ts_rs::TS;

use crate::error::CommandError;
use crate::history::account_mode;
use crate::state::AppState;

/// Where "Export as CSV…" wrote the history.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct HistoryExport {
    pub path: String,
    pub entries: u32,
}

fn filter(state: &AppState, search: Option<String>) -> HistoryFilter {
    HistoryFilter {
        mode: account_mode(state.connection().0),
        search: search.filter(|s| !s.trim().is_empty()),
    }
}

/// One page of the current mode's history, newest first, narrowed by `search`.
#[tauri::command]
pub async fn history_page(
    state: State<'_, AppState>,
    search: Option<String>,
    offset: u32,
    limit: u32,
) -> Result<HistoryPage, CommandError> {
    let query = HistoryQuery {
        filter: filter(&state, search),
        offset,
        limit,
    };
    let result = async {
        let store = state.history.store().await?;
        tauri::async_runtime::spawn_blocking(move || store.history(&query))
            .await
            .map_err(|_| CommandError::internal("reading the history stopped unexpectedly"))?
            .map_err(CommandError::from)
    }
    .await;
    super::tracked(&state, "history_page", result)
}

/// Writes the current mode's history (narrowed by `search`) as CSV to a new file in the Downloads folder.
#[tauri::command]
pub async fn export_history<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    search: Option<String>,
) -> Result<HistoryExport, CommandError> {
    let filter = filter(&state, search);
    let result = async {
        let folder = app
            .path()
            .download_dir()
            .or_else(|_| app.path().home_dir())
            .map_err(|_| CommandError::internal("this computer has no Downloads folder"))?;
        let store = state.history.store().await?;
        tauri::async_runtime::spawn_blocking(move || {
            let stamp = time::OffsetDateTime::now_utc()
                .format(time::macros::format_description!(
                    "[year]-[month]-[day] [hour][minute][second]"
                ))
                .unwrap_or_default();
            let path = folder.join(format!(
                "Blooio Groups history ({}) {stamp}.csv",
                filter.mode.as_str()
            ));
            let write = || -> Result<u32, CommandError> {
                std::fs::create_dir_all(&folder).map_err(export_failed)?;
                let file = std::fs::File::create_new(&path).map_err(export_failed)?;
                let mut out = std::io::BufWriter::new(file);
                let entries = store.export_history_csv(&mut out, &filter)?;
                std::io::Write::flush(&mut out).map_err(export_failed)?;
                Ok(u32::try_from(entries).unwrap_or(u32::MAX))
            };
            let entries = write().inspect_err(|_| {
                let _ = std::fs::remove_file(&path);
            })?;
            Ok(HistoryExport {
                path: path.display().to_string(),
                entries,
            })
        })
        .await
        .map_err(|_| CommandError::internal("the export stopped unexpectedly"))?
    }
    .await;
    super::tracked(&state, "export_history", result)
}

fn export_failed(err: std::io::Error) -> CommandError {
    CommandError::new(blooio_store::StoreProblem::StoreExportFailed {
        detail: err.to_string(),
    })
}

/// Forgets the current mode's history; the other mode's stays. Returns how many entries were forgotten.
#[tauri::command]
pub async fn forget_history(state: State<'_, AppState>) -> Result<u32, CommandError> {
    let mode = account_mode(state.connection().0);
    let result = async {
        let store = state.history.store().await?;
        tauri::async_runtime::spawn_blocking(move || store.forget_history(mode))
            .await
            .map_err(|_| CommandError::internal("forgetting stopped unexpectedly"))?
            .map(|n| u32::try_from(n).unwrap_or(u32::MAX))
            .map_err(CommandError::from)
    }
    .await;
    super::tracked(&state, "forget_history", result)
}
