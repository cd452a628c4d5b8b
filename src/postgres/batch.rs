//! Claims and completions in batches: whatever the tasks of one instance
//! ask while a batch is on its way goes into the next one, and a batch is
//! one statement over arrays (`unnest`), one transaction, one round trip.
//! A few batches are in flight at once, one per pooled connection.
//!
//! A claim batch locks the existing rows it touches in key order and
//! inserts the new ones in key order, so two instances claiming overlapping
//! batches never wait on each other in a circle; should the server still
//! find a deadlock, the batch runs again.
//!
//! Every row a batch touches is found by its key, one lookup per claim
//! (`LATERAL … LIMIT 1 FOR UPDATE`), never by a join the planner may choose
//! to make by scanning the table: a prepared statement keeps the plan it
//! made while the table was new and empty, and a scan chosen then costs a
//! pass over the whole ledger for every batch once it has grown.

use std::collections::HashSet;
use std::sync::Arc;

use tokio::sync::{Semaphore, mpsc, oneshot};
use tokio_postgres::types::ToSql;

use super::{PostgresState, db};
use crate::delivery::DeliveryKey;
use crate::error::StoreError;

/// At most this many claims (or completions) in one statement.
const BATCH: usize = 512;

/// Batches of one instance in flight at once.
const IN_FLIGHT: usize = 4;

/// One claim, as the batch statement takes it.
pub(super) struct ClaimItem {
    pub(super) key: DeliveryKey,
    pub(super) owner: String,
    pub(super) lease_until: i64,
    pub(super) now: i64,
    pub(super) take_over: bool,
    pub(super) outbox: bool,
    pub(super) recipient_json: String,
    pub(super) left: Vec<String>,
}

/// What the batch statement decided for one claim.
#[derive(Debug)]
pub(super) struct Decided {
    pub(super) action: String,
    pub(super) newer: Option<i64>,
    pub(super) state: Option<String>,
    pub(super) holder: Option<String>,
    pub(super) due_us: Option<i64>,
    pub(super) attempts: Option<i64>,
    pub(super) claims: Option<i64>,
    pub(super) inserted: bool,
}

/// One completion.
pub(super) struct CompleteItem {
    pub(super) key: DeliveryKey,
    pub(super) owner: String,
    pub(super) state: &'static str,
    pub(super) detail: Option<String>,
    pub(super) reason: Option<String>,
    pub(super) due_us: Option<i64>,
    pub(super) attempts: i64,
    pub(super) now: i64,
}

enum Work {
    Claim(ClaimItem, oneshot::Sender<Result<Decided, StoreError>>),
    Complete(CompleteItem, oneshot::Sender<Result<bool, StoreError>>),
}

/// The queue of one instance's claims and completions.
pub(super) struct Batcher {
    queue: mpsc::UnboundedSender<Work>,
}

impl Batcher {
    /// Starts the task that collects and runs batches (it ends when the
    /// batcher is dropped). Must be called on a Tokio runtime.
    pub(super) fn start(state: PostgresState) -> Batcher {
        let (queue, work) = mpsc::unbounded_channel();
        tokio::spawn(collect(state, work));
        Batcher { queue }
    }

    pub(super) async fn claim(&self, item: ClaimItem) -> Result<Decided, StoreError> {
        let (reply, answer) = oneshot::channel();
        self.queue
            .send(Work::Claim(item, reply))
            .map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }

    pub(super) async fn complete(&self, item: CompleteItem) -> Result<bool, StoreError> {
        let (reply, answer) = oneshot::channel();
        self.queue
            .send(Work::Complete(item, reply))
            .map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }
}

fn stopped() -> StoreError {
    StoreError::Task("the ledger's batches have stopped".into())
}

type Claims = Vec<(ClaimItem, oneshot::Sender<Result<Decided, StoreError>>)>;
type Completes = Vec<(CompleteItem, oneshot::Sender<Result<bool, StoreError>>)>;

async fn collect(state: PostgresState, mut work: mpsc::UnboundedReceiver<Work>) {
    let places = Arc::new(Semaphore::new(IN_FLIGHT));
    // A second claim of a key already in the batch waits for the next one.
    let mut carried: Vec<Work> = Vec::new();
    loop {
        let first = match carried.pop() {
            Some(w) => w,
            None => match work.recv().await {
                Some(w) => w,
                None => return,
            },
        };
        // Wait for a place first: while every place is busy, more work
        // queues up and the next batch is fuller.
        let Ok(place) = Arc::clone(&places).acquire_owned().await else {
            return;
        };
        let (mut claims, mut completes): (Claims, Completes) = (Vec::new(), Vec::new());
        let mut keys = HashSet::new();
        let mut next = Some(first);
        while let Some(w) = next.take() {
            match w {
                Work::Claim(item, reply) => {
                    if keys.insert(item.key.clone()) {
                        claims.push((item, reply));
                    } else {
                        carried.push(Work::Claim(item, reply));
                    }
                }
                Work::Complete(item, reply) => completes.push((item, reply)),
            }
            if claims.len() >= BATCH || completes.len() >= BATCH {
                break;
            }
            next = work.try_recv().ok();
        }
        let state = state.clone();
        tokio::spawn(async move {
            if !claims.is_empty() {
                run_claims(&state, claims).await;
            }
            if !completes.is_empty() {
                run_completes(&state, completes).await;
            }
            drop(place);
        });
    }
}

const CLAIMS: &str = r#"
WITH req AS (
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[],
                         $6::text[], $7::bigint[], $8::bigint[], $9::boolean[], $10::boolean[],
                         $11::text[])
        WITH ORDINALITY AS r(incident, recipient, channel, address, revision, owner,
                             lease_until, now, take_over, outbox, recipient_json, i)
),
-- The senders counted gone: found once for the whole batch.
gone AS MATERIALIZED (
    SELECT s.owner FROM tidings_sender s WHERE tidings_gone(s.owner, $12)
    UNION SELECT unnest($12::text[])
),
-- Every row the batch names, as this statement's snapshot sees it, unlocked.
seen AS (
    SELECT r.i, d.state, d.owner, d.due_us, d.attempts, d.claims,
        COALESCE(d.state = 'claimed' AND d.due_us > r.now
                 AND (d.owner IS NULL OR d.owner NOT IN (SELECT owner FROM gone)), FALSE) AS live
    FROM req r LEFT JOIN LATERAL (
        SELECT d.state, d.owner, d.due_us, d.attempts, d.claims FROM tidings_delivery d
        WHERE d.recipient = r.recipient AND d.incident = r.incident AND d.channel = r.channel
          AND d.address = r.address AND d.revision = r.revision
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
        COALESCE(d.state = 'claimed' AND d.due_us > r.now
                 AND (d.owner IS NULL OR d.owner NOT IN (SELECT owner FROM gone)), FALSE) AS live
    FROM (
        SELECT q.* FROM req q JOIN seen s ON s.i = q.i
        WHERE s.state IS NOT NULL AND (q.take_over OR NOT s.live)
          AND NOT (s.state = 'sent' OR (q.outbox AND s.state = 'outboxed'))
        ORDER BY q.recipient, q.incident, q.channel, q.address, q.revision
    ) r
    CROSS JOIN LATERAL (
        SELECT d.state, d.owner, d.due_us, d.attempts, d.claims FROM tidings_delivery d
        WHERE d.recipient = r.recipient AND d.incident = r.incident AND d.channel = r.channel
          AND d.address = r.address AND d.revision = r.revision
        LIMIT 1 FOR UPDATE
    ) d
),
newer AS (
    SELECT r.i, n.revision
    FROM req r CROSS JOIN LATERAL (
        SELECT max(n.revision) AS revision FROM tidings_delivery n
        WHERE n.recipient = r.recipient AND n.incident = r.incident AND n.channel = r.channel
          AND n.address = r.address AND n.revision > r.revision
          AND (n.state = 'sent' OR (r.outbox AND n.state = 'outboxed')
               OR (n.state = 'claimed' AND n.due_us > r.now
                   AND (n.owner IS NULL OR n.owner NOT IN (SELECT owner FROM gone))))
    ) n
    WHERE n.revision IS NOT NULL
),
decided AS MATERIALIZED (
    SELECT r.*, nw.revision AS newer, l.state, l.owner AS holder, l.due_us, l.attempts, l.claims,
        CASE
            WHEN l.state = 'sent' OR (r.outbox AND l.state = 'outboxed') THEN 'duplicate'
            WHEN nw.revision IS NOT NULL AND l.state IN ('failed', 'claimed') AND NOT l.live
                THEN 'close-stale'
            WHEN nw.revision IS NOT NULL THEN 'stale'
            WHEN l.state IS NULL THEN 'insert'
            WHEN l.live AND NOT r.take_over THEN 'held'
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
      AND (d.recipient, d.incident, d.channel, d.address, d.revision)
        = (x.recipient, x.incident, x.channel, x.address, x.revision)
    RETURNING x.i
),
stale AS (
    UPDATE tidings_delivery d SET state = 'stale', reason = 'superseded by revision ' || x.newer,
        due_us = NULL, owner = NULL, updated_us = x.now, recipient_json = NULL
    FROM decided x
    WHERE x.action = 'close-stale'
      AND (d.recipient, d.incident, d.channel, d.address, d.revision)
        = (x.recipient, x.incident, x.channel, x.address, x.revision)
    RETURNING x.i
),
inserted AS (
    INSERT INTO tidings_delivery (incident, recipient, channel, address, revision, state, owner,
        due_us, attempts, claims, updated_us, recipient_json)
    SELECT incident, recipient, channel, address, revision, 'claimed', owner, lease_until, 0, 1,
        now, recipient_json
    FROM decided WHERE action = 'insert'
    ORDER BY recipient, incident, channel, address, revision
    ON CONFLICT DO NOTHING
    RETURNING recipient, incident, channel, address, revision
),
reclaimed AS (
    UPDATE tidings_delivery d SET state = 'claimed', owner = x.owner, due_us = x.lease_until,
        updated_us = x.now, recipient_json = x.recipient_json,
        claims = CASE WHEN d.state = 'outboxed' THEN 1 ELSE d.claims + 1 END
    FROM decided x
    WHERE x.action = 'reclaim'
      AND (d.recipient, d.incident, d.channel, d.address, d.revision)
        = (x.recipient, x.incident, x.channel, x.address, x.revision)
    RETURNING x.i
)
SELECT x.i, x.action, x.newer, x.state, x.holder, x.due_us, x.attempts, x.claims,
       n.revision IS NOT NULL AS inserted
FROM decided x
LEFT JOIN inserted n USING (recipient, incident, channel, address, revision)
ORDER BY x.i
"#;

/// The server found a deadlock or a conflict it could not serialize: the
/// same batch may simply run again.
fn retryable(err: &tokio_postgres::Error) -> bool {
    use tokio_postgres::error::SqlState;
    matches!(
        err.code(),
        Some(c) if *c == SqlState::T_R_DEADLOCK_DETECTED || *c == SqlState::T_R_SERIALIZATION_FAILURE
    )
}

/// The delivery keys of a batch, a column each, as the statements take them.
#[derive(Default)]
struct Keys<'a> {
    incident: Vec<&'a str>,
    recipient: Vec<&'a str>,
    channel: Vec<&'a str>,
    address: Vec<&'a str>,
    revision: Vec<i64>,
}

impl<'a> Keys<'a> {
    fn push(&mut self, key: &'a DeliveryKey) {
        self.incident.push(&key.incident);
        self.recipient.push(&key.recipient);
        self.channel.push(key.channel.as_str());
        self.address.push(&key.address);
        self.revision.push(i64::from(key.revision));
    }
}

/// Runs a batch statement, again if the server found it in a deadlock.
async fn run(
    state: &PostgresState,
    sql: &str,
    params: &[&(dyn ToSql + Sync)],
) -> Result<Vec<tokio_postgres::Row>, StoreError> {
    let mut outcome = Err(Failure::Retry);
    for _ in 0..3 {
        // A batch that gets no answer gives its place back; its claims fail.
        outcome =
            match tokio::time::timeout(state.inner.timeout, run_once(state, sql, params)).await {
                Ok(outcome) => outcome,
                Err(_) => Err(Failure::Failed(state.silent())),
            };
        if !matches!(outcome, Err(Failure::Retry)) {
            break;
        }
    }
    outcome.map_err(Failure::into_error)
}

async fn run_claims(state: &PostgresState, claims: Claims) {
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
    let params: [&(dyn ToSql + Sync); 12] = [
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
    ];
    match run(state, CLAIMS, &params).await {
        Ok(rows) => {
            let mut rows = rows.into_iter();
            for (_, reply) in claims {
                let decided = rows
                    .next()
                    .map(|row| Decided {
                        action: row.get(1),
                        newer: row.get(2),
                        state: row.get(3),
                        holder: row.get(4),
                        due_us: row.get(5),
                        attempts: row.get(6),
                        claims: row.get(7),
                        inserted: row.get(8),
                    })
                    .ok_or_else(|| StoreError::Database("a claim got no answer".into()));
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

const COMPLETES: &str = r#"
WITH req AS (
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[],
                         $6::text[], $7::text[], $8::text[], $9::text[], $10::bigint[],
                         $11::bigint[], $12::bigint[])
        WITH ORDINALITY AS r(incident, recipient, channel, address, revision, owner, state,
                             detail, reason, due_us, attempts, now, i)
),
mine AS (
    SELECT r.*
    FROM (SELECT * FROM req ORDER BY recipient, incident, channel, address, revision) r
    CROSS JOIN LATERAL (
        SELECT d.state, d.owner FROM tidings_delivery d
        WHERE d.recipient = r.recipient AND d.incident = r.incident AND d.channel = r.channel
          AND d.address = r.address AND d.revision = r.revision
        LIMIT 1 FOR UPDATE
    ) d
    WHERE d.state = 'claimed' AND d.owner = r.owner
)
UPDATE tidings_delivery d SET state = r.state,
    -- Made: what the other side said. Failed: why, beside what an earlier
    -- outbox write said.
    detail = CASE WHEN r.state IN ('sent', 'outboxed') THEN r.detail ELSE d.detail END,
    reason = r.reason,
    due_us = r.due_us, owner = NULL, attempts = d.attempts + r.attempts, updated_us = r.now,
    recipient_json = CASE WHEN r.due_us IS NULL THEN NULL ELSE d.recipient_json END
FROM mine r
WHERE (d.recipient, d.incident, d.channel, d.address, d.revision)
    = (r.recipient, r.incident, r.channel, r.address, r.revision)
RETURNING r.i
"#;

async fn run_completes(state: &PostgresState, completes: Completes) {
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
        st.push(item.state);
        detail.push(item.detail.as_deref());
        reason.push(item.reason.as_deref());
        due.push(item.due_us);
        attempts.push(item.attempts);
        now.push(item.now);
    }
    let params: [&(dyn ToSql + Sync); 12] = [
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
    ];
    match run(state, COMPLETES, &params).await {
        Ok(rows) => {
            let done: HashSet<i64> = rows.iter().map(|r| r.get(0)).collect();
            for (i, (_, reply)) in completes.into_iter().enumerate() {
                let ordinal = i64::try_from(i + 1).unwrap_or(i64::MAX);
                let _ = reply.send(Ok(done.contains(&ordinal)));
            }
        }
        Err(err) => {
            for (_, reply) in completes {
                let _ = reply.send(Err(err.clone()));
            }
        }
    }
}

enum Failure {
    Retry,
    Failed(StoreError),
}

impl Failure {
    fn into_error(self) -> StoreError {
        match self {
            Failure::Failed(err) => err,
            Failure::Retry => StoreError::Database(
                "the batch met other instances' locks three times running".into(),
            ),
        }
    }
}

impl From<StoreError> for Failure {
    fn from(err: StoreError) -> Self {
        Failure::Failed(err)
    }
}

/// Runs one batch statement in a transaction of its own.
async fn run_once(
    state: &PostgresState,
    sql: &str,
    params: &[&(dyn ToSql + Sync)],
) -> Result<Vec<tokio_postgres::Row>, Failure> {
    let mut client = state.client().await?;
    let statement = client.prepare_cached(sql).await.map_err(pg)?;
    let tx = client.transaction().await.map_err(pg)?;
    let rows = tx.query(&statement, params).await.map_err(pg)?;
    tx.commit().await.map_err(pg)?;
    Ok(rows)
}

fn pg(err: tokio_postgres::Error) -> Failure {
    if retryable(&err) {
        Failure::Retry
    } else {
        Failure::Failed(db(err))
    }
}
