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
        rate_limit: None,
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

/// Sends `request()` until the rate limit answers 429 (at most 20 times: at 2 per second, 20 requests get
/// through only if each takes half a second, so no slow machine makes this flaky). Returns how many got
/// through first (whatever they were answered) and the 429, after checking its shape: `Retry-After` in whole seconds equal to the body's
/// `retry_after`, at least 1.
pub async fn until_limited(
    mut request: impl FnMut() -> reqwest::RequestBuilder,
) -> (usize, u64, Value) {
    for passed in 0..20 {
        let response = request().send().await.expect("request completes");
        // Whatever the route answers below the limit (a 404 for an unknown path) is the route's business.
        if response.status() != StatusCode::TOO_MANY_REQUESTS {
            continue;
        }
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok())
            .expect("a Retry-After header in whole seconds");
        let (status, body) = read_json(response).await;
        assert_error(status, &body, 429, blooio_sandbox::codes::RATE_LIMITED);
        assert_eq!(body["retry_after"], retry_after, "{body}");
        assert!(retry_after >= 1, "{retry_after}");
        return (passed, retry_after, body);
    }
    panic!("20 requests in a row and no 429");
}
