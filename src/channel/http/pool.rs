//! Keep-alive connections by origin. Each connection is driven by a task of
//! its own and lent to one request at a time; it goes back to the pool as
//! soon as its answer has been read, ready or not, and the next request
//! waits for it to be ready itself. (A pool that takes a connection back
//! only once it is ready needs a task per request to wait for that, and
//! opens new connections meanwhile.)

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::Uri;
use http_body_util::Full;
use hyper::client::conn::http1::{self, SendRequest};

use super::connect::Connector;

/// How long an idle connection is kept for the next request.
pub(super) const IDLE: Duration = Duration::from_secs(90);

/// How often idle connections to origins no longer asked for are closed.
const SWEEP: Duration = Duration::from_secs(10);

/// Idle connections kept across all origins, whatever the limit per origin:
/// a send to thousands of endpoints does not keep thousands of sockets.
const MAX_IDLE: usize = 4096;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Where a connection goes: scheme, host and port.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct Origin {
    https: bool,
    host: String,
    port: u16,
}

impl Origin {
    /// The origin of `uri`; `None` without a host.
    pub(super) fn of(uri: &Uri) -> Option<Origin> {
        let https = uri.scheme_str() == Some("https");
        let host = uri.host()?.to_owned();
        let port = uri.port_u16().unwrap_or(if https { 443 } else { 80 });
        Some(Origin { https, host, port })
    }
}

/// A connection lent to one request.
pub(super) struct Lent {
    pub(super) sender: SendRequest<Full<Bytes>>,
    /// Plain HTTP through a proxy: the request carries the whole URL.
    pub(super) proxied: bool,
    /// It served a request before: if it turns out closed before this
    /// request was written, the request goes on a new connection.
    pub(super) reused: bool,
}

struct Idle {
    sender: SendRequest<Full<Bytes>>,
    proxied: bool,
    since: Instant,
}

struct Shelves {
    idle: HashMap<Origin, Vec<Idle>>,
    count: usize,
    swept: Instant,
}

/// The pool of one HTTP client.
pub(super) struct Pool {
    connector: Connector,
    shelves: Mutex<Shelves>,
    max_idle_per_host: usize,
}

impl Pool {
    pub(super) fn new(connector: Connector, max_idle_per_host: usize) -> Pool {
        Pool {
            connector,
            shelves: Mutex::new(Shelves {
                idle: HashMap::new(),
                count: 0,
                swept: Instant::now(),
            }),
            max_idle_per_host,
        }
    }

    /// An idle connection to `origin`, the most recently used first, or a
    /// new one to `uri`.
    pub(super) async fn lend(&self, origin: &Origin, uri: &Uri) -> Result<Lent, Failure> {
        if let Some(idle) = self.take(origin) {
            return Ok(Lent {
                sender: idle.sender,
                proxied: idle.proxied,
                reused: true,
            });
        }
        // Boxed: connecting (a name resolved, a guard, TLS, a proxy) is
        // most of this future, and rare once connections are kept.
        Box::pin(self.open(uri)).await
    }

    /// A new connection to `uri`, driven by a task of its own.
    async fn open(&self, uri: &Uri) -> Result<Lent, Failure> {
        let io = self
            .connector
            .connect(uri)
            .await
            .map_err(Failure::Connect)?;
        let proxied = io.inner().proxied();
        let (sender, connection) = http1::handshake(io)
            .await
            .map_err(|e| Failure::Connect(e.into()))?;
        // The connection ends when its `SendRequest` is dropped (idle too
        // long, not wanted back, or a request given up midway) or when the
        // server closes it.
        tokio::spawn(async move {
            let _ = connection.await;
        });
        Ok(Lent {
            sender,
            proxied,
            reused: false,
        })
    }

    fn take(&self, origin: &Origin) -> Option<Idle> {
        let mut guard = self.lock();
        let shelves = &mut *guard;
        let shelf = shelves.idle.get_mut(origin)?;
        let mut found = None;
        // Closed by the server or idle too long: dropped on the way.
        while let Some(idle) = shelf.pop() {
            shelves.count = shelves.count.saturating_sub(1);
            if !idle.sender.is_closed() && idle.since.elapsed() < IDLE {
                found = Some(idle);
                break;
            }
        }
        if shelf.is_empty() {
            shelves.idle.remove(origin);
        }
        found
    }

    /// Takes back a connection whose answer was read in full, unless
    /// enough are idle.
    pub(super) fn give_back(&self, origin: Origin, lent: Lent) {
        if lent.sender.is_closed() {
            return;
        }
        let mut shelves = self.lock();
        let now = Instant::now();
        if now.duration_since(shelves.swept) >= SWEEP {
            shelves.sweep(now);
        }
        if shelves.count >= MAX_IDLE || self.max_idle_per_host == 0 {
            return;
        }
        let shelf = shelves.idle.entry(origin).or_default();
        if shelf.len() >= self.max_idle_per_host {
            return;
        }
        shelf.push(Idle {
            sender: lent.sender,
            proxied: lent.proxied,
            since: now,
        });
        shelves.count += 1;
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Shelves> {
        // Every change is a push, a pop or a count: nothing is left
        // half-done by a panic elsewhere.
        self.shelves.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Shelves {
    /// Drops connections idle too long or closed by their server.
    fn sweep(&mut self, now: Instant) {
        self.idle.retain(|_, shelf| {
            shelf.retain(|idle| !idle.sender.is_closed() && now.duration_since(idle.since) < IDLE);
            !shelf.is_empty()
        });
        self.count = self.idle.values().map(Vec::len).sum();
        self.swept = now;
    }
}

/// Why a request got no answer from the pool's connections.
#[derive(Debug)]
pub(crate) enum Failure {
    /// No connection: refused by the guard, not reachable, or no TLS.
    Connect(BoxError),
    /// The connection broke, or the answer was not HTTP.
    Http(hyper::Error),
}
