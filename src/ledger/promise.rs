//! Promises: the next update a notice says will come. An incident whose
//! latest notice is not final and whose promised update is past due (or,
//! when it promised nothing, whose latest notice is older than the longest
//! silence allowed) is overdue.

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
    let due_at = latest
        .published_at
        .checked_add(wait)
        .unwrap_or(Timestamp::MAX);
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
    })
}
