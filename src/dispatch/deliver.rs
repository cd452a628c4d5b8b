//! One delivery: wait for its channel, claim it in the ledger, hand it to
//! the channel, retry transient failures, record the outcome.
//!
//! The order matters. A delivery waits for its channel's place (a share of
//! the channel's concurrency, an SMTP connection) and its rate-limit token
//! *before* it is claimed, so a claim is never held by a delivery that is
//! only queueing; once claimed, its lease is renewed for as long as it is
//! worked on, and before every later attempt the ledger is asked again
//! whether a newer revision went to the same address.

use std::panic::AssertUnwindSafe;
use std::time::{Duration, Instant};

use futures_util::FutureExt;
use futures_util::future::Either;
use jiff::{SignedDuration, Timestamp};
use tokio::sync::SemaphorePermit;
use tokio::sync::futures::Notified;
use tracing::Instrument;

use super::breaker::{Admission, Breaker, Ticket};
use super::claim::{Held, LiveClaim};
use super::{Counts, EventKind, Inner};
use crate::channel::Channel;
use crate::delivery::{Delivery, DeliveryError, DeliveryKey, Receipt};

/// `now + wait`, saturating: no setting or answer from a peer can overflow it.
pub(crate) fn later(now: Timestamp, wait: Duration) -> Timestamp {
    let wait = SignedDuration::try_from(wait).unwrap_or(SignedDuration::MAX);
    now.checked_add(wait).unwrap_or(Timestamp::MAX)
}

impl Inner {
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
            // A pause that came while this delivery took its place or was
            // claimed reached no waiter: asked again, after the waiter for
            // the next one is in place.
            let pausing = self.breakers.get(&key.channel).map(Breaker::pausing);
            if let Some((reason, left)) = ticket.as_ref().and_then(Ticket::paused_since) {
                drop(place);
                return self
                    .paused(delivery, held, made, reason, left, outbox)
                    .await;
            }
            let earlier_claims = held.map_or(0, |h| h.earlier_claims);
            made = made.saturating_add(1);
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
