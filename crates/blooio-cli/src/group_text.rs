//! What a person reads about the groups that exist: lists, one group, members, what a change did on the
//! phones, and why a command about a group failed.

use blooio_core::{
    ApiError, ApiProblem, Group, GroupMember, IconChange, PhoneSync, Problem, RenamedGroup,
};

use crate::change::label;
use crate::exit::Exit;
use crate::output;

pub fn group_list(groups: &[Group], search: Option<&str>) -> String {
    let mut out = match (groups.len(), search) {
        (0, Some(q)) => format!("No groups with “{q}” in their name.\n"),
        (0, None) => "No groups yet.\n".to_owned(),
        (1, _) => "1 group\n".to_owned(),
        (n, _) => format!("{n} groups\n"),
    };
    for g in groups {
        let members = g
            .member_count
            .map_or_else(|| "?".to_owned(), |n| n.to_string());
        out.push_str(&format!(
            "  {}  {}  ({} members{}{})\n",
            g.group_id.as_deref().unwrap_or("(no id)"),
            g.name.as_deref().unwrap_or("(no name)"),
            members,
            if g.chat_guid.is_some() {
                ", linked to an iMessage chat"
            } else {
                ""
            },
            g.created_at
                .map(|t| format!(", created {}", utc(t)))
                .unwrap_or_default(),
        ));
    }
    out
}

pub fn group(g: &Group) -> String {
    let mut out = format!("Group “{}”\n", g.name.as_deref().unwrap_or("(no name)"));
    let mut field = |label: &str, value: String| out.push_str(&format!("  {label:<14}{value}\n"));
    field(
        "Group id:",
        g.group_id
            .clone()
            .unwrap_or_else(|| "(none sent)".to_owned()),
    );
    field(
        "Chat GUID:",
        g.chat_guid.clone().unwrap_or_else(|| {
            "none: not linked to an iMessage chat yet (created when the first message is sent)"
                .to_owned()
        }),
    );
    field(
        "Photo:",
        g.icon_url.clone().unwrap_or_else(|| "none".to_owned()),
    );
    field("Members:", count(g.member_count));
    field("Messages:", count(g.message_count));
    if let Some(text) = &g.last_message_text {
        let when = g
            .last_message_time
            .map(|t| format!(" ({})", utc(t)))
            .unwrap_or_default();
        let direction = g
            .last_message_direction
            .as_deref()
            .map(|d| format!(", {d}"))
            .unwrap_or_default();
        field("Last message:", format!("{text}{when}{direction}"));
    }
    if let Some(created) = g.created_at {
        field("Created:", utc(created));
    }
    out
}

pub fn members(id: &str, name: Option<&str>, members: &[GroupMember]) -> String {
    let mut out = format!(
        "{} member{} of “{}” ({id})\n",
        members.len(),
        if members.len() == 1 { "" } else { "s" },
        name.unwrap_or("(no name)")
    );
    for m in members {
        let name = m
            .name
            .as_deref()
            .map(|n| format!("  {n}"))
            .unwrap_or_default();
        let added = m
            .added_at
            .map(|t| format!("  (added {})", utc(t)))
            .unwrap_or_default();
        out.push_str(&format!(
            "  {}{name}{added}\n",
            m.identifier
                .as_deref()
                .unwrap_or("(no phone number or email sent)")
        ));
    }
    out.push_str("Adding or removing members isn't available at Blooio yet.\n");
    out
}

pub fn renamed(id: &str, renamed: &RenamedGroup) -> String {
    format!(
        "Renamed group {id} to “{}”\n  On the phones: {}\n",
        renamed.group.name.as_deref().unwrap_or("(no name)"),
        phones(&renamed.phone_sync())
    )
}

pub fn photo_set(id: &str, change: &IconChange) -> String {
    let url = change
        .icon_url
        .as_deref()
        .map(|u| format!("  Photo:         {u}\n"))
        .unwrap_or_default();
    format!(
        "Set the photo of group {id}\n{url}  On the phones: {}\n",
        phones(&change.phone_sync())
    )
}

pub fn photo_removed(id: &str, change: &IconChange) -> String {
    format!(
        "Removed the photo of group {id}\n  On the phones: {}\n",
        phones(&change.phone_sync())
    )
}

/// Said before asking, on stderr: what deleting this group does.
pub fn before_delete(id: &str, group: &Group) -> String {
    let mut out = format!(
        "Deleting group “{}” ({id}) removes it and its {} from Blooio.\n",
        label(id, group),
        match group.member_count {
            Some(1) => "1 member".to_owned(),
            Some(n) => format!("{n} members"),
            None => "members".to_owned(),
        }
    );
    if let Some(guid) = &group.chat_guid {
        out.push_str(&format!(
            "It is linked to the iMessage chat {guid}: Blooio's number will also leave that chat on the phones, \
             and can't message it any more.\n"
        ));
    }
    out
}

pub fn deleted(id: &str, group: &Group) -> String {
    let mut out = format!("Deleted group “{}” ({id})\n", label(id, group));
    if let Some(guid) = &group.chat_guid {
        out.push_str(&format!(
            "  Blooio's number has left the iMessage chat {guid}.\n"
        ));
    }
    out
}

/// What a change did on the phones, in plain words.
pub fn phones(sync: &PhoneSync) -> String {
    match sync {
        PhoneSync::Updated => "Updated on the phones".to_owned(),
        PhoneSync::NotUpdated {
            reason: Some(reason),
        } => format!("Not on the phones yet: {reason}"),
        PhoneSync::NotUpdated { reason: None } => {
            "Not on the phones yet: Blooio gave no reason".to_owned()
        }
        PhoneSync::NoChat => {
            "Nothing to change: the group isn't linked to an iMessage chat yet".to_owned()
        }
        PhoneSync::Unknown => "Blooio didn't say whether the phones were updated".to_owned(),
    }
}

/// Says on stderr why a command failed and returns its exit code. `id`: the group the command was about, so a
/// 404 can say which group isn't there.
pub fn failure(id: Option<&str>, error: &ApiError) -> Exit {
    let problem = error.problem();
    match (id, &problem) {
        (Some(id), Problem::Api(ApiProblem::NotFound)) => {
            eprintln!(
                "Error: there is no group {id} on this account (it may have been deleted). `blooio-groups-cli \
                 list` shows the groups there are.\n  Details: {error}"
            );
        }
        _ => eprint!("{}", output::failure(&problem, Some(error))),
    }
    Exit::for_group_problem(&problem)
}

fn count(n: Option<u64>) -> String {
    n.map_or_else(|| "not sent".to_owned(), |n| n.to_string())
}

/// Unix milliseconds as `2025-01-31 14:05 UTC` (the civil-from-days algorithm: no date crate for one line).
pub fn utc(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let (days, rest) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} UTC",
        rest / 3600,
        rest % 3600 / 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_in_utc() {
        let cases = [
            (0, "1970-01-01 00:00 UTC"),
            (1_735_689_600_000, "2025-01-01 00:00 UTC"),
            (1_709_210_096_000, "2024-02-29 12:34 UTC"),
            (951_782_400_000, "2000-02-29 00:00 UTC"),
            (-1, "1969-12-31 23:59 UTC"),
        ];
        for (ms, want) in cases {
            assert_eq!(utc(ms), want, "{ms}");
        }
    }

    #[test]
    fn phone_words() {
        assert_eq!(phones(&PhoneSync::Updated), "Updated on the phones");
        assert_eq!(
            phones(&PhoneSync::NotUpdated {
                reason: Some("No active device".into())
            }),
            "Not on the phones yet: No active device"
        );
    }
}
