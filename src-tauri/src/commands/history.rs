//! The History screen's commands. The history shown is always the current mode's: practice (sandbox) history in
//! practice mode, Blooio's otherwise — the window can't ask for the other.

use std::path::PathBuf;

use blooio_store::{AccountMode, HistoryFilter, HistoryPage, HistoryQuery};
use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime, State};
use ts_rs::TS;

use crate::error::CommandError;
use crate::file_dialogs::SaveDialog;
use crate::history::account_mode;
use crate::state::AppState;

/// Where "Export as CSV…" wrote the history, and how many groups it holds.
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
        state
            .history
            .with_store("reading the history stopped unexpectedly", move |store| {
                store.history(&query)
            })
            .await
    }
    .await;
    super::tracked(&state, "history_page", result)
}

/// Asks where to save the current mode's history (narrowed by `search`) in the native save dialog, starting in
/// the Downloads folder, and writes it there as CSV. `None`: the operator cancelled, and nothing was written.
#[tauri::command]
pub async fn export_history<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    search: Option<String>,
) -> Result<Option<HistoryExport>, CommandError> {
    let filter = filter(&state, search);
    let result = async {
        let folder = app
            .path()
            .download_dir()
            .or_else(|_| app.path().home_dir())
            .ok();
        let dialog = SaveDialog {
            title: "Export the history as CSV".to_owned(),
            folder,
            file_name: default_file_name(filter.mode, time::OffsetDateTime::now_utc()),
            kind: ("CSV (spreadsheet)", "csv"),
        };
        let chosen = crate::file_dialogs::ask(&app, move |dialogs| dialogs.save(&dialog)).await?;
        let Some(path) = chosen else {
            return Ok(None);
        };
        let path = with_csv_extension(path);
        let store = state.history.store().await?;
        tauri::async_runtime::spawn_blocking(move || {
            let entries = crate::atomic_file::write(
                &path,
                |out| {
                    store
                        .export_history_csv(out, &filter)
                        .map_err(CommandError::from)
                },
                export_failed,
            )?;
            log::info!("history exported: {entries} entries");
            Ok(Some(HistoryExport {
                path: path.display().to_string(),
                entries: u32::try_from(entries).unwrap_or(u32::MAX),
            }))
        })
        .await
        .map_err(|_| CommandError::internal("the export stopped unexpectedly"))?
    }
    .await;
    super::tracked(&state, "export_history", result)
}

/// `blooio-history-2026-11-30.csv` (`blooio-practice-history-…` in practice mode), the date in UTC.
fn default_file_name(mode: AccountMode, now: time::OffsetDateTime) -> String {
    let date = now
        .format(time::macros::format_description!("[year]-[month]-[day]"))
        .unwrap_or_default();
    match mode {
        AccountMode::Blooio => format!("blooio-history-{date}.csv"),
        AccountMode::Sandbox => format!("blooio-practice-history-{date}.csv"),
    }
}

/// A name typed without an extension gets `.csv`, so the file opens in a spreadsheet with a double click.
fn with_csv_extension(path: PathBuf) -> PathBuf {
    if path.extension().is_some() {
        path
    } else {
        path.with_extension("csv")
    }
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
        state
            .history
            .with_store("forgetting stopped unexpectedly", move |store| {
                store.forget_history(mode)
            })
            .await
            .map(|n| u32::try_from(n).unwrap_or(u32::MAX))
    }
    .await;
    super::tracked(&state, "forget_history", result)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_names_say_what_and_when() {
        let at = time::macros::datetime!(2026-11-30 23:59:59 UTC);
        assert_eq!(
            default_file_name(AccountMode::Blooio, at),
            "blooio-history-2026-11-30.csv"
        );
        assert_eq!(
            default_file_name(AccountMode::Sandbox, at),
            "blooio-practice-history-2026-11-30.csv"
        );
        assert_eq!(
            with_csv_extension("/d/out".into()),
            PathBuf::from("/d/out.csv")
        );
        assert_eq!(
            with_csv_extension("/d/out.txt".into()),
            PathBuf::from("/d/out.txt")
        );
    }
}
