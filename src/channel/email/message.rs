//! Building the email of one delivery: multipart text + HTML, threaded.

use lettre::Message;
use lettre::message::header::{Header, HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};

use crate::delivery::{Delivery, DeliveryError, DeliveryKey};
use crate::recipient::Address;

/// What every email of one channel shares.
pub(crate) struct Sender {
    pub(crate) from: Mailbox,
    /// The right-hand side of every Message-ID.
    pub(crate) domain: String,
    /// `{recipient}` is replaced by the recipient id, percent-encoded, and
    /// `{token}` by a signed unsubscribe token.
    pub(crate) unsubscribe: Option<String>,
    /// Signs the token of each recipient's one-click unsubscribe.
    pub(crate) unsubscribe_key: Option<crate::unsubscribe::UnsubscribeKey>,
    /// A mailbox that unsubscribes whoever writes to it (subject: the token,
    /// or the recipient id without a key).
    pub(crate) unsubscribe_mailto: Option<String>,
    /// Bounces go to `local+<delivery id>@domain` (VERP).
    pub(crate) verp: Option<(String, String)>,
    /// Signs every message, when a key was given.
    #[cfg(feature = "dkim")]
    pub(crate) dkim: Option<super::dkim::Signer>,
}

/// The Message-ID of a delivery: the same delivery always gets the same one.
pub(crate) fn message_id(key: &DeliveryKey, domain: &str) -> String {
    format!("<{}.tidings@{domain}>", key.id())
}

/// Builds the email for `delivery`, refusing header values from data that
/// would break out of their header.
pub(crate) fn build(sender: &Sender, delivery: &Delivery) -> Result<Message, DeliveryError> {
    let Address::Email { mailbox } = &delivery.address else {
        return Err(DeliveryError::permanent("not an email address"));
    };
    let recipient = &delivery.recipient;
    let rendered = &delivery.rendered;
    header_safe("recipient name", &recipient.name, &recipient.id)?;
    name_safe(&recipient.name, &recipient.id)?;
    header_safe("email address", mailbox, &recipient.id)?;
    header_safe("subject", &rendered.subject, &recipient.id)?;

    let mut to: Mailbox = mailbox.trim().parse().map_err(|e| {
        DeliveryError::permanent(format!(
            "`{}` (recipient {}) is not a valid email address: {e}",
            mailbox.trim(),
            recipient.id
        ))
    })?;
    if to.name.is_none() && !recipient.name.trim().is_empty() {
        to.name = Some(recipient.name.trim().to_owned());
    }

    let key = &delivery.key;
    let mut builder = Message::builder().from(sender.from.clone());
    if let Some((local, domain)) = &sender.verp {
        // Bounces come back to an address that names the delivery.
        let returns = lettre::Address::new(format!("{local}+{}", key.id()), domain);
        let envelope = returns.and_then(|returns| {
            lettre::address::Envelope::new(Some(returns), vec![to.email.clone()])
                .map_err(|_| lettre::address::AddressError::MissingParts)
        });
        match envelope {
            Ok(envelope) => builder = builder.envelope(envelope),
            Err(e) => {
                return Err(DeliveryError::permanent(format!(
                    "cannot make the VERP return address for {}: {e}",
                    recipient.id
                )));
            }
        }
    }
    let mut builder = builder
        .to(to)
        .subject(rendered.subject.clone())
        .message_id(Some(message_id(key, &sender.domain)))
        .header(ContentLanguage(rendered.locale.clone()))
        .header(AutoSubmitted);
    if key.revision > 1 || !key.part.is_notice() {
        // Every update (and reminder) threads under the first notice of the
        // incident.
        let first = message_id(&key.for_revision(1), &sender.domain);
        builder = builder.in_reply_to(first.clone()).references(first);
    }
    // One-click unsubscribe (RFC 8058): the token names the recipient,
    // everything, and this channel; the key that signed it checks it.
    let token = sender.unsubscribe_key.as_ref().map(|key| {
        let choice = crate::unsubscribe::Choice::new(
            recipient.id.clone(),
            crate::unsubscribe::Scope::All,
            Some(crate::recipient::ChannelKind::Email),
        );
        key.sign(&choice)
    });
    let mut links = Vec::new();
    if let Some(template) = &sender.unsubscribe {
        links.push(
            template
                .replace("{recipient}", &percent_encode(&recipient.id))
                .replace("{token}", token.as_deref().unwrap_or_default()),
        );
    }
    if let Some(mailbox) = &sender.unsubscribe_mailto {
        let subject = token.as_deref().unwrap_or(&recipient.id);
        links.push(format!(
            "mailto:{mailbox}?subject={}",
            percent_encode(&format!("unsubscribe {subject}"))
        ));
    }
    if !links.is_empty() {
        let one_click = links.iter().any(|l| l.starts_with("https://"));
        builder = builder.header(ListUnsubscribe(links));
        if one_click {
            builder = builder.header(ListUnsubscribePost);
        }
    }
    #[allow(unused_mut)]
    let mut message = builder
        .multipart(MultiPart::alternative_plain_html(
            rendered.text.clone(),
            rendered.html.clone(),
        ))
        .map_err(|e| {
            DeliveryError::permanent(format!("cannot build the email for {}: {e}", recipient.id))
        })?;
    #[cfg(feature = "dkim")]
    if let Some(signer) = &sender.dkim {
        signer.sign(&mut message);
    }
    Ok(message)
}

/// A value bound for a header must not carry CR, LF or NUL: refused, never
/// smuggled into an encoded word.
fn header_safe(what: &str, value: &str, recipient: &str) -> Result<(), DeliveryError> {
    if value.contains(['\r', '\n', '\0']) {
        return Err(DeliveryError::permanent(format!(
            "the {what} of recipient {recipient} contains a line break or NUL, which cannot go into an email header"
        )));
    }
    Ok(())
}

/// The display name in `To:`: nothing that could disguise who it is for.
fn name_safe(name: &str, recipient: &str) -> Result<(), DeliveryError> {
    if name.chars().any(crate::checks::is_invisible) {
        return Err(DeliveryError::permanent(format!(
            "the name of recipient {recipient} contains an invisible or direction-changing character, which could disguise who the email is for"
        )));
    }
    Ok(())
}

fn percent_encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// `Content-Language`: the locale the text is in (RFC 3282).
#[derive(Clone)]
struct ContentLanguage(String);

/// `Auto-Submitted: auto-generated` (RFC 3834): no vacation auto-replies.
#[derive(Clone)]
struct AutoSubmitted;

/// `List-Unsubscribe` (RFC 2369): the https link first, then the mailto.
#[derive(Clone)]
struct ListUnsubscribe(Vec<String>);

/// `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058).
#[derive(Clone)]
struct ListUnsubscribePost;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

impl Header for ContentLanguage {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Content-Language")
    }
    fn parse(s: &str) -> Result<Self, BoxError> {
        Ok(ContentLanguage(s.trim().to_owned()))
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), self.0.clone())
    }
}

impl Header for AutoSubmitted {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Auto-Submitted")
    }
    fn parse(_: &str) -> Result<Self, BoxError> {
        Ok(AutoSubmitted)
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "auto-generated".to_owned())
    }
}

impl Header for ListUnsubscribe {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe")
    }
    fn parse(s: &str) -> Result<Self, BoxError> {
        Ok(ListUnsubscribe(
            s.split(',')
                .map(|l| l.trim().trim_matches(['<', '>']).to_owned())
                .collect(),
        ))
    }
    fn display(&self) -> HeaderValue {
        let links: Vec<String> = self.0.iter().map(|l| format!("<{l}>")).collect();
        HeaderValue::new(Self::name(), links.join(", "))
    }
}

impl Header for ListUnsubscribePost {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("List-Unsubscribe-Post")
    }
    fn parse(_: &str) -> Result<Self, BoxError> {
        Ok(ListUnsubscribePost)
    }
    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "List-Unsubscribe=One-Click".to_owned())
    }
}
