//! What the importer reports, each a stable code plus the arguments its sentence needs — the convention of
//! `blooio_core::problem`: programs branch on `code`, people read the sentence `english.rs` (or the window's words)
//! makes from it. Codes are distinct from the core's, so `code` alone names a problem anywhere in the app.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Why a file could not be read at all. Every sentence says what the operator can do about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, thiserror::Error)]
#[serde(tag = "code")]
#[ts(export)]
pub enum ImportProblem {
    /// The file has no bytes.
    FileEmpty,
    /// The operating system refused to read the file; `detail` is its words.
    FileUnreadable { detail: String },
    /// Larger than the importer reads at all.
    FileTooLarge {
        #[ts(type = "number")]
        bytes: u64,
        #[ts(type = "number")]
        max: u64,
    },
    /// Neither text nor a workbook calamine reads (a PDF, an image, a Word file…).
    FormatNotRecognised,
    /// A workbook (zip) that would unpack to far more than any real sheet: a zip bomb, or a file holding
    /// something else besides the sheet.
    WorkbookUnpacksTooLarge {
        #[ts(type = "number")]
        declared_bytes: u64,
        #[ts(type = "number")]
        max: u64,
    },
    /// A workbook (zip) with more parts than any spreadsheet program writes.
    WorkbookTooManyParts { parts: u32, max: u32 },
    /// The sheet has more rows than the importer reads.
    TooManyRows { rows: u32, max: u32 },
    /// The sheet has more cells than the importer reads (counting the cells a repeat or a range expands to).
    TooManyCells {
        #[ts(type = "number")]
        cells: u64,
        #[ts(type = "number")]
        max: u64,
    },
    /// The workbook is protected by a password.
    WorkbookEncrypted,
    /// The workbook's structure is broken; `detail` is the reader's own words, for support.
    WorkbookUnreadable { format: FileFormat, detail: String },
    /// The text file could not be split into cells; `line` is where the reader gave up.
    TextUnreadable { line: u32, detail: String },
    /// The workbook holds no sheets.
    NoSheets,
    /// A sheet was asked for by a name the workbook doesn't have.
    SheetNotFound {
        name: String,
        available: Vec<String>,
    },
    /// The chosen sheet holds no cell with anything in it.
    SheetEmpty { sheet: String },
    /// A column mapping names a column the sheet doesn't have (it was made for another file).
    MappingColumnMissing { column: u32, columns: u32 },
    /// A contacts file holds no card.
    ContactsNoCards,
    /// No column of the sheet looks like phone numbers or emails, and it has more than one; the operator picks.
    NoMemberColumn { headers: Vec<String> },
    /// A column was named for a contacts file, which has none: its phones and emails are all read.
    ContactsHaveNoColumns,
}

/// The kind of file, as read from its bytes rather than its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export, rename = "ImportFileFormat")]
pub enum FileFormat {
    /// Delimited text: CSV, semicolon-separated, tab-separated "Unicode text".
    Text,
    Xlsx,
    Xlsb,
    Xls,
    Ods,
}

/// Something the importer did to a cell that the operator should be able to check in the preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "code")]
#[ts(export)]
pub enum ImportNote {
    /// The spreadsheet kept a phone number as a number (`15551234567.0`, `1.5551234567E+10`, a number cell);
    /// it was read back as its digits. A leading 0 or + the number once had is gone.
    NumberReadAsDigits {
        row: u32,
        column: String,
        original: String,
        digits: String,
    },
    /// The spreadsheet rounded a long number when it saved the file (`1.55512E+11`): its last digits are lost
    /// and can't be read back. The entry is left as it was, so the rules refuse it.
    NumberDigitsLost {
        row: u32,
        column: String,
        original: String,
    },
}

/// A group in the file that collides with another group in the same file, or with one this app created before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "code")]
#[ts(export)]
pub enum ImportConflict {
    /// The same members as the group on `other_rows`, without a chat GUID on either: Blooio refuses the second.
    SameMembersInFile { other_rows: Vec<u32> },
    /// The same chat GUID as the group on `other_rows`: a chat can be linked once.
    SameChatGuidInFile { other_rows: Vec<u32> },
    /// This app already created a group with these members (or this chat GUID).
    AlreadyCreated,
}
