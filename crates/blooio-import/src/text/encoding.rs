//! Bytes of a text file to a string: the encodings spreadsheet programs and contact exports actually write.
//!
//! A byte-order mark decides first (UTF-8 from Excel's "CSV UTF-8", UTF-16 LE from its "Unicode text"). Without
//! one, bytes that are valid UTF-8 are UTF-8 (Google Sheets, Numbers, LibreOffice, macOS), UTF-16 without a mark is
//! recognised by its zero bytes, and anything else is Windows-1252: what Excel on Windows writes for "CSV" in
//! Western locales. A wrong guess between legacy code pages shows as odd letters in names, never as lost rows or
//! wrong digits, since digits, `+`, `@` and separators are the same in all of them.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};

/// The text, and the encoding it was read as (for the preview's "read as Windows-1252" line and for support).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub encoding: &'static str,
}

pub fn decode(bytes: &[u8]) -> Decoded<'_> {
    let encoding = pick(bytes);
    // `decode` strips a BOM of the encoding it was given and replaces bytes that are invalid in it with U+FFFD;
    // nothing can fail.
    let (text, used, _had_errors) = encoding.decode(bytes);
    Decoded {
        text,
        encoding: used.name(),
    }
}

fn pick(bytes: &[u8]) -> &'static Encoding {
    if let Some((encoding, _bom_length)) = Encoding::for_bom(bytes) {
        return encoding;
    }
    // Before the UTF-8 check: UTF-16 text of ASCII characters is valid UTF-8 too (full of NULs).
    if let Some(encoding) = utf16_without_bom(bytes) {
        return encoding;
    }
    if std::str::from_utf8(bytes).is_ok() {
        return UTF_8;
    }
    WINDOWS_1252
}

/// Text in UTF-16 without a mark has a zero byte in most code units of Latin text: in the odd positions for little
/// endian, the even ones for big endian. Windows-1252 text never holds a zero byte.
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    if sample.len() < 4 {
        return None;
    }
    let units = sample.len() / 2;
    let zeros_at = |parity: usize| {
        sample
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|b| **b == 0)
            .count()
    };
    let (even, odd) = (zeros_at(0), zeros_at(1));
    // Most units of the text are ASCII (digits, separators, Latin letters): more than half will do.
    if odd * 2 > units && even * 10 < units {
        Some(UTF_16LE)
    } else if even * 2 > units && odd * 10 < units {
        Some(UTF_16BE)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(s: &str, bom: bool) -> Vec<u8> {
        let mut out = if bom { vec![0xFF, 0xFE] } else { vec![] };
        out.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
        out
    }

    #[test]
    fn encodings() {
        let mut be = vec![0xFE, 0xFF];
        be.extend("Zoë".encode_utf16().flat_map(u16::to_be_bytes));
        let cases: Vec<(&str, Vec<u8>, &str, &str)> = vec![
            ("plain ascii", b"Name,Phone".to_vec(), "Name,Phone", "UTF-8"),
            ("utf-8", "Zoë,Ünal".as_bytes().to_vec(), "Zoë,Ünal", "UTF-8"),
            (
                "utf-8 with bom",
                [&[0xEF, 0xBB, 0xBF][..], "Zoë".as_bytes()].concat(),
                "Zoë",
                "UTF-8",
            ),
            (
                "windows-1252",
                b"Zo\xEB;Caf\xE9 \x80".to_vec(),
                "Zoë;Café €",
                "windows-1252",
            ),
            (
                "utf-16 le with bom",
                utf16le("Zoë\tÜnal", true),
                "Zoë\tÜnal",
                "UTF-16LE",
            ),
            (
                "utf-16 le without bom",
                utf16le("Name\tPhone\r\n", false),
                "Name\tPhone\r\n",
                "UTF-16LE",
            ),
            ("utf-16 be with bom", be, "Zoë", "UTF-16BE"),
            (
                "invalid utf-16 is replaced",
                vec![0xFF, 0xFE, 0x00, 0xD8],
                "\u{FFFD}",
                "UTF-16LE",
            ),
        ];
        for (what, bytes, text, encoding) in cases {
            let decoded = decode(&bytes);
            assert_eq!(decoded.text, text, "{what}");
            assert_eq!(decoded.encoding, encoding, "{what}");
        }
    }
}
