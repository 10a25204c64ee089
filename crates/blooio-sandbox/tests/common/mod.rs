//! Helpers shared by the integration tests: a sandbox with two known keys and a plain HTTP client.
#![allow(dead_code)] // each test binary uses a different part of this module

use std::time::Duration;

use blooio_sandbox::{KeyPolicy, Sandbox, SandboxConfig};
use reqwest::{Client, StatusCode};
use serde_json::Value;

pub const KEY: &str = "bl_test_abc";
pub const OTHER_KEY: &str = "bl_test_other";

pub async fn start() -> Sandbox {
    let config = SandboxConfig {
        keys: KeyPolicy::Exactly(vec![KEY.to_owned(), OTHER_KEY.to_owned()]),
    };
    Sandbox::start(config, "127.0.0.1:0".parse().expect("literal address"))
        .await
        .expect("sandbox starts")
}

/// A generous timeout so a hung server fails the test instead of hanging it.
pub fn client() -> Client {
    client_with_timeout(Duration::from_secs(20))
}

pub fn client_with_timeout(timeout: Duration) -> Client {
    // In a workspace test run reqwest is built with the app's TLS features, which leave the crypto provider to
    // the program (blooio-core installs ring); these tests must do the same or reqwest panics.
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
    Client::builder()
        .timeout(timeout)
        .build()
        .expect("client builds")
}

pub async fn post_group(
    client: &Client,
    sandbox: &Sandbox,
    key: &str,
    body: &Value,
) -> (StatusCode, Value) {
    let response = client
        .post(format!("{}/groups", sandbox.base_url()))
        .bearer_auth(key)
        .json(body)
        .send()
        .await
        .expect("request completes");
    read_json(response).await
}

pub async fn get_json(client: &Client, url: &str, key: &str) -> (StatusCode, Value) {
    let response = client
        .get(url)
        .bearer_auth(key)
        .send()
        .await
        .expect("request completes");
    read_json(response).await
}

/// `GET /groups` with a raw query string such as `"sort=oldest&limit=2"`.
pub async fn list(
    client: &Client,
    sandbox: &Sandbox,
    key: &str,
    query: &str,
) -> (StatusCode, Value) {
    get_json(
        client,
        &format!("{}/groups?{query}", sandbox.base_url()),
        key,
    )
    .await
}

pub async fn read_json(response: reqwest::Response) -> (StatusCode, Value) {
    let status = response.status();
    let content_type = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let text = response.text().await.expect("body reads");
    assert!(
        content_type.starts_with("application/json"),
        "{status}: content type {content_type:?}, body {text:?}"
    );
    let body = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{status}: body is not JSON ({e}): {text:?}"));
    (status, body)
}

/// Asserts Blooio's error shape and returns the body for further checks.
pub fn assert_error(status: StatusCode, body: &Value, want_status: u16, want_code: &str) {
    assert_eq!(status.as_u16(), want_status, "{body}");
    assert_eq!(body["error"], "ApiError", "{body}");
    assert_eq!(body["status"], want_status, "{body}");
    assert_eq!(body["code"], want_code, "{body}");
    assert!(
        body["message"].as_str().is_some_and(|m| !m.is_empty()),
        "message: {body}"
    );
}

pub fn names(list: &Value) -> Vec<String> {
    list["groups"]
        .as_array()
        .expect("groups array")
        .iter()
        .map(|g| g["name"].as_str().expect("name").to_owned())
        .collect()
}
