//! Excel binary workbooks (.xlsb): read as Excel writes them, and damaged ones refused (or read) without calamine
//! ever panicking, which in the app's release build would stop everything (src/workbook/xlsb_guard.rs).

mod fixtures;

use std::panic::{catch_unwind, AssertUnwindSafe};

use blooio_import::{FileFormat, ImportProblem, Limits, Sheet, Workbook};
use fixtures::{biff12, wide, xlsb, xlsb_parts, xlsb_zip};

const ROWS: &[&[&str]] = &[&["Group", "Phone"], &["Launch crew", "+1 212 555 0100"]];

/// Opens `bytes` and reads its first sheet, as the app does; a panic fails the test instead of being returned.
fn read(bytes: Vec<u8>) -> Result<Sheet, ImportProblem> {
    catch_unwind(AssertUnwindSafe(|| {
        Workbook::open(bytes, &Limits::default()).and_then(|book| book.into_sheet(None))
    }))
    .unwrap_or_else(|_| panic!("the reader panicked"))
}

/// The workbook's parts with `part` replaced by `edit(its content)`.
fn damaged(part: &str, edit: impl Fn(&[u8]) -> Vec<u8>) -> Vec<u8> {
    let mut parts = xlsb_parts("Groups", ROWS);
    let (_, content) = parts
        .iter_mut()
        .find(|(name, _)| name == part)
        .unwrap_or_else(|| panic!("no part {part}"));
    *content = edit(content);
    xlsb_zip(&parts)
}

fn assert_unreadable(bytes: Vec<u8>, why: &str) {
    fixtures::assert_unreadable(read(bytes), FileFormat::Xlsb, why);
}

#[test]
fn an_xlsb_is_read() {
    let book = Workbook::open(xlsb("Groups", ROWS), &Limits::default()).unwrap();
    assert_eq!(book.format(), FileFormat::Xlsb);
    assert_eq!(book.sheet_names(), ["Groups"]);
    assert_eq!(
        fixtures::groups(xlsb("Groups", ROWS), None),
        vec![(vec![2], "Launch crew", None, vec!["+12125550100"])]
    );
}

#[test]
fn a_sheet_whose_part_is_not_listed_is_refused() {
    let bytes = damaged("xl/_rels/workbook.bin.rels", |rels| {
        String::from_utf8_lossy(rels)
            .replace("rId1", "rId7")
            .into_bytes()
    });
    assert_unreadable(bytes, "has no part");
}

#[test]
fn a_cell_naming_a_shared_string_that_is_not_there_is_refused() {
    // Two strings used, one declared.
    let bytes = damaged("xl/sharedStrings.bin", |_| {
        let mut part = biff12(0x009F, &[1, 0, 0, 0, 1, 0, 0, 0]);
        let mut item = vec![0u8];
        item.extend(wide("Group"));
        part.extend(biff12(0x0013, &item));
        part
    });
    assert_unreadable(bytes, "shared string");
}

#[test]
fn records_too_short_for_what_is_read_from_them_are_refused() {
    let empty_properties = damaged("xl/workbook.bin", |workbook| {
        [biff12(0x0099, &[]), workbook.to_vec()].concat()
    });
    assert_unreadable(empty_properties, "workbook properties");

    let short_sheet = damaged("xl/workbook.bin", |_| {
        [
            biff12(0x009C, &[0; 10]),
            biff12(0x0090, &[]),
            biff12(0x009D, &[]),
        ]
        .concat()
    });
    assert_unreadable(short_sheet, "sheet record is too short");

    let short_strings = damaged("xl/sharedStrings.bin", |_| biff12(0x009F, &[1, 0, 0, 0]));
    assert_unreadable(short_strings, "shared strings record");

    let short_dimensions = damaged("xl/worksheets/sheet1.bin", |_| {
        [
            biff12(0x0094, &[0; 8]),
            biff12(0x0091, &[]),
            biff12(0x0092, &[]),
        ]
        .concat()
    });
    assert_unreadable(short_dimensions, "dimensions");

    let mut parts = xlsb_parts("Groups", ROWS);
    parts.push(("xl/styles.bin".to_owned(), biff12(0x0267, &[1, 0])));
    assert_unreadable(xlsb_zip(&parts), "styles record");
}

/// A defined name (a print area, say) whose formula ends before its reference does: calamine parses names when it
/// opens a workbook, and the importer never uses them, so they are left out and the cells read.
#[test]
fn a_damaged_defined_name_does_not_stop_the_cells_being_read() {
    let bytes = damaged("xl/workbook.bin", |workbook| {
        let end = workbook.len() - biff12(0x009D, &[0; 4]).len();
        let mut name = vec![0u8; 9];
        name.extend(wide("Print_Area"));
        name.extend(3u32.to_le_bytes());
        name.extend([0x3a, 0, 0]);
        [
            workbook[..end].to_vec(),
            biff12(0x0027, &name),
            biff12(0x009D, &[0; 4]),
        ]
        .concat()
    });
    let sheet = read(bytes).unwrap();
    assert_eq!(sheet.rows.len(), 2);
}
