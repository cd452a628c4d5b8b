//! The inbox in the SQLite state file.

use async_trait::async_trait;
use jiff::Timestamp;
use rusqlite::{OptionalExtension, Row, Transaction, params};

use crate::error::StoreError;
use crate::inbox::{
    Inbox, InboxEntry, InboxReader, InboxRevision, InboxUpdate, ListQuery, Recorded,
};
use crate::notice::Status;
use crate::store::sqlite::{StateFile, StateFileReader};

/// Keeps entries in the state file, shared by every process that opens it.
/// Made by [`StateFile::inbox`].
#[derive(Debug, Clone)]
pub struct SqliteInbox {
    state: StateFile,
}

impl StateFile {
    /// The in-app inbox kept in this file.
    pub fn inbox(&self) -> SqliteInbox {
        SqliteInbox {
            state: self.clone(),
        }
    }
}

impl SqliteInbox {
    fn reader(&self) -> SqliteInboxReader {
        SqliteInboxReader {
            state: self.state.clone(),
        }
    }
}

/// Records one update inside the writer's transaction, under a savepoint so
/// that a failure leaves nothing of it behind in the shared batch.
fn record(tx: &Transaction, u: &InboxUpdate) -> rusqlite::Result<Recorded> {
    tx.execute_batch("SAVEPOINT inbox_record")?;
    let recorded = record_rows(tx, u);
    let end = match recorded {
        Ok(_) => "RELEASE inbox_record",
        Err(_) => "ROLLBACK TO inbox_record; RELEASE inbox_record",
    };
    tx.execute_batch(end)?;
    recorded
}

#[async_trait]
impl Inbox for SqliteInbox {
    async fn record(&self, update: &InboxUpdate) -> Result<Recorded, StoreError> {
        let u = update.clone();
        self.state.write(move |tx| record(tx, &u)).await
    }

    async fn mark_read(&self, account: &str, incident: &str) -> Result<bool, StoreError> {
        let (account, incident) = (account.to_owned(), incident.to_owned());
        self.state
            .write(move |tx| {
                let changed = tx.execute(
                    "UPDATE inbox_entry SET read = 1 WHERE account = ?1 AND incident = ?2",
                    params![account, incident],
                )?;
                Ok(changed > 0)
            })
            .await
    }
}

/// The listings kept in the state file: what [`StateFile::inbox`] and a
/// file opened read-only ([`StateFileReader::inbox`](crate::StateFileReader::inbox))
/// answer.
#[derive(Debug, Clone)]
pub struct SqliteInboxReader {
    state: StateFile,
}

impl StateFileReader {
    /// The in-app inbox kept in this file, for listings.
    pub fn inbox(&self) -> SqliteInboxReader {
        SqliteInboxReader {
            state: self.file().clone(),
        }
    }
}

#[async_trait]
impl InboxReader for SqliteInboxReader {
    async fn list(&self, account: &str, query: &ListQuery) -> Result<Vec<InboxEntry>, StoreError> {
        let (account, q) = (account.to_owned(), query.clone());
        self.state
            .query(move |conn| {
                let mut stmt = conn.prepare_cached(
                    "SELECT account, incident, revision, status, locale, title, body, published_us, read
                     FROM inbox_entry
                     WHERE account = ?1 AND (?2 = 0 OR read = 0)
                     ORDER BY published_us DESC, incident
                     LIMIT ?3 OFFSET ?4",
                )?;
                let limit = i64::try_from(q.limit).unwrap_or(i64::MAX);
                let offset = i64::try_from(q.offset).unwrap_or(i64::MAX);
                let rows = stmt.query_map(params![account, q.unread_only, limit, offset], entry)?;
                rows.collect()
            })
            .await
    }

    async fn history(
        &self,
        account: &str,
        incident: &str,
    ) -> Result<Vec<InboxRevision>, StoreError> {
        let (account, incident) = (account.to_owned(), incident.to_owned());
        self.state
            .query(move |conn| {
                let mut stmt = conn.prepare_cached(
                    "SELECT revision, status, locale, title, body, published_us
                     FROM inbox_revision WHERE account = ?1 AND incident = ?2 ORDER BY revision",
                )?;
                let rows = stmt.query_map(params![account, incident], |r| {
                    Ok(InboxRevision {
                        revision: r.get(0)?,
                        status: status(r, 1)?,
                        locale: r.get(2)?,
                        title: r.get(3)?,
                        body: r.get(4)?,
                        published_at: timestamp(r, 5)?,
                    })
                })?;
                rows.collect()
            })
            .await
    }
}

#[async_trait]
impl InboxReader for SqliteInbox {
    async fn list(&self, account: &str, query: &ListQuery) -> Result<Vec<InboxEntry>, StoreError> {
        self.reader().list(account, query).await
    }

    async fn history(
        &self,
        account: &str,
        incident: &str,
    ) -> Result<Vec<InboxRevision>, StoreError> {
        self.reader().history(account, incident).await
    }
}

fn record_rows(tx: &Transaction, u: &InboxUpdate) -> rusqlite::Result<Recorded> {
    let published = u.published_at.as_microsecond();
    let values = params![
        u.account,
        u.incident,
        u.revision,
        u.status.as_str(),
        u.locale,
        u.title,
        u.body,
        published
    ];
    let inserted = tx.execute(
        "INSERT OR IGNORE INTO inbox_revision
             (account, incident, revision, status, locale, title, body, published_us)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        values,
    )?;
    if inserted == 0 {
        return Ok(Recorded::Duplicate);
    }
    let current: Option<u32> = tx
        .query_row(
            "SELECT revision FROM inbox_entry WHERE account = ?1 AND incident = ?2",
            params![u.account, u.incident],
            |r| r.get(0),
        )
        .optional()?;
    let recorded = match current {
        Some(shown) if shown >= u.revision => Recorded::Older,
        found => {
            tx.execute(
                "INSERT INTO inbox_entry
                     (account, incident, revision, status, locale, title, body, published_us, read)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 0)
                     ON CONFLICT (account, incident) DO UPDATE SET
                       revision = excluded.revision, status = excluded.status,
                       locale = excluded.locale, title = excluded.title, body = excluded.body,
                       published_us = excluded.published_us, read = 0",
                values,
            )?;
            if found.is_some() {
                Recorded::Updated
            } else {
                Recorded::New
            }
        }
    };
    Ok(recorded)
}

fn entry(r: &Row) -> rusqlite::Result<InboxEntry> {
    Ok(InboxEntry {
        account: r.get(0)?,
        incident: r.get(1)?,
        revision: r.get(2)?,
        status: status(r, 3)?,
        locale: r.get(4)?,
        title: r.get(5)?,
        body: r.get(6)?,
        published_at: timestamp(r, 7)?,
        read: r.get(8)?,
    })
}

fn status(r: &Row, i: usize) -> rusqlite::Result<Status> {
    let text: String = r.get(i)?;
    Status::ALL
        .into_iter()
        .find(|s| s.as_str() == text)
        .ok_or_else(|| {
            rusqlite::Error::InvalidColumnType(
                i,
                format!("status `{text}`"),
                rusqlite::types::Type::Text,
            )
        })
}

fn timestamp(r: &Row, i: usize) -> rusqlite::Result<Timestamp> {
    let us: i64 = r.get(i)?;
    Timestamp::from_microsecond(us).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Integer, Box::new(e))
    })
}
