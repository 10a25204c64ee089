//! What can go wrong with the local store, as stable codes with the arguments their sentences need.
//!
//! Same convention as `blooio_core::problem`: a problem serialises as `{"code": "StoreNewerVersion", "found": 3,
//! "supported": 2}`; the window words the code in `ui/src/lib/words/`, Rust's English is in `english.rs`. Every
//! code starts with `Store`, so none collides with a code of `blooio_core::Problem`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A problem of the local store (history and bulk journal).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "code")]
#[ts(export)]
pub enum StoreProblem {
    /// The file was written by a newer version of the app. It was left exactly as it was.
    StoreNewerVersion { found: u32, supported: u32 },
    /// The file is not a SQLite database, or is damaged. It was left exactly as it was.
    StoreNotADatabase { path: String },
    /// A SQLite database that some other program made. It was left exactly as it was.
    StoreForeignDatabase { path: String },
    /// The file (or its folder) can't be opened or created: permissions, a missing folder, a read-only disk.
    StoreCannotOpen { path: String, detail: String },
    /// Another process (the app or the CLI) held the database longer than the store waits.
    StoreBusy,
    /// The disk is full; nothing of the failed change was kept.
    StoreDiskFull,
    /// A read or write failed for another reason (an I/O error, say). `detail`: SQLite's words.
    StoreFailed { detail: String },
    /// Something the store kept can no longer be read back (written by a build with other types, or edited).
    StoreDataUnreadable { what: String, detail: String },
    /// The export couldn't be written where the operator asked (a full disk, a file another program holds).
    StoreExportFailed { detail: String },
    JobNotFound {
        #[ts(type = "number")]
        job: i64,
    },
    JobRowNotFound {
        #[ts(type = "number")]
        row: i64,
    },
    /// A job row can't go from the state it is in to the one asked for (a created row can't be sent again, a
    /// row can't be marked created without first being marked sending).
    JobRowStateConflict {
        #[ts(type = "number")]
        row: i64,
        state: String,
        wanted: String,
    },
    /// A request other than the one the job row holds was about to be sent for that row.
    JobRowRequestMismatch {
        #[ts(type = "number")]
        row: i64,
    },
    /// The job was made with another key or address (`key_hint`, `base_url`) than the one at hand.
    JobAccountMismatch {
        #[ts(type = "number")]
        job: i64,
        key_hint: String,
        base_url: String,
    },
    /// A job can't go from its status to the one asked for (a finished job can't run again).
    JobStatusConflict {
        #[ts(type = "number")]
        job: i64,
        status: String,
        wanted: String,
    },
}

impl StoreProblem {
    /// The stable code, as the JSON's `code` carries it.
    pub fn code(&self) -> String {
        blooio_core::problem::code_of(self)
    }
}

/// An error of the store: its problem, and SQLite's own error when there was one (for logs and support).
#[derive(Debug, thiserror::Error)]
#[error("{problem}")]
pub struct StoreError {
    problem: StoreProblem,
    // Boxed: SQLite's error is large, and every `Result` of the store carries this.
    #[source]
    source: Option<Box<rusqlite::Error>>,
}

impl StoreError {
    pub fn problem(&self) -> &StoreProblem {
        &self.problem
    }

    pub(crate) fn with_source(problem: StoreProblem, source: rusqlite::Error) -> Self {
        StoreError {
            problem,
            source: Some(Box::new(source)),
        }
    }

    pub(crate) fn unreadable(what: &str, error: impl std::fmt::Display) -> Self {
        StoreProblem::StoreDataUnreadable {
            what: what.to_owned(),
            detail: error.to_string(),
        }
        .into()
    }

    /// SQLite could not use the file at `path`: name the cause for the operator.
    pub(crate) fn opening(path: &std::path::Path, error: rusqlite::Error) -> Self {
        let path = path.display().to_string();
        let problem = match error.sqlite_error_code() {
            Some(rusqlite::ErrorCode::NotADatabase) => StoreProblem::StoreNotADatabase { path },
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
                StoreProblem::StoreBusy
            }
            Some(rusqlite::ErrorCode::DiskFull) => StoreProblem::StoreDiskFull,
            _ => StoreProblem::StoreCannotOpen {
                path,
                detail: error.to_string(),
            },
        };
        StoreError::with_source(problem, error)
    }
}

impl From<StoreProblem> for StoreError {
    fn from(problem: StoreProblem) -> Self {
        StoreError {
            problem,
            source: None,
        }
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(error: rusqlite::Error) -> Self {
        let problem = match error.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
                StoreProblem::StoreBusy
            }
            Some(rusqlite::ErrorCode::DiskFull) => StoreProblem::StoreDiskFull,
            Some(rusqlite::ErrorCode::NotADatabase) => StoreProblem::StoreNotADatabase {
                path: String::new(),
            },
            _ => StoreProblem::StoreFailed {
                detail: error.to_string(),
            },
        };
        StoreError::with_source(problem, error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_problem_is_its_code_and_arguments() {
        let problem = StoreProblem::StoreNewerVersion {
            found: 3,
            supported: 2,
        };
        assert_eq!(
            serde_json::to_value(&problem).unwrap(),
            json!({"code": "StoreNewerVersion", "found": 3, "supported": 2})
        );
        assert_eq!(problem.code(), "StoreNewerVersion");
        let json = serde_json::to_string(&problem).unwrap();
        assert_eq!(
            serde_json::from_str::<StoreProblem>(&json).unwrap(),
            problem
        );
    }

    #[test]
    fn sqlite_errors_map_to_codes() {
        let busy = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
            None,
        );
        assert_eq!(StoreError::from(busy).problem().code(), "StoreBusy");
        let full = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_FULL),
            None,
        );
        assert_eq!(StoreError::from(full).problem().code(), "StoreDiskFull");
        let io = rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_IOERR),
            Some("disk I/O error".into()),
        );
        assert_eq!(StoreError::from(io).problem().code(), "StoreFailed");
    }
}
