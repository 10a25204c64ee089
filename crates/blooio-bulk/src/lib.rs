//! Bulk runs: the rows of a journalled job (see `blooio_store`'s journal) created one after another through the
//! shared create protocol (`BlooioClient::create_group_once`), each row its own pending record, so a crash, a
//! kill or a lost answer never sends a group twice and never loses a row.
//!
//! ```text
//! Preview ─ job_rows ─ Store::create_job ─ Runner::run(job, RunControl, &dyn ProgressSink) ─ RunEnd
//!                                            │ paced by Blooio: 429 waits Retry-After, 503 / a refused key pause
//!                                            └ Report (CSV, XLSX) from the journal
//! ```
//! The window and the CLI both run jobs through this crate; neither knows how a row's outcome is classified.

mod classify;
pub mod control;
pub mod created_before;
pub mod job_rows;
mod outcome_journal;
pub mod progress;
pub mod report;
pub mod runner;

pub use control::RunControl;
pub use created_before::CreatedBefore;
pub use job_rows::{job_rows, left_out};
pub use progress::{PauseReason, ProgressSink, RowUpdate, RunPhase, RunProgress, WaitReason};
pub use report::{write_report_csv, write_report_xlsx, ReportLine};
pub use runner::{RunEnd, RunError, RunSettings, Runner};
