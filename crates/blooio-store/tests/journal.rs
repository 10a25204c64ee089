//! The bulk journal: jobs stored whole, each row in exactly one state, only the transitions the create protocol
//! allows, created rows in history in the same transaction, and the journal as the protocol's pending record.

mod common;

use std::time::Duration;

use blooio_core::{
    ApiProblem, BlooioClient, ClientConfig, CreateOutcome, OutcomeProblem, PendingCreate,
    PendingCreates, Problem,
};
use blooio_sandbox::{Fault, KeyPolicy, Sandbox, SandboxConfig};
use blooio_store::{
    AccountMode, CreateSource, JobStatus, ReportFilter, RowId, RowState, Store, StoreProblem,
};
use common::{account, created, job_rows, open, page, request, temp_dir};

fn failed() -> Problem {
    OutcomeProblem::NotCreated {
        cause: Box::new(ApiProblem::Unreachable),
    }
    .into()
}

fn conflict() -> Problem {
    ApiProblem::Conflict { linking: false }.into()
}

fn unsettled() -> Problem {
    OutcomeProblem::MaybeStillInFlight {
        look_again_secs: 60,
    }
    .into()
}

/// Moves `row` (fresh, `pending`) into `state` the way a runner would.
fn bring_to(store: &Store, row: RowId, state: RowState) {
    let request = store.job_row(row).unwrap().request;
    match state {
        RowState::Pending => {}
        RowState::Skipped => store.mark_skipped(row).unwrap(),
        _ => {
            store.mark_sending(row, 1_000).unwrap();
            match state {
                RowState::Sending => {}
                RowState::Created => store
                    .mark_created(
                        row,
                        &request,
                        &created(&request, "grp", 2_000),
                        false,
                        2_000,
                    )
                    .unwrap(),
                RowState::Conflict => store.mark_conflict(row, &conflict()).unwrap(),
                RowState::Failed => store.mark_failed(row, &failed()).unwrap(),
                RowState::Unsettled => store.mark_unsettled(row, &unsettled()).unwrap(),
                RowState::Pending | RowState::Skipped => unreachable!(),
            }
        }
    }
    assert_eq!(store.job_row(row).unwrap().state, state);
}

const STATES: [RowState; 7] = [
    RowState::Pending,
    RowState::Sending,
    RowState::Created,
    RowState::Conflict,
    RowState::Failed,
    RowState::Unsettled,
    RowState::Skipped,
];

#[test]
fn a_job_is_stored_whole_with_every_row_pending() {
    let dir = temp_dir();
    let store = open(&dir);
    let rows = job_rows(3);
    let job = store
        .create_job(&account(AccountMode::Sandbox), "crews.xlsx", &rows)
        .unwrap();
    let summary = store.job(job).unwrap();
    assert_eq!(summary.source_file_name, "crews.xlsx");
    assert_eq!(summary.status, JobStatus::Running);
    assert_eq!(summary.mode, AccountMode::Sandbox);
    assert_eq!(summary.key_hint, common::key().hint());
    assert_eq!((summary.counts.total, summary.counts.pending), (3, 3));
    let report = store.report(job, &ReportFilter::default()).unwrap();
    let positions: Vec<u32> = report.iter().map(|r| r.position).collect();
    assert_eq!(positions, [0, 1, 2]);
    assert_eq!(report[1].row_numbers, [3]);
    assert_eq!(report[1].request, rows[1].request);
    assert!(report
        .iter()
        .all(|r| r.state == RowState::Pending && r.sent_at_ms.is_none()));
    assert_eq!(store.unfinished_jobs().unwrap(), [summary]);
}

#[test]
fn only_the_protocol_s_transitions_are_allowed() {
    type Mark = fn(&Store, RowId) -> Result<(), blooio_store::StoreError>;
    let marks: [(RowState, Mark, &[RowState]); 7] = [
        (
            RowState::Sending,
            |s, r| s.mark_sending(r, 5_000),
            &[
                RowState::Pending,
                RowState::Sending,
                RowState::Unsettled,
                RowState::Failed,
            ],
        ),
        (
            RowState::Created,
            |s, r| {
                let request = s.job_row(r).unwrap().request;
                s.mark_created(
                    r,
                    &request,
                    &created(&request, "grp_new", 6_000),
                    true,
                    6_000,
                )
            },
            &[RowState::Sending, RowState::Unsettled],
        ),
        (
            RowState::Conflict,
            |s, r| s.mark_conflict(r, &conflict()),
            &[RowState::Sending, RowState::Unsettled],
        ),
        (
            RowState::Failed,
            |s, r| s.mark_failed(r, &failed()),
            &[RowState::Sending, RowState::Unsettled],
        ),
        (
            RowState::Unsettled,
            |s, r| s.mark_unsettled(r, &unsettled()),
            &[RowState::Sending, RowState::Unsettled],
        ),
        (
            RowState::Skipped,
            |s, r| s.mark_skipped(r),
            &[RowState::Pending, RowState::Failed],
        ),
        (
            RowState::Pending,
            |s, r| s.mark_pending_again(r),
            &[RowState::Sending, RowState::Failed],
        ),
    ];
    let dir = temp_dir();
    let store = open(&dir);
    for (to, mark, allowed_from) in marks {
        for from in STATES {
            let job = store
                .create_job(&account(AccountMode::Blooio), "t.csv", &job_rows(1))
                .unwrap();
            let row = store.report(job, &ReportFilter::default()).unwrap()[0].id;
            bring_to(&store, row, from);
            let before = store.job_row(row).unwrap();
            let result = mark(&store, row);
            let after = store.job_row(row).unwrap();
            if allowed_from.contains(&from) {
                assert!(result.is_ok(), "{from:?} -> {to:?}: {result:?}");
                assert_eq!(after.state, to, "{from:?} -> {to:?}");
            } else {
                let problem = result.unwrap_err().problem().clone();
                assert_eq!(problem.code(), "JobRowStateConflict", "{from:?} -> {to:?}");
                assert_eq!(after, before, "a refused transition changed {from:?}");
            }
            // What each state carries, whatever the path to it.
            assert_eq!(after.created.is_some(), after.state == RowState::Created);
            assert_eq!(
                after.problem.is_some(),
                matches!(
                    after.state,
                    RowState::Conflict | RowState::Failed | RowState::Unsettled
                )
            );
            if matches!(after.state, RowState::Sending | RowState::Unsettled) {
                assert!(after.sent_at_ms.is_some());
            }
            if after.state == RowState::Pending {
                assert_eq!(after.sent_at_ms, None, "a pending row looks never sent");
            }
        }
    }
}

#[test]
fn a_created_row_is_in_history_from_the_same_transaction_with_the_job_s_account() {
    let dir = temp_dir();
    let store = open(&dir);
    let job = store
        .create_job(&account(AccountMode::Sandbox), "a.csv", &job_rows(2))
        .unwrap();
    let rows = store.report(job, &ReportFilter::default()).unwrap();
    store.mark_sending(rows[0].id, 10).unwrap();
    let answer = created(&rows[0].request, "grp_bulk", 11);
    // Another row's request is not this row's group: refused, and nothing recorded.
    let refused = store
        .mark_created(rows[0].id, &rows[1].request, &answer, false, 12)
        .unwrap_err();
    assert_eq!(
        refused.problem(),
        &StoreProblem::JobRowRequestMismatch { row: rows[0].id.0 }
    );
    assert_eq!(store.job_row(rows[0].id).unwrap().state, RowState::Sending);
    assert_eq!(page(&store, AccountMode::Sandbox, None, 0, 10).total, 0);
    store
        .mark_created(rows[0].id, &rows[0].request, &answer, false, 12)
        .unwrap();
    let history = page(&store, AccountMode::Sandbox, None, 0, 10);
    assert_eq!(history.total, 1);
    let entry = &history.entries[0];
    assert_eq!(entry.source, CreateSource::Bulk);
    assert_eq!(entry.job_id, Some(job.0));
    assert_eq!(entry.created, answer);
    assert_eq!(entry.created_at_ms, 12);
    assert_eq!(entry.base_url, common::SANDBOX_URL);
    let row = store.job_row(rows[0].id).unwrap();
    assert_eq!(row.created, Some(answer));
    assert_eq!(row.sent_at_ms, Some(10));
}

#[test]
fn resume_offers_unfinished_jobs_and_the_rows_still_to_settle() {
    let dir = temp_dir();
    let store = open(&dir);
    let job = store
        .create_job(&account(AccountMode::Blooio), "a.csv", &job_rows(7))
        .unwrap();
    let rows = store.report(job, &ReportFilter::default()).unwrap();
    for (row, state) in rows.iter().zip(STATES) {
        bring_to(&store, row.id, state);
    }
    let counts = store.job(job).unwrap().counts;
    assert_eq!(
        [
            counts.pending,
            counts.sending,
            counts.created,
            counts.conflict,
            counts.failed,
            counts.unsettled,
            counts.skipped,
            counts.total
        ],
        [1, 1, 1, 1, 1, 1, 1, 7]
    );
    let resume: Vec<RowState> = store
        .rows_to_resume(job)
        .unwrap()
        .iter()
        .map(|r| r.state)
        .collect();
    assert_eq!(
        resume,
        [RowState::Pending, RowState::Sending, RowState::Unsettled]
    );
    let report: Vec<RowState> = store
        .report(
            job,
            &ReportFilter {
                states: vec![RowState::Failed, RowState::Conflict],
            },
        )
        .unwrap()
        .iter()
        .map(|r| r.state)
        .collect();
    assert_eq!(report, [RowState::Conflict, RowState::Failed]);

    // Paused: still offered, and nothing may be sent.
    store.set_job_status(job, JobStatus::Paused).unwrap();
    assert_eq!(store.unfinished_jobs().unwrap().len(), 1);
    let refused = store.mark_sending(rows[0].id, 1).unwrap_err();
    assert_eq!(refused.problem().code(), "JobStatusConflict");
    // Cancelled with rows whose outcome isn't known: still offered, so they get settled; not deletable.
    store.set_job_status(job, JobStatus::Cancelled).unwrap();
    assert_eq!(store.unfinished_jobs().unwrap().len(), 1);
    assert_eq!(
        store.delete_job(job).unwrap_err().problem().code(),
        "JobStatusConflict"
    );
    assert_eq!(
        store
            .set_job_status(job, JobStatus::Running)
            .unwrap_err()
            .problem()
            .code(),
        "JobStatusConflict"
    );
    // Once settled, it is done with; deleting it keeps its history entry.
    store.mark_failed(rows[1].id, &failed()).unwrap();
    store.mark_failed(rows[5].id, &failed()).unwrap();
    assert!(store.unfinished_jobs().unwrap().is_empty());
    store.delete_job(job).unwrap();
    assert_eq!(store.job(job).unwrap_err().problem().code(), "JobNotFound");
    let history = page(&store, AccountMode::Blooio, None, 0, 10);
    assert_eq!(history.total, 1);
    assert_eq!(history.entries[0].job_id, None);
}

#[test]
fn the_report_is_read_a_page_at_a_time_in_the_job_s_order() {
    let dir = temp_dir();
    let store = open(&dir);
    let job = store
        .create_job(&account(AccountMode::Blooio), "a.csv", &job_rows(12))
        .unwrap();
    let rows = store.report(job, &ReportFilter::default()).unwrap();
    // Every third row failed, the rest created.
    for (i, row) in rows.iter().enumerate() {
        let state = if i % 3 == 0 {
            RowState::Failed
        } else {
            RowState::Created
        };
        bring_to(&store, row.id, state);
    }
    let positions = |offset, limit, states: Vec<RowState>| {
        let page = store
            .report_page(job, &ReportFilter { states }, offset, limit)
            .unwrap();
        assert_eq!(page.job.id, job);
        (
            page.total,
            page.rows.iter().map(|r| r.position).collect::<Vec<_>>(),
        )
    };
    assert_eq!(positions(0, 5, vec![]), (12, vec![0, 1, 2, 3, 4]));
    assert_eq!(positions(10, 5, vec![]), (12, vec![10, 11]));
    assert_eq!(positions(12, 5, vec![]), (12, vec![]));
    assert_eq!(positions(1, 2, vec![RowState::Failed]), (4, vec![3, 6]));
    assert_eq!(positions(0, 50, vec![RowState::Conflict]), (0, vec![]));
    // The pages put together are the whole report.
    let whole: Vec<u32> = (0..3).flat_map(|p| positions(p * 5, 5, vec![]).1).collect();
    assert_eq!(whole, rows.iter().map(|r| r.position).collect::<Vec<_>>());
    assert_eq!(
        store
            .report_page(blooio_store::JobId(999), &ReportFilter::default(), 0, 5)
            .unwrap_err()
            .problem()
            .code(),
        "JobNotFound"
    );
}

#[test]
fn a_finished_job_stays_in_the_journal_and_is_not_offered() {
    let dir = temp_dir();
    let store = open(&dir);
    let job = store
        .create_job(&account(AccountMode::Blooio), "a.csv", &job_rows(1))
        .unwrap();
    store.set_job_status(job, JobStatus::Finished).unwrap();
    assert!(store.unfinished_jobs().unwrap().is_empty());
    assert_eq!(store.job(job).unwrap().status, JobStatus::Finished);
    assert!(store.set_job_status(job, JobStatus::Paused).is_err());
}

#[test]
fn the_row_is_the_pending_record_of_the_create_protocol() {
    let dir = temp_dir();
    let store = open(&dir);
    let job = store
        .create_job(&account(AccountMode::Blooio), "a.csv", &job_rows(2))
        .unwrap();
    let rows = store.report(job, &ReportFilter::default()).unwrap();
    let (row, request) = (rows[0].id, rows[0].request.clone());
    let pending = store.pending_for(row);
    assert_eq!(pending.find(&request), Ok(None));
    pending
        .record(&PendingCreate {
            request: request.clone(),
            sent_at_ms: 77,
        })
        .unwrap();
    assert_eq!(store.job_row(row).unwrap().state, RowState::Sending);
    let found = pending.find(&request).unwrap().unwrap();
    assert_eq!(found.sent_at_ms, 77);
    // Another request is not this row's record, and can't be sent under it.
    assert_eq!(pending.find(&rows[1].request), Ok(None));
    assert!(pending
        .record(&PendingCreate {
            request: rows[1].request.clone(),
            sent_at_ms: 78,
        })
        .is_err());
    // Settling doesn't forget: the row stays pending until its outcome is recorded.
    pending.settle(&request).unwrap();
    assert_eq!(store.job_row(row).unwrap().state, RowState::Sending);
    store.mark_unsettled(row, &unsettled()).unwrap();
    assert_eq!(pending.find(&request).unwrap().unwrap().sent_at_ms, 77);
    store.mark_failed(row, &failed()).unwrap();
    assert_eq!(pending.find(&request), Ok(None));
}

async fn sandbox() -> Sandbox {
    Sandbox::start(
        SandboxConfig {
            keys: KeyPolicy::Exactly(vec![common::KEY.to_owned()]),
            rate_limit: None,
        },
        "127.0.0.1:0".parse().unwrap(),
    )
    .await
    .unwrap()
}

fn client(sandbox: &Sandbox) -> BlooioClient {
    BlooioClient::new(ClientConfig {
        base_url: sandbox.base_url(),
        connect_timeout: Duration::from_secs(5),
        total_timeout: Duration::from_secs(10),
    })
    .unwrap()
}

/// What a runner does with one row: the shared protocol with the row as its record, then the outcome.
async fn run_row(store: &Store, client: &BlooioClient, row: RowId) -> CreateOutcome {
    let request = store.job_row(row).unwrap().request;
    let outcome = client
        .create_group_once(&common::key(), &request, &store.pending_for(row))
        .await;
    match &outcome {
        CreateOutcome::Created { created, recovered } => store
            .mark_created(
                row,
                &request,
                created,
                *recovered,
                blooio_core::unix_time_ms(),
            )
            .unwrap(),
        CreateOutcome::NotCreated { problem, .. } => store.mark_failed(row, problem).unwrap(),
        CreateOutcome::Unknown { problem, .. } => store.mark_unsettled(row, problem).unwrap(),
    }
    outcome
}

#[tokio::test]
async fn a_row_caught_sending_by_a_crash_is_looked_up_not_sent_again() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let dir = temp_dir();
    let store = open(&dir);
    let mut rows = job_rows(2);
    rows[1].request = request("No members", None, &[]); // nothing on Blooio's side stops a second one
    let job = store
        .create_job(&account(AccountMode::Sandbox), "a.csv", &rows)
        .unwrap();
    for row in store.report(job, &ReportFilter::default()).unwrap() {
        // The run before the crash: recorded, sent, created on Blooio — and killed before the answer was kept.
        let sent_at = blooio_core::unix_time_ms();
        store.mark_sending(row.id, sent_at).unwrap();
        client
            .create_group(&common::key(), &row.request)
            .await
            .unwrap();
    }
    assert_eq!(sandbox.create_requests(), 2);
    drop(store);

    // The next start: resume.
    let store = open(&dir);
    let resume = store.rows_to_resume(job).unwrap();
    assert_eq!(resume.len(), 2);
    for row in resume {
        let outcome = run_row(&store, &client, row.id).await;
        assert!(
            matches!(
                outcome,
                CreateOutcome::Created {
                    recovered: true,
                    ..
                }
            ),
            "{outcome:?}"
        );
    }
    assert_eq!(sandbox.create_requests(), 2, "a row was sent again");
    assert_eq!(sandbox.group_count(), 2);
    let job_now = store.job(job).unwrap();
    assert_eq!(job_now.counts.created, 2);
    assert!(store.rows_to_resume(job).unwrap().is_empty());
}

#[tokio::test]
async fn a_run_through_faults_creates_each_row_once_and_journals_every_outcome() {
    let sandbox = sandbox().await;
    let client = client(&sandbox);
    let dir = temp_dir();
    let store = open(&dir);
    let job = store
        .create_job(&account(AccountMode::Sandbox), "a.csv", &job_rows(4))
        .unwrap();
    let rows = store.report(job, &ReportFilter::default()).unwrap();
    let faults = [
        None,
        Some(Fault::after_store(Fault::Status(500))), // created, answer lost: found by lookup
        Some(Fault::Status(503)),                     // nothing made
        Some(Fault::after_store(Fault::DropConnection)),
    ];
    for (row, fault) in rows.iter().zip(faults) {
        if let Some(fault) = fault {
            sandbox.inject(fault);
        }
        run_row(&store, &client, row.id).await;
    }
    let states: Vec<(RowState, bool)> = store
        .report(job, &ReportFilter::default())
        .unwrap()
        .iter()
        .map(|r| (r.state, r.recovered))
        .collect();
    assert_eq!(
        states,
        [
            (RowState::Created, false),
            (RowState::Created, true),
            (RowState::Failed, false),
            (RowState::Created, true)
        ]
    );
    assert_eq!(sandbox.group_count(), 3);
    // The failed row is known not to exist: retrying sends it once.
    run_row(&store, &client, rows[2].id).await;
    assert_eq!(store.job_row(rows[2].id).unwrap().state, RowState::Created);
    assert_eq!(sandbox.group_count(), 4);
}

#[test]
fn a_batch_of_rows_is_marked_sending_all_or_none() {
    let dir = temp_dir();
    let store = open(&dir);
    let job = store
        .create_job(&account(AccountMode::Sandbox), "b.csv", &job_rows(4))
        .unwrap();
    let rows: Vec<RowId> = store
        .report(job, &ReportFilter::default())
        .unwrap()
        .iter()
        .map(|r| r.id)
        .collect();
    store.mark_sending(rows[3], 1_000).unwrap();
    // Row 4 isn't pending: the whole batch is refused and nothing changes.
    let refused = store.mark_sending_batch(&rows, 2_000).unwrap_err();
    assert_eq!(refused.problem().code(), "JobRowStateConflict");
    assert_eq!(store.job(job).unwrap().counts.pending, 3);

    store.mark_sending_batch(&rows[..3], 2_000).unwrap();
    let marked = store.report(job, &ReportFilter::default()).unwrap();
    assert!(marked.iter().all(|r| r.state == RowState::Sending));
    assert_eq!(marked[0].sent_at_ms, Some(2_000));
    // Marked ahead but never sent: as a pending record it is found (and looked up) after a crash.
    let request = marked[0].request.clone();
    assert!(store.pending_for(rows[0]).find(&request).unwrap().is_some());
    // In the run that marked it, nothing is looked up and nothing written again.
    assert_eq!(
        store.pending_for_premarked(rows[0]).find(&request),
        Ok(None)
    );

    store.set_job_status(job, JobStatus::Paused).unwrap();
    store.mark_pending_again(rows[0]).unwrap();
    let paused = store.mark_sending_batch(&rows[..1], 3_000).unwrap_err();
    assert_eq!(paused.problem().code(), "JobStatusConflict");
}

#[test]
fn outcomes_recorded_together_are_all_kept_or_none() {
    let dir = temp_dir();
    let store = open(&dir);
    let job = store
        .create_job(&account(AccountMode::Sandbox), "a.csv", &job_rows(3))
        .unwrap();
    let rows = store.report(job, &ReportFilter::default()).unwrap();
    for row in &rows[..2] {
        store.mark_sending(row.id, 10).unwrap();
    }
    let created = |row: &blooio_store::JobRow| blooio_store::RowOutcome::Created {
        row: row.id,
        request: row.request.clone(),
        created: Box::new(common::created(&row.request, "grp_together", 11)),
        recovered: false,
        created_at_ms: 11,
    };
    // The third row was never sent: the batch is refused whole, and the first two stay `sending`.
    let refused = store
        .record_outcomes(&[created(&rows[0]), created(&rows[1]), created(&rows[2])])
        .unwrap_err();
    assert!(
        matches!(refused.problem(), StoreProblem::JobRowStateConflict { .. }),
        "{refused}"
    );
    let states = |store: &Store| -> Vec<RowState> {
        rows.iter()
            .map(|r| store.job_row(r.id).unwrap().state)
            .collect()
    };
    assert_eq!(
        states(&store),
        [RowState::Sending, RowState::Sending, RowState::Pending]
    );
    store
        .record_outcomes(&[
            created(&rows[0]),
            blooio_store::RowOutcome::Settled {
                row: rows[1].id,
                state: RowState::Conflict,
                problem: conflict(),
            },
        ])
        .unwrap();
    assert_eq!(
        states(&store),
        [RowState::Created, RowState::Conflict, RowState::Pending]
    );
    assert_eq!(page(&store, AccountMode::Sandbox, None, 0, 10).total, 1);
}
