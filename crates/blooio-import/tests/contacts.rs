//! Members for the single form from contacts exports of each flavour, and from a column of a sheet.

mod fixtures;

use blooio_import::{
    members_file, read_vcards, ContactKind, FoundMembers, ImportProblem, Limits, MembersFile,
    MembersSource,
};

fn values(bytes: &[u8]) -> Vec<(ContactKind, String, Option<String>)> {
    read_vcards(bytes)
        .unwrap()
        .into_iter()
        .map(|e| (e.kind, e.value, e.contact))
        .collect()
}

const IPHONE: &str = "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//Apple Inc.//iPhone OS 17.0//EN\r\n\
    N:Appleseed;Ann;;;\r\nFN:Ann Appleseed\r\n\
    item1.TEL;type=pref:(212) 555-0100\r\nTEL;type=CELL;type=VOICE:+44 20 7946 0958\r\n\
    EMAIL;type=INTERNET;type=HOME;type=pref:ann@example.com\r\n\
    item1.X-ABLabel:_$!<Mobile>!$_\r\nEND:VCARD\r\n";

const MACOS_TWO_CARDS: &str = "BEGIN:VCARD\nVERSION:3.0\nN:Brown;Bob;;;\nFN:Bob Brown\n\
    TEL;type=WORK:212-555-0101\nPHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD\n \
    /2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQEBAgGBgUGCQgKCgkICQkKDA8MCgsOCwkJDRENDg8QEBEQCgwSExIQEw8QEBD\nEND:VCARD\n\
    BEGIN:VCARD\nVERSION:3.0\nFN:Carol\nEMAIL:carol@example.com\nEND:VCARD\n";

const GOOGLE: &str = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dan Díaz\r\nN:Díaz;Dan;;;\r\n\
    EMAIL;TYPE=INTERNET;TYPE=WORK:dan@example.com\r\nTEL;TYPE=CELL:+1 212-555-0102\r\n\
    CATEGORIES:myContacts\r\nEND:VCARD\r\n";

const VCARD4: &str = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Eve\r\n\
    TEL;VALUE=uri;TYPE=\"voice,cell\":tel:+1-212-555-0103\r\nEMAIL;PREF=1:eve@example.com\r\nEND:VCARD\r\n";

// Android and Outlook: vCard 2.1, quoted-printable names (UTF-8 and soft line breaks), bare type parameters.
const ANDROID_21: &str =
    "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:;=C3=89lodie;;;\r\n\
    FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=89lodie =\r\nMartin\r\n\
    TEL;CELL;PREF:+12125550104\r\nTEL;HOME:212-555-0105\r\nEND:VCARD\r\n";

const OUTLOOK_21: &str = "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Fox;Frank\r\nFN:Frank Fox\r\n\
    TEL;WORK;VOICE:(212) 555-0106\r\nEMAIL;PREF;INTERNET:frank@example.com\r\nEND:VCARD\r\n";

#[test]
fn every_flavour_of_vcard() {
    use ContactKind::*;
    let some = |s: &str| Some(s.to_owned());
    type Found<'a> = Vec<(ContactKind, &'a str, Option<String>)>;
    let cases: Vec<(&str, Vec<u8>, Found)> = vec![
        (
            "iPhone 3.0, grouped item",
            IPHONE.into(),
            vec![
                (Phone, "(212) 555-0100", some("Ann Appleseed")),
                (Phone, "+44 20 7946 0958", some("Ann Appleseed")),
                (Email, "ann@example.com", some("Ann Appleseed")),
            ],
        ),
        (
            "macOS, two cards, folded photo",
            MACOS_TWO_CARDS.into(),
            vec![
                (Phone, "212-555-0101", some("Bob Brown")),
                (Email, "carol@example.com", some("Carol")),
            ],
        ),
        (
            "Google, UTF-8 with BOM",
            fixtures::utf8_bom(GOOGLE),
            vec![
                (Email, "dan@example.com", some("Dan Díaz")),
                (Phone, "+1 212-555-0102", some("Dan Díaz")),
            ],
        ),
        (
            "vCard 4, tel: URI",
            VCARD4.into(),
            vec![
                (Phone, "tel:+1-212-555-0103", some("Eve")),
                (Email, "eve@example.com", some("Eve")),
            ],
        ),
        (
            "Android 2.1, quoted-printable",
            ANDROID_21.into(),
            vec![
                (Phone, "+12125550104", some("Élodie Martin")),
                (Phone, "212-555-0105", some("Élodie Martin")),
            ],
        ),
        (
            "Outlook 2.1, Windows-1252",
            fixtures::windows_1252(OUTLOOK_21),
            vec![
                (Phone, "(212) 555-0106", some("Frank Fox")),
                (Email, "frank@example.com", some("Frank Fox")),
            ],
        ),
    ];
    for (what, bytes, expected) in cases {
        let expected: Vec<(ContactKind, String, Option<String>)> = expected
            .into_iter()
            .map(|(k, v, c)| (k, v.to_owned(), c))
            .collect();
        assert_eq!(values(&bytes), expected, "{what}");
    }
}

fn found(bytes: Vec<u8>) -> FoundMembers {
    match members_file(bytes, &Limits::default()).unwrap() {
        MembersFile::Found(found) => found,
        MembersFile::PickColumn(sheet) => panic!("asked for a column among {:?}", sheet.headers()),
    }
}

fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| v.to_string()).collect()
}

#[test]
fn the_entries_are_what_the_member_rules_accept() {
    // Every entry from every flavour goes into the member box as typed; the core's rules accept them all.
    let all = [
        IPHONE,
        MACOS_TWO_CARDS,
        GOOGLE,
        VCARD4,
        ANDROID_21,
        OUTLOOK_21,
    ]
    .concat();
    let found = found(all.into_bytes());
    assert_eq!(
        found.from,
        MembersSource::Contacts {
            cards: 7,
            phones: 8,
            emails: 5
        }
    );
    assert_eq!(found.entries.len(), 13);
    let report = blooio_core::parse_members(&found.entries.join("\n"), "US");
    assert_eq!(report.invalid().count(), 0, "{:?}", report.entries);
    assert_eq!(report.accepted.len(), 13);
}

#[test]
fn a_file_without_cards_or_too_large() {
    assert_eq!(read_vcards(b"hello"), Err(ImportProblem::ContactsNoCards));
    let small = Limits {
        max_file_bytes: 100,
        ..Limits::default()
    };
    assert_eq!(
        members_file(IPHONE.into(), &small),
        Err(ImportProblem::FileTooLarge {
            bytes: IPHONE.len() as u64,
            max: 100
        })
    );
    assert_eq!(
        members_file(Vec::new(), &Limits::default()),
        Err(ImportProblem::FileEmpty)
    );
}

#[test]
fn recognised_member_columns_of_a_sheet() {
    // Recognised columns, among others; numbers kept as numbers come back as digits.
    let csv = "Name,Mobile,Notes,E-mail\nAnn,12125550100.0,x,ann@example.com\nBob,,y,\nCarol,212-555-0101,z,\n";
    assert_eq!(
        found(csv.into()),
        FoundMembers {
            entries: strings(&["12125550100", "ann@example.com", "212-555-0101"]),
            from: MembersSource::Columns {
                columns: strings(&["Mobile", "E-mail"])
            }
        }
    );
    // The same from an xlsx whose phone column Excel stored as numbers, on its second sheet (the first is empty).
    let xlsx = fixtures::xlsx(&[
        ("Cover", &[]),
        (
            "People",
            &[
                &["Name", "Phone"],
                &["Ann", "#12125550100"],
                &["Bob", "+44 20 7946 0958"],
            ],
        ),
    ]);
    assert_eq!(
        found(xlsx),
        FoundMembers {
            entries: strings(&["12125550100", "+44 20 7946 0958"]),
            from: MembersSource::Columns {
                columns: strings(&["Phone"])
            }
        }
    );
}

#[test]
fn a_plain_list_is_taken_as_typed() {
    // No header: every filled cell, several per line too (a list pasted into a file).
    assert_eq!(
        found(b"212-555-0100\nann@example.com, +12125550101\n\n1.2125550102E+10\n".to_vec()),
        FoundMembers {
            entries: strings(&[
                "212-555-0100",
                "ann@example.com",
                "+12125550101",
                "12125550102"
            ]),
            from: MembersSource::List
        }
    );
    // One column under a header nobody recognises: that column, without its header.
    assert_eq!(
        found(b"Guests\n212-555-0100\nann@example.com\n".to_vec()).entries,
        strings(&["212-555-0100", "ann@example.com"])
    );
}

#[test]
fn several_unrecognised_columns_are_picked_by_the_operator() {
    let file = members_file(
        b"Who,What,Reach at\nAnn,cake,212-555-0100\nBob,,bob@example.com\nCarol,tea,\n".to_vec(),
        &Limits::default(),
    )
    .unwrap();
    let MembersFile::PickColumn(sheet) = file else {
        panic!("expected a column to pick, got {file:?}")
    };
    let columns = sheet.columns();
    assert_eq!(
        columns
            .iter()
            .map(|c| (c.letter.as_str(), c.header.as_str(), c.filled))
            .collect::<Vec<_>>(),
        [("A", "Who", 3), ("B", "What", 2), ("C", "Reach at", 2)]
    );
    assert_eq!(
        columns[2].samples,
        strings(&["212-555-0100", "bob@example.com"])
    );
    assert_eq!(
        sheet.entries(2).unwrap(),
        FoundMembers {
            entries: strings(&["212-555-0100", "bob@example.com"]),
            from: MembersSource::Columns {
                columns: strings(&["Reach at"])
            }
        }
    );
    assert_eq!(
        sheet.entries(7),
        Err(ImportProblem::MappingColumnMissing {
            column: 7,
            columns: 3
        })
    );
}
