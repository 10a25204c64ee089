//! Changing groups that exist: rename, delete, the photo, and the member routes Blooio answers 501 to, over
//! real HTTP, with every status each of them gives.

mod common;

use blooio_sandbox::{codes, Fault, ICON_MAX_BYTES};
use common::{
    assert_error, client, get_json, list, names, post_group, read_json, start, KEY, OTHER_KEY,
};
use reqwest::multipart::{Form, Part};
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

const GUID: &str = "iMessage;+;chat987654321";
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01";

async fn create(client: &Client, sandbox: &blooio_sandbox::Sandbox, body: Value) -> String {
    let (status, created) = post_group(client, sandbox, KEY, &body).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    created["group_id"].as_str().expect("id").to_owned()
}

async fn send(request: reqwest::RequestBuilder) -> (StatusCode, Value) {
    read_json(request.send().await.expect("request completes")).await
}

async fn rename(client: &Client, url: &str, key: &str, name: Value) -> (StatusCode, Value) {
    send(
        client
            .patch(url)
            .bearer_auth(key)
            .json(&json!({ "name": name })),
    )
    .await
}

async fn upload(client: &Client, url: &str, key: &str, form: Form) -> (StatusCode, Value) {
    send(client.post(url).bearer_auth(key).multipart(form)).await
}

fn icon_form(field: &str, bytes: &[u8], file_name: &str) -> Form {
    Form::new().part(
        field.to_owned(),
        Part::bytes(bytes.to_vec())
            .file_name(file_name.to_owned())
            .mime_str("application/octet-stream")
            .expect("mime"),
    )
}

#[tokio::test]
async fn rename_answers_the_group_and_what_the_phones_got() {
    let sandbox = start().await;
    let client = client();
    let base = sandbox.base_url();
    let linked = create(&client, &sandbox, json!({"name": "Old", "chat_guid": GUID})).await;
    let unlinked = create(
        &client,
        &sandbox,
        json!({"name": "Plain", "members": ["+15550000001"]}),
    )
    .await;

    let (status, body) = send(
        client
            .patch(format!("{base}/groups/{linked}"))
            .bearer_auth(KEY)
            .json(&json!({"name": "New name", "ignored": 1})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["group_id"], linked.as_str());
    assert_eq!(body["name"], "New name");
    assert_eq!(body["chat_guid"], GUID);
    assert_eq!(
        body["device_sync"],
        json!({"chat_guid": GUID, "action": "rename", "synced": true, "error": null})
    );
    let (_, fetched) = get_json(&client, &format!("{base}/groups/{linked}"), KEY).await;
    assert_eq!(fetched["name"], "New name");

    // No linked chat: nothing on a phone to rename.
    let (status, body) = rename(
        &client,
        &format!("{base}/groups/{unlinked}"),
        KEY,
        json!("Aardvarks"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["name"], "Aardvarks");
    assert_eq!(body["member_count"], 1);
    assert!(
        body.get("device_sync").is_some_and(Value::is_null),
        "{body}"
    );
    // The name sorts and the search see the new names.
    let (_, sorted) = list(&client, &sandbox, KEY, "sort=name_asc").await;
    assert_eq!(names(&sorted), ["Aardvarks", "New name"]);
    let (_, found) = list(&client, &sandbox, KEY, "q=old").await;
    assert_eq!(names(&found), Vec::<String>::new());

    // A phone that is off: stored, but not synced, with the reason.
    sandbox.set_devices_online(false);
    let (status, body) = rename(
        &client,
        &format!("{base}/groups/{linked}"),
        KEY,
        json!("Offline rename"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["device_sync"]["synced"], false);
    assert!(
        body["device_sync"]["error"]
            .as_str()
            .is_some_and(|e| e.contains("No active device")),
        "{body}"
    );
    sandbox.reset();
    let again = create(&client, &sandbox, json!({"name": "x", "chat_guid": GUID})).await;
    let (_, body) = rename(&client, &format!("{base}/groups/{again}"), KEY, json!("y")).await;
    assert_eq!(
        body["device_sync"]["synced"], true,
        "a reset brings the phones back"
    );
}

#[tokio::test]
async fn rename_refusals() {
    let sandbox = start().await;
    let client = client();
    let base = sandbox.base_url();
    let id = create(&client, &sandbox, json!({"name": "Keep"})).await;
    let url = format!("{base}/groups/{id}");
    for (body, message) in [
        (json!({}), "name is required"),
        (json!({"name": null}), "name is required"),
        (json!({"name": 3}), "name must be a string"),
        (json!({"name": " \t"}), "name must not be empty"),
        (json!({"name": "a".repeat(256)}), "at most 255 characters"),
    ] {
        let (status, answer) = send(client.patch(&url).bearer_auth(KEY).json(&body)).await;
        assert_error(status, &answer, 400, codes::VALIDATION_ERROR);
        assert_eq!(answer["field"], "name");
        assert!(
            answer["message"]
                .as_str()
                .is_some_and(|m| m.contains(message)),
            "{answer}"
        );
    }
    let (status, answer) = rename(&client, &url, KEY, json!("é".repeat(255))).await;
    assert_eq!(status, StatusCode::OK, "255 characters is fine: {answer}");
    let (status, answer) = send(client.patch(&url).bearer_auth(KEY).body("name=x")).await;
    assert_error(status, &answer, 400, codes::INVALID_CONTENT_TYPE);
    let (status, answer) = send(
        client
            .patch(&url)
            .bearer_auth(KEY)
            .header("content-type", "application/json")
            .body("[\"x\"]"),
    )
    .await;
    assert_error(status, &answer, 400, codes::INVALID_JSON);
    let (status, answer) = send(client.patch(&url).json(&json!({"name": "x"}))).await;
    assert_error(status, &answer, 401, codes::UNAUTHORIZED);
    for other in [
        format!("{base}/groups/grp_nope"),
        format!("{base}/groups/%FF"),
    ] {
        let (status, answer) = rename(&client, &other, KEY, json!("x")).await;
        assert_error(status, &answer, 404, codes::NOT_FOUND);
    }
    let (status, answer) = rename(&client, &url, OTHER_KEY, json!("x")).await;
    assert_error(status, &answer, 404, codes::NOT_FOUND);
    let (_, fetched) = get_json(&client, &url, KEY).await;
    assert_eq!(fetched["name"], "é".repeat(255), "refusals changed nothing");
}

#[tokio::test]
async fn delete_is_soft_and_frees_the_chat_and_the_participants() {
    let sandbox = start().await;
    let client = client();
    let base = sandbox.base_url();
    let members = json!({"name": "Team", "members": ["+15550000001", "ann@example.com"]});
    let plain = create(&client, &sandbox, members.clone()).await;
    let linked = create(
        &client,
        &sandbox,
        json!({"name": "Linked", "chat_guid": GUID}),
    )
    .await;
    let keep = create(&client, &sandbox, json!({"name": "Keep"})).await;
    let (_, photo_of_linked) = get_json(&client, &format!("{base}/groups/{linked}"), KEY).await;
    let photo_url = photo_of_linked["icon_url"]
        .as_str()
        .expect("stock photo")
        .to_owned();
    assert_eq!(sandbox.group_count(), 3);

    let (status, answer) = send(
        client
            .delete(format!("{base}/groups/{plain}"))
            .bearer_auth(OTHER_KEY),
    )
    .await;
    assert_error(status, &answer, 404, codes::NOT_FOUND);
    let (status, answer) = send(client.delete(format!("{base}/groups/{plain}"))).await;
    assert_error(status, &answer, 401, codes::UNAUTHORIZED);

    let before = now_ms();
    for id in [&plain, &linked] {
        let (status, answer) = send(
            client
                .delete(format!("{base}/groups/{id}"))
                .bearer_auth(KEY),
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{answer}");
        assert_eq!(answer["success"], true);
        let deleted_at = answer["deleted_at"].as_i64().expect("ms");
        assert!(deleted_at >= before && deleted_at <= now_ms(), "{answer}");
        assert_eq!(answer.as_object().map(|o| o.len()), Some(2), "{answer}");
    }
    assert_eq!(sandbox.group_count(), 1);
    for id in [&plain, &linked] {
        for url in [
            format!("{base}/groups/{id}"),
            format!("{base}/groups/{id}/members"),
        ] {
            let (status, answer) = get_json(&client, &url, KEY).await;
            assert_error(status, &answer, 404, codes::NOT_FOUND);
        }
        let (status, answer) = send(
            client
                .delete(format!("{base}/groups/{id}"))
                .bearer_auth(KEY),
        )
        .await;
        assert_error(status, &answer, 404, codes::NOT_FOUND);
        let (status, answer) =
            rename(&client, &format!("{base}/groups/{id}"), KEY, json!("x")).await;
        assert_error(status, &answer, 404, codes::NOT_FOUND);
    }
    for sort in ["recent", "oldest", "name_asc", "name_desc"] {
        let (_, listed) = list(&client, &sandbox, KEY, &format!("sort={sort}")).await;
        assert_eq!(names(&listed), ["Keep"], "{sort}");
        assert_eq!(listed["pagination"]["total"], 1);
    }
    let photo = client.get(&photo_url).send().await.expect("completes");
    assert_eq!(
        photo.status(),
        StatusCode::NOT_FOUND,
        "a deleted group's photo is gone"
    );

    // The participant set and the chat are free again; the contacts stay the key's.
    let (status, again) = post_group(&client, &sandbox, KEY, &members).await;
    assert_eq!(status, StatusCode::CREATED, "{again}");
    assert_eq!(again["created_contacts"], json!([]));
    create(
        &client,
        &sandbox,
        json!({"name": "Relinked", "chat_guid": GUID}),
    )
    .await;
    let (_, fetched) = get_json(&client, &format!("{base}/groups/{keep}"), KEY).await;
    assert_eq!(fetched["name"], "Keep");
}

#[tokio::test]
async fn icon_set_stores_serves_and_replaces_the_photo() {
    let sandbox = start().await;
    let client = client();
    let base = sandbox.base_url();
    let id = create(
        &client,
        &sandbox,
        json!({"name": "Linked", "chat_guid": GUID}),
    )
    .await;
    let url = format!("{base}/groups/{id}/icon");
    let samples: [(&[u8], &str); 6] = [
        (&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F'], "image/jpeg"),
        (PNG, "image/png"),
        (b"GIF89a\x01\0\x01\0", "image/gif"),
        (b"RIFF\x24\0\0\0WEBPVP8 ", "image/webp"),
        (b"\0\0\0\x18ftypheic\0\0\0\0mif1heic", "image/heic"),
        (b"\0\0\0\x18ftypmif1\0\0\0\0mif1heic", "image/heif"),
    ];
    let mut previous: Option<String> = None;
    for (bytes, mime) in samples {
        // The declared type and file name don't matter: the bytes do.
        let (status, answer) =
            upload(&client, &url, KEY, icon_form("icon", bytes, "photo.bin")).await;
        assert_eq!(status, StatusCode::OK, "{mime}: {answer}");
        let icon_url = answer["icon_url"].as_str().expect("icon_url").to_owned();
        assert_eq!(
            answer,
            json!({"success": true, "group_id": id, "chat_guid": GUID, "icon_url": icon_url,
                   "message": "Group icon updated successfully",
                   "device_sync": {"chat_guid": GUID, "synced": true, "message": "Synced to the linked iMessage chat"}})
        );
        let photo = client.get(&icon_url).send().await.expect("photo");
        assert_eq!(photo.status(), StatusCode::OK, "{icon_url}");
        assert_eq!(photo.headers()["content-type"], mime);
        assert_eq!(photo.bytes().await.expect("bytes").as_ref(), bytes);
        let (_, group) = get_json(&client, &format!("{base}/groups/{id}"), KEY).await;
        assert_eq!(group["icon_url"], icon_url.as_str());
        if let Some(old) = previous.replace(icon_url.clone()) {
            assert_ne!(old, icon_url, "a new photo has a new URL");
            let gone = client.get(&old).send().await.expect("old photo");
            assert_eq!(gone.status(), StatusCode::NOT_FOUND);
        }
    }
    // Exactly at the limit is accepted.
    let mut big = PNG.to_vec();
    big.resize(ICON_MAX_BYTES, 0);
    let (status, answer) = upload(&client, &url, KEY, icon_form("icon", &big, "big.png")).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
}

#[tokio::test]
async fn icon_refusals() {
    let sandbox = start().await;
    let client = client();
    let base = sandbox.base_url();
    let linked = create(
        &client,
        &sandbox,
        json!({"name": "Linked", "chat_guid": GUID}),
    )
    .await;
    let unlinked = create(&client, &sandbox, json!({"name": "Plain"})).await;
    let url = format!("{base}/groups/{linked}/icon");
    let mut too_big = PNG.to_vec();
    too_big.resize(ICON_MAX_BYTES + 1, 0);
    let cases: Vec<(Form, &str)> = vec![
        (
            icon_form(
                "icon",
                b"<svg xmlns='http://www.w3.org/2000/svg'/>",
                "x.png",
            ),
            "Unsupported image type",
        ),
        (
            icon_form("icon", b"%PDF-1.7", "x.pdf"),
            "Unsupported image type",
        ),
        (icon_form("icon", &too_big, "big.png"), "too large"),
        (icon_form("icon", b"", "empty.png"), "empty"),
        (icon_form("file", PNG, "x.png"), "field 'icon'"),
        (
            Form::new().text("icon", "not a file"),
            "must be a file upload",
        ),
    ];
    for (form, message) in cases {
        let (status, answer) = upload(&client, &url, KEY, form).await;
        assert_error(status, &answer, 400, codes::VALIDATION_ERROR);
        assert_eq!(answer["field"], "icon", "{answer}");
        assert!(
            answer["message"]
                .as_str()
                .is_some_and(|m| m.contains(message)),
            "{message}: {answer}"
        );
    }
    let (status, answer) = send(
        client
            .post(&url)
            .bearer_auth(KEY)
            .json(&json!({"icon": "x"})),
    )
    .await;
    assert_error(status, &answer, 400, codes::INVALID_CONTENT_TYPE);
    let (status, answer) = send(
        client
            .post(&url)
            .bearer_auth(KEY)
            .header("content-type", "multipart/form-data; boundary=abc")
            .body("--abc\r\nContent-Disposition: form-data; name=\"icon\"; filename=\"x\"\r\n\r\nno end"),
    )
    .await;
    assert_error(status, &answer, 400, codes::INVALID_MULTIPART);
    let mut huge = PNG.to_vec();
    huge.resize(2 * ICON_MAX_BYTES + 1, 0);
    let (status, answer) = upload(&client, &url, KEY, icon_form("icon", &huge, "huge.png")).await;
    assert_error(status, &answer, 413, codes::PAYLOAD_TOO_LARGE);

    // A group without a linked chat can't have a photo: 400 for the set and the remove.
    let (status, answer) = upload(
        &client,
        &format!("{base}/groups/{unlinked}/icon"),
        KEY,
        icon_form("icon", PNG, "x.png"),
    )
    .await;
    assert_error(status, &answer, 400, codes::GROUP_NOT_LINKED);
    let (status, answer) = send(
        client
            .delete(format!("{base}/groups/{unlinked}/icon"))
            .bearer_auth(KEY),
    )
    .await;
    assert_error(status, &answer, 400, codes::GROUP_NOT_LINKED);
    let (_, plain) = get_json(&client, &format!("{base}/groups/{unlinked}"), KEY).await;
    assert_eq!(plain["icon_url"], Value::Null);

    for (key, status, code) in [
        (None, 401, codes::UNAUTHORIZED),
        (Some("bl_test_wrong"), 401, codes::UNAUTHORIZED),
        (Some(OTHER_KEY), 404, codes::NOT_FOUND),
    ] {
        let mut set = client.post(&url).multipart(icon_form("icon", PNG, "x.png"));
        let mut remove = client.delete(&url);
        if let Some(key) = key {
            set = set.bearer_auth(key);
            remove = remove.bearer_auth(key);
        }
        let (got, answer) = send(set).await;
        assert_error(got, &answer, status, code);
        let (got, answer) = send(remove).await;
        assert_error(got, &answer, status, code);
    }
    let (status, answer) = upload(
        &client,
        &format!("{base}/groups/grp_nope/icon"),
        KEY,
        icon_form("icon", PNG, "x.png"),
    )
    .await;
    assert_error(status, &answer, 404, codes::NOT_FOUND);
    let (_, group) = get_json(&client, &format!("{base}/groups/{linked}"), KEY).await;
    assert!(
        group["icon_url"]
            .as_str()
            .is_some_and(|u| u.ends_with(&format!("{linked}.png"))),
        "refusals left the stock photo: {group}"
    );
}

#[tokio::test]
async fn icon_remove_clears_the_photo() {
    let sandbox = start().await;
    let client = client();
    let base = sandbox.base_url();
    let id = create(
        &client,
        &sandbox,
        json!({"name": "Linked", "chat_guid": GUID}),
    )
    .await;
    let url = format!("{base}/groups/{id}/icon");
    let (_, set) = upload(&client, &url, KEY, icon_form("icon", PNG, "x.png")).await;
    let icon_url = set["icon_url"].as_str().expect("icon_url").to_owned();

    sandbox.set_devices_online(false);
    let (status, answer) = send(client.delete(&url).bearer_auth(KEY)).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["success"], true);
    assert_eq!(answer["group_id"], id.as_str());
    assert_eq!(answer["chat_guid"], GUID);
    assert_eq!(answer["message"], "Group icon removed successfully");
    assert!(answer.get("icon_url").is_none(), "{answer}");
    assert_eq!(answer["device_sync"]["synced"], false);
    assert!(answer["device_sync"]["message"]
        .as_str()
        .is_some_and(|m| m.contains("No active device")));
    let (_, group) = get_json(&client, &format!("{base}/groups/{id}"), KEY).await;
    assert_eq!(group["icon_url"], Value::Null);
    let (_, members) = get_json(&client, &format!("{base}/groups/{id}/members"), KEY).await;
    assert_eq!(members["icon_url"], Value::Null);
    let gone = client.get(&icon_url).send().await.expect("photo");
    assert_eq!(gone.status(), StatusCode::NOT_FOUND);
    // Removing when there is none is still fine.
    let (status, _) = send(client.delete(&url).bearer_auth(KEY)).await;
    assert_eq!(status, StatusCode::OK);
}

#[tokio::test]
async fn member_changes_answer_blooios_501_after_authentication() {
    let sandbox = start().await;
    let client = client();
    let base = sandbox.base_url();
    let id = create(
        &client,
        &sandbox,
        json!({"name": "a", "members": ["+15550000001"]}),
    )
    .await;
    for group in [id.as_str(), "grp_nope"] {
        let (status, body) = send(
            client
                .post(format!("{base}/groups/{group}/members"))
                .bearer_auth(KEY)
                .json(&json!({"contact_id": "+15550000002"})),
        )
        .await;
        assert_eq!(status, StatusCode::NOT_IMPLEMENTED);
        assert_eq!(
            body,
            json!({"error": "Coming soon", "message": "Adding group members is coming soon"})
        );
        for member in ["%2B15550000001", "ann%40example.com", "+15550000001"] {
            let (status, body) = send(
                client
                    .delete(format!("{base}/groups/{group}/members/{member}"))
                    .bearer_auth(KEY),
            )
            .await;
            assert_eq!(status, StatusCode::NOT_IMPLEMENTED);
            assert_eq!(
                body,
                json!({"error": "Coming soon", "message": "Removing group members is coming soon"})
            );
        }
    }
    let (status, body) =
        send(client.delete(format!("{base}/groups/{id}/members/%2B15550000001"))).await;
    assert_error(status, &body, 401, codes::UNAUTHORIZED);
    let (status, body) = send(
        client
            .post(format!("{base}/groups/{id}/members"))
            .bearer_auth("bl_test_wrong"),
    )
    .await;
    assert_error(status, &body, 401, codes::UNAUTHORIZED);
    let (_, members) = get_json(&client, &format!("{base}/groups/{id}/members"), KEY).await;
    assert_eq!(members["pagination"]["total"], 1, "nothing changed");
}

#[tokio::test]
async fn faults_strike_the_new_routes_before_authentication() {
    let sandbox = start().await;
    let client = client();
    let base = sandbox.base_url();
    let id = create(
        &client,
        &sandbox,
        json!({"name": "Linked", "chat_guid": GUID}),
    )
    .await;
    let group = format!("{base}/groups/{id}");
    let requests = || {
        vec![
            client.patch(&group).json(&json!({"name": "x"})),
            client.delete(&group),
            client
                .post(format!("{group}/icon"))
                .multipart(icon_form("icon", PNG, "x.png")),
            client.delete(format!("{group}/icon")),
            client
                .post(format!("{group}/members"))
                .json(&json!({"contact_id": "+15550000002"})),
            client.delete(format!("{group}/members/%2B15550000002")),
        ]
    };
    for request in requests() {
        sandbox.inject(Fault::Status(503));
        let (status, body) = send(request).await;
        assert_error(status, &body, 503, codes::NO_ACTIVE_DEVICE);
    }
    for request in requests() {
        sandbox.inject(Fault::DropConnection);
        let err = request.bearer_auth(KEY).send().await.expect_err("dropped");
        assert!(err.status().is_none() && !err.is_timeout(), "{err:?}");
    }
    assert_eq!(sandbox.pending_faults(), 0);
    let (_, fetched) = get_json(&client, &group, KEY).await;
    assert_eq!(fetched["name"], "Linked", "faulted requests did nothing");
    assert!(fetched["icon_url"]
        .as_str()
        .is_some_and(|u| u.ends_with(".png")));
}

#[tokio::test]
async fn after_store_faults_change_the_group_and_lose_the_answer() {
    let sandbox = start().await;
    let client = client();
    let base = sandbox.base_url();
    let id = create(
        &client,
        &sandbox,
        json!({"name": "Linked", "chat_guid": GUID}),
    )
    .await;
    let group = format!("{base}/groups/{id}");

    sandbox.inject(Fault::after_store(Fault::Status(502)));
    let (status, body) = rename(&client, &group, KEY, json!("Renamed")).await;
    assert_error(status, &body, 502, codes::DEVICE_COMMUNICATION_ERROR);
    let (_, fetched) = get_json(&client, &group, KEY).await;
    assert_eq!(fetched["name"], "Renamed");

    sandbox.inject(Fault::after_store(Fault::DropConnection));
    client
        .post(format!("{group}/icon"))
        .bearer_auth(KEY)
        .multipart(icon_form("icon", PNG, "x.png"))
        .send()
        .await
        .expect_err("dropped");
    let (_, fetched) = get_json(&client, &group, KEY).await;
    assert!(
        fetched["icon_url"]
            .as_str()
            .is_some_and(|u| u.ends_with(".png") && u.contains('-')),
        "{fetched}"
    );

    sandbox.inject(Fault::after_store(Fault::DropConnection));
    client
        .delete(&group)
        .bearer_auth(KEY)
        .send()
        .await
        .expect_err("dropped");
    let (status, body) = get_json(&client, &group, KEY).await;
    assert_error(status, &body, 404, codes::NOT_FOUND);
    assert_eq!(sandbox.group_count(), 0);
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock after 1970")
        .as_millis() as i64
}
