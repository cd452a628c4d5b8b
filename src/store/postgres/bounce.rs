//! Reports on email deliveries in PostgreSQL: kept, and the delivery
//! turned `bounced`, in one statement.

use super::read::{key_of, revision};
use super::{PostgresState, db, get};
use crate::delivery::DeliveryKey;
use crate::error::StoreError;
use crate::ledger::{BounceKept, BounceKind, BounceRecord, DeliveryState};

/// One statement sees one snapshot: the count of transient reports adds
/// this one by hand (`UNION` counts a delivery once).
const RECORD: &str = "
    WITH kept AS (
        INSERT INTO tidings_bounce (delivery, kind, address, status, diagnostic, reported_us)
        VALUES ($1, $2, $3, $4, $5, $6)
        ON CONFLICT (delivery, kind) DO NOTHING
        RETURNING 1
    ), bounced AS (
        UPDATE tidings_delivery SET state = $12, reason = $7, updated_us = $6
        WHERE $2 = $13 AND recipient = $8 AND incident = $9 AND channel = $10 AND address = $3
          AND revision = $11 AND part = $14 AND state = $15
        RETURNING 1
    )
    SELECT (SELECT count(*) FROM kept) AS new, (SELECT count(*) FROM bounced) AS bounced,
        (SELECT count(*) FROM (
            SELECT delivery FROM tidings_bounce WHERE address = $3 AND status LIKE '4.%'
            UNION SELECT $1 WHERE $4 LIKE '4.%'
        ) AS transient) AS transient";

pub(super) async fn record(
    state: &PostgresState,
    key: &DeliveryKey,
    bounce: &BounceRecord,
) -> Result<BounceKept, StoreError> {
    let client = state.client().await?;
    let row = client
        .query_one(
            RECORD,
            &[
                &key.id(),
                &bounce.kind.as_str(),
                &key.address,
                &bounce.status,
                &bounce.diagnostic,
                &bounce.reported_at.as_microsecond(),
                &bounce.reason(),
                &key.recipient,
                &key.incident,
                &key.channel.as_str(),
                &revision(key.revision),
                &DeliveryState::Bounced.as_str(),
                &BounceKind::Failed.as_str(),
                &key.part.as_stored(),
                &DeliveryState::Sent.as_str(),
            ],
        )
        .await
        .map_err(db)?;
    Ok(BounceKept {
        new: get::<i64>(&row, "new")? > 0,
        bounced: get::<i64>(&row, "bounced")? > 0,
        transient_deliveries: get::<i64>(&row, "transient")?.max(0) as u64,
    })
}

pub(super) async fn email_deliveries(
    state: &PostgresState,
    address: &str,
) -> Result<Vec<DeliveryKey>, StoreError> {
    let client = state.client().await?;
    let rows = client
        .query(
            "SELECT incident, recipient, channel, address, revision, part FROM tidings_delivery
             WHERE channel = 'email' AND address = $1 ORDER BY incident, revision",
            &[&address],
        )
        .await
        .map_err(db)?;
    rows.iter().map(key_of).collect()
}
