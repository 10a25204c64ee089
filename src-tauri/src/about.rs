//! What the About view says of the app itself. The third-party licences are not here: the window loads the list
//! generated from the lock files (`ui/src/features/licences/`), so nothing is written by hand.

use serde::Serialize;
use tauri::{AppHandle, Runtime};
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct AboutApp {
    pub name: String,
    pub version: String,
    /// The app's own licence, an SPDX expression (the workspace's `license`).
    pub licence: String,
    /// `bundle.copyright` in tauri.conf.json: the same line the installers carry.
    pub copyright: Option<String>,
}

#[tauri::command]
pub fn about_app<R: Runtime>(app: AppHandle<R>) -> AboutApp {
    let info = app.package_info();
    AboutApp {
        name: info.name.clone(),
        version: info.version.to_string(),
        licence: env!("CARGO_PKG_LICENSE").to_string(),
        copyright: app.config().bundle.copyright.clone(),
    }
}
