//! The table helper the phone, email and entry tests share.

use super::parse_members;
use crate::types::MemberStatus;

/// Ok(normalised) or Err(fragment of the reason)
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
                    entry.reason
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
                let reason = entry.reason.as_deref().unwrap_or_default();
                assert!(
                    reason.contains(fragment),
                    "{region} {input:?}: reason {reason:?} lacks {fragment:?}"
                );
                assert!(report.accepted.is_empty());
            }
        }
    }
}
