//! Email: SMTP on connections tidings keeps (lettre speaks the protocol, on
//! tokio, with rustls), or a file outbox of `.eml` files.
//!
//! Each email is multipart/alternative (text and HTML) with the headers an
//! incident notice needs: `Content-Language` of the locale used,
//! `Auto-Submitted: auto-generated`, a Message-ID derived from the delivery
//! key, `In-Reply-To`/`References` pointing at the incident's first notice,
//! and, when an unsubscribe URL is configured, `List-Unsubscribe` with
//! one-click `List-Unsubscribe-Post`.
//!
//! `mod.rs` is the channel and one delivery; `builder.rs` its settings,
//! checked when it is built; `message.rs` the message; `smtp.rs` the
//! connections; `queue.rs` the messages waiting for one, each sending its
//! envelope ahead with the message before it.

mod builder;
#[cfg(feature = "dkim")]
mod dkim;
mod message;
mod queue;
mod smtp;

use std::path::PathBuf;

use async_trait::async_trait;

use super::{Channel, ChannelKind, outbox};
use crate::delivery::{Delivery, DeliveryError, Receipt};

pub use builder::{EmailChannelBuilder, EmailConfigError};
use message::Sender;

/// Sends incident notices by email.
pub struct EmailChannel {
    sender: Sender,
    transport: Transport,
}

enum Transport {
    Smtp(Box<smtp::Pool>),
    Outbox(PathBuf),
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

impl EmailChannel {
    /// A builder for emails from `from` (`Status <status@example.com>`).
    pub fn builder(from: impl Into<String>) -> EmailChannelBuilder {
        EmailChannelBuilder::new(from.into())
    }

    /// The complete message (RFC 5322 bytes) this channel would send for
    /// `delivery`.
    pub fn message(&self, delivery: &Delivery) -> Result<Vec<u8>, DeliveryError> {
        message::build(&self.sender, delivery).map(|m| m.formatted())
    }
}

#[async_trait]
impl Channel for EmailChannel {
    fn kind(&self) -> ChannelKind {
        ChannelKind::Email
    }

    fn outbox(&self) -> bool {
        matches!(self.transport, Transport::Outbox(_))
    }

    /// Six deliveries per SMTP connection: one being sent, one whose
    /// envelope rides with its end (pipelining, see `queue.rs`), and four
    /// claimed and in line. The claims of a steady stream of sends wait up
    /// to a millisecond to share the state file's commits (see
    /// `store/sqlite/writer.rs`); with four in line that wait overlaps the
    /// sends instead of leaving the connection idle. With three per
    /// connection it cost about a fifth of the throughput; with six, the
    /// state file is written about a third as much per email, for less CPU
    /// (see BENCHMARKS.md). One in line waits for five messages at most,
    /// inside the attempt timeout, with its lease renewed.
    fn capacity(&self) -> Option<usize> {
        match &self.transport {
            Transport::Smtp(pool) => Some(pool.connections() * 6),
            Transport::Outbox(_) => None,
        }
    }

    async fn deliver(&self, delivery: &Delivery) -> Result<Receipt, DeliveryError> {
        let message = message::build(&self.sender, delivery)?;
        let pool = match &self.transport {
            Transport::Smtp(pool) => pool,
            Transport::Outbox(dir) => {
                let name = outbox::file_name(&delivery.key, "eml");
                let text = message.formatted();
                // Boxed, as the webhook's: an outbox is for trying a send.
                let path = Box::pin(outbox::write(dir, &name, &text)).await?;
                return Ok(Receipt {
                    channel: ChannelKind::Email,
                    detail: format!("written to {}", path.display()),
                });
            }
        };
        let response = pool.send(&message).await.map_err(|err| match err {
            smtp::SendError::Smtp(err) => smtp_error(&err),
            smtp::SendError::Connect(reason) => DeliveryError::transient(format!(
                "the mail server did not take the message: {reason}"
            )),
            smtp::SendError::NoStartTls(reason) => DeliveryError::transient(reason),
            smtp::SendError::Refused(reason) => DeliveryError::permanent(reason),
            smtp::SendError::Timeout(after) => DeliveryError::transient(format!(
                "the mail server did not answer within {} s",
                after.as_secs_f32()
            )),
        })?;
        let lines: Vec<&str> = response.message().collect();
        Ok(Receipt {
            channel: ChannelKind::Email,
            detail: format!("{} {}", response.code(), lines.join(" ")),
        })
    }
}

/// SMTP 5xx is permanent; 4xx, timeouts and connection failures are
/// transient: the server may take the message later. A 4xx said of the
/// recipient alone (450, or an enhanced status 4.1.x or 4.2.x: a mailbox
/// busy, full or disabled for now) is marked so: the server answered, and a
/// few such addresses must not pause every email.
fn smtp_error(err: &lettre::transport::smtp::Error) -> DeliveryError {
    let reason = format!("the mail server did not take the message: {err}");
    let code = err
        .status()
        .and_then(|code| code.to_string().parse::<u16>().ok());
    let error = if err.is_permanent() {
        DeliveryError::permanent(reason)
    } else if code == Some(450) || about_mailbox(&err.to_string()) {
        DeliveryError::transient(reason).about_address()
    } else {
        DeliveryError::transient(reason)
    };
    match code {
        Some(code) => error.with_answer(crate::delivery::Answer::Smtp(code)),
        None => error,
    }
}

/// Whether a reply carries an enhanced status code (RFC 3463) about the
/// address (4.1.x) or the mailbox (4.2.x).
fn about_mailbox(reply: &str) -> bool {
    reply.split_whitespace().any(|word| {
        let mut parts = word.split('.');
        matches!(
            (parts.next(), parts.next(), parts.next(), parts.next()),
            (Some("4"), Some("1" | "2"), Some(detail), None)
                if !detail.is_empty() && detail.bytes().all(|b| b.is_ascii_digit())
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Address;

    /// Every email allocates its future: one that outgrows a kilobyte (a
    /// connection kept by value, or a rare path not boxed) leaves the
    /// allocator's per-thread cache.
    #[tokio::test]
    async fn an_emails_future_stays_under_a_kilobyte() {
        let channel = EmailChannel::builder("Status <status@example.com>")
            .smtp("smtp://127.0.0.1:25")
            .build()
            .unwrap();
        let delivery = crate::delivery::sample(Address::Email {
            mailbox: "customer@example.com".into(),
        });
        let future = channel.deliver(&delivery);
        let size = std::mem::size_of_val(&*future);
        assert!(size <= 1008, "an email's future is {size} bytes");
    }
}
