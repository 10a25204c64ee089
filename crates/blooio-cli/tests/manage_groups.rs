//! The subcommands for groups that exist (list, show, rename, delete, photo, members), run as the real binary
//! against a sandbox, read as an operator or a script would: exit code, stdout, stderr.

mod common;

use blooio_sandbox::{Fault, Sandbox};
use common::{run, sandbox, Run, KEY};
use serde_json::{json, Value};

const GUID: &str = "iMessage;+;chat123456789";
const PNG: &[u8] = include_bytes!("../../blooio-sandbox/assets/chat-photo.png");

/// Runs a subcommand against `sandbox` with the right key; the base URL goes last, after the subcommand.
async fn cli(sandbox: &Sandbox, args: &[&str]) -> Run {
    let base = sandbox.base_url();
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["--base-url", base.as_str()]);
    run(&all, Some(KEY)).await
}

/// Creates a group through the default command, as a person would, and returns its id.
async fn create(sandbox: &Sandbox, name: &str, extra: &[&str]) -> String {
    let mut args = vec!["--json", "--region", "US", "--name", name];
    args.extend(extra);
    let run = cli(sandbox, &args).await;
    assert_eq!(run.code, 0, "{}", run.stderr);
    let created: Value = serde_json::from_str(&run.stdout).unwrap();
    created["group_id"].as_str().unwrap().to_owned()
}

fn json(run: &Run) -> Value {
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_pages_through_everything_and_searches_and_sorts() {
    let sandbox = sandbox().await;
    sandbox.seed(KEY, 450);
    let newest = create(&sandbox, "Zebra crossing", &["--member", "(212) 555-0100"]).await;

    let all = json(&cli(&sandbox, &["list", "--json"]).await);
    let groups = all.as_array().unwrap();
    assert_eq!(groups.len(), 451, "three pages of 200");
    assert_eq!(groups[0]["group_id"], newest.as_str(), "newest first");
    let ids: std::collections::HashSet<&str> = groups
        .iter()
        .map(|g| g["group_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 451);

    let sorted = json(&cli(&sandbox, &["--json", "list", "--sort", "name_desc"]).await);
    assert_eq!(sorted[0]["name"], "Zebra crossing");
    let oldest = json(&cli(&sandbox, &["list", "--sort", "oldest", "--json"]).await);
    assert_eq!(oldest[450]["group_id"], newest.as_str());

    let found = cli(&sandbox, &["list", "--search", "zebra"]).await;
    assert_eq!(found.code, 0, "{}", found.stderr);
    assert!(found.stdout.starts_with("1 group\n"), "{}", found.stdout);
    assert!(
        found
            .stdout
            .contains(&format!("  {newest}  Zebra crossing  (1 members, created ")),
        "{}",
        found.stdout
    );
    let linked = cli(&sandbox, &["list", "--search", "golden crew 55"]).await;
    assert!(
        linked.stdout.contains("linked to an iMessage chat"),
        "{}",
        linked.stdout
    );
    let none = cli(&sandbox, &["list", "--search", "nothing like it"]).await;
    assert_eq!(
        (none.code, none.stdout.as_str()),
        (0, "No groups with “nothing like it” in their name.\n")
    );

    let bad = cli(&sandbox, &["list", "--sort", "newest"]).await;
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    sandbox.inject(Fault::Status(503));
    let down = cli(&sandbox, &["list"]).await;
    assert_eq!(down.code, 6, "{}", down.stderr);
    assert!(
        down.stderr.contains("No iPhone or Mac is connected"),
        "{}",
        down.stderr
    );
    let wrong = run(
        &["list", "--base-url", &sandbox.base_url()],
        Some("bl_live_notthekey0000000"),
    )
    .await;
    assert_eq!(wrong.code, 3, "{}", wrong.stderr);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn show_and_members() {
    let sandbox = sandbox().await;
    let id = create(
        &sandbox,
        "Book club",
        &["--member", "(212) 555-0100", "--member", "Ann@Example.com"],
    )
    .await;

    let shown = cli(&sandbox, &["show", &id]).await;
    assert_eq!(shown.code, 0, "{}", shown.stderr);
    assert!(
        shown.stdout.starts_with("Group “Book club”\n"),
        "{}",
        shown.stdout
    );
    assert!(
        shown.stdout.contains(&format!("  Group id:     {id}\n")),
        "{}",
        shown.stdout
    );
    assert!(
        shown.stdout.contains("  Members:      2\n"),
        "{}",
        shown.stdout
    );
    assert!(
        shown.stdout.contains("Chat GUID:    none: not linked"),
        "{}",
        shown.stdout
    );
    let as_json = json(&cli(&sandbox, &["show", &id, "--json"]).await);
    assert_eq!(as_json["name"], "Book club");

    let members = cli(&sandbox, &["members", &id]).await;
    assert_eq!(members.code, 0, "{}", members.stderr);
    assert!(
        members
            .stdout
            .starts_with(&format!("2 members of “Book club” ({id})\n")),
        "{}",
        members.stdout
    );
    assert!(
        members.stdout.contains("  +12125550100  (added "),
        "{}",
        members.stdout
    );
    assert!(
        members.stdout.contains("  ann@example.com  (added "),
        "{}",
        members.stdout
    );
    assert!(
        members.stdout.contains("isn't available at Blooio yet"),
        "{}",
        members.stdout
    );
    let listed = json(&cli(&sandbox, &["members", &id, "--json"]).await);
    let identifiers: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["identifier"].as_str().unwrap())
        .collect();
    assert_eq!(identifiers, ["+12125550100", "ann@example.com"]);

    for args in [vec!["show", "grp_nope"], vec!["members", "grp_nope"]] {
        let missing = cli(&sandbox, &args).await;
        assert_eq!(missing.code, 8, "{args:?}: {}", missing.stderr);
        assert!(
            missing
                .stderr
                .starts_with("Error: there is no group grp_nope on this account"),
            "{}",
            missing.stderr
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rename_says_what_reached_the_phones() {
    let sandbox = sandbox().await;
    let linked = create(&sandbox, "Linked", &["--chat-guid", GUID]).await;
    let plain = create(&sandbox, "Plain", &[]).await;

    let renamed = cli(&sandbox, &["rename", &linked, "  Launch crew "]).await;
    assert_eq!(renamed.code, 0, "{}", renamed.stderr);
    assert_eq!(
        renamed.stdout,
        format!(
            "Renamed group {linked} to “Launch crew”\n  On the phones: Updated on the phones\n"
        )
    );
    let renamed = cli(&sandbox, &["rename", &plain, "Still plain"]).await;
    assert!(
        renamed
            .stdout
            .contains("Nothing to change: the group isn't linked to an iMessage chat yet"),
        "{}",
        renamed.stdout
    );
    sandbox.set_devices_online(false);
    let offline = cli(&sandbox, &["rename", &linked, "Offline"]).await;
    assert_eq!(offline.code, 0, "{}", offline.stderr);
    assert!(
        offline
            .stdout
            .contains("  On the phones: Not on the phones yet: No active device connected."),
        "{}",
        offline.stdout
    );
    let as_json = json(&cli(&sandbox, &["rename", &linked, "Json", "--json"]).await);
    assert_eq!(as_json["device_sync"]["synced"], false);
    assert_eq!(as_json["name"], "Json");

    let blank = cli(&sandbox, &["rename", &linked, "   "]).await;
    assert_eq!(blank.code, 2, "{}", blank.stderr);
    assert!(
        blank
            .stderr
            .contains("Enter a name for the group: it can't be only spaces."),
        "{}",
        blank.stderr
    );
    let missing = cli(&sandbox, &["rename", "grp_nope", "x"]).await;
    assert_eq!(missing.code, 8, "{}", missing.stderr);
    let shown = json(&cli(&sandbox, &["show", &linked, "--json"]).await);
    assert_eq!(shown["name"], "Json", "the refused renames changed nothing");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delete_asks_refuses_without_a_terminal_and_warns_about_the_chat() {
    let sandbox = sandbox().await;
    let linked = create(
        &sandbox,
        "Linked",
        &["--chat-guid", GUID, "--member", "(212) 555-0100"],
    )
    .await;
    let plain = create(&sandbox, "Plain", &[]).await;

    // The tests' standard input is not a terminal: nobody can confirm.
    let refused = cli(&sandbox, &["delete", &linked]).await;
    assert_eq!(refused.code, 2, "{}", refused.stderr);
    assert!(
        refused.stderr.contains("Deleting group “Linked”"),
        "{}",
        refused.stderr
    );
    assert!(
        refused.stderr.contains(&format!(
            "It is linked to the iMessage chat {GUID}: Blooio's number will also leave that chat"
        )),
        "{}",
        refused.stderr
    );
    assert!(refused.stderr.contains("Add --yes"), "{}", refused.stderr);
    assert_eq!(sandbox.group_count(), 2, "nothing was deleted");

    let deleted = cli(&sandbox, &["delete", &linked, "--yes"]).await;
    assert_eq!(deleted.code, 0, "{}", deleted.stderr);
    assert_eq!(
        deleted.stdout,
        format!("Deleted group “Linked” ({linked})\n  Blooio's number has left the iMessage chat {GUID}.\n")
    );
    let as_json = json(&cli(&sandbox, &["delete", &plain, "--yes", "--json"]).await);
    assert_eq!(as_json["success"], true);
    assert!(as_json["deleted_at"].is_number());
    assert_eq!(sandbox.group_count(), 0);

    for args in [
        vec!["delete", linked.as_str(), "--yes"],
        vec!["show", linked.as_str()],
    ] {
        let gone = cli(&sandbox, &args).await;
        assert_eq!(gone.code, 8, "{args:?}: {}", gone.stderr);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn photo_set_and_remove() {
    let sandbox = sandbox().await;
    let linked = create(&sandbox, "Linked", &["--chat-guid", GUID]).await;
    let plain = create(&sandbox, "Plain", &[]).await;
    let dir = tempfile::tempdir().unwrap();
    let photo = dir.path().join("team.png");
    std::fs::write(&photo, PNG).unwrap();
    let photo = photo.to_string_lossy().into_owned();

    let set = cli(&sandbox, &["photo", "set", &linked, &photo]).await;
    assert_eq!(set.code, 0, "{}", set.stderr);
    assert!(
        set.stdout.starts_with(&format!(
            "Set the photo of group {linked}\n  Photo:         http://"
        )),
        "{}",
        set.stdout
    );
    assert!(
        set.stdout
            .ends_with("  On the phones: Updated on the phones\n"),
        "{}",
        set.stdout
    );
    let shown = json(&cli(&sandbox, &["show", &linked, "--json"]).await);
    assert!(
        shown["icon_url"]
            .as_str()
            .is_some_and(|u| u.ends_with(".png") && u.contains('-')),
        "{shown}"
    );

    let removed = cli(&sandbox, &["photo", "remove", &linked]).await;
    assert_eq!(removed.code, 0, "{}", removed.stderr);
    assert_eq!(
        removed.stdout,
        format!("Removed the photo of group {linked}\n  On the phones: Updated on the phones\n")
    );
    let shown = json(&cli(&sandbox, &["show", &linked, "--json"]).await);
    assert_eq!(shown["icon_url"], json!(null));

    // Refused here (exit 2, nothing sent) or by Blooio (exit 2, its words).
    let svg = dir.path().join("logo.png");
    std::fs::write(&svg, "<svg xmlns='http://www.w3.org/2000/svg'/>").unwrap();
    let big = dir.path().join("big.jpg");
    let file = std::fs::File::create(&big).unwrap();
    file.set_len(11 * 1024 * 1024).unwrap();
    let cases = [
        (
            vec!["photo", "set", linked.as_str(), svg.to_str().unwrap()],
            "Choose a JPEG, PNG, GIF, WebP, HEIC or HEIF image",
        ),
        (
            vec!["photo", "set", linked.as_str(), big.to_str().unwrap()],
            "Choose a smaller photo: this one is 11 MB",
        ),
        (
            vec!["photo", "set", linked.as_str(), "/nonexistent/photo.png"],
            "couldn't read the photo /nonexistent/photo.png",
        ),
        (
            vec!["photo", "set", plain.as_str(), photo.as_str()],
            "without a linked chat_guid",
        ),
        (
            vec!["photo", "remove", plain.as_str()],
            "without a linked chat_guid",
        ),
    ];
    for (args, message) in cases {
        let refused = cli(&sandbox, &args).await;
        assert_eq!(refused.code, 2, "{args:?}: {}", refused.stderr);
        assert!(
            refused.stderr.contains(message),
            "{args:?}: {}",
            refused.stderr
        );
    }
    let missing = cli(&sandbox, &["photo", "remove", "grp_nope"]).await;
    assert_eq!(missing.code, 8, "{}", missing.stderr);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_create_stays_the_default_and_does_not_mix_with_subcommands() {
    let sandbox = sandbox().await;
    let base = sandbox.base_url();
    let created = run(
        &[
            "--base-url",
            &base,
            "--region",
            "US",
            "--name",
            "Default",
            "--member",
            "212 555 0100",
        ],
        Some(KEY),
    )
    .await;
    assert_eq!(created.code, 0, "{}", created.stderr);
    assert!(
        created.stdout.starts_with("Created group “Default”\n"),
        "{}",
        created.stdout
    );
    let mixed = run(
        &["--name", "Default", "list", "--base-url", &base],
        Some(KEY),
    )
    .await;
    assert_eq!(mixed.code, 2, "{}", mixed.stderr);
    assert!(
        mixed.stderr.contains("can't be used with a subcommand"),
        "{}",
        mixed.stderr
    );
    let neither = run(&["--base-url", &base], Some(KEY)).await;
    assert_eq!(neither.code, 2, "{}", neither.stderr);
    assert!(neither.stderr.contains("--name"), "{}", neither.stderr);
    assert_eq!(sandbox.group_count(), 1);
}
