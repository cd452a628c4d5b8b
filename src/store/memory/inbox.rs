//! An inbox in memory: for tests, previews and single-process use.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

use async_trait::async_trait;

use crate::error::StoreError;
use crate::inbox::{
    Inbox, InboxEntry, InboxReader, InboxRevision, InboxUpdate, ListQuery, Recorded,
};

/// Keeps every entry in memory; gone when the process ends.
#[derive(Debug, Default)]
pub struct MemoryInbox {
    entries: Mutex<HashMap<(String, String), Kept>>,
}

#[derive(Debug)]
struct Kept {
    entry: InboxEntry,
    history: BTreeMap<u32, InboxRevision>,
}

impl MemoryInbox {
    /// An empty inbox.
    pub fn new() -> Self {
        MemoryInbox::default()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<(String, String), Kept>> {
        self.entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[async_trait]
impl Inbox for MemoryInbox {
    async fn record(&self, update: &InboxUpdate) -> Result<Recorded, StoreError> {
        let mut entries = self.lock();
        let key = (update.account.clone(), update.incident.clone());
        let Some(kept) = entries.get_mut(&key) else {
            let history = BTreeMap::from([(update.revision, update.revision_entry())]);
            entries.insert(
                key,
                Kept {
                    entry: update.entry(),
                    history,
                },
            );
            return Ok(Recorded::New);
        };
        if kept.history.contains_key(&update.revision) {
            return Ok(Recorded::Duplicate);
        }
        kept.history
            .insert(update.revision, update.revision_entry());
        if update.revision > kept.entry.revision {
            kept.entry = update.entry();
            Ok(Recorded::Updated)
        } else {
            Ok(Recorded::Older)
        }
    }

    async fn mark_read(&self, account: &str, incident: &str) -> Result<bool, StoreError> {
        let mut entries = self.lock();
        match entries.get_mut(&(account.to_owned(), incident.to_owned())) {
            Some(kept) => {
                kept.entry.read = true;
                Ok(true)
            }
            None => Ok(false),
        }
    }
}

#[async_trait]
impl InboxReader for MemoryInbox {
    async fn list(&self, account: &str, query: &ListQuery) -> Result<Vec<InboxEntry>, StoreError> {
        let entries = self.lock();
        let mut found: Vec<&InboxEntry> = entries
            .values()
            .map(|kept| &kept.entry)
            .filter(|e| e.account == account && !(query.unread_only && e.read))
            .collect();
        found.sort_by(|a, b| {
            b.published_at
                .cmp(&a.published_at)
                .then_with(|| a.incident.cmp(&b.incident))
        });
        Ok(found
            .into_iter()
            .skip(query.offset)
            .take(query.limit)
            .cloned()
            .collect())
    }

    async fn history(
        &self,
        account: &str,
        incident: &str,
    ) -> Result<Vec<InboxRevision>, StoreError> {
        let entries = self.lock();
        Ok(entries
            .get(&(account.to_owned(), incident.to_owned()))
            .map(|kept| kept.history.values().cloned().collect())
            .unwrap_or_default())
    }
}
