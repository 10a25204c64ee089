//! History: what is recorded, the order and pages, search, modes kept apart, "Forget history", and the CSV export.

mod common;

use blooio_core::CreatedGroup;
use blooio_store::{
    AccountMode, CreateSource, NewHistoryEntry, Store, HISTORY_CSV_HEADER, HISTORY_PAGE_MAX,
};
use common::{
    account, created, filter, open, page, record, record_named, request, temp_dir, BASE_URL,
    SANDBOX_URL,
};

fn names(store: &Store, mode: AccountMode, search: Option<&str>) -> Vec<String> {
    page(store, mode, search, 0, 100)
        .entries
        .into_iter()
        .map(|entry| entry.request.name)
        .collect()
}

#[test]
fn an_entry_keeps_the_whole_answer_and_how_it_was_made() {
    let dir = temp_dir();
    let store = open(&dir);
    let sent = request(
        "Crew",
        Some("iMessage;+;chat42"),
        &["+12125550100", "ann@example.com"],
    );
    let answer = created(&sent, "grp_crew", 1_700_000_000_000);
    let id = store
        .record_created(&NewHistoryEntry {
            account: &account(AccountMode::Blooio),
            source: CreateSource::Cli,
            request: &sent,
            created: &answer,
            recovered: true,
            created_at_ms: 1_700_000_000_500,
        })
        .unwrap();
    let page = page(&store, AccountMode::Blooio, None, 0, 10);
    assert_eq!(page.total, 1);
    let entry = &page.entries[0];
    assert_eq!(entry.id, id);
    assert_eq!(entry.created_at_ms, 1_700_000_000_500);
    assert_eq!(entry.mode, AccountMode::Blooio);
    assert_eq!(entry.source, CreateSource::Cli);
    assert_eq!(entry.base_url, BASE_URL);
    assert_eq!(entry.key_hint, common::key().hint());
    assert!(entry.recovered);
    assert_eq!(entry.request, sent);
    assert_eq!(entry.created, answer);
    assert_eq!(
        entry.created.created_contacts,
        vec!["+12125550100".to_owned()]
    );
    assert_eq!(entry.job_id, None);
}

#[test]
fn newest_first_in_pages_with_the_total() {
    let dir = temp_dir();
    let store = open(&dir);
    // Out of order, and two at the same millisecond (the later insert is listed first).
    for (name, at) in [("B", 2), ("A", 1), ("D", 4), ("C", 3), ("C2", 3)] {
        record(
            &store,
            AccountMode::Blooio,
            CreateSource::Form,
            &request(name, None, &[]),
            "grp",
            at,
        );
    }
    assert_eq!(
        names(&store, AccountMode::Blooio, None),
        ["D", "C2", "C", "B", "A"]
    );
    let second = page(&store, AccountMode::Blooio, None, 2, 2);
    assert_eq!(second.total, 5);
    assert_eq!(second.offset, 2);
    let second: Vec<_> = second
        .entries
        .iter()
        .map(|e| e.request.name.as_str())
        .collect();
    assert_eq!(second, ["C", "B"]);
    let past_the_end = page(&store, AccountMode::Blooio, None, 10, 2);
    assert!(past_the_end.entries.is_empty());
    assert_eq!(past_the_end.total, 5);
    // A page is never larger than the maximum, whatever is asked.
    for i in 0..(HISTORY_PAGE_MAX + 5) {
        record(
            &store,
            AccountMode::Sandbox,
            CreateSource::Bulk,
            &request("x", None, &[]),
            "g",
            i64::from(i),
        );
    }
    let page = page(&store, AccountMode::Sandbox, None, 0, u32::MAX);
    assert_eq!(page.entries.len(), HISTORY_PAGE_MAX as usize);
}

#[test]
fn search_finds_any_part_of_a_name_id_chat_guid_or_member_in_any_case() {
    let dir = temp_dir();
    let store = open(&dir);
    let groups = [
        (
            "Smith family",
            None,
            vec!["+12125550100", "ann@example.com"],
            "grp_AbC123",
        ),
        (
            "Ökonomie 2026",
            Some("iMessage;+;chat998877"),
            vec!["+4915112345678"],
            "grp_x1",
        ),
        ("Night crew", None, vec!["bob@Example.org"], "grp_y2"),
        ("50% off", None, vec![], "grp_z3"),
    ];
    for (i, (name, guid, members, id)) in groups.iter().enumerate() {
        record(
            &store,
            AccountMode::Blooio,
            CreateSource::Form,
            &request(name, *guid, members),
            id,
            i as i64,
        );
    }
    let cases: &[(&str, &[&str])] = &[
        ("smith", &["Smith family"]),
        ("  SMITH  ", &["Smith family"]),
        ("ökonomie", &["Ökonomie 2026"]),
        ("ÖKONOMIE", &["Ökonomie 2026"]),
        ("grp_abc", &["Smith family"]),
        ("chat998877", &["Ökonomie 2026"]),
        ("imessage;+;", &["Ökonomie 2026"]),
        ("+1212555", &["Smith family"]),
        ("49151", &["Ökonomie 2026"]),
        ("ANN@EXAMPLE", &["Smith family"]),
        ("example.org", &["Night crew"]),
        ("crew", &["Night crew"]),
        // A phone number as people write it finds the member stored in E.164.
        ("(212) 555-0100", &["Smith family"]),
        ("+1 212.555.0100", &["Smith family"]),
        ("555-0100", &["Smith family"]),
        ("0151 1234 5678", &["Ökonomie 2026"]),
        ("0049 151 12345678", &["Ökonomie 2026"]),
        ("+44 151 1234", &[]),
        ("50 %", &[]),
        // No wildcard meaning: % and _ are the characters themselves.
        ("50%", &["50% off"]),
        ("%", &["50% off"]),
        (
            "grp_",
            &["50% off", "Night crew", "Ökonomie 2026", "Smith family"],
        ),
        ("nobody", &[]),
        (
            "",
            &["50% off", "Night crew", "Ökonomie 2026", "Smith family"],
        ),
        // A search spans one field only, not the line between two.
        ("family\ngrp", &[]),
    ];
    for (search, expected) in cases {
        assert_eq!(
            names(&store, AccountMode::Blooio, Some(search)),
            *expected,
            "search {search:?}"
        );
        let page = page(&store, AccountMode::Blooio, Some(search), 0, 1);
        assert_eq!(page.total as usize, expected.len(), "total for {search:?}");
    }
}

#[test]
fn sandbox_and_blooio_history_are_kept_apart_and_forgotten_apart() {
    let dir = temp_dir();
    let store = open(&dir);
    record_named(&store, AccountMode::Blooio, "Real", 1);
    record_named(&store, AccountMode::Sandbox, "Play", 2);
    assert_eq!(names(&store, AccountMode::Blooio, None), ["Real"]);
    assert_eq!(names(&store, AccountMode::Sandbox, None), ["Play"]);
    assert_eq!(
        names(&store, AccountMode::Blooio, Some("play")),
        Vec::<String>::new()
    );
    let sandbox_entry = &page(&store, AccountMode::Sandbox, None, 0, 1).entries[0];
    assert_eq!(sandbox_entry.base_url, SANDBOX_URL);

    assert_eq!(store.forget_history(AccountMode::Sandbox).unwrap(), 1);
    assert!(names(&store, AccountMode::Sandbox, None).is_empty());
    assert_eq!(names(&store, AccountMode::Blooio, None), ["Real"]);
    assert_eq!(store.forget_history(AccountMode::Sandbox).unwrap(), 0);
}

#[test]
fn history_survives_closing_and_opening_again() {
    let dir = temp_dir();
    {
        let store = open(&dir);
        record_named(&store, AccountMode::Blooio, "Kept", 1);
    }
    assert_eq!(names(&open(&dir), AccountMode::Blooio, None), ["Kept"]);
}

#[test]
fn an_answer_without_name_or_id_is_recorded_with_the_request_s_name() {
    let dir = temp_dir();
    let store = open(&dir);
    let sent = request("Asked for", None, &["+12125550100"]);
    let sparse = CreatedGroup::default();
    store
        .record_created(&NewHistoryEntry {
            account: &account(AccountMode::Blooio),
            source: CreateSource::Form,
            request: &sent,
            created: &sparse,
            recovered: false,
            created_at_ms: 5,
        })
        .unwrap();
    assert_eq!(
        names(&store, AccountMode::Blooio, Some("asked")),
        ["Asked for"]
    );
    let mut csv = Vec::new();
    store
        .export_history_csv(&mut csv, &filter(AccountMode::Blooio, None))
        .unwrap();
    let csv = String::from_utf8(csv).unwrap();
    assert!(
        csv.lines()
            .nth(1)
            .unwrap()
            .starts_with("1970-01-01T00:00:00.005Z,Asked for,,"),
        "{csv}"
    );
}

#[test]
fn the_csv_export_is_exactly_this() {
    let dir = temp_dir();
    let store = open(&dir);
    let crew = request(
        "Crew, \"night\" shift",
        Some("iMessage;+;chat42"),
        &["+12125550100", "ann@example.com"],
    );
    record(
        &store,
        AccountMode::Blooio,
        CreateSource::Bulk,
        &crew,
        "grp_1",
        1_795_000_000_123,
    );
    let formula = request("=HYPERLINK(\"http://x\")", None, &["+447700900123"]);
    record(
        &store,
        AccountMode::Blooio,
        CreateSource::Form,
        &formula,
        "grp_2",
        1_795_000_060_000,
    );
    record(
        &store,
        AccountMode::Sandbox,
        CreateSource::Cli,
        &request("Elsewhere", None, &[]),
        "grp_3",
        1,
    );
    let empty = request("Nobody", None, &[]);
    record(
        &store,
        AccountMode::Blooio,
        CreateSource::Cli,
        &empty,
        "grp_4",
        1_700_000_000_000,
    );

    let mut out = Vec::new();
    let written = store
        .export_history_csv(&mut out, &filter(AccountMode::Blooio, None))
        .unwrap();
    assert_eq!(written, 3);
    let hint = common::key().hint();
    assert_eq!(hint, "…9z8Y");
    let expected = format!(
        "created at,name,group id,chat GUID,members,added members,created contacts,mode,base URL,key hint,source\n\
         2026-11-18T11:07:40.000Z,\"'=HYPERLINK(\"\"http://x\"\")\",grp_2,,+447700900123,+447700900123,+447700900123,blooio,{BASE_URL},{hint},form\n\
         2026-11-18T11:06:40.123Z,\"Crew, \"\"night\"\" shift\",grp_1,iMessage;+;chat42,+12125550100; ann@example.com,+12125550100; ann@example.com,+12125550100,blooio,{BASE_URL},{hint},bulk\n\
         2023-11-14T22:13:20.000Z,Nobody,grp_4,,,,,blooio,{BASE_URL},{hint},cli\n"
    );
    assert_eq!(String::from_utf8(out).unwrap(), expected);
    assert_eq!(
        HISTORY_CSV_HEADER.join(","),
        expected.lines().next().unwrap()
    );

    // The filter's search applies to the export too, a phone number as people write it included.
    for search in ["ANN@", "(212) 555-0100"] {
        let mut out = Vec::new();
        let written = store
            .export_history_csv(&mut out, &filter(AccountMode::Blooio, Some(search)))
            .unwrap();
        assert_eq!(written, 1, "{search}");
        assert_eq!(String::from_utf8(out).unwrap().lines().count(), 2);
    }
}

#[test]
fn an_export_that_cannot_be_written_says_so() {
    struct Full;
    impl std::io::Write for Full {
        fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("no space left on device"))
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let dir = temp_dir();
    let store = open(&dir);
    record(
        &store,
        AccountMode::Blooio,
        CreateSource::Form,
        &request("A", None, &[]),
        "g",
        1,
    );
    let error = store
        .export_history_csv(Full, &filter(AccountMode::Blooio, None))
        .unwrap_err();
    assert_eq!(error.problem().code(), "StoreExportFailed");
    assert!(error.to_string().contains("no space left"), "{error}");
}

#[test]
fn what_was_sent_is_listed_per_mode_and_key_for_already_created() {
    let dir = temp_dir();
    let store = open(&dir);
    let crew = request("Crew", None, &["+12125550100"]);
    let linked = request("Linked", Some("iMessage;+;chat7"), &[]);
    record(
        &store,
        AccountMode::Blooio,
        CreateSource::Form,
        &crew,
        "grp_1",
        1,
    );
    record(
        &store,
        AccountMode::Blooio,
        CreateSource::Bulk,
        &linked,
        "grp_2",
        2,
    );
    record(
        &store,
        AccountMode::Sandbox,
        CreateSource::Form,
        &crew,
        "grp_3",
        3,
    );

    let hint = account(AccountMode::Blooio).key_hint().to_owned();
    let mut real = store
        .created_requests(AccountMode::Blooio, Some(&hint))
        .unwrap();
    real.sort_by(|a, b| a.name.cmp(&b.name));
    assert_eq!(real, vec![crew.clone(), linked]);
    assert_eq!(
        store.created_requests(AccountMode::Sandbox, None).unwrap(),
        vec![crew]
    );
    // Another key's allocation is another account.
    assert!(store
        .created_requests(AccountMode::Blooio, Some("…zzzz"))
        .unwrap()
        .is_empty());
}
