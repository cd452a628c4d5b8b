//! The ledger in PostgreSQL.
//!
//! Claims are made in batches (`batch.rs`), each one statement: it reads
//! the deliveries' rows under row locks (and the newer revisions to the
//! same addresses), decides, and writes in the same statement, so two
//! instances claiming at once never both win.
//! A sender holds a session-level advisory lock on its id for its whole
//! life (on a connection of its own, outside the pool): when its process
//! dies the server releases the lock, and its claims are taken over at
//! once instead of when their leases end.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use async_trait::async_trait;
use futures_util::{StreamExt, pin_mut};
use jiff::Timestamp;
use tokio_postgres::types::ToSql;

use super::batch::{Batcher, ClaimItem, CompleteItem};
use super::schema::LOCK_CLASS;
use super::{PostgresState, db};
use crate::delivery::DeliveryKey;
use crate::error::StoreError;
use crate::ledger::coverage::{Row, Tally};
use crate::ledger::{
    Backlog, Claim, ClaimRequest, Completion, Coverage, DeliveryState, Due, Lease, Ledger,
    LedgerEntry, Outcome, Overdue, Renewal, promise,
};
use crate::notice::Notice;
use crate::recipient::{ChannelKind, LanguagePreferences, Recipient};

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

/// The senders of this process: the connection that holds each one's
/// advisory lock, and those that left (their locks may take a moment to
/// be released by the server, but this process knows at once).
#[derive(Default)]
struct Senders {
    held: Mutex<HashMap<String, tokio_postgres::Client>>,
    left: Mutex<HashSet<String>>,
}

impl std::fmt::Debug for Senders {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Senders").finish_non_exhaustive()
    }
}

impl Senders {
    fn left(&self) -> Vec<String> {
        let left = self.left.lock().unwrap_or_else(|p| p.into_inner());
        left.iter().cloned().collect()
    }
}

/// The newest newer revision to the same address that overtakes `$5`:
/// sent, (for an outbox, `$10`) written to the outbox, or claimed under a
/// live lease. `$1`–`$5` are the key, `$8` now, `$12` the senders that left.
const NEWER: &str = "
    SELECT max(revision) AS revision FROM tidings_delivery
    WHERE recipient = $2 AND incident = $1 AND channel = $3 AND address = $4 AND revision > $5
      AND (state = 'sent' OR ($10 AND state = 'outboxed')
           OR (state = 'claimed' AND due_us > $8
               AND (owner IS NULL OR NOT tidings_gone(owner, $12))))";

/// The key of the row being claimed, renewed or completed.
const THIS: &str =
    "recipient = $2 AND incident = $1 AND channel = $3 AND address = $4 AND revision = $5";

fn renew_sql() -> String {
    // The newer revisions as for a claim that is not for an outbox.
    let newer = NEWER.replace("$10", "FALSE").replace("$12", "$10");
    let this = THIS;
    format!(
        "WITH newer AS ({newer}),
        this AS (
            SELECT 1 FROM tidings_delivery
            WHERE {this} AND state = 'claimed' AND owner = $6 FOR UPDATE
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
            UPDATE tidings_delivery SET state = 'stale',
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

fn revision(value: u32) -> i64 {
    i64::from(value)
}

fn count(value: i64) -> u32 {
    u32::try_from(value.max(0)).unwrap_or(u32::MAX)
}

fn from_us(us: i64) -> Timestamp {
    Timestamp::from_microsecond(us).unwrap_or(Timestamp::UNIX_EPOCH)
}

fn json_error(e: serde_json::Error) -> StoreError {
    StoreError::Database(format!("stored JSON cannot be read: {e}"))
}

fn key_of(row: &tokio_postgres::Row) -> DeliveryKey {
    DeliveryKey {
        incident: row.get("incident"),
        recipient: row.get("recipient"),
        channel: ChannelKind::custom(row.get::<_, String>("channel")),
        address: row.get("address"),
        revision: count(row.get("revision")),
    }
}

fn state_of(text: &str) -> Result<DeliveryState, StoreError> {
    DeliveryState::parse(text)
        .ok_or_else(|| StoreError::Database(format!("unknown delivery state `{text}`")))
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
    async fn record_notice(&self, notice: &Notice) -> Result<(), StoreError> {
        let document = serde_json::to_string(notice).map_err(json_error)?;
        let client = self.state.client().await?;
        client
            .execute(
                "INSERT INTO tidings_notice (incident, revision, document) VALUES ($1, $2, $3)
                 ON CONFLICT (incident, revision) DO UPDATE SET document = excluded.document",
                &[&notice.incident.id, &revision(notice.revision), &document],
            )
            .await
            .map_err(db)?;
        Ok(())
    }

    async fn notice(&self, incident: &str, revision_: u32) -> Result<Option<Notice>, StoreError> {
        let client = self.state.client().await?;
        let row = client
            .query_opt(
                "SELECT document FROM tidings_notice WHERE incident = $1 AND revision = $2",
                &[&incident, &revision(revision_)],
            )
            .await
            .map_err(db)?;
        row.map(|r| serde_json::from_str(r.get(0)).map_err(json_error))
            .transpose()
    }

    async fn enter(&self, owner: &str) -> Result<(), StoreError> {
        if self
            .senders
            .held
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .contains_key(owner)
        {
            return Ok(());
        }
        // A connection of its own, held for the sender's life: the server
        // releases the lock when it closes, however the process ends.
        let (client, connection) = self
            .state
            .inner
            .config
            .connect(self.state.inner.tls.clone())
            .await
            .map_err(db)?;
        tokio::spawn(async move {
            let _ = connection.await;
        });
        let row = client
            .query_one(
                "INSERT INTO tidings_sender (owner) VALUES ($1)
                 ON CONFLICT (owner) DO UPDATE SET owner = excluded.owner RETURNING id",
                &[&owner],
            )
            .await
            .map_err(db)?;
        let id: i32 = row.get(0);
        let locked: bool = client
            .query_one("SELECT pg_try_advisory_lock($1, $2)", &[&LOCK_CLASS, &id])
            .await
            .map_err(db)?
            .get(0);
        if !locked {
            return Err(StoreError::Database(format!(
                "another running sender is named `{owner}`; each instance needs a name of its own"
            )));
        }
        self.senders
            .left
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(owner);
        self.senders
            .held
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(owner.to_owned(), client);
        Ok(())
    }

    fn leave(&self, owner: &str) {
        // Dropping the connection ends the session, and the server releases
        // the lock; this process counts the sender gone at once.
        let client = self
            .senders
            .held
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(owner);
        if client.is_some() {
            self.senders
                .left
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .insert(owner.to_owned());
        }
    }

    async fn claim(&self, req: &ClaimRequest<'_>) -> Result<Claim, StoreError> {
        let recipient_json = self.state.inner.sealer.seal(req.recipient)?;
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
            let claim = match d.action.as_str() {
                "duplicate" => Claim::AlreadySent,
                "stale" | "close-stale" => Claim::Stale {
                    newer: count(d.newer.unwrap_or(0)),
                },
                "insert" if !d.inserted => continue,
                "insert" => Claim::Claimed {
                    attempts: 0,
                    earlier_claims: 0,
                    reclaimed: false,
                },
                "held" => Claim::HeldElsewhere {
                    owner: d.holder.unwrap_or_default(),
                    until: from_us(d.due_us.unwrap_or(req.now.as_microsecond())),
                },
                _ => {
                    let from_outbox = d.state.as_deref() == Some("outboxed");
                    Claim::Claimed {
                        attempts: count(d.attempts.unwrap_or(0)),
                        earlier_claims: if from_outbox {
                            0
                        } else {
                            count(d.claims.unwrap_or(0))
                        },
                        reclaimed: d.state.as_deref() == Some("claimed"),
                    }
                }
            };
            return Ok(claim);
        }
        Err(StoreError::Database(format!(
            "the claim of {} kept meeting another instance's",
            req.key.id()
        )))
    }

    async fn renew(&self, r: &Renewal<'_>) -> Result<Lease, StoreError> {
        let key = r.key;
        let left = self.senders.left();
        let client = self.state.client().await?;
        let statement = client.prepare_cached(&renew_sql()).await.map_err(db)?;
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
                ],
            )
            .await
            .map_err(db)?;
        let action: String = row.get("action");
        Ok(match action.as_str() {
            "lost" => Lease::Lost,
            "superseded" => Lease::Superseded {
                newer: count(row.get::<_, Option<i64>>("newer").unwrap_or(0)),
            },
            _ => Lease::Held,
        })
    }

    async fn complete(&self, c: &Completion<'_>) -> Result<bool, StoreError> {
        let (state, detail, reason, due_us) = match &c.outcome {
            Outcome::Sent { detail } => ("sent", Some(detail.clone()), None, None),
            Outcome::Outboxed { detail } => ("outboxed", Some(detail.clone()), None, None),
            Outcome::Failed { reason, retry_at } => (
                if retry_at.is_some() {
                    "failed"
                } else {
                    "gave-up"
                },
                None,
                Some(reason.clone()),
                retry_at.map(|t| t.as_microsecond()),
            ),
        };
        // Only the sender holding the claim records; one whose claim was
        // taken over changes nothing. A failure to be retried keeps the
        // recipient; anything final lets it go.
        self.batches()
            .complete(CompleteItem {
                key: c.key.clone(),
                owner: c.owner.to_owned(),
                state,
                detail,
                reason,
                due_us,
                attempts: i64::from(c.attempts),
                now: c.now.as_microsecond(),
            })
            .await
    }

    async fn due(
        &self,
        now: Timestamp,
        after: Option<&Due>,
        limit: usize,
    ) -> Result<Vec<Due>, StoreError> {
        let now_us = now.as_microsecond();
        let mut client = self.state.client().await?;
        let tx = client.transaction().await.map_err(db)?;
        if after.is_none() {
            // A listing starts by making the claims of gone senders due, and
            // forgetting gone senders that hold nothing.
            let left = self.senders.left();
            tx.execute(
                "UPDATE tidings_delivery SET due_us = $1
                 WHERE state = 'claimed' AND due_us > $1 AND owner IN (
                     SELECT s.owner FROM tidings_sender s WHERE tidings_gone(s.owner, $2))",
                &[&now_us, &left],
            )
            .await
            .map_err(db)?;
            tx.execute(
                "DELETE FROM tidings_sender s WHERE tidings_gone(s.owner, $1) AND NOT EXISTS (
                     SELECT 1 FROM tidings_delivery d WHERE d.state = 'claimed' AND d.owner = s.owner)",
                &[&left],
            )
            .await
            .map_err(db)?;
        }
        let (after_us, incident, recipient, channel, address, after_revision) = match after {
            Some(d) => (
                d.due_at.as_microsecond(),
                d.key.incident.clone(),
                d.key.recipient.clone(),
                d.key.channel.as_str().to_owned(),
                d.key.address.clone(),
                revision(d.key.revision),
            ),
            None => (
                i64::MIN,
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                -1,
            ),
        };
        // Rows another instance is claiming right now are skipped: it has
        // them, and the instances split the work instead of queueing on it.
        let rows = tx
            .query(
                "SELECT incident, recipient, channel, address, revision, due_us, recipient_json
                 FROM tidings_delivery
                 WHERE state IN ('claimed', 'failed') AND due_us <= $1 AND recipient_json IS NOT NULL
                   AND due_us >= $3
                   AND (due_us, incident, recipient, channel, address, revision) > ($3, $4, $5, $6, $7, $8)
                 ORDER BY due_us, incident, recipient, channel, address, revision
                 LIMIT $2
                 FOR UPDATE SKIP LOCKED",
                &[
                    &now_us,
                    &i64::try_from(limit).unwrap_or(i64::MAX),
                    &after_us,
                    &incident,
                    &recipient,
                    &channel,
                    &address,
                    &after_revision,
                ],
            )
            .await
            .map_err(db)?;
        tx.commit().await.map_err(db)?;
        Ok(rows
            .iter()
            .map(|row| {
                let key = key_of(row);
                let json: String = row.get("recipient_json");
                // One row that cannot be read is given up by the sender,
                // with why, instead of failing every due delivery.
                let (recipient, problem) = match self.state.inner.sealer.open(&json) {
                    Ok(recipient) => (recipient, None),
                    Err(err) => (
                        Recipient {
                            id: key.recipient.clone(),
                            name: String::new(),
                            languages: LanguagePreferences::default(),
                            time_zone: None,
                            addresses: Vec::new(),
                        },
                        Some(err.to_string()),
                    ),
                };
                Due {
                    key,
                    due_at: from_us(row.get("due_us")),
                    recipient,
                    problem,
                }
            })
            .collect())
    }

    async fn backlog(&self) -> Result<Backlog, StoreError> {
        let client = self.state.client().await?;
        let row = client
            .query_one(
                "SELECT count(*), min(due_us) FROM tidings_delivery
                 WHERE state IN ('claimed', 'failed') AND recipient_json IS NOT NULL",
                &[],
            )
            .await
            .map_err(db)?;
        Ok(Backlog {
            pending: u64::try_from(row.get::<_, i64>(0)).unwrap_or(0),
            next_due: row.get::<_, Option<i64>>(1).map(from_us),
        })
    }

    async fn history(&self, recipient: &str) -> Result<Vec<LedgerEntry>, StoreError> {
        let client = self.state.client().await?;
        let rows = client
            .query(
                "SELECT incident, recipient, channel, address, revision, state, attempts, reason,
                        detail, updated_us, due_us
                 FROM tidings_delivery WHERE recipient = $1
                 ORDER BY updated_us DESC, incident, recipient, channel, address, revision",
                &[&recipient],
            )
            .await
            .map_err(db)?;
        rows.iter()
            .map(|row| {
                Ok(LedgerEntry {
                    key: key_of(row),
                    state: state_of(row.get("state"))?,
                    attempts: count(row.get("attempts")),
                    reason: row.get("reason"),
                    detail: row.get("detail"),
                    updated_at: from_us(row.get("updated_us")),
                    due_at: row.get::<_, Option<i64>>("due_us").map(from_us),
                })
            })
            .collect()
    }

    async fn coverage(
        &self,
        incident: &str,
        revision_: Option<u32>,
    ) -> Result<Coverage, StoreError> {
        let client = self.state.client().await?;
        let mut notices = BTreeMap::new();
        for row in client
            .query(
                "SELECT revision, document FROM tidings_notice WHERE incident = $1",
                &[&incident],
            )
            .await
            .map_err(db)?
        {
            let n: Notice = serde_json::from_str(row.get(1))
                .map_err(|e| StoreError::Database(format!("a kept notice cannot be read: {e}")))?;
            notices.insert(count(row.get(0)), (n.status, n.published_at));
        }
        let mut tally = Tally::new(incident, notices);
        // A customer's rows together, streamed: memory holds one customer's.
        let from = revision(revision_.unwrap_or(0));
        let params: [&(dyn ToSql + Sync); 2] = [&incident, &from];
        let rows = client
            .query_raw(
                "SELECT recipient, revision, channel, address, state, updated_us, reason, duplicates
                 FROM tidings_delivery WHERE incident = $1 AND revision >= $2 ORDER BY recipient",
                params,
            )
            .await
            .map_err(db)?;
        pin_mut!(rows);
        while let Some(row) = rows.next().await {
            let row = row.map_err(db)?;
            tally.add(Row {
                recipient: row.get(0),
                revision: count(row.get(1)),
                channel: row.get(2),
                address: row.get(3),
                state: state_of(row.get(4))?,
                updated_at: from_us(row.get(5)),
                reason: row.get(6),
                duplicates: u64::try_from(row.get::<_, i64>(7)).unwrap_or(0),
            });
        }
        Ok(tally.finish(revision_))
    }

    async fn overdue(
        &self,
        now: Timestamp,
        max_silence: Duration,
    ) -> Result<Vec<Overdue>, StoreError> {
        let client = self.state.client().await?;
        let rows = client
            .query(
                "SELECT DISTINCT ON (incident) document FROM tidings_notice
                 ORDER BY incident, revision DESC",
                &[],
            )
            .await
            .map_err(db)?;
        let mut late = Vec::new();
        for row in rows {
            let n: Notice = serde_json::from_str(row.get(0))
                .map_err(|e| StoreError::Database(format!("a kept notice cannot be read: {e}")))?;
            late.extend(promise::overdue(&n, now, max_silence));
        }
        Ok(late)
    }
}
