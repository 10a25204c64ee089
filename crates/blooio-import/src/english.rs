//! The English sentences for the importer's codes, for what Rust itself shows (the CLI, logs). The window words
//! the same codes in `ui/src/lib/words/`.

use std::fmt::{self, Display, Formatter};

use crate::problem::{FileFormat, ImportConflict, ImportNote, ImportProblem};

const SAVE_AS: &str =
    "Save it from your spreadsheet program as CSV (UTF-8) or Excel Workbook (.xlsx)";

impl Display for FileFormat {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FileFormat::Text => "text (CSV)",
            FileFormat::Xlsx => "Excel (.xlsx)",
            FileFormat::Xlsb => "Excel binary (.xlsb)",
            FileFormat::Xls => "Excel 97–2003 (.xls)",
            FileFormat::Ods => "OpenDocument (.ods)",
        })
    }
}

impl Display for ImportProblem {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        use ImportProblem::*;
        match self {
            FileEmpty => f.write_str("The file is empty. Choose the file that holds your groups."),
            FileUnreadable { detail } => write!(
                f,
                "The file can't be opened ({detail}). Check that it is still there and that you may read it, or \
                 copy it to your Documents folder and choose the copy."
            ),
            FileTooLarge { bytes, max } => write!(
                f,
                "The file is {}; files up to {} can be read. Split the groups into several files, or remove other \
                 sheets, pictures and columns you don't need.",
                size(*bytes),
                size(*max)
            ),
            FormatNotRecognised => write!(
                f,
                "This isn't a spreadsheet or text file the importer reads. {SAVE_AS}, or choose a contacts file \
                 (.vcf)."
            ),
            WorkbookUnpacksTooLarge {
                declared_bytes,
                max,
            } => write!(
                f,
                "This workbook would unpack to {}, more than the {} a sheet of groups needs; it may be damaged or \
                 hold something else. {SAVE_AS} with only the sheet of groups in it.",
                size(*declared_bytes),
                size(*max)
            ),
            WorkbookTooManyParts { parts, max } => write!(
                f,
                "This workbook is made of {parts} parts (at most {max} are read); it may be damaged. {SAVE_AS}."
            ),
            TooManyRows { rows, max } => write!(
                f,
                "The sheet has {rows} or more rows; at most {max} are read. Split it into several files."
            ),
            TooManyCells { cells, max } => write!(
                f,
                "The sheet has {cells} or more cells (at most {max} are read). Delete the columns and rows you \
                 don't need — formatting applied to whole rows or columns counts too — or split it into several \
                 files."
            ),
            WorkbookEncrypted => f.write_str(
                "This workbook is protected by a password. Open it in your spreadsheet program, remove the \
                 password (or save a copy without one) and choose that copy.",
            ),
            WorkbookUnreadable { format, detail } => write!(
                f,
                "This {format} file can't be read; it may be damaged or only partly downloaded ({detail}). Open it \
                 in your spreadsheet program and {}.",
                lowercase_first(SAVE_AS)
            ),
            TextUnreadable { line, detail } => write!(
                f,
                "The text file can't be split into cells at line {line} ({detail}). {SAVE_AS}."
            ),
            NoSheets => write!(f, "This workbook has no sheets. {SAVE_AS} with the sheet of groups in it."),
            SheetNotFound { name, available } => write!(
                f,
                "There is no sheet named “{name}” in this file. Choose one of: {}.",
                quoted_list(available)
            ),
            SheetEmpty { sheet } => write!(
                f,
                "The sheet “{sheet}” is empty. Choose the sheet that holds your groups."
            ),
            MappingColumnMissing { column, columns } => write!(
                f,
                "The column mapping uses column {} but this sheet has {columns}. Choose the columns again for \
                 this file.",
                column_letter(*column)
            ),
            ContactsNoCards => f.write_str(
                "This contacts file holds no contact card. Export the contacts again as vCard (.vcf).",
            ),
            ContactsHaveNoColumns => f.write_str(
                "This is a contacts file (vCard): it has no columns to choose from. Leave the column out to add every \
                 phone number and email of its cards.",
            ),
            NoMemberColumn { headers } => write!(
                f,
                "No column looks like phone numbers or emails. Choose the column to add members from: {}.",
                quoted_list(headers)
            ),
        }
    }
}

impl Display for ImportNote {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            ImportNote::NumberReadAsDigits {
                row,
                column,
                original,
                digits,
            } => write!(
                f,
                "Row {row}, {column}: the spreadsheet stored “{original}” as a number; it was read as {digits}. \
                 Check that no leading 0 or + was lost."
            ),
            ImportNote::NumberDigitsLost {
                row,
                column,
                original,
            } => write!(
                f,
                "Row {row}, {column}: the spreadsheet rounded this number to “{original}” when it saved the \
                 file, and its last digits are lost. Format the column as text in your spreadsheet program, type \
                 the numbers again and save the file again."
            ),
        }
    }
}

impl Display for ImportConflict {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            ImportConflict::SameMembersInFile { other_rows } => write!(
                f,
                "The same members as the group on {}, and neither has a chat GUID: Blooio creates only one of \
                 them. Remove one, or change its members.",
                rows(other_rows)
            ),
            ImportConflict::SameChatGuidInFile { other_rows } => write!(
                f,
                "The same chat GUID as the group on {}: a chat can be linked to one group only. Remove one, or \
                 correct its chat GUID.",
                rows(other_rows)
            ),
            ImportConflict::AlreadyCreated => f.write_str(
                "This app already created a group with these members or this chat GUID. Skip this row, or change \
                 it.",
            ),
        }
    }
}

fn rows(rows: &[u32]) -> String {
    match rows {
        [one] => format!("row {one}"),
        _ => {
            let list: Vec<String> = rows.iter().map(u32::to_string).collect();
            format!("rows {}", list.join(", "))
        }
    }
}

fn size(bytes: u64) -> String {
    const MIB: u64 = 1024 * 1024;
    if bytes >= MIB {
        format!("{:.1} MB", bytes as f64 / MIB as f64)
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

fn quoted_list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|i| format!("“{i}”")).collect();
    quoted.join(", ")
}

fn lowercase_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Spreadsheet column letters from a 0-based index: 0 → A, 25 → Z, 26 → AA.
pub fn column_letter(index: u32) -> String {
    let mut n = u64::from(index) + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        letters.push(char::from(b'A' + rem));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters() {
        let cases = [
            (0, "A"),
            (25, "Z"),
            (26, "AA"),
            (51, "AZ"),
            (52, "BA"),
            (701, "ZZ"),
            (702, "AAA"),
        ];
        for (index, letters) in cases {
            assert_eq!(column_letter(index), letters, "{index}");
        }
    }

    #[test]
    fn sizes_and_rows() {
        assert_eq!(size(3 * 1024 * 1024 / 2), "1.5 MB");
        assert_eq!(size(1), "1 KB");
        assert_eq!(rows(&[3]), "row 3");
        assert_eq!(rows(&[3, 9]), "rows 3, 9");
    }
}
