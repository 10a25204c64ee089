use std::sync::Mutex;

use blooio_core::ApiKey;

use crate::{KeyStore, KeychainError, StoreBackend};

/// Keeps the key in this process only. Used when the operator chooses a session-only key because the
/// system keychain is unavailable, and by tests.
#[derive(Default)]
pub struct MemoryKeyStore {
    key: Mutex<Option<ApiKey>>,
}

impl MemoryKeyStore {
    pub fn new() -> Self {
        Self::default()
    }
}

impl KeyStore for MemoryKeyStore {
    fn load(&self) -> Result<Option<ApiKey>, KeychainError> {
        let guard = self.key.lock().map_err(|_| KeychainError::poisoned())?;
        Ok(guard.as_ref().map(ApiKey::clone))
    }

    fn save(&self, key: &ApiKey) -> Result<(), KeychainError> {
        let mut guard = self.key.lock().map_err(|_| KeychainError::poisoned())?;
        *guard = Some(key.clone());
        Ok(())
    }

    fn delete(&self) -> Result<(), KeychainError> {
        let mut guard = self.key.lock().map_err(|_| KeychainError::poisoned())?;
        *guard = None;
        Ok(())
    }

    fn backend(&self) -> StoreBackend {
        StoreBackend::SessionMemory
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_delete_twice() {
        let store = MemoryKeyStore::new();
        assert!(store.load().unwrap().is_none());
        store
            .save(&ApiKey::parse("bl_live_0123456789abcd").unwrap())
            .unwrap();
        assert_eq!(
            store.load().unwrap().unwrap().expose(),
            "bl_live_0123456789abcd"
        );
        store.delete().unwrap();
        store.delete().unwrap();
        assert!(store.load().unwrap().is_none());
    }
}
