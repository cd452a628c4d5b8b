//! A send: the recipients read as a stream, a segment at a time, and the
//! work of the send (deliveries, questions about segments, their ends) run
//! from one queue, read no further ahead than the backlog allows.

use std::sync::Arc;

use futures_util::FutureExt;
use futures_util::future::Either;
use futures_util::stream::{self, FuturesUnordered, Stream, StreamExt};
use tracing::Instrument;

use super::audience::{self, Doubtful};
use super::segment::{ASIDE, Filling, Holding, Part, SEGMENT, Step, Verdict, Walks};
use super::{Dispatcher, Inner, Prepared, Report};
use crate::delivery::Delivery;
use crate::error::StoreError;
use crate::notice::Notice;
use crate::recipient::Recipient;

/// One piece of a send's work.
enum Job<'a> {
    /// Make one delivery of walk `walk`.
    Deliver {
        walk: Option<u64>,
        delivery: Delivery,
    },
    /// Ask the ledger about a segment.
    Ask(Part),
    /// Ask again about a segment set aside, after a wait.
    AskLater(Part),
    /// Record how the walk of a held segment ended.
    End { holding: Holding<'a>, made: bool },
    /// Sort recipients outside the notice's audience with the ledger.
    Sort(&'a Notice, Doubtful),
}

impl Dispatcher {
    /// Sends `notice` to every recipient of the stream. A failing channel or
    /// a bad recipient never stops the others; the report counts every
    /// outcome. Fails only when the ledger cannot record the notice or
    /// register this sender.
    ///
    /// Dropping the future midway leaves the ledger consistent: what was in
    /// flight stays claimed, and a later `send` of the same notice (or
    /// [`resume`](Dispatcher::resume) once the lease ends) finishes the job.
    pub async fn send<S>(&self, notice: &Notice, recipients: S) -> Result<Report, StoreError>
    where
        S: Stream<Item = Recipient> + Send,
    {
        let inner = &*self.inner;
        inner.enter().await?;
        let notice = Arc::new(inner.moved(notice).await);
        inner.ledger.record_notice(&notice).await?;
        inner.look_for_suppressions().await;
        let id = format!("{}#{}", notice.incident.id, notice.revision);
        let prepared = Prepared::new(notice);
        let span = tracing::info_span!("send", notice = %id);
        let mut report = Report::new(id);
        let recipients = recipients.fuse();
        let mut recipients = std::pin::pin!(recipients);
        let notice = &*prepared.notice;
        let prepared = &prepared;
        // Deliveries read and not ended: being made, or in segments the
        // ledger is being asked about. The stream is read no further ahead.
        let mut held = 0usize;
        // Deliveries in segments set aside while other senders walk them:
        // bounded apart, so that a sender reads on past them and finds
        // segments of its own instead of trailing the others.
        let mut aside = 0usize;
        let aside_at_most = inner.backlog.saturating_mul(ASIDE);
        let mut filling = Filling::default();
        // Recipients outside the notice's audience, to sort with the ledger.
        let mut doubtful = Doubtful::default();
        let mut walks = Walks::default();
        // Every piece of work is one `Job`, run by one function: one kind
        // of future in the queue, and no box per delivery.
        let mut work = FuturesUnordered::new();
        // A quarter of the backlog at most, so that segments set aside
        // while others walk them leave room to read on.
        let segment = SEGMENT.min(inner.backlog / 4).max(1);
        let mut read_all = false;
        async {
            loop {
                // Read the next recipient only while the backlog has room;
                // otherwise wait for deliveries to finish.
                let read = !read_all
                    && held.saturating_add(filling.deliveries()) < inner.backlog
                    && aside < aside_at_most;
                tokio::select! {
                    biased;
                    Some(step) = work.next(), if !work.is_empty() => match step {
                        Step::Delivered { walk, kind, counts, made } => {
                            held = held.saturating_sub(1);
                            report.add(&kind, &counts);
                            if let Some((holding, made)) = walks.delivered(walk, made) {
                                work.push(inner.work(Job::End { holding, made }));
                            }
                        }
                        Step::Answered { part, verdict } => {
                            if part.set_aside() {
                                aside = aside.saturating_sub(part.deliveries);
                            } else {
                                held = held.saturating_sub(part.deliveries);
                            }
                            match verdict {
                                Verdict::Walk(holding) => {
                                    held = held.saturating_add(part.deliveries);
                                    let walk = walks.start(holding, part.deliveries);
                                    let mut keys = part.keys.into_iter();
                                    for recipient in part.recipients {
                                        for delivery in
                                            inner.deliveries(prepared, recipient, &mut keys)
                                        {
                                            let job = Job::Deliver { walk, delivery };
                                            work.push(inner.work(job));
                                        }
                                    }
                                }
                                Verdict::Done => inner.count_made(part, &mut report),
                                Verdict::Wait => {
                                    aside = aside.saturating_add(part.deliveries);
                                    work.push(inner.work(Job::AskLater(part)));
                                }
                            }
                        }
                        Step::Ended => {}
                        Step::Sorted { tell, not_subscribed, weight } => {
                            held = held.saturating_sub(weight);
                            for (kind, counts) in &not_subscribed {
                                report.add(kind, counts);
                            }
                            for recipient in tell {
                                inner.fill(&mut filling, notice, recipient);
                            }
                        }
                    },
                    next = recipients.next(), if read => match next {
                        Some(recipient) => {
                            report.recipients += 1;
                            if audience::surely_told(notice, &recipient) {
                                inner.fill(&mut filling, notice, (recipient, false));
                            } else {
                                held = held.saturating_add(doubtful.push(recipient));
                            }
                        }
                        None => read_all = true,
                    },
                    else => break,
                }
                // Sorted when a batch is full, at the end, or when the
                // backlog lets nothing more be read until it is.
                let blocked = held.saturating_add(filling.deliveries()) >= inner.backlog;
                let due = doubtful.len() >= audience::BATCH || read_all || blocked;
                if due && !doubtful.is_empty() {
                    let batch = std::mem::take(&mut doubtful);
                    work.push(inner.work(Job::Sort(notice, batch)));
                }
                let full = filling.deliveries() >= segment;
                if full || (read_all && !filling.is_empty()) {
                    let part = inner.take(&mut filling);
                    held = held.saturating_add(part.deliveries);
                    work.push(inner.work(Job::Ask(part)));
                }
            }
        }
        .instrument(span)
        .await;
        Ok(report)
    }

    /// [`send`](Dispatcher::send) for anything iterable.
    pub async fn send_all<I>(&self, notice: &Notice, recipients: I) -> Result<Report, StoreError>
    where
        I: IntoIterator<Item = Recipient>,
        I::IntoIter: Send,
    {
        self.send(notice, stream::iter(recipients)).await
    }

    /// Sends `notice` to one recipient: for support tooling.
    pub async fn send_one(
        &self,
        notice: &Notice,
        recipient: &Recipient,
    ) -> Result<Report, StoreError> {
        self.send(notice, stream::once(async { recipient.clone() }))
            .await
    }
}

impl Inner {
    /// Does one job of a send. A delivery's future is kept as it is; the
    /// rest, a few per segment, are boxed, so that the queue's futures are
    /// no larger than a delivery's.
    fn work<'a>(&'a self, job: Job<'a>) -> impl Future<Output = Step<'a>> + Send + 'a {
        match job {
            Job::Deliver { walk, delivery } => Either::Left(self.walk_one(walk, delivery)),
            Job::Ask(part) => Either::Right(self.ask(part).boxed()),
            Job::AskLater(part) => Either::Right(self.ask_later(part).boxed()),
            Job::End { holding, made } => Either::Right(self.end(holding, made).boxed()),
            Job::Sort(notice, doubtful) => Either::Right(self.sort(notice, doubtful).boxed()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Address, Catalog, Secret};

    /// Every delivery of a send is one future in its queue, allocated with
    /// the queue's own 64 bytes or so: one that outgrows a kilobyte
    /// (something kept twice, or a rare path not boxed) leaves the
    /// allocator's per-thread cache.
    #[tokio::test]
    async fn a_deliverys_future_stays_under_a_kilobyte() {
        let dispatcher = Dispatcher::builder(Arc::new(Catalog::shipped().unwrap()))
            .memory_ledger()
            .build()
            .unwrap();
        let delivery = crate::delivery::sample(Address::Webhook {
            url: "https://hooks.example.com/t".into(),
            secret: Secret::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
        });
        let work = dispatcher.inner.work(Job::Deliver {
            walk: None,
            delivery,
        });
        let size = std::mem::size_of_val(&work);
        assert!(size <= 944, "a delivery's future is {size} bytes");
    }
}
