//! The ledger: the record of every delivery, and what makes "told exactly
//! once per update" survive restarts and several instances.
//!
//! A sender *claims* a [`DeliveryKey`] for a lease before it delivers, and
//! *completes* it with the outcome after. The ledger answers a claim with:
//!
//! - [`Claim::AlreadySent`]: recorded as sent; never sent again;
//! - [`Claim::Stale`]: a newer revision of the incident was sent (or is in
//!   flight) to the same address; an older one is never sent after it;
//! - [`Claim::HeldElsewhere`]: another sender holds a live lease on it;
//! - [`Claim::Claimed`]: go ahead. A lease that expired (its sender died) is
//!   taken over, and the claim says so: that delivery may have been made
//!   already, and the receiver can drop the repeat by its id.
//!
//! Failed deliveries keep their reason and attempt count; transient ones are
//! due again at a scheduled time, and any later send may retry them.

mod memory;
#[cfg(feature = "sqlite")]
mod sqlite;

use async_trait::async_trait;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::delivery::DeliveryKey;
use crate::error::StoreError;
use crate::notice::Notice;
use crate::recipient::Recipient;

pub use memory::MemoryLedger;
#[cfg(feature = "sqlite")]
pub use sqlite::{SqliteLedger, SqliteLedgerBuilder};

/// Where deliveries are recorded. Shared between tasks as `Arc<dyn Ledger>`.
#[async_trait]
pub trait Ledger: Send + Sync {
    /// Keeps the notice, so deliveries that are due later can be made again.
    async fn record_notice(&self, notice: &Notice) -> Result<(), StoreError>;

    /// A notice kept by [`record_notice`](Ledger::record_notice).
    async fn notice(&self, incident: &str, revision: u32) -> Result<Option<Notice>, StoreError>;

    /// Asks to make one delivery.
    async fn claim(&self, request: &ClaimRequest<'_>) -> Result<Claim, StoreError>;

    /// Records how a claimed delivery went.
    async fn complete(&self, completion: &Completion<'_>) -> Result<(), StoreError>;

    /// Deliveries to make again now: failed ones whose retry time has come
    /// and claims whose lease expired, oldest first, at most `limit`.
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

    /// Every delivery to one recipient, newest first: for support.
    async fn history(&self, recipient: &str) -> Result<Vec<LedgerEntry>, StoreError>;
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
    /// Recorded as sent: do not send again.
    AlreadySent,
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
    /// Not delivered.
    Failed {
        /// Why, for people.
        reason: String,
        /// When to try again; `None` when it will not be retried.
        retry_at: Option<Timestamp>,
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
    /// Failed; due again at a set time.
    Failed,
    /// Failed for good: a permanent error, or retries used up.
    GaveUp,
}

impl DeliveryState {
    /// The name used in storage and output.
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryState::Claimed => "claimed",
            DeliveryState::Sent => "sent",
            DeliveryState::Failed => "failed",
            DeliveryState::GaveUp => "gave-up",
        }
    }

    pub(crate) fn parse(s: &str) -> Option<DeliveryState> {
        [
            DeliveryState::Claimed,
            DeliveryState::Sent,
            DeliveryState::Failed,
            DeliveryState::GaveUp,
        ]
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

/// A delivery to make again.
#[derive(Debug, Clone, PartialEq)]
pub struct Due {
    /// The delivery.
    pub key: DeliveryKey,
    /// When it came due: its retry time, or the end of an abandoned lease.
    pub due_at: Timestamp,
    /// The recipient as it was when the delivery was first claimed.
    pub recipient: Recipient,
}
