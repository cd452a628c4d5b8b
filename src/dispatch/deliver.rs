//! One delivery, from waiting for its channel to its recorded outcome.
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
use jiff::Timestamp;
use tokio::sync::SemaphorePermit;
use tokio::sync::futures::Notified;
use tracing::Instrument;

use super::breaker::{Admission, Breaker, Ticket};
use super::race::{first, unless_paused};
use super::{Counts, EventKind, Inner, later};
use crate::channel::Channel;
use crate::delivery::{Delivery, DeliveryError, DeliveryKey, Receipt};

/// Where a delivery comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Origin {
    /// A send: new, or made again by a later send of the same notice.
    Send,
    /// The ledger: due again ([`resume`](super::Dispatcher::resume)).
    Due,
}

/// One delivery being made: the value that owns its life. It holds the
/// claim once taken, counts the attempts made under it, and asks the
/// dispatcher's policies at named points: the circuit breaker in
/// [`admit`](Making::admit), the channel's places and rate limit in
/// [`place`](Making::place), the attempt timeout in
/// [`attempt`](Making::attempt), the retry policy in
/// [`after_failure`](Making::after_failure). Its side of the ledger (claim,
/// lease, recorded outcome) is in `claim.rs`.
pub(super) struct Making<'a> {
    pub(super) inner: &'a Inner,
    channel: &'a dyn Channel,
    pub(super) delivery: &'a Delivery,
    /// The channel writes to an outbox instead of delivering.
    pub(super) outbox: bool,
    started: Instant,
    /// The claim, once taken.
    pub(super) held: Option<Held>,
    /// Whether the claim was taken over from a sender that stopped.
    pub(super) reclaimed: bool,
    /// Channel attempts made under this claim.
    pub(super) made: u32,
}

/// A claim held by a delivery being made.
#[derive(Debug, Clone, Copy)]
pub(super) struct Held {
    /// Claims made of it before this one, for the retry schedule.
    pub(super) earlier_claims: u32,
}

impl Inner {
    /// Claims, delivers (with retries) and records one delivery.
    pub(super) fn deliver(
        &self,
        delivery: Delivery,
        origin: Origin,
    ) -> impl Future<Output = Counts> + Send + '_ {
        self.deliver_made(delivery, origin)
            .map(|(counts, _)| counts)
    }

    /// [`deliver`](Inner::deliver), and whether this call saw the delivery
    /// made (sent, written to the outbox, or found made before). A delivery
    /// listed twice is not: the task already on it may still fail, so a
    /// segment that holds it is not done on its word.
    ///
    /// Not an `async fn`: the delivery is kept once, by the block, instead
    /// of once as an argument and once more as the body's own.
    #[expect(
        clippy::manual_async_fn,
        reason = "an async fn keeps its arguments twice"
    )]
    pub(super) fn deliver_made(
        &self,
        delivery: Delivery,
        origin: Origin,
    ) -> impl Future<Output = (Counts, bool)> + Send + '_ {
        async move {
            let key = &delivery.key;
            let Some(channel) = self.channels.get(&key.channel) else {
                self.emit(key, EventKind::Unconfigured);
                let counts = Counts {
                    unconfigured: 1,
                    ..Counts::default()
                };
                return (counts, false);
            };
            let Some(_live) = LiveClaim::enter(&self.live, key) else {
                // The same delivery listed twice: the task already on it counts
                // its outcome.
                self.emit(key, EventKind::Duplicate);
                let counts = Counts {
                    duplicate: 1,
                    ..Counts::default()
                };
                return (counts, false);
            };
            if let super::suppress::Check::Skip(counts) = self.check_suppressed(&delivery).await {
                // Not made: a segment holding it is not done on its account,
                // so a later send (the suppression lifted) asks again.
                return (counts, false);
            }
            // A delivery that is due again is left untouched while its channel
            // is paused, so waiting costs it no step of the retry schedule.
            if origin == Origin::Due
                && let Some(Admission::Paused { reason, left }) =
                    self.breakers.get(&key.channel).map(Breaker::admit)
            {
                let counts = self.pending(key, later(Timestamp::now(), left), reason);
                return (counts, false);
            }
            let counts = Making {
                inner: self,
                channel: &**channel,
                outbox: channel.outbox(),
                delivery: &delivery,
                started: Instant::now(),
                held: None,
                reclaimed: false,
                made: 0,
            }
            .run();
            let counts = counts.await;
            let made = counts.sent + counts.outboxed + counts.duplicate == counts.total();
            (counts, made)
        }
    }
}

impl<'a> Making<'a> {
    pub(super) fn key(&self) -> &'a DeliveryKey {
        &self.delivery.key
    }

    /// The attempts, until one ends the delivery.
    ///
    /// Not an `async fn`, which would keep `self` twice.
    #[expect(
        clippy::manual_async_fn,
        reason = "an async fn keeps its arguments twice"
    )]
    fn run(mut self) -> impl Future<Output = Counts> + Send + 'a {
        async move {
            loop {
                let ticket = match self.admit() {
                    Ok(ticket) => ticket,
                    Err((reason, left)) => return Box::pin(self.paused(reason, left)).await,
                };
                // Taken before waiting on anything, so a pause that comes while
                // this delivery waits (for its place, a token, a connection)
                // reaches it.
                let Some(place) = unless_paused(self.place(), self.pausing()).await else {
                    // Called back while waiting: the next turn leaves it to the
                    // ledger's schedule.
                    continue;
                };
                // Claimed only now that it is ready to go; before a later
                // attempt, asked again whether it should still be made.
                if let Err(counts) = self.hold().await {
                    return counts;
                }
                // A pause that came while this delivery took its place or was
                // claimed reached no waiter: asked again, after the waiter for
                // the next one is in place.
                let pausing = self.pausing();
                if let Some((reason, left)) = ticket.as_ref().and_then(Ticket::paused_since) {
                    drop(place);
                    return Box::pin(self.paused(reason, left)).await;
                }
                // A sender that lost its standing in a shared ledger stops its
                // attempts before anyone may take them over.
                let inner = self.inner;
                let lost = inner.ledger.lost(&inner.owner);
                // The loss is looked at first: an attempt that would start after
                // the deadline never starts.
                let result = match first(lost, self.attempt(pausing)).await {
                    Either::Right(result) => result,
                    Either::Left(()) => {
                        drop(place);
                        return self.abandoned();
                    }
                };
                drop(place);
                if result.is_some() {
                    self.made = self.made.saturating_add(1);
                }
                match result {
                    // Called back during the attempt: not counted as one.
                    None => continue,
                    Some(Ok(Receipt { detail, .. })) => {
                        if let Some(ticket) = ticket {
                            ticket.answered();
                        }
                        return self.made(detail).await;
                    }
                    Some(Err(error)) => {
                        if let Some(counts) = Box::pin(self.after_failure(error, ticket)).await {
                            return counts;
                        }
                    }
                }
            }
        }
    }

    /// The circuit breaker: a ticket to go (none when the channel has no
    /// breaker), or the pause the channel is in.
    fn admit(&self) -> Result<Option<Ticket<'a>>, (String, Duration)> {
        match self
            .inner
            .breakers
            .get(&self.key().channel)
            .map(Breaker::admit)
        {
            Some(Admission::Paused { reason, left }) => Err((reason, left)),
            Some(Admission::Go(ticket)) => Ok(Some(ticket)),
            None => Ok(None),
        }
    }

    /// Completes when the channel's next pause begins.
    fn pausing(&self) -> Option<Notified<'a>> {
        let breakers = &self.inner.breakers;
        breakers.get(&self.key().channel).map(Breaker::pausing)
    }

    /// Waits for a place on the delivery's channel and a rate-limit token.
    async fn place(&self) -> Option<SemaphorePermit<'a>> {
        let inner = self.inner;
        let channel = &self.key().channel;
        let place = match inner.places.get(channel) {
            Some(places) => places.acquire().await.ok(),
            None => None,
        };
        if let Some(bucket) = inner.limits.get(channel) {
            bucket.acquire().await;
        }
        place
    }

    /// Takes the claim, or before a later attempt makes sure it is still
    /// this delivery's to make.
    async fn hold(&mut self) -> Result<(), Counts> {
        match self.held {
            None => {
                let (held, reclaimed) = self.claim().await?;
                self.held = Some(held);
                self.reclaimed = reclaimed;
                Ok(())
            }
            Some(_) => match self.still_ours().await {
                Some(counts) => Err(counts),
                None => Ok(()),
            },
        }
    }

    /// One call of the channel, under the dispatcher's attempt timeout, with
    /// the lease renewed meanwhile and a panic inside the channel turned
    /// into a failure of this delivery; `None` when the channel was paused
    /// first (`pausing` completed) and the attempt dropped.
    fn attempt(
        &self,
        pausing: Option<Notified<'a>>,
    ) -> impl Future<Output = Option<Result<Receipt, DeliveryError>>> + Send + '_ {
        let (key, attempt) = (self.key(), self.made.saturating_add(1));
        let span = tracing::debug_span!("deliver", delivery = %key, attempt);
        let call = self.renewing(self.call()).instrument(span);
        unless_paused(call, pausing)
    }

    async fn call(&self) -> Result<Receipt, DeliveryError> {
        let (delivery, timeout) = (self.delivery, self.inner.attempt_timeout);
        let call = AssertUnwindSafe(self.channel.deliver(delivery)).catch_unwind();
        match tokio::time::timeout(timeout, call).await {
            Err(_) => Err(DeliveryError::transient(format!(
                "the {} channel gave no answer within {} s",
                delivery.key.channel,
                timeout.as_secs_f32()
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

    /// The retry policy, after a failed attempt: `None` to try again now
    /// (after its delay), or how the delivery ended (failed for good, or
    /// left to the ledger's schedule).
    async fn after_failure(
        &mut self,
        error: DeliveryError,
        ticket: Option<Ticket<'a>>,
    ) -> Option<Counts> {
        let reason = error.reason().to_owned();
        if !error.is_transient() {
            // Says nothing about the channel (an address refused before any
            // server was asked, say): the ticket is dropped unused.
            if error.is_gone() {
                self.inner.suppress_gone(self.key(), &reason).await;
            }
            return Some(self.fail(reason).await);
        }
        if let Some(ticket) = ticket {
            if error.is_about_address() {
                // The server answered, about this address alone.
                ticket.answered();
            } else {
                ticket.failed(&reason);
            }
        }
        let retry = &self.inner.retry;
        // A peer's Retry-After is clamped to the longest wait this policy
        // knows: an endpoint cannot park a delivery for years.
        let retry_after = error.retry_after().map(|d| retry.clamp(d));
        let delay = retry_after.unwrap_or_else(|| retry.delay(self.made));
        if self.made < retry.max_attempts()
            && self.started.elapsed().saturating_add(delay) <= retry.total_budget()
        {
            let attempt = self.made;
            let event = EventKind::Retrying {
                attempt,
                delay,
                reason,
            };
            self.inner.emit(self.key(), event);
            self.renewing(tokio::time::sleep(delay)).await;
            return None;
        }
        Some(self.defer(reason, retry_after.unwrap_or_default()).await)
    }

    /// The attempt was stopped because this sender lost its standing in
    /// the ledger: its claim is left to whoever takes it over, and the
    /// delivery is pending (it may or may not have reached the recipient).
    fn abandoned(&self) -> Counts {
        let inner = self.inner;
        let reason = "stopped mid-attempt: this sender could not confirm with the ledger that it \
                      runs; the delivery stays claimed, and is made again when the claim is taken \
                      over or comes due"
            .to_owned();
        inner.pending(self.key(), inner.lease_until(Timestamp::now()), reason)
    }

    /// A paused channel: a delivery not yet claimed is claimed so that the
    /// ledger holds it for later, then (like a claimed one) deferred.
    async fn paused(mut self, reason: String, left: Duration) -> Counts {
        if self.held.is_none() {
            match self.claim().await {
                Ok((held, _)) => self.held = Some(held),
                Err(counts) => return counts,
            }
        }
        self.defer(reason, left).await
    }
}

/// Marks a delivery as being made by this process for as long as it lives.
pub(super) struct LiveClaim<'a> {
    live: &'a Mutex<HashSet<DeliveryKey>>,
    key: &'a DeliveryKey,
}

impl<'a> LiveClaim<'a> {
    fn enter(live: &'a Mutex<HashSet<DeliveryKey>>, key: &'a DeliveryKey) -> Option<Self> {
        let mut set = live.lock().unwrap_or_else(|p| p.into_inner());
        // Made only when inserted: its drop removes the key.
        if set.insert(key.clone()) {
            Some(LiveClaim { live, key })
        } else {
            None
        }
    }
}

impl Drop for LiveClaim<'_> {
    fn drop(&mut self) {
        let mut set = self.live.lock().unwrap_or_else(|p| p.into_inner());
        set.remove(self.key);
    }
}
