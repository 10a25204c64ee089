//! The app's commands through Tauri's mock runtime, against the sandbox: what the window receives over IPC.

mod support;

use std::sync::Arc;

use blooio_groups_lib::drops::{DropEvent, Drops};
use blooio_keychain::{KeyStore, MemoryKeyStore};
use blooio_sandbox::Fault;
use serde_json::{json, Value};
use tauri::test::MockRuntime;
use tauri::Manager;
use tauri::WebviewWindow;

use support::{
    harness, harness_with_saved_key, harness_with_store, invoke, scripted, Harness, KEY,
};

/// Starts a create that the sandbox answers only after 600 ms, and returns once it is in flight.
fn create_in_flight(h: &Harness, name: &str) -> std::thread::JoinHandle<Result<Value, Value>> {
    h.sandbox
        .inject(Fault::Delay(std::time::Duration::from_millis(600)));
    let window = h.window.clone();
    let draft = draft(name, "+14155550100");
    let create = std::thread::spawn(move || invoke(&window, "create_group", draft));
    std::thread::sleep(std::time::Duration::from_millis(200));
    create
}

fn draft(name: &str, members: &str) -> Value {
    json!({"draft": {"name": name, "chat_guid": "", "members": members, "default_region": "US"}})
}

#[test]
fn key_is_saved_and_only_a_hint_comes_back() {
    let h = harness();
    let status = invoke(&h.window, "api_key_status", json!({})).expect("status");
    assert_eq!(status["stored"], json!(false));

    let saved = invoke(
        &h.window,
        "save_api_key",
        json!({"key": format!("  {KEY}\n"), "sessionOnly": false}),
    )
    .expect("saved");
    assert_eq!(saved["stored"], json!(true));
    assert_eq!(saved["hint"], json!("…9c1d"));
    assert!(
        !saved.to_string().contains(KEY),
        "the key must never come back over IPC: {saved}"
    );

    let deleted = invoke(&h.window, "delete_api_key", json!({})).expect("deleted");
    assert_eq!(deleted["stored"], json!(false));
}

#[test]
fn a_key_with_inner_spaces_is_refused_with_advice() {
    let h = harness();
    let err = invoke(
        &h.window,
        "save_api_key",
        json!({"key": "bl_live abc", "sessionOnly": false}),
    )
    .expect_err("refused");
    assert_eq!(err["problem"]["code"], json!("FormHasProblems"));
    assert_eq!(err["problems"][0]["field"], json!("api_key"));
    assert!(!err.to_string().contains("bl_live abc"));
}

#[test]
fn creates_a_group_and_reports_created_contacts() {
    let h = harness_with_saved_key();
    let result = invoke(
        &h.window,
        "create_group",
        draft("Book club", "(415) 555-0100, Bea@Example.com"),
    )
    .expect("created");
    assert_eq!(result["recovered"], json!(false));
    let group = &result["created"];
    assert!(
        group["group_id"]
            .as_str()
            .is_some_and(|id| id.starts_with("grp_")),
        "{group}"
    );
    assert_eq!(group["name"], json!("Book club"));
    assert_eq!(
        group["created_contacts"],
        json!(["+14155550100", "bea@example.com"])
    );
    assert_eq!(
        group["added_members"],
        json!(["+14155550100", "bea@example.com"])
    );
    assert_eq!(h.sandbox.group_count(), 1);
}

#[test]
fn a_linked_chats_photo_comes_back_as_a_data_url() {
    let h = harness_with_saved_key();
    let result = invoke(
        &h.window,
        "create_group",
        json!({"draft": {"name": "Family", "chat_guid": "iMessage;+;chat900", "members": "", "default_region": "US"}}),
    )
    .expect("linked");
    let icon = result["created"]["icon_url"].as_str().expect("icon_url");
    let photo = invoke(&h.window, "group_photo", json!({"url": icon})).expect("photo");
    assert!(
        photo
            .as_str()
            .is_some_and(|url| url.starts_with("data:image/png;base64,")),
        "{photo}"
    );

    let err = invoke(
        &h.window,
        "group_photo",
        json!({"url": "http://photos.example.com/1.png"}),
    )
    .expect_err("plain http elsewhere");
    assert_eq!(err["problem"]["code"], json!("PhotoUnavailable"));
    assert!(
        err["detail"]["raw"]
            .as_str()
            .is_some_and(|raw| raw.contains("https://")),
        "{err}"
    );
}

#[test]
fn without_a_key_nothing_is_sent() {
    let h = harness();
    let err =
        invoke(&h.window, "create_group", draft("No key", "+14155550100")).expect_err("no key");
    assert_eq!(err["problem"]["code"], json!("NoKey"));
    assert_eq!(h.sandbox.create_requests(), 0);
}

#[test]
fn invalid_input_is_reported_by_field_and_not_sent() {
    let h = harness_with_saved_key();
    let err = invoke(&h.window, "create_group", draft("   ", "not-a-number")).expect_err("invalid");
    assert_eq!(err["problem"]["code"], json!("FormHasProblems"));
    let fields: Vec<&str> = err["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .filter_map(|p| p["field"].as_str())
        .collect();
    assert!(
        fields.contains(&"name") && fields.contains(&"members"),
        "{err}"
    );
    assert_eq!(h.sandbox.create_requests(), 0);
}

#[test]
fn a_rejected_key_maps_to_unauthorized() {
    let h = harness();
    invoke(
        &h.window,
        "save_api_key",
        json!({"key": "bl_live_wrong_key_0000", "sessionOnly": false}),
    )
    .expect("saved");
    let err = invoke(&h.window, "create_group", draft("Rejected", "")).expect_err("401");
    assert_eq!(err["problem"]["code"], json!("Unauthorized"));
    assert_eq!(err["detail"]["status"], json!(401));
    let check = invoke(&h.window, "check_api_key", json!({})).expect("check runs");
    assert_eq!(check["state"], json!("Rejected"));
}

#[test]
fn a_503_names_the_missing_device() {
    let h = harness_with_saved_key();
    h.sandbox.inject(Fault::Status(503));
    let err = invoke(&h.window, "create_group", draft("No device", "")).expect_err("503");
    // Blooio's own answer, and the app's lookup afterwards: nothing was created, so trying again is safe.
    assert_eq!(err["problem"]["code"], json!("FailedNotCreated"));
    assert_eq!(err["problem"]["cause"]["code"], json!("NoDevice"));
    assert_eq!(err["detail"]["status"], json!(503));
}

#[test]
fn a_second_create_while_one_is_in_flight_is_refused_not_sent() {
    let h = harness_with_saved_key();
    let first = create_in_flight(&h, "Once");
    let second =
        invoke(&h.window, "create_group", draft("Once", "+14155550100")).expect_err("busy");
    assert_eq!(second["problem"]["code"], json!("Busy"));
    let first = first
        .join()
        .expect("thread")
        .expect("first create succeeds");
    assert_eq!(first["created"]["name"], json!("Once"));
    assert_eq!(h.sandbox.create_requests(), 1);
    assert_eq!(h.sandbox.group_count(), 1);
}

#[test]
fn practice_mode_fills_in_its_own_key() {
    let h = harness();
    invoke(&h.window, "set_sandbox_mode", json!({"enabled": true})).expect("sandbox on");
    let status = invoke(&h.window, "api_key_status", json!({})).expect("status");
    assert_eq!(status["stored"], json!(true), "{status}");
    assert_eq!(
        status["backend"],
        json!("SessionMemory"),
        "not written to a keychain"
    );
    invoke(&h.window, "create_group", draft("Practice", "+14155550100")).expect("created");
    // Back to the real API: no key there, the practice one stays in practice mode.
    invoke(&h.window, "set_sandbox_mode", json!({"enabled": false})).expect("sandbox off");
    let status = invoke(&h.window, "api_key_status", json!({})).expect("status");
    assert_eq!(status["stored"], json!(false), "{status}");
}

#[test]
fn sandbox_mode_starts_an_in_process_sandbox() {
    let h = harness();
    let info = invoke(&h.window, "set_sandbox_mode", json!({"enabled": true})).expect("sandbox on");
    assert_eq!(info["mode"], json!("Sandbox"));
    let url = info["base_url"].as_str().expect("url");
    assert!(
        url.starts_with("http://127.0.0.1:") && url != h.sandbox.base_url(),
        "{url}"
    );
    invoke(
        &h.window,
        "save_api_key",
        json!({"key": "bl_sandbox_demo", "sessionOnly": false}),
    )
    .expect("saved");
    let group =
        invoke(&h.window, "create_group", draft("Practice", "+14155550100")).expect("created");
    assert_eq!(
        group["created"]["created_contacts"],
        json!(["+14155550100"])
    );
    // The live connection's sandbox saw nothing.
    assert_eq!(h.sandbox.create_requests(), 0);
    let info =
        invoke(&h.window, "set_sandbox_mode", json!({"enabled": false})).expect("sandbox off");
    assert_eq!(info["mode"], json!("Live"));
    assert_eq!(info["base_url"], json!(h.sandbox.base_url()));
}

#[test]
fn a_create_whose_answer_was_lost_is_found_not_repeated() {
    let h = harness_with_saved_key();
    h.sandbox
        .inject(Fault::AfterStore(Box::new(Fault::DropConnection)));
    let result = invoke(
        &h.window,
        "create_group",
        draft("Lost answer", "+14155550100"),
    )
    .expect("found");
    assert_eq!(result["recovered"], json!(true));
    assert_eq!(result["created"]["name"], json!("Lost answer"));
    assert!(result["created"]["group_id"]
        .as_str()
        .is_some_and(|id| id.starts_with("grp_")));
    assert_eq!(h.sandbox.group_count(), 1);
    assert_eq!(
        h.sandbox.create_requests(),
        1,
        "found by asking, not by sending again"
    );
}

#[test]
fn a_lost_answer_without_a_group_says_retrying_is_safe_and_the_retry_makes_one_group() {
    let h = harness_with_saved_key();
    h.sandbox.inject(Fault::DropConnection);
    let err = invoke(&h.window, "create_group", draft("Not yet", "+14155550100"))
        .expect_err("not created");
    assert_eq!(err["problem"]["code"], json!("NotCreated"));
    assert_eq!(h.sandbox.group_count(), 0);
    let retry = invoke(&h.window, "create_group", draft("Not yet", "+14155550100"))
        .expect("created on retry");
    assert_eq!(retry["recovered"], json!(false));
    assert_eq!(h.sandbox.group_count(), 1);
}

#[test]
fn a_retry_after_an_unsettled_outcome_checks_first_and_finds_the_group() {
    let h = harness_with_saved_key();
    // The answer is lost, and the lookup that follows fails too: nothing can be said.
    h.sandbox
        .inject(Fault::AfterStore(Box::new(Fault::Status(500))));
    h.sandbox.inject(Fault::Status(503));
    let err = invoke(&h.window, "create_group", draft("Unsettled", "")).expect_err("unknown");
    assert_eq!(err["problem"]["code"], json!("OutcomeUnknown"));
    // Pressing Create again asks first, finds the group, and sends nothing.
    let retry = invoke(&h.window, "create_group", draft("Unsettled", "")).expect("found on retry");
    assert_eq!(retry["recovered"], json!(true));
    assert_eq!(h.sandbox.group_count(), 1);
    assert_eq!(h.sandbox.create_requests(), 1);
}

/// Counts reads, so a test can see the keychain is asked once per session.
#[derive(Default)]
struct CountingStore {
    inner: MemoryKeyStore,
    loads: std::sync::atomic::AtomicUsize,
}

impl blooio_keychain::KeyStore for CountingStore {
    fn load(&self) -> Result<Option<blooio_core::ApiKey>, blooio_keychain::KeychainError> {
        self.loads.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        self.inner.load()
    }
    fn save(&self, key: &blooio_core::ApiKey) -> Result<(), blooio_keychain::KeychainError> {
        self.inner.save(key)
    }
    fn delete(&self) -> Result<(), blooio_keychain::KeychainError> {
        self.inner.delete()
    }
    fn backend(&self) -> blooio_keychain::StoreBackend {
        self.inner.backend()
    }
}

#[test]
fn the_keychain_is_read_once_per_session() {
    let store = Arc::new(CountingStore::default());
    store
        .inner
        .save(&blooio_core::ApiKey::parse(KEY).expect("key"))
        .expect("seeded");
    let h = harness_with_store(store.clone());
    let window = &h.window;
    assert_eq!(
        invoke(window, "api_key_status", json!({})).expect("status")["stored"],
        json!(true)
    );
    invoke(window, "create_group", draft("One", "+14155550100")).expect("first");
    invoke(window, "create_group", draft("Two", "+14155550101")).expect("second");
    invoke(window, "check_api_key", json!({})).expect("check");
    assert_eq!(store.loads.load(std::sync::atomic::Ordering::SeqCst), 1);
}

fn history(window: &WebviewWindow<MockRuntime>, search: Option<&str>) -> Value {
    invoke(
        window,
        "history_page",
        json!({"search": search, "offset": 0, "limit": 50}),
    )
    .expect("history")
}

#[test]
fn a_created_group_is_in_the_history_of_its_mode_and_nothing_opens_before() {
    let h = harness_with_saved_key();
    let store_file = h.data.path().join(blooio_store::STORE_FILE_NAME);
    assert!(!store_file.exists(), "the store is opened on first use");
    let created = invoke(
        &h.window,
        "create_group",
        draft("Book club", "(415) 555-0100, Bea@Example.com"),
    )
    .expect("created");
    assert_eq!(created["not_in_history"], Value::Null);
    assert!(store_file.exists());

    let page = history(&h.window, None);
    assert_eq!(page["total"], json!(1));
    let entry = &page["entries"][0];
    assert_eq!(entry["source"], json!("form"));
    assert_eq!(entry["mode"], json!("blooio"));
    assert_eq!(entry["base_url"], json!(h.sandbox.base_url()));
    assert_eq!(entry["key_hint"], json!("…9c1d"));
    assert_eq!(
        entry["created"]["created_contacts"],
        json!(["+14155550100", "bea@example.com"])
    );
    assert_eq!(history(&h.window, Some("BEA@"))["total"], json!(1));
    assert_eq!(history(&h.window, Some("nobody"))["total"], json!(0));

    // Practice mode has its own history, and forgetting it leaves the real one.
    invoke(&h.window, "set_sandbox_mode", json!({"enabled": true})).expect("sandbox on");
    assert_eq!(history(&h.window, None)["total"], json!(0));
    invoke(&h.window, "create_group", draft("Practice", "+14155550100")).expect("created");
    assert_eq!(
        history(&h.window, None)["entries"][0]["mode"],
        json!("sandbox")
    );
    assert_eq!(
        invoke(&h.window, "forget_history", json!({})).expect("forgot"),
        json!(1)
    );
    assert_eq!(history(&h.window, None)["total"], json!(0));
    invoke(&h.window, "set_sandbox_mode", json!({"enabled": false})).expect("sandbox off");
    assert_eq!(history(&h.window, None)["total"], json!(1));

    let bytes = std::fs::read(&store_file).expect("store file");
    assert!(!bytes.windows(KEY.len()).any(|w| w == KEY.as_bytes()));
}

#[test]
fn a_history_that_cant_be_written_leaves_the_group_created() {
    let h = harness_with_saved_key();
    std::fs::write(
        h.data.path().join(blooio_store::STORE_FILE_NAME),
        b"not sqlite",
    )
    .expect("written");
    let created =
        invoke(&h.window, "create_group", draft("Kept", "+14155550100")).expect("still created");
    assert!(created["created"]["group_id"].is_string());
    assert_eq!(
        created["not_in_history"]["code"],
        json!("StoreNotADatabase")
    );
    assert_eq!(h.sandbox.group_count(), 1);
    let err = invoke(
        &h.window,
        "history_page",
        json!({"search": null, "offset": 0, "limit": 50}),
    )
    .expect_err("refused");
    assert_eq!(err["problem"]["code"], json!("StoreNotADatabase"));
}

#[test]
fn a_group_is_listed_opened_renamed_and_deleted() {
    let h = harness_with_saved_key();
    let created = invoke(
        &h.window,
        "create_group",
        draft("Book club", "+14155550100"),
    )
    .expect("created");
    let id = created["created"]["group_id"]
        .as_str()
        .expect("id")
        .to_string();

    let list = invoke(
        &h.window,
        "list_groups",
        json!({"query": {"limit": 200, "offset": 0, "q": "book", "sort": "name_asc"}}),
    )
    .expect("listed");
    assert_eq!(list["groups"][0]["group_id"], json!(id));
    assert_eq!(list["pagination"]["total"], json!(1));
    let group = invoke(&h.window, "get_group", json!({"id": id})).expect("got");
    assert_eq!(group["name"], json!("Book club"));
    let members = invoke(
        &h.window,
        "group_members",
        json!({"id": id, "offset": 0, "limit": 50}),
    )
    .expect("members");
    assert_eq!(members["members"][0]["identifier"], json!("+14155550100"));

    // The form's name rules, before anything is sent.
    let err = invoke(
        &h.window,
        "rename_group",
        json!({"id": id, "name": "x".repeat(256)}),
    )
    .expect_err("refused");
    assert_eq!(err["problem"]["code"], json!("FormHasProblems"));
    assert_eq!(err["problems"][0]["field"], json!("name"));
    assert_eq!(err["problems"][0]["problem"]["code"], json!("NameTooLong"));
    let renamed = invoke(
        &h.window,
        "rename_group",
        json!({"id": id, "name": "  Reading club "}),
    )
    .expect("renamed");
    assert_eq!(renamed["group"]["name"], json!("Reading club"));
    assert_eq!(renamed["phone_sync"]["state"], json!("no_chat"));

    invoke(&h.window, "delete_group", json!({"id": id})).expect("deleted");
    let err = invoke(&h.window, "get_group", json!({"id": id})).expect_err("gone");
    assert_eq!(err["problem"]["code"], json!("NotFound"));
}

#[test]
fn the_groups_commands_need_a_key() {
    let h = harness();
    let err = invoke(
        &h.window,
        "list_groups",
        json!({"query": {"limit": 200, "offset": 0, "q": null, "sort": null}}),
    )
    .expect_err("no key");
    assert_eq!(err["problem"]["code"], json!("NoKey"));
}

#[test]
fn an_update_is_not_installed_while_a_group_is_being_created() {
    let h = harness_with_saved_key();
    let create = create_in_flight(&h, "Busy");
    let during = invoke(&h.window, "install_update", json!({})).expect("an answer");
    assert_eq!(during["state"], json!("Failed"));
    assert_eq!(during["problem"]["code"], json!("CreateInProgress"));
    create
        .join()
        .expect("thread")
        .expect("the create is not disturbed");
    // Once the create is done the install may go ahead; here no check has found anything to install.
    let after = invoke(&h.window, "install_update", json!({})).expect("an answer");
    assert_eq!(after["problem"]["code"], json!("NothingToInstall"));
}

#[test]
fn the_about_view_learns_the_version_and_licence() {
    let h = harness();
    let about = invoke(&h.window, "about_app", json!({})).expect("about");
    assert_eq!(about["licence"], json!("MIT"));
    assert!(about["version"].as_str().is_some_and(|v| !v.is_empty()));
}

// ---- A group's photo, the 409 lookup and the history export: files chosen in dialogs or dropped ----

/// The smallest file that is a PNG by its signature, which is all Blooio (and the sandbox) check.
const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

fn linked_group(h: &Harness, guid: &str) -> String {
    let created = invoke(
        &h.window,
        "create_group",
        json!({"draft": {"name": "Family", "chat_guid": guid, "members": "", "default_region": "US"}}),
    )
    .expect("linked");
    created["created"]["group_id"]
        .as_str()
        .expect("id")
        .to_string()
}

fn icon_url(h: &Harness, id: &str) -> Value {
    invoke(&h.window, "get_group", json!({"id": id})).expect("group")["icon_url"].clone()
}

#[test]
fn a_dropped_photo_is_sent_by_its_token_and_the_phones_are_reported() {
    let h = harness_with_saved_key();
    let id = linked_group(&h, "iMessage;+;chat700");
    let before = icon_url(&h, &id);
    let file = h.data.path().join("team photo.png");
    std::fs::write(&file, PNG).expect("photo file");

    let DropEvent::Dropped {
        token, file_names, ..
    } = h.window.state::<Drops>().remember(vec![file.clone()])
    else {
        panic!("a drop")
    };
    assert_eq!(file_names, vec!["team photo.png".to_string()]);
    let changed = invoke(
        &h.window,
        "set_dropped_group_photo",
        json!({"id": id, "token": token}),
    )
    .expect("photo set");
    assert_eq!(changed["state"], json!("Changed"));
    assert_eq!(changed["phone_sync"], json!({"state": "updated"}));
    let url = changed["icon_url"].as_str().expect("new photo address");
    assert!(url.ends_with(".png"), "{url}");
    assert_ne!(Value::String(url.to_string()), before);
    assert_eq!(icon_url(&h, &id), json!(url));
    let shown = invoke(&h.window, "group_photo", json!({"url": url})).expect("shown");
    assert!(shown
        .as_str()
        .is_some_and(|u| u.starts_with("data:image/png;base64,")));

    // A path the page makes up is not a token; a token of an earlier drop is no longer one either.
    for token in [file.display().to_string(), token.clone()] {
        h.window.state::<Drops>().remember(vec![file.clone()]);
        let err = invoke(
            &h.window,
            "set_dropped_group_photo",
            json!({"id": id, "token": token}),
        )
        .expect_err("not the last drop");
        assert_eq!(err["problem"]["code"], json!("PhotoDropExpired"), "{err}");
    }
    let DropEvent::Dropped { token, .. } = h
        .window
        .state::<Drops>()
        .remember(vec![file.clone(), file.clone()])
    else {
        panic!("a drop")
    };
    let err = invoke(
        &h.window,
        "set_dropped_group_photo",
        json!({"id": id, "token": token}),
    )
    .expect_err("two files");
    assert_eq!(
        err["problem"],
        json!({"code": "PhotoDropSeveral", "count": 2})
    );

    let removed = invoke(&h.window, "remove_group_photo", json!({"id": id})).expect("removed");
    assert_eq!(removed["state"], json!("Changed"));
    assert_eq!(removed["icon_url"], Value::Null);
    assert_eq!(icon_url(&h, &id), Value::Null);
}

#[test]
fn a_photo_chosen_in_the_dialog_is_checked_first_and_a_cancel_sends_nothing() {
    let h = harness_with_saved_key();
    let dialogs = scripted(&h);
    let id = linked_group(&h, "iMessage;+;chat701");
    let before = icon_url(&h, &id);

    let cancelled = invoke(&h.window, "choose_group_photo", json!({"id": id})).expect("cancel");
    assert_eq!(cancelled, json!({"state": "Cancelled"}));

    let big = h.data.path().join("huge.png");
    let mut bytes = PNG.to_vec();
    bytes.resize(10 * 1024 * 1024 + 1, 0);
    std::fs::write(&big, &bytes).expect("big file");
    let text = h.data.path().join("notes.jpg");
    std::fs::write(&text, "not a photo at all").expect("text file");
    let missing = h.data.path().join("gone.png");
    let cases = [
        (
            big,
            json!({"code": "PhotoTooLarge", "bytes": 10 * 1024 * 1024 + 1, "max": 10 * 1024 * 1024}),
        ),
        (text, json!({"code": "PhotoTypeUnsupported"})),
        (
            h.data.path().to_path_buf(),
            json!({"code": "PhotoTypeUnsupported"}),
        ),
    ];
    for (path, problem) in cases {
        *dialogs.photo.lock().unwrap() = Some(path.clone());
        let err = invoke(&h.window, "choose_group_photo", json!({"id": id})).expect_err("refused");
        assert_eq!(err["problem"], problem, "{}", path.display());
    }
    // A named pipe is refused without being opened (opening it would wait for a writer for ever).
    #[cfg(unix)]
    {
        let fifo = h.data.path().join("pipe.png");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|status| status.success()) {
            *dialogs.photo.lock().unwrap() = Some(fifo);
            let err = invoke(&h.window, "choose_group_photo", json!({"id": id})).expect_err("pipe");
            assert_eq!(err["problem"], json!({"code": "PhotoTypeUnsupported"}));
        }
    }
    *dialogs.photo.lock().unwrap() = Some(missing);
    let err = invoke(&h.window, "choose_group_photo", json!({"id": id})).expect_err("gone");
    assert_eq!(err["problem"]["code"], json!("PhotoFileUnreadable"));
    assert_eq!(err["problem"]["file_name"], json!("gone.png"));
    assert_eq!(icon_url(&h, &id), before, "nothing reached Blooio");

    let good = h.data.path().join("good.png");
    std::fs::write(&good, PNG).expect("photo");
    *dialogs.photo.lock().unwrap() = Some(good);
    let changed = invoke(&h.window, "choose_group_photo", json!({"id": id})).expect("set");
    assert_eq!(changed["state"], json!("Changed"));
    assert_eq!(icon_url(&h, &id), changed["icon_url"]);

    // With the phones offline Blooio takes the photo and says why they weren't updated.
    h.sandbox.set_devices_online(false);
    let changed = invoke(&h.window, "choose_group_photo", json!({"id": id})).expect("set offline");
    assert_eq!(
        changed["phone_sync"]["state"],
        json!("not_updated"),
        "{changed}"
    );
    assert!(changed["phone_sync"]["reason"].is_string(), "{changed}");
}

#[test]
fn an_unlinked_group_cant_have_a_photo() {
    let h = harness_with_saved_key();
    let created =
        invoke(&h.window, "create_group", draft("Plain", "+14155550100")).expect("created");
    let id = created["created"]["group_id"].as_str().expect("id");
    let file = h.data.path().join("p.png");
    std::fs::write(&file, PNG).expect("photo");
    let DropEvent::Dropped { token, .. } = h.window.state::<Drops>().remember(vec![file]) else {
        panic!("a drop")
    };
    let err = invoke(
        &h.window,
        "set_dropped_group_photo",
        json!({"id": id, "token": token}),
    )
    .expect_err("not linked");
    assert_eq!(err["problem"]["code"], json!("Rejected"), "{err}");
}

#[test]
fn after_a_409_the_existing_group_is_found_or_plainly_not() {
    let h = harness_with_saved_key();
    let first = invoke(
        &h.window,
        "create_group",
        draft("Book club", "(415) 555-0100, Bea@Example.com"),
    )
    .expect("created");
    let first_id = first["created"]["group_id"].clone();
    let again = draft("Book club again", "bea@example.com\n+1 415 555 0100");
    let err = invoke(&h.window, "create_group", again.clone()).expect_err("409");
    assert_eq!(
        err["problem"],
        json!({"code": "Conflict", "linking": false})
    );

    let found = invoke(&h.window, "find_existing_group", again.clone()).expect("looked");
    assert_eq!(found["state"], json!("Found"));
    assert_eq!(found["group"]["group_id"], first_id);

    let linked = linked_group(&h, "iMessage;+;chat702");
    let relink = json!({"draft": {"name": "Other", "chat_guid": "iMessage;+;chat702", "members": "", "default_region": "US"}});
    let err = invoke(&h.window, "create_group", relink.clone()).expect_err("409");
    assert_eq!(err["problem"], json!({"code": "Conflict", "linking": true}));
    let found = invoke(&h.window, "find_existing_group", relink).expect("looked");
    assert_eq!(found["group"]["group_id"], json!(linked));

    // Gone since (deleted elsewhere): said plainly, not an error.
    invoke(&h.window, "delete_group", json!({"id": first_id})).expect("deleted");
    let found = invoke(&h.window, "find_existing_group", again).expect("looked");
    assert_eq!(found, json!({"state": "NotFound"}));

    let err = invoke(&h.window, "find_existing_group", draft("  ", "")).expect_err("invalid");
    assert_eq!(err["problem"]["code"], json!("FormHasProblems"));
}

#[test]
fn the_history_is_exported_where_the_save_dialog_says_and_a_cancel_writes_nothing() {
    let h = harness_with_saved_key();
    let dialogs = scripted(&h);
    invoke(
        &h.window,
        "create_group",
        draft("Book club", "+14155550100"),
    )
    .expect("created");
    invoke(&h.window, "create_group", draft("Choir", "+14155550101")).expect("created");

    let cancelled = invoke(&h.window, "export_history", json!({"search": null})).expect("cancel");
    assert_eq!(cancelled, Value::Null);
    let asked = dialogs.save_asked.lock().unwrap().clone();
    assert_eq!(asked.len(), 1);
    assert!(
        asked[0].file_name.starts_with("blooio-history-") && asked[0].file_name.ends_with(".csv"),
        "{asked:?}"
    );
    assert_eq!(asked[0].kind, ("CSV (spreadsheet)", "csv"));

    let out = tempfile::tempdir().expect("folder");
    let before: Vec<_> = std::fs::read_dir(out.path()).expect("list").collect();
    assert!(before.is_empty());
    // Typed without an extension: saved with `.csv`, replacing nothing but that file.
    *dialogs.save.lock().unwrap() = Some(out.path().join("groups"));
    let exported = invoke(&h.window, "export_history", json!({"search": "choir"})).expect("saved");
    let path = out.path().join("groups.csv");
    assert_eq!(exported["path"], json!(path.display().to_string()));
    assert_eq!(exported["entries"], json!(1));
    let csv = std::fs::read_to_string(&path).expect("csv");
    assert!(csv.contains("Choir") && !csv.contains("Book club"), "{csv}");
    let names: Vec<_> = std::fs::read_dir(out.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(
        names,
        vec![std::ffi::OsString::from("groups.csv")],
        "no temporary file left"
    );
}

// ---- Members added to the form from a file ----

#[test]
fn members_come_from_a_chosen_or_dropped_file_and_an_unclear_column_is_asked_for() {
    let h = harness_with_saved_key();
    let dialogs = scripted(&h);
    let cancelled = invoke(&h.window, "members_file_choose", json!({})).expect("cancel");
    assert_eq!(cancelled, json!({"kind": "cancelled"}));

    let contacts = h.data.path().join("family.vcf");
    std::fs::write(
        &contacts,
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann\r\nTEL;type=CELL:(212) 555-0100\r\n\
         EMAIL:ann@example.com\r\nEND:VCARD\r\n",
    )
    .expect("contacts file");
    *dialogs.members_file.lock().unwrap() = Some(contacts);
    let found = invoke(&h.window, "members_file_choose", json!({})).expect("read");
    assert_eq!(
        found,
        json!({"kind": "found", "file_name": "family.vcf", "found": {
            "entries": ["(212) 555-0100", "ann@example.com"],
            "from": {"kind": "contacts", "cards": 1, "phones": 1, "emails": 1}}})
    );

    // Dropped on the member box: a sheet whose headers don't say which column holds the members.
    let sheet = h.data.path().join("guests.csv");
    std::fs::write(
        &sheet,
        "Who,Reach at\nAnn,212-555-0101\nBob,bob@example.com\n",
    )
    .expect("sheet");
    let DropEvent::Dropped { token, .. } = h.window.state::<Drops>().remember(vec![sheet]) else {
        panic!("a drop")
    };
    let asked = invoke(&h.window, "members_file_dropped", json!({"token": token})).expect("asked");
    assert_eq!(asked["kind"], json!("pick_column"), "{asked}");
    assert_eq!(asked["file_name"], json!("guests.csv"));
    assert_eq!(asked["columns"][1]["header"], json!("Reach at"));
    assert_eq!(
        asked["columns"][1]["samples"],
        json!(["212-555-0101", "bob@example.com"])
    );
    let err =
        invoke(&h.window, "members_file_column", json!({"column": 9})).expect_err("no such column");
    assert_eq!(
        err["problem"]["code"],
        json!("MappingColumnMissing"),
        "{err}"
    );
    let picked = invoke(&h.window, "members_file_column", json!({"column": 1})).expect("picked");
    assert_eq!(
        picked["found"]["entries"],
        json!(["212-555-0101", "bob@example.com"])
    );
    // Answered once: the sheet no longer waits.
    invoke(&h.window, "members_file_column", json!({"column": 1})).expect_err("nothing waits");

    // A path the page makes up is not a token.
    let err = invoke(
        &h.window,
        "members_file_dropped",
        json!({"token": h.data.path().join("guests.csv").display().to_string()}),
    )
    .expect_err("not a drop");
    assert_eq!(err["problem"]["code"], json!("Internal"), "{err}");
    // A file that can't be read says why, in the importer's words.
    let empty = h.data.path().join("empty.csv");
    std::fs::write(&empty, "").expect("empty file");
    *dialogs.members_file.lock().unwrap() = Some(empty);
    let err = invoke(&h.window, "members_file_choose", json!({})).expect_err("empty");
    assert_eq!(err["problem"]["code"], json!("FileEmpty"), "{err}");
}
