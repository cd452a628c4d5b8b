//! Coverage: for each revision of an incident, who was told, who was not
//! and why, and how long telling took. Computed from the ledger's rows in
//! one pass, a customer at a time, so memory holds one customer's rows and
//! a fixed-size histogram, however many deliveries there are.

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::Serialize;

use super::DeliveryState;
use crate::delivery::Part;
use crate::notice::Status;

/// Who was told about each revision of one incident.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Coverage {
    /// The incident.
    pub incident: String,
    /// One entry per revision with deliveries, oldest first.
    pub revisions: Vec<RevisionCoverage>,
    /// Every customer not told about a revision, with why. (This list grows
    /// with the customers who were not reached, not with the deliveries.)
    pub unreached: Vec<Unreached>,
    /// The reminders of planned work, one entry per revision and lead time,
    /// counted apart from the notices: a reminder tells nobody of anything
    /// new, so it is never what makes a customer told or unreached.
    pub reminders: Vec<ReminderCoverage>,
}

/// The reminders of one revision sent one lead time before the work.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ReminderCoverage {
    /// The revision reminded of.
    pub revision: u32,
    /// How long before the start, in minutes.
    pub minutes_before: u32,
    /// Customers with a reminder of it.
    pub recipients: u64,
    /// Per channel, by where they stand.
    pub channels: BTreeMap<String, ChannelCoverage>,
}

/// Who was told about one revision.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct RevisionCoverage {
    /// The revision.
    pub revision: u32,
    /// Its status, when the ledger kept the notice.
    pub status: Option<Status>,
    /// When it was published, when the ledger kept the notice.
    pub published_at: Option<Timestamp>,
    /// Customers with at least one delivery of this revision.
    pub recipients: u64,
    /// Customers outside its audience, with no delivery of it: not among
    /// `recipients`, never unreached.
    pub not_subscribed: u64,
    /// Those of them reached on some channel by this revision or a newer one.
    pub told: u64,
    /// Not told because every delivery to them was suppressed (they
    /// unsubscribed, their addresses are dead): they chose, or cannot be
    /// reached; not unreached.
    pub suppressed: u64,
    /// The others.
    pub unreached: u64,
    /// Of the unreached, those with a delivery still pending: they may yet
    /// be told.
    pub unreached_pending: u64,
    /// Deliveries of this revision per channel, by outcome.
    pub channels: BTreeMap<String, ChannelCoverage>,
    /// From publication to each customer's first delivery of this revision,
    /// over all channels.
    pub time_to_tell_seconds: Option<TimeToTell>,
    /// The same, per channel.
    pub time_to_tell_by_channel: BTreeMap<String, TimeToTell>,
}

/// Deliveries of one revision on one channel, by where they stand.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ChannelCoverage {
    /// Delivered.
    pub sent: u64,
    /// A retry is scheduled, or a sender holds the claim.
    pub pending: u64,
    /// Failed for good.
    pub failed: u64,
    /// Not made: a newer revision went first.
    pub stale: u64,
    /// Sends of it that were skipped because it had been made.
    pub duplicate: u64,
    /// Written to an outbox only.
    pub outboxed: u64,
    /// Reminders waiting for their time.
    pub scheduled: u64,
    /// Sent, then returned by the receiving mail server: not told.
    pub bounced: u64,
    /// Not made: a suppression covered it.
    pub suppressed: u64,
}

/// How long telling took, in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[non_exhaustive]
pub struct TimeToTell {
    /// Half the customers were told within this (to 1 %).
    pub p50: f64,
    /// 95 % of them were told within this (to 1 %).
    pub p95: f64,
    /// The last one was told after this.
    pub max: f64,
}

/// A customer not told about a revision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Unreached {
    /// The customer.
    pub customer: String,
    /// The revision.
    pub revision: u32,
    /// Every delivery that did not go: channel, address (shortened so it
    /// can be shown), and what the server answered.
    pub reasons: Vec<String>,
    /// Whether a delivery is still pending (a retry may yet reach them).
    pub pending: bool,
}

/// One ledger row, as coverage needs it.
pub(crate) struct Row {
    pub(crate) recipient: String,
    pub(crate) revision: u32,
    pub(crate) part: Part,
    pub(crate) channel: String,
    pub(crate) address: String,
    pub(crate) state: DeliveryState,
    pub(crate) updated_at: Timestamp,
    pub(crate) reason: Option<String>,
    pub(crate) duplicates: u64,
}

/// Builds a [`Coverage`] from rows that arrive grouped by customer.
pub(crate) struct Tally {
    incident: String,
    notices: BTreeMap<u32, (Status, Timestamp)>,
    revisions: BTreeMap<u32, Building>,
    unreached: Vec<Unreached>,
    customer: Vec<Row>,
    not_subscribed: BTreeMap<u32, u64>,
    reminders: BTreeMap<(u32, u32), ReminderCoverage>,
}

#[derive(Default)]
struct Building {
    recipients: u64,
    told: u64,
    unreached_pending: u64,
    suppressed: u64,
    channels: BTreeMap<String, ChannelCoverage>,
    overall: Spread,
    by_channel: BTreeMap<String, Spread>,
}

impl Tally {
    /// For `incident`, with the status and publication time of each revision
    /// the ledger kept.
    pub(crate) fn new(incident: &str, notices: BTreeMap<u32, (Status, Timestamp)>) -> Self {
        Tally {
            incident: incident.to_owned(),
            notices,
            revisions: BTreeMap::new(),
            unreached: Vec::new(),
            customer: Vec::new(),
            not_subscribed: BTreeMap::new(),
            reminders: BTreeMap::new(),
        }
    }

    /// Counts, per revision, the customers outside its audience who have no
    /// delivery of it (the store finds them).
    pub(crate) fn not_subscribed(&mut self, counts: impl IntoIterator<Item = (u32, u64)>) {
        for (revision, count) in counts {
            if count > 0 {
                *self.not_subscribed.entry(revision).or_default() += count;
            }
        }
    }

    /// Takes the next row; rows of one customer must come together.
    pub(crate) fn add(&mut self, row: Row) {
        if self
            .customer
            .first()
            .is_some_and(|first| first.recipient != row.recipient)
        {
            self.flush();
        }
        if let Part::Reminder(minutes) = row.part {
            self.remind(&row, minutes);
        }
        self.customer.push(row);
    }

    /// The coverage of `only` (every revision when `None`).
    pub(crate) fn finish(mut self, only: Option<u32>) -> Coverage {
        self.flush();
        let Tally {
            incident,
            notices,
            mut revisions,
            mut unreached,
            not_subscribed,
            reminders,
            ..
        } = self;
        for revision in not_subscribed.keys() {
            revisions.entry(*revision).or_default();
        }
        let revisions = revisions
            .into_iter()
            .filter(|(revision, _)| only.is_none_or(|only| only == *revision))
            .map(|(revision, b)| {
                let notice = notices.get(&revision);
                RevisionCoverage {
                    revision,
                    status: notice.map(|n| n.0),
                    published_at: notice.map(|n| n.1),
                    recipients: b.recipients,
                    not_subscribed: not_subscribed.get(&revision).copied().unwrap_or(0),
                    told: b.told,
                    suppressed: b.suppressed,
                    unreached: b.recipients - b.told - b.suppressed,
                    unreached_pending: b.unreached_pending,
                    channels: b.channels,
                    time_to_tell_seconds: b.overall.summary(),
                    time_to_tell_by_channel: b
                        .by_channel
                        .into_iter()
                        .filter_map(|(channel, spread)| Some((channel, spread.summary()?)))
                        .collect(),
                }
            })
            .collect();
        unreached.retain(|u| only.is_none_or(|only| only == u.revision));
        let reminders = reminders
            .into_values()
            .filter(|r| only.is_none_or(|only| only == r.revision))
            .collect();
        Coverage {
            incident,
            revisions,
            unreached,
            reminders,
        }
    }

    /// Counts a reminder's row. Each customer has one row per channel and
    /// address; they count as a recipient once, on their first channel.
    fn remind(&mut self, row: &Row, minutes: u32) {
        let entry = self
            .reminders
            .entry((row.revision, minutes))
            .or_insert_with(|| ReminderCoverage {
                revision: row.revision,
                minutes_before: minutes,
                recipients: 0,
                channels: BTreeMap::new(),
            });
        let seen = self
            .customer
            .iter()
            .any(|r| r.part == row.part && r.revision == row.revision);
        if !seen {
            entry.recipients += 1;
        }
        let counts = entry.channels.entry(row.channel.clone()).or_default();
        counts.tally(row.state, row.duplicates);
    }

    /// Counts one customer's rows.
    fn flush(&mut self) {
        let mut rows = std::mem::take(&mut self.customer);
        // Reminders were counted as they came.
        rows.retain(|row| row.part.is_notice());
        let Some(first) = rows.first() else {
            return;
        };
        let customer = first.recipient.clone();
        let newest_sent = rows
            .iter()
            .filter(|r| r.state == DeliveryState::Sent)
            .map(|r| r.revision)
            .max();
        let mut revisions: Vec<u32> = rows.iter().map(|r| r.revision).collect();
        revisions.sort_unstable();
        revisions.dedup();
        for revision in revisions {
            let published = self.notices.get(&revision).map(|n| n.1);
            let building = self.revisions.entry(revision).or_default();
            building.recipients += 1;
            let mine = rows.iter().filter(|r| r.revision == revision);
            let all_suppressed = mine.clone().all(|r| r.state == DeliveryState::Suppressed);
            let mut first_told: Option<f64> = None;
            let mut reasons = Vec::new();
            let mut pending = false;
            for row in mine {
                let counts = building.channels.entry(row.channel.clone()).or_default();
                counts.tally(row.state, row.duplicates);
                if row.state == DeliveryState::Sent {
                    if let Some(published) = published {
                        let took = seconds_between(published, row.updated_at);
                        first_told = Some(first_told.map_or(took, |t| t.min(took)));
                        let spread = building.by_channel.entry(row.channel.clone()).or_default();
                        spread.add(took);
                    }
                    continue;
                }
                let open = matches!(row.state, DeliveryState::Claimed | DeliveryState::Retrying);
                pending |= open;
                let why = match (row.state, &row.reason) {
                    (DeliveryState::Claimed, _) => "being sent".to_owned(),
                    (DeliveryState::Outboxed, _) => "only written to the outbox".to_owned(),
                    (DeliveryState::Retrying, Some(reason)) => format!("pending retry: {reason}"),
                    (_, Some(reason)) => reason.clone(),
                    (_, None) => row.state.as_str().to_owned(),
                };
                reasons.push(format!(
                    "{} to {}: {why}",
                    row.channel,
                    crate::redact::address(&row.channel, &row.address)
                ));
            }
            if let Some(took) = first_told {
                building.overall.add(took);
            }
            if newest_sent.is_some_and(|newest| newest >= revision) {
                building.told += 1;
            } else if all_suppressed {
                building.suppressed += 1;
            } else {
                if pending {
                    building.unreached_pending += 1;
                }
                self.unreached.push(Unreached {
                    customer: customer.clone(),
                    revision,
                    reasons,
                    pending,
                });
            }
        }
    }
}

impl ChannelCoverage {
    /// Counts one delivery in the state it is in.
    fn tally(&mut self, state: DeliveryState, duplicates: u64) {
        self.duplicate += duplicates;
        match state {
            DeliveryState::Sent => self.sent += 1,
            DeliveryState::Outboxed => self.outboxed += 1,
            DeliveryState::Stale => self.stale += 1,
            DeliveryState::GaveUp => self.failed += 1,
            DeliveryState::Claimed | DeliveryState::Retrying => self.pending += 1,
            DeliveryState::Scheduled => self.scheduled += 1,
            DeliveryState::Bounced => self.bounced += 1,
            DeliveryState::Suppressed => self.suppressed += 1,
        }
    }
}

fn seconds_between(from: Timestamp, to: Timestamp) -> f64 {
    let micros = to.as_microsecond().saturating_sub(from.as_microsecond());
    (micros.max(0) as f64) / 1e6
}

/// A histogram of durations with buckets 1 % wide, from a millisecond to
/// beyond a year: fixed memory, percentiles to 1 %.
#[derive(Default)]
struct Spread {
    buckets: BTreeMap<u32, u64>,
    count: u64,
    max: f64,
}

const FIRST: f64 = 0.001;
const STEP: f64 = 1.01;

impl Spread {
    fn add(&mut self, seconds: f64) {
        let bucket = if seconds <= FIRST {
            0
        } else {
            ((seconds / FIRST).ln() / STEP.ln())
                .ceil()
                .min(f64::from(u32::MAX)) as u32
        };
        *self.buckets.entry(bucket).or_default() += 1;
        self.count += 1;
        self.max = self.max.max(seconds);
    }

    fn percentile(&self, q: f64) -> f64 {
        let rank = ((q * self.count as f64).ceil() as u64).max(1);
        let mut seen = 0;
        for (bucket, n) in &self.buckets {
            seen += n;
            if seen >= rank {
                let upper = FIRST * STEP.powi(i32::try_from(*bucket).unwrap_or(i32::MAX));
                return round(upper.min(self.max));
            }
        }
        round(self.max)
    }

    fn summary(&self) -> Option<TimeToTell> {
        (self.count > 0).then(|| TimeToTell {
            p50: self.percentile(0.50),
            p95: self.percentile(0.95),
            max: round(self.max),
        })
    }
}

/// To the millisecond.
fn round(seconds: f64) -> f64 {
    (seconds * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentiles_are_within_one_per_cent() {
        let mut spread = Spread::default();
        for n in 1..=1000 {
            spread.add(f64::from(n) / 10.0);
        }
        let t = spread.summary().unwrap();
        assert!((t.p50 - 50.0).abs() <= 0.5, "{t:?}");
        assert!((t.p95 - 95.0).abs() <= 0.95, "{t:?}");
        assert_eq!(t.max, 100.0);
        assert_eq!(Spread::default().summary(), None);
    }
}
