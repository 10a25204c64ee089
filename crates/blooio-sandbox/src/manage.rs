//! The routes that change a group that exists: `PATCH` and `DELETE /groups/{id}`, `POST` and
//! `DELETE /groups/{id}/icon`, and the member routes Blooio answers 501 to today.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde_json::json;

use crate::api::{authenticate, body_rejection, with_fault, App, ConnHandle};
use crate::error::ApiError;
use crate::icon::check_icon;
use crate::multipart;
use crate::rules::parse_rename;

/// Room for a multipart upload of a file somewhat over the 10 MB limit, so that it gets Blooio's 400 naming
/// the limit rather than a bare 413 from the body reader.
pub(crate) const ICON_BODY_LIMIT: usize = 2 * crate::icon::ICON_MAX_BYTES;

/// Blooio's exact 501 answers: not its usual error shape (no `status`, no `code`).
const ADD_MEMBER_SOON: &str = "Adding group members is coming soon";
const REMOVE_MEMBER_SOON: &str = "Removing group members is coming soon";

type GroupId = Result<Path<String>, PathRejection>;

/// `PATCH /groups/{group_id}` `{name}`: renames; the answer is the group plus `device_sync`.
pub(crate) async fn rename_group(
    State(app): State<Arc<App>>,
    conn: Option<Extension<ConnHandle>>,
    headers: HeaderMap,
    group_id: GroupId,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    answer(app, conn, move |app| {
        let key = authenticate(app, &headers)?;
        let body = body.map_err(|rejection| body_rejection(&rejection))?;
        let name = parse_rename(content_type(&headers), &body)?;
        app.store.rename(&key, &id_of(group_id)?, name, |renamed| {
            Json(renamed).into_response()
        })
    })
    .await
}

/// `DELETE /groups/{group_id}`: soft delete, `{success, deleted_at}`.
pub(crate) async fn delete_group(
    State(app): State<Arc<App>>,
    conn: Option<Extension<ConnHandle>>,
    headers: HeaderMap,
    group_id: GroupId,
) -> Response {
    answer(app, conn, move |app| {
        let key = authenticate(app, &headers)?;
        app.store.delete(&key, &id_of(group_id)?).map(Json)
    })
    .await
}

/// `POST /groups/{group_id}/icon`, multipart field `icon`. The file is read and checked before the group is
/// looked at, as upload middleware in front of a handler would; then 404 for an unknown group and 400 for one
/// without a linked chat.
pub(crate) async fn set_icon(
    State(app): State<Arc<App>>,
    conn: Option<Extension<ConnHandle>>,
    headers: HeaderMap,
    group_id: GroupId,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    answer(app, conn, move |app| {
        let key = authenticate(app, &headers)?;
        let body = body.map_err(|rejection| body_rejection(&rejection))?;
        let upload = check_icon(multipart::parse(content_type(&headers), &body)?)?;
        app.store
            .set_icon(&key, &id_of(group_id)?, upload, &app.photo_base)
            .map(Json)
    })
    .await
}

/// `DELETE /groups/{group_id}/icon`: linked groups only, like the set.
pub(crate) async fn remove_icon(
    State(app): State<Arc<App>>,
    conn: Option<Extension<ConnHandle>>,
    headers: HeaderMap,
    group_id: GroupId,
) -> Response {
    answer(app, conn, move |app| {
        let key = authenticate(app, &headers)?;
        app.store.remove_icon(&key, &id_of(group_id)?).map(Json)
    })
    .await
}

/// `POST /groups/{group_id}/members`: 501 after authentication, whatever the group or body, as Blooio
/// answers today.
pub(crate) async fn add_member(
    State(app): State<Arc<App>>,
    conn: Option<Extension<ConnHandle>>,
    headers: HeaderMap,
) -> Response {
    coming_soon(app, conn, headers, ADD_MEMBER_SOON).await
}

/// `DELETE /groups/{group_id}/members/{identifier}`: 501 likewise.
pub(crate) async fn remove_member(
    State(app): State<Arc<App>>,
    conn: Option<Extension<ConnHandle>>,
    headers: HeaderMap,
) -> Response {
    coming_soon(app, conn, headers, REMOVE_MEMBER_SOON).await
}

async fn coming_soon(
    app: Arc<App>,
    conn: Option<Extension<ConnHandle>>,
    headers: HeaderMap,
    message: &'static str,
) -> Response {
    answer(app, conn, move |app| {
        authenticate(app, &headers)?;
        Ok((
            StatusCode::NOT_IMPLEMENTED,
            Json(json!({"error": "Coming soon", "message": message})),
        ))
    })
    .await
}

/// Answers a request with what `work` makes of it, or its error, bent by the fault the request drew.
async fn answer<R, W>(app: Arc<App>, conn: Option<Extension<ConnHandle>>, work: W) -> Response
where
    R: IntoResponse,
    W: FnOnce(&App) -> Result<R, ApiError> + Send + 'static,
{
    let fault = app.store.take_fault();
    let work = move |app: &App| match work(app) {
        Ok(answer) => answer.into_response(),
        Err(e) => e.into_response(),
    };
    with_fault(app, conn.map(|Extension(c)| c), fault, work).await
}

fn content_type(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
}

/// An id that can't even be decoded from the path names no group.
fn id_of(group_id: GroupId) -> Result<String, ApiError> {
    group_id
        .map(|Path(id)| id)
        .map_err(|_| ApiError::not_found("Group not found"))
}
