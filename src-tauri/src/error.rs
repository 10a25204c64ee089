//! Every command error reaches the web view as `{problem, problems, detail}`: `problem` is the code and arguments
//! from the core's one taxonomy (the window words it, see `ui/src/lib/words/`), `problems` the form's field
//! problems, `detail` the technical side for support.

use blooio_core::{
    ApiError, ApiProblem, FieldProblem, InputProblem, KeychainIssue, OutcomeProblem, PhotoError,
    Problem,
};
use blooio_import::ImportProblem;
use blooio_keychain::KeychainError;
use blooio_store::{StoreError, StoreProblem};
use serde::Serialize;
use ts_rs::TS;

/// The technical side of an error, shown one click away.
#[derive(Debug, Clone, Default, Serialize, TS)]
#[ts(export)]
pub struct ErrorDetail {
    pub status: Option<u16>,
    pub server_message: Option<String>,
    pub server_code: Option<String>,
    /// The server's body when it was not JSON, or the transport's own description.
    pub raw: Option<String>,
}

/// Any problem a command can report: the core's taxonomy, the local store's (history), or the importer's (a file
/// the operator chose). Codes are unique across all three (every store code starts with `Store` or `Job`; the
/// importer's are its own, see `blooio_import::problem`), so `code` alone still names a problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(untagged)]
#[ts(export)]
pub enum AppProblem {
    Core(Problem),
    Store(StoreProblem),
    Import(ImportProblem),
}

impl AppProblem {
    pub fn code(&self) -> String {
        match self {
            AppProblem::Core(problem) => problem.code(),
            AppProblem::Store(problem) => problem.code(),
            AppProblem::Import(problem) => blooio_core::problem::code_of(problem),
        }
    }
}

impl std::fmt::Display for AppProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AppProblem::Core(problem) => problem.fmt(f),
            AppProblem::Store(problem) => problem.fmt(f),
            AppProblem::Import(problem) => problem.fmt(f),
        }
    }
}

macro_rules! into_app_problem {
    ($($from:ty),*) => {$(
        impl From<$from> for AppProblem {
            fn from(problem: $from) -> Self {
                AppProblem::Core(problem.into())
            }
        }
    )*};
}
into_app_problem!(
    Problem,
    InputProblem,
    ApiProblem,
    KeychainIssue,
    OutcomeProblem
);

impl From<ImportProblem> for AppProblem {
    fn from(problem: ImportProblem) -> Self {
        AppProblem::Import(problem)
    }
}

impl From<StoreProblem> for AppProblem {
    fn from(problem: StoreProblem) -> Self {
        AppProblem::Store(problem)
    }
}

#[derive(Debug, Clone, Serialize, TS, thiserror::Error)]
#[ts(export)]
#[error("{problem}")]
pub struct CommandError {
    pub problem: AppProblem,
    /// With `FormHasProblems`: each field's problem.
    pub problems: Vec<FieldProblem>,
    pub detail: Option<Box<ErrorDetail>>,
}

impl CommandError {
    pub fn new(problem: impl Into<AppProblem>) -> Self {
        CommandError {
            problem: problem.into(),
            problems: Vec::new(),
            detail: None,
        }
    }

    pub fn internal(what: &str) -> Self {
        Self::new(OutcomeProblem::Internal {
            what: what.to_owned(),
        })
    }

    pub fn validation(problems: Vec<FieldProblem>) -> Self {
        CommandError {
            problem: InputProblem::FormHasProblems {
                count: u32::try_from(problems.len()).unwrap_or(u32::MAX),
            }
            .into(),
            problems,
            detail: None,
        }
    }

    pub fn no_key() -> Self {
        Self::new(OutcomeProblem::NoKey)
    }

    pub fn busy() -> Self {
        Self::new(OutcomeProblem::Busy)
    }

    /// A problem that came with an error from Blooio or the way to it, whose technical side is kept for support.
    pub fn with_api_error(problem: Problem, error: Option<&ApiError>) -> Self {
        CommandError {
            detail: error.map(|error| Box::new(detail_of(error))),
            ..Self::new(problem)
        }
    }

    /// The code the window and the logs branch on, e.g. `"Unauthorized"`.
    pub fn code(&self) -> String {
        self.problem.code()
    }
}

fn detail_of(error: &ApiError) -> ErrorDetail {
    let (server_message, server_code, raw) = match error {
        ApiError::Api {
            message,
            code,
            raw_body,
            ..
        } => (message.clone(), code.clone(), raw_body.clone()),
        ApiError::Decode { raw_body, .. } => (None, None, Some(raw_body.clone())),
        other => (None, None, Some(other.to_string())),
    };
    ErrorDetail {
        status: error.status(),
        server_message,
        server_code,
        raw,
    }
}

impl From<PhotoError> for CommandError {
    fn from(err: PhotoError) -> Self {
        CommandError {
            detail: Some(Box::new(ErrorDetail {
                raw: Some(err.to_string()),
                ..ErrorDetail::default()
            })),
            ..Self::new(OutcomeProblem::PhotoUnavailable)
        }
    }
}

impl From<KeychainError> for CommandError {
    fn from(err: KeychainError) -> Self {
        CommandError {
            detail: Some(Box::new(ErrorDetail {
                raw: Some(err.detail.clone()),
                ..ErrorDetail::default()
            })),
            ..Self::new(err.issue)
        }
    }
}

impl From<StoreError> for CommandError {
    fn from(err: StoreError) -> Self {
        let raw = std::error::Error::source(&err).map(ToString::to_string);
        CommandError {
            detail: raw.map(|raw| {
                Box::new(ErrorDetail {
                    raw: Some(raw),
                    ..ErrorDetail::default()
                })
            }),
            ..Self::new(err.problem().clone())
        }
    }
}

impl From<ImportProblem> for CommandError {
    fn from(problem: ImportProblem) -> Self {
        Self::new(problem)
    }
}

impl From<ApiError> for CommandError {
    fn from(err: ApiError) -> Self {
        Self::with_api_error(err.problem(), Some(&err))
    }
}
