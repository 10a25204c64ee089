//! "Did it get created?" against the sandbox: for every fault that leaves a create's outcome unknown, the
//! lookup answers `Some(the group)` exactly when the sandbox has it and `None` otherwise, and following its
//! answer (retry on `None`, stop on `Some`) never leaves two groups behind.

mod common;

use std::time::Duration;

use blooio_core::{
    unix_time_ms, ApiError, BlooioClient, CreateGroupRequest, Group, ListQuery, LookupGap,
    ReconcileError, CLOCK_SKEW_ALLOWANCE_MS,
};
use blooio_sandbox::{Fault, Sandbox};
use common::{checked, client_for, client_with_timeout, key, request, sandbox, wait_for_groups};

/// Short, so that the delay faults below outlast it without slowing the suite much.
const CLIENT_TIMEOUT: Duration = Duration::from_millis(250);
/// Longer than `CLIENT_TIMEOUT`: the client gives up while the sandbox is still working.
const LONG_DELAY: Duration = Duration::from_millis(900);

fn impatient(sandbox: &Sandbox) -> BlooioClient {
    client_with_timeout(&sandbox.base_url(), CLIENT_TIMEOUT)
}

/// The ids of the sandbox's groups, newest first.
async fn group_ids(sandbox: &Sandbox) -> Vec<String> {
    client_for(&sandbox.base_url())
        .list_groups(&key(), &ListQuery::default())
        .await
        .unwrap()
        .groups
        .into_iter()
        .map(|g| g.group_id.unwrap())
        .collect()
}

async fn find(
    sandbox: &Sandbox,
    req: &CreateGroupRequest,
    sent_at_ms: i64,
) -> Result<Option<Group>, ReconcileError> {
    client_for(&sandbox.base_url())
        .find_created_group(&key(), req, sent_at_ms)
        .await
}

/// What `stored` says about the fault: whether the sandbox has the group once the create has failed (and, with
/// `wait_for_store`, once the sandbox has finished with it).
async fn unknown_outcome_then_reconcile(fault: Fault, stored: bool, wait_for_store: bool) {
    // With members (Blooio's 409 would also stop a second copy) and without (nothing else would).
    let requests = [
        request("Launch crew", None, &["+12125550100", "ann@example.com"]),
        request("Standup", None, &[]),
        request("Linked", Some("iMessage;+;chat42"), &["+12125550100"]),
    ];
    for req in requests {
        let what = format!("{fault:?} / {:?}", req.name);
        let sandbox = sandbox().await;
        sandbox.inject(fault.clone());
        let sent_at = unix_time_ms();
        let error = checked(
            impatient(&sandbox)
                .create_group(&key(), &req)
                .await
                .expect_err(&what),
        );
        assert!(error.outcome_unknown(), "{what}: {error:?}");
        if wait_for_store {
            assert!(wait_for_groups(&sandbox, 1).await, "{what}: never stored");
        }
        assert_eq!(sandbox.group_count(), usize::from(stored), "{what}");

        let found = find(&sandbox, &req, sent_at).await.expect(&what);
        let ids = group_ids(&sandbox).await;
        match (&found, ids.as_slice()) {
            (Some(group), [only]) => {
                assert_eq!(group.group_id.as_ref(), Some(only), "{what}");
                assert_eq!(group.name.as_deref(), Some(req.name.as_str()), "{what}");
            }
            (None, []) => {
                // Safe to send again, and sending again makes the one group.
                client_for(&sandbox.base_url())
                    .create_group(&key(), &req)
                    .await
                    .expect(&what);
            }
            (found, ids) => panic!("{what}: lookup said {found:?}, sandbox has {ids:?}"),
        }
        assert_eq!(sandbox.group_count(), 1, "{what}: never 0 or 2 in the end");
        assert_eq!(
            sandbox.create_requests(),
            if stored { 1 } else { 2 },
            "{what}"
        );
        sandbox.shutdown().await;
    }
}

#[tokio::test]
async fn after_store_drop_connection() {
    unknown_outcome_then_reconcile(Fault::after_store(Fault::DropConnection), true, false).await;
}

#[tokio::test]
async fn after_store_delay_longer_than_the_client_waits() {
    unknown_outcome_then_reconcile(Fault::after_store(Fault::Delay(LONG_DELAY)), true, false).await;
}

#[tokio::test]
async fn after_store_status_500() {
    unknown_outcome_then_reconcile(Fault::after_store(Fault::Status(500)), true, false).await;
}

#[tokio::test]
async fn after_store_status_503() {
    unknown_outcome_then_reconcile(Fault::after_store(Fault::Status(503)), true, false).await;
}

#[tokio::test]
async fn after_store_non_json_body() {
    unknown_outcome_then_reconcile(Fault::after_store(Fault::NonJsonBody), true, false).await;
}

#[tokio::test]
async fn drop_connection_before_storing() {
    unknown_outcome_then_reconcile(Fault::DropConnection, false, false).await;
}

#[tokio::test]
async fn delay_longer_than_the_client_waits_stores_later() {
    // The sandbox stores a delayed create when the delay ends, whether or not the client is still there.
    unknown_outcome_then_reconcile(Fault::Delay(LONG_DELAY), true, true).await;
}

#[tokio::test]
async fn status_500_before_storing() {
    unknown_outcome_then_reconcile(Fault::Status(500), false, false).await;
}

#[tokio::test]
async fn status_502_before_storing() {
    unknown_outcome_then_reconcile(Fault::Status(502), false, false).await;
}

#[tokio::test]
async fn non_json_body_before_storing() {
    unknown_outcome_then_reconcile(Fault::NonJsonBody, false, false).await;
}

#[tokio::test]
async fn asking_while_the_create_is_still_in_flight_sees_nothing_yet() {
    // The race no lookup can close, pinned down: until the server has processed the request, the group is not
    // there to be found. This is why callers ask only once the request can no longer be in flight.
    let sandbox = sandbox().await;
    let req = request("Slow", None, &[]);
    sandbox.inject(Fault::Delay(Duration::from_millis(1_500)));
    let sent_at = unix_time_ms();
    let error = impatient(&sandbox)
        .create_group(&key(), &req)
        .await
        .unwrap_err();
    assert_eq!(error, ApiError::Timeout { sent: true });
    assert_eq!(find(&sandbox, &req, sent_at).await.unwrap(), None);
    assert_eq!(sandbox.group_count(), 0, "still in flight when asked");
    assert!(wait_for_groups(&sandbox, 1).await);
    let found = find(&sandbox, &req, sent_at).await.unwrap().unwrap();
    assert_eq!(
        Some(found.group_id.unwrap()),
        group_ids(&sandbox).await.pop()
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn look_alikes_do_not_match() {
    let sandbox = sandbox().await;
    let client = client_for(&sandbox.base_url());
    let k = key();
    let wanted = request("Team", None, &["+12125550100", "+12125550101"]);
    // Same name, other people: a subset, a superset, an overlap. Same people: another name that `q` also
    // matches, the same name in another case, and the same name linked to a chat.
    let decoys = [
        request("Team", None, &["+12125550100"]),
        request(
            "Team",
            None,
            &["+12125550100", "+12125550101", "+12125550102"],
        ),
        request("Team", None, &["+12125550100", "+12125550103"]),
        request(
            "Team 2",
            Some("iMessage;+;chatC"),
            &["+12125550100", "+12125550101"],
        ),
        request(
            "team",
            Some("iMessage;+;chatA"),
            &["+12125550100", "+12125550101"],
        ),
        request(
            "Team",
            Some("iMessage;+;chatB"),
            &["+12125550100", "+12125550101"],
        ),
    ];
    for decoy in &decoys {
        client.create_group(&k, decoy).await.unwrap();
    }
    let sent_at = unix_time_ms();
    sandbox.inject(Fault::DropConnection);
    let error = checked(client.create_group(&k, &wanted).await.unwrap_err());
    assert!(error.outcome_unknown());
    assert_eq!(find(&sandbox, &wanted, sent_at).await.unwrap(), None);

    // Once it does exist, it is the one found, not a look-alike.
    sandbox.inject(Fault::after_store(Fault::DropConnection));
    let sent_at = unix_time_ms();
    client.create_group(&k, &wanted).await.unwrap_err();
    let newest = group_ids(&sandbox).await.remove(0);
    let found = find(&sandbox, &wanted, sent_at).await.unwrap().unwrap();
    assert_eq!(found.group_id, Some(newest));
    assert_eq!(sandbox.group_count(), decoys.len() + 1);

    // Members compare as people: the same set in another order and email case still matches.
    let by_hand = request("Pair", None, &["Ann@Example.com", "+12125550109"]);
    sandbox.inject(Fault::after_store(Fault::Status(500)));
    let sent_at = unix_time_ms();
    client.create_group(&k, &by_hand).await.unwrap_err();
    let reordered = request("Pair", None, &["+12125550109", "ann@example.com"]);
    assert!(find(&sandbox, &reordered, sent_at).await.unwrap().is_some());
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_group_older_than_the_clock_skew_window_is_not_the_one() {
    let sandbox = sandbox().await;
    let client = client_for(&sandbox.base_url());
    let k = key();
    let req = request("Weekly", None, &[]);
    let earlier = client.create_group(&k, &req).await.unwrap();
    // As if this create were sent more than the allowance after that group was made (moving our clock
    // instead of Blooio's, which the sandbox does not let a test set).
    let sent_at = unix_time_ms() + CLOCK_SKEW_ALLOWANCE_MS + 60_000;
    sandbox.inject(Fault::Status(500));
    client.create_group(&k, &req).await.unwrap_err();
    assert_eq!(find(&sandbox, &req, sent_at).await.unwrap(), None);
    // Inside the window the same group is found: it was the time that ruled it out.
    let found = find(&sandbox, &req, unix_time_ms()).await.unwrap().unwrap();
    assert_eq!(found.group_id, earlier.group.group_id);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn the_newest_of_several_matches_is_answered() {
    let sandbox = sandbox().await;
    let client = client_for(&sandbox.base_url());
    let k = key();
    let req = request("Daily", None, &[]);
    let sent_at = unix_time_ms();
    for _ in 0..3 {
        client.create_group(&k, &req).await.unwrap();
    }
    let newest = group_ids(&sandbox).await.remove(0);
    let found = find(&sandbox, &req, sent_at).await.unwrap().unwrap();
    assert_eq!(found.group_id, Some(newest));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn the_group_is_found_past_the_first_page() {
    let sandbox = sandbox().await;
    let client = client_for(&sandbox.base_url());
    let k = key();
    let req = request("Busy", None, &["+12125550199"]);
    sandbox.inject(Fault::after_store(Fault::DropConnection));
    let sent_at = unix_time_ms();
    client.create_group(&k, &req).await.unwrap_err();
    let target = group_ids(&sandbox).await.remove(0);
    // 60 newer groups of the same name push it onto the second page of `sort=recent`.
    for i in 0..60 {
        let member = format!("+1212555{:04}", 1000 + i);
        client
            .create_group(&k, &request("Busy", None, &[member.as_str()]))
            .await
            .unwrap();
    }
    let found = find(&sandbox, &req, sent_at).await.unwrap().unwrap();
    assert_eq!(found.group_id, Some(target));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn too_many_look_alikes_is_inconclusive_not_none() {
    let sandbox = sandbox().await;
    let client = client_for(&sandbox.base_url());
    let k = key();
    let sent_at = unix_time_ms();
    for i in 0..201 {
        let member = format!("+1212555{:04}", 2000 + i);
        client
            .create_group(&k, &request("Crowd", None, &[member.as_str()]))
            .await
            .unwrap();
    }
    let req = request("Crowd", None, &["+12125550001"]);
    sandbox.inject(Fault::DropConnection);
    client.create_group(&k, &req).await.unwrap_err();
    match find(&sandbox, &req, sent_at).await {
        Err(ReconcileError::Inconclusive(why)) => {
            assert_eq!(why, LookupGap::TooManyNamesakes { limit: 200 })
        }
        other => panic!("{other:?}"),
    }
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_failed_lookup_is_an_error_not_a_none() {
    let sandbox = sandbox().await;
    let client = client_for(&sandbox.base_url());
    let k = key();
    let req = request("Ops", None, &["+12125550150"]);
    let sent_at = unix_time_ms();
    client.create_group(&k, &req).await.unwrap();

    // The list fails.
    sandbox.inject(Fault::Status(503));
    let error = find(&sandbox, &req, sent_at).await.unwrap_err();
    assert_eq!(
        error.api_error().map(|e| e.problem().code()).as_deref(),
        Some("NoDevice")
    );

    // The list works (a zero delay is no fault), the members lookup fails.
    sandbox.inject(Fault::Delay(Duration::ZERO));
    sandbox.inject(Fault::DropConnection);
    let error = find(&sandbox, &req, sent_at).await.unwrap_err();
    assert!(
        matches!(
            error.api_error(),
            Some(ApiError::Transport { sent: true, .. })
        ),
        "{error:?}"
    );
    assert!(!error.to_string().contains(common::KEY));
    assert_eq!(sandbox.pending_faults(), 0);
    assert!(find(&sandbox, &req, sent_at).await.unwrap().is_some());
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_listed_group_without_an_id_is_inconclusive() {
    // Every request gets this answer: a same-named, in-window group that can't be looked into.
    let body = format!(
        r#"{{"groups":[{{"name":"Team","chat_guid":null,"created_at":{}}}],"pagination":{{"limit":50,"offset":0,"total":1}}}}"#,
        unix_time_ms()
    );
    let server = common::raw_server(common::http_answer("200 OK", "application/json", &body)).await;
    let result = client_for(&server.base_url)
        .find_created_group(&key(), &request("Team", None, &[]), unix_time_ms())
        .await;
    match result {
        Err(ReconcileError::Inconclusive(why)) => assert_eq!(why, LookupGap::GroupWithoutId),
        other => panic!("{other:?}"),
    }
    // A group listed with a different name is simply not the one.
    let result = client_for(&server.base_url)
        .find_created_group(&key(), &request("Other", None, &[]), unix_time_ms())
        .await;
    assert_eq!(result, Ok(None));
}
