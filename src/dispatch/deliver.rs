//! One delivery: wait for its channel, claim it in the ledger, hand it to
//! the channel, retry transient failures, record the outcome.
//!
//! The order matters. A delivery waits for its channel's place (a share of
//! the channel's concurrency, an SMTP connection) and its rate-limit token
//! *before* it is claimed, so a claim is never held by a delivery that is
//! only queueing; once claimed, its lease is renewed for as long as it is
//! worked on, and before every later attempt the ledger is asked again
//! whether a newer revision went to the same address.

use std::collections::HashSet;
use std::panic::AssertUnwindSafe;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use futures_util::FutureExt;
use futures_util::future::Either;
use jiff::{SignedDuration, Timestamp};
use tokio::sync::SemaphorePermit;
use tokio::sync::futures::Notified;
use tracing::Instrument;

use super::breaker::{Admission, Breaker};
use super::{Counts, EventKind, Inner};
use crate::channel::Channel;
use crate::delivery::{Delivery, DeliveryError, DeliveryKey, Receipt};
use crate::ledger::{Claim, ClaimRequest, Completion, Due, Lease, Outcome, Renewal};

/// `now + wait`, saturating: no setting or answer from a peer can overflow it.
pub(crate) fn later(now: Timestamp, wait: Duration) -> Timestamp {
    let wait = SignedDuration::try_from(wait).unwrap_or(SignedDuration::MAX);
    now.checked_add(wait).unwrap_or(Timestamp::MAX)
}

/// A claim held by this delivery.
#[derive(Debug, Clone, Copy)]
struct Held {
    earlier_claims: u32,
}

impl Inner {
    fn lease_until(&self, now: Timestamp) -> Timestamp {
        later(now, self.lease)
    }

    /// This sender's lease on `key`, extended from now.
    fn renewal<'a>(&'a self, key: &'a DeliveryKey, before_attempt: bool) -> Renewal<'a> {
        let now = Timestamp::now();
        Renewal {
            key,
            owner: &self.owner,
            lease_until: self.lease_until(now),
            now,
            before_attempt,
        }
    }

    fn claim_request<'a>(&'a self, delivery: &'a Delivery, outbox: bool) -> ClaimRequest<'a> {
        let now = Timestamp::now();
        ClaimRequest {
            key: &delivery.key,
            owner: &self.owner,
            lease_until: self.lease_until(now),
            now,
            take_over: false,
            recipient: &delivery.recipient,
            outbox,
        }
    }

    /// Closes a due delivery that cannot be made any more.
    pub(super) async fn give_up(&self, due: &Due, reason: &str) -> Counts {
        let now = Timestamp::now();
        let request = ClaimRequest {
            key: &due.key,
            owner: &self.owner,
            lease_until: self.lease_until(now),
            now,
            take_over: false,
            recipient: &due.recipient,
            outbox: false,
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
        let Some(channel) = self.channels.get(&key.channel) else {
            self.emit(key, EventKind::Unconfigured);
            return Counts {
                unconfigured: 1,
                ..Counts::default()
            };
        };
        let Some(_live) = LiveClaim::enter(&self.live, key) else {
            // The same delivery listed twice: the task already on it counts
            // its outcome.
            self.emit(key, EventKind::Duplicate);
            return Counts {
                duplicate: 1,
                ..Counts::default()
            };
        };
        // A delivery that is due again is left untouched while its channel
        // is paused, so waiting costs it no step of the retry schedule.
        if origin == Origin::Due
            && let Some(Admission::Paused { reason, left }) =
                self.breakers.get(&key.channel).map(Breaker::admit)
        {
            return self.pending(key, later(Timestamp::now(), left), reason);
        }
        self.attempts(&**channel, &delivery).await
    }

    /// The attempts of one delivery, from waiting for its channel to the
    /// recorded outcome.
    async fn attempts(&self, channel: &dyn Channel, delivery: &Delivery) -> Counts {
        let key = &delivery.key;
        let outbox = channel.outbox();
        let started = Instant::now();
        let mut held: Option<Held> = None;
        let mut reclaimed = false;
        let mut made = 0u32;
        loop {
            let admission = self.breakers.get(&key.channel).map(Breaker::admit);
            let ticket = match admission {
                Some(Admission::Paused { reason, left }) => {
                    return self
                        .paused(delivery, held, made, reason, left, outbox)
                        .await;
                }
                Some(Admission::Go(ticket)) => Some(ticket),
                None => None,
            };
            // Taken before waiting on anything, so a pause that comes while
            // this delivery waits (for its place, a token, a connection)
            // reaches it.
            let pausing = self.breakers.get(&key.channel).map(Breaker::pausing);
            let Some(place) = unless_paused(self.place(key), pausing).await else {
                // Called back while waiting: the next turn leaves it to the
                // ledger's schedule.
                continue;
            };
            // Claimed only now that it is ready to go; before a later
            // attempt, asked again whether it should still be made.
            match held {
                None => match self.claim(delivery, outbox).await {
                    Ok((claim, was_reclaimed)) => {
                        held = Some(claim);
                        reclaimed = was_reclaimed;
                    }
                    Err(counts) => return counts,
                },
                Some(_) => {
                    if let Some(counts) = self.still_ours(key).await {
                        return counts;
                    }
                }
            }
            let earlier_claims = held.map_or(0, |h| h.earlier_claims);
            made = made.saturating_add(1);
            let pausing = self.breakers.get(&key.channel).map(Breaker::pausing);
            let span = tracing::debug_span!("deliver", delivery = %key, attempt = made);
            let attempt = self
                .renewing(key, self.attempt(channel, delivery))
                .instrument(span);
            let result = unless_paused(attempt, pausing).await;
            drop(place);
            let Some(result) = result else {
                made -= 1;
                continue;
            };
            let error = match result {
                Ok(receipt) => {
                    if let Some(ticket) = ticket {
                        ticket.answered();
                    }
                    let mut counts = self.made(key, made, receipt, outbox).await;
                    counts.reclaimed = u64::from(reclaimed);
                    return counts;
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
            // A peer's Retry-After is clamped to the longest wait this
            // policy knows: an endpoint cannot park a delivery for years.
            let retry_after = error.retry_after().map(|d| self.retry.clamp(d));
            let delay = retry_after.unwrap_or_else(|| self.retry.delay(made));
            if made < self.retry.max_attempts()
                && started.elapsed().saturating_add(delay) <= self.retry.total_budget()
            {
                self.emit(
                    key,
                    EventKind::Retrying {
                        attempt: made,
                        delay,
                        reason,
                    },
                );
                self.renewing(key, tokio::time::sleep(delay)).await;
                continue;
            }
            let not_before = retry_after.unwrap_or_default();
            return self
                .defer(key, made, earlier_claims, reason, not_before)
                .await;
        }
    }

    /// Waits for a place on the delivery's channel and a rate-limit token.
    async fn place(&self, key: &DeliveryKey) -> Option<SemaphorePermit<'_>> {
        let place = match self.places.get(&key.channel) {
            Some(places) => places.acquire().await.ok(),
            None => None,
        };
        if let Some(bucket) = self.limits.get(&key.channel) {
            bucket.acquire().await;
        }
        place
    }

    /// Claims a delivery that is ready to go; any answer but a claim ends it
    /// with its count.
    async fn claim(&self, delivery: &Delivery, outbox: bool) -> Result<(Held, bool), Counts> {
        let key = &delivery.key;
        let mut request = self.claim_request(delivery, outbox);
        let mut claim = self.ledger.claim(&request).await;
        if matches!(&claim, Ok(Claim::HeldElsewhere { owner, .. }) if *owner == self.owner) {
            // Ours, but no task of ours is on it: a dropped send left it.
            request.take_over = true;
            claim = self.ledger.claim(&request).await;
        }
        match claim {
            Err(err) => {
                let reason = format!("not attempted: the ledger could not claim it: {err}");
                self.emit(key, EventKind::Failed { reason });
                Err(Counts {
                    failed: 1,
                    ..Counts::default()
                })
            }
            Ok(Claim::AlreadySent) => {
                self.emit(key, EventKind::Duplicate);
                Err(Counts {
                    duplicate: 1,
                    ..Counts::default()
                })
            }
            Ok(Claim::Stale { newer }) => {
                self.emit(key, EventKind::Stale { newer });
                Err(Counts {
                    stale: 1,
                    ..Counts::default()
                })
            }
            Ok(Claim::HeldElsewhere { until, .. }) => {
                self.emit(key, EventKind::HeldElsewhere);
                Err(Counts {
                    pending: 1,
                    next_retry_at: Some(until),
                    ..Counts::default()
                })
            }
            Ok(Claim::Claimed {
                earlier_claims,
                reclaimed,
                ..
            }) => {
                self.emit(key, EventKind::Claimed { reclaimed });
                Ok((Held { earlier_claims }, reclaimed))
            }
        }
    }

    /// Before a later attempt: is the claim still ours, and is no newer
    /// revision gone to the address? `None` to go on.
    async fn still_ours(&self, key: &DeliveryKey) -> Option<Counts> {
        match self.ledger.renew(&self.renewal(key, true)).await {
            Ok(Lease::Held) => None,
            Ok(Lease::Superseded { newer }) => {
                self.emit(key, EventKind::Stale { newer });
                Some(Counts {
                    stale: 1,
                    ..Counts::default()
                })
            }
            Ok(_) => {
                // Taken over by a sender that thought this one gone: it
                // makes the delivery now.
                self.emit(key, EventKind::HeldElsewhere);
                Some(Counts {
                    pending: 1,
                    ..Counts::default()
                })
            }
            Err(err) => {
                let reason =
                    format!("not attempted again: the ledger could not renew its claim: {err}");
                self.emit(key, EventKind::Failed { reason });
                Some(Counts {
                    failed: 1,
                    ..Counts::default()
                })
            }
        }
    }

    /// Runs `work` while renewing the delivery's lease, so a claim outlives
    /// waits and attempts longer than the lease for as long as this sender
    /// runs.
    async fn renewing<T>(&self, key: &DeliveryKey, work: impl Future<Output = T>) -> T {
        let every = self.lease / 3;
        let renew = async {
            loop {
                tokio::time::sleep(every).await;
                if let Err(err) = self.ledger.renew(&self.renewal(key, false)).await {
                    tracing::warn!(delivery = %key, "cannot renew the lease: {err}");
                }
            }
        };
        let work = std::pin::pin!(work);
        let renew = std::pin::pin!(renew);
        match futures_util::future::select(work, renew).await {
            Either::Left((result, _)) => result,
            Either::Right((never, _)) => never,
        }
    }

    /// One call of the channel, under the dispatcher's attempt timeout, with
    /// a panic inside the channel turned into a failure of this delivery.
    async fn attempt(
        &self,
        channel: &dyn Channel,
        delivery: &Delivery,
    ) -> Result<Receipt, DeliveryError> {
        let call = AssertUnwindSafe(channel.deliver(delivery)).catch_unwind();
        match tokio::time::timeout(self.attempt_timeout, call).await {
            Err(_) => Err(DeliveryError::transient(format!(
                "the {} channel gave no answer within {} s",
                delivery.key.channel,
                self.attempt_timeout.as_secs_f32()
            ))),
            Ok(Err(panic)) => {
                let what = panic
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_owned())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "no message".to_owned());
                tracing::error!(delivery = %delivery.key, "the channel panicked: {what}");
                Err(DeliveryError::permanent(format!(
                    "the {} channel failed unexpectedly (it panicked: {what})",
                    delivery.key.channel
                )))
            }
            Ok(Ok(result)) => result,
        }
    }

    /// Records a delivery the channel made (or wrote to its outbox).
    async fn made(&self, key: &DeliveryKey, made: u32, receipt: Receipt, outbox: bool) -> Counts {
        let detail = receipt.detail;
        let mut counts = Counts::default();
        let (outcome, event) = if outbox {
            counts.outboxed = 1;
            let outcome = Outcome::Outboxed {
                detail: detail.clone(),
            };
            (outcome, EventKind::Outboxed { detail })
        } else {
            counts.sent = 1;
            let outcome = Outcome::Sent {
                detail: detail.clone(),
            };
            (outcome, EventKind::Sent { detail })
        };
        self.complete(key, made, outcome).await;
        self.emit(key, event);
        counts
    }

    /// A paused channel: a delivery not yet claimed is claimed so that the
    /// ledger holds it for later, then (like a claimed one) deferred.
    async fn paused(
        &self,
        delivery: &Delivery,
        held: Option<Held>,
        made: u32,
        reason: String,
        left: Duration,
        outbox: bool,
    ) -> Counts {
        let held = match held {
            Some(held) => held,
            None => match self.claim(delivery, outbox).await {
                Ok((held, _)) => held,
                Err(counts) => return counts,
            },
        };
        self.defer(&delivery.key, made, held.earlier_claims, reason, left)
            .await
    }

    /// Counts a delivery that waits for its channel, untouched in the ledger.
    fn pending(&self, key: &DeliveryKey, retry_at: Timestamp, reason: String) -> Counts {
        self.emit(key, EventKind::Deferred { retry_at, reason });
        Counts {
            pending: 1,
            next_retry_at: Some(retry_at),
            ..Counts::default()
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
                made.saturating_add(earlier_claims)
            );
            return self.fail(key, made, reason).await;
        };
        let retry_at = later(Timestamp::now(), wait.max(not_before));
        self.complete(
            key,
            made,
            Outcome::Failed {
                reason: reason.clone(),
                retry_at: Some(retry_at),
            },
        )
        .await;
        self.pending(key, retry_at, reason)
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
        match self.ledger.complete(&completion).await {
            Ok(true) => {}
            // Another sender took the claim over (it thought this one gone)
            // and records the delivery itself.
            Ok(false) => tracing::warn!(
                delivery = %key,
                "not recorded: the claim was taken over by another sender"
            ),
            // The claim stays; when its lease ends the delivery comes due and
            // may be made again (with the same id, so receivers can drop it).
            Err(err) => tracing::error!(delivery = %key, "cannot record the outcome: {err}"),
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
