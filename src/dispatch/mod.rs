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

mod audience;
mod breaker;
mod builder;
mod claim;
mod deliver;
mod preview;
mod race;
mod rate;
mod remind;
mod report;
mod resume;
mod retry;
mod segment;
mod send;
mod suppress;

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

pub use breaker::CircuitBreaker;
pub use builder::{DispatcherBuilder, DispatcherConfigError};
pub use preview::{Preview, PreviewDelivery};
pub use rate::RateLimit;
pub use report::{Counts, Event, EventKind, Report};
pub use retry::RetryPolicy;

use crate::channel::Channel;
use crate::delivery::{Delivery, DeliveryKey};
use crate::error::StoreError;
use crate::l10n::Catalog;
use crate::l10n::LocaleChain;
use crate::ledger::{Ledger, SegmentId};
use crate::notice::Notice;
use crate::recipient::ChannelKind;
use crate::recipient::{LanguagePreferences, Recipient};
use crate::render::Renderer;
use breaker::Breaker;
use rate::Bucket;
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
    /// Reminders of scheduled maintenance whose notice names none.
    reminders: Vec<u32>,
    /// Whether the store kept any suppression when a send or resume last
    /// asked (true until then): without one, no delivery asks.
    suppressions_kept: std::sync::atomic::AtomicBool,
}

/// The callback that receives every [`Event`].
pub(crate) type OnEvent = Arc<dyn Fn(&Event) + Send + Sync>;

/// A notice made ready once for a whole send: as most read it, and as it
/// is rendered for readers who hear of the incident first from it.
struct Prepared {
    notice: Arc<Notice>,
    fingerprint: u64,
    late: Arc<Notice>,
    late_fingerprint: u64,
}

impl Prepared {
    fn new(notice: Arc<Notice>) -> Self {
        let late = notice.for_late_joiner();
        Prepared {
            fingerprint: notice.fingerprint(),
            late_fingerprint: late.fingerprint(),
            late: Arc::new(late),
            notice,
        }
    }

    /// The notice for a reader, and its fingerprint.
    fn for_reader(&self, joins_late: bool) -> (&Arc<Notice>, u64) {
        if joins_late {
            (&self.late, self.late_fingerprint)
        } else {
            (&self.notice, self.fingerprint)
        }
    }
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
            self.renderer.negotiate(&self.languages)
        } else {
            self.renderer.negotiate(&recipient.languages)
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

    /// The deliveries of one notice to one recipient (who may hear of the
    /// incident first from it), rendered.
    /// `keys` yields their keys, one per address in order, as
    /// [`fill`](Inner::fill) made them.
    fn deliveries(
        &self,
        prepared: &Prepared,
        (recipient, joins_late): (Recipient, bool),
        keys: &mut impl Iterator<Item = DeliveryKey>,
    ) -> Vec<Delivery> {
        let (notice, fingerprint) = prepared.for_reader(joins_late);
        let chain = self.chain(&recipient);
        let (tz, note) = self.time_zone(notice, &recipient);
        if let Some(note) = note {
            tracing::warn!(recipient = %recipient.id, "{note}");
        }
        let rendered = self
            .renderer
            .render_prepared(notice, fingerprint, &chain, &tz);
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
}

/// `now + wait`, saturating: no setting or answer from a peer can overflow it.
pub(crate) fn later(now: Timestamp, wait: Duration) -> Timestamp {
    let wait = SignedDuration::try_from(wait).unwrap_or(SignedDuration::MAX);
    now.checked_add(wait).unwrap_or(Timestamp::MAX)
}
