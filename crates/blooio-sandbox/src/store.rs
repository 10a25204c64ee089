//! The sandbox's memory: groups and contact books per API key, the fault queue, counters.

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::http::StatusCode;
use serde::Serialize;

use crate::error::{codes, ApiError};
use crate::fault::Fault;
use crate::rules::{member_key, CreateInput, ListParams, Sort};

/// One lock around everything: a create touches the group list, three indexes and the contact book at once,
/// and the critical sections are short enough for thousands of requests a second.
#[derive(Default)]
pub(crate) struct Store {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    accounts: HashMap<String, Account>,
    faults: VecDeque<Fault>,
    create_requests: usize,
    groups: usize,
    ids: IdGen,
}

/// What one API key owns: Blooio scopes groups and conflicts to the key's allocation.
#[derive(Default)]
struct Account {
    groups: Vec<StoredGroup>,
    by_id: HashMap<String, usize>,
    by_chat_guid: HashMap<String, usize>,
    /// Only groups created without `chat_guid`: those are the ones iMessage allows once per participant set.
    by_participants: HashMap<Vec<String>, usize>,
    contacts: HashSet<String>,
}

struct StoredGroup {
    group_id: String,
    name: String,
    name_folded: String,
    chat_guid: Option<String>,
    member_count: usize,
    created_at: i64,
}

#[derive(Serialize)]
pub(crate) struct GroupJson<'a> {
    group_id: &'a str,
    name: Option<&'a str>,
    chat_guid: Option<&'a str>,
    icon_url: Option<&'a str>,
    member_count: usize,
    message_count: u64,
    last_message_text: Option<&'a str>,
    last_message_time: Option<i64>,
    last_message_direction: Option<&'a str>,
    created_at: i64,
}

#[derive(Serialize)]
pub(crate) struct CreatedJson<'a> {
    #[serde(flatten)]
    group: GroupJson<'a>,
    added_members: &'a [String],
    created_contacts: Vec<&'a str>,
}

#[derive(Serialize)]
pub(crate) struct ListJson<'a> {
    groups: Vec<GroupJson<'a>>,
    pagination: PaginationJson,
}

#[derive(Serialize)]
struct PaginationJson {
    limit: usize,
    offset: usize,
    total: usize,
}

impl StoredGroup {
    fn json(&self) -> GroupJson<'_> {
        GroupJson {
            group_id: &self.group_id,
            name: Some(&self.name),
            chat_guid: self.chat_guid.as_deref(),
            icon_url: None,
            member_count: self.member_count,
            message_count: 0,
            last_message_text: None,
            last_message_time: None,
            last_message_direction: None,
            created_at: self.created_at,
        }
    }
}

impl Store {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic while holding the lock cannot leave a half-made group behind (inserts come last), so the
        // state is still usable.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn inject(&self, fault: Fault) -> usize {
        let mut inner = self.lock();
        inner.faults.push_back(fault);
        inner.faults.len()
    }

    pub(crate) fn take_fault(&self) -> Option<Fault> {
        self.lock().faults.pop_front()
    }

    /// Counts a `POST /groups` and takes the fault it suffers, in one go.
    pub(crate) fn begin_create(&self) -> Option<Fault> {
        let mut inner = self.lock();
        inner.create_requests += 1;
        inner.faults.pop_front()
    }

    pub(crate) fn group_count(&self) -> usize {
        self.lock().groups
    }

    pub(crate) fn create_requests(&self) -> usize {
        self.lock().create_requests
    }

    pub(crate) fn pending_faults(&self) -> usize {
        self.lock().faults.len()
    }

    /// Forgets everything but the id sequence, so ids stay unique for the life of the process.
    pub(crate) fn reset(&self) {
        let mut inner = self.lock();
        inner.accounts.clear();
        inner.faults.clear();
        inner.create_requests = 0;
        inner.groups = 0;
    }

    /// Stores a group and hands the 201 body to `answer` while the lock is held, to avoid copying the group out.
    pub(crate) fn create<R>(
        &self,
        key: &str,
        input: CreateInput,
        answer: impl FnOnce(&CreatedJson<'_>) -> R,
    ) -> Result<R, ApiError> {
        let mut guard = self.lock();
        let inner = &mut *guard;
        let account = inner.accounts.entry(key.to_owned()).or_default();

        let participants = match &input.chat_guid {
            Some(guid) => {
                if let Some(&i) = account.by_chat_guid.get(guid) {
                    return Err(ApiError::new(
                        StatusCode::CONFLICT,
                        codes::CHAT_ALREADY_LINKED,
                        "A group with this chat_guid already exists",
                    )
                    .with("existing_group_id", account.groups[i].group_id.as_str()));
                }
                None
            }
            // An empty set is not a chat yet (iMessage only creates one once there is someone to message),
            // so memberless groups never conflict.
            None if input.members.is_empty() => None,
            None => {
                let mut set: Vec<String> = input.members.iter().map(|m| member_key(m)).collect();
                set.sort_unstable();
                if let Some(&i) = account.by_participants.get(&set) {
                    return Err(ApiError::new(
                        StatusCode::CONFLICT,
                        codes::GROUP_ALREADY_EXISTS,
                        "A group with the same participants already exists on this allocation",
                    )
                    .with("existing_group_id", account.groups[i].group_id.as_str()));
                }
                Some(set)
            }
        };

        let created_contacts: Vec<usize> = input
            .members
            .iter()
            .enumerate()
            .filter(|(_, m)| account.contacts.insert(member_key(m)))
            .map(|(i, _)| i)
            .collect();

        let group = StoredGroup {
            group_id: inner.ids.next_group_id(),
            name_folded: input.name.to_lowercase(),
            name: input.name,
            chat_guid: input.chat_guid,
            member_count: input.members.len(),
            created_at: now_ms(),
        };
        let index = account.groups.len();
        account.by_id.insert(group.group_id.clone(), index);
        if let Some(guid) = &group.chat_guid {
            account.by_chat_guid.insert(guid.clone(), index);
        }
        if let Some(set) = participants {
            account.by_participants.insert(set, index);
        }
        account.groups.push(group);
        inner.groups += 1;

        let created = CreatedJson {
            group: account.groups[index].json(),
            added_members: &input.members,
            created_contacts: created_contacts
                .into_iter()
                .map(|i| input.members[i].as_str())
                .collect(),
        };
        Ok(answer(&created))
    }

    pub(crate) fn get<R>(
        &self,
        key: &str,
        group_id: &str,
        answer: impl FnOnce(&GroupJson<'_>) -> R,
    ) -> Option<R> {
        let inner = self.lock();
        let account = inner.accounts.get(key)?;
        let &index = account.by_id.get(group_id)?;
        Some(answer(&account.groups[index].json()))
    }

    pub(crate) fn list<R>(
        &self,
        key: &str,
        params: &ListParams,
        answer: impl FnOnce(&ListJson<'_>) -> R,
    ) -> R {
        let inner = self.lock();
        let groups: &[StoredGroup] = inner.accounts.get(key).map_or(&[], |a| a.groups.as_slice());
        let matches = |g: &&StoredGroup| {
            params
                .q
                .as_deref()
                .is_none_or(|q| g.name_folded.contains(q))
        };
        // Groups are kept in creation order, so only the name sorts need sorting; ties keep creation order
        // (created_at alone can tie within one millisecond).
        let mut hits: Vec<&StoredGroup> = match params.sort {
            Sort::Recent => groups.iter().rev().filter(matches).collect(),
            Sort::Oldest | Sort::NameAsc | Sort::NameDesc => {
                groups.iter().filter(matches).collect()
            }
        };
        match params.sort {
            Sort::NameAsc => hits.sort_by(|a, b| a.name_folded.cmp(&b.name_folded)),
            Sort::NameDesc => hits.sort_by(|a, b| b.name_folded.cmp(&a.name_folded)),
            Sort::Recent | Sort::Oldest => {}
        }
        let total = hits.len();
        let list = ListJson {
            groups: hits
                .into_iter()
                .skip(params.offset)
                .take(params.limit)
                .map(StoredGroup::json)
                .collect(),
            pagination: PaginationJson {
                limit: params.limit,
                offset: params.offset,
                total,
            },
        };
        answer(&list)
    }
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// `grp_` ids that look random but never repeat: a counter stepped by an odd constant visits every u64 once,
/// and the SplitMix64 finaliser is a bijection, so distinct steps give distinct ids without a lookup.
struct IdGen {
    state: u64,
}

impl Default for IdGen {
    fn default() -> Self {
        use std::hash::{BuildHasher, Hasher};
        // Different sandboxes (and test processes) should not hand out the same ids; std's RandomState is
        // seeded from the OS, which saves a dependency on a random-number crate.
        let seed = std::collections::hash_map::RandomState::new()
            .build_hasher()
            .finish();
        IdGen { state: seed }
    }
}

impl IdGen {
    const ALPHABET: &'static [u8; 62] =
        b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    fn next_group_id(&mut self) -> String {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let unique = mix(self.state);
        let decoration = mix(unique ^ 0xD1B5_4A32_D192_ED03);
        let mut id = String::with_capacity(4 + 11 + 9);
        id.push_str("grp_");
        push_base62(&mut id, unique, 11);
        push_base62(&mut id, decoration, 9);
        id
    }
}

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Fixed width, so that the first 11 characters alone encode `value` one-to-one (62^11 > 2^64).
fn push_base62(out: &mut String, mut value: u64, width: usize) {
    for _ in 0..width {
        out.push(char::from(IdGen::ALPHABET[(value % 62) as usize]));
        value /= 62;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_ids_are_unique_and_well_formed() {
        let mut ids = IdGen {
            state: u64::MAX - 5,
        };
        let mut seen = HashSet::new();
        for _ in 0..10_000 {
            let id = ids.next_group_id();
            assert!(id.starts_with("grp_"));
            assert_eq!(id.len(), 24);
            assert!(id[4..].chars().all(|c| c.is_ascii_alphanumeric()), "{id}");
            assert!(seen.insert(id), "repeat");
        }
    }

    fn input(name: &str, guid: Option<&str>, members: &[&str]) -> CreateInput {
        CreateInput {
            name: name.into(),
            chat_guid: guid.map(Into::into),
            members: members.iter().map(|m| (*m).to_owned()).collect(),
        }
    }

    fn contacts(store: &Store, key: &str, input: CreateInput) -> Result<Vec<String>, ApiError> {
        store.create(key, input, |c| {
            c.created_contacts.iter().map(|s| (*s).to_owned()).collect()
        })
    }

    #[test]
    fn conflicts_and_contacts() {
        let store = Store::default();
        let c = contacts(
            &store,
            "k1",
            input("a", None, &["+15550000001", "Ann@Example.com"]),
        )
        .expect("created");
        assert_eq!(c, vec!["+15550000001", "Ann@Example.com"]);
        // Same set, other order, other email case.
        let err = contacts(
            &store,
            "k1",
            input("b", None, &["ann@example.com", "+15550000001"]),
        )
        .expect_err("409");
        assert_eq!(err.code(), codes::GROUP_ALREADY_EXISTS);
        // Same set under another key is fine, and that key's contact book is its own.
        let c = contacts(
            &store,
            "k2",
            input("b", None, &["ann@example.com", "+15550000001"]),
        )
        .expect("created");
        assert_eq!(c.len(), 2);
        // A linked group may share the set; only the new member is a new contact.
        let c = contacts(
            &store,
            "k1",
            input(
                "c",
                Some("iMessage;+;chat1"),
                &["+15550000001", "ann@example.com", "+15550000002"],
            ),
        )
        .expect("created");
        assert_eq!(c, vec!["+15550000002"]);
        let err =
            contacts(&store, "k1", input("d", Some("iMessage;+;chat1"), &[])).expect_err("409");
        assert_eq!(err.code(), codes::CHAT_ALREADY_LINKED);
        // Memberless groups do not conflict with each other.
        contacts(&store, "k1", input("e", None, &[])).expect("created");
        contacts(&store, "k1", input("f", None, &[])).expect("created");
        // A subset is a different set.
        contacts(&store, "k1", input("g", None, &["+15550000001"])).expect("created");
        assert_eq!(store.group_count(), 6);
        store.reset();
        assert_eq!(store.group_count(), 0);
        contacts(
            &store,
            "k1",
            input("a", None, &["+15550000001", "ann@example.com"]),
        )
        .expect("created after reset");
    }
}
