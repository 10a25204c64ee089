//! The `blooio-sandbox` binary: prints its URL, serves, stops on a signal.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

mod common;

use reqwest::StatusCode;
use serde_json::json;

/// Kills the child if a test fails half-way, so no server outlives the test run.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the binary on a free port and returns it with the base URL from its first stdout line.
fn spawn(args: &[&str]) -> (Server, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_blooio-sandbox"))
        .args(["--port", "0"])
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("binary starts");
    let stdout = child.stdout.take().expect("piped stdout");
    let server = Server(child);
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = BufReader::new(stdout).read_line(&mut line);
        let _ = tx.send(line);
    });
    let line = rx
        .recv_timeout(Duration::from_secs(30))
        .expect("the binary prints a line");
    let url = line
        .trim_end()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_owned();
    (server, url)
}

#[tokio::test]
async fn prints_its_url_and_serves_the_api() {
    let (server, url) = spawn(&["--key", "bl_test_abc", "--key", "bl_test_def"]);
    let rest = url
        .strip_prefix("http://127.0.0.1:")
        .expect("loopback http URL");
    let port: u16 = rest
        .strip_suffix("/v2/api")
        .expect("API base path")
        .parse()
        .expect("port");
    assert_ne!(port, 0, "the real port, not the one asked for");

    let client = common::client();
    let created = client
        .post(format!("{url}/groups"))
        .bearer_auth("bl_test_def")
        .json(&json!({"name": "From the binary"}))
        .send()
        .await
        .expect("answers");
    assert_eq!(created.status(), StatusCode::CREATED);
    let wrong_key = client
        .get(format!("{url}/groups"))
        .bearer_auth("bl_test_xyz")
        .send()
        .await
        .expect("answers");
    assert_eq!(wrong_key.status(), StatusCode::UNAUTHORIZED);
    let stats: serde_json::Value = client
        .get(format!("http://127.0.0.1:{port}/__sandbox/stats"))
        .send()
        .await
        .expect("answers")
        .json()
        .await
        .expect("json");
    assert_eq!(stats["groups"], 1);
    drop(server);
}

#[tokio::test]
async fn prefix_flag_accepts_any_key_with_it() {
    let (_server, url) = spawn(&["--any-key-with-prefix", "bl_sbx_"]);
    let client = common::client();
    let status = |key: &'static str| {
        let request = client.get(format!("{url}/groups")).bearer_auth(key).send();
        async move { request.await.expect("answers").status() }
    };
    assert_eq!(status("bl_sbx_anything").await, StatusCode::OK);
    assert_eq!(status("bl_test_abc").await, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn rate_limit_flag_limits_each_key() {
    let (_server, url) = spawn(&["--rate-limit", "2"]);
    let client = common::client();
    let (passed, _, _) = common::until_limited(|| {
        client
            .get(format!("{url}/groups"))
            .bearer_auth("bl_test_abc")
    })
    .await;
    assert!(passed >= 2, "{passed}");
    let other = client
        .get(format!("{url}/groups"))
        .bearer_auth("bl_test_def")
        .send()
        .await
        .expect("answers");
    assert_eq!(
        other.status(),
        StatusCode::OK,
        "another key, its own allowance"
    );
}

#[test]
fn key_and_prefix_flags_conflict() {
    let output = Command::new(env!("CARGO_BIN_EXE_blooio-sandbox"))
        .args([
            "--port",
            "0",
            "--key",
            "bl_a",
            "--any-key-with-prefix",
            "bl_",
        ])
        .output()
        .expect("binary runs");
    assert!(!output.status.success());
    assert!(output.stdout.is_empty(), "no URL printed");
}

#[cfg(unix)]
#[test]
fn sigterm_stops_it_cleanly() {
    let (mut server, url) = spawn(&[]);
    let pid = server.0.id().to_string();
    let killed = Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let mut status = None;
    for _ in 0..200 {
        if let Some(s) = server.0.try_wait().expect("wait") {
            status = Some(s);
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let status = status.unwrap_or_else(|| panic!("{url}: still running 10 s after SIGTERM"));
    assert!(
        status.success(),
        "graceful exit, not death by signal: {status:?}"
    );
}
