//! Turning an HTTP answer (status and body bytes) into a value or an `ApiError`: exactly what the client does
//! with every response, as plain functions, so that the fuzzer (`fuzz/fuzz_targets/response_decoder.rs`) and the
//! tests exercise the client's own code rather than a copy of it.
//!
//! Every function takes the key the request was sent with: any text kept in an error (Blooio's message, a
//! proxy's page, an unreadable success body) has the key replaced by `<redacted>` before the error exists, so a
//! server that echoes the `Authorization` header back cannot put the key into a log line or the UI.

use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::error::ApiError;
use crate::key::ApiKey;
use crate::lenient::Loose;
use crate::types::{
    CreatedGroup, Deleted, Group, GroupList, GroupMembers, IconChange, MemberAdded, MemberRemoved,
    RenamedGroup,
};

/// Raw bodies kept in errors are cut here: enough to recognise a proxy's error page, not a whole document.
pub const RAW_BODY_LIMIT: usize = 4 * 1024;

/// Appended to a raw body that was cut at [`RAW_BODY_LIMIT`].
pub const TRUNCATED_MARK: &str = "… (truncated)";

/// What replaces the key wherever server text repeats it.
pub const REDACTED: &str = "<redacted>";

/// The answer to `POST /groups`: a `CreatedGroup` for a 2xx, else the error the status and body describe.
pub fn created_group(
    status: u16,
    body: &[u8],
    retry_after_secs: Option<u64>,
    key: &ApiKey,
) -> Result<CreatedGroup, ApiError> {
    answer(status, body, retry_after_secs, key)
}

/// The answer to `GET /groups`.
pub fn group_list(
    status: u16,
    body: &[u8],
    retry_after_secs: Option<u64>,
    key: &ApiKey,
) -> Result<GroupList, ApiError> {
    answer(status, body, retry_after_secs, key)
}

/// The answer to `GET /groups/{id}`: the documented bare Group, or, cheaply, `{"group": {...}}` as some APIs
/// wrap it.
pub fn group(
    status: u16,
    body: &[u8],
    retry_after_secs: Option<u64>,
    key: &ApiKey,
) -> Result<Group, ApiError> {
    answer::<GroupOrWrapped>(status, body, retry_after_secs, key).map(|found| found.0)
}

/// The answer to `GET /groups/{id}/members`.
pub fn group_members(
    status: u16,
    body: &[u8],
    retry_after_secs: Option<u64>,
    key: &ApiKey,
) -> Result<GroupMembers, ApiError> {
    answer(status, body, retry_after_secs, key)
}

/// The answer to `PATCH /groups/{id}`.
pub fn renamed_group(
    status: u16,
    body: &[u8],
    retry_after_secs: Option<u64>,
    key: &ApiKey,
) -> Result<RenamedGroup, ApiError> {
    answer(status, body, retry_after_secs, key)
}

/// The answer to `DELETE /groups/{id}`.
pub fn deleted(
    status: u16,
    body: &[u8],
    retry_after_secs: Option<u64>,
    key: &ApiKey,
) -> Result<Deleted, ApiError> {
    answer(status, body, retry_after_secs, key)
}

/// The answer to `POST` and `DELETE /groups/{id}/icon`.
pub fn icon_change(
    status: u16,
    body: &[u8],
    retry_after_secs: Option<u64>,
    key: &ApiKey,
) -> Result<IconChange, ApiError> {
    answer(status, body, retry_after_secs, key)
}

/// The answer to `POST /groups/{id}/members`.
pub fn member_added(
    status: u16,
    body: &[u8],
    retry_after_secs: Option<u64>,
    key: &ApiKey,
) -> Result<MemberAdded, ApiError> {
    answer(status, body, retry_after_secs, key)
}

/// The answer to `DELETE /groups/{id}/members/{identifier}`.
pub fn member_removed(
    status: u16,
    body: &[u8],
    retry_after_secs: Option<u64>,
    key: &ApiKey,
) -> Result<MemberRemoved, ApiError> {
    answer(status, body, retry_after_secs, key)
}

/// The error a non-success answer stands for. Blooio's body is
/// `{"error": "ApiError", "message": "…", "status": 409, "code": "…"}`; some deployments nest it
/// (`{"error": {"message", "code"}}`); both are read and any field may be missing. A body that is not a JSON
/// object (a proxy's HTML page) is kept as `raw_body`, cut to [`RAW_BODY_LIMIT`].
pub fn error_body(
    status: u16,
    body: &[u8],
    retry_after_secs: Option<u64>,
    key: &ApiKey,
) -> ApiError {
    let parsed = serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .filter(serde_json::Value::is_object)
        .and_then(|v| serde_json::from_value::<ErrorBody>(v).ok());
    let Some(parsed) = parsed else {
        let raw = raw_text(body, key);
        return ApiError::Api {
            status,
            message: None,
            code: None,
            error: None,
            raw_body: (!raw.trim().is_empty()).then_some(raw),
            retry_after_secs,
        };
    };
    let mut message = parsed.message.get();
    let mut code = parsed.code.get();
    let error = match parsed.error {
        Some(serde_json::Value::String(label)) => Some(label),
        Some(serde_json::Value::Object(nested)) => {
            let text = |field: &str| {
                nested.get(field).and_then(|v| match v {
                    serde_json::Value::String(s) => Some(s.clone()),
                    serde_json::Value::Number(n) => Some(n.to_string()),
                    _ => None,
                })
            };
            message = message.or_else(|| text("message"));
            code = code.or_else(|| text("code"));
            text("type").or_else(|| text("error"))
        }
        _ => None,
    };
    ApiError::Api {
        status,
        message,
        code,
        error,
        raw_body: None,
        retry_after_secs,
    }
    .redact_key(key)
}

/// A success status whose body could not be read (or was too large to read): the group may exist, the reply
/// is lost. Keeps the start of the body for diagnosis.
pub(crate) fn unreadable(status: u16, body: &[u8], key: &ApiKey) -> ApiError {
    ApiError::Decode {
        status,
        raw_body: raw_text(body, key),
    }
}

/// 2xx: the body as `T`, or `Decode` when it is not the expected JSON; anything else: [`error_body`].
fn answer<T: DeserializeOwned>(
    status: u16,
    body: &[u8],
    retry_after_secs: Option<u64>,
    key: &ApiKey,
) -> Result<T, ApiError> {
    if (200..300).contains(&status) {
        serde_json::from_slice(body).map_err(|_| unreadable(status, body, key))
    } else {
        Err(error_body(status, body, retry_after_secs, key))
    }
}

/// The body as text for an error: the key taken out of the *whole* body first, then cut to the limit. Cutting
/// first could split an echoed key at the limit and leave its first part behind, where a search for the whole
/// key would no longer find it.
fn raw_text(body: &[u8], key: &ApiKey) -> String {
    let text = scrub(String::from_utf8_lossy(body).into_owned(), key);
    if text.len() <= RAW_BODY_LIMIT {
        return text;
    }
    let mut cut = RAW_BODY_LIMIT;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let mut kept = text[..cut].to_owned();
    kept.push_str(TRUNCATED_MARK);
    kept
}

/// `text` with every occurrence of the key replaced by [`REDACTED`].
pub(crate) fn scrub(text: String, key: &ApiKey) -> String {
    let secret = key.expose();
    if secret.is_empty() || !text.contains(secret) {
        text
    } else {
        text.replace(secret, REDACTED)
    }
}

#[derive(Deserialize, Default)]
struct ErrorBody {
    #[serde(default)]
    error: Option<serde_json::Value>,
    #[serde(default)]
    message: Loose<String>,
    #[serde(default)]
    code: Loose<String>,
}

struct GroupOrWrapped(Group);

impl<'de> Deserialize<'de> for GroupOrWrapped {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        let inner = match value.get("group") {
            Some(group) if group.is_object() && value.get("group_id").is_none() => group.clone(),
            _ => value,
        };
        Group::deserialize(inner)
            .map(GroupOrWrapped)
            .map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "bl_live_0123456789abcdefghij";

    fn key() -> ApiKey {
        ApiKey::parse(SECRET).expect("valid key")
    }

    #[test]
    fn answers_by_status() {
        let k = key();
        let created = created_group(201, br#"{"group_id":"grp_1"}"#, None, &k).expect("decodes");
        assert_eq!(created.group.group_id.as_deref(), Some("grp_1"));
        let wrapped = group(200, br#"{"group":{"group_id":"grp_2"}}"#, None, &k).expect("decodes");
        assert_eq!(wrapped.group_id.as_deref(), Some("grp_2"));
        let bare = group(200, br#"{"group_id":"grp_3","group":7}"#, None, &k).expect("decodes");
        assert_eq!(bare.group_id.as_deref(), Some("grp_3"));
        let members = group_members(
            200,
            br#"{"members":[{"identifier":"+12125550100"}]}"#,
            None,
            &k,
        )
        .expect("decodes");
        assert_eq!(
            members.members[0].identifier.as_deref(),
            Some("+12125550100")
        );
        assert_eq!(
            group_list(200, b"[]", None, &k),
            Err(ApiError::Decode {
                status: 200,
                raw_body: "[]".into()
            })
        );
        let error = created_group(429, br#"{"message":"slow"}"#, Some(3), &k).unwrap_err();
        assert_eq!(error.retry_after_secs(), Some(3));
        assert_eq!(error.status(), Some(429));
    }

    #[test]
    fn more_error_bodies() {
        let k = key();
        // (body, message, code, error label, raw body)
        type Want = (
            Option<&'static str>,
            Option<&'static str>,
            Option<&'static str>,
            Option<&'static str>,
        );
        let cases: &[(&[u8], Want)] = &[
            (
                br#"{"error":"ApiError","message":"Bad","status":400,"code":"validation_error"}"#,
                (
                    Some("Bad"),
                    Some("validation_error"),
                    Some("ApiError"),
                    None,
                ),
            ),
            (
                br#"{"error":{"message":"Nested","code":"x","type":"conflict"}}"#,
                (Some("Nested"), Some("x"), Some("conflict"), None),
            ),
            (
                br#"{"error":"conflict"}"#,
                (None, None, Some("conflict"), None),
            ),
            (br#"{"code":409}"#, (None, Some("409"), None, None)),
            (
                b"<html>Bad Gateway</html>",
                (None, None, None, Some("<html>Bad Gateway</html>")),
            ),
            (b"", (None, None, None, None)),
            (b"  \n", (None, None, None, None)),
            (b"[1,2]", (None, None, None, Some("[1,2]"))),
            (b"{\"message\":", (None, None, None, Some("{\"message\":"))),
        ];
        for (body, (message, code, label, raw)) in cases {
            match error_body(502, body, None, &k) {
                ApiError::Api {
                    status: 502,
                    message: m,
                    code: c,
                    error: e,
                    raw_body: r,
                    retry_after_secs: None,
                } => {
                    let what = String::from_utf8_lossy(body);
                    assert_eq!(m.as_deref(), *message, "{what}");
                    assert_eq!(c.as_deref(), *code, "{what}");
                    assert_eq!(e.as_deref(), *label, "{what}");
                    assert_eq!(r.as_deref(), *raw, "{what}");
                }
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn error_bodies() {
        let key = ApiKey::parse("bl_live_0123456789abcdef").unwrap();
        let cases: Vec<(&str, ApiError)> = vec![
            (
                r#"{"error":"ApiError","message":"Group already exists","status":409,"code":"group_exists"}"#,
                ApiError::Api {
                    status: 409,
                    message: Some("Group already exists".into()),
                    code: Some("group_exists".into()),
                    error: Some("ApiError".into()),
                    raw_body: None,
                    retry_after_secs: None,
                },
            ),
            (
                r#"{"error":"conflict"}"#,
                ApiError::Api {
                    status: 409,
                    message: None,
                    code: None,
                    error: Some("conflict".into()),
                    raw_body: None,
                    retry_after_secs: None,
                },
            ),
            (
                r#"{"error":{"message":"nested","code":42}}"#,
                ApiError::Api {
                    status: 409,
                    message: Some("nested".into()),
                    code: Some("42".into()),
                    error: None,
                    raw_body: None,
                    retry_after_secs: None,
                },
            ),
            (
                r#"{"message":null,"code":["x"],"extra":1}"#,
                ApiError::Api {
                    status: 409,
                    message: None,
                    code: None,
                    error: None,
                    raw_body: None,
                    retry_after_secs: None,
                },
            ),
            (
                "<html>Bad gateway</html>",
                ApiError::Api {
                    status: 409,
                    message: None,
                    code: None,
                    error: None,
                    raw_body: Some("<html>Bad gateway</html>".into()),
                    retry_after_secs: None,
                },
            ),
            (
                "",
                ApiError::Api {
                    status: 409,
                    message: None,
                    code: None,
                    error: None,
                    raw_body: None,
                    retry_after_secs: None,
                },
            ),
            (
                r#"{"message":"Invalid key bl_live_0123456789abcdef"}"#,
                ApiError::Api {
                    status: 409,
                    message: Some("Invalid key <redacted>".into()),
                    code: None,
                    error: None,
                    raw_body: None,
                    retry_after_secs: None,
                },
            ),
        ];
        for (body, want) in cases {
            assert_eq!(error_body(409, body.as_bytes(), None, &key), want, "{body}");
        }
        let long = "x".repeat(10_000);
        match error_body(502, long.as_bytes(), None, &key) {
            ApiError::Api {
                raw_body: Some(raw),
                ..
            } => {
                assert!(
                    raw.len() < 4_200 && raw.ends_with("(truncated)"),
                    "{}",
                    raw.len()
                )
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_key_is_taken_out_of_everything_kept() {
        let k = key();
        let echo = format!("Authorization: Bearer {SECRET}");
        let json =
            format!(r#"{{"message":"{echo}","code":"{SECRET}","error":{{"type":"x{SECRET}"}}}}"#);
        let error = error_body(401, json.as_bytes(), None, &k);
        let unreadable = created_group(201, echo.as_bytes(), None, &k).unwrap_err();
        let html = error_body(500, format!("<pre>{echo}</pre>").as_bytes(), None, &k);
        for error in [error, unreadable, html] {
            let debug = format!("{error:?} {error}");
            assert!(!debug.contains(SECRET), "{debug}");
            assert!(debug.contains(REDACTED), "{debug}");
        }
    }

    #[test]
    fn a_key_at_the_cut_is_not_left_half_there() {
        let k = key();
        for pad in RAW_BODY_LIMIT - SECRET.len()..RAW_BODY_LIMIT + 2 {
            let body = format!("{}{SECRET} tail", "x".repeat(pad));
            let ApiError::Decode { raw_body, .. } =
                created_group(200, body.as_bytes(), None, &k).unwrap_err()
            else {
                panic!("expected Decode");
            };
            // "bl_live_" is every key's public prefix; anything longer is the secret part.
            for len in 10..=SECRET.len() {
                assert!(
                    !raw_body.contains(&SECRET[..len]),
                    "pad {pad}: {len} characters of the key kept"
                );
            }
            assert!(raw_body.len() <= RAW_BODY_LIMIT + TRUNCATED_MARK.len());
        }
    }

    #[test]
    fn cutting_respects_characters() {
        let k = key();
        let body = "é".repeat(RAW_BODY_LIMIT);
        let ApiError::Decode { raw_body, .. } =
            created_group(200, body.as_bytes(), None, &k).unwrap_err()
        else {
            panic!("expected Decode");
        };
        assert!(raw_body.ends_with(TRUNCATED_MARK));
        assert_eq!(raw_body.len(), RAW_BODY_LIMIT + TRUNCATED_MARK.len());
    }
}
