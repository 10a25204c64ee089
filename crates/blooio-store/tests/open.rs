//! Opening: a new file, upgrades from every earlier version, and the files the store must refuse without
//! changing a byte (newer versions, other programs' databases, files that aren't SQLite).

mod common;

use std::path::Path;

use blooio_store::{
    create_at_version, AccountMode, CreateSource, Store, StoreProblem, SCHEMA_VERSION,
};
use common::{record, request, temp_dir};
use rusqlite::Connection;

/// The schema as SQLite keeps it: every table, index and its SQL, for comparing two databases.
fn schema(path: &Path) -> Vec<(String, String, Option<String>)> {
    let conn = Connection::open(path).unwrap();
    let mut statement = conn
        .prepare("SELECT type, name, sql FROM sqlite_schema ORDER BY type, name")
        .unwrap();
    statement
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn pragma(path: &Path, name: &str) -> i64 {
    Connection::open(path)
        .unwrap()
        .pragma_query_value(None, name, |row| row.get(0))
        .unwrap()
}

fn problem(result: Result<Store, blooio_store::StoreError>) -> StoreProblem {
    result.unwrap_err().problem().clone()
}

#[test]
fn a_new_file_gets_the_whole_schema() {
    let dir = temp_dir();
    let path = dir.path().join("new.sqlite3");
    let store = Store::open(&path).unwrap();
    assert_eq!(pragma(&path, "user_version"), i64::from(SCHEMA_VERSION));
    assert_eq!(
        pragma(&path, "application_id"),
        i64::from(blooio_store::APPLICATION_ID)
    );
    let journal_mode: String = Connection::open(&path)
        .unwrap()
        .pragma_query_value(None, "journal_mode", |row| row.get(0))
        .unwrap();
    assert_eq!(journal_mode, "wal");
    let names: Vec<String> = schema(&path).into_iter().map(|(_, name, _)| name).collect();
    for table in ["history", "jobs", "job_rows"] {
        assert!(names.contains(&table.to_owned()), "{names:?}");
    }
    drop(store);
    // Opening again changes nothing.
    let before = schema(&path);
    Store::open(&path).unwrap();
    assert_eq!(schema(&path), before);
}

#[test]
fn an_empty_file_is_set_up_like_a_new_one() {
    let dir = temp_dir();
    let path = dir.path().join("empty.sqlite3");
    std::fs::write(&path, b"").unwrap();
    Store::open(&path).unwrap();
    assert_eq!(pragma(&path, "user_version"), i64::from(SCHEMA_VERSION));
}

#[test]
fn every_earlier_version_upgrades_to_the_schema_of_a_new_file_keeping_its_records() {
    let dir = temp_dir();
    let fresh = dir.path().join("fresh.sqlite3");
    Store::open(&fresh).unwrap();
    for version in 0..SCHEMA_VERSION {
        let path = dir.path().join(format!("v{version}.sqlite3"));
        create_at_version(&path, version).unwrap();
        assert_eq!(pragma(&path, "user_version"), i64::from(version));
        // A record of the oldest kind (history exists from version 1), written as that build wrote it.
        if version >= 1 {
            let conn = Connection::open(&path).unwrap();
            conn.execute(
                "INSERT INTO history (created_at_ms, mode, source, base_url, key_hint, recovered, group_id, \
                 name, chat_guid, request, response, search_text) VALUES (1, 'blooio', 'form', 'u', '…abcd', 0, \
                 'grp_old', 'Old', NULL, '{\"name\":\"Old\"}', '{\"group_id\":\"grp_old\",\"name\":\"Old\"}', \
                 'old\ngrp_old')",
                [],
            )
            .unwrap();
        }
        let store = Store::open(&path).unwrap();
        assert_eq!(
            pragma(&path, "user_version"),
            i64::from(SCHEMA_VERSION),
            "from v{version}"
        );
        assert_eq!(schema(&path), schema(&fresh), "from v{version}");
        if version >= 1 {
            let page = common::page(&store, AccountMode::Blooio, Some("OLD"), 0, 10);
            assert_eq!(page.total, 1, "from v{version}");
            assert_eq!(
                page.entries[0].created.group.group_id.as_deref(),
                Some("grp_old")
            );
            assert_eq!(page.entries[0].job_id, None);
        }
    }
}

#[test]
fn a_database_from_a_newer_version_is_refused_and_left_byte_for_byte() {
    let dir = temp_dir();
    let path = dir.path().join("newer.sqlite3");
    {
        let store = Store::open(&path).unwrap();
        record(
            &store,
            AccountMode::Blooio,
            CreateSource::Form,
            &request("Kept", None, &[]),
            "grp_1",
            1,
        );
    }
    // What a later build would leave: its own version number, maybe a table this build doesn't know.
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE from_the_future (x); PRAGMA user_version = 99;")
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    for _ in 0..2 {
        let refused = problem(Store::open(&path));
        assert_eq!(
            refused,
            StoreProblem::StoreNewerVersion {
                found: 99,
                supported: SCHEMA_VERSION
            }
        );
        assert!(refused.to_string().contains("Update Blooio Groups"));
    }
    assert!(std::fs::read(&path).unwrap() == before, "the file changed");
    // Reading a database in WAL mode makes SQLite's own side files (the shared-memory index and an empty log);
    // nothing was written to the log.
    for name in dir_listing(dir.path()) {
        if name.ends_with("-wal") {
            assert_eq!(std::fs::metadata(dir.path().join(&name)).unwrap().len(), 0);
        }
    }
    assert_eq!(pragma(&path, "user_version"), 99);
}

#[test]
fn a_newer_database_with_a_write_ahead_log_is_not_checkpointed_into() {
    let dir = temp_dir();
    let path = dir.path().join("newer-wal.sqlite3");
    Store::open(&path).unwrap();
    // A newer build's process still has the file open, with its last commits only in the log.
    let newer = Connection::open(&path).unwrap();
    newer
        .execute_batch(
            "PRAGMA wal_autocheckpoint = 0; PRAGMA user_version = 42; CREATE TABLE t (x);",
        )
        .unwrap();
    let before = std::fs::read(&path).unwrap();
    assert_eq!(
        problem(Store::open(&path)),
        StoreProblem::StoreNewerVersion {
            found: 42,
            supported: SCHEMA_VERSION
        }
    );
    assert!(std::fs::read(&path).unwrap() == before, "the file changed");
    drop(newer);
}

#[test]
fn files_that_are_not_ours_are_refused_and_left_untouched() {
    let dir = temp_dir();
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "group,members\nTeam,+12125550100\n").unwrap();
    let short = dir.path().join("short");
    std::fs::write(&short, b"SQLite").unwrap();
    let damaged = dir.path().join("damaged.sqlite3");
    {
        Store::open(&damaged).unwrap();
    }
    let mut bytes = std::fs::read(&damaged).unwrap();
    for byte in &mut bytes[16..100] {
        *byte = 0xFF; // the rest of the header: page size, counters
    }
    std::fs::write(&damaged, &bytes).unwrap();
    let foreign = dir.path().join("foreign.sqlite3");
    Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE contacts (name TEXT); INSERT INTO contacts VALUES ('Ann');")
        .unwrap();

    let cases = [
        (&text, "StoreNotADatabase"),
        (&short, "StoreNotADatabase"),
        (&damaged, "StoreNotADatabase"),
        (&foreign, "StoreForeignDatabase"),
    ];
    for (path, code) in cases {
        let before = std::fs::read(path).unwrap();
        let refused = problem(Store::open(path));
        assert_eq!(refused.code(), code, "{}", path.display());
        assert!(refused.to_string().contains("left as it was"), "{refused}");
        assert!(
            std::fs::read(path).unwrap() == before,
            "{} changed",
            path.display()
        );
    }
}

#[test]
fn a_missing_folder_says_so() {
    let dir = temp_dir();
    let refused = problem(Store::open(dir.path().join("no/such/folder/store.sqlite3")));
    assert_eq!(refused.code(), "StoreCannotOpen");
}

fn dir_listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}
