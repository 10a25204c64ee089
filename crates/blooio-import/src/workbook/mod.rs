//! Workbooks (xlsx, xlsb, xls, ods) through calamine, checked first by the guards beside this file.

mod cells;
mod ods_guard;
mod xls_guard;
mod xlsb_guard;
mod zip_guard;

use std::io::Cursor;

use calamine::{Ods, Reader, Xls, Xlsb, Xlsx};

use crate::limits::Limits;
use crate::problem::{FileFormat, ImportProblem};
use crate::sheet::Sheet;

pub use cells::SheetBuilder;
use zip_guard::unreadable;

/// The compound-file signature: .xls, and .xlsx saved with a password.
const CFB_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// An open workbook whose sheets are read one at a time, on request.
pub enum Book {
    Xlsx(Xlsx<Cursor<Vec<u8>>>),
    Xlsb(Xlsb<Cursor<Vec<u8>>>),
    Xls(Xls<Cursor<Vec<u8>>>),
    Ods(Ods<Cursor<Vec<u8>>>),
}

pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

pub fn is_compound_file(bytes: &[u8]) -> bool {
    bytes.starts_with(&CFB_MAGIC)
}

/// Checks `bytes` with the guards, then opens it with calamine. `bytes` is a zip or a compound file.
pub fn open_book(bytes: Vec<u8>, limits: &Limits) -> Result<(FileFormat, Book), ImportProblem> {
    let (format, bytes) = if is_compound_file(&bytes) {
        (FileFormat::Xls, xls_guard::check_xls(&bytes, limits)?)
    } else {
        match zip_guard::check_zip(&bytes, limits)?.0 {
            FileFormat::Xlsb => (FileFormat::Xlsb, xlsb_guard::rewritten(&bytes)?),
            format => (format, bytes),
        }
    };
    let cursor = Cursor::new(bytes);
    let book = match format {
        FileFormat::Xlsx => {
            Book::Xlsx(Xlsx::new(cursor).map_err(|e| calamine_problem(format, e.into()))?)
        }
        FileFormat::Xlsb => {
            Book::Xlsb(Xlsb::new(cursor).map_err(|e| calamine_problem(format, e.into()))?)
        }
        FileFormat::Xls => {
            Book::Xls(Xls::new(cursor).map_err(|e| calamine_problem(format, e.into()))?)
        }
        FileFormat::Ods => {
            Book::Ods(Ods::new(cursor).map_err(|e| calamine_problem(format, e.into()))?)
        }
        FileFormat::Text => return Err(ImportProblem::FormatNotRecognised),
    };
    Ok((format, book))
}

impl Book {
    pub fn sheet_names(&self) -> Vec<String> {
        match self {
            Book::Xlsx(book) => book.sheet_names(),
            Book::Xlsb(book) => book.sheet_names(),
            Book::Xls(book) => book.sheet_names(),
            Book::Ods(book) => book.sheet_names(),
        }
    }

    /// Reads one sheet into a table. xlsx and xlsb are streamed cell by cell, so the limits stop a huge sheet
    /// early; xls and ods were read (within the guards' limits) when the file was opened.
    pub fn read_sheet(&mut self, name: &str, limits: &Limits) -> Result<Sheet, ImportProblem> {
        let mut sheet = SheetBuilder::new(name, limits);
        match self {
            Book::Xlsx(book) => {
                let problem = |e: calamine::XlsxError| calamine_problem(FileFormat::Xlsx, e.into());
                let mut reader = book.worksheet_cells_reader(name).map_err(problem)?;
                while let Some(cell) = reader.next_cell().map_err(problem)? {
                    let (row, column) = cell.get_position();
                    sheet.put(row, column, cells::from_data_ref(cell.get_value()))?;
                }
            }
            Book::Xlsb(book) => {
                let problem = |e: calamine::XlsbError| calamine_problem(FileFormat::Xlsb, e.into());
                let mut reader = book.worksheet_cells_reader(name).map_err(problem)?;
                while let Some(cell) = reader.next_cell().map_err(problem)? {
                    let (row, column) = cell.get_position();
                    sheet.put(row, column, cells::from_data_ref(cell.get_value()))?;
                }
            }
            Book::Xls(book) => {
                let range = book
                    .worksheet_range(name)
                    .map_err(|e| calamine_problem(FileFormat::Xls, e.into()))?;
                sheet.put_range(&range)?;
            }
            Book::Ods(book) => {
                let range = book
                    .worksheet_range(name)
                    .map_err(|e| calamine_problem(FileFormat::Ods, e.into()))?;
                sheet.put_range(&range)?;
            }
        }
        Ok(sheet.finish())
    }
}

fn calamine_problem(format: FileFormat, error: calamine::Error) -> ImportProblem {
    use calamine::Error;
    match &error {
        Error::Xlsx(calamine::XlsxError::Password)
        | Error::Xlsb(calamine::XlsbError::Password)
        | Error::Xls(calamine::XlsError::Password)
        | Error::Ods(calamine::OdsError::Password) => ImportProblem::WorkbookEncrypted,
        Error::Ods(calamine::OdsError::CellLimitExceeded { requested, max }) => {
            ImportProblem::TooManyCells {
                cells: *requested as u64,
                max: *max as u64,
            }
        }
        _ => unreadable(format, &error),
    }
}
