//! The run loop: row after row through the create protocol, paced by what Blooio answers, stopped only between
//! rows. A row is `sending` on the disk before its request leaves; its outcome is journalled by a thread of its
//! own (`outcome_journal.rs`) while the next requests are in flight, and is always written before the run reads
//! the journal again, waits, pauses or ends. A crash in between leaves that row `sending`, which the resume looks
//! up: nothing is sent twice.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use blooio_core::{unix_time_ms, ApiKey, BlooioClient, CreateOutcome, Problem, LOOK_AGAIN_AFTER};
use blooio_store::{
    Account, JobCounts, JobId, JobRow, JobStatus, RowId, RowOutcome, RowState, Store, StoreError,
    StoreProblem,
};

use crate::classify::{not_created, NotCreatedVerdict};
use crate::control::{RunControl, Wanted};
use crate::outcome_journal::{MarkedAhead, OutcomeJournal};
use crate::progress::{
    done, Pace, PauseReason, ProgressSink, RowUpdate, RunPhase, RunProgress, WaitReason,
};

/// How a run paces itself. [`Default`] is what the window and the CLI use; tests shorten the waits.
#[derive(Debug, Clone)]
pub struct RunSettings {
    /// How long after a lost answer to look the group up again (the protocol's own advice).
    pub look_again_after: Duration,
    /// How many times a run looks its unsettled rows up again before pausing with them.
    pub look_again_rounds: u32,
    /// A `Retry-After` longer than this pauses the run instead of keeping the operator waiting in front of it
    /// (a daily quota, say).
    pub longest_wait: Duration,
    /// The wait after a 429 that gave no `Retry-After`.
    pub rate_limit_wait: Duration,
    /// The wait before sending a row again after a passing device-link error (502), and how many times.
    pub device_error_wait: Duration,
    pub device_error_tries: u32,
    /// `true` (the window): a paused run waits for the operator's resume or cancel. `false` (the CLI): it
    /// returns, leaving the job `paused` for a later `--resume`.
    pub wait_when_paused: bool,
    /// Row progress is sent at most this often; a change of phase always at once.
    pub progress_every: Duration,
    /// Rows are marked `sending` in one flushed write, as many as the run sends in about this long at its pace
    /// so far (one at a time until it has one), and the next batch is marked while this one is sent. Longer
    /// spends one disk flush on more rows; after a crash, each row marked that hadn't left (at most two batches)
    /// costs a lookup. At Blooio's 100 requests a second that is one row per flush; against the local sandbox,
    /// `most_rows_per_flush`.
    pub flush_span: Duration,
    /// The most rows marked in one flushed write.
    pub most_rows_per_flush: usize,
}

impl Default for RunSettings {
    fn default() -> Self {
        RunSettings {
            look_again_after: LOOK_AGAIN_AFTER,
            look_again_rounds: 3,
            longest_wait: Duration::from_secs(15 * 60),
            rate_limit_wait: Duration::from_secs(5),
            device_error_wait: Duration::from_secs(2),
            device_error_tries: 3,
            wait_when_paused: true,
            progress_every: Duration::from_millis(100),
            flush_span: Duration::from_millis(10),
            most_rows_per_flush: 64,
        }
    }
}

/// How a run ended.
#[derive(Debug, Clone, PartialEq)]
pub struct RunEnd {
    /// `Finished`, `Cancelled`, or `Paused` (a run that does not wait when paused, or one left with unsettled
    /// rows).
    pub phase: RunPhase,
    pub counts: JobCounts,
}

/// A run that could not go on: the journal failed (a full disk, say), or the job can't be run with this key.
/// The job stays as the journal last recorded it; resuming it later is safe.
#[derive(thiserror::Error, Debug)]
pub enum RunError {
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl RunError {
    pub fn problem(&self) -> &StoreProblem {
        match self {
            RunError::Store(error) => error.problem(),
        }
    }
}

/// Runs jobs of one account.
pub struct Runner<'a> {
    client: &'a BlooioClient,
    key: &'a ApiKey,
    account: &'a Account,
    store: Arc<Store>,
    settings: RunSettings,
}

/// What became of one row.
enum RowResult {
    /// Journalled with a final or unsettled state.
    Settled,
    /// Sent nothing that stays: send it again after this wait.
    Again(WaitReason, Duration),
    /// Every row would meet this: pause the run.
    Pause(Problem),
}

impl<'a> Runner<'a> {
    /// `account` is the one `key` belongs to, as the caller made it (mode, base URL, the key's hint).
    pub fn new(
        client: &'a BlooioClient,
        key: &'a ApiKey,
        account: &'a Account,
        store: Arc<Store>,
        settings: RunSettings,
    ) -> Self {
        Runner {
            client,
            key,
            account,
            store,
            settings,
        }
    }

    /// Runs (or resumes) `job` until every row is settled, the operator cancels, or it pauses (and, without
    /// `wait_when_paused`, returns). Rows a crash left `sending` or `unsettled` are looked up before anything
    /// is sent again.
    pub async fn run(
        &self,
        job: JobId,
        control: &RunControl,
        sink: &dyn ProgressSink,
    ) -> Result<RunEnd, RunError> {
        self.store.check_job_account(job, self.account)?;
        let mut run = Run {
            runner: self,
            job,
            control,
            sink,
            counts: self.store.job(job)?.counts,
            pace: Pace::new(),
            marked_running: false,
            last_sent: None,
            last_row: None,
            device_errors: 0,
            premarked: HashSet::new(),
            ahead: None,
            released: HashSet::new(),
            outcomes: OutcomeJournal::start(self.store.clone()),
        };
        run.go().await
    }
}

/// One run's state.
struct Run<'r, 'a> {
    runner: &'r Runner<'a>,
    job: JobId,
    control: &'r RunControl,
    sink: &'r dyn ProgressSink,
    counts: JobCounts,
    pace: Pace,
    /// Whether the journal already says `running` (set once per stretch, not per row: it is a flushed write).
    marked_running: bool,
    /// When progress was last sent, to keep row updates to `progress_every`.
    last_sent: Option<Instant>,
    /// The last row whose outcome was journalled.
    last_row: Option<RowUpdate>,
    /// Passing device errors of the row being sent.
    device_errors: u32,
    /// Rows marked `sending` ahead in one batch (one disk flush for several rows) and not sent yet.
    premarked: HashSet<RowId>,
    /// The next batch, being marked `sending` by the journal's thread while this one is sent.
    ahead: Option<(Vec<RowId>, MarkedAhead)>,
    /// Rows marked ahead and then put back to `pending` (the run stopped or waited before sending them).
    released: HashSet<RowId>,
    /// The rows' outcomes, journalled while the next requests are in flight.
    outcomes: OutcomeJournal,
}

/// What a pause came to.
enum Paused {
    Resumed,
    Ended(RunEnd),
}

impl Run<'_, '_> {
    fn store(&self) -> &Store {
        &self.runner.store
    }

    /// Waits until every outcome so far is journalled: before the journal is read again, and before the run
    /// waits, pauses or ends, so what it says is what the run did.
    async fn outcome_written(&mut self) -> Result<(), RunError> {
        Ok(self.outcomes.written().await?)
    }

    fn settings(&self) -> &RunSettings {
        &self.runner.settings
    }

    async fn go(&mut self) -> Result<RunEnd, RunError> {
        let mut look_again_rounds = 0;
        loop {
            self.outcome_written().await?;
            let rows = self.store().rows_to_resume(self.job)?;
            if rows.is_empty() {
                if let Some(end) = self.between_rows().await? {
                    return Ok(end);
                }
                self.store().set_job_status(self.job, JobStatus::Finished)?;
                return Ok(self.end(RunPhase::Finished));
            }
            // Rows this run (or an earlier one) left unsettled are looked up again only once every other row has
            // had its turn, and after the wait the protocol asks for.
            let fresh: Vec<JobRow> = rows
                .iter()
                .filter(|row| row.state != RowState::Unsettled)
                .cloned()
                .collect();
            let batch = if fresh.is_empty() {
                if look_again_rounds >= self.settings().look_again_rounds {
                    match self.pause(PauseReason::Unsettled).await? {
                        Paused::Ended(end) => return Ok(end),
                        Paused::Resumed => look_again_rounds = 0,
                    }
                } else {
                    look_again_rounds += 1;
                    let wait = self.settings().look_again_after;
                    if let Some(end) = self.wait(WaitReason::LookingAgain, wait).await? {
                        return Ok(end);
                    }
                }
                rows
            } else {
                fresh
            };
            let mut batch = batch;
            for index in 0..batch.len() {
                if self.released.remove(&batch[index].id) {
                    batch[index].state = RowState::Pending;
                }
                if batch[index].state == RowState::Pending
                    && !self.premarked.contains(&batch[index].id)
                {
                    if let Some(end) = self.between_rows().await? {
                        return Ok(end);
                    }
                    self.premark(&mut batch[index..]).await?;
                }
                if let Some(end) = self.row_until_settled(batch[index].clone()).await? {
                    return Ok(end);
                }
            }
        }
    }

    /// Sends `row` until its outcome is journalled, waiting or pausing as Blooio's answers ask; `Some` when the
    /// run ends before that.
    async fn row_until_settled(&mut self, mut row: JobRow) -> Result<Option<RunEnd>, RunError> {
        self.device_errors = 0;
        loop {
            if let Some(end) = self.between_rows().await? {
                return Ok(Some(end));
            }
            match self.send(&row).await? {
                RowResult::Settled => return Ok(None),
                RowResult::Again(reason, wait) => {
                    row.state = RowState::Pending;
                    if let Some(end) = self.wait(reason, wait).await? {
                        return Ok(Some(end));
                    }
                }
                RowResult::Pause(problem) => {
                    row.state = RowState::Pending;
                    if let Paused::Ended(end) = self.pause(PauseReason::Blooio { problem }).await? {
                        return Ok(Some(end));
                    }
                }
            }
        }
    }

    /// Makes `rows[0]` (pending) `sending` on the disk before it is sent: the batch marked ahead holds it
    /// (waited for), or it and the next pending rows are marked now in one flushed write. Then the batch after is
    /// handed to the journal's thread to mark while these are sent.
    async fn premark(&mut self, rows: &mut [JobRow]) -> Result<(), RunError> {
        self.ahead_marked().await?;
        let per_flush = self.rows_per_flush();
        if !self.premarked.contains(&rows[0].id) {
            let ids = pending_ids(rows, &self.premarked, per_flush);
            self.store().mark_sending_batch(&ids, unix_time_ms())?;
            self.now_sending(ids);
        }
        // The marked rows are the next few of `rows`: stop once each is seen, not at the end of a long job
        // (at Blooio's pace this runs for every row).
        let mut unseen = self.premarked.len();
        for row in rows.iter_mut() {
            if unseen == 0 {
                break;
            }
            if self.premarked.contains(&row.id) {
                unseen -= 1;
                if row.state == RowState::Pending {
                    row.state = RowState::Sending;
                }
            }
        }
        let next = pending_ids(rows, &self.premarked, per_flush);
        if !next.is_empty() {
            let marked = self.outcomes.mark_sending(next.clone());
            self.ahead = Some((next, marked));
        }
        Ok(())
    }

    /// How many rows the next flushed write marks (see [`RunSettings::flush_span`]).
    fn rows_per_flush(&self) -> usize {
        rows_per_flush(self.pace.per_minute(), self.settings())
    }

    /// Waits for the batch being marked ahead, if any: once this returns, its rows are `sending` on the disk.
    async fn ahead_marked(&mut self) -> Result<(), RunError> {
        if let Some((rows, marked)) = self.ahead.take() {
            marked.written().await?;
            self.now_sending(rows);
        }
        Ok(())
    }

    fn now_sending(&mut self, rows: Vec<RowId>) {
        for row in rows {
            self.counts.moved(RowState::Pending, RowState::Sending);
            self.premarked.insert(row);
        }
    }

    /// Rows marked ahead that the run won't send now go back to `pending`: whenever it stops, waits or ends, so
    /// that a resume doesn't have to look up rows that never left.
    async fn release_premarked(&mut self) -> Result<(), RunError> {
        self.ahead_marked().await?;
        for row in std::mem::take(&mut self.premarked) {
            self.store().mark_pending_again(row)?;
            self.counts.moved(RowState::Sending, RowState::Pending);
            self.released.insert(row);
        }
        Ok(())
    }

    /// Takes the operator's wish between rows: `Some` when the run ends here.
    async fn between_rows(&mut self) -> Result<Option<RunEnd>, RunError> {
        loop {
            match self.control.wanted() {
                Wanted::Run => {
                    if !self.marked_running {
                        self.store().set_job_status(self.job, JobStatus::Running)?;
                        self.marked_running = true;
                    }
                    return Ok(None);
                }
                Wanted::Cancel => return Ok(Some(self.cancel().await?)),
                Wanted::Pause => match self.pause(PauseReason::Operator).await? {
                    Paused::Ended(end) => return Ok(Some(end)),
                    Paused::Resumed => {}
                },
            }
        }
    }

    async fn cancel(&mut self) -> Result<RunEnd, RunError> {
        self.outcome_written().await?;
        self.release_premarked().await?;
        self.store()
            .set_job_status(self.job, JobStatus::Cancelled)?;
        Ok(self.end(RunPhase::Cancelled))
    }

    /// Pauses the job; when the settings say to wait, until the operator resumes or cancels.
    async fn pause(&mut self, reason: PauseReason) -> Result<Paused, RunError> {
        self.pace.stopped();
        self.outcome_written().await?;
        self.release_premarked().await?;
        self.store().set_job_status(self.job, JobStatus::Paused)?;
        self.marked_running = false;
        let phase = RunPhase::Paused { reason };
        if !self.settings().wait_when_paused {
            return Ok(Paused::Ended(self.end(phase)));
        }
        // Whatever paused it, the operator's resume means "try again now"; set before anyone hears of the
        // pause, so a resume given on hearing it is not overwritten.
        self.control.pause();
        self.report(phase, true);
        match self.control.changed_from(Wanted::Pause).await {
            Wanted::Cancel => Ok(Paused::Ended(self.cancel().await?)),
            Wanted::Run | Wanted::Pause => Ok(Paused::Resumed),
        }
    }

    /// Waits `wait` unless the operator pauses or cancels first; `Some` when the run ends here.
    async fn wait(
        &mut self,
        reason: WaitReason,
        wait: Duration,
    ) -> Result<Option<RunEnd>, RunError> {
        // The wait counts in the pace: "time left" must include the waits Blooio asks for.
        self.outcome_written().await?;
        self.release_premarked().await?;
        let wait_ms = i64::try_from(wait.as_millis()).unwrap_or(i64::MAX);
        let until_ms = unix_time_ms().saturating_add(wait_ms);
        self.report(RunPhase::Waiting { reason, until_ms }, true);
        let control = self.control;
        tokio::select! {
            () = tokio::time::sleep(wait) => Ok(None),
            _ = control.changed_from(Wanted::Run) => self.between_rows().await,
        }
    }

    async fn send(&mut self, row: &JobRow) -> Result<RowResult, RunError> {
        self.pace.sending();
        let runner = self.runner;
        let store = &*runner.store;
        let pending = if self.premarked.remove(&row.id) {
            store.pending_for_premarked(row.id)
        } else {
            store.pending_for(row.id)
        };
        // A journal that can't be written stops the run before another request leaves.
        if let Some(error) = self.outcomes.failure() {
            return Err(error.into());
        }
        let outcome = runner
            .client
            .create_group_once(runner.key, &row.request, &pending)
            .await;
        let id = row.id;
        let (state, group_id, problem) = match outcome {
            CreateOutcome::Created { created, recovered } => {
                let group_id = created.group.group_id.clone();
                self.outcomes.record(RowOutcome::Created {
                    row: id,
                    request: row.request.clone(),
                    created: Box::new(created),
                    recovered,
                    created_at_ms: unix_time_ms(),
                });
                (RowState::Created, group_id, None)
            }
            CreateOutcome::Unknown { problem, .. } => {
                self.settled(id, RowState::Unsettled, &problem);
                (RowState::Unsettled, None, Some(problem))
            }
            CreateOutcome::NotCreated { problem, .. } => match not_created(&problem) {
                NotCreatedVerdict::Conflict => {
                    self.settled(id, RowState::Conflict, &problem);
                    (RowState::Conflict, None, Some(problem))
                }
                NotCreatedVerdict::Passing
                    if self.device_errors < self.settings().device_error_tries =>
                {
                    self.back_to_pending(row).await?;
                    let wait =
                        self.settings().device_error_wait * 2u32.pow(self.device_errors.min(8));
                    self.device_errors += 1;
                    return Ok(RowResult::Again(WaitReason::DeviceError, wait));
                }
                NotCreatedVerdict::Failed | NotCreatedVerdict::Passing => {
                    self.settled(id, RowState::Failed, &problem);
                    (RowState::Failed, None, Some(problem))
                }
                NotCreatedVerdict::RateLimited(retry_after) => {
                    self.back_to_pending(row).await?;
                    let wait = retry_after.unwrap_or(self.settings().rate_limit_wait);
                    if wait > self.settings().longest_wait {
                        return Ok(RowResult::Pause(problem));
                    }
                    return Ok(RowResult::Again(WaitReason::RateLimited, wait));
                }
                NotCreatedVerdict::PauseRun => {
                    self.back_to_pending(row).await?;
                    return Ok(RowResult::Pause(problem));
                }
            },
        };
        self.counts.moved(row.state, state);
        if state != RowState::Unsettled {
            self.pace.settled();
        }
        self.last_row = Some(RowUpdate {
            position: row.position,
            row_numbers: row.row_numbers.clone(),
            name: row.request.name.clone(),
            state,
            group_id,
            problem,
        });
        self.report(RunPhase::Sending, false);
        Ok(RowResult::Settled)
    }

    /// Journals a row that ended `state` (conflict, failed, unsettled) for `problem`.
    fn settled(&self, row: RowId, state: RowState, problem: &Problem) {
        self.outcomes.record(RowOutcome::Settled {
            row,
            state,
            problem: problem.clone(),
        });
    }

    /// The row was certainly not created and is to be sent again: journalled `pending`. A row the protocol
    /// never marked `sending` (the journal refused the record) is left as it is.
    async fn back_to_pending(&mut self, row: &JobRow) -> Result<(), RunError> {
        self.outcome_written().await?;
        let now = self.store().job_row(row.id)?.state;
        if matches!(now, RowState::Sending | RowState::Failed) {
            self.store().mark_pending_again(row.id)?;
            self.counts.moved(row.state, RowState::Pending);
        }
        Ok(())
    }

    /// Sends progress: always for a new phase (`force`), else at most every `progress_every`.
    fn report(&mut self, phase: RunPhase, force: bool) {
        let due = self
            .last_sent
            .is_none_or(|at| at.elapsed() >= self.settings().progress_every);
        if !force && !due {
            return;
        }
        self.last_sent = Some(Instant::now());
        let remaining = self.counts.total.saturating_sub(done(&self.counts));
        self.sink.progress(&RunProgress {
            job: self.job,
            phase,
            counts: self.counts,
            done: done(&self.counts),
            per_minute: self.pace.per_minute(),
            seconds_left: self.pace.seconds_left(remaining),
            row: self.last_row.clone(),
        });
    }

    fn end(&mut self, phase: RunPhase) -> RunEnd {
        self.pace.stopped();
        self.report(phase.clone(), true);
        RunEnd {
            phase,
            counts: self.counts,
        }
    }
}

/// The ids of the first `count` rows of `rows` still `pending` and not marked already.
fn pending_ids(rows: &[JobRow], marked: &HashSet<RowId>, count: usize) -> Vec<RowId> {
    rows.iter()
        .filter(|row| row.state == RowState::Pending && !marked.contains(&row.id))
        .take(count)
        .map(|row| row.id)
        .collect()
}

/// Rows sent in about `flush_span` at `per_minute` (unknown at first: one), between 1 and `most_rows_per_flush`.
fn rows_per_flush(per_minute: Option<f64>, settings: &RunSettings) -> usize {
    let most = settings.most_rows_per_flush.max(1);
    let Some(per_minute) = per_minute else {
        return 1;
    };
    let rows = (per_minute / 60.0 * settings.flush_span.as_secs_f64()).ceil();
    // `as` saturates, and NaN becomes 0: no pace can overflow it.
    (rows as usize).clamp(1, most)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flush_covers_about_ten_milliseconds_of_sending() {
        let settings = RunSettings::default();
        // Blooio's own rate limit, 100 a second: every row is flushed on its own.
        assert_eq!(rows_per_flush(Some(6_000.0), &settings), 1);
        assert_eq!(rows_per_flush(Some(60_000.0), &settings), 10);
        // The local sandbox, thousands a second: the cap.
        assert_eq!(rows_per_flush(Some(400_000.0), &settings), 64);
        // No pace yet, and paces no clock gives.
        assert_eq!(rows_per_flush(None, &settings), 1);
        assert_eq!(rows_per_flush(Some(0.0), &settings), 1);
        assert_eq!(rows_per_flush(Some(f64::NAN), &settings), 1);
        assert_eq!(rows_per_flush(Some(f64::INFINITY), &settings), 64);
    }
}
