//! Every imported group checked by the core's rules — the single form's rules, one source of truth — and the
//! groups of one file compared with each other and with what this app created before.

use blooio_core::{CreateGroupRequest, DraftChecker, DraftSummary, GroupDraft};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::columns::mapping::ImportedGroup;
use crate::problem::{ImportConflict, ImportNote};

/// What the preview says about a group, worst first in `Problems` → `Conflict` → `Warnings` → `Ready`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export, rename = "ImportStatus")]
pub enum GroupStatus {
    /// Can be sent as it is.
    Ready,
    /// Can be sent; something is worth a look (an unfamiliar chat GUID service, a repeated member, a number
    /// read back from a number cell).
    Warnings,
    /// Valid, but collides with another group in the file or one created before: Blooio would refuse it.
    Conflict,
    /// The rules refuse it; `summary.problems` says why.
    Problems,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, rename = "ImportPreviewGroup")]
pub struct PreviewGroup {
    /// 1-based, as the spreadsheet numbers them.
    pub rows: Vec<u32>,
    pub draft: GroupDraft,
    pub status: GroupStatus,
    /// What would be sent; present exactly when the rules found no problem (a conflict keeps it).
    pub request: Option<CreateGroupRequest>,
    /// The core's report, with fine member entries counted but not listed.
    pub summary: DraftSummary,
    pub notes: Vec<ImportNote>,
    pub conflicts: Vec<ImportConflict>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, rename = "ImportCounts")]
pub struct PreviewCounts {
    pub groups: u32,
    /// Rows that made groups (a member-per-row file has several per group).
    pub rows: u32,
    pub ready: u32,
    pub warnings: u32,
    pub conflicts: u32,
    pub problems: u32,
    /// Members across the groups that can be sent.
    pub members: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, rename = "ImportPreview")]
pub struct Preview {
    pub groups: Vec<PreviewGroup>,
    pub counts: PreviewCounts,
}

impl PreviewGroup {
    /// Whether a bulk run may send this group. Ready and Warnings groups go. A Conflict group goes only when
    /// `first_of_duplicates` is asked for, every conflict is with other rows of the same file (never "already
    /// created"), and it is the first of them: Blooio refuses the later copies anyway, so sending the first one
    /// and skipping the rest is what the operator meant. Problems never go.
    pub fn sendable(&self, first_of_duplicates: bool) -> bool {
        match self.status {
            GroupStatus::Ready | GroupStatus::Warnings => self.request.is_some(),
            GroupStatus::Problems => false,
            GroupStatus::Conflict => {
                let first_row = self.rows.first().copied().unwrap_or(0);
                first_of_duplicates
                    && self.request.is_some()
                    && self.conflicts.iter().all(|conflict| match conflict {
                        ImportConflict::SameMembersInFile { other_rows }
                        | ImportConflict::SameChatGuidInFile { other_rows } => {
                            other_rows.iter().all(|&other| first_row < other)
                        }
                        ImportConflict::AlreadyCreated => false,
                    })
            }
        }
    }
}

/// The same people, whatever order or spelling the file used: the request's normalised members (E.164, lower-case
/// emails), sorted. `None` for a group with a chat GUID or without members, which Blooio never compares by
/// members. The history store keeps the same key for "already created".
pub fn participant_key(request: &CreateGroupRequest) -> Option<String> {
    if request.chat_guid.is_some() || request.members.is_empty() {
        return None;
    }
    let mut members: Vec<&str> = request.members.iter().map(String::as_str).collect();
    members.sort_unstable();
    Some(members.join("\n"))
}

/// Checks every group. `created_before` answers "did this app already create this group?" from the local history
/// (built elsewhere; pass `|_| false` without one). The checker is made once for all rows. The groups are
/// consumed: their text moves into the preview's drafts rather than being copied, which halves what a
/// 100,000-row file costs.
pub fn preview(
    groups: Vec<ImportedGroup>,
    default_region: &str,
    created_before: &dyn Fn(&CreateGroupRequest) -> bool,
) -> Preview {
    // One checker for the whole file: it remembers each entry's outcome, so a member on many rows is read once.
    let mut checker = DraftChecker::new();
    let mut out: Vec<PreviewGroup> = groups
        .into_iter()
        .map(|group| {
            let draft = GroupDraft {
                members: group.members.join("\n"),
                name: group.name,
                chat_guid: group.chat_guid,
                default_region: default_region.to_owned(),
            };
            let report = checker.check(&draft);
            let summary = report.summary(0);
            let mut conflicts = Vec::new();
            if report.request.as_ref().is_some_and(created_before) {
                conflicts.push(ImportConflict::AlreadyCreated);
            }
            PreviewGroup {
                rows: group.rows,
                draft,
                status: GroupStatus::Ready,
                request: report.request,
                summary,
                notes: group.notes,
                conflicts,
            }
        })
        .collect();

    mark_conflicts(&mut out);

    let mut counts = PreviewCounts::default();
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    for group in &mut out {
        group.status = status(group);
        counts.groups += 1;
        counts.rows = counts.rows.saturating_add(count(group.rows.len()));
        match group.status {
            GroupStatus::Ready => counts.ready += 1,
            GroupStatus::Warnings => counts.warnings += 1,
            GroupStatus::Conflict => counts.conflicts += 1,
            GroupStatus::Problems => counts.problems += 1,
        }
        if let Some(request) = &group.request {
            counts.members = counts.members.saturating_add(count(request.members.len()));
        }
    }
    Preview {
        groups: out,
        counts,
    }
}

/// What two groups are compared by.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Same {
    Members,
    ChatGuid,
}

/// Groups sharing a participant set (neither with a chat GUID) or a chat GUID: each is told the others' first
/// rows. Keys are hashed and sorted rather than kept in a map of strings (a 100,000-row file would hold a copy of
/// every member list); groups whose hashes match are compared in full, so a collision can't invent a conflict.
fn mark_conflicts(groups: &mut [PreviewGroup]) {
    let mut keys: Vec<(u64, Same, usize)> = Vec::new();
    for (index, group) in groups.iter().enumerate() {
        let Some(request) = &group.request else {
            continue;
        };
        if let Some(key) = participant_key(request) {
            keys.push((hash(&key), Same::Members, index));
        }
        if let Some(guid) = &request.chat_guid {
            keys.push((hash(guid), Same::ChatGuid, index));
        }
    }
    keys.sort_unstable_by_key(|(hash, same, index)| (*hash, *same as u8, *index));

    let key_of = |group: &PreviewGroup, same: Same| -> Option<String> {
        let request = group.request.as_ref()?;
        match same {
            Same::Members => participant_key(request),
            Same::ChatGuid => request.chat_guid.clone(),
        }
    };
    let mut marks: Vec<(usize, ImportConflict)> = Vec::new();
    for run in keys
        .chunk_by(|a, b| a.0 == b.0 && a.1 == b.1)
        .filter(|run| run.len() > 1)
    {
        let same = run[0].1;
        // Within one hash, group by the actual key (almost always a single set).
        let mut sets: Vec<(String, Vec<usize>)> = Vec::new();
        for &(_, _, index) in run {
            let Some(key) = key_of(&groups[index], same) else {
                continue;
            };
            match sets.iter_mut().find(|(k, _)| *k == key) {
                Some((_, members)) => members.push(index),
                None => sets.push((key, vec![index])),
            }
        }
        for (_, set) in sets.into_iter().filter(|(_, set)| set.len() > 1) {
            for &i in &set {
                let other_rows = set
                    .iter()
                    .filter(|&&j| j != i)
                    .map(|&j| groups[j].rows.first().copied().unwrap_or(0))
                    .collect();
                marks.push((
                    i,
                    match same {
                        Same::Members => ImportConflict::SameMembersInFile { other_rows },
                        Same::ChatGuid => ImportConflict::SameChatGuidInFile { other_rows },
                    },
                ));
            }
        }
    }
    marks.sort_by_key(|(index, _)| *index);
    for (i, conflict) in marks {
        groups[i].conflicts.push(conflict);
    }
}

fn hash(key: &str) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
    BuildHasherDefault::<DefaultHasher>::default().hash_one(key)
}

fn status(group: &PreviewGroup) -> GroupStatus {
    if group.request.is_none() {
        GroupStatus::Problems
    } else if !group.conflicts.is_empty() {
        GroupStatus::Conflict
    } else if group.summary.chat_guid_warning.is_some()
        || group.summary.members.duplicate > 0
        || group.summary.members.to_check > 0
        || !group.notes.is_empty()
    {
        GroupStatus::Warnings
    } else {
        GroupStatus::Ready
    }
}
