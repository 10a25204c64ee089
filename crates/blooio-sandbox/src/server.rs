//! The running sandbox: our own accept loop over hyper, so that a fault can close one TCP connection
//! without answering (axum::serve gives no handle on the connection), and a bounded graceful shutdown.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::Request;
use axum::Router;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tower::ServiceExt;

use crate::api::{router, App, ConnHandle, API_BASE, CHAT_PHOTOS};
use crate::config::SandboxConfig;
use crate::fault::Fault;
use crate::rate_limit::{RateLimit, RateLimiter};
use crate::store::Store;

/// How long `shutdown` lets in-flight requests finish before closing their connections anyway.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// A running sandbox. Dropping it stops the server too (without waiting); prefer [`Sandbox::shutdown`].
pub struct Sandbox {
    addr: SocketAddr,
    app: Arc<App>,
    /// Stops accepting and starts draining; also cuts `Delay` faults short.
    shutdown: CancellationToken,
    /// Closes the connections still open when the grace period is over.
    force: CancellationToken,
    connections: TaskTracker,
    accept_loop: Option<JoinHandle<()>>,
}

impl Sandbox {
    /// Binds `addr` (use `127.0.0.1:0` for a free port) and serves on the current tokio runtime.
    ///
    /// Refuses anything but a loopback address with `ErrorKind::InvalidInput`: the admin routes have no auth.
    pub async fn start(config: SandboxConfig, addr: SocketAddr) -> io::Result<Sandbox> {
        if !addr.ip().is_loopback() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("refusing to listen on {addr}: the sandbox only binds loopback addresses"),
            ));
        }
        let listener = TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let shutdown = CancellationToken::new();
        let force = CancellationToken::new();
        let connections = TaskTracker::new();
        let app = Arc::new(App {
            limiter: RateLimiter::new(config.rate_limit),
            config,
            store: Store::default(),
            photo_base: format!("http://{addr}{CHAT_PHOTOS}"),
            shutdown: shutdown.clone(),
            detached: TaskTracker::new(),
        });
        let accept_loop = tokio::spawn(accept_loop(
            listener,
            router(Arc::clone(&app)),
            shutdown.clone(),
            force.clone(),
            connections.clone(),
        ));
        Ok(Sandbox {
            addr,
            app,
            shutdown,
            force,
            connections,
            accept_loop: Some(accept_loop),
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT/v2/api`
    pub fn base_url(&self) -> String {
        format!("http://{}{API_BASE}", self.addr)
    }

    /// Queues a fault; the next request to a `/groups` route (any method, any key, first come first served)
    /// suffers it. A request the rate limit refuses takes none.
    pub fn inject(&self, fault: Fault) {
        self.app.store.inject(fault);
    }

    /// Groups stored, all keys together; deleted groups no longer count.
    pub fn group_count(&self) -> usize {
        self.app.store.group_count()
    }

    /// `POST /groups` requests received, including refused and faulted ones.
    pub fn create_requests(&self) -> usize {
        self.app.store.create_requests()
    }

    /// Faults queued and not yet suffered.
    pub fn pending_faults(&self) -> usize {
        self.app.store.pending_faults()
    }

    /// Adds `count` groups (at most [`crate::SEED_MAX`]) to `key`'s account, quickly (10,000 in a few
    /// milliseconds), like `POST /__sandbox/seed`; returns their ids, oldest first. Names vary ("Golden Choir
    /// 42"), each group has two members of its own, every fifth is linked to a chat (and so has a photo), and
    /// `created_at` runs up to now one minute apart. The key is not checked against the sandbox's policy.
    pub fn seed(&self, key: &str, count: usize) -> Vec<String> {
        self.app.store.seed(key, count, &self.app.photo_base)
    }

    /// `false` plays phones that are off: renames and photo changes of linked chats are still stored, but
    /// their `device_sync` says they did not reach the chat (`synced: false` and a reason). Like
    /// `POST /__sandbox/devices`; a reset turns them back on.
    pub fn set_devices_online(&self, online: bool) {
        self.app.store.set_devices_online(online);
    }

    /// Sets the standing rate limit from now on (`None`: no limit), like `POST /__sandbox/rate-limit`; a reset
    /// goes back to the configured one. Requests of the last second still count against a new limit.
    pub fn set_rate_limit(&self, limit: Option<RateLimit>) {
        self.app.limiter.set(limit);
    }

    /// The rate limit in force.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        self.app.limiter.limit()
    }

    /// Requests answered 429 by the standing rate limit (not by a queued fault), all keys together.
    pub fn rate_limited_requests(&self) -> usize {
        self.app.limiter.refused()
    }

    /// Forgets groups, contacts, faults and counters, and puts the configured rate limit back, like
    /// `POST /__sandbox/reset`.
    pub fn reset(&self) {
        self.app.reset();
    }

    /// Stops accepting, lets in-flight requests finish (up to [`SHUTDOWN_GRACE`]; `Delay` faults are cut
    /// short with a 503 and store nothing), closes idle connections, and returns when all is closed.
    pub async fn shutdown(mut self) {
        self.shutdown.cancel();
        if let Some(accept_loop) = self.accept_loop.take() {
            // The loop only ends by itself; an error here means it panicked, which leaves nothing to wait for.
            let _ = accept_loop.await;
        }
        self.connections.close();
        if tokio::time::timeout(SHUTDOWN_GRACE, self.connections.wait())
            .await
            .is_err()
        {
            self.force.cancel();
            self.connections.wait().await;
        }
        self.app.detached.close();
        self.app.detached.wait().await;
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        self.shutdown.cancel();
    }
}

impl std::fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sandbox")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

async fn accept_loop(
    listener: TcpListener,
    router: Router,
    shutdown: CancellationToken,
    force: CancellationToken,
    connections: TaskTracker,
) {
    let builder = Arc::new(http1::Builder::new());
    loop {
        let accepted = tokio::select! {
            () = shutdown.cancelled() => return,
            accepted = listener.accept() => accepted,
        };
        match accepted {
            Ok((stream, _peer)) => {
                connections.spawn(serve_connection(
                    stream,
                    Arc::clone(&builder),
                    router.clone(),
                    shutdown.clone(),
                    force.clone(),
                ));
            }
            Err(e) if is_per_connection_error(&e) => {}
            // Out of file descriptors and the like: back off instead of spinning, as axum::serve does.
            Err(_) => {
                tokio::select! {
                    () = shutdown.cancelled() => return,
                    () = tokio::time::sleep(Duration::from_millis(100)) => {}
                }
            }
        }
    }
}

fn is_per_connection_error(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionReset
            | io::ErrorKind::Interrupted
    )
}

async fn serve_connection(
    stream: TcpStream,
    builder: Arc<http1::Builder>,
    router: Router,
    shutdown: CancellationToken,
    force: CancellationToken,
) {
    // Small JSON answers: don't let Nagle hold them back (benchmarks run thousands of requests a second).
    let _ = stream.set_nodelay(true);
    let kill = CancellationToken::new();
    let handle = ConnHandle { kill: kill.clone() };
    let service = hyper::service::service_fn(move |mut request: Request<Incoming>| {
        request.extensions_mut().insert(handle.clone());
        router.clone().oneshot(request)
    });
    let connection = builder.serve_connection(TokioIo::new(stream), service);
    tokio::pin!(connection);
    let mut draining = false;
    loop {
        tokio::select! {
            // Connection errors (a client hanging up mid-request, garbage instead of HTTP) concern only that
            // client, and the sandbox has no one to tell.
            _ = connection.as_mut() => return,
            // Returning drops the connection and its socket: the client sees it close with no answer.
            () = kill.cancelled() => return,
            () = force.cancelled() => return,
            () = shutdown.cancelled(), if !draining => {
                connection.as_mut().graceful_shutdown();
                draining = true;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>(_: &T) {}
    fn assert_send<T: Send>(_: &T) {}

    /// The app keeps a Sandbox in Tauri state and may stop it from a spawned task.
    #[tokio::test]
    async fn sandbox_is_shareable_and_stoppable_from_another_task() {
        let sandbox = Sandbox::start(
            SandboxConfig::default(),
            "127.0.0.1:0".parse().expect("literal"),
        )
        .await
        .expect("starts");
        assert_send_sync(&sandbox);
        let stop = sandbox.shutdown();
        assert_send(&stop);
        tokio::spawn(stop).await.expect("shutdown completes");
    }
}
