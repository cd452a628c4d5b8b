//! The state file's schema: created, checked and migrated by tidings, in
//! WAL mode so readers and the writer work at once.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::error::StoreError;

/// Every schema version, in order. A migration is never edited once
/// released: a change is a new entry.
const MIGRATIONS: &[&str] = &[
    // 1: the in-app inbox.
    "CREATE TABLE inbox_entry (
        account TEXT NOT NULL,
        incident TEXT NOT NULL,
        revision INTEGER NOT NULL,
        status TEXT NOT NULL,
        locale TEXT NOT NULL,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        published_us INTEGER NOT NULL,
        read INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (account, incident)
    ) WITHOUT ROWID;
    CREATE INDEX inbox_entry_recent ON inbox_entry (account, published_us DESC, incident);
    CREATE TABLE inbox_revision (
        account TEXT NOT NULL,
        incident TEXT NOT NULL,
        revision INTEGER NOT NULL,
        status TEXT NOT NULL,
        locale TEXT NOT NULL,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        published_us INTEGER NOT NULL,
        PRIMARY KEY (account, incident, revision)
    ) WITHOUT ROWID;",
    // 2: the delivery ledger. Rows are appended in claim order (rowid), so a
    // batch of claims and later their completions touch a few neighbouring
    // pages; only the narrow key index takes one scattered page per claim.
    // Its order (recipient first) also serves a recipient's history and the
    // check for newer revisions. `due_us` is when a row needs attention
    // again: the end of a claim's lease, or a failed delivery's next retry.
    "CREATE TABLE delivery (
        id INTEGER PRIMARY KEY,
        recipient TEXT NOT NULL,
        incident TEXT NOT NULL,
        channel TEXT NOT NULL,
        address TEXT NOT NULL,
        revision INTEGER NOT NULL,
        state TEXT NOT NULL,
        owner TEXT,
        due_us INTEGER,
        attempts INTEGER NOT NULL DEFAULT 0,
        claims INTEGER NOT NULL DEFAULT 1,
        reason TEXT,
        detail TEXT,
        updated_us INTEGER NOT NULL,
        recipient_json TEXT
    );
    CREATE UNIQUE INDEX delivery_key ON delivery (recipient, incident, channel, address, revision);
    CREATE INDEX delivery_due ON delivery (due_us) WHERE state IN ('claimed', 'failed');
    CREATE TABLE notice (
        incident TEXT NOT NULL,
        revision INTEGER NOT NULL,
        document TEXT NOT NULL,
        PRIMARY KEY (incident, revision)
    ) WITHOUT ROWID;",
    // 3: the claims each sender holds, so those of a sender that is gone
    // are found without reading every due row.
    "CREATE INDEX delivery_claimed ON delivery (owner) WHERE state = 'claimed';",
    // 4: how many sends of a delivery were skipped because it had been made,
    // for coverage reports.
    "ALTER TABLE delivery ADD COLUMN duplicates INTEGER NOT NULL DEFAULT 0;",
    // 5: a delivery due again is `retrying`, so that "failed" means failed
    // for good everywhere (reports count `gave-up` rows as failed).
    "UPDATE delivery SET state = 'retrying' WHERE state = 'failed';
    DROP INDEX delivery_due;
    CREATE INDEX delivery_due ON delivery (due_us) WHERE state IN ('claimed', 'retrying');",
    // 6: a webhook delivery is kept under its URL's identity (host and
    // digest), not the URL, which is often the credential: rewritten by
    // `webhook_identities`, in Rust.
    "SELECT 1;",
    // 7: customers outside a revision's audience: not deliveries, counted
    // by coverage.
    "CREATE TABLE IF NOT EXISTS not_subscribed (
        incident TEXT NOT NULL,
        revision INTEGER NOT NULL,
        recipient TEXT NOT NULL,
        PRIMARY KEY (incident, revision, recipient)
    ) WITHOUT ROWID;",
    // 8: a delivery is of a part of its revision: the notice ('') or a
    // reminder of planned work ('reminder-60'), which waits `scheduled`
    // until its time and is then due like a retry.
    "ALTER TABLE delivery ADD COLUMN part TEXT NOT NULL DEFAULT '';
    DROP INDEX delivery_key;
    CREATE UNIQUE INDEX delivery_key ON delivery (recipient, incident, channel, address, revision, part);
    DROP INDEX delivery_due;
    CREATE INDEX delivery_due ON delivery (due_us) WHERE state IN ('claimed', 'retrying', 'scheduled');",
    // 9: suppressions, durable "do not send" records ('' for every channel
    // and any address, so the key needs no NULLs).
    "CREATE TABLE IF NOT EXISTS suppression (
        recipient TEXT NOT NULL,
        channel TEXT NOT NULL,
        address TEXT NOT NULL,
        scope TEXT NOT NULL,
        name TEXT NOT NULL,
        reason TEXT NOT NULL,
        evidence TEXT NOT NULL,
        since_us INTEGER NOT NULL,
        PRIMARY KEY (recipient, channel, address, scope, name)
    ) WITHOUT ROWID;",
    // 10: reports on email deliveries (bounces, complaints), one of each
    // kind per delivery (its key's id); and email deliveries found by
    // address, which is all a returned message names.
    "CREATE TABLE IF NOT EXISTS bounce (
        delivery TEXT NOT NULL,
        kind TEXT NOT NULL,
        address TEXT NOT NULL,
        status TEXT NOT NULL,
        diagnostic TEXT NOT NULL,
        reported_us INTEGER NOT NULL,
        PRIMARY KEY (delivery, kind)
    ) WITHOUT ROWID;
    CREATE INDEX IF NOT EXISTS bounce_address ON bounce (address);
    CREATE INDEX IF NOT EXISTS delivery_email ON delivery (address) WHERE channel = 'email';",
    // 11: deliveries waiting for a time, said with OR: three constants
    // after IN made SQLite build a temporary table for every row written.
    // The questions of what is due say the same, word for word, or they
    // could not use it (`ledger/sql.rs`, and a test of their plans).
    "DROP INDEX delivery_due;
    CREATE INDEX delivery_due ON delivery (due_us)
      WHERE state = 'claimed' OR state = 'retrying' OR state = 'scheduled';",
    // 12: no index of claims by owner. Every claim wrote it and every
    // outcome wrote it again, for one rare question (the claims of a sender
    // that is gone), which the index of waiting deliveries answers: every
    // claim is in it.
    "DROP INDEX IF EXISTS delivery_claimed;",
];

/// The version whose migration also runs [`webhook_identities`].
const WEBHOOK_IDENTITIES: usize = 6;

/// Rewrites the address of every webhook delivery from its URL to the
/// URL's identity, a page of rows at a time.
fn webhook_identities(tx: &rusqlite::Transaction) -> Result<(), StoreError> {
    let mut after = i64::MIN;
    loop {
        let page: Vec<(i64, String)> = tx
            .prepare(
                "SELECT id, address FROM delivery WHERE channel = 'webhook' AND id > ?1
                 ORDER BY id LIMIT 1000",
            )
            .and_then(|mut page| {
                page.query_map([after], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect()
            })
            .map_err(db)?;
        let Some(&(last, _)) = page.last() else {
            return Ok(());
        };
        let mut update = tx
            .prepare_cached("UPDATE delivery SET address = ?1 WHERE id = ?2")
            .map_err(db)?;
        for (id, url) in &page {
            update
                .execute(rusqlite::params![
                    crate::recipient::webhook_identity(url),
                    id
                ])
                .map_err(db)?;
        }
        after = last;
    }
}

/// What a tidings state file says it is (`PRAGMA application_id`): "tidi".
const APPLICATION_ID: i32 = 0x7469_6469;

/// Opens the writing connection to the state file, created if missing,
/// configured and migrated.
pub(super) fn open_writer(path: &Path, busy_timeout: Duration) -> Result<Connection, StoreError> {
    create_private(path)?;
    let mut conn = Connection::open(path).map_err(db)?;
    configure(&conn, busy_timeout)?;
    migrate(&mut conn, path)?;
    Ok(conn)
}

/// Opens a read-only connection to a file the writer has migrated.
pub(super) fn open_reader(path: &Path, busy_timeout: Duration) -> Result<Connection, StoreError> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(db)?;
    conn.busy_timeout(busy_timeout).map_err(db)?;
    Ok(conn)
}

/// Opens a read-only connection to an existing state file of this build's
/// schema, changing nothing: a missing file, someone else's, or one of
/// another schema version is refused with why.
pub(super) fn open_existing(path: &Path, busy_timeout: Duration) -> Result<Connection, StoreError> {
    if !path.is_file() {
        return Err(StoreError::Missing {
            path: path.to_path_buf(),
        });
    }
    let conn = open_reader(path, busy_timeout)?;
    let found: u32 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(db)?;
    let application: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(db)?;
    let supported = MIGRATIONS.len() as u32;
    if application != APPLICATION_ID && !(found > 0 && has_tidings_tables(&conn)?) {
        return Err(StoreError::Foreign {
            path: path.to_path_buf(),
        });
    }
    if found > supported {
        return Err(StoreError::NewerSchema { found, supported });
    }
    if found < supported {
        return Err(StoreError::OlderSchema { found, supported });
    }
    Ok(conn)
}

/// Creates the state file readable by its owner only, whatever the umask:
/// it holds the customer list's addresses. SQLite gives its -wal and -shm
/// files the same permissions.
fn create_private(path: &Path) -> Result<(), StoreError> {
    let io = |e: std::io::Error| StoreError::Database(format!("{}: {e}", path.display()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options.open(path).map_err(io)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = file.metadata().map_err(io)?.permissions().mode();
        if mode & 0o077 != 0 {
            file.set_permissions(std::fs::Permissions::from_mode(0o600))
                .map_err(io)?;
        }
    }
    Ok(())
}

fn configure(conn: &Connection, busy_timeout: Duration) -> Result<(), StoreError> {
    // Another process writing waits its turn instead of failing at once.
    conn.busy_timeout(busy_timeout).map_err(db)?;
    conn.pragma_update(None, "journal_mode", "WAL")
        .map_err(db)?;
    // In WAL mode NORMAL is durable across application crashes; only a power
    // loss can lose the last transactions, never corrupt the file.
    conn.pragma_update(None, "synchronous", "NORMAL")
        .map_err(db)?;
    conn.pragma_update(None, "foreign_keys", "ON").map_err(db)?;
    // Deleted rows (a recipient's addresses, once a delivery is done) are
    // overwritten, not left in free pages.
    conn.pragma_update(None, "secure_delete", "ON")
        .map_err(db)?;
    Ok(())
}

fn migrate(conn: &mut Connection, path: &Path) -> Result<(), StoreError> {
    let supported = MIGRATIONS.len() as u32;
    let tx = conn
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(db)?;
    let found: u32 = tx
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(db)?;
    let application: i32 = tx
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .map_err(db)?;
    let tables: i64 = tx
        .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
        .map_err(db)?;
    // Ours; or empty; or written by a tidings from before the id (its
    // version set, its own tables): anything else belongs to someone else.
    let ours = application == APPLICATION_ID
        || (application == 0 && tables == 0 && found == 0)
        || (application == 0 && found > 0 && has_tidings_tables(&tx)?);
    if !ours {
        return Err(StoreError::Foreign {
            path: path.to_path_buf(),
        });
    }
    if found > supported {
        return Err(StoreError::NewerSchema { found, supported });
    }
    if application != APPLICATION_ID {
        tx.pragma_update(None, "application_id", APPLICATION_ID)
            .map_err(db)?;
    }
    for (number, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        tx.execute_batch(sql).map_err(db)?;
        if number + 1 == WEBHOOK_IDENTITIES {
            webhook_identities(&tx)?;
        }
    }
    tx.pragma_update(None, "user_version", supported)
        .map_err(db)?;
    tx.commit().map_err(db)
}

fn has_tidings_tables(conn: &Connection) -> Result<bool, StoreError> {
    conn.query_row(
        "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'inbox_entry'",
        [],
        |r| r.get::<_, i64>(0),
    )
    .map(|n| n == 1)
    .map_err(db)
}

pub(crate) fn db(err: rusqlite::Error) -> StoreError {
    StoreError::Engine {
        source: Arc::new(err),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_is_created_once_and_a_newer_one_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.db");
        let conn = open_writer(&path, Duration::from_secs(1)).unwrap();
        let version: u32 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, MIGRATIONS.len() as u32);
        let mode: String = conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        drop(conn);
        // Opening again migrates nothing and keeps the data.
        open_writer(&path, Duration::from_secs(1)).unwrap();
        open_existing(&path, Duration::from_secs(1)).unwrap();
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
        drop(conn);
        let err = open_writer(&path, Duration::from_secs(1)).unwrap_err();
        assert!(
            matches!(err, StoreError::NewerSchema { found: 99, .. }),
            "{err}"
        );
        let err = open_existing(&path, Duration::from_secs(1)).unwrap_err();
        assert!(
            matches!(err, StoreError::NewerSchema { found: 99, .. }),
            "{err}"
        );
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", 3).unwrap();
        drop(conn);
        let err = open_existing(&path, Duration::from_secs(1)).unwrap_err();
        assert!(
            matches!(err, StoreError::OlderSchema { found: 3, .. }),
            "{err}"
        );
    }

    /// A list of three or more constants after `IN`, in a partial index's
    /// `WHERE`, makes SQLite build a temporary table to test each row
    /// written: two per delivery (its claim and its outcome), most of a
    /// page cache each. The state file's indexes say it with `OR`.
    #[test]
    fn writing_a_delivery_builds_no_temporary_table() {
        let dir = tempfile::tempdir().unwrap();
        let conn = open_writer(&dir.path().join("state.db"), Duration::from_secs(1)).unwrap();
        for sql in [
            "INSERT INTO delivery (incident, recipient, channel, address, revision, state,
               owner, due_us, attempts, claims, updated_us, recipient_json, part)
             VALUES (?1, ?2, ?3, ?4, ?5, 'claimed', ?6, ?7, 0, 1, ?8, ?9, ?10)",
            "UPDATE delivery SET state = ?2, due_us = NULL, owner = NULL WHERE id = ?1",
            "UPDATE delivery SET state = 'retrying', due_us = ?2, owner = NULL WHERE id = ?1",
        ] {
            let mut explain = conn.prepare(&format!("EXPLAIN {sql}")).unwrap();
            let mut rows = explain.raw_query();
            let mut opcodes = Vec::<String>::new();
            while let Some(row) = rows.next().unwrap() {
                opcodes.push(row.get(1).unwrap());
            }
            assert!(!opcodes.is_empty());
            assert!(
                !opcodes.iter().any(|op| op == "OpenEphemeral"),
                "{sql}: {opcodes:?}"
            );
        }
    }
}
