//! Channels: how one [`Delivery`] reaches one address.
//!
//! A [`Channel`] has one job, `deliver`, and says honestly whether a failure
//! is worth retrying. Retries, rate limits and timeouts across deliveries are
//! the dispatcher's business, not the channel's.
//!
//! - [`email`]: SMTP through lettre, or a file outbox of `.eml` files.
//! - [`webhook`]: signed HTTP POSTs (Standard Webhooks), guarded against SSRF.
//! - [`in_app`]: the in-app [`Inbox`](crate::inbox::Inbox).
//! - [`RecordingChannel`]: keeps what it is given, for your own tests.
//!
//! Your own transport (SMS, chat) is a type that implements [`Channel`],
//! and a recipient reaches it through an [`Address::Custom`] of its kind:
//!
//! ```
//! use std::sync::Arc;
//!
//! use async_trait::async_trait;
//! use tidings::channel::{Channel, ChannelKind};
//! use tidings::{Address, Catalog, Delivery, DeliveryError, Dispatcher, Receipt, Recipient};
//!
//! struct Sms;
//!
//! #[async_trait]
//! impl Channel for Sms {
//!     fn kind(&self) -> ChannelKind {
//!         ChannelKind::custom("sms")
//!     }
//!
//!     async fn deliver(&self, delivery: &Delivery) -> Result<Receipt, DeliveryError> {
//!         let Address::Custom { to, .. } = &delivery.address else {
//!             return Err(DeliveryError::permanent("not an SMS number"));
//!         };
//!         let text = &delivery.rendered.summary;
//!         // … hand `text` to your SMS provider for `to`; map its answer:
//!         Ok(Receipt::new(self.kind(), format!("queued for {to}: {} chars", text.len())))
//!     }
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let dispatcher = Dispatcher::builder(Arc::new(Catalog::shipped()?))
//!     .channel(Arc::new(Sms))
//!     .memory_ledger()
//!     .build()?;
//! let notice: tidings::Notice = serde_json::from_str(r#"{
//!     "incident": {"id": "creator-2022-03-14", "product": "Creator", "severity": "critical",
//!                  "started_at": "2022-03-14T07:30:00Z"},
//!     "notice": {"revision": 1, "status": "investigating", "published_at": "2022-03-14T07:52:00Z"}
//! }"#)?;
//! let customer = Recipient {
//!     id: "c-9".into(),
//!     name: "Bo".into(),
//!     languages: Default::default(),
//!     time_zone: None,
//!     addresses: vec![Address::Custom { kind: "sms".into(), to: "+31 6 1234 5678".into() }],
//! };
//! let report = dispatcher.send_all(&notice, [customer]).await?;
//! assert_eq!(report.channels["sms"].sent, 1);
//! # Ok(())
//! # }
//! ```

pub mod email;
pub mod in_app;
mod outbox;
mod recording;
pub mod webhook;

use std::borrow::Cow;
use std::fmt;

use async_trait::async_trait;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::delivery::{Delivery, DeliveryError, Receipt};
use crate::recipient::Address;

pub use recording::RecordingChannel;

/// Takes one rendered notice to one address.
///
/// Implementations are shared between tasks (`Send + Sync`) and used as
/// `Arc<dyn Channel>`.
#[async_trait]
pub trait Channel: Send + Sync {
    /// Which addresses this channel serves.
    fn kind(&self) -> ChannelKind;

    /// Delivers once. A transient error means the same delivery may succeed
    /// later; a permanent one that it will not.
    async fn deliver(&self, delivery: &Delivery) -> Result<Receipt, DeliveryError>;

    /// Whether every delivery goes through one server (a mail relay, a
    /// store, an SMS provider), so that a run of transient failures says
    /// the channel itself is down and the dispatcher may pause it (see
    /// [`CircuitBreaker`](crate::dispatch::CircuitBreaker)). True unless a
    /// channel says otherwise; webhooks say false, since each address is a
    /// different server and one customer's broken endpoint says nothing
    /// about the next one's.
    fn one_server(&self) -> bool {
        true
    }

    /// Whether deliveries go to an outbox (files to review) instead of to
    /// their addresses. The ledger records them as written to the outbox,
    /// not as sent, so a later send through a real transport still makes
    /// them. False unless a channel says otherwise.
    fn outbox(&self) -> bool {
        false
    }

    /// How many deliveries this channel should be given at once, when it
    /// has a bound of its own (the email channel: two per SMTP connection,
    /// one sending and one next in line): the dispatcher gives it no more,
    /// so a delivery is claimed only when the channel is about to take it,
    /// never while it queues. `None` unless a channel says otherwise.
    fn capacity(&self) -> Option<usize> {
        None
    }
}

/// The kind of a channel, and of the addresses it serves.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum ChannelKind {
    /// Email to a mailbox.
    Email,
    /// An HTTP POST to a webhook endpoint.
    Webhook,
    /// An entry in the in-app inbox.
    InApp,
    /// A channel of your own, by name.
    Custom(Cow<'static, str>),
}

impl ChannelKind {
    /// A channel of your own.
    pub fn custom(name: impl Into<Cow<'static, str>>) -> Self {
        let name = name.into();
        match name.as_ref() {
            "email" => ChannelKind::Email,
            "webhook" => ChannelKind::Webhook,
            "in-app" => ChannelKind::InApp,
            _ => ChannelKind::Custom(name),
        }
    }

    /// Its name: `email`, `webhook`, `in-app` or the custom name.
    pub fn as_str(&self) -> &str {
        match self {
            ChannelKind::Email => "email",
            ChannelKind::Webhook => "webhook",
            ChannelKind::InApp => "in-app",
            ChannelKind::Custom(name) => name,
        }
    }
}

impl fmt::Display for ChannelKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ChannelKind {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ChannelKind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(ChannelKind::custom)
    }
}

impl Address {
    /// The channel kind that serves this address.
    pub fn channel(&self) -> ChannelKind {
        match self {
            Address::Email { .. } => ChannelKind::Email,
            Address::Webhook { .. } => ChannelKind::Webhook,
            Address::InApp { .. } => ChannelKind::InApp,
            Address::Custom { kind, .. } => ChannelKind::custom(kind.clone()),
        }
    }

    /// What identifies the address in a delivery key: the email address
    /// without its display name (lowercased), the URL, the account.
    pub fn identity(&self) -> String {
        match self {
            Address::Email { mailbox } => {
                let addr = match (mailbox.rfind('<'), mailbox.rfind('>')) {
                    (Some(open), Some(close)) if open < close => &mailbox[open + 1..close],
                    _ => mailbox.as_str(),
                };
                addr.trim().to_lowercase()
            }
            Address::Webhook { url, .. } => url.trim().to_owned(),
            Address::InApp { account } => account.clone(),
            Address::Custom { to, .. } => to.trim().to_owned(),
        }
    }
}
