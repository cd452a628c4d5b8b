//! The completion statement: the outcomes of deliveries this instance
//! holds, recorded only where the claim is still its own.

use std::collections::HashSet;

use std::sync::LazyLock;

use tokio_postgres::types::ToSql;

use super::{Completes, Keys};
use crate::ledger::decision;
use crate::store::postgres::PostgresState;

static COMPLETES: LazyLock<String> = LazyLock::new(|| decision::sql(COMPLETES_TEMPLATE));

/// The statement, with its states written `{claimed}` (see [`decision::sql`]).
const COMPLETES_TEMPLATE: &str = r#"
WITH req AS (
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[],
                         $6::text[], $7::text[], $8::text[], $9::text[], $10::bigint[],
                         $11::bigint[], $12::bigint[], $13::text[])
        WITH ORDINALITY AS r(incident, recipient, channel, address, revision, owner, state,
                             detail, reason, due_us, attempts, now, part, i)
),
mine AS (
    SELECT r.*
    FROM (SELECT * FROM req ORDER BY recipient, incident, channel, address, revision, part) r
    CROSS JOIN LATERAL (
        SELECT d.state, d.owner FROM tidings_delivery d
        WHERE d.recipient = r.recipient AND d.incident = r.incident AND d.channel = r.channel
          AND d.address = r.address AND d.revision = r.revision AND d.part = r.part
        LIMIT 1 FOR UPDATE
    ) d
    WHERE d.state = {claimed} AND d.owner = r.owner
)
UPDATE tidings_delivery d SET state = r.state,
    -- Made: what the other side said. Failed: why, beside what an earlier
    -- outbox write said.
    detail = CASE WHEN r.state IN ({sent}, {outboxed}) THEN r.detail ELSE d.detail END,
    reason = r.reason,
    due_us = r.due_us, owner = NULL, attempts = d.attempts + r.attempts, updated_us = r.now,
    recipient_json = CASE WHEN r.due_us IS NULL THEN NULL ELSE d.recipient_json END
FROM mine r
WHERE (d.recipient, d.incident, d.channel, d.address, d.revision, d.part)
    = (r.recipient, r.incident, r.channel, r.address, r.revision, r.part)
RETURNING r.i
"#;

pub(super) async fn run(state: &PostgresState, completes: Completes) {
    let n = completes.len();
    let mut keys = Keys::default();
    let (mut owner, mut st, mut detail, mut reason, mut due, mut attempts, mut now) = (
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
        Vec::with_capacity(n),
    );
    for (item, _) in &completes {
        keys.push(&item.key);
        owner.push(item.owner.as_str());
        st.push(item.state.as_str());
        detail.push(item.detail.as_deref());
        reason.push(item.reason.as_deref());
        due.push(item.due_us);
        attempts.push(item.attempts);
        now.push(item.now);
    }
    let params: [&(dyn ToSql + Sync); 13] = [
        &keys.incident,
        &keys.recipient,
        &keys.channel,
        &keys.address,
        &keys.revision,
        &owner,
        &st,
        &detail,
        &reason,
        &due,
        &attempts,
        &now,
        &keys.part,
    ];
    match super::run(state, &COMPLETES, &params).await {
        Ok(rows) => {
            // A row of another shape answers nothing: those completions
            // fail with why, rather than being called recorded or not.
            let done: Result<HashSet<i64>, _> = rows
                .iter()
                .map(|r| crate::store::postgres::get(r, 0))
                .collect();
            for (i, (_, reply)) in completes.into_iter().enumerate() {
                let ordinal = i64::try_from(i + 1).unwrap_or(i64::MAX);
                let _ = reply.send(
                    done.as_ref()
                        .map(|done| done.contains(&ordinal))
                        .map_err(Clone::clone),
                );
            }
        }
        Err(err) => {
            for (_, reply) in completes {
                let _ = reply.send(Err(err.clone()));
            }
        }
    }
}
