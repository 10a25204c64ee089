use blooio_core::KeychainIssue;

use crate::StoreBackend;

/// What went wrong, as a problem code an operator's sentence is made from, plus the store's own text for support.
#[derive(Debug, thiserror::Error)]
#[error("{issue}")]
pub struct KeychainError {
    pub problem: KeychainProblem,
    pub issue: KeychainIssue,
    /// The store's own error text (never holds the key).
    pub detail: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub enum KeychainProblem {
    /// No keychain service can be reached at all (no D-Bus session, no Secret Service provider).
    Unavailable,
    /// The service exists but its collection is locked or missing, or access was denied.
    Locked,
    /// The stored value cannot be used (not UTF-8, not a valid key).
    Corrupt,
    Other,
}

impl KeychainError {
    pub(crate) fn poisoned() -> Self {
        KeychainError {
            problem: KeychainProblem::Other,
            issue: KeychainIssue::KeychainBroken,
            detail: "lock poisoned".into(),
        }
    }

    pub(crate) fn corrupt(detail: String) -> Self {
        KeychainError {
            problem: KeychainProblem::Corrupt,
            issue: KeychainIssue::KeychainCorrupt,
            detail,
        }
    }

    /// Maps a store error's text to a problem. The texts are those the keyring crate passes on from each platform.
    pub(crate) fn from_platform(problem_hint: Option<KeychainProblem>, detail: String) -> Self {
        let lower = detail.to_lowercase();
        let problem = problem_hint.unwrap_or_else(|| {
            if lower.contains("autolaunch")
                || lower.contains("not provided by any .service")
                || lower.contains("org.freedesktop.secrets")
                || lower.contains("no such file")
                || lower.contains("connection refused")
                || lower.contains("dbus")
            {
                KeychainProblem::Unavailable
            } else if lower.contains("locked")
                || lower.contains("no result found")
                || lower.contains("denied")
            {
                KeychainProblem::Locked
            } else {
                KeychainProblem::Other
            }
        });
        let store = StoreBackend::native().label().to_owned();
        let os = std::env::consts::OS.to_owned();
        let issue = match problem {
            KeychainProblem::Unavailable => KeychainIssue::KeychainUnavailable { store, os },
            KeychainProblem::Locked => KeychainIssue::KeychainLocked { store, os },
            KeychainProblem::Corrupt => KeychainIssue::KeychainCorrupt,
            KeychainProblem::Other => KeychainIssue::KeychainRefused { store },
        };
        KeychainError {
            problem,
            issue,
            detail,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn platform_texts_map_to_advice() {
        let cases = [
            (
                "Unable to autolaunch a dbus-daemon without a $DISPLAY for X11",
                KeychainProblem::Unavailable,
            ),
            (
                "The name org.freedesktop.secrets was not provided by any .service files",
                KeychainProblem::Unavailable,
            ),
            ("Item is locked", KeychainProblem::Locked),
            ("no result found", KeychainProblem::Locked),
            ("something odd", KeychainProblem::Other),
        ];
        for (text, expected) in cases {
            let err = KeychainError::from_platform(None, text.to_string());
            assert_eq!(err.problem, expected, "{text}");
            assert!(!err.to_string().is_empty());
        }
    }
}
