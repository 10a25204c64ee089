//! Runs the real binary against a sandbox embedded in the test (127.0.0.1, a free port) and reads what an
//! operator or a script would: the exit code, stdout and stderr.

mod common;

use std::process::Command;
use std::time::Duration;

use blooio_sandbox::Fault;
use common::{run, run_in, sandbox, BIN, KEY};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn creates_a_group_and_says_so() {
    let sandbox = sandbox().await;
    let base = sandbox.base_url();
    let run = run(
        &[
            "--base-url",
            &base,
            "--region",
            "US",
            "--name",
            "  Launch crew ",
            "--member",
            "(212) 555-0100",
            "--members",
            "Ann@Example.com; +44 20 7946 0958",
            "--member",
            "+1 212 555 0100",
        ],
        Some(KEY),
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("Created group “Launch crew”\n"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("  Group id:  grp_"), "{}", run.stdout);
    assert!(run.stdout.contains("Chat GUID: none yet"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("  Members (3):\n    +12125550100\n    ann@example.com\n    +442079460958\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("New contacts Blooio created (3):"),
        "{}",
        run.stdout
    );
    // The repeated number is sent once, and the operator is told.
    assert!(
        run.stderr
            .contains("Note: “+1 212 555 0100”: Skipped: already on line 1"),
        "{}",
        run.stderr
    );
    assert_eq!(sandbox.group_count(), 1);
    sandbox.shutdown().await;
}

/// The request in Blooio's own documentation: fictional 555 numbers, in no range libphonenumber knows. Blooio
/// takes them, so the CLI sends them, and says on stderr that they are worth checking.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_documentation_example_is_created_with_a_note_to_check_its_numbers() {
    let sandbox = sandbox().await;
    let base = sandbox.base_url();
    let run = run(
        &[
            "--base-url",
            &base,
            "--region",
            "US",
            "--name",
            "Sales Team",
            "--member",
            "+15551234567",
            "--member",
            "+15559876543",
        ],
        Some(KEY),
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("  Members (2):\n    +15551234567\n    +15559876543\n"),
        "{}",
        run.stdout
    );
    assert_eq!(
        run.stderr,
        "Note: “+15551234567”: +1 555 123 4567 is not a number range known in the United States: check it \
         before sending.\n\
         Note: “+15559876543”: +1 555 987 6543 is not a number range known in the United States: check it \
         before sending.\n"
    );
    assert_eq!(sandbox.group_count(), 1);
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_output_is_the_created_group() {
    let sandbox = sandbox().await;
    let base = sandbox.base_url();
    let run = run(
        &[
            "--json",
            "--base-url",
            &base,
            "--region",
            "GB",
            "--name",
            "Linked",
            "--chat-guid",
            "iMessage;+;chat123456789",
            "--member",
            "020 7946 0958",
        ],
        Some(KEY),
    )
    .await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert!(json["group_id"].as_str().unwrap().starts_with("grp_"));
    assert_eq!(json["name"], "Linked");
    assert_eq!(json["chat_guid"], "iMessage;+;chat123456789");
    assert_eq!(json["added_members"], serde_json::json!(["+442079460958"]));
    assert!(json["created_contacts"].is_array());
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn members_file_and_the_region_from_the_locale() {
    let sandbox = sandbox().await;
    let base = sandbox.base_url();
    let dir = std::env::temp_dir().join(format!("blooio-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("members.csv");
    std::fs::write(&file, "020 7946 0958\tbob@example.com\n\n07400 123456,\n").unwrap();
    let file = file.to_string_lossy().into_owned();
    let output = tokio::task::spawn_blocking({
        let base = base.clone();
        let dir = dir.clone();
        move || {
            Command::new(BIN)
                .args([
                    "--base-url",
                    &base,
                    "--name",
                    "From file",
                    "--members-file",
                    &file,
                    "--json",
                ])
                .env("BLOOIO_API_KEY", KEY)
                .env_remove("BLOOIO_BASE_URL")
                // No --region: the locale's country (GB) reads the national numbers.
                .env("BLOOIO_DATA_DIR", &dir)
                .env_remove("LANGUAGE")
                .env("LC_ALL", "en_GB.UTF-8")
                .output()
                .unwrap()
        }
    })
    .await
    .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        json["added_members"],
        serde_json::json!(["+442079460958", "bob@example.com", "+447400123456"])
    );
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_input_exits_2_and_sends_nothing() {
    let sandbox = sandbox().await;
    let base = sandbox.base_url();
    // (args, what stderr must say)
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec![
                "--name",
                "Team",
                "--member",
                "555-0100",
                "--member",
                "not a number",
                "--region",
                "US",
            ],
            "“not a number”: Not a phone number or an email address.",
        ),
        (
            vec!["--name", "Team", "--member", "555-0100", "--region", "US"],
            "Not a valid phone number for United States (US): too short",
        ),
        (
            vec!["--name", "   "],
            "--name: Enter a name for the group: it can't be only spaces.",
        ),
        (
            vec!["--name", "Team", "--chat-guid", "chat123"],
            "iMessage;+;chat123456789",
        ),
        (
            vec!["--name", "Team", "--region", "XX"],
            "--region: “XX” isn't a country code",
        ),
        (
            vec![
                "--name",
                "Team",
                "--members-file",
                "/nonexistent/members.txt",
            ],
            "--members-file: couldn't read",
        ),
        (
            vec!["--member", "+12125550100"],
            "the following required arguments were not provided",
        ),
        (
            vec!["--name", "Team", "--frobnicate"],
            "unexpected argument '--frobnicate'",
        ),
    ];
    for (args, fragment) in cases {
        let mut all = vec!["--base-url", base.as_str()];
        all.extend(args.iter().copied());
        let run = run(&all, Some(KEY)).await;
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains(fragment),
            "{args:?}: stderr lacks {fragment:?}:\n{}",
            run.stderr
        );
        assert!(run.stdout.is_empty(), "{args:?}: {}", run.stdout);
    }
    // A base URL that would send the key in clear text.
    let run = run(
        &[
            "--base-url",
            "http://api.blooio.com/v2/api",
            "--name",
            "Team",
        ],
        Some(KEY),
    )
    .await;
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("--base-url: The base URL must start with https://"),
        "{}",
        run.stderr
    );

    assert_eq!(sandbox.create_requests(), 0);
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_or_missing_key_exits_3() {
    let sandbox = sandbox().await;
    let base = sandbox.base_url();
    let args = ["--base-url", base.as_str(), "--name", "Team"];

    let refused = run(&args, Some("bl_live_notthekey0000000")).await;
    assert_eq!(refused.code, 3, "{}", refused.stderr);
    assert!(
        refused
            .stderr
            .contains("Blooio didn't accept the API key (401 Unauthorized)"),
        "{}",
        refused.stderr
    );
    assert!(
        !refused.stderr.contains("bl_live_notthekey"),
        "{}",
        refused.stderr
    );

    let malformed = run(&args, Some("bl_live_has space")).await;
    assert_eq!(malformed.code, 3, "{}", malformed.stderr);
    assert!(
        malformed
            .stderr
            .contains("BLOOIO_API_KEY: The API key has a space"),
        "{}",
        malformed.stderr
    );

    // No variable, and no reachable keychain.
    let missing = run(&args, None).await;
    assert_eq!(missing.code, 3, "{}", missing.stderr);
    assert!(
        missing.stderr.contains("BLOOIO_API_KEY"),
        "{}",
        missing.stderr
    );

    assert_eq!(sandbox.group_count(), 0);
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn conflict_exits_4() {
    let sandbox = sandbox().await;
    let base = sandbox.base_url();
    let args = [
        "--base-url",
        base.as_str(),
        "--name",
        "Team",
        "--chat-guid",
        "iMessage;+;chat77",
    ];
    assert_eq!(run(&args, Some(KEY)).await.code, 0);
    let again = run(&args, Some(KEY)).await;
    assert_eq!(again.code, 4, "{}", again.stderr);
    assert!(again.stderr.contains("409 Conflict"), "{}", again.stderr);
    assert!(
        again.stderr.contains("nothing new was created"),
        "{}",
        again.stderr
    );
    assert_eq!(sandbox.group_count(), 1);
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_device_503_exits_6_once_blooio_confirms_nothing_was_created() {
    let sandbox = sandbox().await;
    let base = sandbox.base_url();
    sandbox.inject(Fault::Status(503));
    let run = run(&["--base-url", &base, "--name", "Team"], Some(KEY)).await;
    assert_eq!(run.code, 6, "{}", run.stderr);
    assert!(
        run.stderr
            .starts_with("Error: No iPhone or Mac is connected to your Blooio account."),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "The app checked with Blooio: the group was not created, so trying again is safe."
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("Details: Blooio has no iMessage device connected (503"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty());
    assert_eq!(sandbox.create_requests(), 1, "not retried");
    sandbox.shutdown().await;
}

fn team_args(base: &str) -> Vec<String> {
    [
        "--base-url",
        base,
        "--name",
        "Weekend crew",
        "--member",
        "+12125550100",
        "--member",
        "ann@example.com",
    ]
    .iter()
    .map(|a| (*a).to_owned())
    .collect()
}

fn strs(args: &[String]) -> Vec<&str> {
    args.iter().map(String::as_str).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lost_answer_after_the_group_was_stored_prints_the_group_and_exits_0() {
    let sandbox = sandbox().await;
    let data = tempfile::tempdir().unwrap();
    let args = team_args(&sandbox.base_url());

    sandbox.inject(Fault::after_store(Fault::DropConnection));
    let lost = run_in(data.path(), &strs(&args), Some(KEY)).await;
    assert_eq!(lost.code, 0, "{}", lost.stderr);
    assert!(
        lost.stdout.contains("Created group “Weekend crew”"),
        "{}",
        lost.stdout
    );
    assert!(lost.stdout.contains("  Group id:  grp_"), "{}", lost.stdout);
    assert!(
        lost.stderr.contains(
            "Blooio's answer was lost, so this command asked Blooio: the group was created."
        ),
        "{}",
        lost.stderr
    );
    assert_eq!(sandbox.group_count(), 1);

    // The same again, as JSON this time: Blooio's 409 for the same members, and still one group.
    let mut json_args = args.clone();
    json_args.push("--json".into());
    let again = run_in(data.path(), &strs(&json_args), Some(KEY)).await;
    assert_eq!(again.code, 4, "{}", again.stderr);
    assert_eq!(sandbox.group_count(), 1);
    assert_eq!(sandbox.create_requests(), 2);
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lost_answer_prints_the_group_as_json_too() {
    let sandbox = sandbox().await;
    let mut args = team_args(&sandbox.base_url());
    args.push("--json".into());
    sandbox.inject(Fault::after_store(Fault::Status(502)));
    let lost = run(&strs(&args), Some(KEY)).await;
    assert_eq!(lost.code, 0, "{}", lost.stderr);
    let group: serde_json::Value = serde_json::from_str(&lost.stdout).unwrap();
    assert_eq!(group["name"], "Weekend crew");
    assert!(group["group_id"].as_str().unwrap().starts_with("grp_"));
    assert_eq!(sandbox.group_count(), 1);
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unsettled_create_exits_7_and_the_next_run_checks_first() {
    let sandbox = sandbox().await;
    let data = tempfile::tempdir().unwrap();
    let args = team_args(&sandbox.base_url());

    // The group is stored, the answer is lost, and so is the lookup that follows.
    sandbox.inject(Fault::after_store(Fault::DropConnection));
    sandbox.inject(Fault::Status(503));
    let unknown = run_in(data.path(), &strs(&args), Some(KEY)).await;
    assert_eq!(unknown.code, 7, "{}", unknown.stderr);
    assert!(
        unknown
            .stderr
            .contains("could not confirm whether the group was created"),
        "{}",
        unknown.stderr
    );
    assert!(unknown.stdout.is_empty());
    assert_eq!(sandbox.group_count(), 1);

    // Run again: it asks Blooio before sending, finds the group, and sends nothing.
    let settled = run_in(data.path(), &strs(&args), Some(KEY)).await;
    assert_eq!(settled.code, 0, "{}", settled.stderr);
    assert!(
        settled.stdout.contains("Created group “Weekend crew”"),
        "{}",
        settled.stdout
    );
    assert_eq!(
        sandbox.create_requests(),
        1,
        "nothing was sent the second time"
    );
    assert_eq!(sandbox.group_count(), 1);

    // Settled: a third run sends again, and Blooio refuses the same members.
    let third = run_in(data.path(), &strs(&args), Some(KEY)).await;
    assert_eq!(third.code, 4, "{}", third.stderr);
    assert_eq!(sandbox.group_count(), 1);
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_create_that_was_never_stored_is_not_created_and_exits_5() {
    let sandbox = sandbox().await;
    let data = tempfile::tempdir().unwrap();
    let args = team_args(&sandbox.base_url());
    sandbox.inject(Fault::DropConnection);
    let lost = run_in(data.path(), &strs(&args), Some(KEY)).await;
    assert_eq!(lost.code, 5, "{}", lost.stderr);
    assert!(
        lost.stderr
            .contains("the group was not created. Creating it again is safe."),
        "{}",
        lost.stderr
    );
    assert_eq!(sandbox.group_count(), 0);
    // Safe indeed: the next run creates it once.
    let again = run_in(data.path(), &strs(&args), Some(KEY)).await;
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(sandbox.group_count(), 1);
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn transport_failures_exit_5() {
    // Nothing listening.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let base = format!("http://127.0.0.1:{port}/v2/api");
    let refused = run(&["--base-url", &base, "--name", "Team"], Some(KEY)).await;
    assert_eq!(refused.code, 5, "{}", refused.stderr);
    assert!(
        refused.stderr.contains("Couldn't reach Blooio"),
        "{}",
        refused.stderr
    );
    assert!(
        refused.stderr.contains("Nothing was sent."),
        "{}",
        refused.stderr
    );

    // Too slow: the request was sent and Blooio may still be working on it, so nobody can say yet (7); the next
    // run, once Blooio has finished, finds the group instead of sending it again.
    let sandbox = sandbox().await;
    let data = tempfile::tempdir().unwrap();
    sandbox.inject(Fault::Delay(Duration::from_millis(2_500)));
    let base = sandbox.base_url();
    let args = [
        "--base-url",
        base.as_str(),
        "--timeout",
        "1",
        "--name",
        "Team",
    ];
    let slow = run_in(data.path(), &args, Some(KEY)).await;
    assert_eq!(slow.code, 7, "{}", slow.stderr);
    assert!(
        slow.stderr
            .contains("Blooio did not answer in time, and it has no such group yet"),
        "{}",
        slow.stderr
    );
    tokio::time::sleep(Duration::from_millis(2_000)).await;
    let later = run_in(data.path(), &args, Some(KEY)).await;
    assert_eq!(later.code, 0, "{}", later.stderr);
    assert_eq!(sandbox.create_requests(), 1);
    assert_eq!(sandbox.group_count(), 1);
    sandbox.shutdown().await;
}
