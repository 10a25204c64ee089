//! "Export as CSV" of the history: one line per created group, newest first, for a spreadsheet or a script.

use std::io::Write;

use rusqlite::params;
use time::macros::format_description;
use time::OffsetDateTime;

use crate::history::{
    search_term, HistoryEntry, HistoryFilter, RawEntry, MATCHES_FILTER, NEWEST_FIRST, SELECT_ENTRY,
};
use crate::open::Store;
use crate::problem::{StoreError, StoreProblem};

/// The header line, in column order.
pub const HISTORY_CSV_HEADER: [&str; 11] = [
    "created at",
    "name",
    "group id",
    "chat GUID",
    "members",
    "added members",
    "created contacts",
    "mode",
    "base URL",
    "key hint",
    "source",
];

/// Between the entries of a list in one cell: readable in a spreadsheet, and no entry (E.164 or email) has it.
const LIST_SEPARATOR: &str = "; ";

impl Store {
    /// Writes `filter`'s history to `writer` as CSV (UTF-8, a header line, `\n` line ends), newest first.
    /// Returns the number of entries written.
    pub fn export_history_csv<W: Write>(
        &self,
        writer: W,
        filter: &HistoryFilter,
    ) -> Result<usize, StoreError> {
        let mut csv = csv::Writer::from_writer(writer);
        csv.write_record(HISTORY_CSV_HEADER)
            .map_err(export_failed)?;
        let conn = self.conn();
        let mut statement = conn.prepare_cached(&format!(
            "{SELECT_ENTRY} WHERE {MATCHES_FILTER} ORDER BY {NEWEST_FIRST}"
        ))?;
        let (search, phone) = search_term(filter).unzip();
        let mut rows = statement.query(params![filter.mode.as_str(), search, phone.flatten()])?;
        let mut written = 0;
        while let Some(row) = rows.next()? {
            let entry = RawEntry::read(row)?.decode()?;
            csv.write_record(record(&entry)).map_err(export_failed)?;
            written += 1;
        }
        csv.flush().map_err(|e| export_failed(e.into()))?;
        Ok(written)
    }
}

fn record(entry: &HistoryEntry) -> [String; 11] {
    let group = &entry.created.group;
    [
        iso_8601_utc(entry.created_at_ms),
        spreadsheet_safe(group.name.as_deref().unwrap_or(&entry.request.name)),
        group.group_id.clone().unwrap_or_default(),
        group
            .chat_guid
            .clone()
            .or_else(|| entry.request.chat_guid.clone())
            .unwrap_or_default(),
        entry.request.members.join(LIST_SEPARATOR),
        entry.created.added_members.join(LIST_SEPARATOR),
        entry.created.created_contacts.join(LIST_SEPARATOR),
        entry.mode.as_str().to_owned(),
        entry.base_url.clone(),
        entry.key_hint.clone(),
        entry.source.as_str().to_owned(),
    ]
}

/// `2026-11-20T09:30:00.123Z`. A time outside what `time` represents (no real entry has one) is written as
/// the bare number rather than failing the whole export.
fn iso_8601_utc(unix_ms: i64) -> String {
    let format =
        format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(unix_ms) * 1_000_000)
        .ok()
        .and_then(|time| time.format(&format).ok())
        .unwrap_or_else(|| unix_ms.to_string())
}

/// A group name is free text, possibly from an imported spreadsheet: one starting with `=`, `+`, `-` or `@`
/// would run as a formula when the export is opened in Excel or Sheets, so it gets a leading `'` (OWASP's
/// advice for CSV injection). Other columns hold ids, E.164 numbers and emails the core validated.
pub fn spreadsheet_safe(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_owned(),
    }
}

fn export_failed(error: csv::Error) -> StoreError {
    StoreProblem::StoreExportFailed {
        detail: error.to_string(),
    }
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_iso_8601_utc_with_milliseconds() {
        assert_eq!(iso_8601_utc(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(iso_8601_utc(1_795_000_000_123), "2026-11-18T11:06:40.123Z");
    }

    #[test]
    fn formulas_are_neutralised() {
        let cases = [
            ("Team", "Team"),
            ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"),
            ("+1 crew", "'+1 crew"),
            ("-", "'-"),
            ("@home", "'@home"),
            ("a=b", "a=b"),
            ("", ""),
        ];
        for (name, written) in cases {
            assert_eq!(spreadsheet_safe(name), written, "{name}");
        }
    }
}
