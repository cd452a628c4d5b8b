//! The ledger in the SQLite state file.
//!
//! Writes go to the [`StateFile`]'s writer, which commits whatever has
//! queued up in one transaction: with thousands of deliveries in flight,
//! one commit carries hundreds of claims and completions, so the ledger
//! keeps up with the channels. Several processes may share the file; their
//! writers take turns on SQLite's lock. Questions (history, coverage,
//! overdue promises) go to the file's read connection.
//!
//! - `mod.rs`: the handle and what it asks of the file;
//! - `sql.rs`: what each write does in the database;
//! - `read.rs`: the questions that only read.

mod bounce;
mod key;
mod read;
mod sql;
mod suppression;

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use jiff::Timestamp;

use super::senders::Senders;
use crate::delivery::DeliveryKey;
use crate::error::StoreError;
use crate::ledger::{
    Backlog, BounceKept, BounceRecord, Claim, ClaimRequest, Completion, Coverage, Due, Lease,
    Ledger, LedgerEntry, LedgerReader, Outcome, Overdue, Reminder, Renewal,
};
use crate::notice::Notice;
use crate::recipient::Recipient;
use crate::store::sqlite::{StateFile, StateFileReader};
use crate::suppression::{Lift, Suppression};
use key::StoredKey;

/// Keeps the ledger in the state file. Made by [`StateFile::ledger`].
#[derive(Debug, Clone)]
pub struct SqliteLedger {
    state: StateFile,
    /// Its questions, on the file's read connection.
    reader: SqliteLedgerReader,
    /// The lock files that tell which senders of this file are running.
    senders: Arc<Senders>,
}

impl StateFile {
    /// The delivery ledger kept in this file.
    pub fn ledger(&self) -> SqliteLedger {
        SqliteLedger {
            senders: Arc::new(Senders::beside(self.path())),
            reader: SqliteLedgerReader {
                state: self.clone(),
            },
            state: self.clone(),
        }
    }
}

struct OwnedClaim {
    key: StoredKey,
    owner: String,
    lease_until: i64,
    now: i64,
    take_over: bool,
    outbox: bool,
    recipient_json: String,
}

struct OwnedReminder {
    key: StoredKey,
    due_us: i64,
    now: i64,
    recipient_json: String,
}

struct OwnedRenewal {
    key: StoredKey,
    owner: String,
    lease_until: i64,
    now: i64,
    before_attempt: bool,
}

struct OwnedCompletion {
    key: StoredKey,
    owner: String,
    attempts: u32,
    now: i64,
    outcome: Outcome,
}

fn json_error(e: serde_json::Error) -> StoreError {
    StoreError::Database(format!("stored JSON cannot be read: {e}"))
}

#[async_trait]
impl Ledger for SqliteLedger {
    async fn told_before(
        &self,
        incident: &str,
        revision: u32,
        recipients: &[&str],
    ) -> Result<HashSet<String>, StoreError> {
        let incident = incident.to_owned();
        let recipients: Vec<String> = recipients.iter().map(|r| (*r).to_owned()).collect();
        self.state
            .query(move |conn| read::told_before(conn, &incident, revision, &recipients))
            .await
    }

    async fn record_not_subscribed(
        &self,
        incident: &str,
        revision: u32,
        recipients: &[&str],
    ) -> Result<(), StoreError> {
        let incident = incident.to_owned();
        let recipients: Vec<String> = recipients.iter().map(|r| (*r).to_owned()).collect();
        self.state
            .write(move |tx| sql::record_not_subscribed(tx, &incident, revision, &recipients))
            .await
    }

    async fn record_notice(&self, notice: &Notice) -> Result<(), StoreError> {
        let document = serde_json::to_string(notice).map_err(json_error)?;
        let (incident, revision) = (notice.incident.id.clone(), notice.revision);
        let kept = self
            .state
            .write(move |tx| sql::record_notice(tx, &incident, revision, &document))
            .await?;
        match kept {
            Some(kept) => crate::ledger::same_text(notice, &read::notice(&kept)?),
            None => Ok(()),
        }
    }

    async fn notice(&self, incident: &str, revision: u32) -> Result<Option<Notice>, StoreError> {
        let incident = incident.to_owned();
        let document = self
            .state
            .write(move |tx| sql::notice(tx, &incident, revision))
            .await?;
        document
            .map(|d| serde_json::from_str(&d).map_err(json_error))
            .transpose()
    }

    async fn claim(&self, req: &ClaimRequest<'_>) -> Result<Claim, StoreError> {
        let claim = OwnedClaim {
            key: StoredKey::from(req.key),
            owner: req.owner.to_owned(),
            lease_until: req.lease_until.as_microsecond(),
            now: req.now.as_microsecond(),
            take_over: req.take_over,
            outbox: req.outbox,
            recipient_json: self.state.sealer()?.seal(req.recipient)?,
        };
        // The asking task keeps a clone of the claim and the writer only
        // borrows it, so its memory is freed on the thread that allocated
        // it. (With glibc's allocator a free from another thread locks that
        // thread's arena, and the writer spent about a fifth of its time
        // there.)
        let claim = Arc::new(claim);
        let (kept, senders) = (Arc::clone(&claim), Arc::clone(&self.senders));
        let claimed = self
            .state
            .write_when_busy(move |tx| sql::claim(tx, &kept, &senders))
            .await;
        drop(claim);
        claimed
    }

    async fn enter(&self, owner: &str) -> Result<(), StoreError> {
        // A reader of the file sends nothing and leaves no lock behind.
        self.state.writable()?;
        self.senders.enter(owner).map_err(|e| {
            StoreError::Database(format!(
                "cannot take the lock that shows this sender is running: {e}"
            ))
        })
    }

    fn leave(&self, owner: &str) {
        self.senders.leave(owner);
    }

    async fn renew(&self, r: &Renewal<'_>) -> Result<Lease, StoreError> {
        let renewal = Arc::new(OwnedRenewal {
            key: StoredKey::from(r.key),
            owner: r.owner.to_owned(),
            lease_until: r.lease_until.as_microsecond(),
            now: r.now.as_microsecond(),
            before_attempt: r.before_attempt,
        });
        let (kept, senders) = (Arc::clone(&renewal), Arc::clone(&self.senders));
        let renewed = self
            .state
            .write(move |tx| sql::renew(tx, &kept, &senders))
            .await;
        drop(renewal);
        renewed
    }

    async fn complete(&self, c: &Completion<'_>) -> Result<bool, StoreError> {
        let completion = OwnedCompletion {
            key: StoredKey::from(c.key),
            owner: c.owner.to_owned(),
            attempts: c.attempts,
            now: c.now.as_microsecond(),
            outcome: c.outcome.clone(),
        };
        let completion = Arc::new(completion);
        let kept = Arc::clone(&completion);
        // The outcome shares a commit with the claims and outcomes around
        // it: a delivery's next send never waits on it.
        let completed = self
            .state
            .write_soon(move |tx| sql::complete(tx, &kept))
            .await;
        drop(completion);
        completed
    }

    async fn due(
        &self,
        now: Timestamp,
        after: Option<&Due>,
        limit: usize,
    ) -> Result<Vec<Due>, StoreError> {
        let after = after.map(|d| (d.due_at.as_microsecond(), d.key.clone()));
        let (now_us, senders) = (now.as_microsecond(), Arc::clone(&self.senders));
        let rows = self
            .state
            .write(move |tx| {
                // A listing starts by making the claims of gone senders due.
                if after.is_none() {
                    sql::expire_gone(tx, now_us, &senders)?;
                }
                sql::due(tx, now_us, after.as_ref(), limit)
            })
            .await?;
        let sealer = self.state.sealer()?;
        Ok(rows
            .into_iter()
            .map(|(key, due_us, json)| {
                // One row that cannot be read is given up by the sender,
                // with why, instead of failing every due delivery.
                let (recipient, problem) = match sealer.open(&json) {
                    Ok(recipient) => (recipient, None),
                    Err(err) => (
                        Recipient {
                            id: key.recipient.clone(),
                            name: String::new(),
                            languages: crate::recipient::LanguagePreferences::default(),
                            time_zone: None,
                            addresses: Vec::new(),
                            audience: Default::default(),
                        },
                        Some(err.to_string()),
                    ),
                };
                Due {
                    key,
                    due_at: sql::from_us(due_us),
                    recipient,
                    problem,
                }
            })
            .collect())
    }

    async fn backlog(&self) -> Result<Backlog, StoreError> {
        let [(pending, next_due), (scheduled, next_scheduled)] =
            self.state.write(sql::backlog).await?;
        Ok(Backlog {
            pending,
            next_due: next_due.map(sql::from_us),
            scheduled,
            next_scheduled: next_scheduled.map(sql::from_us),
        })
    }

    async fn schedule(&self, reminders: &[Reminder<'_>]) -> Result<(), StoreError> {
        let sealer = self.state.sealer()?;
        let owned = reminders
            .iter()
            .map(|r| {
                Ok(OwnedReminder {
                    key: StoredKey::from(&r.key),
                    due_us: r.due_at.as_microsecond(),
                    now: r.now.as_microsecond(),
                    recipient_json: sealer.seal(r.recipient)?,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        if owned.is_empty() {
            return Ok(());
        }
        self.state.write(move |tx| sql::schedule(tx, &owned)).await
    }

    async fn suppress(&self, s: &Suppression) -> Result<(), StoreError> {
        let s = s.clone();
        self.state
            .write(move |tx| suppression::suppress(tx, &s))
            .await
    }

    async fn record_bounce(
        &self,
        key: &DeliveryKey,
        bounce: &BounceRecord,
    ) -> Result<BounceKept, StoreError> {
        let (key, bounce) = (key.clone(), bounce.clone());
        self.state
            .write(move |tx| bounce::record(tx, &key, &bounce))
            .await
    }

    async fn lift(&self, lift: &Lift) -> Result<u64, StoreError> {
        let lift = lift.clone();
        self.state
            .write(move |tx| suppression::lift(tx, &lift))
            .await
    }

    async fn latest_revision(&self, incident: &str) -> Result<Option<u32>, StoreError> {
        let incident = incident.to_owned();
        self.state
            .write(move |tx| sql::latest_revision(tx, &incident))
            .await
    }
}

/// The questions kept in the state file: what [`StateFile::ledger`] and a
/// file opened read-only ([`StateFileReader::ledger`](crate::StateFileReader::ledger)) answer.
#[derive(Debug, Clone)]
pub struct SqliteLedgerReader {
    state: StateFile,
}

impl StateFileReader {
    /// The delivery ledger kept in this file, for questions.
    pub fn ledger(&self) -> SqliteLedgerReader {
        SqliteLedgerReader {
            state: self.file().clone(),
        }
    }
}

#[async_trait]
impl LedgerReader for SqliteLedgerReader {
    async fn notices(&self) -> Result<Vec<Notice>, StoreError> {
        self.state.read(read::notices).await
    }
    async fn email_deliveries(&self, address: &str) -> Result<Vec<DeliveryKey>, StoreError> {
        let address = address.to_owned();
        self.state
            .query(move |conn| bounce::email_deliveries(conn, &address))
            .await
    }
    async fn any_suppression(&self) -> Result<bool, StoreError> {
        self.state.query(suppression::any).await
    }
    async fn suppressions(&self, recipient: Option<&str>) -> Result<Vec<Suppression>, StoreError> {
        let recipient = recipient.map(str::to_owned);
        self.state
            .query(move |conn| suppression::suppressions(conn, recipient.as_deref()))
            .await
    }

    async fn coverage(
        &self,
        incident: &str,
        revision: Option<u32>,
    ) -> Result<Coverage, StoreError> {
        let incident = incident.to_owned();
        self.state
            .read(move |conn| read::coverage(conn, &incident, revision))
            .await
    }

    async fn overdue(
        &self,
        now: Timestamp,
        max_silence: Duration,
    ) -> Result<Vec<Overdue>, StoreError> {
        self.state
            .read(move |conn| read::overdue(conn, now, max_silence))
            .await
    }

    async fn history(&self, recipient: &str) -> Result<Vec<LedgerEntry>, StoreError> {
        let recipient = recipient.to_owned();
        self.state
            .query(move |conn| sql::history(conn, &recipient))
            .await
    }
}

#[async_trait]
impl LedgerReader for SqliteLedger {
    async fn notices(&self) -> Result<Vec<Notice>, StoreError> {
        self.reader.notices().await
    }
    async fn email_deliveries(&self, address: &str) -> Result<Vec<DeliveryKey>, StoreError> {
        self.reader.email_deliveries(address).await
    }
    async fn any_suppression(&self) -> Result<bool, StoreError> {
        self.reader.any_suppression().await
    }
    async fn suppressions(&self, recipient: Option<&str>) -> Result<Vec<Suppression>, StoreError> {
        self.reader.suppressions(recipient).await
    }

    async fn coverage(
        &self,
        incident: &str,
        revision: Option<u32>,
    ) -> Result<Coverage, StoreError> {
        self.reader.coverage(incident, revision).await
    }

    async fn overdue(
        &self,
        now: Timestamp,
        max_silence: Duration,
    ) -> Result<Vec<Overdue>, StoreError> {
        self.reader.overdue(now, max_silence).await
    }

    async fn history(&self, recipient: &str) -> Result<Vec<LedgerEntry>, StoreError> {
        self.reader.history(recipient).await
    }
}
