//! The client against a real local server: the sandbox (an emulator of Blooio's Groups API written from its
//! documentation), plus tiny raw HTTP servers (`common::raw_server`) for what the sandbox does not do
//! (redirects, a success status with a body that is not JSON, a server echoing the key).

mod common;

use std::time::{Duration, Instant};

use blooio_core::{
    ApiError, ApiKey, BlooioClient, ClientConfig, CreateGroupRequest, ListQuery, ListSort,
    PhotoError,
};
use blooio_sandbox::{Fault, Sandbox, NON_JSON_BODY};
use common::{checked, client_for, key, raw_server, raw_server_bytes, request, sandbox, KEY};

async fn create_err(sandbox: &Sandbox, req: &CreateGroupRequest) -> ApiError {
    let client = client_for(&sandbox.base_url());
    match client.create_group(&key(), req).await {
        Ok(created) => panic!("expected an error, got {created:?}"),
        Err(error) => checked(error),
    }
}

#[tokio::test]
async fn create_201_returns_the_group() {
    let sandbox = sandbox().await;
    let client = client_for(&format!("{}/", sandbox.base_url()));
    let created = client
        .create_group(
            &key(),
            &request("Launch crew", None, &["+12125550100", "ann@example.com"]),
        )
        .await
        .unwrap();
    let id = created.group.group_id.clone().unwrap();
    assert!(id.starts_with("grp_"), "{id}");
    assert_eq!(created.group.name.as_deref(), Some("Launch crew"));
    assert_eq!(created.group.chat_guid, None);
    assert_eq!(
        created.added_members,
        vec!["+12125550100", "ann@example.com"]
    );
    assert_eq!(created.created_contacts.len(), 2, "both contacts were new");
    assert_eq!(sandbox.group_count(), 1);

    // A linked chat, and a contact that exists now: not created again.
    let linked = client
        .create_group(
            &key(),
            &request(
                "Linked",
                Some("iMessage;+;chat123456789"),
                &["+12125550100"],
            ),
        )
        .await
        .unwrap();
    assert_eq!(
        linked.group.chat_guid.as_deref(),
        Some("iMessage;+;chat123456789")
    );
    assert!(linked.created_contacts.is_empty(), "{linked:?}");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn create_400_keeps_blooios_message_and_code() {
    let sandbox = sandbox().await;
    // Built by hand to get past the client-side rules, as a buggy caller could.
    let error = create_err(&sandbox, &request("Team", None, &["555 0100"])).await;
    match &error {
        ApiError::Api {
            status: 400,
            message: Some(message),
            code: Some(code),
            error: Some(label),
            raw_body: None,
            ..
        } => {
            assert_eq!(code, "validation_error");
            assert_eq!(label, "ApiError");
            assert!(message.contains("E.164"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(error.problem().code(), "Rejected");
    assert!(!error.outcome_unknown());
    assert!(error.to_string().contains("E.164"), "{error}");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn create_401_for_a_key_blooio_does_not_know() {
    let sandbox = sandbox().await;
    let client = client_for(&sandbox.base_url());
    let wrong = ApiKey::parse("bl_live_notthekey000000000").unwrap();
    let error = checked(
        client
            .create_group(&wrong, &request("Team", None, &[]))
            .await
            .unwrap_err(),
    );
    assert_eq!(error.status(), Some(401));
    assert_eq!(error.problem().code(), "Unauthorized");
    assert!(!error.to_string().contains("bl_live_notthekey"), "{error}");
    assert_eq!(sandbox.group_count(), 0);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn create_409_for_an_already_linked_chat() {
    let sandbox = sandbox().await;
    let client = client_for(&sandbox.base_url());
    let guid = Some("iMessage;+;chat42");
    client
        .create_group(&key(), &request("First", guid, &[]))
        .await
        .unwrap();
    let error = create_err(&sandbox, &request("Second", guid, &["+12125550100"])).await;
    assert_eq!(error.problem().code(), "Conflict");
    match &error {
        ApiError::Api { code, .. } => assert_eq!(code.as_deref(), Some("chat_already_linked")),
        other => panic!("{other:?}"),
    }
    assert!(!error.outcome_unknown());
    assert_eq!(sandbox.group_count(), 1);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn create_409_for_the_same_participants() {
    let sandbox = sandbox().await;
    let client = client_for(&sandbox.base_url());
    let members = ["+12125550100", "ann@example.com"];
    client
        .create_group(&key(), &request("First", None, &members))
        .await
        .unwrap();
    let error = create_err(&sandbox, &request("Again", None, &members)).await;
    assert_eq!(error.problem().code(), "Conflict");
    match &error {
        ApiError::Api { code, .. } => assert_eq!(code.as_deref(), Some("group_already_exists")),
        other => panic!("{other:?}"),
    }
    sandbox.shutdown().await;
}

#[tokio::test]
async fn create_429_carries_retry_after() {
    let sandbox = sandbox().await;
    sandbox.inject(Fault::RateLimited {
        retry_after_secs: 7,
    });
    let error = create_err(&sandbox, &request("Team", None, &[])).await;
    assert_eq!(error.problem().code(), "RateLimited");
    assert_eq!(error.retry_after_secs(), Some(7));
    assert!(error.to_string().contains("try again in 7 s"), "{error}");
    assert_eq!(sandbox.create_requests(), 1, "a 429 is not retried");
    assert_eq!(sandbox.group_count(), 0);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn create_5xx_statuses() {
    let sandbox = sandbox().await;
    let cases = [
        (500, "ServerError"),
        (502, "DeviceError"),
        (503, "NoDevice"),
        (501, "NotAvailable"),
    ];
    for (n, (status, kind)) in cases.into_iter().enumerate() {
        sandbox.inject(Fault::Status(status));
        let error = create_err(&sandbox, &request("Team", None, &[])).await;
        assert_eq!(error.status(), Some(status));
        assert_eq!(error.problem().code(), kind, "{status}");
        assert!(
            error.outcome_unknown(),
            "{status}: a 5xx may follow a stored group"
        );
        match &error {
            ApiError::Api { message, .. } => {
                assert!(message.is_some(), "{status}: Blooio-shaped body")
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(sandbox.create_requests(), n + 1, "{status} was retried");
    }
    assert_eq!(sandbox.group_count(), 0);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_500_after_the_group_was_stored_is_reported_as_uncertain() {
    let sandbox = sandbox().await;
    sandbox.inject(Fault::after_store(Fault::Status(500)));
    let error = create_err(&sandbox, &request("Team", None, &["+12125550100"])).await;
    assert_eq!(error.problem().code(), "ServerError");
    assert!(error.outcome_unknown());
    assert_eq!(
        sandbox.group_count(),
        1,
        "stored although the answer was 500"
    );
    assert_eq!(sandbox.create_requests(), 1);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn timeout_is_sent_and_may_have_created_the_group() {
    let sandbox = sandbox().await;
    sandbox.inject(Fault::Delay(Duration::from_millis(800)));
    let client = BlooioClient::new(ClientConfig {
        base_url: sandbox.base_url(),
        connect_timeout: Duration::from_secs(5),
        total_timeout: Duration::from_millis(200),
    })
    .unwrap();
    let started = Instant::now();
    let error = checked(
        client
            .create_group(&key(), &request("Slow", None, &[]))
            .await
            .unwrap_err(),
    );
    assert!(
        started.elapsed() < Duration::from_millis(790),
        "the client waited for the server"
    );
    assert_eq!(error, ApiError::Timeout { sent: true });
    assert_eq!(error.problem().code(), "Timeout");
    assert!(error.may_have_reached_server());
    assert!(error.outcome_unknown());
    // The server carries on without the client: the group appears, which is why a timed-out create must be
    // looked up before it is sent again.
    let deadline = Instant::now() + Duration::from_secs(5);
    while sandbox.group_count() == 0 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(sandbox.group_count(), 1);
    assert_eq!(
        sandbox.create_requests(),
        1,
        "a timed-out create is never retried"
    );
    let found = client_for(&sandbox.base_url())
        .list_groups(
            &key(),
            &ListQuery {
                q: Some("Slow".into()),
                ..ListQuery::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(found.groups.len(), 1);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn dropped_connection_counts_as_maybe_sent() {
    let sandbox = sandbox().await;
    sandbox.inject(Fault::DropConnection);
    let error = create_err(&sandbox, &request("Team", None, &[])).await;
    assert!(
        matches!(error, ApiError::Transport { sent: true, .. }),
        "{error:?}"
    );
    assert!(error.may_have_reached_server());
    assert!(error.outcome_unknown());
    assert_eq!(error.problem().code(), "BadResponse");
    assert_eq!(
        sandbox.create_requests(),
        1,
        "a dropped create is never retried"
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn non_json_error_body_is_kept_raw() {
    let sandbox = sandbox().await;
    sandbox.inject(Fault::NonJsonBody);
    let error = create_err(&sandbox, &request("Team", None, &[])).await;
    match &error {
        ApiError::Api {
            status: 502,
            message: None,
            raw_body: Some(raw),
            ..
        } => assert_eq!(raw, NON_JSON_BODY),
        other => panic!("{other:?}"),
    }
    // A 5xx page that isn't Blooio's JSON came from something in between: not "your device", and the text says
    // the page did not come from the API.
    assert_eq!(error.problem().code(), "BadResponse");
    assert!(
        error.to_string().contains("isn't from Blooio's API"),
        "{error}"
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn list_and_get() {
    let sandbox = sandbox().await;
    let client = client_for(&sandbox.base_url());
    let k = key();
    let mut ids = Vec::new();
    for (name, member) in [
        ("Bravo", "+12125550101"),
        ("Alpha", "+12125550102"),
        ("Charlie", "+12125550103"),
    ] {
        let created = client
            .create_group(&k, &request(name, None, &[member]))
            .await
            .unwrap();
        ids.push(created.group.group_id.unwrap());
    }

    let all = client.list_groups(&k, &ListQuery::default()).await.unwrap();
    assert_eq!(all.groups.len(), 3);
    assert_eq!(all.pagination.and_then(|p| p.total), Some(3));

    let page = client
        .list_groups(
            &k,
            &ListQuery {
                limit: Some(2),
                offset: Some(0),
                q: None,
                sort: Some(ListSort::NameAsc),
            },
        )
        .await
        .unwrap();
    let names: Vec<_> = page
        .groups
        .iter()
        .map(|g| g.name.clone().unwrap_or_default())
        .collect();
    assert_eq!(names, vec!["Alpha", "Bravo"]);
    let pagination = page.pagination.unwrap();
    assert_eq!(
        (pagination.limit, pagination.offset, pagination.total),
        (Some(2), Some(0), Some(3))
    );

    let second = client
        .list_groups(
            &k,
            &ListQuery {
                limit: Some(2),
                offset: Some(2),
                q: None,
                sort: Some(ListSort::NameAsc),
            },
        )
        .await
        .unwrap();
    assert_eq!(second.groups.len(), 1);
    assert_eq!(second.groups[0].name.as_deref(), Some("Charlie"));

    let searched = client
        .list_groups(
            &k,
            &ListQuery {
                q: Some("char".into()),
                ..ListQuery::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(searched.groups.len(), 1);

    let one = client.get_group(&k, &ids[1]).await.unwrap();
    assert_eq!(one.name.as_deref(), Some("Alpha"));
    assert_eq!(one.member_count, Some(1));

    // Ids with characters that must be encoded reach the route as one segment and are simply unknown.
    for unknown in [
        "grp_doesnotexist",
        "+15551234567",
        "a@b.c",
        "x,y",
        "../groups",
        "a b",
    ] {
        let error = checked(client.get_group(&k, unknown).await.unwrap_err());
        assert_eq!(error.problem().code(), "NotFound", "{unknown}: {error:?}");
    }
    assert!(matches!(
        client.get_group(&k, " ").await,
        Err(ApiError::Config(_))
    ));

    let bad_limit = checked(
        client
            .list_groups(
                &k,
                &ListQuery {
                    limit: Some(500),
                    ..ListQuery::default()
                },
            )
            .await
            .unwrap_err(),
    );
    assert_eq!(bad_limit.problem().code(), "Rejected");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn get_with_a_fault_and_list_with_a_bad_key() {
    let sandbox = sandbox().await;
    let client = client_for(&sandbox.base_url());
    sandbox.inject(Fault::Status(503));
    let error = checked(client.get_group(&key(), "grp_x").await.unwrap_err());
    assert_eq!(error.problem().code(), "NoDevice");
    let wrong = ApiKey::parse("bl_live_wrongwrongwrong").unwrap();
    let error = checked(
        client
            .list_groups(&wrong, &ListQuery::default())
            .await
            .unwrap_err(),
    );
    assert_eq!(error.problem().code(), "Unauthorized");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn refused_connection_was_not_sent() {
    // A port that was free a moment ago and has nothing listening now.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let client = client_for(&format!("http://127.0.0.1:{port}/v2/api"));
    let error = checked(
        client
            .create_group(&key(), &request("Team", None, &[]))
            .await
            .unwrap_err(),
    );
    assert!(matches!(error, ApiError::Connect(_)), "{error:?}");
    assert_eq!(error.problem().code(), "Unreachable");
    assert!(!error.may_have_reached_server());
    assert!(!error.outcome_unknown());
}

#[tokio::test]
async fn tls_handshake_failure_was_not_sent() {
    // https:// to a server that speaks plain HTTP: the handshake fails before any request byte is sent.
    let sandbox = sandbox().await;
    let client = client_for(&format!("https://{}/v2/api", sandbox.addr()));
    let error = checked(
        client
            .create_group(&key(), &request("Team", None, &[]))
            .await
            .unwrap_err(),
    );
    assert!(matches!(error, ApiError::Tls(_)), "{error:?}");
    assert_eq!(error.problem().code(), "Tls");
    assert!(!error.may_have_reached_server());
    assert_eq!(sandbox.create_requests(), 0);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn plain_http_is_refused_unless_loopback() {
    for base_url in [
        "http://api.blooio.com/v2/api",
        "http://192.168.0.10:8080/v2/api",
    ] {
        let error = BlooioClient::new(ClientConfig {
            base_url: base_url.to_owned(),
            ..ClientConfig::default()
        })
        .unwrap_err();
        assert_eq!(error.problem().code(), "SettingInvalid", "{base_url}");
        assert!(!error.may_have_reached_server());
    }
    for base_url in [
        "http://127.0.0.1:1/v2/api",
        "http://localhost:1/v2/api",
        "http://[::1]:1/v2/api",
    ] {
        assert!(
            BlooioClient::new(ClientConfig {
                base_url: base_url.to_owned(),
                ..ClientConfig::default()
            })
            .is_ok(),
            "{base_url}"
        );
    }
}

#[tokio::test]
async fn redirects_are_not_followed_and_the_key_stays_home() {
    // The second server stands for "another host": it must never see a request, let alone the key.
    let elsewhere =
        raw_server("HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\n{}".to_owned()).await;
    let redirecting = raw_server(format!(
        "HTTP/1.1 307 Temporary Redirect\r\nLocation: {}/groups\r\nContent-Length: 0\r\n\r\n",
        elsewhere.base_url.replace("127.0.0.1", "localhost")
    ))
    .await;
    let client = client_for(&redirecting.base_url);
    let error = checked(
        client
            .create_group(&key(), &request("Team", None, &[]))
            .await
            .unwrap_err(),
    );
    assert_eq!(error.status(), Some(307));
    assert_eq!(error.problem().code(), "BadResponse");
    assert!(error.to_string().contains("redirect"), "{error}");
    assert_eq!(redirecting.requests.lock().unwrap().len(), 1);
    assert!(
        elsewhere.requests.lock().unwrap().is_empty(),
        "the redirect was followed"
    );

    // Same for a GET, where following would be harmless for the method but not for the header.
    let error = checked(client.get_group(&key(), "grp_1").await.unwrap_err());
    assert_eq!(error.status(), Some(307));
    assert!(
        elsewhere.requests.lock().unwrap().is_empty(),
        "the redirect was followed"
    );
}

#[tokio::test]
async fn request_headers() {
    let server = raw_server(
        "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 24\r\n\r\n{\"group_id\":\"grp_abc12\"}"
            .to_owned(),
    )
    .await;
    let client = client_for(&format!("{}/", server.base_url));
    let created = client
        .create_group(&key(), &request("Team", None, &["+12125550100"]))
        .await
        .unwrap();
    assert_eq!(created.group.group_id.as_deref(), Some("grp_abc12"));
    assert!(
        created.added_members.is_empty(),
        "missing lists decode as empty"
    );
    let requests = server.requests.lock().unwrap();
    let head = requests[0].to_ascii_lowercase();
    assert!(
        head.starts_with("post /v2/api/groups http/1.1\r\n"),
        "{head}"
    );
    assert!(
        head.contains(&format!(
            "authorization: bearer {}\r\n",
            KEY.to_ascii_lowercase()
        )),
        "{head}"
    );
    assert!(head.contains("accept: application/json\r\n"), "{head}");
    assert!(
        head.contains("content-type: application/json\r\n"),
        "{head}"
    );
    assert!(
        head.contains(&format!(
            "user-agent: blooiogroups/{} (",
            env!("CARGO_PKG_VERSION")
        )),
        "{head}"
    );
    assert!(
        requests[0].ends_with(r#"{"name":"Team","members":["+12125550100"]}"#),
        "{}",
        requests[0]
    );
}

#[tokio::test]
async fn success_status_with_a_body_that_is_not_json() {
    let body = "<html>created, probably</html>";
    let server = raw_server(format!(
        "HTTP/1.1 201 Created\r\nContent-Type: text/html\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    ))
    .await;
    let client = client_for(&server.base_url);
    let error = checked(
        client
            .create_group(&key(), &request("Team", None, &[]))
            .await
            .unwrap_err(),
    );
    assert_eq!(
        error,
        ApiError::Decode {
            status: 201,
            raw_body: body.to_owned()
        }
    );
    assert_eq!(error.problem().code(), "BadResponse");
    assert!(
        error.outcome_unknown(),
        "a 201 means it was created, whatever the body says"
    );
}

#[tokio::test]
async fn a_server_echoing_the_key_does_not_leak_it() {
    let body = format!(r#"{{"error":"ApiError","message":"Key {KEY} is revoked","status":401}}"#);
    let server = raw_server(format!(
        "HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    ))
    .await;
    let client = client_for(&server.base_url);
    let error = checked(
        client
            .list_groups(&key(), &ListQuery::default())
            .await
            .unwrap_err(),
    );
    assert!(
        error.to_string().contains("Key <redacted> is revoked"),
        "{error}"
    );
}

#[tokio::test]
async fn members_through_the_client() {
    let sandbox = sandbox().await;
    let client = client_for(&sandbox.base_url());
    let k = key();
    let members: Vec<String> = (0..250).map(|i| format!("+1212555{i:04}")).collect();
    let created = client
        .create_group(
            &k,
            &CreateGroupRequest {
                name: "Big".into(),
                chat_guid: None,
                members: members.clone(),
            },
        )
        .await
        .unwrap();
    let id = created.group.group_id.unwrap();
    let first = client
        .list_group_members(&k, &id, Some(200), None)
        .await
        .unwrap();
    let second = client
        .list_group_members(&k, &id, Some(200), Some(200))
        .await
        .unwrap();
    assert_eq!(first.group_id.as_deref(), Some(id.as_str()));
    assert_eq!(first.group_name.as_deref(), Some("Big"));
    assert_eq!(first.pagination.and_then(|p| p.total), Some(250));
    let listed: Vec<String> = first
        .members
        .iter()
        .chain(&second.members)
        .map(|m| m.identifier.clone().unwrap())
        .collect();
    assert_eq!(listed, members);
    let default_page = client
        .list_group_members(&k, &id, None, None)
        .await
        .unwrap();
    assert_eq!(default_page.members.len(), 50, "Blooio's default page");

    let error = checked(
        client
            .list_group_members(&k, "grp_nope", None, None)
            .await
            .unwrap_err(),
    );
    assert_eq!(error.problem().code(), "NotFound");
    assert!(matches!(
        client.list_group_members(&k, "", None, None).await,
        Err(ApiError::Config(_))
    ));
    sandbox.inject(Fault::Status(503));
    let error = checked(
        client
            .list_group_members(&k, &id, None, None)
            .await
            .unwrap_err(),
    );
    assert_eq!(error.problem().code(), "NoDevice");
    sandbox.shutdown().await;
}

/// What a server that echoes the request's `Authorization` header back looks like in every kind of answer;
/// none of them may put the key into the error the client returns (`checked` looks at Display, Debug and info).
#[tokio::test]
async fn echoed_keys_are_redacted_in_every_kind_of_error() {
    let echo = format!("Authorization: Bearer {KEY}");
    // (what, answer, the error it must come back as, with the key redacted)
    let cases: Vec<(&str, String, ApiError)> = vec![
        (
            "unreadable 201 (a debug page)",
            common::http_answer("201 Created", "text/plain", &echo),
            ApiError::Decode {
                status: 201,
                raw_body: "Authorization: Bearer <redacted>".into(),
            },
        ),
        (
            "201 with JSON that is not an object",
            common::http_answer("201 Created", "application/json", &format!(r#"["{echo}"]"#)),
            ApiError::Decode {
                status: 201,
                raw_body: r#"["Authorization: Bearer <redacted>"]"#.into(),
            },
        ),
        (
            "a proxy's 500 page",
            common::http_answer(
                "500 Internal Server Error",
                "text/html",
                &format!("<pre>{echo}</pre>"),
            ),
            ApiError::Api {
                status: 500,
                message: None,
                code: None,
                error: None,
                raw_body: Some("<pre>Authorization: Bearer <redacted></pre>".into()),
                retry_after_secs: None,
            },
        ),
        (
            "Blooio-shaped 401 echoing the key in every field",
            common::http_answer(
                "401 Unauthorized",
                "application/json",
                &format!(r#"{{"error":{{"type":"{KEY}","message":"{echo}","code":"bad_{KEY}"}}}}"#),
            ),
            ApiError::Api {
                status: 401,
                message: Some("Authorization: Bearer <redacted>".into()),
                code: Some("bad_<redacted>".into()),
                error: Some("<redacted>".into()),
                raw_body: None,
                retry_after_secs: None,
            },
        ),
    ];
    for (what, answer, want) in cases {
        let server = raw_server(answer).await;
        let client = client_for(&server.base_url);
        let k = key();
        let errors = [
            client
                .create_group(&k, &request("Team", None, &[]))
                .await
                .map(|_| ()),
            client.get_group(&k, "grp_1").await.map(|_| ()),
            client
                .list_group_members(&k, "grp_1", None, None)
                .await
                .map(|_| ()),
        ];
        for error in errors {
            let error = checked(error.expect_err(what));
            assert_eq!(error, want, "{what}");
        }
    }
}

#[tokio::test]
async fn a_key_echoed_at_the_cut_is_not_kept_in_part() {
    // The raw body kept in an error is cut at 4 KiB; a key straddling the cut must not leave its start behind.
    let k = key();
    for pad in [4096 - KEY.len() + 1, 4096 - 10, 4096 - 1] {
        let body = format!("{}{KEY}{}", "x".repeat(pad), "z".repeat(4096));
        let server = raw_server(common::http_answer("502 Bad Gateway", "text/html", &body)).await;
        let error = checked(
            client_for(&server.base_url)
                .create_group(&k, &request("Team", None, &[]))
                .await
                .unwrap_err(),
        );
        let ApiError::Api {
            raw_body: Some(raw),
            ..
        } = &error
        else {
            panic!("{error:?}");
        };
        assert!(raw.ends_with("(truncated)"), "{pad}");
        // The first 10 characters are every key's public "bl_live_" and two more.
        assert!(!raw.contains(&KEY[..10]), "pad {pad}: part of the key kept");
    }
}

#[tokio::test]
async fn an_oversized_answer_is_unreadable_and_redacted() {
    // Past 16 MiB reading stops; the start of the body, echoing the key, is what the error keeps.
    let body = format!("{KEY} {}", "y".repeat(16 * 1024 * 1024 + 10));
    let server = raw_server(common::http_answer("200 OK", "application/json", &body)).await;
    let error = checked(
        client_for(&server.base_url)
            .list_groups(&key(), &ListQuery::default())
            .await
            .unwrap_err(),
    );
    match &error {
        ApiError::Decode {
            status: 200,
            raw_body,
        } => {
            assert!(
                raw_body.starts_with("<redacted> yyy"),
                "{}",
                &raw_body[..40]
            );
            assert!(raw_body.len() < 4_200);
        }
        other => panic!("{other:?}"),
    }
    assert!(error.outcome_unknown());
}

#[tokio::test]
async fn a_linked_chats_photo_is_fetched_as_a_data_url() {
    let sandbox = sandbox().await;
    let client = client_for(&sandbox.base_url());
    let linked = client
        .create_group(&key(), &request("Family", Some("iMessage;+;chat42"), &[]))
        .await
        .unwrap();
    let icon = linked
        .group
        .icon_url
        .expect("a linked group chat has a photo");
    let photo = client.fetch_group_photo(&icon).await.unwrap();
    assert_eq!(photo.mime, "image/png");
    assert!(photo
        .data_url()
        .starts_with("data:image/png;base64,iVBORw0KGgo"));

    let missing = icon.replace("grp_", "grp_x");
    assert_eq!(
        client.fetch_group_photo(&missing).await,
        Err(PhotoError::Status(404))
    );
}

#[tokio::test]
async fn photo_redirects_are_followed_without_the_key_and_checked() {
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    let mut answer = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: {}\r\n\r\n",
        PNG.len()
    )
    .into_bytes();
    answer.extend_from_slice(PNG);
    let file_host = raw_server_bytes(answer).await;
    let redirecting = raw_server(format!(
        "HTTP/1.1 302 Found\r\nLocation: {}/photo.png\r\nContent-Length: 0\r\n\r\n",
        file_host.base_url
    ))
    .await;
    let client = client_for(&redirecting.base_url);
    let photo = client
        .fetch_group_photo(&format!("{}/icon", redirecting.base_url))
        .await
        .unwrap();
    assert_eq!(
        photo.mime, "image/png",
        "judged by the bytes, not the header"
    );
    assert_eq!(photo.bytes, PNG);
    for request in redirecting
        .requests
        .lock()
        .unwrap()
        .iter()
        .chain(file_host.requests.lock().unwrap().iter())
    {
        let head = request.to_ascii_lowercase();
        assert!(!head.contains("authorization"), "{request}");
        assert!(head.contains("accept: image/*"), "{request}");
    }

    // Off this computer, plain http is refused before anything is sent; so is a redirect there.
    let to_plain_http = raw_server(
        "HTTP/1.1 301 Moved\r\nLocation: http://photos.example.com/1.png\r\nContent-Length: 0\r\n\r\n"
            .to_owned(),
    )
    .await;
    let error = client
        .fetch_group_photo(&format!("{}/icon", to_plain_http.base_url))
        .await
        .unwrap_err();
    assert!(matches!(error, PhotoError::BadUrl(_)), "{error:?}");
    assert!(matches!(
        client
            .fetch_group_photo("http://photos.example.com/1.png")
            .await,
        Err(PhotoError::BadUrl(_))
    ));

    // A redirect loop ends.
    let looping = raw_server(
        "HTTP/1.1 302 Found\r\nLocation: /again\r\nContent-Length: 0\r\n\r\n".to_owned(),
    )
    .await;
    assert_eq!(
        client
            .fetch_group_photo(&format!("{}/icon", looping.base_url))
            .await,
        Err(PhotoError::TooManyRedirects)
    );
    assert_eq!(looping.requests.lock().unwrap().len(), 4);
}

#[tokio::test]
async fn a_photo_that_is_not_a_raster_image_is_refused() {
    let svg = r#"<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>"#;
    let server = raw_server(format!(
        "HTTP/1.1 200 OK\r\nContent-Type: image/svg+xml\r\nContent-Length: {}\r\n\r\n{svg}",
        svg.len()
    ))
    .await;
    let client = client_for(&server.base_url);
    assert_eq!(
        client
            .fetch_group_photo(&format!("{}/icon.svg", server.base_url))
            .await,
        Err(PhotoError::NotAnImage)
    );
}
