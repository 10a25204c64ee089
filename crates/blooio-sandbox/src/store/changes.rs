//! Changing a group that exists: rename, soft delete, set and remove its photo. Each answer says what became
//! of the linked iMessage chat (`device_sync`), as Blooio's do.

use axum::http::StatusCode;
use serde::Serialize;

use super::{now_ms, GroupJson, Inner, Store, StoredGroup, UploadedIcon};
use crate::error::{codes, ApiError};
use crate::icon::IconUpload;

/// What `device_sync.error` / `.message` says when the sandbox plays an offline phone.
const DEVICE_OFFLINE: &str =
    "No active device connected. The change is saved and reaches the chat when the device is back.";

/// `PATCH /groups/{id}`: the group plus `device_sync`.
#[derive(Serialize)]
pub(crate) struct RenamedJson<'a> {
    #[serde(flatten)]
    group: GroupJson<'a>,
    /// `null` for a group without a linked chat: there is nothing on a device to rename. (Blooio's SDK makes
    /// the field optional and documents it as "the result of syncing the operation to a linked iMessage
    /// chat"; the sandbox reads that as absent-when-unlinked and sends `null`, which a client must handle.)
    device_sync: Option<RenameSync<'a>>,
}

#[derive(Serialize)]
struct RenameSync<'a> {
    chat_guid: &'a str,
    action: &'static str,
    synced: bool,
    error: Option<&'static str>,
}

/// `POST` and `DELETE /groups/{id}/icon`.
#[derive(Serialize)]
pub(crate) struct IconJson {
    success: bool,
    group_id: String,
    chat_guid: String,
    /// Only in the answer to a set, as Blooio documents it.
    #[serde(skip_serializing_if = "Option::is_none")]
    icon_url: Option<String>,
    message: &'static str,
    device_sync: IconSync,
}

#[derive(Serialize)]
struct IconSync {
    chat_guid: String,
    synced: bool,
    message: &'static str,
}

/// `DELETE /groups/{id}`.
#[derive(Serialize)]
pub(crate) struct DeletedJson {
    success: bool,
    deleted_at: i64,
}

impl Store {
    /// Renames a live group of `key`; the name has passed the create's rules.
    pub(crate) fn rename<R>(
        &self,
        key: &str,
        group_id: &str,
        name: String,
        answer: impl FnOnce(&RenamedJson<'_>) -> R,
    ) -> Result<R, ApiError> {
        let mut guard = self.lock();
        let offline = guard.devices_offline;
        let (account, index) = live_group(&mut guard, key, group_id)?;
        let group = &mut account.groups[index];
        group.name_folded = name.to_lowercase();
        group.name = name;
        account.by_name = None;
        let group = &account.groups[index];
        let device_sync = group.chat_guid.as_deref().map(|chat_guid| RenameSync {
            chat_guid,
            action: "rename",
            synced: !offline,
            error: offline.then_some(DEVICE_OFFLINE),
        });
        Ok(answer(&RenamedJson {
            group: group.json(),
            device_sync,
        }))
    }

    /// Soft-deletes a live group of `key`: later reads answer 404, lists leave it out, and its chat GUID and
    /// participant set are free again. Its members' contacts stay in the key's contact book.
    pub(crate) fn delete(&self, key: &str, group_id: &str) -> Result<DeletedJson, ApiError> {
        let mut guard = self.lock();
        let (account, index) = live_group(&mut guard, key, group_id)?;
        let deleted_at = now_ms();
        account.groups[index].deleted_at = Some(deleted_at);
        account.by_id.remove(group_id);
        account.by_chat_guid.retain(|_, &mut i| i != index);
        account.by_participants.retain(|_, &mut i| i != index);
        account.by_name = None;
        guard.groups -= 1;
        Ok(DeletedJson {
            success: true,
            deleted_at,
        })
    }

    /// Sets the photo of a live, linked group of `key`; `photo_base` is where the sandbox serves photos.
    pub(crate) fn set_icon(
        &self,
        key: &str,
        group_id: &str,
        upload: IconUpload,
        photo_base: &str,
    ) -> Result<IconJson, ApiError> {
        let mut guard = self.lock();
        guard.icon_versions += 1;
        let version = guard.icon_versions;
        let offline = guard.devices_offline;
        let (account, index) = live_group(&mut guard, key, group_id)?;
        let group = &mut account.groups[index];
        let chat_guid = linked_chat(group, "set")?;
        let file = format!("{group_id}-{version}.{}", upload.extension);
        let icon_url = format!("{photo_base}{file}");
        group.icon_url = Some(icon_url.clone());
        group.uploaded_icon = Some(UploadedIcon {
            file,
            mime: upload.mime,
            bytes: upload.bytes,
        });
        Ok(icon_answer(
            group_id,
            chat_guid,
            Some(icon_url),
            "Group icon updated successfully",
            offline,
        ))
    }

    /// Removes the photo of a live, linked group of `key` (also the stock one); removing none is no error.
    pub(crate) fn remove_icon(&self, key: &str, group_id: &str) -> Result<IconJson, ApiError> {
        let mut guard = self.lock();
        let offline = guard.devices_offline;
        let (account, index) = live_group(&mut guard, key, group_id)?;
        let group = &mut account.groups[index];
        let chat_guid = linked_chat(group, "remove")?;
        group.icon_url = None;
        group.uploaded_icon = None;
        Ok(icon_answer(
            group_id,
            chat_guid,
            None,
            "Group icon removed successfully",
            offline,
        ))
    }
}

/// The account and index of a live group; another key's group is as unknown as a made-up id.
fn live_group<'a>(
    inner: &'a mut Inner,
    key: &str,
    group_id: &str,
) -> Result<(&'a mut super::Account, usize), ApiError> {
    let account = inner
        .accounts
        .get_mut(key)
        .ok_or_else(|| ApiError::not_found("Group not found"))?;
    let index = *account
        .by_id
        .get(group_id)
        .ok_or_else(|| ApiError::not_found("Group not found"))?;
    Ok((account, index))
}

/// Blooio changes photos only through a linked chat: a group without `chat_guid` has no chat to show one.
fn linked_chat(group: &StoredGroup, verb: &str) -> Result<String, ApiError> {
    group.chat_guid.clone().ok_or_else(|| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            codes::GROUP_NOT_LINKED,
            format!(
                "Cannot {verb} the icon of a group without a linked chat_guid. Link the group to an iMessage chat first."
            ),
        )
    })
}

fn icon_answer(
    group_id: &str,
    chat_guid: String,
    icon_url: Option<String>,
    message: &'static str,
    offline: bool,
) -> IconJson {
    IconJson {
        success: true,
        group_id: group_id.to_owned(),
        chat_guid: chat_guid.clone(),
        icon_url,
        message,
        device_sync: IconSync {
            chat_guid,
            synced: !offline,
            message: if offline {
                DEVICE_OFFLINE
            } else {
                "Synced to the linked iMessage chat"
            },
        },
    }
}
