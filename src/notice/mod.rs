//! What is to be told: an [`Incident`] and one [`Notice`] (update) of it.
//!
//! A notice reads from and writes to a document of two tables, the incident
//! and this update of it, which is how people write them by hand:
//!
//! ```toml
//! [incident]
//! id = "creator-2022-03-14"
//! product = "Creator"
//! severity = "critical"
//! started_at = "2022-03-14T08:30:00+01:00"
//! time_zone = "Europe/Amsterdam"
//!
//! [notice]
//! revision = 1
//! status = "investigating"
//! published_at = "2022-03-14T08:52:00+01:00"
//! next_update_minutes = 30
//! status_page = "https://status.example.com/incidents/creator-2022-03-14"
//!
//! [notice.details]
//! "en-US" = "Our network is under a DDoS attack."
//! ```

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};

use crate::error::InputError;
use crate::recipient::{Recipient, parse_time_zone};

mod audience;
mod builder;
mod details;
mod document;

pub use crate::status::{Severity, Status};
pub use builder::{IncidentBuilder, NoticeBuilder};
pub use details::Details;
use document::NoticeDocument;
pub(crate) use document::is_http_url;

/// Something that went wrong (or planned work), as customers know it.
///
/// Valid by construction: made by [`Incident::builder`] or read from a
/// document, both with the same checks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    try_from = "document::IncidentDocument",
    into = "document::IncidentDocument"
)]
pub struct Incident {
    pub(crate) id: String,
    pub(crate) product: String,
    pub(crate) severity: Severity,
    pub(crate) started_at: Timestamp,
    pub(crate) time_zone: Option<TimeZone>,
    pub(crate) components: Vec<String>,
    pub(crate) ends_at: Option<Timestamp>,
}

/// The most components one incident may name.
pub use crate::checks::MAX_COMPONENTS;

impl Incident {
    /// An incident: its stable id (part of every delivery key, so it must
    /// not change between updates), the product or component affected as
    /// customers call it, how serious it is, and when it started (for
    /// planned work, when it starts).
    pub fn builder(
        id: impl Into<String>,
        product: impl Into<String>,
        severity: Severity,
        started_at: Timestamp,
    ) -> IncidentBuilder {
        IncidentBuilder {
            incident: Incident {
                id: id.into(),
                product: product.into(),
                severity,
                started_at,
                time_zone: None,
                components: Vec::new(),
                ends_at: None,
            },
        }
    }

    /// A builder holding this incident, to change a field.
    pub fn to_builder(&self) -> IncidentBuilder {
        IncidentBuilder {
            incident: self.clone(),
        }
    }

    /// The stable id, such as `creator-2022-03-14`.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The product or component affected.
    pub fn product(&self) -> &str {
        &self.product
    }

    /// How serious it is.
    pub fn severity(&self) -> Severity {
        self.severity
    }

    /// When it started (or planned work starts).
    pub fn started_at(&self) -> Timestamp {
        self.started_at
    }

    /// Its own time zone, for customers whose zone is unknown.
    pub fn time_zone(&self) -> Option<&TimeZone> {
        self.time_zone.as_ref()
    }

    /// When planned work is to end: with [`started_at`](Self::started_at),
    /// the window customers are told. Only planned work has one.
    pub fn ends_at(&self) -> Option<Timestamp> {
        self.ends_at
    }

    /// The components it affects (`Editor`, `Published sites`), as
    /// customers choose them to follow; none named: the whole product. A
    /// later revision may name others.
    pub fn components(&self) -> &[String] {
        &self.components
    }

    /// The checks every incident passes, however it is made.
    fn check(&self) -> Result<(), InputError> {
        crate::checks::check_name("incident id", &self.id, crate::checks::MAX_ID_BYTES)?;
        crate::checks::check_name("product", &self.product, crate::checks::MAX_NAME_BYTES)?;
        if self.id.trim().is_empty() {
            return Err(InputError::Empty {
                field: "incident id",
            });
        }
        crate::checks::check_components(&self.components)?;
        if let Some(ends_at) = self.ends_at {
            if self.severity != Severity::Maintenance {
                return Err(InputError::Window {
                    reason: "only planned work (severity maintenance) has a planned end",
                });
            }
            if ends_at <= self.started_at {
                return Err(InputError::Window {
                    reason: "the planned end must come after the start",
                });
            }
        }
        if let Some(tz) = &self.time_zone
            && tz.iana_name().is_none()
            && *tz != TimeZone::UTC
        {
            // Kept in the ledger by its IANA name: another zone could not be
            // read back when a delivery is retried.
            return Err(InputError::TimeZone {
                name: "a time zone without an IANA name".to_owned(),
            });
        }
        Ok(())
    }
}

/// One update of an incident: the unit that is told to customers.
///
/// Valid by construction: made by [`Notice::builder`] or read from a
/// document (TOML, JSON), both with the same checks, so every notice a
/// service hands the dispatcher can be rendered, stored and read back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "NoticeDocument", into = "NoticeDocument")]
pub struct Notice {
    pub(crate) incident: Incident,
    pub(crate) revision: u32,
    pub(crate) status: Status,
    pub(crate) published_at: Timestamp,
    pub(crate) resolved_at: Option<Timestamp>,
    pub(crate) next_update_minutes: Option<u32>,
    pub(crate) status_page: Option<String>,
    pub(crate) details: Option<Details>,
    pub(crate) impact: Option<Severity>,
    pub(crate) rescheduled_from: Option<Window>,
    pub(crate) reminders_minutes: Option<Vec<u32>>,
    /// Rendered as the reminder this many minutes before the work starts:
    /// never kept, never in a document.
    pub(crate) reminder: Option<u32>,
    /// Rendered for a reader who hears of the incident for the first time
    /// from this revision: never kept, never in a document.
    pub(crate) joins_late: bool,
}

/// Reminders longest first, each once.
pub(crate) fn tidy_reminders(mut minutes: Vec<u32>) -> Vec<u32> {
    minutes.sort_unstable_by(|a, b| b.cmp(a));
    minutes.dedup();
    minutes
}

/// The most reminders one notice asks for.
pub(crate) const MAX_REMINDERS: usize = 4;
/// The longest lead of a reminder: 28 days.
pub(crate) const MAX_REMINDER_MINUTES: u32 = 28 * 24 * 60;

/// When planned work was to take place: a start, and an end when one was
/// planned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Window {
    /// When it starts.
    pub starts: Timestamp,
    /// When it ends, when that was planned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends: Option<Timestamp>,
}

impl Notice {
    /// An update of `incident`: its revision (1 for the first), status and
    /// publication time.
    pub fn builder(
        incident: Incident,
        revision: u32,
        status: Status,
        published_at: Timestamp,
    ) -> NoticeBuilder {
        NoticeBuilder {
            notice: Notice {
                incident,
                revision,
                status,
                published_at,
                resolved_at: None,
                next_update_minutes: None,
                status_page: None,
                details: None,
                impact: None,
                rescheduled_from: None,
                reminders_minutes: None,
                reminder: None,
                joins_late: false,
            },
        }
    }

    /// A builder holding this notice, to change a field.
    pub fn to_builder(&self) -> NoticeBuilder {
        NoticeBuilder {
            notice: self.clone(),
        }
    }

    /// The incident this update is about.
    pub fn incident(&self) -> &Incident {
        &self.incident
    }

    /// 1 for the first update, then increasing; a customer never gets an
    /// older revision after a newer one.
    pub fn revision(&self) -> u32 {
        self.revision
    }

    /// Where the incident stands as of this update.
    pub fn status(&self) -> Status {
        self.status
    }

    /// When this update was published.
    pub fn published_at(&self) -> Timestamp {
        self.published_at
    }

    /// When the next update is due, in minutes from publication.
    pub fn next_update_minutes(&self) -> Option<u32> {
        self.next_update_minutes
    }

    /// The public page where the incident is followed.
    pub fn status_page(&self) -> Option<&str> {
        self.status_page.as_deref()
    }

    /// What people on the incident team wrote, per language.
    pub fn details(&self) -> Option<&Details> {
        self.details.as_ref()
    }

    /// The window planned work had before this update moved it, when it
    /// did: customers are told from when to when. A send fills it in from
    /// the revision before, when that one planned another window.
    pub fn rescheduled_from(&self) -> Option<Window> {
        self.rescheduled_from
    }

    /// The reminders a scheduled maintenance asks for, in minutes before
    /// its start, longest first; `None` leaves it to the dispatcher's
    /// default, and an empty list asks for none.
    pub fn reminders_minutes(&self) -> Option<&[u32]> {
        self.reminders_minutes.as_deref()
    }

    /// The window of planned work as of this update.
    pub fn window(&self) -> Window {
        Window {
            starts: self.incident.started_at,
            ends: self.incident.ends_at,
        }
    }

    /// This notice as rendered for a reader who hears of the incident for
    /// the first time from it.
    pub(crate) fn for_late_joiner(&self) -> Notice {
        Notice {
            joins_late: true,
            ..self.clone()
        }
    }

    /// This notice as its reminder `minutes` before the start of the work
    /// it schedules is rendered ("starts in 1 hour"): what
    /// [`resume`](crate::Dispatcher::resume) sends, for a preview.
    pub fn as_reminder(&self, minutes: u32) -> Notice {
        Notice {
            reminder: Some(minutes),
            joins_late: false,
            ..self.clone()
        }
    }

    /// The impact as of this update: what the notice states, else the
    /// incident's severity. Customers read this one.
    pub fn impact(&self) -> Severity {
        self.impact.unwrap_or(self.incident.severity)
    }

    /// The checks every notice passes, however it is made.
    pub(crate) fn check(&self) -> Result<(), InputError> {
        self.incident.check()?;
        if self.revision == 0 {
            return Err(InputError::Revision);
        }
        if self.rescheduled_from.is_some() && self.status != Status::Scheduled {
            return Err(InputError::Window {
                reason: "only a notice of status scheduled moves planned work",
            });
        }
        if let Some(minutes) = &self.reminders_minutes {
            if !minutes.is_empty() && self.status != Status::Scheduled {
                return Err(InputError::Reminders {
                    reason: "only a notice of status scheduled asks for reminders",
                });
            }
            if minutes.len() > MAX_REMINDERS {
                return Err(InputError::Reminders {
                    reason: "at most 4 reminders per notice",
                });
            }
            if minutes
                .iter()
                .any(|m| !(1..=MAX_REMINDER_MINUTES).contains(m))
            {
                return Err(InputError::Reminders {
                    reason: "each is 1 to 40320 minutes (28 days) before the start",
                });
            }
        }
        if let Some(url) = &self.status_page
            && !is_http_url(url)
        {
            return Err(InputError::StatusPage { url: url.clone() });
        }
        Ok(())
    }

    /// The time zone used when a customer's own is unknown.
    pub fn time_zone(&self) -> TimeZone {
        self.incident.time_zone.clone().unwrap_or(TimeZone::UTC)
    }

    /// The time zone to show `recipient` the times of this notice in: their
    /// own, or the notice's when theirs is missing. An unknown zone name
    /// falls back the same way and is returned as the error, so the caller
    /// can record it.
    pub fn time_zone_for(&self, recipient: &Recipient) -> (TimeZone, Option<InputError>) {
        match recipient.time_zone.as_deref().map(parse_time_zone) {
            Some(Ok(tz)) => (tz, None),
            Some(Err(err)) => (self.time_zone(), Some(err)),
            None => (self.time_zone(), None),
        }
    }

    /// When the incident ended, for final statuses.
    pub fn resolved_at(&self) -> Option<Timestamp> {
        self.status
            .is_final()
            .then(|| self.resolved_at.unwrap_or(self.published_at))
    }

    /// A hash of everything that shows in a rendering, so that a cache never
    /// serves an edited notice from an earlier rendering of the same revision.
    pub(crate) fn fingerprint(&self) -> u64 {
        let mut h = DefaultHasher::new();
        let i = &self.incident;
        (&i.id, &i.product, i.severity, i.started_at, &i.components).hash(&mut h);
        (i.ends_at, self.rescheduled_from, self.joins_late).hash(&mut h);
        (&self.reminders_minutes, self.reminder).hash(&mut h);
        (
            self.revision,
            self.status,
            self.published_at,
            self.resolved_at,
        )
            .hash(&mut h);
        (self.next_update_minutes, &self.status_page, self.impact).hash(&mut h);
        if let Some(details) = &self.details {
            details.fallback.hash(&mut h);
            details.texts.hash(&mut h);
        }
        h.finish()
    }
}

#[cfg(test)]
mod tests;
