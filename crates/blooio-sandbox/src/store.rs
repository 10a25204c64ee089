//! The sandbox's memory: groups and contact books per API key, the fault queue, counters.
//!
//! Creating and reading live here; changing a group that exists is in `store/changes.rs`, seeding many
//! groups at once in `store/seed.rs`.

mod changes;
mod seed;

pub use seed::SEED_MAX;

use std::collections::hash_map::Entry;
use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, MutexGuard, PoisonError};

use axum::body::Bytes;
use std::time::{SystemTime, UNIX_EPOCH};

use axum::http::StatusCode;
use serde::Serialize;

use crate::error::{codes, ApiError};
use crate::fault::Fault;
use crate::rules::{member_key, CreateInput, ListParams, PageParams, Sort};

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
    /// Live groups, all keys together (deleted ones no longer count).
    groups: usize,
    ids: IdGen,
    /// `false` plays a phone that is off or offline: changes to linked chats are stored but not synced (the
    /// answers' `device_sync` says so). Set through `POST /__sandbox/devices`.
    devices_offline: bool,
    /// Numbers each uploaded photo, so a new photo gets a new URL (an app caches photos by URL).
    icon_versions: u64,
    /// Numbers each seeding, so seeded participant sets never repeat.
    seed_batches: u64,
}

/// What one API key owns: Blooio scopes groups and conflicts to the key's allocation.
#[derive(Default)]
struct Account {
    groups: Vec<StoredGroup>,
    by_id: HashMap<String, usize>,
    by_chat_guid: HashMap<String, usize>,
    /// Only groups created without `chat_guid`: those are the ones iMessage allows once per participant set.
    by_participants: HashMap<Vec<String>, usize>,
    /// The key's contact book: member key (email lower-cased) -> contact id.
    contacts: HashMap<String, String>,
    /// Live groups by folded name, ties in creation order; built by the first name-sorted list after a change,
    /// so that paging through 10,000 groups sorts them once, not once a page.
    by_name: Option<Vec<usize>>,
}

struct StoredGroup {
    group_id: String,
    name: String,
    name_folded: String,
    chat_guid: Option<String>,
    /// The linked chat's photo, as a URL the sandbox serves (see [`chat_photo_url`]).
    icon_url: Option<String>,
    /// A photo set through `POST /groups/{id}/icon`; `None` with an `icon_url` is the sandbox's stock photo.
    uploaded_icon: Option<UploadedIcon>,
    /// In the order they were added, spelled as they were sent.
    members: Vec<StoredMember>,
    created_at: i64,
    /// Soft-deleted: kept (indexes stay valid) but unreachable, unlisted and free of the 409 indexes.
    deleted_at: Option<i64>,
}

struct UploadedIcon {
    /// The last segment of its URL, `<group id>-<version>.<ext>`.
    file: String,
    mime: &'static str,
    bytes: Bytes,
}

/// A photo the sandbox serves at `/__sandbox/chat-photos/<file>`.
pub(crate) enum Photo {
    /// The stock photo every linked group chat starts with.
    Stock,
    Uploaded {
        mime: &'static str,
        bytes: Bytes,
    },
}

struct StoredMember {
    id: String,
    contact_id: String,
    identifier: String,
    added_at: i64,
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

/// `GET /groups/{group_id}/members`: `{group_id, group_name, icon_url, members, pagination}`.
#[derive(Serialize)]
pub(crate) struct MembersJson<'a> {
    group_id: &'a str,
    group_name: Option<&'a str>,
    icon_url: Option<&'a str>,
    members: Vec<MemberJson<'a>>,
    pagination: PaginationJson,
}

#[derive(Serialize)]
struct MemberJson<'a> {
    id: &'a str,
    contact_id: &'a str,
    identifier: &'a str,
    /// Contacts made through the API have no name.
    name: Option<&'a str>,
    added_at: i64,
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
            icon_url: self.icon_url.as_deref(),
            member_count: self.members.len(),
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

    /// Counts a `POST /groups` that is refused before it reaches the route (the rate limit), so takes no fault.
    pub(crate) fn count_create(&self) {
        self.lock().create_requests += 1;
    }

    pub(crate) fn group_count(&self) -> usize {
        self.lock().groups
    }

    /// The photo served as `file` (`<group id>.png` for the stock photo, `<group id>-<n>.<ext>` for an
    /// upload), if that group exists and still shows it. Photo URLs are public, like a CDN's: any key's group.
    pub(crate) fn photo(&self, file: &str) -> Option<Photo> {
        let group_id = file.split(['.', '-']).next()?;
        let inner = self.lock();
        inner.accounts.values().find_map(|account| {
            let group = &account.groups[*account.by_id.get(group_id)?];
            group.icon_url.as_ref()?;
            match &group.uploaded_icon {
                Some(icon) if icon.file == file => Some(Photo::Uploaded {
                    mime: icon.mime,
                    bytes: icon.bytes.clone(),
                }),
                None if file == format!("{group_id}.png") => Some(Photo::Stock),
                _ => None,
            }
        })
    }

    /// Whether phones are reachable for `device_sync` (see `Inner::devices_offline`).
    pub(crate) fn set_devices_online(&self, online: bool) {
        self.lock().devices_offline = !online;
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
        inner.devices_offline = false;
    }

    /// Stores a group and hands the 201 body to `answer` while the lock is held, to avoid copying the group out.
    /// `photo_base` is where [`chat_photo_url`] points (the sandbox's own address).
    pub(crate) fn create<R>(
        &self,
        key: &str,
        input: CreateInput,
        photo_base: &str,
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

        let created_at = now_ms();
        let mut created_contacts: Vec<usize> = Vec::new();
        let mut members = Vec::with_capacity(input.members.len());
        for (i, member) in input.members.iter().enumerate() {
            let contact_id = match account.contacts.entry(member_key(member)) {
                Entry::Occupied(known) => known.get().clone(),
                Entry::Vacant(slot) => {
                    created_contacts.push(i);
                    slot.insert(inner.ids.next_id("ct_")).clone()
                }
            };
            members.push(StoredMember {
                id: inner.ids.next_id("gm_"),
                contact_id,
                identifier: member.clone(),
                added_at: created_at,
            });
        }

        let group_id = inner.ids.next_id("grp_");
        let group = StoredGroup {
            icon_url: chat_photo_url(photo_base, input.chat_guid.as_deref(), &group_id),
            uploaded_icon: None,
            group_id,
            name_folded: input.name.to_lowercase(),
            name: input.name,
            chat_guid: input.chat_guid,
            members,
            created_at,
            deleted_at: None,
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
        account.by_name = None;
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

    /// One page of a group's members; `None` when the key has no such group.
    pub(crate) fn members<R>(
        &self,
        key: &str,
        group_id: &str,
        page: PageParams,
        answer: impl FnOnce(&MembersJson<'_>) -> R,
    ) -> Option<R> {
        let inner = self.lock();
        let account = inner.accounts.get(key)?;
        let group = &account.groups[*account.by_id.get(group_id)?];
        let members = MembersJson {
            group_id: &group.group_id,
            group_name: Some(&group.name),
            icon_url: group.icon_url.as_deref(),
            members: group
                .members
                .iter()
                .skip(page.offset)
                .take(page.limit)
                .map(|m| MemberJson {
                    id: &m.id,
                    contact_id: &m.contact_id,
                    identifier: &m.identifier,
                    name: None,
                    added_at: m.added_at,
                })
                .collect(),
            pagination: PaginationJson {
                limit: page.limit,
                offset: page.offset,
                total: group.members.len(),
            },
        };
        Some(answer(&members))
    }

    pub(crate) fn list<R>(
        &self,
        key: &str,
        params: &ListParams,
        answer: impl FnOnce(&ListJson<'_>) -> R,
    ) -> R {
        let mut inner = self.lock();
        let Some(account) = inner.accounts.get_mut(key) else {
            return answer(&ListJson {
                groups: Vec::new(),
                pagination: PaginationJson {
                    limit: params.limit,
                    offset: params.offset,
                    total: 0,
                },
            });
        };
        let matches = |g: &StoredGroup| {
            g.deleted_at.is_none()
                && params
                    .q
                    .as_deref()
                    .is_none_or(|q| g.name_folded.contains(q))
        };
        // Groups are kept in creation order (seeding keeps it too), so the time sorts need no sorting; the name
        // sorts use the cached order. Ties keep creation order either way (created_at alone can tie within one
        // millisecond), which is why name_desc walks the ascending order by runs of equal names.
        let hits: Vec<usize> = match params.sort {
            Sort::Recent => (0..account.groups.len())
                .rev()
                .filter(|&i| matches(&account.groups[i]))
                .collect(),
            Sort::Oldest => (0..account.groups.len())
                .filter(|&i| matches(&account.groups[i]))
                .collect(),
            Sort::NameAsc | Sort::NameDesc => {
                let groups = &account.groups;
                let order = account.by_name.get_or_insert_with(|| name_order(groups));
                let ascending = order.iter().copied().filter(|&i| matches(&groups[i]));
                if params.sort == Sort::NameAsc {
                    ascending.collect()
                } else {
                    descending_keeping_ties(ascending.collect(), groups)
                }
            }
        };
        let groups = &account.groups;
        let list = ListJson {
            groups: hits
                .iter()
                .skip(params.offset)
                .take(params.limit)
                .map(|&i| groups[i].json())
                .collect(),
            pagination: PaginationJson {
                limit: params.limit,
                offset: params.offset,
                total: hits.len(),
            },
        };
        answer(&list)
    }
}

/// Indexes of the live groups by folded name; the sort is stable, so ties stay in creation order.
fn name_order(groups: &[StoredGroup]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..groups.len())
        .filter(|&i| groups[i].deleted_at.is_none())
        .collect();
    order.sort_by(|&a, &b| groups[a].name_folded.cmp(&groups[b].name_folded));
    order
}

/// Reverses an ascending name order, but keeps each run of equal names in creation order.
fn descending_keeping_ties(ascending: Vec<usize>, groups: &[StoredGroup]) -> Vec<usize> {
    let mut out = Vec::with_capacity(ascending.len());
    for run in ascending
        .chunk_by(|&a, &b| groups[a].name_folded == groups[b].name_folded)
        .rev()
    {
        out.extend_from_slice(run);
    }
    out
}

/// A group chat made on a device usually has a photo, which the linked group then shows: the sandbox gives
/// every linked group chat (`…;+;…`) one, served at `photo_base` + `<group id>.png`. Direct chats and new
/// groups have none, as a new iMessage group has no photo until someone sets one.
fn chat_photo_url(photo_base: &str, chat_guid: Option<&str>, group_id: &str) -> Option<String> {
    chat_guid
        .filter(|guid| guid.contains(";+;"))
        .map(|_| format!("{photo_base}{group_id}.png"))
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

    /// `prefix` followed by 20 letters and digits; unique across prefixes too (one sequence).
    fn next_id(&mut self, prefix: &str) -> String {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let unique = mix(self.state);
        let decoration = mix(unique ^ 0xD1B5_4A32_D192_ED03);
        let mut id = String::with_capacity(prefix.len() + 11 + 9);
        id.push_str(prefix);
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
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn group_ids_are_unique_and_well_formed() {
        let mut ids = IdGen {
            state: u64::MAX - 5,
        };
        let mut seen = HashSet::new();
        for _ in 0..10_000 {
            let id = ids.next_id("grp_");
            assert!(id.starts_with("grp_"));
            assert_eq!(id.len(), 24);
            assert!(id[4..].chars().all(|c| c.is_ascii_alphanumeric()), "{id}");
            assert!(seen.insert(id), "repeat");
        }
    }

    const PHOTOS: &str = "http://127.0.0.1:1/__sandbox/chat-photos/";

    fn input(name: &str, guid: Option<&str>, members: &[&str]) -> CreateInput {
        CreateInput {
            name: name.into(),
            chat_guid: guid.map(Into::into),
            members: members.iter().map(|m| (*m).to_owned()).collect(),
        }
    }

    fn contacts(store: &Store, key: &str, input: CreateInput) -> Result<Vec<String>, ApiError> {
        store.create(key, input, PHOTOS, |c| {
            c.created_contacts.iter().map(|s| (*s).to_owned()).collect()
        })
    }

    fn member_page(
        store: &Store,
        key: &str,
        id: &str,
        limit: usize,
        offset: usize,
    ) -> Option<serde_json::Value> {
        store.members(key, id, PageParams { limit, offset }, |m| {
            serde_json::to_value(m).expect("serialises")
        })
    }

    #[test]
    fn members_in_the_order_added_with_contact_ids_per_key() {
        let store = Store::default();
        let first = store
            .create(
                "k1",
                input("a", None, &["+15550000001", "Ann@Example.com"]),
                PHOTOS,
                |c| c.group.group_id.to_owned(),
            )
            .expect("created");
        let second = store
            .create(
                "k1",
                input(
                    "b",
                    None,
                    &["ann@example.com", "+15550000003", "+15550000002"],
                ),
                PHOTOS,
                |c| c.group.group_id.to_owned(),
            )
            .expect("created");
        let a = member_page(&store, "k1", &first, 50, 0).expect("found");
        let b = member_page(&store, "k1", &second, 50, 0).expect("found");
        let identifiers = |page: &serde_json::Value| -> Vec<String> {
            page["members"]
                .as_array()
                .expect("array")
                .iter()
                .map(|m| m["identifier"].as_str().expect("identifier").to_owned())
                .collect()
        };
        assert_eq!(identifiers(&a), vec!["+15550000001", "Ann@Example.com"]);
        assert_eq!(
            identifiers(&b),
            vec!["ann@example.com", "+15550000003", "+15550000002"]
        );
        // The same person is the same contact in both groups (emails without case), with distinct memberships.
        assert_eq!(a["members"][1]["contact_id"], b["members"][0]["contact_id"]);
        assert_ne!(a["members"][1]["id"], b["members"][0]["id"]);
        assert_eq!(b["group_name"], "b");
        assert_eq!(
            b["pagination"],
            serde_json::json!({"limit": 50, "offset": 0, "total": 3})
        );
        let page = member_page(&store, "k1", &second, 2, 1).expect("found");
        assert_eq!(identifiers(&page), vec!["+15550000003", "+15550000002"]);
        assert_eq!(
            identifiers(&member_page(&store, "k1", &second, 2, 3).expect("found")),
            Vec::<String>::new()
        );
        assert!(
            member_page(&store, "k2", &second, 50, 0).is_none(),
            "another key's group"
        );
        assert!(member_page(&store, "k1", "grp_nope", 50, 0).is_none());
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
