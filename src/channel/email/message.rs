//! Building the email of one delivery: multipart text + HTML, threaded.
//!
//! The body (both parts, encoded, and dot-stuffed for SMTP) is the same for
//! every recipient of one rendering: it is made once and kept with the
//! rendering ([`Body`]). Each delivery builds only its headers: To,
//! Message-ID, threading, unsubscribe links, Date (and a DKIM signature).

use std::fmt::Write as _;
use std::sync::Arc;

use lettre::address::Envelope;
use lettre::message::header::{
    self, Date, Header, HeaderName, HeaderValue, Headers, MIME_VERSION_1_0,
};
use lettre::message::{Mailbox, Mailboxes, MultiPart};
#[cfg(any(test, feature = "dkim"))]
use lettre::{Message, message::MessageBuilder};

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
pub(crate) fn build(sender: &Sender, delivery: &Delivery) -> Result<Email, DeliveryError> {
    let body = Body::of(&delivery.rendered);
    // A signature covers the body: lettre signs a whole message.
    #[cfg(feature = "dkim")]
    if let Some(signer) = &sender.dkim {
        let (builder, envelope) = headers(sender, delivery, Message::builder())?;
        let message = builder.envelope(envelope).multipart(body.multipart.clone());
        let mut message = message.map_err(|e| {
            DeliveryError::permanent(format!(
                "cannot build the email for {}: {e}",
                delivery.recipient.id
            ))
        })?;
        signer.sign(&mut message);
        return Ok(Email::new(&message, body));
    }
    // Without one, the headers are all there is to build: in the order
    // lettre's builder gives them, which adds MIME-Version and Date last.
    let (headers, envelope) = headers(sender, delivery, Headers::new())?;
    let headers = headers
        .put(MIME_VERSION_1_0)
        .put(Date::new(std::time::SystemTime::now()));
    // Written into room for all of it at once (a notice's headers take
    // about 1 KiB): grown a piece at a time it took six allocations.
    let mut head = String::with_capacity(2048);
    // Writing to a String cannot fail.
    let _ = write!(head, "{headers}");
    Ok(Email {
        head,
        body,
        envelope,
    })
}

/// Where a delivery's headers go: lettre's builder, for a message signed
/// whole, or a bare list of headers.
trait Put: Sized {
    fn put<H: Header>(self, header: H) -> Self;
}

#[cfg(any(test, feature = "dkim"))]
impl Put for MessageBuilder {
    fn put<H: Header>(self, header: H) -> Self {
        self.header(header)
    }
}

impl Put for Headers {
    fn put<H: Header>(mut self, header: H) -> Self {
        self.set(header);
        self
    }
}

/// The headers of the email for `delivery`, but for those of its body and
/// MIME-Version and Date, and who it goes to.
fn headers<P: Put>(
    sender: &Sender,
    delivery: &Delivery,
    headers: P,
) -> Result<(P, Envelope), DeliveryError> {
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
    // Bounces come back to an address that names the delivery (VERP), or
    // to the sender.
    let returns = match &sender.verp {
        Some((local, domain)) => lettre::Address::new(format!("{local}+{}", key.id()), domain)
            .map_err(|e| {
                DeliveryError::permanent(format!(
                    "cannot make the VERP return address for {}: {e}",
                    recipient.id
                ))
            })?,
        None => sender.from.email.clone(),
    };
    let envelope = Envelope::new(Some(returns), vec![to.email.clone()]).map_err(|e| {
        DeliveryError::permanent(format!("cannot build the email for {}: {e}", recipient.id))
    })?;
    let mut builder = headers
        .put(header::From::from(Mailboxes::from(sender.from.clone())))
        .put(header::To::from(Mailboxes::from(to)))
        .put(header::Subject::from(rendered.subject.clone()))
        .put(header::MessageId::from(message_id(key, &sender.domain)))
        .put(ContentLanguage(rendered.locale.clone()))
        .put(AutoSubmitted);
    if key.revision > 1 || !key.part.is_notice() {
        // Every update (and reminder) threads under the first notice of the
        // incident.
        let first = message_id(&key.for_revision(1), &sender.domain);
        builder = builder
            .put(header::InReplyTo::from(first.clone()))
            .put(header::References::from(first));
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
        builder = builder.put(ListUnsubscribe(links));
        if one_click {
            builder = builder.put(ListUnsubscribePost);
        }
    }
    Ok((builder, envelope))
}

/// One delivery's email: its own headers, and the body it shares with every
/// recipient of its rendering.
pub(crate) struct Email {
    /// The message's headers, as lettre writes them (CRLF after each).
    head: String,
    body: Arc<Body>,
    envelope: Envelope,
}

impl Email {
    #[cfg(feature = "dkim")]
    fn new(message: &Message, body: Arc<Body>) -> Email {
        Email {
            head: message.headers().to_string(),
            body,
            envelope: message.envelope().clone(),
        }
    }

    /// The complete message (RFC 5322 bytes): what lettre's own
    /// `Message::formatted` gives for the same headers and body.
    pub(crate) fn formatted(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.head.len() + self.body.formatted.len());
        out.extend_from_slice(self.head.as_bytes());
        out.extend_from_slice(&self.body.formatted);
        out
    }

    /// Who it goes to, and where bounces return.
    pub(crate) fn envelope(&self) -> &Envelope {
        &self.envelope
    }

    /// The message as SMTP's DATA carries it, dot-stuffed, without the
    /// final `.` line: its headers and its shared body.
    pub(crate) fn data(&self) -> (String, &str) {
        (stuff(&self.head), &self.body.stuffed)
    }

    /// Whether any byte of it is outside ASCII (then the server must
    /// take 8-bit data).
    pub(crate) fn is_ascii(&self) -> bool {
        self.head.is_ascii() && self.body.ascii
    }
}

/// What every email of one rendering carries after its headers: the
/// multipart/alternative part with the text and the HTML, encoded.
pub(crate) struct Body {
    /// The part itself, for a signature that covers the body.
    #[cfg(any(test, feature = "dkim"))]
    multipart: MultiPart,
    /// The part as lettre formats it: what follows the headers.
    formatted: Box<[u8]>,
    /// The same, dot-stuffed for SMTP.
    stuffed: String,
    ascii: bool,
}

impl Body {
    /// The body of `rendered`, made once and kept with it.
    fn of(rendered: &crate::Rendered) -> Arc<Body> {
        rendered.encodings.get_or_make(
            |_: &Body| true,
            || Body::new(rendered.text.clone(), rendered.html.clone()),
        )
    }

    fn new(text: String, html: String) -> Body {
        let multipart = MultiPart::alternative_plain_html(text, html);
        let formatted = multipart.formatted();
        // Encoded text and HTML, headers and boundaries are ASCII, so UTF-8.
        let text = String::from_utf8_lossy(&formatted);
        Body {
            ascii: formatted.is_ascii(),
            stuffed: stuff(&text),
            formatted: formatted.into_boxed_slice(),
            #[cfg(any(test, feature = "dkim"))]
            multipart,
        }
    }
}

/// SMTP's transparency (RFC 5321, 4.5.2): a `.` that begins a line is
/// doubled, so no line of the message reads as its end. A line begins at
/// the start and after each CRLF.
pub(crate) fn stuff(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 64);
    let mut at_line_start = true;
    let mut rest = text;
    while !rest.is_empty() {
        if at_line_start && rest.starts_with('.') {
            out.push('.');
        }
        match rest.find("\r\n") {
            Some(end) => {
                out.push_str(&rest[..end + 2]);
                rest = &rest[end + 2..];
                at_line_start = true;
            }
            None => {
                out.push_str(rest);
                rest = "";
            }
        }
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Catalog, LanguagePreferences, Notice, Recipient};
    use lettre::message::SinglePart;

    fn sender() -> Sender {
        Sender {
            from: "Status <status@example.com>".parse().unwrap(),
            domain: "example.com".into(),
            unsubscribe: Some("https://example.com/u?c={recipient}".into()),
            unsubscribe_key: None,
            unsubscribe_mailto: Some("unsubscribe@example.com".into()),
            verp: Some(("bounces".into(), "example.com".into())),
            #[cfg(feature = "dkim")]
            dkim: None,
        }
    }

    fn delivery(notice: &Arc<Notice>, rendered: &Arc<crate::Rendered>, n: u32) -> Delivery {
        let address = Address::Email {
            mailbox: format!("customer{n}@example.com"),
        };
        let recipient = Recipient {
            id: format!("c-{n}"),
            name: format!("Jürgen Müller {n}"),
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

    /// The Date header is the time of building: the one value two builds
    /// of the same email may differ in (its place stays).
    fn without_date(message: &[u8]) -> String {
        String::from_utf8(message.to_vec())
            .unwrap()
            .split_inclusive("\r\n")
            .map(|line| match line.starts_with("Date: ") {
                true => "Date: (the time of building)\r\n",
                false => line,
            })
            .collect()
    }

    /// Every recipient of a rendering gets the bytes lettre makes of the
    /// whole message, built as each email was before the body was kept:
    /// its headers, then the text and HTML encoded for it alone.
    #[test]
    fn emails_from_the_kept_body_are_what_lettre_builds_whole() {
        let catalog = Catalog::shipped().unwrap();
        let plain = Sender {
            verp: None,
            ..sender()
        };
        let sender = sender();
        let first = include_str!("../../../examples/data/creator-outage/1-investigating.toml");
        // Details with a paragraph that begins with a dot, which SMTP must
        // carry stuffed.
        let dotted = first.replace(
            "This started during",
            ".htaccess rules.\n.\n..This started during",
        );
        let mut stuffed = 0;
        for file in [
            first,
            include_str!("../../../examples/data/creator-outage/2-identified.toml"),
            &dotted,
        ] {
            let notice: Arc<Notice> = Arc::new(toml::from_str(file).unwrap());
            let tz = crate::parse_time_zone("America/New_York").unwrap();
            for tags in ["ar-EG", "ja", "de-AT", "en-US"] {
                let prefs = LanguagePreferences::from_tags([tags]).unwrap();
                let rendered = Arc::new(catalog.render(&notice, &catalog.negotiate(&prefs), &tz));
                for n in 0..4 {
                    // Without VERP, lettre's builder finds the envelope in
                    // the headers: it must be the one tidings makes.
                    let sender = if n < 3 { &sender } else { &plain };
                    let d = delivery(&notice, &rendered, n);
                    let email = build(sender, &d).unwrap();
                    let (builder, envelope) = headers(sender, &d, Message::builder()).unwrap();
                    let builder = match &sender.verp {
                        Some(_) => builder.envelope(envelope),
                        None => builder,
                    };
                    let whole = builder
                        .multipart(
                            MultiPart::alternative()
                                .boundary(Body::of(&rendered).multipart.boundary())
                                .singlepart(SinglePart::plain(rendered.text.clone()))
                                .singlepart(SinglePart::html(rendered.html.clone())),
                        )
                        .unwrap();
                    assert_eq!(
                        without_date(&email.formatted()),
                        without_date(&whole.formatted()),
                        "{tags} {n}"
                    );
                    assert_eq!(email.envelope(), whole.envelope());
                    // What DATA carries is the message, transparent.
                    let (head, body) = email.data();
                    let sent = format!("{head}{body}");
                    let unstuffed = sent.replace("\r\n..", "\r\n.");
                    assert_eq!(unstuffed.as_bytes(), email.formatted(), "{tags} {n}");
                    stuffed += usize::from(sent.len() > email.formatted().len());
                }
                assert_eq!(format!("{:?}", rendered.encodings), "1 kept");
            }
        }
        assert!(stuffed > 0, "no message had a line to stuff");
    }

    #[test]
    fn a_dot_that_begins_a_line_is_doubled() {
        assert_eq!(stuff(""), "");
        assert_eq!(stuff(".a"), "..a");
        assert_eq!(stuff("a.\r\n.b\r\n..c\r\n"), "a.\r\n..b\r\n...c\r\n");
        // Only CRLF ends a line.
        assert_eq!(stuff("a\n.b\r.c\r\n.\r\n"), "a\n.b\r.c\r\n..\r\n");
        assert_eq!(stuff("\r\n.\r\n"), "\r\n..\r\n");
    }
}
