//! Configuring a [`Dispatcher`].

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use jiff::tz::TimeZone;
use tokio::sync::{OnceCell, Semaphore};

use super::breaker::Breaker;
use super::rate::Bucket;
use super::{CircuitBreaker, Dispatcher, Event, Inner, OnEvent, RateLimit, RetryPolicy};
use crate::channel::{Channel, FailureDomain};
use crate::l10n::Catalog;
use crate::ledger::Ledger;
use crate::recipient::ChannelKind;
use crate::recipient::LanguagePreferences;
use crate::render::Renderer;
use crate::store::memory::MemoryLedger;

/// Builds a [`Dispatcher`]: a catalog, the channels, a ledger, and how hard
/// to push.
#[must_use]
pub struct DispatcherBuilder {
    catalog: Arc<Catalog>,
    channels: HashMap<ChannelKind, Arc<dyn Channel>>,
    ledger: Option<Arc<dyn Ledger>>,
    concurrency: usize,
    channel_concurrency: HashMap<ChannelKind, usize>,
    backlog: Option<usize>,
    attempt_timeout: Duration,
    retry: RetryPolicy,
    breaker: CircuitBreaker,
    limits: HashMap<ChannelKind, RateLimit>,
    lease: Duration,
    time_zone: Option<TimeZone>,
    languages: LanguagePreferences,
    on_event: Option<OnEvent>,
    owner: Option<String>,
    render_cache: usize,
    reminders: Vec<u32>,
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
            channel_concurrency: HashMap::new(),
            backlog: None,
            attempt_timeout: Duration::from_secs(60),
            retry: RetryPolicy::default(),
            breaker: CircuitBreaker::default(),
            limits: HashMap::new(),
            lease: Duration::from_secs(300),
            time_zone: None,
            languages: LanguagePreferences::default(),
            on_event: None,
            owner: None,
            render_cache: Renderer::DEFAULT_CACHE_CAPACITY,
            reminders: Vec::new(),
        }
    }

    /// How many renderings (one per notice, language and time zone) the
    /// dispatcher keeps for the next reader of the same language and zone
    /// (1,024 unless set; 0 renders every delivery afresh).
    pub fn render_cache(mut self, renderings: usize) -> Self {
        self.render_cache = renderings;
        self
    }

    /// Adds a channel; addresses of its kind go through it (the last one
    /// added for a kind wins).
    pub fn channel(mut self, channel: Arc<dyn Channel>) -> Self {
        self.channels.insert(channel.kind(), channel);
        self
    }

    /// Where deliveries are recorded: the SQLite ledger in the state file
    /// for a service, so "told exactly once" survives restarts. There is no
    /// default: `build()` refuses a dispatcher without a ledger.
    pub fn ledger(mut self, ledger: Arc<dyn Ledger>) -> Self {
        self.ledger = Some(ledger);
        self
    }

    /// Records deliveries in memory only, and says so: for tests and
    /// previews. Everything it knew is gone when the process ends, and a
    /// later run sends everything again.
    pub fn memory_ledger(mut self) -> Self {
        self.ledger = Some(Arc::new(MemoryLedger::new()));
        self
    }

    /// How many deliveries each channel makes at once (512 unless changed;
    /// a channel with a bound of its own, such as the email channel's SMTP
    /// connections, gets no more than that).
    ///
    /// Each channel kind has its own places, so an endpoint that accepts
    /// the connection and never answers holds a webhook place until the
    /// attempt times out, and never an email's. Each place costs some
    /// 40 KiB while its delivery is in flight (see BENCHMARKS.md).
    pub fn concurrency(mut self, deliveries: usize) -> Self {
        self.concurrency = deliveries.max(1);
        self
    }

    /// How many deliveries one channel kind makes at once, instead of
    /// [`concurrency`](DispatcherBuilder::concurrency).
    pub fn channel_concurrency(mut self, channel: ChannelKind, deliveries: usize) -> Self {
        self.channel_concurrency.insert(channel, deliveries.max(1));
        self
    }

    /// How many deliveries may be under way or waiting for their channel,
    /// all channels together (four times the concurrency unless set): the
    /// recipients are read no further ahead, so memory stays bounded
    /// however many there are. While one channel's deliveries wait (an
    /// endpoint that hangs), the others go on until this fills up.
    pub fn backlog(mut self, deliveries: usize) -> Self {
        self.backlog = Some(deliveries.max(1));
        self
    }

    /// How long one call of a channel may take (60 s unless changed),
    /// your own channels included: a call that takes longer is a transient
    /// failure, retried like any other.
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = timeout;
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
    /// changed); after that another sender may take the delivery over. It
    /// is renewed while the delivery is worked on, and a sender on the same
    /// machine that stops is known at once, so the lease matters only for
    /// senders elsewhere. It must be longer than the attempt timeout.
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

    /// The reminders of scheduled maintenance whose notice asks for none of
    /// its own, in minutes before the start (`[1440, 60]`: a day and an
    /// hour before; each 1 to 40320, at most 4). None unless set.
    pub fn default_reminders_minutes(mut self, minutes: impl IntoIterator<Item = u32>) -> Self {
        self.reminders = crate::notice::tidy_reminders(minutes.into_iter().collect());
        self
    }

    /// The name this dispatcher claims deliveries under (random unless set).
    /// Two dispatchers must never share one.
    pub fn owner(mut self, owner: impl Into<String>) -> Self {
        self.owner = Some(owner.into());
        self
    }

    /// Builds the dispatcher, after checking every setting: a value that
    /// cannot work is an error here rather than a surprise mid-send.
    pub fn build(self) -> Result<Dispatcher, DispatcherConfigError> {
        self.validate()?;
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
            .filter(|(_, channel)| channel.failure_domain() == FailureDomain::Channel)
            .map(|(kind, _)| {
                (
                    kind.clone(),
                    Breaker::new(kind.clone(), self.breaker.clone()),
                )
            })
            .collect();
        let places = self
            .channels
            .iter()
            .map(|(kind, channel)| {
                let own = self.channel_concurrency.get(kind).copied();
                let bound = own
                    .unwrap_or(self.concurrency)
                    .min(channel.capacity().unwrap_or(usize::MAX))
                    .clamp(1, Semaphore::MAX_PERMITS);
                (kind.clone(), Semaphore::new(bound))
            })
            .collect();
        let Some(ledger) = self.ledger else {
            return Err(DispatcherConfigError::NoLedger);
        };
        let segments = ledger.segments().is_some();
        Ok(Dispatcher {
            inner: Arc::new(Inner {
                renderer: Renderer::with_cache_capacity(self.catalog, self.render_cache),
                channels: self.channels,
                ledger,
                backlog: self
                    .backlog
                    .unwrap_or_else(|| self.concurrency.saturating_mul(4)),
                places,
                attempt_timeout: self.attempt_timeout,
                entered: OnceCell::new(),
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
                live_segments: Mutex::default(),
                segments,
                reminders: self.reminders,
                suppressions_kept: std::sync::atomic::AtomicBool::new(true),
            }),
        })
    }

    fn validate(&self) -> Result<(), DispatcherConfigError> {
        let durations = [
            ("lease", self.lease),
            ("attempt timeout", self.attempt_timeout),
        ]
        .into_iter()
        .chain(self.retry.durations())
        .chain(self.breaker.durations());
        for (setting, value) in durations {
            if value > LONGEST {
                return Err(DispatcherConfigError::TooLong { setting, value });
            }
        }
        if self.attempt_timeout.is_zero() {
            return Err(DispatcherConfigError::Zero {
                setting: "attempt timeout",
            });
        }
        if self.lease <= self.attempt_timeout || self.lease < SHORTEST_LEASE {
            return Err(DispatcherConfigError::Lease {
                lease: self.lease,
                attempt_timeout: self.attempt_timeout,
            });
        }
        if self.reminders.len() > crate::notice::MAX_REMINDERS
            || self
                .reminders
                .iter()
                .any(|m| !(1..=crate::notice::MAX_REMINDER_MINUTES).contains(m))
        {
            return Err(DispatcherConfigError::Reminders {
                minutes: self.reminders.clone(),
            });
        }
        for (channel, limit) in &self.limits {
            if !(limit.per_second.is_finite() && limit.per_second >= RateLimit::SLOWEST)
                || limit.burst == 0
            {
                return Err(DispatcherConfigError::RateLimit {
                    channel: channel.clone(),
                    per_second: limit.per_second,
                    burst: limit.burst,
                });
            }
        }
        Ok(())
    }
}

/// No duration setting may exceed this: longer is a typo (or
/// `Duration::MAX`), and time arithmetic stays far from overflowing.
const LONGEST: Duration = Duration::from_secs(30 * 24 * 3600);

/// Renewed every third of the lease; shorter would be a busy loop.
const SHORTEST_LEASE: Duration = Duration::from_millis(300);

/// Why a [`Dispatcher`] could not be built.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum DispatcherConfigError {
    /// A duration longer than tidings accepts (30 days).
    #[error("the {setting} of {value:?} is longer than 30 days")]
    TooLong {
        /// Which setting.
        setting: &'static str,
        /// Its value.
        value: Duration,
    },
    /// A duration that must not be zero.
    #[error("the {setting} must be more than zero")]
    Zero {
        /// Which setting.
        setting: &'static str,
    },
    /// A lease that could end while its delivery is still being attempted.
    #[error(
        "the lease ({lease:?}) must be longer than the attempt timeout ({attempt_timeout:?}) and at least 300 ms"
    )]
    Lease {
        /// The lease.
        lease: Duration,
        /// The attempt timeout.
        attempt_timeout: Duration,
    },
    /// No ledger was chosen: a dispatcher that silently kept its record in
    /// memory would send everything again after a restart.
    #[error(
        "no ledger: choose .ledger(…) (the SQLite state file for a service) or, for tests, .memory_ledger()"
    )]
    NoLedger,
    /// Default reminders out of range: at most 4, each 1 to 40320 minutes
    /// (28 days) before the start.
    #[error(
        "the default reminders {minutes:?} must be at most 4, each 1 to 40320 minutes (28 days) before the start"
    )]
    Reminders {
        /// What was asked for, in minutes.
        minutes: Vec<u32>,
    },
    /// A rate limit that lets nothing through (or less than one delivery a
    /// day, which a send would wait on for ever).
    #[error(
        "the rate limit of the {channel} channel ({per_second}/s, bursts of {burst}) must let at least one delivery a day through, in bursts of at least one"
    )]
    RateLimit {
        /// The channel.
        channel: ChannelKind,
        /// The rate asked for.
        per_second: f64,
        /// The burst asked for.
        burst: u32,
    },
}
