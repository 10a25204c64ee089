//! The Groups routes, auth, per-key isolation and the admin routes, over real HTTP.

mod common;

use std::time::{SystemTime, UNIX_EPOCH};

use blooio_sandbox::{codes, KeyPolicy, Sandbox, SandboxConfig};
use common::{
    assert_error, client, get_json, list, names, post_group, read_json, start, KEY, OTHER_KEY,
};
use reqwest::StatusCode;
use serde_json::{json, Value};

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_millis() as i64
}

#[tokio::test]
async fn create_answers_a_group_with_members_and_contacts() {
    let sandbox = start().await;
    let client = client();
    let before = now_ms();
    let (status, body) = post_group(
        &client,
        &sandbox,
        KEY,
        &json!({"name": "Book club", "members": ["+15551234567", "ann@example.com", "+15551234567"]}),
    )
    .await;
    let after = now_ms();

    assert_eq!(status, StatusCode::CREATED, "{body}");
    let id = body["group_id"].as_str().expect("group_id");
    assert!(id.starts_with("grp_") && id.len() > 4, "{id}");
    assert!(id[4..].chars().all(|c| c.is_ascii_alphanumeric()), "{id}");
    assert_eq!(body["name"], "Book club");
    assert_eq!(body["chat_guid"], Value::Null);
    assert_eq!(body["icon_url"], Value::Null);
    assert_eq!(body["member_count"], 2);
    assert_eq!(body["message_count"], 0);
    for field in [
        "last_message_text",
        "last_message_time",
        "last_message_direction",
    ] {
        assert!(
            body.get(field).is_some_and(Value::is_null),
            "{field}: {body}"
        );
    }
    let created_at = body["created_at"].as_i64().expect("created_at ms");
    assert!(
        (before..=after).contains(&created_at),
        "{before} <= {created_at} <= {after}"
    );
    assert_eq!(
        body["added_members"],
        json!(["+15551234567", "ann@example.com"])
    );
    assert_eq!(
        body["created_contacts"],
        json!(["+15551234567", "ann@example.com"])
    );
    assert_eq!(sandbox.group_count(), 1);
    assert_eq!(sandbox.create_requests(), 1);

    let (status, fetched) =
        get_json(&client, &format!("{}/groups/{id}", sandbox.base_url()), KEY).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(fetched["group_id"], id);
    assert_eq!(fetched["member_count"], 2);
    assert!(
        fetched.get("added_members").is_none(),
        "only the create answer carries the lists"
    );
}

#[tokio::test]
async fn group_ids_differ() {
    let sandbox = start().await;
    let client = client();
    let (_, a) = post_group(&client, &sandbox, KEY, &json!({"name": "a"})).await;
    let (_, b) = post_group(&client, &sandbox, KEY, &json!({"name": "b"})).await;
    assert_ne!(a["group_id"], b["group_id"]);
}

#[tokio::test]
async fn created_contacts_lists_only_members_new_to_this_key() {
    let sandbox = start().await;
    let client = client();
    post_group(
        &client,
        &sandbox,
        KEY,
        &json!({"name": "a", "members": ["+15550000001", "Ann@Example.com"]}),
    )
    .await;
    let (status, body) = post_group(
        &client,
        &sandbox,
        KEY,
        &json!({"name": "b", "members": ["ann@example.com", "+15550000002"]}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(
        body["added_members"],
        json!(["ann@example.com", "+15550000002"])
    );
    assert_eq!(body["created_contacts"], json!(["+15550000002"]));

    let (_, other) = post_group(
        &client,
        &sandbox,
        OTHER_KEY,
        &json!({"name": "c", "members": ["+15550000001", "+15550000002"]}),
    )
    .await;
    assert_eq!(
        other["created_contacts"],
        json!(["+15550000001", "+15550000002"])
    );
}

#[tokio::test]
async fn same_chat_guid_conflicts() {
    let sandbox = start().await;
    let client = client();
    let guid = "iMessage;+;chat123456789";
    let (status, first) = post_group(
        &client,
        &sandbox,
        KEY,
        &json!({"name": "Linked", "chat_guid": guid}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(first["chat_guid"], guid);

    let (status, body) = post_group(
        &client,
        &sandbox,
        KEY,
        &json!({"name": "Again", "chat_guid": guid, "members": ["+15551234567"]}),
    )
    .await;
    assert_error(status, &body, 409, codes::CHAT_ALREADY_LINKED);
    assert_eq!(
        body["message"],
        "A group with this chat_guid already exists"
    );
    assert_eq!(body["existing_group_id"], first["group_id"]);

    // Another key has its own allocation; another chat is another group.
    let (status, _) = post_group(
        &client,
        &sandbox,
        OTHER_KEY,
        &json!({"name": "Linked", "chat_guid": guid}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, _) = post_group(
        &client,
        &sandbox,
        KEY,
        &json!({"name": "x", "chat_guid": "iMessage;+;chat2"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(sandbox.group_count(), 3);
    assert_eq!(sandbox.create_requests(), 4);
}

#[tokio::test]
async fn linked_group_chats_have_a_photo_anyone_can_fetch() {
    let sandbox = start().await;
    let client = client();
    let (status, linked) = post_group(
        &client,
        &sandbox,
        KEY,
        &json!({"name": "Family", "chat_guid": "iMessage;+;chat777"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{linked}");
    let icon = linked["icon_url"]
        .as_str()
        .expect("a linked group chat has a photo");
    let id = linked["group_id"].as_str().expect("group_id");
    assert_eq!(
        icon,
        format!("http://{}/__sandbox/chat-photos/{id}.png", sandbox.addr())
    );

    // The photo URL is public, like a CDN's: no key.
    let photo = client.get(icon).send().await.expect("photo request");
    assert_eq!(photo.status(), StatusCode::OK);
    assert_eq!(photo.headers()[reqwest::header::CONTENT_TYPE], "image/png");
    let bytes = photo.bytes().await.expect("photo body");
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "a PNG");

    // The members route and the group itself carry the same URL.
    let (_, group) = get_json(&client, &format!("{}/groups/{id}", sandbox.base_url()), KEY).await;
    assert_eq!(group["icon_url"], icon);
    let (_, members) = get_json(
        &client,
        &format!("{}/groups/{id}/members", sandbox.base_url()),
        KEY,
    )
    .await;
    assert_eq!(members["icon_url"], icon);

    // New groups and direct chats have none; unknown photos are 404.
    for body in [
        json!({"name": "New", "members": ["+15551234567"]}),
        json!({"name": "Direct", "chat_guid": "iMessage;-;+15551234567"}),
    ] {
        let (status, group) = post_group(&client, &sandbox, KEY, &body).await;
        assert_eq!(status, StatusCode::CREATED, "{group}");
        assert_eq!(group["icon_url"], Value::Null, "{body}");
        let no_photo = format!(
            "http://{}/__sandbox/chat-photos/{}.png",
            sandbox.addr(),
            group["group_id"].as_str().expect("group_id")
        );
        let response = client.get(no_photo).send().await.expect("request");
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn same_participant_set_conflicts_only_without_chat_guid() {
    let sandbox = start().await;
    let client = client();
    let (_, first) = post_group(
        &client,
        &sandbox,
        KEY,
        &json!({"name": "Trio", "members": ["+15550000001", "+15550000002", "bo@example.com"]}),
    )
    .await;

    let (status, body) = post_group(
        &client,
        &sandbox,
        KEY,
        &json!({"name": "Trio again", "members": ["BO@example.com", "+15550000002", "+15550000001", "+15550000002"]}),
    )
    .await;
    assert_error(status, &body, 409, codes::GROUP_ALREADY_EXISTS);
    assert_eq!(
        body["message"],
        "A group with the same participants already exists on this allocation"
    );
    assert_eq!(body["existing_group_id"], first["group_id"]);

    let linked = json!({"name": "Linked trio", "chat_guid": "iMessage;+;chat9", "members": ["+15550000001", "+15550000002", "bo@example.com"]});
    let (status, _) = post_group(&client, &sandbox, KEY, &linked).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, _) = post_group(
        &client,
        &sandbox,
        KEY,
        &json!({"name": "Duo", "members": ["+15550000001", "+15550000002"]}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "a subset is another set");
    let (status, _) = post_group(
        &client,
        &sandbox,
        OTHER_KEY,
        &json!({"name": "Trio", "members": ["+15550000001", "+15550000002", "bo@example.com"]}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "another key's allocation");
    assert_eq!(sandbox.group_count(), 4);
}

#[tokio::test]
async fn invalid_bodies_get_400_naming_the_problem() {
    let sandbox = start().await;
    let client = client();
    let cases: Vec<(Value, &str, &str)> = vec![
        (json!({}), "name", "name is required"),
        (
            json!({"members": ["+15551234567"]}),
            "name",
            "name is required",
        ),
        (json!({"name": ""}), "name", "must not be empty"),
        (json!({"name": "   "}), "name", "must not be empty"),
        (json!({"name": ["x"]}), "name", "must be a string"),
        (
            json!({"name": "a".repeat(256)}),
            "name",
            "at most 255 characters",
        ),
        (
            json!({"name": "x", "members": "+15551234567"}),
            "members",
            "array of strings",
        ),
        (
            json!({"name": "x", "members": [{"phone": "+15551234567"}]}),
            "members",
            "members[0] must be a string",
        ),
        (
            json!({"name": "x", "members": ["+15551234567", "(555) 123-4567"]}),
            "members",
            "(555) 123-4567",
        ),
        (
            json!({"name": "x", "members": ["15551234567"]}),
            "members",
            "E.164",
        ),
        (
            json!({"name": "x", "members": ["ann@example"]}),
            "members",
            "E.164",
        ),
        (
            json!({"name": "x", "chat_guid": "chat123"}),
            "chat_guid",
            "service;+;identifier",
        ),
        (
            json!({"name": "x", "chat_guid": "iMessage;?;chat1"}),
            "chat_guid",
            "service;+;identifier",
        ),
        (
            json!({"name": "x", "chat_guid": 12}),
            "chat_guid",
            "must be a string",
        ),
    ];
    for (body, field, message) in cases {
        let (status, answer) = post_group(&client, &sandbox, KEY, &body).await;
        assert_error(status, &answer, 400, codes::VALIDATION_ERROR);
        assert_eq!(answer["field"], field, "{body} -> {answer}");
        let text = answer["message"].as_str().unwrap_or_default();
        assert!(text.contains(message), "{body}: {text:?} lacks {message:?}");
    }
    assert_eq!(sandbox.group_count(), 0);

    // 255 characters is fine even when they are several bytes each; an unfamiliar service prefix is fine.
    let (status, body) = post_group(
        &client,
        &sandbox,
        KEY,
        &json!({"name": "é".repeat(255), "chat_guid": "any;-;+15551234567"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
}

#[tokio::test]
async fn non_json_bodies_get_400() {
    let sandbox = start().await;
    let client = client();
    let url = format!("{}/groups", sandbox.base_url());
    let cases: Vec<(Option<&str>, &str, &str)> = vec![
        (Some("application/json"), "{\"name\": ", codes::INVALID_JSON),
        (Some("application/json"), "", codes::INVALID_JSON),
        (Some("application/json"), "[\"name\"]", codes::INVALID_JSON),
        (
            Some("text/plain"),
            "{\"name\": \"x\"}",
            codes::INVALID_CONTENT_TYPE,
        ),
        (
            Some("application/x-www-form-urlencoded"),
            "name=x",
            codes::INVALID_CONTENT_TYPE,
        ),
        (None, "{\"name\": \"x\"}", codes::INVALID_CONTENT_TYPE),
    ];
    for (content_type, raw, code) in cases {
        let mut request = client.post(&url).bearer_auth(KEY).body(raw.to_owned());
        if let Some(ct) = content_type {
            request = request.header("content-type", ct);
        }
        let (status, body) = read_json(request.send().await.expect("request completes")).await;
        assert_error(status, &body, 400, code);
    }
    let ok = client
        .post(&url)
        .bearer_auth(KEY)
        .header("content-type", "application/json; charset=utf-8")
        .body("{\"name\": \"x\"}")
        .send()
        .await
        .expect("request completes");
    assert_eq!(ok.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn requests_without_a_valid_key_get_401_on_every_route() {
    let sandbox = start().await;
    let client = client();
    let base = sandbox.base_url();
    let (_, group) = post_group(&client, &sandbox, KEY, &json!({"name": "mine"})).await;
    let group_url = format!("{base}/groups/{}", group["group_id"].as_str().expect("id"));

    for auth in [
        None,
        Some("Bearer bl_test_wrong"),
        Some("Bearer "),
        Some("Basic Ymxf"),
        Some(KEY),
        Some("Bearer BL_TEST_ABC"),
    ] {
        for (method, url) in [
            ("POST", format!("{base}/groups")),
            ("GET", format!("{base}/groups")),
            ("GET", group_url.clone()),
        ] {
            let mut request = if method == "POST" {
                client.post(&url).json(&json!({"name": "x"}))
            } else {
                client.get(&url)
            };
            if let Some(auth) = auth {
                request = request.header("authorization", auth);
            }
            let (status, body) = read_json(request.send().await.expect("request completes")).await;
            assert_error(status, &body, 401, codes::UNAUTHORIZED);
        }
    }
    assert_eq!(sandbox.group_count(), 1);
    assert_eq!(sandbox.create_requests(), 7, "refused creates count too");

    // The scheme is case-insensitive, as in HTTP.
    let response = client
        .get(format!("{base}/groups"))
        .header("authorization", format!("bearer {KEY}"))
        .send()
        .await
        .expect("request completes");
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn prefix_policy_accepts_any_key_with_the_prefix_and_keeps_them_apart() {
    let config = SandboxConfig {
        keys: KeyPolicy::AnyWithPrefix("bl_".into()),
        rate_limit: None,
    };
    let sandbox = Sandbox::start(config, "127.0.0.1:0".parse().expect("literal"))
        .await
        .expect("starts");
    let client = client();
    let (status, _) = post_group(
        &client,
        &sandbox,
        "bl_live_one",
        &json!({"name": "one", "members": ["+15550000001"]}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, _) = post_group(
        &client,
        &sandbox,
        "bl_live_two",
        &json!({"name": "two", "members": ["+15550000001"]}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, body) = post_group(&client, &sandbox, "sk_live_one", &json!({"name": "x"})).await;
    assert_error(status, &body, 401, codes::UNAUTHORIZED);

    let (_, one) = list(&client, &sandbox, "bl_live_one", "").await;
    assert_eq!(names(&one), ["one"]);
    let (_, fresh) = list(&client, &sandbox, "bl_never_used", "").await;
    assert_eq!(fresh["groups"], json!([]));
    assert_eq!(fresh["pagination"]["total"], 0);
    sandbox.shutdown().await;
}

async fn seed(client: &reqwest::Client, sandbox: &Sandbox) {
    for name in ["delta", "Alpha", "charlie", "Bravo team", "echo"] {
        let (status, _) = post_group(client, sandbox, KEY, &json!({"name": name})).await;
        assert_eq!(status, StatusCode::CREATED);
    }
    post_group(
        client,
        sandbox,
        OTHER_KEY,
        &json!({"name": "alpha of another key"}),
    )
    .await;
}

#[tokio::test]
async fn list_sorts_and_filters_only_the_callers_groups() {
    let sandbox = start().await;
    let client = client();
    seed(&client, &sandbox).await;

    let (status, body) = list(&client, &sandbox, KEY, "").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        names(&body),
        ["echo", "Bravo team", "charlie", "Alpha", "delta"],
        "recent first"
    );
    assert_eq!(
        body["pagination"],
        json!({"limit": 50, "offset": 0, "total": 5})
    );
    let times: Vec<i64> = body["groups"]
        .as_array()
        .expect("array")
        .iter()
        .map(|g| g["created_at"].as_i64().expect("ms"))
        .collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "{times:?}");

    let cases = [
        (
            "sort=recent",
            vec!["echo", "Bravo team", "charlie", "Alpha", "delta"],
        ),
        (
            "sort=oldest",
            vec!["delta", "Alpha", "charlie", "Bravo team", "echo"],
        ),
        (
            "sort=name_asc",
            vec!["Alpha", "Bravo team", "charlie", "delta", "echo"],
        ),
        (
            "sort=name_desc",
            vec!["echo", "delta", "charlie", "Bravo team", "Alpha"],
        ),
        ("q=ALP", vec!["Alpha"]),
        (
            "q=a&sort=name_asc",
            vec!["Alpha", "Bravo team", "charlie", "delta"],
        ),
        ("q=team", vec!["Bravo team"]),
        ("q=zulu", vec![]),
        (
            "q=",
            vec!["echo", "Bravo team", "charlie", "Alpha", "delta"],
        ),
        ("sort=oldest&limit=2", vec!["delta", "Alpha"]),
        (
            "sort=oldest&limit=2&offset=2",
            vec!["charlie", "Bravo team"],
        ),
        ("sort=oldest&limit=2&offset=4", vec!["echo"]),
        ("sort=oldest&offset=5", vec![]),
        (
            "limit=200",
            vec!["echo", "Bravo team", "charlie", "Alpha", "delta"],
        ),
    ];
    for (query, want) in cases {
        let (status, body) = list(&client, &sandbox, KEY, query).await;
        assert_eq!(status, StatusCode::OK, "{query}: {body}");
        assert_eq!(names(&body), want, "{query}");
    }

    let (_, page) = list(&client, &sandbox, KEY, "q=a&limit=1&offset=1&sort=name_asc").await;
    assert_eq!(
        page["pagination"],
        json!({"limit": 1, "offset": 1, "total": 4})
    );
    assert_eq!(names(&page), ["Bravo team"]);

    let (_, other) = list(&client, &sandbox, OTHER_KEY, "").await;
    assert_eq!(names(&other), ["alpha of another key"]);
}

#[tokio::test]
async fn list_refuses_bad_parameters() {
    let sandbox = start().await;
    let client = client();
    for (query, field) in [
        ("limit=0", "limit"),
        ("limit=201", "limit"),
        ("limit=abc", "limit"),
        ("limit=-5", "limit"),
        ("offset=-1", "offset"),
        ("offset=x", "offset"),
        ("sort=newest", "sort"),
    ] {
        let (status, body) = list(&client, &sandbox, KEY, query).await;
        assert_error(status, &body, 400, codes::VALIDATION_ERROR);
        assert_eq!(body["field"], field, "{query}");
    }
}

#[tokio::test]
async fn get_finds_only_the_callers_group() {
    let sandbox = start().await;
    let client = client();
    let (_, created) = post_group(
        &client,
        &sandbox,
        KEY,
        &json!({"name": "Mine", "chat_guid": "SMS;-;+15551234567", "members": ["+15551234567"]}),
    )
    .await;
    let id = created["group_id"].as_str().expect("id");
    let url = format!("{}/groups/{id}", sandbox.base_url());

    let (status, group) = get_json(&client, &url, KEY).await;
    assert_eq!(status, StatusCode::OK);
    let (_, listed) = list(&client, &sandbox, KEY, "").await;
    assert_eq!(group, listed["groups"][0]);
    assert_eq!(group["chat_guid"], "SMS;-;+15551234567");

    let (status, body) = get_json(&client, &url, OTHER_KEY).await;
    assert_error(status, &body, 404, codes::NOT_FOUND);
    let (status, body) = get_json(
        &client,
        &format!("{}/groups/grp_doesnotexist", sandbox.base_url()),
        KEY,
    )
    .await;
    assert_error(status, &body, 404, codes::NOT_FOUND);
    assert_eq!(body["message"], "Group not found");
}

fn identifiers(page: &Value) -> Vec<String> {
    page["members"]
        .as_array()
        .expect("members array")
        .iter()
        .map(|m| m["identifier"].as_str().expect("identifier").to_owned())
        .collect()
}

#[tokio::test]
async fn members_are_listed_in_the_order_added_as_sent() {
    let sandbox = start().await;
    let client = client();
    let before = now_ms();
    let (status, created) = post_group(
        &client,
        &sandbox,
        KEY,
        &json!({"name": "Crew", "members": ["+15550000003", "Ann@Example.com", "+15550000001", "ANN@example.com"]}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["group_id"].as_str().expect("id");
    let url = format!("{}/groups/{id}/members", sandbox.base_url());

    let (status, page) = get_json(&client, &url, KEY).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(page["group_id"], id);
    assert_eq!(page["group_name"], "Crew");
    assert_eq!(page["icon_url"], Value::Null);
    // Repeats were dropped on create (first spelling kept), and the rest kept as sent, in order.
    assert_eq!(
        identifiers(&page),
        ["+15550000003", "Ann@Example.com", "+15550000001"]
    );
    assert_eq!(
        page["pagination"],
        json!({"limit": 50, "offset": 0, "total": 3})
    );
    let member = &page["members"][0];
    for field in ["id", "contact_id"] {
        assert!(
            member[field].as_str().is_some_and(|v| !v.is_empty()),
            "{field}: {member}"
        );
    }
    assert_eq!(member["name"], Value::Null);
    let added_at = member["added_at"].as_i64().expect("added_at ms");
    assert!(added_at >= before, "{added_at} < {before}");
    assert_eq!(member["added_at"], created["created_at"]);

    let (status, page) = get_json(&client, &format!("{url}?limit=2&offset=1"), KEY).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(identifiers(&page), ["Ann@Example.com", "+15550000001"]);
    assert_eq!(
        page["pagination"],
        json!({"limit": 2, "offset": 1, "total": 3})
    );
    let (_, past_the_end) = get_json(&client, &format!("{url}?offset=3"), KEY).await;
    assert_eq!(identifiers(&past_the_end), Vec::<String>::new());

    // The same person in another group of the key is the same contact.
    let (_, other) = post_group(
        &client,
        &sandbox,
        KEY,
        &json!({"name": "Other", "members": ["ann@example.com"]}),
    )
    .await;
    let (_, other_page) = get_json(
        &client,
        &format!(
            "{}/groups/{}/members",
            sandbox.base_url(),
            other["group_id"].as_str().expect("id")
        ),
        KEY,
    )
    .await;
    assert_eq!(
        other_page["members"][0]["contact_id"],
        page["members"][0]["contact_id"]
    );
}

#[tokio::test]
async fn members_of_a_memberless_group_and_of_unknown_groups() {
    let sandbox = start().await;
    let client = client();
    let (_, created) = post_group(&client, &sandbox, KEY, &json!({"name": "Nobody yet"})).await;
    let url = format!(
        "{}/groups/{}/members",
        sandbox.base_url(),
        created["group_id"].as_str().expect("id")
    );
    let (status, page) = get_json(&client, &url, KEY).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["members"], json!([]));
    assert_eq!(page["pagination"]["total"], 0);

    // Another key's group is as unknown as a made-up id.
    let (status, body) = get_json(&client, &url, OTHER_KEY).await;
    assert_error(status, &body, 404, codes::NOT_FOUND);
    let (status, body) = get_json(
        &client,
        &format!("{}/groups/grp_doesnotexist/members", sandbox.base_url()),
        KEY,
    )
    .await;
    assert_error(status, &body, 404, codes::NOT_FOUND);

    let (status, body) = get_json(&client, &url, "bl_test_unknown").await;
    assert_error(status, &body, 401, codes::UNAUTHORIZED);
    for query in ["limit=0", "limit=201", "offset=-1", "limit=x"] {
        let (status, body) = get_json(&client, &format!("{url}?{query}"), KEY).await;
        assert_error(status, &body, 400, codes::VALIDATION_ERROR);
    }

    // Adding members is documented as coming soon (tests/manage.rs has the 501 in detail).
    let response = client
        .post(&url)
        .bearer_auth(KEY)
        .json(&json!({"contact_id": "+15550000001"}))
        .send()
        .await
        .expect("request completes");
    assert_eq!(response.status(), StatusCode::NOT_IMPLEMENTED);
}

#[tokio::test]
async fn members_page_through_a_large_group() {
    let sandbox = start().await;
    let client = client();
    let members: Vec<String> = (0..450).map(|i| format!("+1555100{i:04}")).collect();
    let (status, created) = post_group(
        &client,
        &sandbox,
        KEY,
        &json!({"name": "Big", "members": members}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["member_count"], 450);
    let url = format!(
        "{}/groups/{}/members",
        sandbox.base_url(),
        created["group_id"].as_str().expect("id")
    );
    let mut seen = Vec::new();
    for offset in (0..450).step_by(200) {
        let (status, page) =
            get_json(&client, &format!("{url}?limit=200&offset={offset}"), KEY).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        assert_eq!(page["pagination"]["total"], 450);
        seen.extend(identifiers(&page));
    }
    assert_eq!(seen, members);
}

#[tokio::test]
async fn unknown_routes_and_methods_answer_json_errors() {
    let sandbox = start().await;
    let client = client();
    let (status, body) = get_json(&client, &format!("{}/chats", sandbox.base_url()), KEY).await;
    assert_error(status, &body, 404, codes::NOT_FOUND);
    let response = client
        .delete(format!("{}/groups", sandbox.base_url()))
        .bearer_auth(KEY)
        .send()
        .await
        .expect("request completes");
    let (status, body) = read_json(response).await;
    assert_error(status, &body, 405, codes::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn admin_stats_and_reset() {
    let sandbox = start().await;
    let client = client();
    let root = format!("http://{}", sandbox.addr());
    let members = json!({"name": "a", "members": ["+15550000001"]});
    post_group(&client, &sandbox, KEY, &members).await;
    post_group(&client, &sandbox, KEY, &members).await; // 409, still a create request
    post_group(&client, &sandbox, OTHER_KEY, &json!({"name": "b"})).await;

    let stats = |client: reqwest::Client, root: String| async move {
        let response = client
            .get(format!("{root}/__sandbox/stats"))
            .send()
            .await
            .expect("stats");
        read_json(response).await
    };
    let (status, body) = stats(client.clone(), root.clone()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        body,
        json!({"groups": 2, "create_requests": 3, "pending_faults": 0, "rate_limited": 0,
               "rate_limit_per_second": null})
    );

    sandbox.inject(blooio_sandbox::Fault::Status(500));
    let response = client
        .post(format!("{root}/__sandbox/reset"))
        .send()
        .await
        .expect("reset");
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    let (_, body) = stats(client.clone(), root.clone()).await;
    assert_eq!(
        body,
        json!({"groups": 0, "create_requests": 0, "pending_faults": 0, "rate_limited": 0,
               "rate_limit_per_second": null})
    );
    assert_eq!(sandbox.group_count(), 0);

    // Groups and contacts are gone: the same set is new again, and no fault is left to strike.
    let (status, body) = post_group(&client, &sandbox, KEY, &members).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["created_contacts"], json!(["+15550000001"]));
    let (_, listed) = list(&client, &sandbox, KEY, "").await;
    assert_eq!(names(&listed), ["a"]);
}

#[tokio::test]
async fn start_refuses_non_loopback_addresses() {
    for addr in ["0.0.0.0:0", "[::]:0", "192.0.2.1:0"] {
        let err = Sandbox::start(SandboxConfig::default(), addr.parse().expect("literal"))
            .await
            .expect_err("refused");
        assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput, "{addr}");
    }
}

#[tokio::test]
async fn shutdown_closes_the_port() {
    let sandbox = start().await;
    let client = client();
    let base = sandbox.base_url();
    let (status, _) = list(&client, &sandbox, KEY, "").await;
    assert_eq!(
        status,
        StatusCode::OK,
        "a keep-alive connection is open now"
    );
    sandbox.shutdown().await;
    let err = client
        .get(format!("{base}/groups"))
        .bearer_auth(KEY)
        .send()
        .await
        .expect_err("nobody listens any more");
    assert!(err.is_connect() || err.is_request(), "{err:?}");
}
