//! The app's local store, one SQLite file shared by the window and the CLI: the history of created groups
//! (issue 12) and the bulk job journal (issue 11).
//!
//! No Tauri here: the shell and the CLI open a [`Store`] at a path of their choosing (the app's data folder) and
//! call it. Every failure is a [`StoreError`] whose [`StoreProblem`] is a stable code with arguments.
//! The key never reaches the database: records take an [`Account`], which is made from the `ApiKey` and keeps
//! only its hint.

mod account;
mod english;
mod export;
mod history;
mod journal;
mod migrations;
mod open;
mod problem;

pub use account::{Account, AccountMode, CreateSource};
pub use export::{spreadsheet_safe, HISTORY_CSV_HEADER};
pub use history::{
    HistoryEntry, HistoryFilter, HistoryPage, HistoryQuery, NewHistoryEntry, HISTORY_PAGE_MAX,
};
pub use journal::{
    JobCounts, JobId, JobRow, JobRowInput, JobStatus, JobSummary, ReportFilter, ReportPage, RowId,
    RowOutcome, RowPending, RowState,
};
pub use migrations::{APPLICATION_ID, SCHEMA_VERSION};
#[doc(hidden)]
pub use open::create_at_version;
pub use open::{Store, BUSY_TIMEOUT};
pub use problem::{StoreError, StoreProblem};

/// The store's file name in the app's data folder, the same for the window and the CLI.
pub const STORE_FILE_NAME: &str = "blooio-groups.sqlite3";
