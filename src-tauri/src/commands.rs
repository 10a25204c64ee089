//! The commands the window may call. Each adapts UI input to the core and maps the result.

use blooio_core::{ApiKey, CreatedGroup, DraftReport, GroupDraft, ListQuery, Region};
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use crate::error::{CommandError, ErrorCode};
use crate::state::{AppState, ConnectionInfo, KeyStatus};

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
) -> Result<CreatedGroup, CommandError> {
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
    client
        .create_group(&key, &request)
        .await
        .map_err(|err| CommandError::from_create(err, linking))
}

/// Validation as the operator types: the same rules `create_group` applies, with nothing sent.
#[tauri::command]
pub fn check_draft(draft: GroupDraft) -> DraftReport {
    blooio_core::check_draft(&draft)
}

#[tauri::command]
pub async fn save_api_key(
    state: State<'_, AppState>,
    key: String,
    session_only: bool,
) -> Result<KeyStatus, CommandError> {
    let key = ApiKey::parse(&key).map_err(|problem| CommandError::validation(vec![problem]))?;
    state.save_key(key, session_only).await
}

/// A cheap authenticated call (`GET /groups?limit=1`) that tells whether Blooio accepts the stored key.
#[tauri::command]
pub async fn check_api_key(state: State<'_, AppState>) -> Result<KeyCheck, CommandError> {
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

/// The country for numbers typed without a country code, from the system's locale, and the choices.
#[tauri::command]
pub fn form_defaults() -> FormDefaults {
    let default_region = sys_locale::get_locale()
        .and_then(|locale| blooio_core::region_from_locale(&locale))
        .unwrap_or_else(|| "US".to_string());
    FormDefaults {
        default_region,
        regions: blooio_core::region_list(),
    }
}

#[tauri::command]
pub async fn api_key_status(state: State<'_, AppState>) -> Result<KeyStatus, CommandError> {
    state.key_status().await
}

#[tauri::command]
pub async fn delete_api_key(state: State<'_, AppState>) -> Result<KeyStatus, CommandError> {
    state.delete_key().await
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
