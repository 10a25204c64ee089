//! `--members-file` reads contacts exports and spreadsheets with the importer the window uses, and
//! `--members-column` picks the column when the headers don't say.

mod common;

use common::{run, sandbox, Run, KEY};

const CONTACTS: &str = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Appleseed\r\n\
    item1.TEL;type=CELL:(212) 555-0100\r\nEMAIL;type=INTERNET:ann@example.com\r\nEND:VCARD\r\n\
    BEGIN:VCARD\r\nVERSION:2.1\r\nN:Fox;Frank\r\nTEL;WORK;VOICE:+44 20 7946 0958\r\nEND:VCARD\r\n";

const GUESTS: &str = "Who,What,Reach at\nAnn,cake,212-555-0101\nBob,,bob@example.com\nCarol,tea,\n";

fn file(dir: &tempfile::TempDir, name: &str, content: &str) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, content).unwrap();
    path.to_string_lossy().into_owned()
}

/// Creates a group named `name` (region US) from `members_file`, with `extra` arguments.
async fn create_from(base: &str, name: &str, members_file: &str, extra: &[&str]) -> Run {
    let mut args = vec![
        "--base-url",
        base,
        "--region",
        "US",
        "--name",
        name,
        "--members-file",
        members_file,
    ];
    args.extend_from_slice(extra);
    run(&args, Some(KEY)).await
}

fn added_members(run: &Run) -> serde_json::Value {
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    json["added_members"].clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_phone_and_email_of_a_contacts_export() {
    let sandbox = sandbox().await;
    let dir = tempfile::tempdir().unwrap();
    let contacts = file(&dir, "contacts.vcf", CONTACTS);
    let run = create_from(&sandbox.base_url(), "Crew", &contacts, &["--json"]).await;
    assert_eq!(
        added_members(&run),
        serde_json::json!(["+12125550100", "ann@example.com", "+442079460958"])
    );
    assert!(
        run.stderr.contains("Read 3 entries from 2 contacts in "),
        "{}",
        run.stderr
    );
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_column_the_headers_dont_name_is_asked_for_then_read() {
    let sandbox = sandbox().await;
    let base = sandbox.base_url();
    let dir = tempfile::tempdir().unwrap();
    let guests = file(&dir, "guests.csv", GUESTS);
    let contacts = file(&dir, "contacts.vcf", CONTACTS);

    let asked = create_from(&base, "Party", &guests, &[]).await;
    assert_eq!(asked.code, 2, "{}", asked.stderr);
    assert!(
        asked
            .stderr
            .contains("Choose the column to add members from: “Who”, “What”, “Reach at”.")
            && asked.stderr.contains("--members-column \"Who\""),
        "{}",
        asked.stderr
    );
    let unknown = create_from(&base, "Party", &guests, &["--members-column", "nope"]).await;
    assert_eq!(unknown.code, 2, "{}", unknown.stderr);
    assert!(
        unknown.stderr.contains("neither a header"),
        "{}",
        unknown.stderr
    );

    let read = create_from(
        &base,
        "Party",
        &guests,
        &["--members-column", "Reach at", "--json"],
    )
    .await;
    assert_eq!(
        added_members(&read),
        serde_json::json!(["+12125550101", "bob@example.com"])
    );
    assert!(
        read.stderr.contains("from the column “Reach at” of "),
        "{}",
        read.stderr
    );

    // A column letter reads the same column: the same people, so Blooio answers that the group exists. A contacts
    // file has no columns.
    let by_letter = create_from(&base, "Party 2", &guests, &["--members-column", "c"]).await;
    assert_eq!(by_letter.code, 4, "{}", by_letter.stderr);
    let vcard_column = create_from(&base, "X", &contacts, &["--members-column", "A"]).await;
    assert_eq!(vcard_column.code, 2, "{}", vcard_column.stderr);
    assert!(
        vcard_column.stderr.contains("has no columns"),
        "{}",
        vcard_column.stderr
    );
    assert_eq!(
        sandbox.group_count(),
        1,
        "nothing sent for the refused runs"
    );
    sandbox.shutdown().await;
}
