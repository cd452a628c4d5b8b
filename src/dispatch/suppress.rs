//! Suppressions at the moment of a delivery: one a suppression covers is
//! not made, and is counted `suppressed` with the reason. Asked before the
//! claim, so a recipient who unsubscribed between a send and its retry is
//! not written to either.

use super::{Counts, EventKind, Inner};
use jiff::Timestamp;

use crate::delivery::{Delivery, DeliveryKey};
use crate::ledger::{Claim, Outcome};
use crate::suppression::{Reason, Scope, Suppression};

/// What a check of the suppressions found.
pub(super) enum Check {
    /// Nothing covers the delivery: make it.
    Clear,
    /// It is not made; its counts.
    Skip(Counts),
}

impl Inner {
    /// Asks the store, once for a send or a resume pass, whether it keeps
    /// any suppression. A suppression added while a send runs reaches the
    /// deliveries of the next send or pass; one added when others exist
    /// reaches the next delivery. Unanswered, every delivery asks.
    pub(super) async fn look_for_suppressions(&self) {
        let kept = self.ledger.any_suppression().await.unwrap_or(true);
        self.suppressions_kept
            .store(kept, std::sync::atomic::Ordering::Relaxed);
    }

    /// Whether a suppression covers `delivery`; one that does is recorded
    /// `suppressed` (a due retry is closed so, and stops coming due).
    pub(super) async fn check_suppressed(&self, delivery: &Delivery) -> Check {
        let key = &delivery.key;
        if !self
            .suppressions_kept
            .load(std::sync::atomic::Ordering::Relaxed)
        {
            return Check::Clear;
        }
        let covering = match self.ledger.suppressions(Some(&key.recipient)).await {
            Ok(all) => all.into_iter().find(|s| s.covers(key, &delivery.notice)),
            Err(err) => {
                // Not knowing whether someone unsubscribed is no reason to
                // write to them: failed, with why, and not recorded, so a
                // later send makes it once the store answers.
                let reason =
                    format!("cannot ask the ledger whether the recipient is suppressed: {err}");
                self.emit(key, EventKind::Failed { reason });
                return Check::Skip(Counts {
                    failed: 1,
                    ..Counts::default()
                });
            }
        };
        let Some(suppression) = covering else {
            return Check::Clear;
        };
        let reason = said(&suppression);
        // Boxed: rare, and larger than the rest of the check.
        Box::pin(self.close_suppressed(delivery, &reason)).await;
        self.emit(key, EventKind::Suppressed { reason });
        Check::Skip(Counts {
            suppressed: 1,
            ..Counts::default()
        })
    }

    /// Records a suppressed delivery as such (a due one is closed), so the
    /// report counts it suppressed, not unreached. One made before, or held
    /// by another sender, is left as it is.
    async fn close_suppressed(&self, delivery: &Delivery, reason: &str) {
        let claim = self
            .claim_to_close(&delivery.key, &delivery.recipient)
            .await;
        if let Ok(Claim::Claimed { .. }) = claim {
            let outcome = Outcome::Suppressed {
                reason: reason.to_owned(),
            };
            // Unrecorded, a due one comes due again and is found suppressed
            // again; a new one is left claimed until its lease ends, then
            // comes due and is found suppressed.
            let _ = self.complete(&delivery.key, 0, outcome).await;
        }
    }
}

impl Inner {
    /// An endpoint answered 410 Gone: it was removed, and says so. Nothing
    /// more is sent to that address on that channel (for any notice) until
    /// support lifts it; the recipient's other addresses go on. Unrecorded,
    /// the next send tries the endpoint again, and hears 410 again.
    pub(super) async fn suppress_gone(&self, key: &DeliveryKey, reason: &str) {
        let gone = Suppression::new(&*key.recipient, Scope::All, Reason::Gone, Timestamp::now())
            .on_channel(key.channel.as_str())
            .at_address(&*key.address)
            .with_evidence(reason);
        match self.ledger.suppress(&gone).await {
            Ok(()) => self
                .suppressions_kept
                .store(true, std::sync::atomic::Ordering::Relaxed),
            Err(err) => tracing::warn!(
                delivery = %key.id(),
                %err,
                "an endpoint that answered 410 Gone could not be suppressed"
            ),
        }
    }
}

/// The reason as people read it: "suppressed (hard-bounce): 550 5.1.1 …".
fn said(s: &Suppression) -> String {
    if s.evidence.is_empty() {
        format!("suppressed ({})", s.reason.as_str())
    } else {
        format!("suppressed ({}): {}", s.reason.as_str(), s.evidence)
    }
}
