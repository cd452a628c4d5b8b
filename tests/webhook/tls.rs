//! Webhooks over TLS to a receiver we did not write (Python's ssl), behind
//! a private CA, and through an egress proxy we did not write (proxy.py):
//! CONNECT for `https://`, the whole URL for `http://`, with credentials.

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use super::{hook, support};
use support::delivery_to;
use support::python::python;
use support::receiver::Receiver;
use tidings::channel::webhook::{WebhookChannel, generate_secret};
use tidings::{Channel, Delivery, Secret};

/// Long enough for a busy machine; a request that arrives ends the wait.
const PATIENCE: Duration = Duration::from_secs(30);

/// The Python receiver: its port and what it received, one request a line.
struct HttpsReceiver {
    child: Child,
    port: u16,
    lines: mpsc::Receiver<String>,
}

/// One request as the receiver saw it.
struct Seen {
    path: String,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl HttpsReceiver {
    fn start(cert: &str, key: &str) -> HttpsReceiver {
        let script = support::root().join("tests/webhook/https_receiver.py");
        let mut child = python()
            .arg(script)
            .args([cert, key])
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 runs");
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let port = lines
            .recv_timeout(PATIENCE)
            .expect("the receiver says its port")
            .trim()
            .parse()
            .unwrap();
        HttpsReceiver { child, port, lines }
    }

    fn next(&self) -> Seen {
        let line = self
            .lines
            .recv_timeout(PATIENCE)
            .expect("a request arrived");
        let json: serde_json::Value = serde_json::from_str(&line).unwrap();
        let mut headers = HeaderMap::new();
        for (name, value) in json["headers"].as_object().unwrap() {
            headers.insert(
                HeaderName::from_bytes(name.as_bytes()).unwrap(),
                HeaderValue::from_str(value.as_str().unwrap()).unwrap(),
            );
        }
        use base64::Engine;
        Seen {
            path: json["path"].as_str().unwrap().to_owned(),
            headers,
            body: base64::engine::general_purpose::STANDARD
                .decode(json["body"].as_str().unwrap())
                .unwrap(),
        }
    }
}

impl Drop for HttpsReceiver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// proxy.py on loopback, asking for `user:password`.
struct Proxy {
    child: Child,
    port: u16,
    _dir: tempfile::TempDir,
}

impl Proxy {
    fn start(credentials: &str) -> Proxy {
        let dir = tempfile::tempdir().unwrap();
        let port_file = dir.path().join("port");
        let child = python()
            .args(["-m", "proxy", "--hostname", "127.0.0.1", "--port", "0"])
            .arg("--port-file")
            .arg(&port_file)
            .args(["--basic-auth", credentials])
            .args(["--num-workers", "1", "--num-acceptors", "1", "--threaded"])
            .args(["--log-level", "ERROR"])
            .stdout(Stdio::null())
            .spawn()
            .expect("python3 runs");
        let started = Instant::now();
        let port = loop {
            let written = std::fs::read_to_string(&port_file).unwrap_or_default();
            if let Ok(port) = written.trim().parse() {
                break port;
            }
            assert!(started.elapsed() < PATIENCE, "proxy.py did not start");
            std::thread::sleep(Duration::from_millis(50));
        };
        Proxy {
            child,
            port,
            _dir: dir,
        }
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn verify(secret: &Secret, delivery: &Delivery, seen: &Seen) {
    standardwebhooks::Webhook::new(secret.expose())
        .unwrap()
        .verify(&seen.body, &seen.headers)
        .expect("the signature verifies");
    assert_eq!(
        seen.headers["webhook-id"],
        format!("msg_{}", delivery.key.id()).as_str()
    );
}

#[tokio::test]
async fn an_https_endpoint_behind_a_private_ca_gets_the_signed_request() {
    let (_dir, ca, cert, key) = support::certs::certificates();
    let receiver = HttpsReceiver::start(&cert, &key);
    let secret = generate_secret();
    let url = format!("https://localhost:{}/hook?c=1", receiver.port);
    let delivery = delivery_to(hook(url, &secret), "de-AT");

    // Without the CA the certificate is not trusted: nothing is sent.
    let strict = WebhookChannel::builder()
        .allow("localhost")
        .build()
        .unwrap();
    let err = strict.deliver(&delivery).await.unwrap_err();
    assert!(err.is_transient(), "{err}");
    assert!(
        err.reason().contains("TLS with localhost failed")
            && err.reason().contains("UnknownIssuer"),
        "{err}"
    );

    let channel = WebhookChannel::builder()
        .allow("localhost")
        .add_root_certificate(ca)
        .build()
        .unwrap();
    let receipt = channel.deliver(&delivery).await.unwrap();
    assert_eq!(receipt.detail, "HTTP 204 No Content");
    let seen = receiver.next();
    assert_eq!(seen.path, "/hook?c=1");
    verify(&secret, &delivery, &seen);
    assert!(
        seen.headers["user-agent"]
            .to_str()
            .unwrap()
            .starts_with("tidings/")
    );
}

#[tokio::test]
async fn a_proxy_carries_https_through_connect_and_http_with_its_credentials() {
    let (_dir, ca, cert, key) = support::certs::certificates();
    let tls = HttpsReceiver::start(&cert, &key);
    let plain = Receiver::start();
    let proxy = Proxy::start("squid:hunter2");
    let secret = generate_secret();
    let through = |password: &str| {
        WebhookChannel::builder()
            .proxy(format!("http://squid:{password}@127.0.0.1:{}", proxy.port))
            .proxy_enforces_egress(true)
            .add_root_certificate(ca.clone())
            .allow_http(true)
            .timeout(Duration::from_secs(10))
            .build()
            .unwrap()
    };
    let channel = through("hunter2");

    // The proxy, not tidings, resolves `localhost` and connects: the guard
    // leaves host names to an egress proxy, and the proxy's own loopback
    // address is the operator's to choose.
    let https = delivery_to(
        hook(format!("https://localhost:{}/tunnelled", tls.port), &secret),
        "ja",
    );
    channel.deliver(&https).await.unwrap();
    let seen = tls.next();
    assert_eq!(seen.path, "/tunnelled");
    verify(&secret, &https, &seen);

    let http = delivery_to(
        hook(format!("http://localhost:{}/ok", plain.port), &secret),
        "en",
    );
    channel.deliver(&http).await.unwrap();
    assert_eq!(plain.count("/ok"), 1, "forwarded by the proxy");
    {
        let received = plain.received.lock().unwrap();
        standardwebhooks::Webhook::new(secret.expose())
            .unwrap()
            .verify(&received[0].body, &received[0].headers)
            .expect("the signature verifies");
    }

    // Wrong credentials: refused by the proxy, said so, and nothing sent.
    let refused = through("wrong");
    let err = refused.deliver(&https).await.unwrap_err();
    assert!(err.is_transient(), "{err}");
    assert!(
        err.reason().contains("the proxy refused the tunnel") && err.reason().contains("407"),
        "{err}"
    );
    assert!(!err.reason().contains("wrong"), "{err}");
    let err = refused.deliver(&http).await.unwrap_err();
    assert!(err.reason().contains("407"), "{err}");
    assert_eq!(plain.count("/ok"), 1, "nothing more arrived");
    assert!(
        tls.lines.recv_timeout(Duration::from_millis(200)).is_err(),
        "nothing more arrived over TLS"
    );

    // A proxy that is down is named as the thing that failed.
    let (_reserved, port) = support::closed_port();
    let down = WebhookChannel::builder()
        .proxy(format!("http://squid:hunter2@127.0.0.1:{port}"))
        .proxy_enforces_egress(true)
        .build()
        .unwrap();
    let err = down.deliver(&https).await.unwrap_err();
    assert!(err.is_transient(), "{err}");
    assert!(
        err.reason()
            .contains(&format!("cannot reach the proxy 127.0.0.1:{port}")),
        "{err}"
    );
    assert!(!err.reason().contains("hunter2"), "{err}");
}
