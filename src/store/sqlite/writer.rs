//! The writer thread: the state file's one writing connection. Whatever
//! work has queued runs in one transaction, and everyone is answered after
//! its commit: with thousands of deliveries in flight, one commit carries
//! hundreds of claims, completions and inbox entries.

use std::sync::mpsc;

use rusqlite::{Connection, Transaction, TransactionBehavior};

use super::schema::db;
use crate::error::StoreError;

/// At most this many pieces of work share one transaction.
const BATCH: usize = 1024;

/// One piece of work for the writer. It is given the batch's transaction,
/// or `None` when the transaction could not be begun, and returns what to
/// answer once the batch has committed (or failed).
pub(super) type Work = Box<dyn FnOnce(Option<&Transaction>) -> Pending + Send>;

/// Work done inside the batch's transaction, waiting for the commit.
pub(super) struct Pending(Box<dyn FnOnce(Option<StoreError>) + Send>);

impl Pending {
    fn send(self, failed: Option<StoreError>) {
        (self.0)(failed)
    }
}

/// Wraps `work` and the place its answer goes into one [`Work`].
pub(super) fn work<T, F>(reply: tokio::sync::oneshot::Sender<Result<T, StoreError>>, f: F) -> Work
where
    T: Send + 'static,
    F: FnOnce(&Transaction) -> rusqlite::Result<T> + Send + 'static,
{
    Box::new(move |tx| {
        let result = tx.map(f);
        Pending(Box::new(move |failed| {
            let answer = match (failed, result) {
                (Some(err), _) => Err(err),
                (None, Some(result)) => result.map_err(db),
                (None, None) => Err(StoreError::Task("not run".into())),
            };
            let _ = reply.send(answer);
        }))
    })
}

/// Takes what has queued, runs it in one transaction, answers everyone
/// after the commit. Ends when every handle to the state file is dropped.
pub(super) fn writer(mut conn: Connection, queue: mpsc::Receiver<Work>) {
    while let Ok(first) = queue.recv() {
        let mut batch = vec![first];
        while batch.len() < BATCH {
            match queue.try_recv() {
                Ok(next) => batch.push(next),
                Err(_) => break,
            }
        }
        let mut answers = Vec::with_capacity(batch.len());
        let committed = match conn.transaction_with_behavior(TransactionBehavior::Immediate) {
            Ok(tx) => {
                for work in batch {
                    answers.push(work(Some(&tx)));
                }
                tx.commit()
            }
            // Another process kept the write lock past the busy timeout (or
            // the file cannot be written): everyone hears why.
            Err(err) => {
                answers.extend(batch.into_iter().map(|work| work(None)));
                Err(err)
            }
        };
        // One error for the whole batch, shared by every answer.
        let failed = committed.err().map(db);
        for answer in answers {
            answer.send(failed.clone());
        }
    }
}
