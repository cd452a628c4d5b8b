//! What bounds the service: the size of a notice, the event streams open,
//! a client that sends half a request, and the secret it needs to start.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::service::{self, INCIDENT, Service, TOKEN};

/// What the service takes of a notice, at most.
const MAX_NOTICE_BYTES: usize = 1024 * 1024;

#[test]
fn a_notice_too_large_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let service = Service::start(dir.path());
    let address = service.base.strip_prefix("http://").unwrap().to_owned();
    let head = format!(
        "POST /incidents/{INCIDENT}/notices HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {TOKEN}\r\nContent-Type: application/json\r\n"
    );
    // Declared too large: refused before any of it is read.
    let mut connection = TcpStream::connect(&address).unwrap();
    let declared = format!("{head}Content-Length: {}\r\n\r\n", 2 * MAX_NOTICE_BYTES);
    let answer = exchange(&mut connection, &declared);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    // Not declared (chunked): read up to the limit, and refused one byte
    // past it.
    let mut connection = TcpStream::connect(&address).unwrap();
    let size = MAX_NOTICE_BYTES + 1;
    let chunked = format!(
        "{head}Transfer-Encoding: chunked\r\n\r\n{size:x}\r\n{}",
        " ".repeat(size)
    );
    let answer = exchange(&mut connection, &chunked);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert_eq!(service.stop(), Some(0));
}

/// One customer holds at most four streams, whatever is left in all.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_customer_cannot_take_every_event_stream() {
    let dir = tempfile::tempdir().unwrap();
    let service = Service::start_with(dir.path(), &["--grace", "5", "--max-streams", "10"]);
    let http = reqwest::Client::new();
    let open = |customer: &str| {
        http.get(service.url(&format!("/customers/{customer}/inbox/events")))
            .bearer_auth(TOKEN)
            .send()
    };
    let mut held = Vec::new();
    for _ in 0..4 {
        let stream = open("c-nl").await.unwrap();
        assert_eq!(stream.status(), 200);
        held.push(stream);
    }
    assert_eq!(open("c-nl").await.unwrap().status(), 503);
    assert_eq!(
        open("c-ar").await.unwrap().status(),
        200,
        "others still can"
    );
    drop(held);
    assert_eq!(service.stop(), Some(0));
}

/// Past `--max-connections-per-client`, a connection from the same address
/// is closed at once; the others are served.
#[test]
fn one_client_cannot_take_every_connection() {
    let dir = tempfile::tempdir().unwrap();
    let service = Service::start_with(
        dir.path(),
        &["--grace", "5", "--max-connections-per-client", "1"],
    );
    let address = service.base.strip_prefix("http://").unwrap().to_owned();
    let ask = ask_report(&address);
    let mut first = TcpStream::connect(&address).unwrap();
    assert!(exchange(&mut first, &ask).starts_with("HTTP/1.1 404"));
    let mut second = TcpStream::connect(&address).unwrap();
    let _ = second.write_all(ask.as_bytes());
    second
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut answer = Vec::new();
    // Closed without an answer (an orderly close or a reset).
    let _ = second.read_to_end(&mut answer);
    assert!(answer.is_empty(), "{}", String::from_utf8_lossy(&answer));
    // Once the first is gone, the next is served.
    drop(first);
    let started = Instant::now();
    loop {
        let mut third = TcpStream::connect(&address).unwrap();
        third
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        let _ = third.write_all(ask.as_bytes());
        let mut head = [0u8; 12];
        if third.read_exact(&mut head).is_ok() {
            assert_eq!(&head, b"HTTP/1.1 404");
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "never served again"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(service.stop(), Some(0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn event_streams_are_capped() {
    let dir = tempfile::tempdir().unwrap();
    let service = Service::start_with(dir.path(), &["--grace", "5", "--max-streams", "2"]);
    let http = reqwest::Client::new();
    let open = || {
        http.get(service.url("/customers/c-nl/inbox/events"))
            .bearer_auth(TOKEN)
            .send()
    };
    let first = open().await.unwrap();
    let second = open().await.unwrap();
    assert_eq!(
        (first.status().as_u16(), second.status().as_u16()),
        (200, 200)
    );
    let third = open().await.unwrap();
    assert_eq!(third.status(), 503);
    assert!(third.headers().contains_key("retry-after"));
    // A stream that ends gives its place back.
    drop(first);
    let started = Instant::now();
    loop {
        let again = open().await.unwrap();
        if again.status() == 200 {
            break;
        }
        assert_eq!(again.status(), 503);
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the closed stream's place never came back"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(service.stop(), Some(0));
}

/// Past `--remember-sends`, the oldest finished send is let go of: its
/// report then comes from the ledger alone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn finished_sends_are_remembered_only_so_many() {
    let dir = tempfile::tempdir().unwrap();
    let service = Service::start_with(dir.path(), &["--grace", "5", "--remember-sends", "2"]);
    let http = reqwest::Client::new();
    for revision in 1..=3 {
        service::publish(&http, &service, revision).await;
    }
    let oldest = service::report(&http, &service, 1).await;
    assert_eq!(oldest["state"], "unknown", "{oldest}");
    assert_eq!(
        oldest["coverage"]["told"], 2,
        "the ledger still says who was told"
    );
    for revision in [2, 3] {
        let kept = service::report(&http, &service, revision).await;
        assert_eq!(kept["state"], "done", "{kept}");
    }
    assert_eq!(service.stop(), Some(0));
}

/// The operator's request for the report of revision 1, whole.
fn ask_report(address: &str) -> String {
    format!(
        "GET /incidents/{INCIDENT}/notices/1 HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {TOKEN}\r\n\r\n"
    )
}

/// Writes `request` and reads until the end of one response's head.
fn exchange(connection: &mut TcpStream, request: &str) -> String {
    connection.write_all(request.as_bytes()).unwrap();
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        assert_eq!(
            connection.read(&mut byte).unwrap(),
            1,
            "the service hung up"
        );
        head.push(byte[0]);
    }
    String::from_utf8(head).unwrap()
}

/// Past `--max-connections`, a new connection waits until one closes.
#[test]
fn connections_are_capped() {
    let dir = tempfile::tempdir().unwrap();
    let service = Service::start_with(dir.path(), &["--grace", "5", "--max-connections", "1"]);
    let address = service.base.strip_prefix("http://").unwrap().to_owned();
    let ask = ask_report(&address);
    // The one place, held by a connection kept open after its request.
    let mut first = TcpStream::connect(&address).unwrap();
    assert!(exchange(&mut first, &ask).starts_with("HTTP/1.1 404"));
    // The next is not served while it is held...
    let mut second = TcpStream::connect(&address).unwrap();
    second.write_all(ask.as_bytes()).unwrap();
    second
        .set_read_timeout(Some(Duration::from_secs(1)))
        .unwrap();
    let mut byte = [0u8; 1];
    let early = second.read(&mut byte);
    assert!(
        early.is_err(),
        "answered while the only place was taken: {early:?}"
    );
    // ...and is, once it is given back.
    drop(first);
    second
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut head = Vec::new();
    while !head.ends_with(b"\r\n\r\n") {
        assert_eq!(second.read(&mut byte).unwrap(), 1, "the service hung up");
        head.push(byte[0]);
    }
    let head = String::from_utf8(head).unwrap();
    assert!(head.starts_with("HTTP/1.1 404"), "{head}");
    assert_eq!(service.stop(), Some(0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn half_sent_requests_do_not_keep_the_service_from_stopping() {
    let dir = tempfile::tempdir().unwrap();
    let service = Service::start_with(dir.path(), &["--grace", "2"]);
    let address = service.base.strip_prefix("http://").unwrap().to_owned();
    let host = format!("Host: {address}\r\nAuthorization: Bearer {TOKEN}\r\n");
    // Each connection is being served (it was answered once), then sends
    // half of its next request: the head, or the head and part of a body.
    let mut open = Vec::new();
    for half in [
        format!("GET /incidents/{INCIDENT}/notices/1 HTTP/1.1\r\n{host}"),
        format!(
            "POST /incidents/{INCIDENT}/notices HTTP/1.1\r\n{host}Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{{\"incident\""
        ),
    ] {
        let mut connection = TcpStream::connect(&address).unwrap();
        let ask = ask_report(&address);
        let head = exchange(&mut connection, &ask);
        assert!(head.starts_with("HTTP/1.1 404"), "{head}");
        connection.write_all(half.as_bytes()).unwrap();
        open.push(connection);
    }
    // Both requests wait far longer than the grace period of 2 seconds
    // (the head 10 seconds, the body 30): the stop does not wait for them.
    let stopping = Instant::now();
    assert_eq!(service.stop(), Some(0));
    let took = stopping.elapsed();
    assert!(took < Duration::from_secs(9), "stopping took {took:?}");
    drop(open);
}

#[test]
fn the_service_does_not_start_without_a_strong_operator_token() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("customers.csv"), service::CUSTOMERS).unwrap();
    for token in [None, Some("short-token")] {
        let mut command = Command::new(service::binary());
        command
            .current_dir(dir.path())
            .args(["--recipients", "customers.csv", "--listen", "127.0.0.1:0"])
            .env_remove("TIDINGS_SERVICE_TOKEN")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Some(token) = token {
            command.env("TIDINGS_SERVICE_TOKEN", token);
        }
        let output = command.output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{token:?}");
        let said = String::from_utf8_lossy(&output.stderr);
        assert!(said.contains("TIDINGS_SERVICE_TOKEN"), "{said}");
        assert!(said.contains("32 characters"), "{said}");
        assert!(output.stdout.is_empty(), "it never listened");
        if let Some(token) = token {
            assert!(!said.contains(token), "the secret is not repeated: {said}");
        }
    }
}
