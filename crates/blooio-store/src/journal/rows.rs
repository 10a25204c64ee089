//! A row's transitions. Each is one transaction that checks the state it leaves, so a row is always in exactly
//! one state and never skips `sending`. `sending` is on the disk when `mark_sending` returns; an outcome
//! (created, conflict, failed, unsettled) is flushed with the next row's `sending` (see `Store::write_unflushed`).

use blooio_core::{unix_time_ms, CreateGroupRequest, CreatedGroup, Problem};
use rusqlite::{params, OptionalExtension, Transaction};

use super::jobs::{job_account, to_json};
use super::types::{JobId, JobStatus, RowId, RowState};
use crate::account::CreateSource;
use crate::history::{self, NewHistoryEntry};
use crate::open::Store;
use crate::problem::{StoreError, StoreProblem};

use RowState::*;

impl Store {
    /// Just before the row's request is sent: durable when this returns, so after a crash the row is looked up
    /// rather than sent again. From `pending`, `sending` or `unsettled` (a lookup found nothing, so it is sent
    /// again with a new time) or `failed` (retrying a row known not to exist). Refused unless the job is
    /// `running`: a paused or cancelled job sends nothing.
    pub fn mark_sending(&self, row: RowId, sent_at_ms: i64) -> Result<(), StoreError> {
        self.write(|tx| {
            enter_sending(
                tx,
                row,
                &[Pending, Sending, Unsettled, Failed],
                sent_at_ms,
                unix_time_ms(),
            )
        })
    }

    /// [`Store::mark_sending`] for several `pending` rows in one flushed transaction: a runner marks the next few
    /// rows before sending them one by one, so the disk is waited for once per batch instead of once per row.
    /// A crash then leaves some of them `sending` that never left; the resume looks those up (finding nothing)
    /// before sending them, so nothing is lost or doubled, at the cost of a lookup each. All or none are marked.
    pub fn mark_sending_batch(&self, rows: &[RowId], sent_at_ms: i64) -> Result<(), StoreError> {
        self.write(|tx| {
            let now = unix_time_ms();
            for &row in rows {
                enter_sending(tx, row, &[Pending], sent_at_ms, now)?;
            }
            Ok(())
        })
    }

    /// The group exists: Blooio's whole answer, or (`recovered`) the group found after a lost answer. The
    /// history gets its entry (source `bulk`, the job's account) in the same transaction. `request` is the row's
    /// own (the runner has it at hand); a different one is refused.
    pub fn mark_created(
        &self,
        row: RowId,
        request: &CreateGroupRequest,
        created: &CreatedGroup,
        recovered: bool,
        created_at_ms: i64,
    ) -> Result<(), StoreError> {
        self.write_unflushed(|tx| created_in(tx, row, request, created, recovered, created_at_ms))
    }

    /// Several rows' outcomes in one transaction, as a runner journals them while its next requests are in
    /// flight: all or none are recorded (a refused one refuses them all).
    pub fn record_outcomes(&self, outcomes: &[RowOutcome]) -> Result<(), StoreError> {
        self.write_unflushed(|tx| {
            for outcome in outcomes {
                match outcome {
                    RowOutcome::Created {
                        row,
                        request,
                        created,
                        recovered,
                        created_at_ms,
                    } => created_in(tx, *row, request, created, *recovered, *created_at_ms)?,
                    RowOutcome::Settled {
                        row,
                        state,
                        problem,
                    } => settled_in(tx, *row, *state, problem)?,
                }
            }
            Ok(())
        })
    }

    /// Blooio answered 409 (`problem` says which kind).
    pub fn mark_conflict(&self, row: RowId, problem: &Problem) -> Result<(), StoreError> {
        self.settle_with_problem(row, Conflict, problem)
    }

    /// Not created, for `problem`.
    pub fn mark_failed(&self, row: RowId, problem: &Problem) -> Result<(), StoreError> {
        self.settle_with_problem(row, Failed, problem)
    }

    /// The outcome is still unknown (`problem`: why); the row keeps its `sent_at_ms` for the next lookup.
    pub fn mark_unsettled(&self, row: RowId, problem: &Problem) -> Result<(), StoreError> {
        self.settle_with_problem(row, Unsettled, problem)
    }

    /// Back to `pending`, certainly not created: from `sending` once the create protocol settled it as not created
    /// for a reason that is no fault of the row (rate limited, no device connected, the key refused) so the run
    /// sends it again later, or from `failed` when the operator retries the failed rows. `sent_at_ms` and the
    /// problem are cleared: a pending row has never been sent as far as anyone needs to know.
    pub fn mark_pending_again(&self, row: RowId) -> Result<(), StoreError> {
        self.write(|tx| {
            enter(tx, row, Pending, &[Sending, Failed])?;
            tx.execute(
                "UPDATE job_rows SET state = 'pending', sent_at_ms = NULL, problem = NULL, updated_at_ms = ?2 \
                 WHERE id = ?1",
                params![row.0, unix_time_ms()],
            )?;
            Ok(())
        })
    }

    /// The operator leaves the row out: from `pending`, or `failed` (given up on).
    pub fn mark_skipped(&self, row: RowId) -> Result<(), StoreError> {
        self.write(|tx| {
            enter(tx, row, Skipped, &[Pending, Failed])?;
            tx.execute(
                "UPDATE job_rows SET state = 'skipped', problem = NULL, updated_at_ms = ?2 WHERE id = ?1",
                params![row.0, unix_time_ms()],
            )?;
            Ok(())
        })
    }

    fn settle_with_problem(
        &self,
        row: RowId,
        state: RowState,
        problem: &Problem,
    ) -> Result<(), StoreError> {
        self.write_unflushed(|tx| settled_in(tx, row, state, problem))
    }
}

/// What became of a sent row, for [`Store::record_outcomes`].
#[derive(Debug, Clone)]
pub enum RowOutcome {
    /// As [`Store::mark_created`].
    Created {
        row: RowId,
        request: CreateGroupRequest,
        // Boxed: Blooio's whole answer is large beside a settled row's problem.
        created: Box<CreatedGroup>,
        recovered: bool,
        created_at_ms: i64,
    },
    /// `Conflict`, `Failed` or `Unsettled`, with why (as [`Store::mark_conflict`] and the others).
    Settled {
        row: RowId,
        state: RowState,
        problem: Problem,
    },
}

fn created_in(
    tx: &Transaction<'_>,
    row: RowId,
    request: &CreateGroupRequest,
    created: &CreatedGroup,
    recovered: bool,
    created_at_ms: i64,
) -> Result<(), StoreError> {
    let job = enter(tx, row, Created, &[Sending, Unsettled])?;
    let request_json = to_json("request", request)?;
    let updated = tx
        .prepare_cached(
            "UPDATE job_rows SET state = 'created', response = ?2, recovered = ?3, problem = NULL, \
             updated_at_ms = ?4 WHERE id = ?1 AND request = ?5",
        )?
        .execute(params![
            row.0,
            to_json("response", created)?,
            recovered,
            unix_time_ms(),
            request_json
        ])?;
    if updated == 0 {
        return Err(StoreProblem::JobRowRequestMismatch { row: row.0 }.into());
    }
    let account = job_account(tx, job)?;
    history::insert(
        tx,
        &NewHistoryEntry {
            account: &account,
            source: CreateSource::Bulk,
            request,
            created,
            recovered,
            created_at_ms,
        },
        Some(row.0),
    )?;
    Ok(())
}

fn settled_in(
    tx: &Transaction<'_>,
    row: RowId,
    state: RowState,
    problem: &Problem,
) -> Result<(), StoreError> {
    if !matches!(state, Conflict | Failed | Unsettled) {
        return Err(StoreProblem::JobRowStateConflict {
            row: row.0,
            state: "sending".to_owned(),
            wanted: state.as_str().to_owned(),
        }
        .into());
    }
    enter(tx, row, state, &[Sending, Unsettled])?;
    tx.prepare_cached(
        "UPDATE job_rows SET state = ?2, problem = ?3, updated_at_ms = ?4 WHERE id = ?1",
    )?
    .execute(params![
        row.0,
        state.as_str(),
        to_json("problem", problem)?,
        unix_time_ms()
    ])?;
    Ok(())
}

/// Marks `row` `sending` from one of the states `from`, inside the write transaction; refused unless its job is
/// `running`: a paused or cancelled job sends nothing.
fn enter_sending(
    tx: &Transaction<'_>,
    row: RowId,
    from: &[RowState],
    sent_at_ms: i64,
    now: i64,
) -> Result<(), StoreError> {
    let job = enter(tx, row, Sending, from)?;
    let status: String = tx
        .prepare_cached("SELECT status FROM jobs WHERE id = ?1")?
        .query_row([job.0], |r| r.get(0))?;
    if JobStatus::parse(&status)? != JobStatus::Running {
        return Err(StoreProblem::JobStatusConflict {
            job: job.0,
            status,
            wanted: "sending".to_owned(),
        }
        .into());
    }
    tx.prepare_cached(
        "UPDATE job_rows SET state = 'sending', sent_at_ms = ?2, problem = NULL, updated_at_ms = ?3 WHERE id = ?1",
    )?
    .execute(params![row.0, sent_at_ms, now])?;
    Ok(())
}

/// Checks, inside the write transaction, that `row` may go to `to` from the state it is in; returns its job.
fn enter(
    tx: &Transaction<'_>,
    row: RowId,
    to: RowState,
    from: &[RowState],
) -> Result<JobId, StoreError> {
    let (job, state): (i64, String) = tx
        .prepare_cached("SELECT job_id, state FROM job_rows WHERE id = ?1")?
        .query_row([row.0], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
        .ok_or(StoreProblem::JobRowNotFound { row: row.0 })?;
    if !from.contains(&RowState::parse(&state)?) {
        return Err(StoreProblem::JobRowStateConflict {
            row: row.0,
            state,
            wanted: to.as_str().to_owned(),
        }
        .into());
    }
    Ok(JobId(job))
}
