//! The writer thread: the state file's one writing connection. Whatever
//! work has queued runs in one transaction, and everyone is answered after
//! its commit: with thousands of deliveries in flight, one commit carries
//! hundreds of claims, completions and inbox entries.

use std::sync::mpsc;
use std::time::{Duration, Instant};

use rusqlite::{Connection, Transaction, TransactionBehavior};

use super::schema::db;
use crate::error::StoreError;

/// At most this many pieces of work share one transaction.
const BATCH: usize = 1024;

/// How long a batch of work that may wait waits for more work to share
/// its commit. A commit writes every page it changed whole (about 18 KiB
/// for an email's claim or completion), so where deliveries are claimed
/// and complete a few at a time, as email does, one commit per claim wrote
/// most of what the state file grew by.
const LINGER: Duration = Duration::from_millis(1);

/// Whether a piece of work waits for company before its commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Wait {
    /// Never: committed at once, and it ends the wait of any batch it joins.
    Never,
    /// Only while the writer is busy (it committed less than [`LINGER`]
    /// ago): a claim. A delivery is sent only once its claim is committed,
    /// so on an idle writer a claim goes at once; under a steady stream of
    /// sends it shares its commit with the claims and outcomes around it.
    WhenBusy,
    /// Always, up to [`LINGER`]: an outcome, which nothing waits on before
    /// the next send.
    Always,
}

impl Wait {
    fn waits(self, busy: bool) -> bool {
        match self {
            Wait::Never => false,
            Wait::WhenBusy => busy,
            Wait::Always => true,
        }
    }
}

/// Given the batch's transaction, or `None` when the transaction could not
/// be begun; returns what to answer once the batch has committed (or
/// failed).
type Run = Box<dyn FnOnce(Option<&Transaction>) -> Pending + Send>;

/// One piece of work for the writer.
pub(super) struct Work {
    run: Run,
    /// Whether it waits up to [`LINGER`] for other work to share its commit.
    wait: Wait,
}

/// Work done inside the batch's transaction, waiting for the commit.
pub(super) struct Pending(Box<dyn FnOnce(Option<StoreError>) + Send>);

impl Pending {
    fn send(self, failed: Option<StoreError>) {
        (self.0)(failed)
    }
}

/// Wraps `work` and the place its answer goes into one [`Work`].
pub(super) fn work<T, F>(
    reply: tokio::sync::oneshot::Sender<Result<T, StoreError>>,
    f: F,
    wait: Wait,
) -> Work
where
    T: Send + 'static,
    F: FnOnce(&Transaction) -> rusqlite::Result<T> + Send + 'static,
{
    let run = Box::new(move |tx: Option<&Transaction>| {
        let result = tx.map(f);
        Pending(Box::new(move |failed| {
            let answer = match (failed, result) {
                (Some(err), _) => Err(err),
                (None, Some(result)) => result.map_err(db),
                (None, None) => Err(StoreError::Task("not run".into())),
            };
            let _ = reply.send(answer);
        }))
    });
    Work { run, wait }
}

/// Takes what has queued, runs it in one transaction, answers everyone
/// after the commit. Ends when every handle to the state file is dropped.
pub(super) fn writer(mut conn: Connection, queue: mpsc::Receiver<Work>) {
    let mut last_commit: Option<Instant> = None;
    while let Ok(first) = queue.recv() {
        let busy = last_commit.is_some_and(|at| at.elapsed() < LINGER);
        let mut batch = vec![first];
        take_queued(&queue, &mut batch);
        // Work that may wait, alone, waits a moment for company; whatever
        // comes that may not wait ends the wait.
        let until = Instant::now() + LINGER;
        while batch.len() < BATCH && batch.iter().all(|work| work.wait.waits(busy)) {
            let left = until.saturating_duration_since(Instant::now());
            match queue.recv_timeout(left) {
                Ok(next) => {
                    batch.push(next);
                    take_queued(&queue, &mut batch);
                }
                Err(_) => break,
            }
        }
        let mut answers = Vec::with_capacity(batch.len());
        let committed = match conn.transaction_with_behavior(TransactionBehavior::Immediate) {
            Ok(tx) => {
                for work in batch {
                    answers.push((work.run)(Some(&tx)));
                }
                tx.commit()
            }
            // Another process kept the write lock past the busy timeout (or
            // the file cannot be written): everyone hears why.
            Err(err) => {
                answers.extend(batch.into_iter().map(|work| (work.run)(None)));
                Err(err)
            }
        };
        last_commit = Some(Instant::now());
        // One error for the whole batch, shared by every answer.
        let failed = committed.err().map(db);
        for answer in answers {
            answer.send(failed.clone());
        }
    }
}

/// Adds what has queued to `batch`, up to [`BATCH`].
fn take_queued(queue: &mpsc::Receiver<Work>, batch: &mut Vec<Work>) {
    while batch.len() < BATCH {
        match queue.try_recv() {
            Ok(next) => batch.push(next),
            Err(_) => break,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_claim_waits_for_company_only_on_a_busy_writer() {
        for busy in [false, true] {
            assert!(!Wait::Never.waits(busy));
            assert!(Wait::Always.waits(busy));
            assert_eq!(Wait::WhenBusy.waits(busy), busy);
        }
    }
}
