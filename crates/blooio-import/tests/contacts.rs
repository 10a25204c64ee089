//! Members for the single form from contacts exports of each flavour, and from a column of a sheet.

mod fixtures;

use blooio_import::{member_entries, read_vcards, ContactKind, ImportProblem, Limits};

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
    let entries = member_entries(all.into_bytes(), &Limits::default()).unwrap();
    assert_eq!(entries.len(), 13);
    let report = blooio_core::parse_members(&entries.join("\n"), "US");
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
        member_entries(IPHONE.into(), &small),
        Err(ImportProblem::FileTooLarge {
            bytes: IPHONE.len() as u64,
            max: 100
        })
    );
}

#[test]
fn a_column_of_a_sheet() {
    let limits = Limits::default();
    // A recognised column, among others; numbers kept as numbers come back as digits.
    let csv = "Name,Mobile,Notes\nAnn,12125550100.0,x\nBob,,y\nCarol,212-555-0101,z\n";
    assert_eq!(
        member_entries(csv.into(), &limits).unwrap(),
        vec!["12125550100", "212-555-0101"]
    );
    // One column needs no header.
    assert_eq!(
        member_entries(b"212-555-0100\nann@example.com\n".to_vec(), &limits).unwrap(),
        vec!["212-555-0100", "ann@example.com"]
    );
    // Several columns, none recognised: the caller asks which.
    assert_eq!(
        member_entries(b"Who,What\na,b\n".to_vec(), &limits),
        Err(ImportProblem::NoMemberColumn {
            headers: vec!["Who".into(), "What".into()]
        })
    );
    let sheet = fixtures::sheet(b"Who,What\na,212-555-0100\n".to_vec(), None);
    assert_eq!(
        blooio_import::column_entries(&sheet, &[1], true),
        vec!["212-555-0100"]
    );
}
