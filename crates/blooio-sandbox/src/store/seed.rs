//! Many groups at once, for tests and benchmarks: `POST /__sandbox/seed` and `Sandbox::seed`.

use super::{chat_photo_url, now_ms, Account, Store, StoredGroup, StoredMember};

/// Most groups one seeding makes: enough for any benchmark, little enough to keep in memory.
pub const SEED_MAX: usize = 100_000;

/// Seeded groups are spaced this far apart in `created_at`, the newest one now: 10,000 span about a week,
/// so the time sorts and an app's "last week" have something to show.
const SPACING_MS: i64 = 60_000;

const ADJECTIVES: [&str; 16] = [
    "Amber", "Blue", "Bright", "Calm", "Coral", "Early", "Golden", "Green", "Lucky", "Maple",
    "North", "Quiet", "Rapid", "Silver", "Sunny", "Wild",
];
const NOUNS: [&str; 16] = [
    "Book club",
    "Choir",
    "Class",
    "Crew",
    "Family",
    "Friends",
    "Hikers",
    "League",
    "Neighbours",
    "Parents",
    "Project",
    "Runners",
    "Squad",
    "Studio",
    "Team",
    "Volunteers",
];

impl Store {
    /// Adds `count` groups (at most [`SEED_MAX`]) to `key`'s account and returns their ids, oldest first.
    ///
    /// Names are varied ("Golden Choir 42") so searches and name sorts have something to do; each group has
    /// two members, a phone number and an email, that no other group has (so no seeded group conflicts with
    /// another or with a group created later); every fifth is linked to a chat (`iMessage;+;chatseed…`) and
    /// so has the stock photo. `created_at` runs up to now, one minute apart, and the key's groups stay in
    /// creation order, as the list's time sorts expect.
    pub(crate) fn seed(&self, key: &str, count: usize, photo_base: &str) -> Vec<String> {
        let count = count.min(SEED_MAX);
        let mut guard = self.lock();
        let inner = &mut *guard;
        inner.seed_batches += 1;
        let batch = inner.seed_batches;
        let account = inner.accounts.entry(key.to_owned()).or_default();
        let now = now_ms();
        let mut ids = Vec::with_capacity(count);
        account.groups.reserve(count);
        for i in 0..count {
            let created_at = now - SPACING_MS * (count - 1 - i) as i64;
            let group_id = inner.ids.next_id("grp_");
            let name = format!(
                "{} {} {}",
                ADJECTIVES[i % ADJECTIVES.len()],
                NOUNS[(i / ADJECTIVES.len()) % NOUNS.len()],
                i + 1
            );
            let chat_guid = (i % 5 == 4).then(|| format!("iMessage;+;chatseed{batch}n{i}"));
            // +1 555 then two digits of the batch and five of the group: E.164, distinct per batch and group.
            let phone = format!("+1555{:02}{:05}", batch % 100, i);
            let email = format!("seed{batch}.{i}@example.com");
            let members = [phone, email]
                .into_iter()
                .map(|identifier| {
                    let contact_id = inner.ids.next_id("ct_");
                    account
                        .contacts
                        .insert(super::member_key(&identifier), contact_id.clone());
                    StoredMember {
                        id: inner.ids.next_id("gm_"),
                        contact_id,
                        identifier,
                        added_at: created_at,
                    }
                })
                .collect();
            ids.push(group_id.clone());
            account.groups.push(StoredGroup {
                icon_url: chat_photo_url(photo_base, chat_guid.as_deref(), &group_id),
                uploaded_icon: None,
                name_folded: name.to_lowercase(),
                name,
                chat_guid,
                members,
                created_at,
                deleted_at: None,
                group_id,
            });
        }
        inner.groups += count;
        // Seeded groups are older than the key's recent ones: put every group back in creation order.
        account.groups.sort_by_key(|g| g.created_at);
        account.reindex();
        ids
    }
}

impl Account {
    /// Rebuilds every index from `groups` (after they were reordered); deleted groups are in none.
    fn reindex(&mut self) {
        self.by_id.clear();
        self.by_chat_guid.clear();
        self.by_participants.clear();
        self.by_name = None;
        for (index, group) in self.groups.iter().enumerate() {
            if group.deleted_at.is_some() {
                continue;
            }
            self.by_id.insert(group.group_id.clone(), index);
            match &group.chat_guid {
                Some(guid) => {
                    self.by_chat_guid.insert(guid.clone(), index);
                }
                None if group.members.is_empty() => {}
                None => {
                    let mut set: Vec<String> = group
                        .members
                        .iter()
                        .map(|m| super::member_key(&m.identifier))
                        .collect();
                    set.sort_unstable();
                    self.by_participants.insert(set, index);
                }
            }
        }
    }
}
