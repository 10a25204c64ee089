//! The CLI records what it creates in the app's local store, and `history` reads it back: sandbox apart from
//! Blooio, searchable, never the key.

mod common;

use common::{run_in, sandbox, KEY};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_create_is_in_the_history_of_its_mode() {
    let sandbox = sandbox().await;
    let base = sandbox.base_url();
    let data = tempfile::tempdir().unwrap();
    let create = run_in(
        data.path(),
        &[
            "--base-url",
            &base,
            "--region",
            "US",
            "--name",
            "Night shift",
            "--member",
            "(212) 555-0100",
        ],
        Some(KEY),
    )
    .await;
    assert_eq!(create.code, 0, "{}", create.stderr);
    assert!(!create.stderr.contains("history"), "{}", create.stderr);

    let listed = run_in(data.path(), &["history", "--sandbox", "--json"], None).await;
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    let entries: serde_json::Value = serde_json::from_str(&listed.stdout).unwrap();
    let entries = entries.as_array().unwrap();
    assert_eq!(entries.len(), 1, "{}", listed.stdout);
    assert_eq!(entries[0]["source"], "cli");
    assert_eq!(entries[0]["mode"], "sandbox");
    assert_eq!(entries[0]["created"]["name"], "Night shift");
    assert_eq!(entries[0]["created"]["created_contacts"][0], "+12125550100");
    assert!(!listed.stdout.contains(KEY));

    let text = run_in(
        data.path(),
        &["history", "--sandbox", "--search", "NIGHT"],
        None,
    )
    .await;
    assert!(text.stdout.contains("Night shift"), "{}", text.stdout);
    assert!(
        text.stdout.contains("+12125550100  (new contact)"),
        "{}",
        text.stdout
    );
    let none = run_in(
        data.path(),
        &["history", "--sandbox", "--search", "day"],
        None,
    )
    .await;
    assert!(
        none.stdout
            .contains("No groups created in the sandbox match “day”."),
        "{}",
        none.stdout
    );
    // Blooio's history is another list.
    let real = run_in(data.path(), &["history"], None).await;
    assert_eq!(real.code, 0, "{}", real.stderr);
    assert!(
        real.stdout.contains("No groups created on Blooio"),
        "{}",
        real.stdout
    );

    let file = std::fs::read(data.path().join(blooio_store::STORE_FILE_NAME)).unwrap();
    assert!(!file.windows(KEY.len()).any(|w| w == KEY.as_bytes()));
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_history_that_cant_be_written_is_a_note_not_a_failure() {
    let sandbox = sandbox().await;
    let base = sandbox.base_url();
    let data = tempfile::tempdir().unwrap();
    // Not a database: the store refuses it, byte for byte.
    std::fs::write(
        data.path().join(blooio_store::STORE_FILE_NAME),
        b"not sqlite",
    )
    .unwrap();
    let create = run_in(
        data.path(),
        &[
            "--base-url",
            &base,
            "--region",
            "US",
            "--name",
            "Kept",
            "--member",
            "+12125550100",
        ],
        Some(KEY),
    )
    .await;
    assert_eq!(create.code, 0, "{}", create.stderr);
    assert!(
        create.stdout.contains("Created group “Kept”"),
        "{}",
        create.stdout
    );
    assert!(
        create
            .stderr
            .contains("Note: the group was created, but it couldn't be added to the history"),
        "{}",
        create.stderr
    );
    assert_eq!(sandbox.group_count(), 1);
    sandbox.shutdown().await;
}
