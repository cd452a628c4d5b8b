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
        Preview {
            locales: chain.locales().iter().map(|l| l.to_string()).collect(),
            time_zone: rendered.time_zone.clone(),
            notes: note.into_iter().collect(),
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
