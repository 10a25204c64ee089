//! The journal as the create protocol's record of pending creates, one job row at a time: a row in `sending` (or
//! `unsettled`) with its `sent_at_ms` *is* the pending record, so the batch runner settles a row a crash left
//! behind through `BlooioClient::create_group_once` — looked up, never resent blindly.

use blooio_core::{CreateGroupRequest, PendingCreate, PendingCreates, PendingStoreError};

use super::jobs::read_row;
use super::types::{RowId, RowState};
use crate::open::Store;
use crate::problem::{StoreError, StoreProblem};

/// One job row seen as [`PendingCreates`]; from [`Store::pending_for`].
#[derive(Debug, Clone, Copy)]
pub struct RowPending<'a> {
    store: &'a Store,
    row: RowId,
    /// Marked `sending` by [`Store::mark_sending_batch`] in this same run and not sent since: the record is
    /// on disk already, and there is nothing to look up.
    premarked: bool,
}

impl Store {
    /// The pending-create record of one job row, to pass to `create_group_once` for that row's request.
    pub fn pending_for(&self, row: RowId) -> RowPending<'_> {
        RowPending {
            store: self,
            row,
            premarked: false,
        }
    }

    /// Like [`Store::pending_for`], for a row this run marked with [`Store::mark_sending_batch`] and has not sent
    /// yet. Only the runner that marked it knows that; after a crash the row is an ordinary `sending` row again.
    pub fn pending_for_premarked(&self, row: RowId) -> RowPending<'_> {
        RowPending {
            store: self,
            row,
            premarked: true,
        }
    }
}

fn store_error(error: StoreError) -> PendingStoreError {
    PendingStoreError(error.to_string())
}

impl PendingCreates for RowPending<'_> {
    fn find(
        &self,
        request: &CreateGroupRequest,
    ) -> Result<Option<PendingCreate>, PendingStoreError> {
        if self.premarked {
            return Ok(None);
        }
        let row = read_row(&self.store.conn(), self.row).map_err(store_error)?;
        let open = matches!(row.state, RowState::Sending | RowState::Unsettled);
        Ok(match row.sent_at_ms {
            Some(sent_at_ms) if open && &row.request == request => Some(PendingCreate {
                request: row.request,
                sent_at_ms,
            }),
            _ => None,
        })
    }

    fn record(&self, pending: &PendingCreate) -> Result<(), PendingStoreError> {
        if self.premarked {
            return Ok(());
        }
        let row = read_row(&self.store.conn(), self.row).map_err(store_error)?;
        if row.request != pending.request {
            return Err(store_error(
                StoreProblem::JobRowRequestMismatch { row: self.row.0 }.into(),
            ));
        }
        self.store
            .mark_sending(self.row, pending.sent_at_ms)
            .map_err(store_error)
    }

    /// Does nothing: the row leaves `sending` only when the runner records the outcome (`mark_created`, …), in
    /// the transaction that stores it. Forgetting here first would open a window in which a crash loses both
    /// the group Blooio created and the record that it may exist — and the resumed job would send it again.
    fn settle(&self, _request: &CreateGroupRequest) -> Result<(), PendingStoreError> {
        Ok(())
    }
}
