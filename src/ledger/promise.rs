//! Promises: the next update a notice says will come. An incident whose
//! latest notice is not final and whose promised update is past due (or,
//! when it promised nothing, whose latest notice is older than the longest
//! silence allowed) is overdue. Planned work promises by its window too:
//! scheduled work that has not started by its start, and work in progress
//! past its planned end, are overdue (customers were told when).

use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use serde::Serialize;

use crate::notice::{Notice, Status};

/// An incident whose next update is late.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Overdue {
    /// The incident.
    pub incident: String,
    /// Its latest revision.
    pub revision: u32,
    /// That revision's status.
    pub status: Status,
    /// When the next update was due.
    pub due_at: Timestamp,
    /// How late it is, in minutes.
    pub late_minutes: f64,
    /// Which promise is not kept.
    pub promise: Promise,
}

/// What customers were promised that has not come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Promise {
    /// The next update, when the notice said (or within the longest
    /// silence allowed).
    NextUpdate,
    /// Planned work still announced as scheduled past its start.
    Start,
    /// Planned work still in progress past its planned end.
    End,
}

impl Promise {
    /// The name used in output: `next-update`, `start`, `end`.
    pub fn as_str(self) -> &'static str {
        match self {
            Promise::NextUpdate => "next-update",
            Promise::Start => "start",
            Promise::End => "end",
        }
    }
}

/// Whether the latest notice of an incident is overdue at `now`.
pub(crate) fn overdue(latest: &Notice, now: Timestamp, max_silence: Duration) -> Option<Overdue> {
    if latest.status.is_final() {
        return None;
    }
    let wait = match latest.next_update_minutes {
        Some(minutes) => SignedDuration::from_mins(i64::from(minutes)),
        None => SignedDuration::try_from(max_silence).unwrap_or(SignedDuration::MAX),
    };
    let next_update = latest
        .published_at
        .checked_add(wait)
        .unwrap_or(Timestamp::MAX);
    // Planned work: the start or the end customers were told, unless the
    // notice promised an earlier update. Work announced ahead is not late
    // for having said nothing more since.
    let window = match latest.status {
        Status::Scheduled => Some((latest.incident.started_at, Promise::Start)),
        Status::InProgress => latest.incident.ends_at.map(|end| (end, Promise::End)),
        _ => None,
    };
    let (due_at, promise) = match (window, latest.next_update_minutes) {
        (Some((at, promise)), Some(_)) if at < next_update => (at, promise),
        (Some(_), Some(_)) | (None, _) => (next_update, Promise::NextUpdate),
        (Some((at, promise)), None) => (at, promise),
    };
    if now <= due_at {
        return None;
    }
    let late = now.as_microsecond().saturating_sub(due_at.as_microsecond());
    Some(Overdue {
        incident: latest.incident.id.clone(),
        revision: latest.revision,
        status: latest.status,
        due_at,
        late_minutes: ((late as f64) / 60e6 * 10.0).round() / 10.0,
        promise,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::notice::{Incident, Severity};

    fn at(minutes: i64) -> Timestamp {
        Timestamp::from_second(1_772_352_000 + minutes * 60).unwrap()
    }

    /// Planned work from minute 600 to 720, announced at minute 0.
    fn planned(status: Status, next: Option<u32>, ends: bool) -> Notice {
        let mut incident = Incident::builder("m-1", "Creator", Severity::Maintenance, at(600));
        if ends {
            incident = incident.ends_at(at(720));
        }
        Notice::builder(incident.build().unwrap(), 1, status, at(0))
            .next_update_minutes(next)
            .build()
            .unwrap()
    }

    const HOUR: Duration = Duration::from_secs(3600);

    #[test]
    fn work_announced_ahead_is_late_only_once_its_start_has_passed() {
        let scheduled = planned(Status::Scheduled, None, true);
        assert_eq!(overdue(&scheduled, at(599), HOUR), None, "silent, not late");
        let late = overdue(&scheduled, at(630), HOUR).unwrap();
        assert_eq!((late.promise, late.due_at), (Promise::Start, at(600)));
        assert_eq!(late.late_minutes, 30.0);
        // A promised update before the start is the promise to keep.
        let promised = planned(Status::Scheduled, Some(120), true);
        let late = overdue(&promised, at(121), HOUR).unwrap();
        assert_eq!((late.promise, late.due_at), (Promise::NextUpdate, at(120)));
    }

    #[test]
    fn work_in_progress_is_late_past_its_planned_end() {
        let mut running = planned(Status::InProgress, None, true);
        running.published_at = at(600);
        assert_eq!(overdue(&running, at(700), HOUR), None);
        let late = overdue(&running, at(725), HOUR).unwrap();
        assert_eq!((late.promise, late.due_at), (Promise::End, at(720)));
        // Without a planned end, the longest silence applies.
        let mut open = planned(Status::InProgress, None, false);
        open.published_at = at(600);
        let late = overdue(&open, at(661), HOUR).unwrap();
        assert_eq!((late.promise, late.due_at), (Promise::NextUpdate, at(660)));
        // Completed or cancelled work promises nothing.
        for status in [Status::Completed, Status::Cancelled] {
            assert_eq!(overdue(&planned(status, None, true), at(9_999), HOUR), None);
        }
    }
}
