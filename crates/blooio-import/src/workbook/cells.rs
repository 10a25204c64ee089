//! calamine's cells to the importer's table, within the row and cell limits.

use calamine::{Data, DataRef, Range};

use crate::limits::Limits;
use crate::problem::ImportProblem;
use crate::sheet::{Cell, Sheet};

/// Collects cells by position, in any order (a workbook needn't store them in order), refusing a sheet past the
/// limits as soon as one cell lands past them.
pub struct SheetBuilder {
    name: String,
    rows: Vec<Vec<Cell>>,
    /// Cells allocated so far, empty ones before a filled cell in its row included.
    cells: u64,
    limits: Limits,
}

impl SheetBuilder {
    pub fn new(name: &str, limits: &Limits) -> Self {
        SheetBuilder {
            name: name.to_owned(),
            rows: Vec::new(),
            cells: 0,
            limits: *limits,
        }
    }

    /// Places `cell` at the 0-based `(row, column)`. Empty cells are skipped: they cost nothing.
    pub fn put(&mut self, row: u32, column: u32, cell: Cell) -> Result<(), ImportProblem> {
        if cell.text.is_empty() {
            return Ok(());
        }
        if row >= self.limits.max_rows {
            return Err(ImportProblem::TooManyRows {
                rows: row.saturating_add(1),
                max: self.limits.max_rows,
            });
        }
        let (row, column) = (row as usize, column as usize);
        if self.rows.len() <= row {
            self.rows.resize_with(row + 1, Vec::new);
        }
        let cells = &mut self.rows[row];
        if cells.len() <= column {
            let added = (column + 1 - cells.len()) as u64;
            self.cells = self.cells.saturating_add(added);
            if self.cells > self.limits.max_cells {
                return Err(ImportProblem::TooManyCells {
                    cells: self.cells,
                    max: self.limits.max_cells,
                });
            }
            cells.resize_with(column + 1, Cell::default);
        }
        cells[column] = cell;
        Ok(())
    }

    /// Every filled cell of a range calamine has already built.
    pub fn put_range(&mut self, range: &Range<Data>) -> Result<(), ImportProblem> {
        let Some((top, left)) = range.start() else {
            return Ok(());
        };
        for (row, column, data) in range.used_cells() {
            let row = top.saturating_add(u32::try_from(row).unwrap_or(u32::MAX));
            let column = left.saturating_add(u32::try_from(column).unwrap_or(u32::MAX));
            self.put(row, column, from_data(data))?;
        }
        Ok(())
    }

    pub fn finish(self) -> Sheet {
        Sheet {
            name: self.name,
            rows: self.rows,
        }
    }
}

/// Text as the spreadsheet shows it. A float prints in its shortest exact decimal form without an exponent
/// (`15551234567`, `0.5`), so a phone number kept as a number keeps its digits.
pub fn from_data_ref(value: &DataRef<'_>) -> Cell {
    match value {
        DataRef::SharedString(text) => Cell::text(*text),
        DataRef::String(text) => Cell::text(text.as_str()),
        DataRef::Int(n) => Cell::number(n.to_string()),
        DataRef::Float(f) => Cell::number(f.to_string()),
        DataRef::Empty => Cell::default(),
        other => Cell::text(Data::from(other.clone()).to_string()),
    }
}

pub fn from_data(value: &Data) -> Cell {
    match value {
        Data::Int(n) => Cell::number(n.to_string()),
        Data::Float(f) => Cell::number(f.to_string()),
        other => Cell::text(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_their_digits() {
        let cases = [
            (Data::Float(15551234567.0), "15551234567", true),
            (Data::Float(447700900123.0), "447700900123", true),
            (Data::Float(0.5), "0.5", true),
            (Data::Int(42), "42", true),
            (Data::String("Ann".into()), "Ann", false),
            (Data::Bool(true), "true", false),
        ];
        for (data, text, number) in cases {
            let cell = from_data(&data);
            assert_eq!(
                (cell.text.as_str(), cell.number),
                (text, number),
                "{data:?}"
            );
        }
    }

    #[test]
    fn limits_stop_a_sheet_at_the_first_cell_past_them() {
        let limits = Limits {
            max_rows: 10,
            max_cells: 20,
            ..Limits::default()
        };
        let mut sheet = SheetBuilder::new("s", &limits);
        sheet.put(2, 1, Cell::text("b")).unwrap();
        sheet.put(0, 0, Cell::text("a")).unwrap();
        sheet.put(5, 0, Cell::text("")).unwrap();
        assert_eq!(
            sheet.put(10, 0, Cell::text("x")),
            Err(ImportProblem::TooManyRows { rows: 11, max: 10 })
        );
        assert_eq!(
            sheet.put(1, 30, Cell::text("x")),
            Err(ImportProblem::TooManyCells { cells: 34, max: 20 })
        );
        let sheet = sheet.finish();
        assert_eq!(sheet.rows.len(), 3);
        assert_eq!(sheet.rows[2], vec![Cell::default(), Cell::text("b")]);
    }
}
