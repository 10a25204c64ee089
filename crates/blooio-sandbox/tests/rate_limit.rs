//! The standing rate limit: N requests per second per key over the `/v2/api` routes, set in `SandboxConfig`,
//! by `Sandbox::set_rate_limit` or by `POST /__sandbox/rate-limit`.
//!
//! No test depends on how fast requests go: each sends until the limit answers (see `common::until_limited`),
//! then checks what is true whatever the timing. Waiting `Retry-After` always suffices, as it is rounded up.

mod common;

use std::time::Duration;

use blooio_sandbox::{codes, Fault, KeyPolicy, RateLimit, Sandbox, SandboxConfig};
use common::{
    assert_error, client, get_json, list, names, post_group, read_json, start, until_limited, KEY,
    OTHER_KEY,
};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

async fn start_limited(per_second: u32) -> Sandbox {
    let config = SandboxConfig {
        keys: KeyPolicy::Exactly(vec![KEY.to_owned(), OTHER_KEY.to_owned()]),
        rate_limit: RateLimit::per_second(per_second),
    };
    Sandbox::start(config, "127.0.0.1:0".parse().expect("literal address"))
        .await
        .expect("sandbox starts")
}

fn admin_url(sandbox: &Sandbox, route: &str) -> String {
    format!("http://{}/__sandbox/{route}", sandbox.addr())
}

async fn stats(client: &Client, sandbox: &Sandbox) -> Value {
    let response = client
        .get(admin_url(sandbox, "stats"))
        .send()
        .await
        .expect("request completes");
    let (status, body) = read_json(response).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

async fn set_limit(client: &Client, sandbox: &Sandbox, body: &Value) -> (StatusCode, Value) {
    let response = client
        .post(admin_url(sandbox, "rate-limit"))
        .json(body)
        .send()
        .await
        .expect("request completes");
    read_json(response).await
}

fn list_request(client: &Client, sandbox: &Sandbox, key: &str) -> reqwest::RequestBuilder {
    client
        .get(format!("{}/groups", sandbox.base_url()))
        .bearer_auth(key)
}

async fn sleep_secs(secs: u64) {
    tokio::time::sleep(Duration::from_secs(secs)).await;
}

#[tokio::test]
async fn a_create_over_the_limit_is_429_and_stores_nothing_until_retried() {
    let sandbox = start_limited(2).await;
    let client = client();
    let mut n = 0;
    let (passed, retry_after, _) = until_limited(|| {
        n += 1;
        client
            .post(format!("{}/groups", sandbox.base_url()))
            .bearer_auth(KEY)
            .json(&json!({"name": format!("Group {n}")}))
    })
    .await;
    assert!(passed >= 2, "two a second get through, got {passed}");
    assert_eq!(
        sandbox.group_count(),
        passed,
        "the refused create stored nothing"
    );
    assert_eq!(
        sandbox.create_requests(),
        passed + 1,
        "a refused create still counts as received"
    );
    assert_eq!(sandbox.rate_limited_requests(), 1);

    sleep_secs(retry_after).await;
    let refused = format!("Group {n}");
    let (status, body) = post_group(&client, &sandbox, KEY, &json!({"name": refused})).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, body) = list(&client, &sandbox, KEY, "sort=oldest&limit=200").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let names = names(&body);
    assert_eq!(names.len(), passed + 1, "{names:?}");
    assert_eq!(
        names.iter().filter(|name| **name == refused).count(),
        1,
        "stored once, by the retry: {names:?}"
    );
}

#[tokio::test]
async fn every_api_route_counts_and_keys_are_limited_apart() {
    let sandbox = start().await;
    assert_eq!(sandbox.rate_limit(), None, "no limit unless asked");
    sandbox.set_rate_limit(RateLimit::per_second(2));
    let client = client();
    let (status, created) = post_group(&client, &sandbox, KEY, &json!({"name": "Mine"})).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let group_url = format!(
        "{}/groups/{}",
        sandbox.base_url(),
        created["group_id"].as_str().expect("group id")
    );
    // Every /v2/api path is behind the limit, an unknown one too.
    for url in [
        group_url.clone(),
        format!("{}/groups", sandbox.base_url()),
        format!("{group_url}/members"),
        format!("{}/nothing-here", sandbox.base_url()),
    ] {
        until_limited(|| client.get(&url).bearer_auth(KEY)).await;
    }
    // The other key has its own allowance, untouched by the requests of the first.
    let (status, body) = get_json(&client, &group_url, OTHER_KEY).await;
    assert_error(status, &body, 404, codes::NOT_FOUND);
    let (status, body) = list(&client, &sandbox, OTHER_KEY, "").await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

#[tokio::test]
async fn admin_routes_and_photos_are_not_limited() {
    let sandbox = start_limited(1).await;
    let client = client();
    let (status, created) = post_group(
        &client,
        &sandbox,
        KEY,
        &json!({"name": "Linked", "chat_guid": "iMessage;+;chat42"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let photo = created["icon_url"].as_str().expect("a linked chat's photo");
    until_limited(|| list_request(&client, &sandbox, KEY)).await;
    for _ in 0..5 {
        let response = client
            .get(photo)
            .bearer_auth(KEY)
            .send()
            .await
            .expect("request completes");
        assert_eq!(response.status(), StatusCode::OK);
        let stats = stats(&client, &sandbox).await;
        assert_eq!(stats["groups"], 1, "{stats}");
    }
}

#[tokio::test]
async fn without_an_accepted_key_it_is_401_and_uses_no_allowance() {
    let sandbox = start_limited(1).await;
    let client = client();
    let url = format!("{}/groups", sandbox.base_url());
    for _ in 0..5 {
        let response = client.get(&url).send().await.expect("request completes");
        let (status, body) = read_json(response).await;
        assert_error(status, &body, 401, codes::UNAUTHORIZED);
        let (status, body) = get_json(&client, &url, "bl_test_unknown").await;
        assert_error(status, &body, 401, codes::UNAUTHORIZED);
    }
    // Ten refused requests in well under a second, and the key's one request of the second is still there.
    let (passed, _, _) = until_limited(|| list_request(&client, &sandbox, KEY)).await;
    assert!(passed >= 1, "{passed}");
    // Over the limit, a request without a key is still told about its key, not about the limit.
    let response = client.get(&url).send().await.expect("request completes");
    let (status, body) = read_json(response).await;
    assert_error(status, &body, 401, codes::UNAUTHORIZED);
}

#[tokio::test]
async fn a_refused_request_leaves_the_queued_fault_for_the_next_one() {
    let sandbox = start_limited(1).await;
    let client = client();
    sandbox.inject(Fault::Status(503));
    let mut retry_after = None;
    for _ in 0..20 {
        let response = list_request(&client, &sandbox, KEY)
            .send()
            .await
            .expect("request completes");
        if response.status() == StatusCode::TOO_MANY_REQUESTS {
            assert_eq!(
                sandbox.pending_faults(),
                1,
                "a refused request takes no fault"
            );
            retry_after = response
                .headers()
                .get(reqwest::header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.parse::<u64>().ok());
            break;
        }
        // A request the limit let through took the fault: queue another for the next one.
        assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
        sandbox.inject(Fault::Status(503));
    }
    sleep_secs(retry_after.expect("refused, with a Retry-After")).await;
    let (status, body) = list(&client, &sandbox, KEY, "").await;
    assert_error(status, &body, 503, codes::NO_ACTIVE_DEVICE);
    assert_eq!(sandbox.pending_faults(), 0);
}

#[tokio::test]
async fn the_admin_route_sets_and_clears_the_limit() {
    let sandbox = start().await;
    let client = client();
    let stats_now = stats(&client, &sandbox).await;
    assert_eq!(stats_now["rate_limited"], 0, "{stats_now}");
    assert_eq!(
        stats_now["rate_limit_per_second"],
        Value::Null,
        "{stats_now}"
    );
    assert_eq!(stats_now["pending_faults"], 0, "the old fields stay");

    let (status, body) = set_limit(&client, &sandbox, &json!({"per_second": 1})).await;
    assert_eq!((status, body), (StatusCode::OK, json!({"per_second": 1})));
    assert_eq!(sandbox.rate_limit(), RateLimit::per_second(1));
    until_limited(|| list_request(&client, &sandbox, KEY)).await;
    let stats_now = stats(&client, &sandbox).await;
    assert_eq!(stats_now["rate_limited"], 1, "{stats_now}");
    assert_eq!(stats_now["rate_limit_per_second"], 1, "{stats_now}");

    let (status, body) = set_limit(&client, &sandbox, &json!({"per_second": null})).await;
    assert_eq!(
        (status, body),
        (StatusCode::OK, json!({"per_second": null}))
    );
    for _ in 0..10 {
        let (status, body) = list(&client, &sandbox, KEY, "").await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    // 0 means no limit too, as everywhere the sandbox takes a number.
    let (status, body) = set_limit(&client, &sandbox, &json!({"per_second": 0})).await;
    assert_eq!(
        (status, body),
        (StatusCode::OK, json!({"per_second": null}))
    );

    for bad in [
        json!({}),
        json!({"per_second": -1}),
        json!({"per_second": "5"}),
        json!({"per_second": 1.5}),
        json!({"per_second": 5, "burst": 2}),
        json!(5),
    ] {
        let (status, body) = set_limit(&client, &sandbox, &bad).await;
        assert_error(status, &body, 400, codes::INVALID_RATE_LIMIT);
    }
    assert_eq!(sandbox.rate_limit(), None, "refusals change nothing");
}

#[tokio::test]
async fn reset_puts_the_configured_limit_back() {
    let sandbox = start_limited(2).await;
    let client = client();
    until_limited(|| list_request(&client, &sandbox, KEY)).await;
    sandbox.set_rate_limit(None);
    assert_eq!(sandbox.rate_limit(), None);
    let response = client
        .post(admin_url(&sandbox, "reset"))
        .send()
        .await
        .expect("request completes");
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(sandbox.rate_limit(), RateLimit::per_second(2));
    let stats_now = stats(&client, &sandbox).await;
    assert_eq!(stats_now["rate_limited"], 0, "{stats_now}");
    assert_eq!(stats_now["rate_limit_per_second"], 2, "{stats_now}");
    // The reset forgot the requests too: the key has its whole allowance again.
    let (passed, _, _) = until_limited(|| list_request(&client, &sandbox, KEY)).await;
    assert!(passed >= 2, "{passed}");

    // A sandbox started without a limit goes back to none.
    let unlimited = start().await;
    unlimited.set_rate_limit(RateLimit::per_second(1));
    unlimited.reset();
    assert_eq!(unlimited.rate_limit(), None);
}
