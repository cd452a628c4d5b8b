//! The ledger in PostgreSQL.
//!
//! Claims are made in batches (`batch/`), each one statement: it reads
//! the deliveries' rows under row locks (and the newer revisions to the
//! same addresses), decides, and writes in the same statement, so two
//! instances claiming at once never both win.
//! A sender holds a session-level advisory lock on its id for its whole
//! life (on a connection of its own, outside the pool, with a heartbeat):
//! when its process dies the server releases the lock, and its claims are
//! taken over once its heartbeat is 20 s old instead of when their leases
//! end (`senders.rs` says why not at once).

use std::collections::HashSet;
use std::sync::{LazyLock, OnceLock};
use std::time::Duration;

use async_trait::async_trait;
use jiff::Timestamp;

use super::batch::{Batcher, ClaimItem, CompleteItem};
use super::read::{self, count, from_us, key_of, revision};
use super::senders::Senders;
use super::suppression;
use super::{PostgresState, db, get};
use crate::delivery::DeliveryKey;
use crate::error::StoreError;
use crate::ledger::decision::{self, Decision, Standing};
use crate::ledger::{
    Backlog, BounceKept, BounceRecord, Claim, ClaimRequest, Completion, Coverage, DeliveryState,
    Due, Lease, Ledger, LedgerEntry, LedgerReader, Outcome, Overdue, Reminder, Renewal,
    SegmentClaim, SegmentEnd, SegmentRequest, Segments,
};
use crate::notice::Notice;
use crate::recipient::{LanguagePreferences, Recipient};
use crate::suppression::{Lift, Suppression};

/// Keeps the ledger in PostgreSQL. Made by [`PostgresState::ledger`].
#[derive(Clone)]
pub struct PgLedger {
    state: PostgresState,
    senders: std::sync::Arc<Senders>,
    /// Claims and completions go out in batches, started on first use.
    batches: std::sync::Arc<OnceLock<Batcher>>,
}

impl std::fmt::Debug for PgLedger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgLedger")
            .field("state", &self.state)
            .finish_non_exhaustive()
    }
}

/// The newest newer revision to the same address that overtakes `$5`:
/// sent, (for an outbox, `$10`) written to the outbox, or claimed under a
/// live lease. `$1`–`$5` are the key, `$8` now, `$12` the senders that left.
const NEWER: &str = "
    SELECT max(revision) AS revision FROM tidings_delivery
    WHERE recipient = $2 AND incident = $1 AND channel = $3 AND address = $4 AND revision > $5
      AND (state = {sent} OR ($10 AND state = {outboxed})
           OR (state = {claimed} AND due_us > $8
               AND (owner IS NULL OR NOT tidings_gone(owner, $12))))";

/// The key of the row being renewed (`$11` its part).
const THIS: &str = "recipient = $2 AND incident = $1 AND channel = $3 AND address = $4
    AND revision = $5 AND part = $11";

static RENEW: LazyLock<String> = LazyLock::new(|| decision::sql(&renew_sql()));

fn renew_sql() -> String {
    // The newer revisions as for a claim that is not for an outbox.
    let newer = NEWER.replace("$10", "FALSE").replace("$12", "$10");
    let this = THIS;
    format!(
        "WITH newer AS ({newer}),
        this AS (
            SELECT 1 FROM tidings_delivery
            WHERE {this} AND state = {{claimed}} AND owner = $6 FOR UPDATE
        ),
        decided AS (
            SELECT CASE
                WHEN NOT EXISTS (SELECT 1 FROM this) THEN 'lost'
                WHEN $9 AND newer.revision IS NOT NULL THEN 'superseded'
                ELSE 'held'
            END AS action, newer.revision AS newer
            FROM newer
        ),
        stale AS (
            UPDATE tidings_delivery SET state = {{stale}},
                reason = 'superseded by revision ' || (SELECT newer FROM decided),
                due_us = NULL, owner = NULL, updated_us = $8, recipient_json = NULL
            WHERE {this} AND (SELECT action FROM decided) = 'superseded' RETURNING 1
        ),
        held AS (
            UPDATE tidings_delivery SET due_us = $7
            WHERE {this} AND (SELECT action FROM decided) = 'held' RETURNING 1
        )
        SELECT action, newer FROM decided"
    )
}

impl PgLedger {
    pub(super) fn new(state: PostgresState) -> Self {
        PgLedger {
            state,
            senders: std::sync::Arc::default(),
            batches: std::sync::Arc::default(),
        }
    }

    fn batches(&self) -> &Batcher {
        self.batches
            .get_or_init(|| Batcher::start(self.state.clone()))
    }
}

#[async_trait]
impl Ledger for PgLedger {
    async fn told_before(
        &self,
        incident: &str,
        revision_: u32,
        recipients: &[&str],
    ) -> Result<HashSet<String>, StoreError> {
        read::told_before(&self.state, incident, revision_, recipients).await
    }

    async fn record_not_subscribed(
        &self,
        incident: &str,
        revision_: u32,
        recipients: &[&str],
    ) -> Result<(), StoreError> {
        let client = self.state.client().await?;
        self.state
            .within(async {
                client
                    .execute(
                        "INSERT INTO tidings_not_subscribed (incident, revision, recipient)
                         SELECT $1, $2, unnest($3::TEXT[])
                         ON CONFLICT DO NOTHING",
                        &[&incident, &revision(revision_), &recipients],
                    )
                    .await
                    .map_err(db)
            })
            .await?;
        Ok(())
    }

    async fn record_notice(&self, notice: &Notice) -> Result<(), StoreError> {
        self.state
            .within(async {
                let document = read::stored_notice(&self.state, notice)?;
                let client = self.state.client().await?;
                let inserted = client
                    .execute(
                        "INSERT INTO tidings_notice (incident, revision, document) VALUES ($1, $2, $3)
                         ON CONFLICT (incident, revision) DO NOTHING",
                        &[&notice.incident.id, &revision(notice.revision), &document],
                    )
                    .await
                    .map_err(db)?;
                if inserted == 1 {
                    return Ok(());
                }
                let kept = client
                    .query_one(
                        "SELECT document FROM tidings_notice WHERE incident = $1 AND revision = $2",
                        &[&notice.incident.id, &revision(notice.revision)],
                    )
                    .await
                    .map_err(db)?;
                let kept =
                    read::kept_notice(&self.state, &notice.incident.id, notice.revision, get(&kept, 0)?)?;
                crate::ledger::same_text(notice, &kept)
            })
            .await
    }

    async fn notice(&self, incident: &str, revision_: u32) -> Result<Option<Notice>, StoreError> {
        self.state
            .within(async {
                let client = self.state.client().await?;
                let row = client
                    .query_opt(
                        "SELECT document FROM tidings_notice WHERE incident = $1 AND revision = $2",
                        &[&incident, &revision(revision_)],
                    )
                    .await
                    .map_err(db)?;
                row.map(|r| read::kept_notice(&self.state, incident, revision_, get(&r, 0)?))
                    .transpose()
            })
            .await
    }

    async fn enter(&self, owner: &str) -> Result<(), StoreError> {
        self.state
            .within(async { self.senders.enter(&self.state, owner).await })
            .await
    }

    fn leave(&self, owner: &str) {
        self.senders.leave(owner);
    }

    async fn lost(&self, owner: &str) {
        self.senders.lost(owner).await;
    }

    async fn claim(&self, req: &ClaimRequest<'_>) -> Result<Claim, StoreError> {
        if let Some(lost) = self
            .senders
            .regained(req.owner, self.state.inner.timeout)
            .await
        {
            return Err(lost);
        }
        self.state
            .within(async {
                let sealer = &self.state.inner.sealer;
                let place = read::recipient_place(req.key);
                let place: Vec<&str> = place.iter().map(String::as_str).collect();
                let recipient_json = sealer.vouch(&place, &sealer.seal(req.recipient)?);
                // A row another instance inserted after this batch's snapshot: the
                // next batch finds it, locked.
                for _ in 0..3 {
                    let item = ClaimItem {
                        key: req.key.clone(),
                        owner: req.owner.to_owned(),
                        lease_until: req.lease_until.as_microsecond(),
                        now: req.now.as_microsecond(),
                        take_over: req.take_over,
                        outbox: req.outbox,
                        recipient_json: recipient_json.clone(),
                        left: self.senders.left(),
                    };
                    let d = self.batches().claim(item).await?;
                    let standing = d.state.map(|state| Standing {
                        state,
                        live: d.live,
                    });
                    let newer = d.newer.map(count);
                    // Only a claim of one's own is taken back over a live lease.
                    let own = d.holder.as_deref() == Some(req.owner);
                    let decision =
                        decision::decide(standing, newer, req.outbox, req.take_over && own);
                    if decision.as_str() != d.action {
                        return Err(StoreError::Database(format!(
                            "the claim statement decided `{}` where the claim decision is `{}` \
                             ({standing:?}, newer {newer:?})",
                            d.action,
                            decision.as_str()
                        )));
                    }
                    let claim = match decision {
                        Decision::Duplicate => Claim::AlreadyMade,
                        Decision::Stale { newer, .. } => Claim::Stale { newer },
                        Decision::Insert if !d.inserted => continue,
                        Decision::Insert => decision::FIRST_CLAIM,
                        Decision::Held => Claim::HeldElsewhere {
                            owner: d.holder.unwrap_or_default(),
                            until: from_us(d.due_us.unwrap_or(req.now.as_microsecond())),
                        },
                        Decision::Reclaim => {
                            let state = d.state.unwrap_or(DeliveryState::Claimed);
                            let attempts = count(d.attempts.unwrap_or(0));
                            decision::reclaim(state, attempts, count(d.claims.unwrap_or(0))).0
                        }
                    };
                    return Ok(claim);
                }
                Err(StoreError::Database(format!(
                    "the claim of {} kept meeting another instance's",
                    req.key.id()
                )))
            })
            .await
    }

    fn segments(&self) -> Option<&dyn Segments> {
        Some(self)
    }

    async fn renew(&self, r: &Renewal<'_>) -> Result<Lease, StoreError> {
        self.state
            .within(async {
                let key = r.key;
                let left = self.senders.left();
                let client = self.state.client().await?;
                let statement = client.prepare_cached(&RENEW).await.map_err(db)?;
                let row = client
                    .query_one(
                        &statement,
                        &[
                            &key.incident,
                            &key.recipient,
                            &key.channel.as_str(),
                            &key.address,
                            &revision(key.revision),
                            &r.owner,
                            &r.lease_until.as_microsecond(),
                            &r.now.as_microsecond(),
                            &r.before_attempt,
                            &left,
                            &key.part.as_stored(),
                        ],
                    )
                    .await
                    .map_err(db)?;
                let action: String = get(&row, "action")?;
                Ok(match action.as_str() {
                    "lost" => Lease::Lost,
                    "superseded" => Lease::Superseded {
                        newer: count(get::<Option<i64>>(&row, "newer")?.unwrap_or(0)),
                    },
                    _ => Lease::Held,
                })
            })
            .await
    }

    async fn complete(&self, c: &Completion<'_>) -> Result<bool, StoreError> {
        self.state
            .within(async {
                let (detail, reason, due_us) = match &c.outcome {
                    Outcome::Sent { detail } | Outcome::Outboxed { detail } => {
                        (Some(detail.clone()), None, None)
                    }
                    Outcome::Failed { reason, retry_at } => (
                        None,
                        Some(reason.clone()),
                        retry_at.map(|t| t.as_microsecond()),
                    ),
                    Outcome::Overtaken { reason } | Outcome::Suppressed { reason } => {
                        (None, Some(reason.clone()), None)
                    }
                };
                // Only the sender holding the claim records; one whose claim was
                // taken over changes nothing. A failure to be retried keeps the
                // recipient; anything final lets it go.
                self.batches()
                    .complete(CompleteItem {
                        key: c.key.clone(),
                        owner: c.owner.to_owned(),
                        state: c.outcome.state(),
                        detail,
                        reason,
                        due_us,
                        attempts: i64::from(c.attempts),
                        now: c.now.as_microsecond(),
                    })
                    .await
            })
            .await
    }

    async fn due(
        &self,
        now: Timestamp,
        after: Option<&Due>,
        limit: usize,
    ) -> Result<Vec<Due>, StoreError> {
        self.state
            .within(async {
                let now_us = now.as_microsecond();
                let mut client = self.state.client().await?;
                let tx = client.transaction().await.map_err(db)?;
                if after.is_none() {
                    // A listing starts by making the claims of gone senders due, and
                    // forgetting gone senders that hold nothing.
                    let left = self.senders.left();
                    static EXPIRE: LazyLock<String> = LazyLock::new(|| {
                        decision::sql(
                            "UPDATE tidings_delivery SET due_us = $1
                             WHERE state = {claimed} AND due_us > $1 AND owner IN (
                                 SELECT s.owner FROM tidings_sender s WHERE tidings_gone(s.owner, $2))
                               -- Asked again as each row is updated: a sender may
                               -- have taken its lock back since.
                               AND tidings_gone(owner, $2)",
                        )
                    });
                    static FORGET: LazyLock<String> = LazyLock::new(|| {
                        decision::sql(
                            "DELETE FROM tidings_sender s WHERE tidings_gone(s.owner, $1) AND NOT EXISTS (
                                 SELECT 1 FROM tidings_delivery d
                                 WHERE d.state = {claimed} AND d.owner = s.owner)
                               AND NOT EXISTS (SELECT 1 FROM tidings_segment g WHERE g.owner = s.owner)",
                        )
                    });
                    tx.execute(EXPIRE.as_str(), &[&now_us, &left])
                    .await
                    .map_err(db)?;
                    tx.execute(FORGET.as_str(), &[&left])
                    .await
                    .map_err(db)?;
                }
                let (after_us, incident, recipient, channel, address, after_revision, part) =
                    match after {
                        Some(d) => (
                            d.due_at.as_microsecond(),
                            d.key.incident.clone(),
                            d.key.recipient.clone(),
                            d.key.channel.as_str().to_owned(),
                            d.key.address.clone(),
                            revision(d.key.revision),
                            d.key.part.as_stored(),
                        ),
                        None => (
                            i64::MIN,
                            String::new(),
                            String::new(),
                            String::new(),
                            String::new(),
                            -1,
                            String::new(),
                        ),
                    };
                // Rows another instance is claiming right now are skipped: it has
                // them, and the instances split the work instead of queueing on it.
                static DUE: LazyLock<String> = LazyLock::new(|| {
                    decision::sql(
                        "SELECT incident, recipient, channel, address, revision, part, due_us,
                           recipient_json
                         FROM tidings_delivery
                         WHERE state IN ({claimed}, {retrying}, {scheduled}) AND due_us <= $1
                           AND recipient_json IS NOT NULL AND due_us >= $3
                           AND (due_us, incident, recipient, channel, address, revision, part)
                             > ($3, $4, $5, $6, $7, $8, $9)
                         ORDER BY due_us, incident, recipient, channel, address, revision, part
                         LIMIT $2
                         FOR UPDATE SKIP LOCKED",
                    )
                });
                let rows = tx
                    .query(
                        DUE.as_str(),
                        &[
                            &now_us,
                            &i64::try_from(limit).unwrap_or(i64::MAX),
                            &after_us,
                            &incident,
                            &recipient,
                            &channel,
                            &address,
                            &after_revision,
                            &part,
                        ],
                    )
                    .await
                    .map_err(db)?;
                tx.commit().await.map_err(db)?;
                rows.iter()
                    .map(|row| {
                        let key = key_of(row)?;
                        let json: String = get(row, "recipient_json")?;
                        // One row that cannot be read is given up by the sender,
                        // with why, instead of failing every due delivery.
                        let sealer = &self.state.inner.sealer;
                        let place = read::recipient_place(&key);
                        let place: Vec<&str> = place.iter().map(String::as_str).collect();
                        let opened = sealer
                            .vouched(&place, &json)
                            .and_then(|json| sealer.open(json));
                        let (recipient, problem) = match opened {
                            Ok(recipient) => (recipient, None),
                            Err(err) => (
                                Recipient {
                                    id: key.recipient.clone(),
                                    name: String::new(),
                                    languages: LanguagePreferences::default(),
                                    time_zone: None,
                                    addresses: Vec::new(),
                                    audience: Default::default(),
                                },
                                Some(err.to_string()),
                            ),
                        };
                        Ok(Due {
                            key,
                            due_at: from_us(get(row, "due_us")?),
                            recipient,
                            problem,
                        })
                    })
                    .collect()
            })
            .await
    }

    async fn backlog(&self) -> Result<Backlog, StoreError> {
        self.state
            .within(async {
                let client = self.state.client().await?;
                static BACKLOG: LazyLock<String> = LazyLock::new(|| {
                    decision::sql(
                        "SELECT state = {scheduled}, count(*), min(due_us) FROM tidings_delivery
                         WHERE state IN ({claimed}, {retrying}, {scheduled})
                           AND recipient_json IS NOT NULL
                         GROUP BY state = {scheduled}",
                    )
                });
                let rows = client.query(BACKLOG.as_str(), &[]).await.map_err(db)?;
                let mut backlog = Backlog::default();
                for row in rows {
                    let count = u64::try_from(get::<i64>(&row, 1)?).unwrap_or(0);
                    let first = get::<Option<i64>>(&row, 2)?.map(from_us);
                    if get::<bool>(&row, 0)? {
                        (backlog.scheduled, backlog.next_scheduled) = (count, first);
                    } else {
                        (backlog.pending, backlog.next_due) = (count, first);
                    }
                }
                Ok(backlog)
            })
            .await
    }

    async fn schedule(&self, reminders: &[Reminder<'_>]) -> Result<(), StoreError> {
        if reminders.is_empty() {
            return Ok(());
        }
        self.state
            .within(async {
                let sealer = &self.state.inner.sealer;
                let mut keys = Vec::with_capacity(reminders.len());
                let (mut due, mut now, mut json) = (Vec::new(), Vec::new(), Vec::new());
                for r in reminders {
                    let place = read::recipient_place(&r.key);
                    let place: Vec<&str> = place.iter().map(String::as_str).collect();
                    json.push(sealer.vouch(&place, &sealer.seal(r.recipient)?));
                    keys.push(&r.key);
                    due.push(r.due_at.as_microsecond());
                    now.push(r.now.as_microsecond());
                }
                let column = |f: fn(&DeliveryKey) -> String| -> Vec<String> {
                    keys.iter().map(|k| f(k)).collect()
                };
                let incident = column(|k| k.incident.clone());
                let recipient = column(|k| k.recipient.clone());
                let channel = column(|k| k.channel.as_str().to_owned());
                let address = column(|k| k.address.clone());
                let part = column(|k| k.part.as_stored());
                let revisions: Vec<i64> = keys.iter().map(|k| revision(k.revision)).collect();
                // In key order, so instances scheduling at once lock alike.
                static SCHEDULE_ROWS: LazyLock<String> = LazyLock::new(|| {
                    decision::sql(
                        "INSERT INTO tidings_delivery (incident, recipient, channel, address,
                           revision, part, state, due_us, attempts, claims, updated_us,
                           recipient_json)
                         SELECT incident, recipient, channel, address, revision, part,
                           {scheduled}, due, 0, 0, now, json
                         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[],
                           $5::bigint[], $6::text[], $7::bigint[], $8::bigint[], $9::text[])
                           AS r(incident, recipient, channel, address, revision, part, due, now,
                                json)
                         ORDER BY recipient, incident, channel, address, revision, part
                         ON CONFLICT DO NOTHING",
                    )
                });
                let client = self.state.client().await?;
                client
                    .execute(
                        SCHEDULE_ROWS.as_str(),
                        &[
                            &incident, &recipient, &channel, &address, &revisions, &part, &due,
                            &now, &json,
                        ],
                    )
                    .await
                    .map_err(db)?;
                Ok(())
            })
            .await
    }

    async fn suppress(&self, s: &Suppression) -> Result<(), StoreError> {
        self.state
            .within(async { suppression::suppress(&self.state, s).await })
            .await
    }

    async fn record_bounce(
        &self,
        key: &DeliveryKey,
        bounce: &BounceRecord,
    ) -> Result<BounceKept, StoreError> {
        self.state
            .within(async { super::bounce::record(&self.state, key, bounce).await })
            .await
    }

    async fn lift(&self, lift: &Lift) -> Result<u64, StoreError> {
        self.state
            .within(async { suppression::lift(&self.state, lift).await })
            .await
    }

    async fn latest_revision(&self, incident: &str) -> Result<Option<u32>, StoreError> {
        self.state
            .within(async {
                let client = self.state.client().await?;
                let row = client
                    .query_one(
                        "SELECT max(revision) FROM tidings_notice WHERE incident = $1",
                        &[&incident],
                    )
                    .await
                    .map_err(db)?;
                Ok(get::<Option<i64>>(&row, 0)?.map(count))
            })
            .await
    }
}

#[async_trait]
impl LedgerReader for PgLedger {
    async fn notices(&self) -> Result<Vec<Notice>, StoreError> {
        self.state
            .within(async {
                let client = self.state.client().await?;
                let rows = client
                    .query(
                        "SELECT incident, revision, document FROM tidings_notice",
                        &[],
                    )
                    .await
                    .map_err(db)?;
                rows.iter()
                    .map(|r| {
                        let incident: String = get(r, 0)?;
                        let number: i64 = get(r, 1)?;
                        let revision_ = u32::try_from(number).map_err(|_| {
                            StoreError::Database(format!("notice {incident}: revision {number}"))
                        })?;
                        read::kept_notice(&self.state, &incident, revision_, get(r, 2)?)
                    })
                    .collect()
            })
            .await
    }

    async fn email_deliveries(&self, address: &str) -> Result<Vec<DeliveryKey>, StoreError> {
        self.state
            .within(async { super::bounce::email_deliveries(&self.state, address).await })
            .await
    }
    async fn any_suppression(&self) -> Result<bool, StoreError> {
        self.state
            .within(async { suppression::any(&self.state).await })
            .await
    }

    async fn suppressions(&self, recipient: Option<&str>) -> Result<Vec<Suppression>, StoreError> {
        self.state
            .within(async { suppression::suppressions(&self.state, recipient).await })
            .await
    }

    async fn history(&self, recipient: &str) -> Result<Vec<LedgerEntry>, StoreError> {
        self.state
            .within(async { read::history(&self.state, recipient).await })
            .await
    }

    async fn coverage(
        &self,
        incident: &str,
        revision: Option<u32>,
    ) -> Result<Coverage, StoreError> {
        read::coverage(&self.state, incident, revision).await
    }

    async fn overdue(
        &self,
        now: Timestamp,
        max_silence: Duration,
    ) -> Result<Vec<Overdue>, StoreError> {
        self.state
            .within(async { read::overdue(&self.state, now, max_silence).await })
            .await
    }
}

#[async_trait]
impl Segments for PgLedger {
    async fn claim_segment(&self, req: &SegmentRequest<'_>) -> Result<SegmentClaim, StoreError> {
        if let Some(lost) = self
            .senders
            .regained(req.owner, self.state.inner.timeout)
            .await
        {
            return Err(lost);
        }
        let left = self.senders.left();
        self.state
            .within(super::segments::claim(&self.state, req, &left))
            .await
    }

    async fn end_segment(&self, end: &SegmentEnd<'_>) -> Result<(), StoreError> {
        self.state
            .within(super::segments::end(&self.state, end))
            .await
    }
}
