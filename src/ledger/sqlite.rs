//! The ledger in the SQLite state file.
//!
//! All ledger work goes through one writer thread that owns its connection
//! and commits whatever requests have queued up in one transaction: with
//! thousands of deliveries in flight, one commit carries hundreds of claims
//! and completions, so the ledger keeps up with the channels. Several
//! processes may share the file; their writers take turns on SQLite's lock.

use std::path::Path;
use std::sync::Arc;
use std::sync::mpsc;

use async_trait::async_trait;
use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension, Transaction, TransactionBehavior, params};
use tokio::sync::oneshot;

use super::{Claim, ClaimRequest, Completion, DeliveryState, Due, Ledger, LedgerEntry, Outcome};
use crate::channel::ChannelKind;
use crate::delivery::DeliveryKey;
use crate::error::StoreError;
use crate::notice::Notice;
use crate::recipient::Recipient;
use crate::sqlite::{db, open_connection};

/// At most this many requests share one transaction.
const BATCH: usize = 1024;

/// Keeps the ledger in the state file.
#[derive(Debug, Clone)]
pub struct SqliteLedger {
    requests: mpsc::Sender<Request>,
}

type Reply<T> = oneshot::Sender<Result<T, StoreError>>;

enum Request {
    RecordNotice(String, u32, String, Reply<()>),
    Notice(String, u32, Reply<Option<String>>),
    // The asking task keeps a clone of these and the writer only borrows
    // them, so their memory is freed on the thread that allocated it. (With
    // glibc's allocator a free from another thread locks that thread's arena,
    // and the writer spent about a fifth of its time there.)
    Claim(Arc<OwnedClaim>, Reply<Claim>),
    Complete(Arc<OwnedCompletion>, Reply<()>),
    Due(i64, usize, Reply<Vec<(DeliveryKey, String)>>),
    History(String, Reply<Vec<LedgerEntry>>),
}

struct OwnedClaim {
    key: DeliveryKey,
    owner: String,
    lease_until: i64,
    now: i64,
    take_over: bool,
    recipient_json: String,
}

struct OwnedCompletion {
    key: DeliveryKey,
    owner: String,
    attempts: u32,
    now: i64,
    outcome: Outcome,
}

impl SqliteLedger {
    /// Opens the ledger in the state file at `path` (created if missing).
    pub async fn open(path: impl AsRef<Path>) -> Result<SqliteLedger, StoreError> {
        let path = path.as_ref().to_path_buf();
        let conn = tokio::task::spawn_blocking(move || open_connection(&path))
            .await
            .map_err(|e| StoreError::Task(e.to_string()))??;
        let (requests, queue) = mpsc::channel();
        std::thread::Builder::new()
            .name("tidings-ledger".into())
            .spawn(move || writer(conn, queue))
            .map_err(|e| StoreError::Task(e.to_string()))?;
        Ok(SqliteLedger { requests })
    }

    async fn ask<T>(&self, make: impl FnOnce(Reply<T>) -> Request) -> Result<T, StoreError> {
        let (reply, answer) = oneshot::channel();
        self.requests
            .send(make(reply))
            .map_err(|_| StoreError::Task("the ledger writer has stopped".into()))?;
        answer
            .await
            .map_err(|_| StoreError::Task("the ledger writer has stopped".into()))?
    }
}

/// The writer thread: takes what has queued, runs it in one transaction,
/// answers everyone after the commit. Ends when every handle is dropped.
fn writer(mut conn: Connection, queue: mpsc::Receiver<Request>) {
    while let Ok(first) = queue.recv() {
        let mut batch = vec![first];
        while batch.len() < BATCH {
            match queue.try_recv() {
                Ok(next) => batch.push(next),
                Err(_) => break,
            }
        }
        let mut answers = Vec::with_capacity(batch.len());
        let committed = (|| -> rusqlite::Result<()> {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            for request in batch {
                answers.push(run(&tx, request));
            }
            tx.commit()
        })();
        for answer in answers {
            answer.send(committed.as_ref().map_err(db_ref).err());
        }
    }
}

/// A request run inside the batch's transaction, waiting for the commit.
struct Pending(Box<dyn FnOnce(Option<StoreError>) + Send>);

impl Pending {
    fn send(self, failed: Option<StoreError>) {
        (self.0)(failed)
    }
}

fn pending<T: Send + 'static>(reply: Reply<T>, result: rusqlite::Result<T>) -> Pending {
    Pending(Box::new(move |failed| {
        let answer = match failed {
            Some(err) => Err(err),
            None => result.map_err(db),
        };
        let _ = reply.send(answer);
    }))
}

fn db_ref(err: &rusqlite::Error) -> StoreError {
    StoreError::Database(err.to_string())
}

fn run(tx: &Transaction, request: Request) -> Pending {
    match request {
        Request::RecordNotice(incident, revision, document, reply) => pending(
            reply,
            tx.prepare_cached(
                "INSERT OR REPLACE INTO notice (incident, revision, document) VALUES (?1, ?2, ?3)",
            )
            .and_then(|mut s| s.execute(params![incident, revision, document]))
            .map(|_| ()),
        ),
        Request::Notice(incident, revision, reply) => pending(
            reply,
            tx.prepare_cached("SELECT document FROM notice WHERE incident = ?1 AND revision = ?2")
                .and_then(|mut s| {
                    s.query_row(params![incident, revision], |r| r.get(0))
                        .optional()
                }),
        ),
        Request::Claim(c, reply) => pending(reply, claim(tx, &c)),
        Request::Complete(c, reply) => pending(reply, complete(tx, &c)),
        Request::Due(now, limit, reply) => pending(reply, due(tx, now, limit)),
        Request::History(recipient, reply) => pending(reply, history(tx, &recipient)),
    }
}

fn key_params(key: &DeliveryKey) -> (&str, &str, &str, &str, u32) {
    (
        &key.incident,
        &key.recipient,
        key.channel.as_str(),
        &key.address,
        key.revision,
    )
}

/// What a claim reads of a row: its revision, rowid and where it stands.
struct Seen {
    revision: u32,
    id: i64,
    state: String,
    owner: Option<String>,
    due_us: Option<i64>,
    attempts: u32,
    claims: u32,
}

impl Seen {
    /// Claimed by a sender whose lease has not ended.
    fn live_claim(&self, now: i64) -> bool {
        self.state == "claimed" && self.due_us.is_some_and(|until| until > now)
    }
}

fn claim(tx: &Transaction, c: &OwnedClaim) -> rusqlite::Result<Claim> {
    let (incident, recipient, channel, address, revision) = key_params(&c.key);
    // This revision and every newer one to the same address, in one range of
    // the key index; for a delivery never seen before the range is empty.
    // (A single INSERT … SELECT WHERE NOT EXISTS would read the table it
    // writes, which makes SQLite stage each row in a temporary table.)
    let mut this = None;
    let mut newer = None;
    let mut range = tx.prepare_cached(
        "SELECT revision, id, state, owner, due_us, attempts, claims FROM delivery
         WHERE recipient = ?2 AND incident = ?1 AND channel = ?3 AND address = ?4 AND revision >= ?5",
    )?;
    let rows = range.query_map(
        params![incident, recipient, channel, address, revision],
        |r| {
            Ok(Seen {
                revision: r.get(0)?,
                id: r.get(1)?,
                state: r.get(2)?,
                owner: r.get(3)?,
                due_us: r.get(4)?,
                attempts: r.get(5)?,
                claims: r.get(6)?,
            })
        },
    )?;
    for row in rows {
        let row = row?;
        if row.revision == revision {
            this = Some(row);
        } else if row.state == "sent" || row.live_claim(c.now) {
            newer = newer.max(Some(row.revision));
        }
    }
    if this.as_ref().is_some_and(|row| row.state == "sent") {
        return Ok(Claim::AlreadySent);
    }
    if let Some(newer) = newer {
        return Ok(Claim::Stale { newer });
    }
    let Some(row) = this else {
        tx.prepare_cached(
            "INSERT INTO delivery (incident, recipient, channel, address, revision, state, owner, due_us,
               attempts, claims, updated_us, recipient_json)
             VALUES (?1, ?2, ?3, ?4, ?5, 'claimed', ?6, ?7, 0, 1, ?8, ?9)",
        )?
        .execute(params![
            incident,
            recipient,
            channel,
            address,
            revision,
            c.owner,
            c.lease_until,
            c.now,
            c.recipient_json
        ])?;
        return Ok(Claim::Claimed {
            attempts: 0,
            earlier_claims: 0,
            reclaimed: false,
        });
    };
    if row.live_claim(c.now) && !c.take_over {
        return Ok(Claim::HeldElsewhere {
            owner: row.owner.unwrap_or_default(),
            until: from_us(row.due_us.unwrap_or(c.now)),
        });
    }
    tx.prepare_cached(
        "UPDATE delivery SET state = 'claimed', owner = ?2, due_us = ?3, claims = claims + 1,
           updated_us = ?4, recipient_json = ?5
         WHERE id = ?1",
    )?
    .execute(params![
        row.id,
        c.owner,
        c.lease_until,
        c.now,
        c.recipient_json
    ])?;
    Ok(Claim::Claimed {
        attempts: row.attempts,
        earlier_claims: row.claims,
        reclaimed: row.state == "claimed",
    })
}

fn complete(tx: &Transaction, c: &OwnedCompletion) -> rusqlite::Result<()> {
    let (incident, recipient, channel, address, revision) = key_params(&c.key);
    match &c.outcome {
        Outcome::Sent { detail } => {
            tx.prepare_cached(
                "UPDATE delivery SET state = 'sent', detail = ?6, reason = NULL, due_us = NULL, owner = NULL,
                   attempts = attempts + ?7, updated_us = ?8, recipient_json = NULL
                 WHERE incident = ?1 AND recipient = ?2 AND channel = ?3 AND address = ?4 AND revision = ?5",
            )?
            .execute(params![incident, recipient, channel, address, revision, detail, c.attempts, c.now])?;
        }
        Outcome::Failed { reason, retry_at } => {
            let state = if retry_at.is_some() {
                "failed"
            } else {
                "gave-up"
            };
            // Sent stays sent; a claim another sender took over is theirs.
            tx.prepare_cached(
                "UPDATE delivery SET state = ?6, reason = ?7, due_us = ?8, owner = NULL,
                   attempts = attempts + ?9, updated_us = ?10,
                   recipient_json = CASE WHEN ?8 IS NULL THEN NULL ELSE recipient_json END
                 WHERE incident = ?1 AND recipient = ?2 AND channel = ?3 AND address = ?4 AND revision = ?5
                   AND state != 'sent' AND NOT (state = 'claimed' AND owner IS NOT ?11)",
            )?
            .execute(params![
                incident,
                recipient,
                channel,
                address,
                revision,
                state,
                reason,
                retry_at.map(|t| t.as_microsecond()),
                c.attempts,
                c.now,
                c.owner
            ])?;
        }
    }
    Ok(())
}

fn due(tx: &Transaction, now: i64, limit: usize) -> rusqlite::Result<Vec<(DeliveryKey, String)>> {
    let mut stmt = tx.prepare_cached(
        "SELECT incident, recipient, channel, address, revision, recipient_json FROM delivery
         WHERE state IN ('claimed', 'failed') AND due_us <= ?1 AND recipient_json IS NOT NULL
         ORDER BY due_us, incident, recipient, channel, address, revision LIMIT ?2",
    )?;
    let rows = stmt.query_map(
        params![now, i64::try_from(limit).unwrap_or(i64::MAX)],
        |r| Ok((key_from_row(r)?, r.get(5)?)),
    )?;
    rows.collect()
}

fn history(tx: &Transaction, recipient: &str) -> rusqlite::Result<Vec<LedgerEntry>> {
    let mut stmt = tx.prepare_cached(
        "SELECT incident, recipient, channel, address, revision, state, attempts, reason, detail, updated_us, due_us
         FROM delivery WHERE recipient = ?1
         ORDER BY updated_us DESC, incident, recipient, channel, address, revision",
    )?;
    let rows = stmt.query_map(params![recipient], |r| {
        let state: String = r.get(5)?;
        Ok(LedgerEntry {
            key: key_from_row(r)?,
            state: DeliveryState::parse(&state).ok_or_else(|| {
                rusqlite::Error::InvalidColumnType(
                    5,
                    format!("state `{state}`"),
                    rusqlite::types::Type::Text,
                )
            })?,
            attempts: r.get(6)?,
            reason: r.get(7)?,
            detail: r.get(8)?,
            updated_at: from_us(r.get(9)?),
            due_at: r.get::<_, Option<i64>>(10)?.map(from_us),
        })
    })?;
    rows.collect()
}

fn key_from_row(r: &rusqlite::Row) -> rusqlite::Result<DeliveryKey> {
    Ok(DeliveryKey {
        incident: r.get(0)?,
        recipient: r.get(1)?,
        channel: ChannelKind::custom(r.get::<_, String>(2)?),
        address: r.get(3)?,
        revision: r.get(4)?,
    })
}

fn from_us(us: i64) -> Timestamp {
    Timestamp::from_microsecond(us).unwrap_or(Timestamp::UNIX_EPOCH)
}

fn json_error(e: serde_json::Error) -> StoreError {
    StoreError::Database(format!("stored JSON cannot be read: {e}"))
}

#[async_trait]
impl Ledger for SqliteLedger {
    async fn record_notice(&self, notice: &Notice) -> Result<(), StoreError> {
        let document = serde_json::to_string(notice).map_err(json_error)?;
        let (incident, revision) = (notice.incident.id.clone(), notice.revision);
        self.ask(|reply| Request::RecordNotice(incident, revision, document, reply))
            .await
    }

    async fn notice(&self, incident: &str, revision: u32) -> Result<Option<Notice>, StoreError> {
        let incident = incident.to_owned();
        let document = self
            .ask(|reply| Request::Notice(incident, revision, reply))
            .await?;
        document
            .map(|d| serde_json::from_str(&d).map_err(json_error))
            .transpose()
    }

    async fn claim(&self, req: &ClaimRequest<'_>) -> Result<Claim, StoreError> {
        let claim = OwnedClaim {
            key: req.key.clone(),
            owner: req.owner.to_owned(),
            lease_until: req.lease_until.as_microsecond(),
            now: req.now.as_microsecond(),
            take_over: req.take_over,
            recipient_json: serde_json::to_string(req.recipient).map_err(json_error)?,
        };
        let claim = Arc::new(claim);
        self.ask(|reply| Request::Claim(Arc::clone(&claim), reply))
            .await
    }

    async fn complete(&self, c: &Completion<'_>) -> Result<(), StoreError> {
        let completion = OwnedCompletion {
            key: c.key.clone(),
            owner: c.owner.to_owned(),
            attempts: c.attempts,
            now: c.now.as_microsecond(),
            outcome: c.outcome.clone(),
        };
        let completion = Arc::new(completion);
        self.ask(|reply| Request::Complete(Arc::clone(&completion), reply))
            .await
    }

    async fn due(&self, now: Timestamp, limit: usize) -> Result<Vec<Due>, StoreError> {
        let rows = self
            .ask(|reply| Request::Due(now.as_microsecond(), limit, reply))
            .await?;
        rows.into_iter()
            .map(|(key, json)| {
                let recipient: Recipient = serde_json::from_str(&json).map_err(json_error)?;
                Ok(Due { key, recipient })
            })
            .collect()
    }

    async fn history(&self, recipient: &str) -> Result<Vec<LedgerEntry>, StoreError> {
        let recipient = recipient.to_owned();
        self.ask(|reply| Request::History(recipient, reply)).await
    }
}
