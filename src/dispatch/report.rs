//! What happened: an [`Event`] per step of each delivery, and a [`Report`]
//! that counts every outcome per channel.

use std::collections::BTreeMap;
use std::time::Duration;

use jiff::Timestamp;
use serde::Serialize;

use crate::delivery::DeliveryKey;
use crate::recipient::ChannelKind;

/// One step of one delivery, for a progress bar or an audit log.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Event {
    /// The delivery.
    pub key: DeliveryKey,
    /// What happened.
    pub kind: EventKind,
    /// When.
    pub at: Timestamp,
}

/// What happened to a delivery.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "event", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum EventKind {
    /// Claimed in the ledger; `reclaimed` when taken over from a sender that
    /// went away (the delivery may have been made already).
    Claimed {
        /// Taken over.
        reclaimed: bool,
    },
    /// Delivered.
    Sent {
        /// What the other side said.
        detail: String,
    },
    /// Written to an outbox instead of being delivered (a dry run); a later
    /// send through a real transport still makes it.
    Outboxed {
        /// Where it was written.
        detail: String,
    },
    /// Skipped: already made before (or, for an outbox, already written).
    Duplicate,
    /// Skipped: a newer revision reached the address.
    Stale {
        /// The newer revision.
        newer: u32,
    },
    /// Skipped: another running sender is making it.
    HeldElsewhere,
    /// Failed transiently; trying again in process.
    Retrying {
        /// Attempts made so far.
        attempt: u32,
        /// The wait before the next.
        #[serde(with = "millis")]
        delay: Duration,
        /// Why it failed.
        reason: String,
    },
    /// Failed transiently; the ledger holds it for a later retry.
    Deferred {
        /// When it is due.
        retry_at: Timestamp,
        /// Why it failed.
        reason: String,
    },
    /// Failed for good.
    Failed {
        /// Why.
        reason: String,
    },
    /// No channel is configured for the address.
    Unconfigured,
    /// Not a delivery: the recipient is outside the notice's audience (and
    /// was told nothing earlier of the incident).
    NotSubscribed,
    /// A reminder of scheduled maintenance kept in the ledger for its time
    /// (the key names it); made then by a later resume.
    Scheduled {
        /// When it is due.
        due_at: Timestamp,
    },
    /// Not made: a suppression covers it (an unsubscribe, a bounce, a
    /// complaint, a 410, support).
    Suppressed {
        /// Which, and on what evidence.
        reason: String,
    },
    /// Not made, and never will be: a reminder whose maintenance has a
    /// newer revision, or whose time passed before it could be made.
    Overtaken {
        /// Why, for people.
        reason: String,
    },
}

mod millis {
    use serde::Serializer;
    use std::time::Duration;

    pub fn serialize<S: Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u64(d.as_millis() as u64)
    }
}

/// How many deliveries ended which way. Every delivery is counted once,
/// in exactly one of `sent`, `outboxed`, `duplicate`, `stale`, `failed`,
/// `suppressed`, `pending` and `unconfigured`; `reclaimed` counts some of them again.
/// `not_subscribed` counts what are not deliveries: the addresses of
/// recipients outside the notice's audience.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Counts {
    /// Delivered now.
    pub sent: u64,
    /// Written to an outbox now, not delivered.
    pub outboxed: u64,
    /// Skipped: made before (for an outbox: written before), or listed
    /// twice in one send (the first listing counts its outcome). Never a
    /// delivery that was not made.
    pub duplicate: u64,
    /// Skipped: a newer revision had reached the address.
    pub stale: u64,
    /// Failed for good (permanent, or retries used up).
    pub failed: u64,
    /// Not made: a suppression covers it. Never sent, never unreached.
    pub suppressed: u64,
    /// Not made yet: a retry is scheduled in the ledger (see
    /// `next_retry_at`), or another running sender holds the claim.
    pub pending: u64,
    /// No channel configured for the address.
    pub unconfigured: u64,
    /// Not deliveries, and not in [`total`](Counts::total): addresses of
    /// recipients outside the notice's audience, who were told nothing
    /// earlier of the incident.
    pub not_subscribed: u64,
    /// Of the above, deliveries taken over from a sender that went away in
    /// the middle: these may have reached the customer twice (with the same
    /// Message-ID or `webhook-id`, so receivers can drop the repeat).
    pub reclaimed: u64,
    /// The earliest time a pending delivery is due again.
    pub next_retry_at: Option<Timestamp>,
    /// Not deliveries made now, and not in [`total`](Counts::total):
    /// reminders of scheduled maintenance kept in the ledger for later.
    pub scheduled: u64,
}

impl Counts {
    fn add(&mut self, other: &Counts) {
        self.sent += other.sent;
        self.outboxed += other.outboxed;
        self.duplicate += other.duplicate;
        self.stale += other.stale;
        self.failed += other.failed;
        self.suppressed += other.suppressed;
        self.pending += other.pending;
        self.unconfigured += other.unconfigured;
        self.not_subscribed += other.not_subscribed;
        self.reclaimed += other.reclaimed;
        self.scheduled += other.scheduled;
        self.next_retry_at = match (self.next_retry_at, other.next_retry_at) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
    }

    /// Every delivery counted.
    pub fn total(&self) -> u64 {
        self.sent
            + self.outboxed
            + self.duplicate
            + self.stale
            + self.failed
            + self.suppressed
            + self.pending
            + self.unconfigured
    }
}

/// The account of one send (or resume): every delivery counted once, per
/// channel and in total. Serializable, for logs and tools.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Report {
    /// `incident#revision`, or `resume`.
    pub notice: String,
    /// Recipients processed.
    pub recipients: u64,
    /// All channels together.
    pub totals: Counts,
    /// Per channel name.
    pub channels: BTreeMap<String, Counts>,
}

impl Report {
    /// An empty account of `notice`, for adding runs up with
    /// [`add`](Report::add).
    pub fn new(notice: String) -> Self {
        Report {
            notice,
            ..Report::default()
        }
    }

    /// Counts `counts` for `channel`, in its row and in the totals: for
    /// adding up several runs.
    pub fn add(&mut self, channel: &ChannelKind, counts: &Counts) {
        self.totals.add(counts);
        self.channels
            .entry(channel.as_str().to_owned())
            .or_default()
            .add(counts);
    }

    /// Whether any delivery failed for good (or had no channel).
    pub fn has_failures(&self) -> bool {
        self.totals.failed + self.totals.unconfigured > 0
    }

    /// Whether any delivery is still to be made: a retry is scheduled, or
    /// another sender holds it. [`resume`](super::Dispatcher::resume) makes
    /// what is due.
    pub fn has_pending(&self) -> bool {
        self.totals.pending > 0
    }
}
