//! The HTTP server: at most so many connections (and so many from one
//! address), a deadline for a request's head, and a stop that waits for
//! open requests only so long.

use std::collections::HashMap;
use std::future::Future;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

/// A client has this long to send a request's line and headers: one that
/// sends them a byte at a time holds a connection no longer.
const HEADER_READ: Duration = Duration::from_secs(10);

/// How many connections the server keeps open.
pub struct Limits {
    /// In all; past this, new ones wait in the kernel's backlog.
    pub connections: usize,
    /// From one address; past this, new ones are closed at once, so one
    /// client cannot take every place.
    pub per_client: usize,
}

/// The connections open from each address.
#[derive(Default)]
struct PerClient(Mutex<HashMap<IpAddr, usize>>);

/// One connection's place among its address's, given back when dropped.
struct ClientPlace {
    clients: Arc<PerClient>,
    ip: IpAddr,
}

impl PerClient {
    fn enter(clients: &Arc<PerClient>, ip: IpAddr, limit: usize) -> Option<ClientPlace> {
        let mut open = clients.0.lock().unwrap_or_else(|p| p.into_inner());
        let mine = open.entry(ip).or_default();
        if *mine >= limit.max(1) {
            return None;
        }
        *mine += 1;
        Some(ClientPlace {
            clients: Arc::clone(clients),
            ip,
        })
    }
}

impl Drop for ClientPlace {
    fn drop(&mut self) {
        let mut open = self.clients.0.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(mine) = open.get_mut(&self.ip) {
            *mine = mine.saturating_sub(1);
            if *mine == 0 {
                open.remove(&self.ip);
            }
        }
    }
}

/// Serves `routes` on `listener` until `stop` completes; then lets open
/// requests finish until `grace` after the stop, and drops the rest.
/// Returns when the stop came.
pub async fn serve(
    listener: TcpListener,
    routes: Router,
    limits: Limits,
    grace: Duration,
    stop: impl Future<Output = ()>,
) -> Instant {
    let open = Arc::new(Semaphore::new(limits.connections.max(1)));
    let clients = Arc::new(PerClient::default());
    let graceful = GracefulShutdown::new();
    let mut stop = std::pin::pin!(stop);
    loop {
        // Past the limit, new connections wait in the kernel's backlog.
        let permit = tokio::select! {
            permit = Arc::clone(&open).acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
            () = &mut stop => break,
        };
        let (stream, client) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => match PerClient::enter(&clients, peer.ip(), limits.per_client) {
                    Some(client) => (stream, client),
                    // Closed at once: the client has enough open.
                    None => continue,
                },
                Err(err) => {
                    // Out of file descriptors, most often: wait, then go on.
                    tracing::warn!(%err, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        let connection = http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(HEADER_READ)
            .serve_connection(
                TokioIo::new(stream),
                TowerToHyperService::new(routes.clone()),
            );
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(err) = connection.await {
                tracing::debug!(%err, "connection ended");
            }
            drop((permit, client));
        });
    }
    let stopped = Instant::now();
    if tokio::time::timeout(grace, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("requests still open after the grace period are dropped");
    }
    stopped
}
