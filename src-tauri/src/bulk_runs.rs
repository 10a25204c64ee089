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
    /// Boxed: a progress message is large beside `Stopped`.
    Progress { progress: Box<RunProgress> },
    /// The run stopped because the journal could not be written (a full disk, say). Every row is as the
    /// journal last recorded it; resuming later is safe.
    Stopped { problem: StoreProblem },
}

/// The run in progress, if any.
#[derive(Default)]
pub struct BulkRuns {
    active: Mutex<Option<(JobId, RunControl)>>,
    /// Where the window hears "the operator asked to close during a run" (registered when its page loads).
    close_watcher: Mutex<Option<Channel<()>>>,
    /// The operator confirmed closing: the next close request goes through.
    closing: std::sync::atomic::AtomicBool,
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

    pub fn watch_close_requests(&self, channel: Channel<()>) {
        *self
            .close_watcher
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(channel);
    }

    pub fn allow_close(&self) {
        self.closing
            .store(true, std::sync::atomic::Ordering::SeqCst);
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
    {
        let account = account.clone();
        state
            .history
            .with_store("checking the job stopped unexpectedly", move |store| {
                store.check_job_account(job, &account)
            })
            .await?;
    }
    let store = state.history.store().await?;
    let control = RunControl::new();
    state.bulk.begin(job, control.clone())?;
    log::info!("bulk job {}: running", job.0);
    let app = app.clone();
    let runtime = tokio::runtime::Handle::current();
    tauri::async_runtime::spawn_blocking(move || {
        let sink = |progress: &RunProgress| {
            // A window that closed or reloaded no longer listens; the run goes on and is journalled either way.
            let _ = events.send(BulkRunEvent::Progress {
                progress: Box::new(progress.clone()),
            });
        };
        let runner = Runner::new(&client, &key, &account, store, RunSettings::default());
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

/// Closing the window while a run goes asks first: the close is held back and the window asked (it offers to stop
/// after the group being sent). A window that never registered to hear it closes as usual.
pub fn on_window_event<R: Runtime>(window: &tauri::Window<R>, event: &tauri::WindowEvent) {
    let tauri::WindowEvent::CloseRequested { api, .. } = event else {
        return;
    };
    let Some(state) = window.try_state::<AppState>() else {
        return;
    };
    let runs = &state.bulk;
    if !runs.is_running() || runs.closing.load(std::sync::atomic::Ordering::SeqCst) {
        return;
    }
    let watcher = runs
        .close_watcher
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone();
    if let Some(channel) = watcher {
        if channel.send(()).is_ok() {
            api.prevent_close();
        }
    }
}

/// Pauses the run (the group being sent is finished and journalled first) and waits until the journal says the
/// job is paused, at most `longest`; the job is then offered to resume at the next start.
pub async fn pause_for_closing(state: &AppState, longest: std::time::Duration) {
    let Some((job, control)) = state.bulk.active() else {
        return;
    };
    control.pause();
    let Ok(store) = state.history.store().await else {
        return;
    };
    let started = std::time::Instant::now();
    while started.elapsed() < longest {
        let store = store.clone();
        let status = tauri::async_runtime::spawn_blocking(move || store.job(job))
            .await
            .ok()
            .and_then(Result::ok)
            .map(|summary| summary.status);
        if status != Some(blooio_store::JobStatus::Running) {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}
