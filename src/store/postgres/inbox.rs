//! The inbox in PostgreSQL.

use async_trait::async_trait;
use jiff::Timestamp;
use tokio_postgres::types::ToSql;

use super::{PostgresState, db, get};
use crate::error::StoreError;
use crate::inbox::{
    Inbox, InboxEntry, InboxReader, InboxRevision, InboxUpdate, ListQuery, Recorded,
};
use crate::notice::Status;

/// Keeps entries in PostgreSQL, shared by every instance. Made by
/// [`PostgresState::inbox`].
#[derive(Debug, Clone)]
pub struct PgInbox {
    state: PostgresState,
}

impl PgInbox {
    pub(super) fn new(state: PostgresState) -> Self {
        PgInbox { state }
    }
}

fn status(text: &str) -> Result<Status, StoreError> {
    Status::ALL
        .into_iter()
        .find(|s| s.as_str() == text)
        .ok_or_else(|| StoreError::Database(format!("unknown status `{text}`")))
}

fn timestamp(us: i64) -> Result<Timestamp, StoreError> {
    Timestamp::from_microsecond(us)
        .map_err(|e| StoreError::Database(format!("a stored time cannot be read: {e}")))
}

fn revision(row: &tokio_postgres::Row, i: usize) -> Result<u32, StoreError> {
    Ok(u32::try_from(get::<i64>(row, i)?).unwrap_or(u32::MAX))
}

#[async_trait]
impl Inbox for PgInbox {
    async fn record(&self, u: &InboxUpdate) -> Result<Recorded, StoreError> {
        self.state
            .within(async {
                let mut client = self.state.client().await?;
                let tx = client.transaction().await.map_err(db)?;
                let published = u.published_at.as_microsecond();
                let revision_ = i64::from(u.revision);
                let status = u.status.as_str();
                let values: [&(dyn ToSql + Sync); 8] = [
                    &u.account,
                    &u.incident,
                    &revision_,
                    &status,
                    &u.locale,
                    &u.title,
                    &u.body,
                    &published,
                ];
                let inserted = tx
                    .execute(
                        "INSERT INTO tidings_inbox_revision
                         (account, incident, revision, status, locale, title, body, published_us)
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING",
                        &values,
                    )
                    .await
                    .map_err(db)?;
                if inserted == 0 {
                    return Ok(Recorded::Duplicate);
                }
                // One statement decides against the entry as it stands, locked:
                // a newer revision replaces it, an older one changes nothing.
                let row = tx
                    .query_opt(
                        "INSERT INTO tidings_inbox_entry
                         (account, incident, revision, status, locale, title, body, published_us, read)
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, FALSE)
                         ON CONFLICT (account, incident) DO UPDATE SET
                           revision = excluded.revision, status = excluded.status,
                           locale = excluded.locale, title = excluded.title, body = excluded.body,
                           published_us = excluded.published_us, read = FALSE
                         WHERE tidings_inbox_entry.revision < excluded.revision
                         RETURNING (xmax = 0) AS inserted",
                        &values,
                    )
                    .await
                    .map_err(db)?;
                tx.commit().await.map_err(db)?;
                Ok(match row {
                    None => Recorded::Older,
                    Some(row) if get::<bool>(&row, 0)? => Recorded::New,
                    Some(_) => Recorded::Updated,
                })
            })
            .await
    }

    async fn mark_read(&self, account: &str, incident: &str) -> Result<bool, StoreError> {
        self.state
            .within(async {
                let client = self.state.client().await?;
                let changed = client
                    .execute(
                        "UPDATE tidings_inbox_entry SET read = TRUE WHERE account = $1 AND incident = $2",
                        &[&account, &incident],
                    )
                    .await
                    .map_err(db)?;
                Ok(changed > 0)
            })
            .await
    }
}

#[async_trait]
impl InboxReader for PgInbox {
    async fn list(&self, account: &str, query: &ListQuery) -> Result<Vec<InboxEntry>, StoreError> {
        self.state
            .within(async {
                let client = self.state.client().await?;
                let rows = client
                    .query(
                        "SELECT account, incident, revision, status, locale, title, body, published_us, read
                         FROM tidings_inbox_entry
                         WHERE account = $1 AND (NOT $2 OR NOT read)
                         ORDER BY published_us DESC, incident
                         LIMIT $3 OFFSET $4",
                        &[
                            &account,
                            &query.unread_only,
                            &i64::try_from(query.limit).unwrap_or(i64::MAX),
                            &i64::try_from(query.offset).unwrap_or(i64::MAX),
                        ],
                    )
                    .await
                    .map_err(db)?;
                rows.iter()
                    .map(|r| {
                        Ok(InboxEntry {
                            account: get(r, 0)?,
                            incident: get(r, 1)?,
                            revision: revision(r, 2)?,
                            status: status(get(r, 3)?)?,
                            locale: get(r, 4)?,
                            title: get(r, 5)?,
                            body: get(r, 6)?,
                            published_at: timestamp(get(r, 7)?)?,
                            read: get(r, 8)?,
                        })
                    })
                    .collect()
            })
            .await
    }

    async fn history(
        &self,
        account: &str,
        incident: &str,
    ) -> Result<Vec<InboxRevision>, StoreError> {
        self.state
            .within(async {
                let client = self.state.client().await?;
                let rows = client
                    .query(
                        "SELECT revision, status, locale, title, body, published_us
                         FROM tidings_inbox_revision WHERE account = $1 AND incident = $2
                         ORDER BY revision",
                        &[&account, &incident],
                    )
                    .await
                    .map_err(db)?;
                rows.iter()
                    .map(|r| {
                        Ok(InboxRevision {
                            revision: revision(r, 0)?,
                            status: status(get(r, 1)?)?,
                            locale: get(r, 2)?,
                            title: get(r, 3)?,
                            body: get(r, 4)?,
                            published_at: timestamp(get(r, 5)?)?,
                        })
                    })
                    .collect()
            })
            .await
    }
}
