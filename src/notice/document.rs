//! The document form of a notice: `[incident]` and `[notice]` tables, read
//! with every check a notice must pass.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use unic_langid::LanguageIdentifier;

use jiff::tz::TimeZone;

use super::{Details, Incident, Notice, Severity, Status, Window};
use crate::checks;
use crate::error::InputError;

/// The document form of an incident: what people write, checked on the
/// way in.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct IncidentDocument {
    id: String,
    product: String,
    severity: Severity,
    started_at: Timestamp,
    #[serde(default, with = "jiff::fmt::serde::tz::optional")]
    time_zone: Option<TimeZone>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    components: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ends_at: Option<Timestamp>,
}

impl TryFrom<IncidentDocument> for Incident {
    type Error = InputError;

    fn try_from(d: IncidentDocument) -> Result<Self, InputError> {
        let incident = Incident {
            id: d.id,
            product: d.product,
            severity: d.severity,
            started_at: d.started_at,
            time_zone: d.time_zone,
            components: d.components,
            ends_at: d.ends_at,
        };
        incident.check()?;
        Ok(incident)
    }
}

impl From<Incident> for IncidentDocument {
    fn from(i: Incident) -> Self {
        IncidentDocument {
            id: i.id,
            product: i.product,
            severity: i.severity,
            started_at: i.started_at,
            time_zone: i.time_zone,
            components: i.components,
            ends_at: i.ends_at,
        }
    }
}

/// The document form of a notice: `[incident]` and `[notice]` tables.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct NoticeDocument {
    incident: Incident,
    notice: UpdateDocument,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct UpdateDocument {
    revision: u32,
    status: Status,
    published_at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    resolved_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    next_update_minutes: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    status_page: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    impact: Option<Severity>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    rescheduled_from: Option<Window>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    reminders_minutes: Option<Vec<u32>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    details_fallback: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty", with = "details_table")]
    details: Vec<(String, String)>,
}

impl TryFrom<NoticeDocument> for Notice {
    type Error = InputError;

    fn try_from(doc: NoticeDocument) -> Result<Self, InputError> {
        let n = doc.notice;
        for (language, text) in &n.details {
            checks::check_details(language, text)?;
        }
        let details = if n.details.is_empty() {
            None
        } else {
            let texts = n
                .details
                .into_iter()
                .map(|(tag, text)| Ok((crate::recipient::parse_tag(&tag)?, text)))
                .collect::<Result<Vec<_>, InputError>>()?;
            let fallback = match n.details_fallback {
                Some(tag) => crate::recipient::parse_tag(&tag)?,
                None => default_details_fallback(&texts),
            };
            Some(Details::new(texts, fallback)?)
        };
        let notice = Notice {
            incident: doc.incident,
            revision: n.revision,
            status: n.status,
            published_at: n.published_at,
            resolved_at: n.resolved_at,
            next_update_minutes: n.next_update_minutes,
            status_page: n.status_page,
            details,
            impact: n.impact,
            rescheduled_from: n.rescheduled_from,
            reminders_minutes: n.reminders_minutes.map(super::tidy_reminders),
            reminder: None,
            joins_late: false,
        };
        notice.check()?;
        Ok(notice)
    }
}

impl From<Notice> for NoticeDocument {
    fn from(n: Notice) -> Self {
        let (details_fallback, details) = match n.details {
            Some(d) => (
                Some(d.fallback.to_string()),
                d.texts
                    .into_iter()
                    .map(|(lang, text)| (lang.to_string(), text))
                    .collect(),
            ),
            None => (None, Vec::new()),
        };
        NoticeDocument {
            incident: n.incident,
            notice: UpdateDocument {
                revision: n.revision,
                status: n.status,
                published_at: n.published_at,
                resolved_at: n.resolved_at,
                next_update_minutes: n.next_update_minutes,
                status_page: n.status_page,
                impact: n.impact,
                rescheduled_from: n.rescheduled_from,
                reminders_minutes: n.reminders_minutes,
                details_fallback,
                details,
            },
        }
    }
}

/// Without an explicit fallback, US English if it is there, else the first.
fn default_details_fallback(texts: &[(LanguageIdentifier, String)]) -> LanguageIdentifier {
    let en_us = crate::l10n::default_locale();
    if texts.iter().any(|(lang, _)| *lang == en_us) {
        en_us
    } else {
        texts[0].0.clone()
    }
}

pub(crate) fn is_http_url(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    matches!(rest, Some(host) if !host.is_empty() && !host.starts_with('/'))
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// `[notice.details]` keeps its languages in the order they were written.
mod details_table {
    use serde::de::{MapAccess, Visitor};
    use serde::ser::SerializeMap;
    use serde::{Deserializer, Serializer};
    use std::fmt;

    pub fn serialize<S: Serializer>(v: &[(String, String)], s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(v.len()))?;
        for (k, text) in v {
            map.serialize_entry(k, text)?;
        }
        map.end()
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<(String, String)>, D::Error> {
        struct Table;
        impl<'de> Visitor<'de> for Table {
            type Value = Vec<(String, String)>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a table of language tag = text")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    out.push(entry);
                }
                Ok(out)
            }
        }
        d.deserialize_map(Table)
    }
}
