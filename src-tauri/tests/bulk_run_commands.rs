//! The bulk run's commands through Tauri's mock runtime, against the sandbox: a job made from the file open on
//! the "From spreadsheet" screen, run on its own thread, paused and resumed, reported, retried; one run at a time.

mod support;

use std::time::{Duration, Instant};

use blooio_groups_lib::drops::{DropEvent, Drops};
use blooio_sandbox::Fault;
use serde_json::{json, Value};
use support::{harness_with_saved_key, invoke, scripted, Harness};
use tauri::Manager;

/// What the window passes for a `Channel` argument; the mock runtime delivers nothing to it, so the tests read the
/// journal instead, as the report table does.
const CHANNEL: &str = "__CHANNEL__:4242";

fn open_file(h: &Harness, csv: &str) {
    let folder = tempfile::tempdir().expect("folder");
    let path = folder.path().join("crews.csv");
    std::fs::write(&path, csv).expect("written");
    let DropEvent::Dropped { token, .. } = h.app.state::<Drops>().remember(vec![path]) else {
        panic!("a drop");
    };
    let opened =
        invoke(&h.window, "import_open_dropped", json!({ "token": token })).expect("opened");
    let mapping = opened["sheet"]["suggested"].clone();
    invoke(
        &h.window,
        "import_preview",
        json!({"mapping": mapping, "defaultRegion": "US"}),
    )
    .expect("previewed");
}

fn crews(count: usize) -> String {
    let mut csv = String::from("Group,Phone\n");
    for i in 0..count {
        csv.push_str(&format!("Crew {i},+1212555{:04}\n", 1000 + i));
    }
    csv
}

fn report(h: &Harness, job: &Value) -> Value {
    invoke(
        &h.window,
        "bulk_report",
        json!({"job": job, "filter": {"states": []}, "offset": 0, "limit": 500}),
    )
    .expect("report")
}

/// Waits until the job's journal shows `status`.
fn wait_for(h: &Harness, job: &Value, status: &str) -> Value {
    let started = Instant::now();
    loop {
        let now = report(h, job);
        if now["job"]["status"] == json!(status) {
            return now;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "never {status}: {now}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_job_from_the_open_file_runs_to_the_end_and_every_group_is_created_once() {
    let h = harness_with_saved_key();
    open_file(&h, &crews(25));
    let made = invoke(
        &h.window,
        "create_bulk_job",
        json!({"includeFirstCopies": true}),
    )
    .expect("job");
    assert_eq!(made["source_file_name"], json!("crews.csv"));
    assert_eq!(made["counts"]["total"], json!(25));
    assert_eq!(
        made["mode"],
        json!("blooio"),
        "the harness's connection is Blooio's address"
    );
    let job = made["id"].clone();

    invoke(
        &h.window,
        "run_bulk_job",
        json!({"job": job, "events": CHANNEL}),
    )
    .expect("started");
    let done = wait_for(&h, &job, "finished");
    assert_eq!(done["job"]["counts"]["created"], json!(25));
    assert_eq!(h.sandbox.group_count(), 25);
    assert!(done["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .all(|row| row["state"] == json!("created") && row["created"]["group_id"].is_string()));
    // The report is read a page at a time, from where the window asks, at most 500 rows an answer.
    let page = |offset: u32, limit: u32, states: Value| {
        let page = invoke(
            &h.window,
            "bulk_report",
            json!({"job": job, "filter": {"states": states}, "offset": offset, "limit": limit}),
        )
        .expect("report page");
        let positions: Vec<u64> = page["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .filter_map(|row| row["position"].as_u64())
            .collect();
        (page["total"].clone(), positions)
    };
    assert_eq!(
        page(20, 10, json!([])),
        (json!(25), vec![20, 21, 22, 23, 24])
    );
    assert_eq!(page(0, 2, json!(["created"])), (json!(25), vec![0, 1]));
    assert_eq!(page(0, 10, json!(["failed"])), (json!(0), vec![]));
    assert_eq!(page(0, 100_000, json!([])).1.len(), 25);
    // Every row is in the history too, as a bulk create.
    let history = invoke(
        &h.window,
        "history_page",
        json!({"offset": 0, "limit": 100}),
    )
    .expect("history");
    assert_eq!(history["total"], json!(25));
    assert_eq!(
        invoke(&h.window, "unfinished_bulk_jobs", json!({})).expect("jobs"),
        json!([])
    );

    // The report goes where the save dialog says, as CSV or as a workbook; closing the dialog saves nothing.
    let dialogs = scripted(&h);
    let export = |format: &str| {
        invoke(
            &h.window,
            "export_bulk_report",
            json!({"job": job, "format": format}),
        )
    };
    assert_eq!(export("csv").expect("cancelled"), Value::Null);
    let out = tempfile::tempdir().expect("folder");
    for (format, name) in [("csv", "crews report.csv"), ("xlsx", "crews report.xlsx")] {
        *dialogs.save.lock().unwrap() = Some(out.path().join(name));
        let saved = export(format).expect("saved");
        assert_eq!(saved["rows"], json!(25));
        assert_eq!(
            saved["path"],
            json!(out.path().join(name).display().to_string())
        );
    }
    let csv = std::fs::read_to_string(out.path().join("crews report.csv")).expect("csv");
    assert_eq!(
        csv.lines().count(),
        26,
        "a header and a line per row: {csv}"
    );
    assert!(csv.contains("Crew 24"), "{csv}");
    let xlsx = std::fs::read(out.path().join("crews report.xlsx")).expect("xlsx");
    assert!(xlsx.starts_with(b"PK"), "a workbook is a zip");
    let asked = dialogs.save_asked.lock().unwrap().clone();
    assert_eq!(asked[0].file_name, "crews report.csv");
    assert_eq!(asked[2].kind, ("Excel workbook", "xlsx"));
}

#[test]
fn a_paused_run_sends_nothing_until_resumed_and_a_second_run_is_refused() {
    let h = harness_with_saved_key();
    open_file(&h, &crews(40));
    let job = invoke(
        &h.window,
        "create_bulk_job",
        json!({"includeFirstCopies": true}),
    )
    .expect("job")["id"]
        .clone();
    // Blooio slows down the first create for long enough to pause during it.
    h.sandbox.inject(Fault::Delay(Duration::from_millis(400)));
    invoke(
        &h.window,
        "run_bulk_job",
        json!({"job": job, "events": CHANNEL}),
    )
    .expect("started");
    let started = Instant::now();
    while h.sandbox.create_requests() == 0 {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "nothing was sent"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    assert_eq!(
        invoke(&h.window, "steer_bulk_run", json!({"action": "pause"})).expect("steered"),
        json!(true)
    );
    let second = invoke(
        &h.window,
        "run_bulk_job",
        json!({"job": job, "events": CHANNEL}),
    )
    .expect_err("busy");
    assert_eq!(second["problem"]["code"], json!("Busy"));

    let paused = wait_for(&h, &job, "paused");
    // The create in flight was finished and journalled; nothing was sent after it.
    assert_eq!(paused["job"]["counts"]["created"], json!(1));
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(h.sandbox.create_requests(), 1);
    // A window opened now would offer nothing to resume: this run is still the app's, only paused.
    assert_eq!(
        invoke(&h.window, "unfinished_bulk_jobs", json!({})).expect("jobs"),
        json!([])
    );

    invoke(&h.window, "steer_bulk_run", json!({"action": "resume"})).expect("steered");
    wait_for(&h, &job, "finished");
    assert_eq!(h.sandbox.group_count(), 40);
    assert_eq!(
        invoke(&h.window, "steer_bulk_run", json!({"action": "pause"})).expect("steered"),
        json!(false)
    );
}

#[test]
fn failed_rows_are_retried_and_nothing_else_is_sent_again() {
    let h = harness_with_saved_key();
    open_file(&h, &crews(3));
    let job = invoke(
        &h.window,
        "create_bulk_job",
        json!({"includeFirstCopies": true}),
    )
    .expect("job")["id"]
        .clone();
    // Blooio refuses the first row as invalid: it fails, the others go on.
    h.sandbox.inject(Fault::Status(400));
    invoke(
        &h.window,
        "run_bulk_job",
        json!({"job": job, "events": CHANNEL}),
    )
    .expect("started");
    let done = wait_for(&h, &job, "finished");
    assert_eq!(done["job"]["counts"]["failed"], json!(1));
    assert_eq!(done["rows"][0]["problem"]["code"], json!("Rejected"));

    assert_eq!(
        invoke(&h.window, "retry_failed_bulk_rows", json!({"job": job})).expect("retried"),
        json!(1)
    );
    // Until it runs again the job is offered to go on with.
    let offered = invoke(&h.window, "unfinished_bulk_jobs", json!({})).expect("jobs");
    assert_eq!(offered[0]["id"], job);
    invoke(
        &h.window,
        "run_bulk_job",
        json!({"job": job, "events": CHANNEL}),
    )
    .expect("started");
    let again = wait_for(&h, &job, "finished");
    assert_eq!(again["job"]["counts"]["created"], json!(3));
    assert_eq!(
        h.sandbox.create_requests(),
        4,
        "one create each, and the refused one twice"
    );
}
