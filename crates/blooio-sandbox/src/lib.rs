//! A faithful local emulator of Blooio's Groups API (`/v2/api/groups`), written from the API's documentation
//! and independent of `blooio-core`, so that it can catch the client's mistakes. It is embedded by the app's
//! sandbox mode and by tests, and runs standalone as the `blooio-sandbox` binary.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use blooio_sandbox::{Fault, KeyPolicy, Sandbox, SandboxConfig};
//! let sandbox = Sandbox::start(
//!     SandboxConfig {
//!         keys: KeyPolicy::Exactly(vec!["bl_test_abc".into()]),
//!         rate_limit: None, // or `RateLimit::per_second(5)`: more per key and second get a 429
//!     },
//!     "127.0.0.1:0".parse().expect("literal"),
//! )
//! .await?;
//! sandbox.inject(Fault::Status(503)); // the next /groups request gets "no active device"
//! println!("{}", sandbox.base_url()); // http://127.0.0.1:PORT/v2/api
//! sandbox.shutdown().await;
//! # Ok(()) }
//! ```
//!
//! Routes (all JSON; errors are `{"error": "ApiError", "message", "status", "code", …}`, see [`codes`]):
//! - `POST /v2/api/groups`, `GET /v2/api/groups`, `GET /v2/api/groups/{group_id}`,
//!   `GET /v2/api/groups/{group_id}/members` (`limit`/`offset`, members in the order added, identifiers as
//!   sent): Blooio's, per API key.
//! - `PATCH /v2/api/groups/{group_id}` `{name}` (the group plus `device_sync`), `DELETE /v2/api/groups/{group_id}`
//!   (soft: `{success, deleted_at}`, then 404 and gone from the list), `POST /v2/api/groups/{group_id}/icon`
//!   (multipart field `icon`, JPEG/PNG/GIF/WebP/HEIC/HEIF by signature, at most [`ICON_MAX_BYTES`], linked
//!   groups only) and `DELETE …/icon`; `POST …/members` and `DELETE …/members/{identifier}` answer 501 with
//!   Blooio's own body. Every `/groups` route takes the next queued [`Fault`].
//! - With a [`RateLimit`] in force, an authenticated request to any `/v2/api` path beyond the limit for its key
//!   is answered 429 `rate_limited` with a `Retry-After` and not processed (nor does it take a fault).
//! - `GET /__sandbox/chat-photos/{file}`: the photos `icon_url` points at, no key needed.
//! - `POST /__sandbox/faults` (a [`Fault`] as JSON, e.g. `{"kind": "status", "status": 500}`) → `{"queued": n}`;
//!   `GET /__sandbox/stats` → `{"groups", "create_requests", "pending_faults", "rate_limited",
//!   "rate_limit_per_second"}`; `POST /__sandbox/reset` → 204;
//!   `POST /__sandbox/seed {"count", "key"}` → `{"seeded", "groups", "first_group_id", "last_group_id"}`;
//!   `POST /__sandbox/devices {"online": false}` → `{"online"}`;
//!   `POST /__sandbox/rate-limit {"per_second": 5}` (`null` or 0: none) → `{"per_second"}`.
//!   No auth: the sandbox only ever listens on loopback.

mod admin;
mod api;
mod config;
mod error;
mod fault;
mod icon;
mod manage;
mod multipart;
mod rate_limit;
mod rules;
mod server;
mod store;

pub use config::{KeyPolicy, SandboxConfig};
pub use error::codes;
pub use fault::{Fault, FaultSpecError, NON_JSON_BODY};
pub use icon::{ICON_FIELD, ICON_MAX_BYTES};
pub use rate_limit::RateLimit;
pub use rules::{LIST_LIMIT_DEFAULT, LIST_LIMIT_MAX, NAME_MAX_CHARS};
pub use server::{Sandbox, SHUTDOWN_GRACE};
pub use store::SEED_MAX;
