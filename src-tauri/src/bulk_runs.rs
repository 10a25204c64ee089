//! The window's bulk runs: one at a time, on a thread of its own (each row's journal write waits for the disk,
//! which must not stall the async runtime's workers), its progress streamed to the window through a `Channel`.
//! The runner, the journal and the report are the core crates' (`blooio-bulk`, `blooio-store`), shared with the
//! CLI; this file only starts, steers and reports a run.

use std::sync::{Mutex, PoisonError};

use blooio_bulk::{RunControl, RunProgress, RunSettings, Runner};
use blooio_store::{Account, JobId, StoreProblem};
use serde::Serialize;
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, Runtime};
use ts_rs::TS;

use crate::error::CommandError;
use crate::history::account_mode;
use crate::state::AppState;

/// What the window hears of a run.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(tag = "event", rename_all = "snake_case")]
#[ts(export)]
pub enum BulkRunEvent {
    Progress {
        progress: RunProgress,
    },
    /// The run stopped because the journal could not be written (a full disk, say). Every row is as the
    /// journal last recorded it; resuming later is safe.
    Stopped {
        problem: StoreProblem,
    },
}

/// The run in progress, if any.
#[derive(Default)]
pub struct BulkRuns {
    active: Mutex<Option<(JobId, RunControl)>>,
}

impl BulkRuns {
    /// The job running now and its controls.
    pub fn active(&self) -> Option<(JobId, RunControl)> {
        self.active
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    pub fn is_running(&self) -> bool {
        self.active().is_some()
    }

    /// Claims the one run slot for `job`; a second run while one goes is refused as busy.
    fn begin(&self, job: JobId, control: RunControl) -> Result<(), CommandError> {
        let mut active = self.active.lock().unwrap_or_else(PoisonError::into_inner);
        if active.is_some() {
            return Err(CommandError::busy());
        }
        *active = Some((job, control));
        Ok(())
    }

    fn end(&self, job: JobId) {
        let mut active = self.active.lock().unwrap_or_else(PoisonError::into_inner);
        if active.as_ref().is_some_and(|(running, _)| *running == job) {
            *active = None;
        }
    }
}

/// Runs (or resumes) `job` with the current connection and key; returns once it has started. The end of the run
/// is its last progress message (finished, cancelled or paused), or a `Stopped` event.
pub async fn start<R: Runtime>(
    app: &AppHandle<R>,
    state: &AppState,
    job: JobId,
    events: Channel<BulkRunEvent>,
) -> Result<(), CommandError> {
    let key = state.key().await?.ok_or_else(CommandError::no_key)?;
    let (mode, client) = state.connection();
    let account = Account::new(account_mode(mode), client.base_url(), &key);
    let store = state.history.store().await?;
    {
        let (store, account) = (store.clone(), account.clone());
        tauri::async_runtime::spawn_blocking(move || store.check_job_account(job, &account))
            .await
            .map_err(|_| CommandError::internal("checking the job stopped unexpectedly"))??;
    }
    let control = RunControl::new();
    state.bulk.begin(job, control.clone())?;
    log::info!("bulk job {}: running", job.0);
    let app = app.clone();
    let runtime = tokio::runtime::Handle::current();
    tauri::async_runtime::spawn_blocking(move || {
        let sink = |progress: &RunProgress| {
            // A window that closed or reloaded no longer listens; the run goes on and is journalled either way.
            let _ = events.send(BulkRunEvent::Progress {
                progress: progress.clone(),
            });
        };
        let runner = Runner::new(&client, &key, &account, &store, RunSettings::default());
        let ended = runtime.block_on(runner.run(job, &control, &sink));
        match ended {
            Ok(end) => log::info!("bulk job {}: {:?}", job.0, end.counts),
            Err(error) => {
                log::warn!("bulk job {} stopped: {error}", job.0);
                let _ = events.send(BulkRunEvent::Stopped {
                    problem: error.problem().clone(),
                });
            }
        }
        app.state::<AppState>().bulk.end(job);
    });
    Ok(())
}
