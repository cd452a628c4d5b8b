//! Questions that only read: coverage and overdue promises. They run on the
//! state file's read connection, so a long report never holds up the writer
//! (WAL lets readers and the writer work at once).

use std::collections::{BTreeMap, HashSet};
use std::time::Duration;

use jiff::Timestamp;
use rusqlite::{Connection, params};

use super::sql::from_us;
use crate::error::StoreError;
use crate::ledger::coverage::{Row, Tally};
use crate::ledger::{Coverage, DeliveryState, Overdue, promise};
use crate::notice::Notice;
use crate::store::sqlite::db;

pub(super) fn notice(document: &str) -> Result<Notice, StoreError> {
    serde_json::from_str(document)
        .map_err(|e| StoreError::Database(format!("a kept notice cannot be read: {e}")))
}

/// Every notice in the file.
pub(super) fn notices(conn: &Connection) -> Result<Vec<Notice>, StoreError> {
    let mut stmt = conn.prepare("SELECT document FROM notice").map_err(db)?;
    let documents = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .map_err(db)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(db)?;
    documents.iter().map(|d| notice(d)).collect()
}

pub(super) fn coverage(
    conn: &Connection,
    incident: &str,
    revision: Option<u32>,
) -> Result<Coverage, StoreError> {
    let mut notices = BTreeMap::new();
    let mut stmt = conn
        .prepare("SELECT revision, document FROM notice WHERE incident = ?1")
        .map_err(db)?;
    let kept = stmt
        .query_map(params![incident], |r| {
            Ok((r.get::<_, u32>(0)?, r.get::<_, String>(1)?))
        })
        .map_err(db)?;
    for row in kept {
        let (revision, document) = row.map_err(db)?;
        let n = notice(&document)?;
        notices.insert(revision, (n.status, n.published_at));
    }
    let mut tally = Tally::new(incident, notices);
    let mut stmt = conn
        .prepare(
            "SELECT n.revision, COUNT(*) FROM not_subscribed n
             WHERE n.incident = ?1 AND (?2 IS NULL OR n.revision = ?2)
             AND NOT EXISTS (SELECT 1 FROM delivery d WHERE d.recipient = n.recipient
                 AND d.incident = n.incident AND d.revision = n.revision)
             GROUP BY n.revision",
        )
        .map_err(db)?;
    let counts = stmt
        .query_map(params![incident, revision], |r| {
            let count: i64 = r.get(1)?;
            Ok((r.get::<_, u32>(0)?, u64::try_from(count).unwrap_or(0)))
        })
        .map_err(db)?
        .collect::<rusqlite::Result<Vec<_>>>()
        .map_err(db)?;
    tally.not_subscribed(counts);
    // A customer's rows together; newer revisions too, since a customer
    // told about a newer one counts as told.
    let mut stmt = conn
        .prepare(
            "SELECT recipient, revision, channel, address, state, updated_us, reason, duplicates,
               part
             FROM delivery WHERE incident = ?1 AND revision >= ?2 ORDER BY recipient",
        )
        .map_err(db)?;
    let mut rows = stmt
        .query(params![incident, revision.unwrap_or(0)])
        .map_err(db)?;
    while let Some(r) = rows.next().map_err(db)? {
        let state: String = r.get(4).map_err(db)?;
        let state = DeliveryState::parse(&state)
            .ok_or_else(|| StoreError::Database(format!("unknown delivery state `{state}`")))?;
        let duplicates: i64 = r.get(7).map_err(db)?;
        let part: String = r.get(8).map_err(db)?;
        let part = crate::delivery::Part::parse(&part)
            .ok_or_else(|| StoreError::Database(format!("unknown delivery part `{part}`")))?;
        tally.add(Row {
            recipient: r.get(0).map_err(db)?,
            revision: r.get(1).map_err(db)?,
            part,
            channel: r.get(2).map_err(db)?,
            address: r.get(3).map_err(db)?,
            state,
            updated_at: from_us(r.get(5).map_err(db)?),
            reason: r.get(6).map_err(db)?,
            duplicates: u64::try_from(duplicates).unwrap_or(0),
        });
    }
    Ok(tally.finish(revision))
}

/// Of `recipients`, those told (or being told) a revision of `incident`
/// before `revision`.
pub(super) fn told_before(
    conn: &Connection,
    incident: &str,
    revision: u32,
    recipients: &[String],
) -> rusqlite::Result<HashSet<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT EXISTS (SELECT 1 FROM delivery WHERE recipient = ?1 AND incident = ?2
         AND revision < ?3 AND state IN ('sent', 'claimed', 'retrying'))",
    )?;
    let mut told = HashSet::new();
    for recipient in recipients {
        if stmt.query_row(params![recipient, incident, revision], |r| {
            r.get::<_, bool>(0)
        })? {
            told.insert(recipient.clone());
        }
    }
    Ok(told)
}

pub(super) fn overdue(
    conn: &Connection,
    now: Timestamp,
    max_silence: Duration,
) -> Result<Vec<Overdue>, StoreError> {
    // SQLite returns the document of the row that has the MAX.
    let mut stmt = conn
        .prepare(
            "SELECT incident, MAX(revision), document FROM notice GROUP BY incident ORDER BY incident",
        )
        .map_err(db)?;
    let latest = stmt.query_map([], |r| r.get::<_, String>(2)).map_err(db)?;
    let mut late = Vec::new();
    for document in latest {
        let n = notice(&document.map_err(db)?)?;
        late.extend(promise::overdue(&n, now, max_silence));
    }
    Ok(late)
}
