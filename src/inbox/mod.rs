//! The in-app inbox: one entry per incident and account, updated in place as
//! the incident moves, with every revision kept as its history.
//!
//! An older revision that arrives late (a retry, a slow instance) is kept in
//! the history but never overwrites the newer entry. A newer revision makes
//! the entry unread again.

use async_trait::async_trait;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::error::StoreError;
use crate::notice::Status;

/// Where in-app notices are kept. Shared between tasks as `Arc<dyn Inbox>`;
/// every inbox also answers the listings of [`InboxReader`].
#[async_trait]
pub trait Inbox: InboxReader {
    /// Records one revision of an incident for one account.
    async fn record(&self, update: &InboxUpdate) -> Result<Recorded, StoreError>;

    /// Marks an account's entry for an incident read; `false` if there is no
    /// such entry.
    async fn mark_read(&self, account: &str, incident: &str) -> Result<bool, StoreError>;
}

/// What an account's inbox shows. A store opened for questions only hands
/// out this and nothing that writes.
#[async_trait]
pub trait InboxReader: Send + Sync {
    /// An account's entries, newest first (by the publication of their latest
    /// revision), one page at a time.
    async fn list(&self, account: &str, query: &ListQuery) -> Result<Vec<InboxEntry>, StoreError>;

    /// Every revision of an incident the account received, oldest first.
    async fn history(
        &self,
        account: &str,
        incident: &str,
    ) -> Result<Vec<InboxRevision>, StoreError>;
}

/// One revision of an incident, as it is shown to one account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxUpdate {
    /// The in-app account.
    pub account: String,
    /// The incident id.
    pub incident: String,
    /// The notice revision.
    pub revision: u32,
    /// The status as of this revision.
    pub status: Status,
    /// The locale of title and body.
    pub locale: String,
    /// The entry's title.
    pub title: String,
    /// The entry's text.
    pub body: String,
    /// When the revision was published.
    pub published_at: Timestamp,
}

/// What recording an update did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Recorded {
    /// The account's first entry for this incident.
    New,
    /// The entry moved to this newer revision (and is unread again).
    Updated,
    /// This revision was already recorded; nothing changed.
    Duplicate,
    /// A newer revision is already shown; this one joined the history only.
    Older,
}

/// The latest state of one incident for one account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxEntry {
    /// The in-app account.
    pub account: String,
    /// The incident id.
    pub incident: String,
    /// The latest revision recorded.
    pub revision: u32,
    /// Its status.
    pub status: Status,
    /// Its locale.
    pub locale: String,
    /// Its title.
    pub title: String,
    /// Its text.
    pub body: String,
    /// When that revision was published.
    pub published_at: Timestamp,
    /// Whether the account has read it since it last changed.
    pub read: bool,
}

/// One revision in an entry's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxRevision {
    /// The notice revision.
    pub revision: u32,
    /// Its status.
    pub status: Status,
    /// Its locale.
    pub locale: String,
    /// Its title.
    pub title: String,
    /// Its text.
    pub body: String,
    /// When it was published.
    pub published_at: Timestamp,
}

/// Which entries [`Inbox::list`] returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListQuery {
    /// Only entries not read since they last changed.
    pub unread_only: bool,
    /// At most this many (50 by default).
    pub limit: usize,
    /// After skipping this many.
    pub offset: usize,
}

impl Default for ListQuery {
    fn default() -> Self {
        ListQuery {
            unread_only: false,
            limit: 50,
            offset: 0,
        }
    }
}

impl InboxUpdate {
    /// This revision as the account's history shows it.
    pub(crate) fn revision_entry(&self) -> InboxRevision {
        InboxRevision {
            revision: self.revision,
            status: self.status,
            locale: self.locale.clone(),
            title: self.title.clone(),
            body: self.body.clone(),
            published_at: self.published_at,
        }
    }

    /// This revision as the account's entry for the incident, unread.
    pub(crate) fn entry(&self) -> InboxEntry {
        InboxEntry {
            account: self.account.clone(),
            incident: self.incident.clone(),
            revision: self.revision,
            status: self.status,
            locale: self.locale.clone(),
            title: self.title.clone(),
            body: self.body.clone(),
            published_at: self.published_at,
            read: false,
        }
    }
}
