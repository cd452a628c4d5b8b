//! A webhook receiver on loopback (tiny_http), verifying signatures with the
//! `standardwebhooks` crate, an implementation tidings did not write.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

pub struct Received {
    pub path: String,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

pub struct Receiver {
    pub port: u16,
    pub received: Arc<Mutex<Vec<Received>>>,
    /// How many more requests to /flaky are answered 503.
    pub failing: Arc<AtomicUsize>,
}

/// How long /paced holds each answer: with the tool's 512 deliveries in
/// flight, about a thousand a second, so a test can act in the middle of a
/// send of a few thousand.
pub const PACE: Duration = Duration::from_millis(500);

/// `Retry-After` values no endpoint should be trusted with, by path.
pub const HOSTILE_RETRY_AFTER: [(&str, &str); 5] = [
    ("/absurd", "300000000000"),
    ("/u64max", "18446744073709551615"),
    ("/negative", "-5"),
    ("/junk", "soon, maybe"),
    ("/year9999", "Fri, 31 Dec 9999 23:59:59 GMT"),
];

impl Receiver {
    /// Answers by path: /ok 204, /retry 429 + Retry-After: 7, /unavailable 503,
    /// /gone 410, /bad 400, /redirect 301 to /ok, /slow after 3 s, /big 10 MB,
    /// /huge 64 MiB, /redirect-loopback 302 to /target, /paced 204 after
    /// [`PACE`], /flaky 503 while `failing` lasts then 204, and 503 with each
    /// of [`HOSTILE_RETRY_AFTER`].
    pub fn start() -> Receiver {
        let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
        let port = server.server_addr().to_ip().unwrap().port();
        let received = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&received);
        let failing = Arc::new(AtomicUsize::new(0));
        let fails = Arc::clone(&failing);
        // /paced answers wait here, each for the same time, so a send is
        // slowed by its own concurrency and not by how busy the machine is:
        // answered one after another, a loaded machine once queued them past
        // the sender's attempt timeout.
        let (held, due) = std::sync::mpsc::channel::<(Instant, tiny_http::Request)>();
        thread::spawn(move || {
            for (at, request) in due {
                thread::sleep(at.saturating_duration_since(Instant::now()));
                let _ = request.respond(tiny_http::Response::empty(204));
            }
        });
        thread::spawn(move || {
            for mut request in server.incoming_requests() {
                let mut body = Vec::new();
                request.as_reader().read_to_end(&mut body).unwrap();
                let mut headers = HeaderMap::new();
                for h in request.headers() {
                    headers.append(
                        HeaderName::from_bytes(h.field.as_str().as_str().as_bytes()).unwrap(),
                        HeaderValue::from_str(h.value.as_str()).unwrap(),
                    );
                }
                // Route on the path; the query only tells requests apart.
                let path = request
                    .url()
                    .split('?')
                    .next()
                    .unwrap_or_default()
                    .to_owned();
                log.lock().unwrap().push(Received {
                    path: path.clone(),
                    headers,
                    body,
                });
                let header = |k: &str, v: &str| tiny_http::Header::from_bytes(k, v).unwrap();
                let empty = tiny_http::Response::empty;
                let answer = match path.as_str() {
                    "/ok" => request.respond(empty(204)),
                    "/retry" => request.respond(empty(429).with_header(header("Retry-After", "7"))),
                    "/unavailable" => request.respond(empty(503)),
                    "/gone" => request.respond(empty(410)),
                    "/bad" => request.respond(empty(400)),
                    "/redirect" => {
                        request.respond(empty(301).with_header(header(
                            "Location",
                            &format!("http://127.0.0.1:{port}/ok"),
                        )))
                    }
                    "/slow" => {
                        thread::spawn(move || {
                            thread::sleep(Duration::from_secs(3));
                            let _ = request.respond(empty(200));
                        });
                        Ok(())
                    }
                    "/big" => request.respond(tiny_http::Response::from_data(vec![b'x'; 10 << 20])),
                    "/huge" => {
                        // Written on its own thread: the client stops reading.
                        thread::spawn(move || {
                            let body = std::io::Read::take(std::io::repeat(b'x'), 64 << 20);
                            let _ = request.respond(tiny_http::Response::new(
                                200.into(),
                                Vec::new(),
                                body,
                                Some(64 << 20),
                                None,
                            ));
                        });
                        Ok(())
                    }
                    "/redirect-loopback" => request.respond(empty(302).with_header(header(
                        "Location",
                        &format!("http://127.0.0.1:{port}/target"),
                    ))),
                    "/paced" => {
                        let _ = held.send((Instant::now() + PACE, request));
                        Ok(())
                    }
                    "/flaky" => {
                        let failed = fails
                            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                            .is_ok();
                        request.respond(empty(if failed { 503 } else { 204 }))
                    }
                    hostile if HOSTILE_RETRY_AFTER.iter().any(|(p, _)| *p == hostile) => {
                        let value = HOSTILE_RETRY_AFTER
                            .iter()
                            .find(|(p, _)| *p == hostile)
                            .map(|(_, v)| *v)
                            .unwrap_or_default();
                        request.respond(empty(503).with_header(header("Retry-After", value)))
                    }
                    _ => request.respond(empty(404)),
                };
                let _ = answer;
            }
        });
        Receiver {
            port,
            received,
            failing,
        }
    }

    /// The distinct `webhook-id`s received, and how many requests repeated one.
    pub fn ids(&self) -> (usize, usize) {
        let received = self.received.lock().unwrap();
        let mut ids: Vec<&str> = received
            .iter()
            .filter_map(|r| r.headers.get("webhook-id")?.to_str().ok())
            .collect();
        let all = ids.len();
        ids.sort_unstable();
        ids.dedup();
        (ids.len(), all - ids.len())
    }

    /// Each `webhook-id` received more than once, with the
    /// `webhook-timestamp` of every request that carried it: the same
    /// timestamp twice is one request sent twice, different ones are
    /// attempts made again.
    pub fn repeats(&self) -> Vec<(String, Vec<String>)> {
        let received = self.received.lock().unwrap();
        let mut seen: std::collections::BTreeMap<String, Vec<String>> = Default::default();
        for r in received.iter() {
            let header = |name: &str| {
                r.headers
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_owned()
            };
            seen.entry(header("webhook-id"))
                .or_default()
                .push(header("webhook-timestamp"));
        }
        seen.into_iter().filter(|(_, at)| at.len() > 1).collect()
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// The distinct `webhook-id`s received at `path`: the deliveries made
    /// there, however often a slow answer made one repeat.
    pub fn distinct(&self, path: &str) -> usize {
        let received = self.received.lock().unwrap();
        let mut ids: Vec<&str> = received
            .iter()
            .filter(|r| r.path == path)
            .filter_map(|r| r.headers.get("webhook-id")?.to_str().ok())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids.len()
    }

    pub fn count(&self, path: &str) -> usize {
        self.received
            .lock()
            .unwrap()
            .iter()
            .filter(|r| r.path == path)
            .count()
    }
}
