//! Who a notice is for. A recipient in the notice's
//! [`Audience`](crate::Audience) is sent to without a question. The others
//! are sorted in batches with the
//! ledger: a customer told an earlier revision of the incident hears this
//! one too, whatever their audience says (nobody is left hanging halfway
//! through an incident); the rest, outside the audience, are counted as
//! `not_subscribed` and recorded for coverage, never as deliveries.

use std::collections::HashSet;

use super::segment::Step;
use super::{Counts, EventKind, Inner};
use crate::delivery::DeliveryKey;
use crate::notice::{Notice, Status};
use crate::recipient::Recipient;

/// Recipients sorted with one question to the ledger.
pub(super) const BATCH: usize = 256;

/// Recipients waiting to be sorted.
#[derive(Default)]
pub(super) struct Doubtful {
    pub(super) recipients: Vec<Recipient>,
    /// What they weigh in the send's backlog.
    pub(super) weight: usize,
}

impl Doubtful {
    pub(super) fn push(&mut self, recipient: Recipient) -> usize {
        let weight = weight(&recipient);
        self.weight = self.weight.saturating_add(weight);
        self.recipients.push(recipient);
        weight
    }

    pub(super) fn len(&self) -> usize {
        self.recipients.len()
    }

    pub(super) fn is_empty(&self) -> bool {
        self.recipients.is_empty()
    }
}

/// A recipient's place in the backlog while it is sorted: its deliveries,
/// and at least one, so that recipients without addresses are bounded too.
fn weight(recipient: &Recipient) -> usize {
    recipient.addresses.len().max(1)
}

/// Whether `recipient` is told `notice` as it is, without asking the
/// ledger: one who hears everything, or one in the audience of a first
/// revision. (One in the audience of a later revision is told too, but may
/// hear of the incident first from it, in words that say it began earlier.)
pub(super) fn surely_told(notice: &Notice, recipient: &Recipient) -> bool {
    recipient.audience.is_everything()
        || (notice.revision <= 1 && recipient.audience.includes(notice))
}

impl Inner {
    /// `notice`, saying from when to when it moves planned work when the
    /// revision before it in the ledger planned another window.
    pub(super) async fn moved(&self, notice: &Notice) -> Notice {
        let mut notice = notice.clone();
        if notice.status != Status::Scheduled
            || notice.rescheduled_from.is_some()
            || notice.revision <= 1
        {
            return notice;
        }
        let incident = &notice.incident.id;
        match self.ledger.notice(incident, notice.revision - 1).await {
            Ok(Some(before))
                if before.status.is_planned() && before.window() != notice.window() =>
            {
                notice.rescheduled_from = Some(before.window());
            }
            Ok(_) => {}
            Err(err) => tracing::warn!(
                notice = %format!("{incident}#{}", notice.revision),
                "cannot read the revision before to tell whether this one moves the work: {err}"
            ),
        }
        notice
    }

    /// Sorts recipients that [`surely_told`] left in doubt: those to tell,
    /// and the others, counted and recorded as not subscribed.
    pub(super) async fn sort(&self, notice: &Notice, doubtful: Doubtful) -> Step<'_> {
        let Doubtful { recipients, weight } = doubtful;
        let incident = &notice.incident.id;
        let ids: Vec<&str> = recipients.iter().map(|r| r.id.as_str()).collect();
        let told = if notice.revision > 1 {
            match self
                .ledger
                .told_before(incident, notice.revision, &ids)
                .await
            {
                Ok(told) => told,
                Err(err) => {
                    // Unable to say who heard of it before: telling a few
                    // customers more than they asked for is better than
                    // leaving one halfway through an incident.
                    tracing::warn!(
                        notice = %format!("{incident}#{}", notice.revision),
                        "cannot ask the ledger who was told before; telling every recipient \
                         of this batch: {err}"
                    );
                    ids.iter().map(|id| (*id).to_owned()).collect()
                }
            }
        } else {
            HashSet::new()
        };
        let mut tell = Vec::with_capacity(recipients.len());
        let mut outside = Vec::new();
        for recipient in recipients {
            if told.contains(&recipient.id) {
                tell.push((recipient, false));
            } else if recipient.audience.includes(notice) {
                // Kept out of the earlier revisions: this is the first
                // they hear of it.
                tell.push((recipient, notice.revision > 1));
            } else {
                outside.push(recipient);
            }
        }
        if !outside.is_empty() {
            let ids: Vec<&str> = outside.iter().map(|r| r.id.as_str()).collect();
            if let Err(err) = self
                .ledger
                .record_not_subscribed(incident, notice.revision, &ids)
                .await
            {
                // Counted in this send's report all the same; only coverage
                // will not know why they were not told.
                tracing::warn!(
                    notice = %format!("{incident}#{}", notice.revision),
                    "cannot record {} recipients outside the audience: {err}",
                    ids.len()
                );
            }
        }
        let mut not_subscribed = Vec::new();
        let one = Counts {
            not_subscribed: 1,
            ..Counts::default()
        };
        for recipient in &outside {
            for address in &recipient.addresses {
                let key = DeliveryKey::new(notice, recipient, address);
                self.emit(&key, EventKind::NotSubscribed);
                not_subscribed.push((key.channel, one));
            }
        }
        Step::Sorted {
            tell,
            not_subscribed,
            weight,
        }
    }
}
