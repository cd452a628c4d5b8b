//! Suppressions in the state file: kept by the writer, read on the read
//! connection. Empty text stands for "every channel" and "any address", so
//! that the key is unique without NULLs.

use rusqlite::{Connection, Transaction, params};

use super::sql::from_us;
use crate::suppression::{Lift, Reason, Suppression, scope_parts};

pub(super) fn suppress(tx: &Transaction, s: &Suppression) -> rusqlite::Result<()> {
    let (scope, name) = s.scope_parts();
    tx.prepare_cached(
        "INSERT INTO suppression (recipient, channel, address, scope, name, reason, evidence,
           since_us)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (recipient, channel, address, scope, name) DO NOTHING",
    )?
    .execute(params![
        s.recipient,
        s.channel.as_deref().unwrap_or_default(),
        s.address.as_deref().unwrap_or_default(),
        scope,
        name,
        s.reason.as_str(),
        s.evidence,
        s.since.as_microsecond()
    ])?;
    Ok(())
}

pub(super) fn lift(tx: &Transaction, lift: &Lift) -> rusqlite::Result<u64> {
    let (scope, name) = lift.scope.as_ref().map(scope_parts).unzip();
    let lifted = tx
        .prepare_cached(
            "DELETE FROM suppression WHERE recipient = ?1
               AND (?2 IS NULL OR channel = ?2) AND (?3 IS NULL OR address = ?3)
               AND (?4 IS NULL OR (scope = ?4 AND name = ?5))
               AND (?6 IS NULL OR reason = ?6)",
        )?
        .execute(params![
            lift.recipient,
            lift.channel,
            lift.address,
            scope,
            name,
            lift.reason.map(Reason::as_str)
        ])?;
    Ok(lifted as u64)
}

pub(super) fn any(conn: &Connection) -> rusqlite::Result<bool> {
    conn.prepare_cached("SELECT EXISTS (SELECT 1 FROM suppression)")?
        .query_row([], |r| r.get(0))
}

pub(super) fn suppressions(
    conn: &Connection,
    recipient: Option<&str>,
) -> rusqlite::Result<Vec<Suppression>> {
    let mut stmt = conn.prepare_cached(
        "SELECT recipient, channel, address, scope, name, reason, evidence, since_us
         FROM suppression WHERE ?1 IS NULL OR recipient = ?1
         ORDER BY since_us, recipient, channel, address, scope, name",
    )?;
    let rows = stmt.query_map(params![recipient], |r| {
        let text = |i: usize| r.get::<_, String>(i);
        let bad = |i: usize, what: String| {
            rusqlite::Error::InvalidColumnType(i, what, rusqlite::types::Type::Text)
        };
        let (scope, name) = (text(3)?, text(4)?);
        let scope = Suppression::scope_of(&scope, &name)
            .ok_or_else(|| bad(3, format!("scope `{scope}`")))?;
        let reason = text(5)?;
        let reason = Reason::parse(&reason).ok_or_else(|| bad(5, format!("reason `{reason}`")))?;
        let (channel, address) = (text(1)?, text(2)?);
        let mut s =
            Suppression::new(text(0)?, scope, reason, from_us(r.get(7)?)).with_evidence(text(6)?);
        if !channel.is_empty() {
            s = s.on_channel(channel);
        }
        if !address.is_empty() {
            s = s.at_address(address);
        }
        Ok(s)
    })?;
    rows.collect()
}
