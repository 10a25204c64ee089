use crate::StoreBackend;

/// What went wrong, in words an operator can act on, plus the store's own text for support.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct KeychainError {
    pub problem: KeychainProblem,
    /// A sentence that says what happened and how to fix it.
    pub message: String,
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
            message: "The key store stopped working after an earlier failure. Restart the app."
                .into(),
            detail: "lock poisoned".into(),
        }
    }

    /// Maps a store error's text to advice. The texts are those the keyring crate passes on from each platform.
    pub(crate) fn from_platform(problem_hint: Option<KeychainProblem>, detail: String) -> Self {
        let lower = detail.to_lowercase();
        let backend = StoreBackend::native().label();
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
        let message = match problem {
            KeychainProblem::Unavailable => {
                if cfg!(target_os = "linux") {
                    "No system keychain is running, so the key cannot be saved. Install and start a Secret Service \
                     provider (GNOME Keyring: `sudo apt install gnome-keyring`, or KWallet) and sign in to a desktop \
                     session, or use the key for this session only."
                        .to_string()
                } else {
                    format!("The {backend} cannot be reached. Restart the app or sign in again, or use the key for this session only.")
                }
            }
            KeychainProblem::Locked => format!(
                "The {backend} is locked or has no default collection. Unlock it (on Linux: open \"Passwords and Keys\" \
                 and unlock or create the \"Login\" keyring), then try again, or use the key for this session only."
            ),
            KeychainProblem::Corrupt => {
                "The key stored in the keychain cannot be read. Remove it and enter your key again.".to_string()
            }
            KeychainProblem::Other => {
                format!("The {backend} refused the request. Try again, or use the key for this session only.")
            }
        };
        KeychainError {
            problem,
            message,
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
            assert!(!err.message.is_empty());
        }
    }
}
