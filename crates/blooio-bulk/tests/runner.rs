//! The runner against the local emulator of Blooio, through every fault it can inject: each row ends created
//! exactly once, or journalled with its reason; the run waits, pauses and stops as the operator and Blooio ask.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use blooio_bulk::{
    write_report_csv, PauseReason, ProgressSink, RunControl, RunPhase, RunProgress, RunSettings,
    Runner, WaitReason,
};
use blooio_core::{ApiKey, ApiProblem, BlooioClient, ClientConfig, CreateGroupRequest, Problem};
use blooio_sandbox::{Fault, KeyPolicy, Sandbox, SandboxConfig};
use blooio_store::{
    Account, AccountMode, JobId, JobRowInput, JobStatus, ReportFilter, RowState, Store,
};

const KEY: &str = "bl_test_runnerK3yMaterial000000001";

fn key() -> ApiKey {
    ApiKey::parse(KEY).unwrap()
}

struct Setup {
    key: ApiKey,
    sandbox: Sandbox,
    client: BlooioClient,
    account: Account,
    store: Arc<Store>,
    _dir: tempfile::TempDir,
}

async fn setup() -> Setup {
    let sandbox = Sandbox::start(
        SandboxConfig::from(KeyPolicy::Exactly(vec![KEY.to_owned()])),
        "127.0.0.1:0".parse().unwrap(),
    )
    .await
    .unwrap();
    let client = BlooioClient::new(ClientConfig {
        base_url: sandbox.base_url(),
        connect_timeout: Duration::from_secs(5),
        total_timeout: Duration::from_millis(700),
    })
    .unwrap();
    let account = Account::new(AccountMode::Sandbox, sandbox.base_url(), &key());
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open(dir.path().join("store.sqlite3")).unwrap());
    Setup {
        key: key(),
        sandbox,
        client,
        account,
        store,
        _dir: dir,
    }
}

/// Waits short, so a test meets every wait in well under a second.
fn quick() -> RunSettings {
    RunSettings {
        look_again_after: Duration::from_millis(900),
        rate_limit_wait: Duration::from_millis(50),
        device_error_wait: Duration::from_millis(20),
        progress_every: Duration::ZERO,
        ..RunSettings::default()
    }
}

fn rows(count: usize) -> Vec<JobRowInput> {
    (0..count)
        .map(|i| JobRowInput {
            row_numbers: vec![i as u32 + 2],
            request: CreateGroupRequest {
                name: format!("Crew {i}"),
                chat_guid: None,
                members: vec![format!("+1212555{:04}", 1000 + i)],
            },
        })
        .collect()
}

impl Setup {
    fn job(&self, rows: &[JobRowInput]) -> JobId {
        self.store
            .create_job(&self.account, "crew.csv", rows)
            .unwrap()
    }

    fn runner(&self, settings: RunSettings) -> Runner<'_> {
        Runner::new(
            &self.client,
            &self.key,
            &self.account,
            self.store.clone(),
            settings,
        )
    }

    fn states(&self, job: JobId) -> Vec<RowState> {
        self.store
            .report(job, &ReportFilter::default())
            .unwrap()
            .iter()
            .map(|row| row.state)
            .collect()
    }
}

/// Every progress message, kept.
#[derive(Default, Clone)]
struct Seen(Arc<Mutex<Vec<RunProgress>>>);

impl Seen {
    fn phases(&self) -> Vec<RunPhase> {
        let seen = self.0.lock().unwrap();
        let mut phases: Vec<RunPhase> = Vec::new();
        for progress in seen.iter() {
            if phases.last() != Some(&progress.phase) {
                phases.push(progress.phase.clone());
            }
        }
        phases
    }
}

impl blooio_bulk::ProgressSink for Seen {
    fn progress(&self, progress: &RunProgress) {
        self.0.lock().unwrap().push(progress.clone());
    }
}

#[tokio::test]
async fn every_row_ends_created_once_or_with_its_reason_through_every_fault() {
    let s = setup().await;
    let mut input = rows(8);
    // Row 7 is row 2's people again: Blooio answers 409.
    input[5].request.members = input[0].request.members.clone();
    let job = s.job(&input);
    // Each row's fault is queued once the row before it is journalled: a queued fault meets the next request
    // to /groups, and lookups are requests too.
    let faults: Vec<Option<Fault>> = vec![
        None,
        Some(Fault::after_store(Fault::Status(500))), // created, answer lost: found by lookup
        Some(Fault::Status(502)),                     // a passing device error: sent again
        Some(Fault::RateLimited {
            retry_after_secs: 1,
        }),
        Some(Fault::DropConnection), // not stored, answer lost: looked up, then failed (safe to retry)
        None,
        // Stored after the client gave up: unsettled, then found by looking again.
        Some(Fault::Delay(Duration::from_millis(1_200))),
        Some(Fault::after_store(Fault::NonJsonBody)),
    ];
    let seen = Seen::default();
    let injected = Mutex::new(0usize);
    let inject_for_next_row = |progress: &RunProgress| {
        seen.progress(progress);
        let next = progress
            .row
            .as_ref()
            .map_or(0, |row| row.position as usize + 1);
        let mut done = injected.lock().unwrap();
        if next == *done + 1 {
            *done = next;
            if let Some(Some(fault)) = faults.get(next) {
                s.sandbox.inject(fault.clone());
            }
        }
    };
    let end = s
        .runner(quick())
        .run(job, &RunControl::new(), &inject_for_next_row)
        .await
        .unwrap();

    assert_eq!(end.phase, RunPhase::Finished);
    let states = s.states(job);
    use RowState::*;
    assert_eq!(
        states,
        [Created, Created, Created, Created, Failed, Conflict, Created, Created],
        "{:?}",
        seen.phases()
    );
    assert_eq!(end.counts.created, 6);
    assert_eq!(end.counts.total, 8);
    // Exactly one group per created row, none twice.
    assert_eq!(s.sandbox.group_count(), 6);
    let report = s.store.report(job, &ReportFilter::default()).unwrap();
    assert!(report[1].recovered && report[6].recovered && report[7].recovered);
    assert!(!report[0].recovered);
    let phases = seen.phases();
    for wanted in [
        WaitReason::DeviceError,
        WaitReason::RateLimited,
        WaitReason::LookingAgain,
    ] {
        assert!(
            phases
                .iter()
                .any(|p| matches!(p, RunPhase::Waiting { reason, .. } if *reason == wanted)),
            "no {wanted:?} wait in {phases:?}"
        );
    }
    assert_eq!(s.store.job(job).unwrap().status, JobStatus::Finished);

    // The failed row is known not to exist: retrying the failed rows sends it, once.
    assert_eq!(s.store.retry_failed(job).unwrap(), 1);
    let again = s
        .runner(quick())
        .run(job, &RunControl::new(), &())
        .await
        .unwrap();
    assert_eq!(again.phase, RunPhase::Finished);
    assert_eq!(s.states(job)[4], Created);
    assert_eq!(s.sandbox.group_count(), 7);
}

#[tokio::test]
async fn no_device_pauses_the_run_until_the_operator_resumes() {
    let s = setup().await;
    let job = s.job(&rows(3));
    s.sandbox.inject(Fault::Status(503));
    let control = RunControl::new();
    let seen = Seen::default();
    let resumer = {
        let control = control.clone();
        let seen = seen.clone();
        move |progress: &RunProgress| {
            seen.0.lock().unwrap().push(progress.clone());
            if matches!(progress.phase, RunPhase::Paused { .. }) {
                control.resume();
            }
        }
    };
    let end = s
        .runner(quick())
        .run(job, &control, &resumer)
        .await
        .unwrap();
    assert_eq!(end.phase, RunPhase::Finished);
    assert_eq!(s.states(job), [RowState::Created; 3]);
    assert_eq!(s.sandbox.group_count(), 3);
    let paused = seen.phases().into_iter().find_map(|phase| match phase {
        RunPhase::Paused {
            reason: PauseReason::Blooio { problem },
        } => Some(problem),
        _ => None,
    });
    let cause = paused.expect("the run paused for the device");
    assert!(cause.to_string().contains("iPhone"), "{cause}");
}

#[tokio::test]
async fn a_run_that_does_not_wait_leaves_the_job_paused_and_resumes_where_it_stopped() {
    let s = setup().await;
    let job = s.job(&rows(4));
    let mut settings = quick();
    settings.wait_when_paused = false;
    // Two rows, then the operator pauses.
    let stopper = RunControl::new();
    let first = s
        .runner(settings.clone())
        .run(job, &stopper, &{
            let stopper = stopper.clone();
            move |progress: &RunProgress| {
                if progress.done == 2 {
                    stopper.pause();
                }
            }
        })
        .await
        .unwrap();
    assert_eq!(
        first.phase,
        RunPhase::Paused {
            reason: PauseReason::Operator
        }
    );
    assert_eq!(s.store.job(job).unwrap().status, JobStatus::Paused);
    assert_eq!(s.sandbox.group_count(), 2);

    s.sandbox.inject(Fault::Status(401));
    let refused = s
        .runner(settings.clone())
        .run(job, &RunControl::new(), &())
        .await
        .unwrap();
    match refused.phase {
        RunPhase::Paused {
            reason: PauseReason::Blooio { problem },
        } => assert!(
            matches!(problem, Problem::Api(ApiProblem::Unauthorized)),
            "{problem:?}"
        ),
        other => panic!("{other:?}"),
    }
    assert_eq!(refused.counts.pending, 2, "the refused row waits, pending");

    let last = s
        .runner(settings)
        .run(job, &RunControl::new(), &())
        .await
        .unwrap();
    assert_eq!(last.phase, RunPhase::Finished);
    assert_eq!(s.sandbox.group_count(), 4);
    assert_eq!(
        s.sandbox.create_requests(),
        5,
        "only the refused create was sent twice"
    );
}

#[tokio::test]
async fn cancel_stops_after_the_row_in_flight_and_sends_nothing_more() {
    let s = setup().await;
    let job = s.job(&rows(5));
    let control = RunControl::new();
    let end = s
        .runner(quick())
        .run(job, &control, &{
            let control = control.clone();
            move |progress: &RunProgress| {
                if progress.done == 2 {
                    control.cancel();
                }
            }
        })
        .await
        .unwrap();
    assert_eq!(end.phase, RunPhase::Cancelled);
    assert_eq!(s.sandbox.create_requests(), 2);
    assert_eq!(s.store.job(job).unwrap().status, JobStatus::Cancelled);
    assert_eq!(end.counts.pending, 3);
}

#[tokio::test]
async fn a_job_runs_only_with_the_account_it_was_made_with() {
    let s = setup().await;
    let other = Account::new(
        AccountMode::Sandbox,
        s.sandbox.base_url(),
        &ApiKey::parse("bl_test_someOtherKey999999999").unwrap(),
    );
    let job = s.store.create_job(&other, "crew.csv", &rows(1)).unwrap();
    let error = s
        .runner(quick())
        .run(job, &RunControl::new(), &())
        .await
        .unwrap_err();
    assert_eq!(error.problem().code(), "JobAccountMismatch");
    assert_eq!(s.sandbox.create_requests(), 0);
}

#[tokio::test]
async fn the_report_lists_every_row_with_its_outcome() {
    let s = setup().await;
    let mut input = rows(2);
    input[1].request.name = "=HYPERLINK(\"x\")".into();
    input[1].request.members = input[0].request.members.clone();
    let job = s.job(&input);
    s.runner(quick())
        .run(job, &RunControl::new(), &())
        .await
        .unwrap();
    let mut csv = Vec::new();
    write_report_csv(
        &s.store.report(job, &ReportFilter::default()).unwrap(),
        &mut csv,
    )
    .unwrap();
    let text = String::from_utf8(csv).unwrap();
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(
        lines[0],
        "Row,Name,Status,Group ID,Chat GUID,Added members,Created contacts,Message"
    );
    assert!(
        lines[1].starts_with("2,Crew 0,Created,grp_"),
        "{}",
        lines[1]
    );
    assert!(lines[1].contains("+12125551000"), "{}", lines[1]);
    assert!(lines[2].starts_with("3,\"'=HYPERLINK"), "{}", lines[2]);
    assert!(lines[2].contains("Already exists"), "{}", lines[2]);
}

#[tokio::test]
async fn blooio_s_standing_rate_limit_is_waited_out_and_nothing_is_lost() {
    let s = setup().await;
    s.sandbox
        .set_rate_limit(blooio_sandbox::RateLimit::per_second(4));
    let job = s.job(&rows(10));
    let seen = Seen::default();
    let end = s
        .runner(quick())
        .run(job, &RunControl::new(), &seen)
        .await
        .unwrap();
    assert_eq!(end.phase, RunPhase::Finished);
    assert_eq!(s.states(job), [RowState::Created; 10]);
    assert_eq!(s.sandbox.group_count(), 10);
    assert!(
        seen.phases().iter().any(|p| matches!(
            p,
            RunPhase::Waiting {
                reason: WaitReason::RateLimited,
                ..
            }
        )),
        "{:?}",
        seen.phases()
    );
}
