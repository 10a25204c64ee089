//! Logs for support: one file per session in the platform's log folder, older sessions rotated out, and anything
//! shaped like a secret replaced before a line is written.

use tauri_plugin_log::{RotationStrategy, Target, TargetKind};

/// How many earlier log files are kept.
const KEEP_FILES: usize = 5;
/// A single session's file is cut at this size.
const MAX_FILE_BYTES: u128 = 1024 * 1024;

pub fn plugin<R: tauri::Runtime>() -> tauri::plugin::TauriPlugin<R> {
    tauri_plugin_log::Builder::new()
        .clear_targets()
        .target(Target::new(TargetKind::LogDir {
            file_name: Some("blooio-groups".into()),
        }))
        .rotation_strategy(RotationStrategy::KeepSome(KEEP_FILES))
        .max_file_size(MAX_FILE_BYTES)
        .level(log::LevelFilter::Info)
        // Dependencies are noisy at info level; their warnings still get through.
        .level_for("tao", log::LevelFilter::Warn)
        .level_for("wry", log::LevelFilter::Warn)
        .level_for("tracing", log::LevelFilter::Warn)
        .format(|out, message, record| {
            let line = redact(&message.to_string());
            out.finish(format_args!(
                "{} {} {}: {}",
                now(),
                record.level(),
                record.target(),
                line
            ))
        })
        .build()
}

pub fn now() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// Replaces Blooio keys (`bl_…`) and bearer tokens. The app never logs a key on purpose; this is the net under
/// that rule, for text that comes from elsewhere (a server's error message echoing a header, say).
pub fn redact(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = find_secret_start(rest) {
        out.push_str(&rest[..pos.start]);
        out.push_str(pos.replacement);
        rest = &rest[pos.end..];
    }
    out.push_str(rest);
    out
}

struct SecretSpan {
    start: usize,
    end: usize,
    replacement: &'static str,
}

fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'.'
}

fn find_secret_start(text: &str) -> Option<SecretSpan> {
    let bytes = text.as_bytes();
    let lower = text.to_ascii_lowercase();
    let key = find_key_prefix(bytes);
    let bearer = lower.find("bearer ").map(|i| i + "bearer ".len());
    match (key, bearer) {
        (Some(k), Some(b)) if b <= k => Some(token_span(bytes, b, "<redacted>")),
        (Some(k), _) => Some(token_span(bytes, k, "bl_<redacted>")),
        (None, Some(b)) => Some(token_span(bytes, b, "<redacted>")),
        (None, None) => None,
    }
}

/// A `bl_` that starts a token (not the middle of a word such as "table_").
fn find_key_prefix(bytes: &[u8]) -> Option<usize> {
    (0..bytes.len().saturating_sub(2))
        .find(|&i| bytes[i..].starts_with(b"bl_") && (i == 0 || !is_token_byte(bytes[i - 1])))
}

fn token_span(bytes: &[u8], start: usize, replacement: &'static str) -> SecretSpan {
    let end = bytes[start..]
        .iter()
        .position(|b| !is_token_byte(*b))
        .map_or(bytes.len(), |n| start + n);
    SecretSpan {
        start,
        end: end.max(start),
        replacement,
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn secrets_are_replaced_and_other_text_kept() {
        let cases = [
            ("no secrets here", "no secrets here"),
            (
                "key bl_live_abc123XYZ rejected",
                "key bl_<redacted> rejected",
            ),
            (
                "Authorization: Bearer bl_live_abc.def",
                "Authorization: Bearer <redacted>",
            ),
            (
                "authorization: bearer xyz; next",
                "authorization: bearer <redacted>; next",
            ),
            ("table_bl_x stays", "table_bl_x stays"),
            ("two: bl_a and bl_b", "two: bl_<redacted> and bl_<redacted>"),
            ("ends with bl_", "ends with bl_<redacted>"),
            ("émoji 👋 bl_live_ü", "émoji 👋 bl_<redacted>ü"),
        ];
        for (input, expected) in cases {
            assert_eq!(redact(input), expected, "{input}");
        }
    }
}
