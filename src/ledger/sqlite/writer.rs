//! The writer thread: one connection, requests run in batches, one commit
//! per batch, every asker answered after it.

use std::sync::mpsc;

use rusqlite::{Connection, Transaction, TransactionBehavior};

use super::sql;
use super::{Reply, Request};
use crate::error::StoreError;
use crate::ledger::sender::Senders;
use crate::sqlite::db;

/// At most this many requests share one transaction.
const BATCH: usize = 1024;

/// The writer thread: takes what has queued, runs it in one transaction,
/// answers everyone after the commit. Ends when every handle is dropped.
pub(super) fn writer(mut conn: Connection, queue: mpsc::Receiver<Request>, senders: &Senders) {
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
                for request in batch {
                    answers.push(run(&tx, request, senders));
                }
                tx.commit()
            }
            // Another process kept the write lock past the busy timeout (or
            // the file cannot be written): everyone hears why.
            Err(err) => {
                answers.extend(batch.into_iter().map(Request::not_run));
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

impl Request {
    /// The answer to a request that could not be run: the batch's error.
    fn not_run(self) -> Pending {
        fn refused<T: Send + 'static>(reply: Reply<T>) -> Pending {
            Pending(Box::new(move |failed| {
                let err = failed.unwrap_or_else(|| StoreError::Task("not run".into()));
                let _ = reply.send(Err(err));
            }))
        }
        match self {
            Request::RecordNotice(.., reply) => refused(reply),
            Request::Notice(.., reply) => refused(reply),
            Request::Claim(_, reply) => refused(reply),
            Request::Renew(_, reply) => refused(reply),
            Request::Complete(_, reply) => refused(reply),
            Request::Due(.., reply) => refused(reply),
            Request::History(_, reply) => refused(reply),
            Request::Backlog(reply) => refused(reply),
        }
    }
}

fn run(tx: &Transaction, request: Request, senders: &Senders) -> Pending {
    match request {
        Request::RecordNotice(incident, revision, document, reply) => pending(
            reply,
            sql::record_notice(tx, &incident, revision, &document),
        ),
        Request::Notice(incident, revision, reply) => {
            pending(reply, sql::notice(tx, &incident, revision))
        }
        Request::Claim(c, reply) => pending(reply, sql::claim(tx, &c, senders)),
        Request::Renew(r, reply) => pending(reply, sql::renew(tx, &r, senders)),
        Request::Complete(c, reply) => pending(reply, sql::complete(tx, &c)),
        Request::Due(now, after, limit, reply) => {
            // A listing starts by making the claims of gone senders due.
            let expired = match after {
                None => sql::expire_gone(tx, now, senders),
                Some(_) => Ok(()),
            };
            let due = expired.and_then(|()| sql::due(tx, now, after.as_ref(), limit));
            pending(reply, due)
        }
        Request::History(recipient, reply) => pending(reply, sql::history(tx, &recipient)),
        Request::Backlog(reply) => pending(reply, sql::backlog(tx)),
    }
}
