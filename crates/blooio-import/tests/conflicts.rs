//! The preview's conflicts: groups of one file that Blooio would not create twice, and groups this app created
//! before.

mod fixtures;

use std::collections::HashSet;

use blooio_import::{
    apply, participant_key, preview, suggest_mapping_for, GroupStatus, ImportConflict, Preview,
};

fn preview_of(
    csv: &str,
    created_before: &dyn Fn(&blooio_core::CreateGroupRequest) -> bool,
) -> Preview {
    let sheet = fixtures::sheet(csv.as_bytes().to_vec(), None);
    preview(
        apply(&sheet, &suggest_mapping_for(&sheet).unwrap()),
        "US",
        created_before,
    )
}

#[test]
fn the_same_people_twice_without_a_chat_guid() {
    // Row 4 is row 2's people in another order and spelling; row 5 has a chat GUID, so Blooio doesn't compare it.
    let csv = "Group,Members,Chat GUID\n\
        A,\"212-555-0100, ann@example.com\",\n\
        B,212-555-0101,\n\
        C,\"Ann@Example.com; +1 (212) 555-0100\",\n\
        D,\"212-555-0100, ann@example.com\",iMessage;+;chat1\n\
        E,,\n\
        F,,\n";
    let checked = preview_of(csv, &|_| false);
    let got: Vec<(Vec<u32>, GroupStatus, Vec<ImportConflict>)> = checked
        .groups
        .iter()
        .map(|g| (g.rows.clone(), g.status, g.conflicts.clone()))
        .collect();
    let same = |rows: Vec<u32>| vec![ImportConflict::SameMembersInFile { other_rows: rows }];
    assert_eq!(
        got,
        vec![
            (vec![2], GroupStatus::Conflict, same(vec![4])),
            (vec![3], GroupStatus::Ready, vec![]),
            (vec![4], GroupStatus::Conflict, same(vec![2])),
            (vec![5], GroupStatus::Ready, vec![]),
            // Groups without members never conflict (Blooio compares members only when there are some).
            (vec![6], GroupStatus::Ready, vec![]),
            (vec![7], GroupStatus::Ready, vec![]),
        ]
    );
    assert_eq!(checked.counts.conflicts, 2);
    assert_eq!(checked.counts.ready, 4);
    assert_eq!(checked.counts.groups, 6);
    assert_eq!(checked.counts.rows, 6);
    assert_eq!(checked.counts.members, 7);
    assert!(checked.groups[0].conflicts[0]
        .to_string()
        .starts_with("The same members as the group on row 4"));
    // A run sends the first of the repeated groups, not the second.
    let sendable: Vec<bool> = checked.groups.iter().map(|g| g.sendable(true)).collect();
    assert_eq!(sendable, [true, true, false, true, true, true]);
}

#[test]
fn the_same_chat_guid_twice() {
    let csv = "Group,Phone,Chat GUID\n\
        A,212-555-0100,iMessage;+;chat1\n\
        B,212-555-0101,iMessage;+;chat2\n\
        C,212-555-0102,iMessage;+;chat1\n\
        D,212-555-0103,iMessage;+;chat1\n";
    let checked = preview_of(csv, &|_| false);
    let conflicts: Vec<Vec<ImportConflict>> =
        checked.groups.iter().map(|g| g.conflicts.clone()).collect();
    let guid = |rows: Vec<u32>| vec![ImportConflict::SameChatGuidInFile { other_rows: rows }];
    assert_eq!(
        conflicts,
        vec![guid(vec![4, 5]), vec![], guid(vec![2, 5]), guid(vec![2, 4])]
    );
    let sendable: Vec<bool> = checked.groups.iter().map(|g| g.sendable(true)).collect();
    assert_eq!(sendable, [true, true, false, false]);
}

#[test]
fn groups_this_app_created_before() {
    let csv = "Group,Members\nA,\"212-555-0100, ann@example.com\"\nB,212-555-0101\nC,nope\n";
    // The history keeps participant keys; the preview asks through a predicate.
    let created: HashSet<String> = ["+12125550100\nann@example.com".to_owned()].into();
    let checked = preview_of(csv, &|request| {
        participant_key(request).is_some_and(|key| created.contains(&key))
    });
    let statuses: Vec<GroupStatus> = checked.groups.iter().map(|g| g.status).collect();
    assert_eq!(
        statuses,
        [
            GroupStatus::Conflict,
            GroupStatus::Ready,
            GroupStatus::Problems
        ]
    );
    assert_eq!(
        checked.groups[0].conflicts,
        vec![ImportConflict::AlreadyCreated]
    );
    // A group with problems is never asked about: it has no request.
    assert_eq!(checked.groups[2].conflicts, vec![]);
    assert_eq!(checked.counts.problems, 1);
    // Neither what was created before nor what has problems is sent.
    let sendable: Vec<bool> = checked.groups.iter().map(|g| g.sendable(true)).collect();
    assert_eq!(sendable, [false, true, false]);
}

#[test]
fn a_number_outside_known_ranges_is_a_warning_not_a_problem() {
    // The example in Blooio's own documentation: both numbers are sent, each flagged to check.
    let csv = "Group,Members\nSales Team,\"+15551234567, +15559876543\"\n";
    let mut workbook =
        blooio_import::Workbook::open(csv.as_bytes().to_vec(), &blooio_import::Limits::default())
            .unwrap();
    let sheet = workbook.sheet(None).unwrap();
    let mapping = suggest_mapping_for(&sheet).unwrap();
    let preview = preview(apply(&sheet, &mapping), "US", &|_| false);
    assert_eq!(preview.groups.len(), 1);
    assert_eq!(preview.groups[0].status, GroupStatus::Warnings);
    assert_eq!(preview.groups[0].summary.members.to_check, 2);
    assert_eq!(
        preview.groups[0].request.as_ref().map(|r| r.members.len()),
        Some(2)
    );
}

#[test]
fn which_groups_a_run_may_send() {
    // Rows 2 and 4 share members; rows 5 and 6 share a chat GUID; rows 7 and 9 share members and were created
    // before; row 8 is refused.
    let csv = "Group,Members,Chat GUID\n\
        A,212-555-0100,\n\
        B,212-555-0101,\n\
        C,212-555-0100,\n\
        D,212-555-0102,iMessage;+;chat1\n\
        E,212-555-0103,iMessage;+;chat1\n\
        F,212-555-0199,\n\
        G,nope,\n\
        H,212-555-0199,\n";
    let checked = preview_of(csv, &|request| {
        participant_key(request).as_deref() == Some("+12125550199")
    });
    let sendable = |first: bool| -> Vec<u32> {
        checked
            .groups
            .iter()
            .filter(|g| g.sendable(first))
            .map(|g| g.rows[0])
            .collect()
    };
    assert_eq!(sendable(false), vec![3]);
    // The first of each set of copies goes; the later copies, what was created before and problems never do.
    assert_eq!(sendable(true), vec![2, 3, 5]);
}
