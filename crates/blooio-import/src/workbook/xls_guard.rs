//! Walks an Excel 97–2003 workbook's records before calamine allocates its sheets.
//!
//! calamine reads every sheet of an .xls when it opens it and lays each out as a dense table from its first used
//! cell to its last: two cells at A1 and IV65536 cost 16 million slots, and a sheet's DIMENSIONS record is
//! trusted for a reservation (a lying one asks for more memory than exists). Cell records are small, so neither is
//! bounded by the file's size. This walks the same record stream from the same places calamine does (each sheet
//! starts where its BOUNDSHEET record points) and refuses a workbook whose sheets would exceed the cell limit. A
//! password-protected .xlsx is a compound file too; it is told apart here.
//!
//! calamine also reads some records at fixed places without checking their length (a BOF's version, a defined
//! name's formula, a MergeCells count) and its own compound-file reader follows sectors it never checked: in the
//! app, whose release build aborts on a panic, a damaged file would stop everything. Those records are checked
//! here, and calamine is given the workbook stream in a compound file written afresh (`check_xls`). Both were
//! found by fuzzing from an .xls seed (`fuzz/corpus/importer/regression_xls_*`).

use std::io::{Cursor, Read, Write};

use crate::limits::Limits;
use crate::problem::{FileFormat, ImportProblem};

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const BOUNDSHEET: u16 = 0x0085;
const DIMENSIONS: u16 = 0x0200;
const MULRK: u16 = 0x00BD;
const LBL: u16 = 0x0018;
const EXTERNSHEET: u16 = 0x0017;
const MERGECELLS: u16 = 0x00E5;
/// Workbook-globals records whose first u16 calamine reads without checking the length: FilePass, CodePage,
/// DateMode, BOF.
const U16_RECORDS: [(u16, &str); 4] = [
    (0x002F, "FilePass"),
    (0x0042, "CodePage"),
    (0x0022, "DateMode"),
    (BOF, "BOF"),
];
/// Records holding one cell whose row and column are the first two u16s: Number, Label, RString, BoolErr, RK,
/// LabelSst, Formula. (A String record is a formula's text value and takes the formula's position.)
const CELL_RECORDS: [u16; 7] = [0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x00FD, 0x0006];

/// Checks an .xls and returns what calamine is given: its workbook stream alone, in a compound file the `cfb`
/// crate writes afresh. calamine 0.38 reads compound files with a reader of its own that panics on some damaged
/// ones (a FAT sector listed past the end of the file, a chain that leaves the FAT; found by fuzzing), and in the
/// app a panic stops everything. The `cfb` crate has read the stream here, checking every chain on the way, and
/// writes a well-formed file around it; nothing else in the file is read by calamine for a workbook's cells.
pub fn check_xls(bytes: &[u8], limits: &Limits) -> Result<Vec<u8>, ImportProblem> {
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

    // The globals substream lists where each sheet starts. Records calamine indexes into without checking their
    // length are checked here as calamine would read them (a short one would stop the app, not return an error).
    let too_short = |name: &str| unreadable(format!("a {name} record is too short"));
    let mut sheet_starts = Vec::new();
    // calamine assumes BIFF8 until a BOF says otherwise, and reads each later record with the last BOF's version.
    let mut biff8 = true;
    for record in records(&workbook) {
        if let Some((_, name)) = U16_RECORDS.iter().find(|(kind, _)| *kind == record.kind) {
            if record.data.len() < 2 {
                return Err(too_short(name));
            }
        }
        match record.kind {
            BOF => biff8 = is_biff8(record.data),
            LBL => check_lbl(record.data, biff8).map_err(|()| too_short("Lbl (defined name)"))?,
            EXTERNSHEET if biff8 && record.data.len() < 2 => return Err(too_short("ExternSheet")),
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
        // calamine slices the stream from here without checking.
        let Some(sheet) = workbook.get(start..) else {
            return Err(unreadable(
                "a BoundSheet record points past the end of the workbook".to_owned(),
            ));
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
    rewritten(name, &workbook).map_err(|e| unreadable(e.to_string()))
}

/// `stream` as the only stream, named `name`, of a new compound file.
fn rewritten(name: &str, stream: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new()))?;
    file.create_stream(name)?.write_all(stream)?;
    file.flush()?;
    Ok(file.into_inner().into_inner())
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
            MERGECELLS => {
                // calamine reads the count, then that many 8-byte ranges, without checking the length.
                let fits = record.data.len() >= 2
                    && record.data.len() >= 2 + 8 * usize::from(u16_at(record.data, 0));
                if !fits {
                    return Err(unreadable("a MergeCells record is too short".to_owned()));
                }
            }
            MULRK if record.data.len() >= 6 => {
                let row = u16_at(record.data, 0);
                let first = u16_at(record.data, 2);
                let last = u16_at(record.data, record.data.len() - 2);
                // calamine subtracts these without checking.
                if last < first {
                    return Err(unreadable(
                        "a MulRk record ends before it starts".to_owned(),
                    ));
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

/// The version a BOF record gives, as calamine reads it: BIFF8 unless it names an earlier one.
fn is_biff8(data: &[u8]) -> bool {
    let version = u16_at(data, 0);
    let kind = if data.len() >= 4 { u16_at(data, 2) } else { 0 };
    match version {
        0x0200 | 0x0002 | 0x0007 | 0x0300 | 0x0400 | 0x0500 => false,
        0 => kind != 0x1000,
        _ => true,
    }
}

/// A defined name (Lbl) as calamine reads it when it opens the workbook: the name's length and its formula's length
/// at fixed places in the first 14 bytes, the formula as the record's last bytes, and, for a reference to another
/// sheet (the usual print area or named range), that reference's fields.
fn check_lbl(data: &[u8], biff8: bool) -> Result<(), ()> {
    if data.len() < 14 {
        return Err(());
    }
    let formula_len = usize::from(u16_at(data, 4));
    let formula = data
        .len()
        .checked_sub(formula_len)
        .map(|at| &data[at..])
        .ok_or(())?;
    let needed = match (formula.first(), biff8) {
        (None, _) => 0,
        // PtgRef3d, PtgArea3d, PtgRefErr3d and PtgAreaErr3d, in their three classes.
        (Some(0x3a | 0x5a | 0x7a), true) => 7,
        (Some(0x3a | 0x5a | 0x7a), false) => 18,
        (Some(0x3b | 0x5b | 0x7b), true) => 11,
        (Some(0x3b | 0x5b | 0x7b), false) => 21,
        (Some(0x3c | 0x5c | 0x7c | 0x3d | 0x5d | 0x7d), true) => 3,
        (Some(0x3c | 0x5c | 0x7c | 0x3d | 0x5d | 0x7d), false) => 13,
        (Some(_), _) => 0,
    };
    if formula.len() < needed {
        return Err(());
    }
    Ok(())
}

fn unreadable(detail: String) -> ImportProblem {
    ImportProblem::WorkbookUnreadable {
        format: FileFormat::Xls,
        detail,
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

    /// Each would stop calamine with an out-of-bounds read; here it is a workbook that can't be read.
    #[test]
    fn records_calamine_would_read_past_their_end_are_refused() {
        let limits = Limits::default();
        let merge = |count: u16, ranges: usize| {
            let mut data = count.to_le_bytes().to_vec();
            data.extend(vec![0u8; 8 * ranges]);
            [
                record(BOF, &[0; 16]),
                record(MERGECELLS, &data),
                record(EOF, &[]),
            ]
            .concat()
        };
        assert_eq!(sheet_cells(&merge(2, 2), &limits), Ok(0));
        assert!(matches!(
            sheet_cells(&merge(3, 2), &limits),
            Err(ImportProblem::WorkbookUnreadable { detail, .. }) if detail.contains("MergeCells")
        ));
        assert!(sheet_cells(
            &[record(BOF, &[0; 16]), record(MERGECELLS, &[1])].concat(),
            &limits
        )
        .is_err());

        // A defined name: 14 bytes of header, then the name, then its formula (its length at bytes 4–5).
        let lbl = |formula: &[u8], formula_len: u16| {
            let mut data = vec![0u8; 14];
            data[3] = 1;
            data[4..6].copy_from_slice(&formula_len.to_le_bytes());
            data.extend(b"\0A");
            data.extend(formula);
            data
        };
        // A print area (PtgArea3d) as BIFF8 writes it: 11 bytes.
        let area = [0x3b, 0, 0, 0, 0, 9, 0, 0, 0, 2, 0];
        assert_eq!(check_lbl(&lbl(&area, 11), true), Ok(()));
        assert_eq!(check_lbl(&lbl(&area[..7], 7), true), Err(()));
        // The BIFF5 form of the same token is longer.
        assert_eq!(check_lbl(&lbl(&area, 11), false), Err(()));
        assert_eq!(check_lbl(&lbl(&[], 0), true), Ok(()));
        // A formula longer than the record.
        assert_eq!(check_lbl(&lbl(&area, 200), true), Err(()));
        assert_eq!(check_lbl(&[0u8; 13], true), Err(()));

        assert!(is_biff8(&[0x00, 0x06]));
        assert!(!is_biff8(&[0x00, 0x05, 0x10, 0x00]));
        assert!(!is_biff8(&[0x00, 0x00, 0x00, 0x10]));
        assert!(is_biff8(&[0x00, 0x00, 0x05, 0x00]));
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
