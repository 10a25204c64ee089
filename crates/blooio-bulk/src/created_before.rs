//! "This app created that group before": the preview's check against the local history of the same account.

use std::collections::HashSet;

use blooio_core::CreateGroupRequest;
use blooio_import::participant_key;
use blooio_store::{Account, Store, StoreError};

/// The participant sets and chat GUIDs of every group this app created with one account.
#[derive(Debug, Default, Clone)]
pub struct CreatedBefore {
    participants: HashSet<String>,
    chat_guids: HashSet<String>,
}

impl CreatedBefore {
    /// From the history of `account`'s mode and key (sandbox history apart from Blooio's, one key apart from
    /// another; not its address: the practice sandbox listens on a new port every launch).
    pub fn load(store: &Store, account: &Account) -> Result<CreatedBefore, StoreError> {
        let mut known = CreatedBefore::default();
        for request in store.created_requests(account.mode(), Some(account.key_hint()))? {
            known.add(&request);
        }
        Ok(known)
    }

    pub fn add(&mut self, request: &CreateGroupRequest) {
        if let Some(key) = participant_key(request) {
            self.participants.insert(key);
        }
        if let Some(guid) = &request.chat_guid {
            self.chat_guids.insert(guid.clone());
        }
    }

    /// Whether a group like `request` was created before: the same chat GUID, or (without one) the same people.
    pub fn contains(&self, request: &CreateGroupRequest) -> bool {
        match &request.chat_guid {
            Some(guid) => self.chat_guids.contains(guid),
            None => participant_key(request).is_some_and(|key| self.participants.contains(&key)),
        }
    }
}
