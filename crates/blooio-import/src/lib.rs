//! Reads the files operators keep their groups in — CSV and tab-separated text in the encodings spreadsheet
//! programs write, xlsx, xlsb, xls, ods — and vCard contacts, and previews the groups with the core's rules.
//!
//! ```text
//! bytes ─ Workbook::open ─ sheet_names / into_sheet ─ Sheet ─ suggest_mapping_for (or the operator's
//!   ColumnMapping) ─ apply ─ [ImportedGroup] ─ preview (blooio_core's DraftChecker) ─ Preview
//! ```
//! Nothing here knows about Tauri; the app and the CLI share it. Files are refused with an [`ImportProblem`] past
//! the [`Limits`], before they can exhaust memory.

pub mod columns;
pub mod contacts;
mod english;
pub mod limits;
mod members_file;
pub mod numbers;
pub mod preview;
pub mod problem;
pub mod sheet;
pub mod text;
mod workbook;

use std::io::Read;
use std::path::Path;

pub use columns::headers::{recognise, ColumnRole};
pub use columns::mapping::{
    apply, suggest_mapping, suggest_mapping_for, ColumnMapping, ImportedGroup, Layout,
};
pub use contacts::{read_vcards, ContactEntry, ContactKind};
pub use english::column_letter;
pub use limits::Limits;
pub use members_file::{
    member_sheet, members_file, FoundMembers, MemberColumn, MemberSheet, MembersFile, MembersSource,
};
pub use preview::{participant_key, preview, GroupStatus, Preview, PreviewCounts, PreviewGroup};
pub use problem::{FileFormat, ImportConflict, ImportNote, ImportProblem};
pub use sheet::{Cell, Sheet};

use workbook::Book;

/// The bytes of the file at `path`, refused by its size before a byte is read.
pub fn read_file(path: &Path, limits: &Limits) -> Result<Vec<u8>, ImportProblem> {
    let unreadable = |error: std::io::Error| ImportProblem::FileUnreadable {
        detail: error.to_string(),
    };
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let size = file.metadata().map_err(unreadable)?.len();
    if size > limits.max_file_bytes {
        return Err(ImportProblem::FileTooLarge {
            bytes: size,
            max: limits.max_file_bytes,
        });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    // The file may grow between the size check and the read; the read stops past the limit either way.
    file.take(limits.max_file_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    Ok(bytes)
}

/// A file opened for import: its sheets' names now, a sheet's cells on request.
pub struct Workbook {
    format: FileFormat,
    sheet_names: Vec<String>,
    /// For text: the encoding it was read as (`"UTF-8"`, `"windows-1252"`, `"UTF-16LE"`).
    encoding: Option<&'static str>,
    source: Source,
    limits: Limits,
}

enum Source {
    Text(Sheet),
    Book(Box<Book>),
}

impl Workbook {
    /// Reads `bytes` as whatever they are (the file name is not trusted: Excel happily saves text as `.xls`).
    pub fn open(bytes: Vec<u8>, limits: &Limits) -> Result<Workbook, ImportProblem> {
        if bytes.is_empty() {
            return Err(ImportProblem::FileEmpty);
        }
        let size = bytes.len() as u64;
        if size > limits.max_file_bytes {
            return Err(ImportProblem::FileTooLarge {
                bytes: size,
                max: limits.max_file_bytes,
            });
        }
        if workbook::is_zip(&bytes) || workbook::is_compound_file(&bytes) {
            let (format, book) = workbook::open_book(bytes, limits)?;
            let sheet_names = book.sheet_names();
            if sheet_names.is_empty() {
                return Err(ImportProblem::NoSheets);
            }
            return Ok(Workbook {
                format,
                sheet_names,
                encoding: None,
                source: Source::Book(Box::new(book)),
                limits: *limits,
            });
        }
        let decoded = text::encoding::decode(&bytes);
        // Text has no NUL characters; a PDF, an image or a Word file does.
        if decoded.text.contains('\0') {
            return Err(ImportProblem::FormatNotRecognised);
        }
        let sheet = text::delimited::read_delimited(&decoded.text, text::TEXT_SHEET_NAME, limits)?;
        Ok(Workbook {
            format: FileFormat::Text,
            sheet_names: vec![sheet.name.clone()],
            encoding: Some(decoded.encoding),
            source: Source::Text(sheet),
            limits: *limits,
        })
    }

    /// Reads the file at `path`, refusing it by its size before reading a byte.
    pub fn open_path(path: &Path, limits: &Limits) -> Result<Workbook, ImportProblem> {
        Workbook::open(read_file(path, limits)?, limits)
    }

    pub fn format(&self) -> FileFormat {
        self.format
    }

    /// In workbook order; a text file has one, [`text::TEXT_SHEET_NAME`].
    pub fn sheet_names(&self) -> &[String] {
        &self.sheet_names
    }

    pub fn text_encoding(&self) -> Option<&'static str> {
        self.encoding
    }

    /// The sheet named `name`, or the first. A sheet with nothing in it is `SheetEmpty`.
    pub fn sheet(&mut self, name: Option<&str>) -> Result<Sheet, ImportProblem> {
        let name = self.resolve(name)?;
        let sheet = match &mut self.source {
            Source::Text(sheet) => sheet.clone(),
            Source::Book(book) => book.read_sheet(&name, &self.limits)?,
        };
        non_empty(sheet)
    }

    /// As [`Workbook::sheet`], without copying a text file's table.
    pub fn into_sheet(self, name: Option<&str>) -> Result<Sheet, ImportProblem> {
        let name = self.resolve(name)?;
        let sheet = match self.source {
            Source::Text(sheet) => sheet,
            Source::Book(mut book) => book.read_sheet(&name, &self.limits)?,
        };
        non_empty(sheet)
    }

    fn resolve(&self, name: Option<&str>) -> Result<String, ImportProblem> {
        match name {
            None => self
                .sheet_names
                .first()
                .cloned()
                .ok_or(ImportProblem::NoSheets),
            Some(name) if self.sheet_names.iter().any(|n| n == name) => Ok(name.to_owned()),
            Some(name) => Err(ImportProblem::SheetNotFound {
                name: name.to_owned(),
                available: self.sheet_names.clone(),
            }),
        }
    }
}

fn non_empty(sheet: Sheet) -> Result<Sheet, ImportProblem> {
    if sheet.first_filled_row().is_none() {
        return Err(ImportProblem::SheetEmpty { sheet: sheet.name });
    }
    Ok(sheet)
}
