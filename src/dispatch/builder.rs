//! Configuring a [`Dispatcher`].

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use jiff::tz::TimeZone;

use super::breaker::Breaker;
use super::rate::Bucket;
use super::{CircuitBreaker, Dispatcher, Event, Inner, OnEvent, RateLimit, RetryPolicy};
use crate::channel::{Channel, ChannelKind};
use crate::l10n::Catalog;
use crate::ledger::{Ledger, MemoryLedger};
use crate::recipient::LanguagePreferences;

/// Builds a [`Dispatcher`]: a catalog, the channels, a ledger, and how hard
/// to push.
#[must_use]
pub struct DispatcherBuilder {
    catalog: Arc<Catalog>,
    channels: HashMap<ChannelKind, Arc<dyn Channel>>,
    ledger: Option<Arc<dyn Ledger>>,
    concurrency: usize,
    retry: RetryPolicy,
    breaker: CircuitBreaker,
    limits: HashMap<ChannelKind, RateLimit>,
    lease: Duration,
    time_zone: Option<TimeZone>,
    languages: LanguagePreferences,
    on_event: Option<OnEvent>,
    owner: Option<String>,
}

impl std::fmt::Debug for DispatcherBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DispatcherBuilder")
            .field("channels", &self.channels.keys().collect::<Vec<_>>())
            .field("concurrency", &self.concurrency)
            .finish_non_exhaustive()
    }
}

impl DispatcherBuilder {
    pub(crate) fn new(catalog: Arc<Catalog>) -> Self {
        DispatcherBuilder {
            catalog,
            channels: HashMap::new(),
            ledger: None,
            concurrency: 512,
            retry: RetryPolicy::default(),
            breaker: CircuitBreaker::default(),
            limits: HashMap::new(),
            lease: Duration::from_secs(300),
            time_zone: None,
            languages: LanguagePreferences::default(),
            on_event: None,
            owner: None,
        }
    }

    /// Adds a channel; addresses of its kind go through it (the last one
    /// added for a kind wins).
    pub fn channel(mut self, channel: Arc<dyn Channel>) -> Self {
        self.channels.insert(channel.kind(), channel);
        self
    }

    /// Where deliveries are recorded (an in-memory ledger unless set).
    pub fn ledger(mut self, ledger: Arc<dyn Ledger>) -> Self {
        self.ledger = Some(ledger);
        self
    }

    /// How many recipients are worked on at once (512 unless changed).
    ///
    /// A delivery to an endpoint that accepts the connection and never
    /// answers holds its recipient's place until the channel's timeout (for
    /// each attempt the retry budget allows), so the places bound how many
    /// such endpoints a send can wait on at once; each place costs some
    /// 40 KiB while its delivery is in flight (see BENCHMARKS.md). Channels
    /// keep their own bounds inside (SMTP connections, one inbox writer).
    pub fn concurrency(mut self, recipients: usize) -> Self {
        self.concurrency = recipients.max(1);
        self
    }

    /// How transient failures are retried.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// When a channel that keeps failing transiently is paused, so that its
    /// deliveries wait in the ledger instead of holding up the others
    /// ([`CircuitBreaker::default`] unless set).
    pub fn circuit_breaker(mut self, breaker: CircuitBreaker) -> Self {
        self.breaker = breaker;
        self
    }

    /// Caps the rate of one channel.
    pub fn rate_limit(mut self, channel: ChannelKind, limit: RateLimit) -> Self {
        self.limits.insert(channel, limit);
        self
    }

    /// How long a claim holds if this dispatcher goes silent (5 min unless
    /// changed); after that another sender may take the delivery over. Keep
    /// it longer than one delivery with its in-process retries.
    pub fn lease(mut self, lease: Duration) -> Self {
        self.lease = lease;
        self
    }

    /// The time zone for recipients with none or an unknown one, instead of
    /// the notice's own.
    pub fn default_time_zone(mut self, tz: TimeZone) -> Self {
        self.time_zone = Some(tz);
        self
    }

    /// The languages for recipients who have none (the catalog's default
    /// locale unless set): a Dutch service may want `nl-NL` here.
    pub fn default_languages(mut self, languages: LanguagePreferences) -> Self {
        self.languages = languages;
        self
    }

    /// Calls `f` for every [`Event`]. Keep it quick: it runs on the sending
    /// task.
    pub fn on_event(mut self, f: impl Fn(&Event) + Send + Sync + 'static) -> Self {
        self.on_event = Some(Arc::new(f));
        self
    }

    /// The name this dispatcher claims deliveries under (random unless set).
    /// Two dispatchers must never share one.
    pub fn owner(mut self, owner: impl Into<String>) -> Self {
        self.owner = Some(owner.into());
        self
    }

    /// Builds the dispatcher.
    pub fn build(self) -> Dispatcher {
        let owner = self.owner.unwrap_or_else(|| {
            format!("tidings-{}-{:016x}", std::process::id(), fastrand::u64(..))
        });
        let limits = self
            .limits
            .into_iter()
            .map(|(kind, limit)| (kind, Bucket::new(limit)))
            .collect();
        // A channel of many servers (webhooks) has no breaker: one failing
        // endpoint says nothing about the next.
        let breakers = self
            .channels
            .iter()
            .filter(|(_, channel)| channel.one_server())
            .map(|(kind, _)| {
                (
                    kind.clone(),
                    Breaker::new(kind.clone(), self.breaker.clone()),
                )
            })
            .collect();
        Dispatcher {
            inner: Arc::new(Inner {
                catalog: self.catalog,
                channels: self.channels,
                ledger: self.ledger.unwrap_or_else(|| Arc::new(MemoryLedger::new())),
                concurrency: self.concurrency,
                retry: self.retry,
                limits,
                breakers,
                lease: self.lease,
                time_zone: self.time_zone,
                languages: self.languages,
                on_event: self.on_event,
                owner,
                live: Mutex::default(),
            }),
        }
    }
}
