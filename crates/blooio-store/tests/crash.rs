//! Crash safety: a process writing the journal is killed with SIGKILL (`kill -9`) at many moments; after each
//! kill the file is whole, every row is in exactly one state, no committed state is lost, and every created row
//! has exactly one history entry.
//!
//! The writer is this same test binary, started again with `--ignored --exact journal_writer` and an environment
//! variable naming the database: it runs a bulk job's rows through their states forever, printing each state
//! once its transaction has committed.

mod common;

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use blooio_core::{ApiProblem, OutcomeProblem, Problem};
use blooio_store::{AccountMode, JobStatus, ReportFilter, RowState, Store};
use common::{account, created, job_rows};
use rusqlite::Connection;

const WRITER_DB: &str = "BLOOIO_STORE_CRASH_WRITER_DB";
const READY: &str = "journal writer ready";
const KILLS: u32 = 30;
const MIN_KILLS: u32 = 20;
const TIME_LIMIT: Duration = Duration::from_secs(90);

#[test]
#[ignore = "the writer that `a_killed_writer_leaves_the_journal_consistent` starts and kills"]
fn journal_writer() {
    let Ok(path) = std::env::var(WRITER_DB) else {
        return;
    };
    let store = Store::open(&path).unwrap();
    // On a line of its own: the test harness has printed "test journal_writer ... " without a line end.
    println!("\n{READY}");
    let committed = |row: i64, state: RowState| println!("committed {row} {}", state.as_str());
    let unsettled: Problem = OutcomeProblem::MaybeStillInFlight {
        look_again_secs: 60,
    }
    .into();
    let failed: Problem = OutcomeProblem::NotCreated {
        cause: Box::new(ApiProblem::Unreachable),
    }
    .into();
    loop {
        let job = match store.unfinished_jobs().unwrap().first() {
            Some(job) => job.id,
            None => store
                .create_job(&account(AccountMode::Sandbox), "crash.csv", &job_rows(40))
                .unwrap(),
        };
        for row in store.rows_to_resume(job).unwrap() {
            let id = row.id.0;
            if row.state == RowState::Pending {
                store.mark_sending(row.id, 1_000 + id).unwrap();
                committed(id, RowState::Sending);
                // Some rows' outcomes stay open, to be settled on the next pass or after a kill.
                match id % 5 {
                    3 => {
                        store.mark_failed(row.id, &failed).unwrap();
                        committed(id, RowState::Failed);
                        continue;
                    }
                    4 => {
                        store.mark_unsettled(row.id, &unsettled).unwrap();
                        committed(id, RowState::Unsettled);
                        continue;
                    }
                    _ => {}
                }
            }
            let answer = created(&row.request, &format!("grp_{id}"), 2_000);
            store
                .mark_created(
                    row.id,
                    &row.request,
                    &answer,
                    row.state != RowState::Pending,
                    2_000,
                )
                .unwrap();
            committed(id, RowState::Created);
        }
        if store.rows_to_resume(job).unwrap().is_empty() {
            store.set_job_status(job, JobStatus::Finished).unwrap();
            println!("finished {}", job.0);
        }
    }
}

/// How far along a row is; a committed state is never followed by an earlier one.
fn rank(state: RowState) -> u8 {
    match state {
        RowState::Pending | RowState::Skipped => 0,
        RowState::Sending => 1,
        RowState::Unsettled => 2,
        RowState::Failed | RowState::Conflict | RowState::Created => 3,
    }
}

#[test]
fn a_killed_writer_leaves_the_journal_consistent() {
    let dir = common::temp_dir();
    let path = dir.path().join("crash.sqlite3");
    Store::open(&path).unwrap();
    let exe = std::env::current_exe().unwrap();
    let started = Instant::now();
    let mut kills = 0;
    let mut transitions = 0;
    let mut last_committed: HashMap<i64, RowState> = HashMap::new();
    while kills < KILLS && started.elapsed() < TIME_LIMIT {
        let mut child = Command::new(&exe)
            .args([
                "journal_writer",
                "--exact",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(WRITER_DB, &path)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        // The writer prints READY or dies (and the pipe ends): this can't wait forever.
        let ready = lines
            .by_ref()
            .any(|line| line.is_ok_and(|line| line == READY));
        assert!(ready, "the writer ended before it was ready");
        // Spread the kills over the writer's work: before, between and (by chance) inside transactions.
        std::thread::sleep(Duration::from_millis(u64::from(kills * 37 % 150)));
        child.kill().unwrap(); // SIGKILL on Unix: no destructor, no flush, no rollback runs
        child.wait().unwrap();
        kills += 1;
        for line in lines {
            let line = line.unwrap();
            if let Some(rest) = line.strip_prefix("committed ") {
                let (row, state) = rest.split_once(' ').unwrap();
                let state = serde_json::from_value(serde_json::json!(state)).unwrap();
                last_committed.insert(row.parse().unwrap(), state);
                transitions += 1;
            }
        }
        check_consistent(&path, &last_committed);
    }
    assert!(kills >= MIN_KILLS, "only {kills} kills in {TIME_LIMIT:?}");
    assert!(transitions > 0, "the writer never got to write");
    eprintln!(
        "{kills} kills, {transitions} committed transitions seen, {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

fn check_consistent(path: &Path, last_committed: &HashMap<i64, RowState>) {
    {
        let conn = Connection::open(path).unwrap();
        let integrity: String = conn
            .query_row("PRAGMA integrity_check", [], |row| row.get(0))
            .unwrap();
        assert_eq!(integrity, "ok");
        let broken_links: i64 = conn
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |row| {
                row.get(0)
            })
            .unwrap();
        assert_eq!(broken_links, 0);
        // Every created row has exactly one history entry, and every bulk entry a created row.
        let unmatched: i64 = conn
            .query_row(
                "SELECT (SELECT count(*) FROM job_rows r WHERE r.state = 'created' AND \
                 (SELECT count(*) FROM history h WHERE h.job_row_id = r.id) != 1) + \
                 (SELECT count(*) FROM history h JOIN job_rows r ON r.id = h.job_row_id \
                 WHERE r.state != 'created')",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(unmatched, 0);
    }
    let store = Store::open(path).unwrap();
    let mut rows = HashMap::new();
    let conn = Connection::open(path).unwrap();
    let mut jobs = conn.prepare("SELECT id FROM jobs").unwrap();
    for job in jobs.query_map([], |row| row.get::<_, i64>(0)).unwrap() {
        let job = blooio_store::JobId(job.unwrap());
        let summary = store.job(job).unwrap();
        // A job is stored whole or not at all.
        assert_eq!(summary.counts.total, 40);
        for row in store.report(job, &ReportFilter::default()).unwrap() {
            // Each state carries what it must (the schema's checks, read back through the API).
            assert_eq!(row.created.is_some(), row.state == RowState::Created);
            if matches!(row.state, RowState::Sending | RowState::Unsettled) {
                assert!(row.sent_at_ms.is_some());
            }
            rows.insert(row.id.0, row.state);
        }
    }
    for (row, committed) in last_committed {
        let now = rows[row];
        assert!(
            rank(now) >= rank(*committed),
            "row {row} was committed {committed:?} and is now {now:?}"
        );
        if rank(*committed) == 3 {
            assert_eq!(now, *committed, "row {row} left a final state");
        }
    }
}
