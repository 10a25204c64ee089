//! Admin routes on the sandbox's own port, without auth (it only ever listens on loopback): queue faults, read
//! counters, reset, seed many groups, play an offline phone, set the rate limit.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::json;

use crate::api::App;
use crate::error::{codes, ApiError};
use crate::fault::Fault;
use crate::rate_limit::RateLimit;
use crate::store::SEED_MAX;

pub(crate) async fn inject(State(app): State<Arc<App>>, body: Bytes) -> Response {
    match serde_json::from_slice::<Fault>(&body) {
        Ok(fault) => {
            let queued = app.store.inject(fault);
            Json(json!({ "queued": queued })).into_response()
        }
        Err(e) => ApiError::new(
            StatusCode::BAD_REQUEST,
            codes::INVALID_FAULT,
            format!("Could not read the fault: {e}"),
        )
        .into_response(),
    }
}

pub(crate) async fn stats(State(app): State<Arc<App>>) -> Response {
    Json(json!({
        "groups": app.store.group_count(),
        "create_requests": app.store.create_requests(),
        "pending_faults": app.store.pending_faults(),
        "rate_limited": app.limiter.refused(),
        "rate_limit_per_second": app.limiter.limit().map(|limit| limit.per_second),
    }))
    .into_response()
}

pub(crate) async fn reset(State(app): State<Arc<App>>) -> StatusCode {
    app.reset();
    StatusCode::NO_CONTENT
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedRequest {
    count: usize,
    key: String,
}

/// `POST /__sandbox/seed {"count": 10000, "key": "bl_…"}` → `{"seeded", "groups", "first_group_id",
/// "last_group_id"}` (oldest and newest seeded). The key must be one the sandbox accepts: seeding a key no
/// request can use is a mistake worth hearing about.
pub(crate) async fn seed(State(app): State<Arc<App>>, body: Bytes) -> Response {
    let refuse = |message: String| {
        ApiError::new(StatusCode::BAD_REQUEST, codes::INVALID_SEED, message).into_response()
    };
    let request = match serde_json::from_slice::<SeedRequest>(&body) {
        Ok(request) => request,
        Err(e) => {
            return refuse(format!(
            "Could not read the seed request ({e}); send {{\"count\": 10000, \"key\": \"bl_…\"}}"
        ))
        }
    };
    if request.count > SEED_MAX {
        return refuse(format!(
            "count must be at most {SEED_MAX}, got {}",
            request.count
        ));
    }
    if !app.config.keys.accepts(&request.key) {
        return refuse(
            "This sandbox does not accept that key, so no request could see its groups".into(),
        );
    }
    let ids = app.store.seed(&request.key, request.count, &app.photo_base);
    Json(json!({
        "seeded": ids.len(),
        "groups": app.store.group_count(),
        "first_group_id": ids.first(),
        "last_group_id": ids.last(),
    }))
    .into_response()
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DevicesRequest {
    online: bool,
}

/// `POST /__sandbox/devices {"online": false}`: from now on changes to linked chats are stored but their
/// `device_sync` says they did not reach the phones, until `{"online": true}` or a reset.
pub(crate) async fn devices(State(app): State<Arc<App>>, body: Bytes) -> Response {
    match serde_json::from_slice::<DevicesRequest>(&body) {
        Ok(DevicesRequest { online }) => {
            app.store.set_devices_online(online);
            Json(json!({ "online": online })).into_response()
        }
        Err(e) => ApiError::new(
            StatusCode::BAD_REQUEST,
            codes::INVALID_DEVICES,
            format!("Could not read the request ({e}); send {{\"online\": true}} or {{\"online\": false}}"),
        )
        .into_response(),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RateLimitRequest {
    /// Required even when null (`deserialize_with` turns off serde's "missing means None" for `Option`): an
    /// empty object clearing the limit would hide a misspelt request.
    #[serde(deserialize_with = "Option::deserialize")]
    per_second: Option<u32>,
}

/// `POST /__sandbox/rate-limit {"per_second": 5}` sets the standing limit per key; `null` or 0 clears it. Answers
/// `{"per_second"}` as now in force. A reset goes back to the configured limit.
pub(crate) async fn rate_limit(State(app): State<Arc<App>>, body: Bytes) -> Response {
    match serde_json::from_slice::<RateLimitRequest>(&body) {
        Ok(RateLimitRequest { per_second }) => {
            let limit = per_second.and_then(RateLimit::per_second);
            app.limiter.set(limit);
            Json(json!({ "per_second": limit.map(|limit| limit.per_second) })).into_response()
        }
        Err(e) => ApiError::new(
            StatusCode::BAD_REQUEST,
            codes::INVALID_RATE_LIMIT,
            format!(
                "Could not read the request ({e}); send {{\"per_second\": 5}}, or {{\"per_second\": null}} for no limit"
            ),
        )
        .into_response(),
    }
}
