//! The whole form at once: every rule, every problem, and the request when there is nothing to fix.

use crate::problem::InputProblem;
use crate::rules::chat_guid::{check_chat_guid, ChatGuidCheck};
use crate::rules::members::{shorten, MemberChecker, MemberProblem};
use crate::rules::name::check_name;
use crate::types::{
    CreateGroupRequest, DraftReport, DraftSummary, Field, FieldProblem, GroupDraft, MemberEntry,
    MemberReport, MemberRow, MemberStatus, MemberSummary,
};

/// Fine entries listed before the rest are only counted: enough to check by eye how a pasted list is read, few
/// enough that the preview redraws within a frame and the Create button stays near the list.
pub const OK_ROWS_SHOWN: usize = 25;

/// Checks whole drafts, remembering the member entries it has read (see [`MemberChecker`]): whoever checks the
/// form as it is typed keeps one, so each keystroke costs only the entries that changed.
#[derive(Debug, Default)]
pub struct DraftChecker {
    members: MemberChecker,
}

impl DraftChecker {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn check(&mut self, draft: &GroupDraft) -> DraftReport {
        check_with(&mut self.members, draft)
    }
}

/// Checks a draft with a checker of its own: nothing is remembered for the next call.
pub fn check_draft(draft: &GroupDraft) -> DraftReport {
    DraftChecker::new().check(draft)
}

/// Cheap enough to run on every keystroke (see the members benchmark in `examples/`).
///
/// Members are optional in the API, so an empty list is fine; but an entry that cannot be used is a problem on
/// `Members`, never silently dropped: the operator meant someone by it. Duplicates are reported in
/// `members.entries` and sent once; they are not problems.
fn check_with(member_checker: &mut MemberChecker, draft: &GroupDraft) -> DraftReport {
    let mut problems = Vec::new();

    let trimmed_name = draft.name.trim();
    let name_chars = u32::try_from(trimmed_name.chars().count()).unwrap_or(u32::MAX);
    let name = match check_name(&draft.name) {
        Ok(name) => Some(name),
        Err(problem) => {
            problems.push(problem);
            None
        }
    };

    let mut chat_guid_warning = None;
    let chat_guid = match check_chat_guid(&draft.chat_guid) {
        ChatGuidCheck::Empty => None,
        ChatGuidCheck::Ok(guid) => Some(guid),
        ChatGuidCheck::Unfamiliar { guid, warning } => {
            chat_guid_warning = Some(warning.into());
            Some(guid)
        }
        ChatGuidCheck::Invalid(problem) => {
            problems.push(problem);
            None
        }
    };

    let members = member_checker.parse(&draft.members, &draft.default_region);
    if let Some(problem) = members_problem(&members) {
        problems.push(problem);
    }

    let request = match name {
        Some(name) if problems.is_empty() => Some(CreateGroupRequest {
            name,
            chat_guid,
            members: members.accepted.clone(),
        }),
        _ => None,
    };

    DraftReport {
        request,
        problems,
        chat_guid_warning,
        members,
        name_chars,
    }
}

impl DraftReport {
    /// The report as the form shows it: every invalid entry, then every entry to check, then every duplicate,
    /// then the first `ok_rows` fine ones; in list order within each. What needs the operator comes first, so
    /// a long list's problems are never below its fine entries.
    pub fn summary(&self, ok_rows: usize) -> DraftSummary {
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let mut members = MemberSummary::default();
        let rank = |status: MemberStatus| match status {
            MemberStatus::Invalid => 0,
            MemberStatus::Check => 1,
            MemberStatus::Duplicate => 2,
            MemberStatus::Ok => 3,
        };
        let mut ok_seen = 0usize;
        let mut to_check = 0usize;
        let mut shown: Vec<(usize, &MemberEntry)> = Vec::new();
        for (index, entry) in self.members.entries.iter().enumerate() {
            let show = match entry.status {
                MemberStatus::Ok => {
                    ok_seen += 1;
                    ok_seen <= ok_rows
                }
                // Sent, and always shown: the operator is asked to look at it.
                MemberStatus::Check => {
                    to_check += 1;
                    true
                }
                MemberStatus::Duplicate => {
                    members.duplicate += 1;
                    true
                }
                MemberStatus::Invalid => {
                    members.invalid += 1;
                    true
                }
            };
            if show {
                shown.push((index, entry));
            }
        }
        // Stable: list order within each status.
        shown.sort_by_key(|(_, entry)| rank(entry.status));
        members.rows = shown
            .into_iter()
            .map(|(index, entry)| MemberRow {
                index: count(index),
                entry: entry.clone(),
            })
            .collect();
        members.ok = count(ok_seen + to_check);
        members.to_check = count(to_check);
        members.more_ok = count(ok_seen.saturating_sub(ok_rows));
        DraftSummary {
            problems: self.problems.clone(),
            chat_guid_warning: self.chat_guid_warning.clone(),
            name_chars: self.name_chars,
            members,
        }
    }
}

fn members_problem(members: &MemberReport) -> Option<FieldProblem> {
    let invalid: Vec<&MemberEntry> = members.invalid().collect();
    let first = invalid.first()?;
    Some(FieldProblem::new(
        Field::Members,
        InputProblem::MembersUnusable {
            count: u32::try_from(invalid.len()).unwrap_or(u32::MAX),
            first_input: shorten(&first.input),
            // Every invalid entry carries its problem; the fallback only keeps this function total.
            first_problem: Box::new(
                first
                    .problem
                    .clone()
                    .unwrap_or(MemberProblem::MemberNotPhoneOrEmail),
            ),
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(name: &str, chat_guid: &str, members: &str) -> GroupDraft {
        GroupDraft {
            name: name.into(),
            chat_guid: chat_guid.into(),
            members: members.into(),
            default_region: "US".into(),
        }
    }

    #[test]
    fn drafts() {
        // (what, draft, fields with problems, whether a request is produced)
        let cases: Vec<(&str, GroupDraft, Vec<Field>)> = vec![
            ("name only", draft("Team", "", ""), vec![]),
            (
                "everything",
                draft(" Team ", "iMessage;+;chat1", "212-555-0100, a@example.com"),
                vec![],
            ),
            (
                "unfamiliar service only warns",
                draft("Team", "Jabber;+;chat1", ""),
                vec![],
            ),
            ("no name", draft("", "", "212-555-0100"), vec![Field::Name]),
            (
                "bad guid",
                draft("Team", "chat1", ""),
                vec![Field::ChatGuid],
            ),
            (
                "bad member",
                draft("Team", "", "212-555-0100\nnope"),
                vec![Field::Members],
            ),
            (
                "duplicates are fine",
                draft("Team", "", "212-555-0100\n(212) 555 0100"),
                vec![],
            ),
            (
                "all three wrong",
                draft("\0", "x;y", "nope"),
                vec![Field::Name, Field::ChatGuid, Field::Members],
            ),
        ];
        for (what, draft, fields) in cases {
            let report = check_draft(&draft);
            let got: Vec<Field> = report.problems.iter().map(|p| p.field).collect();
            assert_eq!(got, fields, "{what}: {:?}", report.problems);
            assert_eq!(report.request.is_some(), fields.is_empty(), "{what}");
        }
    }

    #[test]
    fn the_request_carries_normalised_values() {
        let report = check_draft(&draft(
            "  Launch crew ",
            " iMessage;+;chat42 ",
            "(212) 555-0100\nAnn@Example.com\n+1 212 555 0100",
        ));
        assert_eq!(
            report.request,
            Some(CreateGroupRequest {
                name: "Launch crew".into(),
                chat_guid: Some("iMessage;+;chat42".into()),
                members: vec!["+12125550100".into(), "ann@example.com".into()],
            })
        );
        assert_eq!(report.name_chars, 11);
        assert_eq!(report.chat_guid_warning, None);
        assert_eq!(report.members.entries.len(), 3);
    }

    #[test]
    fn warning_and_name_count() {
        let report = check_draft(&draft("👍 Team", "Jabber;+;chat1", ""));
        assert_eq!(report.name_chars, 6);
        assert!(report
            .chat_guid_warning
            .unwrap()
            .to_string()
            .contains("Jabber"));
        assert_eq!(
            report.request.unwrap().chat_guid.as_deref(),
            Some("Jabber;+;chat1")
        );
        let long = check_draft(&draft(&"a".repeat(300), "", ""));
        assert_eq!(long.name_chars, 300);
    }

    #[test]
    fn member_problem_names_the_entry_and_the_fix() {
        let one = check_draft(&draft("Team", "", "555-0100"));
        assert_eq!(
            one.problems[0].to_string(),
            "Fix or remove “555-0100”: Not a valid phone number for United States (US): too short: add the area code. \
             If it is from another country, start it with + and the country code."
        );
        let two = check_draft(&draft("Team", "", "nope, 555-0100"));
        assert!(two.problems[0]
            .to_string()
            .starts_with("Fix or remove the 2 entries that can't be used"));
        assert!(two.problems[0]
            .to_string()
            .contains("“nope”: Not a phone number or an email address."));
    }

    #[test]
    fn the_documentation_example_is_sent_and_both_numbers_are_to_check() {
        let report = check_draft(&draft("Sales Team", "", "+15551234567\n+15559876543"));
        assert_eq!(
            report.request,
            Some(CreateGroupRequest {
                name: "Sales Team".into(),
                chat_guid: None,
                members: vec!["+15551234567".into(), "+15559876543".into()],
            })
        );
        let summary = check_draft(&draft(
            "Sales Team",
            "",
            "+15551234567, +15559876543, 212-555-0100",
        ))
        .summary(OK_ROWS_SHOWN);
        assert_eq!((summary.members.ok, summary.members.to_check), (3, 2));
        let shown: Vec<MemberStatus> = summary
            .members
            .rows
            .iter()
            .map(|r| r.entry.status)
            .collect();
        assert_eq!(
            shown,
            vec![MemberStatus::Check, MemberStatus::Check, MemberStatus::Ok]
        );
        // Whatever the order typed, invalid rows come first, then those to check, then duplicates.
        let mixed = check_draft(&draft(
            "T",
            "",
            "212-555-0100\n+15551234567\n(212) 555 0100, nope\n+15551234567",
        ))
        .summary(OK_ROWS_SHOWN);
        let order: Vec<(MemberStatus, u32)> = mixed
            .members
            .rows
            .iter()
            .map(|r| (r.entry.status, r.entry.line))
            .collect();
        use MemberStatus::{Check as C, Duplicate as D, Invalid as I, Ok as O};
        assert_eq!(order, vec![(I, 3), (C, 2), (D, 3), (D, 4), (O, 1)]);
        // Rows to check are shown even past the fine rows the form lists.
        assert_eq!(
            check_draft(&draft("T", "", "212-555-0100, +15551234567"))
                .summary(0)
                .members
                .rows
                .len(),
            1
        );
    }

    #[test]
    fn an_unknown_region_blocks_only_numbers_that_need_it() {
        let mut d = draft("Team", "", "+44 20 7946 0958");
        d.default_region = "ZZ".into();
        assert!(check_draft(&d).request.is_some());
        d.members = "020 7946 0958".into();
        let report = check_draft(&d);
        assert_eq!(report.problems.len(), 1);
        assert!(report.problems[0]
            .to_string()
            .contains("choose a default country"));
    }

    #[test]
    fn the_summary_keeps_every_problem_row_and_the_first_fine_ones() {
        let mut members: Vec<String> = (0..250)
            .map(|i| format!("+1 212 555 {}", 1000 + i))
            .collect();
        members.insert(200, "nope".into());
        members.push("+1 212 555 1000".into());
        let report = check_draft(&draft("Team", "", &members.join("\n")));
        let summary = report.summary(100);

        assert_eq!(
            (
                summary.members.ok,
                summary.members.duplicate,
                summary.members.invalid
            ),
            (250, 1, 1)
        );
        assert_eq!(summary.members.more_ok, 150);
        assert_eq!(summary.members.rows.len(), 102);
        // Problems first: the invalid entry, then the duplicate, then the fine ones in list order.
        let indices: Vec<u32> = summary.members.rows.iter().map(|r| r.index).collect();
        assert_eq!(&indices[..2], &[200, 251]);
        assert_eq!(&indices[2..], &(0..100).collect::<Vec<u32>>()[..]);
        assert_eq!(summary.members.rows[0].entry.status, MemberStatus::Invalid);
        assert_eq!(summary.members.rows[0].entry.line, 201);
        assert_eq!(
            summary.members.rows[1].entry.status,
            MemberStatus::Duplicate
        );
        assert_eq!(summary.members.rows[1].entry.line, 252);
        assert_eq!(
            summary.members.rows[1].entry.reason().as_deref(),
            Some("Skipped: already on line 1 (“+1 212 555 1000”).")
        );
        assert_eq!(summary.problems, report.problems);
        assert_eq!(summary.name_chars, 4);

        // Short lists are shown whole.
        let small =
            check_draft(&draft("Team", "", "212-555-0100, a@example.com")).summary(OK_ROWS_SHOWN);
        assert_eq!(small.members.rows.len(), 2);
        assert_eq!(small.members.more_ok, 0);
    }
}
