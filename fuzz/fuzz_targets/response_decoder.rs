//! Arbitrary bytes as an answer from Blooio, decoded exactly as the client decodes them (`blooio_core::decode`,
//! which `BlooioClient` itself calls): as a CreatedGroup, a GroupList, a Group, a GroupMembers page, and as an
//! error body. The input's first line is the HTTP status (a number; anything else picks one of the statuses the
//! API uses), the rest is the body.
//!
//! Checked on every run: a 2xx decodes or is `Decode` with that status, anything else is `Api` with that status;
//! kept raw bodies stay within their limit; the key the request was "sent" with never appears in an error's
//! Display, Debug or info (the corpus has bodies that echo it); and whatever decodes survives a round trip
//! through its own JSON unchanged.

#![no_main]

use std::sync::LazyLock;

use blooio_core::decode::{self, RAW_BODY_LIMIT, TRUNCATED_MARK};
use blooio_core::{ApiError, ApiKey};
use libfuzzer_sys::fuzz_target;

/// The key the corpus echoes. No `"` or `\`, so Debug output shows it as it is.
const SECRET: &str = "bl_live_FuzzKey0123456789abcdef";
static KEY: LazyLock<ApiKey> = LazyLock::new(|| ApiKey::parse(SECRET).expect("a valid key"));

const STATUSES: [u16; 20] = [
    200, 201, 204, 301, 307, 400, 401, 402, 403, 404, 408, 409, 418, 422, 429, 500, 501, 502, 503,
    504,
];

fuzz_target!(|data: &[u8]| {
    let newline = data.iter().position(|&b| b == b'\n').unwrap_or(data.len());
    let (head, body) = (
        &data[..newline],
        data.get(newline + 1..).unwrap_or_default(),
    );
    let status = std::str::from_utf8(head)
        .ok()
        .and_then(|h| h.trim().parse::<u16>().ok())
        .unwrap_or_else(|| {
            STATUSES[head.iter().map(|&b| usize::from(b)).sum::<usize>() % STATUSES.len()]
        });
    let retry_after = head.first().map(|&b| u64::from(b));
    let key = &*KEY;
    let success = (200..300).contains(&status);

    let created = decode::created_group(status, body, retry_after, key);
    let list = decode::group_list(status, body, retry_after, key);
    let group = decode::group(status, body, retry_after, key);
    let members = decode::group_members(status, body, retry_after, key);
    let error = decode::error_body(status, body, retry_after, key);

    for failure in [
        created.as_ref().err(),
        list.as_ref().err(),
        group.as_ref().err(),
        members.as_ref().err(),
    ]
    .into_iter()
    .flatten()
    .chain(std::iter::once(&error))
    {
        check_error(failure, status);
    }
    assert!(matches!(error, ApiError::Api { status: s, .. } if s == status));
    if !success {
        assert!(created.is_err() && list.is_err() && group.is_err() && members.is_err());
        assert_eq!(
            created.as_ref().err(),
            Some(&error),
            "every decoder reads an error the same way"
        );
    } else {
        for failure in [
            created.as_ref().err(),
            list.as_ref().err(),
            group.as_ref().err(),
            members.as_ref().err(),
        ]
        .into_iter()
        .flatten()
        {
            assert!(
                matches!(failure, ApiError::Decode { status: s, .. } if *s == status),
                "{failure:?}"
            );
        }
    }

    // Lenient decoding reads its own output back unchanged.
    if let Ok(created) = &created {
        let json = serde_json::to_vec(created).expect("serialises");
        assert_eq!(
            decode::created_group(201, &json, None, key).as_ref(),
            Ok(created)
        );
    }
    if let Ok(list) = &list {
        let json = serde_json::to_vec(list).expect("serialises");
        assert_eq!(decode::group_list(200, &json, None, key).as_ref(), Ok(list));
    }
    if let Ok(group) = &group {
        let json = serde_json::to_vec(group).expect("serialises");
        assert_eq!(decode::group(200, &json, None, key).as_ref(), Ok(group));
    }
    if let Ok(members) = &members {
        let json = serde_json::to_vec(members).expect("serialises");
        assert_eq!(
            decode::group_members(200, &json, None, key).as_ref(),
            Ok(members)
        );
    }
});

fn check_error(error: &ApiError, status: u16) {
    assert_eq!(error.status(), Some(status));
    let problem = error.problem();
    let shown = format!("{error} {error:?} {problem:?} {problem}");
    assert!(!shown.contains(SECRET), "the key leaked: {shown}");
    let raw = match error {
        ApiError::Api { raw_body, .. } => raw_body.as_deref(),
        ApiError::Decode { raw_body, .. } => Some(raw_body.as_str()),
        _ => None,
    };
    if let Some(raw) = raw {
        assert!(
            raw.len() <= RAW_BODY_LIMIT + TRUNCATED_MARK.len(),
            "raw body of {} bytes kept",
            raw.len()
        );
    }
}
