//! A small `multipart/form-data` reader (RFC 7578) over a body already in memory, for the icon upload.
//! Written here rather than taken from a crate so that the sandbox reads exactly what the RFC allows and
//! says precisely what it could not read: the point of the sandbox is to catch a client's malformed upload.

use axum::body::Bytes;
use axum::http::StatusCode;

use crate::error::{codes, ApiError};

/// One part of the form.
pub(crate) struct Part {
    /// The `name` of its `Content-Disposition: form-data`.
    pub(crate) name: String,
    /// The `filename`, present for a file upload.
    pub(crate) file_name: Option<String>,
    pub(crate) data: Bytes,
}

/// The parts of `body`, given the request's `Content-Type`.
pub(crate) fn parse(content_type: Option<&str>, body: &Bytes) -> Result<Vec<Part>, ApiError> {
    let boundary = boundary(content_type.unwrap_or_default()).ok_or_else(|| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            codes::INVALID_CONTENT_TYPE,
            "Content-Type must be multipart/form-data with a boundary",
        )
    })?;
    let malformed = |why: &str| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            codes::INVALID_MULTIPART,
            format!("Malformed multipart body: {why}"),
        )
    };
    let first = format!("--{boundary}").into_bytes();
    let delimiter = format!("\r\n--{boundary}").into_bytes();
    // A preamble before the first delimiter is allowed and ignored.
    let start = if body.starts_with(&first) {
        0
    } else {
        find(body, &delimiter, 0).ok_or_else(|| malformed("no boundary found"))? + 2
    };
    let mut at = start + first.len();
    let mut parts = Vec::new();
    loop {
        let rest = &body[at..];
        if rest.starts_with(b"--") {
            return Ok(parts);
        }
        // Transport padding (spaces, tabs) may follow a delimiter before its line break.
        let pad = rest
            .iter()
            .take_while(|b| **b == b' ' || **b == b'\t')
            .count();
        if !rest[pad..].starts_with(b"\r\n") {
            return Err(malformed("a boundary is not followed by a line break"));
        }
        let part_start = at + pad + 2;
        let part_end = find(body, &delimiter, part_start)
            .ok_or_else(|| malformed("the closing boundary is missing"))?;
        parts.push(part(body.slice(part_start..part_end)).map_err(&malformed)?);
        at = part_end + delimiter.len();
    }
}

fn part(raw: Bytes) -> Result<Part, &'static str> {
    let split = find(&raw, b"\r\n\r\n", 0)
        .map(|i| (i, i + 4))
        // A part with no headers at all starts with the blank line.
        .or_else(|| raw.starts_with(b"\r\n").then_some((0, 2)))
        .ok_or("a part has no blank line after its headers")?;
    let head = std::str::from_utf8(&raw[..split.0]).map_err(|_| "a part's headers are not text")?;
    let mut name = None;
    let mut file_name = None;
    for line in head.split("\r\n").filter(|l| !l.is_empty()) {
        let (header, value) = line.split_once(':').ok_or("a part header has no colon")?;
        if !header.trim().eq_ignore_ascii_case("content-disposition") {
            continue;
        }
        let mut params = value.split(';').map(str::trim);
        if !params
            .next()
            .is_some_and(|kind| kind.eq_ignore_ascii_case("form-data"))
        {
            return Err("a part's Content-Disposition is not form-data");
        }
        for param in params {
            let Some((key, value)) = param.split_once('=') else {
                continue;
            };
            let value = unquote(value.trim());
            match key.trim().to_ascii_lowercase().as_str() {
                "name" => name = Some(value),
                "filename" => file_name = Some(value),
                _ => {}
            }
        }
    }
    let name = name.ok_or("a part has no Content-Disposition name")?;
    Ok(Part {
        name,
        file_name,
        data: raw.slice(split.1..),
    })
}

/// The `boundary` parameter of a `multipart/form-data` content type.
fn boundary(content_type: &str) -> Option<String> {
    let mut params = content_type.split(';').map(str::trim);
    if !params.next()?.eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    params
        .filter_map(|p| p.split_once('='))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("boundary"))
        .map(|(_, v)| unquote(v.trim()))
        .filter(|b| !b.is_empty() && b.len() <= 70)
}

fn unquote(value: &str) -> String {
    value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .map_or_else(|| value.to_owned(), |v| v.replace("\\\"", "\""))
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let first = *needle.first()?;
    let mut at = from;
    while at + needle.len() <= haystack.len() {
        // Jump from one candidate first byte to the next: a 10 MB image is scanned once, not byte by byte
        // against the whole needle.
        let offset = haystack[at..].iter().position(|&b| b == first)?;
        at += offset;
        if haystack[at..].starts_with(needle) {
            return Some(at);
        }
        at += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const CT: &str = "multipart/form-data; boundary=XyZ";

    /// name, file name, data
    type Read = (String, Option<String>, Vec<u8>);

    fn parts(body: &[u8]) -> Result<Vec<Read>, String> {
        parse(Some(CT), &Bytes::copy_from_slice(body))
            .map(|parts| {
                parts
                    .into_iter()
                    .map(|p| (p.name, p.file_name, p.data.to_vec()))
                    .collect()
            })
            .map_err(|e| format!("{e:?}"))
    }

    #[test]
    fn reads_files_and_fields() {
        let body =
            b"preamble\r\n--XyZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhi\r\n\
--XyZ  \r\ncontent-disposition: form-data; name=\"icon\"; filename=\"a \\\"b\\\".png\"\r\n\
Content-Type: image/png\r\n\r\n\x89PNG\r\n\x1a\n--XyZ\r\n\r\n--XyZ--\r\nepilogue";
        let got = parts(body).expect("parses");
        assert_eq!(got.len(), 2);
        assert_eq!(got[0], ("note".into(), None, b"hi".to_vec()));
        assert_eq!(
            got[1],
            (
                "icon".into(),
                Some("a \"b\".png".into()),
                b"\x89PNG\r\n\x1a\n--XyZ\r\n".to_vec()
            )
        );
    }

    #[test]
    fn refuses_what_it_cannot_read() {
        let bad: &[&[u8]] = &[
            b"",
            b"no boundary here",
            b"--XyZ\r\nContent-Disposition: form-data; name=\"icon\"\r\n\r\nunterminated",
            b"--XyZ\r\nContent-Disposition: form-data; name=\"icon\"\r\nno blank line\r\n--XyZ--",
            b"--XyZ\r\nContent-Disposition: attachment; name=\"icon\"\r\n\r\nx\r\n--XyZ--",
            b"--XyZ\r\nContent-Type: image/png\r\n\r\nx\r\n--XyZ--",
            b"--XyZjunk\r\n",
        ];
        for body in bad {
            assert!(parts(body).is_err(), "{:?}", String::from_utf8_lossy(body));
        }
        for content_type in [
            "application/json",
            "multipart/form-data",
            "multipart/form-data; boundary=",
            "multipart/mixed; boundary=XyZ",
        ] {
            assert!(
                parse(Some(content_type), &Bytes::new()).is_err(),
                "{content_type}"
            );
        }
        assert!(parse(None, &Bytes::new()).is_err());
        assert_eq!(
            boundary("Multipart/Form-Data; charset=utf-8; boundary=\"a b\"").as_deref(),
            Some("a b")
        );
    }
}
