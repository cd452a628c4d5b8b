//! Reports on email deliveries in the state file: kept by the writer with
//! the delivery's change of state, in one transaction.

use rusqlite::{Connection, Transaction, params};

use super::sql::key_from_row;
use crate::delivery::DeliveryKey;
use crate::ledger::{BounceKept, BounceKind, BounceRecord, DeliveryState};

pub(super) fn record(
    tx: &Transaction,
    key: &DeliveryKey,
    bounce: &BounceRecord,
) -> rusqlite::Result<BounceKept> {
    let mut kept = BounceKept::default();
    let id = key.id();
    kept.new =
        tx.prepare_cached(
            "INSERT INTO bounce (delivery, kind, address, status, diagnostic, reported_us)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (delivery, kind) DO NOTHING",
        )?
        .execute(params![
            id,
            bounce.kind.as_str(),
            key.address,
            bounce.status,
            bounce.diagnostic,
            bounce.reported_at.as_microsecond()
        ])? > 0;
    if bounce.kind == BounceKind::Failed {
        kept.bounced =
            tx.prepare_cached(
                "UPDATE delivery SET state = ?1, reason = ?2, updated_us = ?3
                 WHERE recipient = ?4 AND incident = ?5 AND channel = CAST(?6 AS TEXT) AND address = ?7
                   AND revision = ?8 AND part = ?9 AND state = ?10",
            )?
            .execute(params![
                DeliveryState::Bounced.as_str(),
                bounce.reason(),
                bounce.reported_at.as_microsecond(),
                key.recipient,
                key.incident,
                key.channel.as_str(),
                key.address,
                key.revision,
                key.part.as_stored(),
                DeliveryState::Sent.as_str()
            ])? > 0;
    }
    kept.transient_deliveries = tx
        .prepare_cached(
            "SELECT COUNT(DISTINCT delivery) FROM bounce WHERE address = ?1 AND status LIKE '4.%'",
        )?
        .query_row([&key.address], |r| r.get::<_, i64>(0))
        .map(|n| n.max(0) as u64)?;
    Ok(kept)
}

pub(super) fn email_deliveries(
    conn: &Connection,
    address: &str,
) -> rusqlite::Result<Vec<DeliveryKey>> {
    let mut stmt = conn.prepare_cached(
        "SELECT incident, recipient, channel, address, revision, part FROM delivery
         WHERE channel = 'email' AND address = ?1 ORDER BY incident, revision",
    )?;
    let rows = stmt.query_map([address], key_from_row)?;
    rows.collect()
}
