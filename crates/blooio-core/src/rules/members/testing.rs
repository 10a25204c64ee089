//! The table helpers the phone, email and entry tests share.

use super::parse_members;
use super::problem::MemberProblem;
use crate::types::MemberStatus;

/// Ok(normalised): sent without a warning; Err(fragment of the reason): refused.
pub(super) type Want = Result<&'static str, &'static str>;

pub(super) fn check(region: &str, cases: &[(&str, Want)]) {
    for (input, want) in cases {
        let report = parse_members(input, region);
        assert_eq!(report.entries.len(), 1, "{region} {input:?}: {report:?}");
        let entry = &report.entries[0];
        match want {
            Ok(normalized) => {
                assert_eq!(
                    entry.status,
                    MemberStatus::Ok,
                    "{region} {input:?}: {:?}",
                    entry.reason()
                );
                assert_eq!(
                    entry.normalized.as_deref(),
                    Some(*normalized),
                    "{region} {input:?}"
                );
                assert_eq!(report.accepted, vec![normalized.to_string()]);
            }
            Err(fragment) => {
                assert_eq!(
                    entry.status,
                    MemberStatus::Invalid,
                    "{region} {input:?}: {entry:?}"
                );
                let reason = entry.reason().unwrap_or_default();
                assert!(
                    reason.contains(fragment),
                    "{region} {input:?}: reason {reason:?} lacks {fragment:?}"
                );
                assert!(report.accepted.is_empty());
            }
        }
    }
}

/// Entries sent as `e164` with a warning to check them, worded exactly as `sentence`.
pub(super) fn check_warned(region: &str, cases: &[(&str, &str, &str)]) {
    for (input, e164, sentence) in cases {
        let report = parse_members(input, region);
        assert_eq!(report.entries.len(), 1, "{region} {input:?}: {report:?}");
        let entry = &report.entries[0];
        assert_eq!(
            entry.status,
            MemberStatus::Check,
            "{region} {input:?}: {entry:?}"
        );
        assert_eq!(
            report.accepted,
            vec![e164.to_string()],
            "{region} {input:?}"
        );
        assert_eq!(entry.normalized.as_deref(), Some(*e164));
        match &entry.problem {
            Some(MemberProblem::PhoneNotInKnownRange { e164: sent, .. }) => assert_eq!(sent, e164),
            other => panic!("{region} {input:?}: {other:?}"),
        }
        assert_eq!(
            entry.reason().as_deref(),
            Some(*sentence),
            "{region} {input:?}"
        );
    }
}
