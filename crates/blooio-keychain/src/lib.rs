//! Where the API key lives between sessions.
//!
//! The app and the CLI share one keychain entry, so a key saved in the window is the key the CLI uses.
//! Everything goes through [`KeyStore`] so tests can use a store of their own and the app can fall back to
//! memory when no system keychain is available.

mod error;
mod memory;
mod system;

pub use error::{KeychainError, KeychainProblem};
pub use memory::MemoryKeyStore;
pub use system::{SystemKeychain, ACCOUNT, SANDBOX_ACCOUNT, SERVICE};

use blooio_core::ApiKey;

/// A place that holds at most one API key.
pub trait KeyStore: Send + Sync {
    /// The stored key, or `None` when nothing is stored.
    fn load(&self) -> Result<Option<ApiKey>, KeychainError>;
    /// Replaces whatever is stored.
    fn save(&self, key: &ApiKey) -> Result<(), KeychainError>;
    /// Removes the key; removing a missing key succeeds.
    fn delete(&self) -> Result<(), KeychainError>;
    /// The store's name as an operator knows it ("macOS Keychain", …).
    fn backend(&self) -> StoreBackend;
}

/// Which kind of store holds the key; the UI names it for the operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub enum StoreBackend {
    MacosKeychain,
    WindowsCredentialManager,
    SecretService,
    /// Held in this process's memory only; gone when the app quits.
    SessionMemory,
}

impl StoreBackend {
    /// The native store of the platform this was compiled for.
    pub const fn native() -> Self {
        if cfg!(target_os = "macos") {
            StoreBackend::MacosKeychain
        } else if cfg!(target_os = "windows") {
            StoreBackend::WindowsCredentialManager
        } else {
            StoreBackend::SecretService
        }
    }

    pub const fn label(self) -> &'static str {
        match self {
            StoreBackend::MacosKeychain => "macOS Keychain",
            StoreBackend::WindowsCredentialManager => "Windows Credential Manager",
            StoreBackend::SecretService => "Secret Service (GNOME Keyring, KWallet)",
            StoreBackend::SessionMemory => "memory, for this session only",
        }
    }
}
