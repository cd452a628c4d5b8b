//! The JSON body of a webhook request, version 1.
//!
//! ```json
//! {
//!   "type": "incident.notice",
//!   "version": 1,
//!   "timestamp": "2022-03-14T07:52:00Z",
//!   "data": {
//!     "incident": { "id": "creator-2022-03-14", "product": "Creator",
//!                   "severity": "critical", "started_at": "2022-03-14T07:30:00Z" },
//!     "notice": { "revision": 1, "status": "investigating",
//!                 "published_at": "2022-03-14T07:52:00Z", "resolved_at": null,
//!                 "status_page": "https://status.example.com/…" },
//!     "recipient": { "id": "c-17" },
//!     "locale": "nl-NL",
//!     "status_label": "In onderzoek",
//!     "title": "In onderzoek: storing bij Creator",
//!     "body": "Creator werkt niet zoals het hoort. …",
//!     "summary": "We onderzoeken een storing bij Creator."
//!   }
//! }
//! ```

use jiff::Timestamp;
use serde::Serialize;

use crate::delivery::Delivery;

/// The `type` of every request that carries a notice of an incident.
pub const EVENT_TYPE: &str = "incident.notice";
/// The `type` of a reminder of scheduled maintenance: nothing new since the
/// notice of its revision, which it names; `data.notice.reminder_minutes`
/// says how long before the start it was sent.
pub const REMINDER_TYPE: &str = "incident.reminder";
/// The payload version; a change that breaks receivers increases it.
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Payload<'a> {
    r#type: &'static str,
    version: u32,
    timestamp: Timestamp,
    data: Data<'a>,
}

#[derive(Serialize)]
struct Data<'a> {
    incident: Incident<'a>,
    notice: Notice<'a>,
    recipient: Recipient<'a>,
    locale: &'a str,
    status_label: &'a str,
    title: &'a str,
    body: &'a str,
    summary: &'a str,
}

#[derive(Serialize)]
struct Incident<'a> {
    id: &'a str,
    product: &'a str,
    severity: &'static str,
    started_at: Timestamp,
    /// What it affects, when it names components.
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    components: &'a [String],
    /// When planned work is to end, when planned.
    #[serde(skip_serializing_if = "Option::is_none")]
    ends_at: Option<Timestamp>,
}

#[derive(Serialize)]
struct Notice<'a> {
    revision: u32,
    status: &'static str,
    published_at: Timestamp,
    resolved_at: Option<Timestamp>,
    status_page: Option<&'a str>,
    /// The impact as of this update (the incident's severity unless the
    /// notice states another).
    impact: &'static str,
    /// The window planned work had before this update moved it.
    #[serde(skip_serializing_if = "Option::is_none")]
    rescheduled_from: Option<crate::notice::Window>,
    /// For a reminder: how many minutes before the start it was sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    reminder_minutes: Option<u32>,
}

#[derive(Serialize)]
struct Recipient<'a> {
    id: &'a str,
}

/// The body of the request for `delivery`. Its timestamp is the notice's
/// publication, so a retry sends the same bytes.
pub(crate) fn body(delivery: &Delivery) -> Vec<u8> {
    let notice = &delivery.notice;
    let rendered = &delivery.rendered;
    let reminder = match delivery.key.part {
        crate::Part::Reminder(minutes) => Some(minutes),
        crate::Part::Notice => None,
    };
    let payload = Payload {
        r#type: if reminder.is_some() {
            REMINDER_TYPE
        } else {
            EVENT_TYPE
        },
        version: VERSION,
        timestamp: notice.published_at,
        data: Data {
            incident: Incident {
                id: &notice.incident.id,
                product: &notice.incident.product,
                severity: notice.incident.severity.as_str(),
                started_at: notice.incident.started_at,
                components: &notice.incident.components,
                ends_at: notice.incident.ends_at,
            },
            notice: Notice {
                revision: notice.revision,
                status: notice.status.as_str(),
                published_at: notice.published_at,
                resolved_at: notice.resolved_at(),
                status_page: notice.status_page.as_deref(),
                impact: notice.impact().as_str(),
                rescheduled_from: notice.rescheduled_from,
                reminder_minutes: reminder,
            },
            recipient: Recipient {
                id: &delivery.recipient.id,
            },
            locale: &rendered.locale,
            status_label: &rendered.status_label,
            title: &rendered.title,
            body: &rendered.brief,
            summary: &rendered.summary,
        },
    };
    // Serializing plain strings, numbers and timestamps cannot fail.
    serde_json::to_vec(&payload).unwrap_or_default()
}
