//! Members for the single form (and the CLI's `--members-file`) from a file: every phone number and email of a
//! contacts export, the member columns of a spreadsheet, or a plain list. The entries go into the member box as if
//! typed, so the member rules judge them.
//!
//! A sheet is read as follows:
//! - headers that say phone, mobile, email or members: those columns, below the header;
//! - no such header, but a first row that reads like one (words, not numbers or addresses): one column is taken as
//!   it is; with several, the operator picks ([`MembersFile::PickColumn`]);
//! - no header at all (a list, one or several per line): every filled cell, row by row.

use serde::Serialize;
use ts_rs::TS;

use crate::columns::headers::{recognise, ColumnRole};
use crate::contacts::{looks_like_vcard, read_cards};
use crate::english::column_letter;
use crate::limits::Limits;
use crate::numbers::{restore_digits, Digits};
use crate::problem::ImportProblem;
use crate::sheet::{Cell, Sheet};
use crate::Workbook;

/// What a file gave the member box.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct FoundMembers {
    /// In file order, as written (a number cell as its digits).
    pub entries: Vec<String>,
    pub from: MembersSource,
}

/// Where in the file the entries were found, for the sentence that says what was added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum MembersSource {
    /// A vCard file: its cards, and how many phone numbers and emails they hold.
    Contacts {
        cards: u32,
        phones: u32,
        emails: u32,
    },
    /// These columns of a sheet (their headers, or letters when a column has none).
    Columns { columns: Vec<String> },
    /// A list without a header: every filled cell.
    List,
}

/// A column the operator can pick members from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct MemberColumn {
    /// 0-based, as [`MemberSheet::entries`] takes it.
    pub index: u32,
    /// `A`, `B`, … as the spreadsheet shows it.
    pub letter: String,
    /// The header cell, trimmed; empty when blank.
    pub header: String,
    /// The first few values below the header, for the operator to recognise the column.
    pub samples: Vec<String>,
    /// Filled cells below the header.
    pub filled: u32,
}

/// What a file is for the member box.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MembersFile {
    Found(FoundMembers),
    /// A sheet with a header row and several columns, none of them recognisably members: which one?
    PickColumn(MemberSheet),
}

/// A sheet waiting for its member column to be picked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberSheet {
    sheet: Sheet,
    /// Index into `sheet.rows` of the header row.
    header_row: usize,
}

const SAMPLES: usize = 3;

impl MemberSheet {
    /// Every column that has something in it.
    pub fn columns(&self) -> Vec<MemberColumn> {
        let header = self.header();
        (0..self.sheet.width())
            .filter_map(|index| {
                let filled = self.filled_cells(index).count();
                let header = header
                    .get(index)
                    .map(|c| c.text.trim().to_owned())
                    .unwrap_or_default();
                if filled == 0 && header.is_empty() {
                    return None;
                }
                let samples = self
                    .filled_cells(index)
                    .take(SAMPLES)
                    .map(entry_text)
                    .collect();
                let index = u32::try_from(index).ok()?;
                Some(MemberColumn {
                    index,
                    letter: column_letter(index),
                    header,
                    samples,
                    filled: u32::try_from(filled).unwrap_or(u32::MAX),
                })
            })
            .collect()
    }

    /// The header row's cells.
    pub fn header(&self) -> &[Cell] {
        self.sheet
            .rows
            .get(self.header_row)
            .map_or(&[][..], Vec::as_slice)
    }

    /// The headers, for a message that lists them.
    pub fn headers(&self) -> Vec<String> {
        self.columns()
            .into_iter()
            .map(|c| {
                if c.header.is_empty() {
                    c.letter
                } else {
                    c.header
                }
            })
            .collect()
    }

    /// The filled cells of `column` below the header.
    pub fn entries(&self, column: u32) -> Result<FoundMembers, ImportProblem> {
        let width = self.sheet.width();
        let index = column as usize;
        if index >= width {
            return Err(ImportProblem::MappingColumnMissing {
                column,
                columns: u32::try_from(width).unwrap_or(u32::MAX),
            });
        }
        let named = self
            .sheet
            .cell(self.header_row, index)
            .map(|c| c.text.trim().to_owned())
            .filter(|h| !h.is_empty())
            .unwrap_or_else(|| column_letter(column));
        Ok(FoundMembers {
            entries: self.filled_cells(index).map(entry_text).collect(),
            from: MembersSource::Columns {
                columns: vec![named],
            },
        })
    }

    /// The filled cells of `column` below the header, as read (digits restored only when taken).
    fn filled_cells(&self, column: usize) -> impl Iterator<Item = &Cell> {
        self.sheet
            .rows
            .iter()
            .skip(self.header_row + 1)
            .filter_map(move |row| row.get(column))
            .filter(|cell| !cell.is_blank())
    }
}

/// Reads `bytes` (a vCard, a spreadsheet in any format the importer reads, or a plain list) for the member box.
/// A workbook's first sheet with something in it is read.
pub fn members_file(bytes: Vec<u8>, limits: &Limits) -> Result<MembersFile, ImportProblem> {
    let size = bytes.len() as u64;
    if size > limits.max_file_bytes {
        return Err(ImportProblem::FileTooLarge {
            bytes: size,
            max: limits.max_file_bytes,
        });
    }
    if looks_like_vcard(&bytes) {
        let cards = read_cards(&bytes)?;
        let phones = cards
            .entries
            .iter()
            .filter(|e| e.kind == crate::ContactKind::Phone)
            .count();
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        return Ok(MembersFile::Found(FoundMembers {
            from: MembersSource::Contacts {
                cards: count(cards.cards),
                phones: count(phones),
                emails: count(cards.entries.len() - phones),
            },
            entries: cards.entries.into_iter().map(|e| e.value).collect(),
        }));
    }
    let sheet = first_filled_sheet(Workbook::open(bytes, limits)?)?;
    Ok(read_sheet(sheet))
}

/// The first filled sheet of `bytes` with its first filled row as the header, for a caller that names the member
/// column itself (the CLI's `--members-column`). A vCard has no columns: `ContactsHaveNoColumns`.
pub fn member_sheet(bytes: Vec<u8>, limits: &Limits) -> Result<MemberSheet, ImportProblem> {
    if looks_like_vcard(&bytes) {
        return Err(ImportProblem::ContactsHaveNoColumns);
    }
    let sheet = first_filled_sheet(Workbook::open(bytes, limits)?)?;
    let header_row = sheet.first_filled_row().map_or(0, |(row, _)| row);
    Ok(MemberSheet { sheet, header_row })
}

fn first_filled_sheet(mut workbook: Workbook) -> Result<Sheet, ImportProblem> {
    let names = workbook.sheet_names().to_vec();
    let mut first_problem = None;
    for name in &names {
        match workbook.sheet(Some(name)) {
            Ok(sheet) => return Ok(sheet),
            Err(problem @ ImportProblem::SheetEmpty { .. }) => {
                first_problem.get_or_insert(problem);
            }
            Err(problem) => return Err(problem),
        }
    }
    Err(first_problem.unwrap_or(ImportProblem::NoSheets))
}

fn read_sheet(sheet: Sheet) -> MembersFile {
    let Some((header_row, header)) = sheet.first_filled_row() else {
        return MembersFile::Found(FoundMembers {
            entries: Vec::new(),
            from: MembersSource::List,
        });
    };
    let member_columns: Vec<usize> = header
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
        .map(|(i, _)| i)
        .collect();
    if !member_columns.is_empty() {
        let columns = member_columns
            .iter()
            .map(|&i| header[i].text.trim().to_owned())
            .collect();
        return MembersFile::Found(FoundMembers {
            entries: cells(&sheet, header_row + 1, &member_columns),
            from: MembersSource::Columns { columns },
        });
    }
    let has_header = header
        .iter()
        .any(|cell| !cell.is_blank() && !looks_like_entry(cell));
    if !has_header {
        let every: Vec<usize> = (0..sheet.width()).collect();
        return MembersFile::Found(FoundMembers {
            entries: cells(&sheet, header_row, &every),
            from: MembersSource::List,
        });
    }
    let member_sheet = MemberSheet { sheet, header_row };
    let filled: Vec<MemberColumn> = member_sheet
        .columns()
        .into_iter()
        .filter(|c| c.filled > 0)
        .collect();
    match filled.as_slice() {
        // One column of values under a header nobody recognises ("Numbers", "Guests"): that column.
        [only] => match member_sheet.entries(only.index) {
            Ok(found) => MembersFile::Found(found),
            Err(_) => MembersFile::PickColumn(member_sheet),
        },
        _ => MembersFile::PickColumn(member_sheet),
    }
}

/// The filled cells of `columns`, row by row from `from_row`.
fn cells(sheet: &Sheet, from_row: usize, columns: &[usize]) -> Vec<String> {
    sheet
        .rows
        .iter()
        .skip(from_row)
        .flat_map(|row| columns.iter().filter_map(|&c| row.get(c)))
        .filter(|cell| !cell.is_blank())
        .map(entry_text)
        .collect()
}

/// A number cell (or `15551234567.0`, `1.5551234567E+10`) as its digits; anything else as written.
fn entry_text(cell: &Cell) -> String {
    match restore_digits(cell) {
        Some(Digits::Exact(digits)) => digits,
        _ => cell.text.trim().to_owned(),
    }
}

/// Whether a cell reads like a member rather than a header: an address, or mostly digits ("+1 (212) 555-0100",
/// "212.555.0100 ext 5").
fn looks_like_entry(cell: &Cell) -> bool {
    if cell.number || restore_digits(cell).is_some() {
        return true;
    }
    let text = cell.text.trim();
    if text.contains('@') {
        return true;
    }
    let digits = text.chars().filter(char::is_ascii_digit).count();
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    digits >= 5 && letters <= 3
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(text: &str) -> Cell {
        Cell::text(text)
    }

    #[test]
    fn entries_and_headers_are_told_apart() {
        for entry in [
            "+1 (212) 555-0100",
            "ann@example.com",
            "2125550100 ext 5",
            "1.5551234567E+10",
        ] {
            assert!(looks_like_entry(&cell(entry)), "{entry}");
        }
        for header in ["Phone numbers", "Guests", "Name", "Number 1", "Notes"] {
            assert!(!looks_like_entry(&cell(header)), "{header}");
        }
    }
}
