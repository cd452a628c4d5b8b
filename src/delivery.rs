//! One rendered notice to one address: [`Delivery`], its [`DeliveryKey`],
//! and what a channel answers ([`Receipt`] or [`DeliveryError`]).

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::notice::Notice;
use crate::recipient::ChannelKind;
use crate::recipient::{Address, Recipient};
use crate::render::Rendered;

/// What makes a delivery itself: (incident, revision, recipient, channel,
/// address, part). It is made once per delivery and is the idempotency key
/// everywhere: the ledger row, the email's Message-ID and the webhook's
/// `webhook-id`, the same on every retry and after a restart.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct DeliveryKey {
    /// The incident id.
    pub incident: String,
    /// The notice revision.
    pub revision: u32,
    /// The recipient id.
    pub recipient: String,
    /// The channel.
    pub channel: ChannelKind,
    /// The address on that channel (mailbox, URL or account), as the channel
    /// identifies it.
    pub address: String,
    /// The notice itself, or a reminder of the planned work it announces.
    #[serde(default, skip_serializing_if = "Part::is_notice")]
    pub part: Part,
}

/// What of a revision a delivery carries: the notice, or a reminder sent
/// some minutes before the planned work it announces starts. A reminder is
/// a delivery of its own (its own row, id and outcome) under the revision
/// it reminds of, so a newer revision makes it stale like any other.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Part {
    /// The notice.
    #[default]
    Notice,
    /// A reminder, this many minutes before the start.
    Reminder(u32),
}

impl Part {
    /// Whether this is the notice itself.
    pub fn is_notice(&self) -> bool {
        *self == Part::Notice
    }

    /// The name kept in storage and shown in output: empty for the notice,
    /// `reminder-60` for a reminder an hour before.
    pub fn as_stored(&self) -> String {
        match self {
            Part::Notice => String::new(),
            Part::Reminder(minutes) => format!("reminder-{minutes}"),
        }
    }

    /// The part a stored name stands for.
    pub fn parse(stored: &str) -> Option<Part> {
        if stored.is_empty() {
            return Some(Part::Notice);
        }
        let minutes = stored.strip_prefix("reminder-")?;
        // Digits only: "+60" or " 60" are not a stored name.
        if !minutes.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        minutes.parse().ok().map(Part::Reminder)
    }
}

impl DeliveryKey {
    /// The key of delivering `notice` to `recipient` at `address`.
    pub fn new(notice: &Notice, recipient: &Recipient, address: &Address) -> Self {
        DeliveryKey {
            incident: notice.incident.id.clone(),
            revision: notice.revision,
            recipient: recipient.id.clone(),
            channel: address.channel(),
            address: address.identity(),
            part: Part::Notice,
        }
    }

    /// The reminder of this delivery's notice, `minutes` before the start.
    pub fn reminder(&self, minutes: u32) -> DeliveryKey {
        DeliveryKey {
            part: Part::Reminder(minutes),
            ..self.clone()
        }
    }

    /// A stable digest of the key: 32 lowercase hex digits. Equal keys give
    /// equal ids on every machine and in every version of tidings.
    pub fn id(&self) -> String {
        let mut id = String::with_capacity(32);
        self.push_id(&mut id);
        id
    }

    /// [`id`](DeliveryKey::id) onto the end of `out`.
    pub(crate) fn push_id(&self, out: &mut String) {
        let mut hash = Sha256::new();
        self.hash_into(&mut hash);
        crate::redact::push_hex(out, &hash.finalize()[..16]);
    }

    /// Feeds the key's fields to `hash`, each length-prefixed, so
    /// ("ab", "c") and ("a", "bc") differ. The notice itself adds nothing,
    /// so its ids stay what they were before keys had parts.
    pub(crate) fn hash_into(&self, hash: &mut Sha256) {
        let part = self.part.as_stored();
        let part = (!part.is_empty()).then_some(part.as_bytes());
        for part in [
            self.incident.as_bytes(),
            &self.revision.to_be_bytes(),
            self.recipient.as_bytes(),
            self.channel.as_str().as_bytes(),
            self.address.as_bytes(),
        ]
        .into_iter()
        .chain(part)
        {
            hash.update((part.len() as u64).to_be_bytes());
            hash.update(part);
        }
    }

    /// The notice of another revision of the incident to the same address:
    /// revision 1 is the message later updates (and reminders) thread under.
    pub fn for_revision(&self, revision: u32) -> DeliveryKey {
        DeliveryKey {
            revision,
            part: Part::Notice,
            ..self.clone()
        }
    }
}

impl fmt::Display for DeliveryKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#{}", self.incident, self.revision)?;
        if let Part::Reminder(minutes) = self.part {
            write!(f, " (reminder {minutes} min before)")?;
        }
        write!(
            f,
            " to {} by {} at {}",
            self.recipient,
            self.channel.as_str(),
            crate::redact::address(self.channel.as_str(), &self.address)
        )
    }
}

/// One rendered notice to one address on one channel.
#[derive(Debug, Clone)]
pub struct Delivery {
    /// Its idempotency key.
    pub key: DeliveryKey,
    /// Who it is for.
    pub recipient: Arc<Recipient>,
    /// Where it goes.
    pub address: Address,
    /// What it is about.
    pub notice: Arc<Notice>,
    /// The text, in the recipient's language and time zone.
    pub rendered: Arc<Rendered>,
}

impl Delivery {
    /// A delivery of `rendered` for `notice` to `recipient` at `address`.
    pub fn new(
        notice: Arc<Notice>,
        recipient: Arc<Recipient>,
        address: Address,
        rendered: Arc<Rendered>,
    ) -> Self {
        Delivery {
            key: DeliveryKey::new(&notice, &recipient, &address),
            recipient,
            address,
            notice,
            rendered,
        }
    }
}

/// What a channel says when a delivery was accepted. Made with
/// [`Receipt::new`]; it may grow fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Receipt {
    /// The channel that took it.
    pub channel: ChannelKind,
    /// What the other side said, in a line: the SMTP reply, the HTTP status,
    /// the file written.
    pub detail: String,
}

impl Receipt {
    /// A delivery `channel` made, with what the other side said.
    pub fn new(channel: ChannelKind, detail: impl Into<String>) -> Self {
        Receipt {
            channel,
            detail: detail.into(),
        }
    }
}

/// What the other side answered, as a code a program can act on (a 410
/// means stop sending to this endpoint; a 550, this mailbox is gone).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "protocol", content = "code", rename_all = "lowercase")]
#[non_exhaustive]
pub enum Answer {
    /// An HTTP status.
    Http(u16),
    /// An SMTP reply code.
    Smtp(u16),
}

/// Why a delivery did not go through, and whether trying again may help.
///
/// The reason is written for a support person: it names what was refused or
/// unreachable, never a secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DeliveryError {
    /// Worth trying again later: a server down, slow or busy.
    #[error("{reason}")]
    #[non_exhaustive]
    Transient {
        /// What happened.
        reason: String,
        /// How long the other side asked us to wait, if it said.
        retry_after: Option<Duration>,
        /// What the other side answered, when it did.
        answer: Option<Answer>,
        /// Said of this address alone (a full mailbox), not of the server:
        /// the server answered, so it does not count towards pausing the
        /// channel.
        about_address: bool,
    },
    /// Trying again will not help: a refused address, a bad request.
    #[error("{reason}")]
    #[non_exhaustive]
    Permanent {
        /// What happened.
        reason: String,
        /// What the other side answered, when it did.
        answer: Option<Answer>,
        /// The other side said the address no longer exists (an endpoint
        /// answering 410, a chat webhook that was removed): nothing more is
        /// sent to it until support lifts the suppression this records.
        gone: bool,
    },
}

impl DeliveryError {
    /// A failure worth retrying.
    pub fn transient(reason: impl Into<String>) -> Self {
        DeliveryError::Transient {
            reason: reason.into(),
            retry_after: None,
            answer: None,
            about_address: false,
        }
    }

    /// The same transient failure, said of this address alone (a full or
    /// busy mailbox) rather than of the server: the server answered, so the
    /// circuit breaker does not count it against the channel.
    pub fn about_address(mut self) -> Self {
        if let DeliveryError::Transient { about_address, .. } = &mut self {
            *about_address = true;
        }
        self
    }

    /// Whether this failure was said of the address alone (see
    /// [`about_address`](DeliveryError::about_address)).
    pub fn is_about_address(&self) -> bool {
        matches!(
            self,
            DeliveryError::Transient {
                about_address: true,
                ..
            }
        )
    }

    /// A failure that retrying will not fix.
    pub fn permanent(reason: impl Into<String>) -> Self {
        DeliveryError::Permanent {
            reason: reason.into(),
            answer: None,
            gone: false,
        }
    }

    /// The same permanent failure, saying the address no longer exists
    /// (see [`is_gone`](DeliveryError::is_gone)).
    pub fn gone(mut self) -> Self {
        if let DeliveryError::Permanent { gone, .. } = &mut self {
            *gone = true;
        }
        self
    }

    /// Whether the other side said the address no longer exists: the
    /// dispatcher then suppresses that address on that channel.
    pub fn is_gone(&self) -> bool {
        matches!(self, DeliveryError::Permanent { gone: true, .. })
    }

    /// The same failure, with what the other side answered.
    pub fn with_answer(mut self, code: Answer) -> Self {
        match &mut self {
            DeliveryError::Transient { answer, .. } | DeliveryError::Permanent { answer, .. } => {
                *answer = Some(code)
            }
        }
        self
    }

    /// What the other side answered (HTTP status, SMTP reply code), when it
    /// did: for acting on it without reading the reason.
    pub fn answer(&self) -> Option<Answer> {
        match self {
            DeliveryError::Transient { answer, .. } | DeliveryError::Permanent { answer, .. } => {
                *answer
            }
        }
    }

    /// The same failure, with the delay the other side asked for (ignored on
    /// permanent failures).
    pub fn with_retry_after(self, delay: Duration) -> Self {
        match self {
            DeliveryError::Transient {
                reason,
                answer,
                about_address,
                ..
            } => DeliveryError::Transient {
                reason,
                retry_after: Some(delay),
                answer,
                about_address,
            },
            permanent => permanent,
        }
    }

    /// Whether trying again later may succeed.
    pub fn is_transient(&self) -> bool {
        matches!(self, DeliveryError::Transient { .. })
    }

    /// Whether trying again cannot succeed.
    pub fn is_permanent(&self) -> bool {
        matches!(self, DeliveryError::Permanent { .. })
    }

    /// How long the other side asked us to wait before trying again.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            DeliveryError::Transient { retry_after, .. } => *retry_after,
            DeliveryError::Permanent { .. } => None,
        }
    }

    /// The reason, in words.
    pub fn reason(&self) -> &str {
        match self {
            DeliveryError::Transient { reason, .. } | DeliveryError::Permanent { reason, .. } => {
                reason
            }
        }
    }
}

/// A delivery of the creator-outage notice, in English and UTC, to
/// `address`: for tests that need one, not what it says.
#[cfg(test)]
pub(crate) fn sample(address: Address) -> Delivery {
    let catalog = crate::Catalog::shipped().expect("the shipped catalog loads");
    let notice: Notice = toml::from_str(include_str!(
        "../examples/data/creator-outage/1-investigating.toml"
    ))
    .expect("the example notice parses");
    let tz = crate::parse_time_zone("UTC").expect("UTC is a zone");
    let languages = catalog.negotiate(&crate::LanguagePreferences::default());
    let rendered = Arc::new(catalog.render(&notice, &languages, &tz));
    let recipient = Recipient {
        id: "c-1".into(),
        name: String::new(),
        languages: Default::default(),
        time_zone: None,
        addresses: vec![address.clone()],
        audience: Default::default(),
    };
    Delivery::new(Arc::new(notice), Arc::new(recipient), address, rendered)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> DeliveryKey {
        DeliveryKey {
            incident: "creator-2022-03-14".into(),
            revision: 3,
            recipient: "c-17".into(),
            channel: ChannelKind::Email,
            address: "ada@example.com".into(),
            part: Part::Notice,
        }
    }

    #[test]
    fn a_key_has_one_stable_id() {
        let k = key();
        assert_eq!(k.id(), k.clone().id());
        assert_eq!(k.id().len(), 32);
        // Pinned: the id must not change between versions, or a restarted
        // sender would not recognise its own Message-IDs.
        assert_eq!(k.id(), "02d4d60a9ab544abae3e7f6f0d7a002d");
        let reminder = k.reminder(60);
        assert_ne!(reminder.id(), k.id());
        assert_ne!(reminder.id(), k.reminder(1440).id());
        assert_eq!(reminder.for_revision(3), k);
        let mut other = key();
        other.revision = 4;
        assert_ne!(k.id(), other.id());
        assert_eq!(other.for_revision(3), k);
        // Field boundaries count.
        let mut a = key();
        a.incident = "ab".into();
        a.recipient = "c".into();
        let mut b = key();
        b.incident = "a".into();
        b.recipient = "bc".into();
        assert_ne!(a.id(), b.id());
    }

    #[test]
    fn a_webhook_url_is_in_no_key_debug_output_or_event() {
        let url = "https://hooks.slack.example/services/T0KEN/s3cret";
        let address = Address::Webhook {
            url: url.into(),
            secret: crate::Secret::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
        };
        let recipient = Recipient {
            id: "c-17".into(),
            name: "Ada".into(),
            languages: crate::LanguagePreferences::default(),
            time_zone: None,
            addresses: vec![address.clone()],
            audience: Default::default(),
        };
        let key = DeliveryKey {
            channel: ChannelKind::Webhook,
            address: address.identity(),
            ..key()
        };
        let event = crate::dispatch::Event {
            key: key.clone(),
            kind: crate::dispatch::EventKind::Claimed { reclaimed: false },
            at: jiff::Timestamp::UNIX_EPOCH,
        };
        for shown in [
            format!("{key:?}"),
            key.to_string(),
            format!("{address:?}"),
            format!("{recipient:?}"),
            format!("{event:?}"),
            serde_json::to_string(&key).unwrap(),
            serde_json::to_string(&event).unwrap(),
        ] {
            assert!(
                !shown.contains("T0KEN") && !shown.contains("s3cret") && !shown.contains("MfKQ"),
                "{shown}"
            );
            assert!(shown.contains("hooks.slack.example"), "{shown}");
        }
        // Two URLs on one host are two deliveries; the same URL is one.
        let other = Address::Webhook {
            url: "https://hooks.slack.example/services/T0KEN/other".into(),
            secret: crate::Secret::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
        };
        assert_ne!(address.identity(), other.identity());
        let spaced = Address::Webhook {
            url: format!(" {url} "),
            secret: crate::Secret::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
        };
        assert_eq!(address.identity(), spaced.identity());
    }

    #[test]
    fn a_part_is_stored_by_a_name_read_back_the_same() {
        for part in [Part::Notice, Part::Reminder(0), Part::Reminder(1440)] {
            assert_eq!(Part::parse(&part.as_stored()), Some(part));
        }
        for bad in [
            "reminder-",
            "reminder-+5",
            "reminder- 5",
            "notice",
            "reminder-99999999999",
        ] {
            assert_eq!(Part::parse(bad), None, "{bad}");
        }
        let json = serde_json::to_string(&key().reminder(60)).unwrap();
        assert!(json.contains(r#""part":{"reminder":60}"#), "{json}");
        assert!(!serde_json::to_string(&key()).unwrap().contains("part"));
    }

    #[test]
    fn errors_say_whether_to_retry() {
        let e = DeliveryError::transient("server busy").with_retry_after(Duration::from_secs(30));
        assert!(e.is_transient() && !e.is_permanent());
        assert_eq!(e.retry_after(), Some(Duration::from_secs(30)));
        let p =
            DeliveryError::permanent("mailbox unknown").with_retry_after(Duration::from_secs(1));
        assert!(p.is_permanent());
        assert_eq!(p.retry_after(), None);
        assert_eq!(p.to_string(), "mailbox unknown");
    }
}
