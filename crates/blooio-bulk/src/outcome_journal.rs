//! A run's journal writes that need not hold up the next request, done by a thread of its own:
//! - the rows' outcomes: outcomes that arrive while one write is under way go into the next write together, so
//!   when the journal is slower than Blooio it writes more rows per transaction instead of falling behind (a
//!   group commit);
//! - the next batch of rows marked `sending` (a flushed write) while the current batch is being sent, so the
//!   disk flush is off the request path too. The runner waits for it before it sends the first of those rows.
//!
//! An outcome not yet written when the app dies leaves its row `sending`, which the resume settles by looking the
//! group up; a row marked ahead and never sent is looked up too, finding nothing. The runner waits for every
//! outcome to be written (`written`) before it reads the journal again, waits, pauses or ends.

use std::sync::mpsc;
use std::sync::{Arc, Mutex};

use blooio_core::unix_time_ms;
use blooio_store::{RowId, RowOutcome, Store, StoreError, StoreProblem};

enum Message {
    Record(RowOutcome),
    /// Mark these `pending` rows `sending` (flushed, all or none), after the outcomes before it.
    MarkSending(
        Vec<RowId>,
        tokio::sync::oneshot::Sender<Result<(), StoreError>>,
    ),
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
        let spawned = std::thread::Builder::new()
            .name("bulk-journal".to_owned())
            .spawn(move || write_until_closed(&store, &receiver, &failure));
        if let Err(error) = spawned {
            // Every write then fails with this, and the run stops before its first request.
            *lock(&failed) = Some(StoreProblem::StoreFailed {
                detail: format!(
                    "could not start the thread journalling the rows' outcomes: {error}"
                ),
            });
        }
        OutcomeJournal { sender, failed }
    }

    /// Hands `outcome` to the writer; a failure shows at the next `written` or `failure`.
    pub(crate) fn record(&self, outcome: RowOutcome) {
        // The writer only stops when this journal is dropped.
        let _ = self.sender.send(Message::Record(outcome));
    }

    /// Marks `rows` `sending` in one flushed write, after every outcome recorded so far; the answer says when
    /// they are on the disk (and so may be sent). A failed outcome write fails this too, marking nothing.
    pub(crate) fn mark_sending(&self, rows: Vec<RowId>) -> MarkedAhead {
        let (tell, told) = tokio::sync::oneshot::channel();
        let _ = self.sender.send(Message::MarkSending(rows, tell));
        MarkedAhead(told)
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

/// The answer to [`OutcomeJournal::mark_sending`].
pub(crate) struct MarkedAhead(tokio::sync::oneshot::Receiver<Result<(), StoreError>>);

impl MarkedAhead {
    pub(crate) async fn written(self) -> Result<(), StoreError> {
        self.0.await.unwrap_or_else(|_| Err(stopped()))
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
        let mut marking = None;
        let mut next = Some(first);
        while let Some(message) = next {
            match message {
                Message::Record(outcome) => batch.push(outcome),
                Message::Written(tell) => waiting.push(tell),
                // Nothing recorded after it is gathered with the outcomes before it: the mark comes second.
                Message::MarkSending(rows, tell) => {
                    marking = Some((rows, tell));
                    break;
                }
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
        if let Some((rows, tell)) = marking {
            let marked = match lock(failed).clone() {
                Some(problem) => Err(problem.into()),
                // A refusal here (the job was paused meanwhile, say) is the runner's to handle: the outcomes
                // written so far stand.
                None => store.mark_sending_batch(&rows, unix_time_ms()),
            };
            let _ = tell.send(marked);
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
