//! Reading a returned message: a delivery status notification (RFC 3464)
//! or a feedback report (RFC 5965, ARF), parsed as MIME by mail-parser.
//! What is read: who reported, the original message's id and recipients,
//! and each recipient's action, status and diagnostic.

use mail_parser::{HeaderName, Message, MessageParser, MimeHeaders, PartType};
use serde::Serialize;

/// The longest diagnostic kept: servers quote whole transcripts.
const LONGEST_DIAGNOSTIC: usize = 500;

/// What kind of report a returned message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ReportKind {
    /// A delivery status notification (RFC 3464): a bounce, a delay, or a
    /// (positive) delivery report.
    DeliveryStatus,
    /// A feedback report (RFC 5965): a reader's complaint, or a report of
    /// another kind.
    Feedback,
}

/// One returned message, as read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Report {
    /// Which kind.
    pub kind: ReportKind,
    /// Who reported: the `Reporting-MTA`, the feedback's `User-Agent`, or
    /// the message's `From`.
    pub reporter: String,
    /// The `Message-ID` of the message the report is about, without its
    /// angle brackets, when the report returned its headers.
    pub original_message_id: Option<String>,
    /// The addresses the original was written to (its `To` and `Cc`).
    pub original_recipients: Vec<String>,
    /// The delivery id in the address the report was sent to, when the
    /// email went out with a VERP return address (`bounces+<id>@…`).
    pub verp_delivery: Option<String>,
    /// For a delivery status notification: each recipient's fate. For a
    /// feedback report: one per `Original-Rcpt-To`, with the feedback
    /// type as its status.
    pub recipients: Vec<Returned>,
    /// For a feedback report: its `Feedback-Type` (`abuse`, `not-spam`,
    /// `auth-failure` …), lowercase.
    pub feedback_type: Option<String>,
}

/// One recipient of the original, as the report tells of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Returned {
    /// The address (`Final-Recipient`, else `Original-Recipient`),
    /// lowercase, without its address type.
    pub address: String,
    /// The `Original-Recipient`, when it differs (an alias the server
    /// expanded).
    pub original_address: Option<String>,
    /// `failed`, `delayed`, `delivered`, `relayed` or `expanded`
    /// (lowercase); empty in a feedback report.
    pub action: String,
    /// The enhanced status code (`5.1.1`); in a feedback report, the
    /// feedback type.
    pub status: String,
    /// What the server said (`Diagnostic-Code`), on one line, shortened.
    pub diagnostic: String,
}

/// Why a message is not a report that can be acted on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum NotAReport {
    /// Not a mail message at all.
    #[error("not a mail message")]
    NotMail,
    /// A message, but neither a delivery status notification nor a
    /// feedback report (an auto-reply, a newsletter, a plain-text bounce).
    #[error("not a delivery status notification or feedback report ({0})")]
    OtherMessage(String),
    /// A report whose machine-readable part could not be read.
    #[error("a {0} whose report part is missing or empty")]
    Unreadable(&'static str),
}

impl Report {
    /// Reads one raw message (an mbox `From ` line before it is skipped).
    pub fn read(raw: &[u8]) -> Result<Report, NotAReport> {
        let raw = skip_mbox_line(raw);
        let message = MessageParser::default()
            .parse(raw)
            .ok_or(NotAReport::NotMail)?;
        let mut status_part = None;
        let mut feedback_part = None;
        let mut original: Option<Original> = None;
        for part in &message.parts {
            let Some(ct) = part.content_type() else {
                continue;
            };
            let (ctype, subtype) = (
                ct.ctype().to_ascii_lowercase(),
                ct.subtype().unwrap_or_default().to_ascii_lowercase(),
            );
            match (ctype.as_str(), subtype.as_str()) {
                ("message", "delivery-status" | "global-delivery-status") => {
                    status_part = Some(part.contents());
                }
                ("message", "feedback-report") => feedback_part = Some(part.contents()),
                ("message", "rfc822" | "global") if original.is_none() => {
                    if let PartType::Message(inner) = &part.body {
                        original = Some(Original::of(inner));
                    }
                }
                ("text" | "message", "rfc822-headers" | "global-headers") if original.is_none() => {
                    if let Some(headers) = MessageParser::default().parse_headers(part.contents()) {
                        original = Some(Original::of(&headers));
                    }
                }
                _ => {}
            }
        }
        let original = original.unwrap_or_default();
        if let Some(fields) = status_part {
            return delivery_status(&message, fields, original);
        }
        if let Some(fields) = feedback_part {
            return feedback(&message, fields, original);
        }
        let what = message
            .content_type()
            .map(|ct| format!("{}/{}", ct.ctype(), ct.subtype().unwrap_or_default()))
            .unwrap_or_else(|| "text/plain".to_owned());
        Err(NotAReport::OtherMessage(what.to_ascii_lowercase()))
    }
}

/// What the report returned of the original message.
#[derive(Default)]
struct Original {
    message_id: Option<String>,
    recipients: Vec<String>,
}

impl Original {
    fn of(message: &Message) -> Original {
        let mut recipients = Vec::new();
        for list in [message.to(), message.cc()].into_iter().flatten() {
            recipients.extend(
                list.iter()
                    .filter_map(|a| a.address())
                    .map(|a| a.trim().to_lowercase()),
            );
        }
        Original {
            message_id: message.message_id().map(str::to_owned),
            recipients,
        }
    }
}

fn delivery_status(
    message: &Message,
    fields: &[u8],
    original: Original,
) -> Result<Report, NotAReport> {
    let mut groups = field_groups(fields).into_iter();
    let per_message = groups
        .next()
        .ok_or(NotAReport::Unreadable("delivery status notification"))?;
    let reporter = value_of(&per_message, "reporting-mta")
        .map(|v| without_type(&v).to_owned())
        .unwrap_or_else(|| from_of(message));
    let mut recipients = Vec::new();
    // Some servers put the first recipient's fields in the first group.
    for group in std::iter::once(per_message).chain(groups) {
        let address_of = |v: String| without_type(&v).trim_matches(['<', '>']).to_lowercase();
        let original = value_of(&group, "original-recipient").map(address_of);
        let address = value_of(&group, "final-recipient")
            .map(address_of)
            .or_else(|| original.clone());
        let Some(address) = address else { continue };
        recipients.push(Returned {
            original_address: original.filter(|o| *o != address),
            address,
            action: value_of(&group, "action")
                .unwrap_or_default()
                .to_ascii_lowercase(),
            status: value_of(&group, "status")
                .map(|s| status_code(&s))
                .unwrap_or_default(),
            diagnostic: shortened(&value_of(&group, "diagnostic-code").unwrap_or_default()),
        });
    }
    if recipients.is_empty() {
        return Err(NotAReport::Unreadable("delivery status notification"));
    }
    Ok(Report {
        kind: ReportKind::DeliveryStatus,
        reporter,
        original_message_id: original.message_id,
        original_recipients: original.recipients,
        verp_delivery: verp_delivery(message),
        recipients,
        feedback_type: None,
    })
}

fn feedback(message: &Message, fields: &[u8], original: Original) -> Result<Report, NotAReport> {
    let fields: Vec<(String, String)> = field_groups(fields).into_iter().flatten().collect();
    let feedback_type = value_of(&fields, "feedback-type")
        .map(|v| v.to_ascii_lowercase())
        .ok_or(NotAReport::Unreadable("feedback report"))?;
    let reporter = value_of(&fields, "user-agent")
        .or_else(|| value_of(&fields, "reporting-mta").map(|v| without_type(&v).to_owned()))
        .unwrap_or_else(|| from_of(message));
    let recipients = fields
        .iter()
        .filter(|(name, _)| name == "original-rcpt-to")
        .map(|(_, value)| Returned {
            address: without_type(value).trim_matches(['<', '>']).to_lowercase(),
            original_address: None,
            action: String::new(),
            status: feedback_type.clone(),
            diagnostic: String::new(),
        })
        .collect();
    Ok(Report {
        kind: ReportKind::Feedback,
        reporter,
        original_message_id: original.message_id,
        original_recipients: original.recipients,
        verp_delivery: verp_delivery(message),
        recipients,
        feedback_type: Some(feedback_type),
    })
}

/// The report's fields, in the groups blank lines separate (the
/// per-message fields, then each recipient's), each as (lowercase name,
/// value on one line). The fields are header fields (RFC 3464 § 2.1):
/// each group is read by the MIME parser as a header block.
fn field_groups(fields: &[u8]) -> Vec<Vec<(String, String)>> {
    let text = String::from_utf8_lossy(fields).replace("\r\n", "\n");
    text.split("\n\n")
        .filter(|group| !group.trim().is_empty())
        .filter_map(|group| {
            let block = format!("{}\n\n", group.trim_start_matches('\n'));
            let parsed = MessageParser::default().parse_headers(block.as_bytes())?;
            let fields: Vec<(String, String)> = parsed
                .headers()
                .iter()
                .filter_map(|h| {
                    let value = block.get(h.offset_start as usize..h.offset_end as usize)?;
                    Some((name_of(&h.name), one_line(value)))
                })
                .collect();
            (!fields.is_empty()).then_some(fields)
        })
        .collect()
}

/// A field's name, lowercase.
fn name_of(name: &HeaderName) -> String {
    match name {
        HeaderName::Other(other) => other.to_ascii_lowercase(),
        known => known.as_static_str().to_ascii_lowercase(),
    }
}

fn value_of(fields: &[(String, String)], name: &str) -> Option<String> {
    fields
        .iter()
        .find(|(n, v)| n == name && !v.is_empty())
        .map(|(_, v)| v.clone())
}

/// `rfc822; ada@example.com` → `ada@example.com`; `dns; mx.example` →
/// `mx.example`.
fn without_type(value: &str) -> &str {
    value.split_once(';').map_or(value, |(_, rest)| rest).trim()
}

/// The `x.y.z` code at the start of a `Status` field (some servers add a
/// comment after it).
fn status_code(value: &str) -> String {
    value
        .split(|c: char| c.is_whitespace() || c == '(')
        .next()
        .unwrap_or_default()
        .to_owned()
}

fn one_line(value: &str) -> String {
    value.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn shortened(value: &str) -> String {
    match value.char_indices().nth(LONGEST_DIAGNOSTIC) {
        Some((at, _)) => format!("{}…", &value[..at]),
        None => value.to_owned(),
    }
}

fn from_of(message: &Message) -> String {
    message
        .from()
        .and_then(|f| f.first())
        .and_then(|a| a.address())
        .unwrap_or("an unnamed reporter")
        .to_owned()
}

/// The delivery id of a VERP return address (`local+<32 hex>@domain`) the
/// report was sent to, as its `To`, `Delivered-To` or `X-Original-To` say.
fn verp_delivery(message: &Message) -> Option<String> {
    let raw = message.raw_message.as_ref();
    message
        .headers()
        .iter()
        .filter(|h| {
            matches!(
                name_of(&h.name).as_str(),
                "to" | "delivered-to" | "x-original-to"
            )
        })
        .filter_map(|h| raw.get(h.offset_start as usize..h.offset_end as usize))
        .flat_map(|value| {
            String::from_utf8_lossy(value)
                .split(|c: char| c.is_whitespace() || "<>,\"".contains(c))
                .filter_map(|word| {
                    let (local, _) = word.split_once('@')?;
                    let (_, id) = local.rsplit_once('+')?;
                    (id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()))
                        .then(|| id.to_ascii_lowercase())
                })
                .collect::<Vec<_>>()
        })
        .next()
}

/// An mbox file's `From ` separator line, which is not a header.
fn skip_mbox_line(raw: &[u8]) -> &[u8] {
    if raw.starts_with(b"From ") {
        match raw.iter().position(|&b| b == b'\n') {
            Some(end) => &raw[end + 1..],
            None => &[],
        }
    } else {
        raw
    }
}
