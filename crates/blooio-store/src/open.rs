//! Opening the store: refusing what isn't ours or is too new before writing a byte, then setting the connection
//! up for durability and for sharing the file with another process (the app and the CLI at once).

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::migrations::{self, SCHEMA_VERSION};
use crate::problem::{StoreError, StoreProblem};

/// How long a write waits for another process's transaction before giving up with `StoreBusy`. Our
/// transactions last milliseconds; this only has to outlast a migration or a checkpoint in the other process.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The first 16 bytes of every SQLite 3 database file.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// The app's local records: the history of created groups and the bulk job journal, in one SQLite file.
///
/// One connection, used by one thread at a time; share a `Store` between threads (it is `Send + Sync`) or open
/// the same file again from another process.
pub struct Store {
    conn: Mutex<Connection>,
    path: PathBuf,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Opens the store at `path`, creating it (but not its folder) if it doesn't exist, and brings its schema up
    /// to this build's version.
    ///
    /// Refused, with the file left byte for byte as it was: a file that isn't SQLite or is damaged
    /// (`StoreNotADatabase`), another program's database (`StoreForeignDatabase`), a database written by a newer
    /// version of the app (`StoreNewerVersion`: the operator rolled back an update; their records wait for them).
    pub fn open(path: impl AsRef<Path>) -> Result<Store, StoreError> {
        Self::open_at(path.as_ref(), SCHEMA_VERSION)
    }

    fn open_at(path: &Path, target: u32) -> Result<Store, StoreError> {
        if has_content(path)? {
            migrations::probe(path)?;
        }
        let mut conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|error| StoreError::opening(path, error))?;
        configure(&conn, path)?;
        migrations::migrate(&mut conn, path, target)?;
        Ok(Store {
            conn: Mutex::new(conn),
            path: path.to_owned(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The connection, for one call at a time. A panic while it was held left no transaction open (rusqlite's
    /// `Transaction` rolls back on drop), so a poisoned lock is still a usable connection.
    pub(crate) fn conn(&self) -> MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs `work` in a write transaction and commits it to the disk: when this returns, the change survives
    /// a kill and a power cut. `IMMEDIATE` takes the write lock up front, so a concurrent writer makes us wait
    /// (up to [`BUSY_TIMEOUT`]) instead of failing half way through.
    pub(crate) fn write<T>(
        &self,
        work: impl FnOnce(&Transaction<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.commit(Durability::Flushed, work)
    }

    /// Like [`Store::write`], but the commit doesn't wait for the disk. For a job row's outcome only: it
    /// survives a kill at once (it is in the operating system's hands), and the next flushed commit — the next
    /// row's `sending`, before that request leaves — flushes it too, since the write-ahead log is one file
    /// written in order. A power cut before then leaves the row `sending`, which a resume settles by looking the
    /// group up: nothing is sent twice. It halves the disk flushes of a bulk run (one per row, not two).
    pub(crate) fn write_unflushed<T>(
        &self,
        work: impl FnOnce(&Transaction<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.commit(Durability::Unflushed, work)
    }

    fn commit<T>(
        &self,
        durability: Durability,
        work: impl FnOnce(&Transaction<'_>) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut conn = self.conn();
        // Set on every write, so that no write inherits the previous one's setting.
        conn.pragma_update(None, "synchronous", durability.pragma())?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = work(&tx)?;
        tx.commit()?;
        Ok(value)
    }
}

#[derive(Debug, Clone, Copy)]
enum Durability {
    /// `synchronous=FULL`: the write-ahead log is flushed to the disk before the commit returns.
    Flushed,
    /// `synchronous=NORMAL`: flushed with the next `Flushed` commit, or at the next checkpoint.
    Unflushed,
}

impl Durability {
    fn pragma(self) -> &'static str {
        match self {
            Durability::Flushed => "FULL",
            Durability::Unflushed => "NORMAL",
        }
    }
}

/// Whether `path` is an existing, non-empty file; refuses one that doesn't start like a SQLite database, before
/// SQLite sees it.
fn has_content(path: &Path) -> Result<bool, StoreError> {
    let mut file = match File::open(path) {
        Ok(file) => file,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(error) => {
            return Err(StoreProblem::StoreCannotOpen {
                path: path.display().to_string(),
                detail: error.to_string(),
            }
            .into())
        }
    };
    let mut header = Vec::with_capacity(SQLITE_HEADER.len());
    let read = file
        .by_ref()
        .take(SQLITE_HEADER.len() as u64)
        .read_to_end(&mut header);
    match read {
        Ok(0) => Ok(false),
        Ok(_) if header == SQLITE_HEADER => Ok(true),
        Ok(_) => Err(StoreProblem::StoreNotADatabase {
            path: path.display().to_string(),
        }
        .into()),
        Err(error) => Err(StoreProblem::StoreCannotOpen {
            path: path.display().to_string(),
            detail: error.to_string(),
        }
        .into()),
    }
}

fn configure(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    let sqlite = |error| StoreError::opening(path, error);
    // First, so that the statements below wait for another process instead of failing.
    conn.busy_timeout(BUSY_TIMEOUT).map_err(sqlite)?;
    // Write-ahead logging: readers (the window listing history) don't block the writer (a bulk run) and vice
    // versa, and a commit is one append to the log.
    // Switching a new file to WAL needs it to itself for a moment, and SQLite answers "busy" at once (the busy
    // handler is not asked) when another process opens it at that instant — the app and the CLI started
    // together on a first run. Waiting a little and asking again is what the busy timeout would have done.
    let deadline = Instant::now() + BUSY_TIMEOUT;
    let mode: String = loop {
        match conn.pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0)) {
            Err(error)
                if error.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy)
                    && Instant::now() < deadline =>
            {
                std::thread::sleep(Duration::from_millis(5));
            }
            result => break result.map_err(sqlite)?,
        }
    };
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(StoreProblem::StoreCannotOpen {
            path: path.display().to_string(),
            detail: format!("the database stayed in journal mode {mode}"),
        }
        .into());
    }
    // FULL: a commit has reached the disk when it returns, so "sending" is durable before the request leaves —
    // the journal's whole promise. (NORMAL could lose the last commits on a power cut.) Each write sets it
    // again (`Store::commit`); this covers the migrations.
    conn.pragma_update(None, "synchronous", "FULL")
        .map_err(sqlite)?;
    conn.pragma_update(None, "foreign_keys", true)
        .map_err(sqlite)?;
    Ok(())
}

/// For tests of upgrades: a database as an older build left it, at schema `version`.
#[doc(hidden)]
pub fn create_at_version(path: impl AsRef<Path>, version: u32) -> Result<(), StoreError> {
    Store::open_at(path.as_ref(), version.min(SCHEMA_VERSION)).map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn synchronous(tx: &Transaction<'_>) -> Result<i64, StoreError> {
        Ok(tx.pragma_query_value(None, "synchronous", |row| row.get(0))?)
    }

    #[test]
    fn each_write_says_how_durable_it_is_and_none_inherits_another_s() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("s.sqlite3")).unwrap();
        const FULL: i64 = 2;
        const NORMAL: i64 = 1;
        assert_eq!(store.write(synchronous).unwrap(), FULL);
        assert_eq!(store.write_unflushed(synchronous).unwrap(), NORMAL);
        assert_eq!(store.write(synchronous).unwrap(), FULL);
        // A write that fails doesn't leave its setting behind either.
        let failed: Result<(), StoreError> =
            store.write_unflushed(|_| Err(StoreProblem::StoreBusy.into()));
        assert!(failed.is_err());
        assert_eq!(store.write(synchronous).unwrap(), FULL);
    }

    #[test]
    fn the_connection_is_set_up_for_sharing_and_integrity() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path().join("s.sqlite3")).unwrap();
        let conn = store.conn();
        let pragma = |name: &str| -> String {
            conn.pragma_query_value(None, name, |row| row.get::<_, rusqlite::types::Value>(0))
                .map(|value| format!("{value:?}"))
                .unwrap()
        };
        assert_eq!(pragma("journal_mode"), "Text(\"wal\")");
        assert_eq!(pragma("foreign_keys"), "Integer(1)");
        assert_eq!(pragma("busy_timeout"), "Integer(5000)");
    }
}
