//! Jobs: making one with all its rows, their status, finding the ones to resume, reading their rows.

use blooio_core::unix_time_ms;
use rusqlite::{params, Connection, OptionalExtension, Row};

use super::types::{
    JobCounts, JobId, JobRow, JobRowInput, JobStatus, JobSummary, ReportFilter, ReportPage, RowId,
    RowState,
};
use crate::account::{Account, AccountMode};
use crate::open::Store;
use crate::problem::{StoreError, StoreProblem};

impl Store {
    /// Records a new job, `running`, with every row `pending`, in one transaction: a crash leaves the whole
    /// job or none of it.
    pub fn create_job(
        &self,
        account: &Account,
        source_file_name: &str,
        rows: &[JobRowInput],
    ) -> Result<JobId, StoreError> {
        let now = unix_time_ms();
        self.write(|tx| {
            tx.execute(
                "INSERT INTO jobs (source_file_name, created_at_ms, mode, base_url, key_hint) \
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    source_file_name,
                    now,
                    account.mode().as_str(),
                    account.base_url(),
                    account.key_hint()
                ],
            )?;
            let job = tx.last_insert_rowid();
            let mut insert = tx.prepare_cached(
                "INSERT INTO job_rows (job_id, position, row_numbers, request, updated_at_ms) \
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for (position, row) in rows.iter().enumerate() {
                insert.execute(params![
                    job,
                    position as i64,
                    to_json("row numbers", &row.row_numbers)?,
                    to_json("request", &row.request)?,
                    now
                ])?;
            }
            Ok(JobId(job))
        })
    }

    pub fn job(&self, job: JobId) -> Result<JobSummary, StoreError> {
        summary(&self.conn(), job)
    }

    /// The account a job's rows are sent with (its key hint, to check that the key at hand is the same).
    pub fn job_account(&self, job: JobId) -> Result<Account, StoreError> {
        job_account(&self.conn(), job)
    }

    /// Refuses to run `job` with another account than it was made with: its rows' pending records and their
    /// lookups belong to that account, and a group created with another key would be a second group.
    pub fn check_job_account(&self, job: JobId, account: &Account) -> Result<(), StoreError> {
        let made_with = job_account(&self.conn(), job)?;
        if made_with.mode() == account.mode()
            && made_with.base_url() == account.base_url()
            && made_with.key_hint() == account.key_hint()
        {
            return Ok(());
        }
        Err(StoreProblem::JobAccountMismatch {
            job: job.0,
            key_hint: made_with.key_hint().to_owned(),
            base_url: made_with.base_url().to_owned(),
        }
        .into())
    }

    /// Jobs to offer to resume at start: those running (a crash or a kill leaves a job so) or paused, and any
    /// other with a row whose outcome is not known yet. Oldest first.
    pub fn unfinished_jobs(&self) -> Result<Vec<JobSummary>, StoreError> {
        let conn = self.conn();
        let ids = conn
            .prepare_cached(
                "SELECT id FROM jobs WHERE status IN ('running', 'paused') OR EXISTS (SELECT 1 FROM job_rows \
                 WHERE job_id = jobs.id AND state IN ('sending', 'unsettled')) ORDER BY id",
            )?
            .query_map([], |row| row.get(0))?
            .collect::<Result<Vec<i64>, _>>()?;
        ids.into_iter()
            .map(|id| summary(&conn, JobId(id)))
            .collect()
    }

    /// The rows a resumed job still has to deal with: `sending` and `unsettled` (settled through the create
    /// protocol's lookup, never resent blindly) and `pending`, in the job's order.
    pub fn rows_to_resume(&self, job: JobId) -> Result<Vec<JobRow>, StoreError> {
        self.report(
            job,
            &ReportFilter {
                states: vec![RowState::Sending, RowState::Unsettled, RowState::Pending],
            },
        )
    }

    /// The job's rows in `filter`'s states, in the job's order.
    pub fn report(&self, job: JobId, filter: &ReportFilter) -> Result<Vec<JobRow>, StoreError> {
        let conn = self.conn();
        summary(&conn, job)?;
        rows_matching(&conn, job, filter, 0, None)
    }

    /// A page of the report: the job, how many of its rows are in `filter`'s states, and up to `limit` of them
    /// from the `offset`-th.
    pub fn report_page(
        &self,
        job: JobId,
        filter: &ReportFilter,
        offset: usize,
        limit: usize,
    ) -> Result<ReportPage, StoreError> {
        let conn = self.conn();
        let summary = summary(&conn, job)?;
        let total: i64 = conn
            .prepare_cached(&format!(
                "SELECT count(*) FROM job_rows WHERE job_id = ?1 AND {IN_FILTER_STATES}"
            ))?
            .query_row(params![job.0, states_json(filter)?], |row| row.get(0))?;
        Ok(ReportPage {
            job: summary,
            total: u32::try_from(total).unwrap_or(u32::MAX),
            rows: rows_matching(&conn, job, filter, offset, Some(limit))?,
        })
    }

    /// One row.
    pub fn job_row(&self, row: RowId) -> Result<JobRow, StoreError> {
        read_row(&self.conn(), row)
    }

    /// Sets a job's status: `running` ⇄ `paused`, and either to `cancelled` or `finished`, which are final.
    /// Setting the status it already has does nothing.
    pub fn set_job_status(&self, job: JobId, status: JobStatus) -> Result<(), StoreError> {
        self.write(|tx| {
            let current = summary(tx, job)?.status;
            let allowed = current == status
                || matches!(
                    (current, status),
                    (JobStatus::Running | JobStatus::Paused, _)
                );
            if !allowed {
                return Err(StoreProblem::JobStatusConflict {
                    job: job.0,
                    status: current.as_str().to_owned(),
                    wanted: status.as_str().to_owned(),
                }
                .into());
            }
            tx.execute(
                "UPDATE jobs SET status = ?2 WHERE id = ?1",
                params![job.0, status.as_str()],
            )?;
            Ok(())
        })
    }

    /// "Retry the rows that failed": every `failed` row (known not to exist on Blooio) back to `pending`, and
    /// the job, even a finished or cancelled one, `paused` until it is run again. One transaction. Returns how
    /// many rows will be sent again.
    pub fn retry_failed(&self, job: JobId) -> Result<u32, StoreError> {
        self.write(|tx| {
            summary(tx, job)?;
            let rows = tx.execute(
                "UPDATE job_rows SET state = 'pending', sent_at_ms = NULL, problem = NULL, updated_at_ms = ?2 \
                 WHERE job_id = ?1 AND state = 'failed'",
                params![job.0, unix_time_ms()],
            )?;
            if rows > 0 {
                tx.execute("UPDATE jobs SET status = 'paused' WHERE id = ?1", [job.0])?;
            }
            Ok(u32::try_from(rows).unwrap_or(u32::MAX))
        })
    }

    /// Deletes a job and its rows; refused while the job is unfinished (see [`Store::unfinished_jobs`]), since
    /// its journal is what prevents a duplicate. History entries it made stay, without their job.
    pub fn delete_job(&self, job: JobId) -> Result<(), StoreError> {
        self.write(|tx| {
            let summary = summary(tx, job)?;
            let open = summary.counts.sending + summary.counts.unsettled;
            if matches!(summary.status, JobStatus::Running | JobStatus::Paused) || open > 0 {
                return Err(StoreProblem::JobStatusConflict {
                    job: job.0,
                    status: summary.status.as_str().to_owned(),
                    wanted: "deleted".to_owned(),
                }
                .into());
            }
            tx.execute("DELETE FROM jobs WHERE id = ?1", [job.0])?;
            Ok(())
        })
    }
}

pub(super) fn job_account(conn: &Connection, job: JobId) -> Result<Account, StoreError> {
    let stored = conn
        .prepare_cached("SELECT mode, base_url, key_hint FROM jobs WHERE id = ?1")?
        .query_row([job.0], |row| {
            Ok((row.get::<_, String>(0)?, row.get(1)?, row.get(2)?))
        })
        .optional()?
        .ok_or(StoreProblem::JobNotFound { job: job.0 })?;
    Ok(Account::from_stored(
        AccountMode::parse(&stored.0)?,
        stored.1,
        stored.2,
    ))
}

fn summary(conn: &Connection, job: JobId) -> Result<JobSummary, StoreError> {
    let (source_file_name, created_at_ms, status): (String, i64, String) = conn
        .prepare_cached("SELECT source_file_name, created_at_ms, status FROM jobs WHERE id = ?1")?
        .query_row([job.0], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
        .optional()?
        .ok_or(StoreProblem::JobNotFound { job: job.0 })?;
    let account = job_account(conn, job)?;
    let mut counts = JobCounts::default();
    let mut statement = conn
        .prepare_cached("SELECT state, count(*) FROM job_rows WHERE job_id = ?1 GROUP BY state")?;
    let mut rows = statement.query([job.0])?;
    while let Some(row) = rows.next()? {
        let state: String = row.get(0)?;
        let count: i64 = row.get(1)?;
        counts.add(
            RowState::parse(&state)?,
            u32::try_from(count).unwrap_or(u32::MAX),
        );
    }
    Ok(JobSummary {
        id: job,
        source_file_name,
        created_at_ms,
        mode: account.mode(),
        base_url: account.base_url().to_owned(),
        key_hint: account.key_hint().to_owned(),
        status: JobStatus::parse(&status)?,
        counts,
    })
}

pub(super) fn read_row(conn: &Connection, row: RowId) -> Result<JobRow, StoreError> {
    conn.prepare_cached(&format!("{SELECT_ROW} WHERE id = ?1"))?
        .query_row([row.0], RawRow::read)
        .optional()?
        .ok_or(StoreProblem::JobRowNotFound { row: row.0 })?
        .decode()
}

pub(super) fn to_json(what: &str, value: &impl serde::Serialize) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::unreadable(what, e))
}

fn from_json<T: serde::de::DeserializeOwned>(what: &str, json: &str) -> Result<T, StoreError> {
    serde_json::from_str(json).map_err(|e| StoreError::unreadable(what, e))
}

const SELECT_ROW: &str =
    "SELECT id, job_id, position, row_numbers, request, state, sent_at_ms, response, \
                          recovered, problem, updated_at_ms FROM job_rows";

/// A row as SQLite gives it, before its JSON is decoded.
struct RawRow {
    id: i64,
    job_id: i64,
    position: i64,
    row_numbers: String,
    request: String,
    state: String,
    sent_at_ms: Option<i64>,
    response: Option<String>,
    recovered: bool,
    problem: Option<String>,
    updated_at_ms: i64,
}

impl RawRow {
    fn read(row: &Row<'_>) -> rusqlite::Result<RawRow> {
        Ok(RawRow {
            id: row.get(0)?,
            job_id: row.get(1)?,
            position: row.get(2)?,
            row_numbers: row.get(3)?,
            request: row.get(4)?,
            state: row.get(5)?,
            sent_at_ms: row.get(6)?,
            response: row.get(7)?,
            recovered: row.get(8)?,
            problem: row.get(9)?,
            updated_at_ms: row.get(10)?,
        })
    }

    fn decode(self) -> Result<JobRow, StoreError> {
        Ok(JobRow {
            id: RowId(self.id),
            job_id: JobId(self.job_id),
            position: u32::try_from(self.position).unwrap_or(u32::MAX),
            row_numbers: from_json("row numbers", &self.row_numbers)?,
            request: from_json("request", &self.request)?,
            state: RowState::parse(&self.state)?,
            sent_at_ms: self.sent_at_ms,
            created: self
                .response
                .map(|json| from_json("response", &json))
                .transpose()?,
            recovered: self.recovered,
            problem: self
                .problem
                .map(|json| from_json("problem", &json))
                .transpose()?,
            updated_at_ms: self.updated_at_ms,
        })
    }
}

/// A row is in the filter's states `?2` (a JSON array of state names), or the array is empty.
const IN_FILTER_STATES: &str = "(?2 = '[]' OR state IN (SELECT value FROM json_each(?2)))";

fn states_json(filter: &ReportFilter) -> Result<String, StoreError> {
    let states: Vec<&str> = filter.states.iter().map(|s| s.as_str()).collect();
    to_json("states", &states)
}

/// `job`'s rows in `filter`'s states in the job's order, from the `offset`-th, `limit` of them or all.
fn rows_matching(
    conn: &Connection,
    job: JobId,
    filter: &ReportFilter,
    offset: usize,
    limit: Option<usize>,
) -> Result<Vec<JobRow>, StoreError> {
    // SQLite reads a negative LIMIT as "no limit".
    let limit = limit.map_or(-1, |n| i64::try_from(n).unwrap_or(i64::MAX));
    let offset = i64::try_from(offset).unwrap_or(i64::MAX);
    let mut statement = conn.prepare_cached(&format!(
        "{SELECT_ROW} WHERE job_id = ?1 AND {IN_FILTER_STATES} ORDER BY position LIMIT ?3 OFFSET ?4"
    ))?;
    let raw = statement
        .query_map(
            params![job.0, states_json(filter)?, limit, offset],
            RawRow::read,
        )?
        .collect::<Result<Vec<_>, _>>()?;
    raw.into_iter().map(RawRow::decode).collect()
}
