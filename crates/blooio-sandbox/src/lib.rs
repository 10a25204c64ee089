//! A faithful local emulator of Blooio's Groups API (`/v2/api/groups`), written from the API's documentation
//! and independent of `blooio-core`, so that it can catch the client's mistakes. It is embedded by the app's
//! sandbox mode and by tests, and runs standalone as the `blooio-sandbox` binary.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use blooio_sandbox::{Fault, KeyPolicy, Sandbox, SandboxConfig};
//! let sandbox = Sandbox::start(
//!     SandboxConfig { keys: KeyPolicy::Exactly(vec!["bl_test_abc".into()]) },
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
//!   sent): Blooio's, per API key; `POST /v2/api/groups/{group_id}/members` answers 501 as Blooio's does.
//!   Every one of them takes the next queued [`Fault`].
//! - `POST /__sandbox/faults` (a [`Fault`] as JSON, e.g. `{"kind": "status", "status": 500}`) → `{"queued": n}`;
//!   `GET /__sandbox/stats` → `{"groups", "create_requests", "pending_faults"}`; `POST /__sandbox/reset` → 204.
//!   No auth: the sandbox only ever listens on loopback.

mod api;
mod config;
mod error;
mod fault;
mod rules;
mod server;
mod store;

pub use config::{KeyPolicy, SandboxConfig};
pub use error::codes;
pub use fault::{Fault, FaultSpecError, NON_JSON_BODY};
pub use rules::{LIST_LIMIT_DEFAULT, LIST_LIMIT_MAX, NAME_MAX_CHARS};
pub use server::{Sandbox, SHUTDOWN_GRACE};
