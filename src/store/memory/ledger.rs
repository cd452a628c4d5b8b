//! A ledger in memory: for tests, previews and single-process senders that
//! need no record after they exit. It holds a row per delivery, so its memory
//! grows with the deliveries it records; use SQLite for large sends.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Mutex;
use std::time::Duration;

use async_trait::async_trait;
use jiff::Timestamp;

use crate::delivery::DeliveryKey;
use crate::error::StoreError;
use crate::ledger::coverage::{self, Tally};
use crate::ledger::decision::{self, Decision, Standing};
use crate::ledger::promise;
use crate::ledger::{
    Backlog, BounceKept, BounceKind, BounceRecord, Claim, ClaimRequest, Completion, Coverage,
    DeliveryState, Due, Lease, Ledger, LedgerEntry, LedgerReader, Outcome, Overdue, Reminder,
    Renewal, SegmentClaim, SegmentEnd, SegmentId, SegmentRequest, Segments,
};
use crate::notice::Notice;
use crate::recipient::ChannelKind;
use crate::recipient::Recipient;
use crate::suppression::{Lift, Suppression};

/// Keeps the ledger in memory.
#[derive(Debug, Default)]
pub struct MemoryLedger {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    rows: HashMap<DeliveryKey, Row>,
    /// The revisions whose notice was recorded per (incident, recipient,
    /// channel, address); reminders are not in here (one is only kept for
    /// a notice that was sent).
    revisions: HashMap<Place, BTreeSet<u32>>,
    /// The places of each customer per incident: (incident, recipient).
    customers: HashMap<(String, String), Vec<Place>>,
    /// Customers outside a revision's audience: (incident, revision) to ids.
    not_subscribed: HashMap<(String, u32), HashSet<String>>,
    notices: HashMap<(String, u32), Notice>,
    /// Senders that entered and have not left.
    running: HashSet<String>,
    /// Senders that left: their claims are taken over at once.
    gone: HashSet<String>,
    segments: HashMap<SegmentId, Segment>,
    /// Oldest first.
    suppressions: Vec<Suppression>,
    /// Reports on email deliveries, by delivery and kind; with the address.
    bounces: HashMap<(DeliveryKey, BounceKind), (String, BounceRecord)>,
}

#[derive(Debug)]
enum Segment {
    Held { owner: String, until: Timestamp },
    Done,
}

type Place = (String, String, ChannelKind, String);

#[derive(Debug)]
struct Row {
    state: DeliveryState,
    owner: Option<String>,
    due_at: Option<Timestamp>,
    attempts: u32,
    claims: u32,
    reason: Option<String>,
    detail: Option<String>,
    updated_at: Timestamp,
    /// Kept only while the delivery may be made again.
    recipient: Option<Recipient>,
    /// Claims answered "already sent".
    duplicates: u64,
}

fn place(key: &DeliveryKey) -> Place {
    (
        key.incident.clone(),
        key.recipient.clone(),
        key.channel.clone(),
        key.address.clone(),
    )
}

impl MemoryLedger {
    /// An empty ledger.
    pub fn new() -> Self {
        MemoryLedger::default()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl State {
    /// Claimed under a lease that has not ended, by a sender not known to
    /// be gone.
    fn live(&self, row: &Row, now: Timestamp) -> bool {
        row.state == DeliveryState::Claimed
            && row.due_at.is_some_and(|until| until > now)
            && !row.owner.as_ref().is_some_and(|o| self.gone.contains(o))
    }

    /// Where the delivery of `key` stands, if it was seen.
    fn standing(&self, key: &DeliveryKey, now: Timestamp) -> Option<Standing> {
        let row = self.rows.get(key)?;
        Some(Standing {
            state: row.state,
            live: self.live(row, now),
        })
    }

    /// The newest revision above `key`'s that overtakes it at the same
    /// address.
    fn newer(&self, key: &DeliveryKey, now: Timestamp, outbox: bool) -> Option<u32> {
        let revisions = self.revisions.get(&place(key))?;
        revisions
            .range(key.revision.saturating_add(1)..)
            .rev()
            .copied()
            .find(|&revision| {
                let row = &self.rows[&key.for_revision(revision)];
                row.state.overtakes(self.live(row, now), outbox)
            })
    }

    /// Closes a delivery a newer revision overtook.
    fn close_stale(&mut self, key: &DeliveryKey, newer: u32, now: Timestamp) {
        let Some(row) = self.rows.get_mut(key) else {
            return;
        };
        row.state = DeliveryState::Stale;
        row.reason = Some(decision::superseded(newer));
        row.due_at = None;
        row.owner = None;
        row.recipient = None;
        row.updated_at = now;
    }
}

#[async_trait]
impl Ledger for MemoryLedger {
    async fn told_before(
        &self,
        incident: &str,
        revision: u32,
        recipients: &[&str],
    ) -> Result<HashSet<String>, StoreError> {
        let state = self.lock();
        let told = |recipient: &str| {
            let customer = (incident.to_owned(), recipient.to_owned());
            let places = state.customers.get(&customer).into_iter().flatten();
            places.into_iter().any(|place| {
                let revisions = state.revisions.get(place).into_iter().flatten();
                revisions.take_while(|r| **r < revision).any(|r| {
                    let key = DeliveryKey {
                        incident: place.0.clone(),
                        recipient: place.1.clone(),
                        channel: place.2.clone(),
                        address: place.3.clone(),
                        revision: *r,
                        part: crate::Part::Notice,
                    };
                    state.rows.get(&key).is_some_and(|row| row.state.tells())
                })
            })
        };
        Ok(recipients
            .iter()
            .filter(|r| told(r))
            .map(|r| (*r).to_owned())
            .collect())
    }

    async fn record_not_subscribed(
        &self,
        incident: &str,
        revision: u32,
        recipients: &[&str],
    ) -> Result<(), StoreError> {
        let mut state = self.lock();
        let ids = state
            .not_subscribed
            .entry((incident.to_owned(), revision))
            .or_default();
        ids.extend(recipients.iter().map(|r| (*r).to_owned()));
        Ok(())
    }

    async fn record_notice(&self, notice: &Notice) -> Result<(), StoreError> {
        let key = (notice.incident.id.clone(), notice.revision);
        match self.lock().notices.entry(key) {
            std::collections::hash_map::Entry::Occupied(kept) => {
                crate::ledger::same_text(notice, kept.get())
            }
            std::collections::hash_map::Entry::Vacant(place) => {
                place.insert(notice.clone());
                Ok(())
            }
        }
    }

    async fn notice(&self, incident: &str, revision: u32) -> Result<Option<Notice>, StoreError> {
        Ok(self
            .lock()
            .notices
            .get(&(incident.to_owned(), revision))
            .cloned())
    }

    async fn enter(&self, owner: &str) -> Result<(), StoreError> {
        self.lock().running.insert(owner.to_owned());
        Ok(())
    }

    fn leave(&self, owner: &str) {
        let mut state = self.lock();
        if state.running.remove(owner) {
            state.gone.insert(owner.to_owned());
        }
    }

    async fn claim(&self, req: &ClaimRequest<'_>) -> Result<Claim, StoreError> {
        let mut state = self.lock();
        let this = state.standing(req.key, req.now);
        let newer = state.newer(req.key, req.now, req.outbox);
        // Only a claim of one's own is taken back over a live lease.
        let own = state.rows.get(req.key).and_then(|row| row.owner.as_deref()) == Some(req.owner);
        match decision::decide(this, newer, req.outbox, req.take_over && own) {
            Decision::Duplicate => {
                if let Some(row) = state.rows.get_mut(req.key) {
                    row.duplicates += 1;
                }
                Ok(Claim::AlreadyMade)
            }
            Decision::Stale { newer, close } => {
                if close {
                    state.close_stale(req.key, newer, req.now);
                }
                Ok(Claim::Stale { newer })
            }
            Decision::Held => {
                let row = state.rows.get(req.key);
                Ok(Claim::HeldElsewhere {
                    owner: row.and_then(|r| r.owner.clone()).unwrap_or_default(),
                    until: row.and_then(|r| r.due_at).unwrap_or(req.now),
                })
            }
            Decision::Reclaim => {
                let Some(row) = state.rows.get_mut(req.key) else {
                    return Err(StoreError::Database("a claimed row went missing".into()));
                };
                let (answer, claims) = decision::reclaim(row.state, row.attempts, row.claims);
                row.state = DeliveryState::Claimed;
                row.owner = Some(req.owner.to_owned());
                row.due_at = Some(req.lease_until);
                row.claims = claims;
                row.updated_at = req.now;
                row.recipient = Some(req.recipient.clone());
                Ok(answer)
            }
            Decision::Insert => {
                state.rows.insert(
                    req.key.clone(),
                    Row {
                        state: DeliveryState::Claimed,
                        owner: Some(req.owner.to_owned()),
                        due_at: Some(req.lease_until),
                        attempts: 0,
                        claims: 1,
                        reason: None,
                        detail: None,
                        updated_at: req.now,
                        recipient: Some(req.recipient.clone()),
                        duplicates: 0,
                    },
                );
                if !req.key.part.is_notice() {
                    return Ok(decision::FIRST_CLAIM);
                }
                let revisions = state.revisions.entry(place(req.key)).or_default();
                if revisions.is_empty() {
                    let customer = (req.key.incident.clone(), req.key.recipient.clone());
                    state
                        .customers
                        .entry(customer)
                        .or_default()
                        .push(place(req.key));
                }
                if let Some(revisions) = state.revisions.get_mut(&place(req.key)) {
                    revisions.insert(req.key.revision);
                }
                Ok(decision::FIRST_CLAIM)
            }
        }
    }

    async fn renew(&self, r: &Renewal<'_>) -> Result<Lease, StoreError> {
        let mut state = self.lock();
        let ours = state.rows.get(r.key).is_some_and(|row| {
            row.state == DeliveryState::Claimed && row.owner.as_deref() == Some(r.owner)
        });
        if !ours {
            return Ok(Lease::Lost);
        }
        if let Some(newer) = state
            .newer(r.key, r.now, false)
            .filter(|_| r.before_attempt)
        {
            state.close_stale(r.key, newer, r.now);
            return Ok(Lease::Superseded { newer });
        }
        if let Some(row) = state.rows.get_mut(r.key) {
            row.due_at = Some(r.lease_until);
        }
        Ok(Lease::Held)
    }

    async fn complete(&self, c: &Completion<'_>) -> Result<bool, StoreError> {
        let mut state = self.lock();
        let Some(row) = state.rows.get_mut(c.key) else {
            return Ok(false);
        };
        if row.state != DeliveryState::Claimed || row.owner.as_deref() != Some(c.owner) {
            return Ok(false);
        }
        row.attempts = row.attempts.saturating_add(c.attempts);
        row.updated_at = c.now;
        row.owner = None;
        row.state = c.outcome.state();
        match &c.outcome {
            Outcome::Sent { detail } | Outcome::Outboxed { detail } => {
                row.detail = Some(detail.clone());
                row.reason = None;
                row.due_at = None;
                row.recipient = None;
            }
            Outcome::Failed { reason, retry_at } => {
                row.reason = Some(reason.clone());
                row.due_at = *retry_at;
                if retry_at.is_none() {
                    row.recipient = None;
                }
            }
            Outcome::Overtaken { reason } | Outcome::Suppressed { reason } => {
                row.reason = Some(reason.clone());
                row.due_at = None;
                row.recipient = None;
            }
        }
        Ok(true)
    }

    async fn schedule(&self, reminders: &[Reminder<'_>]) -> Result<(), StoreError> {
        let mut state = self.lock();
        for reminder in reminders {
            state
                .rows
                .entry(reminder.key.clone())
                .or_insert_with(|| Row {
                    state: DeliveryState::Scheduled,
                    owner: None,
                    due_at: Some(reminder.due_at),
                    attempts: 0,
                    claims: 0,
                    reason: None,
                    detail: None,
                    updated_at: reminder.now,
                    recipient: Some(reminder.recipient.clone()),
                    duplicates: 0,
                });
        }
        Ok(())
    }

    async fn suppress(&self, suppression: &Suppression) -> Result<(), StoreError> {
        let mut state = self.lock();
        let same = |s: &Suppression| {
            s.recipient == suppression.recipient
                && s.channel == suppression.channel
                && s.address == suppression.address
                && s.scope == suppression.scope
        };
        if !state.suppressions.iter().any(same) {
            state.suppressions.push(suppression.clone());
        }
        Ok(())
    }

    async fn record_bounce(
        &self,
        key: &DeliveryKey,
        bounce: &BounceRecord,
    ) -> Result<BounceKept, StoreError> {
        let mut state = self.lock();
        let mut kept = BounceKept::default();
        let entry = (key.clone(), bounce.kind);
        if let std::collections::hash_map::Entry::Vacant(new) = state.bounces.entry(entry) {
            new.insert((key.address.clone(), bounce.clone()));
            kept.new = true;
        }
        if bounce.kind == BounceKind::Failed
            && let Some(row) = state.rows.get_mut(key)
            && row.state == DeliveryState::Sent
        {
            row.state = DeliveryState::Bounced;
            row.reason = Some(bounce.reason());
            row.updated_at = bounce.reported_at;
            kept.bounced = true;
        }
        let transient: HashSet<&DeliveryKey> = state
            .bounces
            .iter()
            .filter(|((_, _), (address, b))| *address == key.address && b.is_transient())
            .map(|((k, _), _)| k)
            .collect();
        kept.transient_deliveries = transient.len() as u64;
        Ok(kept)
    }

    async fn lift(&self, lift: &Lift) -> Result<u64, StoreError> {
        let mut state = self.lock();
        let before = state.suppressions.len();
        state.suppressions.retain(|s| !lift.lifts(s));
        Ok((before - state.suppressions.len()) as u64)
    }

    async fn latest_revision(&self, incident: &str) -> Result<Option<u32>, StoreError> {
        let state = self.lock();
        Ok(state
            .notices
            .keys()
            .filter(|(i, _)| i == incident)
            .map(|(_, r)| *r)
            .max())
    }

    async fn due(
        &self,
        now: Timestamp,
        after: Option<&Due>,
        limit: usize,
    ) -> Result<Vec<Due>, StoreError> {
        let mut state = self.lock();
        if after.is_none() {
            // A sender that left is not coming back: its claims are due now.
            let State { rows, gone, .. } = &mut *state;
            for row in rows.values_mut() {
                let theirs = row.owner.as_ref().is_some_and(|o| gone.contains(o));
                if row.state == DeliveryState::Claimed && theirs {
                    row.due_at = row.due_at.map(|at| at.min(now));
                }
            }
        }
        let after = after.map(|d| (d.due_at, &d.key));
        let mut due: Vec<(Timestamp, &DeliveryKey, &Recipient)> = state
            .rows
            .iter()
            .filter(|(_, row)| row.state.is_open())
            .filter_map(|(key, row)| {
                let at = row.due_at.filter(|at| *at <= now)?;
                Some((at, key, row.recipient.as_ref()?))
            })
            .filter(|(at, key, _)| after.is_none_or(|after| (*at, *key) > after))
            .collect();
        due.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)));
        Ok(due
            .into_iter()
            .take(limit)
            .map(|(due_at, key, recipient)| Due {
                key: key.clone(),
                due_at,
                recipient: recipient.clone(),
                problem: None,
            })
            .collect())
    }

    fn segments(&self) -> Option<&dyn Segments> {
        Some(self)
    }

    async fn backlog(&self) -> Result<Backlog, StoreError> {
        let state = self.lock();
        let open = state
            .rows
            .values()
            .filter(|row| row.state.is_open() && row.recipient.is_some());
        let mut backlog = Backlog::default();
        let earliest = |a: Option<Timestamp>, b: Option<Timestamp>| match (a, b) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        for row in open {
            if row.state == DeliveryState::Scheduled {
                backlog.scheduled += 1;
                backlog.next_scheduled = earliest(backlog.next_scheduled, row.due_at);
            } else {
                backlog.pending += 1;
                backlog.next_due = earliest(backlog.next_due, row.due_at);
            }
        }
        Ok(backlog)
    }
}

#[async_trait]
impl LedgerReader for MemoryLedger {
    async fn notices(&self) -> Result<Vec<Notice>, StoreError> {
        Ok(self.lock().notices.values().cloned().collect())
    }

    async fn email_deliveries(&self, address: &str) -> Result<Vec<DeliveryKey>, StoreError> {
        let state = self.lock();
        let mut keys: Vec<DeliveryKey> = state
            .rows
            .keys()
            .filter(|k| k.channel == ChannelKind::Email && k.address == address)
            .cloned()
            .collect();
        keys.sort_by(|a, b| (&a.incident, a.revision).cmp(&(&b.incident, b.revision)));
        Ok(keys)
    }

    async fn coverage(
        &self,
        incident: &str,
        revision: Option<u32>,
    ) -> Result<Coverage, StoreError> {
        let state = self.lock();
        let notices = state
            .notices
            .iter()
            .filter(|((i, _), _)| i == incident)
            .map(|((_, r), n)| (*r, (n.status, n.published_at)))
            .collect();
        let mut rows: Vec<(&DeliveryKey, &Row)> = state
            .rows
            .iter()
            .filter(|(k, _)| k.incident == incident && revision.is_none_or(|r| k.revision >= r))
            .collect();
        rows.sort_by(|a, b| a.0.recipient.cmp(&b.0.recipient));
        let mut tally = Tally::new(incident, notices);
        let not_subscribed = state
            .not_subscribed
            .iter()
            .filter(|((i, r), _)| i == incident && revision.is_none_or(|only| *r == only))
            .map(|((_, r), ids)| {
                let with_delivery = |id: &String| {
                    let customer = (incident.to_owned(), id.clone());
                    let places = state.customers.get(&customer).into_iter().flatten();
                    places
                        .into_iter()
                        .any(|place| state.revisions.get(place).is_some_and(|s| s.contains(r)))
                };
                (
                    *r,
                    ids.iter().filter(|id| !with_delivery(id)).count() as u64,
                )
            });
        tally.not_subscribed(not_subscribed);
        for (key, row) in rows {
            tally.add(coverage::Row {
                recipient: key.recipient.clone(),
                revision: key.revision,
                part: key.part,
                channel: key.channel.as_str().to_owned(),
                address: key.address.clone(),
                state: row.state,
                updated_at: row.updated_at,
                reason: row.reason.clone(),
                duplicates: row.duplicates,
            });
        }
        Ok(tally.finish(revision))
    }

    async fn overdue(
        &self,
        now: Timestamp,
        max_silence: Duration,
    ) -> Result<Vec<Overdue>, StoreError> {
        let state = self.lock();
        let mut latest: HashMap<&str, &Notice> = HashMap::new();
        for ((incident, revision), notice) in &state.notices {
            let slot = latest.entry(incident).or_insert(notice);
            if *revision > slot.revision {
                *slot = notice;
            }
        }
        let mut late: Vec<Overdue> = latest
            .values()
            .filter_map(|n| promise::overdue(n, now, max_silence))
            .collect();
        late.sort_by(|a, b| a.incident.cmp(&b.incident));
        Ok(late)
    }

    async fn suppressions(&self, recipient: Option<&str>) -> Result<Vec<Suppression>, StoreError> {
        let state = self.lock();
        Ok(state
            .suppressions
            .iter()
            .filter(|s| recipient.is_none_or(|r| s.recipient == r))
            .cloned()
            .collect())
    }

    async fn history(&self, recipient: &str) -> Result<Vec<LedgerEntry>, StoreError> {
        let state = self.lock();
        let mut entries: Vec<LedgerEntry> = state
            .rows
            .iter()
            .filter(|(key, _)| key.recipient == recipient)
            .map(|(key, row)| LedgerEntry {
                key: key.clone(),
                state: row.state,
                attempts: row.attempts,
                reason: row.reason.clone(),
                detail: row.detail.clone(),
                updated_at: row.updated_at,
                due_at: row.due_at,
            })
            .collect();
        entries.sort_by(|a, b| {
            b.updated_at
                .cmp(&a.updated_at)
                .then_with(|| a.key.cmp(&b.key))
        });
        Ok(entries)
    }
}

#[async_trait]
impl Segments for MemoryLedger {
    async fn claim_segment(&self, req: &SegmentRequest<'_>) -> Result<SegmentClaim, StoreError> {
        let mut state = self.lock();
        let held_by = match state.segments.get(req.segment) {
            Some(Segment::Done) => return Ok(SegmentClaim::Done),
            Some(Segment::Held { owner, until }) => {
                let mine = owner == req.owner;
                let live = *until > req.now && !state.gone.contains(owner);
                ((mine && !req.take_over) || (!mine && live)).then(|| owner.clone())
            }
            None => None,
        };
        if let Some(owner) = held_by {
            return Ok(SegmentClaim::HeldElsewhere { owner });
        }
        let held = Segment::Held {
            owner: req.owner.to_owned(),
            until: req.lease_until,
        };
        state.segments.insert(*req.segment, held);
        Ok(SegmentClaim::Walk)
    }

    async fn end_segment(&self, end: &SegmentEnd<'_>) -> Result<(), StoreError> {
        let mut state = self.lock();
        if let Some(Segment::Held { owner, .. }) = state.segments.get(end.segment)
            && owner == end.owner
        {
            if end.done {
                state.segments.insert(*end.segment, Segment::Done);
            } else {
                state.segments.remove(end.segment);
            }
        }
        Ok(())
    }
}
