//! The key never reaches the store. The API can't take one — an `Account` is made from the `ApiKey` and keeps
//! only its hint (the `compile_fail` example on `Account` proves a string can't be passed instead) — and this
//! test looks for it byte by byte in every file the store wrote, in the export and in what the API returns.

mod common;

use blooio_store::{AccountMode, CreateSource, ReportFilter};
use common::{account, created, filter, job_rows, open, page, record, request, temp_dir, KEY};

/// The key, and the part of it that is secret (without its well-known prefix), in the encodings a file could
/// hold it in.
fn needles() -> Vec<Vec<u8>> {
    let secret = KEY.trim_start_matches("bl_live_");
    assert!(secret.len() > 20);
    let mut needles = Vec::new();
    for text in [KEY, secret] {
        needles.push(text.as_bytes().to_vec());
        needles.push(text.encode_utf16().flat_map(u16::to_le_bytes).collect());
        needles.push(text.encode_utf16().flat_map(u16::to_be_bytes).collect());
    }
    needles
}

fn assert_no_key(what: &str, bytes: &[u8]) {
    for needle in needles() {
        assert!(
            !bytes
                .windows(needle.len())
                .any(|window| window == needle.as_slice()),
            "the key is in {what}"
        );
    }
}

#[test]
fn no_file_the_store_writes_holds_the_key() {
    let dir = temp_dir();
    let store = open(&dir);
    let sent = request("Team", None, &["+12125550100"]);
    record(
        &store,
        AccountMode::Blooio,
        CreateSource::Form,
        &sent,
        "grp_1",
        1,
    );
    record(
        &store,
        AccountMode::Sandbox,
        CreateSource::Cli,
        &sent,
        "grp_2",
        2,
    );
    let job = store
        .create_job(&account(AccountMode::Blooio), "bulk.csv", &job_rows(3))
        .unwrap();
    for row in store.report(job, &ReportFilter::default()).unwrap() {
        store.mark_sending(row.id, 3).unwrap();
        let answer = created(&row.request, "grp_b", 4);
        store
            .mark_created(row.id, &row.request, &answer, false, 4)
            .unwrap();
    }
    let mut csv = Vec::new();
    store
        .export_history_csv(&mut csv, &filter(AccountMode::Blooio, None))
        .unwrap();
    assert_no_key("the CSV export", &csv);

    // What the API hands the window and the CLI.
    let history = page(&store, AccountMode::Blooio, None, 0, 100);
    assert_eq!(history.total, 4);
    assert_no_key("the history JSON", &serde_json::to_vec(&history).unwrap());
    assert_no_key("the history's Debug", format!("{history:?}").as_bytes());
    let summary = store.job(job).unwrap();
    assert_no_key("the job JSON", &serde_json::to_vec(&summary).unwrap());
    assert_no_key(
        "the account's Debug",
        format!("{:?}", account(AccountMode::Blooio)).as_bytes(),
    );

    // Every file in the folder, the write-ahead log and shared memory included, before and after closing.
    let scan = || {
        for entry in std::fs::read_dir(dir.path()).unwrap() {
            let path = entry.unwrap().path();
            assert_no_key(&path.display().to_string(), &std::fs::read(&path).unwrap());
        }
    };
    scan();
    drop(store);
    scan();
    // The hint is there, so the test would see a key if it were.
    let bytes = std::fs::read(dir.path().join("blooio-groups.sqlite3")).unwrap();
    let hint = common::key().hint();
    assert!(bytes.windows(hint.len()).any(|w| w == hint.as_bytes()));
}
