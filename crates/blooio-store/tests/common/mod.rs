//! Shared by the integration tests: a key, accounts, requests and answers to record, a fresh folder.
#![allow(dead_code)] // each test binary uses a different part of this module

use blooio_core::{ApiKey, CreateGroupRequest, CreatedGroup, Group};
use blooio_store::{
    Account, AccountMode, CreateSource, HistoryFilter, HistoryPage, HistoryQuery, JobRowInput,
    Store,
};

/// Looks like a real key; the tests check that no file of the store ever holds it.
pub const KEY: &str = "bl_live_k3yM4terialN0tToB3Stored9z8Y";
pub const BASE_URL: &str = "https://api.blooio.com/v2/api";
pub const SANDBOX_URL: &str = "http://127.0.0.1:8787/v2/api";

pub fn key() -> ApiKey {
    ApiKey::parse(KEY).unwrap()
}

pub fn account(mode: AccountMode) -> Account {
    match mode {
        AccountMode::Blooio => Account::new(mode, BASE_URL, &key()),
        AccountMode::Sandbox => Account::new(mode, SANDBOX_URL, &key()),
    }
}

pub fn request(name: &str, chat_guid: Option<&str>, members: &[&str]) -> CreateGroupRequest {
    CreateGroupRequest {
        name: name.to_owned(),
        chat_guid: chat_guid.map(str::to_owned),
        members: members.iter().map(|m| (*m).to_owned()).collect(),
    }
}

/// Blooio's answer to `request`: every member added, the first one a new contact.
pub fn created(request: &CreateGroupRequest, group_id: &str, created_at_ms: i64) -> CreatedGroup {
    CreatedGroup {
        group: Group {
            group_id: Some(group_id.to_owned()),
            name: Some(request.name.clone()),
            chat_guid: request.chat_guid.clone(),
            member_count: Some(request.members.len() as u64),
            created_at: Some(created_at_ms),
            ..Group::default()
        },
        added_members: request.members.clone(),
        created_contacts: request.members.iter().take(1).cloned().collect(),
    }
}

pub fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

pub fn open(dir: &tempfile::TempDir) -> Store {
    Store::open(dir.path().join("blooio-groups.sqlite3")).unwrap()
}

/// Records `request` as created from `source` at `at_ms`; returns the entry's id.
pub fn record(
    store: &Store,
    mode: AccountMode,
    source: CreateSource,
    request: &CreateGroupRequest,
    group_id: &str,
    at_ms: i64,
) -> i64 {
    let account = account(mode);
    let created = created(request, group_id, at_ms);
    store
        .record_created(&blooio_store::NewHistoryEntry {
            account: &account,
            source,
            request,
            created: &created,
            recovered: false,
            created_at_ms: at_ms,
        })
        .unwrap()
}

/// `count` one-member groups named "Group N", file rows from 2.
pub fn job_rows(count: usize) -> Vec<JobRowInput> {
    (0..count)
        .map(|i| JobRowInput {
            row_numbers: vec![i as u32 + 2],
            request: request(
                &format!("Group {i}"),
                None,
                &[&format!("+1212555{:04}", i % 10_000)],
            ),
        })
        .collect()
}

/// Records a memberless group named `name` (id `grp_<name>`), made in the form, at `at_ms`.
pub fn record_named(store: &Store, mode: AccountMode, name: &str, at_ms: i64) -> i64 {
    let group_id = format!("grp_{name}");
    record(
        store,
        mode,
        CreateSource::Form,
        &request(name, None, &[]),
        &group_id,
        at_ms,
    )
}

pub fn filter(mode: AccountMode, search: Option<&str>) -> HistoryFilter {
    HistoryFilter {
        mode,
        search: search.map(str::to_owned),
    }
}

pub fn page(
    store: &Store,
    mode: AccountMode,
    search: Option<&str>,
    offset: u32,
    limit: u32,
) -> HistoryPage {
    store
        .history(&HistoryQuery {
            filter: filter(mode, search),
            offset,
            limit,
        })
        .unwrap()
}
