//! The commands the window may call. Each adapts UI input to the core and maps the result.

use blooio_core::{
    ApiKey, CreatedGroup, DraftSummary, Group, GroupDraft, ListQuery, ReconcileError, Region,
};
use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime, State};
use ts_rs::TS;

use crate::error::{CommandError, ErrorCode};
use crate::state::{AppState, ConnectionInfo, KeyStatus, UnconfirmedCreate};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub enum KeyCheckState {
    Valid,
    Rejected,
    Unreachable,
    /// Blooio answered with something else (a server fault, say); the message says what.
    Unknown,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct KeyCheck {
    pub state: KeyCheckState,
    pub message: String,
}

/// What `create_group` answers.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct CreateResult {
    pub created: CreatedGroup,
    /// Blooio's answer was lost and the group was found by asking afterwards: `added_members` and
    /// `created_contacts` are then unknown (empty), not "none".
    pub recovered: bool,
}

impl CreateResult {
    fn recovered(group: Group) -> Self {
        CreateResult {
            created: CreatedGroup {
                group,
                added_members: Vec::new(),
                created_contacts: Vec::new(),
            },
            recovered: true,
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct FormDefaults {
    pub default_region: String,
    /// The regions the phone-number rules know, with names and calling codes.
    pub regions: Vec<Region>,
}

#[tauri::command]
pub async fn create_group(
    state: State<'_, AppState>,
    draft: GroupDraft,
) -> Result<CreateResult, CommandError> {
    let result = create(&state, draft).await;
    tracked(&state, "create_group", result)
}

async fn create(state: &AppState, draft: GroupDraft) -> Result<CreateResult, CommandError> {
    // A double click or a repeated shortcut must not send the same group twice.
    let Ok(_in_flight) = state.create_in_flight.try_lock() else {
        return Err(CommandError::busy());
    };
    let report = blooio_core::check_draft(&draft);
    let Some(request) = report.request else {
        return Err(CommandError::validation(report.problems));
    };
    let key = state.key().await?.ok_or_else(CommandError::no_key)?;
    let client = state.client();
    let linking = request.chat_guid.is_some();

    // The same group again after an answer was lost: ask Blooio first, so a retry never makes a second group.
    let unconfirmed = state.unconfirmed_create.lock().await.clone();
    if let Some(earlier) = unconfirmed.filter(|u| u.request == request) {
        log::info!("retry of a create whose outcome was unknown: checking with Blooio first");
        match client
            .find_created_group(&key, &request, earlier.sent_at_ms)
            .await
        {
            Ok(Some(group)) => {
                *state.unconfirmed_create.lock().await = None;
                return Ok(CreateResult::recovered(group));
            }
            Ok(None) => {}
            Err(err) => return Err(unknown_outcome(&err)),
        }
    }

    log::info!(
        "creating a group: {} members, {}",
        request.members.len(),
        if linking {
            "linking a chat"
        } else {
            "new chat"
        }
    );
    let sent_at_ms = blooio_core::unix_time_ms();
    match client.create_group(&key, &request).await {
        Ok(created) => {
            *state.unconfirmed_create.lock().await = None;
            log::info!(
                "group created: {}",
                created.group.group_id.as_deref().unwrap_or("(no id)")
            );
            Ok(CreateResult {
                created,
                recovered: false,
            })
        }
        Err(err) if err.outcome_unknown() => {
            log::warn!(
                "create outcome unknown ({:?}); asking Blooio whether the group exists",
                err.kind()
            );
            let original = CommandError::from_create(err, linking);
            // Remembered until the outcome is settled, so the next attempt checks again before sending.
            *state.unconfirmed_create.lock().await = Some(UnconfirmedCreate {
                request: request.clone(),
                sent_at_ms,
            });
            // A request that got no answer at all (a timeout, a dropped connection) may still be processed and
            // appear later; one Blooio answered with a status is finished, and a lookup settles it.
            let answered = original.detail.as_ref().is_some_and(|d| d.status.is_some());
            match client.find_created_group(&key, &request, sent_at_ms).await {
                Ok(Some(group)) => {
                    *state.unconfirmed_create.lock().await = None;
                    log::info!(
                        "the group was created after all: {}",
                        group.group_id.as_deref().unwrap_or("(no id)")
                    );
                    Ok(CreateResult::recovered(group))
                }
                // A request that timed out may still be in Blooio's hands: "not created" would be a guess.
                Ok(None) if original.code == ErrorCode::Timeout => Err(CommandError {
                    message: "Blooio did not answer in time, and it has no such group yet; it may still be \
                              working on it. Wait a minute, then press Create again: the app checks with Blooio \
                              first and will not make a second group."
                        .to_string(),
                    ..original
                }),
                // Blooio answered with its own error (a 503 "no device", say): keep that sentence, now with
                // the certainty that nothing was created. Without an answer, say just that.
                Ok(None) if answered && original.code != ErrorCode::BadResponse => {
                    *state.unconfirmed_create.lock().await = None;
                    Err(CommandError {
                        message: format!(
                            "{} The app checked with Blooio: the group was not created, so trying again is safe.",
                            original.message
                        ),
                        ..original
                    })
                }
                Ok(None) => {
                    if answered {
                        *state.unconfirmed_create.lock().await = None;
                    }
                    Err(CommandError {
                        detail: original.detail,
                        ..CommandError::new(ErrorCode::NotCreated, "")
                    }
                    .with_plain_message())
                }
                Err(lookup) => {
                    let mut unknown = unknown_outcome(&lookup);
                    unknown.detail = original.detail;
                    Err(unknown)
                }
            }
        }
        Err(err) => {
            *state.unconfirmed_create.lock().await = None;
            Err(CommandError::from_create(err, linking))
        }
    }
}

fn unknown_outcome(lookup: &ReconcileError) -> CommandError {
    let mut err = CommandError::new(ErrorCode::OutcomeUnknown, "").with_plain_message();
    if let ReconcileError::Inconclusive(why) = lookup {
        err.message = format!("{} ({why})", err.message);
    }
    err
}

/// Remembers a failed command for "Copy diagnostics" and the log.
fn tracked<T>(
    state: &AppState,
    command: &str,
    result: Result<T, CommandError>,
) -> Result<T, CommandError> {
    if let Err(err) = &result {
        state.recent_errors.record(command, err);
    }
    result
}

/// A group's photo (its `icon_url`) as a `data:` URL: the page's CSP loads no remote images, and the photo's
/// host gets no API key and no cookies this way.
#[tauri::command]
pub async fn group_photo(url: String, state: State<'_, AppState>) -> Result<String, CommandError> {
    let client = state.client();
    let photo = client.fetch_group_photo(&url).await?;
    Ok(photo.data_url())
}

/// Validation as the operator types: the same rules `create_group` applies, with nothing sent. The answer is the
/// summary the form shows, not every entry: a pasted list of thousands stays a small reply.
#[tauri::command]
pub fn check_draft(draft: GroupDraft) -> DraftSummary {
    blooio_core::check_draft(&draft).summary(blooio_core::OK_ROWS_SHOWN)
}

#[tauri::command]
pub async fn save_api_key(
    state: State<'_, AppState>,
    key: String,
    session_only: bool,
) -> Result<KeyStatus, CommandError> {
    let key = ApiKey::parse(&key).map_err(|problem| CommandError::validation(vec![problem]))?;
    let result = state.save_key(key, session_only).await;
    tracked(&state, "save_api_key", result)
}

/// A cheap authenticated call (`GET /groups?limit=1`) that tells whether Blooio accepts the stored key.
#[tauri::command]
pub async fn check_api_key(state: State<'_, AppState>) -> Result<KeyCheck, CommandError> {
    let result = check_key(&state).await;
    tracked(&state, "check_api_key", result)
}

async fn check_key(state: &AppState) -> Result<KeyCheck, CommandError> {
    let key = state.key().await?.ok_or_else(CommandError::no_key)?;
    let query = ListQuery {
        limit: Some(1),
        ..ListQuery::default()
    };
    Ok(match state.client().list_groups(&key, &query).await {
        Ok(_) => KeyCheck {
            state: KeyCheckState::Valid,
            message: "Blooio accepted this key.".into(),
        },
        Err(err) => {
            let mapped = CommandError::from(err);
            let state = match mapped.code {
                ErrorCode::Unauthorized | ErrorCode::Forbidden => KeyCheckState::Rejected,
                ErrorCode::Timeout | ErrorCode::Unreachable | ErrorCode::Tls => {
                    KeyCheckState::Unreachable
                }
                _ => KeyCheckState::Unknown,
            };
            let message = match state {
                KeyCheckState::Rejected => {
                    "Blooio rejected this key. Copy it again from the Blooio dashboard and replace it.".to_string()
                }
                _ => mapped.message,
            };
            KeyCheck { state, message }
        }
    })
}

/// The region of the system's locale, or the United States when the locale names none.
pub fn default_region() -> String {
    sys_locale::get_locale()
        .and_then(|locale| blooio_core::region_from_locale(&locale))
        .unwrap_or_else(|| "US".to_string())
}

/// The country for numbers typed without a country code, from the system's locale, and the choices.
///
/// Async, so the phone-number database it loads is read off the main thread. The form asks for this as soon as
/// it is on screen, which is also the moment to compile the patterns the first paste needs: doing that at launch
/// would compete with the first frame for the CPU.
#[tauri::command]
pub async fn form_defaults() -> FormDefaults {
    let default_region = default_region();
    static WARM_UP: std::sync::Once = std::sync::Once::new();
    WARM_UP.call_once(|| {
        let region = default_region.clone();
        std::thread::spawn(move || blooio_core::warm_up(&region));
    });
    FormDefaults {
        default_region,
        regions: blooio_core::region_list(),
    }
}

#[tauri::command]
pub async fn api_key_status(state: State<'_, AppState>) -> Result<KeyStatus, CommandError> {
    let result = state.key_status().await;
    tracked(&state, "api_key_status", result)
}

#[tauri::command]
pub async fn delete_api_key(state: State<'_, AppState>) -> Result<KeyStatus, CommandError> {
    let result = state.delete_key().await;
    tracked(&state, "delete_api_key", result)
}

/// A plain-text report for support: versions, platform, where the key is kept, and the last errors.
/// Holds neither the key nor anything the operator typed.
#[tauri::command]
pub fn diagnostics<R: Runtime>(app: AppHandle<R>, state: State<'_, AppState>) -> String {
    let info = state.connection_info();
    let log_dir = app
        .path()
        .app_log_dir()
        .map(|dir| dir.display().to_string())
        .unwrap_or_else(|_| "unknown".into());
    let backend = state.store_backend();
    let mut report = format!(
        "Blooio Groups {}\nOS: {} {} ({})\nConnection: {:?} {}\nKey store: {}\nLogs: {}\n",
        info.version,
        std::env::consts::OS,
        std::env::consts::ARCH,
        std::env::consts::FAMILY,
        info.mode,
        info.base_url,
        backend.label(),
        log_dir,
    );
    let errors = state.recent_errors.lines();
    if errors.is_empty() {
        report.push_str("Recent errors: none\n");
    } else {
        report.push_str("Recent errors (oldest first):\n");
        for line in errors {
            report.push_str("  ");
            report.push_str(&line);
            report.push('\n');
        }
    }
    crate::logging::redact(&report)
}

#[tauri::command]
pub fn connection_info(state: State<'_, AppState>) -> ConnectionInfo {
    state.connection_info()
}

#[tauri::command]
pub async fn set_sandbox_mode(
    state: State<'_, AppState>,
    enabled: bool,
) -> Result<ConnectionInfo, CommandError> {
    state.set_sandbox_mode(enabled).await
}
