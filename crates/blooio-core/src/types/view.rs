//! The app's view models: the draft as typed, what the rules make of it, and the shapes the UI shows.
//!
//! Same serde conventions as `wire.rs`; the enums serialise as lower-case or snake_case strings.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::problem::Problem;
use crate::rules::members::MemberProblem;
use crate::types::wire::CreateGroupRequest;

/// Which input a problem is about. Serialised as the request field's name so the UI can place the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Field {
    Name,
    ChatGuid,
    Members,
    ApiKey,
}

/// Something the operator must fix before anything is sent: which field, and the problem's code and arguments
/// (worded by `english.rs` here, by the UI's words in the window).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FieldProblem {
    pub field: Field,
    pub problem: Problem,
}

impl FieldProblem {
    pub fn new(field: Field, problem: impl Into<Problem>) -> Self {
        FieldProblem {
            field,
            problem: problem.into(),
        }
    }
}

impl std::fmt::Display for FieldProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.problem.fmt(f)
    }
}

impl std::error::Error for FieldProblem {}

/// What one pasted entry turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum MemberKind {
    Phone,
    Email,
    Unknown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum MemberStatus {
    /// Will be sent, as `normalized`.
    Ok,
    /// Will be sent, as `normalized`, but is worth checking first; `problem` says why (a number in no range
    /// libphonenumber knows).
    Check,
    /// Same person as an earlier entry; sent once, under the earlier entry.
    Duplicate,
    /// Cannot be sent; `problem` says why. The operator must fix or remove it.
    Invalid,
}

/// One non-empty entry of the pasted member list, in input order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MemberEntry {
    /// The entry as pasted, trimmed.
    pub input: String,
    /// E.164 (`+15551234567`) or lower-case email; null when invalid.
    pub normalized: Option<String>,
    pub kind: MemberKind,
    pub status: MemberStatus,
    /// The line of the pasted text it is on, from 1 (several entries can share one).
    pub line: u32,
    /// Why the entry is to check, a duplicate or invalid, as a code with arguments (worded by `Display` in Rust
    /// and by `memberProblemText` in the UI); null when ok.
    pub problem: Option<MemberProblem>,
}

/// Which entries "Remove …" takes out of a pasted list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
#[ts(export)]
pub enum MemberRemoval {
    /// The entries that can't be used.
    Invalid,
    /// The later copies of someone already listed.
    Duplicates,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MemberReport {
    pub entries: Vec<MemberEntry>,
    /// Normalised, deduplicated, in input order: what would be sent as `members`.
    pub accepted: Vec<String>,
}

impl MemberReport {
    pub fn invalid(&self) -> impl Iterator<Item = &MemberEntry> {
        self.entries
            .iter()
            .filter(|e| e.status == MemberStatus::Invalid)
    }

    pub fn duplicates(&self) -> impl Iterator<Item = &MemberEntry> {
        self.entries
            .iter()
            .filter(|e| e.status == MemberStatus::Duplicate)
    }

    /// Entries that will be sent but are worth checking first.
    pub fn to_check(&self) -> impl Iterator<Item = &MemberEntry> {
        self.entries
            .iter()
            .filter(|e| e.status == MemberStatus::Check)
    }
}

/// The create form as typed, before any rule has run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct GroupDraft {
    #[serde(default)]
    pub name: String,
    /// Empty when the group is not linked to an existing chat.
    #[serde(default)]
    pub chat_guid: String,
    /// The pasted list: entries separated by new lines, commas, semicolons or tabs.
    #[serde(default)]
    pub members: String,
    /// ISO 3166 alpha-2 code (`"US"`) used for numbers written without a country code.
    #[serde(default)]
    pub default_region: String,
}

/// Everything the form needs to show, and the request when there is nothing to fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DraftReport {
    /// Present exactly when `problems` is empty.
    pub request: Option<CreateGroupRequest>,
    pub problems: Vec<FieldProblem>,
    /// Shown by the chat GUID field; does not block creating the group.
    pub chat_guid_warning: Option<Problem>,
    pub members: MemberReport,
    /// Characters (Unicode scalar values) in the trimmed name, for a "12 / 255" counter.
    pub name_chars: u32,
}

/// What the form shows as the operator types: [`DraftReport`] without the request, and with a long member list
/// cut down to what a person reads (see [`DraftReport::summary`]). Its JSON stays small for thousands of entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DraftSummary {
    pub problems: Vec<FieldProblem>,
    pub chat_guid_warning: Option<Problem>,
    pub name_chars: u32,
    pub members: MemberSummary,
}

/// The member list in numbers, and the rows worth showing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MemberSummary {
    /// How many will be sent: entries `ok` and to check.
    pub ok: u32,
    /// Of those, how many are worth checking first (status `check`).
    pub to_check: u32,
    pub duplicate: u32,
    pub invalid: u32,
    /// Every entry to check, duplicate or invalid, and the first fine ones, in input order.
    pub rows: Vec<MemberRow>,
    /// Fine entries left out of `rows`.
    pub more_ok: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MemberRow {
    /// Position in the pasted list, from 0.
    pub index: u32,
    pub entry: MemberEntry,
}

/// A country or region a default region can be, for the UI's picker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Region {
    /// ISO 3166 alpha-2, e.g. `"GB"`.
    pub code: String,
    /// English short name, e.g. `"United Kingdom"`.
    pub name: String,
    /// Country calling code without `+`, e.g. `44`.
    pub calling_code: u16,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::wire::ListSort;
    use serde_json::json;

    #[test]
    fn enums_serialise_as_the_bindings_say() {
        assert_eq!(
            serde_json::to_value(Field::ChatGuid).unwrap(),
            json!("chat_guid")
        );
        assert_eq!(
            serde_json::to_value(Field::ApiKey).unwrap(),
            json!("api_key")
        );
        assert_eq!(
            serde_json::to_value(MemberKind::Phone).unwrap(),
            json!("phone")
        );
        assert_eq!(
            serde_json::to_value(MemberStatus::Duplicate).unwrap(),
            json!("duplicate")
        );
        assert_eq!(
            serde_json::to_value(MemberStatus::Check).unwrap(),
            json!("check")
        );
        assert_eq!(
            serde_json::to_value(ListSort::NameDesc).unwrap(),
            json!("name_desc")
        );
        for sort in [
            ListSort::Recent,
            ListSort::Oldest,
            ListSort::NameAsc,
            ListSort::NameDesc,
        ] {
            assert_eq!(serde_json::to_value(sort).unwrap(), json!(sort.as_str()));
        }
    }
}
