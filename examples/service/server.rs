//! The HTTP server: at most so many connections, a deadline for a
//! request's head, and a stop that waits for open requests only so long.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

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

/// Serves `routes` on `listener` until `stop` completes; then lets open
/// requests finish for up to `grace`, and drops the rest.
pub async fn serve(
    listener: TcpListener,
    routes: Router,
    connections: usize,
    grace: Duration,
    stop: impl Future<Output = ()>,
) {
    let open = Arc::new(Semaphore::new(connections.max(1)));
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
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
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
            drop(permit);
        });
    }
    if tokio::time::timeout(grace, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("requests still open after the grace period are dropped");
    }
}
