//! A webhook receiver on loopback (tiny_http), verifying signatures with the
//! `standardwebhooks` crate, an implementation tidings did not write.

use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

pub struct Received {
    pub path: String,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

pub struct Receiver {
    pub port: u16,
    pub received: Arc<Mutex<Vec<Received>>>,
}

impl Receiver {
    /// Answers by path: /ok 204, /retry 429 + Retry-After: 7, /unavailable 503,
    /// /gone 410, /bad 400, /redirect 301 to /ok, /slow after 3 s, /big 10 MB.
    pub fn start() -> Receiver {
        let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
        let port = server.server_addr().to_ip().unwrap().port();
        let received = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&received);
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
                    _ => request.respond(empty(404)),
                };
                let _ = answer;
            }
        });
        Receiver { port, received }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
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
