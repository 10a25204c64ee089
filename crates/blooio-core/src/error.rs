//! What can go wrong talking to Blooio, kept precise enough for a program and worded for a person.
//!
//! No variant ever holds the API key: server-provided text is scrubbed of it before it is stored (see
//! `decode.rs`), and every error the client returns passes through `ApiError::redact_key` as well, so a path
//! added later cannot forget it.

use crate::decode::scrub;
use crate::key::ApiKey;
use crate::problem::{ApiProblem, InputProblem, Problem};

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
    /// A local check refused what the request would have carried (a group photo too large or not an image),
    /// with the problem to show. Nothing was sent.
    #[error("{0}")]
    Refused(InputProblem),
}

impl ApiError {
    /// The problem as the operator is told it: 400/422 Rejected, 401 Unauthorized, 402 PaymentRequired, 403
    /// Forbidden, 404/410 NotFound, 408 Timeout, 409 Conflict, 429 RateLimited, 501 NotAvailable, 502
    /// DeviceError, 503 NoDevice, other 5xx ServerError; any other status (a 3xx redirect, which is never
    /// followed, or an unlisted 4xx) is BadResponse. A 5xx whose body is not Blooio's JSON came from something in
    /// between (a proxy or load balancer), so it is BadResponse too: "your iPhone is not connected" would send
    /// the operator the wrong way. A connection that broke after the request was sent is BadResponse, not
    /// Unreachable: "nothing was sent" would be a false comfort there. A 409 is worded for a create without a
    /// chat GUID; `create_problem` words it for the request that was sent.
    pub fn problem(&self) -> Problem {
        let api = match self {
            ApiError::Api {
                status,
                raw_body: Some(_),
                message: None,
                ..
            } if *status >= 500 => ApiProblem::BadResponse,
            ApiError::Api {
                status,
                message,
                retry_after_secs,
                ..
            } => problem_for_status(*status, message.as_deref(), *retry_after_secs),
            ApiError::Timeout { sent } => ApiProblem::Timeout { sent: *sent },
            ApiError::Connect(_) | ApiError::Transport { sent: false, .. } => {
                ApiProblem::Unreachable
            }
            ApiError::Tls(_) => ApiProblem::Tls,
            ApiError::Decode { .. } | ApiError::Transport { sent: true, .. } => {
                ApiProblem::BadResponse
            }
            ApiError::Config(detail) => {
                return Problem::Input(InputProblem::SettingInvalid {
                    detail: detail.clone(),
                })
            }
            ApiError::Refused(problem) => return Problem::Input(problem.clone()),
        };
        Problem::Api(api)
    }

    /// `problem`, with a 409 worded for what the create asked: a chat GUID that is linked already, or a group
    /// with the same members.
    pub fn create_problem(&self, linking: bool) -> Problem {
        match self.problem() {
            Problem::Api(ApiProblem::Conflict { .. }) => {
                Problem::Api(ApiProblem::Conflict { linking })
            }
            other => other,
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
            ApiError::Connect(_)
            | ApiError::Tls(_)
            | ApiError::Config(_)
            | ApiError::Refused(_) => false,
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
            ApiError::Connect(_)
            | ApiError::Tls(_)
            | ApiError::Config(_)
            | ApiError::Refused(_) => false,
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
            // Made locally from the file, never from server text or the key.
            ApiError::Refused(problem) => ApiError::Refused(problem),
        }
    }
}

fn problem_for_status(
    status: u16,
    message: Option<&str>,
    retry_after_secs: Option<u64>,
) -> ApiProblem {
    match status {
        400 | 422 => ApiProblem::Rejected {
            server_message: message
                .map(str::trim)
                .filter(|m| !m.is_empty())
                .map(str::to_owned),
        },
        401 => ApiProblem::Unauthorized,
        402 => ApiProblem::PaymentRequired,
        403 => ApiProblem::Forbidden,
        404 | 410 => ApiProblem::NotFound,
        408 => ApiProblem::Timeout { sent: true },
        409 => ApiProblem::Conflict { linking: false },
        429 => ApiProblem::RateLimited { retry_after_secs },
        501 => ApiProblem::NotAvailable,
        502 => ApiProblem::DeviceError,
        503 => ApiProblem::NoDevice,
        500..=599 => ApiProblem::ServerError,
        _ => ApiProblem::BadResponse,
    }
}

fn describe_api(
    status: u16,
    message: Option<&str>,
    not_json: bool,
    retry_after: Option<u64>,
) -> String {
    let summary = match problem_for_status(status, None, retry_after) {
        // An HTML error page is a proxy's or a gateway's, not Blooio's: its status says little about Blooio.
        _ if not_json && message.is_none() => {
            "The server answered with a page that isn't from Blooio's API (a proxy or gateway may be in the way)"
                .to_owned()
        }
        ApiProblem::Rejected { .. } => "Blooio rejected the request as invalid".to_owned(),
        ApiProblem::Unauthorized => "Blooio didn't accept the API key".to_owned(),
        ApiProblem::PaymentRequired => "Blooio says the account's plan limit has been reached".to_owned(),
        ApiProblem::Forbidden => "Blooio doesn't allow this API key to do that".to_owned(),
        ApiProblem::NotFound => "Blooio couldn't find it".to_owned(),
        ApiProblem::Timeout { .. } => "Blooio gave up waiting for the request".to_owned(),
        ApiProblem::Conflict { .. } => "Blooio says a group like this already exists".to_owned(),
        ApiProblem::RateLimited { .. } => match retry_after {
            Some(secs) => format!("Blooio is limiting requests; try again in {secs} s"),
            None => "Blooio is limiting requests; try again later".to_owned(),
        },
        ApiProblem::NotAvailable => "Blooio doesn't offer this yet".to_owned(),
        ApiProblem::DeviceError => "Blooio couldn't talk to its iMessage device; try again shortly".to_owned(),
        ApiProblem::NoDevice => "Blooio has no iMessage device connected".to_owned(),
        ApiProblem::ServerError => "Blooio had a server error".to_owned(),
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
            (400, "Rejected"),
            (401, "Unauthorized"),
            (402, "PaymentRequired"),
            (403, "Forbidden"),
            (404, "NotFound"),
            (408, "Timeout"),
            (409, "Conflict"),
            (418, "BadResponse"),
            (422, "Rejected"),
            (429, "RateLimited"),
            (500, "ServerError"),
            (501, "NotAvailable"),
            (502, "DeviceError"),
            (503, "NoDevice"),
            (504, "ServerError"),
            (599, "ServerError"),
            (301, "BadResponse"),
            (307, "BadResponse"),
        ];
        for (status, kind) in cases {
            assert_eq!(api(status).problem().code(), kind, "{status}");
            assert_eq!(api(status).status(), Some(status));
        }
    }

    #[test]
    fn other_kinds_and_whether_the_server_was_reached() {
        // (error, kind, may_have_reached_server, outcome_unknown)
        let cases = [
            (ApiError::Timeout { sent: true }, "Timeout", true, true),
            (ApiError::Timeout { sent: false }, "Timeout", false, false),
            (
                ApiError::Connect("refused".into()),
                "Unreachable",
                false,
                false,
            ),
            (ApiError::Tls("bad certificate".into()), "Tls", false, false),
            (
                ApiError::Decode {
                    status: 201,
                    raw_body: "<html>".into(),
                },
                "BadResponse",
                true,
                true,
            ),
            (
                ApiError::Transport {
                    detail: "connection reset".into(),
                    sent: true,
                },
                "BadResponse",
                true,
                true,
            ),
            (
                ApiError::Transport {
                    detail: "x".into(),
                    sent: false,
                },
                "Unreachable",
                false,
                false,
            ),
            (
                ApiError::Config("bad url".into()),
                "SettingInvalid",
                false,
                false,
            ),
            (api(400), "Rejected", true, false),
            (api(409), "Conflict", true, false),
            (api(500), "ServerError", true, true),
            (api(503), "NoDevice", true, true),
        ];
        for (error, kind, reached, unknown) in cases {
            assert_eq!(error.problem().code(), kind, "{error:?}");
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
    fn problems_carry_codes_and_arguments() {
        let error = ApiError::Api {
            status: 429,
            message: Some("Slow down".into()),
            code: Some("outbound_limit_reached".into()),
            error: None,
            raw_body: None,
            retry_after_secs: Some(30),
        };
        assert_eq!(
            serde_json::to_value(error.problem()).unwrap(),
            serde_json::json!({"code": "RateLimited", "retry_after_secs": 30})
        );
        let proxy_page = ApiError::Api {
            status: 503,
            message: None,
            code: None,
            error: None,
            raw_body: Some("<html>".into()),
            retry_after_secs: None,
        };
        assert_eq!(proxy_page.problem().code(), "BadResponse");
        assert_eq!(api(409).problem().code(), "Conflict");
        assert_eq!(
            api(409).create_problem(true),
            Problem::Api(ApiProblem::Conflict { linking: true })
        );
    }
}
