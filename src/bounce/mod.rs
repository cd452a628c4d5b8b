//! Bounces and complaints: what receiving mail servers report after they
//! accepted an email. A returned message is read ([`Report::read`]),
//! matched to the delivery it is about by the original's `Message-ID`
//! (tidings derives it from the delivery key), or by the VERP return
//! address it was sent to (see `EmailChannelBuilder::verp`), and the
//! address the email went to; and changes the record ([`apply`]):
//!
//! - **failed** (the server gave up): the delivery turns `bounced`, not
//!   told; coverage lists the customer as unreached with the server's
//!   diagnostic. A permanent failure that says the address is dead (5.1.1
//!   user unknown, 5.2.1 mailbox disabled …) also suppresses the address;
//!   one about the sender, policy or content (5.1.8, 5.7.1) does not.
//! - **delayed**, or failed with a temporary status (4.x.x): recorded;
//!   once deliveries to the address have failed so on
//!   [`REPEATED_TRANSIENT`] occasions, the address is suppressed.
//! - **a complaint** (a feedback report of abuse or fraud): the
//!   recipient's email is suppressed.
//!
//! Anything else (a message that is not a report, a report about a
//! message tidings did not send, a positive delivery report) changes
//! nothing, and says why.
//!
//! ```
//! # async fn demo(raw: &[u8]) {
//! use tidings::store::memory::MemoryLedger;
//! let ledger = MemoryLedger::new();
//! for effect in tidings::bounce::apply(&ledger, raw).await {
//!     println!("{effect}");
//! }
//! # }
//! ```

mod report;

use std::fmt;

use jiff::Timestamp;
use serde::Serialize;

pub use report::{NotAReport, Report, ReportKind, Returned};

use crate::delivery::DeliveryKey;
use crate::ledger::{BounceKind, BounceRecord, Ledger};
use crate::recipient::ChannelKind;
use crate::suppression::{Reason, Scope, Suppression};

/// After temporary failures of this many deliveries to one address, the
/// address is treated as dead and suppressed.
pub const REPEATED_TRANSIENT: u64 = 3;

/// The feedback types that are a reader's complaint (RFC 5965 § 7.3);
/// `not-spam` and `auth-failure` are not.
const COMPLAINTS: [&str; 4] = ["abuse", "fraud", "virus", "other"];

/// What one returned message did to the record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "effect", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Effect {
    /// The email was returned: the delivery is `bounced`, not told.
    Bounced {
        /// The delivery's id (see [`DeliveryKey::id`]).
        delivery: String,
        /// The customer.
        customer: String,
        /// The address it was returned from.
        address: String,
        /// The enhanced status code.
        status: String,
        /// What the server said.
        diagnostic: String,
        /// Whether the address is now suppressed (a permanent failure, or
        /// temporary ones repeated).
        suppressed: bool,
    },
    /// Not delivered yet, or given up with a temporary status that did not
    /// bounce a sent delivery: recorded.
    Delayed {
        /// The delivery's id.
        delivery: String,
        /// The customer.
        customer: String,
        /// The address.
        address: String,
        /// The enhanced status code.
        status: String,
        /// What the server said.
        diagnostic: String,
        /// Deliveries to the address with a temporary failure so far.
        transient_deliveries: u64,
        /// Whether the address is now suppressed (repeated failures).
        suppressed: bool,
    },
    /// The reader reported the email as unwanted: their email is
    /// suppressed.
    Complaint {
        /// The delivery's id.
        delivery: String,
        /// The customer.
        customer: String,
        /// The feedback type (`abuse` …).
        feedback_type: String,
        /// Who reported.
        reporter: String,
    },
    /// This report on this delivery was read before: nothing changed.
    AlreadyRecorded {
        /// The delivery's id.
        delivery: String,
        /// The customer.
        customer: String,
    },
    /// A report tidings cannot tie to one of its deliveries.
    Unmatched {
        /// Why.
        reason: String,
    },
    /// Nothing to do: not a report, or a report that asks for nothing.
    Ignored {
        /// Why.
        reason: String,
    },
    /// The ledger could not record it: read the message again later.
    NotRecorded {
        /// Why.
        reason: String,
    },
}

impl Effect {
    /// Whether the record changed.
    pub fn changed(&self) -> bool {
        matches!(
            self,
            Effect::Bounced { .. } | Effect::Delayed { .. } | Effect::Complaint { .. }
        )
    }
}

impl fmt::Display for Effect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Effect::Bounced {
                customer,
                address,
                status,
                diagnostic,
                suppressed,
                ..
            } => write!(
                f,
                "bounced: {customer} <{address}> {status} {diagnostic}{}",
                suppressed_note(*suppressed)
            ),
            Effect::Delayed {
                customer,
                address,
                status,
                transient_deliveries,
                suppressed,
                ..
            } => write!(
                f,
                "delayed: {customer} <{address}> {status} ({transient_deliveries} deliver{} with temporary failures){}",
                if *transient_deliveries == 1 {
                    "y"
                } else {
                    "ies"
                },
                suppressed_note(*suppressed)
            ),
            Effect::Complaint {
                customer,
                feedback_type,
                reporter,
                ..
            } => write!(
                f,
                "complaint ({feedback_type}) from {reporter}: {customer}'s email suppressed"
            ),
            Effect::AlreadyRecorded { customer, delivery } => {
                write!(f, "already recorded: {customer} (delivery {delivery})")
            }
            Effect::Unmatched { reason } => write!(f, "unmatched: {reason}"),
            Effect::Ignored { reason } => write!(f, "ignored: {reason}"),
            Effect::NotRecorded { reason } => write!(f, "not recorded: {reason}"),
        }
    }
}

fn suppressed_note(suppressed: bool) -> &'static str {
    if suppressed {
        " (address suppressed)"
    } else {
        ""
    }
}

/// Reads one raw returned message and changes the record as it says: one
/// effect per recipient it reports on (one, for the mail tidings sends).
/// Never fails: what cannot be done is an effect that says why.
pub async fn apply(ledger: &dyn Ledger, raw: &[u8]) -> Vec<Effect> {
    match Report::read(raw) {
        Ok(report) => apply_report(ledger, &report, Timestamp::now()).await,
        Err(not) => vec![Effect::Ignored {
            reason: not.to_string(),
        }],
    }
}

/// Changes the record as a report read at `now` says.
pub async fn apply_report(ledger: &dyn Ledger, report: &Report, now: Timestamp) -> Vec<Effect> {
    let id = report
        .original_message_id
        .as_deref()
        .and_then(delivery_id)
        .or(report.verp_delivery.as_deref());
    let Some(id) = id else {
        let reason = match &report.original_message_id {
            Some(id) => format!("the returned message <{id}> was not sent by tidings"),
            None => {
                "the report returns neither the original's Message-ID nor a VERP address".to_owned()
            }
        };
        return vec![Effect::Unmatched { reason }];
    };
    match report.kind {
        ReportKind::DeliveryStatus => {
            let mut effects = Vec::new();
            for returned in &report.recipients {
                let effect = match returned.action.as_str() {
                    "failed" | "delayed" => on_status(ledger, report, returned, id, now).await,
                    other => Effect::Ignored {
                        reason: format!(
                            "a delivery report (action `{other}`) for {}: nothing failed",
                            returned.address
                        ),
                    },
                };
                effects.push(effect);
            }
            effects
        }
        ReportKind::Feedback => vec![on_feedback(ledger, report, id, now).await],
    }
}

/// Whether a permanent status says the recipient's address is dead
/// (RFC 3463): a bad mailbox, system or address syntax, a mailbox moved or
/// disabled. Not the sender's address (5.1.7, 5.1.8), nor policy, content
/// or the network (5.7.x, 5.6.x, 5.4.x): the email bounced, but the
/// address may well work for the next one.
fn address_is_dead(status: &str) -> bool {
    let mut parts = status.split('.');
    let (Some("5"), Some(subject), Some(detail)) = (parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    matches!(
        (subject, detail),
        ("1", "0" | "1" | "2" | "3" | "4" | "5" | "6" | "9" | "10") | ("2", "1")
    )
}

/// The delivery id in a Message-ID tidings made: `<id.tidings@domain>`.
fn delivery_id(message_id: &str) -> Option<&str> {
    let local = message_id.trim_matches(['<', '>']).split('@').next()?;
    let id = local.strip_suffix(".tidings")?;
    (id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit())).then_some(id)
}

/// The email delivery with `id` to one of `addresses`.
async fn find(
    ledger: &dyn Ledger,
    id: &str,
    addresses: impl IntoIterator<Item = &str>,
) -> Result<Option<DeliveryKey>, String> {
    for address in addresses {
        let keys = ledger
            .email_deliveries(address)
            .await
            .map_err(|e| format!("cannot look up deliveries to {address}: {e}"))?;
        if let Some(key) = keys.into_iter().find(|k| k.id() == id) {
            return Ok(Some(key));
        }
    }
    Ok(None)
}

async fn on_status(
    ledger: &dyn Ledger,
    report: &Report,
    returned: &Returned,
    id: &str,
    now: Timestamp,
) -> Effect {
    let candidates = std::iter::once(returned.address.as_str())
        .chain(returned.original_address.as_deref())
        .chain(report.original_recipients.iter().map(String::as_str));
    let key = match find(ledger, id, candidates).await {
        Ok(Some(key)) => key,
        Ok(None) => {
            return Effect::Unmatched {
                reason: format!(
                    "no email delivery {id} to {} is in the ledger",
                    returned.address
                ),
            };
        }
        Err(reason) => return Effect::NotRecorded { reason },
    };
    let failed = returned.action == "failed";
    let kind = if failed {
        BounceKind::Failed
    } else {
        BounceKind::Delayed
    };
    let diagnostic = match returned.diagnostic.as_str() {
        "" => format!("reported by {}", report.reporter),
        said => format!("{said} (reported by {})", report.reporter),
    };
    let record = BounceRecord::new(kind, returned.status.clone(), diagnostic.clone(), now);
    let kept = match keep(ledger, &key, &record, id).await {
        Ok(kept) => kept,
        Err(effect) => return effect,
    };
    let permanent = failed && address_is_dead(&returned.status);
    let repeated = record.is_transient() && kept.transient_deliveries >= REPEATED_TRANSIENT;
    let mut suppressed = false;
    if permanent || repeated {
        // Repeated temporary failures are a dead address too; the
        // evidence says which it was.
        let why = if permanent {
            format!("{} {diagnostic}", returned.status)
        } else {
            format!(
                "temporary failures of {} deliveries, the last {} {diagnostic}",
                kept.transient_deliveries, returned.status
            )
        };
        let suppression = Suppression::new(&*key.recipient, Scope::All, Reason::HardBounce, now)
            .on_channel(ChannelKind::Email.as_str())
            .at_address(&*key.address)
            .with_evidence(why);
        match ledger.suppress(&suppression).await {
            Ok(()) => suppressed = true,
            Err(e) => {
                return Effect::NotRecorded {
                    reason: format!("recorded, but cannot suppress {}: {e}", key.address),
                };
            }
        }
    }
    if failed {
        Effect::Bounced {
            delivery: id.to_owned(),
            customer: key.recipient,
            address: key.address,
            status: returned.status.clone(),
            diagnostic,
            suppressed,
        }
    } else {
        Effect::Delayed {
            delivery: id.to_owned(),
            customer: key.recipient,
            address: key.address,
            status: returned.status.clone(),
            diagnostic,
            transient_deliveries: kept.transient_deliveries,
            suppressed,
        }
    }
}

/// Keeps `record` of the delivery `key`: what keeping it changed, or the
/// effect to report when it was kept before or could not be.
async fn keep(
    ledger: &dyn Ledger,
    key: &DeliveryKey,
    record: &BounceRecord,
    id: &str,
) -> Result<crate::ledger::BounceKept, Effect> {
    match ledger.record_bounce(key, record).await {
        Ok(kept) if kept.new => Ok(kept),
        Ok(_) => Err(Effect::AlreadyRecorded {
            delivery: id.to_owned(),
            customer: key.recipient.clone(),
        }),
        Err(e) => Err(Effect::NotRecorded {
            reason: format!(
                "cannot record the {} report on delivery {id}: {e}",
                record.kind.as_str()
            ),
        }),
    }
}

async fn on_feedback(ledger: &dyn Ledger, report: &Report, id: &str, now: Timestamp) -> Effect {
    let feedback_type = report.feedback_type.clone().unwrap_or_default();
    if !COMPLAINTS.contains(&feedback_type.as_str()) {
        return Effect::Ignored {
            reason: format!("a feedback report of type `{feedback_type}` is not a complaint"),
        };
    }
    let candidates = report
        .recipients
        .iter()
        .map(|r| r.address.as_str())
        .chain(report.original_recipients.iter().map(String::as_str));
    let key = match find(ledger, id, candidates).await {
        Ok(Some(key)) => key,
        Ok(None) => {
            return Effect::Unmatched {
                reason: format!(
                    "no email delivery {id} to the reported recipient is in the ledger"
                ),
            };
        }
        Err(reason) => return Effect::NotRecorded { reason },
    };
    let evidence = format!("{feedback_type} report from {}", report.reporter);
    let record = BounceRecord::new(
        BounceKind::Complaint,
        feedback_type.clone(),
        evidence.clone(),
        now,
    );
    if let Err(effect) = keep(ledger, &key, &record, id).await {
        return effect;
    }
    let suppression = Suppression::new(&*key.recipient, Scope::All, Reason::Complaint, now)
        .on_channel(ChannelKind::Email.as_str())
        .with_evidence(evidence);
    if let Err(e) = ledger.suppress(&suppression).await {
        return Effect::NotRecorded {
            reason: format!(
                "recorded, but cannot suppress {}'s email: {e}",
                key.recipient
            ),
        };
    }
    Effect::Complaint {
        delivery: id.to_owned(),
        customer: key.recipient,
        feedback_type,
        reporter: report.reporter.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_dead_address_is_suppressed_at_once() {
        for dead in ["5.1.1", "5.1.2", "5.1.10", "5.2.1", "5.1.6"] {
            assert!(address_is_dead(dead), "{dead}");
        }
        for alive in [
            "5.1.8", "5.1.7", "5.7.1", "5.2.2", "4.1.1", "5.4.1", "5", "",
        ] {
            assert!(!address_is_dead(alive), "{alive}");
        }
    }

    #[test]
    fn only_message_ids_tidings_made_name_a_delivery() {
        let id = "0123456789abcdef0123456789abcdef";
        assert_eq!(
            delivery_id(&format!("<{id}.tidings@status.example.com>")),
            Some(id)
        );
        assert_eq!(delivery_id(&format!("{id}.tidings@x")), Some(id));
        for other in [
            "<20150213024813.DE9FF20C16@2jo.example.jp>",
            "<0123.tidings@x>",
            "<zz23456789abcdef0123456789abcdef.tidings@x>",
            "",
            "@",
        ] {
            assert_eq!(delivery_id(other), None, "{other}");
        }
    }
}
