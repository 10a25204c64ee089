//! "Copy diagnostics": what support needs to understand a problem, without the key or the operator's data.

use std::collections::VecDeque;
use std::sync::Mutex;

use crate::error::CommandError;

const KEEP_ERRORS: usize = 20;

/// The last errors the window was shown, newest last. Only codes, statuses and the app's own sentences are kept:
/// never the form's content or the key.
#[derive(Default)]
pub struct RecentErrors {
    entries: Mutex<VecDeque<String>>,
}

impl RecentErrors {
    pub fn record(&self, command: &str, err: &CommandError) {
        let mut line = format!("{} {command}: {}", crate::logging::now(), err.code());
        if let Some(detail) = &err.detail {
            if let Some(status) = detail.status {
                line.push_str(&format!(" (HTTP {status}"));
                if let Some(code) = &detail.server_code {
                    line.push_str(&format!(", server code {code}"));
                }
                line.push(')');
            }
        }
        line.push_str(" — ");
        line.push_str(&err.to_string());
        let line = crate::logging::redact(&line);
        log::warn!("{line}");
        let mut entries = match self.entries.lock() {
            Ok(entries) => entries,
            Err(poisoned) => poisoned.into_inner(),
        };
        if entries.len() == KEEP_ERRORS {
            entries.pop_front();
        }
        entries.push_back(line);
    }

    pub fn lines(&self) -> Vec<String> {
        match self.entries.lock() {
            Ok(entries) => entries.iter().cloned().collect(),
            Err(poisoned) => poisoned.into_inner().iter().cloned().collect(),
        }
    }
}
