//! The history of groups created from this computer, in the app's local store (the desktop app's own file):
//! this tool records its creates there (source `cli`), and `history` lists them.
//!
//! Which history a create belongs to follows the base URL: a loopback address is a sandbox, anything else is
//! Blooio. `history` shows Blooio's unless `--sandbox`.

use blooio_core::{ApiKey, CreateGroupRequest, CreatedGroup};
use blooio_store::{
    Account, AccountMode, CreateSource, HistoryEntry, HistoryFilter, HistoryQuery, NewHistoryEntry,
    Store, HISTORY_PAGE_MAX, STORE_FILE_NAME,
};

use crate::args::Connection;
use crate::browse::print_json;
use crate::exit::Exit;
use crate::pending::data_folder;

/// A sandbox runs on this computer; Blooio doesn't.
pub fn mode_of(base_url: &str) -> AccountMode {
    let host = base_url
        .split("://")
        .nth(1)
        .unwrap_or(base_url)
        .split('/')
        .next()
        .unwrap_or("");
    let host = host.rsplit_once('@').map_or(host, |(_, host)| host);
    let host = if host.starts_with('[') {
        host.split(']').next().unwrap_or("").trim_start_matches('[')
    } else {
        host.split(':').next().unwrap_or("")
    };
    let loopback = host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    if loopback {
        AccountMode::Sandbox
    } else {
        AccountMode::Blooio
    }
}

pub fn open() -> Result<Store, String> {
    let folder = data_folder()?;
    std::fs::create_dir_all(&folder).map_err(|error| format!("{}: {error}", folder.display()))?;
    Store::open(folder.join(STORE_FILE_NAME)).map_err(|error| error.to_string())
}

/// Records a group this tool created. An error is for a note: the group exists either way.
pub fn record(
    base_url: &str,
    key: &ApiKey,
    request: &CreateGroupRequest,
    created: &CreatedGroup,
    recovered: bool,
) -> Result<(), String> {
    let account = Account::new(mode_of(base_url), base_url, key);
    open()?
        .record_created(&NewHistoryEntry {
            account: &account,
            source: CreateSource::Cli,
            request,
            created,
            recovered,
            created_at_ms: blooio_core::unix_time_ms(),
        })
        .map(|_| ())
        .map_err(|error| error.to_string())
}

/// `history [--search T] [--sandbox] [--json]`: every matching entry, newest first.
pub fn show(connection: &Connection, search: Option<&str>, sandbox: bool) -> Exit {
    let filter = HistoryFilter {
        mode: if sandbox {
            AccountMode::Sandbox
        } else {
            AccountMode::Blooio
        },
        search: search.map(str::to_owned),
    };
    let entries = match open().and_then(|store| all_entries(&store, &filter)) {
        Ok(entries) => entries,
        Err(error) => {
            eprintln!("Error: the history couldn't be read ({error}).");
            return Exit::Other;
        }
    };
    if connection.json {
        return print_json(&entries);
    }
    print!("{}", history_text(&entries, &filter));
    Exit::Ok
}

fn all_entries(store: &Store, filter: &HistoryFilter) -> Result<Vec<HistoryEntry>, String> {
    let mut entries = Vec::new();
    loop {
        let page = store
            .history(&HistoryQuery {
                filter: filter.clone(),
                offset: u32::try_from(entries.len()).unwrap_or(u32::MAX),
                limit: HISTORY_PAGE_MAX,
            })
            .map_err(|error| error.to_string())?;
        let done =
            page.entries.is_empty() || entries.len() + page.entries.len() >= page.total as usize;
        entries.extend(page.entries);
        if done {
            return Ok(entries);
        }
    }
}

fn history_text(entries: &[HistoryEntry], filter: &HistoryFilter) -> String {
    let which = match filter.mode {
        AccountMode::Sandbox => "in the sandbox",
        AccountMode::Blooio => "on Blooio",
    };
    if entries.is_empty() {
        return match &filter.search {
            Some(search) => format!("No groups created {which} match “{search}”.\n"),
            None => format!("No groups created {which} from this computer yet.\n"),
        };
    }
    let mut out = String::new();
    for entry in entries {
        let group = &entry.created.group;
        out.push_str(&format!(
            "{}  {}  {}  (from the {}{}, key {})\n",
            when(entry.created_at_ms),
            group.group_id.as_deref().unwrap_or("(no id)"),
            group.name.as_deref().unwrap_or(&entry.request.name),
            match entry.source {
                CreateSource::Form => "window",
                CreateSource::Cli => "command line",
                CreateSource::Bulk => "bulk create",
            },
            if entry.recovered {
                ", found after its answer was lost"
            } else {
                ""
            },
            entry.key_hint,
        ));
        if let Some(chat) = &group.chat_guid {
            out.push_str(&format!("    chat: {chat}\n"));
        }
        for member in &entry.request.members {
            let new = entry.created.created_contacts.contains(member);
            out.push_str(&format!(
                "    {member}{}\n",
                if new { "  (new contact)" } else { "" }
            ));
        }
    }
    out
}

/// "2026-11-29 21:45 UTC": minutes, not seconds.
fn when(ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000))
        .ok()
        .and_then(|t| {
            t.format(time::macros::format_description!(
                "[year]-[month]-[day] [hour]:[minute] UTC"
            ))
            .ok()
        })
        .unwrap_or_else(|| ms.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_base_urls_are_the_sandbox() {
        for (url, mode) in [
            ("http://127.0.0.1:4010/v2/api", AccountMode::Sandbox),
            ("http://localhost:8080/v2/api", AccountMode::Sandbox),
            ("http://[::1]:8080/v2/api", AccountMode::Sandbox),
            ("https://api.blooio.com/v2/api", AccountMode::Blooio),
            ("https://127.0.0.1.example.com/v2/api", AccountMode::Blooio),
        ] {
            assert_eq!(mode_of(url), mode, "{url}");
        }
    }

    #[test]
    fn times_are_shown_to_the_minute() {
        assert_eq!(when(1_764_452_712_345), "2025-11-29 21:45 UTC");
    }
}
