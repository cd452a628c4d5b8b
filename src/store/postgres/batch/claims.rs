//! The claim statement: for each claim, what is there now and what to do
//! about it, decided and done in one statement.

use std::sync::LazyLock;

use tokio_postgres::types::ToSql;

use super::{Claims, Decided, Keys};
use crate::error::StoreError;
use crate::ledger::decision;
use crate::store::postgres::{PostgresState, db, read};

static CLAIMS: LazyLock<String> = LazyLock::new(|| decision::sql(CLAIMS_TEMPLATE));

/// The statement, with its states written `{claimed}` (see
/// [`decision::sql`]); the decision it makes is the one
/// [`decision::decide`] makes from the facts it returns beside it.
const CLAIMS_TEMPLATE: &str = r#"
WITH req AS (
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[],
                         $6::text[], $7::bigint[], $8::bigint[], $9::boolean[], $10::boolean[],
                         $11::text[], $13::text[])
        WITH ORDINALITY AS r(incident, recipient, channel, address, revision, owner,
                             lease_until, now, take_over, outbox, recipient_json, part, i)
),
-- The senders counted gone: found once for the whole batch (a row found
-- held by one of them is asked again when it is locked: a sender may have
-- taken its lock back since).
gone AS MATERIALIZED (
    SELECT s.owner FROM tidings_sender s WHERE tidings_gone(s.owner, $12)
    UNION SELECT unnest($12::text[])
),
-- Every row the batch names, as this statement's snapshot sees it, unlocked.
seen AS (
    SELECT r.i, d.state, d.owner, d.due_us, d.attempts, d.claims,
        COALESCE(d.state = {claimed} AND d.due_us > r.now
                 AND (d.owner IS NULL OR d.owner NOT IN (SELECT owner FROM gone)), FALSE) AS live
    FROM req r LEFT JOIN LATERAL (
        SELECT d.state, d.owner, d.due_us, d.attempts, d.claims FROM tidings_delivery d
        WHERE d.recipient = r.recipient AND d.incident = r.incident AND d.channel = r.channel
          AND d.address = r.address AND d.revision = r.revision AND d.part = r.part
        LIMIT 1
    ) d ON TRUE
),
-- The rows the batch may take, locked in key order and read again as they
-- are now. The others are answered from what was seen, and nothing but a
-- duplicate's count is changed in them: a row already made (for an outbox,
-- written) stays so, and one held by a live sender is left to it, so an
-- instance never waits on another's claim.
locked AS (
    SELECT r.i, d.state, d.owner, d.due_us, d.attempts, d.claims,
        COALESCE(d.state = {claimed} AND d.due_us > r.now
                 AND (d.owner IS NULL OR d.owner NOT IN (SELECT owner FROM gone)
                      OR NOT tidings_gone(d.owner, $12)), FALSE) AS live
    FROM (
        SELECT q.* FROM req q JOIN seen s ON s.i = q.i
        WHERE s.state IS NOT NULL AND ((q.take_over AND s.owner = q.owner) OR NOT s.live)
          AND NOT (s.state = {sent} OR (q.outbox AND s.state = {outboxed}))
        ORDER BY q.recipient, q.incident, q.channel, q.address, q.revision, q.part
    ) r
    CROSS JOIN LATERAL (
        SELECT d.state, d.owner, d.due_us, d.attempts, d.claims FROM tidings_delivery d
        WHERE d.recipient = r.recipient AND d.incident = r.incident AND d.channel = r.channel
          AND d.address = r.address AND d.revision = r.revision AND d.part = r.part
        LIMIT 1 FOR UPDATE
    ) d
),
newer AS (
    SELECT r.i, n.revision
    FROM req r CROSS JOIN LATERAL (
        SELECT max(n.revision) AS revision FROM tidings_delivery n
        WHERE n.recipient = r.recipient AND n.incident = r.incident AND n.channel = r.channel
          AND n.address = r.address AND n.revision > r.revision
          AND (n.state = {sent} OR (r.outbox AND n.state = {outboxed})
               OR (n.state = {claimed} AND n.due_us > r.now
                   AND (n.owner IS NULL OR n.owner NOT IN (SELECT owner FROM gone))))
    ) n
    WHERE n.revision IS NOT NULL
),
decided AS MATERIALIZED (
    SELECT r.*, nw.revision AS newer, l.state, l.live, l.owner AS holder, l.due_us, l.attempts,
        l.claims,
        CASE
            WHEN l.state = {sent} OR (r.outbox AND l.state = {outboxed}) THEN 'duplicate'
            WHEN nw.revision IS NOT NULL AND l.state IN ({retrying}, {claimed}, {scheduled})
                AND NOT l.live
                THEN 'close-stale'
            WHEN nw.revision IS NOT NULL THEN {stale}
            WHEN l.state IS NULL THEN 'insert'
            WHEN l.live AND NOT (r.take_over AND COALESCE(l.owner = r.owner, FALSE)) THEN 'held'
            ELSE 'reclaim'
        END AS action
    FROM req r
    LEFT JOIN newer nw ON nw.i = r.i
    JOIN seen s ON s.i = r.i
    LEFT JOIN locked k ON k.i = r.i
    -- What was locked, or else what was seen.
    CROSS JOIN LATERAL (
        SELECT k.state, k.owner, k.due_us, k.attempts, k.claims, k.live WHERE k.i IS NOT NULL
        UNION ALL
        SELECT s.state, s.owner, s.due_us, s.attempts, s.claims, s.live WHERE k.i IS NULL
    ) l
),
duplicate AS (
    UPDATE tidings_delivery d SET duplicates = d.duplicates + 1
    FROM decided x
    WHERE x.action = 'duplicate'
      AND (d.recipient, d.incident, d.channel, d.address, d.revision, d.part)
        = (x.recipient, x.incident, x.channel, x.address, x.revision, x.part)
    RETURNING x.i
),
stale AS (
    UPDATE tidings_delivery d SET state = {stale}, reason = 'superseded by revision ' || x.newer,
        due_us = NULL, owner = NULL, updated_us = x.now, recipient_json = NULL
    FROM decided x
    WHERE x.action = 'close-stale'
      AND (d.recipient, d.incident, d.channel, d.address, d.revision, d.part)
        = (x.recipient, x.incident, x.channel, x.address, x.revision, x.part)
    RETURNING x.i
),
inserted AS (
    INSERT INTO tidings_delivery (incident, recipient, channel, address, revision, part, state,
        owner, due_us, attempts, claims, updated_us, recipient_json)
    SELECT incident, recipient, channel, address, revision, part, {claimed}, owner, lease_until,
        0, 1, now, recipient_json
    FROM decided WHERE action = 'insert'
    ORDER BY recipient, incident, channel, address, revision, part
    ON CONFLICT DO NOTHING
    RETURNING recipient, incident, channel, address, revision, part
),
reclaimed AS (
    UPDATE tidings_delivery d SET state = {claimed}, owner = x.owner, due_us = x.lease_until,
        updated_us = x.now, recipient_json = x.recipient_json,
        claims = CASE WHEN d.state = {outboxed} THEN 1 ELSE d.claims + 1 END
    FROM decided x
    WHERE x.action = 'reclaim'
      AND (d.recipient, d.incident, d.channel, d.address, d.revision, d.part)
        = (x.recipient, x.incident, x.channel, x.address, x.revision, x.part)
    RETURNING x.i
)
SELECT x.i, x.action, x.newer, x.state, x.holder, x.due_us, x.attempts, x.claims,
       n.revision IS NOT NULL AS inserted, x.live
FROM decided x
LEFT JOIN inserted n USING (recipient, incident, channel, address, revision, part)
ORDER BY x.i
"#;

pub(super) async fn run(state: &PostgresState, claims: Claims) {
    let n = claims.len();
    let mut keys = Keys::default();
    let (mut owner, mut lease, mut now, mut take_over, mut outbox, mut json) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    let mut left: Vec<String> = Vec::new();
    for (item, _) in &claims {
        keys.push(&item.key);
        owner.push(item.owner.as_str());
        lease.push(item.lease_until);
        now.push(item.now);
        take_over.push(item.take_over);
        outbox.push(item.outbox);
        json.push(item.recipient_json.as_str());
        for gone in &item.left {
            if !left.contains(gone) {
                left.push(gone.clone());
            }
        }
    }
    let params: [&(dyn ToSql + Sync); 13] = [
        &keys.incident,
        &keys.recipient,
        &keys.channel,
        &keys.address,
        &keys.revision,
        &owner,
        &lease,
        &now,
        &take_over,
        &outbox,
        &json,
        &left,
        &keys.part,
    ];
    match super::run(state, &CLAIMS, &params).await {
        Ok(rows) => {
            let mut rows = rows.into_iter();
            for (_, reply) in claims {
                let decided = rows
                    .next()
                    .ok_or_else(|| StoreError::Database("a claim got no answer".into()))
                    .and_then(|row| decided(&row));
                let _ = reply.send(decided);
            }
        }
        Err(err) => {
            for (_, reply) in claims {
                let _ = reply.send(Err(err.clone()));
            }
        }
    }
}

/// One row of the statement's answer.
fn decided(row: &tokio_postgres::Row) -> Result<Decided, StoreError> {
    let state: Option<String> = row.try_get(3).map_err(db)?;
    Ok(Decided {
        action: row.try_get(1).map_err(db)?,
        newer: row.try_get(2).map_err(db)?,
        state: state.as_deref().map(read::state_of).transpose()?,
        holder: row.try_get(4).map_err(db)?,
        due_us: row.try_get(5).map_err(db)?,
        attempts: row.try_get(6).map_err(db)?,
        claims: row.try_get(7).map_err(db)?,
        inserted: row.try_get(8).map_err(db)?,
        live: row
            .try_get::<_, Option<bool>>(9)
            .map_err(db)?
            .unwrap_or(false),
    })
}
