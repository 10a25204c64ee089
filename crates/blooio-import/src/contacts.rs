//! Contacts exports: every phone number and email of every card (for the member box, see `members_file`).
//!
//! vCards are read with `calcard` (Stalwart's parser, maintained with its mail server): it reads vCard 4 and 3
//! (iPhone, macOS, Google) and 2.1 (Android, Outlook) with quoted-printable values, folded lines and `itemN.`
//! groups; `vcard4` refuses 2.1, which Android still writes.

use calcard::vcard::{VCard, VCardProperty};
use calcard::{Entry, Parser};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::problem::ImportProblem;
use crate::text::encoding::decode;

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
    read_cards(bytes).map(|cards| cards.entries)
}

/// A contacts file read: how many cards, and their phones and emails.
pub(crate) struct Cards {
    pub cards: usize,
    pub entries: Vec<ContactEntry>,
}

pub(crate) fn read_cards(bytes: &[u8]) -> Result<Cards, ImportProblem> {
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
    Ok(Cards { cards, entries })
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
