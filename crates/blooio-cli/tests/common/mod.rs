//! Shared by the CLI's tests: a sandbox, and the real binary run against it.
#![allow(dead_code)] // each test binary uses a different part of this module

use std::process::{Command, Output};

use blooio_sandbox::{KeyPolicy, Sandbox, SandboxConfig};

pub const BIN: &str = env!("CARGO_BIN_EXE_blooio-groups-cli");
pub const KEY: &str = "bl_live_clitestkey0123456789";

pub async fn sandbox() -> Sandbox {
    Sandbox::start(
        SandboxConfig {
            keys: KeyPolicy::Exactly(vec![KEY.to_owned()]),
            rate_limit: None,
        },
        "127.0.0.1:0".parse().unwrap(),
    )
    .await
    .unwrap()
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// One run in a data folder of its own: nothing pending from an earlier run.
pub async fn run(args: &[&str], key: Option<&str>) -> Run {
    let data = tempfile::tempdir().unwrap();
    run_in(data.path(), args, key).await
}

/// Runs the binary off the async runtime so the sandbox keeps serving meanwhile. The environment is cleared of
/// anything that could point the CLI at a real keychain or a real Blooio; `data` is its data folder, where it
/// keeps the record of creates whose answer was lost, so runs that share it see each other's records.
pub async fn run_in(data: &std::path::Path, args: &[&str], key: Option<&str>) -> Run {
    let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    let key = key.map(str::to_owned);
    let data = data.to_owned();
    let output: Output = tokio::task::spawn_blocking(move || {
        let mut command = Command::new(BIN);
        command
            .args(&args)
            .env_remove("BLOOIO_API_KEY")
            .env_remove("BLOOIO_BASE_URL")
            // No session bus: the keychain lookup fails fast instead of reaching a developer's real keychain.
            .env(
                "DBUS_SESSION_BUS_ADDRESS",
                "unix:path=/nonexistent/blooio-test-bus",
            )
            .env("BLOOIO_DATA_DIR", &data)
            .env_remove("LANGUAGE")
            .env("LC_ALL", "en_US.UTF-8");
        if let Some(key) = key {
            command.env("BLOOIO_API_KEY", key);
        }
        command.output().unwrap()
    })
    .await
    .unwrap();
    let run = Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert!(
        !run.stdout.contains(KEY) && !run.stderr.contains(KEY),
        "the key was printed:\n{}\n{}",
        run.stdout,
        run.stderr
    );
    run
}
