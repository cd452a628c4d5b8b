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

use std::sync::Arc;

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
///
/// Everything in it but the recipient's id is the same for every delivery
/// of one rendering, notice and part: that is serialized once, kept with
/// the rendering, and each delivery adds only its id.
pub(crate) fn body(delivery: &Delivery) -> Vec<u8> {
    let template = delivery
        .rendered
        .encodings
        .get_or_make(|t: &Template| t.fits(delivery), || Template::new(delivery));
    template
        .body(&delivery.recipient.id)
        .unwrap_or_else(|| whole(delivery, &delivery.recipient.id))
}

/// The body of every request for one rendering, notice and part, split
/// around the recipient's id.
struct Template {
    notice: Arc<crate::notice::Notice>,
    part: crate::Part,
    /// Where the recipient id goes; none if that could not be found (then
    /// each body is made whole).
    split: Option<Split>,
}

/// The bytes before the recipient id's opening quote, and after its
/// closing one.
struct Split {
    head: Box<[u8]>,
    tail: Box<[u8]>,
}

impl Template {
    fn new(delivery: &Delivery) -> Template {
        // Two bodies that differ only in a one-character id differ only at
        // that character: what is around it is the same for every id.
        let (zero, one) = (whole(delivery, "0"), whole(delivery, "1"));
        let at = zero.iter().zip(&one).position(|(a, b)| a != b);
        let split = at.and_then(|at| {
            let fits = zero.len() == one.len()
                && at > 0
                && zero[at - 1] == b'"'
                && zero.get(at + 1) == Some(&b'"')
                && zero[at + 1..] == one[at + 1..];
            fits.then(|| Split {
                head: zero[..at - 1].into(),
                tail: zero[at + 2..].into(),
            })
        });
        Template {
            notice: Arc::clone(&delivery.notice),
            part: delivery.key.part,
            split,
        }
    }

    /// Made for this delivery's notice (the same one, or an equal one) and
    /// part.
    fn fits(&self, delivery: &Delivery) -> bool {
        self.part == delivery.key.part
            && (Arc::ptr_eq(&self.notice, &delivery.notice) || *self.notice == *delivery.notice)
    }

    fn body(&self, recipient: &str) -> Option<Vec<u8>> {
        let Split { head, tail } = self.split.as_ref()?;
        let mut body = Vec::with_capacity(head.len() + recipient.len() + 2 + tail.len());
        body.extend_from_slice(head);
        // A string serializes whole, quotes and escapes included.
        serde_json::to_writer(&mut body, recipient).ok()?;
        body.extend_from_slice(tail);
        Some(body)
    }
}

/// The body of the request for `delivery` as if it went to `recipient`,
/// serialized whole.
fn whole(delivery: &Delivery, recipient: &str) -> Vec<u8> {
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
            recipient: Recipient { id: recipient },
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Address, Catalog, LanguagePreferences, Notice, Recipient, Secret};

    fn delivery(notice: &Arc<Notice>, rendered: &Arc<crate::Rendered>, id: &str) -> Delivery {
        let address = Address::Webhook {
            url: "https://hooks.example.com/t".into(),
            secret: Secret::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
        };
        let recipient = Recipient {
            id: id.into(),
            name: String::new(),
            languages: LanguagePreferences::default(),
            time_zone: None,
            addresses: vec![address.clone()],
            audience: Default::default(),
        };
        Delivery::new(
            Arc::clone(notice),
            Arc::new(recipient),
            address,
            Arc::clone(rendered),
        )
    }

    /// What goes on the wire is byte for byte what serializing the whole
    /// payload gives, for every recipient of the rendering, whatever its id
    /// holds, for the notice and for a reminder.
    #[test]
    fn bodies_from_the_kept_template_are_the_whole_serialization() {
        let catalog = Catalog::shipped().unwrap();
        let notice: Notice = toml::from_str(include_str!(
            "../../../examples/data/creator-outage/1-investigating.toml"
        ))
        .unwrap();
        let notice = Arc::new(notice);
        let tz = crate::parse_time_zone("Asia/Tokyo").unwrap();
        for tags in ["ar-EG", "ja", "nl-BE"] {
            let prefs = LanguagePreferences::from_tags([tags]).unwrap();
            let rendered = Arc::new(catalog.render(&notice, &catalog.negotiate(&prefs), &tz));
            let ids = [
                "c-17",
                "0",
                "",
                "quote\"back\\slash",
                "line\nbreak\u{0}nul\u{7f}",
                "ünïcødé 顧客 🚀",
                "</script><b>",
            ];
            for id in ids {
                let mut one = delivery(&notice, &rendered, id);
                assert_eq!(body(&one), whole(&one, id), "{tags} {id:?}");
                one.key = one.key.reminder(60);
                assert_eq!(body(&one), whole(&one, id), "{tags} {id:?} reminder");
                serde_json::from_slice::<serde_json::Value>(&body(&one)).unwrap();
            }
            // One template per part, made once and kept.
            let kept = format!("{:?}", rendered.encodings);
            assert_eq!(kept, "2 kept");
        }
    }
}
