//! A run's outcomes journalled by a thread of its own, so the next request doesn't wait for the disk. Outcomes
//! that arrive while one write is under way go into the next write together: when the journal is slower than
//! Blooio, it writes more rows per transaction instead of falling behind (a group commit).
//!
//! Each row is `sending` on the disk before its request leaves (the runner writes that itself); an outcome not
//! yet written when the app dies leaves its row `sending`, which the resume settles by looking the group up. The
//! runner waits for every outcome to be written (`written`) before it reads the journal again, waits, pauses or
//! ends.

use std::sync::mpsc;
use std::sync::{Arc, Mutex};

use blooio_store::{RowOutcome, Store, StoreError, StoreProblem};

enum Message {
    Record(RowOutcome),
    /// Answered once everything sent before it is written (or the first failure).
    Written(tokio::sync::oneshot::Sender<Result<(), StoreError>>),
}

/// The most outcomes one transaction writes.
const MOST_PER_WRITE: usize = 64;

pub(crate) struct OutcomeJournal {
    sender: mpsc::Sender<Message>,
    /// Why the first write that failed did; nothing is written after it.
    failed: Arc<Mutex<Option<StoreProblem>>>,
}

impl OutcomeJournal {
    pub(crate) fn start(store: Arc<Store>) -> OutcomeJournal {
        let (sender, receiver) = mpsc::channel();
        let failed = Arc::new(Mutex::new(None));
        let failure = failed.clone();
        // Ends when the journal is dropped and every message before that is handled.
        std::thread::spawn(move || write_until_closed(&store, &receiver, &failure));
        OutcomeJournal { sender, failed }
    }

    /// Hands `outcome` to the writer; a failure shows at the next `written` or `failure`.
    pub(crate) fn record(&self, outcome: RowOutcome) {
        // The writer only stops when this journal is dropped.
        let _ = self.sender.send(Message::Record(outcome));
    }

    /// Whether a write failed already (cheap; the run stops sending).
    pub(crate) fn failure(&self) -> Option<StoreError> {
        lock(&self.failed).clone().map(StoreError::from)
    }

    /// Waits until every outcome recorded so far is on its way to the disk (committed; flushed with the next
    /// flushed write), or says why not.
    pub(crate) async fn written(&self) -> Result<(), StoreError> {
        let (tell, told) = tokio::sync::oneshot::channel();
        if self.sender.send(Message::Written(tell)).is_err() {
            return Err(stopped());
        }
        told.await.unwrap_or_else(|_| Err(stopped()))
    }
}

fn write_until_closed(
    store: &Store,
    receiver: &mpsc::Receiver<Message>,
    failed: &Mutex<Option<StoreProblem>>,
) {
    while let Ok(first) = receiver.recv() {
        let mut batch = Vec::new();
        let mut waiting = Vec::new();
        let mut next = Some(first);
        while let Some(message) = next {
            match message {
                Message::Record(outcome) => batch.push(outcome),
                Message::Written(tell) => waiting.push(tell),
            }
            next = if batch.len() < MOST_PER_WRITE {
                receiver.try_recv().ok()
            } else {
                None
            };
        }
        if !batch.is_empty() && lock(failed).is_none() {
            if let Err(error) = store.record_outcomes(&batch) {
                *lock(failed) = Some(error.problem().clone());
            }
        }
        let failure = lock(failed).clone();
        for tell in waiting {
            let _ = tell.send(match &failure {
                Some(problem) => Err(problem.clone().into()),
                None => Ok(()),
            });
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn stopped() -> StoreError {
    StoreProblem::StoreFailed {
        detail: "the thread journalling the rows' outcomes stopped".to_owned(),
    }
    .into()
}
