//! Properties of the normalisation rules, over generated input: normalising is idempotent and independent of
//! the default country once a value is normalised; the order of a pasted list doesn't change who is in it;
//! one person written in many ways is accepted once; a number of a possible length is never refused, and is
//! flagged to check exactly when it is in no known range; the name check is idempotent; and no input, however
//! odd or large, makes `check_draft` panic or produce a request that breaks its own invariants.
//!
//! Case counts are kept small (a few hundred checks in all) so the file runs in seconds in a debug build; the
//! fuzz targets in `fuzz/` are where long random runs happen.

use std::collections::{HashMap, HashSet};

use blooio_core::{
    check_draft, check_name, parse_members, region_list, GroupDraft, MemberProblem, MemberStatus,
};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::FileFailurePersistence;
use rlibphonenumber::{NumberLengthType, PhoneNumberFormat, PHONE_NUMBER_UTIL};

/// Someone to put in a list: what is sent for them, and ways an operator might write them that mean the same
/// whatever the default country (international phone formats, decorated and re-cased emails).
struct Person {
    normalized: &'static str,
    spellings: &'static [&'static str],
}

const PEOPLE: &[Person] = &[
    Person {
        normalized: "+14155552671",
        spellings: &[
            "+1 415 555 2671",
            "+1 (415) 555-2671",
            "tel:+14155552671",
            "+1.415.555.2671",
            "+14155552671",
            "+1\u{a0}415\u{2011}555\u{2011}2671",
        ],
    },
    Person {
        normalized: "+442079460958",
        spellings: &[
            "+44 20 7946 0958",
            "+44 (0)20 7946 0958",
            "+44-20-7946-0958",
            "\u{200f}+44 20 7946 0958\u{200f}",
        ],
    },
    Person {
        normalized: "+33612345678",
        spellings: &[
            "+33 6 12 34 56 78",
            "+33 (0)6 12 34 56 78",
            "+33.6.12.34.56.78",
        ],
    },
    Person {
        normalized: "+4915123456789",
        spellings: &[
            "+49 151 23456789",
            "+49 (0)151 23456789",
            "+49/151/23456789",
        ],
    },
    Person {
        normalized: "+919876543210",
        spellings: &["+91 98765 43210", "+91-98765-43210", "+९१ ९८७६५ ४३२१०"],
    },
    Person {
        normalized: "+819012345678",
        spellings: &[
            "+81 90-1234-5678",
            "＋８１ ９０ １２３４ ５６７８",
            "+81 90 1234 5678",
        ],
    },
    Person {
        normalized: "+61412345678",
        spellings: &["+61 412 345 678", "+61 (0)412 345 678"],
    },
    Person {
        normalized: "+525512345678",
        spellings: &["+52 55 1234 5678", "+52 (55) 1234-5678"],
    },
    Person {
        normalized: "+27821234567",
        spellings: &["+27 82 123 4567", "+27 (0)82 123 4567"],
    },
    Person {
        normalized: "+5511912345678",
        spellings: &["+55 11 91234-5678", "+55 (11) 91234 5678"],
    },
    Person {
        normalized: "ann@example.com",
        spellings: &[
            "ann@example.com",
            "Ann@Example.com",
            "ANN@EXAMPLE.COM",
            "mailto:Ann@example.com",
            "Ann Lee <ann@EXAMPLE.com>",
            "\"ann@example.com\"",
            "“Ann@example.com”",
        ],
    },
    Person {
        normalized: "bob.smith+groups@mail.example.co.uk",
        spellings: &[
            "bob.smith+groups@mail.example.co.uk",
            "Bob.Smith+Groups@Mail.Example.CO.UK",
            "<bob.smith+groups@mail.example.co.uk>",
        ],
    },
    Person {
        normalized: "ann@xn--bcher-kva.de",
        spellings: &["ann@bücher.de", "ANN@BÜCHER.DE", "ann@xn--bcher-kva.de"],
    },
];

const REGIONS: &[&str] = &[
    "US", "GB", "FR", "DE", "IN", "BR", "JP", "AU", "MX", "ZA", "ZZ", "", "gb",
];
const SEPARATORS: &[&str] = &["\n", ", ", ";", "\t", "\r\n", "，", "、", "；", " ,\n "];

/// (person index, spelling) pairs.
fn spellings() -> impl Strategy<Value = Vec<(usize, &'static str)>> {
    vec(
        (0..PEOPLE.len()).prop_flat_map(|i| (Just(i), select(PEOPLE[i].spellings))),
        0..16,
    )
}

/// Every calling code a region has, once.
fn calling_codes() -> Vec<u16> {
    let mut codes: Vec<u16> = region_list().iter().map(|r| r.calling_code).collect();
    codes.sort_unstable();
    codes.dedup();
    codes
}

fn join(entries: &[String], separator: &str) -> String {
    entries.join(separator)
}

/// What goes out must be what the API documents: E.164, or a plain ASCII email with a real top-level domain.
fn is_plain_member(member: &str) -> bool {
    // `+` is a legal first character of an email's local part (`+tag@example.com`), so `@` decides.
    let Some((local, domain)) = member.split_once('@') else {
        let Some(digits) = member.strip_prefix('+') else {
            return false;
        };
        return (7..=15).contains(&digits.len())
            && digits.bytes().all(|b| b.is_ascii_digit())
            && !digits.starts_with('0');
    };
    let labels: Vec<&str> = domain.split('.').collect();
    let tld = labels.last().copied().unwrap_or_default();
    !local.is_empty()
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c))
        && labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        })
        && ((tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()))
            || tld.starts_with("xn--"))
}

/// Entries an operator might paste: people in their spellings, national numbers, junk, and arbitrary text.
fn messy_entry() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (0..PEOPLE.len()).prop_flat_map(|i| select(PEOPLE[i].spellings)).prop_map(str::to_owned),
        2 => select(&["(415) 555-2671", "020 7946 0958", "06 12 34 56 78", "090-1234-5678", "0412 345 678",
                      "555-0100", "00 44 20 7946 0958", "011 44 20 7946 0958", "0044 20 7946 0958", "12",
                      // In no known range: sent, to check.
                      "+1 555 123 4567", "555 987 6543", "07700 900123", "+44 7700 900123",
                      // Read differently: sent as +375800000, to check.
                      "+375 88800000"][..])
            .prop_map(str::to_owned),
        1 => select(&["nope", "ann@", "@x.com", "ann@gmail.c", "jörg@example.com", "+", "1-800-FLOWERS",
                      "Ann <>", "mailto:", "tel:", "\"\"", "<>"][..])
            .prop_map(str::to_owned),
        1 => "[0-9+() .-]{1,24}",
        // atext in the domain too (`exa'mple.com`): RFC 5322 allows it, a host name doesn't.
        1 => "[a-zA-Z0-9._%+'-]{1,12}@[a-zA-Z0-9'_-]{1,10}\\.[a-zA-Z0-9]{1,4}",
        1 => any::<String>(),
    ]
}

/// `cases` per property; a failing case is saved beside this file (`properties.proptest-regressions`, committed) and replayed first.
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(64))]

    /// Normalising twice equals normalising once, and a normalised list means the same in every country.
    #[test]
    fn normalising_is_idempotent(
        entries in vec(messy_entry(), 0..12),
        region in select(REGIONS),
        separator in select(SEPARATORS),
        other_region in select(REGIONS),
    ) {
        let first = parse_members(&join(&entries, separator), region);
        for accepted in &first.accepted {
            prop_assert!(is_plain_member(accepted), "not plain: {accepted:?}");
        }
        // A number to check stays one to check: normalising doesn't launder the warning away. Except a number
        // read differently: its warning is about the digits written, and written as sent it has that number's
        // own status (None here).
        let sent_statuses: Vec<Option<MemberStatus>> = first
            .entries
            .iter()
            .filter(|e| matches!(e.status, MemberStatus::Ok | MemberStatus::Check))
            .map(|e| {
                let read_differently =
                    matches!(e.problem, Some(MemberProblem::PhoneReadDifferently { .. }));
                (!read_differently).then_some(e.status)
            })
            .collect();
        for again_in in [region, other_region] {
            let again = parse_members(&first.accepted.join("\n"), again_in);
            prop_assert_eq!(&again.accepted, &first.accepted, "region {:?}", again_in);
            prop_assert_eq!(again.entries.len(), sent_statuses.len());
            for (entry, status) in again.entries.iter().zip(&sent_statuses) {
                prop_assert!(matches!(entry.status, MemberStatus::Ok | MemberStatus::Check));
                if let Some(status) = status {
                    prop_assert_eq!(entry.status, *status, "region {:?}: {:?}", again_in, entry);
                }
            }
        }
    }

    /// Shuffling the pasted entries changes the order of what is sent, not who.
    #[test]
    fn order_does_not_change_the_accepted_set(
        (entries, shuffled) in vec(messy_entry(), 0..12)
            .prop_flat_map(|v| (Just(v.clone()), Just(v).prop_shuffle())),
        region in select(REGIONS),
    ) {
        let a = parse_members(&entries.join("\n"), region);
        let b = parse_members(&shuffled.join("\n"), region);
        prop_assert_eq!(a.accepted.len(), b.accepted.len());
        let a_set: HashSet<&String> = a.accepted.iter().collect();
        let b_set: HashSet<&String> = b.accepted.iter().collect();
        prop_assert_eq!(a_set, b_set);
        prop_assert_eq!(a.invalid().count(), b.invalid().count());
    }

    /// However each person is written, each is accepted exactly once, as their normalised form, in order of
    /// first appearance; every other mention is a duplicate pointing at a real earlier entry.
    #[test]
    fn duplicates_in_any_format_are_accepted_once(
        picks in spellings(),
        region in select(REGIONS),
        separator in select(SEPARATORS),
    ) {
        let entries: Vec<String> = picks.iter().map(|(_, s)| (*s).to_owned()).collect();
        let report = parse_members(&join(&entries, separator), region);
        let mut expected: Vec<&str> = Vec::new();
        for (i, _) in &picks {
            if !expected.contains(&PEOPLE[*i].normalized) {
                expected.push(PEOPLE[*i].normalized);
            }
        }
        prop_assert_eq!(&report.accepted, &expected);
        prop_assert_eq!(report.entries.len(), picks.len());
        prop_assert_eq!(report.duplicates().count(), picks.len() - expected.len());
        let first_index: HashMap<&str, usize> = report
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| matches!(e.status, MemberStatus::Ok | MemberStatus::Check))
            .map(|(i, e)| (e.normalized.as_deref().unwrap_or_default(), i))
            .collect();
        for (i, entry) in report.entries.iter().enumerate() {
            if entry.status == MemberStatus::Duplicate {
                let first = first_index[entry.normalized.as_deref().unwrap_or_default()];
                prop_assert!(first < i);
                let points_back = matches!(
                    entry.problem,
                    Some(MemberProblem::MemberDuplicate { line, .. }) if line == report.entries[first].line
                );
                prop_assert!(points_back, "{:?}", entry.problem);
            }
        }
    }

    /// `check_name` accepts its own output unchanged, and its output is the trimmed input.
    #[test]
    fn the_name_check_is_idempotent(
        name in prop_oneof![
            any::<String>(),
            "[ \t\n\u{3000}\u{a0}]{0,3}[a-zA-Z0-9 \u{0600}-\u{06ff}\u{4e00}-\u{4e20}\u{1f600}-\u{1f610}\u{200d}\u{301}]{0,300}[ \t\n]{0,3}",
        ],
    ) {
        match check_name(&name) {
            Ok(checked) => {
                prop_assert_eq!(checked.as_str(), name.trim());
                prop_assert_eq!(check_name(&checked), Ok(checked.clone()));
            }
            Err(problem) => prop_assert_eq!(problem.field, blooio_core::Field::Name),
        }
    }

    /// Arbitrary text in every field: no panic, and the report keeps its own promises.
    #[test]
    fn check_draft_never_panics_and_keeps_its_invariants(
        name in any::<String>(),
        chat_guid in prop_oneof![any::<String>(), "[a-zA-Z]{1,8};[+-];[^ ]{1,20}"],
        members in prop_oneof![any::<String>(), vec(messy_entry(), 0..10).prop_map(|v| v.join("\n"))],
        region in prop_oneof![select(REGIONS).prop_map(str::to_owned), any::<String>()],
    ) {
        assert_draft_invariants(&GroupDraft { name, chat_guid, members, default_region: region });
    }
}

proptest! {
    // Most generated numbers have an impossible length and end the case early: many cheap cases.
    #![proptest_config(config(512))]

    /// The policy: Blooio asks for E.164, so a number whose length libphonenumber calls possible for its country
    /// (7 to 15 digits with the country code) is sent as its E.164 form; it is to check exactly when it is in no
    /// range libphonenumber knows. Whatever the default country, as the number is written internationally.
    #[test]
    fn a_possible_number_is_never_refused(
        calling_code in select(calling_codes()),
        national in "[1-9][0-9]{3,12}",
        region in select(REGIONS),
    ) {
        let written = format!("+{calling_code} {national}");
        let Ok(number) = PHONE_NUMBER_UTIL.parse(&written, None) else {
            return Ok(());
        };
        let e164 = PHONE_NUMBER_UTIL.format(&number, PhoneNumberFormat::E164).into_owned();
        let possible = PHONE_NUMBER_UTIL.is_possible_number_with_reason(&number)
            == Ok(NumberLengthType::IsPossible);
        if !possible || !(8..=16).contains(&e164.len()) || number.italian_leading_zero() {
            return Ok(());
        }
        let report = parse_members(&written, region);
        prop_assert_eq!(report.accepted.len(), 1, "refused: {:?}", report.entries[0].problem);
        let sent = &report.accepted[0];
        // What is sent reads back as itself. Where libphonenumber, reading the E.164 form back, strips what it
        // takes for a national prefix once more (`+375 88800000` is `+3758800000`, read back as `+375800000`),
        // the number sent is the one it settles on, to check whatever its range: not all the digits written are
        // in it.
        let Ok(sent_number) = PHONE_NUMBER_UTIL.parse(sent, None) else {
            return Err(TestCaseError::fail(format!("{sent} does not read back")));
        };
        prop_assert_eq!(&PHONE_NUMBER_UTIL.format(&sent_number, PhoneNumberFormat::E164), sent);
        let reads_back = PHONE_NUMBER_UTIL
            .parse(&e164, None)
            .is_ok_and(|again| PHONE_NUMBER_UTIL.format(&again, PhoneNumberFormat::E164) == e164);
        if reads_back {
            prop_assert_eq!(sent, &e164);
        }
        let want = if sent == &e164 && PHONE_NUMBER_UTIL.is_valid_number(&sent_number) {
            MemberStatus::Ok
        } else {
            MemberStatus::Check
        };
        if sent != &e164 {
            let warned = matches!(
                &report.entries[0].problem,
                Some(MemberProblem::PhoneReadDifferently { e164: warned, .. }) if warned == sent
            );
            prop_assert!(warned, "{:?}", report.entries[0].problem);
        }
        prop_assert_eq!(report.entries[0].status, want, "{:?}", report.entries[0].problem);
    }
}

proptest! {
    // Each case is up to a megabyte per field: few of them.
    #![proptest_config(config(6))]

    #[test]
    fn check_draft_handles_huge_input(
        chunk in any::<String>(),
        field in 0usize..4,
        size in 100_000usize..1_100_000,
    ) {
        let chunk = if chunk.is_empty() { "x".to_owned() } else { chunk };
        let huge = chunk.repeat(size / chunk.len() + 1);
        let mut draft = GroupDraft {
            name: "Team".into(),
            chat_guid: String::new(),
            members: String::new(),
            default_region: "US".into(),
        };
        match field {
            0 => draft.name = huge,
            1 => draft.chat_guid = huge,
            2 => draft.members = huge,
            _ => draft.default_region = huge,
        }
        assert_draft_invariants(&draft);
    }
}

fn assert_draft_invariants(draft: &GroupDraft) {
    let report = check_draft(draft);
    assert_eq!(report.request.is_some(), report.problems.is_empty());
    assert_eq!(
        report.name_chars as usize,
        draft.name.trim().chars().count().min(u32::MAX as usize)
    );
    if let Some(request) = &report.request {
        assert_eq!(request.name, draft.name.trim());
        assert_eq!(request.members, report.members.accepted);
        assert!(request.name.chars().count() <= blooio_core::NAME_MAX_CHARS);
    }
    assert_eq!(
        report.members.accepted.len(),
        report
            .members
            .entries
            .iter()
            .filter(|e| matches!(e.status, MemberStatus::Ok | MemberStatus::Check))
            .count()
    );
    for entry in &report.members.entries {
        // Every entry but a fine one says why it is not fine; a refusal is never a mere warning.
        assert_eq!(
            entry.problem.is_none(),
            entry.status == MemberStatus::Ok,
            "{entry:?}"
        );
        if entry.status == MemberStatus::Invalid {
            assert!(entry.problem.as_ref().is_some_and(|p| !p.is_warning()));
        }
    }
    for accepted in &report.members.accepted {
        assert!(is_plain_member(accepted), "not plain: {accepted:?}");
    }
    let unique: HashSet<&String> = report.members.accepted.iter().collect();
    assert_eq!(
        unique.len(),
        report.members.accepted.len(),
        "accepted twice"
    );
    for problem in &report.problems {
        assert!(!problem.to_string().is_empty());
        assert!(
            problem.to_string().chars().count() < 1_000,
            "a message quotes too much of the input"
        );
    }
}
