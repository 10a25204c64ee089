//! Shared by the integration tests: a sandbox, a client for it, and a one-trick raw HTTP server for answers the
//! sandbox does not give (redirects, a success status with a body that is not JSON, a server echoing the key).
//! Everything listens on 127.0.0.1 only.
#![allow(dead_code)] // each test binary uses a different part of this module

use std::sync::{Arc, Mutex};
use std::time::Duration;

use blooio_core::{ApiError, ApiKey, BlooioClient, ClientConfig, CreateGroupRequest};
use blooio_sandbox::{KeyPolicy, Sandbox, SandboxConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

pub const KEY: &str = "bl_live_sandboxkey1234567890";

pub async fn sandbox() -> Sandbox {
    sandbox_with(KeyPolicy::Exactly(vec![KEY.to_owned()])).await
}

pub async fn sandbox_with(keys: KeyPolicy) -> Sandbox {
    Sandbox::start(
        SandboxConfig {
            keys,
            rate_limit: None,
        },
        "127.0.0.1:0".parse().unwrap(),
    )
    .await
    .unwrap()
}

pub fn client_for(base_url: &str) -> BlooioClient {
    client_with_timeout(base_url, Duration::from_secs(10))
}

pub fn client_with_timeout(base_url: &str, total_timeout: Duration) -> BlooioClient {
    BlooioClient::new(ClientConfig {
        base_url: base_url.to_owned(),
        connect_timeout: Duration::from_secs(5),
        total_timeout,
    })
    .unwrap()
}

pub fn key() -> ApiKey {
    ApiKey::parse(KEY).unwrap()
}

pub fn request(name: &str, chat_guid: Option<&str>, members: &[&str]) -> CreateGroupRequest {
    CreateGroupRequest {
        name: name.to_owned(),
        chat_guid: chat_guid.map(str::to_owned),
        members: members.iter().map(|m| (*m).to_owned()).collect(),
    }
}

/// Every error a test sees goes through here: whatever happened, its text must not carry the key.
pub fn checked(error: ApiError) -> ApiError {
    for text in [
        error.to_string(),
        format!("{error:?}"),
        format!("{:?}", error.problem()),
    ] {
        assert!(!text.contains(KEY), "the key leaked into {text:?}");
    }
    error
}

/// Waits (bounded) until the sandbox holds `n` groups; true if it did.
pub async fn wait_for_groups(sandbox: &Sandbox, n: usize) -> bool {
    for _ in 0..200 {
        if sandbox.group_count() == n {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    false
}

/// A one-trick HTTP server: records each request's head and answers every one with `response`.
pub struct RawServer {
    pub base_url: String,
    pub requests: Arc<Mutex<Vec<String>>>,
}

pub async fn raw_server(response: String) -> RawServer {
    raw_server_bytes(response.into_bytes()).await
}

pub async fn raw_server_bytes(response: Vec<u8>) -> RawServer {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let requests = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&requests);
    let response = Arc::new(response);
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let seen = Arc::clone(&seen);
            let response = Arc::clone(&response);
            tokio::spawn(async move {
                let mut buffer = Vec::new();
                let mut chunk = [0u8; 4096];
                // Read the head and, if announced, the body: enough for the small requests of these tests.
                loop {
                    let Ok(n) = socket.read(&mut chunk).await else {
                        return;
                    };
                    if n == 0 {
                        return;
                    }
                    buffer.extend_from_slice(&chunk[..n]);
                    let text = String::from_utf8_lossy(&buffer).to_string();
                    if let Some(head_end) = text.find("\r\n\r\n") {
                        let length = text[..head_end]
                            .lines()
                            .find_map(|l| {
                                let (name, value) = l.split_once(':')?;
                                name.eq_ignore_ascii_case("content-length")
                                    .then(|| value.trim().parse().ok())?
                            })
                            .unwrap_or(0usize);
                        if buffer.len() >= head_end + 4 + length {
                            seen.lock().unwrap().push(text);
                            break;
                        }
                    }
                }
                let _ = socket.write_all(&response).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    RawServer {
        base_url: format!("http://{addr}/v2/api"),
        requests,
    }
}

/// An HTTP/1.1 answer with `Content-Length`.
pub fn http_answer(status_line: &str, content_type: &str, body: &str) -> String {
    format!(
        "HTTP/1.1 {status_line}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
}
