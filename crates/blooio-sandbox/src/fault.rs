//! Faults a test queues for the next `/groups` request, and the admin JSON that describes them.

use std::time::Duration;

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use crate::error::{codes, ApiError};

/// What `Fault::NonJsonBody` answers, like a proxy in front of the API would.
pub const NON_JSON_BODY: &str = "<html>Bad Gateway</html>";

/// A misbehaviour the next request to a `/groups` route suffers (see [`crate::Sandbox::inject`]).
///
/// Serialises to and from the admin JSON of `POST /__sandbox/faults`, e.g. `{"kind": "status", "status": 503}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "FaultSpec", into = "FaultSpec")]
pub enum Fault {
    /// Answer with this status and a Blooio-shaped body; the request is not processed.
    /// 500, 502 and 503 carry Blooio's wording; any 400–599 works. Outside that range it answers 500.
    Status(u16),
    /// 429 with a `Retry-After` header; the request is not processed.
    RateLimited { retry_after_secs: u64 },
    /// Wait, then process the request normally. The request is processed after the wait even if the client
    /// has gone by then (a real server does not notice a vanished client mid-request), so a create the client
    /// timed out on is still stored. Shutting the sandbox down cuts the wait short and stores nothing.
    Delay(Duration),
    /// Read the request, then close the TCP connection without answering; the request is not processed.
    DropConnection,
    /// 502 with a `text/html` body ([`NON_JSON_BODY`]); the request is not processed.
    NonJsonBody,
    /// Process the request (a valid create is stored and is visible to `GET /groups`), then answer with the
    /// inner fault instead of the real answer; `AfterStore(Delay(d))` waits `d`, then gives the real answer.
    AfterStore(Box<Fault>),
}

impl Fault {
    pub fn after_store(inner: Fault) -> Fault {
        Fault::AfterStore(Box::new(inner))
    }

    /// Unwraps nested `AfterStore`s: whether to process the request first, and what to do about the answer.
    pub(crate) fn plan(self) -> Plan {
        let mut process_first = false;
        let mut fault = self;
        loop {
            let action = match fault {
                Fault::AfterStore(inner) => {
                    process_first = true;
                    fault = *inner;
                    continue;
                }
                Fault::Delay(delay) => Action::Delay(delay),
                Fault::Status(status) => Action::Answer(Answer::Status(status)),
                Fault::RateLimited { retry_after_secs } => {
                    Action::Answer(Answer::RateLimited(retry_after_secs))
                }
                Fault::DropConnection => Action::Answer(Answer::Drop),
                Fault::NonJsonBody => Action::Answer(Answer::NonJson),
            };
            return Plan {
                process_first,
                action,
            };
        }
    }
}

pub(crate) struct Plan {
    pub(crate) process_first: bool,
    pub(crate) action: Action,
}

pub(crate) enum Action {
    Delay(Duration),
    Answer(Answer),
}

/// A fault that replaces the answer.
pub(crate) enum Answer {
    Status(u16),
    RateLimited(u64),
    NonJson,
    Drop,
}

/// The answer for `Answer::Status`, `RateLimited` and `NonJson` (dropping is the connection's business).
pub(crate) fn fault_response(answer: &Answer) -> Response {
    match *answer {
        Answer::Status(status) => status_error(status).into_response(),
        Answer::RateLimited(secs) => ApiError::rate_limited(secs),
        Answer::NonJson | Answer::Drop => (
            StatusCode::BAD_GATEWAY,
            [(header::CONTENT_TYPE, "text/html")],
            NON_JSON_BODY,
        )
            .into_response(),
    }
}

fn status_error(status: u16) -> ApiError {
    let status = match StatusCode::from_u16(status) {
        Ok(s) if s.is_client_error() || s.is_server_error() => s,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    };
    let (code, message): (&'static str, &str) = match status.as_u16() {
        402 => (
            "trial_limit_reached",
            "Trial limit reached. Upgrade your plan to continue.",
        ),
        403 => ("forbidden", "This action is not allowed for this API key."),
        404 => (codes::NOT_FOUND, "Not found"),
        408 => ("request_timeout", "Request timeout"),
        409 => ("conflict", "Conflict"),
        429 => (codes::RATE_LIMITED, "Rate limit exceeded."),
        500 => (codes::INTERNAL_ERROR, "Internal server error"),
        501 => (
            codes::NOT_IMPLEMENTED,
            "This endpoint is not yet available.",
        ),
        502 => (
            codes::DEVICE_COMMUNICATION_ERROR,
            "Temporary device communication error. Please try again.",
        ),
        503 => (
            codes::NO_ACTIVE_DEVICE,
            "No active device connected. Please make sure your device is online and try again.",
        ),
        504 => ("gateway_timeout", "Gateway timeout"),
        s if s < 500 => ("bad_request", "Bad request"),
        _ => ("server_error", "Server error"),
    };
    ApiError::new(status, code, message)
}

/// Why admin fault JSON was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FaultSpecError {
    #[error("status must be between 400 and 599, got {0}")]
    Status(u16),
}

/// The admin JSON shape; `Fault` converts through it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum FaultSpec {
    Status {
        status: u16,
    },
    RateLimited {
        retry_after_secs: u64,
    },
    Delay {
        delay_ms: u64,
    },
    DropConnection,
    #[serde(alias = "non_json_body")]
    NonJson,
    AfterStore {
        inner: Box<FaultSpec>,
    },
}

impl TryFrom<FaultSpec> for Fault {
    type Error = FaultSpecError;

    fn try_from(spec: FaultSpec) -> Result<Self, Self::Error> {
        Ok(match spec {
            FaultSpec::Status { status } if (400..=599).contains(&status) => Fault::Status(status),
            FaultSpec::Status { status } => return Err(FaultSpecError::Status(status)),
            FaultSpec::RateLimited { retry_after_secs } => Fault::RateLimited { retry_after_secs },
            FaultSpec::Delay { delay_ms } => Fault::Delay(Duration::from_millis(delay_ms)),
            FaultSpec::DropConnection => Fault::DropConnection,
            FaultSpec::NonJson => Fault::NonJsonBody,
            FaultSpec::AfterStore { inner } => {
                Fault::AfterStore(Box::new(Fault::try_from(*inner)?))
            }
        })
    }
}

impl From<Fault> for FaultSpec {
    fn from(fault: Fault) -> Self {
        match fault {
            Fault::Status(status) => FaultSpec::Status { status },
            Fault::RateLimited { retry_after_secs } => FaultSpec::RateLimited { retry_after_secs },
            Fault::Delay(delay) => FaultSpec::Delay {
                delay_ms: u64::try_from(delay.as_millis()).unwrap_or(u64::MAX),
            },
            Fault::DropConnection => FaultSpec::DropConnection,
            Fault::NonJsonBody => FaultSpec::NonJson,
            Fault::AfterStore(inner) => FaultSpec::AfterStore {
                inner: Box::new(FaultSpec::from(*inner)),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    #[test]
    fn admin_json_round_trips() {
        let cases: Vec<(Value, Fault)> = vec![
            (json!({"kind": "status", "status": 500}), Fault::Status(500)),
            (
                json!({"kind": "rate_limited", "retry_after_secs": 3}),
                Fault::RateLimited {
                    retry_after_secs: 3,
                },
            ),
            (
                json!({"kind": "delay", "delay_ms": 40000}),
                Fault::Delay(Duration::from_secs(40)),
            ),
            (json!({"kind": "drop_connection"}), Fault::DropConnection),
            (json!({"kind": "non_json"}), Fault::NonJsonBody),
            (
                json!({"kind": "after_store", "inner": {"kind": "drop_connection"}}),
                Fault::after_store(Fault::DropConnection),
            ),
            (
                json!({"kind": "after_store", "inner": {"kind": "after_store", "inner": {"kind": "status", "status": 502}}}),
                Fault::after_store(Fault::after_store(Fault::Status(502))),
            ),
        ];
        for (value, fault) in cases {
            let parsed: Fault = serde_json::from_value(value.clone()).expect("parses");
            assert_eq!(parsed, fault);
            assert_eq!(serde_json::to_value(&fault).expect("serialises"), value);
        }
        let alias: Fault = serde_json::from_value(json!({"kind": "non_json_body"})).expect("alias");
        assert_eq!(alias, Fault::NonJsonBody);
    }

    #[test]
    fn admin_json_refusals() {
        let bad = [
            json!({"kind": "status", "status": 200}),
            json!({"kind": "status", "status": 600}),
            json!({"kind": "status"}),
            json!({"kind": "explode"}),
            json!({"kind": "delay", "delay_ms": -1}),
            json!({"kind": "after_store"}),
            json!({"kind": "after_store", "inner": {"kind": "status", "status": 99}}),
            json!({"status": 500}),
        ];
        for value in bad {
            assert!(
                serde_json::from_value::<Fault>(value.clone()).is_err(),
                "{value} should be refused"
            );
        }
    }

    #[test]
    fn plan_unwraps_after_store() {
        let plan =
            Fault::after_store(Fault::after_store(Fault::Delay(Duration::from_millis(7)))).plan();
        assert!(plan.process_first);
        assert!(matches!(plan.action, Action::Delay(d) if d == Duration::from_millis(7)));
        let plan = Fault::Status(503).plan();
        assert!(!plan.process_first);
        assert!(matches!(plan.action, Action::Answer(Answer::Status(503))));
    }

    #[test]
    fn status_bodies() {
        let cases = [
            (500, 500, codes::INTERNAL_ERROR),
            (502, 502, codes::DEVICE_COMMUNICATION_ERROR),
            (503, 503, codes::NO_ACTIVE_DEVICE),
            (402, 402, "trial_limit_reached"),
            (418, 418, "bad_request"),
            (200, 500, codes::INTERNAL_ERROR),
            (1000, 500, codes::INTERNAL_ERROR),
        ];
        for (asked, status, code) in cases {
            let err = status_error(asked);
            assert_eq!(err.status().as_u16(), status, "{asked}");
            assert_eq!(err.code(), code, "{asked}");
        }
        assert!(status_error(503).message().contains("No active device"));
        assert!(status_error(502).message().contains("device communication"));
    }
}
