//! A group photo checked before it is uploaded: Blooio takes a JPEG, PNG, GIF, WebP, HEIC or HEIF image of at
//! most 10 MB. The type is judged by the file's first bytes: a name or a declared type is easy to get wrong,
//! and Blooio would answer 400 after the whole file had travelled.

use crate::problem::InputProblem;

/// Blooio's documented "10 MB", read as 10 MiB, as upload limits are counted.
pub const GROUP_PHOTO_MAX_BYTES: usize = 10 * 1024 * 1024;

/// A photo ready to upload: its type, and the file name to send (the caller's, with an extension that
/// matches the content).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedPhoto {
    /// `image/jpeg`, `image/png`, `image/gif`, `image/webp`, `image/heic` or `image/heif`.
    pub mime: &'static str,
    pub file_name: String,
}

/// Checks `bytes` (the size first, then the type) and picks the name to send for `file_name`.
pub fn check_group_photo(bytes: &[u8], file_name: &str) -> Result<CheckedPhoto, InputProblem> {
    if bytes.len() > GROUP_PHOTO_MAX_BYTES {
        return Err(InputProblem::PhotoTooLarge {
            bytes: bytes.len() as u64,
            max: GROUP_PHOTO_MAX_BYTES as u64,
        });
    }
    let (mime, extensions) = photo_type(bytes).ok_or(InputProblem::PhotoTypeUnsupported)?;
    Ok(CheckedPhoto {
        mime,
        file_name: upload_name(file_name, extensions),
    })
}

/// The MIME type and the usual file extensions (the first is the one given) from the file's signature.
fn photo_type(bytes: &[u8]) -> Option<(&'static str, &'static [&'static str])> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(("image/jpeg", &["jpg", "jpeg", "jpe"]))
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(("image/png", &["png"]))
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some(("image/gif", &["gif"]))
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some(("image/webp", &["webp"]))
    } else if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        // ISO media files: the major brand after `ftyp` says which.
        match &bytes[8..12] {
            b"heic" | b"heix" | b"hevc" | b"hevx" | b"heim" | b"heis" => {
                Some(("image/heic", &["heic"]))
            }
            b"mif1" | b"msf1" | b"heif" => Some(("image/heif", &["heif", "heic"])),
            _ => None,
        }
    } else {
        None
    }
}

/// The last path component of `file_name`, its extension made to match the content; `group-photo.<ext>`
/// when no usable name is left. Control characters and quotes are dropped: the name travels in a header.
fn upload_name(file_name: &str, extensions: &[&str]) -> String {
    let base = file_name
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_control() && *c != '"')
        .collect::<String>();
    let base = base.trim();
    let (stem, extension) = match base.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => (stem, Some(ext)),
        _ => (base, None),
    };
    let stem = if stem.is_empty() { "group-photo" } else { stem };
    match extension {
        Some(ext) if extensions.iter().any(|e| e.eq_ignore_ascii_case(ext)) => {
            format!("{stem}.{ext}")
        }
        _ => format!("{stem}.{}", extensions[0]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

    #[test]
    fn types_from_the_content() {
        let cases: &[(&[u8], Result<&str, InputProblem>)] = &[
            (&[0xFF, 0xD8, 0xFF, 0xE1, 0, 0], Ok("image/jpeg")),
            (PNG, Ok("image/png")),
            (b"GIF87a\x01\0", Ok("image/gif")),
            (b"RIFF\0\0\0\0WEBPVP8L", Ok("image/webp")),
            (b"\0\0\0\x1cftypheic\0\0\0\0", Ok("image/heic")),
            (b"\0\0\0\x1cftypmif1\0\0\0\0", Ok("image/heif")),
            (
                b"\0\0\0\x1cftypavif\0\0\0\0",
                Err(InputProblem::PhotoTypeUnsupported),
            ),
            (
                b"\0\0\0\x1cftypmp42\0\0\0\0",
                Err(InputProblem::PhotoTypeUnsupported),
            ),
            (
                b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
                Err(InputProblem::PhotoTypeUnsupported),
            ),
            (b"BM\x36\0\0\0", Err(InputProblem::PhotoTypeUnsupported)),
            (b"", Err(InputProblem::PhotoTypeUnsupported)),
        ];
        for (bytes, want) in cases {
            let got = check_group_photo(bytes, "x").map(|p| p.mime);
            assert_eq!(&got, want, "{bytes:?}");
        }
    }

    #[test]
    fn size_is_checked_first_and_the_limit_is_inclusive() {
        let mut at_limit = PNG.to_vec();
        at_limit.resize(GROUP_PHOTO_MAX_BYTES, 0);
        assert!(check_group_photo(&at_limit, "a.png").is_ok());
        let mut over = b"not an image".to_vec();
        over.resize(GROUP_PHOTO_MAX_BYTES + 1, 0);
        assert_eq!(
            check_group_photo(&over, "a.png"),
            Err(InputProblem::PhotoTooLarge {
                bytes: GROUP_PHOTO_MAX_BYTES as u64 + 1,
                max: GROUP_PHOTO_MAX_BYTES as u64
            })
        );
    }

    #[test]
    fn names_sent() {
        let jpeg = &["jpg", "jpeg", "jpe"][..];
        let cases = [
            ("photo.JPEG", "photo.JPEG"),
            ("/home/ann/Pictures/team.jpg", "team.jpg"),
            ("C:\\Users\\ann\\team.jpe", "team.jpe"),
            ("team.png", "team.jpg"),
            ("team", "team.jpg"),
            (".hidden", ".hidden.jpg"),
            ("", "group-photo.jpg"),
            ("dir/", "group-photo.jpg"),
            ("a\"b\r\n.jpg", "ab.jpg"),
            ("  spaced name .jpg ", "spaced name .jpg"),
        ];
        for (given, want) in cases {
            assert_eq!(upload_name(given, jpeg), want, "{given:?}");
        }
    }
}
