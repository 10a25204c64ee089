//! Seeding many groups at once (`Sandbox::seed`, `POST /__sandbox/seed`), and the list at that size.

mod common;

use std::collections::HashSet;

use blooio_sandbox::{codes, SEED_MAX};
use common::{assert_error, client, list, names, post_group, read_json, start, KEY, OTHER_KEY};
use reqwest::StatusCode;
use serde_json::{json, Value};

#[tokio::test]
async fn seeded_groups_are_real_groups_in_creation_order() {
    let sandbox = start().await;
    let client = client();
    let (_, early) = post_group(&client, &sandbox, KEY, &json!({"name": "Made before"})).await;
    let ids = sandbox.seed(KEY, 10_000);
    assert_eq!(ids.len(), 10_000);
    assert_eq!(
        ids.iter().collect::<HashSet<_>>().len(),
        10_000,
        "ids are unique"
    );
    assert_eq!(sandbox.group_count(), 10_001);
    let (status, _) = post_group(&client, &sandbox, KEY, &json!({"name": "Made after"})).await;
    assert_eq!(status, StatusCode::CREATED);

    let (_, page) = list(&client, &sandbox, KEY, "limit=200").await;
    assert_eq!(page["pagination"]["total"], 10_002);
    assert_eq!(names(&page)[0], "Made after");
    assert_eq!(page["groups"][1]["group_id"], ids[9_999].as_str());
    let times: Vec<i64> = page["groups"]
        .as_array()
        .expect("array")
        .iter()
        .map(|g| g["created_at"].as_i64().expect("ms"))
        .collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "newest first");
    // The group made before the seed is newer than every seeded one but the last: it sits among them by time.
    let (_, oldest) = list(&client, &sandbox, KEY, "sort=oldest&limit=1").await;
    assert_eq!(oldest["groups"][0]["group_id"], ids[0].as_str());
    assert_ne!(oldest["groups"][0]["group_id"], early["group_id"]);

    // Each seeded group can be read, has two members of its own, and every fifth is linked with a photo.
    for (i, id) in ids.iter().enumerate().step_by(997) {
        let (status, members) = common::get_json(
            &client,
            &format!("{}/groups/{id}/members", sandbox.base_url()),
            KEY,
        )
        .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(members["pagination"]["total"], 2);
        let linked = members["icon_url"].is_string();
        assert_eq!(linked, i % 5 == 4, "{i}: {members}");
    }
    // Name sorts, search and paging at this size.
    let (_, asc) = list(&client, &sandbox, KEY, "sort=name_asc&limit=3").await;
    let (_, desc) = list(&client, &sandbox, KEY, "sort=name_desc&limit=3").await;
    let first = names(&asc);
    let last = names(&desc);
    assert!(
        first
            .windows(2)
            .all(|w| w[0].to_lowercase() <= w[1].to_lowercase()),
        "{first:?}"
    );
    assert!(
        last.windows(2)
            .all(|w| w[0].to_lowercase() >= w[1].to_lowercase()),
        "{last:?}"
    );
    let (_, hits) = list(&client, &sandbox, KEY, "q=golden%20choir&limit=200").await;
    let total = hits["pagination"]["total"].as_u64().expect("total");
    assert!(total > 0 && total < 10_000, "{total}");
    assert!(names(&hits).iter().all(|n| n.starts_with("Golden Choir")));
    let mut seen = HashSet::new();
    let mut offset = 0;
    loop {
        let (_, page) = list(
            &client,
            &sandbox,
            KEY,
            &format!("sort=name_desc&limit=200&offset={offset}"),
        )
        .await;
        let batch = page["groups"].as_array().expect("array").clone();
        if batch.is_empty() {
            break;
        }
        for group in &batch {
            assert!(
                seen.insert(group["group_id"].as_str().expect("id").to_owned()),
                "repeat"
            );
        }
        offset += 200;
    }
    assert_eq!(
        seen.len(),
        10_002,
        "paging by total visits every group once"
    );
    let (_, other) = list(&client, &sandbox, OTHER_KEY, "").await;
    assert_eq!(other["pagination"]["total"], 0);
}

#[tokio::test]
async fn seeding_twice_never_conflicts_and_deletes_keep_the_order() {
    let sandbox = start().await;
    let client = client();
    let first = sandbox.seed(KEY, 50);
    let second = sandbox.seed(KEY, 50);
    assert!(first.iter().all(|id| !second.contains(id)));
    assert_eq!(sandbox.group_count(), 100);
    let delete = client
        .delete(format!("{}/groups/{}", sandbox.base_url(), first[10]))
        .bearer_auth(KEY)
        .send()
        .await
        .expect("completes");
    assert_eq!(delete.status(), StatusCode::OK);
    sandbox.seed(KEY, 1);
    let (_, page) = list(&client, &sandbox, KEY, "sort=oldest&limit=200").await;
    assert_eq!(page["pagination"]["total"], 100);
    let listed: Vec<&str> = page["groups"]
        .as_array()
        .expect("array")
        .iter()
        .map(|g| g["group_id"].as_str().expect("id"))
        .collect();
    assert!(
        !listed.contains(&first[10].as_str()),
        "a deleted group stays deleted after a reseed"
    );
}

async fn admin_seed(client: &reqwest::Client, root: &str, body: Value) -> (StatusCode, Value) {
    let response = client
        .post(format!("{root}/__sandbox/seed"))
        .json(&body)
        .send()
        .await
        .expect("seed");
    read_json(response).await
}

#[tokio::test]
async fn admin_seed_route() {
    let sandbox = start().await;
    let client = client();
    let root = format!("http://{}", sandbox.addr());
    let (status, body) = admin_seed(&client, &root, json!({"count": 10_000, "key": KEY})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["seeded"], 10_000);
    assert_eq!(body["groups"], 10_000);
    let (_, newest) = list(&client, &sandbox, KEY, "limit=1").await;
    assert_eq!(newest["groups"][0]["group_id"], body["last_group_id"]);

    for bad in [
        json!({"count": 5}),
        json!({"key": KEY}),
        json!({"count": -1, "key": KEY}),
        json!({"count": SEED_MAX + 1, "key": KEY}),
        json!({"count": 5, "key": "bl_not_accepted"}),
        json!({"count": 5, "key": KEY, "extra": true}),
    ] {
        let (status, body) = admin_seed(&client, &root, bad.clone()).await;
        assert_error(status, &body, 400, codes::INVALID_SEED);
    }
    assert_eq!(sandbox.group_count(), 10_000, "refused seeds add nothing");

    let response = client
        .post(format!("{root}/__sandbox/devices"))
        .json(&json!({"online": false}))
        .send()
        .await
        .expect("devices");
    let (status, body) = read_json(response).await;
    assert_eq!((status, body), (StatusCode::OK, json!({"online": false})));
    let response = client
        .post(format!("{root}/__sandbox/devices"))
        .json(&json!({"online": "no"}))
        .send()
        .await
        .expect("devices");
    let (status, body) = read_json(response).await;
    assert_error(status, &body, 400, codes::INVALID_DEVICES);
}
