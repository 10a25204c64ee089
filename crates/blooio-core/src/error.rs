//! What can go wrong talking to Blooio, kept precise enough for a program and worded for a person.
//!
//! No variant ever holds the API key: server-provided text is scrubbed of it before it is stored (see
//! `decode.rs`), and every error the client returns passes through `ApiError::redact_key` as well, so a path
//! added later cannot forget it.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::decode::scrub;
use crate::key::ApiKey;

#[derive(thiserror::Error, Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// Blooio answered with a non-success status.
    #[error("{}", describe_api(*status, message.as_deref(), raw_body.is_some(), *retry_after_secs))]
    Api {
        status: u16,
        /// Blooio's human-readable `message`.
        message: Option<String>,
        /// Blooio's machine `code`, e.g. `outbound_limit_reached`.
        code: Option<String>,
        /// Blooio's `error` label, e.g. `ApiError`, or `conflict` on older deployments.
        error: Option<String>,
        /// The body when it was not JSON (a proxy's HTML page, say), truncated to 4 KiB.
        raw_body: Option<String>,
        /// From `Retry-After` (seconds or an HTTP date), when present.
        retry_after_secs: Option<u64>,
    },
    /// No answer within the configured time. `sent`: the request had left (the timeout was not a connect timeout).
    #[error("{}", if *sent {
        "Blooio didn't answer in time. The request was sent, so it may have been carried out; check before trying again."
    } else {
        "Couldn't connect to Blooio in time. Nothing was sent."
    })]
    Timeout { sent: bool },
    /// Could not open a connection: refused, DNS failure, no route. Nothing was sent.
    #[error("Couldn't reach Blooio ({0}). Nothing was sent.")]
    Connect(String),
    /// The TLS handshake failed (certificate, protocol). Nothing was sent.
    #[error("The secure connection to Blooio failed ({0}). Nothing was sent.")]
    Tls(String),
    /// A success status whose body could not be read as the expected JSON.
    #[error("Blooio answered {status} but the reply couldn't be read as the expected JSON.")]
    Decode { status: u16, raw_body: String },
    /// The connection failed after it was open. `sent`: the request may have reached Blooio.
    #[error("{}", if *sent {
        format!("The connection to Blooio broke before its answer arrived ({detail}). The request may have been carried out; check before trying again.")
    } else {
        format!("The connection to Blooio failed ({detail}). Nothing was sent.")
    })]
    Transport { detail: String, sent: bool },
    /// A local setting is unusable (base URL, timeouts), or a request could not be built. Nothing was sent.
    #[error("{0}")]
    Config(String),
}

/// A stable code for the UI to branch on; the wording is the UI's (or `ApiError`'s `Display`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[ts(export)]
pub enum ErrorKind {
    Validation,
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
}

impl ApiError {
    /// 400/422 Validation, 401 Unauthorized, 402 PaymentRequired, 403 Forbidden, 404/410 NotFound, 408 Timeout,
    /// 409 Conflict, 429 RateLimited, 501 NotAvailable, 502 DeviceError, 503 NoDevice, other 5xx ServerError; any
    /// other status (a 3xx redirect, which is never followed, or an unlisted 4xx) is BadResponse.
    /// A connection that broke after the request was sent is BadResponse too, not Unreachable: "nothing was
    /// sent" would be a false comfort there.
    pub fn kind(&self) -> ErrorKind {
        match self {
            ApiError::Api { status, .. } => kind_for_status(*status),
            ApiError::Timeout { .. } => ErrorKind::Timeout,
            ApiError::Connect(_) => ErrorKind::Unreachable,
            ApiError::Tls(_) => ErrorKind::Tls,
            ApiError::Decode { .. } => ErrorKind::BadResponse,
            ApiError::Transport { sent: true, .. } => ErrorKind::BadResponse,
            ApiError::Transport { sent: false, .. } => ErrorKind::Unreachable,
            ApiError::Config(_) => ErrorKind::Config,
        }
    }

    /// The HTTP status, when Blooio answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Api { status, .. } | ApiError::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Whether the request may have reached Blooio's server. Conservative: `true` unless the request certainly
    /// never left this machine (connect refused, DNS, TLS handshake, connect timeout, bad settings). A server that
    /// answered was reached, whatever it answered.
    pub fn may_have_reached_server(&self) -> bool {
        match self {
            ApiError::Api { .. } | ApiError::Decode { .. } => true,
            ApiError::Timeout { sent } | ApiError::Transport { sent, .. } => *sent,
            ApiError::Connect(_) | ApiError::Tls(_) | ApiError::Config(_) => false,
        }
    }

    /// Whether the request may have been carried out although no success answer was read, so a create must be
    /// checked ("did it get created?") before it is retried: a timeout or broken connection after sending, a 5xx
    /// (the server may have stored the group before failing), or a success status with an unreadable body (it
    /// was created, but the reply is lost). `false` for answers that reject the request (4xx) and for failures
    /// before sending.
    pub fn outcome_unknown(&self) -> bool {
        match self {
            ApiError::Api { status, .. } => *status >= 500,
            ApiError::Decode { .. } => true,
            ApiError::Timeout { sent } | ApiError::Transport { sent, .. } => *sent,
            ApiError::Connect(_) | ApiError::Tls(_) | ApiError::Config(_) => false,
        }
    }

    /// `Retry-After` in seconds, when Blooio sent one.
    pub fn retry_after_secs(&self) -> Option<u64> {
        match self {
            ApiError::Api {
                retry_after_secs, ..
            } => *retry_after_secs,
            _ => None,
        }
    }

    /// The same error with every occurrence of the key in its text replaced by `<redacted>`. The client passes
    /// every error through this before returning it: server text (a message, a proxy page) may echo the
    /// `Authorization` header, and nothing else in an error should ever contain the key either.
    pub(crate) fn redact_key(self, key: &ApiKey) -> ApiError {
        let clean = |text: String| scrub(text, key);
        let clean_opt = |text: Option<String>| text.map(clean);
        match self {
            ApiError::Api {
                status,
                message,
                code,
                error,
                raw_body,
                retry_after_secs,
            } => ApiError::Api {
                status,
                message: clean_opt(message),
                code: clean_opt(code),
                error: clean_opt(error),
                raw_body: clean_opt(raw_body),
                retry_after_secs,
            },
            ApiError::Timeout { sent } => ApiError::Timeout { sent },
            ApiError::Connect(detail) => ApiError::Connect(clean(detail)),
            ApiError::Tls(detail) => ApiError::Tls(clean(detail)),
            ApiError::Decode { status, raw_body } => ApiError::Decode {
                status,
                raw_body: clean(raw_body),
            },
            ApiError::Transport { detail, sent } => ApiError::Transport {
                detail: clean(detail),
                sent,
            },
            ApiError::Config(detail) => ApiError::Config(clean(detail)),
        }
    }

    /// A serialisable summary for an IPC edge or `--json` output.
    pub fn info(&self) -> ApiErrorInfo {
        let (server_message, code) = match self {
            ApiError::Api { message, code, .. } => (message.clone(), code.clone()),
            _ => (None, None),
        };
        ApiErrorInfo {
            kind: self.kind(),
            message: self.to_string(),
            status: self.status(),
            server_message,
            code,
            retry_after_secs: self.retry_after_secs(),
            may_have_reached_server: self.may_have_reached_server(),
            outcome_unknown: self.outcome_unknown(),
        }
    }
}

/// `ApiError` flattened for the UI or a JSON log; holds nothing the `Display` text would not show, plus the codes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ApiErrorInfo {
    pub kind: ErrorKind,
    /// The `Display` text: a sentence for a person.
    pub message: String,
    pub status: Option<u16>,
    /// Blooio's own `message`, when it sent one.
    pub server_message: Option<String>,
    /// Blooio's machine `code`, when it sent one.
    pub code: Option<String>,
    #[ts(type = "number | null")]
    pub retry_after_secs: Option<u64>,
    pub may_have_reached_server: bool,
    pub outcome_unknown: bool,
}

fn kind_for_status(status: u16) -> ErrorKind {
    match status {
        400 | 422 => ErrorKind::Validation,
        401 => ErrorKind::Unauthorized,
        402 => ErrorKind::PaymentRequired,
        403 => ErrorKind::Forbidden,
        404 | 410 => ErrorKind::NotFound,
        408 => ErrorKind::Timeout,
        409 => ErrorKind::Conflict,
        429 => ErrorKind::RateLimited,
        501 => ErrorKind::NotAvailable,
        502 => ErrorKind::DeviceError,
        503 => ErrorKind::NoDevice,
        500..=599 => ErrorKind::ServerError,
        _ => ErrorKind::BadResponse,
    }
}

fn describe_api(
    status: u16,
    message: Option<&str>,
    not_json: bool,
    retry_after: Option<u64>,
) -> String {
    let summary = match kind_for_status(status) {
        // An HTML error page is a proxy's or a gateway's, not Blooio's: its status says little about Blooio.
        _ if not_json && message.is_none() => {
            "The server answered with a page that isn't from Blooio's API (a proxy or gateway may be in the way)"
                .to_owned()
        }
        ErrorKind::Validation => "Blooio rejected the request as invalid".to_owned(),
        ErrorKind::Unauthorized => "Blooio didn't accept the API key".to_owned(),
        ErrorKind::PaymentRequired => "Blooio says the account's plan limit has been reached".to_owned(),
        ErrorKind::Forbidden => "Blooio doesn't allow this API key to do that".to_owned(),
        ErrorKind::NotFound => "Blooio couldn't find it".to_owned(),
        ErrorKind::Timeout => "Blooio gave up waiting for the request".to_owned(),
        ErrorKind::Conflict => "Blooio says a group like this already exists".to_owned(),
        ErrorKind::RateLimited => match retry_after {
            Some(secs) => format!("Blooio is limiting requests; try again in {secs} s"),
            None => "Blooio is limiting requests; try again later".to_owned(),
        },
        ErrorKind::NotAvailable => "Blooio doesn't offer this yet".to_owned(),
        ErrorKind::DeviceError => "Blooio couldn't talk to its iMessage device; try again shortly".to_owned(),
        ErrorKind::NoDevice => "Blooio has no iMessage device connected".to_owned(),
        ErrorKind::ServerError => "Blooio had a server error".to_owned(),
        _ if (300..400).contains(&status) => {
            "Blooio answered with a redirect, which is never followed so the API key stays with the configured \
             host; check the base URL"
                .to_owned()
        }
        _ => "Blooio gave an unexpected answer".to_owned(),
    };
    let status_text = match reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
    {
        Some(reason) => format!("{status} {reason}"),
        None => status.to_string(),
    };
    match message.map(str::trim).filter(|m| !m.is_empty()) {
        Some(message) => format!("{summary} ({status_text}): {message}"),
        None => format!("{summary} ({status_text})."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(status: u16) -> ApiError {
        ApiError::Api {
            status,
            message: None,
            code: None,
            error: None,
            raw_body: None,
            retry_after_secs: None,
        }
    }

    #[test]
    fn kinds_by_status() {
        let cases = [
            (400, ErrorKind::Validation),
            (401, ErrorKind::Unauthorized),
            (402, ErrorKind::PaymentRequired),
            (403, ErrorKind::Forbidden),
            (404, ErrorKind::NotFound),
            (408, ErrorKind::Timeout),
            (409, ErrorKind::Conflict),
            (418, ErrorKind::BadResponse),
            (422, ErrorKind::Validation),
            (429, ErrorKind::RateLimited),
            (500, ErrorKind::ServerError),
            (501, ErrorKind::NotAvailable),
            (502, ErrorKind::DeviceError),
            (503, ErrorKind::NoDevice),
            (504, ErrorKind::ServerError),
            (599, ErrorKind::ServerError),
            (301, ErrorKind::BadResponse),
            (307, ErrorKind::BadResponse),
        ];
        for (status, kind) in cases {
            assert_eq!(api(status).kind(), kind, "{status}");
            assert_eq!(api(status).status(), Some(status));
        }
    }

    #[test]
    fn other_kinds_and_whether_the_server_was_reached() {
        // (error, kind, may_have_reached_server, outcome_unknown)
        let cases = [
            (
                ApiError::Timeout { sent: true },
                ErrorKind::Timeout,
                true,
                true,
            ),
            (
                ApiError::Timeout { sent: false },
                ErrorKind::Timeout,
                false,
                false,
            ),
            (
                ApiError::Connect("refused".into()),
                ErrorKind::Unreachable,
                false,
                false,
            ),
            (
                ApiError::Tls("bad certificate".into()),
                ErrorKind::Tls,
                false,
                false,
            ),
            (
                ApiError::Decode {
                    status: 201,
                    raw_body: "<html>".into(),
                },
                ErrorKind::BadResponse,
                true,
                true,
            ),
            (
                ApiError::Transport {
                    detail: "connection reset".into(),
                    sent: true,
                },
                ErrorKind::BadResponse,
                true,
                true,
            ),
            (
                ApiError::Transport {
                    detail: "x".into(),
                    sent: false,
                },
                ErrorKind::Unreachable,
                false,
                false,
            ),
            (
                ApiError::Config("bad url".into()),
                ErrorKind::Config,
                false,
                false,
            ),
            (api(400), ErrorKind::Validation, true, false),
            (api(409), ErrorKind::Conflict, true, false),
            (api(500), ErrorKind::ServerError, true, true),
            (api(503), ErrorKind::NoDevice, true, true),
        ];
        for (error, kind, reached, unknown) in cases {
            assert_eq!(error.kind(), kind, "{error:?}");
            assert_eq!(error.may_have_reached_server(), reached, "{error:?}");
            assert_eq!(error.outcome_unknown(), unknown, "{error:?}");
        }
    }

    #[test]
    fn display_is_plain_language() {
        let cases = [
            (
                ApiError::Api {
                    status: 409,
                    message: Some("A group with this chat_guid already exists".into()),
                    code: Some("group_exists".into()),
                    error: Some("ApiError".into()),
                    raw_body: None,
                    retry_after_secs: None,
                },
                "Blooio says a group like this already exists (409 Conflict): A group with this chat_guid already exists",
            ),
            (
                ApiError::Api {
                    status: 429,
                    message: None,
                    code: None,
                    error: None,
                    raw_body: None,
                    retry_after_secs: Some(3),
                },
                "Blooio is limiting requests; try again in 3 s (429 Too Many Requests).",
            ),
            (api(401), "Blooio didn't accept the API key (401 Unauthorized)."),
            (api(307), "Blooio answered with a redirect, which is never followed"),
            (ApiError::Timeout { sent: true }, "may have been carried out"),
            (ApiError::Connect("tcp connect error: Connection refused".into()), "Couldn't reach Blooio (tcp connect error: Connection refused). Nothing was sent."),
        ];
        for (error, fragment) in cases {
            let text = error.to_string();
            assert!(text.contains(fragment), "{text:?} lacks {fragment:?}");
        }
    }

    #[test]
    fn info_carries_codes() {
        let error = ApiError::Api {
            status: 429,
            message: Some("Slow down".into()),
            code: Some("outbound_limit_reached".into()),
            error: None,
            raw_body: None,
            retry_after_secs: Some(30),
        };
        let info = error.info();
        assert_eq!(info.kind, ErrorKind::RateLimited);
        assert_eq!(info.code.as_deref(), Some("outbound_limit_reached"));
        assert_eq!(info.retry_after_secs, Some(30));
        let value = serde_json::to_value(&info).unwrap();
        assert_eq!(value["kind"], "RateLimited");
        assert_eq!(value["status"], 429);
    }
}
