//! Files past the limits are refused before they cost memory, each with a sentence that says how to fix it:
//! zip bombs, lying counts, sheets whose few cells span millions, oversized files.

mod fixtures;

use blooio_import::{FileFormat, ImportProblem, Limits, Workbook};
use fixtures::{assert_unreadable, ods, ods_row, rezip, xls, xlsx, zip, XlsCell};

fn open(bytes: Vec<u8>, limits: &Limits) -> Result<blooio_import::Sheet, ImportProblem> {
    Workbook::open(bytes, limits).and_then(|book| book.into_sheet(None))
}

/// Sets every size field of `part` in the zip's local header and central directory to `size`: a bomb's
/// declaration, without the bytes.
fn declare_size(mut bytes: Vec<u8>, part: &str, size: u32) -> Vec<u8> {
    let name = part.as_bytes();
    for (signature, name_at, size_at) in [(b"PK\x03\x04", 30, 22), (b"PK\x01\x02", 46, 24)] {
        let mut i = 0;
        while let Some(found) = bytes[i..].windows(4).position(|w| w == signature) {
            let at = i + found;
            if bytes[at + name_at..].starts_with(name) {
                bytes[at + size_at..at + size_at + 4].copy_from_slice(&size.to_le_bytes());
            }
            i = at + 4;
        }
    }
    bytes
}

#[test]
fn a_zip_bomb_is_refused_by_its_declared_size() {
    let book = xlsx(&[("Groups", &[&["Group", "Phone"], &["A", "212-555-0100"]])]);
    let bomb = declare_size(book, "xl/worksheets/sheet1.xml", 0xFFFF_0000);
    let problem = open(bomb, &Limits::default()).unwrap_err();
    assert_eq!(
        problem,
        ImportProblem::WorkbookUnpacksTooLarge {
            declared_bytes: 0xFFFF_0000 + declared_rest(),
            max: Limits::default().max_unpacked_bytes,
        }
    );
    assert!(
        problem.to_string().contains("would unpack to 4095.9 MB"),
        "{problem}"
    );
    assert!(
        problem
            .to_string()
            .contains("Save it from your spreadsheet program"),
        "{problem}"
    );
}

/// What the other parts of the small workbook above declare.
fn declared_rest() -> u64 {
    let book = xlsx(&[("Groups", &[&["Group", "Phone"], &["A", "212-555-0100"]])]);
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(book)).unwrap();
    let mut sum = 0;
    for i in 0..archive.len() {
        let file = archive.by_index(i).unwrap();
        if file.name().unwrap() != "xl/worksheets/sheet1.xml" {
            sum += file.size();
        }
    }
    sum
}

#[test]
fn a_real_bomb_of_zeros_is_refused_before_it_is_inflated() {
    let zeros = vec![b' '; 8 << 20];
    let bytes = zip(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("xl/worksheets/sheet1.xml", &zeros),
    ]);
    assert!(bytes.len() < 64 * 1024, "{} bytes", bytes.len());
    let limits = Limits {
        max_unpacked_bytes: 4 << 20,
        ..Limits::default()
    };
    assert!(matches!(
        open(bytes, &limits),
        Err(ImportProblem::WorkbookUnpacksTooLarge { max, .. }) if max == 4 << 20
    ));
}

#[test]
fn a_lying_shared_string_count_is_refused() {
    // calamine reserves room for uniqueCount strings before reading one: this would ask for ~240 GB.
    let book = xlsx(&[("Groups", &[&["Group", "Phone"], &["A", "212-555-0100"]])]);
    let liar = rezip(&book, "xl/sharedStrings.xml", |xml| {
        let at = xml.find("uniqueCount=\"").unwrap() + "uniqueCount=\"".len();
        let end = at + xml[at..].find('"').unwrap();
        format!("{}9999999999{}", &xml[..at], &xml[end..])
    });
    assert!(matches!(
        open(liar, &Limits::default()),
        Err(ImportProblem::TooManyCells {
            cells: 9_999_999_999,
            ..
        })
    ));
}

#[test]
fn sparse_sheets_are_refused_at_the_first_cell_past_the_limits() {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "Group").unwrap();
    sheet.write_string(1_000_000, 0, "far away").unwrap();
    let tall = book.save_to_buffer().unwrap();
    assert_eq!(
        open(tall, &Limits::default()),
        Err(ImportProblem::TooManyRows {
            rows: 1_000_001,
            max: 200_000
        })
    );

    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for row in 0..300 {
        sheet.write_string(row, 16_000, "wide").unwrap();
    }
    let wide = book.save_to_buffer().unwrap();
    let problem = open(wide, &Limits::default()).unwrap_err();
    assert!(
        matches!(problem, ImportProblem::TooManyCells { .. }),
        "{problem:?}"
    );
    assert!(problem
        .to_string()
        .contains("Delete the columns and rows you don't need"));
}

#[test]
fn ods_repeats_are_counted_before_calamine_expands_them() {
    let cell =
        "<table:table-cell table:number-columns-repeated=\"16384\" office:value-type=\"string\">\
                <text:p>x</text:p></table:table-cell>";
    let bomb = ods(&[(
        "Groups",
        &format!(
            "<table:table-row table:number-rows-repeated=\"1000000\">{cell}</table:table-row>"
        ),
    )]);
    assert!(bomb.len() < 4096);
    assert!(matches!(
        open(bomb, &Limits::default()),
        Err(ImportProblem::TooManyCells { .. })
    ));
    // The same sheet without the repeats reads.
    assert!(open(
        ods(&[("Groups", &ods_row(&["Group", "Phone"]))]),
        &Limits::default()
    )
    .is_ok());
}

#[test]
fn xls_is_read_and_its_dense_ranges_are_bounded() {
    let small = xls(
        "Groups",
        &[
            XlsCell::Text(0, 0, "Group"),
            XlsCell::Text(0, 1, "Phone"),
            XlsCell::Text(1, 0, "Launch crew"),
            XlsCell::Number(1, 1, 12125550100.0),
        ],
    );
    let book = Workbook::open(small.clone(), &Limits::default()).unwrap();
    assert_eq!(book.format(), FileFormat::Xls);
    assert_eq!(book.sheet_names(), ["Groups"]);
    assert_eq!(
        fixtures::groups(small, None),
        vec![(vec![2], "Launch crew", None, vec!["+12125550100"])]
    );

    // Two cells at opposite corners: calamine would lay out 16.7 million.
    let corners = xls(
        "Groups",
        &[XlsCell::Number(0, 0, 1.0), XlsCell::Number(65535, 255, 1.0)],
    );
    assert_eq!(
        open(corners, &Limits::default()),
        Err(ImportProblem::TooManyCells {
            cells: 65536 * 256,
            max: 4_000_000
        })
    );
}

/// Found by fuzzing: a BOF record of one byte, which calamine 0.38 reads two bytes of (stopping the app, whose
/// release build aborts on a panic). Refused before calamine sees it.
#[test]
fn an_xls_with_a_record_too_short_for_calamine_is_refused() {
    let bytes = include_bytes!("../../../fuzz/corpus/importer/regression_xls_short_bof").to_vec();
    assert_unreadable(
        open(bytes, &Limits::default()),
        FileFormat::Xls,
        "too short",
    );
}

/// Found by fuzzing: a BoundSheet record pointing past the end of the workbook stream, which calamine slices from
/// without checking.
#[test]
fn an_xls_whose_sheet_starts_past_its_end_is_refused() {
    let bytes =
        include_bytes!("../../../fuzz/corpus/importer/regression_xls_sheet_past_end").to_vec();
    assert_unreadable(
        open(bytes, &Limits::default()),
        FileFormat::Xls,
        "past the end",
    );
}

/// Found by fuzzing: a compound file whose header lists a FAT sector past the end of the file. The `cfb` crate
/// reads its workbook stream without needing that sector; calamine 0.38's own reader would have followed it and
/// panicked. calamine is given the stream in a file written afresh, and reads it.
#[test]
fn an_xls_whose_compound_file_calamine_would_stop_on_is_read_from_a_clean_copy() {
    let bytes =
        include_bytes!("../../../fuzz/corpus/importer/regression_xls_fat_sector_past_end").to_vec();
    let outcome = std::panic::catch_unwind(|| open(bytes, &Limits::default()).map(|_| ()));
    assert!(outcome.is_ok(), "calamine panicked");
}

#[test]
fn a_password_protected_xlsx_says_so() {
    let encrypted = fixtures::compound_file("EncryptedPackage", b"not really");
    let problem = open(encrypted, &Limits::default()).unwrap_err();
    assert_eq!(problem, ImportProblem::WorkbookEncrypted);
    assert!(problem.to_string().contains("remove the password"));
}

#[test]
fn oversized_files_and_text() {
    let limits = Limits {
        max_file_bytes: 10,
        ..Limits::default()
    };
    let problem = open(b"Group,Phone\n".to_vec(), &limits).unwrap_err();
    assert_eq!(problem, ImportProblem::FileTooLarge { bytes: 12, max: 10 });
    assert!(problem
        .to_string()
        .contains("Split the groups into several files"));

    let dir = std::env::temp_dir().join(format!("blooio-import-limits-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("big.csv");
    std::fs::write(&path, b"Group,Phone\n").unwrap();
    assert!(matches!(
        Workbook::open_path(&path, &limits),
        Err(ImportProblem::FileTooLarge { bytes: 12, max: 10 })
    ));
    assert!(Workbook::open_path(&path, &Limits::default()).is_ok());
    assert!(matches!(
        Workbook::open_path(&dir.join("missing.csv"), &limits),
        Err(ImportProblem::FileUnreadable { .. })
    ));
    std::fs::remove_dir_all(&dir).unwrap();

    let rows = Limits {
        max_rows: 100,
        ..Limits::default()
    };
    let csv = "Group,Phone\n".to_owned() + &"A,1\n".repeat(100);
    assert_eq!(
        open(csv.into_bytes(), &rows),
        Err(ImportProblem::TooManyRows {
            rows: 101,
            max: 100
        })
    );
}
