//! Signed updates through tauri-plugin-updater and a static `latest.json` (endpoint and public key in
//! `tauri.conf.json`, `plugins.updater`). The window asks for a check after its first frame and when the operator
//! presses "Check for updates"; it installs only when the operator chooses to, and never while a group is being
//! created. The plugin's own commands are not granted to the window: these two commands are its only way in.

use std::time::Duration;

use serde::Serialize;
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_updater::{Error as UpdaterError, Update, UpdaterExt};
use tokio::sync::Mutex;
use ts_rs::TS;

use crate::state::AppState;

/// A check that hangs (a captive portal, a stalled proxy) ends in a plain "could not reach" after this long.
const CHECK_TIMEOUT: Duration = Duration::from_secs(20);
/// The download of an installer of a few megabytes; generous for slow links, but not forever.
const DOWNLOAD_TIMEOUT: Duration = Duration::from_secs(300);
/// Time for the window to show "installed, restarting" before the app restarts into the new version.
const RESTART_DELAY: Duration = Duration::from_millis(1500);

/// The update the last check found, installed exactly as the operator was shown it.
#[derive(Default)]
pub struct PendingUpdate(Mutex<Option<Update>>);

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(tag = "state")]
pub enum UpdateCheck {
    UpToDate {
        current_version: String,
    },
    Available {
        current_version: String,
        version: String,
        /// The release notes from `latest.json`: plain text, shown as "What's new".
        notes: Option<String>,
        /// RFC 3339, as `latest.json` gives it.
        date: Option<String>,
    },
    /// An automatic check that was not made: a development build, or `BLOOIO_UPDATE_CHECK=off`.
    Off,
    Failed {
        problem: UpdateProblem,
    },
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
#[serde(tag = "state")]
pub enum UpdateInstall {
    /// Installed; the app restarts into it in a moment (on Windows the installer has already taken over).
    Installed {
        version: String,
    },
    Failed {
        problem: UpdateProblem,
    },
}

/// Why a check or an install did not succeed: `code` for the window to word, `detail` for support.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct UpdateProblem {
    pub code: UpdateProblemCode,
    pub detail: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub enum UpdateProblemCode {
    /// The update server could not be reached (offline, proxy, timeout).
    Unreachable,
    /// The server answered, but not with an update this app can use.
    BadAnswer,
    /// The download's signature is not the one this app trusts: nothing was installed.
    SignatureRejected,
    /// Verified, but the system did not install it (package manager refused, permission prompt dismissed).
    InstallFailed,
    /// A group is being created; the install waits for the operator to try again once it is done.
    CreateInProgress,
    /// Nothing to install: no update was found by a check in this session.
    NothingToInstall,
}

impl UpdateProblem {
    fn new(code: UpdateProblemCode, detail: impl Into<String>) -> Self {
        UpdateProblem {
            code,
            detail: detail.into(),
        }
    }

    fn from_updater(err: &UpdaterError) -> Self {
        use UpdateProblemCode::*;
        let code = match err {
            UpdaterError::Reqwest(_) | UpdaterError::Network(_) => Unreachable,
            UpdaterError::Minisign(_)
            | UpdaterError::Base64(_)
            | UpdaterError::SignatureUtf8(_)
            | UpdaterError::SignedVersionMismatch { .. }
            | UpdaterError::MissingSignedVersion => SignatureRejected,
            UpdaterError::ReleaseNotFound
            | UpdaterError::Serialization(_)
            | UpdaterError::Semver(_)
            | UpdaterError::UrlParse(_)
            | UpdaterError::TargetNotFound(_)
            | UpdaterError::TargetsNotFound(_)
            | UpdaterError::InvalidUpdaterFormat
            | UpdaterError::EmptyEndpoints
            | UpdaterError::InsecureTransportProtocol => BadAnswer,
            _ => InstallFailed,
        };
        UpdateProblem::new(code, err.to_string())
    }
}

/// Whether the check the window makes by itself at start runs. Development builds never update themselves from
/// an installer, and an administrator (or a test) can turn it off; a check the operator asks for always runs.
fn automatic_checks_enabled() -> bool {
    !cfg!(debug_assertions)
        && !std::env::var("BLOOIO_UPDATE_CHECK").is_ok_and(|v| v.eq_ignore_ascii_case("off"))
}

#[tauri::command]
pub async fn check_for_update<R: Runtime>(
    app: AppHandle<R>,
    pending: State<'_, PendingUpdate>,
    automatic: bool,
) -> Result<UpdateCheck, ()> {
    if automatic && !automatic_checks_enabled() {
        return Ok(UpdateCheck::Off);
    }
    let current_version = app.package_info().version.to_string();
    let checked = match app.updater_builder().timeout(CHECK_TIMEOUT).build() {
        Ok(updater) => updater.check().await,
        Err(err) => Err(err),
    };
    Ok(match checked {
        Ok(Some(update)) => {
            log::info!("update check: {} is available", update.version);
            let found = UpdateCheck::Available {
                current_version,
                version: update.version.clone(),
                notes: update.body.clone(),
                date: update.date.and_then(|d| {
                    d.format(&time::format_description::well_known::Rfc3339)
                        .ok()
                }),
            };
            *pending.0.lock().await = Some(update);
            found
        }
        Ok(None) => {
            log::info!("update check: {current_version} is the newest");
            *pending.0.lock().await = None;
            UpdateCheck::UpToDate { current_version }
        }
        Err(err) => {
            log::warn!("update check failed: {err}");
            UpdateCheck::Failed {
                problem: UpdateProblem::from_updater(&err),
            }
        }
    })
}

#[tauri::command]
pub async fn install_update<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    pending: State<'_, PendingUpdate>,
) -> Result<UpdateInstall, ()> {
    // Held for the whole install: a create is never running while the app replaces itself, and a create
    // pressed meanwhile is refused as busy rather than cut off by the restart.
    let Ok(_no_create) = state.create_in_flight.try_lock() else {
        return Ok(failed(
            UpdateProblemCode::CreateInProgress,
            "a group is being created",
        ));
    };
    // Nor in the middle of a bulk run: it would stop between two rows, safely, but the operator didn't ask.
    if state.bulk.is_running() {
        return Ok(failed(
            UpdateProblemCode::CreateInProgress,
            "groups are being created from a spreadsheet",
        ));
    }
    let Some(mut update) = pending.0.lock().await.clone() else {
        return Ok(failed(
            UpdateProblemCode::NothingToInstall,
            "no update was found in this session",
        ));
    };
    log::info!("installing update {}", update.version);
    // The check's short timeout would cut a download on a slow link.
    update.timeout = Some(DOWNLOAD_TIMEOUT);
    // `download` checks the signature (and the version it was signed for) before anything is installed.
    let bytes = match update.download(|_, _| {}, || {}).await {
        Ok(bytes) => bytes,
        Err(err) => return Ok(refused(&err)),
    };
    if let Err(err) = update.install(&bytes) {
        return Ok(refused(&err));
    }
    log::info!("update {} installed; restarting", update.version);
    let handle = app.clone();
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(RESTART_DELAY).await;
        handle.restart();
    });
    Ok(UpdateInstall::Installed {
        version: update.version,
    })
}

fn failed(code: UpdateProblemCode, detail: &str) -> UpdateInstall {
    UpdateInstall::Failed {
        problem: UpdateProblem::new(code, detail),
    }
}

fn refused(err: &UpdaterError) -> UpdateInstall {
    log::warn!("update not installed: {err}");
    UpdateInstall::Failed {
        problem: UpdateProblem::from_updater(err),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_signature_is_reported_as_refused_not_as_a_failed_install() {
        let cases = [
            (
                UpdaterError::SignedVersionMismatch {
                    signed: "0.1.0".into(),
                    announced: "0.2.0".into(),
                },
                UpdateProblemCode::SignatureRejected,
            ),
            (
                UpdaterError::MissingSignedVersion,
                UpdateProblemCode::SignatureRejected,
            ),
            (
                UpdaterError::SignatureUtf8("x".into()),
                UpdateProblemCode::SignatureRejected,
            ),
            (
                UpdaterError::Network("503".into()),
                UpdateProblemCode::Unreachable,
            ),
            (UpdaterError::ReleaseNotFound, UpdateProblemCode::BadAnswer),
            (
                UpdaterError::PackageInstallFailed,
                UpdateProblemCode::InstallFailed,
            ),
        ];
        for (err, code) in cases {
            assert_eq!(UpdateProblem::from_updater(&err).code, code, "{err}");
        }
    }
}
