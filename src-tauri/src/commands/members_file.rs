//! "Add from a file…" beside the form's members, and files dropped on the member box: a contacts export's phones
//! and emails, a spreadsheet's member columns, or a list, read by the importer (`blooio_import::members_file`)
//! and handed to the window as entries to add to the box as if typed. When the file's headers don't say which
//! column holds the members, the sheet waits here until the window says which.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use blooio_import::{
    members_file, read_file, FoundMembers, Limits, MemberColumn, MemberSheet, MembersFile,
};
use serde::Serialize;
use tauri::{AppHandle, Runtime, State};
use ts_rs::TS;

use crate::drops::Drops;
use crate::error::CommandError;
use crate::state::AppState;

/// What a file gave the member box.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum MembersFromFile {
    /// The operator closed the dialog without choosing.
    Cancelled,
    /// Entries to add to the box.
    Found {
        file_name: String,
        found: FoundMembers,
    },
    /// Which column holds the members? Answer with `members_file_column`.
    PickColumn {
        file_name: String,
        columns: Vec<MemberColumn>,
    },
}

/// The sheet waiting for its member column (the last file read, and only while it waits).
#[derive(Default)]
pub struct MemberSheetWaiting(Mutex<Option<(String, Arc<MemberSheet>)>>);

impl MemberSheetWaiting {
    fn set(&self, waiting: Option<(String, Arc<MemberSheet>)>) {
        *self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = waiting;
    }

    fn get(&self) -> Option<(String, Arc<MemberSheet>)> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }
}

/// Opens the native dialog for a contacts export or a spreadsheet and reads its members.
#[tauri::command]
pub async fn members_file_choose<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<MembersFromFile, CommandError> {
    let result = async {
        let picked = crate::file_dialogs::ask(&app, |dialogs| dialogs.pick_members_file()).await?;
        match picked {
            None => Ok(MembersFromFile::Cancelled),
            Some(path) => read(&state, path).await,
        }
    }
    .await;
    super::tracked(&state, "members_file_choose", result)
}

/// Reads the members of the file dropped on the member box (the first, when several were dropped together).
#[tauri::command]
pub async fn members_file_dropped(
    state: State<'_, AppState>,
    drops: State<'_, Drops>,
    token: String,
) -> Result<MembersFromFile, CommandError> {
    let result = async { read(&state, drops.first_path(&token)?).await }.await;
    super::tracked(&state, "members_file_dropped", result)
}

/// The members in `column` of the file that asked for its column to be picked.
#[tauri::command]
pub fn members_file_column(
    state: State<'_, AppState>,
    column: u32,
) -> Result<MembersFromFile, CommandError> {
    let result = (|| {
        let (file_name, sheet) = state
            .member_sheet_waiting
            .get()
            .ok_or_else(|| CommandError::internal("the file is no longer open; add it again"))?;
        let found = sheet.entries(column)?;
        state.member_sheet_waiting.set(None);
        Ok(MembersFromFile::Found { file_name, found })
    })();
    super::tracked(&state, "members_file_column", result)
}

async fn read(state: &AppState, path: PathBuf) -> Result<MembersFromFile, CommandError> {
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    state.member_sheet_waiting.set(None);
    let read = tauri::async_runtime::spawn_blocking(move || {
        let limits = Limits::default();
        members_file(read_file(&path, &limits)?, &limits)
    })
    .await
    .map_err(|_| CommandError::internal("reading the file stopped unexpectedly"))??;
    Ok(match read {
        MembersFile::Found(found) => {
            log::info!("members file: {} entries read", found.entries.len());
            MembersFromFile::Found { file_name, found }
        }
        MembersFile::PickColumn(sheet) => {
            let columns = sheet.columns();
            state
                .member_sheet_waiting
                .set(Some((file_name.clone(), Arc::new(sheet))));
            MembersFromFile::PickColumn { file_name, columns }
        }
    })
}
