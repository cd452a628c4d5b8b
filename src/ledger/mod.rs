//! The ledger: the record of every delivery, and what makes "told exactly
//! once per update" survive restarts and several instances.
//!
//! A sender *claims* a [`DeliveryKey`] for a lease before it delivers, and
//! *completes* it with the outcome after. The ledger answers a claim with:
//!
//! - [`Claim::AlreadyMade`]: recorded as sent; never sent again;
//! - [`Claim::Stale`]: a newer revision of the incident was sent (or is in
//!   flight) to the same address; an older one is never sent after it;
//! - [`Claim::HeldElsewhere`]: another sender holds a live lease on it;
//! - [`Claim::Claimed`]: go ahead. A claim whose sender is gone (its lease
//!   ended, or the sender is known to have stopped) is taken over, and the
//!   claim says so: that delivery may have been made already, and the
//!   receiver can drop the repeat by its id.
//!
//! The promises every ledger keeps (the property tests check them on each):
//!
//! - **Sent is final.** A delivery recorded as sent is never claimed again.
//! - **Outboxes are not deliveries.** A delivery written to an outbox (a
//!   dry run) is recorded as [`Outcome::Outboxed`]: a later claim to the
//!   outbox answers [`Claim::AlreadyMade`], a claim to a real transport is
//!   granted, and the delivery is then made for real.
//! - **Newer wins.** A revision older than one that was sent (or is claimed
//!   under a live lease) to the same address is [`Claim::Stale`], before
//!   the first attempt ([`claim`](Ledger::claim)) and before every later one
//!   ([`renew`](Ledger::renew)).
//! - **Only the owner records.** [`complete`](Ledger::complete) and
//!   [`renew`](Ledger::renew) change a claim only for the sender that holds
//!   it; a sender whose claim was taken over learns so and records nothing.
//! - **Dead senders are known.** A sender [`enter`](Ledger::enter)s the
//!   ledger for its whole life; on one machine the SQLite ledger tells it by
//!   a lock the operating system holds for the process, so a claim of a
//!   sender that was killed is taken over at once, not when its lease ends.
//!   A sender the ledger knows nothing of is judged by its lease alone.
//!
//! Failed deliveries keep their reason and attempt count; transient ones are
//! due again at a scheduled time, and any later send may retry them.

pub mod bounce;
pub(crate) mod coverage;
pub(crate) mod decision;
pub(crate) mod promise;
pub mod segment;

use std::collections::HashSet;
use std::time::Duration;

use async_trait::async_trait;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::delivery::DeliveryKey;
use crate::error::StoreError;
use crate::notice::Notice;
use crate::recipient::Recipient;
use crate::suppression::{Lift, Suppression};

pub use bounce::{BounceKept, BounceKind, BounceRecord};
pub use coverage::{
    ChannelCoverage, Coverage, ReminderCoverage, RevisionCoverage, TimeToTell, Unreached,
};
pub use promise::{Overdue, Promise};
pub use segment::{SegmentClaim, SegmentEnd, SegmentId, SegmentRequest, Segments};

/// Where deliveries are recorded: the claim protocol a sender follows, and
/// the notices kept so that deliveries due later can be made. Shared between
/// tasks as `Arc<dyn Ledger>`; every ledger also answers the questions of
/// [`LedgerReader`].
#[async_trait]
pub trait Ledger: LedgerReader {
    /// Keeps the notice, so deliveries that are due later can be made again.
    /// The first text kept for a revision stays: the same notice again is
    /// fine, another text under the same revision fails with
    /// [`StoreError::RevisionChanged`] and keeps the first.
    async fn record_notice(&self, notice: &Notice) -> Result<(), StoreError>;

    /// A notice kept by [`record_notice`](Ledger::record_notice).
    async fn notice(&self, incident: &str, revision: u32) -> Result<Option<Notice>, StoreError>;

    /// Of `recipients`, those told an earlier revision of `incident` than
    /// `revision`, or on their way to be: a delivery of it sent, claimed, or
    /// due for a retry. A customer told of an incident hears the rest of it,
    /// whatever their [audience](crate::Audience) says of the later notices.
    async fn told_before(
        &self,
        incident: &str,
        revision: u32,
        recipients: &[&str],
    ) -> Result<HashSet<String>, StoreError>;

    /// Records that `recipients` were outside the audience of
    /// `incident#revision` when it was sent: not deliveries, but counted by
    /// [coverage](LedgerReader::coverage) as `not_subscribed`, so that the
    /// proof says why they were not told. Recording one twice counts once;
    /// a customer with a delivery of the revision is not counted.
    async fn record_not_subscribed(
        &self,
        incident: &str,
        revision: u32,
        recipients: &[&str],
    ) -> Result<(), StoreError>;

    /// Declares `owner` a running sender, for as long as this ledger value
    /// lives or until [`leave`](Ledger::leave): its claims are then never
    /// taken over while it runs, and are taken over at once when it stops.
    /// Entering twice is entering once. Without it (the default), a sender
    /// is judged by its leases alone.
    async fn enter(&self, owner: &str) -> Result<(), StoreError> {
        let _ = owner;
        Ok(())
    }

    /// `owner` stops sending: what it still holds may be taken over at once.
    fn leave(&self, owner: &str) {
        let _ = owner;
    }

    /// Completes when `owner`, which [entered](Ledger::enter), can no longer
    /// count on the others seeing it run (its session with a shared database
    /// was lost and not taken back in time): the attempts it is making are
    /// stopped then, before anyone may take them over. Never, by default
    /// and for a sender that did not enter.
    async fn lost(&self, owner: &str) {
        let _ = owner;
        std::future::pending::<()>().await
    }

    /// Asks to make one delivery.
    async fn claim(&self, request: &ClaimRequest<'_>) -> Result<Claim, StoreError>;

    /// Extends the lease of a claim its owner is still working on, and says
    /// whether the delivery should still be made: not when the claim was
    /// taken over ([`Lease::Lost`]) or a newer revision went to the same
    /// address ([`Lease::Superseded`], which also closes the delivery as
    /// stale).
    async fn renew(&self, renewal: &Renewal<'_>) -> Result<Lease, StoreError>;

    /// Records how a claimed delivery went, if `completion.owner` still
    /// holds the claim; answers whether it was recorded.
    async fn complete(&self, completion: &Completion<'_>) -> Result<bool, StoreError>;

    /// Deliveries to make now: failed ones whose retry time has come,
    /// claims whose lease expired and reminders whose time has come, oldest
    /// first, at most `limit`.
    ///
    /// `after` continues a listing from the last delivery of the page
    /// before, so a caller walks every due delivery once while holding one
    /// page, even when some of them stay due (their claim failed).
    async fn due(
        &self,
        now: Timestamp,
        after: Option<&Due>,
        limit: usize,
    ) -> Result<Vec<Due>, StoreError>;

    /// How many deliveries are still to be made (a retry is scheduled, or a
    /// sender holds a claim) and when the first of them is due, and how many
    /// reminders wait for their time: what
    /// [`resume`](crate::Dispatcher::resume) has left to do.
    async fn backlog(&self) -> Result<Backlog, StoreError>;

    /// Keeps reminders of planned work, each a delivery
    /// [`Scheduled`](DeliveryState::Scheduled) until its time, when
    /// [`due`](Ledger::due) lists it. A reminder kept before (or already
    /// made) is left as it is, so scheduling twice schedules once.
    async fn schedule(&self, reminders: &[Reminder<'_>]) -> Result<(), StoreError>;

    /// Keeps a suppression. One for the same recipient, channel, address
    /// and scope already kept stays as it was: its first reason, evidence
    /// and time.
    async fn suppress(&self, suppression: &Suppression) -> Result<(), StoreError>;

    /// Keeps a report on the email delivery `key`: a
    /// [failure](BounceKind::Failed) turns it from `sent` to
    /// [`bounced`](DeliveryState::Bounced), not told, the diagnostic its
    /// reason. The same kind of report on the same delivery is kept once.
    async fn record_bounce(
        &self,
        key: &DeliveryKey,
        bounce: &BounceRecord,
    ) -> Result<BounceKept, StoreError>;

    /// Lifts the suppressions `lift` names (a customer who resubscribed, a
    /// mailbox that works again); how many were lifted.
    async fn lift(&self, lift: &Lift) -> Result<u64, StoreError>;

    /// The newest revision of `incident` kept by
    /// [`record_notice`](Ledger::record_notice): a reminder of an older one
    /// is never sent.
    async fn latest_revision(&self, incident: &str) -> Result<Option<u32>, StoreError>;

    /// The [segments](segment) this ledger keeps, if it keeps any: without
    /// them (the default), a sender names none and walks everything.
    fn segments(&self) -> Option<&dyn Segments> {
        None
    }
}

/// The questions support and on-call ask of a ledger: what one customer was
/// sent, who was told about a revision, which promised update is late. A
/// store opened for questions only (say
/// [`StateFile::open_read_only`](crate::StateFile::open_read_only)) hands out
/// this and nothing that writes.
#[async_trait]
pub trait LedgerReader: Send + Sync {
    /// Every delivery to one recipient, newest first: for support.
    async fn history(&self, recipient: &str) -> Result<Vec<LedgerEntry>, StoreError>;

    /// Who was told about each revision of `incident` (only `revision` when
    /// given), who was not and why, and how long telling took: the proof
    /// on-call asks for. Aggregated in the store, a customer at a time.
    async fn coverage(&self, incident: &str, revision: Option<u32>)
    -> Result<Coverage, StoreError>;

    /// The suppressions of `recipient` (of everyone when `None`), oldest
    /// first: what a send checks before each delivery, and what support
    /// reads.
    async fn suppressions(&self, recipient: Option<&str>) -> Result<Vec<Suppression>, StoreError>;

    /// The email deliveries to `address` (as a delivery key names it:
    /// lowercase), in any state: what a bounce is matched against.
    async fn email_deliveries(&self, address: &str) -> Result<Vec<DeliveryKey>, StoreError>;

    /// Every notice kept, each revision of each incident sent, in no
    /// particular order: what a feed or a status page shows. One row per
    /// update, not per customer: hundreds, not millions.
    async fn notices(&self) -> Result<Vec<Notice>, StoreError>;

    /// Whether any suppression is kept at all: a send asks once, and asks
    /// of each delivery only when there is one.
    async fn any_suppression(&self) -> Result<bool, StoreError> {
        Ok(!self.suppressions(None).await?.is_empty())
    }

    /// Every incident whose latest notice is not final and whose promised
    /// next update is past due at `now`; a notice that promised nothing is
    /// due `max_silence` after it was published.
    ///
    /// ```
    /// # use std::sync::Arc;
    /// # use std::time::Duration;
    /// # use tidings::ledger::LedgerReader;
    /// # use tidings::store::memory::MemoryLedger;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), tidings::StoreError> {
    /// let ledger: Arc<dyn LedgerReader> = Arc::new(MemoryLedger::new());
    /// let mut every_minute = tokio::time::interval(Duration::from_secs(60));
    /// # for _ in 0..1 {
    /// every_minute.tick().await;
    /// let now = jiff::Timestamp::now();
    /// for late in ledger.overdue(now, Duration::from_secs(3600)).await? {
    ///     tracing::warn!(
    ///         incident = %late.incident,
    ///         "update {} promised for {} is {} minutes late",
    ///         late.revision + 1, late.due_at, late.late_minutes
    ///     );
    /// }
    /// # }
    /// # Ok(())
    /// # }
    /// ```
    async fn overdue(
        &self,
        now: Timestamp,
        max_silence: Duration,
    ) -> Result<Vec<Overdue>, StoreError>;
}

/// A request to make one delivery.
#[derive(Debug, Clone)]
pub struct ClaimRequest<'a> {
    /// The delivery.
    pub key: &'a DeliveryKey,
    /// Who asks: one id per sender (dispatcher instance).
    pub owner: &'a str,
    /// Until when the claim holds if the sender goes silent.
    pub lease_until: Timestamp,
    /// The time now.
    pub now: Timestamp,
    /// Take the claim even from a live lease: for a sender reclaiming what it
    /// itself abandoned (an aborted send).
    pub take_over: bool,
    /// The delivery goes to an outbox, not to its address: a delivery
    /// already written to the outbox is not written again, and one written
    /// there is still made by a later claim that is not for an outbox.
    pub outbox: bool,
    /// The recipient, kept with the delivery so it can be made again later.
    pub recipient: &'a Recipient,
}

/// The ledger's answer to a claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "claim", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Claim {
    /// Go ahead.
    Claimed {
        /// Channel attempts made before this claim.
        attempts: u32,
        /// Claims made before this one (0 for the first).
        earlier_claims: u32,
        /// Whether a lease was taken over: the delivery may have been made.
        reclaimed: bool,
    },
    /// Made before: recorded as sent (or, for a claim to an outbox,
    /// already written to the outbox). Do not make it again.
    AlreadyMade,
    /// A newer revision reached (or is on its way to) the same address.
    Stale {
        /// That newer revision.
        newer: u32,
    },
    /// Another sender holds a live lease.
    HeldElsewhere {
        /// That sender.
        owner: String,
        /// Until when.
        until: Timestamp,
    },
}

/// A reminder to keep until its time.
#[derive(Debug, Clone)]
pub struct Reminder<'a> {
    /// The delivery: the notice's key with a [`Part::Reminder`](crate::Part).
    pub key: DeliveryKey,
    /// When it is to be made.
    pub due_at: Timestamp,
    /// The recipient, kept with it so it can be made then.
    pub recipient: &'a Recipient,
    /// The time now.
    pub now: Timestamp,
}

/// A sender still at work on a claim: extend its lease.
#[derive(Debug, Clone)]
pub struct Renewal<'a> {
    /// The delivery.
    pub key: &'a DeliveryKey,
    /// The sender that claimed it.
    pub owner: &'a str,
    /// The new end of the lease.
    pub lease_until: Timestamp,
    /// The time now.
    pub now: Timestamp,
    /// Another attempt is about to be made: also check that no newer
    /// revision went to the address. (A renewal while an attempt is under
    /// way only extends the lease: that attempt can no longer be stopped.)
    pub before_attempt: bool,
}

/// The ledger's answer to a [`Renewal`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "lease", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Lease {
    /// Still yours, until the new end.
    Held,
    /// No longer yours: another sender took it over, or it was completed.
    Lost,
    /// A newer revision went (or is going) to the same address: this one
    /// must not be made, and is closed as stale.
    Superseded {
        /// That newer revision.
        newer: u32,
    },
}

/// How a claimed delivery went.
#[derive(Debug, Clone)]
pub struct Completion<'a> {
    /// The delivery.
    pub key: &'a DeliveryKey,
    /// The sender that claimed it.
    pub owner: &'a str,
    /// Channel attempts made under this claim.
    pub attempts: u32,
    /// The time now.
    pub now: Timestamp,
    /// The outcome.
    pub outcome: Outcome,
}

/// The outcome of a delivery.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Outcome {
    /// Delivered; what the other side said.
    Sent {
        /// The receipt's detail.
        detail: String,
    },
    /// Written to an outbox instead of being delivered (a dry run): a later
    /// claim for a real transport still makes it.
    Outboxed {
        /// Where it was written.
        detail: String,
    },
    /// Not delivered.
    Failed {
        /// Why, for people.
        reason: String,
        /// When to try again; `None` when it will not be retried.
        retry_at: Option<Timestamp>,
    },
    /// Not made, and not a failure: there is no point any more (a reminder
    /// of planned work that has a newer revision, or whose time passed).
    Overtaken {
        /// Why, for people.
        reason: String,
    },
    /// Not made: a suppression covers it (an unsubscribe, a dead address,
    /// a complaint, an endpoint that is gone).
    Suppressed {
        /// Which suppression, for people.
        reason: String,
    },
}

/// Where a delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum DeliveryState {
    /// A sender is on it (or died on it; see the lease).
    Claimed,
    /// Delivered.
    Sent,
    /// Not made yet: an attempt failed, and it is due again at a set time.
    /// (Stored as `failed` before schema 5 of the state file and 3 of
    /// PostgreSQL, and still read so.)
    Retrying,
    /// Failed for good: a permanent error, or retries used up. What
    /// [`Counts::failed`](crate::Counts::failed) counts.
    GaveUp,
    /// Written to an outbox; not delivered yet.
    Outboxed,
    /// Not made: a newer revision went to the address first (or, for a
    /// reminder, was published, or its time passed).
    Stale,
    /// A reminder of planned work, waiting for its time.
    Scheduled,
    /// Sent, then returned: the receiving mail server reported later that
    /// it could not deliver it. Not told.
    Bounced,
    /// Not made: a suppression covered it. Neither told nor unreached.
    Suppressed,
}

impl DeliveryState {
    /// The name used in storage and output.
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryState::Claimed => "claimed",
            DeliveryState::Sent => "sent",
            DeliveryState::Retrying => "retrying",
            DeliveryState::GaveUp => "gave-up",
            DeliveryState::Outboxed => "outboxed",
            DeliveryState::Stale => "stale",
            DeliveryState::Scheduled => "scheduled",
            DeliveryState::Bounced => "bounced",
            DeliveryState::Suppressed => "suppressed",
        }
    }

    /// Whether a delivery in this state told the customer, or is on its way
    /// to: sent, claimed, or due for a retry.
    pub(crate) fn tells(self) -> bool {
        matches!(
            self,
            DeliveryState::Sent | DeliveryState::Claimed | DeliveryState::Retrying
        )
    }

    /// Every state.
    pub(crate) const ALL: [DeliveryState; 9] = [
        DeliveryState::Claimed,
        DeliveryState::Sent,
        DeliveryState::Retrying,
        DeliveryState::GaveUp,
        DeliveryState::Outboxed,
        DeliveryState::Stale,
        DeliveryState::Scheduled,
        DeliveryState::Bounced,
        DeliveryState::Suppressed,
    ];

    /// The state a stored name stands for, including names older schemas
    /// wrote.
    #[cfg_attr(not(any(feature = "sqlite", feature = "postgres")), allow(dead_code))]
    pub(crate) fn parse(s: &str) -> Option<DeliveryState> {
        if s == "failed" {
            return Some(DeliveryState::Retrying);
        }
        DeliveryState::ALL
            .into_iter()
            .find(|state| state.as_str() == s)
    }
}

/// One delivery as the ledger knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerEntry {
    /// The delivery.
    pub key: DeliveryKey,
    /// Where it stands.
    pub state: DeliveryState,
    /// Channel attempts made.
    pub attempts: u32,
    /// For failures: why.
    pub reason: Option<String>,
    /// For sent deliveries: what the other side said.
    pub detail: Option<String>,
    /// When it last changed.
    pub updated_at: Timestamp,
    /// For failures: when it is due again; for claims: when the lease ends.
    pub due_at: Option<Timestamp>,
}

/// The deliveries still to be made.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Backlog {
    /// How many are pending: a retry is scheduled, or a sender holds a
    /// claim.
    pub pending: u64,
    /// When the first of them is due (a retry time, or the end of a lease).
    pub next_due: Option<Timestamp>,
    /// Reminders of planned work waiting for their time: not pending (none
    /// failed), but work for [`resume`](crate::Dispatcher::resume) later.
    pub scheduled: u64,
    /// When the first reminder is due.
    pub next_scheduled: Option<Timestamp>,
}

impl Backlog {
    /// When there is next something to do: a pending delivery or a
    /// reminder, whichever comes first.
    pub fn next_work(&self) -> Option<Timestamp> {
        match (self.next_due, self.next_scheduled) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

/// A delivery to make again.
#[derive(Debug, Clone, PartialEq)]
pub struct Due {
    /// The delivery.
    pub key: DeliveryKey,
    /// When it came due: its retry time, or the end of an abandoned lease.
    pub due_at: Timestamp,
    /// The recipient as it was when the delivery was first claimed.
    pub recipient: Recipient,
    /// Why the stored delivery cannot be made again (its stored recipient
    /// cannot be read, say): the sender then gives it up with this reason
    /// instead of stopping the whole pass. `recipient` then holds only the id.
    pub problem: Option<String>,
}

/// Whether `given` may be kept where `kept` is: the same text, or the
/// revision stays as it was first told.
pub(crate) fn same_text(given: &Notice, kept: &Notice) -> Result<(), StoreError> {
    if given == kept {
        return Ok(());
    }
    Err(StoreError::RevisionChanged {
        incident: given.incident.id.clone(),
        revision: given.revision,
    })
}
