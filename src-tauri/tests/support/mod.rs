//! Shared by the command tests: the app on Tauri's mock runtime against its own sandbox, and the IPC call the
//! window makes.
#![allow(dead_code)] // each test binary uses a different part of this module

use std::net::SocketAddr;
use std::sync::Arc;

use blooio_groups_lib::file_dialogs::{FileDialogs, SaveDialog, ScriptedDialogs};
use blooio_groups_lib::{app_builder, AppState, StartupOptions};
use blooio_keychain::{KeyStore, MemoryKeyStore};
use blooio_sandbox::{KeyPolicy, Sandbox, SandboxConfig};
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{
    get_ipc_response, mock_builder, mock_context, noop_assets, MockRuntime, INVOKE_KEY,
};
use tauri::webview::InvokeRequest;
use tauri::{App, Manager, WebviewWindow, WebviewWindowBuilder};

pub const KEY: &str = "bl_live_commands_test_9c1d";

pub struct Harness {
    pub app: App<MockRuntime>,
    pub window: WebviewWindow<MockRuntime>,
    pub sandbox: Sandbox,
    /// The app's data folder (BLOOIO_DATA_DIR): the history's file.
    pub data: tempfile::TempDir,
}

pub fn harness() -> Harness {
    harness_with_store(Arc::new(MemoryKeyStore::new()))
}

/// The harness with the sandbox's key already saved through the `save_api_key` command.
pub fn harness_with_saved_key() -> Harness {
    let h = harness();
    invoke(
        &h.window,
        "save_api_key",
        json!({"key": KEY, "sessionOnly": false}),
    )
    .expect("saved");
    h
}

/// The app on the mock runtime against its own sandbox, with `live` as the keychain.
pub fn harness_with_store(live: Arc<dyn KeyStore>) -> Harness {
    let sandbox = tauri::async_runtime::block_on(Sandbox::start(
        SandboxConfig {
            keys: KeyPolicy::Exactly(vec![KEY.to_string()]),
            rate_limit: None,
        },
        SocketAddr::from(([127, 0, 0, 1], 0)),
    ))
    .expect("sandbox starts");
    let data = tempfile::tempdir().expect("data folder");
    let state = AppState::with_stores(
        StartupOptions {
            base_url: Some(sandbox.base_url()),
            data_dir: Some(data.path().to_path_buf()),
            ..StartupOptions::default()
        },
        live,
        Arc::new(MemoryKeyStore::new()),
    );
    let app = app_builder(mock_builder(), state)
        .build(mock_context(noop_assets()))
        .expect("app builds");
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("window builds");
    Harness {
        app,
        window,
        sandbox,
        data,
    }
}

pub fn invoke(window: &WebviewWindow<MockRuntime>, cmd: &str, args: Value) -> Result<Value, Value> {
    get_ipc_response(
        window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            // The origin the real window has on each platform.
            url: if cfg!(windows) {
                "http://tauri.localhost"
            } else {
                "tauri://localhost"
            }
            .parse()
            .expect("url"),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|body| body.deserialize::<Value>().expect("json reply"))
}

/// What the native dialogs would answer; the mock runtime has no display to show them on.
#[derive(Default)]
pub struct Scripted {
    pub photo: std::sync::Mutex<Option<std::path::PathBuf>>,
    pub members_file: std::sync::Mutex<Option<std::path::PathBuf>>,
    pub spreadsheet: std::sync::Mutex<Option<std::path::PathBuf>>,
    pub save: std::sync::Mutex<Option<std::path::PathBuf>>,
    /// Each save dialog as it was asked for.
    pub save_asked: std::sync::Mutex<Vec<SaveDialog>>,
}

impl FileDialogs for Scripted {
    fn pick_photo(&self) -> Option<std::path::PathBuf> {
        self.photo.lock().unwrap().clone()
    }
    fn pick_members_file(&self) -> Option<std::path::PathBuf> {
        self.members_file.lock().unwrap().clone()
    }
    fn pick_spreadsheet(&self) -> Option<std::path::PathBuf> {
        self.spreadsheet.lock().unwrap().clone()
    }
    fn save(&self, dialog: &SaveDialog) -> Option<std::path::PathBuf> {
        self.save_asked.lock().unwrap().push(dialog.clone());
        self.save.lock().unwrap().clone()
    }
}

/// Puts scripted dialogs in the app's state: every command that opens a dialog gets these answers.
pub fn scripted(h: &Harness) -> Arc<Scripted> {
    let dialogs = Arc::new(Scripted::default());
    h.app.manage(ScriptedDialogs(dialogs.clone()));
    dialogs
}
