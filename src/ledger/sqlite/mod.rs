//! The ledger in the SQLite state file.
//!
//! All ledger work goes through one writer thread that owns its connection
//! and commits whatever requests have queued up in one transaction: with
//! thousands of deliveries in flight, one commit carries hundreds of claims
//! and completions, so the ledger keeps up with the channels. Several
//! processes may share the file; their writers take turns on SQLite's lock.
//!
//! - `mod.rs`: the handle, its builder, and the requests it sends;
//! - `writer.rs`: the writer thread and its group commit;
//! - `sql.rs`: what each request does in the database.

mod read;
mod seal;
mod sql;
mod writer;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use async_trait::async_trait;
use jiff::Timestamp;
use tokio::sync::oneshot;

use super::sender::Senders;
use super::{
    Backlog, Claim, ClaimRequest, Completion, Coverage, Due, Lease, Ledger, LedgerEntry, Outcome,
    Overdue, Renewal,
};
use crate::delivery::DeliveryKey;
use crate::error::StoreError;
use crate::notice::Notice;
use crate::recipient::Recipient;
use crate::sqlite::{BUSY_TIMEOUT, open_connection};
use seal::Sealer;
use writer::writer;

/// Keeps the ledger in the state file.
#[derive(Debug, Clone)]
pub struct SqliteLedger {
    requests: mpsc::Sender<Request>,
    /// The state file, for read-only questions on connections of their own.
    path: Arc<PathBuf>,
    busy_timeout: Duration,
    /// The lock files that tell which senders of this file are running.
    senders: Arc<Senders>,
    /// Seals the webhook secrets of the recipients rows keep.
    sealer: Arc<Sealer>,
}

/// How a [`SqliteLedger`] opens its state file.
#[derive(Clone)]
pub struct SqliteLedgerBuilder {
    path: PathBuf,
    busy_timeout: Duration,
    sealing_key: Option<[u8; seal::KEY_LEN]>,
}

impl std::fmt::Debug for SqliteLedgerBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteLedgerBuilder")
            .field("path", &self.path)
            .field("busy_timeout", &self.busy_timeout)
            .field("sealing_key", &self.sealing_key.map(|_| "[redacted]"))
            .finish()
    }
}

impl SqliteLedgerBuilder {
    /// How long a write waits while another process holds the state file's
    /// write lock before it fails (10 seconds unless set). Instances that
    /// share one file take turns on that lock.
    pub fn busy_timeout(mut self, wait: Duration) -> Self {
        self.busy_timeout = wait;
        self
    }

    /// The key that seals the webhook signing secrets the ledger keeps for
    /// retries (32 bytes, from your secrets manager, say). Unless set, a key
    /// file beside the state file (`<state file>.key`, owner-only) is made
    /// on first use; either way no secret that can sign is in the state
    /// file itself.
    pub fn sealing_key(mut self, key: [u8; 32]) -> Self {
        self.sealing_key = Some(key);
        self
    }

    /// Opens the state file (created and migrated if needed) and starts the
    /// ledger's writer.
    pub async fn open(self) -> Result<SqliteLedger, StoreError> {
        let SqliteLedgerBuilder {
            path,
            busy_timeout,
            sealing_key,
        } = self;
        let key = match sealing_key {
            Some(key) => key,
            None => {
                let state = path.clone();
                tokio::task::spawn_blocking(move || Sealer::key_beside(&state))
                    .await
                    .map_err(|e| StoreError::Task(e.to_string()))??
            }
        };
        let sealer = Arc::new(Sealer::new(&key)?);
        let senders = Arc::new(Senders::beside(&path));
        let file = Arc::new(path.clone());
        let conn = tokio::task::spawn_blocking(move || open_connection(&path, busy_timeout))
            .await
            .map_err(|e| StoreError::Task(e.to_string()))??;
        let (requests, queue) = mpsc::channel();
        let writer_senders = Arc::clone(&senders);
        std::thread::Builder::new()
            .name("tidings-ledger".into())
            .spawn(move || writer(conn, queue, &writer_senders))
            .map_err(|e| StoreError::Task(e.to_string()))?;
        Ok(SqliteLedger {
            requests,
            path: file,
            busy_timeout,
            senders,
            sealer,
        })
    }
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
    Renew(Arc<OwnedRenewal>, Reply<Lease>),
    Complete(Arc<OwnedCompletion>, Reply<bool>),
    Due(
        i64,
        Option<(i64, DeliveryKey)>,
        usize,
        Reply<Vec<sql::DueRow>>,
    ),
    History(String, Reply<Vec<LedgerEntry>>),
    Backlog(Reply<(u64, Option<i64>)>),
}

struct OwnedClaim {
    key: DeliveryKey,
    owner: String,
    lease_until: i64,
    now: i64,
    take_over: bool,
    outbox: bool,
    recipient_json: String,
}

struct OwnedRenewal {
    key: DeliveryKey,
    owner: String,
    lease_until: i64,
    now: i64,
    before_attempt: bool,
}

struct OwnedCompletion {
    key: DeliveryKey,
    owner: String,
    attempts: u32,
    now: i64,
    outcome: Outcome,
}

impl SqliteLedger {
    /// Opens the ledger in the state file at `path` (created if missing),
    /// with the default settings of [`SqliteLedgerBuilder`].
    pub async fn open(path: impl AsRef<Path>) -> Result<SqliteLedger, StoreError> {
        SqliteLedger::builder(path).open().await
    }

    /// Settings for the ledger in the state file at `path`.
    pub fn builder(path: impl AsRef<Path>) -> SqliteLedgerBuilder {
        SqliteLedgerBuilder {
            path: path.as_ref().to_path_buf(),
            busy_timeout: BUSY_TIMEOUT,
            sealing_key: None,
        }
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
            outbox: req.outbox,
            recipient_json: self.sealer.seal(req.recipient)?,
        };
        let claim = Arc::new(claim);
        self.ask(|reply| Request::Claim(Arc::clone(&claim), reply))
            .await
    }

    async fn enter(&self, owner: &str) -> Result<(), StoreError> {
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
            key: r.key.clone(),
            owner: r.owner.to_owned(),
            lease_until: r.lease_until.as_microsecond(),
            now: r.now.as_microsecond(),
            before_attempt: r.before_attempt,
        });
        self.ask(|reply| Request::Renew(Arc::clone(&renewal), reply))
            .await
    }

    async fn complete(&self, c: &Completion<'_>) -> Result<bool, StoreError> {
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

    async fn due(
        &self,
        now: Timestamp,
        after: Option<&Due>,
        limit: usize,
    ) -> Result<Vec<Due>, StoreError> {
        let after = after.map(|d| (d.due_at.as_microsecond(), d.key.clone()));
        let rows = self
            .ask(|reply| Request::Due(now.as_microsecond(), after, limit, reply))
            .await?;
        Ok(rows
            .into_iter()
            .map(|(key, due_us, json)| {
                // One row that cannot be read is given up by the sender,
                // with why, instead of failing every due delivery.
                let (recipient, problem) = match self.sealer.open(&json) {
                    Ok(recipient) => (recipient, None),
                    Err(err) => (
                        Recipient {
                            id: key.recipient.clone(),
                            name: String::new(),
                            languages: crate::recipient::LanguagePreferences::default(),
                            time_zone: None,
                            addresses: Vec::new(),
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
        let (pending, next_due) = self.ask(Request::Backlog).await?;
        Ok(Backlog {
            pending,
            next_due: next_due.map(sql::from_us),
        })
    }

    async fn coverage(
        &self,
        incident: &str,
        revision: Option<u32>,
    ) -> Result<Coverage, StoreError> {
        let (path, wait, incident) = (
            Arc::clone(&self.path),
            self.busy_timeout,
            incident.to_owned(),
        );
        tokio::task::spawn_blocking(move || read::coverage(&path, wait, &incident, revision))
            .await
            .map_err(|e| StoreError::Task(e.to_string()))?
    }

    async fn overdue(
        &self,
        now: Timestamp,
        max_silence: Duration,
    ) -> Result<Vec<Overdue>, StoreError> {
        let (path, wait) = (Arc::clone(&self.path), self.busy_timeout);
        tokio::task::spawn_blocking(move || read::overdue(&path, wait, now, max_silence))
            .await
            .map_err(|e| StoreError::Task(e.to_string()))?
    }

    async fn history(&self, recipient: &str) -> Result<Vec<LedgerEntry>, StoreError> {
        let recipient = recipient.to_owned();
        self.ask(|reply| Request::History(recipient, reply)).await
    }
}
