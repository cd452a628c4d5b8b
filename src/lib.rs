//! tidings tells customers, in their own language and on the channels they
//! chose, that the service they pay for is in trouble, and keeps them
//! informed until it is fixed.
//!
//! ```
//! use std::sync::Arc;
//!
//! use tidings::channel::{ChannelKind, RecordingChannel};
//! use tidings::{Address, Catalog, Dispatcher, LanguagePreferences, Notice, Recipient};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // The shipped locales, checked against US English when loaded.
//! let catalog = Arc::new(Catalog::shipped()?);
//!
//! // One update of one incident, as support wrote it.
//! let notice: Notice = serde_json::from_str(r#"{
//!     "incident": {
//!         "id": "creator-2022-03-14", "product": "Creator", "severity": "critical",
//!         "started_at": "2022-03-14T08:30:00+01:00", "time_zone": "Europe/Amsterdam"
//!     },
//!     "notice": {
//!         "revision": 1, "status": "investigating",
//!         "published_at": "2022-03-14T08:52:00+01:00", "next_update_minutes": 30
//!     }
//! }"#)?;
//!
//! // A customer in Brussels who reads Dutch, then English.
//! let customer = Recipient {
//!     id: "c-17".into(),
//!     name: "Ada".into(),
//!     languages: LanguagePreferences::from_accept_language("nl-BE,nl;q=0.9,en;q=0.5"),
//!     time_zone: Some("Europe/Brussels".into()),
//!     addresses: vec![Address::Email { mailbox: "ada@example.com".into() }],
//!     audience: Default::default(),
//! };
//!
//! // What they will read: Dutch text, their own clock.
//! let chain = catalog.negotiate(&customer.languages);
//! let zone = tidings::parse_time_zone("Europe/Brussels")?;
//! let rendered = catalog.render(&notice, &chain, &zone);
//! assert_eq!(rendered.subject, "Creator: we onderzoeken een storing");
//! assert!(rendered.text.contains("maandag 14 maart 2022 om 08:30"));
//!
//! // Tell them, once. (A real service adds EmailChannel, WebhookChannel and
//! // InAppChannel, and a SQLite ledger that survives restarts.)
//! let email = Arc::new(RecordingChannel::new(ChannelKind::Email));
//! let dispatcher = Dispatcher::builder(catalog)
//!     .channel(email.clone())
//!     .memory_ledger()
//!     .build()?;
//! let report = dispatcher.send_all(&notice, [customer.clone()]).await?;
//! assert_eq!(report.totals.sent, 1);
//! let again = dispatcher.send_all(&notice, [customer]).await?;
//! assert_eq!((again.totals.sent, again.totals.duplicate), (0, 1));
//! # Ok(())
//! # }
//! ```
//!
//! # Layout
//!
//! - [`notice`]: [`Incident`], [`Notice`] (one update of an incident), [`Status`], [`Severity`].
//! - [`recipient`]: [`Recipient`], their [`Address`]es and [`LanguagePreferences`].
//! - [`l10n`]: the [`Catalog`] of Fluent messages, validated at load; negotiation into a
//!   [`LocaleChain`]; dates in the customer's time zone with CLDR patterns.
//! - [`render`]: [`Rendered`], the localized text of one notice for one locale chain and
//!   time zone: email subject, text and HTML, in-app title and body, webhook summary.
//! - [`delivery`]: [`Delivery`] (one rendered notice to one address), its [`DeliveryKey`]
//!   (the idempotency key: ledger row, Message-ID, `webhook-id`), [`Receipt`] and
//!   [`DeliveryError`] (transient or permanent).
//! - [`channel`]: the [`Channel`] trait; [`email`](channel::email) over SMTP or into a file
//!   outbox, signed [`webhook`](channel::webhook)s behind an SSRF guard,
//!   [`in_app`](channel::in_app); a [`RecordingChannel`](channel::RecordingChannel) for
//!   tests. Your own transport is one `impl Channel` away (see [`channel`]).
//! - [`inbox`]: the in-app [`Inbox`](inbox::Inbox) (and [`InboxReader`](inbox::InboxReader),
//!   what an account sees).
//! - [`ledger`]: the [`Ledger`](ledger::Ledger) of every delivery (claim, renew, complete,
//!   due): exactly once per update across runs and instances; the
//!   [`LedgerReader`](ledger::LedgerReader) questions (history, coverage, overdue); the one
//!   claim decision every backend makes.
//! - [`dispatch`]: the [`Dispatcher`]: streams recipients, claims, delivers, retries,
//!   rate-limits, pauses a channel that keeps failing, emits events and returns a
//!   [`Report`].
//! - [`store`]: one home per backend, each with its ledger and its inbox:
//!   [`memory`](store::memory); `sqlite` (feature `sqlite`), the [`StateFile`], one file
//!   opened once; `postgres` (feature `postgres`), one database several instances share.
//! - [`checks`]: the limits every notice and recipient is checked against where it enters,
//!   public so that a service's own input (a form, a file) is refused by the same rules.
//! - [`redact`]: addresses shortened for people and logs (webhook URLs are often
//!   credentials), public so that a service's own output hides them the same way.
//! - [`error`]: the error types.
//!
//! # Features
//!
//! - `sqlite` (default): the SQLite state file for the inbox and the ledger, with
//!   SQLite bundled, so nothing needs to be installed.
//! - `postgres`: the ledger and the inbox in PostgreSQL (tokio-postgres, pooled).
//! - `conformance`: the suites every ledger and inbox passes
//!   (`tidings::conformance`), for a backend of your own.
//!
//! # Locales
//!
//! en-US (the source), nl-NL, de-DE, fr-FR, es-ES, it-IT, ja-JP and ar are
//! compiled in. [`CatalogBuilder::directory`] loads `<dir>/<locale>/*.ftl` to
//! change messages or add languages; every locale is checked against en-US.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod bounce;
pub mod channel;
pub mod checks;
#[cfg(feature = "conformance")]
pub mod conformance;
pub mod delivery;
pub mod dispatch;
pub mod error;
pub mod feed;
pub mod inbox;
pub mod l10n;
pub mod ledger;
pub mod notice;
pub mod recipient;
pub mod redact;
pub mod render;
mod status;
pub mod store;
pub mod suppression;
pub mod unsubscribe;

pub use channel::Channel;
pub use delivery::{Answer, Delivery, DeliveryError, DeliveryKey, Part, Receipt};
pub use dispatch::{Dispatcher, Report};
pub use error::{CatalogError, InputError, Problem, ProblemKind, StoreError};
pub use l10n::{Catalog, CatalogBuilder, LocaleChain};
pub use notice::{Details, Incident, Notice, Severity, Status, Window};
pub use recipient::{
    Address, Audience, ChannelKind, ChatService, LanguagePreferences, Recipient, Secret,
    UnknownChatService, parse_time_zone,
};
pub use render::{Direction, Rendered, Renderer};
#[cfg(feature = "sqlite")]
pub use store::sqlite::{StateFile, StateFileBuilder, StateFileReader};

/// The README's Rust examples, compiled (and run where they need no server)
/// with the crate's doctests, so what users copy keeps building.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
