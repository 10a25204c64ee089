//! Fails when the window's security settings are loosened: the CSP, the capability file, the commands the build
//! generates permissions for, and the plugins compiled in. Changing any of them must be a deliberate edit here.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read_json(relative: &str) -> Value {
    let text = std::fs::read_to_string(root().join(relative)).expect("readable");
    serde_json::from_str(&text).expect("valid JSON")
}

// The list `lib.rs` registers and `build.rs` generates permissions from.
include!("../src/command_list.rs");

macro_rules! names {
    ($($name:ident),* $(,)?) => {
        &[$(stringify!($name)),*]
    };
}

const COMMANDS: &[&str] = app_commands!(names);

/// What the build resolved and compiled into the app: tauri-build writes it next to the build script's output.
fn read_built(name: &str) -> Value {
    let path = Path::new(env!("OUT_DIR")).join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).expect("valid JSON")
}

#[test]
fn csp_is_strict() {
    let conf = read_json("tauri.conf.json");
    let csp = &conf["app"]["security"]["csp"];
    let expected = serde_json::json!({
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data:",
        "font-src": "'self'",
        "connect-src": "ipc: http://ipc.localhost",
        "object-src": "'none'",
        "base-uri": "'none'",
        "form-action": "'none'",
        "frame-ancestors": "'none'"
    });
    assert_eq!(
        csp, &expected,
        "the CSP changed; tighten it back or update this test deliberately"
    );
    let text = csp.to_string();
    for loose in ["unsafe-inline", "unsafe-eval", "https:", "http:*", "*"] {
        assert!(!text.contains(loose), "CSP must not allow {loose}");
    }
    assert_eq!(
        conf["app"]["security"]["freezePrototype"],
        Value::Bool(true)
    );
    assert_eq!(
        conf["app"]["withGlobalTauri"],
        Value::Bool(false),
        "no global Tauri object in the page"
    );
    assert!(conf["app"]["security"]
        .get("dangerousDisableAssetCspModification")
        .is_none());
}

#[test]
fn one_capability_for_the_main_window_only() {
    let files: Vec<_> = std::fs::read_dir(root().join("src-tauri/capabilities"))
        .expect("capabilities folder")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        files,
        vec!["main-window.json".to_string()],
        "exactly one capability file"
    );
    let cap = read_json("src-tauri/capabilities/main-window.json");
    assert_eq!(cap["windows"], serde_json::json!(["main"]));
    assert!(
        cap.get("remote").is_none(),
        "no remote origin may call commands"
    );
    assert!(cap.get("webviews").is_none(), "no other web view either");
}

/// The commands the built capability lets the main window call, resolving permission sets as Tauri does, and every
/// permission it grants that is not the app's own (a plugin's or core's).
fn granted_to_main_window() -> (BTreeSet<String>, Vec<String>) {
    let manifests = read_built("acl-manifests.json");
    let app = &manifests["__app-acl__"];
    let capability = &read_built("capabilities.json")["main-window"];
    assert_eq!(capability["local"], Value::Bool(true));
    let mut commands = BTreeSet::new();
    let mut foreign = Vec::new();
    let mut allow = |permission: &str, foreign: &mut Vec<String>| {
        let Some(found) = app["permissions"].get(permission) else {
            foreign.push(permission.to_string());
            return;
        };
        assert_eq!(found["commands"]["deny"], serde_json::json!([]));
        for command in found["commands"]["allow"].as_array().expect("allow list") {
            commands.insert(command.as_str().expect("command name").to_string());
        }
    };
    for entry in capability["permissions"].as_array().expect("permissions") {
        let name = entry
            .as_str()
            .expect("plain permission names only, no scopes");
        match app["permission_sets"].get(name) {
            Some(set) => {
                for inner in set["permissions"].as_array().expect("set permissions") {
                    allow(inner.as_str().expect("permission name"), &mut foreign);
                }
            }
            None => allow(name, &mut foreign),
        }
    }
    (commands, foreign)
}

#[test]
fn the_main_window_may_call_exactly_the_listed_commands() {
    let (granted, foreign) = granted_to_main_window();
    let listed: BTreeSet<String> = COMMANDS.iter().map(|c| c.to_string()).collect();
    assert_eq!(
        granted, listed,
        "the built capability grants other commands than src-tauri/src/command_list.rs lists"
    );
    assert!(
        foreign.is_empty(),
        "the main window is granted permissions that are not the app's own: {foreign:?}"
    );
}

#[test]
fn permission_files_exist_for_exactly_the_listed_commands() {
    let generated: BTreeSet<String> = std::fs::read_dir(root().join("permissions/autogenerated"))
        .expect("generated permissions")
        .filter_map(Result::ok)
        .map(|e| {
            e.file_name()
                .to_string_lossy()
                .trim_end_matches(".toml")
                .to_string()
        })
        .collect();
    let expected: BTreeSet<String> = COMMANDS.iter().map(|c| c.to_string()).collect();
    assert_eq!(
        generated, expected,
        "no permission for a command that no longer exists"
    );
}

#[test]
fn only_the_plugins_the_app_uses_are_compiled_in() {
    let manifest = std::fs::read_to_string(root().join("Cargo.toml")).expect("Cargo.toml");
    let plugins: BTreeSet<&str> = manifest
        .lines()
        .filter_map(|line| line.split_once('=').map(|(name, _)| name.trim()))
        .filter(|name| name.starts_with("tauri-plugin-"))
        .collect();
    let expected: BTreeSet<&str> = [
        // The Open dialog, opened by `import_choose_file` from Rust; the window has no dialog permission.
        "tauri-plugin-dialog",
        "tauri-plugin-log",
        "tauri-plugin-single-instance",
        "tauri-plugin-updater",
        "tauri-plugin-window-state",
    ]
    .into_iter()
    .collect();
    assert_eq!(plugins, expected);
}
