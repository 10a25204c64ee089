//! One entry: what is around the address is taken off, then it is read as an email, a phone number or neither.

use super::email::normalize_email;
use super::phone::{normalize_phone, phone_digits};
use rlibphonenumber::Region as PhoneRegion;

use super::problem::MemberProblem;
use crate::types::MemberKind;

/// Longer than any email address (254) or phone number; such an entry is refused before any parser sees it, so a
/// megabyte pasted without separators costs one scan.
pub(super) const MAX_ENTRY_CHARS: usize = 320;

/// What the entry is, and what is sent for it or why it can't be. Problems are boxed: the checker keeps an outcome
/// for every entry it has read, and most have none, so an outcome stays the size of a string.
pub(super) type Outcome = (MemberKind, Result<Accepted, Box<MemberProblem>>);

/// An entry that can be sent: its normalised form, and what the operator should check first, if anything.
#[derive(Debug, Clone)]
pub(super) struct Accepted {
    pub normalized: String,
    pub warning: Option<Box<MemberProblem>>,
}

impl Accepted {
    pub fn plain(normalized: String) -> Self {
        Accepted {
            normalized,
            warning: None,
        }
    }
}

pub(super) fn classify(input: &str, region: Option<PhoneRegion>, region_text: &str) -> Outcome {
    let (kind, outcome) = read(input, region, region_text);
    (kind, outcome.map_err(Box::new))
}

fn read(
    input: &str,
    region: Option<PhoneRegion>,
    region_text: &str,
) -> (MemberKind, Result<Accepted, MemberProblem>) {
    if input.chars().count() > MAX_ENTRY_CHARS {
        return (MemberKind::Unknown, Err(MemberProblem::MemberTooLong));
    }
    let bare = unwrap_decoration(input);
    if bare.contains('@') {
        return (
            MemberKind::Email,
            normalize_email(bare).map(Accepted::plain),
        );
    }
    match phone_digits(bare) {
        Some((plus, digits)) => (
            MemberKind::Phone,
            normalize_phone(plus, &digits, region, region_text),
        ),
        None => (
            MemberKind::Unknown,
            Err(MemberProblem::MemberNotPhoneOrEmail),
        ),
    }
}

/// Takes the address out of what address books and mail clients put around it: `Ann <ann@example.com>`,
/// `"ann@example.com"`, `mailto:`, `tel:`.
fn unwrap_decoration(input: &str) -> &str {
    let mut s = input;
    if s.ends_with('>') {
        if let Some(open) = s.rfind('<') {
            s = s[open + 1..s.len() - 1].trim();
        }
    }
    for (open, close) in [('"', '"'), ('\'', '\''), ('“', '”'), ('‘', '’')] {
        if s.len() >= 2 && s.starts_with(open) && s.ends_with(close) {
            s = s[open.len_utf8()..s.len() - close.len_utf8()].trim();
            break;
        }
    }
    for scheme in ["mailto:", "tel:", "sms:", "imessage:"] {
        if s.len() > scheme.len()
            && s.is_char_boundary(scheme.len())
            && s[..scheme.len()].eq_ignore_ascii_case(scheme)
        {
            s = s[scheme.len()..].trim();
            break;
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::super::testing::check;
    use crate::rules::members::parse_members;
    use crate::types::MemberStatus;

    #[test]
    fn not_phone_or_email() {
        check(
            "US",
            &[
                ("Ann", Err("Not a phone number or an email address.")),
                (
                    "call 212 555 0100",
                    Err("Not a phone number or an email address."),
                ),
                (
                    "1-800-FLOWERS",
                    Err("Not a phone number or an email address."),
                ),
                ("+", Err("Not a phone number or an email address.")),
                ("212+555", Err("Not a phone number or an email address.")),
                ("---", Err("Not a phone number or an email address.")),
            ],
        );
        let long = "9".repeat(1_000);
        let report = parse_members(&long, "US");
        assert_eq!(report.entries[0].status, MemberStatus::Invalid);
        assert!(report.entries[0]
            .reason()
            .as_deref()
            .unwrap()
            .starts_with("Too long"));
        let report = parse_members(&"9".repeat(25), "US");
        assert!(report.entries[0]
            .reason()
            .as_deref()
            .unwrap()
            .contains("too long"));
    }
}
