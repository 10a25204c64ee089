//! The English sentences for member problems, as the CLI, logs and the draft's problem text show them (the window
//! words the same codes in `ui/src/lib/words/members.ts`), and how entries are quoted inside them.

use std::fmt;

use super::problem::{MemberProblem, NumberPlace};
use crate::types::MemberEntry;

impl fmt::Display for MemberProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use MemberProblem as P;
        match self {
            P::MemberTooLong => f.write_str(
                "Too long to be a phone number or an email address; check that the entries are separated by new \
                 lines or commas.",
            ),
            P::MemberNotPhoneOrEmail => f.write_str("Not a phone number or an email address."),
            P::MemberDuplicate { line, first_input } => {
                write!(f, "Skipped: already on line {line} (“{first_input}”).")
            }
            P::PhoneFarTooLong => f.write_str(
                "Not a valid phone number: too long. Check that the entries are separated by new lines or commas.",
            ),
            P::PhoneNeedsCountryCode { default_region } => write!(
                f,
                "Add the country code (for example +44) to this number: the default country “{default_region}” \
                 isn't one this app knows, so a number without a country code can't be read. Or choose a default \
                 country."
            ),
            P::PhoneFewerThan7Digits => f.write_str(
                "Not a valid phone number: too short for an international number (at least 7 digits with the \
                 country code). Check for a missing digit.",
            ),
            P::PhoneMoreThan15Digits => f.write_str(
                "Not a valid phone number: more than the 15 digits an international number can have. Check for an \
                 extension or a digit too many.",
            ),
            P::PhoneUnknownCountryCode {
                place: None,
                national: _,
            } => f.write_str(
                "Not a valid phone number: the digits after + don't start with a country code that exists.",
            ),
            P::PhoneAddAreaCode { place, national } => {
                not_a_number(f, place, *national, "too short: add the area code")
            }
            P::PhoneTooShort { place, national } => not_a_number(f, place, *national, "too short"),
            P::PhoneTooLong { place, national } => not_a_number(f, place, *national, "too long"),
            P::PhoneWrongLength {
                place,
                national,
                digits,
            } => not_a_number(
                f,
                place,
                *national,
                &format!("{digits} digits is the wrong length there"),
            ),
            P::PhoneNoSuchNumbers { place, national } => {
                not_a_number(f, place, *national, "no number there starts with these digits")
            }
            P::PhoneCheckDigits { place, national } => {
                not_a_number(f, place, *national, "check the digits")
            }
            P::PhoneUnknownCountryCode { place, national } => {
                not_a_number(f, place, *national, "the country code doesn't exist")
            }
            P::PhoneNotInKnownRange { number, place, .. } => {
                write!(f, "{number} is not a number range known ")?;
                known_where(f, place)?;
                f.write_str(": check it before sending.")
            }
            P::PhoneReadDifferently { sent, place, .. } => {
                write!(f, "Read as {sent} ")?;
                known_where(f, place)?;
                f.write_str(", which is the number that will be sent: check it before sending.")
            }
            P::EmailHasSpace => not_an_email(f, "it has a space in it"),
            P::EmailNothingBeforeAt => not_an_email(f, "nothing comes before the @"),
            P::EmailNothingAfterAt => not_an_email(f, "nothing comes after the @"),
            P::EmailNoDomain => not_an_email(
                f,
                "the part after the @ should be a domain such as example.com",
            ),
            P::EmailMisplacedDot => not_an_email(f, "the domain after the @ has a misplaced dot"),
            P::EmailTooLong => not_an_email(f, "it is too long"),
            P::EmailBadCharacter => not_an_email(
                f,
                "it has a character email addresses can't have (a second @, a comma or a bracket?)",
            ),
            P::EmailIpAddress => {
                not_an_email(f, "use a domain name after the @, not an IP address")
            }
            P::EmailStrayQuotes => not_an_email(f, "it has stray quotes or brackets"),
            P::EmailNotJustAddress => {
                not_an_email(f, "write just the address, such as name@example.com")
            }
            P::EmailLocalPartNotPlain => not_an_email(
                f,
                "before the @ it can only have the letters a–z, digits and . _ + - (and a few other symbols), \
                 without quotes or accents",
            ),
            P::EmailDomainInvalid => {
                not_an_email(f, "the domain after the @ isn't a valid domain name")
            }
            P::EmailDomainCharacters => not_an_email(
                f,
                "the domain after the @ can only have letters, digits, hyphens and dots",
            ),
            P::EmailNoRealTld => not_an_email(
                f,
                "the domain should end in a real top-level domain such as .com or .uk",
            ),
            P::EmailTooLongInAscii => not_an_email(
                f,
                "it is too long once its domain is written in the ASCII form it is sent in (at most 254 \
                 characters)",
            ),
        }
    }
}

impl std::error::Error for MemberProblem {}

impl MemberEntry {
    /// Why the entry is to check, a duplicate or invalid, in English; `None` when it is fine.
    pub fn reason(&self) -> Option<String> {
        self.problem.as_ref().map(ToString::to_string)
    }
}

/// "Not a valid phone number for United Kingdom (GB): too short." A number written without a country code may
/// be from abroad, so its sentence also says how to write that.
fn not_a_number(
    f: &mut fmt::Formatter<'_>,
    place: &Option<NumberPlace>,
    national: bool,
    problem: &str,
) -> fmt::Result {
    f.write_str("Not a valid phone number")?;
    match place {
        Some(NumberPlace::Region { code, name }) if name != code => {
            write!(f, " for {name} ({code})")?;
        }
        Some(NumberPlace::Region { code, .. }) => write!(f, " for {code}")?,
        Some(NumberPlace::CallingCode { calling_code }) => {
            write!(f, " for country code +{calling_code}")?;
        }
        None => {}
    }
    write!(f, ": {problem}")?;
    if national {
        f.write_str(". If it is from another country, start it with + and the country code.")
    } else {
        f.write_str(".")
    }
}

/// "in the United States", "in QQ" (a region without a name), "for country code +800".
fn known_where(f: &mut fmt::Formatter<'_>, place: &NumberPlace) -> fmt::Result {
    match place {
        NumberPlace::Region { code, name } if name != code => {
            let the = if takes_the(code) { "the " } else { "" };
            write!(f, "in {the}{name}")
        }
        NumberPlace::Region { code, .. } => write!(f, "in {code}"),
        NumberPlace::CallingCode { calling_code } => write!(f, "for country code +{calling_code}"),
    }
}

fn not_an_email(f: &mut fmt::Formatter<'_>, problem: &str) -> fmt::Result {
    write!(f, "Not a valid email address: {problem}.")
}

/// Regions whose English short name reads with "the" after "in": "in the United States", "in the Bahamas".
/// The window's wording has the same list.
const TAKES_THE: &[&str] = &[
    "AE", "AX", "BQ", "BS", "CC", "CD", "CF", "CG", "CK", "DO", "FK", "FO", "GB", "GM", "IO", "KM",
    "KY", "MH", "MP", "MV", "NL", "PH", "SB", "SC", "TC", "US", "VG", "VI",
];

fn takes_the(code: &str) -> bool {
    TAKES_THE.contains(&code)
}

/// Keeps a quoted entry readable inside a sentence: at most 40 characters, and control characters shown as
/// their visible pictures (NUL as ␀, tab as ␉) so the operator can see what to remove and no invisible character
/// travels on into the UI's text.
pub(crate) fn shorten(s: &str) -> String {
    const MAX: usize = 40;
    let visible = |c: char| match c {
        '\0'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
        '\u{7f}' => '\u{2421}',
        c if c.is_control() => '\u{fffd}',
        c => c,
    };
    if s.chars().count() <= MAX {
        s.chars().map(visible).collect()
    } else {
        let mut out: String = s.chars().take(MAX - 1).map(visible).collect();
        out.push('…');
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::regions::REGION_NAMES;

    #[test]
    fn names_that_read_with_the_are_listed() {
        for (code, name) in REGION_NAMES {
            let plural_or_union = [
                "Islands",
                "Republic",
                "States",
                "Kingdom",
                "Emirates",
                "Territory",
            ]
            .iter()
            .any(|word| name.ends_with(word))
                || name.contains("(DRC)")
                || name.contains("(Republic)");
            if plural_or_union {
                assert!(takes_the(code), "{code} {name} reads “in the {name}”");
            }
        }
        assert!(
            TAKES_THE.windows(2).all(|w| w[0] < w[1]),
            "keep TAKES_THE sorted"
        );
        assert!(TAKES_THE
            .iter()
            .all(|code| crate::region_name(code).is_some()));
    }

    fn check_draft_message(members: &str) -> String {
        let draft = crate::types::GroupDraft {
            name: "Team".into(),
            chat_guid: String::new(),
            members: members.into(),
            default_region: "US".into(),
        };
        crate::check_draft(&draft).problems[0].to_string()
    }

    #[test]
    fn quoted_entries_show_control_characters() {
        assert_eq!(
            shorten("+1 415\0 555\u{7}\u{7f}\u{9b}"),
            "+1 415␀ 555␇␡\u{fffd}"
        );
        assert_eq!(shorten(&"é".repeat(50)), format!("{}…", "é".repeat(39)));
        let report = check_draft_message("+1 415 555 2671\0");
        assert_eq!(
            report,
            "Fix or remove “+1 415 555 2671␀”: Not a phone number or an email address."
        );
    }
}
