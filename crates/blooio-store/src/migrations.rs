//! The schema, as a list of migrations keyed on `PRAGMA user_version`, and the runner that applies them.
//!
//! Migration N (1-based) takes a database from version N-1 to N. They are only ever appended: a released
//! migration is never edited, since databases out there were made by it. All pending migrations and the new
//! version number are written in one `BEGIN IMMEDIATE` transaction, so a crash mid-upgrade leaves the old version
//! whole, and two processes opening an old file at once upgrade it once (the second waits, then finds it done).

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use crate::problem::{StoreError, StoreProblem};

/// `PRAGMA application_id` of our databases ("BlGr"), so the store never writes into another program's file.
pub const APPLICATION_ID: i32 = 0x426C_4772;

const V1_HISTORY: &str = r#"
PRAGMA application_id = 1114392434;

-- One row per group this app created (the form, the CLI, a bulk run). Never the key: only its hint.
CREATE TABLE history (
    id            INTEGER PRIMARY KEY,
    created_at_ms INTEGER NOT NULL,
    mode          TEXT    NOT NULL CHECK (mode IN ('sandbox', 'blooio')),
    source        TEXT    NOT NULL CHECK (source IN ('form', 'cli', 'bulk')),
    base_url      TEXT    NOT NULL,
    key_hint      TEXT    NOT NULL,
    recovered     INTEGER NOT NULL CHECK (recovered IN (0, 1)),
    group_id      TEXT,              -- null when Blooio's answer had none
    name          TEXT    NOT NULL,
    chat_guid     TEXT,
    request       TEXT    NOT NULL,  -- CreateGroupRequest as JSON
    response      TEXT    NOT NULL,  -- CreatedGroup as JSON: added members and created contacts included
    search_text   TEXT    NOT NULL   -- lower-cased name, group id, chat GUID and members, one per line
) STRICT;

-- Newest first within a mode; search_text rides along so a search scans this index, not the JSON.
CREATE INDEX history_newest ON history (mode, created_at_ms DESC, id DESC, search_text);
"#;

const V2_JOURNAL: &str = r#"
-- A bulk run: the account it sends with is fixed when it is made, so a resume can't send with another.
CREATE TABLE jobs (
    id               INTEGER PRIMARY KEY,
    source_file_name TEXT    NOT NULL,
    created_at_ms    INTEGER NOT NULL,
    mode             TEXT    NOT NULL CHECK (mode IN ('sandbox', 'blooio')),
    base_url         TEXT    NOT NULL,
    key_hint         TEXT    NOT NULL,
    status           TEXT    NOT NULL DEFAULT 'running'
                     CHECK (status IN ('running', 'paused', 'cancelled', 'finished'))
) STRICT;

-- One group of a job. `sending` with `sent_at_ms` is the create protocol's pending record: a row found in it
-- (or in `unsettled`) after a crash is looked up, never sent again blindly.
CREATE TABLE job_rows (
    id            INTEGER PRIMARY KEY,
    job_id        INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    row_numbers   TEXT    NOT NULL,  -- JSON array of the file's row numbers this group came from
    request       TEXT    NOT NULL,  -- CreateGroupRequest as JSON
    state         TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN
                  ('pending', 'sending', 'created', 'conflict', 'failed', 'unsettled', 'skipped')),
    sent_at_ms    INTEGER,
    response      TEXT,              -- CreatedGroup as JSON, when created
    recovered     INTEGER NOT NULL DEFAULT 0 CHECK (recovered IN (0, 1)),
    problem       TEXT,              -- blooio_core::Problem as JSON, when conflict, failed or unsettled
    updated_at_ms INTEGER NOT NULL,
    UNIQUE (job_id, position),
    CHECK (state NOT IN ('sending', 'unsettled') OR sent_at_ms IS NOT NULL),
    CHECK ((state = 'created') = (response IS NOT NULL)),
    CHECK ((state IN ('conflict', 'failed', 'unsettled')) = (problem IS NOT NULL))
) STRICT;
CREATE INDEX job_rows_by_state ON job_rows (job_id, state);

-- A group created by a bulk run names its row; at most one history entry per row.
ALTER TABLE history ADD COLUMN job_row_id INTEGER REFERENCES job_rows (id) ON DELETE SET NULL;
CREATE UNIQUE INDEX history_job_row ON history (job_row_id) WHERE job_row_id IS NOT NULL;
"#;

/// Every migration, oldest first. Append only.
const MIGRATIONS: &[&str] = &[V1_HISTORY, V2_JOURNAL];

/// The schema version this build writes and the newest it can read.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// The version of the database on `conn` if it is ours (or empty), without writing anything.
pub(crate) fn version_of(conn: &Connection, path: &std::path::Path) -> Result<u32, StoreError> {
    // One statement, so one snapshot: read one by one, another process's first migration could commit in
    // between and make the file look like someone else's (a version without our application id).
    let (application_id, version, objects): (i64, i64, i64) = conn
        .query_row(
            "SELECT (SELECT application_id FROM pragma_application_id), \
                    (SELECT user_version FROM pragma_user_version), \
                    (SELECT count(*) FROM sqlite_schema)",
            [],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .map_err(|error| StoreError::opening(path, error))?;
    let version = u32::try_from(version).unwrap_or(u32::MAX);
    if application_id != i64::from(APPLICATION_ID) {
        // An empty database (a new file, or one a crash left before its first migration committed) is ours to
        // set up; anything else is someone else's.
        if application_id != 0 || version != 0 || objects != 0 {
            return Err(StoreProblem::StoreForeignDatabase {
                path: path.display().to_string(),
            }
            .into());
        }
    }
    if version > SCHEMA_VERSION {
        return Err(StoreProblem::StoreNewerVersion {
            found: version,
            supported: SCHEMA_VERSION,
        }
        .into());
    }
    Ok(version)
}

/// Brings the database up to `target` in one transaction; a database already there is left alone.
pub(crate) fn migrate(
    conn: &mut Connection,
    path: &std::path::Path,
    target: u32,
) -> Result<(), StoreError> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    // Read again under the write lock: another process may have upgraded it since we looked.
    let found = version_of(&tx, path)?;
    if found >= target {
        return Ok(());
    }
    for migration in &MIGRATIONS[found as usize..target as usize] {
        tx.execute_batch(migration)?;
    }
    tx.pragma_update(None, "user_version", target)?;
    tx.commit()?;
    Ok(())
}

/// Reads the version of an existing file through a read-only connection, which can neither change the file
/// nor checkpoint its write-ahead log: a newer or foreign database is refused before anything is written.
pub(crate) fn probe(path: &std::path::Path) -> Result<u32, StoreError> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|error| StoreError::opening(path, error))?;
    conn.busy_timeout(crate::open::BUSY_TIMEOUT)
        .map_err(|error| StoreError::opening(path, error))?;
    version_of(&conn, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_application_id_in_the_first_migration_is_the_constant() {
        assert!(V1_HISTORY.contains(&format!("application_id = {APPLICATION_ID};")));
    }
}
