//! Claims and completions in batches: whatever the tasks of one instance
//! ask while a batch is on its way goes into the next one, and a batch is
//! one statement over arrays (`unnest`), one transaction, one round trip.
//! A few batches are in flight at once, one per pooled connection.
//!
//! A claim batch locks the existing rows it may take in key order and
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

mod claims;
mod completes;

use super::{PostgresState, db};
use crate::delivery::DeliveryKey;
use crate::error::StoreError;
use crate::ledger::DeliveryState;

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
    pub(super) state: Option<DeliveryState>,
    /// Whether a live sender holds the row.
    pub(super) live: bool,
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
    pub(super) state: DeliveryState,
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
                claims::run(&state, claims).await;
            }
            if !completes.is_empty() {
                completes::run(&state, completes).await;
            }
            drop(place);
        });
    }
}

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
    part: Vec<String>,
}

impl<'a> Keys<'a> {
    fn push(&mut self, key: &'a DeliveryKey) {
        self.incident.push(&key.incident);
        self.recipient.push(&key.recipient);
        self.channel.push(key.channel.as_str());
        self.address.push(&key.address);
        self.revision.push(i64::from(key.revision));
        self.part.push(key.part.as_stored());
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
