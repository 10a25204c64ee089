//! The history of groups this app created, in the local store (`blooio-store`).
//!
//! The store is opened on first use — a create that succeeded, or the History screen — never on the way to the
//! first frame. A store that can't be opened now is tried again next time. Recording never turns a created group
//! into an error: the group exists on Blooio whatever happened on this disk.

use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use blooio_core::{ApiKey, CreateGroupRequest, CreatedGroup};
use blooio_store::{
    Account, AccountMode, CreateSource, NewHistoryEntry, Store, StoreError, StoreProblem,
};
use tokio::sync::Mutex;

use crate::error::CommandError;
use crate::state::ConnectionMode;

#[derive(Default)]
pub struct History {
    /// The store's file, known once the app knows its data folder (set in setup, before any command runs).
    path: RwLock<Option<PathBuf>>,
    store: Mutex<Option<Arc<Store>>>,
}

impl History {
    pub fn set_path(&self, path: PathBuf) {
        *self
            .path
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(path);
    }

    fn path(&self) -> Option<PathBuf> {
        self.path
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// The open store, opening it (and its folder) the first time.
    pub async fn store(&self) -> Result<Arc<Store>, CommandError> {
        let mut slot = self.store.lock().await;
        if let Some(store) = &*slot {
            return Ok(store.clone());
        }
        let path = self
            .path()
            .ok_or_else(|| CommandError::internal("the app's data folder isn't known"))?;
        let store = tokio::task::spawn_blocking(move || -> Result<Store, StoreError> {
            if let Some(folder) = path.parent() {
                if let Err(err) = std::fs::create_dir_all(folder) {
                    return Err(StoreProblem::StoreCannotOpen {
                        path: folder.display().to_string(),
                        detail: err.to_string(),
                    }
                    .into());
                }
            }
            Store::open(&path)
        })
        .await
        .map_err(|_| CommandError::internal("opening the history stopped unexpectedly"))??;
        let store = Arc::new(store);
        *slot = Some(store.clone());
        Ok(store)
    }

    /// Runs `work` on the store on a blocking thread (SQLite waits for the disk, the async runtime must not);
    /// `what` says what stopped if that thread dies.
    pub async fn with_store<T: Send + 'static>(
        &self,
        what: &'static str,
        work: impl FnOnce(&Store) -> Result<T, StoreError> + Send + 'static,
    ) -> Result<T, CommandError> {
        let store = self.store().await?;
        tauri::async_runtime::spawn_blocking(move || work(&store))
            .await
            .map_err(|_| CommandError::internal(what))?
            .map_err(CommandError::from)
    }

    /// Records a group the form created. Returns the store's problem when it could not: the caller tells the
    /// operator the group exists but isn't in the history.
    pub async fn record_created(
        &self,
        mode: ConnectionMode,
        base_url: &str,
        key: &ApiKey,
        request: &CreateGroupRequest,
        created: &CreatedGroup,
        recovered: bool,
    ) -> Option<StoreProblem> {
        let account = Account::new(account_mode(mode), base_url, key);
        let (request, created) = (request.clone(), created.clone());
        let result = match self.store().await {
            Ok(store) => tokio::task::spawn_blocking(move || {
                store
                    .record_created(&NewHistoryEntry {
                        account: &account,
                        source: CreateSource::Form,
                        request: &request,
                        created: &created,
                        recovered,
                        created_at_ms: blooio_core::unix_time_ms(),
                    })
                    .map(|_| ())
                    .map_err(CommandError::from)
            })
            .await
            .unwrap_or_else(|_| Err(CommandError::internal("recording stopped unexpectedly"))),
            Err(err) => Err(err),
        };
        match result {
            Ok(()) => None,
            Err(err) => {
                log::warn!("the created group was not added to the history: {err}");
                Some(match err.problem {
                    crate::error::AppProblem::Store(problem) => problem,
                    other => StoreProblem::StoreFailed {
                        detail: other.to_string(),
                    },
                })
            }
        }
    }
}

pub fn account_mode(mode: ConnectionMode) -> AccountMode {
    match mode {
        ConnectionMode::Live => AccountMode::Blooio,
        ConnectionMode::Sandbox => AccountMode::Sandbox,
    }
}
