//! The writer thread: the state file's one writing connection. Whatever
//! work has queued runs in one transaction, and everyone is answered after
//! its commit: with thousands of deliveries in flight, one commit carries
//! hundreds of claims, completions and inbox entries. The queue is the
//! writer's own so that it wakes once a batch, not once a piece of work.

use std::sync::{Arc, Condvar, Mutex, MutexGuard};
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

/// The writer's queue, as its senders see it. Work that may wait is queued
/// without waking a writer that is already waiting for company: under a
/// stream of claims and outcomes the writer wakes once a batch, not once a
/// piece of work.
pub(super) struct Queue {
    shared: Arc<Shared>,
}

/// The writer's end of the queue.
pub(super) struct Intake {
    shared: Arc<Shared>,
}

struct Shared {
    state: Mutex<State>,
    /// Signalled when the writer has a reason to look at the queue.
    ready: Condvar,
}

struct State {
    queued: Vec<Work>,
    writer: Writer,
    /// False once the [`Queue`] is dropped: the writer ends when it has
    /// done what was queued.
    open: bool,
}

/// What the writer is doing, so that a sender knows whether to wake it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Writer {
    /// Running a batch: it looks at the queue again before it sleeps.
    Working,
    /// Asleep with nothing to do.
    Idle,
    /// Asleep until its batch's wait for company ends; `busy` as the batch
    /// was begun.
    Lingering { busy: bool },
}

impl Writer {
    /// Whether queueing `wait` work wakes the writer: always when it is
    /// idle; while it lingers, only for work that may not wait (it ends the
    /// wait) or when the batch is full.
    fn woken_by(self, wait: Wait, queued: usize) -> bool {
        match self {
            Writer::Working => false,
            Writer::Idle => true,
            Writer::Lingering { busy } => !wait.waits(busy) || queued >= BATCH,
        }
    }
}

/// A queue for one writer thread.
pub(super) fn queue() -> (Queue, Intake) {
    let shared = Arc::new(Shared {
        state: Mutex::new(State {
            queued: Vec::new(),
            writer: Writer::Working,
            open: true,
        }),
        ready: Condvar::new(),
    });
    (
        Queue {
            shared: Arc::clone(&shared),
        },
        Intake { shared },
    )
}

impl Queue {
    /// Queues `work` for the writer's next batch; gives it back if the
    /// writer has stopped.
    pub(super) fn send(&self, work: Work) -> Result<(), Work> {
        let mut state = self.shared.lock();
        if !state.open {
            return Err(work);
        }
        let wait = work.wait;
        state.queued.push(work);
        if state.writer.woken_by(wait, state.queued.len()) {
            // One wake-up is enough: the writer takes everything queued.
            state.writer = Writer::Working;
            drop(state);
            self.shared.ready.notify_one();
        }
        Ok(())
    }
}

impl Drop for Queue {
    fn drop(&mut self) {
        self.shared.lock().open = false;
        self.shared.ready.notify_one();
    }
}

impl Drop for Intake {
    /// A writer that is gone (ended, or its thread panicked) takes no more
    /// work, and what waits in the queue is dropped: its senders hear that
    /// the writer stopped instead of waiting for an answer.
    fn drop(&mut self) {
        let mut state = self.shared.lock();
        state.open = false;
        let queued = std::mem::take(&mut state.queued);
        drop(state);
        drop(queued);
    }
}

impl Shared {
    /// The state; a sender or writer that panicked holding it left nothing
    /// half-done (every change is a single push, take or assignment).
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Intake {
    /// The next batch: at least one piece of work, and everything queued
    /// meanwhile up to [`BATCH`]; work that may wait, alone, waits up to
    /// `linger` ([`LINGER`]) for company. `None` once the queue is dropped
    /// and empty.
    fn next_batch(&self, busy: bool, linger: Duration) -> Option<Vec<Work>> {
        let shared = &*self.shared;
        let mut state = shared.lock();
        while state.queued.is_empty() {
            if !state.open {
                return None;
            }
            state.writer = Writer::Idle;
            state = shared.ready.wait(state).unwrap_or_else(|p| p.into_inner());
        }
        let mut batch = Vec::new();
        take_queued(&mut state.queued, &mut batch);
        let until = Instant::now() + linger;
        while state.open && batch.len() < BATCH && batch.iter().all(|work| work.wait.waits(busy)) {
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            state.writer = Writer::Lingering { busy };
            state = shared
                .ready
                .wait_timeout(state, left)
                .unwrap_or_else(|p| p.into_inner())
                .0;
            take_queued(&mut state.queued, &mut batch);
        }
        state.writer = Writer::Working;
        Some(batch)
    }
}

/// Takes what has queued, runs it in one transaction, answers everyone
/// after the commit. Ends when every handle to the state file is dropped.
pub(super) fn writer(mut conn: Connection, intake: Intake) {
    let mut last_commit: Option<Instant> = None;
    loop {
        let busy = last_commit.is_some_and(|at| at.elapsed() < LINGER);
        let Some(batch) = intake.next_batch(busy, LINGER) else {
            return;
        };
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

/// Moves what has queued to `batch`, up to [`BATCH`].
fn take_queued(queued: &mut Vec<Work>, batch: &mut Vec<Work>) {
    let room = BATCH.saturating_sub(batch.len());
    if queued.len() <= room && batch.is_empty() {
        std::mem::swap(queued, batch);
    } else {
        let take = queued.len().min(room);
        batch.extend(queued.drain(..take));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn queued(wait: Wait) -> (Work, tokio::sync::oneshot::Receiver<Result<(), StoreError>>) {
        let (reply, answer) = tokio::sync::oneshot::channel();
        (work(reply, |_| Ok(()), wait), answer)
    }

    #[test]
    fn a_lingering_writer_is_woken_only_by_work_that_may_not_wait_or_a_full_batch() {
        for busy in [false, true] {
            let lingering = Writer::Lingering { busy };
            assert!(lingering.woken_by(Wait::Never, 1));
            assert!(!lingering.woken_by(Wait::Always, 1));
            assert_eq!(lingering.woken_by(Wait::WhenBusy, 1), !busy);
            assert!(lingering.woken_by(Wait::Always, BATCH));
        }
        for wait in [Wait::Never, Wait::WhenBusy, Wait::Always] {
            assert!(Writer::Idle.woken_by(wait, 1));
            assert!(!Writer::Working.woken_by(wait, 1));
        }
    }

    #[test]
    fn what_queued_meanwhile_is_one_batch_and_a_dropped_queue_ends_the_writer() {
        let (queue, intake) = queue();
        for _ in 0..3 {
            assert!(queue.send(queued(Wait::Never).0).is_ok());
        }
        let batch = intake.next_batch(false, LINGER).unwrap();
        assert_eq!(batch.len(), 3);
        assert!(queue.send(queued(Wait::Never).0).is_ok());
        drop(queue);
        assert_eq!(intake.next_batch(false, LINGER).unwrap().len(), 1);
        assert!(intake.next_batch(false, LINGER).is_none());
    }

    #[test]
    fn work_that_may_not_wait_ends_a_long_wait_for_company() {
        let (queue, intake) = queue();
        assert!(queue.send(queued(Wait::Always).0).is_ok());
        let started = Instant::now();
        let writer = std::thread::spawn(move || {
            let batch = intake.next_batch(true, Duration::from_secs(120));
            (batch.map(|b| b.len()), intake)
        });
        // Once the writer lingers, work that may wait joins quietly and
        // work that may not ends the wait.
        while !matches!(queue.shared.lock().writer, Writer::Lingering { .. }) {
            std::thread::yield_now();
        }
        assert!(queue.send(queued(Wait::Always).0).is_ok());
        assert!(matches!(
            queue.shared.lock().writer,
            Writer::Lingering { .. }
        ));
        assert!(queue.send(queued(Wait::Never).0).is_ok());
        let (taken, _intake) = writer.join().unwrap();
        assert_eq!(taken, Some(3));
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "not the whole wait"
        );
    }

    #[test]
    fn a_stopped_writer_takes_no_work_and_drops_what_waited() {
        let (queue, intake) = queue();
        let (work, answer) = queued(Wait::Never);
        assert!(queue.send(work).is_ok());
        drop(intake);
        assert!(
            answer.blocking_recv().is_err(),
            "its sender hears it stopped"
        );
        assert!(queue.send(queued(Wait::Never).0).is_err());
    }

    #[test]
    fn a_claim_waits_for_company_only_on_a_busy_writer() {
        for busy in [false, true] {
            assert!(!Wait::Never.waits(busy));
            assert!(Wait::Always.waits(busy));
            assert_eq!(Wait::WhenBusy.waits(busy), busy);
        }
    }
}
