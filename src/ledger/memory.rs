//! A ledger in memory: for tests, previews and single-process senders that
//! need no record after they exit. It holds a row per delivery, so its memory
//! grows with the deliveries it records; use SQLite for large sends.

use std::collections::{BTreeSet, HashMap};
use std::sync::Mutex;

use async_trait::async_trait;
use jiff::Timestamp;

use super::{Claim, ClaimRequest, Completion, DeliveryState, Due, Ledger, LedgerEntry, Outcome};
use crate::channel::ChannelKind;
use crate::delivery::DeliveryKey;
use crate::error::StoreError;
use crate::notice::Notice;
use crate::recipient::Recipient;

/// Keeps the ledger in memory.
#[derive(Debug, Default)]
pub struct MemoryLedger {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    rows: HashMap<DeliveryKey, Row>,
    /// The revisions recorded per (incident, recipient, channel, address).
    revisions: HashMap<Place, BTreeSet<u32>>,
    notices: HashMap<(String, u32), Notice>,
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
    /// The newest revision above `key`'s that was sent, or is claimed under
    /// a live lease, at the same address.
    fn newer(&self, key: &DeliveryKey, now: Timestamp) -> Option<u32> {
        let revisions = self.revisions.get(&place(key))?;
        revisions
            .range(key.revision + 1..)
            .rev()
            .copied()
            .find(|&revision| {
                let row = &self.rows[&key.for_revision(revision)];
                row.state == DeliveryState::Sent
                    || (row.state == DeliveryState::Claimed
                        && row.due_at.is_some_and(|until| until > now))
            })
    }
}

#[async_trait]
impl Ledger for MemoryLedger {
    async fn record_notice(&self, notice: &Notice) -> Result<(), StoreError> {
        let key = (notice.incident.id.clone(), notice.revision);
        self.lock().notices.insert(key, notice.clone());
        Ok(())
    }

    async fn notice(&self, incident: &str, revision: u32) -> Result<Option<Notice>, StoreError> {
        Ok(self
            .lock()
            .notices
            .get(&(incident.to_owned(), revision))
            .cloned())
    }

    async fn claim(&self, req: &ClaimRequest<'_>) -> Result<Claim, StoreError> {
        let mut state = self.lock();
        if state
            .rows
            .get(req.key)
            .is_some_and(|row| row.state == DeliveryState::Sent)
        {
            return Ok(Claim::AlreadySent);
        }
        if let Some(newer) = state.newer(req.key, req.now) {
            return Ok(Claim::Stale { newer });
        }
        let claimed = |attempts, earlier_claims, reclaimed| Claim::Claimed {
            attempts,
            earlier_claims,
            reclaimed,
        };
        let answer = match state.rows.get_mut(req.key) {
            Some(row) => {
                let live = row.state == DeliveryState::Claimed
                    && row.due_at.is_some_and(|until| until > req.now);
                if live && !req.take_over {
                    return Ok(Claim::HeldElsewhere {
                        owner: row.owner.clone().unwrap_or_default(),
                        until: row.due_at.unwrap_or(req.now),
                    });
                }
                let answer = claimed(
                    row.attempts,
                    row.claims,
                    row.state == DeliveryState::Claimed,
                );
                row.state = DeliveryState::Claimed;
                row.owner = Some(req.owner.to_owned());
                row.due_at = Some(req.lease_until);
                row.claims += 1;
                row.updated_at = req.now;
                row.recipient = Some(req.recipient.clone());
                answer
            }
            None => {
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
                    },
                );
                state
                    .revisions
                    .entry(place(req.key))
                    .or_default()
                    .insert(req.key.revision);
                claimed(0, 0, false)
            }
        };
        Ok(answer)
    }

    async fn complete(&self, c: &Completion<'_>) -> Result<(), StoreError> {
        let mut state = self.lock();
        let Some(row) = state.rows.get_mut(c.key) else {
            return Ok(());
        };
        match &c.outcome {
            Outcome::Sent { detail } => {
                row.attempts += c.attempts;
                row.updated_at = c.now;
                row.state = DeliveryState::Sent;
                row.detail = Some(detail.clone());
                row.reason = None;
                row.due_at = None;
                row.owner = None;
                row.recipient = None;
            }
            Outcome::Failed { reason, retry_at } => {
                // Sent stays sent, and a claim another sender took over is
                // theirs to complete.
                let ours = row.owner.as_deref() == Some(c.owner);
                if row.state == DeliveryState::Sent
                    || (row.state == DeliveryState::Claimed && !ours)
                {
                    return Ok(());
                }
                row.attempts += c.attempts;
                row.updated_at = c.now;
                row.state = if retry_at.is_some() {
                    DeliveryState::Failed
                } else {
                    DeliveryState::GaveUp
                };
                row.reason = Some(reason.clone());
                row.due_at = *retry_at;
                row.owner = None;
                if retry_at.is_none() {
                    row.recipient = None;
                }
            }
        }
        Ok(())
    }

    async fn due(
        &self,
        now: Timestamp,
        after: Option<&Due>,
        limit: usize,
    ) -> Result<Vec<Due>, StoreError> {
        let state = self.lock();
        let after = after.map(|d| (d.due_at, &d.key));
        let mut due: Vec<(Timestamp, &DeliveryKey, &Recipient)> = state
            .rows
            .iter()
            .filter(|(_, row)| matches!(row.state, DeliveryState::Failed | DeliveryState::Claimed))
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
            })
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
