//! A sender's liveness: a session-level advisory lock on its id, held on a
//! connection of its own (outside the pool) for as long as it runs, and a
//! heartbeat on that connection.
//!
//! The server releases the lock when the session ends, however it ends:
//! the process died, or only the session did (a failover, an idle timeout,
//! a firewall, `pg_terminate_backend`) while the process goes on sending.
//! Other senders cannot tell these apart, so they take over a sender's
//! claims only when its lock is gone *and* its last heartbeat is older than
//! [`TAKE_OVER_AFTER`]. A sender whose session ends opens another and takes
//! its lock back at once; if it cannot within [`DEADLINE`], it stops
//! claiming and stops the attempts it is making, well before anyone may
//! take them over. A sender that leaves says so, and is taken over at once.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;
use std::time::Duration;

use tokio::sync::{oneshot, watch};
use tokio::time::Instant;

use super::schema::LOCK_CLASS;
use super::{PostgresState, db};
use crate::error::StoreError;

/// How often a sender tells the database it runs.
const HEARTBEAT: Duration = Duration::from_secs(2);
/// A heartbeat not answered within this long counts as a lost session.
const HEARTBEAT_TIMEOUT: Duration = Duration::from_secs(4);
/// How long a sender goes on after the database last confirmed it runs:
/// past this, it claims nothing and its attempts in flight are stopped.
pub(super) const DEADLINE: Duration = Duration::from_secs(8);
/// How long after a sender's last heartbeat others may take over its
/// claims, once its lock is gone: `tidings_gone` says the same in SQL.
pub(super) const TAKE_OVER_AFTER: Duration = Duration::from_secs(20);
/// Between two attempts to open a lost session again.
const REOPEN_EVERY: Duration = Duration::from_secs(1);
/// An attempt to open a session again that takes longer is given up.
const REOPEN_TIMEOUT: Duration = Duration::from_secs(10);

/// Writes the heartbeat (the database's clock, so all instances compare
/// the same clock), making the row again if a gone sender's row was
/// forgotten meanwhile.
const BEAT: &str = "INSERT INTO tidings_sender (owner, seen_us)
    VALUES ($1, (extract(epoch FROM statement_timestamp()) * 1000000)::BIGINT)
    ON CONFLICT (owner) DO UPDATE SET seen_us = excluded.seen_us RETURNING id";

/// The senders of this process: each one's watch over its session, and
/// those that left (the server may take a moment to see their session end,
/// but this process knows at once).
#[derive(Default)]
pub(super) struct Senders {
    held: Mutex<HashMap<String, Held>>,
    left: Mutex<HashSet<String>>,
}

/// A running sender: when the database last confirmed its lock, and the
/// task keeping the lock (which stops, saying the sender left, when this
/// is dropped).
struct Held {
    confirmed: watch::Receiver<Instant>,
    _stop: oneshot::Sender<()>,
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

    fn held(&self) -> std::sync::MutexGuard<'_, HashMap<String, Held>> {
        self.held.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Takes `owner`'s lock, and keeps it for as long as this process keeps
    /// the sender.
    pub(super) async fn enter(&self, state: &PostgresState, owner: &str) -> Result<(), StoreError> {
        if self.held().contains_key(owner) {
            return Ok(());
        }
        let session = Session::open(state, owner).await?;
        let (confirm, confirmed) = watch::channel(session.sent);
        let (stop, stopped) = oneshot::channel();
        tokio::spawn(keep(
            state.clone(),
            owner.to_owned(),
            session,
            confirm,
            stopped,
        ));
        self.left
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(owner);
        self.held().insert(
            owner.to_owned(),
            Held {
                confirmed,
                _stop: stop,
            },
        );
        Ok(())
    }

    /// Lets `owner`'s lock go, saying it left; this process counts it gone
    /// at once, the others as soon as the database has heard.
    pub(super) fn leave(&self, owner: &str) {
        // Dropping the watch stops its task, which says the sender left.
        if self.held().remove(owner).is_some() {
            self.left
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .insert(owner.to_owned());
        }
    }

    /// Why `owner` may not claim now: the database has not confirmed its
    /// lock for [`DEADLINE`]. `None` for a sender that runs, or that never
    /// entered (judged by its leases alone).
    pub(super) fn standing(&self, owner: &str) -> Option<StoreError> {
        let held = self.held();
        let since = held.get(owner)?.confirmed.borrow().elapsed();
        (since >= DEADLINE).then(|| {
            StoreError::Database(format!(
                "sender `{owner}` has not been able to confirm with the database that it runs for {} s; it claims nothing until it can (others take over its claims {} s after it last could)",
                since.as_secs(),
                TAKE_OVER_AFTER.as_secs()
            ))
        })
    }

    /// [`standing`](Senders::standing), after waiting up to `within` for a
    /// sender that lost it to take its lock back (as it does as soon as the
    /// database answers again).
    pub(super) async fn regained(&self, owner: &str, within: Duration) -> Option<StoreError> {
        let confirmed = self.held().get(owner).map(|h| h.confirmed.clone());
        let mut confirmed = confirmed?;
        let wait = async {
            while self.standing(owner).is_some() {
                if confirmed.changed().await.is_err() {
                    return;
                }
            }
        };
        let _ = tokio::time::timeout(within, wait).await;
        self.standing(owner)
    }

    /// Completes once `owner` has gone [`DEADLINE`] without the database
    /// confirming its lock; never for a sender that did not enter.
    pub(super) async fn lost(&self, owner: &str) {
        let confirmed = self.held().get(owner).map(|h| h.confirmed.clone());
        let Some(mut confirmed) = confirmed else {
            return std::future::pending().await;
        };
        loop {
            let last = *confirmed.borrow_and_update();
            tokio::select! {
                () = tokio::time::sleep_until(last + DEADLINE) => return,
                changed = confirmed.changed() => {
                    if changed.is_err() {
                        // The sender left: nothing it makes is covered.
                        return;
                    }
                }
            }
        }
    }
}

/// One session that holds a sender's lock.
struct Session {
    client: tokio_postgres::Client,
    id: i32,
    /// Completes when the connection ends.
    ended: oneshot::Receiver<()>,
    /// When the heartbeat the database last took was sent: the sender's
    /// deadline counts from there, never from when the answer was read,
    /// so a slow answer or a busy process can only shorten it.
    sent: Instant,
}

impl Session {
    /// Opens a connection of its own (with TCP keepalives, so a silent
    /// network is noticed) and takes the sender's lock on it.
    async fn open(state: &PostgresState, owner: &str) -> Result<Session, StoreError> {
        let mut config = state.inner.config.clone();
        config
            .keepalives(true)
            .keepalives_idle(Duration::from_secs(5))
            .keepalives_interval(Duration::from_secs(2))
            .keepalives_retries(3);
        // The server probes too: after a silent network cut it ends the old
        // session (and lets the lock go) within seconds, not the system's
        // default two hours, so this sender can take its lock back.
        let probes =
            "-c tcp_keepalives_idle=5 -c tcp_keepalives_interval=2 -c tcp_keepalives_count=3";
        let options = match config.get_options() {
            Some(given) if !given.is_empty() => format!("{given} {probes}"),
            _ => probes.to_owned(),
        };
        config.options(&options);
        let sent = Instant::now();
        let (client, connection) = config.connect(state.inner.tls.clone()).await.map_err(db)?;
        let (end, ended) = oneshot::channel();
        tokio::spawn(async move {
            let _ = connection.await;
            let _ = end.send(());
        });
        let row = client.query_one(BEAT, &[&owner]).await.map_err(db)?;
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
        Ok(Session {
            client,
            id,
            ended,
            sent,
        })
    }

    /// Tells the database the sender runs; whether it heard, on the
    /// session that holds the lock.
    async fn beat(&mut self, owner: &str) -> bool {
        let sent = Instant::now();
        let params: [&(dyn tokio_postgres::types::ToSql + Sync); 1] = [&owner];
        let beat = self.client.query_one(BEAT, &params);
        let heard = match tokio::time::timeout(HEARTBEAT_TIMEOUT, beat).await {
            Ok(Ok(row)) => super::get::<i32>(&row, 0).is_ok_and(|id| id == self.id),
            _ => false,
        };
        if heard {
            self.sent = sent;
        }
        heard
    }

    /// Says the sender left, so others take over at once; the lock goes
    /// with the connection.
    async fn leave(self) {
        let params: [&(dyn tokio_postgres::types::ToSql + Sync); 1] = [&self.id];
        let left = self.client.execute(
            "UPDATE tidings_sender SET seen_us = NULL WHERE id = $1",
            &params,
        );
        let _ = tokio::time::timeout(HEARTBEAT_TIMEOUT, left).await;
    }
}

/// Keeps `owner`'s lock: a heartbeat while the session lives, a new session
/// (and the lock taken again) as soon as it ends, until stopped.
async fn keep(
    state: PostgresState,
    owner: String,
    session: Session,
    confirm: watch::Sender<Instant>,
    mut stop: oneshot::Receiver<()>,
) {
    let mut session = Some(session);
    loop {
        let Some(open) = session.as_mut() else {
            tokio::select! {
                _ = &mut stop => return,
                opened = tokio::time::timeout(REOPEN_TIMEOUT, Session::open(&state, &owner)) => match opened {
                    Ok(Ok(opened)) => {
                        tracing::info!(sender = %owner, "took its lock in the database back");
                        confirm.send_replace(opened.sent);
                        session = Some(opened);
                    }
                    failed => {
                        let err = match failed {
                            Ok(Err(err)) => err.to_string(),
                            _ => "the database did not answer in time".to_owned(),
                        };
                        tracing::debug!(sender = %owner, %err, "cannot take its lock back yet");
                        tokio::select! {
                            _ = &mut stop => return,
                            () = tokio::time::sleep(REOPEN_EVERY) => {}
                        }
                    }
                },
            }
            continue;
        };
        let alive = tokio::select! {
            _ = &mut stop => {
                if let Some(session) = session.take() {
                    session.leave().await;
                }
                return;
            }
            _ = &mut open.ended => false,
            () = tokio::time::sleep(HEARTBEAT) => open.beat(&owner).await,
        };
        if alive {
            confirm.send_replace(open.sent);
        } else {
            tracing::warn!(
                sender = %owner,
                "lost the session that holds its lock; taking it back"
            );
            session = None;
        }
    }
}
