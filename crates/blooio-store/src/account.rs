//! Which account a record belongs to: the mode, the base URL and the key's hint — never the key.

use blooio_core::ApiKey;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Where a group was created: the local sandbox or Blooio itself. History of one is never listed with the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum AccountMode {
    Sandbox,
    Blooio,
}

/// What created a group: the window's form, the CLI, or a bulk run (window or CLI).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum CreateSource {
    Form,
    Cli,
    Bulk,
}

macro_rules! text_enum {
    ($name:ident { $($variant:ident => $text:literal),* $(,)? }) => {
        impl $name {
            /// As stored in the database and shown in exports (the same as its JSON).
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),* }
            }

            pub(crate) fn parse(text: &str) -> Result<Self, $crate::problem::StoreError> {
                match text {
                    $($text => Ok($name::$variant),)*
                    other => Err($crate::problem::StoreError::unreadable(stringify!($name), format!("unknown value {other:?}"))),
                }
            }
        }
    };
}
pub(crate) use text_enum;

text_enum!(AccountMode { Sandbox => "sandbox", Blooio => "blooio" });
text_enum!(CreateSource { Form => "form", Cli => "cli", Bulk => "bulk" });

/// The account a create was sent with, as the store keeps it.
///
/// It is built from the [`ApiKey`] itself and keeps only [`ApiKey::hint`] (the last four characters), so no
/// caller can hand the store a whole key by mistake — there is no constructor taking a string:
/// ```compile_fail,E0308
/// use blooio_store::{Account, AccountMode};
/// let account = Account::new(AccountMode::Blooio, "https://api.blooio.com/v2/api", "bl_live_0123456789abcdef");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    mode: AccountMode,
    base_url: String,
    key_hint: String,
}

impl Account {
    pub fn new(mode: AccountMode, base_url: impl Into<String>, key: &ApiKey) -> Self {
        Account {
            mode,
            base_url: base_url.into(),
            key_hint: key.hint(),
        }
    }

    /// Read back from the database, where only the hint was ever written.
    pub(crate) fn from_stored(mode: AccountMode, base_url: String, key_hint: String) -> Self {
        Account {
            mode,
            base_url,
            key_hint,
        }
    }

    pub fn mode(&self) -> AccountMode {
        self.mode
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    pub fn key_hint(&self) -> &str {
        &self.key_hint
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_keeps_the_hint_not_the_key() {
        let key = ApiKey::parse("bl_live_0123456789abcdefWXYZ").unwrap();
        let account = Account::new(AccountMode::Blooio, "https://api.blooio.com/v2/api", &key);
        assert_eq!(account.key_hint(), "…WXYZ");
        assert!(!format!("{account:?}").contains("0123456789"));
    }

    #[test]
    fn texts_round_trip() {
        for mode in [AccountMode::Sandbox, AccountMode::Blooio] {
            assert_eq!(AccountMode::parse(mode.as_str()).unwrap(), mode);
            assert_eq!(
                serde_json::to_value(mode).unwrap(),
                serde_json::json!(mode.as_str())
            );
        }
        for source in [CreateSource::Form, CreateSource::Cli, CreateSource::Bulk] {
            assert_eq!(CreateSource::parse(source.as_str()).unwrap(), source);
        }
        assert!(AccountMode::parse("live").is_err());
    }
}
