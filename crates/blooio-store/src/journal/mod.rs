//! The bulk journal (issue 11, item 6): a job per bulk run, a row per group, each row's state kept durable
//! before its request is sent and after its answer, so a crash, a kill or a power cut loses no row and sends
//! none twice.

mod jobs;
mod pending;
mod rows;
mod types;

pub use pending::RowPending;
pub use rows::RowOutcome;
pub use types::{
    JobCounts, JobId, JobRow, JobRowInput, JobStatus, JobSummary, ReportFilter, ReportPage, RowId,
    RowState,
};
