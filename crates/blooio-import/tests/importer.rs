//! The importer table: the same groups saved the ways real tools save them, each read back exactly.

mod fixtures;

use blooio_import::{
    apply, preview, suggest_mapping_for, FileFormat, GroupStatus, ImportNote, ImportProblem,
    Layout, Limits, Workbook,
};
use fixtures::{groups, ods, ods_row, utf16le, utf8_bom, windows_1252, xlsx, Expected};

/// Four groups: a member list with a comma and a line break, a name with a comma, a non-ASCII name, a chat GUID.
fn the_groups(rows: [u32; 4]) -> Vec<Expected> {
    vec![
        (
            vec![rows[0]],
            "Launch crew",
            None,
            vec!["+12125550100", "ann@example.com"],
        ),
        (
            vec![rows[1]],
            "Parents, class 3B",
            None,
            vec!["+12125550101", "bob@example.com"],
        ),
        (vec![rows[2]], "Zoë's team", None, vec!["+442079460958"]),
        (
            vec![rows[3]],
            "Linked",
            Some("iMessage;+;chat123"),
            vec!["+12125550102"],
        ),
    ]
}

const COMMA_CSV: &str = "Group name,Members,Chat GUID\n\
    Launch crew,\"212-555-0100, ann@example.com\",\n\
    \"Parents, class 3B\",\"(212) 555-0101\nbob@example.com\",\n\
    Zoë's team,+44 20 7946 0958,\n\
    Linked,212-555-0102,iMessage;+;chat123\n";

#[test]
fn one_group_per_row_in_every_encoding_and_separator() {
    let excel_semicolon = "Group name;Members;Chat GUID\r\n\
        Launch crew;212-555-0100, ann@example.com;\r\n\
        \"Parents, class 3B\";\"(212) 555-0101\nbob@example.com\";\r\n\
        Zoë's team;+44 20 7946 0958;\r\n\
        Linked;1,2125550102E+10;\"iMessage;+;chat123\"\r\n";
    let unicode_text = "Group name\tMembers\tChat GUID\r\n\
        Launch crew\t212-555-0100, ann@example.com\t\r\n\
        Parents, class 3B\t\"(212) 555-0101\nbob@example.com\"\t\r\n\
        Zoë's team\t+44 20 7946 0958\t\r\n\
        Linked\t12125550102\tiMessage;+;chat123\r\n";
    // Google Sheets: CRLF, quotes only where needed; Numbers: LF, everything quoted.
    let google = COMMA_CSV
        .replace('\n', "\r\n")
        .replacen("0101\r\nbob", "0101\nbob", 1);
    let numbers = "\"Group name\",\"Members\",\"Chat GUID\"\n\
        \"Launch crew\",\"212-555-0100, ann@example.com\",\"\"\n\
        \"Parents, class 3B\",\"(212) 555-0101\nbob@example.com\",\"\"\n\
        \"Zoë's team\",\"+44 20 7946 0958\",\"\"\n\
        \"Linked\",\"12125550102.0\",\"iMessage;+;chat123\"\n";
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("UTF-8, comma", COMMA_CSV.as_bytes().to_vec(), "UTF-8"),
        (
            "UTF-8 with BOM (Excel: CSV UTF-8)",
            utf8_bom(COMMA_CSV),
            "UTF-8",
        ),
        (
            "Windows-1252, semicolon (Excel, European locale)",
            windows_1252(excel_semicolon),
            "windows-1252",
        ),
        (
            "UTF-16 LE, tab (Excel: Unicode text)",
            utf16le(unicode_text),
            "UTF-16LE",
        ),
        ("Google Sheets", google.into_bytes(), "UTF-8"),
        ("Numbers", numbers.as_bytes().to_vec(), "UTF-8"),
    ];
    for (what, bytes, encoding) in cases {
        let book = Workbook::open(bytes.clone(), &Limits::default()).unwrap();
        assert_eq!(book.format(), FileFormat::Text, "{what}");
        assert_eq!(book.text_encoding(), Some(encoding), "{what}");
        assert_eq!(groups(bytes, None), the_groups([2, 3, 4, 5]), "{what}");
    }
}

#[test]
fn one_member_per_row_is_gathered_into_groups_in_first_seen_order() {
    // Merged cells keep the group's name in their first row only: an empty name continues the group above.
    let csv = "Group,First name,Phone,Email\n\
        Launch crew,Ann,212-555-0100,\n\
        Zoë's team,Zoë,+44 20 7946 0958,\n\
        Launch crew,,,ann@example.com\n\
        \n\
        Parents,Bob,(212) 555-0101,\n\
        ,,,bob@example.com\n";
    assert_eq!(
        groups(csv.as_bytes().to_vec(), None),
        vec![
            (
                vec![2, 4],
                "Launch crew",
                None,
                vec!["+12125550100", "ann@example.com"]
            ),
            (vec![3], "Zoë's team", None, vec!["+442079460958"]),
            (
                vec![6, 7],
                "Parents",
                None,
                vec!["+12125550101", "bob@example.com"]
            ),
        ]
    );
}

#[test]
fn several_member_columns() {
    let csv = "Name,Phone 1,Phone 2,E-mail\n\
        Launch crew,212-555-0100,,ann@example.com\n\
        Parents,(212) 555-0101,212 555 0102,\n";
    assert_eq!(
        groups(csv.as_bytes().to_vec(), None),
        vec![
            (
                vec![2],
                "Launch crew",
                None,
                vec!["+12125550100", "ann@example.com"]
            ),
            (
                vec![3],
                "Parents",
                None,
                vec!["+12125550101", "+12125550102"]
            ),
        ]
    );
}

#[test]
fn xlsx_with_numbers_kept_as_numbers_and_a_sheet_choice() {
    let notes: &[&[&str]] = &[&["Nothing to see"]];
    let rows: &[&[&str]] = &[
        &["Group", "Phone 1", "Phone 2", "Email", "Chat ID"],
        &["Launch crew", "#12125550100", "", "ann@example.com", ""],
        &[
            "Parents, class 3B",
            "(212) 555-0101",
            "",
            "bob@example.com",
            "",
        ],
        &["Zoë's team", "+44 20 7946 0958", "", "", ""],
        &["Linked", "", "#12125550102", "", "iMessage;+;chat123"],
    ];
    let bytes = xlsx(&[("Notes", notes), ("Groups", rows)]);
    let book = Workbook::open(bytes.clone(), &Limits::default()).unwrap();
    assert_eq!(book.format(), FileFormat::Xlsx);
    assert_eq!(book.sheet_names(), ["Notes", "Groups"]);
    assert_eq!(
        groups(bytes.clone(), Some("Groups")),
        the_groups([2, 3, 4, 5])
    );

    // The preview says which cells were numbers.
    let sheet = fixtures::sheet(bytes, Some("Groups"));
    let imported = apply(&sheet, &suggest_mapping_for(&sheet).unwrap());
    assert_eq!(
        imported[0].notes,
        vec![ImportNote::NumberReadAsDigits {
            row: 2,
            column: "Phone 1".into(),
            original: "12125550100".into(),
            digits: "12125550100".into(),
        }]
    );
    let checked = preview(imported.clone(), "US", &|_| false);
    let statuses: Vec<GroupStatus> = checked.groups.iter().map(|g| g.status).collect();
    assert_eq!(
        statuses,
        [
            GroupStatus::Warnings,
            GroupStatus::Ready,
            GroupStatus::Ready,
            GroupStatus::Warnings
        ]
    );
}

#[test]
fn ods_member_per_row_with_number_cells() {
    let tail = "<table:table-row table:number-rows-repeated=\"1048570\">\
                <table:table-cell table:number-columns-repeated=\"1024\"/></table:table-row>";
    let body = [
        ods_row(&["Group", "Phone"]),
        ods_row(&["Launch crew", "#12125550100"]),
        ods_row(&["Launch crew", "ann@example.com"]),
        ods_row(&["Parents", "(212) 555-0101"]),
        tail.to_owned(),
    ]
    .concat();
    let bytes = ods(&[("Groups", &body), ("Other", &ods_row(&["x"]))]);
    let book = Workbook::open(bytes.clone(), &Limits::default()).unwrap();
    assert_eq!(book.format(), FileFormat::Ods);
    assert_eq!(book.sheet_names(), ["Groups", "Other"]);
    assert_eq!(
        groups(bytes, None),
        vec![
            (
                vec![2, 3],
                "Launch crew",
                None,
                vec!["+12125550100", "ann@example.com"]
            ),
            (vec![4], "Parents", None, vec!["+12125550101"]),
        ]
    );
}

#[test]
fn numbers_that_lost_digits_are_refused_with_a_note() {
    let csv = "Group;Members\nTeam;1,21255E+10\n";
    let sheet = fixtures::sheet(csv.as_bytes().to_vec(), None);
    let imported = apply(&sheet, &suggest_mapping_for(&sheet).unwrap());
    assert_eq!(
        imported[0].notes,
        vec![ImportNote::NumberDigitsLost {
            row: 2,
            column: "Members".into(),
            original: "1,21255E+10".into(),
        }]
    );
    let checked = preview(imported.clone(), "US", &|_| false);
    assert_eq!(checked.groups[0].status, GroupStatus::Problems);
    assert!(imported[0].notes[0]
        .to_string()
        .contains("Format the column as text"));
}

#[test]
fn a_manual_mapping_for_unrecognised_headers() {
    let csv = "Team,Who,Where\nA,212-555-0100,\nB,212-555-0101,\n";
    let sheet = fixtures::sheet(csv.as_bytes().to_vec(), None);
    assert_eq!(suggest_mapping_for(&sheet), None);
    let mapping = blooio_import::ColumnMapping {
        layout: Layout::GroupPerRow,
        has_header: true,
        name: 0,
        members: vec![1],
        chat_guid: None,
    };
    mapping.check(&sheet).unwrap();
    let imported = apply(&sheet, &mapping);
    assert_eq!(imported.len(), 2);
    assert_eq!(imported[1].rows, vec![3]);
    assert_eq!(imported[1].members, vec!["212-555-0101"]);

    let stale = blooio_import::ColumnMapping {
        members: vec![7],
        ..mapping
    };
    assert_eq!(
        stale.check(&sheet),
        Err(ImportProblem::MappingColumnMissing {
            column: 7,
            columns: 3
        })
    );
}

#[test]
fn files_that_are_not_sheets() {
    let cases: Vec<(&str, Vec<u8>, ImportProblem)> = vec![
        ("empty", vec![], ImportProblem::FileEmpty),
        (
            "binary",
            b"%PDF-1.7\n\0\0\x01binary".to_vec(),
            ImportProblem::FormatNotRecognised,
        ),
        (
            "a zip of something else",
            fixtures::zip(&[("word/document.xml", b"<w/>")]),
            ImportProblem::FormatNotRecognised,
        ),
        (
            "a broken zip",
            b"PK\x03\x04garbage".to_vec(),
            ImportProblem::FormatNotRecognised,
        ),
    ];
    for (what, bytes, problem) in cases {
        assert_eq!(
            Workbook::open(bytes, &Limits::default()).err(),
            Some(problem),
            "{what}"
        );
    }
    let book = Workbook::open(b"Name\n".to_vec(), &Limits::default()).unwrap();
    assert!(matches!(
        book.into_sheet(Some("Nope")),
        Err(ImportProblem::SheetNotFound { .. })
    ));
    let blank = Workbook::open(b"\n ,\n".to_vec(), &Limits::default()).unwrap();
    assert_eq!(
        blank.into_sheet(None),
        Err(ImportProblem::SheetEmpty {
            sheet: "Sheet1".into()
        })
    );
}
