//! The CLI's pending creates, kept in a file so that running the same command again after a lost answer (or a
//! kill, or a power cut) asks Blooio first instead of creating the group a second time.
//!
//! The file lives in the app's data folder (the same one the desktop app uses), holds what was sent and when —
//! never the key — and each record names the account it was sent to by base URL and key hint, so a record made
//! with one key is never settled by asking another. It is rewritten whole through a temporary file and a
//! rename, so a crash mid-write leaves either the old file or the new one.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use blooio_core::{CreateGroupRequest, PendingCreate, PendingCreates, PendingStoreError};
use serde::{Deserialize, Serialize};

/// Overrides where the file is kept (tests, or an operator who wants it elsewhere).
pub const DATA_DIR_ENV: &str = "BLOOIO_DATA_DIR";
/// The desktop app's identifier: its data folder's name.
const APP_FOLDER: &str = "com.blooio.groups";
const FILE_NAME: &str = "cli-pending-creates.json";

/// The app's data folder (the desktop app's own), or `BLOOIO_DATA_DIR`: the pending creates and the history.
pub fn data_folder() -> Result<PathBuf, String> {
    match std::env::var_os(DATA_DIR_ENV) {
        Some(dir) if !dir.is_empty() => Ok(PathBuf::from(dir)),
        _ => dirs::data_dir()
            .map(|dir| dir.join(APP_FOLDER))
            .ok_or_else(|| {
                format!(
                    "this system has no data folder for the app; set {DATA_DIR_ENV} to a folder"
                )
            }),
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Record {
    account: String,
    #[serde(flatten)]
    pending: PendingCreate,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Contents {
    pending: Vec<Record>,
}

pub struct FilePending {
    path: PathBuf,
    account: String,
}

impl FilePending {
    /// The store for one account (`base_url` and the key's hint), in the data folder.
    pub fn for_account(base_url: &str, key_hint: &str) -> Result<Self, PendingStoreError> {
        let folder = data_folder().map_err(PendingStoreError)?;
        Ok(FilePending {
            path: folder.join(FILE_NAME),
            account: format!("{base_url} {key_hint}"),
        })
    }

    fn read(&self) -> Result<Contents, PendingStoreError> {
        match fs::read(&self.path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|error| {
                PendingStoreError(format!(
                    "{} can't be read ({error}); move it aside only after checking your groups in Blooio",
                    self.path.display()
                ))
            }),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(Contents::default()),
            Err(error) => Err(self.failed("read", &error)),
        }
    }

    fn write(&self, contents: &Contents) -> Result<(), PendingStoreError> {
        let folder = self.path.parent().unwrap_or(Path::new("."));
        fs::create_dir_all(folder).map_err(|error| self.failed("create the folder of", &error))?;
        let json = serde_json::to_vec_pretty(contents)
            .map_err(|error| PendingStoreError(format!("couldn't encode the record ({error})")))?;
        let mut temp = tempfile::NamedTempFile::new_in(folder)
            .map_err(|error| self.failed("write next to", &error))?;
        temp.write_all(&json)
            .and_then(|()| temp.as_file().sync_all())
            .map_err(|error| self.failed("write", &error))?;
        temp.persist(&self.path)
            .map_err(|error| self.failed("replace", &error.error))?;
        Ok(())
    }

    fn failed(&self, what: &str, error: &std::io::Error) -> PendingStoreError {
        PendingStoreError(format!("couldn't {what} {} ({error})", self.path.display()))
    }

    fn update(&self, change: impl FnOnce(&mut Vec<Record>)) -> Result<(), PendingStoreError> {
        let mut contents = self.read()?;
        let before = contents.pending.len();
        change(&mut contents.pending);
        // Nothing to forget and no file yet: leave the data folder untouched.
        if before == 0 && contents.pending.is_empty() {
            return Ok(());
        }
        self.write(&contents)
    }
}

impl PendingCreates for FilePending {
    fn find(
        &self,
        request: &CreateGroupRequest,
    ) -> Result<Option<PendingCreate>, PendingStoreError> {
        Ok(self
            .read()?
            .pending
            .into_iter()
            .find(|r| r.account == self.account && &r.pending.request == request)
            .map(|r| r.pending))
    }

    fn record(&self, pending: &PendingCreate) -> Result<(), PendingStoreError> {
        self.update(|records| {
            records
                .retain(|r| !(r.account == self.account && r.pending.request == pending.request));
            records.push(Record {
                account: self.account.clone(),
                pending: pending.clone(),
            });
        })
    }

    fn settle(&self, request: &CreateGroupRequest) -> Result<(), PendingStoreError> {
        self.update(|records| {
            records.retain(|r| !(r.account == self.account && &r.pending.request == request));
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store(dir: &Path, account: &str) -> FilePending {
        FilePending {
            path: dir.join(FILE_NAME),
            account: account.to_owned(),
        }
    }

    fn pending(name: &str, sent_at_ms: i64) -> PendingCreate {
        PendingCreate {
            request: CreateGroupRequest {
                name: name.into(),
                chat_guid: None,
                members: vec!["+12125550100".into()],
            },
            sent_at_ms,
        }
    }

    #[test]
    fn records_survive_the_process_and_stay_with_their_account() {
        let dir = tempfile::tempdir().unwrap();
        let team = pending("Team", 1);
        store(dir.path(), "a").record(&team).unwrap();
        // A new store object reads what the first one wrote, as the next run of the command would.
        assert_eq!(
            store(dir.path(), "a").find(&team.request).unwrap(),
            Some(team.clone())
        );
        assert_eq!(store(dir.path(), "b").find(&team.request).unwrap(), None);
        store(dir.path(), "b").settle(&team.request).unwrap();
        assert!(store(dir.path(), "a")
            .find(&team.request)
            .unwrap()
            .is_some());
        store(dir.path(), "a").settle(&team.request).unwrap();
        assert_eq!(store(dir.path(), "a").find(&team.request).unwrap(), None);
    }

    #[test]
    fn settling_with_nothing_recorded_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        store(dir.path(), "a")
            .settle(&pending("Team", 1).request)
            .unwrap();
        assert!(!dir.path().join(FILE_NAME).exists());
    }

    #[test]
    fn a_damaged_file_stops_the_create_with_its_path() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(FILE_NAME), b"{not json").unwrap();
        let error = store(dir.path(), "a")
            .record(&pending("Team", 1))
            .unwrap_err();
        assert!(error.0.contains(FILE_NAME), "{error}");
    }
}
