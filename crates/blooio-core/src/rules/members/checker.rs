//! The member list as a whole: every entry checked, duplicates found, and the outcomes of entries already seen
//! kept by the checker that saw them, so re-checking a list as it is typed costs only the entries that changed.

use std::collections::hash_map::{Entry, HashMap};

use rlibphonenumber::Region as PhoneRegion;

use super::entry::{classify, Outcome, MAX_ENTRY_CHARS};
use super::problem::MemberProblem;
use super::split::{spans, without_entries};
use super::wording::shorten;
use crate::rules::regions::region_id;
use crate::types::{MemberEntry, MemberRemoval, MemberReport, MemberStatus};

/// Checks pasted member lists and remembers the outcome of every entry it has read for the current default
/// region. Whoever re-checks a list as it is typed (the form, on every keystroke) keeps one and passes it
/// `&mut`; a one-off check can use [`parse_members`].
#[derive(Debug, Default)]
pub struct MemberChecker {
    memo: Memo,
}

impl MemberChecker {
    pub fn new() -> Self {
        Self::default()
    }

    /// Splits a pasted list and checks every entry. `default_region` is an ISO 3166 alpha-2 code (`"US"`, any
    /// case). Entries are numbered from 1 among the non-empty ones, as `MemberReport::entries` lists them.
    pub fn parse(&mut self, pasted: &str, default_region: &str) -> MemberReport {
        let region = region_id(default_region);
        self.memo.prepare(default_region);
        let mut entries_out: Vec<MemberEntry> = Vec::new();
        let mut accepted_out = Vec::new();
        // normalised value -> index of the entry that first had it
        let mut first_seen: HashMap<String, usize> = HashMap::new();

        for span in spans(pasted) {
            let input = &pasted[span.range];
            let line = span.line;
            let (kind, outcome) = self.memo.classify(input, region, default_region);
            let entry = match outcome {
                Ok(accepted) => match first_seen.entry(accepted.normalized) {
                    Entry::Occupied(first) => {
                        let index = *first.get();
                        MemberEntry {
                            input: input.to_owned(),
                            normalized: Some(first.key().clone()),
                            kind,
                            status: MemberStatus::Duplicate,
                            line,
                            problem: Some(MemberProblem::MemberDuplicate {
                                line: entries_out[index].line,
                                first_input: shorten(&entries_out[index].input),
                            }),
                        }
                    }
                    Entry::Vacant(slot) => {
                        let normalized = slot.key().clone();
                        slot.insert(entries_out.len());
                        accepted_out.push(normalized.clone());
                        let status = match accepted.warning {
                            Some(_) => MemberStatus::Check,
                            None => MemberStatus::Ok,
                        };
                        MemberEntry {
                            input: input.to_owned(),
                            normalized: Some(normalized),
                            kind,
                            status,
                            line,
                            problem: accepted.warning.map(|warning| *warning),
                        }
                    }
                },
                Err(problem) => MemberEntry {
                    input: input.to_owned(),
                    normalized: None,
                    kind,
                    status: MemberStatus::Invalid,
                    line,
                    problem: Some(*problem),
                },
            };
            entries_out.push(entry);
        }
        MemberReport {
            entries: entries_out,
            accepted: accepted_out,
        }
    }
}

/// Checks a pasted list with a checker of its own: nothing is remembered for the next call.
pub fn parse_members(pasted: &str, default_region: &str) -> MemberReport {
    MemberChecker::new().parse(pasted, default_region)
}

/// The pasted list without its invalid entries or without its duplicates (the later copies; the first stays),
/// read by the same rules as [`parse_members`], everything else kept as typed (see `split::without_entries`).
pub fn remove_members(pasted: &str, default_region: &str, which: MemberRemoval) -> String {
    let report = parse_members(pasted, default_region);
    let status = match which {
        MemberRemoval::Invalid => MemberStatus::Invalid,
        MemberRemoval::Duplicates => MemberStatus::Duplicate,
    };
    without_entries(pasted, |i| {
        report.entries.get(i).is_some_and(|e| e.status == status)
    })
}

/// Loads the phone-number database and compiles the patterns the first parse needs, so the first keystroke in
/// the members field does not pay for it. Optional; parsing works without it.
pub fn warm_up(default_region: &str) {
    let _ = parse_members("+12125550100\n+442079460958\n0", default_region);
}

/// Outcomes of recent entries for one default region. The form re-checks the whole list on every keystroke while
/// only one entry changes, and a phone number costs microseconds to parse; with this, a 1,000-entry list costs
/// its parse once, then only lookups. Bounded, and the results are pure functions of (region, entry).
#[derive(Debug, Default)]
struct Memo {
    region: String,
    outcomes: HashMap<String, Outcome>,
}

const MEMO_MAX_ENTRIES: usize = 32_768;

impl Memo {
    fn prepare(&mut self, region: &str) {
        if self.region != region || self.outcomes.len() >= MEMO_MAX_ENTRIES {
            self.region.clear();
            self.region.push_str(region);
            self.outcomes.clear();
        }
    }

    fn classify(&mut self, input: &str, region: Option<PhoneRegion>, region_text: &str) -> Outcome {
        if let Some(known) = self.outcomes.get(input) {
            return known.clone();
        }
        let outcome = classify(input, region, region_text);
        if input.len() <= MAX_ENTRY_CHARS && self.outcomes.len() < MEMO_MAX_ENTRIES {
            self.outcomes.insert(input.to_owned(), outcome.clone());
        }
        outcome
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::MemberKind;

    #[test]
    fn a_checker_kept_across_calls_reads_like_a_fresh_one() {
        let mut checker = MemberChecker::new();
        let list = "020 7946 0958\n+1 212 555 0100\nnope";
        let us = checker.parse(list, "US");
        assert_eq!(us, parse_members(list, "US"));
        // The same entries under another default region are read again, not taken from what US made of them.
        let gb = checker.parse(list, "GB");
        assert_eq!(gb, parse_members(list, "GB"));
        assert_eq!(gb.accepted, vec!["+442079460958", "+12125550100"]);
        assert_eq!(us.accepted, vec!["+12125550100"]);
        assert_eq!(checker.parse(list, "US"), us);
    }

    #[test]
    fn duplicates_differing_only_in_format() {
        let pasted = "(212) 555-0100\n+1 212 555 0100\nAnn@Example.com\n212.555.0100, ann@example.com\n+44 20 7946 0958\n0044 20 7946 0958";
        let report = parse_members(pasted, "US");
        let statuses: Vec<MemberStatus> = report.entries.iter().map(|e| e.status).collect();
        use MemberStatus::{Duplicate as D, Ok as O};
        assert_eq!(statuses, vec![O, D, O, D, D, O, D]);
        assert_eq!(
            report.accepted,
            vec!["+12125550100", "ann@example.com", "+442079460958"]
        );
        assert_eq!(
            report.entries[1].problem,
            Some(MemberProblem::MemberDuplicate {
                line: 1,
                first_input: "(212) 555-0100".into()
            })
        );
        assert_eq!(
            report.entries[1].reason().as_deref(),
            Some("Skipped: already on line 1 (“(212) 555-0100”).")
        );
        assert_eq!(
            report.entries[4].reason().as_deref(),
            Some("Skipped: already on line 3 (“Ann@Example.com”).")
        );
        assert_eq!(report.entries[4].kind, MemberKind::Email);
        assert_eq!(
            report.entries[1].normalized.as_deref(),
            Some("+12125550100")
        );
        assert_eq!(report.duplicates().count(), 4);
    }

    #[test]
    fn a_number_to_check_written_twice_is_sent_once_and_checked_once() {
        let report = parse_members(
            "+15551234567\n555-123-4567\n(555) 123 4567\n+15559876543",
            "US",
        );
        let statuses: Vec<MemberStatus> = report.entries.iter().map(|e| e.status).collect();
        use MemberStatus::{Check as C, Duplicate as D};
        assert_eq!(statuses, vec![C, D, D, C]);
        assert_eq!(report.accepted, vec!["+15551234567", "+15559876543"]);
        assert_eq!(report.to_check().count(), 2);
        assert_eq!(
            report.entries[2].problem,
            Some(MemberProblem::MemberDuplicate {
                line: 1,
                first_input: "+15551234567".into()
            })
        );
        assert_eq!(
            report.entries[2].normalized.as_deref(),
            Some("+15551234567")
        );
    }

    #[test]
    fn invalid_entries_are_reported_not_dropped() {
        let report = parse_members("212-555-0100\nnot a number\n555-0100\nann@", "US");
        assert_eq!(report.entries.len(), 4);
        assert_eq!(report.accepted, vec!["+12125550100"]);
        let invalid: Vec<(&str, MemberKind)> = report
            .invalid()
            .map(|e| (e.input.as_str(), e.kind))
            .collect();
        assert_eq!(
            invalid,
            vec![
                ("not a number", MemberKind::Unknown),
                ("555-0100", MemberKind::Phone),
                ("ann@", MemberKind::Email)
            ]
        );
        assert!(report
            .invalid()
            .all(|e| e.normalized.is_none() && e.problem.is_some()));
    }

    #[test]
    fn ten_thousand_entries() {
        // Distinct valid numbers, every tenth one repeated in another format, and some junk.
        let mut pasted = String::new();
        for i in 0..10_000u32 {
            match i % 10 {
                9 => pasted.push_str(&format!("+1 212 555 {:04}\n", i - 2)),
                8 => pasted.push_str("nonsense\n"),
                _ => pasted.push_str(&format!("(212) 555-{:04}\n", i % 10_000)),
            }
        }
        let report = parse_members(&pasted, "US");
        assert_eq!(report.entries.len(), 10_000);
        assert_eq!(report.invalid().count(), 1_000);
        assert_eq!(report.duplicates().count(), 1_000);
        assert_eq!(report.accepted.len(), 8_000);
        assert_eq!(
            report.entries[9].reason().as_deref(),
            Some("Skipped: already on line 8 (“(212) 555-0007”).")
        );
    }

    #[test]
    fn ten_thousand_entries_with_duplicates() {
        let pasted: String = (0..10_000u32)
            .map(|i| format!("212-555-{:04}\n", i % 5_000))
            .collect();
        let report = parse_members(&pasted, "US");
        assert_eq!(report.accepted.len(), 5_000);
        assert_eq!(report.duplicates().count(), 5_000);
        assert_eq!(
            report.entries[5_000].reason().as_deref(),
            Some("Skipped: already on line 1 (“212-555-0000”).")
        );
    }

    #[test]
    fn removing_invalid_entries_or_duplicates() {
        let pasted =
            "(212) 555-0100, nope\n+1 212 555 0100\nann@example.com\n\n555-0100\nAnn@Example.com";
        assert_eq!(
            remove_members(pasted, "US", MemberRemoval::Invalid),
            "(212) 555-0100\n+1 212 555 0100\nann@example.com\n\nAnn@Example.com"
        );
        assert_eq!(
            remove_members(pasted, "US", MemberRemoval::Duplicates),
            "(212) 555-0100, nope\nann@example.com\n\n555-0100"
        );
        // The region decides what is invalid: a British number is fine with GB, invalid with US.
        assert_eq!(
            remove_members(
                "020 7946 0958\n+1 212 555 0100",
                "GB",
                MemberRemoval::Invalid
            ),
            "020 7946 0958\n+1 212 555 0100"
        );
        assert_eq!(
            remove_members(
                "020 7946 0958\n+1 212 555 0100",
                "US",
                MemberRemoval::Invalid
            ),
            "+1 212 555 0100"
        );
        // Nothing to remove: the text comes back exactly as it was.
        let clean = "  a@example.com ,\n\n";
        assert_eq!(
            remove_members(clean, "US", MemberRemoval::Duplicates),
            clean
        );
        // Numbers to check are kept by both.
        assert_eq!(
            remove_members("+15551234567", "US", MemberRemoval::Invalid),
            "+15551234567"
        );
        let after = remove_members(pasted, "US", MemberRemoval::Invalid);
        let report = parse_members(&after, "US");
        assert_eq!(report.invalid().count(), 0);
        assert_eq!(report.accepted, parse_members(pasted, "US").accepted);
    }

    #[test]
    fn duplicates_name_the_line_of_the_first() {
        let report = parse_members("a@example.com, b@example.com\n\nB@example.com", "US");
        assert_eq!(
            report.entries.iter().map(|e| e.line).collect::<Vec<_>>(),
            vec![1, 1, 3]
        );
        assert_eq!(
            report.entries[2].reason().as_deref(),
            Some("Skipped: already on line 1 (“b@example.com”).")
        );
    }

    #[test]
    fn one_huge_entry_does_not_hang() {
        let pasted = "x".repeat(2_000_000);
        let report = parse_members(&pasted, "US");
        assert_eq!(report.entries.len(), 1);
        assert_eq!(report.entries[0].status, MemberStatus::Invalid);
    }
}
