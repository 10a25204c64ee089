//! The history of groups this app created (issue 12, item 7): recorded after every create, listed newest first,
//! searched, and forgotten on request. Sandbox and Blooio history are never listed together.

use blooio_core::{CreateGroupRequest, CreatedGroup};
use rusqlite::{params, Row, Transaction};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::account::{Account, AccountMode, CreateSource};
use crate::open::Store;
use crate::problem::StoreError;

/// The most entries one page holds, whatever the caller asks.
pub const HISTORY_PAGE_MAX: u32 = 500;

/// A group this app created, as recorded.
#[derive(Debug, Clone, Copy)]
pub struct NewHistoryEntry<'a> {
    /// The mode, base URL and key hint it was sent with (an [`Account`] can only be made from the key itself,
    /// and keeps its hint, so the key never reaches the database).
    pub account: &'a Account,
    pub source: CreateSource,
    /// What was sent.
    pub request: &'a CreateGroupRequest,
    /// Blooio's whole answer (`added_members`, `created_contacts`), or the group found after a lost answer.
    pub created: &'a CreatedGroup,
    /// Found by asking after the answer was lost: `added_members` and `created_contacts` are then unknown.
    pub recovered: bool,
    /// Unix ms.
    pub created_at_ms: i64,
}

/// Which history to list or export: one mode, optionally narrowed by a search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct HistoryFilter {
    pub mode: AccountMode,
    /// Part of a name, group id, chat GUID or member (phone number or email), any case. Empty means all.
    #[serde(default)]
    pub search: Option<String>,
}

/// One page of history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct HistoryQuery {
    pub filter: HistoryFilter,
    #[serde(default)]
    pub offset: u32,
    /// At most [`HISTORY_PAGE_MAX`].
    pub limit: u32,
}

/// A recorded create, for the window and the CLI. Holds the key's hint only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct HistoryEntry {
    #[ts(type = "number")]
    pub id: i64,
    /// Unix ms.
    #[ts(type = "number")]
    pub created_at_ms: i64,
    pub mode: AccountMode,
    pub source: CreateSource,
    pub base_url: String,
    pub key_hint: String,
    pub recovered: bool,
    pub request: CreateGroupRequest,
    pub created: CreatedGroup,
    /// The bulk job that created it, while that job is kept.
    #[ts(type = "number | null")]
    pub job_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct HistoryPage {
    pub entries: Vec<HistoryEntry>,
    /// Entries matching the filter, all pages together.
    pub total: u32,
    pub offset: u32,
}

impl Store {
    /// Records a created group. Returns the entry's id.
    pub fn record_created(&self, entry: &NewHistoryEntry<'_>) -> Result<i64, StoreError> {
        self.write(|tx| insert(tx, entry, None))
    }

    /// Records many created groups in one transaction (one disk flush): for importing earlier records, and
    /// for seeding tests and benchmarks. Returns how many were recorded.
    pub fn record_created_many(
        &self,
        entries: &[NewHistoryEntry<'_>],
    ) -> Result<usize, StoreError> {
        self.write(|tx| {
            for entry in entries {
                insert(tx, entry, None)?;
            }
            Ok(entries.len())
        })
    }

    /// A page of `query.filter`'s history, newest first.
    pub fn history(&self, query: &HistoryQuery) -> Result<HistoryPage, StoreError> {
        let mode = query.filter.mode.as_str();
        let search = search_term(&query.filter);
        let limit = query.limit.min(HISTORY_PAGE_MAX) as usize;
        let offset = query.offset as usize;
        let conn = self.conn();
        let (total, page) = match search {
            // Everything: a count, then the page, both from the index.
            None => {
                let total: i64 = conn
                    .prepare_cached("SELECT count(*) FROM history WHERE mode = ?1")?
                    .query_row([mode], |row| row.get(0))?;
                let page = conn
                    .prepare_cached(&format!(
                        "SELECT h.id FROM history h WHERE h.mode = ?1 ORDER BY {NEWEST_FIRST} \
                         LIMIT ?2 OFFSET ?3"
                    ))?
                    .query_map(params![mode, limit as i64, offset as i64], |row| {
                        row.get::<_, i64>(0)
                    })?
                    .collect::<Result<Vec<_>, _>>()?;
                (usize::try_from(total).unwrap_or(usize::MAX), page)
            }
            // A search: one pass over the index collects every match in order, and the total and the page
            // come from it, where a count and a LIMIT/OFFSET query would each test every entry.
            Some((search, phone)) => {
                let matches = conn
                    .prepare_cached(&format!(
                        "SELECT h.id FROM history h WHERE {MATCHES_FILTER} ORDER BY {NEWEST_FIRST}"
                    ))?
                    .query_map(params![mode, search, phone], |row| row.get::<_, i64>(0))?
                    .collect::<Result<Vec<_>, _>>()?;
                let page = matches.iter().skip(offset).take(limit).copied().collect();
                (matches.len(), page)
            }
        };
        let mut statement = conn.prepare_cached(&format!(
            "{SELECT_ENTRY} WHERE h.id IN (SELECT value FROM json_each(?1)) ORDER BY {NEWEST_FIRST}"
        ))?;
        let page_ids =
            serde_json::to_string(&page).map_err(|e| StoreError::unreadable("page", e))?;
        let raw = statement
            .query_map([page_ids], RawEntry::read)?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(HistoryPage {
            entries: raw
                .into_iter()
                .map(RawEntry::decode)
                .collect::<Result<_, _>>()?,
            total: u32::try_from(total).unwrap_or(u32::MAX),
            offset: query.offset,
        })
    }

    /// What was sent for every group created with `mode` and, when given, the key whose hint is `key_hint`: for
    /// marking a spreadsheet's groups "already created" (Blooio refuses a second group with the same members or
    /// chat GUID on one key's allocation). The base URL is not compared: the practice sandbox listens on a new
    /// port every launch, and its history is still the operator's practice.
    pub fn created_requests(
        &self,
        mode: AccountMode,
        key_hint: Option<&str>,
    ) -> Result<Vec<CreateGroupRequest>, StoreError> {
        let conn = self.conn();
        let mut statement = conn.prepare_cached(
            "SELECT request FROM history WHERE mode = ?1 AND (?2 IS NULL OR key_hint = ?2)",
        )?;
        let texts = statement
            .query_map(params![mode.as_str(), key_hint], |row| {
                row.get::<_, String>(0)
            })?
            .collect::<Result<Vec<_>, _>>()?;
        texts
            .iter()
            .map(|text| {
                serde_json::from_str(text).map_err(|e| StoreError::unreadable("request", e))
            })
            .collect()
    }

    /// "Forget history": deletes every entry of `mode`. Bulk jobs keep their own rows (see `delete_job`).
    /// Returns how many entries were deleted.
    pub fn forget_history(&self, mode: AccountMode) -> Result<usize, StoreError> {
        self.write(|tx| Ok(tx.execute("DELETE FROM history WHERE mode = ?1", [mode.as_str()])?))
    }
}

/// Inserts one entry; `job_row_id` for a bulk row, in the transaction that marks the row created.
pub(crate) fn insert(
    tx: &Transaction<'_>,
    entry: &NewHistoryEntry<'_>,
    job_row_id: Option<i64>,
) -> Result<i64, StoreError> {
    let request =
        serde_json::to_string(entry.request).map_err(|e| StoreError::unreadable("request", e))?;
    let response =
        serde_json::to_string(entry.created).map_err(|e| StoreError::unreadable("response", e))?;
    let group = &entry.created.group;
    // Blooio's answer may leave a field out; the request says what was asked for.
    let name = group.name.as_deref().unwrap_or(&entry.request.name);
    let chat_guid = group
        .chat_guid
        .as_deref()
        .or(entry.request.chat_guid.as_deref());
    tx.prepare_cached(
        "INSERT INTO history (created_at_ms, mode, source, base_url, key_hint, recovered, group_id, name, \
         chat_guid, request, response, search_text, job_row_id) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?
    .execute(params![
        entry.created_at_ms,
        entry.account.mode().as_str(),
        entry.source.as_str(),
        entry.account.base_url(),
        entry.account.key_hint(),
        entry.recovered,
        group.group_id,
        name,
        chat_guid,
        request,
        response,
        search_text(entry, name, chat_guid),
        job_row_id,
    ])?;
    Ok(tx.last_insert_rowid())
}

/// What a search matches, lower-cased once here so a search is a plain substring test. Rust's lowercasing, not
/// SQLite's `lower()`, which only knows ASCII (“Ökonomie” must find “ÖKONOMIE”). Added members are usually the
/// members sent; each appears once, since every search reads this text for every entry.
fn search_text(entry: &NewHistoryEntry<'_>, name: &str, chat_guid: Option<&str>) -> String {
    let mut parts: Vec<&str> = vec![name];
    parts.extend(entry.created.group.group_id.as_deref());
    parts.extend(chat_guid);
    let members = entry
        .request
        .members
        .iter()
        .chain(&entry.created.added_members);
    for member in members {
        if !parts.contains(&member.as_str()) {
            parts.push(member);
        }
    }
    parts.join("\n").to_lowercase()
}

/// The filter's search as matched against `search_text`, and its phone-number form (below); `None` lists
/// everything.
pub(crate) fn search_term(filter: &HistoryFilter) -> Option<(String, Option<String>)> {
    let term = filter.search.as_deref()?.trim().replace(['\n', '\r'], " ");
    (!term.is_empty()).then(|| (term.to_lowercase(), phone_digits(&term)))
}

/// A search typed the way people write a phone number ("(212) 555-0100", "+1 212.555.0100", "0151 1234 5678")
/// also matches as the number members are stored as, E.164: its digits, after the `+` when it starts with one,
/// else without the leading zeros of a trunk or international prefix (`0151…`, `0049…`). `None` when the term
/// has anything but digits and the signs written between them, fewer than 3 digits, or is digits alone or E.164
/// already (`+12125550100`): then the plain search already does it, and the history is scanned once, not twice.
fn phone_digits(term: &str) -> Option<String> {
    let digits: String = term.chars().filter(char::is_ascii_digit).collect();
    let only_phone_signs = term
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '(' | ')' | '-' | '.' | '/' | '+'));
    if !only_phone_signs || digits.len() < 3 || digits.len() == term.len() {
        return None;
    }
    let number = if term.starts_with('+') {
        format!("+{digits}")
    } else {
        digits.trim_start_matches('0').to_owned()
    };
    (!number.is_empty() && number != term).then_some(number)
}

/// `history h` rows of the mode `?1` whose search text holds `?2` or the search's phone-number form `?3` (when
/// not null): a substring test, so `%` and `_` are themselves. It reads only the `history_newest` index, which
/// carries `search_text`.
pub(crate) const MATCHES_FILTER: &str =
    "h.mode = ?1 AND (?2 IS NULL OR instr(h.search_text, ?2) > 0 \
     OR instr(h.search_text, ?3) > 0)";

/// The order of every listing, the index's own.
pub(crate) const NEWEST_FIRST: &str = "h.created_at_ms DESC, h.id DESC";

/// Selects what [`RawEntry::read`] reads, from `history h`.
pub(crate) const SELECT_ENTRY: &str =
    "SELECT h.id, h.created_at_ms, h.mode, h.source, h.base_url, h.key_hint, h.recovered, h.request, \
     h.response, r.job_id FROM history h LEFT JOIN job_rows r ON r.id = h.job_row_id";

/// An entry as SQLite gives it, before its JSON is decoded (decoding errors are the store's, not SQLite's).
pub(crate) struct RawEntry {
    id: i64,
    created_at_ms: i64,
    mode: String,
    source: String,
    base_url: String,
    key_hint: String,
    recovered: bool,
    request: String,
    response: String,
    job_id: Option<i64>,
}

impl RawEntry {
    pub(crate) fn read(row: &Row<'_>) -> rusqlite::Result<RawEntry> {
        Ok(RawEntry {
            id: row.get(0)?,
            created_at_ms: row.get(1)?,
            mode: row.get(2)?,
            source: row.get(3)?,
            base_url: row.get(4)?,
            key_hint: row.get(5)?,
            recovered: row.get(6)?,
            request: row.get(7)?,
            response: row.get(8)?,
            job_id: row.get(9)?,
        })
    }

    pub(crate) fn decode(self) -> Result<HistoryEntry, StoreError> {
        Ok(HistoryEntry {
            id: self.id,
            created_at_ms: self.created_at_ms,
            mode: AccountMode::parse(&self.mode)?,
            source: CreateSource::parse(&self.source)?,
            base_url: self.base_url,
            key_hint: self.key_hint,
            recovered: self.recovered,
            request: serde_json::from_str(&self.request)
                .map_err(|e| StoreError::unreadable("request", e))?,
            created: serde_json::from_str(&self.response)
                .map_err(|e| StoreError::unreadable("response", e))?,
            job_id: self.job_id,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn searched(text: &str) -> Option<(String, Option<String>)> {
        search_term(&HistoryFilter {
            mode: AccountMode::Blooio,
            search: Some(text.to_owned()),
        })
    }

    #[test]
    fn a_phone_number_is_also_searched_as_stored_and_only_when_that_differs() {
        assert_eq!(
            searched(" (212) 555-0100 "),
            Some(("(212) 555-0100".into(), Some("2125550100".into())))
        );
        assert_eq!(
            searched("0049 151 12345678"),
            Some(("0049 151 12345678".into(), Some("4915112345678".into())))
        );
        assert_eq!(
            searched("+12125550100"),
            Some(("+12125550100".into(), None))
        );
        assert_eq!(
            searched("Weekend Crew"),
            Some(("weekend crew".into(), None))
        );
        assert_eq!(searched("  "), None);
    }
}
