//! The "From spreadsheet" commands through Tauri's mock runtime: a file dropped on the window opened by its token
//! (never by a path from the window), the preview paged, file problems as codes, "already created" from the
//! current mode's history, and the groups a run may send.

mod support;

use std::path::{Path, PathBuf};

use blooio_groups_lib::drops::{DropEvent, Drops};
use blooio_groups_lib::{current_import_rows, AppState};
use serde_json::{json, Value};
use support::{harness_with_saved_key, invoke, scripted, Harness};
use tauri::Manager;

/// Drops `path` on the window as the window's drop event would, and returns the token the window hears.
fn drop_file(h: &Harness, path: &Path) -> String {
    match h.app.state::<Drops>().remember(vec![path.to_path_buf()]) {
        DropEvent::Dropped { token, .. } => token,
        other => panic!("a drop with a file, not {other:?}"),
    }
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("written");
    path
}

/// A file of `groups` groups, one per row: every 100th has a member that is neither a phone number nor an email
/// (a problem), and the last repeats the first one's members (a conflict).
fn teams_csv(groups: usize) -> String {
    let mut csv = String::from("Group name,Phone 1,Phone 2\n");
    let phone = |n: usize| format!("+1212555{:04}", n % 10_000);
    for i in 0..groups {
        if i == groups - 1 {
            csv.push_str(&format!("Team {i},{},{}\n", phone(0), phone(1)));
        } else if i % 100 == 50 {
            csv.push_str(&format!("Team {i},call me,\n"));
        } else {
            csv.push_str(&format!("Team {i},{},{}\n", phone(2 * i), phone(2 * i + 1)));
        }
    }
    csv
}

fn preview(h: &Harness, mapping: &Value) -> Value {
    invoke(
        &h.window,
        "import_preview",
        json!({"mapping": mapping, "defaultRegion": "US"}),
    )
    .expect("previewed")
}

fn page(h: &Harness, status: Value, offset: u32, limit: u32) -> Value {
    invoke(
        &h.window,
        "import_preview_page",
        json!({"status": status, "offset": offset, "limit": limit}),
    )
    .expect("a page")
}

fn first_rows(page: &Value) -> Vec<u64> {
    page["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|row| row["group"]["rows"][0].as_u64().expect("a row number"))
        .collect()
}

#[test]
fn a_dropped_file_opens_by_its_token_and_its_preview_comes_a_page_at_a_time() {
    let h = harness_with_saved_key();
    let folder = tempfile::tempdir().expect("folder");
    let path = write(folder.path(), "teams.csv", &teams_csv(1_000));

    let opened = invoke(
        &h.window,
        "import_open_dropped",
        json!({"token": drop_file(&h, &path)}),
    )
    .expect("opened");
    assert_eq!(opened["file_name"], json!("teams.csv"));
    assert_eq!(opened["format"], json!("text"));
    assert_eq!(opened["encoding"], json!("UTF-8"));
    assert!(
        !opened
            .to_string()
            .contains(&*folder.path().to_string_lossy()),
        "the window never learns the folder: {opened}"
    );
    let sheet = &opened["sheet"];
    assert_eq!(sheet["header"], json!(["Group name", "Phone 1", "Phone 2"]));
    assert_eq!(sheet["rows"], json!(1_001));
    assert_eq!(sheet["samples"].as_array().map(Vec::len), Some(5));
    assert_eq!(sheet["samples"][0]["row"], json!(2));
    let mapping = &sheet["suggested"];
    assert_eq!(
        mapping,
        &json!({"layout": "group_per_row", "has_header": true, "name": 0, "members": [1, 2], "chat_guid": null})
    );

    let summary = preview(&h, mapping);
    assert_eq!(summary["counts"]["groups"], json!(1_000));
    assert_eq!(summary["counts"]["problems"], json!(10));
    assert_eq!(summary["counts"]["conflicts"], json!(2));
    assert_eq!(summary["counts"]["ready"], json!(988));
    assert_eq!(summary["sendable"], json!(988));
    assert_eq!(summary["sendable_with_first_copies"], json!(989));
    assert_eq!(summary["history_checked"], json!(true));

    // Pages of at most 500, in file order, numbered as the preview they belong to.
    let first = page(&h, Value::Null, 0, 10_000);
    assert_eq!(first["total"], json!(1_000));
    assert_eq!(first["rows"].as_array().map(Vec::len), Some(500));
    assert_eq!(first["preview"], summary["preview"]);
    let last = page(&h, Value::Null, 990, 100);
    assert_eq!(first_rows(&last), (992..=1_001).collect::<Vec<u64>>());
    assert_eq!(last["rows"][9]["index"], json!(999));

    // Narrowed to a status: the problems are the rows with an entry that isn't a member.
    let problems = page(&h, json!("problems"), 0, 100);
    assert_eq!(problems["total"], json!(10));
    assert_eq!(first_rows(&problems)[..3], [52, 152, 252]);
    assert_eq!(
        problems["rows"][0]["group"]["summary"]["problems"][0]["problem"]["code"],
        json!("MembersUnusable")
    );
    let conflicts = page(&h, json!("conflict"), 0, 100);
    assert_eq!(first_rows(&conflicts), [2, 1_001]);
}

#[test]
fn a_spreadsheet_chosen_in_the_open_dialog_is_read_and_a_cancel_opens_nothing() {
    let h = harness_with_saved_key();
    let dialogs = scripted(&h);
    assert_eq!(
        invoke(&h.window, "import_choose_file", json!({})).expect("cancelled"),
        Value::Null
    );
    let folder = tempfile::tempdir().expect("folder");
    let path = write(folder.path(), "teams.csv", &teams_csv(10));
    *dialogs.spreadsheet.lock().unwrap() = Some(path);
    let opened = invoke(&h.window, "import_choose_file", json!({})).expect("opened");
    assert_eq!(opened["file_name"], json!("teams.csv"));
    assert_eq!(opened["format"], json!("text"));
    let summary = preview(&h, &opened["sheet"]["suggested"]);
    assert_eq!(summary["counts"]["groups"], json!(10), "{summary}");
}

#[test]
fn the_window_cant_name_a_file_it_wasnt_given() {
    let h = harness_with_saved_key();
    let err = invoke(
        &h.window,
        "import_open_dropped",
        json!({"token": "drop-4242-abc"}),
    )
    .expect_err("no such drop");
    assert_eq!(err["problem"]["code"], json!("Internal"));
    // A path where a token goes is no token either.
    let err = invoke(
        &h.window,
        "import_open_dropped",
        json!({"token": "/etc/passwd"}),
    )
    .expect_err("not a token");
    assert_eq!(err["problem"]["code"], json!("Internal"));
    assert!(err.to_string().contains("drop it again"), "{err}");
    // Nothing was opened: there is nothing to preview.
    let err = invoke(
        &h.window,
        "import_preview_page",
        json!({"status": null, "offset": 0, "limit": 10}),
    )
    .expect_err("no preview");
    assert_eq!(err["problem"]["code"], json!("Internal"));
}

#[test]
fn a_file_problem_is_a_code_and_the_same_file_reads_again_once_fixed() {
    let h = harness_with_saved_key();
    let folder = tempfile::tempdir().expect("folder");
    let path = write(folder.path(), "groups.csv", "");
    let err = invoke(
        &h.window,
        "import_open_dropped",
        json!({"token": drop_file(&h, &path)}),
    )
    .expect_err("empty");
    assert_eq!(err["problem"], json!({"code": "FileEmpty"}));

    std::fs::write(&path, b"%PDF-1.7\0\0binary").expect("written");
    let err = invoke(&h.window, "import_reopen", json!({"sheet": null})).expect_err("not a sheet");
    assert_eq!(err["problem"]["code"], json!("FormatNotRecognised"));

    write(
        folder.path(),
        "groups.csv",
        "Group,Members\nCrew,+12125550100\n",
    );
    let opened = invoke(&h.window, "import_reopen", json!({"sheet": null})).expect("fixed");
    assert_eq!(opened["file_name"], json!("groups.csv"));
    let summary = preview(&h, &opened["sheet"]["suggested"]);
    assert_eq!(summary["counts"]["ready"], json!(1));

    // A mapping made for another file names columns this one doesn't have.
    let err = invoke(
        &h.window,
        "import_preview",
        json!({"mapping": {"layout": "group_per_row", "has_header": true, "name": 0, "members": [7], "chat_guid": null}, "defaultRegion": "US"}),
    )
    .expect_err("column H");
    assert_eq!(
        err["problem"],
        json!({"code": "MappingColumnMissing", "column": 7, "columns": 2})
    );
}

#[test]
fn groups_created_before_are_marked_for_the_current_mode_only() {
    let h = harness_with_saved_key();
    invoke(
        &h.window,
        "create_group",
        json!({"draft": {"name": "Crew", "chat_guid": "", "members": "+1 212 555 0100, ann@example.com", "default_region": "US"}}),
    )
    .expect("created");
    let folder = tempfile::tempdir().expect("folder");
    let path = write(
        folder.path(),
        "crew.csv",
        "Group,Members\nCrew again,\"Ann@Example.com; (212) 555-0100\"\nOthers,+12125550101\n",
    );
    let opened = invoke(
        &h.window,
        "import_open_dropped",
        json!({"token": drop_file(&h, &path)}),
    )
    .expect("opened");
    let mapping = opened["sheet"]["suggested"].clone();

    let summary = preview(&h, &mapping);
    assert_eq!(summary["counts"]["conflicts"], json!(1));
    let conflict = page(&h, json!("conflict"), 0, 10);
    assert_eq!(
        conflict["rows"][0]["group"]["conflicts"],
        json!([{"code": "AlreadyCreated"}])
    );
    let state = h.app.state::<AppState>();
    let rows: Vec<Vec<u32>> = current_import_rows(&state, true)
        .into_iter()
        .map(|row| row.row_numbers)
        .collect();
    assert_eq!(rows, vec![vec![3]], "already created is never sent");

    // Practice mode has its own history, where this group was never created.
    invoke(&h.window, "set_sandbox_mode", json!({"enabled": true})).expect("practice");
    let summary = preview(&h, &mapping);
    assert_eq!(summary["counts"]["conflicts"], json!(0));
    assert_eq!(summary["sendable"], json!(2));
}

#[test]
fn a_run_gets_ready_groups_and_with_conflicts_only_the_first_copy() {
    let h = harness_with_saved_key();
    let folder = tempfile::tempdir().expect("folder");
    // Rows 2 and 5 share members; rows 3 and 4 a chat GUID; row 6 has a warning (a number read from a number
    // cell is a note only in workbooks, so a repeated member stands in); row 7 has no name.
    let path = write(
        folder.path(),
        "mixed.csv",
        "Group,Members,Chat GUID\n\
         A,+12125550100,\n\
         B,+12125550101,iMessage;+;chat1\n\
         C,+12125550102,iMessage;+;chat1\n\
         D,+12125550100,\n\
         E,\"+12125550103, +1 212 555 0103\",\n\
         ,+12125550104,\n",
    );
    let opened = invoke(
        &h.window,
        "import_open_dropped",
        json!({"token": drop_file(&h, &path)}),
    )
    .expect("opened");
    let summary = preview(&h, &opened["sheet"]["suggested"]);
    assert_eq!(summary["counts"]["warnings"], json!(1));
    assert_eq!(summary["counts"]["conflicts"], json!(4));
    assert_eq!(summary["counts"]["problems"], json!(1));

    let state = h.app.state::<AppState>();
    let rows = |include_conflicts| -> Vec<Vec<u32>> {
        current_import_rows(&state, include_conflicts)
            .into_iter()
            .map(|row| row.row_numbers)
            .collect()
    };
    assert_eq!(rows(false), vec![vec![6]]);
    assert_eq!(rows(true), vec![vec![2], vec![3], vec![6]]);
    let sent = current_import_rows(&state, true);
    assert_eq!(
        sent[1].request.chat_guid.as_deref(),
        Some("iMessage;+;chat1")
    );
    assert_eq!(sent[2].request.members, vec!["+12125550103".to_owned()]);
}

#[test]
fn a_workbook_offers_its_sheets_and_skips_an_empty_cover_sheet() {
    let h = harness_with_saved_key();
    let folder = tempfile::tempdir().expect("folder");
    let path = folder.path().join("teams.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    book.add_worksheet().set_name("Read me").expect("named");
    let teams = book.add_worksheet().set_name("Teams").expect("named");
    teams.write(0, 0, "Group").expect("cell");
    teams.write(0, 1, "Phone").expect("cell");
    teams.write(1, 0, "Crew").expect("cell");
    teams.write(1, 1, 12_125_550_100_f64).expect("cell");
    let other = book.add_worksheet().set_name("Parents").expect("named");
    other.write(0, 0, "Name").expect("cell");
    other.write(0, 1, "Email").expect("cell");
    book.save(&path).expect("saved");

    let opened = invoke(
        &h.window,
        "import_open_dropped",
        json!({"token": drop_file(&h, &path)}),
    )
    .expect("opened");
    assert_eq!(opened["format"], json!("xlsx"));
    assert_eq!(opened["sheets"], json!(["Read me", "Teams", "Parents"]));
    assert_eq!(opened["sheet"]["name"], json!("Teams"));
    let summary = preview(&h, &opened["sheet"]["suggested"]);
    // The phone number was a number cell: read back as digits, with a note to check.
    assert_eq!(summary["counts"]["warnings"], json!(1));

    let parents = invoke(
        &h.window,
        "import_choose_sheet",
        json!({"sheet": "Parents"}),
    )
    .expect("sheet");
    assert_eq!(parents["header"], json!(["Name", "Email"]));
    let err = invoke(
        &h.window,
        "import_choose_sheet",
        json!({"sheet": "Read me"}),
    )
    .expect_err("empty");
    assert_eq!(
        err["problem"],
        json!({"code": "SheetEmpty", "sheet": "Read me"})
    );
}
