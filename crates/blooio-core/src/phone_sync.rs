//! What a rename or a photo change did on the phones, read from Blooio's `device_sync`, so the CLI and the
//! window say the same thing: "Updated on the phones", or "Not on the phones yet: <reason>".

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::types::{DeviceSync, IconChange, RenamedGroup};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "state", rename_all = "snake_case")]
#[ts(export)]
pub enum PhoneSync {
    /// Blooio says the linked iMessage chat has the change.
    Updated,
    /// Blooio says the change did not reach the chat (yet), with its reason when it gave one.
    NotUpdated { reason: Option<String> },
    /// The group has no linked iMessage chat: there was nothing on the phones to change.
    NoChat,
    /// The group is linked, but Blooio's answer didn't say what happened on the phones.
    Unknown,
}

impl PhoneSync {
    /// `chat_guid`: the group's linked chat, from the answer; `sync`: the answer's `device_sync`.
    ///
    /// Only an explicit `synced: true` counts as updated (never a guess). `synced: false` on a group without a
    /// chat and without a reason is the absence of a chat, not a failure.
    pub fn from_answer(chat_guid: Option<&str>, sync: Option<&DeviceSync>) -> PhoneSync {
        let linked = chat_guid.is_some() || sync.is_some_and(|s| s.chat_guid.is_some());
        let Some(sync) = sync else {
            return if linked {
                PhoneSync::Unknown
            } else {
                PhoneSync::NoChat
            };
        };
        let reason = sync
            .error
            .as_deref()
            .or(sync.message.as_deref())
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(str::to_owned);
        match sync.synced {
            Some(true) => PhoneSync::Updated,
            Some(false) if !linked && sync.error.is_none() => PhoneSync::NoChat,
            Some(false) => PhoneSync::NotUpdated { reason },
            None if linked => PhoneSync::Unknown,
            None => PhoneSync::NoChat,
        }
    }
}

impl RenamedGroup {
    pub fn phone_sync(&self) -> PhoneSync {
        PhoneSync::from_answer(self.group.chat_guid.as_deref(), self.device_sync.as_ref())
    }
}

impl IconChange {
    pub fn phone_sync(&self) -> PhoneSync {
        PhoneSync::from_answer(self.chat_guid.as_deref(), self.device_sync.as_ref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sync(
        chat: Option<&str>,
        synced: Option<bool>,
        error: Option<&str>,
        message: Option<&str>,
    ) -> DeviceSync {
        DeviceSync {
            chat_guid: chat.map(Into::into),
            action: None,
            synced,
            error: error.map(Into::into),
            message: message.map(Into::into),
        }
    }

    #[test]
    fn readings() {
        let chat = Some("iMessage;+;chat1");
        let not = |reason: Option<&str>| PhoneSync::NotUpdated {
            reason: reason.map(Into::into),
        };
        let cases = [
            (
                chat,
                Some(sync(chat, Some(true), None, Some("Synced"))),
                PhoneSync::Updated,
            ),
            (
                None,
                Some(sync(chat, Some(true), None, None)),
                PhoneSync::Updated,
            ),
            (
                chat,
                Some(sync(chat, Some(false), Some("No active device"), None)),
                not(Some("No active device")),
            ),
            (
                chat,
                Some(sync(chat, Some(false), None, Some(" Device offline "))),
                not(Some("Device offline")),
            ),
            (
                chat,
                Some(sync(None, Some(false), Some(""), None)),
                not(None),
            ),
            (chat, Some(sync(chat, None, None, None)), PhoneSync::Unknown),
            (chat, None, PhoneSync::Unknown),
            (None, None, PhoneSync::NoChat),
            (
                None,
                Some(sync(None, Some(false), None, None)),
                PhoneSync::NoChat,
            ),
            (None, Some(sync(None, None, None, None)), PhoneSync::NoChat),
            (
                None,
                Some(sync(None, Some(false), Some("Not linked"), None)),
                not(Some("Not linked")),
            ),
        ];
        for (chat_guid, sync, want) in cases {
            assert_eq!(
                PhoneSync::from_answer(chat_guid, sync.as_ref()),
                want,
                "{chat_guid:?} {sync:?}"
            );
        }
    }
}
