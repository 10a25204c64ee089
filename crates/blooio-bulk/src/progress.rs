//! What a run tells whoever watches it: the window (through a `tauri::ipc::Channel`), the CLI (a progress bar).

use std::time::{Duration, Instant};

use blooio_core::Problem;
use blooio_store::{JobCounts, JobId, RowState};
use serde::Serialize;
use ts_rs::TS;

/// Why a run stopped sending until the operator resumes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "reason", rename_all = "snake_case")]
#[ts(export, rename = "RunPauseReason")]
pub enum PauseReason {
    /// The operator paused it.
    Operator,
    /// Blooio (or the way to it) refuses every row for now: no iPhone or Mac connected (503), the key refused or
    /// not allowed (401, 403), the trial's limit (402), Blooio out of reach, a rate limit longer than a run
    /// should wait, or the journal could not be written. `problem` says which, in the shared taxonomy.
    Blooio { problem: Problem },
    /// Rows whose answer was lost could not be settled by looking them up; resuming looks again.
    Unsettled,
}

/// Why a run is waiting by itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "reason", rename_all = "snake_case")]
#[ts(export, rename = "RunWaitReason")]
pub enum WaitReason {
    /// Blooio answered 429; waiting as its `Retry-After` says.
    RateLimited,
    /// Blooio's device link failed for a moment (502); trying the row again shortly.
    DeviceError,
    /// Some answers were lost; waiting before looking those groups up again.
    LookingAgain,
}

/// Where the run is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "phase", rename_all = "snake_case")]
#[ts(export, rename = "RunPhase")]
pub enum RunPhase {
    Sending,
    Waiting {
        #[serde(flatten)]
        reason: WaitReason,
        /// Unix ms when the run goes on by itself.
        #[ts(type = "number")]
        until_ms: i64,
    },
    Paused {
        #[serde(flatten)]
        reason: PauseReason,
    },
    Cancelled,
    Finished,
}

/// The last row whose outcome was journalled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export, rename = "RunRowUpdate")]
pub struct RowUpdate {
    /// 0-based order in the job.
    pub position: u32,
    /// The rows of the file it came from.
    pub row_numbers: Vec<u32>,
    pub name: String,
    pub state: RowState,
    pub group_id: Option<String>,
    pub problem: Option<Problem>,
}

/// One message of a run's progress.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export, rename = "RunProgress")]
pub struct RunProgress {
    pub job: JobId,
    pub phase: RunPhase,
    /// Every row of the job by state, including rows settled by earlier runs of it.
    pub counts: JobCounts,
    /// Rows with a final outcome (created, conflict, failed, skipped), of `counts.total`.
    pub done: u32,
    /// Rows settled per minute in this run, once there is enough to tell.
    pub per_minute: Option<f64>,
    /// At `per_minute`, how long the rest takes.
    #[ts(type = "number | null")]
    pub seconds_left: Option<u64>,
    pub row: Option<RowUpdate>,
}

/// Where progress goes. Called from the run's task; keep it quick (hand the message over, don't draw).
pub trait ProgressSink: Send + Sync {
    fn progress(&self, progress: &RunProgress);
}

/// Nobody watching.
impl ProgressSink for () {
    fn progress(&self, _progress: &RunProgress) {}
}

impl<F: Fn(&RunProgress) + Send + Sync> ProgressSink for F {
    fn progress(&self, progress: &RunProgress) {
        self(progress)
    }
}

pub(crate) fn done(counts: &JobCounts) -> u32 {
    counts.created + counts.conflict + counts.failed + counts.skipped
}

/// The run's speed: rows settled over the time the run has been going, Blooio's waits (a rate limit) included so
/// that "time left" is what the operator will wait, and pauses left out so that it doesn't jump after one.
pub(crate) struct Pace {
    settled: u32,
    sending_since: Option<Instant>,
    sent_for: Duration,
}

/// Fewer than this and the rate would be noise.
const PACE_MIN_ROWS: u32 = 3;

impl Pace {
    pub(crate) fn new() -> Self {
        Pace {
            settled: 0,
            sending_since: None,
            sent_for: Duration::ZERO,
        }
    }

    pub(crate) fn sending(&mut self) {
        self.sending_since.get_or_insert_with(Instant::now);
    }

    pub(crate) fn stopped(&mut self) {
        if let Some(since) = self.sending_since.take() {
            self.sent_for += since.elapsed();
        }
    }

    pub(crate) fn settled(&mut self) {
        self.settled += 1;
    }

    pub(crate) fn per_minute(&self) -> Option<f64> {
        let spent = self.sent_for + self.sending_since.map_or(Duration::ZERO, |s| s.elapsed());
        if self.settled < PACE_MIN_ROWS || spent.is_zero() {
            return None;
        }
        Some(f64::from(self.settled) * 60.0 / spent.as_secs_f64())
    }

    pub(crate) fn seconds_left(&self, remaining: u32) -> Option<u64> {
        let per_minute = self.per_minute()?;
        // Rounded up: "0 s left" while a row is still going would be wrong.
        Some((f64::from(remaining) * 60.0 / per_minute).ceil() as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_rate_until_a_few_rows_are_done() {
        let mut pace = Pace::new();
        pace.sending();
        pace.settled();
        pace.settled();
        assert_eq!(pace.per_minute(), None);
        assert_eq!(pace.seconds_left(10), None);
        pace.settled();
        std::thread::sleep(Duration::from_millis(5));
        assert!(pace.per_minute().is_some_and(|rate| rate > 0.0));
        assert!(pace.seconds_left(10).is_some_and(|left| left >= 1));
    }

    #[test]
    fn phases_serialise_flat_for_the_window() {
        let phase = RunPhase::Waiting {
            reason: WaitReason::RateLimited,
            until_ms: 5,
        };
        assert_eq!(
            serde_json::to_value(&phase).ok(),
            Some(serde_json::json!({"phase": "waiting", "reason": "rate_limited", "until_ms": 5}))
        );
        let paused = RunPhase::Paused {
            reason: PauseReason::Operator,
        };
        assert_eq!(
            serde_json::to_value(&paused).ok(),
            Some(serde_json::json!({"phase": "paused", "reason": "operator"}))
        );
    }
}
