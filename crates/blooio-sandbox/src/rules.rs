//! The input rules of Blooio's Groups API as documented: what `POST /groups` and `GET /groups` accept.

use axum::http::StatusCode;
use serde_json::Value;

use crate::error::{codes, ApiError};

pub const NAME_MAX_CHARS: usize = 255;
pub const LIST_LIMIT_DEFAULT: usize = 50;
pub const LIST_LIMIT_MAX: usize = 200;

/// A `POST /groups` body that passed the rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CreateInput {
    pub(crate) name: String,
    pub(crate) chat_guid: Option<String>,
    /// As given, without repeats (first spelling kept).
    pub(crate) members: Vec<String>,
}

pub(crate) fn parse_create(
    content_type: Option<&str>,
    body: &[u8],
) -> Result<CreateInput, ApiError> {
    let mut fields = json_object(content_type, body)?;
    let name = take_name(&mut fields)?;

    let chat_guid = match fields.remove("chat_guid") {
        None | Some(Value::Null) => None,
        Some(Value::String(guid)) if is_chat_guid(&guid) => Some(guid),
        Some(Value::String(guid)) => {
            return Err(ApiError::validation(
                "chat_guid",
                format!(
                    "chat_guid must look like service;+;identifier (e.g. iMessage;+;chat123456789), got {guid:?}"
                ),
            ))
        }
        Some(_) => return Err(ApiError::validation("chat_guid", "chat_guid must be a string")),
    };

    let members = match fields.remove("members") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => check_members(items)?,
        Some(_) => {
            return Err(ApiError::validation(
                "members",
                "members must be an array of strings",
            ))
        }
    };

    Ok(CreateInput {
        name,
        chat_guid,
        members,
    })
}

/// The body of `PATCH /groups/{group_id}`: `{name}`, with the same rules as a create's name. Other fields
/// are ignored, as for a create.
pub(crate) fn parse_rename(content_type: Option<&str>, body: &[u8]) -> Result<String, ApiError> {
    take_name(&mut json_object(content_type, body)?)
}

/// A JSON object body sent as `application/json`.
fn json_object(
    content_type: Option<&str>,
    body: &[u8],
) -> Result<serde_json::Map<String, Value>, ApiError> {
    if !content_type.is_some_and(is_json_content_type) {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            codes::INVALID_CONTENT_TYPE,
            "Content-Type must be application/json",
        ));
    }
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            codes::INVALID_JSON,
            format!("Request body must be valid JSON: {e}"),
        )
    })?;
    match value {
        Value::Object(fields) => Ok(fields),
        _ => Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            codes::INVALID_JSON,
            "Request body must be a JSON object",
        )),
    }
}

/// `name`: required, a string, not blank, at most [`NAME_MAX_CHARS`] characters; kept as sent.
fn take_name(fields: &mut serde_json::Map<String, Value>) -> Result<String, ApiError> {
    let name = match fields.remove("name") {
        None | Some(Value::Null) => return Err(ApiError::validation("name", "name is required")),
        Some(Value::String(name)) => name,
        Some(_) => return Err(ApiError::validation("name", "name must be a string")),
    };
    if name.trim().is_empty() {
        return Err(ApiError::validation("name", "name must not be empty"));
    }
    let chars = name.chars().count();
    if chars > NAME_MAX_CHARS {
        return Err(ApiError::validation(
            "name",
            format!("name must be at most {NAME_MAX_CHARS} characters (got {chars})"),
        ));
    }
    Ok(name)
}

fn check_members(items: Vec<Value>) -> Result<Vec<String>, ApiError> {
    let mut members: Vec<String> = Vec::with_capacity(items.len());
    let mut seen = std::collections::HashSet::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        let Value::String(member) = item else {
            return Err(ApiError::validation(
                "members",
                format!("members[{i}] must be a string"),
            ));
        };
        if !is_e164(&member) && !is_email(&member) {
            return Err(ApiError::validation(
                "members",
                format!(
                    "members[{i}] {member:?} is not a valid phone number in E.164 format (e.g. +15551234567) or email address"
                ),
            )
            .with("member", member));
        }
        if seen.insert(member_key(&member)) {
            members.push(member);
        }
    }
    Ok(members)
}

/// `application/json`, with or without parameters such as `charset`, or a `+json` type.
fn is_json_content_type(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// `^\+[1-9]\d{6,14}$`
pub(crate) fn is_e164(s: &str) -> bool {
    let Some(digits) = s.strip_prefix('+') else {
        return false;
    };
    (7..=15).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0')
}

/// A plain `local@domain.tld` address: enough to tell an email handle from a mistyped phone number.
pub(crate) fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = domain.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && labels.last().is_some_and(|tld| {
            (tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()))
                // An internationalised top-level domain in its ASCII form, such as xn--p1ai (.рф).
                || (tld.len() > 4 && tld.starts_with("xn--"))
        });
    local_ok && domain_ok
}

/// `service;+;identifier` or `service;-;identifier`. Loose on purpose: the service can be anything
/// (`iMessage`, `SMS`, `any`, …) because new prefixes appear with new macOS versions.
pub(crate) fn is_chat_guid(s: &str) -> bool {
    let mut parts = s.split(';');
    let (Some(service), Some(kind), Some(identifier), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    let no_space = |p: &str| !p.is_empty() && !p.chars().any(char::is_whitespace);
    no_space(service) && (kind == "+" || kind == "-") && no_space(identifier)
}

/// The identity of a member for repeats and participant sets: email handles are case-insensitive.
pub(crate) fn member_key(member: &str) -> String {
    if member.contains('@') {
        member.to_lowercase()
    } else {
        member.to_owned()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sort {
    Recent,
    Oldest,
    NameAsc,
    NameDesc,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ListParams {
    pub(crate) limit: usize,
    pub(crate) offset: usize,
    /// Lower-cased; `None` when absent or empty.
    pub(crate) q: Option<String>,
    pub(crate) sort: Sort,
}

/// `limit` and `offset` of `GET /groups/{group_id}/members`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PageParams {
    pub(crate) limit: usize,
    pub(crate) offset: usize,
}

/// The last of repeated parameters wins and an empty value counts as absent.
fn query_value<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .rev()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
        .filter(|v| !v.is_empty())
}

/// Query pairs of `GET /groups/{group_id}/members`: `limit` and `offset` with the same rules as `GET /groups`
/// (Blooio documents the pagination object, not its limits; the list's are the natural guess). Other
/// parameters are ignored.
pub(crate) fn parse_page_query(pairs: &[(String, String)]) -> Result<PageParams, ApiError> {
    let get = |key: &str| query_value(pairs, key);
    let limit = match get("limit") {
        None => LIST_LIMIT_DEFAULT,
        Some(raw) => match raw.parse::<usize>() {
            Ok(n) if (1..=LIST_LIMIT_MAX).contains(&n) => n,
            _ => {
                return Err(ApiError::validation(
                    "limit",
                    format!("limit must be an integer between 1 and {LIST_LIMIT_MAX}, got {raw:?}"),
                ))
            }
        },
    };
    let offset = match get("offset") {
        None => 0,
        Some(raw) => raw.parse::<usize>().map_err(|_| {
            ApiError::validation(
                "offset",
                format!("offset must be a non-negative integer, got {raw:?}"),
            )
        })?,
    };
    Ok(PageParams { limit, offset })
}

/// Query pairs of `GET /groups`; the last of repeated parameters wins and an empty value counts as absent.
pub(crate) fn parse_list_query(pairs: &[(String, String)]) -> Result<ListParams, ApiError> {
    let get = |key: &str| query_value(pairs, key);
    let PageParams { limit, offset } = parse_page_query(pairs)?;
    let sort = match get("sort") {
        None | Some("recent") => Sort::Recent,
        Some("oldest") => Sort::Oldest,
        Some("name_asc") => Sort::NameAsc,
        Some("name_desc") => Sort::NameDesc,
        Some(other) => {
            return Err(ApiError::validation(
                "sort",
                format!("sort must be one of recent, oldest, name_asc, name_desc, got {other:?}"),
            ))
        }
    };
    let q = get("q").map(str::to_lowercase);
    Ok(ListParams {
        limit,
        offset,
        q,
        sort,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const JSON: Option<&str> = Some("application/json");

    fn create(body: Value) -> Result<CreateInput, ApiError> {
        parse_create(JSON, body.to_string().as_bytes())
    }

    #[test]
    fn e164() {
        let cases = [
            ("+15551234567", true),
            ("+1234567", true),
            ("+123456789012345", true),
            ("+123456", false),
            ("+1234567890123456", false),
            ("+05551234567", false),
            ("15551234567", false),
            ("+1 555 123 4567", false),
            ("+1-555-123-4567", false),
            ("+", false),
            ("", false),
            ("+1555123456a", false),
            ("+１５５５１２３４５６７", false),
        ];
        for (s, want) in cases {
            assert_eq!(is_e164(s), want, "{s:?}");
        }
    }

    #[test]
    fn email() {
        let cases = [
            ("ann@example.com", true),
            ("Ann.Lee+tag@mail.example.co.uk", true),
            ("ann@example", false),
            ("ann@@example.com", false),
            ("@example.com", false),
            ("ann@", false),
            ("ann example@example.com", false),
            ("ann@exa mple.com", false),
            (".ann@example.com", false),
            ("ann..lee@example.com", false),
            ("ann@-example.com", false),
            ("ann@example.c", false),
            ("ann@example.123", false),
            ("ann@xn--e1afmkfd.xn--p1ai", true),
            ("ann@xn--r8jz45g.jp", true),
            ("ann@example.xn--", false),
            ("ann@bücher.de", false),
            ("jörg@example.com", false),
            ("", false),
        ];
        for (s, want) in cases {
            assert_eq!(is_email(s), want, "{s:?}");
        }
    }

    #[test]
    fn chat_guid() {
        let cases = [
            ("iMessage;+;chat123456789", true),
            ("iMessage;-;+15551234567", true),
            ("SMS;-;+15551234567", true),
            ("any;+;chat1", true),
            ("iMessage;-;ann@example.com", true),
            ("iMessage;*;chat1", false),
            ("iMessage;+;", false),
            (";+;chat1", false),
            ("iMessage;+;chat 1", false),
            ("iMessage;+;chat1;x", false),
            ("iMessage+chat1", false),
            ("chat123456789", false),
            ("", false),
        ];
        for (s, want) in cases {
            assert_eq!(is_chat_guid(s), want, "{s:?}");
        }
    }

    #[test]
    fn create_accepts_and_dedups() {
        let input = create(json!({
            "name": "Book club",
            "chat_guid": "iMessage;+;chat1",
            "members": ["+15551234567", "ann@example.com", "+15551234567", "ANN@example.com", "+15557654321"],
            "unknown_field": true
        }))
        .expect("valid");
        assert_eq!(input.name, "Book club");
        assert_eq!(input.chat_guid.as_deref(), Some("iMessage;+;chat1"));
        assert_eq!(
            input.members,
            vec!["+15551234567", "ann@example.com", "+15557654321"]
        );
        let bare = create(json!({"name": "x", "chat_guid": null, "members": null})).expect("valid");
        assert_eq!(bare.chat_guid, None);
        assert!(bare.members.is_empty());
    }

    #[test]
    fn name_limit_counts_chars_not_bytes() {
        let at_limit = "é".repeat(NAME_MAX_CHARS);
        assert!(at_limit.len() > NAME_MAX_CHARS);
        assert!(create(json!({"name": at_limit})).is_ok());
        let over = "a".repeat(NAME_MAX_CHARS + 1);
        let err = create(json!({"name": over})).expect_err("too long");
        assert!(
            err.message().contains("at most 255 characters"),
            "{}",
            err.message()
        );
    }

    #[test]
    fn create_refusals() {
        let cases: Vec<(Value, &str, &str)> = vec![
            (json!({}), codes::VALIDATION_ERROR, "name is required"),
            (
                json!({"name": null}),
                codes::VALIDATION_ERROR,
                "name is required",
            ),
            (
                json!({"name": 5}),
                codes::VALIDATION_ERROR,
                "name must be a string",
            ),
            (
                json!({"name": "  "}),
                codes::VALIDATION_ERROR,
                "name must not be empty",
            ),
            (
                json!({"name": ""}),
                codes::VALIDATION_ERROR,
                "name must not be empty",
            ),
            (
                json!({"name": "x", "chat_guid": 7}),
                codes::VALIDATION_ERROR,
                "chat_guid must be a string",
            ),
            (
                json!({"name": "x", "chat_guid": "chat1"}),
                codes::VALIDATION_ERROR,
                "chat_guid must look like",
            ),
            (
                json!({"name": "x", "chat_guid": ""}),
                codes::VALIDATION_ERROR,
                "chat_guid must look like",
            ),
            (
                json!({"name": "x", "members": "+15551234567"}),
                codes::VALIDATION_ERROR,
                "members must be an array",
            ),
            (
                json!({"name": "x", "members": [15551234567u64]}),
                codes::VALIDATION_ERROR,
                "members[0] must be a string",
            ),
            (
                json!({"name": "x", "members": ["+15551234567", "555-123-4567"]}),
                codes::VALIDATION_ERROR,
                "members[1] \"555-123-4567\" is not a valid",
            ),
            (json!([1, 2]), codes::INVALID_JSON, "must be a JSON object"),
            (json!("name"), codes::INVALID_JSON, "must be a JSON object"),
        ];
        for (body, code, message) in cases {
            let err = create(body.clone()).expect_err("refused");
            assert_eq!(err.status(), StatusCode::BAD_REQUEST, "{body}");
            assert_eq!(err.code(), code, "{body}");
            assert!(err.message().contains(message), "{body}: {}", err.message());
        }
    }

    #[test]
    fn create_needs_json() {
        let body = br#"{"name":"x"}"#;
        for ct in [
            "application/json",
            "application/json; charset=utf-8",
            "Application/JSON",
            "application/vnd.api+json",
        ] {
            assert!(parse_create(Some(ct), body).is_ok(), "{ct}");
        }
        for ct in [
            None,
            Some("text/plain"),
            Some("application/x-www-form-urlencoded"),
            Some(""),
        ] {
            let err = parse_create(ct, body).expect_err("refused");
            assert_eq!(err.code(), codes::INVALID_CONTENT_TYPE, "{ct:?}");
        }
        for body in [&b"{name: x}"[..], b"", b"{\"name\":\"x\""] {
            let err = parse_create(JSON, body).expect_err("refused");
            assert_eq!(err.code(), codes::INVALID_JSON);
        }
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn list_query() {
        let defaults = parse_list_query(&[]).expect("ok");
        assert_eq!(
            defaults,
            ListParams {
                limit: 50,
                offset: 0,
                q: None,
                sort: Sort::Recent
            }
        );
        let p = parse_list_query(&pairs(&[
            ("limit", "200"),
            ("offset", "7"),
            ("q", "Book"),
            ("sort", "name_desc"),
        ]))
        .expect("ok");
        assert_eq!(
            p,
            ListParams {
                limit: 200,
                offset: 7,
                q: Some("book".into()),
                sort: Sort::NameDesc
            }
        );
        let p = parse_list_query(&pairs(&[
            ("limit", "1"),
            ("limit", "3"),
            ("q", ""),
            ("sort", "oldest"),
        ]))
        .expect("ok");
        assert_eq!((p.limit, p.q, p.sort), (3, None, Sort::Oldest));
        assert_eq!(
            parse_list_query(&pairs(&[("sort", "name_asc")]))
                .expect("ok")
                .sort,
            Sort::NameAsc
        );

        assert_eq!(
            parse_page_query(&pairs(&[("limit", "200"), ("offset", "3"), ("q", "x")])).expect("ok"),
            PageParams {
                limit: 200,
                offset: 3
            }
        );
        assert_eq!(
            parse_page_query(&[]).expect("ok"),
            PageParams {
                limit: LIST_LIMIT_DEFAULT,
                offset: 0
            }
        );
        for (key, value) in [("limit", "0"), ("limit", "201"), ("offset", "-1")] {
            let err = parse_page_query(&pairs(&[(key, value)])).expect_err("refused");
            assert!(err.message().starts_with(key), "{}", err.message());
        }

        let bad = [
            ("limit", "0", "limit"),
            ("limit", "201", "limit"),
            ("limit", "-1", "limit"),
            ("limit", "ten", "limit"),
            ("offset", "-1", "offset"),
            ("offset", "1.5", "offset"),
            ("sort", "newest", "sort"),
        ];
        for (key, value, field) in bad {
            let err = parse_list_query(&pairs(&[(key, value)])).expect_err("refused");
            assert_eq!(err.status(), StatusCode::BAD_REQUEST, "{key}={value}");
            assert!(err.message().starts_with(field), "{}", err.message());
        }
    }
}
