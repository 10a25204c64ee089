//! The commands the window may call. Each adapts UI input to the core and maps the result.

use blooio_core::{
    ApiKey, ApiProblem, CreateOutcome, CreatedGroup, DraftReport, DraftSummary, GroupDraft,
    ListQuery, MemberRemoval, Problem, Region,
};
use blooio_store::StoreProblem;
use serde::Serialize;
use tauri::{AppHandle, Manager, Runtime, State};
use ts_rs::TS;

mod bulk_run;
mod groups;
mod history;
mod import;
mod members_file;
mod photo;
pub use bulk_run::*;
pub use groups::*;
pub use history::*;
pub use import::*;
pub use members_file::*;
pub use photo::*;

use crate::error::CommandError;
use crate::state::{AppState, ConnectionInfo, KeyStatus};

// Commands kept in modules of their own, re-exported whole so that the command list finds each one here with the
// handler macros `#[tauri::command]` puts beside it.
pub use crate::about::*;
pub use crate::updates::*;

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
    /// Why the key could not be confirmed; `None` when Blooio accepted it.
    pub problem: Option<Problem>,
}

/// What `create_group` answers.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct CreateResult {
    pub created: CreatedGroup,
    /// Blooio's answer was lost and the group was found by asking afterwards: `added_members` and
    /// `created_contacts` are then unknown (empty), not "none".
    pub recovered: bool,
    /// The group was created but could not be added to the history on this computer, and why.
    pub not_in_history: Option<StoreProblem>,
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
    let report = checked(state, draft).await?;
    let Some(request) = report.request else {
        return Err(CommandError::validation(report.problems));
    };
    let key = state.key().await?.ok_or_else(CommandError::no_key)?;
    let (mode, client) = state.connection();
    log::info!(
        "creating a group: {} members, {}",
        request.members.len(),
        if request.chat_guid.is_some() {
            "linking a chat"
        } else {
            "new chat"
        }
    );
    match client
        .create_group_once(&key, &request, &state.pending_creates)
        .await
    {
        CreateOutcome::Created { created, recovered } => {
            log::info!(
                "group {}: {}",
                if recovered {
                    "found after its answer was lost"
                } else {
                    "created"
                },
                created.group.group_id.as_deref().unwrap_or("(no id)")
            );
            let not_in_history = state
                .history
                .record_created(mode, client.base_url(), &key, &request, &created, recovered)
                .await;
            Ok(CreateResult {
                created,
                recovered,
                not_in_history,
            })
        }
        CreateOutcome::NotCreated { problem, error } => {
            log::info!("group not created: {}", problem.code());
            Err(CommandError::with_api_error(problem, error.as_ref()))
        }
        CreateOutcome::Unknown { problem, error, .. } => {
            log::warn!("create outcome unknown: {}", problem.code());
            Err(CommandError::with_api_error(problem, error.as_ref()))
        }
    }
}

/// The draft through the rules, off the main thread: a pasted list of thousands takes milliseconds.
async fn checked(state: &AppState, draft: GroupDraft) -> Result<DraftReport, CommandError> {
    let checker = state.draft_checker.clone();
    tauri::async_runtime::spawn_blocking(move || {
        checker
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .check(&draft)
    })
    .await
    .map_err(|_| CommandError::internal("checking the form stopped unexpectedly"))
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
pub async fn check_draft(
    state: State<'_, AppState>,
    draft: GroupDraft,
) -> Result<DraftSummary, CommandError> {
    Ok(checked(&state, draft)
        .await?
        .summary(blooio_core::OK_ROWS_SHOWN))
}

/// The pasted member list without its invalid entries or its duplicates, read by the same rules as `check_draft`,
/// the rest of the text as typed. Pure: the window keeps the previous text for Undo.
#[tauri::command]
pub async fn remove_member_entries(
    members: String,
    default_region: String,
    which: MemberRemoval,
) -> Result<String, CommandError> {
    tauri::async_runtime::spawn_blocking(move || {
        blooio_core::remove_members(&members, &default_region, which)
    })
    .await
    .map_err(|_| CommandError::internal("tidying the member list stopped unexpectedly"))
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
            problem: None,
        },
        Err(err) => {
            let problem = err.problem();
            let state = match &problem {
                Problem::Api(ApiProblem::Unauthorized | ApiProblem::Forbidden) => {
                    KeyCheckState::Rejected
                }
                Problem::Api(
                    ApiProblem::Timeout { .. } | ApiProblem::Unreachable | ApiProblem::Tls,
                ) => KeyCheckState::Unreachable,
                _ => KeyCheckState::Unknown,
            };
            KeyCheck {
                state,
                problem: Some(problem),
            }
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
