//! Where an incident stands ([`Status`]) and how serious it is
//! ([`Severity`]): the words every message selects on.

use serde::{Deserialize, Serialize};

/// How serious an incident is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Severity {
    /// Some parts of the product are affected.
    Minor,
    /// The product is seriously disrupted.
    Major,
    /// The product is down.
    Critical,
    /// Planned work.
    Maintenance,
}

impl Severity {
    /// How serious an outage is, in order; planned work has no rank.
    pub(crate) fn rank(self) -> Option<u8> {
        match self {
            Severity::Minor => Some(1),
            Severity::Major => Some(2),
            Severity::Critical => Some(3),
            Severity::Maintenance => None,
        }
    }

    /// The name used in files, payloads and message selectors.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Minor => "minor",
            Severity::Major => "major",
            Severity::Critical => "critical",
            Severity::Maintenance => "maintenance",
        }
    }
}

/// Where an incident or planned work stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Status {
    /// Something is wrong and the cause is not yet known.
    Investigating,
    /// The cause is known and a fix is being worked on.
    Identified,
    /// A fix is in place and recovery is being watched.
    Monitoring,
    /// It is over.
    Resolved,
    /// Planned work is announced.
    Scheduled,
    /// Planned work has started.
    InProgress,
    /// Planned work is done.
    Completed,
    /// Planned work will not take place.
    Cancelled,
}

impl Status {
    /// Every status, in the order an incident or planned work moves through them.
    pub const ALL: [Status; 8] = [
        Status::Investigating,
        Status::Identified,
        Status::Monitoring,
        Status::Resolved,
        Status::Scheduled,
        Status::InProgress,
        Status::Completed,
        Status::Cancelled,
    ];

    /// The name used in files and payloads, such as `in-progress`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Investigating => "investigating",
            Status::Identified => "identified",
            Status::Monitoring => "monitoring",
            Status::Resolved => "resolved",
            Status::Scheduled => "scheduled",
            Status::InProgress => "in-progress",
            Status::Completed => "completed",
            Status::Cancelled => "cancelled",
        }
    }

    /// Whether this is the last word on the incident: no next update follows.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            Status::Resolved | Status::Completed | Status::Cancelled
        )
    }

    /// Whether this status belongs to planned work rather than an outage.
    pub fn is_planned(self) -> bool {
        matches!(
            self,
            Status::Scheduled | Status::InProgress | Status::Completed | Status::Cancelled
        )
    }
}
