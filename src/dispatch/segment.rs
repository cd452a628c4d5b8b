//! A send walks its recipients a segment at a time (see
//! [`ledger::segment`](crate::ledger::segment)): it reads a few hundred
//! deliveries' worth of recipients, names the segment by its keys, and asks
//! the ledger. A segment it may walk is rendered, claimed and made delivery
//! by delivery as before; one another sender is walking is set aside and
//! asked about again, and one already made is counted without a claim.
//!
//! Only the keys are computed for a segment set aside: the locale, the
//! rendering and the claims are paid by the one sender that walks it.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;
use std::time::Duration;

use futures_util::FutureExt;
use jiff::Timestamp;

use super::deliver::Origin;
use super::{Counts, EventKind, Inner, Report};
use crate::delivery::{Delivery, DeliveryKey};
use crate::ledger::segment::{SegmentDigest, Way};
use crate::ledger::{SegmentClaim, SegmentEnd, SegmentId, SegmentRequest};
use crate::notice::Notice;
use crate::recipient::{ChannelKind, Recipient};

/// Deliveries in a segment. Large enough that its claim, one round trip,
/// is small beside the claims of its deliveries; small enough that several
/// instances find segments to share in a list of a few thousand.
pub(super) const SEGMENT: usize = 256;

/// Segments set aside may hold this many backlogs' worth of deliveries.
pub(super) const ASIDE: usize = 4;

/// A run shorter than this (the end of a list, a send to one customer) is
/// walked without claiming it: the round trip would cost more than it saves.
const SMALLEST: usize = 32;

/// How long a segment set aside waits before it is asked about again, at
/// first and at most.
const FIRST_WAIT: Duration = Duration::from_millis(5);
const LONGEST_WAIT: Duration = Duration::from_millis(200);

/// How long a segment is set aside at most. A live sender may hold a segment
/// it no longer walks (its send was dropped) until its lease ends; past this,
/// the segment is walked delivery by delivery, where what the other sender
/// is still making counts as pending and the rest is made here.
const SET_ASIDE_AT_MOST: Duration = Duration::from_secs(30);

/// One piece of a send's work, done.
pub(super) enum Step<'a> {
    /// A delivery of walk `walk` ended; `made` when this walk saw it made.
    Delivered {
        walk: Option<u64>,
        kind: ChannelKind,
        counts: Counts,
        made: bool,
    },
    /// The ledger answered for a segment.
    Answered { part: Part, verdict: Verdict<'a> },
    /// The end of a walked segment was recorded (or could not be).
    Ended,
    /// Recipients in doubt were sorted: those to `tell`, and the addresses
    /// of the others, not subscribed; `weight` leaves the backlog.
    Sorted {
        tell: Vec<(Recipient, bool)>,
        not_subscribed: Vec<(ChannelKind, Counts)>,
        weight: usize,
    },
}

/// What to do with a segment.
pub(super) enum Verdict<'a> {
    /// Walk it; holding it in the ledger when `Some`.
    Walk(Option<Holding<'a>>),
    /// Made already: count it.
    Done,
    /// Another sender walks it: ask again later.
    Wait,
}

/// Recipients read and not yet walked.
pub(super) struct Part {
    /// Each with whether they hear of the incident first from this notice.
    pub(super) recipients: Vec<(Recipient, bool)>,
    /// The keys of their deliveries (one per address), in order.
    pub(super) keys: Vec<DeliveryKey>,
    /// How many.
    pub(super) deliveries: usize,
    /// `None` for a run too short to claim.
    id: Option<SegmentId>,
    /// Times it was set aside.
    waits: u32,
    /// When it was first set aside.
    aside_since: Option<tokio::time::Instant>,
}

/// The segment being read.
#[derive(Default)]
pub(super) struct Filling {
    recipients: Vec<(Recipient, bool)>,
    keys: Vec<DeliveryKey>,
}

impl Filling {
    /// Deliveries read into it.
    pub(super) fn deliveries(&self) -> usize {
        self.keys.len()
    }

    pub(super) fn is_empty(&self) -> bool {
        self.recipients.is_empty()
    }
}

impl Part {
    /// Whether it was set aside at least once.
    pub(super) fn set_aside(&self) -> bool {
        self.waits > 0
    }
}

/// A segment this process walks under its name in the ledger: while it
/// lives, no other send of this process asks for it.
pub(super) struct Holding<'a> {
    live: &'a Mutex<HashSet<SegmentId>>,
    id: SegmentId,
}

impl<'a> Holding<'a> {
    fn enter(live: &'a Mutex<HashSet<SegmentId>>, id: SegmentId) -> Option<Self> {
        let mut set = live.lock().unwrap_or_else(|p| p.into_inner());
        set.insert(id).then_some(Holding { live, id })
    }
}

impl Drop for Holding<'_> {
    fn drop(&mut self) {
        let mut set = self.live.lock().unwrap_or_else(|p| p.into_inner());
        set.remove(&self.id);
    }
}

/// The segments being walked, by number.
#[derive(Default)]
pub(super) struct Walks<'a> {
    next: u64,
    open: HashMap<u64, Walking<'a>>,
}

struct Walking<'a> {
    holding: Holding<'a>,
    /// Deliveries not ended yet.
    left: usize,
    /// Every delivery ended so far was made.
    made: bool,
}

impl<'a> Walks<'a> {
    /// A walk of `deliveries`; numbered when the segment is held, so its end
    /// can be recorded.
    pub(super) fn start(&mut self, holding: Option<Holding<'a>>, deliveries: usize) -> Option<u64> {
        let holding = holding?;
        self.next += 1;
        let walking = Walking {
            holding,
            left: deliveries,
            made: true,
        };
        self.open.insert(self.next, walking);
        Some(self.next)
    }

    /// Counts a delivery of walk `walk` ended; when it was the last, the
    /// segment and whether every delivery in it was made.
    pub(super) fn delivered(
        &mut self,
        walk: Option<u64>,
        made: bool,
    ) -> Option<(Holding<'a>, bool)> {
        let number = walk?;
        let walking = self.open.get_mut(&number)?;
        walking.left = walking.left.saturating_sub(1);
        walking.made &= made;
        if walking.left > 0 {
            return None;
        }
        let walking = self.open.remove(&number)?;
        Some((walking.holding, walking.made))
    }
}

impl Inner {
    /// Adds `recipient` to the segment being read.
    pub(super) fn fill(
        &self,
        filling: &mut Filling,
        notice: &Notice,
        (recipient, joins_late): (Recipient, bool),
    ) {
        for address in &recipient.addresses {
            filling
                .keys
                .push(DeliveryKey::new(notice, &recipient, address));
        }
        filling.recipients.push((recipient, joins_late));
    }

    /// The segment read so far, leaving `filling` empty; named when the
    /// ledger keeps segments and it is long enough to be worth asking.
    pub(super) fn take(&self, filling: &mut Filling) -> Part {
        let Filling { recipients, keys } = std::mem::take(filling);
        let id = (self.segments && keys.len() >= SMALLEST).then(|| {
            let mut digest = SegmentDigest::default();
            for key in &keys {
                let way = match self.channels.get(&key.channel) {
                    None => Way::Unconfigured,
                    Some(channel) if channel.outbox() => Way::Outbox,
                    Some(_) => Way::Deliver,
                };
                digest.add(key, way);
            }
            digest.finish()
        });
        Part {
            recipients,
            deliveries: keys.len(),
            keys,
            id,
            waits: 0,
            aside_since: None,
        }
    }

    /// Makes one delivery of walk `walk`.
    pub(super) fn walk_one(
        &self,
        walk: Option<u64>,
        delivery: Delivery,
    ) -> impl Future<Output = Step<'_>> + Send + '_ {
        let kind = delivery.key.channel.clone();
        let made = self.deliver_made(delivery, Origin::Send);
        made.map(move |(counts, made)| Step::Delivered {
            walk,
            kind,
            counts,
            made,
        })
    }

    /// Asks the ledger about a segment.
    pub(super) async fn ask(&self, part: Part) -> Step<'_> {
        let Some(id) = part.id else {
            return Step::Answered {
                part,
                verdict: Verdict::Walk(None),
            };
        };
        // Another send of this process is on it: wait for it as for another
        // sender.
        let Some(holding) = Holding::enter(&self.live_segments, id) else {
            return Step::Answered {
                part,
                verdict: Verdict::Wait,
            };
        };
        let now = Timestamp::now();
        let request = SegmentRequest {
            segment: &id,
            owner: &self.owner,
            lease_until: self.lease_until(now),
            now,
            // Held under our name by no send of this process: abandoned.
            take_over: true,
        };
        let claimed = match self.ledger.segments() {
            Some(segments) => segments.claim_segment(&request).await,
            None => Ok(SegmentClaim::Walk),
        };
        let verdict = match claimed {
            Ok(SegmentClaim::Walk) => Verdict::Walk(Some(holding)),
            Ok(SegmentClaim::Done) => Verdict::Done,
            Ok(SegmentClaim::HeldElsewhere { .. }) => Verdict::Wait,
            Err(err) => {
                tracing::warn!(
                    segment = %id,
                    "walking the segment without holding it: the ledger could not claim it: {err}"
                );
                Verdict::Walk(None)
            }
        };
        Step::Answered { part, verdict }
    }

    /// Asks about a segment set aside again, after a wait that grows each
    /// time.
    pub(super) async fn ask_later(&self, mut part: Part) -> Step<'_> {
        let wait = FIRST_WAIT
            .saturating_mul(1u32 << part.waits.min(16))
            .min(LONGEST_WAIT);
        part.waits = part.waits.saturating_add(1);
        let since = *part
            .aside_since
            .get_or_insert_with(tokio::time::Instant::now);
        tokio::time::sleep(wait).await;
        if since.elapsed() >= SET_ASIDE_AT_MOST {
            return Step::Answered {
                part,
                verdict: Verdict::Walk(None),
            };
        }
        self.ask(part).await
    }

    /// Counts the deliveries of a segment already made.
    pub(super) fn count_made(&self, part: Part, report: &mut Report) {
        let duplicate = Counts {
            duplicate: 1,
            ..Counts::default()
        };
        for key in &part.keys {
            self.emit(key, EventKind::Duplicate);
            report.add(&key.channel, &duplicate);
        }
    }

    /// Records the end of a walked segment.
    pub(super) async fn end(&self, holding: Holding<'_>, made: bool) -> Step<'_> {
        let end = SegmentEnd {
            segment: &holding.id,
            owner: &self.owner,
            done: made,
        };
        let ended = match self.ledger.segments() {
            Some(segments) => segments.end_segment(&end).await,
            None => Ok(()),
        };
        if let Err(err) = ended {
            tracing::warn!(segment = %holding.id, "cannot record the end of the segment: {err}");
        }
        Step::Ended
    }
}
