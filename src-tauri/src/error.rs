//! Every command error reaches the web view as `{code, message, …}`: the UI branches on `code` and shows
//! `message`, a sentence that says what happened and what to do.

use blooio_core::{ApiError, ErrorKind, FieldProblem, PhotoError};
use blooio_keychain::{KeychainError, KeychainProblem};
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub enum ErrorCode {
    /// The form has problems; see `problems`.
    Validation,
    /// No key is stored yet.
    NoKey,
    /// A create is already in flight; the second one was not sent.
    Busy,
    KeychainUnavailable,
    KeychainLocked,
    KeychainError,
    Unauthorized,
    PaymentRequired,
    Forbidden,
    NotFound,
    Conflict,
    RateLimited,
    ServerError,
    DeviceError,
    NoDevice,
    NotAvailable,
    Timeout,
    Unreachable,
    Tls,
    BadResponse,
    Config,
    /// The create's answer was lost, and Blooio has no such group: it was not created, retrying is safe.
    NotCreated,
    /// The create's answer was lost, and asking Blooio did not settle whether the group exists.
    OutcomeUnknown,
    /// The group's photo couldn't be fetched or isn't an image; the group itself is unaffected.
    PhotoUnavailable,
    Internal,
}

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

#[derive(Debug, Clone, Serialize, TS, thiserror::Error)]
#[ts(export)]
#[error("{message}")]
pub struct CommandError {
    pub code: ErrorCode,
    pub message: String,
    pub problems: Vec<FieldProblem>,
    #[ts(type = "number | null")]
    pub retry_after_secs: Option<u64>,
    pub detail: Option<Box<ErrorDetail>>,
}

impl CommandError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        CommandError {
            code,
            message: message.into(),
            problems: Vec::new(),
            retry_after_secs: None,
            detail: None,
        }
    }

    /// Replaces the message with the plain sentence for this error's code.
    pub fn with_plain_message(mut self) -> Self {
        self.message = plain_message(self.code, None, self.retry_after_secs);
        self
    }

    pub fn internal(what: &str) -> Self {
        Self::new(
            ErrorCode::Internal,
            format!("Something went wrong inside the app ({what}). Try again."),
        )
    }

    pub fn validation(problems: Vec<FieldProblem>) -> Self {
        let count = problems.len();
        let message = if count == 1 {
            "Fix the problem below, then create the group again.".to_string()
        } else {
            format!("Fix the {count} problems below, then create the group again.")
        };
        CommandError {
            problems,
            ..Self::new(ErrorCode::Validation, message)
        }
    }

    pub fn no_key() -> Self {
        Self::new(
            ErrorCode::NoKey,
            "Add your Blooio API key first. Nothing was sent.",
        )
    }

    pub fn busy() -> Self {
        Self::new(
            ErrorCode::Busy,
            "A group is already being created. Wait for its result; this second request was not sent.",
        )
    }
}

impl CommandError {
    /// A create's error, worded for what the operator asked: a 409 means something different when a chat GUID
    /// was given (that chat is already linked) than when it was not (a group with these members exists).
    pub fn from_create(err: ApiError, linking: bool) -> Self {
        let mut mapped = CommandError::from(err);
        if mapped.code == ErrorCode::Conflict {
            mapped.message = if linking {
                "This iMessage chat is already linked to a Blooio group, so nothing new was created. Find that \
                 group in Blooio, or check that the chat GUID is the one you meant."
                    .to_string()
            } else {
                "A group with exactly these members already exists on your Blooio number, and iMessage allows only \
                 one such group. Use the existing group, or change the members."
                    .to_string()
            };
        }
        mapped
    }
}

impl From<PhotoError> for CommandError {
    fn from(err: PhotoError) -> Self {
        CommandError {
            detail: Some(Box::new(ErrorDetail {
                raw: Some(err.to_string()),
                ..ErrorDetail::default()
            })),
            ..Self::new(ErrorCode::PhotoUnavailable, "").with_plain_message()
        }
    }
}

impl From<KeychainError> for CommandError {
    fn from(err: KeychainError) -> Self {
        let code = match err.problem {
            KeychainProblem::Unavailable => ErrorCode::KeychainUnavailable,
            KeychainProblem::Locked => ErrorCode::KeychainLocked,
            KeychainProblem::Corrupt | KeychainProblem::Other => ErrorCode::KeychainError,
        };
        CommandError {
            detail: Some(Box::new(ErrorDetail {
                raw: Some(err.detail.clone()),
                ..ErrorDetail::default()
            })),
            ..Self::new(code, err.message)
        }
    }
}

impl From<ApiError> for CommandError {
    fn from(err: ApiError) -> Self {
        let code = match err.kind() {
            ErrorKind::Validation => ErrorCode::Validation,
            ErrorKind::Unauthorized => ErrorCode::Unauthorized,
            ErrorKind::PaymentRequired => ErrorCode::PaymentRequired,
            ErrorKind::Forbidden => ErrorCode::Forbidden,
            ErrorKind::NotFound => ErrorCode::NotFound,
            ErrorKind::Conflict => ErrorCode::Conflict,
            ErrorKind::RateLimited => ErrorCode::RateLimited,
            ErrorKind::ServerError => ErrorCode::ServerError,
            ErrorKind::DeviceError => ErrorCode::DeviceError,
            ErrorKind::NoDevice => ErrorCode::NoDevice,
            ErrorKind::NotAvailable => ErrorCode::NotAvailable,
            ErrorKind::Timeout => ErrorCode::Timeout,
            ErrorKind::Unreachable => ErrorCode::Unreachable,
            ErrorKind::Tls => ErrorCode::Tls,
            ErrorKind::BadResponse => ErrorCode::BadResponse,
            ErrorKind::Config => ErrorCode::Config,
        };
        let (server_message, server_code, raw, retry_after_secs) = match &err {
            ApiError::Api {
                message,
                code,
                raw_body,
                retry_after_secs,
                ..
            } => (
                message.clone(),
                code.clone(),
                raw_body.clone(),
                *retry_after_secs,
            ),
            ApiError::Decode { raw_body, .. } => (None, None, Some(raw_body.clone()), None),
            other => (None, None, Some(other.to_string()), None),
        };
        // A 5xx whose body is not Blooio's JSON came from something in between (a proxy or load balancer), not
        // from Blooio itself: saying "your iPhone is not connected" for it would send the operator the wrong way.
        let code = match &err {
            ApiError::Api {
                status,
                raw_body: Some(_),
                message: None,
                ..
            } if *status >= 500 => ErrorCode::BadResponse,
            _ => code,
        };
        CommandError {
            code,
            message: plain_message(code, server_message.as_deref(), retry_after_secs),
            problems: Vec::new(),
            retry_after_secs,
            detail: Some(Box::new(ErrorDetail {
                status: err.status(),
                server_message,
                server_code,
                raw,
            })),
        }
    }
}

/// One plain sentence per code, with what to do next. The server's own words stay in `detail`.
fn plain_message(
    code: ErrorCode,
    server_message: Option<&str>,
    retry_after: Option<u64>,
) -> String {
    match code {
        ErrorCode::Validation => match server_message {
            Some(msg) => format!("Blooio did not accept the group: {msg}. Correct it and try again."),
            None => "Blooio did not accept the group's details. Check them and try again.".to_string(),
        },
        ErrorCode::Unauthorized => {
            "Blooio rejected the API key. Check the key in your Blooio dashboard and enter it again. Nothing was created."
                .to_string()
        }
        ErrorCode::PaymentRequired => {
            "Your Blooio trial limit has been reached. Upgrade your plan in the Blooio dashboard, then try again."
                .to_string()
        }
        ErrorCode::Forbidden => {
            "This API key is not allowed to create groups. Ask your Blooio administrator for a key with access."
                .to_string()
        }
        ErrorCode::NotFound => {
            "Blooio could not find what this request refers to. Check the chat GUID and the server address.".to_string()
        }
        ErrorCode::Conflict => {
            "A group like this already exists. Open the existing group in Blooio instead, or change the chat GUID or the members."
                .to_string()
        }
        ErrorCode::RateLimited => match retry_after {
            Some(secs) => format!("Blooio asks you to slow down. Wait {secs} seconds, then try again."),
            None => "Blooio asks you to slow down. Wait a minute, then try again.".to_string(),
        },
        ErrorCode::ServerError => {
            "Blooio had a problem on its side. Wait a moment and try again; if it keeps happening, contact Blooio support."
                .to_string()
        }
        ErrorCode::DeviceError => {
            "Blooio could not talk to your iPhone or Mac just now. Wait a moment and try again.".to_string()
        }
        ErrorCode::NoDevice => {
            "No iPhone or Mac is connected to your Blooio account. Open Blooio on your device, check it is online, then try again."
                .to_string()
        }
        ErrorCode::NotAvailable => "Blooio does not offer this yet.".to_string(),
        ErrorCode::Timeout => {
            "Blooio did not answer in time. The group may or may not have been created; check before trying again."
                .to_string()
        }
        ErrorCode::Unreachable => {
            "Blooio could not be reached. Check your internet connection, then try again. Nothing was created."
                .to_string()
        }
        ErrorCode::Tls => {
            "The secure connection to Blooio failed. Check the computer's date and time and any proxy or antivirus that inspects traffic."
                .to_string()
        }
        ErrorCode::BadResponse => {
            "Blooio sent a reply the app could not read. Try again in a moment; a proxy or firewall may be in the way."
                .to_string()
        }
        ErrorCode::Config => "The server address is not valid. Use an https:// address.".to_string(),
        ErrorCode::NotCreated => {
            "The connection failed before Blooio answered, so the app asked Blooio: the group was not created. \
             Creating it again is safe."
                .to_string()
        }
        ErrorCode::OutcomeUnknown => {
            "The connection failed before Blooio answered, and the app could not confirm whether the group was \
             created. Check your groups in Blooio; if you press Create again, the app checks first and will not \
             make a second group."
                .to_string()
        }
        ErrorCode::NoKey
        | ErrorCode::Busy
        | ErrorCode::KeychainUnavailable
        | ErrorCode::KeychainLocked
        | ErrorCode::KeychainError
        | ErrorCode::Internal => "Something went wrong. Try again.".to_string(),
        ErrorCode::PhotoUnavailable => {
            "The group's photo couldn't be shown. The group itself is fine.".to_string()
        }
    }
}
