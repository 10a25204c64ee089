//! The key must outlive the process that saved it: save in one process, read in a second, delete in a third.
//! Needs a real Secret Service (the test command runs it inside a private D-Bus session with gnome-keyring).
//! Without one it is skipped, unless BLOOIO_REQUIRE_KEYCHAIN=1, where a missing keychain fails the test.

use std::process::Command;

use blooio_core::ApiKey;
use blooio_keychain::{KeyStore, SystemKeychain};

const STEP_VAR: &str = "BLOOIO_KEYCHAIN_STEP";
const SERVICE_VAR: &str = "BLOOIO_KEYCHAIN_SERVICE";
const KEY: &str = "bl_live_persistence_check_7f3a";

fn run_step(step: &str, service: &str) -> (bool, String) {
    let output = Command::new(std::env::current_exe().expect("test binary path"))
        .args([
            "--ignored",
            "--exact",
            "child_step",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(STEP_VAR, step)
        .env(SERVICE_VAR, service)
        .output()
        .expect("spawn child test process");
    let text = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    (output.status.success(), text)
}

#[test]
fn key_survives_across_processes() {
    let service = format!("com.blooio.groups.test-{}", std::process::id());
    let probe = SystemKeychain::with_service(&service, "api-key");
    if let Err(err) = probe.load() {
        if std::env::var("BLOOIO_REQUIRE_KEYCHAIN").as_deref() == Ok("1") {
            panic!(
                "a real keychain is required here but is unavailable: {} ({})",
                err, err.detail
            );
        }
        eprintln!("skipped: no system keychain ({})", err.detail);
        return;
    }

    let (ok, out) = run_step("save", &service);
    assert!(ok, "save step failed: {out}");
    let (ok, out) = run_step("load", &service);
    assert!(ok, "load step failed: {out}");
    assert!(
        out.contains("LOADED hint=…7f3a"),
        "second process did not see the key: {out}"
    );
    assert!(!out.contains(KEY), "the key itself was printed: {out}");
    let (ok, out) = run_step("delete", &service);
    assert!(ok, "delete step failed: {out}");
    let (ok, out) = run_step("load", &service);
    assert!(ok, "load after delete failed: {out}");
    assert!(
        out.contains("LOADED none"),
        "key still present after delete: {out}"
    );
    // Deleting what is already gone succeeds.
    let (ok, out) = run_step("delete", &service);
    assert!(ok, "second delete failed: {out}");
}

#[test]
#[ignore = "run by key_survives_across_processes in a child process"]
fn child_step() {
    let (Ok(step), Ok(service)) = (std::env::var(STEP_VAR), std::env::var(SERVICE_VAR)) else {
        return;
    };
    let store = SystemKeychain::with_service(&service, "api-key");
    match step.as_str() {
        "save" => store
            .save(&ApiKey::parse(KEY).expect("valid key"))
            .expect("save"),
        "load" => match store.load().expect("load") {
            Some(key) => println!("LOADED hint={}", key.hint()),
            None => println!("LOADED none"),
        },
        "delete" => store.delete().expect("delete"),
        other => panic!("unknown step {other}"),
    }
}
