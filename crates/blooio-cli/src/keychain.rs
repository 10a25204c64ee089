//! Where the CLI finds the API key: `BLOOIO_API_KEY`, else the desktop app's keychain entry.

use blooio_core::ApiKey;
use blooio_keychain::{KeyStore, SystemKeychain, ACCOUNT};

pub const KEY_ENV: &str = "BLOOIO_API_KEY";

/// A sentence for the operator; never contains the key.
pub struct KeyProblem(pub String);

pub fn find_key() -> Result<ApiKey, KeyProblem> {
    if let Some(raw) = std::env::var_os(KEY_ENV) {
        let Some(raw) = raw.to_str() else {
            return Err(KeyProblem(format!(
                "{KEY_ENV} isn't valid text. Set it to your Blooio API key."
            )));
        };
        // An empty variable counts as unset, as in most tools, so `BLOOIO_API_KEY= cmd` falls back to the keychain.
        if !raw.trim().is_empty() {
            return ApiKey::parse(raw)
                .map_err(|problem| KeyProblem(format!("{KEY_ENV}: {problem}")));
        }
    }
    from_keychain()
}

fn from_keychain() -> Result<ApiKey, KeyProblem> {
    match SystemKeychain::new(ACCOUNT).load() {
        Ok(Some(key)) => Ok(key),
        Ok(None) => Err(KeyProblem(format!(
            "No API key found. Set {KEY_ENV}, or save your key in the Blooio Groups app (it is kept in the \
             system keychain, where this command looks for it)."
        ))),
        Err(error) => Err(KeyProblem(format!(
            "No API key in {KEY_ENV}, and the system keychain couldn't be read: {} Or set {KEY_ENV} to your \
             Blooio API key.",
            error.issue
        ))),
    }
}
