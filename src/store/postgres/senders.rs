//! A sender's liveness: a session-level advisory lock on its id, held on a
//! connection of its own (outside the pool) for as long as it runs. The
//! server releases it when that session ends, however the process ends.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;

use super::schema::LOCK_CLASS;
use super::{PostgresState, db};
use crate::error::StoreError;

/// The senders of this process: the connection that holds each one's
/// advisory lock, and those that left (their locks may take a moment to
/// be released by the server, but this process knows at once).
#[derive(Default)]
pub(super) struct Senders {
    held: Mutex<HashMap<String, tokio_postgres::Client>>,
    left: Mutex<HashSet<String>>,
}

impl std::fmt::Debug for Senders {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Senders").finish_non_exhaustive()
    }
}

impl Senders {
    /// The senders of this process that left.
    pub(super) fn left(&self) -> Vec<String> {
        let left = self.left.lock().unwrap_or_else(|p| p.into_inner());
        left.iter().cloned().collect()
    }

    /// Takes `owner`'s lock for as long as this process keeps it.
    pub(super) async fn enter(&self, state: &PostgresState, owner: &str) -> Result<(), StoreError> {
        if self
            .held
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .contains_key(owner)
        {
            return Ok(());
        }
        // A connection of its own, held for the sender's life: the server
        // releases the lock when it closes, however the process ends.
        let (client, connection) = state
            .inner
            .config
            .connect(state.inner.tls.clone())
            .await
            .map_err(db)?;
        tokio::spawn(async move {
            let _ = connection.await;
        });
        let row = client
            .query_one(
                "INSERT INTO tidings_sender (owner) VALUES ($1)
                 ON CONFLICT (owner) DO UPDATE SET owner = excluded.owner RETURNING id",
                &[&owner],
            )
            .await
            .map_err(db)?;
        let id: i32 = super::get(&row, 0)?;
        let row = client
            .query_one("SELECT pg_try_advisory_lock($1, $2)", &[&LOCK_CLASS, &id])
            .await
            .map_err(db)?;
        let locked: bool = super::get(&row, 0)?;
        if !locked {
            return Err(StoreError::Database(format!(
                "another running sender is named `{owner}`; each instance needs a name of its own"
            )));
        }
        self.left
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(owner);
        self.held
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(owner.to_owned(), client);
        Ok(())
    }

    /// Lets `owner`'s lock go; this process counts it gone at once.
    pub(super) fn leave(&self, owner: &str) {
        // Dropping the connection ends the session, and the server releases
        // the lock; this process counts the sender gone at once.
        let client = self
            .held
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(owner);
        if client.is_some() {
            self.left
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .insert(owner.to_owned());
        }
    }
}
