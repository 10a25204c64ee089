//! `blooio-sandbox`: the emulator as a standalone server, for tests that drive a separate process.

use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::process::ExitCode;

use blooio_sandbox::{KeyPolicy, RateLimit, Sandbox, SandboxConfig};
use clap::Parser;

/// A local emulator of Blooio's Groups API. Prints `listening on <base URL>` on stdout once ready.
#[derive(Debug, Parser)]
#[command(name = "blooio-sandbox", version)]
struct Args {
    /// Port to listen on; 0 picks a free one (read it from the first line of stdout).
    #[arg(long, default_value_t = 8787)]
    port: u16,
    /// Loopback address to listen on (the sandbox refuses any other).
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    host: IpAddr,
    /// An API key to accept; repeat for several. Without --key or --any-key-with-prefix, any key starting
    /// with `bl_` is accepted.
    #[arg(long = "key", value_name = "KEY")]
    keys: Vec<String>,
    /// Accept any API key starting with PREFIX.
    #[arg(long, value_name = "PREFIX", conflicts_with = "keys")]
    any_key_with_prefix: Option<String>,
    /// At most N requests per second per API key to the /v2/api routes; more are answered 429 with a
    /// Retry-After. 0 or absent: no limit.
    #[arg(long, value_name = "N")]
    rate_limit: Option<u32>,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    let keys = match (args.any_key_with_prefix, args.keys) {
        (Some(prefix), _) => KeyPolicy::AnyWithPrefix(prefix),
        (None, keys) if keys.is_empty() => KeyPolicy::default(),
        (None, keys) => KeyPolicy::Exactly(keys),
    };
    match &keys {
        KeyPolicy::AnyWithPrefix(prefix) => {
            eprintln!("accepting any API key starting with {prefix:?}")
        }
        KeyPolicy::Exactly(keys) => eprintln!("accepting {} API key(s)", keys.len()),
    }
    let rate_limit = args.rate_limit.and_then(RateLimit::per_second);
    if let Some(limit) = rate_limit {
        eprintln!(
            "limiting each key to {} request(s) per second",
            limit.per_second
        );
    }
    let addr = SocketAddr::new(args.host, args.port);
    let sandbox = match Sandbox::start(SandboxConfig { keys, rate_limit }, addr).await {
        Ok(sandbox) => sandbox,
        Err(e) => {
            eprintln!("blooio-sandbox: cannot listen on {addr}: {e}");
            return ExitCode::FAILURE;
        }
    };
    {
        // Whoever started us reads this line to learn the port: it must not sit in a buffer.
        let mut stdout = std::io::stdout().lock();
        if let Err(e) =
            writeln!(stdout, "listening on {}", sandbox.base_url()).and_then(|()| stdout.flush())
        {
            eprintln!("blooio-sandbox: cannot write to stdout: {e}");
        }
    }
    stop_signal().await;
    sandbox.shutdown().await;
    ExitCode::SUCCESS
}

/// Ctrl-C, or SIGTERM on Unix (what test harnesses and service managers send).
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
                return;
            }
            Err(e) => {
                eprintln!("blooio-sandbox: cannot listen for SIGTERM ({e}); stop me with Ctrl-C")
            }
        }
    }
    if let Err(e) = tokio::signal::ctrl_c().await {
        // No way to be told to stop: keep serving until killed.
        eprintln!("blooio-sandbox: cannot listen for Ctrl-C ({e}); stop me by killing the process");
        std::future::pending::<()>().await;
    }
}
