//! What can be wrong with a member entry, or worth checking before it is sent, as codes with arguments. The
//! sentences are made elsewhere: `wording.rs` for Rust (the CLI, logs, the draft's problem text) and
//! `ui/src/lib/words/members.ts` for the window, so a program branches on the code and a translation words it.
//!
//! Codes are the variant names, serialised as `"code"`, and never renamed once shipped. Every code starts with
//! the subject it is about, so it cannot clash with the app's other problem codes: `Member…` for the entry as a
//! whole, `Phone…` for an entry read as a phone number, `Email…` for one read as an email address.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Why a member entry can't be sent as it is, or what to check before it is sent: a code with its arguments.
///
/// In the `Phone…` refusals, `place` is where the number was read as belonging (null when not even that is known)
/// and `national` says it was written without a country code, so the sentence also says how to write one from
/// another country.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "code")]
#[ts(export)]
pub enum MemberProblem {
    /// Longer than any address: probably several entries pasted without separators.
    MemberTooLong,
    /// Neither a phone number (it has a letter, say) nor an email address (no `@`).
    MemberNotPhoneOrEmail,
    /// The same person as an earlier entry; sent once, under that entry. Not a refusal.
    MemberDuplicate {
        /// The line of the pasted text the earlier entry is on, from 1.
        line: u32,
        /// The earlier entry as quoted in a sentence: at most 40 characters, control characters shown as
        /// their visible pictures (␀).
        first_input: String,
    },

    /// More digits than any number with an international prefix: probably several numbers run together.
    PhoneFarTooLong,
    /// Written without a country code while the default country is not one the app knows.
    PhoneNeedsCountryCode {
        /// The default country as given, quoted as `first_input` is.
        default_region: String,
    },
    /// Fewer than the 7 digits (with the country code) an international number has.
    PhoneFewerThan7Digits,
    /// More than the 15 digits (with the country code) E.164 allows.
    PhoneMoreThan15Digits,
    /// Possible only as a local number: the area code is missing.
    PhoneAddAreaCode {
        place: Option<NumberPlace>,
        national: bool,
    },
    PhoneTooShort {
        place: Option<NumberPlace>,
        national: bool,
    },
    PhoneTooLong {
        place: Option<NumberPlace>,
        national: bool,
    },
    /// Between lengths the place uses, but not one of them.
    PhoneWrongLength {
        place: Option<NumberPlace>,
        national: bool,
        /// Digits of the national number.
        digits: u32,
    },
    /// The place has no numbers at all of this shape.
    PhoneNoSuchNumbers {
        place: Option<NumberPlace>,
        national: bool,
    },
    /// The digits could not be read as a number.
    PhoneCheckDigits {
        place: Option<NumberPlace>,
        national: bool,
    },
    /// The digits after `+` (`place` null), or after the international prefix, start with no country code.
    PhoneUnknownCountryCode {
        place: Option<NumberPlace>,
        national: bool,
    },
    /// A warning, not a refusal: the length is right for the place but the number is in no range libphonenumber
    /// knows (fictional 555 numbers, ranges newer than its metadata). It is sent; the operator should check it.
    PhoneNotInKnownRange {
        /// Written internationally, grouped with spaces: `+1 555 123 4567`.
        number: String,
        /// What is sent: `+15551234567`.
        e164: String,
        place: NumberPlace,
    },
    /// A warning, not a refusal: libphonenumber reads the number as written, but reading that back drops digits
    /// (a leading 0, or an 8 it takes for Belarus's trunk prefix), so what is sent is not all the operator wrote.
    /// Sent as the number it settles on, which reads back as itself; the operator should check it.
    /// The entry itself is shown beside the sentence, which names only the number sent.
    PhoneReadDifferently {
        /// The number sent, written internationally and grouped with spaces: `+375 800 000`.
        sent: String,
        /// What is sent: `+375800000`.
        e164: String,
        place: NumberPlace,
    },

    /// Has a space (or other white space) in it.
    EmailHasSpace,
    EmailNothingBeforeAt,
    EmailNothingAfterAt,
    /// What follows the `@` is not a domain such as `example.com`.
    EmailNoDomain,
    EmailMisplacedDot,
    EmailTooLong,
    /// A character no address has: a second `@`, a comma, a bracket.
    EmailBadCharacter,
    /// An IP address after the `@` instead of a domain name.
    EmailIpAddress,
    EmailStrayQuotes,
    /// A display name or other text around the address.
    EmailNotJustAddress,
    /// Quotes or non-ASCII letters before the `@`: valid in RFC 5322, used by no iMessage handle.
    EmailLocalPartNotPlain,
    /// An internationalised domain that has no valid ASCII form.
    EmailDomainInvalid,
    /// Something other than letters, digits, hyphens and dots in the domain.
    EmailDomainCharacters,
    /// The last label of the domain is not a real top-level domain.
    EmailNoRealTld,
    /// Over 254 characters once the domain is in the ASCII form it is sent in.
    EmailTooLongInAscii,
}

/// Where a phone number belongs, as far as libphonenumber can tell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind")]
#[ts(export)]
pub enum NumberPlace {
    /// A country or region. `name` is its English short name (the code when there is none), carried so that
    /// every wording can name it without a table of its own; a translation can name it from `code`.
    Region { code: String, name: String },
    /// A non-geographic calling code (+800, +882…), which has no region.
    CallingCode { calling_code: u32 },
}

impl MemberProblem {
    /// Whether the entry is still sent: a duplicate or a number to check, not a refusal.
    pub fn is_warning(&self) -> bool {
        matches!(
            self,
            MemberProblem::MemberDuplicate { .. }
                | MemberProblem::PhoneNotInKnownRange { .. }
                | MemberProblem::PhoneReadDifferently { .. }
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::Problem;

    pub(super) fn one_of_each() -> Vec<MemberProblem> {
        use MemberProblem as P;
        let place = || {
            Some(NumberPlace::Region {
                code: "US".into(),
                name: "United States".into(),
            })
        };
        let all = vec![
            P::MemberTooLong,
            P::MemberNotPhoneOrEmail,
            P::MemberDuplicate {
                line: 1,
                first_input: "a".into(),
            },
            P::PhoneFarTooLong,
            P::PhoneNeedsCountryCode {
                default_region: "XX".into(),
            },
            P::PhoneFewerThan7Digits,
            P::PhoneMoreThan15Digits,
            P::PhoneAddAreaCode {
                place: place(),
                national: true,
            },
            P::PhoneTooShort {
                place: None,
                national: false,
            },
            P::PhoneTooLong {
                place: place(),
                national: false,
            },
            P::PhoneWrongLength {
                place: place(),
                national: true,
                digits: 9,
            },
            P::PhoneNoSuchNumbers {
                place: Some(NumberPlace::CallingCode { calling_code: 882 }),
                national: false,
            },
            P::PhoneCheckDigits {
                place: place(),
                national: true,
            },
            P::PhoneUnknownCountryCode {
                place: None,
                national: false,
            },
            P::PhoneNotInKnownRange {
                number: "+1 555 123 4567".into(),
                e164: "+15551234567".into(),
                place: NumberPlace::CallingCode { calling_code: 1 },
            },
            P::PhoneReadDifferently {
                sent: "+375 800 000".into(),
                e164: "+375800000".into(),
                place: NumberPlace::Region {
                    code: "BY".into(),
                    name: "Belarus".into(),
                },
            },
            P::EmailHasSpace,
            P::EmailNothingBeforeAt,
            P::EmailNothingAfterAt,
            P::EmailNoDomain,
            P::EmailMisplacedDot,
            P::EmailTooLong,
            P::EmailBadCharacter,
            P::EmailIpAddress,
            P::EmailStrayQuotes,
            P::EmailNotJustAddress,
            P::EmailLocalPartNotPlain,
            P::EmailDomainInvalid,
            P::EmailDomainCharacters,
            P::EmailNoRealTld,
            P::EmailTooLongInAscii,
        ];
        // A new variant fails to compile here until it is added above.
        for problem in &all {
            match problem {
                P::MemberTooLong
                | P::MemberNotPhoneOrEmail
                | P::MemberDuplicate { .. }
                | P::PhoneFarTooLong
                | P::PhoneNeedsCountryCode { .. }
                | P::PhoneFewerThan7Digits
                | P::PhoneMoreThan15Digits
                | P::PhoneAddAreaCode { .. }
                | P::PhoneTooShort { .. }
                | P::PhoneTooLong { .. }
                | P::PhoneWrongLength { .. }
                | P::PhoneNoSuchNumbers { .. }
                | P::PhoneCheckDigits { .. }
                | P::PhoneUnknownCountryCode { .. }
                | P::PhoneNotInKnownRange { .. }
                | P::PhoneReadDifferently { .. }
                | P::EmailHasSpace
                | P::EmailNothingBeforeAt
                | P::EmailNothingAfterAt
                | P::EmailNoDomain
                | P::EmailMisplacedDot
                | P::EmailTooLong
                | P::EmailBadCharacter
                | P::EmailIpAddress
                | P::EmailStrayQuotes
                | P::EmailNotJustAddress
                | P::EmailLocalPartNotPlain
                | P::EmailDomainInvalid
                | P::EmailDomainCharacters
                | P::EmailNoRealTld
                | P::EmailTooLongInAscii => {}
            }
        }
        all
    }

    /// Read back as part of the app's one `Problem`, whose groups are tried in turn: a member code that another
    /// group also had would come back as that group's problem.
    #[test]
    fn every_code_is_the_app_wide_problem_it_was() {
        let mut codes = Vec::new();
        for member in one_of_each() {
            let problem = Problem::from(member.clone());
            let json = serde_json::to_string(&problem).unwrap_or_default();
            let back: Problem =
                serde_json::from_str(&json).unwrap_or_else(|e| panic!("{json}: {e}"));
            assert_eq!(back, problem, "{json}");
            let code = problem.code();
            assert!(
                ["Member", "Phone", "Email"]
                    .iter()
                    .any(|prefix| code.starts_with(prefix)),
                "{code}"
            );
            assert!(!member.to_string().is_empty());
            codes.push(code);
        }
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), one_of_each().len());
    }

    #[test]
    fn a_problem_is_its_code_and_named_arguments() {
        let json = serde_json::to_value(MemberProblem::PhoneNotInKnownRange {
            number: "+1 555 123 4567".into(),
            e164: "+15551234567".into(),
            place: NumberPlace::Region {
                code: "US".into(),
                name: "United States".into(),
            },
        })
        .unwrap_or_default();
        assert_eq!(
            json,
            serde_json::json!({
                "code": "PhoneNotInKnownRange",
                "number": "+1 555 123 4567",
                "e164": "+15551234567",
                "place": {"kind": "Region", "code": "US", "name": "United States"}
            })
        );
    }
}

/// The Rust sentences for one problem of each code (and each turn a sentence can take), written beside the
/// window's wording as `ui/src/lib/words/members.cases.json`, so its test checks the window says the same. Written
/// by `cargo test`, as the ts-rs bindings are; commit it with them.
#[cfg(test)]
mod window_cases {
    use super::tests::one_of_each;
    use super::*;

    fn region(code: &str, name: &str) -> NumberPlace {
        NumberPlace::Region {
            code: code.into(),
            name: name.into(),
        }
    }

    #[test]
    fn write_the_sentences_for_the_window_test() {
        let mut problems = one_of_each();
        problems.extend([
            MemberProblem::PhoneNotInKnownRange {
                number: "+44 7700 900123".into(),
                e164: "+447700900123".into(),
                place: region("GB", "United Kingdom"),
            },
            MemberProblem::PhoneNotInKnownRange {
                number: "+61 13001234".into(),
                e164: "+6113001234".into(),
                place: region("AU", "Australia"),
            },
            MemberProblem::PhoneNotInKnownRange {
                number: "+1 555 123 4567".into(),
                e164: "+15551234567".into(),
                place: region("US", "United States"),
            },
            MemberProblem::PhoneNotInKnownRange {
                number: "+999 1234567".into(),
                e164: "+9991234567".into(),
                place: region("QQ", "QQ"),
            },
            MemberProblem::PhoneReadDifferently {
                sent: "+800 1234 567".into(),
                e164: "+8001234567".into(),
                place: NumberPlace::CallingCode { calling_code: 800 },
            },
            MemberProblem::PhoneReadDifferently {
                sent: "+1 212 555 0100".into(),
                e164: "+12125550100".into(),
                place: region("US", "United States"),
            },
            MemberProblem::PhoneTooShort {
                place: Some(region("QQ", "QQ")),
                national: true,
            },
            MemberProblem::PhoneUnknownCountryCode {
                place: Some(region("US", "United States")),
                national: true,
            },
            MemberProblem::PhoneTooLong {
                place: Some(NumberPlace::CallingCode { calling_code: 800 }),
                national: false,
            },
        ]);
        let cases: Vec<serde_json::Value> = problems
            .iter()
            .map(|p| serde_json::json!({"problem": p, "text": p.to_string()}))
            .collect();
        let json = serde_json::to_string_pretty(&cases).unwrap_or_default() + "\n";
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../ui/src/lib/words/members.cases.json"
        );
        if std::fs::read_to_string(path).ok().as_deref() != Some(json.as_str()) {
            if let Err(error) = std::fs::write(path, &json) {
                panic!("could not write {path}: {error}");
            }
        }
    }
}
