//! The journal's ids, states and views.

use blooio_core::{CreateGroupRequest, CreatedGroup, Problem};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::account::{text_enum, AccountMode};

/// A bulk job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct JobId(#[ts(type = "number")] pub i64);

/// One group of a bulk job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RowId(#[ts(type = "number")] pub i64);

/// Where a row stands. Only `pending` rows have certainly not been sent; `sending` and `unsettled` rows may
/// have created their group, and are looked up before anything is sent again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum RowState {
    /// Not sent yet.
    Pending,
    /// Recorded just before its request left; what happened is not known yet.
    Sending,
    /// The group exists (Blooio's answer, or found after a lost one).
    Created,
    /// Blooio answered 409: such a group (or a group on that chat) exists already.
    Conflict,
    /// Not created, with the reason; trying again is safe once the reason is dealt with.
    Failed,
    /// The answer was lost and a lookup could not settle it; looked up again before any resend.
    Unsettled,
    /// Left out by the operator.
    Skipped,
}

text_enum!(RowState {
    Pending => "pending",
    Sending => "sending",
    Created => "created",
    Conflict => "conflict",
    Failed => "failed",
    Unsettled => "unsettled",
    Skipped => "skipped",
});

/// A job's status as the operator set it. A crash leaves `running`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum JobStatus {
    Running,
    Paused,
    Cancelled,
    Finished,
}

text_enum!(JobStatus {
    Running => "running",
    Paused => "paused",
    Cancelled => "cancelled",
    Finished => "finished",
});

/// A group to create, as the importer made it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct JobRowInput {
    /// The rows of the file it came from (one, or several in the one-row-per-member layout).
    pub row_numbers: Vec<u32>,
    pub request: CreateGroupRequest,
}

/// How many rows of a job are in each state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct JobCounts {
    pub total: u32,
    pub pending: u32,
    pub sending: u32,
    pub created: u32,
    pub conflict: u32,
    pub failed: u32,
    pub unsettled: u32,
    pub skipped: u32,
}

impl JobCounts {
    pub(crate) fn add(&mut self, state: RowState, count: u32) {
        self.total += count;
        *self.of(state) += count;
    }

    /// One row went from `from` to `to` (a runner keeping its counts without reading them back).
    pub fn moved(&mut self, from: RowState, to: RowState) {
        let before = self.of(from);
        *before = before.saturating_sub(1);
        *self.of(to) += 1;
    }

    fn of(&mut self, state: RowState) -> &mut u32 {
        match state {
            RowState::Pending => &mut self.pending,
            RowState::Sending => &mut self.sending,
            RowState::Created => &mut self.created,
            RowState::Conflict => &mut self.conflict,
            RowState::Failed => &mut self.failed,
            RowState::Unsettled => &mut self.unsettled,
            RowState::Skipped => &mut self.skipped,
        }
    }
}

/// A job, for "resume?" and the report's heading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct JobSummary {
    pub id: JobId,
    pub source_file_name: String,
    #[ts(type = "number")]
    pub created_at_ms: i64,
    /// The account its rows are sent with; a resume must use the same.
    pub mode: AccountMode,
    pub base_url: String,
    pub key_hint: String,
    pub status: JobStatus,
    pub counts: JobCounts,
}

/// A row, for the runner and the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct JobRow {
    pub id: RowId,
    pub job_id: JobId,
    /// 0-based order in the job.
    pub position: u32,
    pub row_numbers: Vec<u32>,
    pub request: CreateGroupRequest,
    pub state: RowState,
    /// When it was last sent (Unix ms); kept after the answer, for the report.
    #[ts(type = "number | null")]
    pub sent_at_ms: Option<i64>,
    /// Blooio's whole answer when created.
    pub created: Option<CreatedGroup>,
    /// Created, but found by asking after the answer was lost.
    pub recovered: bool,
    /// Why it is in conflict, failed or unsettled.
    pub problem: Option<Problem>,
    #[ts(type = "number")]
    pub updated_at_ms: i64,
}

/// A page of a job's report, for a window that shows a long job a page at a time: the job, how many of its rows
/// are in the filter's states, and up to a page of them from the offset asked for, in the job's order.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ReportPage {
    pub job: JobSummary,
    pub total: u32,
    pub rows: Vec<JobRow>,
}

/// Which rows a report shows: those in any of `states`, or all when it is empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ReportFilter {
    #[serde(default)]
    pub states: Vec<RowState>,
}
