//! Members for the single form from a file: every phone number and email of a contacts export, or one column of
//! a spreadsheet. The entries go into the member box as if typed, so the member rules judge them.
//!
//! vCards are read with `calcard` (Stalwart's parser, maintained with its mail server): it reads vCard 4 and 3
//! (iPhone, macOS, Google) and 2.1 (Android, Outlook) with quoted-printable values, folded lines and `itemN.`
//! groups; `vcard4` refuses 2.1, which Android still writes.

use calcard::vcard::{VCard, VCardProperty};
use calcard::{Entry, Parser};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::columns::headers::{recognise, ColumnRole};
use crate::limits::Limits;
use crate::numbers::{restore_digits, Digits};
use crate::problem::ImportProblem;
use crate::sheet::Sheet;
use crate::text::encoding::decode;
use crate::Workbook;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export, rename = "ContactEntryKind")]
pub enum ContactKind {
    Phone,
    Email,
}

/// One phone number or email, as the card wrote it, and whose it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ContactEntry {
    pub value: String,
    pub kind: ContactKind,
    /// The card's formatted name (FN), or its N parts; null when the card has neither.
    pub contact: Option<String>,
}

/// Cards beyond this are not read: far more than a contacts export for one group holds.
const MAX_CARDS: usize = 100_000;

/// True when the bytes are a vCard file rather than a spreadsheet (any encoding, any case, after blank lines).
pub fn looks_like_vcard(bytes: &[u8]) -> bool {
    let text = decode(&bytes[..bytes.len().min(1024)]).text;
    text.trim_start_matches('\u{feff}')
        .trim_start()
        .get(..11)
        .is_some_and(|start| start.eq_ignore_ascii_case("BEGIN:VCARD"))
}

/// Every TEL and EMAIL of every card, in file order.
pub fn read_vcards(bytes: &[u8]) -> Result<Vec<ContactEntry>, ImportProblem> {
    let decoded = decode(bytes);
    let mut parser = Parser::new(&decoded.text);
    let mut entries = Vec::new();
    let mut cards = 0usize;
    loop {
        match parser.entry() {
            Entry::VCard(card) => {
                cards += 1;
                collect(&card, &mut entries);
                if cards >= MAX_CARDS {
                    break;
                }
            }
            Entry::Eof | Entry::TooManyComponents => break,
            // A line the parser can't place, or a calendar: skipped, the next card may be fine.
            _ => {}
        }
    }
    if cards == 0 {
        return Err(ImportProblem::ContactsNoCards);
    }
    Ok(entries)
}

fn collect(card: &VCard, entries: &mut Vec<ContactEntry>) {
    let contact = card_name(card);
    for entry in &card.entries {
        let kind = match entry.name {
            VCardProperty::Tel => ContactKind::Phone,
            VCardProperty::Email => ContactKind::Email,
            _ => continue,
        };
        for value in &entry.values {
            let Some(text) = value.as_text().map(str::trim).filter(|t| !t.is_empty()) else {
                continue;
            };
            entries.push(ContactEntry {
                value: text.to_owned(),
                kind,
                contact: contact.clone(),
            });
        }
    }
}

fn card_name(card: &VCard) -> Option<String> {
    let text = |prop: &VCardProperty| -> Option<String> {
        let entry = card.property(prop)?;
        let parts: Vec<&str> = entry
            .values
            .iter()
            .filter_map(|v| v.as_text())
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .collect();
        (!parts.is_empty()).then(|| parts.join(" "))
    };
    text(&VCardProperty::Fn).or_else(|| text(&VCardProperty::N))
}

/// The filled cells of `columns`, row by row, trimmed, without the header when there is one. A number cell (or
/// `15551234567.0`, `1.5551234567E+10`) is read back as its digits, as in a sheet of groups.
pub fn column_entries(sheet: &Sheet, columns: &[u32], has_header: bool) -> Vec<String> {
    let Some((first, _)) = sheet.first_filled_row() else {
        return Vec::new();
    };
    let skip = if has_header { first + 1 } else { first };
    sheet
        .rows
        .iter()
        .skip(skip)
        .flat_map(|row| columns.iter().filter_map(|c| row.get(*c as usize)))
        .filter(|cell| !cell.is_blank())
        .map(|cell| match restore_digits(cell) {
            Some(Digits::Exact(digits)) => digits,
            _ => cell.text.trim().to_owned(),
        })
        .collect()
}

/// Members from any file the single form is given: a vCard's phones and emails; or, from a spreadsheet's first
/// sheet, the columns whose headers say phone, email or members (a sheet of one column needs no header). A sheet
/// with several columns and none recognised is `NoMemberColumn`: the caller asks which and uses `column_entries`.
pub fn member_entries(bytes: Vec<u8>, limits: &Limits) -> Result<Vec<String>, ImportProblem> {
    let size = bytes.len() as u64;
    if size > limits.max_file_bytes {
        return Err(ImportProblem::FileTooLarge {
            bytes: size,
            max: limits.max_file_bytes,
        });
    }
    if looks_like_vcard(&bytes) {
        return Ok(read_vcards(&bytes)?.into_iter().map(|e| e.value).collect());
    }
    let sheet = Workbook::open(bytes, limits)?.into_sheet(None)?;
    let Some((_, header)) = sheet.first_filled_row() else {
        return Ok(Vec::new());
    };
    let member_columns: Vec<u32> = header
        .iter()
        .enumerate()
        .filter(|(_, cell)| {
            recognise(&cell.text).is_some_and(|r| {
                matches!(
                    r.role,
                    ColumnRole::Members | ColumnRole::Phone | ColumnRole::Email
                )
            })
        })
        .filter_map(|(i, _)| u32::try_from(i).ok())
        .collect();
    if !member_columns.is_empty() {
        return Ok(column_entries(&sheet, &member_columns, true));
    }
    if sheet.width() <= 1 {
        return Ok(column_entries(&sheet, &[0], false));
    }
    Err(ImportProblem::NoMemberColumn {
        headers: header.iter().map(|c| c.text.trim().to_owned()).collect(),
    })
}
