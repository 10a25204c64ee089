//! Fault injection, through `Sandbox::inject` and through `POST /__sandbox/faults`.

mod common;

use std::time::{Duration, Instant};

use blooio_sandbox::{codes, Fault, Sandbox, NON_JSON_BODY};
use common::{
    assert_error, client, client_with_timeout, list, names, post_group, read_json, start, KEY,
};
use reqwest::StatusCode;
use serde_json::{json, Value};

fn group(name: &str) -> Value {
    json!({"name": name, "members": ["+15551234567", "+15557654321"]})
}

/// Waits (bounded) until the sandbox holds `n` groups; true if it did.
async fn wait_for_groups(sandbox: &Sandbox, n: usize) -> bool {
    for _ in 0..200 {
        if sandbox.group_count() == n {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    false
}

#[tokio::test]
async fn status_faults_answer_blooio_errors_once_each_in_order() {
    let sandbox = start().await;
    let client = client();
    sandbox.inject(Fault::Status(503));
    sandbox.inject(Fault::Status(502));
    sandbox.inject(Fault::Status(500));
    assert_eq!(sandbox.pending_faults(), 3);

    let (status, body) = post_group(&client, &sandbox, KEY, &group("a")).await;
    assert_error(status, &body, 503, codes::NO_ACTIVE_DEVICE);
    assert!(
        body["message"]
            .as_str()
            .unwrap_or_default()
            .contains("No active device"),
        "{body}"
    );
    let (status, body) = post_group(&client, &sandbox, KEY, &group("a")).await;
    assert_error(status, &body, 502, codes::DEVICE_COMMUNICATION_ERROR);
    assert!(
        body["message"]
            .as_str()
            .unwrap_or_default()
            .contains("device communication"),
        "{body}"
    );
    let (status, body) = post_group(&client, &sandbox, KEY, &group("a")).await;
    assert_error(status, &body, 500, codes::INTERNAL_ERROR);
    assert_eq!(
        sandbox.group_count(),
        0,
        "a status fault does not process the request"
    );

    let (status, _) = post_group(&client, &sandbox, KEY, &group("a")).await;
    assert_eq!(status, StatusCode::CREATED, "the queue is empty again");
    assert_eq!(sandbox.create_requests(), 4);
    assert_eq!(sandbox.pending_faults(), 0);
}

#[tokio::test]
async fn faults_strike_list_and_get_too_and_before_auth() {
    let sandbox = start().await;
    let client = client();
    let (_, created) = post_group(&client, &sandbox, KEY, &group("a")).await;
    sandbox.inject(Fault::Status(503));
    sandbox.inject(Fault::Status(500));
    sandbox.inject(Fault::Status(502));

    let (status, body) = list(&client, &sandbox, KEY, "").await;
    assert_error(status, &body, 503, codes::NO_ACTIVE_DEVICE);
    let url = format!(
        "{}/groups/{}",
        sandbox.base_url(),
        created["group_id"].as_str().expect("id")
    );
    let (status, body) = common::get_json(&client, &url, KEY).await;
    assert_error(status, &body, 500, codes::INTERNAL_ERROR);
    let response = client
        .get(format!("{}/groups", sandbox.base_url()))
        .send()
        .await
        .expect("completes");
    let (status, body) = read_json(response).await;
    assert_error(status, &body, 502, codes::DEVICE_COMMUNICATION_ERROR);
    assert_eq!(sandbox.create_requests(), 1, "only POSTs count");
}

#[tokio::test]
async fn faults_strike_the_members_routes_too() {
    let sandbox = start().await;
    let client = client();
    let (_, created) = post_group(&client, &sandbox, KEY, &group("a")).await;
    let url = format!(
        "{}/groups/{}/members",
        sandbox.base_url(),
        created["group_id"].as_str().expect("id")
    );
    sandbox.inject(Fault::Status(503));
    sandbox.inject(Fault::NonJsonBody);
    sandbox.inject(Fault::DropConnection);
    sandbox.inject(Fault::Status(502));

    let (status, body) = common::get_json(&client, &url, KEY).await;
    assert_error(status, &body, 503, codes::NO_ACTIVE_DEVICE);
    let response = client
        .get(&url)
        .bearer_auth(KEY)
        .send()
        .await
        .expect("completes");
    assert_eq!(response.status(), StatusCode::BAD_GATEWAY);
    assert_eq!(response.text().await.expect("body"), NON_JSON_BODY);
    let err = client
        .get(&url)
        .bearer_auth(KEY)
        .send()
        .await
        .expect_err("dropped");
    assert!(err.status().is_none() && !err.is_timeout(), "{err:?}");
    // Before authentication, like the other routes, and on the 501 route as well.
    let response = client
        .post(&url)
        .json(&json!({"members": []}))
        .send()
        .await
        .expect("completes");
    let (status, body) = read_json(response).await;
    assert_error(status, &body, 502, codes::DEVICE_COMMUNICATION_ERROR);
    assert_eq!(sandbox.pending_faults(), 0);

    let (status, page) = common::get_json(&client, &url, KEY).await;
    assert_eq!(status, StatusCode::OK, "the queue is empty again: {page}");
    assert_eq!(page["members"].as_array().map(Vec::len), Some(2));
    assert_eq!(sandbox.create_requests(), 1, "only POST /groups counts");
}

#[tokio::test]
async fn rate_limited_sends_retry_after() {
    let sandbox = start().await;
    let client = client();
    sandbox.inject(Fault::RateLimited {
        retry_after_secs: 3,
    });
    let response = client
        .post(format!("{}/groups", sandbox.base_url()))
        .bearer_auth(KEY)
        .json(&group("a"))
        .send()
        .await
        .expect("completes");
    let retry_after = response
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap_or_default().to_owned());
    let (status, body) = read_json(response).await;
    assert_error(status, &body, 429, codes::RATE_LIMITED);
    assert_eq!(retry_after.as_deref(), Some("3"));
    assert_eq!(sandbox.group_count(), 0);
}

#[tokio::test]
async fn non_json_body_is_an_html_502() {
    let sandbox = start().await;
    let client = client();
    sandbox.inject(Fault::NonJsonBody);
    let response = client
        .post(format!("{}/groups", sandbox.base_url()))
        .bearer_auth(KEY)
        .json(&group("a"))
        .send()
        .await
        .expect("completes");
    assert_eq!(response.status(), StatusCode::BAD_GATEWAY);
    assert_eq!(
        response.headers().get("content-type").map(|v| v.as_bytes()),
        Some(&b"text/html"[..])
    );
    assert_eq!(response.text().await.expect("body"), NON_JSON_BODY);
    assert_eq!(sandbox.group_count(), 0);
}

#[tokio::test]
async fn drop_connection_gives_the_client_a_connection_error() {
    let sandbox = start().await;
    let client = client();
    sandbox.inject(Fault::DropConnection);
    let err = client
        .post(format!("{}/groups", sandbox.base_url()))
        .bearer_auth(KEY)
        .json(&group("a"))
        .send()
        .await
        .expect_err("no answer");
    assert!(err.status().is_none(), "{err:?}");
    assert!(!err.is_timeout(), "closed, not slow: {err:?}");
    assert!(err.is_request() || err.is_connect(), "{err:?}");
    assert_eq!(sandbox.group_count(), 0, "dropped before processing");
    assert_eq!(sandbox.create_requests(), 1, "but it was received");

    let (status, _) = post_group(&client, &sandbox, KEY, &group("a")).await;
    assert_eq!(status, StatusCode::CREATED, "the sandbox goes on serving");
}

#[tokio::test]
async fn after_store_drop_connection_stores_the_group_the_client_never_hears_about() {
    let sandbox = start().await;
    let client = client();
    sandbox.inject(Fault::after_store(Fault::DropConnection));
    let err = client
        .post(format!("{}/groups", sandbox.base_url()))
        .bearer_auth(KEY)
        .json(&group("Unacknowledged"))
        .send()
        .await
        .expect_err("no answer");
    assert!(err.status().is_none() && !err.is_timeout(), "{err:?}");
    assert_eq!(sandbox.group_count(), 1);
    let (_, listed) = list(&client, &sandbox, KEY, "").await;
    assert_eq!(names(&listed), ["Unacknowledged"]);

    // Exactly why a client must not retry a create blindly:
    let (status, body) = post_group(&client, &sandbox, KEY, &group("Unacknowledged")).await;
    assert_error(status, &body, 409, codes::GROUP_ALREADY_EXISTS);
    assert_eq!(body["existing_group_id"], listed["groups"][0]["group_id"]);
}

#[tokio::test]
async fn after_store_status_stores_then_fails() {
    let sandbox = start().await;
    let client = client();
    sandbox.inject(Fault::after_store(Fault::Status(500)));
    let (status, body) = post_group(&client, &sandbox, KEY, &group("Stored anyway")).await;
    assert_error(status, &body, 500, codes::INTERNAL_ERROR);
    let (_, listed) = list(&client, &sandbox, KEY, "").await;
    assert_eq!(names(&listed), ["Stored anyway"]);
}

#[tokio::test]
async fn after_store_delay_stores_before_answering() {
    let sandbox = start().await;
    let client = client();
    sandbox.inject(Fault::after_store(Fault::Delay(Duration::from_millis(600))));
    let url = format!("{}/groups", sandbox.base_url());
    let request = tokio::spawn({
        let client = client.clone();
        async move {
            let started = Instant::now();
            let response = client
                .post(url)
                .bearer_auth(KEY)
                .json(&group("Slow answer"))
                .send()
                .await;
            (started.elapsed(), response)
        }
    });
    assert!(
        wait_for_groups(&sandbox, 1).await,
        "stored while the answer is still held back"
    );
    assert!(!request.is_finished(), "the answer waits for the delay");
    let (elapsed, response) = request.await.expect("task");
    let (status, body) = read_json(response.expect("answered")).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["name"], "Slow answer");
    assert!(elapsed >= Duration::from_millis(600), "{elapsed:?}");
}

#[tokio::test]
async fn delay_then_normal_answer() {
    let sandbox = start().await;
    let client = client();
    sandbox.inject(Fault::Delay(Duration::from_millis(300)));
    let started = Instant::now();
    let (status, body) = post_group(&client, &sandbox, KEY, &group("Patient")).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn delayed_create_is_processed_after_the_client_gave_up() {
    let sandbox = start().await;
    sandbox.inject(Fault::Delay(Duration::from_millis(800)));
    let impatient = client_with_timeout(Duration::from_millis(200));
    let err = impatient
        .post(format!("{}/groups", sandbox.base_url()))
        .bearer_auth(KEY)
        .json(&group("Timed out"))
        .send()
        .await
        .expect_err("times out");
    assert!(err.is_timeout(), "{err:?}");
    assert_eq!(
        sandbox.group_count(),
        0,
        "not yet: the delay comes before processing"
    );
    assert!(
        wait_for_groups(&sandbox, 1).await,
        "processed once the delay was over"
    );
    let (_, listed) = list(&client(), &sandbox, KEY, "").await;
    assert_eq!(names(&listed), ["Timed out"]);
}

#[tokio::test]
async fn shutdown_cuts_a_delay_short() {
    let sandbox = start().await;
    sandbox.inject(Fault::Delay(Duration::from_secs(60)));
    let url = format!("{}/groups", sandbox.base_url());
    let request = tokio::spawn(async move {
        client()
            .post(url)
            .bearer_auth(KEY)
            .json(&group("never"))
            .send()
            .await
    });
    for _ in 0..200 {
        if sandbox.create_requests() == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(sandbox.create_requests(), 1, "the request arrived");
    tokio::time::timeout(Duration::from_secs(30), sandbox.shutdown())
        .await
        .expect("shutdown does not wait out a 60 s delay");
    let response = request
        .await
        .expect("task")
        .expect("answered before closing");
    let (status, body) = read_json(response).await;
    assert_error(status, &body, 503, codes::SHUTTING_DOWN);
}

async fn admin_inject(
    client: &reqwest::Client,
    sandbox: &Sandbox,
    fault: Value,
) -> (StatusCode, Value) {
    let response = client
        .post(format!("http://{}/__sandbox/faults", sandbox.addr()))
        .json(&fault)
        .send()
        .await
        .expect("admin answers");
    read_json(response).await
}

#[tokio::test]
async fn admin_endpoint_queues_every_kind() {
    let sandbox = start().await;
    let client = client();
    let kinds = [
        json!({"kind": "status", "status": 503}),
        json!({"kind": "rate_limited", "retry_after_secs": 7}),
        json!({"kind": "non_json"}),
        json!({"kind": "drop_connection"}),
        json!({"kind": "after_store", "inner": {"kind": "status", "status": 502}}),
        json!({"kind": "delay", "delay_ms": 250}),
    ];
    for (i, kind) in kinds.iter().enumerate() {
        let (status, body) = admin_inject(&client, &sandbox, kind.clone()).await;
        assert_eq!(status, StatusCode::OK, "{kind}: {body}");
        assert_eq!(body["queued"], i + 1);
    }
    let stats: Value = client
        .get(format!("http://{}/__sandbox/stats", sandbox.addr()))
        .send()
        .await
        .expect("stats")
        .json()
        .await
        .expect("json");
    assert_eq!(
        stats["pending_faults"], 6,
        "admin requests do not consume faults"
    );

    let post = || {
        client
            .post(format!("{}/groups", sandbox.base_url()))
            .bearer_auth(KEY)
            .json(&group("x"))
            .send()
    };
    let (status, body) = read_json(post().await.expect("answer")).await;
    assert_error(status, &body, 503, codes::NO_ACTIVE_DEVICE);
    let response = post().await.expect("answer");
    assert_eq!(
        response.headers().get("retry-after").map(|v| v.as_bytes()),
        Some(&b"7"[..])
    );
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let response = post().await.expect("answer");
    assert_eq!(response.status(), StatusCode::BAD_GATEWAY);
    assert_eq!(response.text().await.expect("body"), NON_JSON_BODY);
    let err = post().await.expect_err("dropped");
    assert!(err.status().is_none() && !err.is_timeout(), "{err:?}");
    assert_eq!(sandbox.group_count(), 0);
    let (status, body) = read_json(post().await.expect("answer")).await;
    assert_error(status, &body, 502, codes::DEVICE_COMMUNICATION_ERROR);
    assert_eq!(sandbox.group_count(), 1, "after_store stored it");
    let started = Instant::now();
    let (status, body) = read_json(post().await.expect("answer")).await;
    assert_error(status, &body, 409, codes::GROUP_ALREADY_EXISTS);
    assert!(started.elapsed() >= Duration::from_millis(250), "delayed");
    assert_eq!(sandbox.pending_faults(), 0);
}

#[tokio::test]
async fn admin_endpoint_refuses_unknown_faults() {
    let sandbox = start().await;
    let client = client();
    for bad in [
        json!({"kind": "explode"}),
        json!({"kind": "status", "status": 200}),
        json!({"kind": "status"}),
        json!({"kind": "after_store", "inner": {"kind": "nope"}}),
    ] {
        let (status, body) = admin_inject(&client, &sandbox, bad.clone()).await;
        assert_error(status, &body, 400, codes::INVALID_FAULT);
    }
    assert_eq!(sandbox.pending_faults(), 0);
    let (status, _) = post_group(&client, &sandbox, KEY, &group("x")).await;
    assert_eq!(status, StatusCode::CREATED);
}
