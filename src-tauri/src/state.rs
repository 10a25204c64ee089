//! What the app holds for a session: the HTTP client for the current connection, the key (read from the
//! keychain once, then kept in memory), and the in-process sandbox when sandbox mode is on.

use std::sync::{Arc, RwLock};
use std::time::Duration;

use blooio_core::{
    ApiKey, BlooioClient, ClientConfig, DraftChecker, MemoryPending, DEFAULT_BASE_URL,
};
use blooio_keychain::{
    KeyStore, MemoryKeyStore, StoreBackend, SystemKeychain, ACCOUNT, SANDBOX_ACCOUNT,
};
use blooio_sandbox::{KeyPolicy, Sandbox, SandboxConfig};
use serde::Serialize;
use tokio::sync::Mutex;
use ts_rs::TS;

use crate::diagnostics::RecentErrors;
use crate::error::CommandError;
use crate::history::History;
use crate::import_session::ImportSession;

/// Keys the in-app sandbox accepts; anything else is rejected, so the "key rejected" screen can be tried too.
pub const SANDBOX_KEY_PREFIX: &str = "bl_";

/// The key practice mode uses when none is saved for it: the in-app sandbox accepts any `bl_` key, so an operator
/// trying the app never has to find one. Not a secret, and never written to the keychain.
pub const PRACTICE_KEY: &str = "bl_practice_key";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub enum ConnectionMode {
    /// Blooio's API (or the base URL given in BLOOIO_BASE_URL).
    Live,
    /// The sandbox running inside the app.
    Sandbox,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ConnectionInfo {
    pub mode: ConnectionMode,
    pub base_url: String,
    pub version: String,
}

/// What the web view may know about the key: never the key itself.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct KeyStatus {
    pub stored: bool,
    /// The last four characters, e.g. "…wxyz".
    pub hint: Option<String>,
    pub backend: StoreBackend,
    pub backend_label: String,
}

/// How the app was started; read from the environment by `main`, built directly by tests.
#[derive(Debug, Clone, Default)]
pub struct StartupOptions {
    /// Overrides Blooio's base URL (BLOOIO_BASE_URL), e.g. a sandbox started by the end-to-end tests.
    pub base_url: Option<String>,
    /// Start in sandbox mode (BLOOIO_SANDBOX=1).
    pub sandbox: bool,
    /// Keychain service name (BLOOIO_KEYCHAIN_SERVICE), so tests never touch an operator's real entry.
    pub keychain_service: Option<String>,
    /// Total time allowed for one request (BLOOIO_TIMEOUT_SECS); Blooio's default client setting otherwise.
    pub request_timeout: Option<Duration>,
    /// Where the history is kept (BLOOIO_DATA_DIR, as for the CLI); the app's data folder otherwise.
    pub data_dir: Option<std::path::PathBuf>,
}

impl StartupOptions {
    pub fn from_env() -> Self {
        let non_empty = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        StartupOptions {
            base_url: non_empty("BLOOIO_BASE_URL"),
            sandbox: non_empty("BLOOIO_SANDBOX").is_some_and(|v| v != "0"),
            keychain_service: non_empty("BLOOIO_KEYCHAIN_SERVICE"),
            request_timeout: non_empty("BLOOIO_TIMEOUT_SECS")
                .and_then(|v| v.trim().parse::<u64>().ok())
                .filter(|secs| *secs > 0)
                .map(Duration::from_secs),
            data_dir: non_empty("BLOOIO_DATA_DIR").map(std::path::PathBuf::from),
        }
    }

    /// The client for `base_url` with this start-up's timeouts.
    fn client_for(&self, base_url: String) -> Result<BlooioClient, blooio_core::ApiError> {
        let defaults = ClientConfig::default();
        BlooioClient::new(ClientConfig {
            base_url,
            total_timeout: self.request_timeout.unwrap_or(defaults.total_timeout),
            connect_timeout: defaults.connect_timeout,
        })
    }

    fn live_base_url(&self) -> String {
        self.base_url
            .clone()
            .unwrap_or_else(|| DEFAULT_BASE_URL.to_string())
    }
}

struct Connection {
    mode: ConnectionMode,
    client: Arc<BlooioClient>,
}

/// The key as far as this session knows it. The keychain is read at most once per mode.
enum KeyCache {
    Unread,
    Read(Option<Arc<ApiKey>>),
    /// Entered by the operator for this session only, because the keychain could not hold it.
    SessionOnly(Arc<ApiKey>),
    /// Practice mode with no key saved for it (or no keychain at all): the built-in [`PRACTICE_KEY`].
    Practice(Arc<ApiKey>),
}

struct KeyStores {
    live: Arc<dyn KeyStore>,
    sandbox: Arc<dyn KeyStore>,
}

pub struct AppState {
    options: StartupOptions,
    connection: RwLock<Connection>,
    stores: KeyStores,
    key: Mutex<KeyCache>,
    /// Held for the whole of a create: a second create while one is in flight is refused, never queued.
    pub(crate) create_in_flight: Mutex<()>,
    sandbox: Mutex<Option<Sandbox>>,
    pub(crate) recent_errors: RecentErrors,
    /// Creates whose answer was lost; a retry of the same request asks Blooio before sending.
    pub(crate) pending_creates: MemoryPending,
    /// The member rules with their cache of recent entries, shared by the form's checks and the create.
    pub(crate) draft_checker: Arc<std::sync::Mutex<DraftChecker>>,
    /// The history of created groups, opened on first use.
    pub(crate) history: History,
    /// The bulk run in progress, at most one.
    pub(crate) bulk: crate::bulk_runs::BulkRuns,
    /// The spreadsheet being imported, and files dropped on the window.
    pub(crate) import: ImportSession,
    /// A file added to the form's members whose member column the operator is picking.
    pub(crate) member_sheet_waiting: crate::commands::MemberSheetWaiting,
}

impl AppState {
    pub fn new(options: StartupOptions) -> Self {
        let service = options
            .keychain_service
            .clone()
            .unwrap_or_else(|| blooio_keychain::SERVICE.to_string());
        let stores = KeyStores {
            live: Arc::new(SystemKeychain::with_service(&service, ACCOUNT)),
            sandbox: Arc::new(SystemKeychain::with_service(&service, SANDBOX_ACCOUNT)),
        };
        Self::with_stores(options, stores.live, stores.sandbox)
    }

    /// For tests: key stores of the caller's choosing.
    pub fn with_stores(
        options: StartupOptions,
        live: Arc<dyn KeyStore>,
        sandbox: Arc<dyn KeyStore>,
    ) -> Self {
        // A bad BLOOIO_BASE_URL must not stop the window from opening: fall back to Blooio's URL, and the
        // connection line in the window shows which URL is in use.
        let client = options
            .client_for(options.live_base_url())
            .or_else(|_| options.client_for(DEFAULT_BASE_URL.to_string()))
            .map(Arc::new)
            .unwrap_or_else(|err| panic!("the default client configuration is valid: {err}"));
        let history = History::default();
        if let Some(dir) = &options.data_dir {
            history.set_path(dir.join(blooio_store::STORE_FILE_NAME));
        }
        AppState {
            options,
            connection: RwLock::new(Connection {
                mode: ConnectionMode::Live,
                client,
            }),
            stores: KeyStores { live, sandbox },
            key: Mutex::new(KeyCache::Unread),
            create_in_flight: Mutex::new(()),
            sandbox: Mutex::new(None),
            recent_errors: RecentErrors::default(),
            pending_creates: MemoryPending::default(),
            draft_checker: Arc::default(),
            history,
            bulk: Default::default(),
            import: ImportSession::default(),
            member_sheet_waiting: Default::default(),
        }
    }

    /// Memory-only stores; for tests that must not touch any keychain.
    pub fn in_memory(options: StartupOptions) -> Self {
        Self::with_stores(
            options,
            Arc::new(MemoryKeyStore::new()),
            Arc::new(MemoryKeyStore::new()),
        )
    }

    /// The groups of the current import a bulk run may send; see [`crate::current_import_rows`].
    pub fn import_rows(&self, include_conflicts: bool) -> Vec<blooio_store::JobRowInput> {
        crate::import_session::current_import_rows(self, include_conflicts)
    }

    /// The current import's file name (no folder), for the job a run makes of it.
    pub fn import_file_name(&self) -> Option<String> {
        self.import.file_name()
    }

    pub fn starts_in_sandbox(&self) -> bool {
        self.options.sandbox
    }

    /// Tells the history where the app's data folder is, unless BLOOIO_DATA_DIR chose one. Nothing is opened.
    pub fn use_data_dir(&self, dir: &std::path::Path) {
        if self.options.data_dir.is_none() {
            self.history
                .set_path(dir.join(blooio_store::STORE_FILE_NAME));
        }
    }

    /// The mode and the client together, so a record names the connection the request went to.
    pub(crate) fn connection(&self) -> (ConnectionMode, Arc<BlooioClient>) {
        let conn = match self.connection.read() {
            Ok(conn) => conn,
            Err(poisoned) => poisoned.into_inner(),
        };
        (conn.mode, conn.client.clone())
    }

    pub(crate) fn client(&self) -> Arc<BlooioClient> {
        match self.connection.read() {
            Ok(conn) => conn.client.clone(),
            Err(poisoned) => poisoned.into_inner().client.clone(),
        }
    }

    pub fn connection_info(&self) -> ConnectionInfo {
        let conn = match self.connection.read() {
            Ok(conn) => conn,
            Err(poisoned) => poisoned.into_inner(),
        };
        ConnectionInfo {
            mode: conn.mode,
            base_url: conn.client.base_url().to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
        }
    }

    fn mode(&self) -> ConnectionMode {
        self.connection_info().mode
    }

    pub(crate) fn store_backend(&self) -> StoreBackend {
        self.store().backend()
    }

    fn store(&self) -> Arc<dyn KeyStore> {
        match self.mode() {
            ConnectionMode::Live => self.stores.live.clone(),
            ConnectionMode::Sandbox => self.stores.sandbox.clone(),
        }
    }

    fn status_for(&self, key: Option<&ApiKey>, session_only: bool) -> KeyStatus {
        let backend = if session_only {
            StoreBackend::SessionMemory
        } else {
            self.store().backend()
        };
        KeyStatus {
            stored: key.is_some(),
            hint: key.map(ApiKey::hint),
            backend,
            backend_label: backend.label().to_string(),
        }
    }

    /// The key for requests: from memory, or read from the keychain once.
    pub(crate) async fn key(&self) -> Result<Option<Arc<ApiKey>>, CommandError> {
        let mut cache = self.key.lock().await;
        match &*cache {
            KeyCache::Read(key) => return Ok(key.clone()),
            KeyCache::SessionOnly(key) | KeyCache::Practice(key) => return Ok(Some(key.clone())),
            KeyCache::Unread => {}
        }
        let store = self.store();
        // Keychain calls can block on a D-Bus round trip or an OS prompt: keep them off the async workers.
        let loaded = tokio::task::spawn_blocking(move || store.load())
            .await
            .map_err(|_| CommandError::internal("reading the keychain stopped unexpectedly"))?;
        let loaded = match (self.mode(), loaded) {
            // Practice mode never stops at the key screen: nothing it sends is real, so a missing or unreadable
            // practice entry costs nothing.
            (ConnectionMode::Sandbox, Ok(None) | Err(_)) => {
                let key = Arc::new(
                    ApiKey::parse(PRACTICE_KEY)
                        .map_err(|_| CommandError::internal("the practice key is malformed"))?,
                );
                *cache = KeyCache::Practice(key.clone());
                return Ok(Some(key));
            }
            (_, loaded) => loaded?,
        };
        let loaded = loaded.map(Arc::new);
        *cache = KeyCache::Read(loaded.clone());
        Ok(loaded)
    }

    pub(crate) async fn key_status(&self) -> Result<KeyStatus, CommandError> {
        let key = self.key().await?;
        let session_only = matches!(
            &*self.key.lock().await,
            KeyCache::SessionOnly(_) | KeyCache::Practice(_)
        );
        Ok(self.status_for(key.as_deref(), session_only))
    }

    pub(crate) async fn save_key(
        &self,
        key: ApiKey,
        session_only: bool,
    ) -> Result<KeyStatus, CommandError> {
        let mut cache = self.key.lock().await;
        let key = Arc::new(key);
        if session_only {
            let status = self.status_for(Some(&key), true);
            *cache = KeyCache::SessionOnly(key);
            return Ok(status);
        }
        let store = self.store();
        let to_save = key.clone();
        tokio::task::spawn_blocking(move || store.save(&to_save))
            .await
            .map_err(|_| CommandError::internal("saving to the keychain stopped unexpectedly"))??;
        let status = self.status_for(Some(&key), false);
        *cache = KeyCache::Read(Some(key));
        Ok(status)
    }

    pub(crate) async fn delete_key(&self) -> Result<KeyStatus, CommandError> {
        let mut cache = self.key.lock().await;
        if matches!(&*cache, KeyCache::SessionOnly(_) | KeyCache::Practice(_)) {
            // The keychain never had this key; forgetting it is enough.
            *cache = KeyCache::Read(None);
            return Ok(self.status_for(None, false));
        }
        let store = self.store();
        tokio::task::spawn_blocking(move || store.delete())
            .await
            .map_err(|_| CommandError::internal("removing the key stopped unexpectedly"))??;
        *cache = KeyCache::Read(None);
        Ok(self.status_for(None, false))
    }

    /// Starts the in-process sandbox (once) and points the client at it, or goes back to the live API.
    pub(crate) async fn set_sandbox_mode(
        &self,
        enabled: bool,
    ) -> Result<ConnectionInfo, CommandError> {
        let client = if enabled {
            let mut sandbox = self.sandbox.lock().await;
            if sandbox.is_none() {
                let config = SandboxConfig {
                    keys: KeyPolicy::AnyWithPrefix(SANDBOX_KEY_PREFIX.to_string()),
                    // As with Blooio, a fast run meets 429s and must honour Retry-After.
                    rate_limit: blooio_sandbox::RateLimit::per_second(5),
                };
                let started =
                    Sandbox::start(config, std::net::SocketAddr::from(([127, 0, 0, 1], 0)))
                        .await
                        .map_err(|err| {
                            CommandError::internal(&format!("the sandbox could not start: {err}"))
                        })?;
                *sandbox = Some(started);
            }
            let base_url = sandbox.as_ref().map(Sandbox::base_url).unwrap_or_default();
            self.options.client_for(base_url)?
        } else {
            self.options.client_for(self.options.live_base_url())?
        };
        {
            let mut conn = match self.connection.write() {
                Ok(conn) => conn,
                Err(poisoned) => poisoned.into_inner(),
            };
            conn.client = Arc::new(client);
            conn.mode = if enabled {
                ConnectionMode::Sandbox
            } else {
                ConnectionMode::Live
            };
        }
        // Each mode has its own keychain entry: read the right one next time it is needed.
        *self.key.lock().await = KeyCache::Unread;
        Ok(self.connection_info())
    }
}
