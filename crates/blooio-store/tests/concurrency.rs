//! The app and the CLI on the same file at once: two connections writing together, several processes opening a
//! new file together, readers beside a writer, and a writer waiting its turn instead of failing.

mod common;

use std::sync::Barrier;
use std::time::{Duration, Instant};

use blooio_store::{AccountMode, ReportFilter, Store, SCHEMA_VERSION};
use common::{account, created, job_rows, page, record_named, temp_dir};
use rusqlite::Connection;

#[test]
fn two_connections_write_at_once_and_nothing_is_lost() {
    let dir = temp_dir();
    let path = dir.path().join("shared.sqlite3");
    Store::open(&path).unwrap();
    let start = Barrier::new(2);
    std::thread::scope(|scope| {
        // The window: recording single creates.
        scope.spawn(|| {
            let app = Store::open(&path).unwrap();
            start.wait();
            for i in 0..150 {
                record_named(&app, AccountMode::Blooio, &format!("Form {i}"), i);
            }
        });
        // The CLI: a bulk run, every row through sending and created.
        scope.spawn(|| {
            let cli = Store::open(&path).unwrap();
            let job = cli
                .create_job(&account(AccountMode::Sandbox), "cli.csv", &job_rows(75))
                .unwrap();
            start.wait();
            for row in cli.rows_to_resume(job).unwrap() {
                cli.mark_sending(row.id, 1).unwrap();
                let answer = created(&row.request, &format!("grp_{}", row.id.0), 2);
                cli.mark_created(row.id, &row.request, &answer, false, 2)
                    .unwrap();
            }
        });
    });
    let store = Store::open(&path).unwrap();
    assert_eq!(page(&store, AccountMode::Blooio, None, 0, 1).total, 150);
    assert_eq!(page(&store, AccountMode::Sandbox, None, 0, 1).total, 75);
    let job = store.unfinished_jobs().unwrap()[0].id;
    assert_eq!(store.job(job).unwrap().counts.created, 75);
}

#[test]
fn connections_opening_a_new_file_together_set_it_up_once() {
    // Each attempt is a few milliseconds; the races it found (WAL switch, a read between two statements) struck
    // about one run in three at 5 attempts.
    for attempt in 0..20 {
        let dir = temp_dir();
        let path = dir.path().join(format!("race{attempt}.sqlite3"));
        let start = Barrier::new(4);
        std::thread::scope(|scope| {
            for _ in 0..4 {
                scope.spawn(|| {
                    start.wait();
                    Store::open(&path).unwrap();
                });
            }
        });
        let conn = Connection::open(&path).unwrap();
        let version: u32 = conn
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .unwrap();
        assert_eq!(version, SCHEMA_VERSION);
    }
}

#[test]
fn a_reader_in_the_middle_of_a_read_does_not_hold_up_a_writer() {
    let dir = temp_dir();
    let path = dir.path().join("wal.sqlite3");
    let store = Store::open(&path).unwrap();
    record_named(&store, AccountMode::Blooio, "Before", 1);
    let reader = Connection::open(&path).unwrap();
    reader.execute_batch("BEGIN").unwrap();
    let seen: i64 = reader
        .query_row("SELECT count(*) FROM history", [], |row| row.get(0))
        .unwrap();
    assert_eq!(seen, 1);
    let started = Instant::now();
    record_named(&store, AccountMode::Blooio, "During", 2);
    assert!(started.elapsed() < Duration::from_secs(2));
    // The reader keeps its snapshot until it ends its transaction.
    let still: i64 = reader
        .query_row("SELECT count(*) FROM history", [], |row| row.get(0))
        .unwrap();
    assert_eq!(still, 1);
    reader.execute_batch("COMMIT").unwrap();
}

#[test]
fn a_writer_waits_for_another_process_s_transaction_instead_of_failing() {
    let dir = temp_dir();
    let path = dir.path().join("busy.sqlite3");
    let store = Store::open(&path).unwrap();
    let job = store
        .create_job(&account(AccountMode::Blooio), "a.csv", &job_rows(1))
        .unwrap();
    let row = store.report(job, &ReportFilter::default()).unwrap()[0].id;
    let other = Connection::open(&path).unwrap();
    other.execute_batch("BEGIN IMMEDIATE").unwrap();
    let held = Barrier::new(2);
    let held_ref = &held;
    std::thread::scope(|scope| {
        scope.spawn(move || {
            held_ref.wait();
            std::thread::sleep(Duration::from_millis(300));
            other.execute_batch("COMMIT").unwrap();
        });
        held.wait();
        let started = Instant::now();
        store.mark_sending(row, 1).unwrap();
        assert!(started.elapsed() >= Duration::from_millis(250));
    });
}
