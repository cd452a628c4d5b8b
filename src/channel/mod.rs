//! Channels: how one [`Delivery`] reaches one address.
//!
//! A [`Channel`] has one job, `deliver`, and says honestly whether a failure
//! is worth retrying. Retries, rate limits and timeouts across deliveries are
//! the dispatcher's business, not the channel's.
//!
//! - [`email`]: SMTP through lettre, or a file outbox of `.eml` files.
//! - [`webhook`]: signed HTTP POSTs (Standard Webhooks), guarded against SSRF.
//! - [`chat`]: Slack, Microsoft Teams, Discord and Google Chat, each in its
//!   own format, through the same guard.
//! - [`in_app`]: the in-app [`Inbox`](crate::inbox::Inbox).
//! - [`RecordingChannel`]: keeps what it is given, for your own tests.
//!
//! Your own transport (SMS, chat) is a type that implements [`Channel`],
//! and a recipient reaches it through an [`Address::Custom`](crate::Address::Custom) of its kind:
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
//!     audience: Default::default(),
//! };
//! let report = dispatcher.send_all(&notice, [customer]).await?;
//! assert_eq!(report.channels["sms"].sent, 1);
//! # Ok(())
//! # }
//! ```

pub mod chat;
pub mod email;
mod http;
pub mod in_app;
mod outbox;
mod recording;
mod ssrf;
pub mod webhook;

use async_trait::async_trait;

use crate::delivery::{Delivery, DeliveryError, Receipt};
pub use crate::recipient::ChannelKind;

pub use http::HttpConfigError;
pub use recording::RecordingChannel;

/// What fails together, for the circuit breaker: see
/// [`Channel::failure_domain`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum FailureDomain {
    /// Every delivery goes through one server: failures in a row mean the
    /// channel is down, and it is paused.
    Channel,
    /// Each address is its own server: failures say nothing about other
    /// addresses, and the channel is never paused as a whole.
    Address,
}

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

    /// What a run of transient failures is evidence against: the whole
    /// channel, when every delivery goes through one server (a mail relay,
    /// a store, an SMS provider), so the dispatcher's circuit breaker may
    /// pause it; or only the address, when each address is a server of its
    /// own (webhooks), so one customer's broken endpoint never pauses the
    /// next one's. [`FailureDomain::Channel`] unless a channel says
    /// otherwise.
    fn failure_domain(&self) -> FailureDomain {
        FailureDomain::Channel
    }

    /// Whether deliveries go to an outbox (files to review) instead of to
    /// their addresses. The ledger records them as written to the outbox,
    /// not as sent, so a later send through a real transport still makes
    /// them. False unless a channel says otherwise.
    fn outbox(&self) -> bool {
        false
    }

    /// How many deliveries this channel should be given at once, when it
    /// has a bound of its own (the email channel: six per SMTP connection,
    /// one sending, one whose envelope rides with its end, four in line):
    /// the dispatcher gives it no more, so a delivery is claimed only
    /// shortly before the channel takes it, never while it queues for a
    /// place. `None` unless a channel says otherwise.
    fn capacity(&self) -> Option<usize> {
        None
    }
}
