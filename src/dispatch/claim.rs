//! The ledger's side of one delivery: its claim and lease, and the outcome
//! recorded when it is made, deferred or failed. A claim is held only while
//! the delivery is worked on, and every record is made by the sender that
//! holds it.

use std::time::Duration;

use futures_util::FutureExt;
use futures_util::future::Either;
use jiff::Timestamp;

use super::deliver::{Held, Making};
use super::{Counts, EventKind, Inner, later};
use crate::delivery::DeliveryKey;
use crate::ledger::{Claim, ClaimRequest, Completion, Due, Lease, Outcome, Renewal};

impl Inner {
    pub(super) fn lease_until(&self, now: Timestamp) -> Timestamp {
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

    /// Claims `key` now, to close it (give it up, or close it as not to be
    /// made): never for an outbox, never over another sender's lease.
    pub(super) async fn claim_to_close(
        &self,
        key: &DeliveryKey,
        recipient: &crate::Recipient,
    ) -> Result<Claim, crate::StoreError> {
        let now = Timestamp::now();
        let request = ClaimRequest {
            key,
            owner: &self.owner,
            lease_until: self.lease_until(now),
            now,
            take_over: false,
            recipient,
            outbox: false,
        };
        self.ledger.claim(&request).await
    }

    /// Closes a due delivery that cannot be made any more.
    pub(super) async fn give_up(&self, due: &Due, reason: &str) -> Counts {
        let reason = reason.to_owned();
        if let Ok(Claim::Claimed { .. }) = self.claim_to_close(&due.key, &due.recipient).await {
            return self.fail(&due.key, 0, reason).await;
        }
        self.emit(&due.key, EventKind::Failed { reason });
        Counts {
            failed: 1,
            ..Counts::default()
        }
    }

    /// Counts a delivery that waits for its channel, untouched in the ledger.
    pub(super) fn pending(&self, key: &DeliveryKey, retry_at: Timestamp, reason: String) -> Counts {
        self.emit(key, EventKind::Deferred { retry_at, reason });
        Counts {
            pending: 1,
            next_retry_at: Some(retry_at),
            ..Counts::default()
        }
    }

    /// Records a delivery as failed for good.
    async fn fail(&self, key: &DeliveryKey, made: u32, reason: String) -> Counts {
        let outcome = Outcome::Failed {
            reason: reason.clone(),
            retry_at: None,
        };
        if let Err(unrecorded) = self.complete(key, made, outcome).await {
            return unrecorded;
        }
        self.emit(key, EventKind::Failed { reason });
        Counts {
            failed: 1,
            ..Counts::default()
        }
    }

    /// Records the outcome of a claimed delivery. When the ledger cannot
    /// record it, the claim stays and the delivery comes due again when its
    /// lease ends (made again, with the same id, if it was made): it is
    /// counted as pending, with why, never as what it would have been.
    pub(super) async fn complete(
        &self,
        key: &DeliveryKey,
        attempts: u32,
        outcome: Outcome,
    ) -> Result<(), Counts> {
        let now = Timestamp::now();
        let what = match &outcome {
            Outcome::Sent { .. } => "made",
            Outcome::Outboxed { .. } => "written to the outbox",
            Outcome::Failed { .. } | Outcome::Overtaken { .. } | Outcome::Suppressed { .. } => {
                "not made"
            }
        };
        let completion = Completion {
            key,
            owner: &self.owner,
            attempts,
            now,
            outcome,
        };
        match self.ledger.complete(&completion).await {
            Ok(true) => Ok(()),
            // Another sender took the claim over (it thought this one gone)
            // and records the delivery itself.
            Ok(false) => {
                tracing::warn!(
                    delivery = %key,
                    "not recorded: the claim was taken over by another sender"
                );
                Ok(())
            }
            Err(err) => {
                tracing::error!(delivery = %key, "cannot record the outcome: {err}");
                let reason = format!(
                    "{what}, but the ledger could not record it ({err}): it comes due again \
                     when its claim's lease ends"
                );
                Err(self.pending(key, self.lease_until(now), reason))
            }
        }
    }
}

impl Making<'_> {
    /// Claims the delivery now that it is ready to go; any answer but a
    /// claim ends it with its count.
    pub(super) async fn claim(&self) -> Result<(Held, bool), Counts> {
        let inner = self.inner;
        let key = self.key();
        let now = Timestamp::now();
        let mut request = ClaimRequest {
            key,
            owner: &inner.owner,
            lease_until: inner.lease_until(now),
            now,
            take_over: false,
            recipient: &self.delivery.recipient,
            outbox: self.outbox,
        };
        let mut claim = inner.ledger.claim(&request).await;
        if matches!(&claim, Ok(Claim::HeldElsewhere { owner, .. }) if *owner == inner.owner) {
            // Ours, but no task of ours is on it: a dropped send left it.
            request.take_over = true;
            claim = inner.ledger.claim(&request).await;
        }
        let (counts, event) = match claim {
            Err(err) => {
                let reason = format!("not attempted: the ledger could not claim it: {err}");
                let counts = Counts {
                    failed: 1,
                    ..Counts::default()
                };
                (counts, EventKind::Failed { reason })
            }
            Ok(Claim::AlreadyMade) => {
                let counts = Counts {
                    duplicate: 1,
                    ..Counts::default()
                };
                (counts, EventKind::Duplicate)
            }
            Ok(Claim::Stale { newer }) => {
                let counts = Counts {
                    stale: 1,
                    ..Counts::default()
                };
                (counts, EventKind::Stale { newer })
            }
            Ok(Claim::HeldElsewhere { until, .. }) => {
                let counts = Counts {
                    pending: 1,
                    next_retry_at: Some(until),
                    ..Counts::default()
                };
                (counts, EventKind::HeldElsewhere)
            }
            Ok(Claim::Claimed {
                earlier_claims,
                reclaimed,
                ..
            }) => {
                inner.emit(key, EventKind::Claimed { reclaimed });
                return Ok((Held { earlier_claims }, reclaimed));
            }
        };
        inner.emit(key, event);
        Err(counts)
    }

    /// Before a later attempt: is the claim still ours, and is no newer
    /// revision gone to the address? `None` to go on.
    pub(super) async fn still_ours(&self) -> Option<Counts> {
        let (inner, key) = (self.inner, self.key());
        let (counts, event) = match inner.ledger.renew(&inner.renewal(key, true)).await {
            Ok(Lease::Held) => return None,
            Ok(Lease::Superseded { newer }) => {
                let counts = Counts {
                    stale: 1,
                    ..Counts::default()
                };
                (counts, EventKind::Stale { newer })
            }
            // Taken over by a sender that thought this one gone: it makes
            // the delivery now.
            Ok(_) => {
                let counts = Counts {
                    pending: 1,
                    ..Counts::default()
                };
                (counts, EventKind::HeldElsewhere)
            }
            Err(err) => {
                let reason =
                    format!("not attempted again: the ledger could not renew its claim: {err}");
                let counts = Counts {
                    failed: 1,
                    ..Counts::default()
                };
                (counts, EventKind::Failed { reason })
            }
        };
        inner.emit(key, event);
        Some(counts)
    }

    /// Runs `work` while renewing the delivery's lease, so a claim outlives
    /// waits and attempts longer than the lease for as long as this sender
    /// runs.
    pub(super) fn renewing<T>(&self, work: impl Future<Output = T>) -> impl Future<Output = T> {
        let (inner, key) = (self.inner, self.key());
        let every = inner.lease / 3;
        let renew = async move {
            loop {
                tokio::time::sleep(every).await;
                if let Err(err) = inner.ledger.renew(&inner.renewal(key, false)).await {
                    tracing::warn!(delivery = %key, "cannot renew the lease: {err}");
                }
            }
        };
        super::race::first(work, renew).map(|either| match either {
            Either::Left(result) => result,
            Either::Right(never) => never,
        })
    }

    /// Records a delivery the channel made (or wrote to its outbox).
    /// `detail` is the channel's word on it (its receipt's).
    pub(super) async fn made(&self, detail: String) -> Counts {
        let (inner, key, outbox) = (self.inner, self.key(), self.outbox);
        let reclaimed = u64::from(self.reclaimed);
        let (outcome, event) = if outbox {
            let outcome = Outcome::Outboxed {
                detail: detail.clone(),
            };
            (outcome, EventKind::Outboxed { detail })
        } else {
            let outcome = Outcome::Sent {
                detail: detail.clone(),
            };
            (outcome, EventKind::Sent { detail })
        };
        if let Err(mut unrecorded) = inner.complete(key, self.made, outcome).await {
            unrecorded.reclaimed = reclaimed;
            return unrecorded;
        }
        inner.emit(key, event);
        // Counted only now: the counts are large, and nothing before
        // needs them across a wait.
        let scheduled = if outbox {
            0
        } else {
            inner.schedule_reminders(self.delivery).await
        };
        Counts {
            reclaimed,
            sent: u64::from(!outbox),
            outboxed: u64::from(outbox),
            scheduled,
            ..Counts::default()
        }
    }

    /// Leaves a delivery that failed transiently (or was not attempted) to
    /// the ledger's retry schedule, not sooner than `not_before` from now; or
    /// gives up when the schedule is used up.
    pub(super) async fn defer(&self, reason: String, not_before: Duration) -> Counts {
        let (inner, key, made) = (self.inner, self.key(), self.made);
        let earlier_claims = self.held.map_or(0, |held| held.earlier_claims);
        let Some(wait) = inner.retry.later(earlier_claims) else {
            let reason = format!(
                "{reason} (gave up after {} attempts)",
                made.saturating_add(earlier_claims)
            );
            return inner.fail(key, made, reason).await;
        };
        let retry_at = later(Timestamp::now(), wait.max(not_before));
        let outcome = Outcome::Failed {
            reason: reason.clone(),
            retry_at: Some(retry_at),
        };
        if let Err(unrecorded) = inner.complete(key, made, outcome).await {
            return unrecorded;
        }
        inner.pending(key, retry_at, reason)
    }

    /// Records the delivery as failed for good.
    pub(super) async fn fail(&self, reason: String) -> Counts {
        self.inner.fail(self.key(), self.made, reason).await
    }
}
