use blooio_core::ApiKey;
use keyring::Entry;

use crate::{KeyStore, KeychainError, KeychainProblem, StoreBackend};

/// The keychain entry shared by the app and the CLI.
pub const SERVICE: &str = "com.blooio.groups";
pub const ACCOUNT: &str = "api-key";
/// Sandbox mode keeps its practice key apart so trying the app never replaces a real key.
pub const SANDBOX_ACCOUNT: &str = "sandbox-api-key";

/// The operating system's keychain: macOS Keychain, Windows Credential Manager, or the Secret Service on Linux.
/// The keyring crate is built with a native store for each platform (never its in-memory mock).
pub struct SystemKeychain {
    service: String,
    account: String,
}

impl SystemKeychain {
    pub fn new(account: &str) -> Self {
        Self::with_service(SERVICE, account)
    }

    /// A different service name keeps tests away from a developer's real entry.
    pub fn with_service(service: &str, account: &str) -> Self {
        SystemKeychain {
            service: service.to_string(),
            account: account.to_string(),
        }
    }

    fn entry(&self) -> Result<Entry, KeychainError> {
        Entry::new(&self.service, &self.account).map_err(map_error)
    }
}

impl KeyStore for SystemKeychain {
    fn load(&self) -> Result<Option<ApiKey>, KeychainError> {
        match self.entry()?.get_password() {
            Ok(secret) => ApiKey::parse(&secret)
                .map(Some)
                .map_err(|_| KeychainError::corrupt("stored value failed validation".into())),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(err) => Err(map_error(err)),
        }
    }

    fn save(&self, key: &ApiKey) -> Result<(), KeychainError> {
        self.entry()?.set_password(key.expose()).map_err(map_error)
    }

    fn delete(&self) -> Result<(), KeychainError> {
        match self.entry()?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(err) => Err(map_error(err)),
        }
    }

    fn backend(&self) -> StoreBackend {
        StoreBackend::native()
    }
}

fn map_error(err: keyring::Error) -> KeychainError {
    let hint = match &err {
        keyring::Error::NoStorageAccess(_) => Some(KeychainProblem::Locked),
        keyring::Error::BadEncoding(_) => Some(KeychainProblem::Corrupt),
        _ => None,
    };
    // keyring's errors describe the platform failure; they never contain the secret itself.
    let detail = match &err {
        keyring::Error::PlatformFailure(inner) | keyring::Error::NoStorageAccess(inner) => {
            inner.to_string()
        }
        keyring::Error::BadEncoding(_) => "stored value is not UTF-8".to_string(),
        other => other.to_string(),
    };
    KeychainError::from_platform(hint, detail)
}
