//! The table every file becomes: rows of cells as text, whatever the file's format.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One cell as the spreadsheet shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, rename = "ImportCell")]
pub struct Cell {
    /// The cell's text. A number cell holds its shortest decimal form: `15551234567`, `2.5`, never an exponent.
    pub text: String,
    /// The workbook stored a number here (not text). Always false for delimited text, which has no types.
    pub number: bool,
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Self {
        Cell {
            text: text.into(),
            number: false,
        }
    }

    pub fn number(text: impl Into<String>) -> Self {
        Cell {
            text: text.into(),
            number: true,
        }
    }

    /// Nothing but spaces.
    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
}

/// One sheet. `rows[i]` is the row the spreadsheet numbers `i + 1`: empty rows are kept (as empty vectors) so
/// row numbers in the preview match what the operator sees. Rows may have different lengths.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Vec<Cell>>,
}

impl Sheet {
    /// The first row with something in it: the header, when the sheet has one. `(index into rows, cells)`.
    pub fn first_filled_row(&self) -> Option<(usize, &[Cell])> {
        self.rows
            .iter()
            .enumerate()
            .find(|(_, row)| row.iter().any(|cell| !cell.is_blank()))
            .map(|(index, row)| (index, row.as_slice()))
    }

    /// Columns in the widest row.
    pub fn width(&self) -> usize {
        self.rows.iter().map(Vec::len).max().unwrap_or(0)
    }

    /// The cell at `(row, column)`, 0-based; `None` past a row's end.
    pub fn cell(&self, row: usize, column: usize) -> Option<&Cell> {
        self.rows.get(row)?.get(column)
    }
}
