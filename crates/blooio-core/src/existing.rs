//! "Which group is it?" — asked after Blooio answered a create with 409: a group with this chat GUID, or with
//! these people, already exists on the account. Blooio's 409 does not name the group, so the client looks for it:
//!
//! - linking a chat (`chat_guid` given): the group with exactly that chat GUID;
//! - a new group with members: a group with the same people (compared as `find_created_group` compares them:
//!   emails without case, phone numbers by their digits). Groups without a chat GUID are compared first, since
//!   they are the ones Blooio's participant check is about; linked ones after them, newest first within each.
//!
//! `GET /groups` is read page by page (200 a page, by `total`), and only groups whose `member_count` (when
//! given) equals the request's number of people have their members read, unlinked ones as their page arrives
//! (the group is usually a recent one, on the first page). Like the create's reconciliation it
//! never guesses: `Ok(None)` means every group was looked at and none is it; more groups than the lookup reads
//! or compares is `ReconcileError::Inconclusive(TooManyGroups)`.

use std::collections::HashSet;

use crate::client::BlooioClient;
use crate::key::ApiKey;
use crate::problem::LookupGap;
use crate::reconcile::{last_page, member_identity, Members, ReconcileError};
use crate::types::{CreateGroupRequest, Group, ListQuery, ListSort};

/// Groups asked for per page of `GET /groups` (Blooio's maximum).
pub const EXISTING_PAGE_SIZE: u32 = 200;

/// Pages read at most: 20,000 groups, 100 requests, some seconds at worst. An account with more is told the answer
/// is unsure rather than kept waiting.
pub const EXISTING_MAX_PAGES: u32 = 100;

/// Groups whose members are read at most (one request or more each).
pub const EXISTING_MAX_COMPARED: usize = 100;

impl BlooioClient {
    /// The group Blooio's 409 for `request` refers to: `Ok(Some(group))` when found, `Ok(None)` when no group on
    /// the account matches, `Err` when the answer can't be relied on (see the module documentation).
    pub async fn find_existing_group(
        &self,
        key: &ApiKey,
        request: &CreateGroupRequest,
    ) -> Result<Option<Group>, ReconcileError> {
        let wanted_guid = request.chat_guid.as_deref().map(str::trim);
        if wanted_guid.is_none() && request.members.is_empty() {
            // Blooio's 409 never concerns a new group without people: nothing can be "the same" one.
            return Ok(None);
        }
        let wanted: HashSet<String> = request.members.iter().map(|m| member_identity(m)).collect();
        let mut lookup = Lookup {
            client: self,
            key,
            wanted,
            compared: 0,
            undecided: None,
        };
        // Linked groups with the same people are compared only after every unlinked one.
        let mut linked = Vec::new();
        let mut offset: u32 = 0;
        let mut listed_all = false;
        for _ in 0..EXISTING_MAX_PAGES {
            let page = self
                .list_groups(
                    key,
                    &ListQuery {
                        limit: Some(EXISTING_PAGE_SIZE),
                        offset: Some(offset),
                        q: None,
                        sort: Some(ListSort::Recent),
                    },
                )
                .await?;
            let count = page.groups.len();
            for group in page.groups {
                match (wanted_guid, group.chat_guid.as_deref()) {
                    (Some(wanted), Some(guid)) if guid.trim() == wanted => return Ok(Some(group)),
                    (Some(_), _) => {}
                    (None, _) if !lookup.same_size(&group) => {}
                    (None, Some(_)) => linked.push(group),
                    (None, None) => {
                        if let Some(found) = lookup.compare(group).await? {
                            return Ok(Some(found));
                        }
                    }
                }
            }
            offset = offset.saturating_add(u32::try_from(count).unwrap_or(u32::MAX));
            listed_all = last_page(count, EXISTING_PAGE_SIZE, offset, page.pagination.as_ref());
            if listed_all {
                break;
            }
        }
        for group in linked {
            if let Some(found) = lookup.compare(group).await? {
                return Ok(Some(found));
            }
        }
        match (lookup.undecided, listed_all) {
            (Some(gap), _) => Err(ReconcileError::Inconclusive(gap)),
            (None, false) => Err(too_many(EXISTING_MAX_PAGES * EXISTING_PAGE_SIZE)),
            (None, true) => Ok(None),
        }
    }
}

/// The people looked for, and what comparing has found so far.
struct Lookup<'a> {
    client: &'a BlooioClient,
    key: &'a ApiKey,
    wanted: HashSet<String>,
    compared: usize,
    /// Why a group that could be the one could not be compared; reported only if no group matches.
    undecided: Option<LookupGap>,
}

impl Lookup<'_> {
    /// A group Blooio says has another number of people can't be the one; an unknown count could be.
    fn same_size(&self, group: &Group) -> bool {
        group
            .member_count
            .is_none_or(|n| usize::try_from(n).ok() == Some(self.wanted.len()))
    }

    /// `Some(group)` when it has exactly the people looked for.
    async fn compare(&mut self, group: Group) -> Result<Option<Group>, ReconcileError> {
        if self.compared >= EXISTING_MAX_COMPARED {
            return Err(too_many(
                u32::try_from(EXISTING_MAX_COMPARED).unwrap_or(u32::MAX),
            ));
        }
        self.compared += 1;
        let Some(group_id) = group.group_id.as_deref() else {
            self.undecided.get_or_insert(LookupGap::GroupWithoutId);
            return Ok(None);
        };
        match self
            .client
            .compare_members(self.key, group_id, &self.wanted)
            .await?
        {
            Members::Same => Ok(Some(group)),
            Members::Different => Ok(None),
            Members::Unreadable(why) => {
                self.undecided.get_or_insert(why);
                Ok(None)
            }
        }
    }
}

fn too_many(limit: u32) -> ReconcileError {
    ReconcileError::Inconclusive(LookupGap::TooManyGroups { limit })
}
