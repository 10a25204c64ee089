//! After a 409 on create, "Open the existing group" asks `find_existing_group`: against the sandbox, it finds the
//! group with the same chat GUID or the same people (in any spelling Blooio prints), passes over look-alikes, says
//! `None` when nothing matches, and is unsure rather than wrong when the account is too big to read.

mod common;

use blooio_core::{ApiProblem, LookupGap, Problem, ReconcileError};
use blooio_sandbox::Fault;
use common::{client_for, key, request, sandbox};

/// Creates `req` and returns the group id Blooio gave it.
async fn created(base_url: &str, req: &blooio_core::CreateGroupRequest) -> String {
    client_for(base_url)
        .create_group(&key(), req)
        .await
        .unwrap()
        .group
        .group_id
        .unwrap()
}

/// The id of the group `find_existing_group` answers for `req`.
async fn found_id(base_url: &str, req: &blooio_core::CreateGroupRequest) -> Option<String> {
    client_for(base_url)
        .find_existing_group(&key(), req)
        .await
        .unwrap()
        .and_then(|g| g.group_id)
}

/// Sends `req` again and checks that Blooio says 409, as the window would have seen it.
async fn conflicts(base_url: &str, req: &blooio_core::CreateGroupRequest) {
    let err = client_for(base_url)
        .create_group(&key(), req)
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(409), "{err:?}");
}

#[tokio::test]
async fn finds_the_group_with_the_same_people_under_another_name() {
    let sandbox = sandbox().await;
    let base = sandbox.base_url();
    // Look-alikes first: one person fewer, one more, and the same people in a linked chat.
    created(&base, &request("Fewer", None, &["+12125550100"])).await;
    created(
        &base,
        &request(
            "More",
            None,
            &["+12125550100", "ann@example.com", "+12125550101"],
        ),
    )
    .await;
    let original = created(
        &base,
        &request("Book club", None, &["+12125550100", "Ann@Example.com"]),
    )
    .await;
    created(
        &base,
        &request("Other", None, &["+12125550102", "bob@example.com"]),
    )
    .await;

    let again = request(
        "Book club (again)",
        None,
        &["ann@example.com", "+12125550100"],
    );
    conflicts(&base, &again).await;
    assert_eq!(found_id(&base, &again).await, Some(original));
}

#[tokio::test]
async fn finds_the_group_linked_to_the_same_chat() {
    let sandbox = sandbox().await;
    let base = sandbox.base_url();
    created(
        &base,
        &request("Other chat", Some("iMessage;+;chat41"), &[]),
    )
    .await;
    let original = created(&base, &request("Family", Some("iMessage;+;chat42"), &[])).await;
    let again = request("Family too", Some("iMessage;+;chat42"), &["+12125550100"]);
    conflicts(&base, &again).await;
    assert_eq!(found_id(&base, &again).await, Some(original));
}

#[tokio::test]
async fn says_none_when_no_group_matches() {
    let sandbox = sandbox().await;
    let base = sandbox.base_url();
    sandbox.seed(common::KEY, 450); // three pages of groups with two people each, every fifth linked
    created(
        &base,
        &request("Near", None, &["+12125550100", "ann@example.com"]),
    )
    .await;
    let client = client_for(&base);
    // Deleted meanwhile (by another window, say): Blooio's 409 is then stale, and nothing is found.
    let cases = [
        // Three people: the seeded groups have two, so none has its members read.
        request(
            "Nobody has these",
            None,
            &["+12125550199", "zed@example.com", "+12125550198"],
        ),
        request("No such chat", Some("iMessage;+;chat404"), &[]),
        request("Nobody at all", None, &[]),
    ];
    for req in cases {
        let found = client.find_existing_group(&key(), &req).await;
        assert!(matches!(found, Ok(None)), "{:?}: {found:?}", req.name);
    }
}

#[tokio::test]
async fn many_groups_of_the_same_size_make_it_unsure_not_wrong() {
    let sandbox = sandbox().await;
    let base = sandbox.base_url();
    // 152 unlinked groups of two people each are more than the lookup compares.
    sandbox.seed(common::KEY, 190);
    let req = request("Not among them", None, &["+12125550199", "zed@example.com"]);
    let err = client_for(&base)
        .find_existing_group(&key(), &req)
        .await
        .unwrap_err();
    assert_eq!(
        err,
        ReconcileError::Inconclusive(LookupGap::TooManyGroups {
            limit: blooio_core::EXISTING_MAX_COMPARED as u32
        })
    );
}

#[tokio::test]
async fn a_failed_lookup_is_an_error_with_blooios_problem() {
    let sandbox = sandbox().await;
    let base = sandbox.base_url();
    sandbox.inject(Fault::Status(503));
    let req = request("Any", None, &["+12125550100"]);
    let err = client_for(&base)
        .find_existing_group(&key(), &req)
        .await
        .unwrap_err();
    let api = err.api_error().expect("the lookup's own error");
    assert_eq!(api.problem(), Problem::Api(ApiProblem::NoDevice));
}
