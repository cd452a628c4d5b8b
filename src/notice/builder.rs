//! Making an [`Incident`] and a [`Notice`] in code, with the checks every
//! notice passes however it is made.

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::{Details, Incident, Notice, Severity};
use crate::error::InputError;

/// Makes an [`Incident`], checked.
#[derive(Debug, Clone)]
#[must_use]
pub struct IncidentBuilder {
    pub(super) incident: Incident,
}

impl IncidentBuilder {
    /// The incident's own time zone (an IANA zone), used for customers whose
    /// zone is unknown; UTC unless set.
    pub fn time_zone(mut self, tz: TimeZone) -> Self {
        self.incident.time_zone = Some(tz);
        self
    }

    /// The product or component affected.
    pub fn product(mut self, product: impl Into<String>) -> Self {
        self.incident.product = product.into();
        self
    }

    /// The components it affects, as customers choose them to follow
    /// (each named once; at most [`MAX_COMPONENTS`](super::MAX_COMPONENTS)).
    pub fn components<I, S>(mut self, components: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.incident.components = components.into_iter().map(Into::into).collect();
        self
    }

    /// When planned work is to end (planned work only; after the start).
    pub fn ends_at(mut self, at: Timestamp) -> Self {
        self.incident.ends_at = Some(at);
        self
    }

    /// When it starts (or started).
    pub fn started_at(mut self, at: Timestamp) -> Self {
        self.incident.started_at = at;
        self
    }

    /// The incident, or why it cannot be one.
    pub fn build(self) -> Result<Incident, InputError> {
        self.incident.check()?;
        Ok(self.incident)
    }
}

/// Makes a [`Notice`], checked.
#[derive(Debug, Clone)]
#[must_use]
pub struct NoticeBuilder {
    pub(super) notice: Notice,
}

impl NoticeBuilder {
    /// This update's number: 1 for the first, then increasing.
    pub fn revision(mut self, revision: u32) -> Self {
        self.notice.revision = revision;
        self
    }

    /// When it was resolved (or planned work completed); for a final status
    /// without it, the publication time stands in.
    pub fn resolved_at(mut self, at: Timestamp) -> Self {
        self.notice.resolved_at = Some(at);
        self
    }

    /// The window planned work had before this update moved it (a
    /// scheduled notice only). A send fills it in when it is not given and
    /// the revision before planned another window.
    pub fn rescheduled_from(mut self, window: super::Window) -> Self {
        self.notice.rescheduled_from = Some(window);
        self
    }

    /// The reminders of scheduled maintenance, in minutes before its start
    /// (each 1 to 40320, at most 4; `[1440, 60]`: a day and an hour
    /// before). Without it the dispatcher's default applies; an empty list
    /// asks for none.
    pub fn reminders_minutes(mut self, minutes: impl IntoIterator<Item = u32>) -> Self {
        self.notice.reminders_minutes = Some(super::tidy_reminders(minutes.into_iter().collect()));
        self
    }

    /// When this update was published.
    pub fn published_at(mut self, at: Timestamp) -> Self {
        self.notice.published_at = at;
        self
    }

    /// The incident this update is about.
    pub fn incident(mut self, incident: Incident) -> Self {
        self.notice.incident = incident;
        self
    }

    /// The promise: the next update in this many minutes (`None`: when
    /// something changes).
    pub fn next_update_minutes(mut self, minutes: Option<u32>) -> Self {
        self.notice.next_update_minutes = minutes;
        self
    }

    /// The public page where the incident is followed (an absolute http(s)
    /// URL).
    pub fn status_page(mut self, url: impl Into<String>) -> Self {
        self.notice.status_page = Some(url.into());
        self
    }

    /// The impact as of this update, when it is not the incident's severity
    /// any more (`major` while a fix rolls out after a `critical` outage).
    pub fn impact(mut self, impact: Severity) -> Self {
        self.notice.impact = Some(impact);
        self
    }

    /// What the incident team wrote, per language (`None`: nothing).
    pub fn details(mut self, details: Option<Details>) -> Self {
        self.notice.details = details;
        self
    }

    /// The notice, or why it cannot be one.
    pub fn build(self) -> Result<Notice, InputError> {
        self.notice.check()?;
        Ok(self.notice)
    }
}
