//! The HTTP face: the router, the routes that create and read groups, and how faults bend an answer. The
//! routes that change a group are in `manage.rs`, the admin routes in `admin.rs`.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Path, Query, Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Extension, Json, Router};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::admin;
use crate::config::SandboxConfig;
use crate::error::{codes, ApiError};
use crate::fault::{fault_response, Action, Answer, Fault};
use crate::manage::{self, ICON_BODY_LIMIT};
use crate::rate_limit::RateLimiter;
use crate::rules::{parse_create, parse_list_query, parse_page_query};
use crate::store::{Photo, Store};

pub(crate) const API_BASE: &str = "/v2/api";
const GROUPS: &str = "/v2/api/groups";
pub(crate) const CHAT_PHOTOS: &str = "/__sandbox/chat-photos/";
const CHAT_PHOTO_ROUTE: &str = "/__sandbox/chat-photos/{file}";
/// The photo every linked group chat has in the sandbox (96×96 PNG).
const CHAT_PHOTO_PNG: &[u8] = include_bytes!("../assets/chat-photo.png");

/// State shared by every request of one sandbox.
pub(crate) struct App {
    pub(crate) config: SandboxConfig,
    pub(crate) store: Store,
    /// The standing rate limit, in front of every `/v2/api` route (see [`rate_limit`]).
    pub(crate) limiter: RateLimiter,
    /// `http://127.0.0.1:PORT/__sandbox/chat-photos/`: where linked chats' photos are served.
    pub(crate) photo_base: String,
    /// Cancelled when the sandbox shuts down: cuts `Delay` faults short.
    pub(crate) shutdown: CancellationToken,
    /// Delayed requests run detached from their connection; shutdown waits for them.
    pub(crate) detached: TaskTracker,
}

impl App {
    /// Forgets groups, contacts, faults and counters, and puts the configured rate limit back.
    pub(crate) fn reset(&self) {
        self.store.reset();
        self.limiter.reset();
    }
}

/// Put into every request by the connection loop: cancelling it closes that request's TCP connection.
#[derive(Clone)]
pub(crate) struct ConnHandle {
    pub(crate) kill: CancellationToken,
}

pub(crate) fn router(app: Arc<App>) -> Router {
    Router::new()
        .route(GROUPS, get(list_groups).post(create_group))
        .route(
            "/v2/api/groups/{group_id}",
            get(get_group)
                .patch(manage::rename_group)
                .delete(manage::delete_group),
        )
        .route(
            "/v2/api/groups/{group_id}/members",
            get(group_members).post(manage::add_member),
        )
        .route(
            "/v2/api/groups/{group_id}/members/{identifier}",
            delete(manage::remove_member),
        )
        .route(
            "/v2/api/groups/{group_id}/icon",
            post(manage::set_icon)
                .delete(manage::remove_icon)
                .layer(DefaultBodyLimit::max(ICON_BODY_LIMIT)),
        )
        .route(CHAT_PHOTO_ROUTE, get(chat_photo))
        .route("/__sandbox/faults", post(admin::inject))
        .route("/__sandbox/stats", get(admin::stats))
        .route("/__sandbox/reset", post(admin::reset))
        .route("/__sandbox/seed", post(admin::seed))
        .route("/__sandbox/devices", post(admin::devices))
        .route("/__sandbox/rate-limit", post(admin::rate_limit))
        .fallback(unknown_route)
        .method_not_allowed_fallback(method_not_allowed)
        // Last, so that it wraps every route and both fallbacks: unknown `/v2/api` paths count too.
        .layer(middleware::from_fn_with_state(Arc::clone(&app), rate_limit))
        .with_state(app)
}

/// The standing rate limit, in front of every `/v2/api` path (admin routes and chat photos are not the API).
///
/// After authentication: a request without an accepted key goes on to its route and gets its 401 there, as with
/// no limit, and cannot use up a real key's allowance. Before the route: a refused request is not processed
/// (a create stores nothing) and takes no queued fault, so a test's fault still meets the next request that
/// gets through. A refused `POST /groups` still counts in `create_requests` (requests received).
async fn rate_limit(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let path = request.uri().path();
    let is_api = path == API_BASE
        || path
            .strip_prefix(API_BASE)
            .is_some_and(|rest| rest.starts_with('/'));
    if !is_api {
        return next.run(request).await;
    }
    let Ok(key) = authenticate(&app, request.headers()) else {
        return next.run(request).await;
    };
    match app.limiter.check(&key, Instant::now()) {
        Ok(()) => next.run(request).await,
        Err(retry_after_secs) => {
            if request.method() == Method::POST && path == GROUPS {
                app.store.count_create();
            }
            ApiError::rate_limited(retry_after_secs)
        }
    }
}

async fn create_group(
    State(app): State<Arc<App>>,
    conn: Option<Extension<ConnHandle>>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let fault = app.store.begin_create();
    let work = move |app: &App| -> Response {
        let key = match authenticate(app, &headers) {
            Ok(key) => key,
            Err(e) => return e.into_response(),
        };
        let body = match body {
            Ok(body) => body,
            Err(rejection) => return body_rejection(&rejection).into_response(),
        };
        let content_type = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok());
        let input = match parse_create(content_type, &body) {
            Ok(input) => input,
            Err(e) => return e.into_response(),
        };
        app.store
            .create(&key, input, &app.photo_base, |created| {
                (StatusCode::CREATED, Json(created)).into_response()
            })
            .unwrap_or_else(IntoResponse::into_response)
    };
    with_fault(app, conn.map(|Extension(c)| c), fault, work).await
}

async fn list_groups(
    State(app): State<Arc<App>>,
    conn: Option<Extension<ConnHandle>>,
    headers: HeaderMap,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Response {
    let fault = app.store.take_fault();
    let work = move |app: &App| -> Response {
        let key = match authenticate(app, &headers) {
            Ok(key) => key,
            Err(e) => return e.into_response(),
        };
        let params = query
            .map_err(|rejection| {
                ApiError::new(
                    StatusCode::BAD_REQUEST,
                    codes::VALIDATION_ERROR,
                    format!("Invalid query string: {}", rejection.body_text()),
                )
            })
            .and_then(|Query(pairs)| parse_list_query(&pairs));
        match params {
            Ok(params) => app
                .store
                .list(&key, &params, |list| Json(list).into_response()),
            Err(e) => e.into_response(),
        }
    };
    with_fault(app, conn.map(|Extension(c)| c), fault, work).await
}

async fn get_group(
    State(app): State<Arc<App>>,
    conn: Option<Extension<ConnHandle>>,
    headers: HeaderMap,
    group_id: Result<Path<String>, PathRejection>,
) -> Response {
    let fault = app.store.take_fault();
    let work = move |app: &App| -> Response {
        let key = match authenticate(app, &headers) {
            Ok(key) => key,
            Err(e) => return e.into_response(),
        };
        // Another key's group is as unknown as a made-up id: the answer must not tell them apart.
        let found = group_id.ok().and_then(|Path(id)| {
            app.store
                .get(&key, &id, |group| Json(group).into_response())
        });
        found.unwrap_or_else(|| ApiError::not_found("Group not found").into_response())
    };
    with_fault(app, conn.map(|Extension(c)| c), fault, work).await
}

async fn group_members(
    State(app): State<Arc<App>>,
    conn: Option<Extension<ConnHandle>>,
    headers: HeaderMap,
    group_id: Result<Path<String>, PathRejection>,
    query: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> Response {
    let fault = app.store.take_fault();
    let work = move |app: &App| -> Response {
        let key = match authenticate(app, &headers) {
            Ok(key) => key,
            Err(e) => return e.into_response(),
        };
        let page = query
            .map_err(|rejection| {
                ApiError::new(
                    StatusCode::BAD_REQUEST,
                    codes::VALIDATION_ERROR,
                    format!("Invalid query string: {}", rejection.body_text()),
                )
            })
            .and_then(|Query(pairs)| parse_page_query(&pairs));
        let page = match page {
            Ok(page) => page,
            Err(e) => return e.into_response(),
        };
        // As for `GET /groups/{id}`: another key's group is as unknown as a made-up id.
        let found = group_id.ok().and_then(|Path(id)| {
            app.store
                .members(&key, &id, page, |members| Json(members).into_response())
        });
        found.unwrap_or_else(|| ApiError::not_found("Group not found").into_response())
    };
    with_fault(app, conn.map(|Extension(c)| c), fault, work).await
}

pub(crate) fn authenticate(app: &App, headers: &HeaderMap) -> Result<String, ApiError> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Err(ApiError::unauthorized(
            "Missing API key. Send it as 'Authorization: Bearer <key>'.",
        ));
    };
    let token = value
        .to_str()
        .ok()
        .and_then(|v| {
            let (scheme, rest) = v.trim().split_once(' ')?;
            scheme.eq_ignore_ascii_case("bearer").then(|| rest.trim())
        })
        .filter(|token| !token.is_empty());
    match token {
        None => Err(ApiError::unauthorized(
            "Malformed Authorization header. Send it as 'Authorization: Bearer <key>'.",
        )),
        Some(token) if app.config.keys.accepts(token) => Ok(token.to_owned()),
        Some(_) => Err(ApiError::unauthorized("Invalid API key")),
    }
}

pub(crate) fn body_rejection(rejection: &BytesRejection) -> ApiError {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            codes::PAYLOAD_TOO_LARGE,
            "Request body is too large",
        )
    } else {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            codes::INVALID_JSON,
            format!("Could not read the request body: {}", rejection.body_text()),
        )
    }
}

/// Answers a `/groups` request: normally, or bent by the fault it drew.
pub(crate) async fn with_fault<W>(
    app: Arc<App>,
    conn: Option<ConnHandle>,
    fault: Option<Fault>,
    work: W,
) -> Response
where
    W: FnOnce(&App) -> Response + Send + 'static,
{
    let Some(fault) = fault else {
        return work(&app);
    };
    let plan = fault.plan();
    if plan.process_first {
        let real = work(&app);
        return match plan.action {
            Action::Delay(delay) => {
                if sleep_unless_shutdown(&app.shutdown, delay).await {
                    real
                } else {
                    ApiError::shutting_down().into_response()
                }
            }
            Action::Answer(answer) => answer_with(conn, answer).await,
        };
    }
    match plan.action {
        Action::Delay(delay) => delayed(app, delay, work).await,
        Action::Answer(answer) => answer_with(conn, answer).await,
    }
}

/// Runs `work` after `delay` on its own task, so the request is processed even if the client hangs up
/// meanwhile (hyper drops a handler whose client has gone; a real server would not notice).
async fn delayed<W>(app: Arc<App>, delay: Duration, work: W) -> Response
where
    W: FnOnce(&App) -> Response + Send + 'static,
{
    let task_app = Arc::clone(&app);
    let task = app.detached.spawn(async move {
        if sleep_unless_shutdown(&task_app.shutdown, delay).await {
            Some(work(&task_app))
        } else {
            None
        }
    });
    match task.await {
        Ok(Some(response)) => response,
        Ok(None) | Err(_) => ApiError::shutting_down().into_response(),
    }
}

/// `false` when shutdown came first.
async fn sleep_unless_shutdown(shutdown: &CancellationToken, delay: Duration) -> bool {
    tokio::select! {
        () = tokio::time::sleep(delay) => true,
        () = shutdown.cancelled() => false,
    }
}

async fn answer_with(conn: Option<ConnHandle>, answer: Answer) -> Response {
    match (answer, conn) {
        (Answer::Drop, Some(conn)) => {
            conn.kill.cancel();
            // The connection loop drops this future together with the connection; nothing is ever sent.
            std::future::pending::<Response>().await
        }
        // Only reachable if the router were served without our connection loop: a proxy-like 502 is the
        // closest thing to a dropped connection that can still be sent.
        (answer, _) => fault_response(&answer),
    }
}

/// Like a CDN: no key needed, and only photos of groups that exist are found.
async fn chat_photo(State(app): State<Arc<App>>, Path(file): Path<String>) -> Response {
    let (mime, bytes) = match app.store.photo(&file) {
        Some(Photo::Stock) => ("image/png", Bytes::from_static(CHAT_PHOTO_PNG)),
        Some(Photo::Uploaded { mime, bytes }) => (mime, bytes),
        None => return ApiError::not_found(format!("No photo {file}")).into_response(),
    };
    // Each photo has a URL of its own (a new upload gets a new one), so it may be cached for long.
    (
        [
            (header::CONTENT_TYPE, mime),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        bytes,
    )
        .into_response()
}

async fn unknown_route(method: Method, uri: Uri) -> ApiError {
    ApiError::not_found(format!("Cannot {method} {}", uri.path()))
}

async fn method_not_allowed(method: Method, uri: Uri) -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        codes::METHOD_NOT_ALLOWED,
        format!("Method {method} is not allowed on {}", uri.path()),
    )
}
