//! A group's photo (`icon_url`), fetched so the app can show it without letting its page load remote images.
//!
//! The URL comes from Blooio's answer and points at a file host, not at the API: the request carries no API
//! key, and the same transport rules as the API hold (https, or plain http to this computer only). Redirects
//! are followed by hand, a few at most, each checked the same way. The answer must be a PNG, JPEG, GIF or WebP
//! judged by its first bytes, whatever its `Content-Type` says: SVG (which can carry script) and anything else
//! are refused.

use base64::Engine as _;
use reqwest::header::{HeaderValue, ACCEPT, LOCATION};
use reqwest::{StatusCode, Url};

use crate::client::{describe_transport, is_allowed_transport, read_body, BlooioClient};

/// Photos larger than this are not group photos.
pub const PHOTO_READ_LIMIT: usize = 5 * 1024 * 1024;
/// Redirects followed before giving up.
const MAX_REDIRECTS: usize = 3;

/// An image ready for an `<img src>`.
#[derive(Clone, PartialEq, Eq)]
pub struct GroupPhoto {
    /// `image/png`, `image/jpeg`, `image/gif` or `image/webp`.
    pub mime: &'static str,
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for GroupPhoto {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GroupPhoto")
            .field("mime", &self.mime)
            .field("bytes", &self.bytes.len())
            .finish()
    }
}

impl GroupPhoto {
    /// `data:image/png;base64,…`
    pub fn data_url(&self) -> String {
        format!(
            "data:{};base64,{}",
            self.mime,
            base64::engine::general_purpose::STANDARD.encode(&self.bytes)
        )
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PhotoError {
    #[error("The photo's address isn't usable: {0}")]
    BadUrl(String),
    #[error("The photo couldn't be downloaded: {0}")]
    Transport(String),
    #[error("The photo's server answered {0}.")]
    Status(u16),
    #[error("The photo's server redirected more than {MAX_REDIRECTS} times.")]
    TooManyRedirects,
    #[error("The photo is larger than {} MiB.", PHOTO_READ_LIMIT / (1024 * 1024))]
    TooLarge,
    #[error("The file at the photo's address isn't a PNG, JPEG, GIF or WebP image.")]
    NotAnImage,
}

impl BlooioClient {
    /// Downloads the photo at `url` (a group's `icon_url`).
    pub async fn fetch_group_photo(&self, url: &str) -> Result<GroupPhoto, PhotoError> {
        let mut url = photo_url(url)?;
        for _ in 0..=MAX_REDIRECTS {
            let mut response = self
                .http()
                .get(url.clone())
                .header(ACCEPT, HeaderValue::from_static("image/*"))
                .send()
                .await
                .map_err(|e| PhotoError::Transport(describe_transport(&e)))?;
            let status = response.status();
            if status.is_redirection() {
                let location = response
                    .headers()
                    .get(LOCATION)
                    .and_then(|v| v.to_str().ok())
                    .ok_or(PhotoError::Status(status.as_u16()))?;
                let next = url
                    .join(location)
                    .map_err(|e| PhotoError::BadUrl(e.to_string()))?;
                url = photo_url(next.as_str())?;
                continue;
            }
            if status != StatusCode::OK {
                return Err(PhotoError::Status(status.as_u16()));
            }
            if response
                .content_length()
                .is_some_and(|n| n > PHOTO_READ_LIMIT as u64)
            {
                return Err(PhotoError::TooLarge);
            }
            let (bytes, too_large) = read_body(&mut response, PHOTO_READ_LIMIT)
                .await
                .map_err(|e| PhotoError::Transport(describe_transport(&e)))?;
            if too_large {
                return Err(PhotoError::TooLarge);
            }
            let mime = image_type(&bytes).ok_or(PhotoError::NotAnImage)?;
            return Ok(GroupPhoto { mime, bytes });
        }
        Err(PhotoError::TooManyRedirects)
    }
}

fn photo_url(raw: &str) -> Result<Url, PhotoError> {
    let url = Url::parse(raw.trim()).map_err(|e| PhotoError::BadUrl(e.to_string()))?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err(PhotoError::BadUrl(
            "it contains a user name or password".to_owned(),
        ));
    }
    if !is_allowed_transport(&url) {
        return Err(PhotoError::BadUrl(
            "only https:// addresses (or http:// on this computer) are fetched".to_owned(),
        ));
    }
    Ok(url)
}

/// The image type from the file's signature.
fn image_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some("image/gif")
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn image_types_come_from_the_bytes() {
        let cases: &[(&[u8], Option<&str>)] = &[
            (b"\x89PNG\r\n\x1a\n....", Some("image/png")),
            (&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0], Some("image/jpeg")),
            (b"GIF89a....", Some("image/gif")),
            (b"GIF87a....", Some("image/gif")),
            (b"RIFF\x10\0\0\0WEBPVP8 ", Some("image/webp")),
            (b"RIFF\x10\0\0\0WAVEfmt ", None),
            (b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>", None),
            (b"<html>", None),
            (b"", None),
            (b"\x89PNG", None),
        ];
        for (bytes, want) in cases {
            assert_eq!(image_type(bytes), *want, "{bytes:?}");
        }
    }

    #[test]
    fn only_https_or_this_computer() {
        for ok in [
            "https://cdn.blooio.com/icons/1.png",
            "http://127.0.0.1:4000/__sandbox/chat-photos/grp_1.png",
            "http://localhost/x.png",
            "http://[::1]:80/x.png",
        ] {
            assert!(photo_url(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://cdn.blooio.com/icons/1.png",
            "file:///etc/passwd",
            "data:image/png;base64,AAAA",
            "javascript:alert(1)",
            "https://user:pass@cdn.blooio.com/1.png",
            "not a url",
            "",
        ] {
            assert!(
                matches!(photo_url(bad), Err(PhotoError::BadUrl(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn data_url_and_debug() {
        let photo = GroupPhoto {
            mime: "image/png",
            bytes: b"\x89PNG\r\n\x1a\n".to_vec(),
        };
        assert_eq!(photo.data_url(), "data:image/png;base64,iVBORw0KGgo=");
        assert_eq!(
            format!("{photo:?}"),
            "GroupPhoto { mime: \"image/png\", bytes: 8 }"
        );
    }
}
