//! The Groups screen's commands: the groups on the account, one group and its members, rename and delete. Each
//! is one request to Blooio with the session's key; nothing is retried.

use blooio_core::{
    ApiKey, BlooioClient, Deleted, Group, GroupDraft, GroupList, GroupMembers, ListQuery,
    LookupGap, PhoneSync, ReconcileError,
};
use serde::Serialize;
use std::sync::Arc;
use tauri::State;
use ts_rs::TS;

use crate::error::CommandError;
use crate::state::AppState;

/// What a rename answers: the group as Blooio now describes it, and whether the phones were told.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct RenameResult {
    pub group: Group,
    pub phone_sync: PhoneSync,
}

pub(super) async fn session(
    state: &AppState,
) -> Result<(Arc<BlooioClient>, Arc<ApiKey>), CommandError> {
    let key = state.key().await?.ok_or_else(CommandError::no_key)?;
    Ok((state.client(), key))
}

/// One page of `GET /groups` (Blooio takes at most 200 a page).
#[tauri::command]
pub async fn list_groups(
    state: State<'_, AppState>,
    query: ListQuery,
) -> Result<GroupList, CommandError> {
    let result = async {
        let (client, key) = session(&state).await?;
        Ok(client.list_groups(&key, &query).await?)
    }
    .await;
    super::tracked(&state, "list_groups", result)
}

#[tauri::command]
pub async fn get_group(state: State<'_, AppState>, id: String) -> Result<Group, CommandError> {
    let result = async {
        let (client, key) = session(&state).await?;
        Ok(client.get_group(&key, &id).await?)
    }
    .await;
    super::tracked(&state, "get_group", result)
}

/// One page of a group's members.
#[tauri::command]
pub async fn group_members(
    state: State<'_, AppState>,
    id: String,
    offset: u32,
    limit: u32,
) -> Result<GroupMembers, CommandError> {
    let result = async {
        let (client, key) = session(&state).await?;
        Ok(client
            .list_group_members(&key, &id, Some(limit), Some(offset))
            .await?)
    }
    .await;
    super::tracked(&state, "group_members", result)
}

/// Renames a group with the form's name rules: a name they refuse is a field problem, and nothing is sent.
#[tauri::command]
pub async fn rename_group(
    state: State<'_, AppState>,
    id: String,
    name: String,
) -> Result<RenameResult, CommandError> {
    let result = async {
        let name = blooio_core::check_name(&name)
            .map_err(|problem| CommandError::validation(vec![problem]))?;
        let (client, key) = session(&state).await?;
        let renamed = client.rename_group(&key, &id, &name).await?;
        log::info!("group {id} renamed");
        Ok(RenameResult {
            phone_sync: renamed.phone_sync(),
            group: renamed.group,
        })
    }
    .await;
    super::tracked(&state, "rename_group", result)
}

/// Deletes a group; the window asks first. For a linked chat, Blooio's number leaves that chat.
#[tauri::command]
pub async fn delete_group(state: State<'_, AppState>, id: String) -> Result<Deleted, CommandError> {
    let result = async {
        let (client, key) = session(&state).await?;
        let deleted = client.delete_group(&key, &id).await?;
        log::info!("group {id} deleted");
        Ok(deleted)
    }
    .await;
    super::tracked(&state, "delete_group", result)
}

/// What "Open the existing group" found after Blooio answered a create with 409.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(tag = "state")]
#[ts(export)]
pub enum ExistingGroup {
    Found {
        group: Group,
    },
    /// Every group on the account was looked at, and none has this chat GUID or these people.
    NotFound,
    /// Blooio answered, but not enough to be sure which group it meant.
    Unsure {
        why: LookupGap,
    },
}

/// The group a 409 on creating `draft` refers to: the same chat GUID, or the same people (the core's lookup).
#[tauri::command]
pub async fn find_existing_group(
    state: State<'_, AppState>,
    draft: GroupDraft,
) -> Result<ExistingGroup, CommandError> {
    let result = async {
        let report = super::checked(&state, draft).await?;
        let Some(request) = report.request else {
            return Err(CommandError::validation(report.problems));
        };
        let (client, key) = session(&state).await?;
        match client.find_existing_group(&key, &request).await {
            Ok(Some(group)) => Ok(ExistingGroup::Found { group }),
            Ok(None) => Ok(ExistingGroup::NotFound),
            Err(ReconcileError::Inconclusive(why)) => Ok(ExistingGroup::Unsure { why }),
            Err(ReconcileError::Api(err)) => Err(CommandError::from(err)),
        }
    }
    .await;
    super::tracked(&state, "find_existing_group", result)
}
