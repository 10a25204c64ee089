//! The create protocol against the sandbox, through every fault it can inject: whatever happens to the answer,
//! a group is created at most once, the outcome says which it was, and a pending record is left exactly when
//! nobody can say yet.

mod common;

use std::time::Duration;

use blooio_core::{
    ApiProblem, CreateGroupRequest, CreateOutcome, MemoryPending, OutcomeProblem, PendingCreate,
    PendingCreates, PendingStoreError, Problem,
};
use blooio_sandbox::Fault;
use common::{client_for, client_with_timeout, key, request, sandbox, wait_for_groups};

#[derive(Debug, PartialEq)]
enum Seen {
    Created,
    Recovered,
    NotCreated(String),
    Unknown(String),
}

fn seen(outcome: &CreateOutcome) -> Seen {
    match outcome {
        CreateOutcome::Created {
            recovered: false, ..
        } => Seen::Created,
        CreateOutcome::Created {
            recovered: true, ..
        } => Seen::Recovered,
        CreateOutcome::NotCreated { problem, .. } => Seen::NotCreated(problem.code()),
        CreateOutcome::Unknown { problem, .. } => Seen::Unknown(problem.code()),
    }
}

#[tokio::test]
async fn every_fault_ends_in_one_group_at_most_and_says_which() {
    // (fault, what the first attempt reports, groups afterwards, whether a record is left pending)
    let cases: Vec<(Fault, Seen, usize, bool)> = vec![
        (Fault::Delay(Duration::ZERO), Seen::Created, 1, false),
        (
            Fault::after_store(Fault::DropConnection),
            Seen::Recovered,
            1,
            false,
        ),
        (
            Fault::after_store(Fault::Status(500)),
            Seen::Recovered,
            1,
            false,
        ),
        (
            Fault::after_store(Fault::Status(503)),
            Seen::Recovered,
            1,
            false,
        ),
        (
            Fault::after_store(Fault::NonJsonBody),
            Seen::Recovered,
            1,
            false,
        ),
        (
            Fault::DropConnection,
            Seen::NotCreated("NotCreated".into()),
            0,
            true,
        ),
        (
            Fault::Status(503),
            Seen::NotCreated("FailedNotCreated".into()),
            0,
            false,
        ),
        (
            Fault::NonJsonBody,
            Seen::NotCreated("NotCreated".into()),
            0,
            false,
        ),
        (
            Fault::Status(400),
            Seen::NotCreated("Rejected".into()),
            0,
            false,
        ),
        (
            Fault::RateLimited {
                retry_after_secs: 2,
            },
            Seen::NotCreated("RateLimited".into()),
            0,
            false,
        ),
    ];
    for (fault, expected, groups, left_pending) in cases {
        let sandbox = sandbox().await;
        let client = client_for(&sandbox.base_url());
        let pending = MemoryPending::default();
        let req = request("Weekend crew", None, &["+12125550100"]);
        sandbox.inject(fault.clone());
        let outcome = client.create_group_once(&key(), &req, &pending).await;
        assert_eq!(seen(&outcome), expected, "{fault:?}");
        assert_eq!(sandbox.group_count(), groups, "{fault:?}");
        assert_eq!(
            pending.find(&req).unwrap().is_some(),
            left_pending,
            "{fault:?}"
        );
        // Whatever happened, trying again ends with exactly one group.
        let again = client.create_group_once(&key(), &req, &pending).await;
        let expected_again = if groups == 1 {
            Seen::NotCreated("Conflict".into())
        } else {
            Seen::Created
        };
        assert_eq!(seen(&again), expected_again, "{fault:?}, again");
        assert_eq!(sandbox.group_count(), 1, "{fault:?}, again");
        assert_eq!(pending.find(&req).unwrap(), None, "{fault:?}, again");
        sandbox.shutdown().await;
    }
}

#[tokio::test]
async fn a_timeout_is_unknown_until_blooio_has_finished_and_a_retry_then_finds_the_group() {
    let sandbox = sandbox().await;
    let client = client_with_timeout(&sandbox.base_url(), Duration::from_millis(500));
    let pending = MemoryPending::default();
    let req = request("Slow crew", None, &[]);
    sandbox.inject(Fault::Delay(Duration::from_millis(1_500)));
    let outcome = client.create_group_once(&key(), &req, &pending).await;
    match &outcome {
        CreateOutcome::Unknown {
            problem,
            look_again_after,
            ..
        } => {
            assert_eq!(
                problem,
                &Problem::Outcome(OutcomeProblem::MaybeStillInFlight {
                    look_again_secs: 60
                })
            );
            assert!(*look_again_after >= Duration::from_secs(30));
        }
        other => panic!("{other:?}"),
    }
    assert!(pending.find(&req).unwrap().is_some());
    assert!(wait_for_groups(&sandbox, 1).await);
    // A memberless group has no 409 to stop a second one: only the lookup before sending does.
    let again = client.create_group_once(&key(), &req, &pending).await;
    assert_eq!(seen(&again), Seen::Recovered);
    assert_eq!(sandbox.create_requests(), 1);
    assert_eq!(sandbox.group_count(), 1);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_lookup_that_fails_leaves_it_unknown_and_the_next_attempt_asks_again() {
    let sandbox = sandbox().await;
    let client = client_for(&sandbox.base_url());
    let pending = MemoryPending::default();
    let req = request("Ops", None, &["+12125550150"]);
    sandbox.inject(Fault::after_store(Fault::DropConnection));
    sandbox.inject(Fault::Status(503));
    let outcome = client.create_group_once(&key(), &req, &pending).await;
    match &outcome {
        CreateOutcome::Unknown { problem, error, .. } => {
            assert_eq!(problem.code(), "OutcomeUnknown");
            assert!(
                error.is_some(),
                "the lost answer's error is kept for support"
            );
            let json = serde_json::to_value(problem).unwrap();
            assert_eq!(json["why"]["code"], "LookupFailed");
            assert_eq!(json["why"]["cause"]["code"], "NoDevice");
        }
        other => panic!("{other:?}"),
    }
    let again = client.create_group_once(&key(), &req, &pending).await;
    assert_eq!(seen(&again), Seen::Recovered);
    assert_eq!(sandbox.create_requests(), 1);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_conflict_is_worded_for_what_was_asked() {
    let sandbox = sandbox().await;
    let client = client_for(&sandbox.base_url());
    let pending = MemoryPending::default();
    let linked = request("Linked", Some("iMessage;+;chat9"), &[]);
    client.create_group_once(&key(), &linked, &pending).await;
    match client.create_group_once(&key(), &linked, &pending).await {
        CreateOutcome::NotCreated { problem, .. } => assert_eq!(
            problem,
            Problem::Api(ApiProblem::Conflict { linking: true })
        ),
        other => panic!("{other:?}"),
    }
    sandbox.shutdown().await;
}

/// A store that can't keep records: nothing may be sent without one.
struct BrokenStore;

impl PendingCreates for BrokenStore {
    fn find(&self, _: &CreateGroupRequest) -> Result<Option<PendingCreate>, PendingStoreError> {
        Ok(None)
    }
    fn record(&self, _: &PendingCreate) -> Result<(), PendingStoreError> {
        Err(PendingStoreError("disk full".into()))
    }
    fn settle(&self, _: &CreateGroupRequest) -> Result<(), PendingStoreError> {
        Ok(())
    }
}

#[tokio::test]
async fn nothing_is_sent_when_the_pending_record_cannot_be_kept() {
    let sandbox = sandbox().await;
    let client = client_for(&sandbox.base_url());
    let outcome = client
        .create_group_once(&key(), &request("Team", None, &[]), &BrokenStore)
        .await;
    assert_eq!(
        seen(&outcome),
        Seen::NotCreated("PendingStoreFailed".into())
    );
    assert_eq!(sandbox.create_requests(), 0);
    sandbox.shutdown().await;
}
