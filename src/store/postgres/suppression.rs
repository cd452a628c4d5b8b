//! Suppressions in PostgreSQL: the same rows as the state file keeps ('' for
//! every channel and any address).

use super::read::from_us;
use super::{PostgresState, db, get};
use crate::error::StoreError;
use crate::suppression::{Lift, Reason, Suppression, scope_parts};

pub(super) async fn suppress(state: &PostgresState, s: &Suppression) -> Result<(), StoreError> {
    let (scope, name) = s.scope_parts();
    let client = state.client().await?;
    client
        .execute(
            "INSERT INTO tidings_suppression (recipient, channel, address, scope, name, reason,
               evidence, since_us)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
             ON CONFLICT (recipient, channel, address, scope, name) DO NOTHING",
            &[
                &s.recipient,
                &s.channel.as_deref().unwrap_or_default(),
                &s.address.as_deref().unwrap_or_default(),
                &scope,
                &name,
                &s.reason.as_str(),
                &s.evidence,
                &s.since.as_microsecond(),
            ],
        )
        .await
        .map_err(db)?;
    Ok(())
}

pub(super) async fn lift(state: &PostgresState, lift: &Lift) -> Result<u64, StoreError> {
    let (scope, name) = lift.scope.as_ref().map(scope_parts).unzip();
    let client = state.client().await?;
    client
        .execute(
            "DELETE FROM tidings_suppression WHERE recipient = $1
               AND ($2::text IS NULL OR channel = $2) AND ($3::text IS NULL OR address = $3)
               AND ($4::text IS NULL OR (scope = $4 AND name = $5))
               AND ($6::text IS NULL OR reason = $6)",
            &[
                &lift.recipient,
                &lift.channel,
                &lift.address,
                &scope,
                &name,
                &lift.reason.map(Reason::as_str),
            ],
        )
        .await
        .map_err(db)
}

pub(super) async fn any(state: &PostgresState) -> Result<bool, StoreError> {
    let client = state.client().await?;
    let row = client
        .query_one("SELECT EXISTS (SELECT 1 FROM tidings_suppression)", &[])
        .await
        .map_err(db)?;
    get(&row, 0)
}

pub(super) async fn suppressions(
    state: &PostgresState,
    recipient: Option<&str>,
) -> Result<Vec<Suppression>, StoreError> {
    let client = state.client().await?;
    let rows = client
        .query(
            "SELECT recipient, channel, address, scope, name, reason, evidence, since_us
             FROM tidings_suppression WHERE $1::text IS NULL OR recipient = $1
             ORDER BY since_us, recipient, channel, address, scope, name",
            &[&recipient],
        )
        .await
        .map_err(db)?;
    rows.iter()
        .map(|row| {
            let text = |i: usize| get::<String>(row, i);
            let (scope, name) = (text(3)?, text(4)?);
            let scope = Suppression::scope_of(&scope, &name).ok_or_else(|| {
                StoreError::Database(format!("unknown suppression scope `{scope}`"))
            })?;
            let reason = text(5)?;
            let reason = Reason::parse(&reason).ok_or_else(|| {
                StoreError::Database(format!("unknown suppression reason `{reason}`"))
            })?;
            let (channel, address) = (text(1)?, text(2)?);
            let mut s = Suppression::new(text(0)?, scope, reason, from_us(get(row, 7)?))
                .with_evidence(text(6)?);
            if !channel.is_empty() {
                s = s.on_channel(channel);
            }
            if !address.is_empty() {
                s = s.at_address(address);
            }
            Ok(s)
        })
        .collect()
}
