//! What a ledger keeps of a mail server's later report on one email
//! delivery: a bounce (delivery status notification) or a complaint
//! (feedback report). The report itself is read by `tidings::bounce`.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// What the report said happened to the email.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum BounceKind {
    /// The receiving side gave up: the email was not delivered, and the
    /// customer was not told by it.
    Failed,
    /// Not delivered yet; the server is still trying.
    Delayed,
    /// Delivered, and the reader reported it as unwanted.
    Complaint,
}

impl BounceKind {
    /// The name used in storage and output.
    pub fn as_str(self) -> &'static str {
        match self {
            BounceKind::Failed => "failed",
            BounceKind::Delayed => "delayed",
            BounceKind::Complaint => "complaint",
        }
    }

    /// The kind a stored name stands for.
    pub fn parse(s: &str) -> Option<BounceKind> {
        [
            BounceKind::Failed,
            BounceKind::Delayed,
            BounceKind::Complaint,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

/// One report on one delivery, as kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BounceRecord {
    /// What happened.
    pub kind: BounceKind,
    /// The enhanced status code (`5.1.1`, `4.4.1`), or the feedback type of
    /// a complaint (`abuse`).
    pub status: String,
    /// What the server said, for people (its diagnostic, or who reported).
    pub diagnostic: String,
    /// When the report was read.
    pub reported_at: Timestamp,
}

impl BounceRecord {
    /// A report of `kind` with `status` and `diagnostic`, read at
    /// `reported_at`.
    pub fn new(
        kind: BounceKind,
        status: impl Into<String>,
        diagnostic: impl Into<String>,
        reported_at: Timestamp,
    ) -> Self {
        BounceRecord {
            kind,
            status: status.into(),
            diagnostic: diagnostic.into(),
            reported_at,
        }
    }

    /// Whether the status says a temporary failure (4.x.x).
    pub fn is_transient(&self) -> bool {
        self.status.starts_with("4.")
    }

    /// The reason a bounced delivery gives in reports.
    pub(crate) fn reason(&self) -> String {
        format!("bounced {}: {}", self.status, self.diagnostic)
    }
}

/// What keeping a report changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct BounceKept {
    /// It was not kept before (the same report read twice counts once).
    pub new: bool,
    /// The delivery was sent and is now `bounced`.
    pub bounced: bool,
    /// How many deliveries to the same address have had a temporary
    /// (4.x.x) failure or delay reported: repeated, the address is treated
    /// as dead.
    pub transient_deliveries: u64,
}
