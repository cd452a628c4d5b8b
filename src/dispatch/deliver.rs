//! One delivery: claim it in the ledger, hand it to its channel, retry
//! transient failures, record the outcome.

use std::collections::HashSet;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use futures_util::future::Either;
use jiff::{SignedDuration, Timestamp};
use tokio::sync::futures::Notified;
use tracing::Instrument;

use super::breaker::{Admission, Breaker, Ticket};
use super::{Counts, EventKind, Inner};
use crate::channel::Channel;
use crate::delivery::{Delivery, DeliveryKey};
use crate::ledger::{Claim, ClaimRequest, Completion, Due, Outcome};

impl Inner {
    /// Closes a due delivery that cannot be made any more.
    pub(super) async fn give_up(&self, due: &Due, reason: &str) -> Counts {
        let now = Timestamp::now();
        let request = ClaimRequest {
            key: &due.key,
            owner: &self.owner,
            lease_until: now + SignedDuration::try_from(self.lease).unwrap_or(SignedDuration::MAX),
            now,
            take_over: false,
            recipient: &due.recipient,
        };
        let reason = reason.to_owned();
        if let Ok(Claim::Claimed { .. }) = self.ledger.claim(&request).await {
            return self.fail(&due.key, 0, reason).await;
        }
        self.emit(&due.key, EventKind::Failed { reason });
        Counts {
            failed: 1,
            ..Counts::default()
        }
    }

    /// Claims, delivers (with retries) and records one delivery.
    pub(super) async fn deliver(&self, delivery: Delivery, origin: Origin) -> Counts {
        let key = &delivery.key;
        let mut counts = Counts::default();
        let Some(channel) = self.channels.get(&key.channel) else {
            self.emit(key, EventKind::Unconfigured);
            counts.unconfigured = 1;
            return counts;
        };
        let Some(_live) = LiveClaim::enter(&self.live, key) else {
            // This very delivery is being made by another task of ours.
            self.emit(key, EventKind::HeldElsewhere);
            counts.held_elsewhere = 1;
            return counts;
        };
        // A delivery that is due again is left untouched while its channel
        // is paused, so waiting costs it no step of the retry schedule.
        let mut admitted = None;
        if origin == Origin::Due {
            match self.breakers.get(&key.channel).map(Breaker::admit) {
                Some(Admission::Paused { reason, left }) => {
                    let retry_at = Timestamp::now()
                        + SignedDuration::try_from(left).unwrap_or(SignedDuration::MAX);
                    self.emit(key, EventKind::Deferred { retry_at, reason });
                    counts.deferred = 1;
                    return counts;
                }
                Some(Admission::Go(ticket)) => admitted = Some(ticket),
                None => {}
            }
        }
        let now = Timestamp::now();
        let mut request = ClaimRequest {
            key,
            owner: &self.owner,
            lease_until: now + SignedDuration::try_from(self.lease).unwrap_or(SignedDuration::MAX),
            now,
            take_over: false,
            recipient: &delivery.recipient,
        };
        let mut claim = self.ledger.claim(&request).await;
        if matches!(&claim, Ok(Claim::HeldElsewhere { owner, .. }) if *owner == self.owner) {
            // Ours, but no task of ours is on it: a dropped send left it.
            request.take_over = true;
            claim = self.ledger.claim(&request).await;
        }
        match claim {
            Err(err) => {
                let reason = format!("not attempted: {err}");
                self.emit(key, EventKind::Failed { reason });
                counts.failed = 1;
            }
            Ok(Claim::AlreadySent) => {
                self.emit(key, EventKind::Duplicate);
                counts.duplicate = 1;
            }
            Ok(Claim::Stale { newer }) => {
                // Close it, so a retry scheduled earlier stops coming due.
                let reason = format!("superseded by revision {newer}");
                self.complete(
                    key,
                    0,
                    Outcome::Failed {
                        reason,
                        retry_at: None,
                    },
                )
                .await;
                self.emit(key, EventKind::Stale { newer });
                counts.stale = 1;
            }
            Ok(Claim::HeldElsewhere { .. }) => {
                self.emit(key, EventKind::HeldElsewhere);
                counts.held_elsewhere = 1;
            }
            Ok(Claim::Claimed {
                earlier_claims,
                reclaimed,
                ..
            }) => {
                self.emit(key, EventKind::Claimed { reclaimed });
                counts = self
                    .attempt(&**channel, &delivery, earlier_claims, admitted)
                    .await;
                counts.reclaimed = u64::from(reclaimed);
            }
        }
        counts
    }

    /// Makes the attempts of one claimed delivery; `admitted` is the first
    /// one's admission when it was taken before the claim.
    async fn attempt(
        &self,
        channel: &dyn Channel,
        delivery: &Delivery,
        earlier_claims: u32,
        mut admitted: Option<Ticket<'_>>,
    ) -> Counts {
        let key = &delivery.key;
        let started = Instant::now();
        let mut made = 0;
        loop {
            let admission = admitted
                .take()
                .map(Admission::Go)
                .or_else(|| self.breakers.get(&key.channel).map(Breaker::admit));
            let ticket = match admission {
                Some(Admission::Paused { reason, left }) => {
                    return self.defer(key, made, earlier_claims, reason, left).await;
                }
                Some(Admission::Go(ticket)) => Some(ticket),
                None => None,
            };
            // Taken before waiting on anything, so a pause that comes while
            // this delivery waits (for a token, for a connection) reaches it.
            let pausing = self.breakers.get(&key.channel).map(Breaker::pausing);
            if let Some(bucket) = self.limits.get(&key.channel) {
                bucket.acquire().await;
            }
            made += 1;
            let span = tracing::debug_span!("deliver", delivery = %key, attempt = made);
            let attempt = channel.deliver(delivery).instrument(span);
            let Some(result) = unless_paused(attempt, pausing).await else {
                // Called back, not made: the next turn of the loop leaves it
                // to the ledger's schedule.
                made -= 1;
                continue;
            };
            let error = match result {
                Ok(receipt) => {
                    if let Some(ticket) = ticket {
                        ticket.answered();
                    }
                    self.complete(
                        key,
                        made,
                        Outcome::Sent {
                            detail: receipt.detail.clone(),
                        },
                    )
                    .await;
                    self.emit(
                        key,
                        EventKind::Sent {
                            detail: receipt.detail,
                        },
                    );
                    return Counts {
                        sent: 1,
                        ..Counts::default()
                    };
                }
                Err(error) => error,
            };
            let reason = error.reason().to_owned();
            if !error.is_transient() {
                // Says nothing about the channel (an address refused before
                // any server was asked, say): the ticket is dropped unused.
                return self.fail(key, made, reason).await;
            }
            if let Some(ticket) = ticket {
                ticket.failed(&reason);
            }
            let delay = error
                .retry_after()
                .unwrap_or_else(|| self.retry.delay(made));
            if made < self.retry.max_attempts()
                && started.elapsed() + delay <= self.retry.total_budget()
            {
                self.emit(
                    key,
                    EventKind::Retrying {
                        attempt: made,
                        delay,
                        reason,
                    },
                );
                tokio::time::sleep(delay).await;
                continue;
            }
            let not_before = error.retry_after().unwrap_or_default();
            return self
                .defer(key, made, earlier_claims, reason, not_before)
                .await;
        }
    }

    /// Leaves a delivery that failed transiently (or was not attempted) to
    /// the ledger's retry schedule, not sooner than `not_before` from now; or
    /// gives up when the schedule is used up.
    async fn defer(
        &self,
        key: &DeliveryKey,
        made: u32,
        earlier_claims: u32,
        reason: String,
        not_before: Duration,
    ) -> Counts {
        let Some(wait) = self.retry.later(earlier_claims) else {
            let reason = format!(
                "{reason} (gave up after {} attempts)",
                made + earlier_claims
            );
            return self.fail(key, made, reason).await;
        };
        let retry_at = Timestamp::now()
            + SignedDuration::try_from(wait.max(not_before)).unwrap_or(SignedDuration::MAX);
        self.complete(
            key,
            made,
            Outcome::Failed {
                reason: reason.clone(),
                retry_at: Some(retry_at),
            },
        )
        .await;
        self.emit(key, EventKind::Deferred { retry_at, reason });
        Counts {
            deferred: 1,
            ..Counts::default()
        }
    }

    /// Records a delivery as failed for good.
    async fn fail(&self, key: &DeliveryKey, made: u32, reason: String) -> Counts {
        self.complete(
            key,
            made,
            Outcome::Failed {
                reason: reason.clone(),
                retry_at: None,
            },
        )
        .await;
        self.emit(key, EventKind::Failed { reason });
        Counts {
            failed: 1,
            ..Counts::default()
        }
    }

    async fn complete(&self, key: &DeliveryKey, attempts: u32, outcome: Outcome) {
        let completion = Completion {
            key,
            owner: &self.owner,
            attempts,
            now: Timestamp::now(),
            outcome,
        };
        if let Err(err) = self.ledger.complete(&completion).await {
            // The claim stays; when its lease ends the delivery comes due and
            // may be made again (with the same id, so receivers can drop it).
            tracing::error!(delivery = %key, "cannot record the outcome: {err}");
        }
    }
}

/// Runs `attempt`, unless the channel is paused first (`pausing` completes):
/// then the attempt is dropped, wherever it was waiting.
async fn unless_paused<T>(
    attempt: impl Future<Output = T>,
    pausing: Option<Notified<'_>>,
) -> Option<T> {
    let Some(pausing) = pausing else {
        return Some(attempt.await);
    };
    let attempt = std::pin::pin!(attempt);
    let pausing = std::pin::pin!(pausing);
    match futures_util::future::select(attempt, pausing).await {
        Either::Left((result, _)) => Some(result),
        Either::Right(_) => None,
    }
}

/// Where a delivery comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Origin {
    /// A send: new, or made again by a later send of the same notice.
    Send,
    /// The ledger: due again ([`resume`](super::Dispatcher::resume)).
    Due,
}

/// Marks a delivery as being made by this process for as long as it lives.
struct LiveClaim<'a> {
    live: &'a Mutex<HashSet<DeliveryKey>>,
    key: DeliveryKey,
}

impl<'a> LiveClaim<'a> {
    fn enter(live: &'a Mutex<HashSet<DeliveryKey>>, key: &DeliveryKey) -> Option<Self> {
        let mut set = live.lock().unwrap_or_else(|p| p.into_inner());
        set.insert(key.clone()).then(|| LiveClaim {
            live,
            key: key.clone(),
        })
    }
}

impl Drop for LiveClaim<'_> {
    fn drop(&mut self) {
        let mut set = self.live.lock().unwrap_or_else(|p| p.into_inner());
        set.remove(&self.key);
    }
}
