//! Keep-alive against hyper's HTTP/1.1 server: connections are used again,
//! one the server closed is not, and what a request says about its target
//! (`Host`, origin-form) is what a server expects.

use std::convert::Infallible;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use http_body_util::{BodyExt, Empty};
use hyper::body::Incoming;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

use super::{hook, loopback_channel};
use crate::support::delivery_to;
use tidings::channel::webhook::generate_secret;
use tidings::{Channel, Delivery, Secret};

/// A server on loopback: how many connections it took, and each request's
/// target and `Host`. With `keep_alive` false it closes every connection
/// after its answer.
struct Server {
    port: u16,
    connections: Arc<AtomicUsize>,
    /// Connections that have ended.
    closed: Arc<AtomicUsize>,
    heads: Arc<Mutex<Vec<(String, String)>>>,
}

impl Server {
    async fn start(keep_alive: bool) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let connections = Arc::new(AtomicUsize::new(0));
        let closed = Arc::new(AtomicUsize::new(0));
        let heads = Arc::new(Mutex::new(Vec::new()));
        let (count, log) = (Arc::clone(&connections), Arc::clone(&heads));
        let ended = Arc::clone(&closed);
        tokio::spawn(async move {
            loop {
                let Ok((tcp, _)) = listener.accept().await else {
                    return;
                };
                count.fetch_add(1, Ordering::SeqCst);
                let log = Arc::clone(&log);
                let service = hyper::service::service_fn(move |request: Request<Incoming>| {
                    let log = Arc::clone(&log);
                    async move {
                        let target = request.uri().to_string();
                        let host = request
                            .headers()
                            .get("host")
                            .and_then(|h| h.to_str().ok())
                            .unwrap_or_default()
                            .to_owned();
                        let _ = request.into_body().collect().await;
                        log.lock().unwrap().push((target, host));
                        let mut answer = Response::new(Empty::<Bytes>::new());
                        *answer.status_mut() = hyper::StatusCode::NO_CONTENT;
                        Ok::<_, Infallible>(answer)
                    }
                });
                let ended = Arc::clone(&ended);
                tokio::spawn(async move {
                    let _ = hyper::server::conn::http1::Builder::new()
                        .keep_alive(keep_alive)
                        .serve_connection(TokioIo::new(tcp), service)
                        .await;
                    ended.fetch_add(1, Ordering::SeqCst);
                });
            }
        });
        Server {
            port,
            connections,
            closed,
            heads,
        }
    }

    /// The `i`th delivery to this server, signed with `secret`.
    fn delivery(&self, i: usize, secret: &Secret) -> Delivery {
        let url = format!("http://127.0.0.1:{}/in?c={i}", self.port);
        delivery_to(hook(url, secret), "en")
    }
}

#[tokio::test]
async fn deliveries_one_after_another_share_one_connection() {
    let server = Server::start(true).await;
    let channel = loopback_channel();
    let secret = generate_secret();
    for i in 0..20 {
        let delivery = server.delivery(i, &secret);
        channel.deliver(&delivery).await.unwrap();
    }
    assert_eq!(server.connections.load(Ordering::SeqCst), 1);
    let heads = server.heads.lock().unwrap();
    assert_eq!(heads.len(), 20);
    // Origin-form, and the port in `Host` since it is not 80.
    assert_eq!(heads[3].0, "/in?c=3");
    assert_eq!(heads[3].1, format!("127.0.0.1:{}", server.port));
}

#[tokio::test]
async fn deliveries_at_once_open_no_more_connections_than_they_need() {
    let server = Server::start(true).await;
    let channel = loopback_channel();
    let secret = generate_secret();
    let deliveries: Vec<_> = (0..8).map(|i| server.delivery(i, &secret)).collect();
    let sent = futures_util::future::join_all(deliveries.iter().map(|d| channel.deliver(d))).await;
    assert!(sent.iter().all(Result::is_ok), "{sent:?}");
    let opened = server.connections.load(Ordering::SeqCst);
    assert!((1..=8).contains(&opened), "{opened}");
    // The next ones go on the connections kept.
    for d in &deliveries {
        channel.deliver(d).await.unwrap();
    }
    assert_eq!(server.connections.load(Ordering::SeqCst), opened);
}

#[tokio::test]
async fn a_connection_the_server_closed_is_not_used_again() {
    let server = Server::start(false).await;
    let channel = loopback_channel();
    let secret = generate_secret();
    for i in 0..5 {
        let delivery = server.delivery(i, &secret);
        let receipt = channel.deliver(&delivery).await;
        assert!(receipt.is_ok(), "delivery {i}: {receipt:?}");
    }
    assert_eq!(server.connections.load(Ordering::SeqCst), 5);
    assert_eq!(server.heads.lock().unwrap().len(), 5, "each request once");
}

#[tokio::test]
async fn no_more_connections_are_kept_than_allowed_per_host() {
    let server = Server::start(true).await;
    let channel = tidings::channel::webhook::WebhookChannel::builder()
        .allow_http(true)
        .allow("127.0.0.1")
        .max_idle_per_host(1)
        .build()
        .unwrap();
    let secret = generate_secret();
    let deliveries: Vec<_> = (0..6).map(|i| server.delivery(i, &secret)).collect();
    let sent = futures_util::future::join_all(deliveries.iter().map(|d| channel.deliver(d))).await;
    assert!(sent.iter().all(Result::is_ok), "{sent:?}");
    let opened = server.connections.load(Ordering::SeqCst);
    // All but one are closed once their answers are read.
    let started = std::time::Instant::now();
    while server.closed.load(Ordering::SeqCst) < opened.saturating_sub(1) {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(30),
            "{} of {opened} closed",
            server.closed.load(Ordering::SeqCst)
        );
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    // The one kept serves the next deliveries.
    for d in &deliveries {
        channel.deliver(d).await.unwrap();
    }
    assert_eq!(server.connections.load(Ordering::SeqCst), opened);
    assert_eq!(
        server.closed.load(Ordering::SeqCst),
        opened.saturating_sub(1)
    );
}
