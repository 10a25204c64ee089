//! A group's photo: chosen in the native open dialog or dropped on the window, checked here, then sent to Blooio;
//! or removed. The file's path only ever comes from the dialog (in Rust) or from a drop (`drops.rs`, by token).

use std::path::{Path, PathBuf};

use blooio_core::{IconChange, InputProblem, PhoneSync, GROUP_PHOTO_MAX_BYTES};
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::{AppHandle, Runtime, State};
use ts_rs::TS;

use crate::drops::{DropEvent, Drops};
use crate::error::CommandError;
use crate::state::AppState;

/// What a photo command answers.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(tag = "state")]
#[ts(export)]
pub enum PhotoChange {
    /// The operator closed the dialog without choosing: nothing was sent.
    Cancelled,
    /// Blooio took the change. `icon_url`: the new photo's address (none after a removal).
    Changed {
        icon_url: Option<String>,
        phone_sync: PhoneSync,
    },
}

impl From<IconChange> for PhotoChange {
    fn from(change: IconChange) -> Self {
        PhotoChange::Changed {
            phone_sync: change.phone_sync(),
            icon_url: change.icon_url,
        }
    }
}

/// Opens the native dialog for an image, checks it and makes it the group's photo.
#[tauri::command]
pub async fn choose_group_photo<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    id: String,
) -> Result<PhotoChange, CommandError> {
    let result = async {
        let picked = crate::file_dialogs::ask(&app, |dialogs| dialogs.pick_photo()).await?;
        match picked {
            None => Ok(PhotoChange::Cancelled),
            Some(path) => upload(&state, &id, path).await,
        }
    }
    .await;
    super::tracked(&state, "choose_group_photo", result)
}

/// Makes the file dropped on the window (named by the drop's `token`) the group's photo.
#[tauri::command]
pub async fn set_dropped_group_photo(
    state: State<'_, AppState>,
    drops: State<'_, Drops>,
    id: String,
    token: String,
) -> Result<PhotoChange, CommandError> {
    let result = async {
        let paths = drops
            .paths(&token)
            .ok_or_else(|| CommandError::new(InputProblem::PhotoDropExpired))?;
        let [path] = <[PathBuf; 1]>::try_from(paths).map_err(|paths| {
            CommandError::new(InputProblem::PhotoDropSeveral {
                count: u32::try_from(paths.len()).unwrap_or(u32::MAX),
            })
        })?;
        upload(&state, &id, path).await
    }
    .await;
    super::tracked(&state, "set_dropped_group_photo", result)
}

/// Removes the group's photo; the window asks first.
#[tauri::command]
pub async fn remove_group_photo(
    state: State<'_, AppState>,
    id: String,
) -> Result<PhotoChange, CommandError> {
    let result = async {
        let (client, key) = super::groups::session(&state).await?;
        let change = client.remove_group_icon(&key, &id).await?;
        log::info!("group {id}: photo removed");
        Ok(PhotoChange::from(change))
    }
    .await;
    super::tracked(&state, "remove_group_photo", result)
}

/// The window's subscription to drops on it (see `drops.rs`).
#[tauri::command]
pub fn watch_drops(drops: State<'_, Drops>, on_event: Channel<DropEvent>) {
    drops.watch(on_event);
}

async fn upload(state: &AppState, id: &str, path: PathBuf) -> Result<PhotoChange, CommandError> {
    let (bytes, file_name) = tauri::async_runtime::spawn_blocking(move || read_photo(&path))
        .await
        .map_err(|_| CommandError::internal("reading the photo stopped unexpectedly"))??;
    // Checked before the session is asked for: a wrong file is the operator's to fix, whatever the connection.
    blooio_core::check_group_photo(&bytes, &file_name).map_err(CommandError::new)?;
    let (client, key) = super::groups::session(state).await?;
    let change = client.set_group_icon(&key, id, bytes, &file_name).await?;
    log::info!("group {id}: photo set");
    Ok(PhotoChange::from(change))
}

/// The file's bytes and name. A file over Blooio's limit is refused from its size alone, without reading it; the
/// read itself stops one byte past the limit, so a file that grows meanwhile can't fill the memory either.
fn read_photo(path: &Path) -> Result<(Vec<u8>, String), CommandError> {
    use std::io::Read;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let unreadable = |err: std::io::Error| {
        CommandError::new(InputProblem::PhotoFileUnreadable {
            file_name: file_name.clone(),
            detail: err.to_string(),
        })
    };
    let too_large = |bytes: u64| {
        CommandError::new(InputProblem::PhotoTooLarge {
            bytes,
            max: GROUP_PHOTO_MAX_BYTES as u64,
        })
    };
    // Looked at before opening: a folder, a device or a pipe is no photo, and opening a pipe could wait for ever.
    let metadata = std::fs::metadata(path).map_err(unreadable)?;
    if !metadata.is_file() {
        return Err(CommandError::new(InputProblem::PhotoTypeUnsupported));
    }
    if metadata.len() > GROUP_PHOTO_MAX_BYTES as u64 {
        return Err(too_large(metadata.len()));
    }
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let limit = GROUP_PHOTO_MAX_BYTES as u64 + 1;
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    file.take(limit)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() > GROUP_PHOTO_MAX_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    Ok((bytes, file_name))
}
