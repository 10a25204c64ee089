//! What a person reads: the created group on stdout, notes and errors on stderr.

use blooio_core::{ApiError, CreatedGroup, DraftReport, Field, MemberStatus, Problem};

pub fn created(group: &CreatedGroup, sent_members: &[String]) -> String {
    let g = &group.group;
    let mut out = String::new();
    let name = g.name.as_deref().unwrap_or("(no name)");
    match g.group_id.as_deref() {
        Some(id) => out.push_str(&format!("Created group “{name}”\n  Group id:  {id}\n")),
        None => out.push_str(&format!(
            "Created group “{name}” (Blooio sent no group id)\n"
        )),
    }
    match g.chat_guid.as_deref() {
        Some(guid) => out.push_str(&format!("  Chat GUID: {guid}\n")),
        None => out.push_str(
            "  Chat GUID: none yet: the iMessage chat is created when the first message is sent\n",
        ),
    }
    if !group.added_members.is_empty() {
        out.push_str(&list("Members", &group.added_members));
    } else if !sent_members.is_empty() {
        out.push_str(&list("Members (as sent; Blooio listed none)", sent_members));
    } else {
        out.push_str("  Members:   none\n");
    }
    if !group.created_contacts.is_empty() {
        out.push_str(&list(
            "New contacts Blooio created",
            &group.created_contacts,
        ));
    }
    out
}

fn list(title: &str, items: &[String]) -> String {
    let mut out = format!("  {title} ({}):\n", items.len());
    for item in items {
        out.push_str(&format!("    {item}\n"));
    }
    out
}

/// Everything that stops the group from being sent, with each unusable member entry.
pub fn problems(report: &DraftReport) -> String {
    let mut out = String::from("Error: the group can't be created until this is fixed:\n");
    for problem in &report.problems {
        let label = match problem.field {
            Field::Name => "--name",
            Field::ChatGuid => "--chat-guid",
            Field::Members => "members",
            Field::ApiKey => "API key",
        };
        out.push_str(&format!("  {label}: {problem}\n"));
    }
    let invalid: Vec<_> = report.members.invalid().collect();
    if invalid.len() > 1 {
        out.push_str("Member entries that can't be used:\n");
        for entry in invalid {
            let reason = entry.reason().unwrap_or_default();
            out.push_str(&format!("  “{}”: {reason}\n", entry.input));
        }
    }
    out
}

/// Warnings that do not stop the group: an unfamiliar chat GUID, numbers sent that are worth checking, entries
/// sent once. Member notes follow the order of the list, so each is easy to find in it.
pub fn notes(report: &DraftReport) -> String {
    let mut out = String::new();
    if let Some(warning) = &report.chat_guid_warning {
        out.push_str(&format!("Note: {warning}\n"));
    }
    for entry in report
        .members
        .entries
        .iter()
        .filter(|e| matches!(e.status, MemberStatus::Check | MemberStatus::Duplicate))
    {
        let reason = entry.reason().unwrap_or_default();
        out.push_str(&format!("Note: “{}”: {reason}\n", entry.input));
    }
    out
}

/// Why the group was not created, or why nobody can say yet: the sentence for the problem's code, then what
/// Blooio (or the connection) said, for support.
pub fn failure(problem: &Problem, error: Option<&ApiError>) -> String {
    let mut out = format!("Error: {problem}\n");
    if let Some(error) = error {
        out.push_str(&format!("  Details: {error}\n"));
        if let ApiError::Api {
            raw_body: Some(raw),
            ..
        } = error
        {
            let first_line = raw.lines().next().unwrap_or_default();
            out.push_str(&format!("  The server's reply began: {first_line}\n"));
        }
    }
    out
}

/// Said on stderr when the group was found after its answer was lost.
pub const RECOVERED_NOTE: &str =
    "Note: Blooio's answer was lost, so this command asked Blooio: the group was \
created. Blooio's lists of added members and new contacts were lost with the answer.\n";

#[cfg(test)]
mod tests {
    use super::*;
    use blooio_core::{check_draft, GroupDraft};

    #[test]
    fn notes_name_each_number_to_check_and_each_repeat_in_list_order() {
        let report = check_draft(&GroupDraft {
            name: "Sales Team".into(),
            chat_guid: String::new(),
            members: "+15551234567\n212-555-0100\n(555) 123-4567".into(),
            default_region: "US".into(),
        });
        assert!(report.request.is_some());
        assert_eq!(
            notes(&report),
            "Note: “+15551234567”: +1 555 123 4567 is not a number range known in the United States: check it \
             before sending.\n\
             Note: “(555) 123-4567”: Skipped: already on line 1 (“+15551234567”).\n"
        );
    }
}
