//! The client's requests that change a group (rename, delete, photo, members) against the sandbox, for every
//! status each route gives, and against tiny raw servers for what a request looks like on the wire.

mod common;

use std::future::Future;
use std::pin::Pin;

use blooio_core::{
    ApiError, ApiProblem, BlooioClient, InputProblem, PhoneSync, Problem, GROUP_PHOTO_MAX_BYTES,
};
use blooio_sandbox::{Fault, Sandbox};
use common::{checked, client_for, http_answer, key, raw_server, request, sandbox, KEY};

const GUID: &str = "iMessage;+;chat123456789";
const PNG: &[u8] = include_bytes!("../../blooio-sandbox/assets/chat-photo.png");
const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, b'J', b'F', b'I', b'F'];

async fn group(client: &BlooioClient, chat_guid: Option<&str>, members: &[&str]) -> String {
    client
        .create_group(&key(), &request("Team", chat_guid, members))
        .await
        .unwrap()
        .group
        .group_id
        .unwrap()
}

fn api_problem(error: ApiError) -> ApiProblem {
    match checked(error).problem() {
        Problem::Api(problem) => problem,
        other => panic!("not an API problem: {other:?}"),
    }
}

#[tokio::test]
async fn rename_answers_the_group_and_what_the_phones_got() {
    let sandbox = sandbox().await;
    let client = client_for(&sandbox.base_url());
    let linked = group(&client, Some(GUID), &[]).await;
    let plain = group(&client, None, &["+12125550100"]).await;

    let renamed = client
        .rename_group(&key(), &linked, "  Launch crew ")
        .await
        .unwrap();
    assert_eq!(renamed.group.group_id.as_deref(), Some(linked.as_str()));
    assert_eq!(
        renamed.group.name.as_deref(),
        Some("Launch crew"),
        "trimmed as the form does"
    );
    assert_eq!(renamed.phone_sync(), PhoneSync::Updated);
    let fetched = client.get_group(&key(), &linked).await.unwrap();
    assert_eq!(fetched.name.as_deref(), Some("Launch crew"));

    let renamed = client.rename_group(&key(), &plain, "Plain").await.unwrap();
    assert_eq!(renamed.device_sync, None);
    assert_eq!(renamed.phone_sync(), PhoneSync::NoChat);
    assert_eq!(renamed.group.member_count, Some(1));

    sandbox.set_devices_online(false);
    let renamed = client
        .rename_group(&key(), &linked, "Offline")
        .await
        .unwrap();
    match renamed.phone_sync() {
        PhoneSync::NotUpdated {
            reason: Some(reason),
        } => {
            assert!(reason.contains("No active device"), "{reason}")
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        client
            .get_group(&key(), &linked)
            .await
            .unwrap()
            .name
            .as_deref(),
        Some("Offline")
    );
}

#[tokio::test]
async fn rename_refusals() {
    let sandbox = sandbox().await;
    let client = client_for(&sandbox.base_url());
    let id = group(&client, None, &[]).await;
    // The form's rules, before anything is sent.
    for (name, want) in [
        ("", InputProblem::NameMissing),
        ("   ", InputProblem::NameBlank),
        (
            "a\nb",
            InputProblem::NameControlCharacter { code_point: 10 },
        ),
        (
            &"x".repeat(256),
            InputProblem::NameTooLong {
                chars: 256,
                max: 255,
            },
        ),
    ] {
        let error = checked(client.rename_group(&key(), &id, name).await.unwrap_err());
        assert!(!error.may_have_reached_server() && !error.outcome_unknown());
        assert_eq!(error.problem(), Problem::Input(want), "{name:?}");
    }
    let unsent = raw_server(http_answer("200 OK", "application/json", "{}")).await;
    let error = client_for(&unsent.base_url)
        .rename_group(&key(), "grp_1", " ")
        .await
        .unwrap_err();
    assert!(matches!(error, ApiError::Refused(InputProblem::NameBlank)));
    assert!(
        unsent.requests.lock().unwrap().is_empty(),
        "nothing was sent"
    );

    // Blooio's own refusal, its words kept.
    sandbox.inject(Fault::Status(400));
    let error = client.rename_group(&key(), &id, "ok").await.unwrap_err();
    assert!(matches!(
        api_problem(error),
        ApiProblem::Rejected {
            server_message: Some(_)
        }
    ));
    let wrong = blooio_core::ApiKey::parse("bl_live_wrongkey000000").unwrap();
    assert_eq!(
        api_problem(client.rename_group(&wrong, &id, "x").await.unwrap_err()),
        ApiProblem::Unauthorized
    );
    for unknown in ["grp_unknown", "+15551234567", "a@b.c", "x/y"] {
        let error = client.rename_group(&key(), unknown, "x").await.unwrap_err();
        assert_eq!(api_problem(error), ApiProblem::NotFound, "{unknown}");
    }
    assert!(matches!(
        client.rename_group(&key(), " ", "x").await,
        Err(ApiError::Config(_))
    ));
}

#[tokio::test]
async fn delete_then_the_group_is_gone() {
    let sandbox = sandbox().await;
    let client = client_for(&sandbox.base_url());
    let id = group(&client, None, &["+12125550100"]).await;
    let before = blooio_core::unix_time_ms();
    let deleted = client.delete_group(&key(), &id).await.unwrap();
    assert_eq!(deleted.success, Some(true));
    assert!(
        deleted.deleted_at.is_some_and(|t| t >= before),
        "{deleted:?}"
    );
    assert_eq!(
        api_problem(client.get_group(&key(), &id).await.unwrap_err()),
        ApiProblem::NotFound
    );
    assert_eq!(
        api_problem(client.delete_group(&key(), &id).await.unwrap_err()),
        ApiProblem::NotFound
    );
    let list = client
        .list_groups(&key(), &Default::default())
        .await
        .unwrap();
    assert!(list.groups.is_empty());
    // Its participants are free again: the same create is no conflict.
    group(&client, None, &["+12125550100"]).await;

    let wrong = blooio_core::ApiKey::parse("bl_live_wrongkey000000").unwrap();
    let other = group(&client, None, &[]).await;
    assert_eq!(
        api_problem(client.delete_group(&wrong, &other).await.unwrap_err()),
        ApiProblem::Unauthorized
    );

    // The answer lost after Blooio deleted it: the error says the outcome is unknown, and asking settles it.
    sandbox.inject(Fault::after_store(Fault::DropConnection));
    let error = checked(client.delete_group(&key(), &other).await.unwrap_err());
    assert!(
        matches!(error, ApiError::Transport { sent: true, .. }),
        "{error:?}"
    );
    assert!(error.outcome_unknown());
    assert_eq!(
        api_problem(client.get_group(&key(), &other).await.unwrap_err()),
        ApiProblem::NotFound
    );
}

#[tokio::test]
async fn set_and_remove_the_photo_of_a_linked_group() {
    let sandbox = sandbox().await;
    let client = client_for(&sandbox.base_url());
    let id = group(&client, Some(GUID), &[]).await;

    let set = client
        .set_group_icon(&key(), &id, PNG.to_vec(), "team.png")
        .await
        .unwrap();
    assert_eq!(set.success, Some(true));
    assert_eq!(set.group_id.as_deref(), Some(id.as_str()));
    assert_eq!(set.chat_guid.as_deref(), Some(GUID));
    assert_eq!(set.phone_sync(), PhoneSync::Updated);
    let url = set.icon_url.clone().expect("icon_url");
    // The app's own photo fetch shows what was uploaded.
    let photo = client.fetch_group_photo(&url).await.unwrap();
    assert_eq!((photo.mime, photo.bytes.as_slice()), ("image/png", PNG));
    assert_eq!(
        client.get_group(&key(), &id).await.unwrap().icon_url,
        Some(url.clone())
    );

    // A JPEG named .png is sent as what it is.
    let jpeg = client
        .set_group_icon(&key(), &id, JPEG.to_vec(), "team.png")
        .await
        .unwrap();
    let jpeg_url = jpeg.icon_url.expect("icon_url");
    assert_ne!(jpeg_url, url);
    assert_eq!(
        client.fetch_group_photo(&jpeg_url).await.unwrap().mime,
        "image/jpeg"
    );

    sandbox.set_devices_online(false);
    let removed = client.remove_group_icon(&key(), &id).await.unwrap();
    assert_eq!(removed.success, Some(true));
    assert_eq!(removed.icon_url, None);
    assert!(matches!(
        removed.phone_sync(),
        PhoneSync::NotUpdated { reason: Some(_) }
    ));
    assert_eq!(client.get_group(&key(), &id).await.unwrap().icon_url, None);
    assert!(
        client.fetch_group_photo(&jpeg_url).await.is_err(),
        "the photo is gone"
    );
}

#[tokio::test]
async fn photo_refusals() {
    let sandbox = sandbox().await;
    let client = client_for(&sandbox.base_url());
    let linked = group(&client, Some(GUID), &[]).await;
    let plain = group(&client, None, &[]).await;

    // Checked here, before anything is sent.
    let mut big = PNG.to_vec();
    big.resize(GROUP_PHOTO_MAX_BYTES + 1, 0);
    let unsent = raw_server(http_answer("200 OK", "application/json", "{}")).await;
    let quiet = client_for(&unsent.base_url);
    let cases = [
        (
            big,
            InputProblem::PhotoTooLarge {
                bytes: GROUP_PHOTO_MAX_BYTES as u64 + 1,
                max: GROUP_PHOTO_MAX_BYTES as u64,
            },
        ),
        (b"<svg/>".to_vec(), InputProblem::PhotoTypeUnsupported),
        (Vec::new(), InputProblem::PhotoTypeUnsupported),
    ];
    for (bytes, want) in cases {
        let error = checked(
            quiet
                .set_group_icon(&key(), "grp_1", bytes, "x.png")
                .await
                .unwrap_err(),
        );
        assert_eq!(error.problem(), Problem::Input(want));
        assert!(!error.may_have_reached_server());
    }
    assert!(
        unsent.requests.lock().unwrap().is_empty(),
        "nothing was sent"
    );

    // Blooio's refusals: an unlinked group can't have a photo.
    for error in [
        client
            .set_group_icon(&key(), &plain, PNG.to_vec(), "x.png")
            .await
            .unwrap_err(),
        client.remove_group_icon(&key(), &plain).await.unwrap_err(),
    ] {
        match api_problem(error) {
            ApiProblem::Rejected {
                server_message: Some(message),
            } => {
                assert!(message.contains("linked chat_guid"), "{message}")
            }
            other => panic!("{other:?}"),
        }
    }
    let wrong = blooio_core::ApiKey::parse("bl_live_wrongkey000000").unwrap();
    assert_eq!(
        api_problem(
            client
                .set_group_icon(&wrong, &linked, PNG.to_vec(), "x.png")
                .await
                .unwrap_err()
        ),
        ApiProblem::Unauthorized
    );
    assert_eq!(
        api_problem(client.remove_group_icon(&wrong, &linked).await.unwrap_err()),
        ApiProblem::Unauthorized
    );
    assert_eq!(
        api_problem(
            client
                .set_group_icon(&key(), "grp_nope", PNG.to_vec(), "x.png")
                .await
                .unwrap_err()
        ),
        ApiProblem::NotFound
    );
    assert_eq!(
        api_problem(
            client
                .remove_group_icon(&key(), "grp_nope")
                .await
                .unwrap_err()
        ),
        ApiProblem::NotFound
    );
}

#[tokio::test]
async fn member_changes_are_not_available_yet() {
    let sandbox = sandbox().await;
    let client = client_for(&sandbox.base_url());
    let id = group(&client, None, &["+12125550100"]).await;
    let added = checked(
        client
            .add_group_member(&key(), &id, "+12125550101")
            .await
            .unwrap_err(),
    );
    assert_eq!(
        added,
        ApiError::Api {
            status: 501,
            message: Some("Adding group members is coming soon".into()),
            code: None,
            error: Some("Coming soon".into()),
            raw_body: None,
            retry_after_secs: None,
        }
    );
    assert_eq!(added.problem(), Problem::Api(ApiProblem::NotAvailable));
    for member in ["+12125550100", "ann@example.com"] {
        let removed = client
            .remove_group_member(&key(), &id, member)
            .await
            .unwrap_err();
        assert_eq!(api_problem(removed.clone()), ApiProblem::NotAvailable);
        assert!(
            matches!(removed, ApiError::Api { message: Some(m), .. } if m == "Removing group members is coming soon")
        );
    }
    let wrong = blooio_core::ApiKey::parse("bl_live_wrongkey000000").unwrap();
    assert_eq!(
        api_problem(
            client
                .add_group_member(&wrong, &id, "+1")
                .await
                .unwrap_err()
        ),
        ApiProblem::Unauthorized
    );
    assert!(matches!(
        client.remove_group_member(&key(), &id, " ").await,
        Err(ApiError::Config(_))
    ));
}

#[tokio::test]
async fn requests_on_the_wire() {
    let server = raw_server(http_answer(
        "501 Not Implemented",
        "application/json",
        r#"{"error":"Coming soon"}"#,
    ))
    .await;
    let client = client_for(&server.base_url);
    let _ = client
        .remove_group_member(&key(), "grp_a+b", "+12125550100")
        .await;
    let _ = client
        .remove_group_member(&key(), "grp_1", "ann@example.com")
        .await;
    let _ = client
        .add_group_member(&key(), "grp_1", "+12125550100")
        .await;
    let _ = client.rename_group(&key(), "grp_1", "Team").await;
    let _ = client.delete_group(&key(), "grp_1").await;
    let _ = client.remove_group_icon(&key(), "grp_1").await;
    let _ = client
        .set_group_icon(&key(), "grp_1", JPEG.to_vec(), "../team photo.png")
        .await;
    let requests = server.requests.lock().unwrap().clone();
    let lines: Vec<&str> = requests.iter().map(|r| r.lines().next().unwrap()).collect();
    assert_eq!(
        lines,
        [
            "DELETE /v2/api/groups/grp_a%2Bb/members/%2B12125550100 HTTP/1.1",
            "DELETE /v2/api/groups/grp_1/members/ann%40example.com HTTP/1.1",
            "POST /v2/api/groups/grp_1/members HTTP/1.1",
            "PATCH /v2/api/groups/grp_1 HTTP/1.1",
            "DELETE /v2/api/groups/grp_1 HTTP/1.1",
            "DELETE /v2/api/groups/grp_1/icon HTTP/1.1",
            "POST /v2/api/groups/grp_1/icon HTTP/1.1",
        ]
    );
    assert!(
        requests[2].ends_with(r#"{"contact_id":"+12125550100"}"#),
        "{}",
        requests[2]
    );
    assert!(
        requests[3].ends_with(r#"{"name":"Team"}"#),
        "{}",
        requests[3]
    );
    let upload = requests[6].to_lowercase();
    assert!(
        upload.contains("content-type: multipart/form-data; boundary="),
        "{upload}"
    );
    assert!(
        requests[6]
            .contains("Content-Disposition: form-data; name=\"icon\"; filename=\"team photo.jpg\""),
        "{}",
        requests[6]
    );
    assert!(
        requests[6].contains("Content-Type: image/jpeg"),
        "{}",
        requests[6]
    );
    for request in &requests {
        assert!(
            request.contains(&format!("authorization: Bearer {KEY}")),
            "{request}"
        );
    }
}

type Call<'a> = Pin<Box<dyn Future<Output = Result<(), ApiError>> + 'a>>;
/// A named call that can be made again and again.
type Route<'a> = (&'static str, Box<dyn Fn() -> Call<'a> + 'a>);

/// Every new route, as a call that can be repeated.
fn calls<'a>(client: &'a BlooioClient, id: &'a str) -> Vec<Route<'a>> {
    vec![
        (
            "rename",
            Box::new(move || {
                Box::pin(async move { client.rename_group(&key(), id, "New").await.map(drop) })
            }),
        ),
        (
            "set icon",
            Box::new(move || {
                Box::pin(async move {
                    client
                        .set_group_icon(&key(), id, PNG.to_vec(), "x.png")
                        .await
                        .map(drop)
                })
            }),
        ),
        (
            "remove icon",
            Box::new(move || {
                Box::pin(async move { client.remove_group_icon(&key(), id).await.map(drop) })
            }),
        ),
        (
            "add member",
            Box::new(move || {
                Box::pin(async move {
                    client
                        .add_group_member(&key(), id, "+12125550101")
                        .await
                        .map(drop)
                })
            }),
        ),
        (
            "remove member",
            Box::new(move || {
                Box::pin(async move {
                    client
                        .remove_group_member(&key(), id, "+12125550100")
                        .await
                        .map(drop)
                })
            }),
        ),
        (
            "delete",
            Box::new(move || {
                Box::pin(async move { client.delete_group(&key(), id).await.map(drop) })
            }),
        ),
    ]
}

#[tokio::test]
async fn faults_on_every_route_become_the_same_problems() {
    let sandbox: Sandbox = sandbox().await;
    let client = client_for(&sandbox.base_url());
    let id = group(&client, Some(GUID), &["+12125550100"]).await;
    for (what, call) in calls(&client, &id) {
        let cases = [
            (Fault::Status(503), ApiProblem::NoDevice),
            (Fault::Status(502), ApiProblem::DeviceError),
            (Fault::Status(500), ApiProblem::ServerError),
            (Fault::Status(403), ApiProblem::Forbidden),
            (
                Fault::RateLimited {
                    retry_after_secs: 7,
                },
                ApiProblem::RateLimited {
                    retry_after_secs: Some(7),
                },
            ),
            (Fault::NonJsonBody, ApiProblem::BadResponse),
            (Fault::DropConnection, ApiProblem::BadResponse),
        ];
        for (fault, want) in cases {
            sandbox.inject(fault.clone());
            let error = call().await.unwrap_err();
            assert!(error.may_have_reached_server(), "{what} {fault:?}");
            assert_eq!(api_problem(error), want, "{what} {fault:?}");
        }
    }
    assert_eq!(sandbox.pending_faults(), 0);
    // None of them changed anything; each call works once the faults are gone (delete last).
    assert_eq!(
        client.get_group(&key(), &id).await.unwrap().name.as_deref(),
        Some("Team")
    );
    for (what, call) in calls(&client, &id) {
        let outcome = call().await;
        match what {
            "add member" | "remove member" => {
                assert_eq!(api_problem(outcome.unwrap_err()), ApiProblem::NotAvailable)
            }
            _ => assert!(outcome.is_ok(), "{what}: {outcome:?}"),
        }
    }
}

#[tokio::test]
async fn unreadable_success_answers_are_decode_errors() {
    for body in ["<html>ok</html>", "[]", "\"done\""] {
        let server = raw_server(http_answer("200 OK", "application/json", body)).await;
        let client = client_for(&server.base_url);
        let errors = [
            client.rename_group(&key(), "grp_1", "x").await.map(drop),
            client.delete_group(&key(), "grp_1").await.map(drop),
            client
                .set_group_icon(&key(), "grp_1", PNG.to_vec(), "x.png")
                .await
                .map(drop),
            client.remove_group_icon(&key(), "grp_1").await.map(drop),
        ];
        for error in errors {
            let error = checked(error.unwrap_err());
            assert!(
                matches!(error, ApiError::Decode { status: 200, .. }),
                "{body}: {error:?}"
            );
            assert!(error.outcome_unknown());
        }
    }
    // A success that is an object missing every field is still a success: leniency is per field.
    let server = raw_server(http_answer("200 OK", "application/json", "{}")).await;
    let renamed = client_for(&server.base_url)
        .rename_group(&key(), "grp_1", "x")
        .await
        .unwrap();
    assert_eq!(renamed.phone_sync(), PhoneSync::NoChat);
}
