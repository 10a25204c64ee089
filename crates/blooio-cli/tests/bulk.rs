//! `bulk FILE`: a spreadsheet checked, sent once per group, reported; paused by Blooio and resumed.

mod common;

use blooio_sandbox::Fault;
use common::{run_in, sandbox, KEY};

const CREW: &str = "Group,Members,Chat GUID\n\
    Night shift,\"(212) 555-0100, ann@example.com\",\n\
    Day shift,212-555-0101,\n\
    Weekend,212-555-0102,\n\
    Broken,not a number,\n\
    Night again,\"ann@example.com; 212 555 0100\",\n";

fn write(dir: &std::path::Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dry_run_checks_every_group_and_sends_nothing() {
    let sandbox = sandbox().await;
    let data = tempfile::tempdir().unwrap();
    let file = write(data.path(), "crew.csv", CREW);
    let run = run_in(
        data.path(),
        &[
            "bulk",
            &file,
            "--dry-run",
            "--json",
            "--region",
            "US",
            "--base-url",
            &sandbox.base_url(),
        ],
        None,
    )
    .await;
    // A group with problems: the file needs fixing.
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "5 groups from 5 rows: 2 ready, 0 with warnings, 2 in conflict, 1 with problems."
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("Row 5 “Broken” (left out):"),
        "{}",
        run.stderr
    );
    let lines: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), 5);
    assert_eq!(lines[0]["row"], 2);
    assert_eq!(
        lines[0]["members"],
        serde_json::json!(["+12125550100", "ann@example.com"])
    );
    assert_eq!(lines[0]["status"], "would_send");
    assert_eq!(lines[3]["status"], "problems");
    assert_eq!(
        lines[4]["status"], "left_out",
        "row 6 repeats row 2's people"
    );
    assert_eq!(sandbox.create_requests(), 0);
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_creates_each_group_once_reports_it_and_keeps_it_in_the_history() {
    let sandbox = sandbox().await;
    let base = sandbox.base_url();
    let data = tempfile::tempdir().unwrap();
    let file = write(data.path(), "crew.csv", CREW);
    let report = data.path().join("report.xlsx");
    let report = report.to_string_lossy();
    let run = run_in(
        data.path(),
        &[
            "bulk",
            &file,
            "--json",
            "--region",
            "US",
            "--base-url",
            &base,
            "--report",
            &report,
        ],
        Some(KEY),
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("Job 1: 3 of 3 groups created."),
        "{}",
        run.stderr
    );
    assert_eq!(sandbox.group_count(), 3);
    let rows: Vec<serde_json::Value> = run
        .stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0]["status"], "created");
    assert_eq!(rows[0]["name"], "Night shift");
    assert!(rows[0]["group"]["group_id"]
        .as_str()
        .unwrap()
        .starts_with("grp_"));
    assert!(std::fs::metadata(&*report).unwrap().len() > 1000);

    // The same file again: everything in it was created before, so nothing is sent.
    let again = run_in(
        data.path(),
        &["bulk", &file, "--region", "US", "--base-url", &base],
        Some(KEY),
    )
    .await;
    assert_eq!(again.code, 2, "{}", again.stderr);
    assert!(again.stderr.contains("Nothing to send"), "{}", again.stderr);
    assert_eq!(sandbox.create_requests(), 3);

    let history = run_in(data.path(), &["history", "--sandbox", "--json"], None).await;
    let entries: serde_json::Value = serde_json::from_str(&history.stdout).unwrap();
    assert_eq!(entries.as_array().unwrap().len(), 3);
    assert_eq!(entries[0]["source"], "bulk");
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_device_pauses_the_job_and_resume_finishes_it() {
    let sandbox = sandbox().await;
    let base = sandbox.base_url();
    let data = tempfile::tempdir().unwrap();
    let file = write(data.path(), "crew.csv", CREW);
    sandbox.inject(Fault::Status(503));
    let paused = run_in(
        data.path(),
        &["bulk", &file, "--region", "US", "--base-url", &base],
        Some(KEY),
    )
    .await;
    assert_eq!(paused.code, 6, "{}", paused.stderr);
    assert!(paused.stderr.contains("Paused:"), "{}", paused.stderr);
    assert!(
        paused.stderr.contains("bulk --resume 1"),
        "{}",
        paused.stderr
    );
    assert_eq!(sandbox.group_count(), 0);

    // Running the file again would send its rows a second time over: refused, with the way to resume.
    let twice = run_in(
        data.path(),
        &["bulk", &file, "--region", "US", "--base-url", &base],
        Some(KEY),
    )
    .await;
    assert_eq!(twice.code, 2, "{}", twice.stderr);
    assert!(
        twice.stderr.contains("job 1 from crew.csv is not finished"),
        "{}",
        twice.stderr
    );

    let resumed = run_in(
        data.path(),
        &["bulk", "--resume", "--base-url", &base],
        Some(KEY),
    )
    .await;
    assert_eq!(resumed.code, 0, "{}", resumed.stderr);
    assert!(
        resumed.stderr.contains("Resuming job 1."),
        "{}",
        resumed.stderr
    );
    assert_eq!(sandbox.group_count(), 3);
    let nothing = run_in(
        data.path(),
        &["bulk", "--resume", "--base-url", &base],
        Some(KEY),
    )
    .await;
    assert_eq!(nothing.code, 0);
    assert!(
        nothing.stderr.contains("nothing to resume"),
        "{}",
        nothing.stderr
    );
    sandbox.shutdown().await;
}
