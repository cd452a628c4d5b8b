//! Reminders of scheduled maintenance: kept in the ledger when the notice
//! that schedules the work reaches an address, and made by
//! [`resume`](super::Dispatcher::resume) when their time comes, unless the
//! work moved on (a newer revision) or their time passed.

use std::time::Duration;

use jiff::{SignedDuration, Timestamp};

use super::{Counts, EventKind, Inner, Prepared, later};
use crate::delivery::Delivery;
use crate::ledger::{Claim, Due, Outcome, Reminder};
use crate::notice::{Notice, Status};
use crate::recipient::ChannelKind;

/// How late a reminder may still go, as a share of its lead: "in 1 hour"
/// sent 15 minutes late still holds; sent 40 minutes late it does not.
const GRACE_SHARE: i32 = 4;

impl Inner {
    /// The reminders `notice` asks for: its own, else this dispatcher's.
    fn leads<'a>(&'a self, notice: &'a Notice) -> &'a [u32] {
        notice.reminders_minutes().unwrap_or(&self.reminders)
    }

    /// After the notice of `delivery` reached its address: keeps the
    /// reminders of the work it schedules that are still ahead, and says how
    /// many. The in-app inbox gets none: it shows the notice itself.
    pub(super) async fn schedule_reminders(&self, delivery: &Delivery) -> u64 {
        let (key, notice) = (&delivery.key, &delivery.notice);
        if !key.part.is_notice()
            || notice.status() != Status::Scheduled
            || key.channel == ChannelKind::InApp
        {
            return 0;
        }
        let now = Timestamp::now();
        let starts = notice.incident().started_at;
        let reminders: Vec<Reminder<'_>> = self
            .leads(notice)
            .iter()
            .filter_map(|&minutes| {
                let due_at = starts
                    .checked_sub(SignedDuration::from_mins(i64::from(minutes)))
                    .ok()?;
                (due_at > now).then(|| Reminder {
                    key: key.reminder(minutes),
                    due_at,
                    recipient: &delivery.recipient,
                    now,
                })
            })
            .collect();
        if reminders.is_empty() {
            return 0;
        }
        match self.ledger.schedule(&reminders).await {
            Ok(()) => {
                for r in &reminders {
                    self.emit(&r.key, EventKind::Scheduled { due_at: r.due_at });
                }
                reminders.len() as u64
            }
            Err(err) => {
                tracing::error!(delivery = %key, "cannot keep the reminders of this notice: {err}");
                for r in &reminders {
                    let reason = format!("the reminder could not be kept in the ledger: {err}");
                    self.emit(&r.key, EventKind::Failed { reason });
                }
                0
            }
        }
    }

    /// Makes a reminder that came due, `minutes` before the start of the
    /// work `prepared` (the notice rendered as that reminder) schedules:
    /// unless a newer revision of the work was published, or it is too
    /// late for what it says.
    pub(super) async fn remind(
        &self,
        prepared: Result<&Prepared, &str>,
        due: Due,
        minutes: u32,
    ) -> Counts {
        let Ok(ready) = prepared else {
            return self.resume_one(prepared, due, false).await;
        };
        let notice = &ready.notice;
        match self.ledger.latest_revision(&notice.incident().id).await {
            Ok(Some(latest)) if latest > notice.revision() => {
                let reason = format!(
                    "not sent: revision {latest} of the maintenance came after the one it reminds of"
                );
                return self.overtake(&due, reason).await;
            }
            Ok(_) => {}
            Err(err) => {
                // Left scheduled and due: the next pass asks again.
                let reason = format!("cannot ask the ledger for a newer revision: {err}");
                return self.pending(
                    &due.key,
                    later(Timestamp::now(), Duration::from_secs(60)),
                    reason,
                );
            }
        }
        let now = Timestamp::now();
        let starts = notice.incident().started_at;
        let lead = SignedDuration::from_mins(i64::from(minutes));
        let meant = starts.checked_sub(lead).unwrap_or(starts);
        let last_chance = meant
            .checked_add(lead / GRACE_SHARE)
            .unwrap_or(meant)
            .min(starts);
        if now >= last_chance {
            let reason = format!(
                "not sent: it was due at {meant} for work starting at {starts}, and could not be \
                 made before {last_chance}"
            );
            return self.overtake(&due, reason).await;
        }
        self.resume_one(prepared, due, false).await
    }

    /// Closes a reminder that must not go, with why: counted stale, never
    /// failed (nothing failed) and never sent.
    async fn overtake(&self, due: &Due, reason: String) -> Counts {
        let stale = Counts {
            stale: 1,
            ..Counts::default()
        };
        match self.claim_to_close(&due.key, &due.recipient).await {
            Ok(Claim::Claimed { .. }) => {
                let outcome = Outcome::Overtaken {
                    reason: reason.clone(),
                };
                if let Err(unrecorded) = self.complete(&due.key, 0, outcome).await {
                    return unrecorded;
                }
                self.emit(&due.key, EventKind::Overtaken { reason });
                stale
            }
            Ok(Claim::Stale { newer }) => {
                self.emit(&due.key, EventKind::Stale { newer });
                stale
            }
            Ok(Claim::AlreadyMade) => {
                self.emit(&due.key, EventKind::Duplicate);
                Counts {
                    duplicate: 1,
                    ..Counts::default()
                }
            }
            Ok(_) => {
                self.emit(&due.key, EventKind::HeldElsewhere);
                Counts {
                    pending: 1,
                    ..Counts::default()
                }
            }
            Err(err) => {
                let reason = format!("{reason}; the ledger could not record it: {err}");
                self.pending(
                    &due.key,
                    later(Timestamp::now(), Duration::from_secs(60)),
                    reason,
                )
            }
        }
    }
}
