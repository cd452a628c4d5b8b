//! What a customer would get, without sending or recording anything.

use std::sync::Arc;

use serde::Serialize;

use super::Dispatcher;
use crate::delivery::DeliveryKey;
use crate::notice::Notice;
use crate::recipient::Recipient;
use crate::render::Rendered;

/// What a customer would get, without sending or recording anything.
#[derive(Debug, Clone, Serialize)]
#[non_exhaustive]
pub struct Preview {
    /// The locales their text comes from, best first.
    pub locales: Vec<String>,
    /// The time zone their times are shown in.
    pub time_zone: String,
    /// Fallbacks worth knowing (an unknown time zone, say).
    pub notes: Vec<String>,
    /// The text.
    pub rendered: Arc<Rendered>,
    /// One per address.
    pub deliveries: Vec<PreviewDelivery>,
    /// Whether the notice is in the customer's audience. When it is not, a
    /// send makes these deliveries only if they were told an earlier
    /// revision of the incident.
    pub in_audience: bool,
}

/// One delivery a send would make.
#[derive(Debug, Clone, Serialize)]
pub struct PreviewDelivery {
    /// Its key.
    pub key: DeliveryKey,
    /// Whether a channel is configured for it.
    pub configured: bool,
}

impl Dispatcher {
    /// What `recipient` would get, without sending or recording anything.
    pub fn preview(&self, notice: &Notice, recipient: &Recipient) -> Preview {
        let inner = &*self.inner;
        let chain = inner.chain(recipient);
        let (tz, note) = inner.time_zone(notice, recipient);
        let rendered = inner.renderer.render(notice, &chain, &tz);
        let in_audience = recipient.audience.includes(notice);
        let mut notes: Vec<String> = note.into_iter().collect();
        if !in_audience {
            notes.push(
                "this notice is outside what the customer follows: it is sent to them only if \
                 they were told an earlier revision of the incident"
                    .to_owned(),
            );
        }
        Preview {
            locales: chain.locales().iter().map(|l| l.to_string()).collect(),
            time_zone: rendered.time_zone.clone(),
            notes,
            in_audience,
            deliveries: recipient
                .addresses
                .iter()
                .map(|address| PreviewDelivery {
                    key: DeliveryKey::new(notice, recipient, address),
                    configured: inner.channels.contains_key(&address.channel()),
                })
                .collect(),
            rendered,
        }
    }
}
