//! The operator's hand on a run: pause, resume, cancel. Taken between rows, never in the middle of one: a
//! request that has left is always followed to its outcome and journalled.

use std::sync::Arc;

use tokio::sync::watch;

/// What the operator wants the run to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wanted {
    Run,
    Pause,
    Cancel,
}

/// Shared by the runner and whoever drives it (the window's commands, the CLI's Ctrl-C handler). Cloning gives
/// another handle on the same run.
#[derive(Debug, Clone)]
pub struct RunControl {
    wanted: Arc<watch::Sender<Wanted>>,
}

impl Default for RunControl {
    fn default() -> Self {
        RunControl::new()
    }
}

impl RunControl {
    pub fn new() -> Self {
        RunControl {
            wanted: Arc::new(watch::Sender::new(Wanted::Run)),
        }
    }

    /// Stops after the row in flight; the job is kept `paused` until [`RunControl::resume`].
    pub fn pause(&self) {
        self.set(Wanted::Pause);
    }

    pub fn resume(&self) {
        self.set(Wanted::Run);
    }

    /// Stops after the row in flight; the job is `cancelled` and its remaining rows are not sent.
    pub fn cancel(&self) {
        self.set(Wanted::Cancel);
    }

    pub fn wanted(&self) -> Wanted {
        *self.wanted.borrow()
    }

    /// Cancel is final: a pause or resume after it changes nothing.
    fn set(&self, wanted: Wanted) {
        self.wanted.send_if_modified(|current| {
            let change = *current != wanted && *current != Wanted::Cancel;
            if change {
                *current = wanted;
            }
            change
        });
    }

    /// Waits until the operator wants something other than `than`.
    pub(crate) async fn changed_from(&self, than: Wanted) -> Wanted {
        let mut receiver = self.wanted.subscribe();
        // The sender lives in `self`, so waiting can't fail for want of one.
        let wanted = match receiver.wait_for(|wanted| *wanted != than).await {
            Ok(wanted) => *wanted,
            Err(_) => Wanted::Cancel,
        };
        wanted
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cancel_is_final() {
        let control = RunControl::new();
        control.pause();
        assert_eq!(control.wanted(), Wanted::Pause);
        control.resume();
        assert_eq!(control.wanted(), Wanted::Run);
        control.cancel();
        control.resume();
        control.pause();
        assert_eq!(control.wanted(), Wanted::Cancel);
    }

    #[tokio::test]
    async fn a_paused_run_wakes_on_resume() {
        let control = RunControl::new();
        control.pause();
        let waiter = {
            let control = control.clone();
            tokio::spawn(async move { control.changed_from(Wanted::Pause).await })
        };
        control.resume();
        assert_eq!(waiter.await.ok(), Some(Wanted::Run));
    }
}
