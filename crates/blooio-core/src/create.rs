//! The create protocol, one for every caller (the window, the CLI, a batch): send once, and when the answer is
//! lost, settle it by asking Blooio instead of sending again.
//!
//! Blooio documents no idempotency key for `POST /groups`, so a blind retry could make a second group. The
//! protocol keeps a pending-create record from just before the request leaves until its outcome is known; the
//! record outlives the process when the caller's [`PendingCreates`] keeps it on disk. Whoever creates the same
//! group again while a record is pending looks it up first (see `reconcile.rs`), so a crash, a kill or a lost
//! answer never leads to a duplicate.

use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::client::BlooioClient;
use crate::error::ApiError;
use crate::key::ApiKey;
use crate::problem::{ApiProblem, OutcomeProblem, Problem};
use crate::reconcile::{unix_time_ms, ReconcileError};
use crate::types::{CreateGroupRequest, CreatedGroup, Group};

/// How long to wait before asking again when the outcome could not be settled: past the client's own timeout,
/// a request still in Blooio's hands has either been stored or dropped.
pub const LOOK_AGAIN_AFTER: Duration = Duration::from_secs(60);

/// A create that was sent (or was about to be) and whose outcome is not known yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingCreate {
    pub request: CreateGroupRequest,
    /// Unix ms on this computer's clock, taken just before sending.
    pub sent_at_ms: i64,
}

/// Where pending creates are kept: in memory for the window, in a file for the CLI, in the journal for a
/// batch. Each record is the caller's own account's (a store is opened per base URL and key).
pub trait PendingCreates: Send + Sync {
    /// The pending create of exactly this request, if there is one.
    fn find(
        &self,
        request: &CreateGroupRequest,
    ) -> Result<Option<PendingCreate>, PendingStoreError>;
    /// Kept before the request is sent: a record that can't be kept stops the create.
    fn record(&self, pending: &PendingCreate) -> Result<(), PendingStoreError>;
    /// The outcome of this request is known: forget it.
    fn settle(&self, request: &CreateGroupRequest) -> Result<(), PendingStoreError>;
}

/// The store of pending creates failed; its text says how (no key, no member list: a path and the OS's words).
#[derive(thiserror::Error, Debug, Clone, PartialEq, Eq)]
#[error("{0}")]
pub struct PendingStoreError(pub String);

/// Pending creates for one process: enough for the window, where the operator presses Create again.
#[derive(Debug, Default)]
pub struct MemoryPending(Mutex<Vec<PendingCreate>>);

impl PendingCreates for MemoryPending {
    fn find(
        &self,
        request: &CreateGroupRequest,
    ) -> Result<Option<PendingCreate>, PendingStoreError> {
        let pending = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        Ok(pending.iter().find(|p| &p.request == request).cloned())
    }

    fn record(&self, record: &PendingCreate) -> Result<(), PendingStoreError> {
        let mut pending = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        pending.retain(|p| p.request != record.request);
        pending.push(record.clone());
        Ok(())
    }

    fn settle(&self, request: &CreateGroupRequest) -> Result<(), PendingStoreError> {
        let mut pending = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        pending.retain(|p| &p.request != request);
        Ok(())
    }
}

/// What became of a create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CreateOutcome {
    /// The group exists. `recovered`: Blooio's answer was lost and the group was found by asking afterwards, so
    /// `added_members` and `created_contacts` are unknown (empty), not "none".
    Created {
        created: CreatedGroup,
        recovered: bool,
    },
    /// No group was made: Blooio refused it, it never left, or the lookup after a lost answer found nothing.
    /// Trying again is safe once `problem` is dealt with.
    NotCreated {
        problem: Problem,
        error: Option<ApiError>,
    },
    /// Nobody can say yet. The pending record stays, so the next attempt looks first.
    Unknown {
        problem: Problem,
        error: Option<ApiError>,
        look_again_after: Duration,
    },
}

impl CreateOutcome {
    fn recovered(group: Group) -> Self {
        CreateOutcome::Created {
            created: CreatedGroup {
                group,
                added_members: Vec::new(),
                created_contacts: Vec::new(),
            },
            recovered: true,
        }
    }

    fn unknown(problem: OutcomeProblem, error: Option<ApiError>) -> Self {
        CreateOutcome::Unknown {
            problem: problem.into(),
            error,
            look_again_after: LOOK_AGAIN_AFTER,
        }
    }

    fn lookup_failed(lookup: &ReconcileError, error: Option<ApiError>) -> Self {
        Self::unknown(
            OutcomeProblem::OutcomeUnknown {
                why: lookup.gap(),
                look_again_secs: LOOK_AGAIN_AFTER.as_secs(),
            },
            error,
        )
    }
}

impl BlooioClient {
    /// Creates the group described by `request`, at most once across attempts that share `pending`.
    pub async fn create_group_once(
        &self,
        key: &ApiKey,
        request: &CreateGroupRequest,
        pending: &dyn PendingCreates,
    ) -> CreateOutcome {
        let store_failed = |error: PendingStoreError| CreateOutcome::NotCreated {
            problem: OutcomeProblem::PendingStoreFailed { detail: error.0 }.into(),
            error: None,
        };
        // The same group again after an unsettled outcome: ask Blooio first.
        match pending.find(request) {
            Ok(Some(earlier)) => match self
                .find_created_group(key, request, earlier.sent_at_ms)
                .await
            {
                Ok(Some(group)) => {
                    // Settling can only fail to forget; the next attempt would then find the group again.
                    let _ = pending.settle(request);
                    return CreateOutcome::recovered(group);
                }
                Ok(None) => {}
                Err(lookup) => return CreateOutcome::lookup_failed(&lookup, None),
            },
            Ok(None) => {}
            Err(error) => return store_failed(error),
        }

        let sent_at_ms = unix_time_ms();
        if let Err(error) = pending.record(&PendingCreate {
            request: request.clone(),
            sent_at_ms,
        }) {
            return store_failed(error);
        }
        let linking = request.chat_guid.is_some();
        let error = match self.create_group(key, request).await {
            Ok(created) => {
                let _ = pending.settle(request);
                return CreateOutcome::Created {
                    created,
                    recovered: false,
                };
            }
            Err(error) if !error.outcome_unknown() => {
                let _ = pending.settle(request);
                return CreateOutcome::NotCreated {
                    problem: error.create_problem(linking),
                    error: Some(error),
                };
            }
            Err(error) => error,
        };

        let cause = match error.create_problem(linking) {
            Problem::Api(problem) => problem,
            _ => ApiProblem::BadResponse,
        };
        // A request Blooio answered with a status is finished on its side, so a lookup settles it; one that got
        // no answer at all (a timeout, a dropped connection) may still be processed and appear later.
        let answered = error.status().is_some();
        match self.find_created_group(key, request, sent_at_ms).await {
            Ok(Some(group)) => {
                let _ = pending.settle(request);
                CreateOutcome::recovered(group)
            }
            // A request that timed out may still be in Blooio's hands: "not created" would be a guess.
            Ok(None) if matches!(error, ApiError::Timeout { .. }) => CreateOutcome::unknown(
                OutcomeProblem::MaybeStillInFlight {
                    look_again_secs: LOOK_AGAIN_AFTER.as_secs(),
                },
                Some(error),
            ),
            Ok(None) => {
                if answered {
                    let _ = pending.settle(request);
                }
                // Blooio's own error (a 503 "no device", say) keeps its sentence, now with the certainty that
                // nothing was created; without a readable answer, say just that.
                let problem = if answered && cause != ApiProblem::BadResponse {
                    OutcomeProblem::FailedNotCreated {
                        cause: Box::new(cause),
                    }
                } else {
                    OutcomeProblem::NotCreated {
                        cause: Box::new(cause),
                    }
                };
                CreateOutcome::NotCreated {
                    problem: problem.into(),
                    error: Some(error),
                }
            }
            Err(lookup) => CreateOutcome::lookup_failed(&lookup, Some(error)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(name: &str) -> CreateGroupRequest {
        CreateGroupRequest {
            name: name.into(),
            chat_guid: None,
            members: vec!["+12125550100".into()],
        }
    }

    #[test]
    fn memory_pending_keeps_one_record_per_request() {
        let store = MemoryPending::default();
        let team = request("Team");
        assert_eq!(store.find(&team), Ok(None));
        for sent_at_ms in [1, 2] {
            store
                .record(&PendingCreate {
                    request: team.clone(),
                    sent_at_ms,
                })
                .unwrap();
        }
        store
            .record(&PendingCreate {
                request: request("Other"),
                sent_at_ms: 3,
            })
            .unwrap();
        assert_eq!(store.find(&team).unwrap().map(|p| p.sent_at_ms), Some(2));
        store.settle(&team).unwrap();
        assert_eq!(store.find(&team), Ok(None));
        assert!(store.find(&request("Other")).unwrap().is_some());
    }
}
