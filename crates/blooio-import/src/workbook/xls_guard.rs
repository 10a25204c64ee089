//! Walks an Excel 97–2003 workbook's records before calamine allocates its sheets.
//!
//! calamine reads every sheet of an .xls when it opens it and lays each out as a dense table from its first used
//! cell to its last: two cells at A1 and IV65536 cost 16 million slots, and a sheet's DIMENSIONS record is
//! trusted for a reservation (a lying one asks for more memory than exists). Cell records are small, so neither is
//! bounded by the file's size. This walks the same record stream from the same places calamine does (each sheet
//! starts where its BOUNDSHEET record points) and refuses a workbook whose sheets would exceed the cell limit. A
//! password-protected .xlsx is a compound file too; it is told apart here.

use std::io::{Cursor, Read};

use crate::limits::Limits;
use crate::problem::{FileFormat, ImportProblem};

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const BOUNDSHEET: u16 = 0x0085;
const DIMENSIONS: u16 = 0x0200;
const MULRK: u16 = 0x00BD;
/// Records holding one cell whose row and column are the first two u16s: Number, Label, RString, BoolErr, RK,
/// LabelSst, Formula. (A String record is a formula's text value and takes the formula's position.)
const CELL_RECORDS: [u16; 7] = [0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x00FD, 0x0006];

pub fn check_xls(bytes: &[u8], limits: &Limits) -> Result<(), ImportProblem> {
    let unreadable = |detail: String| ImportProblem::WorkbookUnreadable {
        format: FileFormat::Xls,
        detail,
    };
    let mut file =
        cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| unreadable(e.to_string()))?;
    if file.exists("EncryptedPackage") {
        return Err(ImportProblem::WorkbookEncrypted);
    }
    let name = ["Workbook", "Book"]
        .into_iter()
        .find(|name| file.is_stream(name))
        .ok_or_else(|| unreadable("no Workbook stream".to_owned()))?;
    let stream = file
        .open_stream(name)
        .map_err(|e| unreadable(e.to_string()))?;
    // The stream's declared length is bounded by the file's size (sectors of the file itself).
    let mut workbook = Vec::new();
    stream
        .take(bytes.len() as u64 + 1)
        .read_to_end(&mut workbook)
        .map_err(|e| unreadable(e.to_string()))?;

    // The globals substream lists where each sheet starts.
    let mut sheet_starts = Vec::new();
    for record in records(&workbook) {
        match record.kind {
            BOUNDSHEET => {
                // calamine indexes the first 8 bytes (position, state, type, name length) without checking.
                if record.data.len() < 8 {
                    return Err(unreadable("a BoundSheet record is too short".to_owned()));
                }
                let at = u32::from_le_bytes([
                    record.data[0],
                    record.data[1],
                    record.data[2],
                    record.data[3],
                ]);
                sheet_starts.push(at as usize);
            }
            EOF => break,
            _ => {}
        }
    }

    let mut total: u64 = 0;
    for start in sheet_starts {
        let Some(sheet) = workbook.get(start..) else {
            continue;
        };
        let cells = sheet_cells(sheet, limits)?;
        total = total.saturating_add(cells);
        if total > limits.max_cells {
            return Err(ImportProblem::TooManyCells {
                cells: total,
                max: limits.max_cells,
            });
        }
    }
    Ok(())
}

/// The dense table calamine builds for the sheet starting at `sheet`: its bounding box, in cells.
fn sheet_cells(sheet: &[u8], limits: &Limits) -> Result<u64, ImportProblem> {
    let too_many = |cells: u64| ImportProblem::TooManyCells {
        cells,
        max: limits.max_cells,
    };
    let mut bounds: Option<(u32, u32, u32, u32)> = None;
    let mut include = |row: u32, column: u32| {
        bounds = Some(match bounds {
            None => (row, row, column, column),
            Some((r0, r1, c0, c1)) => (r0.min(row), r1.max(row), c0.min(column), c1.max(column)),
        });
    };
    let mut depth = 0usize;
    for record in records(sheet) {
        match record.kind {
            BOF => depth += 1,
            EOF => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    break;
                }
            }
            DIMENSIONS => {
                let cells = dimensions_cells(record.data).ok_or_else(|| too_many(u64::MAX))?;
                if cells > limits.max_cells {
                    return Err(too_many(cells));
                }
            }
            MULRK if record.data.len() >= 6 => {
                let row = u16_at(record.data, 0);
                let first = u16_at(record.data, 2);
                let last = u16_at(record.data, record.data.len() - 2);
                // calamine subtracts these without checking.
                if last < first {
                    return Err(ImportProblem::WorkbookUnreadable {
                        format: FileFormat::Xls,
                        detail: "a MulRk record ends before it starts".to_owned(),
                    });
                }
                include(row.into(), first.into());
                include(row.into(), last.into());
            }
            kind if CELL_RECORDS.contains(&kind) && record.data.len() >= 4 => {
                include(u16_at(record.data, 0).into(), u16_at(record.data, 2).into());
            }
            _ => {}
        }
    }
    Ok(bounds.map_or(0, |(r0, r1, c0, c1)| {
        u64::from(r1 - r0 + 1).saturating_mul(u64::from(c1 - c0 + 1))
    }))
}

/// What calamine reserves for a DIMENSIONS record, or `None` where its arithmetic would overflow.
fn dimensions_cells(data: &[u8]) -> Option<u64> {
    let (first_row, last_row, mut first_col, last_col) = match data.len() {
        10 => (
            u32::from(u16_at(data, 0)),
            u32::from(u16_at(data, 2)),
            u32::from(u16_at(data, 4)),
            u32::from(u16_at(data, 6)),
        ),
        14 | 16 => (
            u32::from_le_bytes([data[0], data[1], data[2], data[3]]),
            u32::from_le_bytes([data[4], data[5], data[6], data[7]]),
            u32::from(u16_at(data, 8)),
            u32::from(u16_at(data, 10)),
        ),
        // calamine refuses other lengths itself.
        _ => return Some(0),
    };
    if 0xFF < first_col || last_col < first_col {
        first_col = 0;
    }
    if last_row >= 1 && last_col >= 1 {
        let rows = (last_row - 1).checked_sub(first_row)?.checked_add(1)?;
        let cols = (last_col - 1).checked_sub(first_col)?.checked_add(1)?;
        Some(u64::from(rows) * u64::from(cols))
    } else {
        Some(1)
    }
}

fn u16_at(data: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([data[at], data[at + 1]])
}

struct Record<'a> {
    kind: u16,
    data: &'a [u8],
}

/// BIFF records: a u16 type, a u16 length, the data. Stops at the first record that runs past the end.
fn records(mut stream: &[u8]) -> impl Iterator<Item = Record<'_>> {
    std::iter::from_fn(move || {
        if stream.len() < 4 {
            return None;
        }
        let kind = u16_at(stream, 0);
        let len = usize::from(u16_at(stream, 2));
        let data = stream.get(4..4 + len)?;
        stream = &stream[4 + len..];
        Some(Record { kind, data })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: u16, data: &[u8]) -> Vec<u8> {
        let mut out = kind.to_le_bytes().to_vec();
        out.extend((data.len() as u16).to_le_bytes());
        out.extend(data);
        out
    }

    fn number(row: u16, col: u16) -> Vec<u8> {
        let mut data = row.to_le_bytes().to_vec();
        data.extend(col.to_le_bytes());
        data.extend([0u8; 10]);
        record(0x0203, &data)
    }

    #[test]
    fn bounding_box_of_a_sheet() {
        let limits = Limits {
            max_cells: 1000,
            ..Limits::default()
        };
        let small = [
            record(BOF, &[0; 16]),
            number(0, 0),
            number(9, 3),
            record(EOF, &[]),
        ]
        .concat();
        assert_eq!(sheet_cells(&small, &limits), Ok(40));
        let corners = [
            record(BOF, &[0; 16]),
            number(0, 0),
            number(65535, 255),
            record(EOF, &[]),
        ]
        .concat();
        assert_eq!(sheet_cells(&corners, &limits), Ok(65536 * 256));
        // A chart inside the sheet doesn't end it.
        let nested = [
            record(BOF, &[0; 16]),
            record(BOF, &[0; 16]),
            record(EOF, &[]),
            number(4, 0),
            record(EOF, &[]),
            number(60000, 0),
        ]
        .concat();
        assert_eq!(sheet_cells(&nested, &limits), Ok(1));
    }

    #[test]
    fn dimensions_are_checked_as_calamine_computes_them() {
        let biff8 = |rf: u32, rl: u32, cf: u16, cl: u16| {
            let mut d = rf.to_le_bytes().to_vec();
            d.extend(rl.to_le_bytes());
            d.extend(cf.to_le_bytes());
            d.extend(cl.to_le_bytes());
            d.extend([0, 0]);
            d
        };
        assert_eq!(dimensions_cells(&biff8(0, 10, 0, 4)), Some(40));
        assert_eq!(
            dimensions_cells(&biff8(0, u32::MAX, 0, 256)),
            Some(u64::from(u32::MAX) * 256)
        );
        assert_eq!(dimensions_cells(&biff8(20, 10, 0, 4)), None);
        assert_eq!(dimensions_cells(&biff8(0, 0, 0, 0)), Some(1));
    }
}
