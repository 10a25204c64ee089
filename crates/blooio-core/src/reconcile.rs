//! "Did it get created?" — asked after a `POST /groups` whose outcome is unknown (a timeout or broken
//! connection after sending, a 5xx, a success we could not read: `ApiError::outcome_unknown`).
//!
//! Blooio documents no idempotency key for creating groups, so sending the create again could make a second
//! group. For a group with members and no chat GUID Blooio's own 409 (same participants) would usually stop the
//! second one, and a chat GUID can be linked once; but a memberless group has no such backstop, and either way
//! the operator should be shown the group that exists rather than an error. So the client looks the group up:
//!
//! 1. `GET /groups?q=<name>&sort=recent&limit=50`, paging while the groups are newer than `sent_at` minus a
//!    clock-skew allowance (bounded to a few pages);
//! 2. keeps groups whose name equals the request's exactly, whose `chat_guid` equals the request's (both absent
//!    or the same), and whose `created_at`, when Blooio gives one, is not older than that bound;
//! 3. compares each one's members (`GET /groups/{id}/members`, every page) with the request's as a set;
//! 4. answers the newest group that matches.
//!
//! The answer never guesses: `Ok(None)` means every group that could be the one was looked at and none is, so
//! sending again is safe; when the answers are not enough to be sure (too many groups with the name, a group
//! listed without an id, a member without an identifier), the answer is `ReconcileError::Inconclusive`.
//!
//! One race no lookup can close: a request still being processed on the server (stuck behind a slow device)
//! is not visible yet. Ask once the request can no longer be in flight — at the earliest when the client's own
//! timeout has passed since sending, better a little later — and ask again before a retry if in doubt.

use std::collections::HashSet;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::client::BlooioClient;
use crate::error::ApiError;
use crate::key::ApiKey;
use crate::problem::{ApiProblem, LookupGap, Problem};
use crate::types::{CreateGroupRequest, Group, ListQuery, ListSort, Pagination};

/// How far Blooio's clock may be behind ours: a group whose `created_at` is older than `sent_at` minus this
/// cannot be the one just sent. Generous, because a too-small allowance would hide the group and invite the
/// duplicate this module exists to prevent; a too-large one only costs a member comparison or two.
pub const CLOCK_SKEW_ALLOWANCE_MS: i64 = 10 * 60 * 1000;

/// Groups asked for per page of `GET /groups` (Blooio's default page size).
pub const RECONCILE_PAGE_SIZE: u32 = 50;

/// Pages of `GET /groups` read at most. Four pages of groups with the same name created within the allowance
/// is far beyond what an operator does by hand; past that the answer is `Inconclusive`, not a guess.
pub const RECONCILE_MAX_PAGES: u32 = 4;

/// Members asked for per page of `GET /groups/{id}/members` (Blooio's maximum `limit`).
const MEMBERS_PAGE_SIZE: u32 = 200;

/// Why the lookup could not answer. Either way, nothing is known: don't send the create again blindly.
#[derive(thiserror::Error, Debug, Clone, PartialEq, Eq)]
pub enum ReconcileError {
    /// A lookup request failed (Blooio unreachable, 5xx, …).
    #[error("Couldn't check whether the group was created: {0}")]
    Api(#[from] ApiError),
    /// Blooio answered, but not enough to be sure either way.
    #[error("Couldn't tell for sure whether the group was created: {0}. Check the groups in Blooio before trying again.")]
    Inconclusive(LookupGap),
}

impl ReconcileError {
    /// Why there is no answer, as a problem code.
    pub fn gap(&self) -> LookupGap {
        match self {
            ReconcileError::Api(error) => LookupGap::LookupFailed {
                cause: Box::new(match error.problem() {
                    Problem::Api(problem) => problem,
                    _ => ApiProblem::BadResponse,
                }),
            },
            ReconcileError::Inconclusive(gap) => gap.clone(),
        }
    }

    /// The lookup's own error, when a request failed.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            ReconcileError::Api(error) => Some(error),
            ReconcileError::Inconclusive(_) => None,
        }
    }
}

/// Milliseconds since the Unix epoch, for `sent_at_ms`: take it just before calling `create_group`.
pub fn unix_time_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

impl BlooioClient {
    /// Asks Blooio whether `request`, sent at `sent_at_ms` (Unix ms, our clock) with an unknown outcome, created
    /// a group: `Ok(Some(group))`, the newest group that matches it exactly; `Ok(None)`, no group does, so the
    /// create can be sent again; `Err`, no answer to rely on (see the module documentation).
    pub async fn find_created_group(
        &self,
        key: &ApiKey,
        request: &CreateGroupRequest,
        sent_at_ms: i64,
    ) -> Result<Option<Group>, ReconcileError> {
        let earliest = sent_at_ms.saturating_sub(CLOCK_SKEW_ALLOWANCE_MS);
        let wanted: HashSet<String> = request.members.iter().map(|m| member_identity(m)).collect();
        // Why a group that could be the one could not be compared; reported only if no group matches.
        let mut undecided: Option<LookupGap> = None;
        let mut offset: u32 = 0;
        for _ in 0..RECONCILE_MAX_PAGES {
            let page = self
                .list_groups(
                    key,
                    &ListQuery {
                        limit: Some(RECONCILE_PAGE_SIZE),
                        offset: Some(offset),
                        q: Some(request.name.clone()),
                        sort: Some(ListSort::Recent),
                    },
                )
                .await?;
            let count = page.groups.len();
            // Newest first: once a group older than the window shows up, later pages hold only older ones. The
            // rest of this page is still looked at, in case groups created within one tick of the server's
            // clock come in any order.
            let passed_the_window = page
                .groups
                .iter()
                .any(|g| g.created_at.is_some_and(|at| at < earliest));
            let mut candidates: Vec<Group> = page
                .groups
                .into_iter()
                .filter(|g| g.created_at.is_none_or(|at| at >= earliest) && could_be(g, request))
                .collect();
            // Stable: groups with the same (or no) created_at keep the server's newest-first order.
            candidates.sort_by_key(|g| std::cmp::Reverse(g.created_at.unwrap_or(i64::MIN)));
            for group in candidates {
                let Some(group_id) = group.group_id.as_deref() else {
                    undecided.get_or_insert(LookupGap::GroupWithoutId);
                    continue;
                };
                match self.compare_members(key, group_id, &wanted).await? {
                    Members::Same => return Ok(Some(group)),
                    Members::Different => {}
                    Members::Unreadable(why) => {
                        undecided.get_or_insert(why);
                    }
                }
            }
            offset = offset.saturating_add(u32::try_from(count).unwrap_or(u32::MAX));
            let listed_all =
                last_page(count, RECONCILE_PAGE_SIZE, offset, page.pagination.as_ref());
            if passed_the_window || listed_all {
                return match undecided {
                    Some(gap) => Err(ReconcileError::Inconclusive(gap)),
                    None => Ok(None),
                };
            }
        }
        Err(ReconcileError::Inconclusive(LookupGap::TooManyNamesakes {
            limit: RECONCILE_MAX_PAGES * RECONCILE_PAGE_SIZE,
        }))
    }

    /// Reads every member of the group (stopping early at the first one the request did not have).
    pub(crate) async fn compare_members(
        &self,
        key: &ApiKey,
        group_id: &str,
        wanted: &HashSet<String>,
    ) -> Result<Members, ReconcileError> {
        let mut seen: HashSet<String> = HashSet::with_capacity(wanted.len());
        let mut offset: u32 = 0;
        // Enough pages for every wanted member plus one; a server that keeps sending pages past that is
        // repeating itself, and the comparison is called off rather than trusted.
        let max_pages = wanted.len() / MEMBERS_PAGE_SIZE as usize + 2;
        for _ in 0..max_pages {
            let page = self
                .list_group_members(key, group_id, Some(MEMBERS_PAGE_SIZE), Some(offset))
                .await?;
            let count = page.members.len();
            for member in page.members {
                let Some(identifier) = member.identifier else {
                    return Ok(Members::Unreadable(LookupGap::MemberWithoutIdentifier));
                };
                let identity = member_identity(&identifier);
                if !wanted.contains(&identity) {
                    return Ok(Members::Different);
                }
                seen.insert(identity);
            }
            offset = offset.saturating_add(u32::try_from(count).unwrap_or(u32::MAX));
            let listed_all = last_page(count, MEMBERS_PAGE_SIZE, offset, page.pagination.as_ref());
            if listed_all {
                return Ok(if seen.len() == wanted.len() {
                    Members::Same
                } else {
                    Members::Different
                });
            }
        }
        Ok(Members::Unreadable(LookupGap::EndlessMembers))
    }
}

/// Whether a page of `count` items (asked for `page_size`), read up to `offset` in all, was the last: a short page,
/// or Blooio's `total` reached.
pub(crate) fn last_page(
    count: usize,
    page_size: u32,
    offset: u32,
    pagination: Option<&Pagination>,
) -> bool {
    count < page_size as usize
        || pagination
            .and_then(|p| p.total)
            .is_some_and(|total| u64::from(offset) >= total)
}

pub(crate) enum Members {
    Same,
    Different,
    Unreadable(LookupGap),
}

/// Name exactly the same, and the same chat GUID or none on both sides. Blooio keeps the name as sent (the
/// request's name is already trimmed), so anything else is another group.
fn could_be(group: &Group, request: &CreateGroupRequest) -> bool {
    group.name.as_deref() == Some(request.name.as_str())
        && group.chat_guid.as_deref() == request.chat_guid.as_deref()
}

/// The identity of a member for the comparison: emails compared without case, phone numbers by their digits
/// (the request holds E.164, so `+1 (212) 555-0100`, `tel:+12125550100` and `+12125550100` are one person,
/// whichever way Blooio chooses to print them). Lenient on purpose: a false "different" would invite a
/// duplicate, a false "same" needs the same name, GUID, time window and people.
pub(crate) fn member_identity(raw: &str) -> String {
    let text = raw.trim();
    if text.contains('@') {
        let text = text
            .get(..7)
            .filter(|scheme| scheme.eq_ignore_ascii_case("mailto:"))
            .map_or(text, |_| &text[7..]);
        text.trim().to_lowercase()
    } else {
        text.chars().filter(char::is_ascii_digit).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn member_identities() {
        let cases = [
            ("+12125550100", "12125550100"),
            (" +1 (212) 555-0100 ", "12125550100"),
            ("tel:+12125550100", "12125550100"),
            ("Ann@Example.com", "ann@example.com"),
            ("MAILTO:ann@example.com", "ann@example.com"),
            ("mailto:", ""),
            ("", ""),
        ];
        for (raw, identity) in cases {
            assert_eq!(member_identity(raw), identity, "{raw:?}");
        }
    }

    #[test]
    fn candidates_by_name_and_chat_guid() {
        let request = |guid: Option<&str>| CreateGroupRequest {
            name: "Team".into(),
            chat_guid: guid.map(Into::into),
            members: vec![],
        };
        let group = |name: Option<&str>, guid: Option<&str>| Group {
            name: name.map(Into::into),
            chat_guid: guid.map(Into::into),
            ..Group::default()
        };
        let cases = [
            (group(Some("Team"), None), request(None), true),
            (group(Some("Team "), None), request(None), false),
            (group(Some("team"), None), request(None), false),
            (group(None, None), request(None), false),
            (
                group(Some("Team"), Some("iMessage;+;c1")),
                request(None),
                false,
            ),
            (
                group(Some("Team"), None),
                request(Some("iMessage;+;c1")),
                false,
            ),
            (
                group(Some("Team"), Some("iMessage;+;c1")),
                request(Some("iMessage;+;c1")),
                true,
            ),
            (
                group(Some("Team"), Some("iMessage;+;c2")),
                request(Some("iMessage;+;c1")),
                false,
            ),
        ];
        for (group, request, want) in cases {
            assert_eq!(could_be(&group, &request), want, "{group:?} {request:?}");
        }
    }

    #[test]
    fn errors_read_as_sentences() {
        let inconclusive = ReconcileError::Inconclusive(LookupGap::TooManyNamesakes { limit: 200 });
        assert_eq!(
            inconclusive.to_string(),
            "Couldn't tell for sure whether the group was created: more than 200 groups with this name were \
             created around the time it was sent. Check the groups in Blooio before trying again."
        );
        assert!(inconclusive.api_error().is_none());
        let api = ReconcileError::from(ApiError::Timeout { sent: true });
        assert!(api
            .to_string()
            .starts_with("Couldn't check whether the group was created: Blooio didn't answer"));
        assert_eq!(api.api_error(), Some(&ApiError::Timeout { sent: true }));
    }
}
