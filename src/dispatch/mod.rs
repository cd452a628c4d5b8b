//! The dispatcher: one notice to every recipient, on every address they
//! have, fast, with no duplicates, no losses, and a full account.
//!
//! For each recipient (a stream, read only as fast as deliveries finish, so
//! memory does not grow with their number): negotiate the locale chain,
//! pick the time zone, render (cached), and for each address make one
//! [`Delivery`]. Each delivery waits for a place on its own channel (each
//! channel kind has its own bound, so one that hangs never holds up
//! another), then is claimed in the [`Ledger`], handed to the channel,
//! retried on transient failures (in process, then on the ledger's
//! schedule), recorded, and counted in the [`Report`].

mod breaker;
mod builder;
mod claim;
mod deliver;
mod rate;
mod report;
mod retry;
mod segment;

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::stream::{self, FuturesUnordered, Stream, StreamExt};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde::Serialize;
use tracing::Instrument;

pub use breaker::CircuitBreaker;
pub use builder::{DispatcherBuilder, DispatcherConfigError};
pub use rate::RateLimit;
pub use report::{Counts, Event, EventKind, Report};
pub use retry::RetryPolicy;

use crate::channel::Channel;
use crate::delivery::{Delivery, DeliveryKey};
use crate::error::StoreError;
use crate::l10n::Catalog;
use crate::l10n::LocaleChain;
use crate::ledger::{Backlog, Due, Ledger, SegmentId};
use crate::notice::Notice;
use crate::recipient::ChannelKind;
use crate::recipient::{LanguagePreferences, Recipient};
use crate::render::{Rendered, Renderer};
use breaker::Breaker;
use deliver::Origin;
use futures_util::future::Either;
use rate::Bucket;
use segment::{ASIDE, Answer, Filling, SEGMENT, Step, Walks};
use tokio::sync::{OnceCell, Semaphore};

/// Sends notices to recipients through channels, recording every delivery
/// in a ledger. Cheap to clone; clones share everything.
#[derive(Clone)]
pub struct Dispatcher {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Dispatcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dispatcher")
            .field("owner", &self.inner.owner)
            .field("channels", &self.inner.channels.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

pub(crate) struct Inner {
    renderer: Renderer,
    channels: HashMap<ChannelKind, Arc<dyn Channel>>,
    ledger: Arc<dyn Ledger>,
    /// Deliveries under way or waiting for their channel, all channels
    /// together: the stream of recipients is read no further ahead.
    backlog: usize,
    /// Per channel: the deliveries it may make at once.
    places: HashMap<ChannelKind, Semaphore>,
    /// How long one call of a channel may take.
    attempt_timeout: Duration,
    /// Set once this sender has told the ledger it is running.
    entered: OnceCell<()>,
    /// For `resume`: due deliveries worked on at once.
    concurrency: usize,
    retry: RetryPolicy,
    limits: HashMap<ChannelKind, Bucket>,
    /// One per channel: pauses a channel that keeps failing.
    breakers: HashMap<ChannelKind, Breaker>,
    lease: Duration,
    time_zone: Option<TimeZone>,
    /// For recipients without language preferences.
    languages: LanguagePreferences,
    on_event: Option<OnEvent>,
    /// The name this dispatcher claims under.
    owner: String,
    /// The deliveries this dispatcher is making right now. A claim in the
    /// ledger under our name that is not in here was abandoned by a send that
    /// was dropped, and may be taken back at once.
    live: Mutex<HashSet<DeliveryKey>>,
    /// The segments the sends of this dispatcher are walking (or asking
    /// for) right now; like `live`, for segments.
    live_segments: Mutex<HashSet<SegmentId>>,
    /// Whether the ledger keeps segments: otherwise none is named.
    segments: bool,
}

/// The callback that receives every [`Event`].
pub(crate) type OnEvent = Arc<dyn Fn(&Event) + Send + Sync>;

/// What a customer would get, without sending or recording anything.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct Preview {
    /// The locales their text comes from, best first.
    pub locales: Vec<String>,
    /// The time zone their times are shown in.
    pub time_zone: String,
    /// Fallbacks worth knowing (an unknown time zone, say).
    pub notes: Vec<String>,
    /// The text.
    pub rendered: Arc<Rendered>,
    /// One per address.
    pub deliveries: Vec<PreviewDelivery>,
}

/// One delivery a send would make.
#[derive(Debug, Clone, Serialize)]
pub struct PreviewDelivery {
    /// Its key.
    pub key: DeliveryKey,
    /// Whether a channel is configured for it.
    pub configured: bool,
}

/// A notice made ready once for a whole send.
struct Prepared {
    notice: Arc<Notice>,
    fingerprint: u64,
}

impl Dispatcher {
    /// A builder around `catalog`.
    pub fn builder(catalog: Arc<Catalog>) -> DispatcherBuilder {
        DispatcherBuilder::new(catalog)
    }

    /// The name this dispatcher claims deliveries under.
    pub fn owner(&self) -> &str {
        &self.inner.owner
    }

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
        let notice = Arc::new(notice.clone());
        inner.ledger.record_notice(&notice).await?;
        let id = format!("{}#{}", notice.incident.id, notice.revision);
        let prepared = Prepared {
            fingerprint: notice.fingerprint(),
            notice,
        };
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
        let mut walks = Walks::default();
        // Four kinds of work, one type: deliveries, asking about a segment,
        // asking again later, recording a segment's end.
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
                        Step::Delivered { walk, kind, counts } => {
                            held = held.saturating_sub(1);
                            report.add(&kind, &counts);
                            if let Some((holding, made)) = walks.delivered(walk, &counts) {
                                let end = inner.end(holding, made);
                                work.push(Either::Right(Either::Right(end)));
                            }
                        }
                        Step::Answered { part, answer } => {
                            if part.set_aside() {
                                aside = aside.saturating_sub(part.deliveries);
                            } else {
                                held = held.saturating_sub(part.deliveries);
                            }
                            match answer {
                                Answer::Walk(holding) => {
                                    held = held.saturating_add(part.deliveries);
                                    let walk = walks.start(holding, part.deliveries);
                                    let mut keys = part.keys.into_iter();
                                    for recipient in part.recipients {
                                        for delivery in
                                            inner.deliveries(prepared, recipient, &mut keys)
                                        {
                                            let one = inner.walk_one(walk, delivery);
                                            work.push(Either::Left(Either::Left(one)));
                                        }
                                    }
                                }
                                Answer::Done => inner.count_made(part, &mut report),
                                Answer::Wait => {
                                    aside = aside.saturating_add(part.deliveries);
                                    let later = inner.ask_later(part);
                                    work.push(Either::Right(Either::Left(later)));
                                }
                            }
                        }
                        Step::Ended => {}
                    },
                    next = recipients.next(), if read => {
                        match next {
                            Some(recipient) => {
                                report.recipients += 1;
                                inner.fill(&mut filling, notice, recipient);
                            }
                            None => read_all = true,
                        }
                        let full = filling.deliveries() >= segment;
                        if full || (read_all && !filling.is_empty()) {
                            let part = inner.take(&mut filling);
                            held = held.saturating_add(part.deliveries);
                            work.push(Either::Left(Either::Right(inner.ask(part))));
                        }
                    },
                    else => break,
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

    /// What `recipient` would get, without sending or recording anything.
    pub fn preview(&self, notice: &Notice, recipient: &Recipient) -> Preview {
        let inner = &*self.inner;
        let chain = inner.chain(recipient);
        let (tz, note) = inner.time_zone(notice, recipient);
        let rendered = inner.renderer.render(notice, &chain, &tz);
        Preview {
            locales: chain.locales().iter().map(|l| l.to_string()).collect(),
            time_zone: rendered.time_zone.clone(),
            notes: note.into_iter().collect(),
            deliveries: recipient
                .addresses
                .iter()
                .map(|address| PreviewDelivery {
                    key: DeliveryKey::new(notice, recipient, address),
                    configured: inner.channels.contains_key(&address.channel()),
                })
                .collect(),
            rendered,
        }
    }

    /// What is left to do: how many deliveries are still to be made, and
    /// when the first is due. Call [`resume`](Dispatcher::resume) then.
    pub async fn backlog(&self) -> Result<Backlog, StoreError> {
        self.inner.ledger.backlog().await
    }

    /// Makes every delivery that is due: failures whose retry time has come,
    /// and claims whose sender went away (its lease ended). Call it on a
    /// timer.
    pub async fn resume(&self) -> Result<Report, StoreError> {
        let inner = &*self.inner;
        inner.enter().await?;
        let mut report = Report::new("resume".to_owned());
        // Per notice: ready to render, or why not (gone, or unreadable).
        let mut notices: HashMap<(String, u32), Result<Prepared, String>> = HashMap::new();
        // What is due now; what comes due while this runs is for the next
        // call. Each page starts after the last delivery of the one before,
        // so one that stays due (its claim failed) is not met again, and
        // memory holds one page however many are due.
        let now = Timestamp::now();
        let mut after: Option<Due> = None;
        loop {
            let page = inner.ledger.due(now, after.as_ref(), 256).await?;
            let Some(last) = page.last() else {
                break;
            };
            after = Some(last.clone());
            for d in &page {
                let id = (d.key.incident.clone(), d.key.revision);
                if let std::collections::hash_map::Entry::Vacant(slot) = notices.entry(id) {
                    let (incident, revision) = slot.key();
                    // One notice that cannot be read fails its own
                    // deliveries, not the whole pass.
                    let prepared = match inner.ledger.notice(incident, *revision).await {
                        Ok(Some(n)) => Ok(Prepared {
                            fingerprint: n.fingerprint(),
                            notice: Arc::new(n),
                        }),
                        Ok(None) => Err("the notice is no longer in the ledger".to_owned()),
                        Err(err) => Err(format!(
                            "the notice kept in the ledger cannot be read: {err}"
                        )),
                    };
                    slot.insert(prepared);
                }
            }
            let notices = &notices;
            let mut tallies = stream::iter(page)
                .map(|due| async move {
                    let kind = due.key.channel.clone();
                    let prepared = notices
                        .get(&(due.key.incident.clone(), due.key.revision))
                        .map(|p| p.as_ref().map_err(String::as_str))
                        .unwrap_or(Err("the notice is no longer in the ledger"));
                    (kind, inner.resume_one(prepared, due).await)
                })
                .buffer_unordered(inner.concurrency);
            while let Some((kind, counts)) = tallies.next().await {
                report.recipients += 1;
                report.add(&kind, &counts);
            }
        }
        Ok(report)
    }
}

impl Drop for Inner {
    fn drop(&mut self) {
        if self.entered.initialized() {
            self.ledger.leave(&self.owner);
        }
    }
}

impl Inner {
    /// Tells the ledger, once, that this sender is running.
    async fn enter(&self) -> Result<(), StoreError> {
        self.entered
            .get_or_try_init(|| self.ledger.enter(&self.owner))
            .await
            .map(|_| ())
    }

    fn emit(&self, key: &DeliveryKey, kind: EventKind) {
        tracing::debug!(delivery = %key, event = ?kind);
        if let Some(on_event) = &self.on_event {
            on_event(&Event {
                key: key.clone(),
                kind,
                at: Timestamp::now(),
            });
        }
    }

    /// The recipient's languages negotiated, or the dispatcher's default
    /// languages when they gave none.
    fn chain(&self, recipient: &Recipient) -> LocaleChain {
        if recipient.languages.is_empty() {
            self.renderer.catalog().negotiate(&self.languages)
        } else {
            self.renderer.catalog().negotiate(&recipient.languages)
        }
    }

    /// The recipient's own zone, else the dispatcher's default, else the
    /// notice's; with a note when theirs was unknown.
    fn time_zone(&self, notice: &Notice, recipient: &Recipient) -> (TimeZone, Option<String>) {
        let (tz, err) = notice.time_zone_for(recipient);
        let own = recipient.time_zone.is_some() && err.is_none();
        let tz = match (&self.time_zone, own) {
            (Some(default), false) => default.clone(),
            _ => tz,
        };
        let note =
            err.map(|e| format!("{e}; times are shown in {}", crate::render::zone_name(&tz)));
        (tz, note)
    }

    /// The deliveries of one notice to one recipient, rendered.
    /// `keys` yields their keys, one per address in order, as
    /// [`fill`](Inner::fill) made them.
    fn deliveries(
        &self,
        prepared: &Prepared,
        recipient: Recipient,
        keys: &mut impl Iterator<Item = DeliveryKey>,
    ) -> Vec<Delivery> {
        let notice = &prepared.notice;
        let chain = self.chain(&recipient);
        let (tz, note) = self.time_zone(notice, &recipient);
        if let Some(note) = note {
            tracing::warn!(recipient = %recipient.id, "{note}");
        }
        let rendered = self
            .renderer
            .render_prepared(notice, prepared.fingerprint, &chain, &tz);
        let recipient = Arc::new(recipient);
        recipient
            .addresses
            .iter()
            .map(|address| Delivery {
                key: keys
                    .next()
                    .unwrap_or_else(|| DeliveryKey::new(notice, &recipient, address)),
                recipient: Arc::clone(&recipient),
                address: address.clone(),
                notice: Arc::clone(notice),
                rendered: Arc::clone(&rendered),
            })
            .collect()
    }

    async fn resume_one(&self, prepared: Result<&Prepared, &str>, due: Due) -> Counts {
        if let Some(problem) = &due.problem {
            let reason = format!("the delivery kept in the ledger cannot be read: {problem}");
            return self.give_up(&due, &reason).await;
        }
        let prepared = match prepared {
            Ok(prepared) => prepared,
            Err(reason) => return self.give_up(&due, reason).await,
        };
        let Some(address) = due
            .recipient
            .addresses
            .iter()
            .find(|a| a.channel() == due.key.channel && a.identity() == due.key.address)
            .cloned()
        else {
            return self
                .give_up(&due, "the recipient no longer has this address")
                .await;
        };
        let recipient = due.recipient;
        let notice = &prepared.notice;
        let chain = self.chain(&recipient);
        let (tz, _) = self.time_zone(notice, &recipient);
        let rendered = self
            .renderer
            .render_prepared(notice, prepared.fingerprint, &chain, &tz);
        let delivery = Delivery {
            key: due.key,
            recipient: Arc::new(recipient),
            address,
            notice: Arc::clone(notice),
            rendered,
        };
        self.deliver(delivery, Origin::Due).await
    }
}
