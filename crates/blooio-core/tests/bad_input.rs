//! The consolidated, user-level table of awkward input: whole forms (name, chat GUID, pasted members, default
//! country) and API keys, each with its exact outcome — the request that would be sent, or which fields are
//! refused and a part of what the operator is told. The per-rule unit tables (`rules/*.rs`, `draft.rs`,
//! `key.rs`) pin the details of each rule; this one pins what a person typing into the form gets.
//!
//! Every row is checked on its own thread with a time limit, so a row that crashes or hangs fails by name.
//! Then every row goes through the one path the app uses to send — a request exists only as
//! `check_draft(..).request`, a key only as `ApiKey::parse(..)` — to a sandbox: the valid rows must be accepted
//! there (201), the invalid ones must never reach it.

mod common;

use std::sync::mpsc;
use std::time::Duration;

use blooio_core::{check_draft, ApiKey, CreateGroupRequest, Field, GroupDraft};
use blooio_sandbox::KeyPolicy;

const MB: usize = 1024 * 1024;
/// Far above what any row takes in a debug build (the slowest, 10,000 phone numbers, takes about a second).
const ROW_TIME_LIMIT: Duration = Duration::from_secs(60);

enum Input {
    Draft(GroupDraft),
    Key(String),
}

enum Want {
    /// `check_draft` produces exactly this request and no problem, and flags exactly these entries (as typed)
    /// to check before sending.
    Request(CreateGroupRequest, Vec<String>),
    /// `check_draft` refuses exactly these fields, in this order, each message containing the fragment.
    Refused(Vec<(Field, String)>),
    /// `ApiKey::parse` accepts, and the key is this.
    Key(String),
    /// `ApiKey::parse` refuses, the message containing this.
    KeyRefused(String),
}

struct Row {
    what: &'static str,
    input: Input,
    want: Want,
}

fn form(name: &str, chat_guid: &str, members: &str, region: &str) -> Input {
    Input::Draft(GroupDraft {
        name: name.to_owned(),
        chat_guid: chat_guid.to_owned(),
        members: members.to_owned(),
        default_region: region.to_owned(),
    })
}

fn sends(name: &str, chat_guid: Option<&str>, members: &[&str]) -> Want {
    sends_to_check(name, members, &[]).with_chat_guid(chat_guid)
}

/// Sends these members; the entries in `to_check` (as typed) are flagged to check first.
fn sends_to_check(name: &str, members: &[&str], to_check: &[&str]) -> Want {
    Want::Request(
        CreateGroupRequest {
            name: name.to_owned(),
            chat_guid: None,
            members: members.iter().map(|m| (*m).to_owned()).collect(),
        },
        to_check.iter().map(|m| (*m).to_owned()).collect(),
    )
}

impl Want {
    fn with_chat_guid(mut self, guid: Option<&str>) -> Self {
        if let Want::Request(request, _) = &mut self {
            request.chat_guid = guid.map(str::to_owned);
        }
        self
    }
}

fn refused(problems: &[(Field, &str)]) -> Want {
    Want::Refused(
        problems
            .iter()
            .map(|(field, fragment)| (*field, (*fragment).to_owned()))
            .collect(),
    )
}

fn row(what: &'static str, input: Input, want: Want) -> Row {
    Row { what, input, want }
}

// One row per line where it fits, so the table reads as a table; rustfmt would stack every argument.
#[rustfmt::skip]
fn rows() -> Vec<Row> {
    use Field::{ChatGuid, Members, Name};
    let megabyte_a = "a".repeat(MB);
    let ten_thousand_national: String =
        (0..10_000).map(|i| format!("(212) 555-{i:04}\n")).collect();
    let ten_thousand_e164: Vec<String> = (0..10_000).map(|i| format!("+1212555{i:04}")).collect();
    let guid_512 = format!("iMessage;+;{}", "c".repeat(512 - 11));
    let formats_of_one_number = [
        "(415) 555-2671",
        "+1 415 555 2671",
        "1-415-555-2671",
        "tel:+14155552671",
    ];
    let megabyte_of_one_number: String = formats_of_one_number
        .iter()
        .cycle()
        .take(MB / 16)
        .map(|f| format!("{f}\n"))
        .collect();

    Vec::from([
        // ---- the name ----
        row("empty name", form("", "", "", "US"), refused(&[(Name, "Enter a name for the group.")])),
        row("blank name", form(" \t \n", "", "", "US"), refused(&[(Name, "it can't be only spaces")])),
        row(
            "ideographic and no-break spaces only",
            form("\u{3000}\u{a0}\u{3000}", "", "", "US"),
            refused(&[(Name, "it can't be only spaces")]),
        ),
        row("surrounding spaces and line breaks trimmed", form("\r\n  Launch crew \t\n", "", "", "US"), sends("Launch crew", None, &[])),
        row("255 ASCII characters", form(&"a".repeat(255), "", "", "US"), sends(&"a".repeat(255), None, &[])),
        row("256 ASCII characters", form(&"a".repeat(256), "", "", "US"), refused(&[(Name, "it has 256, 1 too many")])),
        row("255 emoji (1,020 bytes)", form(&"👍".repeat(255), "", "", "US"), sends(&"👍".repeat(255), None, &[])),
        row("256 emoji", form(&"👍".repeat(256), "", "", "US"), refused(&[(Name, "255 characters or fewer: it has 256")])),
        row(
            "255 characters with combining marks (128 letters on screen)",
            form(&format!("{}x", "e\u{301}".repeat(127)), "", "", "US"),
            sends(&format!("{}x", "e\u{301}".repeat(127)), None, &[]),
        ),
        row("256 characters with combining marks", form(&"e\u{301}".repeat(128), "", "", "US"), refused(&[(Name, "it has 256")])),
        row("255 CJK characters", form(&"群".repeat(255), "", "", "US"), sends(&"群".repeat(255), None, &[])),
        row("256 CJK characters", form(&"群".repeat(256), "", "", "US"), refused(&[(Name, "it has 256")])),
        row(
            "ZWJ emoji count every code point: 51 families are 255",
            form(&"👨\u{200d}👩\u{200d}👧".repeat(51), "", "", "US"),
            sends(&"👨\u{200d}👩\u{200d}👧".repeat(51), None, &[]),
        ),
        row("ZWJ emoji: 52 families are 260", form(&"👨\u{200d}👩\u{200d}👧".repeat(52), "", "", "US"), refused(&[(Name, "it has 260, 5 too many")])),
        row(
            "right-to-left name with bidi marks kept",
            form(" \u{200f}فريق المبيعات 2\u{200f} ", "", "+20 100 123 4567", "EG"),
            sends("\u{200f}فريق المبيعات 2\u{200f}", None, &["+201001234567"]),
        ),
        row("Hebrew name", form("צוות השקה", "", "", "IL"), sends("צוות השקה", None, &[])),
        row("NUL inside the name", form("Team\0Blue", "", "", "US"), refused(&[(Name, "Remove the invisible NUL character (U+0000)")])),
        row("NUL at the end is not trimmed away", form("Team\0", "", "", "US"), refused(&[(Name, "U+0000")])),
        row("line break inside the name", form("Team\nBlue", "", "", "US"), refused(&[(Name, "Remove the line break")])),
        row("tab inside the name", form("Team\tBlue", "", "", "US"), refused(&[(Name, "Remove the tab")])),
        row("escape character", form("Team\u{1b}[31m", "", "", "US"), refused(&[(Name, "invisible control character (U+001B)")])),
        row("C1 next-line inside the name", form("Team\u{85}Blue", "", "", "US"), refused(&[(Name, "Remove the line break")])),
        row("megabyte name", form(&megabyte_a, "", "", "US"), refused(&[(Name, "it has 1048576, 1048321 too many")])),
        row(
            "megabyte name with a NUL: the control is named first",
            form(&format!("{megabyte_a}\0"), "", "", "US"),
            refused(&[(Name, "NUL character")]),
        ),
        // ---- the chat GUID ----
        row("blank GUID: a new chat", form("Team", " \t ", "", "US"), sends("Team", None, &[])),
        row(
            "group chat GUID, trimmed",
            form("Team", "  iMessage;+;chat123456789\n", "", "US"),
            sends("Team", Some("iMessage;+;chat123456789"), &[]),
        ),
        row(
            "macOS 26 any;- GUID",
            form("Team", "any;-;+15551234567", "", "US"),
            sends("Team", Some("any;-;+15551234567"), &[]),
        ),
        row("unfamiliar service only warns", form("Team", "Jabber;+;room1", "", "US"), sends("Team", Some("Jabber;+;room1"), &[])),
        row("right-to-left chat id", form("Team", "iMessage;+;محادثة", "", "US"), sends("Team", Some("iMessage;+;محادثة"), &[])),
        row("GUID without semicolons", form("Team", "chat123456789", "", "US"), refused(&[(ChatGuid, "it has no semicolons")])),
        row("GUID with a space", form("Team", "iMessage;+;chat 1", "", "US"), refused(&[(ChatGuid, "a space, line break or invisible character")])),
        row("GUID with a NUL", form("Team", "iMessage;+;chat1\0", "", "US"), refused(&[(ChatGuid, "a space, line break or invisible character")])),
        row("512-character GUID", form("Team", &guid_512, "", "US"), sends("Team", Some(&guid_512), &[])),
        row("513-character GUID", form("Team", &format!("{guid_512}c"), "", "US"), refused(&[(ChatGuid, "too long (513 characters")])),
        row(
            "megabyte GUID",
            form("Team", &format!("iMessage;+;{megabyte_a}"), "", "US"),
            refused(&[(ChatGuid, "too long (1048587 characters")]),
        ),
        // ---- members: national and international formats ----
        row(
            "US national formats",
            form("Team", "", "(415) 555-2671\n212.555.0100, 1-646-555-0199", "US"),
            sends("Team", None, &["+14155552671", "+12125550100", "+16465550199"]),
        ),
        row(
            "GB national mobile and London",
            form("Team", "", "07911 123456; 020 7946 0958", "GB"),
            sends("Team", None, &["+447911123456", "+442079460958"]),
        ),
        row(
            "FR national with dots and the (0) habit",
            form("Team", "", "06.12.34.56.78\n+33 (0)1 23 45 67 89", "FR"),
            sends("Team", None, &["+33612345678", "+33123456789"]),
        ),
        row(
            "DE national with a slash and international with (0)",
            form("Team", "", "030/12345678\n+49 (0)151 23456789", "DE"),
            sends("Team", None, &["+493012345678", "+4915123456789"]),
        ),
        row(
            "IN with Devanagari digits and a trunk 0",
            form("Team", "", "९८७६५ ४३२१०\n098765 43211", "IN"),
            sends("Team", None, &["+919876543210", "+919876543211"]),
        ),
        row(
            "BR mobile and São Paulo landline",
            form("Team", "", "(11) 91234-5678, (21) 2345-6789", "BR"),
            sends("Team", None, &["+5511912345678", "+552123456789"]),
        ),
        row(
            "JP with full-width digits and an ideographic comma",
            form("Team", "", "０９０－１２３４－５６７８、03-1234-5678", "JP"),
            sends("Team", None, &["+819012345678", "+81312345678"]),
        ),
        row(
            "AU mobile and Sydney landline, 0011 abroad",
            form("Team", "", "0412 345 678\n(02) 9876 5432\n0011 44 20 7946 0958", "AU"),
            sends("Team", None, &["+61412345678", "+61298765432", "+442079460958"]),
        ),
        row(
            "DE number libphonenumber takes but E.164 can't hold (17 digits)",
            form("Team", "", "030/1234567845678", "DE"),
            refused(&[(Members, concat!("“030/1234567845678”: ", "Not a valid phone number: more than the 15 digits"))]),
        ),
        row("MX ten-digit national", form("Team", "", "55 1234 5678", "MX"), sends("Team", None, &["+525512345678"])),
        row(
            "MX old mobile format with the dropped 1",
            form("Team", "", "+52 1 55 1234 5678", "MX"),
            refused(&[(Members, concat!("Fix or remove “+52 1 55 1234 5678”: ", "Not a valid phone number for Mexico (MX): too long."))]),
        ),
        row(
            "ZA mobile and Cape Town landline",
            form("Team", "", "082 123 4567\n021 123 4567", "ZA"),
            sends("Team", None, &["+27821234567", "+27211234567"]),
        ),
        row(
            "ten countries written internationally, default US",
            form(
                "Team",
                "",
                "+44 20 7946 0958\n+33 6 12 34 56 78\n+49 151 23456789\n+91 98765 43210\n+55 11 91234-5678\n\
                 +81 90 1234 5678\n+61 412 345 678\n+52 55 1234 5678\n+27 82 123 4567\n+1 (415) 555-2671",
                "US",
            ),
            sends(
                "Team",
                None,
                &[
                    "+442079460958", "+33612345678", "+4915123456789", "+919876543210", "+5511912345678",
                    "+819012345678", "+61412345678", "+525512345678", "+27821234567", "+14155552671",
                ],
            ),
        ),
        row(
            "a British national number with the default US",
            form("Team", "", "07911 123456", "US"),
            refused(&[(Members, concat!("Not a valid phone number for United States (US): too long. ", "If it is from another country, start it with + and the country code."))]),
        ),
        row(
            "national number with an unknown default country",
            form("Team", "", "+44 7911 123456\n020 7946 0958", "ZZ"),
            refused(&[(Members, "Fix or remove “020 7946 0958”: Add the country code (for example +44)")]),
        ),
        row(
            "number copied out of right-to-left text",
            form("Team", "", "\u{200f}+44 7911 123456\u{200f}", "US"),
            sends("Team", None, &["+447911123456"]),
        ),
        row(
            "a NUL stuck to a number, shown visibly",
            form("Team", "", "+1 415 555 2671\0", "US"),
            refused(&[(Members, concat!("Fix or remove “+1 415 555 2671␀”: ", "Not a phone number or an email address."))]),
        ),
        row(
            "extension written after the number",
            form("Team", "", "+1 415 555 2671 ext. 12", "US"),
            refused(&[(Members, "“+1 415 555 2671 ext. 12”: Not a phone number or an email address.")]),
        ),
        // ---- members: numbers Blooio takes that are in no range libphonenumber knows: sent, to check ----
        row(
            "the example in Blooio's documentation",
            form("Sales Team", "", "+15551234567\n+15559876543", "US"),
            sends_to_check("Sales Team", &["+15551234567", "+15559876543"], &["+15551234567", "+15559876543"]),
        ),
        row(
            "the documentation's numbers with another default country",
            form("Sales Team", "", "+1 555 123 4567, +1 (555) 987-6543", "GB"),
            sends_to_check("Sales Team", &["+15551234567", "+15559876543"], &["+1 555 123 4567", "+1 (555) 987-6543"]),
        ),
        row(
            "a fictional 555 number written nationally, beside a known one",
            form("Team", "", "(555) 123-4567\n(415) 555-2671", "US"),
            sends_to_check("Team", &["+15551234567", "+14155552671"], &["(555) 123-4567"]),
        ),
        row(
            "an area code newer than the number metadata",
            form("Team", "", "(624) 212-3456", "US"),
            sends_to_check("Team", &["+16242123456"], &["(624) 212-3456"]),
        ),
        row(
            "a UK drama number, and the same again with 00: checked once, sent once",
            form("Team", "", "07700 900123\n0044 7700 900123", "GB"),
            sends_to_check("Team", &["+447700900123"], &["07700 900123"]),
        ),
        row(
            "a number to check does not excuse one that can't be a number",
            form("Team", "", "+15551234567\n+1 555 123 456", "US"),
            refused(&[(Members, "Fix or remove “+1 555 123 456”: Not a valid phone number for United States (US): too short.")]),
        ),
        row(
            "a 555 number with a digit too many",
            form("Team", "", "+1 555 123 45678", "US"),
            refused(&[(Members, "Not a valid phone number for United States (US): too long.")]),
        ),
        row(
            "no such country code",
            form("Team", "", "+999 555 1234", "US"),
            refused(&[(Members, "the digits after + don't start with a country code that exists")]),
        ),
        row(
            "six digits with the country code",
            form("Team", "", "+49 1646", "DE"),
            refused(&[(Members, "too short for an international number (at least 7 digits")]),
        ),
        // ---- members: duplicates that differ only in format ----
        row(
            "one phone number five ways",
            form("Team", "", concat!("(415) 555-2671, +1 415 555 2671\n", "1-415-555-2671; tel:+14155552671\t415.555.2671"), "US"),
            sends("Team", None, &["+14155552671"]),
        ),
        row(
            "one email four ways",
            form("Team", "", concat!("Ann@Example.com\nann@example.com\n", "mailto:ANN@EXAMPLE.COM\n“Ann Lee” <ann@Example.com>"), "US"),
            sends("Team", None, &["ann@example.com"]),
        ),
        row(
            "an internationalised domain and its ASCII form",
            form("Team", "", "ann@Bücher.de, ann@xn--bcher-kva.de", "DE"),
            sends("Team", None, &["ann@xn--bcher-kva.de"]),
        ),
        row(
            "a London number national, international and with 00",
            form("Team", "", "020 7946 0958\n+44 (0)20 7946 0958\n0044 20 7946 0958", "GB"),
            sends("Team", None, &["+442079460958"]),
        ),
        // ---- members: emails ----
        row("email with nothing after the @", form("Team", "", "ann@", "US"), refused(&[(Members, concat!("Fix or remove “ann@”: ", "Not a valid email address: nothing comes after the @."))])),
        row("email with a one-letter top-level domain", form("Team", "", "ann@gmail.c", "US"), refused(&[(Members, "should end in a real top-level domain")])),
        row("email with an accent before the @", form("Team", "", "jörg@example.com", "DE"), refused(&[(Members, "without quotes or accents")])),
        row("apostrophe in the domain (fine before the @)", form("Team", "", "o'brien@exa'mple.com", "US"), refused(&[(Members, "can only have letters, digits, hyphens and dots")])),
        row("quoted local part", form("Team", "", "\"ann..lee\"@example.com", "US"), refused(&[(Members, "without quotes or accents")])),
        row(
            "three broken emails: counted, the first quoted",
            form("Team", "", "ann@example, @example.com, ann@@example.com", "US"),
            refused(&[(Members, concat!("Fix or remove the 3 entries that can't be used, listed below. ", "The first, “ann@example”: Not a valid email address: ", "the part after the @ should be a domain such as example.com."))]),
        ),
        // ---- members: size ----
        row("only separators", form("Team", "", "\n, ;\t\r\n、", "US"), sends("Team", None, &[])),
        row("10,000 members", form("Big", "", &ten_thousand_national, "US"), {
            let members: Vec<&str> = ten_thousand_e164.iter().map(String::as_str).collect();
            sends("Big", None, &members)
        }),
        row(
            "10,000 members and one mistake",
            form("Big", "", &format!("{ten_thousand_national}nope"), "US"),
            refused(&[(Members, "Fix or remove “nope”: Not a phone number or an email address.")]),
        ),
        row("a megabyte of one number in four formats", form("Team", "", &megabyte_of_one_number, "US"), sends("Team", None, &["+14155552671"])),
        row(
            "a megabyte of digits without a separator",
            form("Team", "", &"9".repeat(MB), "US"),
            refused(&[(Members, "Too long to be a phone number or an email address")]),
        ),
        row(
            "a megabyte of junk lines",
            form("Team", "", &"nope\n".repeat(MB / 5), "US"),
            refused(&[(Members, "Fix or remove the 209715 entries that can't be used")]),
        ),
        // ---- several fields at once ----
        row(
            "every field wrong",
            form("\0", "x;y", "nope", "US"),
            refused(&[(Name, "U+0000"), (ChatGuid, "has 2 parts"), (Members, "“nope”")]),
        ),
        // ---- the API key ----
        row("empty key", Input::Key(String::new()), Want::KeyRefused("Enter your Blooio API key.".into())),
        row("blank key", Input::Key(" \n\t".into()), Want::KeyRefused("Enter your Blooio API key.".into())),
        row("key pasted with a newline", Input::Key("  bl_live_abc123def456\r\n".into()), Want::Key("bl_live_abc123def456".into())),
        row("key with a space inside", Input::Key("bl_live_abc 123".into()), Want::KeyRefused("space or line break inside it".into())),
        row("key pasted with its Bearer prefix", Input::Key("Bearer bl_live_abc123".into()), Want::KeyRefused("space or line break inside it".into())),
        row("key with a newline inside", Input::Key("bl_live_abc\n123".into()), Want::KeyRefused("space or line break inside it".into())),
        row("key with a NUL", Input::Key("bl_live_abc\0xyz".into()), Want::KeyRefused("invisible control character".into())),
        row("key in curly quotes", Input::Key("“bl_live_abc123”".into()), Want::KeyRefused("can't be part of a key".into())),
        row("key with an accented letter", Input::Key("bl_live_ábc123".into()), Want::KeyRefused("can't be part of a key".into())),
        row("1,024-character key", Input::Key(format!("bl_live_{}", "k".repeat(1016))), Want::Key(format!("bl_live_{}", "k".repeat(1016)))),
        row("megabyte key", Input::Key(format!("bl_live_{megabyte_a}")), Want::KeyRefused("too long to be a Blooio API key (1048584 characters)".into())),
        row(
            "megabyte key with spaces: the length is named",
            Input::Key("bl_live_ ".repeat(MB / 9)),
            Want::KeyRefused("too long to be a Blooio API key".into()),
        ),
    ])
}

/// What checking a row produced: the request or refused fields for a form, the key or its refusal for a key.
#[derive(Debug, PartialEq)]
enum Outcome {
    /// The request, and the entries flagged to check.
    Request(CreateGroupRequest, Vec<String>),
    Refused(Vec<(Field, String)>),
    Key(String),
    KeyRefused(String),
}

/// Runs the row's check on its own thread: a panic or a hang fails the row by name instead of the whole run.
fn check(row: &Row) -> Outcome {
    let input = match &row.input {
        Input::Draft(draft) => Input::Draft(draft.clone()),
        Input::Key(key) => Input::Key(key.clone()),
    };
    let (done, result) = mpsc::channel();
    std::thread::spawn(move || {
        let outcome = match input {
            Input::Draft(draft) => {
                let report = check_draft(&draft);
                match report.request {
                    Some(request) => {
                        assert!(report.problems.is_empty());
                        let to_check = report.members.to_check().map(|e| e.input.clone()).collect();
                        Outcome::Request(request, to_check)
                    }
                    None => Outcome::Refused(
                        report
                            .problems
                            .into_iter()
                            .map(|p| (p.field, p.to_string()))
                            .collect(),
                    ),
                }
            }
            Input::Key(raw) => match ApiKey::parse(&raw) {
                Ok(key) => Outcome::Key(key.expose().to_owned()),
                Err(problem) => {
                    assert_eq!(problem.field, Field::ApiKey);
                    Outcome::KeyRefused(problem.to_string())
                }
            },
        };
        let _ = done.send(outcome);
    });
    match result.recv_timeout(ROW_TIME_LIMIT) {
        Ok(outcome) => outcome,
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!("{}: still running after {ROW_TIME_LIMIT:?}", row.what)
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("{}: the check panicked", row.what),
    }
}

fn short(text: &str) -> String {
    if text.chars().count() > 120 {
        format!(
            "{}… ({} chars)",
            text.chars().take(120).collect::<String>(),
            text.chars().count()
        )
    } else {
        text.to_owned()
    }
}

fn assert_row(row: &Row, outcome: &Outcome) {
    let what = row.what;
    match (&row.want, outcome) {
        (Want::Request(want, want_to_check), Outcome::Request(got, to_check)) => {
            assert_eq!(to_check, want_to_check, "{what}: entries to check");
            // Compared field by field so a failure doesn't print megabytes.
            assert!(
                got.name == want.name,
                "{what}: name {:?} != {:?}",
                short(&got.name),
                short(&want.name)
            );
            assert_eq!(got.chat_guid, want.chat_guid, "{what}");
            assert!(
                got.members == want.members,
                "{what}: members {:?}…",
                &got.members[..got.members.len().min(5)]
            );
        }
        (Want::Refused(want), Outcome::Refused(got)) => {
            let fields: Vec<Field> = got.iter().map(|(f, _)| *f).collect();
            let want_fields: Vec<Field> = want.iter().map(|(f, _)| *f).collect();
            assert_eq!(
                fields,
                want_fields,
                "{what}: {:?}",
                got.iter().map(|(_, m)| short(m)).collect::<Vec<_>>()
            );
            for ((_, message), (field, fragment)) in got.iter().zip(want) {
                assert!(
                    message.contains(fragment.as_str()),
                    "{what}: {field:?} message {:?} lacks {fragment:?}",
                    short(message)
                );
                assert!(
                    message.chars().count() < 600,
                    "{what}: the message quotes too much: {}",
                    short(message)
                );
            }
        }
        (Want::Key(want), Outcome::Key(got)) => assert_eq!(got, want, "{what}"),
        (Want::KeyRefused(fragment), Outcome::KeyRefused(message)) => {
            assert!(
                message.contains(fragment.as_str()),
                "{what}: {message:?} lacks {fragment:?}"
            );
            if let Input::Key(raw) = &row.input {
                let trimmed = raw.trim();
                if trimmed.len() > 4 {
                    assert!(
                        !message.contains(trimmed),
                        "{what}: the message repeats the key"
                    );
                }
            }
        }
        (_, got) => panic!("{what}: unexpected outcome {}", short(&format!("{got:?}"))),
    }
}

#[test]
fn the_table_is_big_enough_and_covers_every_field() {
    let rows = rows();
    assert!(rows.len() >= 50, "{} rows", rows.len());
    let mut names: Vec<&str> = rows.iter().map(|r| r.what).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), rows.len(), "row names must be unique");
    for field in [Field::Name, Field::ChatGuid, Field::Members] {
        assert!(
            rows.iter()
                .any(|r| matches!(&r.want, Want::Refused(p) if p.iter().any(|(f, _)| *f == field))),
            "no refused row for {field:?}"
        );
    }
    assert!(rows.iter().any(|r| matches!(r.want, Want::KeyRefused(_))));
    assert!(rows.iter().any(|r| matches!(r.want, Want::Request(..))));
    assert!(
        rows.iter()
            .any(|r| matches!(&r.want, Want::Request(_, to_check) if !to_check.is_empty())),
        "no row sends a number to check"
    );
}

#[test]
fn every_row_has_its_exact_outcome() {
    for row in rows() {
        let outcome = check(&row);
        assert_row(&row, &outcome);
    }
}

/// The one path from input to the wire: a request only from `check_draft(..).request`, a key only from
/// `ApiKey::parse`. Refused rows go first, and the sandbox must not have seen a single create by then.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn valid_rows_are_accepted_by_the_sandbox_and_invalid_ones_never_reach_it() {
    // Any non-empty key: a row's key is whatever it is, and each draft row gets a key of its own so that the
    // sandbox's same-participants 409 between rows (per key, as Blooio's) can't get in the way.
    let sandbox = common::sandbox_with(KeyPolicy::AnyWithPrefix(String::new())).await;
    let client = common::client_for(&sandbox.base_url());
    let plain_draft = GroupDraft {
        name: "Key check".into(),
        chat_guid: String::new(),
        members: String::new(),
        default_region: "US".into(),
    };
    let mut rows = rows();
    rows.sort_by_key(|r| matches!(r.want, Want::Request(..) | Want::Key(_)));
    let mut sent = 0;
    for (index, row) in rows.iter().enumerate() {
        let (draft, raw_key) = match &row.input {
            Input::Draft(draft) => (draft.clone(), format!("bl_test_row_{index}")),
            Input::Key(raw) => (plain_draft.clone(), raw.clone()),
        };
        let key = ApiKey::parse(&raw_key).ok();
        let request = check_draft(&draft).request;
        let valid = matches!(row.want, Want::Request(..) | Want::Key(_));
        if !valid {
            assert_eq!(
                sandbox.create_requests(),
                0,
                "{}: a refused row reached the sandbox",
                row.what
            );
        }
        let (Some(key), Some(request)) = (key, request) else {
            assert!(!valid, "{}: valid, but nothing to send", row.what);
            continue;
        };
        assert!(
            valid,
            "{}: refused, yet there is a request to send",
            row.what
        );
        let created = client
            .create_group(&key, &request)
            .await
            .unwrap_or_else(|e| panic!("{}: the sandbox refused it: {e} {e:?}", row.what));
        sent += 1;
        assert_eq!(
            created.group.name.as_deref(),
            Some(request.name.as_str()),
            "{}",
            row.what
        );
        assert_eq!(
            created.added_members.len(),
            request.members.len(),
            "{}",
            row.what
        );
        assert_eq!(sandbox.create_requests(), sent, "{}", row.what);
    }
    assert_eq!(sandbox.group_count(), sent);
    assert!(sent >= 25, "only {sent} valid rows");
    sandbox.shutdown().await;
}
