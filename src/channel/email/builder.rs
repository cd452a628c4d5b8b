//! The settings of an [`EmailChannel`], checked when it is built.

use std::path::PathBuf;
use std::time::Duration;

use lettre::message::Mailbox;

use super::message::Sender;
use super::{EmailChannel, Transport, smtp};

/// Configures an [`EmailChannel`]. Without [`smtp`](Self::smtp), emails are
/// written to the outbox directory (`outbox/` unless changed).
#[must_use]
pub struct EmailChannelBuilder {
    from: String,
    smtp: Option<String>,
    outbox: PathBuf,
    connections: u32,
    timeout: Duration,
    unsubscribe: Option<String>,
    unsubscribe_key: Option<crate::unsubscribe::UnsubscribeKey>,
    unsubscribe_mailto: Option<String>,
    message_id_domain: Option<String>,
    verp: Option<String>,
    root_certificates: Vec<Vec<u8>>,
    #[cfg(feature = "dkim")]
    dkim: Option<(String, String, PathBuf)>,
}

impl std::fmt::Debug for EmailChannelBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EmailChannelBuilder")
            .field("from", &self.from)
            .field("smtp", &self.smtp.as_deref().map(redact_url))
            .field("outbox", &self.outbox)
            .finish_non_exhaustive()
    }
}

/// Why an [`EmailChannel`] could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EmailConfigError {
    /// The sender mailbox does not parse.
    #[error("sender `{from}` is not a valid mailbox: {reason}")]
    From {
        /// The sender as given.
        from: String,
        /// What is wrong.
        reason: String,
    },
    /// The SMTP URL cannot be used (the password, if any, is not shown).
    #[error("SMTP URL `{url}` cannot be used: {reason}")]
    Smtp {
        /// The URL, with any password replaced.
        url: String,
        /// What is wrong.
        reason: String,
    },
    /// The unsubscribe URL is not an absolute https or mailto URL.
    #[error("unsubscribe URL `{0}` must be an absolute https:// or mailto: URL")]
    Unsubscribe(String),
    /// The VERP mailbox is not an address, or already has a `+`.
    #[error("VERP mailbox `{0}` must be a plain address (local@domain, without `+`)")]
    Verp(String),
    /// The unsubscribe URL has `{token}` but no key signs tokens.
    #[error("the unsubscribe URL has {{token}}: give the key that signs tokens (unsubscribe_key)")]
    UnsubscribeKey,
    /// The DKIM settings or key cannot be used (the key is never shown).
    #[error("{0}")]
    Dkim(String),
}

impl EmailChannelBuilder {
    /// The defaults: the outbox, four connections, 30 s per message.
    pub(super) fn new(from: String) -> Self {
        EmailChannelBuilder {
            from,
            smtp: None,
            outbox: PathBuf::from("outbox"),
            connections: 4,
            timeout: Duration::from_secs(30),
            unsubscribe: None,
            unsubscribe_key: None,
            unsubscribe_mailto: None,
            message_id_domain: None,
            verp: None,
            root_certificates: Vec::new(),
            #[cfg(feature = "dkim")]
            dkim: None,
        }
    }

    /// Signs every message with DKIM (RFC 6376): `domain`'s key published
    /// under `selector` (at `selector._domainkey.domain`), its private half
    /// read from `key_file` when the channel is built. An RSA key in PKCS#1
    /// PEM signs RSA-SHA256; an Ed25519 key (PKCS#8 PEM, or the base64 of its
    /// 32 bytes) signs Ed25519-SHA256 (RFC 8463). The signature covers From,
    /// To, Subject, Date, Message-ID, the threading headers and both
    /// List-Unsubscribe headers; the key never appears in errors or logs.
    #[cfg(feature = "dkim")]
    pub fn dkim(
        mut self,
        selector: impl Into<String>,
        domain: impl Into<String>,
        key_file: impl Into<PathBuf>,
    ) -> Self {
        self.dkim = Some((selector.into(), domain.into(), key_file.into()));
        self
    }

    /// Sends over SMTP: `smtp://host:port` (plain, for loopback and tests),
    /// `smtp://host:587?tls=starttls` (STARTTLS required) or
    /// `smtps://user:password@host` (implicit TLS, port 465). Credentials in
    /// the URL are used for AUTH.
    pub fn smtp(mut self, url: impl Into<String>) -> Self {
        self.smtp = Some(url.into());
        self
    }

    /// Writes `.eml` files into `dir` instead of sending.
    pub fn outbox(mut self, dir: impl Into<PathBuf>) -> Self {
        self.outbox = dir.into();
        self.smtp = None;
        self
    }

    /// How many SMTP connections are kept and used in parallel (4 unless
    /// changed); each is reused across messages.
    pub fn connections(mut self, connections: u32) -> Self {
        self.connections = connections.max(1);
        self
    }

    /// How long one attempt may take in all, from connecting to the server's
    /// last answer (30 s unless changed). A server that stalls longer is a
    /// transient failure.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Adds `List-Unsubscribe` (and one-click `List-Unsubscribe-Post` for
    /// https URLs); `{recipient}` in the URL becomes the recipient id, and
    /// `{token}` a token signed with [`unsubscribe_key`](Self::unsubscribe_key)
    /// that names the recipient and this channel
    /// (`https://example.com/unsubscribe/{token}`): the endpoint checks it
    /// with the same key, without a database.
    pub fn unsubscribe_url(mut self, url: impl Into<String>) -> Self {
        self.unsubscribe = Some(url.into());
        self
    }

    /// The key unsubscribe tokens are signed with (see
    /// [`unsubscribe`](crate::unsubscribe)).
    pub fn unsubscribe_key(mut self, key: crate::unsubscribe::UnsubscribeKey) -> Self {
        self.unsubscribe_key = Some(key);
        self
    }

    /// Also offers unsubscribing by mail to `mailbox` (`List-Unsubscribe:
    /// <https://…>, <mailto:…?subject=unsubscribe%20TOKEN>`), for clients
    /// that do not post.
    pub fn unsubscribe_mailto(mut self, mailbox: impl Into<String>) -> Self {
        self.unsubscribe_mailto = Some(mailbox.into());
        self
    }

    /// Trusts this CA certificate (PEM) for the SMTP server's TLS, besides
    /// the public roots: for a relay inside your network with its own CA.
    pub fn add_root_certificate(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.root_certificates.push(pem.into());
        self
    }

    /// Returns bounces to `mailbox` with the delivery in it (VERP): the
    /// envelope sender of each email is `local+<delivery id>@domain`, so a
    /// bounce that returns nothing of the original still names its
    /// delivery. The mail server for the domain must deliver
    /// `local+anything` to `local` (Postfix's `recipient_delimiter = +`).
    pub fn verp(mut self, mailbox: impl Into<String>) -> Self {
        self.verp = Some(mailbox.into());
        self
    }

    /// The domain of Message-IDs (the sender's domain unless set).
    pub fn message_id_domain(mut self, domain: impl Into<String>) -> Self {
        self.message_id_domain = Some(domain.into());
        self
    }

    /// Checks the configuration and builds the channel. Nothing connects
    /// until the first delivery.
    pub fn build(self) -> Result<EmailChannel, EmailConfigError> {
        let from: Mailbox = self
            .from
            .parse()
            .map_err(|e: lettre::address::AddressError| EmailConfigError::From {
                from: self.from.clone(),
                reason: e.to_string(),
            })?;
        let domain = self
            .message_id_domain
            .unwrap_or_else(|| from.email.domain().to_owned());
        if let Some(url) = &self.unsubscribe {
            let ok = (url.starts_with("https://") && crate::notice::is_http_url(url))
                || url.starts_with("mailto:");
            if !ok || url.contains(['\r', '\n', '<', '>', ' ', ',']) {
                return Err(EmailConfigError::Unsubscribe(url.clone()));
            }
            if url.contains("{token}") && self.unsubscribe_key.is_none() {
                return Err(EmailConfigError::UnsubscribeKey);
            }
        }
        if let Some(mailbox) = &self.unsubscribe_mailto {
            let parsed: Result<lettre::Address, _> = mailbox.parse();
            if parsed.is_err() || mailbox.contains(['?', '&', ',', '<', '>']) {
                return Err(EmailConfigError::Unsubscribe(format!("mailto:{mailbox}")));
            }
        }
        let verp = match &self.verp {
            Some(mailbox) => {
                let address: lettre::Address = mailbox
                    .parse()
                    .map_err(|_| EmailConfigError::Verp(mailbox.clone()))?;
                if address.user().contains('+') {
                    return Err(EmailConfigError::Verp(mailbox.clone()));
                }
                Some((address.user().to_owned(), address.domain().to_owned()))
            }
            None => None,
        };
        #[cfg(feature = "dkim")]
        let dkim = match &self.dkim {
            Some((selector, domain, key)) => Some(
                super::dkim::Signer::read(selector, domain, key).map_err(EmailConfigError::Dkim)?,
            ),
            None => None,
        };
        let transport = match self.smtp {
            Some(url) => Transport::Smtp(Box::new(smtp_pool(
                &url,
                self.connections,
                self.timeout,
                &self.root_certificates,
            )?)),
            None => Transport::Outbox(self.outbox),
        };
        Ok(EmailChannel {
            sender: Sender {
                from,
                domain,
                unsubscribe: self.unsubscribe,
                unsubscribe_key: self.unsubscribe_key,
                unsubscribe_mailto: self.unsubscribe_mailto,
                verp,
                #[cfg(feature = "dkim")]
                dkim,
            },
            transport,
        })
    }
}

fn smtp_pool(
    url: &str,
    connections: u32,
    timeout: Duration,
    roots: &[Vec<u8>],
) -> Result<smtp::Pool, EmailConfigError> {
    let invalid = |reason: String| EmailConfigError::Smtp {
        url: redact_url(url),
        reason,
    };
    let parsed = url::Url::parse(url).map_err(|e| invalid(e.to_string()))?;
    let host = parsed
        .host_str()
        .filter(|h| !h.is_empty())
        .ok_or_else(|| invalid("no host".into()))?;
    let host = host.trim_matches(['[', ']']).to_owned();
    let tls = parsed
        .query_pairs()
        .find(|(k, _)| k == "tls")
        .map(|(_, v)| v.into_owned());
    let (security, default_port) = match (parsed.scheme(), tls.as_deref()) {
        ("smtps", _) => (smtp::Security::implicit(roots).map_err(invalid)?, 465),
        ("smtp", Some("starttls" | "required")) => (
            smtp::Security::start_tls(&host, roots, true).map_err(invalid)?,
            587,
        ),
        ("smtp", Some("opportunistic")) => (
            smtp::Security::start_tls(&host, roots, false).map_err(invalid)?,
            587,
        ),
        ("smtp", None | Some("none")) => (smtp::Security::None, 25),
        ("smtp", Some(other)) => {
            return Err(invalid(format!(
                "unknown tls mode `{other}` (starttls, opportunistic or none)"
            )));
        }
        _ => return Err(invalid("the scheme must be smtp or smtps".into())),
    };
    // Credentials are never sent in the clear: a URL that may leave the
    // connection unencrypted (no TLS, or STARTTLS only if offered) may carry
    // them only to this machine.
    let encrypted = matches!(
        (parsed.scheme(), tls.as_deref()),
        ("smtps", _) | ("smtp", Some("starttls" | "required"))
    );
    if !parsed.username().is_empty() && !encrypted && !smtp::is_loopback(&host) {
        return Err(invalid(
            "the credentials would travel unencrypted: use smtps:// or ?tls=starttls".into(),
        ));
    }
    let credentials = (!parsed.username().is_empty()).then(|| {
        lettre::transport::smtp::authentication::Credentials::new(
            percent_decode(parsed.username()),
            percent_decode(parsed.password().unwrap_or_default()),
        )
    });
    let config = smtp::Config {
        host,
        port: parsed.port().unwrap_or(default_port),
        security,
        credentials,
        timeout,
    };
    Ok(smtp::Pool::new(config, connections as usize))
}

/// `%xx` escapes in a URL's user name or password.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The URL with its password replaced, for messages and `Debug`.
fn redact_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("redacted"));
            parsed.to_string()
        }
        Ok(parsed) => parsed.to_string(),
        Err(_) => "(unparsable URL)".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_smtp_channel_needs_no_runtime_to_be_built_or_dropped() {
        let channel = EmailChannel::builder("s@example.com")
            .smtp("smtp://127.0.0.1:25")
            .build()
            .unwrap();
        drop(channel);
        let err = EmailChannel::builder("s@example.com")
            .smtp("smtp://mail.example.com?tls=sometimes")
            .build();
        assert!(
            err.unwrap_err()
                .to_string()
                .contains("unknown tls mode `sometimes`")
        );
    }

    #[test]
    fn a_verp_mailbox_is_a_plain_address() {
        for bad in ["not an address", "bounces+x@example.com", ""] {
            let err = EmailChannel::builder("s@example.com")
                .verp(bad)
                .build()
                .unwrap_err();
            assert!(
                matches!(&err, EmailConfigError::Verp(m) if m == bad),
                "{err}"
            );
        }
        assert!(
            EmailChannel::builder("s@example.com")
                .verp("bounces@example.com")
                .build()
                .is_ok()
        );
    }

    #[test]
    fn passwords_in_urls_are_percent_decoded() {
        assert_eq!(percent_decode("p%40ss%3Aword%zz"), "p@ss:word%zz");
    }

    #[tokio::test]
    async fn configuration_errors_are_clear_and_keep_passwords_out() {
        let err = EmailChannel::builder("not a mailbox").build().unwrap_err();
        assert!(
            err.to_string()
                .starts_with("sender `not a mailbox` is not a valid mailbox"),
            "{err}"
        );
        let err = EmailChannel::builder("s@example.com")
            .smtp("http://user:hunter2@mail.example.com")
            .build()
            .unwrap_err();
        assert!(!err.to_string().contains("hunter2"), "{err}");
        assert!(
            err.to_string().contains("scheme must be smtp or smtps"),
            "{err}"
        );
        let err = EmailChannel::builder("s@example.com")
            .unsubscribe_url("javascript:x")
            .build()
            .unwrap_err();
        assert!(matches!(err, EmailConfigError::Unsubscribe(_)));
        let channel = EmailChannel::builder("s@example.com")
            .smtp("smtps://user:hunter2@mail.example.com")
            .build()
            .unwrap();
        assert!(!format!("{channel:?}").contains("hunter2"));
        let builder =
            EmailChannel::builder("s@example.com").smtp("smtps://user:hunter2@mail.example.com");
        assert!(!format!("{builder:?}").contains("hunter2"));
        assert!(
            EmailChannel::builder("s@example.com")
                .smtp("smtp://mail.example.com:587?tls=starttls")
                .build()
                .is_ok()
        );
    }
}
