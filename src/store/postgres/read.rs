//! Questions that only read: a recipient's history, who was told about an
//! incident, which promises are overdue; and reading rows back.

use std::collections::{BTreeMap, HashSet};
use std::time::Duration;

use futures_util::{StreamExt, pin_mut};
use jiff::Timestamp;
use tokio_postgres::types::ToSql;

use super::{PostgresState, db, get};
use crate::delivery::{DeliveryKey, Part};
use crate::error::StoreError;
use crate::ledger::coverage::{Row, Tally};
use crate::ledger::{Coverage, DeliveryState, LedgerEntry, Overdue, promise};
use crate::notice::Notice;
use crate::recipient::ChannelKind;

pub(super) fn revision(value: u32) -> i64 {
    i64::from(value)
}

pub(super) fn count(value: i64) -> u32 {
    u32::try_from(value.max(0)).unwrap_or(u32::MAX)
}

pub(super) fn from_us(us: i64) -> Timestamp {
    Timestamp::from_microsecond(us).unwrap_or(Timestamp::UNIX_EPOCH)
}

pub(super) fn json_error(e: serde_json::Error) -> StoreError {
    StoreError::Database(format!("stored JSON cannot be read: {e}"))
}

/// A notice as `tidings_notice` keeps it: vouched for in its row.
pub(super) fn stored_notice(state: &PostgresState, notice: &Notice) -> Result<String, StoreError> {
    let json = serde_json::to_string(notice).map_err(json_error)?;
    let revision = notice.revision.to_string();
    let place = ["notice", notice.incident.id.as_str(), &revision];
    Ok(state.inner.sealer.vouch(&place, &json))
}

/// The notice kept in the row of `incident` and `revision`, if tidings
/// wrote it there with this key.
pub(super) fn kept_notice(
    state: &PostgresState,
    incident: &str,
    revision: u32,
    stored: &str,
) -> Result<Notice, StoreError> {
    let number = revision.to_string();
    let json = state
        .inner
        .sealer
        .vouched(&["notice", incident, &number], stored)
        .map_err(|e| StoreError::Database(format!("notice {incident}#{revision}: {e}")))?;
    serde_json::from_str(json).map_err(json_error)
}

/// Where a delivery's recipient is kept: its row, named by its key (a
/// notice's as before keys had parts).
pub(super) fn recipient_place(key: &DeliveryKey) -> Vec<String> {
    let mut place = vec![
        "recipient".to_owned(),
        key.incident.clone(),
        key.recipient.clone(),
        key.channel.as_str().to_owned(),
        key.address.clone(),
        key.revision.to_string(),
    ];
    if !key.part.is_notice() {
        place.push(key.part.as_stored());
    }
    place
}

pub(super) fn key_of(row: &tokio_postgres::Row) -> Result<DeliveryKey, StoreError> {
    Ok(DeliveryKey {
        incident: get(row, "incident")?,
        recipient: get(row, "recipient")?,
        channel: ChannelKind::custom(get::<String>(row, "channel")?),
        address: get(row, "address")?,
        revision: count(get(row, "revision")?),
        part: {
            let part: String = get(row, "part")?;
            Part::parse(&part)
                .ok_or_else(|| StoreError::Database(format!("unknown delivery part `{part}`")))?
        },
    })
}

pub(super) fn state_of(text: &str) -> Result<DeliveryState, StoreError> {
    DeliveryState::parse(text)
        .ok_or_else(|| StoreError::Database(format!("unknown delivery state `{text}`")))
}

pub(super) async fn history(
    state: &PostgresState,
    recipient: &str,
) -> Result<Vec<LedgerEntry>, StoreError> {
    let client = state.client().await?;
    let rows = client
        .query(
            "SELECT incident, recipient, channel, address, revision, part, state, attempts,
                        reason, detail, updated_us, due_us
                 FROM tidings_delivery WHERE recipient = $1
                 ORDER BY updated_us DESC, incident, recipient, channel, address, revision, part",
            &[&recipient],
        )
        .await
        .map_err(db)?;
    rows.iter()
        .map(|row| {
            Ok(LedgerEntry {
                key: key_of(row)?,
                state: state_of(get(row, "state")?)?,
                attempts: count(get(row, "attempts")?),
                reason: get(row, "reason")?,
                detail: get(row, "detail")?,
                updated_at: from_us(get(row, "updated_us")?),
                due_at: get::<Option<i64>>(row, "due_us")?.map(from_us),
            })
        })
        .collect()
}

pub(super) async fn coverage(
    state: &PostgresState,
    incident: &str,
    revision_: Option<u32>,
) -> Result<Coverage, StoreError> {
    let client = state.client().await?;
    let mut notices = BTreeMap::new();
    // Every wait for the database is bounded, not the whole report: a large
    // one takes as long as it takes while rows keep coming.
    let kept = state.within(async {
        client
            .query(
                "SELECT revision, document FROM tidings_notice WHERE incident = $1",
                &[&incident],
            )
            .await
            .map_err(db)
    });
    for row in kept.await? {
        let number = count(get(&row, 0)?);
        let n = kept_notice(state, incident, number, get(&row, 1)?)?;
        notices.insert(number, (n.status, n.published_at));
    }
    let mut tally = Tally::new(incident, notices);
    let only = revision_.map(revision);
    let counts = state
        .within(async {
            client
                .query(
                    "SELECT n.revision, COUNT(*) FROM tidings_not_subscribed n
                     WHERE n.incident = $1 AND ($2::BIGINT IS NULL OR n.revision = $2)
                     AND NOT EXISTS (SELECT 1 FROM tidings_delivery d
                         WHERE d.recipient = n.recipient AND d.incident = n.incident
                         AND d.revision = n.revision)
                     GROUP BY n.revision",
                    &[&incident, &only],
                )
                .await
                .map_err(db)
        })
        .await?;
    let mut not_subscribed = Vec::with_capacity(counts.len());
    for row in counts {
        let number: i64 = get(&row, 1)?;
        not_subscribed.push((count(get(&row, 0)?), u64::try_from(number).unwrap_or(0)));
    }
    tally.not_subscribed(not_subscribed);
    // A customer's rows together, streamed: memory holds one customer's.
    let from = revision(revision_.unwrap_or(0));
    let params: [&(dyn ToSql + Sync); 2] = [&incident, &from];
    let rows = state
        .within(async {
            client
                .query_raw(
                    "SELECT recipient, revision, channel, address, state, updated_us, reason,
                            duplicates, part
                     FROM tidings_delivery WHERE incident = $1 AND revision >= $2
                     ORDER BY recipient",
                    params,
                )
                .await
                .map_err(db)
        })
        .await?;
    pin_mut!(rows);
    while let Some(row) = state.within(async { Ok(rows.next().await) }).await? {
        let row = row.map_err(db)?;
        tally.add(Row {
            recipient: get(&row, 0)?,
            revision: count(get(&row, 1)?),
            channel: get(&row, 2)?,
            address: get(&row, 3)?,
            state: state_of(get(&row, 4)?)?,
            updated_at: from_us(get(&row, 5)?),
            reason: get(&row, 6)?,
            duplicates: u64::try_from(get::<i64>(&row, 7)?).unwrap_or(0),
            part: {
                let part: String = get(&row, 8)?;
                Part::parse(&part).ok_or_else(|| {
                    StoreError::Database(format!("unknown delivery part `{part}`"))
                })?
            },
        });
    }
    Ok(tally.finish(revision_))
}

/// Of `recipients`, those told (or being told) a revision of `incident`
/// before `revision_`.
pub(super) async fn told_before(
    state: &PostgresState,
    incident: &str,
    revision_: u32,
    recipients: &[&str],
) -> Result<HashSet<String>, StoreError> {
    let client = state.client().await?;
    let rows = state
        .within(async {
            client
                .query(
                    "SELECT DISTINCT recipient FROM tidings_delivery
                     WHERE incident = $1 AND recipient = ANY($2) AND revision < $3
                     AND state IN ('sent', 'claimed', 'retrying')",
                    &[&incident, &recipients, &revision(revision_)],
                )
                .await
                .map_err(db)
        })
        .await?;
    rows.iter().map(|row| get::<String>(row, 0)).collect()
}

pub(super) async fn overdue(
    state: &PostgresState,
    now: Timestamp,
    max_silence: Duration,
) -> Result<Vec<Overdue>, StoreError> {
    let client = state.client().await?;
    let rows = client
        .query(
            "SELECT DISTINCT ON (incident) incident, revision, document FROM tidings_notice
                 ORDER BY incident, revision DESC",
            &[],
        )
        .await
        .map_err(db)?;
    let mut late = Vec::new();
    for row in rows {
        let incident: &str = get(&row, 0)?;
        let n = kept_notice(state, incident, count(get(&row, 1)?), get(&row, 2)?)?;
        late.extend(promise::overdue(&n, now, max_silence));
    }
    Ok(late)
}
