//! The API key: held in a `SecretString` (zeroised on drop), never printed, never serialised.

use secrecy::{ExposeSecret, SecretString};

use crate::problem::InputProblem;
use crate::types::{Field, FieldProblem};

/// A Blooio API key (`bl_live_…`). `Debug` prints `ApiKey(<redacted>)`; there is deliberately no `Display`,
/// `Serialize` or `PartialEq` (a comparison could leak it through timing), so the key can't reach a log line, an
/// IPC reply or an error message by accident.
#[derive(Clone)]
pub struct ApiKey(SecretString);

// The key lives only in the `SecretString`, which zeroises its buffer on drop; this marker says so to code
// that requires it, and the test below fails to compile if secrecy ever stopped guaranteeing it.
impl zeroize::ZeroizeOnDrop for ApiKey {}

/// Shortest key for which showing the last four characters still hides most of it.
const HINT_MIN_CHARS: usize = 12;

/// Longest key accepted. Blooio's keys are a few dozen characters; this leaves room for a longer format (a
/// signed token, say) while refusing a pasted document, which could not be sent in a header anyway.
pub const API_KEY_MAX_CHARS: usize = 1024;

impl ApiKey {
    /// Trims surrounding whitespace (a paste often brings a newline along) and refuses anything that cannot be
    /// sent in an `Authorization` header. Messages describe the problem without repeating the key.
    pub fn parse(raw: &str) -> Result<ApiKey, FieldProblem> {
        let key = raw.trim();
        if key.is_empty() {
            return Err(FieldProblem::new(
                Field::ApiKey,
                InputProblem::ApiKeyMissing,
            ));
        }
        let chars = key.chars().count();
        if chars > API_KEY_MAX_CHARS {
            return Err(FieldProblem::new(
                Field::ApiKey,
                InputProblem::ApiKeyTooLong {
                    chars: u32::try_from(chars).unwrap_or(u32::MAX),
                },
            ));
        }
        if key.chars().any(char::is_whitespace) {
            return Err(FieldProblem::new(
                Field::ApiKey,
                InputProblem::ApiKeyHasSpace,
            ));
        }
        if key.chars().any(|c| c.is_control()) {
            return Err(FieldProblem::new(
                Field::ApiKey,
                InputProblem::ApiKeyControlCharacter,
            ));
        }
        if !key.chars().all(|c| c.is_ascii_graphic()) {
            // Typically a smart quote or an ellipsis picked up on the way: HTTP headers can't carry it anyway.
            return Err(FieldProblem::new(
                Field::ApiKey,
                InputProblem::ApiKeyForeignCharacter,
            ));
        }
        Ok(ApiKey(SecretString::from(key)))
    }

    /// The last four characters, e.g. `"…wxyz"`, so an operator can tell which key is stored; just `"…"` for a
    /// key shorter than 12 characters, where four would give away too much.
    pub fn hint(&self) -> String {
        let key = self.0.expose_secret();
        let count = key.chars().count();
        if count < HINT_MIN_CHARS {
            return "…".to_owned();
        }
        let tail: String = key.chars().skip(count - 4).collect();
        format!("…{tail}")
    }

    /// The key itself, for the `Authorization` header and the keychain. Keep the borrow short.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }
}

impl std::fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "bl_live_abcdefghijklmnopqrstuvwxyz";

    #[test]
    fn the_key_is_zeroised_on_drop() {
        // Compile-time: fails to build if the storage stops zeroising on drop.
        fn zeroised_on_drop<T: zeroize::ZeroizeOnDrop>() {}
        zeroised_on_drop::<SecretString>();
        zeroised_on_drop::<ApiKey>();
    }

    #[test]
    fn parsing() {
        let longest = format!("bl_live_{}", "a".repeat(API_KEY_MAX_CHARS - 8));
        let too_long = format!("{longest}a");
        // (what, input, Ok(exposed) or Err(message fragment))
        let cases: &[(&str, &str, Result<&str, &str>)] = &[
            ("plain", KEY, Ok(KEY)),
            (
                "surrounding whitespace trimmed",
                "  bl_live_abc123def456\n",
                Ok("bl_live_abc123def456"),
            ),
            (
                "trailing CRLF from a paste",
                "bl_live_abc123def456\r\n",
                Ok("bl_live_abc123def456"),
            ),
            ("empty", "", Err("Enter your Blooio API key.")),
            ("blank", " \n\t ", Err("Enter your Blooio API key.")),
            (
                "inner space",
                "bl_live_abc def",
                Err("space or line break inside it"),
            ),
            (
                "inner newline",
                "bl_live_abc\ndef",
                Err("space or line break inside it"),
            ),
            (
                "inner tab",
                "bl_live_abc\tdef",
                Err("space or line break inside it"),
            ),
            (
                "NUL",
                "bl_live_abc\0def",
                Err("invisible control character"),
            ),
            (
                "DEL",
                "bl_live_abc\u{7f}def",
                Err("invisible control character"),
            ),
            (
                "curly quote",
                "“bl_live_abcdef”",
                Err("can't be part of a key"),
            ),
            ("ellipsis", "bl_live_abc…", Err("can't be part of a key")),
            ("1024 characters", &longest, Ok(&longest)),
            (
                "1025 characters",
                &too_long,
                Err("too long to be a Blooio API key (1025 characters)"),
            ),
            (
                "non-breaking space inside",
                "bl_live\u{a0}abc",
                Err("space or line break inside it"),
            ),
        ];
        for (what, input, want) in cases {
            match (ApiKey::parse(input), want) {
                (Ok(key), Ok(exposed)) => assert_eq!(key.expose(), *exposed, "{what}"),
                (Err(problem), Err(fragment)) => {
                    assert_eq!(problem.field, Field::ApiKey, "{what}");
                    assert!(
                        problem.to_string().contains(fragment),
                        "{what}: {}",
                        problem
                    );
                    if input.len() > 4 {
                        // The message never repeats what was typed.
                        assert!(!problem.to_string().contains(input.trim()), "{what}");
                    }
                }
                (got, want) => panic!("{what}: got {got:?}, wanted {want:?}"),
            }
        }
    }

    #[test]
    fn hints() {
        let cases = [
            (KEY, "…wxyz"),
            ("abcdefghijkl", "…ijkl"), // exactly 12
            ("abcdefghijk", "…"),      // 11
            ("abc", "…"),
        ];
        for (raw, hint) in cases {
            assert_eq!(ApiKey::parse(raw).unwrap().hint(), hint, "{raw}");
        }
    }

    #[test]
    fn debug_never_shows_the_key() {
        let key = ApiKey::parse(KEY).unwrap();
        for rendered in [
            format!("{key:?}"),
            format!("{key:#?}"),
            format!("{:?}", Some(&key)),
            format!("{:?}", vec![key.clone()]),
        ] {
            assert!(!rendered.contains("abcdefgh"), "{rendered}");
            assert!(rendered.contains("ApiKey(<redacted>)"), "{rendered}");
        }
    }
}
