//! Which column means what, and a sheet read as groups through it.

use std::collections::HashMap;

use blooio_core::GroupDraft;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::headers::{recognise, ColumnRole};
use crate::english::column_letter;
use crate::numbers::{restore_digits, Digits};
use crate::problem::{ImportNote, ImportProblem};
use crate::sheet::{Cell, Sheet};

/// How rows make groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export, rename = "ImportLayout")]
pub enum Layout {
    /// Each row is a group: its name, its members (a list in one cell, or one per column), its chat GUID.
    GroupPerRow,
    /// Each row is a member; rows with the same group name make one group, in the order names first appear. A
    /// row with an empty name belongs to the group above it (merged cells keep the name in their first row only).
    MemberPerRow,
}

/// The operator's reading of a sheet's columns; serialisable so the app can remember the last one. Columns are
/// 0-based (A = 0).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[ts(export, rename = "ImportColumnMapping")]
pub struct ColumnMapping {
    pub layout: Layout,
    /// The first filled row is a header, not a group.
    pub has_header: bool,
    pub name: u32,
    /// Member columns, in the order their entries are added.
    pub members: Vec<u32>,
    pub chat_guid: Option<u32>,
}

/// One group as the file has it, before any rule has run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportedGroup {
    /// The rows it came from, 1-based as the spreadsheet numbers them.
    pub rows: Vec<u32>,
    pub name: String,
    pub chat_guid: String,
    /// The filled member cells, in order; a cell may hold a list ("a, b; c") that the member rules split.
    pub members: Vec<String>,
    pub notes: Vec<ImportNote>,
}

impl ImportedGroup {
    /// The group as the single form would hold it.
    pub fn draft(&self, default_region: &str) -> GroupDraft {
        GroupDraft {
            name: self.name.clone(),
            chat_guid: self.chat_guid.clone(),
            members: self.members.join("\n"),
            default_region: default_region.to_owned(),
        }
    }
}

/// The mapping a header row speaks for itself, or `None` when it doesn't name a group column and at least one
/// member column (the operator maps it then).
///
/// The layout: a members-list column, numbered columns ("Phone 1", "Phone 2") or several phone or email columns
/// mean a group per row; a single phone and/or email column means a member per row. The two read a file alike
/// when no group name repeats, so the guess only matters where names repeat — and there, gathering is what a
/// repeated name means.
pub fn suggest_mapping(header: &[Cell]) -> Option<ColumnMapping> {
    let recognised: Vec<(u32, _)> = header
        .iter()
        .enumerate()
        .filter_map(|(i, cell)| Some((u32::try_from(i).ok()?, recognise(&cell.text)?)))
        .collect();
    let of = |role: ColumnRole| recognised.iter().filter(move |(_, r)| r.role == role);

    let name = of(ColumnRole::GroupName)
        .find(|(_, r)| !r.weak)
        .or_else(|| of(ColumnRole::GroupName).next())?
        .0;
    let members: Vec<u32> = recognised
        .iter()
        .filter(|(_, r)| {
            matches!(
                r.role,
                ColumnRole::Members | ColumnRole::Phone | ColumnRole::Email
            )
        })
        .map(|(i, _)| *i)
        .collect();
    if members.is_empty() {
        return None;
    }
    let chat_guid = of(ColumnRole::ChatGuid).next().map(|(i, _)| *i);

    let group_per_row = of(ColumnRole::Members).next().is_some()
        || recognised
            .iter()
            .any(|(_, r)| r.numbered && r.role != ColumnRole::GroupName)
        || of(ColumnRole::Phone).count() > 1
        || of(ColumnRole::Email).count() > 1;
    Some(ColumnMapping {
        layout: if group_per_row {
            Layout::GroupPerRow
        } else {
            Layout::MemberPerRow
        },
        has_header: true,
        name,
        members,
        chat_guid,
    })
}

/// `suggest_mapping` for the sheet's first filled row.
pub fn suggest_mapping_for(sheet: &Sheet) -> Option<ColumnMapping> {
    suggest_mapping(sheet.first_filled_row()?.1)
}

impl ColumnMapping {
    /// Refuses a mapping without a name column or naming a column this sheet doesn't have (a remembered mapping
    /// made for another file). `apply` reads such columns as empty.
    pub fn check(&self, sheet: &Sheet) -> Result<(), ImportProblem> {
        let width = u32::try_from(sheet.width()).unwrap_or(u32::MAX);
        let columns = std::iter::once(self.name)
            .chain(self.members.iter().copied())
            .chain(self.chat_guid);
        for column in columns {
            if column >= width {
                return Err(ImportProblem::MappingColumnMissing {
                    column,
                    columns: width,
                });
            }
        }
        Ok(())
    }
}

/// The sheet read as groups. Rows with nothing in the mapped columns are skipped; cells are trimmed; a member
/// cell holding a number in disguise is read back as digits, with a note.
pub fn apply(sheet: &Sheet, mapping: &ColumnMapping) -> Vec<ImportedGroup> {
    let Some((header_index, header)) = sheet.first_filled_row() else {
        return Vec::new();
    };
    let first_data = if mapping.has_header {
        header_index + 1
    } else {
        header_index
    };
    let label = |column: u32| -> String {
        let text = if mapping.has_header {
            header
                .get(column as usize)
                .map(|c| c.text.trim())
                .unwrap_or("")
        } else {
            ""
        };
        if text.is_empty() {
            format!("column {}", column_letter(column))
        } else {
            text.to_owned()
        }
    };
    let labels: Vec<String> = mapping.members.iter().map(|c| label(*c)).collect();

    let mut groups: Vec<ImportedGroup> = Vec::new();
    let mut by_name: HashMap<String, usize> = HashMap::new();
    for (index, row) in sheet.rows.iter().enumerate().skip(first_data) {
        let row_number = u32::try_from(index + 1).unwrap_or(u32::MAX);
        let text = |column: u32| row.get(column as usize).map_or("", |c| c.text.trim());
        let name = text(mapping.name);
        let chat_guid = mapping.chat_guid.map_or("", text);
        let mut members = Vec::new();
        let mut notes = Vec::new();
        for (column, column_label) in mapping.members.iter().zip(&labels) {
            let Some(cell) = row.get(*column as usize).filter(|c| !c.is_blank()) else {
                continue;
            };
            members.push(member_text(cell, row_number, column_label, &mut notes));
        }
        if name.is_empty() && chat_guid.is_empty() && members.is_empty() {
            continue;
        }

        let target = match mapping.layout {
            Layout::GroupPerRow => None,
            // An empty name continues the group above, when there is one.
            Layout::MemberPerRow if name.is_empty() => groups.len().checked_sub(1),
            Layout::MemberPerRow => by_name.get(name).copied(),
        };
        match target {
            Some(existing) => {
                let group = &mut groups[existing];
                group.rows.push(row_number);
                group.members.extend(members);
                group.notes.extend(notes);
                if group.chat_guid.is_empty() {
                    group.chat_guid = chat_guid.to_owned();
                }
            }
            None => {
                if mapping.layout == Layout::MemberPerRow && !name.is_empty() {
                    by_name.insert(name.to_owned(), groups.len());
                }
                groups.push(ImportedGroup {
                    rows: vec![row_number],
                    name: name.to_owned(),
                    chat_guid: chat_guid.to_owned(),
                    members,
                    notes,
                });
            }
        }
    }
    groups
}

fn member_text(cell: &Cell, row: u32, column: &str, notes: &mut Vec<ImportNote>) -> String {
    let original = cell.text.trim();
    match restore_digits(cell) {
        Some(Digits::Exact(digits)) => {
            notes.push(ImportNote::NumberReadAsDigits {
                row,
                column: column.to_owned(),
                original: original.to_owned(),
                digits: digits.clone(),
            });
            digits
        }
        Some(Digits::Lost) => {
            notes.push(ImportNote::NumberDigitsLost {
                row,
                column: column.to_owned(),
                original: original.to_owned(),
            });
            original.to_owned()
        }
        None => original.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(cells: &[&str]) -> Vec<Cell> {
        cells.iter().map(|c| Cell::text(*c)).collect()
    }

    #[test]
    fn suggestions() {
        use Layout::*;
        type Suggested = Option<(Layout, u32, Vec<u32>, Option<u32>)>;
        let cases: Vec<(&[&str], Suggested)> = vec![
            (
                &["Group name", "Members"],
                Some((GroupPerRow, 0, vec![1], None)),
            ),
            (
                &["Name", "Phone 1", "Phone 2", "Email"],
                Some((GroupPerRow, 0, vec![1, 2, 3], None)),
            ),
            (
                &["Members", "Chat GUID", "Group"],
                Some((GroupPerRow, 2, vec![0], Some(1))),
            ),
            (
                &["Group", "Name", "Mobile"],
                Some((MemberPerRow, 0, vec![2], None)),
            ),
            (
                &["Group", "First name", "Phone", "E-mail"],
                Some((MemberPerRow, 0, vec![2, 3], None)),
            ),
            (
                &["Name", "Phone", "Mobile"],
                Some((GroupPerRow, 0, vec![1, 2], None)),
            ),
            (&["Name", "Notes"], None),
            (&["Team", "Phone"], None),
            (&[], None),
        ];
        for (cells, expected) in cases {
            let got = suggest_mapping(&header(cells)).map(|m| {
                assert!(m.has_header);
                (m.layout, m.name, m.members, m.chat_guid)
            });
            assert_eq!(got, expected, "{cells:?}");
        }
    }

    #[test]
    fn a_mapping_survives_json() {
        let mapping = suggest_mapping(&header(&["Group", "Phone", "Chat ID"])).unwrap();
        let json = serde_json::to_string(&mapping).unwrap();
        assert_eq!(
            json,
            r#"{"layout":"member_per_row","has_header":true,"name":0,"members":[1],"chat_guid":2}"#
        );
        assert_eq!(
            serde_json::from_str::<ColumnMapping>(&json).unwrap(),
            mapping
        );
    }
}
