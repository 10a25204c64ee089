//! Admin routes on the sandbox's own port, without auth (it only ever listens on loopback): queue faults, read
//! counters, reset, seed many groups, play an offline phone.

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
    }))
    .into_response()
}

pub(crate) async fn reset(State(app): State<Arc<App>>) -> StatusCode {
    app.store.reset();
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
