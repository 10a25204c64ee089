//! `parse_members` on arbitrary text. The input's first line picks the default region: taken as it is when it
//! is at most 3 characters long (so the fuzzer reaches every region, and unknown, lower-case and malformed
//! codes), otherwise one of ten common ones chosen by hashing the line, so most runs are spent on the numbering
//! plans pasted most. (The choice dates from the `phonenumber` crate, whose 100-entry regex cache made cycling
//! through all 240 regions ten times slower; rlibphonenumber compiles each region's patterns once.) The rest of
//! the input is the pasted list.
//!
//! Beyond "doesn't panic", every run checks the report's promises: entries, statuses and problem codes agree
//! (a number to check carries the warning for what is sent, a refusal is never a mere warning), what is
//! accepted is E.164 or a plain ASCII email, each person once, and normalising the accepted list again changes
//! neither what is sent nor which of it is to check.

#![no_main]

use std::collections::HashSet;
use std::sync::LazyLock;

use blooio_core::{parse_members, supported_regions, MemberProblem, MemberStatus};
use libfuzzer_sys::fuzz_target;

const COMMON_REGIONS: [&str; 10] = ["US", "GB", "FR", "DE", "IN", "BR", "JP", "AU", "MX", "ZA"];

/// Checked once: the common regions must be real ones, or the target would only exercise the unknown-region path.
static REGIONS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let supported = supported_regions();
    for code in COMMON_REGIONS {
        assert!(
            supported.iter().any(|s| s == code),
            "{code} is not supported"
        );
    }
    COMMON_REGIONS.to_vec()
});

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (first_line, pasted) = text.split_once('\n').unwrap_or((&text, ""));
    let region = if first_line.chars().count() <= 3 {
        first_line.to_owned()
    } else {
        // FNV-1a: any stable spread will do.
        let hash = first_line.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        });
        REGIONS[(hash % REGIONS.len() as u64) as usize].to_owned()
    };

    let report = parse_members(pasted, &region);

    let mut seen = HashSet::new();
    let mut accepted = Vec::new();
    let mut sent_statuses = Vec::new();
    for entry in &report.entries {
        assert!(!entry.input.is_empty(), "empty entry");
        assert_eq!(entry.input.trim(), entry.input, "untrimmed entry");
        match entry.status {
            MemberStatus::Ok | MemberStatus::Check => {
                let normalized = entry.normalized.as_deref().expect("sent without a value");
                match &entry.problem {
                    None => assert_eq!(entry.status, MemberStatus::Ok),
                    Some(
                        MemberProblem::PhoneNotInKnownRange { e164, .. }
                        | MemberProblem::PhoneReadDifferently { e164, .. },
                    ) => {
                        assert_eq!(entry.status, MemberStatus::Check);
                        assert_eq!(e164, normalized, "the warning is about another number");
                    }
                    Some(other) => panic!("sent with {other:?}"),
                }
                assert!(
                    seen.insert(normalized.to_owned()),
                    "{normalized} accepted twice"
                );
                accepted.push(normalized.to_owned());
                // A number read differently is to check because of the digits written, not the number sent:
                // written as sent, it has that number's own status.
                let read_differently =
                    matches!(entry.problem, Some(MemberProblem::PhoneReadDifferently { .. }));
                sent_statuses.push((!read_differently).then_some(entry.status));
            }
            MemberStatus::Duplicate => {
                let normalized = entry
                    .normalized
                    .as_deref()
                    .expect("Duplicate without a value");
                assert!(
                    seen.contains(normalized),
                    "duplicate of nothing earlier: {normalized}"
                );
                assert!(matches!(
                    entry.problem,
                    Some(MemberProblem::MemberDuplicate { .. })
                ));
                assert!(entry
                    .reason()
                    .is_some_and(|r| r.starts_with("Skipped: already on line ")));
            }
            MemberStatus::Invalid => {
                assert!(entry.normalized.is_none());
                let problem = entry.problem.as_ref().expect("Invalid without a problem");
                assert!(!problem.is_warning(), "refused with a warning: {problem:?}");
                assert!(!problem.to_string().is_empty());
            }
        }
    }
    assert_eq!(report.accepted, accepted);
    for member in &report.accepted {
        assert!(is_plain_member(member), "not plain: {member:?}");
    }
    let again = parse_members(&report.accepted.join("\n"), &region);
    assert_eq!(
        again.accepted, report.accepted,
        "normalising twice changed it"
    );
    assert_eq!(again.entries.len(), sent_statuses.len());
    for (entry, status) in again.entries.iter().zip(&sent_statuses) {
        assert!(
            matches!(entry.status, MemberStatus::Ok | MemberStatus::Check),
            "a sent number is no longer sent: {entry:?}"
        );
        if let Some(status) = status {
            assert_eq!(
                entry.status, *status,
                "normalising changed which numbers are to check: {entry:?}"
            );
        }
    }
});

/// E.164 (`^\+[1-9]\d{6,14}$`) or `local@domain` with an ASCII local part and an ASCII domain ending in a real
/// top-level domain: the shapes the API documents.
fn is_plain_member(member: &str) -> bool {
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
