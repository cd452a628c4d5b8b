//! Email: SMTP through lettre (pooled, on tokio, with rustls), or a file
//! outbox of `.eml` files.
//!
//! Each email is multipart/alternative (text and HTML) with the headers an
//! incident notice needs: `Content-Language` of the locale used,
//! `Auto-Submitted: auto-generated`, a Message-ID derived from the delivery
//! key, `In-Reply-To`/`References` pointing at the incident's first notice,
//! and, when an unsubscribe URL is configured, `List-Unsubscribe` with
//! one-click `List-Unsubscribe-Post`.

mod message;

use std::path::PathBuf;
use std::time::Duration;

use async_trait::async_trait;
use lettre::message::Mailbox;
use lettre::transport::smtp::PoolConfig;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};

use super::{Channel, ChannelKind, outbox};
use crate::delivery::{Delivery, DeliveryError, Receipt};
use message::Sender;

/// Sends incident notices by email.
pub struct EmailChannel {
    sender: Sender,
    transport: Transport,
    /// One attempt in all: connecting, the dialogue and the data.
    timeout: Duration,
}

enum Transport {
    Smtp(SmtpPool),
    Outbox(PathBuf),
}

/// lettre's pool closes its connections from a task it spawns when dropped,
/// which needs a Tokio runtime. Dropping it inside the runtime it was made
/// in keeps a channel dropped anywhere else from panicking.
struct SmtpPool {
    transport: Option<AsyncSmtpTransport<Tokio1Executor>>,
    runtime: tokio::runtime::Handle,
}

impl Drop for SmtpPool {
    fn drop(&mut self) {
        let _inside = self.runtime.enter();
        drop(self.transport.take());
    }
}

impl std::fmt::Debug for EmailChannel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The SMTP transport holds credentials: show only where mail goes.
        let transport = match &self.transport {
            Transport::Smtp(_) => "smtp".to_owned(),
            Transport::Outbox(dir) => format!("outbox {}", dir.display()),
        };
        f.debug_struct("EmailChannel")
            .field("from", &self.sender.from.to_string())
            .field("transport", &transport)
            .finish_non_exhaustive()
    }
}

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
    message_id_domain: Option<String>,
    root_certificates: Vec<Vec<u8>>,
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
    /// An SMTP channel is built outside a Tokio runtime; its connection pool
    /// lives in one.
    #[error("an SMTP email channel must be built inside a Tokio runtime")]
    Runtime,
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
}

impl EmailChannel {
    /// A builder for emails from `from` (`Status <status@example.com>`).
    pub fn builder(from: impl Into<String>) -> EmailChannelBuilder {
        EmailChannelBuilder {
            from: from.into(),
            smtp: None,
            outbox: PathBuf::from("outbox"),
            connections: 4,
            timeout: Duration::from_secs(30),
            unsubscribe: None,
            message_id_domain: None,
            root_certificates: Vec::new(),
        }
    }

    /// The complete message (RFC 5322 bytes) this channel would send for
    /// `delivery`.
    pub fn message(&self, delivery: &Delivery) -> Result<Vec<u8>, DeliveryError> {
        message::build(&self.sender, delivery).map(|m| m.formatted())
    }
}

impl EmailChannelBuilder {
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
    /// https URLs); `{recipient}` in the URL becomes the recipient id.
    pub fn unsubscribe_url(mut self, url: impl Into<String>) -> Self {
        self.unsubscribe = Some(url.into());
        self
    }

    /// Trusts this CA certificate (PEM) for the SMTP server's TLS, besides
    /// the public roots: for a relay inside your network with its own CA.
    pub fn add_root_certificate(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.root_certificates.push(pem.into());
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
            if !ok || url.contains(['\r', '\n', '<', '>', ' ']) {
                return Err(EmailConfigError::Unsubscribe(url.clone()));
            }
        }
        let transport = match self.smtp {
            Some(url) => {
                let runtime =
                    tokio::runtime::Handle::try_current().map_err(|_| EmailConfigError::Runtime)?;
                let transport = smtp_transport(
                    &url,
                    self.connections,
                    self.timeout,
                    &self.root_certificates,
                )?;
                Transport::Smtp(SmtpPool {
                    transport: Some(transport),
                    runtime,
                })
            }
            None => Transport::Outbox(self.outbox),
        };
        Ok(EmailChannel {
            sender: Sender {
                from,
                domain,
                unsubscribe: self.unsubscribe,
            },
            transport,
            timeout: self.timeout,
        })
    }
}

fn smtp_transport(
    url: &str,
    connections: u32,
    timeout: Duration,
    roots: &[Vec<u8>],
) -> Result<AsyncSmtpTransport<Tokio1Executor>, EmailConfigError> {
    let invalid = |reason: String| EmailConfigError::Smtp {
        url: redact_url(url),
        reason,
    };
    let mut parsed = url::Url::parse(url).map_err(|e| invalid(e.to_string()))?;
    if !matches!(parsed.scheme(), "smtp" | "smtps") {
        return Err(invalid("the scheme must be smtp or smtps".into()));
    }
    // `tls=starttls` is the name people know; lettre calls it `required`.
    let query: Vec<(String, String)> = parsed
        .query_pairs()
        .map(|(k, v)| {
            let v = if k == "tls" && v == "starttls" {
                "required".into()
            } else {
                v
            };
            (k.into_owned(), v.into_owned())
        })
        .collect();
    parsed.query_pairs_mut().clear().extend_pairs(query);
    let lettre_url = parsed.as_str().trim_end_matches('?');
    let mut builder = AsyncSmtpTransport::<Tokio1Executor>::from_url(lettre_url)
        .map_err(|e| invalid(e.to_string()))?;
    if !roots.is_empty() {
        let host = parsed.host_str().unwrap_or_default().to_owned();
        let mut params = TlsParameters::builder(host);
        for pem in roots {
            let cert = Certificate::from_pem(pem)
                .map_err(|e| invalid(format!("root certificate: {e}")))?;
            params = params.add_root_certificate(cert);
        }
        let params = params.build_rustls().map_err(|e| invalid(e.to_string()))?;
        let mode = parsed
            .query_pairs()
            .find(|(k, _)| k == "tls")
            .map(|(_, v)| v.into_owned());
        builder = match (parsed.scheme(), mode.as_deref()) {
            ("smtps", _) => builder.tls(Tls::Wrapper(params)),
            (_, Some("required")) => builder.tls(Tls::Required(params)),
            (_, Some("opportunistic")) => builder.tls(Tls::Opportunistic(params)),
            _ => builder,
        };
    }
    Ok(builder
        .timeout(Some(timeout))
        .pool_config(PoolConfig::new().max_size(connections))
        .build())
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

#[async_trait]
impl Channel for EmailChannel {
    fn kind(&self) -> ChannelKind {
        ChannelKind::Email
    }

    async fn deliver(&self, delivery: &Delivery) -> Result<Receipt, DeliveryError> {
        let message = message::build(&self.sender, delivery)?;
        let smtp = match &self.transport {
            Transport::Smtp(pool) => pool.transport.as_ref(),
            Transport::Outbox(dir) => {
                let name = outbox::file_name(&delivery.key, "eml");
                let path = outbox::write(dir, &name, &message.formatted()).await?;
                return Ok(Receipt {
                    channel: ChannelKind::Email,
                    detail: format!("written to {}", path.display()),
                });
            }
        };
        let Some(smtp) = smtp else {
            return Err(DeliveryError::transient(
                "the SMTP connection pool is shutting down",
            ));
        };
        // lettre times out connecting; a server that stalls mid-dialogue is
        // cut off here.
        let sent = tokio::time::timeout(self.timeout, smtp.send(message))
            .await
            .map_err(|_| {
                DeliveryError::transient(format!(
                    "the mail server did not answer within {} s",
                    self.timeout.as_secs_f32()
                ))
            })?;
        let response = sent.map_err(|err| smtp_error(&err))?;
        let lines: Vec<&str> = response.message().collect();
        Ok(Receipt {
            channel: ChannelKind::Email,
            detail: format!("{} {}", response.code(), lines.join(" ")),
        })
    }
}

/// SMTP 5xx is permanent; 4xx, timeouts and connection failures are
/// transient: the server may take the message later.
fn smtp_error(err: &lettre::transport::smtp::Error) -> DeliveryError {
    let reason = format!("the mail server did not take the message: {err}");
    if err.is_permanent() {
        DeliveryError::permanent(reason)
    } else {
        DeliveryError::transient(reason)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_smtp_channel_outside_a_runtime_is_an_error_not_a_panic() {
        let err = EmailChannel::builder("s@example.com")
            .smtp("smtp://127.0.0.1:25")
            .build()
            .unwrap_err();
        assert!(matches!(err, EmailConfigError::Runtime));
        // A channel made inside a runtime may be dropped outside it.
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let channel = runtime.block_on(async {
            EmailChannel::builder("s@example.com")
                .smtp("smtp://127.0.0.1:25")
                .build()
                .unwrap()
        });
        drop(channel);
        // Even after its runtime is gone.
        let channel = runtime.block_on(async {
            EmailChannel::builder("s@example.com")
                .smtp("smtp://127.0.0.1:25")
                .build()
                .unwrap()
        });
        drop(runtime);
        drop(channel);
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
