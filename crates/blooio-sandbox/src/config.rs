//! Which API keys the sandbox accepts, and how fast it lets each of them go.

use crate::rate_limit::RateLimit;

/// How the sandbox is set up. [`Default`] accepts any key starting with `bl_`, like the app's sandbox mode, and
/// has no rate limit.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SandboxConfig {
    pub keys: KeyPolicy,
    /// At most this many `/v2/api` requests per second per key; more are answered 429 `rate_limited` with a
    /// `Retry-After` and not processed. `None`: no limit. Changed at runtime by [`crate::Sandbox::set_rate_limit`]
    /// or `POST /__sandbox/rate-limit`; a reset goes back to this.
    pub rate_limit: Option<RateLimit>,
}

impl From<KeyPolicy> for SandboxConfig {
    fn from(keys: KeyPolicy) -> Self {
        SandboxConfig {
            keys,
            rate_limit: None,
        }
    }
}

/// The API keys the sandbox answers to; any other key (or none) gets a 401.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyPolicy {
    /// Only these keys, compared exactly.
    Exactly(Vec<String>),
    /// Any non-empty key that starts with this prefix (the prefix alone is accepted too).
    AnyWithPrefix(String),
}

impl Default for KeyPolicy {
    fn default() -> Self {
        KeyPolicy::AnyWithPrefix("bl_".to_owned())
    }
}

impl KeyPolicy {
    pub fn accepts(&self, key: &str) -> bool {
        if key.is_empty() {
            return false;
        }
        match self {
            KeyPolicy::Exactly(keys) => keys.iter().any(|k| k == key),
            KeyPolicy::AnyWithPrefix(prefix) => key.starts_with(prefix.as_str()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policies() {
        let exact = KeyPolicy::Exactly(vec!["bl_test_abc".into(), "bl_test_def".into()]);
        let prefix = KeyPolicy::AnyWithPrefix("bl_".into());
        let cases: &[(&KeyPolicy, &str, bool)] = &[
            (&exact, "bl_test_abc", true),
            (&exact, "bl_test_def", true),
            (&exact, "bl_test_ab", false),
            (&exact, "bl_test_abcd", false),
            (&exact, "BL_TEST_ABC", false),
            (&exact, "", false),
            (&prefix, "bl_anything", true),
            (&prefix, "bl_", true),
            (&prefix, "bl", false),
            (&prefix, "xbl_live", false),
            (&prefix, "", false),
        ];
        for (policy, key, want) in cases {
            assert_eq!(policy.accepts(key), *want, "{policy:?} accepts {key:?}");
        }
        assert!(!KeyPolicy::AnyWithPrefix(String::new()).accepts(""));
        assert!(!KeyPolicy::Exactly(vec![String::new()]).accepts(""));
    }
}
