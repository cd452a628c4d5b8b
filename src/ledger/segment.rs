//! Segments: runs of consecutive deliveries of one send, claimed together,
//! so that instances given the same list split the walk itself and not only
//! the deliveries.
//!
//! Two instances that send the same notice to the same list each read every
//! recipient. Claiming every delivery one by one, each instance pays the
//! whole cost of a delivery (the locale, the rendering, the claim) for every
//! recipient, and only the channel's part is split between them. A sender
//! therefore cuts its stream into segments of a few hundred deliveries, named
//! by a digest of their keys (and of how each would be made), and claims a
//! segment before it walks it. A segment another sender is walking is set
//! aside and looked at again later: by then it is usually done, and its
//! deliveries are counted as made without a claim each.
//!
//! A segment is only a shortcut. Every delivery in a walked segment is
//! still claimed on its own, so a segment claimed twice (its holder thought
//! gone, its lease ended) costs time, never a second delivery. A segment is
//! recorded as done only when every delivery in it was made (sent, or for an
//! outbox written) by the walk that held it; any other ending lets it go, and
//! the next sender walks it, so a later send still finishes what failed.

use async_trait::async_trait;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::delivery::DeliveryKey;
use crate::error::StoreError;

/// What a ledger that keeps segments offers, through
/// [`Ledger::segments`](super::Ledger::segments).
#[async_trait]
pub trait Segments: Send + Sync {
    /// Asks to walk one segment of a send: a run of consecutive deliveries,
    /// claimed together so that senders given the same list split the walk.
    /// Each delivery of a walked segment is still claimed on its own.
    async fn claim_segment(&self, request: &SegmentRequest<'_>)
    -> Result<SegmentClaim, StoreError>;

    /// Records how the walk of a segment held by `end.owner` ended: done,
    /// or let go for the next sender to walk.
    async fn end_segment(&self, end: &SegmentEnd<'_>) -> Result<(), StoreError>;
}

/// The name of a segment: a SHA-256 digest of its deliveries' keys, in
/// order, and of how each would be made. Two senders agree on a segment
/// only when they would make exactly the same deliveries the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SegmentId([u8; 32]);

impl SegmentId {
    /// The digest.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// A segment named by a digest read back from storage.
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        SegmentId(bytes)
    }
}

impl std::fmt::Display for SegmentId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for b in &self.0[..8] {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

/// How a delivery in a segment would be made: part of the segment's name,
/// so a dry run and a real send, or a sender lacking a channel, never
/// share a segment with one that would make the deliveries differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Way {
    Deliver,
    Outbox,
    Unconfigured,
}

/// Builds a [`SegmentId`] from the deliveries, in order.
#[derive(Default)]
pub(crate) struct SegmentDigest {
    hash: Sha256,
}

impl SegmentDigest {
    pub(crate) fn add(&mut self, key: &DeliveryKey, way: Way) {
        key.hash_into(&mut self.hash);
        self.hash.update([way as u8]);
    }

    pub(crate) fn finish(self) -> SegmentId {
        SegmentId(self.hash.finalize().into())
    }
}

/// A request to walk one segment.
#[derive(Debug, Clone)]
pub struct SegmentRequest<'a> {
    /// The segment.
    pub segment: &'a SegmentId,
    /// Who asks.
    pub owner: &'a str,
    /// Until when the segment is held if its sender goes silent (or takes
    /// longer than this to walk it: it is then walked again by another,
    /// which costs time but no delivery).
    pub lease_until: Timestamp,
    /// The time now.
    pub now: Timestamp,
    /// Take the segment even from a live holder: for a sender taking back a
    /// segment it itself abandoned (an aborted send).
    pub take_over: bool,
}

/// The ledger's answer to a [`SegmentRequest`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "segment", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum SegmentClaim {
    /// Walk it: claim and make each of its deliveries. The answer of a
    /// ledger that keeps no segments.
    Walk,
    /// Every delivery in it was made: each counts as a duplicate.
    Done,
    /// Another sender is walking it; ask again later.
    HeldElsewhere {
        /// That sender.
        owner: String,
    },
}

/// How the walk of a held segment ended.
#[derive(Debug, Clone)]
pub struct SegmentEnd<'a> {
    /// The segment.
    pub segment: &'a SegmentId,
    /// The sender that walked it; nothing is recorded for another.
    pub owner: &'a str,
    /// Every delivery in it was made (sent, written to the outbox, or found
    /// made already). Otherwise the segment is let go, for the next sender
    /// to walk.
    pub done: bool,
}
