//! The English sentences for the store's problem codes, for what Rust itself shows: the CLI and the logs. The
//! window words the same codes in `ui/src/lib/words/`.

use std::fmt::{self, Display, Formatter};

use crate::problem::StoreProblem;

impl Display for StoreProblem {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        use StoreProblem::*;
        match self {
            StoreNewerVersion { found, supported } => write!(
                f,
                "The history and job records were saved by a newer version of Blooio Groups (database version \
                 {found}; this version reads up to {supported}). Update Blooio Groups to open them. Nothing was \
                 changed."
            ),
            StoreNotADatabase { path } if path.is_empty() => f.write_str(
                "The file of history and job records is damaged or isn't a database. It was left as it was; \
                 move it elsewhere to start with empty records.",
            ),
            StoreNotADatabase { path } => write!(
                f,
                "{path} is damaged or isn't a database, so the history and job records can't be read. It was \
                 left as it was; move it elsewhere to start with empty records."
            ),
            StoreForeignDatabase { path } => write!(
                f,
                "{path} is a database made by another program, so Blooio Groups won't write its records there. \
                 It was left as it was; move it elsewhere or choose another file."
            ),
            StoreCannotOpen { path, detail } => write!(
                f,
                "The history and job records at {path} can't be opened ({detail}). Check that the folder \
                 exists and that you may write to it."
            ),
            StoreBusy => f.write_str(
                "The history and job records are busy: another Blooio Groups window or the command-line tool \
                 is writing to them. Try again in a moment.",
            ),
            StoreDiskFull => f.write_str(
                "The disk is full, so the history and job records couldn't be saved. Free some space, then try \
                 again.",
            ),
            StoreFailed { detail } => write!(
                f,
                "The history and job records couldn't be read or saved ({detail})."
            ),
            StoreDataUnreadable { what, detail } => write!(
                f,
                "A saved {what} couldn't be read back ({detail}). Was the file changed by another program?"
            ),
            StoreExportFailed { detail } => write!(
                f,
                "The history couldn't be exported ({detail}). Check that there is space and that no other \
                 program has the file open, then export again."
            ),
            JobNotFound { job } => write!(f, "There is no bulk job {job} in the records."),
            JobRowNotFound { row } => write!(f, "There is no bulk job row {row} in the records."),
            JobRowStateConflict { row, state, wanted } => write!(
                f,
                "Job row {row} is {state}, so it can't be marked {wanted}."
            ),
            JobRowRequestMismatch { row } => write!(
                f,
                "A different group was about to be sent for job row {row} than the one it records; nothing was \
                 sent."
            ),
            JobAccountMismatch {
                job,
                key_hint,
                base_url,
            } => write!(
                f,
                "Bulk job {job} was started with the API key ending {key_hint} at {base_url}. Resume it with that \
                 key and address (switch Practice mode or the key back), so no group is created twice."
            ),
            JobStatusConflict {
                job,
                status,
                wanted,
            } => write!(f, "Bulk job {job} is {status}, so it can't be {wanted}."),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newer_version_sentence_tells_the_operator_to_update() {
        let text = StoreProblem::StoreNewerVersion {
            found: 7,
            supported: 2,
        }
        .to_string();
        assert!(text.contains("Update Blooio Groups"), "{text}");
        assert!(text.contains("version 7"), "{text}");
        assert!(text.contains("Nothing was changed"), "{text}");
    }
}
