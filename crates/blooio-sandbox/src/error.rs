//! Error responses in Blooio's shape: `{"error": "ApiError", "message", "status", "code", …}`.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{Map, Value};

/// Machine codes the sandbox puts in the `code` field of its error bodies.
///
/// Blooio documents the statuses but not a full list of codes; where its documentation names a code
/// (`rate_limited`, `outbound_limit_reached`, …) the sandbox uses that name, otherwise a plausible snake-case one.
pub mod codes {
    /// 400: the body is not JSON, or not a JSON object.
    pub const INVALID_JSON: &str = "invalid_json";
    /// 400: `POST /groups` without `Content-Type: application/json`.
    pub const INVALID_CONTENT_TYPE: &str = "invalid_content_type";
    /// 400: a field or query parameter breaks a rule; the body also carries `"field": "<name>"`.
    pub const VALIDATION_ERROR: &str = "validation_error";
    /// 401: no `Authorization: Bearer` key, or a key the sandbox does not accept.
    pub const UNAUTHORIZED: &str = "unauthorized";
    /// 404: unknown group (or a group of another key), or an unknown path.
    pub const NOT_FOUND: &str = "not_found";
    /// 405: a known path with a method the sandbox does not serve.
    pub const METHOD_NOT_ALLOWED: &str = "method_not_allowed";
    /// 409: a group with this `chat_guid` already exists under this key.
    pub const CHAT_ALREADY_LINKED: &str = "chat_already_linked";
    /// 409: an unlinked group with the same set of members already exists under this key.
    pub const GROUP_ALREADY_EXISTS: &str = "group_already_exists";
    /// 413: the body is larger than the sandbox reads.
    pub const PAYLOAD_TOO_LARGE: &str = "payload_too_large";
    /// 429: over the standing rate limit (`SandboxConfig::rate_limit`), or `Fault::RateLimited`,
    /// `Fault::Status(429)`.
    pub const RATE_LIMITED: &str = "rate_limited";
    /// 500 (`Fault::Status(500)`).
    pub const INTERNAL_ERROR: &str = "internal_error";
    /// 501 (`Fault::Status(501)`).
    pub const NOT_IMPLEMENTED: &str = "not_implemented";
    /// 502 (`Fault::Status(502)`): Blooio's "temporary device communication error".
    pub const DEVICE_COMMUNICATION_ERROR: &str = "device_communication_error";
    /// 503 (`Fault::Status(503)`): Blooio's "no active device connected".
    pub const NO_ACTIVE_DEVICE: &str = "no_active_device";
    /// 503: a delayed request cut short because the sandbox is shutting down.
    pub const SHUTTING_DOWN: &str = "shutting_down";
    /// 400 on `POST /__sandbox/faults`: the fault JSON was not understood.
    pub const INVALID_FAULT: &str = "invalid_fault";
    /// 400: `POST` or `DELETE /groups/{group_id}/icon` on a group without a `chat_guid`.
    pub const GROUP_NOT_LINKED: &str = "group_not_linked";
    /// 400: an icon upload whose multipart body can't be read.
    pub const INVALID_MULTIPART: &str = "invalid_multipart";
    /// 400 on `POST /__sandbox/seed`: the seed JSON was not understood.
    pub const INVALID_SEED: &str = "invalid_seed";
    /// 400 on `POST /__sandbox/devices`: the JSON was not `{"online": true|false}`.
    pub const INVALID_DEVICES: &str = "invalid_devices";
    /// 400 on `POST /__sandbox/rate-limit`: the JSON was not `{"per_second": <number or null>}`.
    pub const INVALID_RATE_LIMIT: &str = "invalid_rate_limit";
}

/// One error answer. Built by the rules and the store, turned into a response at the edge.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ApiError {
    status: StatusCode,
    code: &'static str,
    message: String,
    extra: Map<String, Value>,
}

impl ApiError {
    pub(crate) fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            message: message.into(),
            extra: Map::new(),
        }
    }

    /// Adds a field next to `error`/`message`/`status`/`code`; Blooio's bodies carry such extras.
    pub(crate) fn with(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.extra.insert(key.to_owned(), value.into());
        self
    }

    pub(crate) fn validation(field: &'static str, message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::BAD_REQUEST, codes::VALIDATION_ERROR, message)
            .with("field", field)
    }

    pub(crate) fn unauthorized(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::UNAUTHORIZED, codes::UNAUTHORIZED, message)
    }

    pub(crate) fn not_found(message: impl Into<String>) -> Self {
        ApiError::new(StatusCode::NOT_FOUND, codes::NOT_FOUND, message)
    }

    /// 429 with `retry_after` in the body and the `Retry-After` header, both in whole seconds: a queued
    /// `Fault::RateLimited` and the standing limit answer alike.
    pub(crate) fn rate_limited(retry_after_secs: u64) -> Response {
        let mut response = ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            codes::RATE_LIMITED,
            format!("Rate limit exceeded. Please retry after {retry_after_secs} seconds."),
        )
        .with("retry_after", retry_after_secs)
        .into_response();
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
        response
    }

    pub(crate) fn shutting_down() -> Self {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            codes::SHUTTING_DOWN,
            "The sandbox is shutting down",
        )
    }

    #[cfg(test)]
    pub(crate) fn status(&self) -> StatusCode {
        self.status
    }

    #[cfg(test)]
    pub(crate) fn code(&self) -> &'static str {
        self.code
    }

    #[cfg(test)]
    pub(crate) fn message(&self) -> &str {
        &self.message
    }

    fn body(self) -> Value {
        let mut body = Map::with_capacity(4 + self.extra.len());
        body.insert("error".into(), "ApiError".into());
        body.insert("message".into(), self.message.into());
        body.insert("status".into(), self.status.as_u16().into());
        body.insert("code".into(), self.code.into());
        body.extend(self.extra);
        Value::Object(body)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status;
        (status, Json(self.body())).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn body_has_blooio_shape_and_extras() {
        let body = ApiError::validation("name", "name is required").body();
        assert_eq!(
            body,
            json!({"error": "ApiError", "message": "name is required", "status": 400,
                   "code": "validation_error", "field": "name"})
        );
    }
}
