//! What `POST /groups/{id}/icon` accepts: one file in the multipart field `icon`, a JPEG, PNG, GIF, WebP, HEIC
//! or HEIF image of at most [`ICON_MAX_BYTES`], its type judged by its first bytes (a file's name and declared
//! type are easy to get wrong, its signature is not).

use axum::body::Bytes;

use crate::error::ApiError;
use crate::multipart::Part;

/// Blooio's documented limit, "10 MB", read as 10 MiB as upload middleware counts it.
pub const ICON_MAX_BYTES: usize = 10 * 1024 * 1024;

/// The multipart field Blooio reads the image from.
pub const ICON_FIELD: &str = "icon";

/// An image that passed the checks.
pub(crate) struct IconUpload {
    pub(crate) mime: &'static str,
    /// For the URL the sandbox serves it at.
    pub(crate) extension: &'static str,
    pub(crate) bytes: Bytes,
}

/// The `icon` part among `parts`, checked.
pub(crate) fn check_icon(parts: Vec<Part>) -> Result<IconUpload, ApiError> {
    let Some(part) = parts.into_iter().find(|p| p.name == ICON_FIELD) else {
        return Err(ApiError::validation(
            ICON_FIELD,
            "No icon file was uploaded. Send the image as multipart/form-data in the field 'icon'.",
        ));
    };
    if part.file_name.is_none() {
        return Err(ApiError::validation(
            ICON_FIELD,
            "The 'icon' field must be a file upload, not a text value.",
        ));
    }
    if part.data.is_empty() {
        return Err(ApiError::validation(ICON_FIELD, "The icon file is empty."));
    }
    if part.data.len() > ICON_MAX_BYTES {
        return Err(ApiError::validation(
            ICON_FIELD,
            format!(
                "The icon file is too large ({} bytes); the limit is 10 MB.",
                part.data.len()
            ),
        ));
    }
    let Some((mime, extension)) = image_type(&part.data) else {
        return Err(ApiError::validation(
            ICON_FIELD,
            "Unsupported image type. Use JPEG, PNG, GIF, WebP, HEIC or HEIF.",
        ));
    };
    Ok(IconUpload {
        mime,
        extension,
        bytes: part.data,
    })
}

/// MIME type and file extension from the signature.
pub(crate) fn image_type(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some(("image/jpeg", "jpg"));
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some(("image/png", "png"));
    }
    if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        return Some(("image/gif", "gif"));
    }
    if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Some(("image/webp", "webp"));
    }
    // HEIC and HEIF are ISO media files: a box `ftyp` at offset 4 whose major brand names the format.
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        return match &bytes[8..12] {
            b"heic" | b"heix" | b"hevc" | b"hevx" | b"heim" | b"heis" => {
                Some(("image/heic", "heic"))
            }
            b"mif1" | b"msf1" | b"heif" => Some(("image/heif", "heif")),
            _ => None,
        };
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_come_from_the_signature() {
        let cases: &[(&[u8], Option<&str>)] = &[
            (&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10], Some("image/jpeg")),
            (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", Some("image/png")),
            (b"GIF87a..", Some("image/gif")),
            (b"GIF89a..", Some("image/gif")),
            (b"RIFF\x24\0\0\0WEBPVP8 ", Some("image/webp")),
            (b"\0\0\0\x18ftypheic\0\0\0\0", Some("image/heic")),
            (b"\0\0\0\x18ftypheix\0\0\0\0", Some("image/heic")),
            (b"\0\0\0\x18ftypmif1\0\0\0\0", Some("image/heif")),
            (b"\0\0\0\x18ftypheif\0\0\0\0", Some("image/heif")),
            (b"\0\0\0\x18ftypisom\0\0\0\0", None),
            (b"\0\0\0\x18ftypavif\0\0\0\0", None),
            (b"RIFF\x24\0\0\0WAVEfmt ", None),
            (b"<svg xmlns='http://www.w3.org/2000/svg'/>", None),
            (b"%PDF-1.7", None),
            (b"\x89PNG", None),
            (b"", None),
        ];
        for (bytes, want) in cases {
            assert_eq!(image_type(bytes).map(|t| t.0), *want, "{bytes:?}");
        }
    }
}
