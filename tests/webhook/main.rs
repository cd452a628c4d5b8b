//! Webhooks against a real HTTP receiver that verifies signatures with the
//! `standardwebhooks` crate.

mod pool;
#[path = "../support/mod.rs"]
mod support;
mod tls;

use std::time::{Duration, Instant};

use support::delivery_to;
use support::receiver::Receiver;
use tidings::channel::webhook::{WebhookChannel, generate_secret};
use tidings::{Address, Channel, Secret};

fn hook(url: String, secret: &Secret) -> Address {
    Address::Webhook {
        url,
        secret: secret.clone(),
    }
}

/// A channel that may reach the loopback receiver and nothing else private.
fn loopback_channel() -> WebhookChannel {
    WebhookChannel::builder()
        .allow_http(true)
        .allow("127.0.0.1")
        .timeout(Duration::from_secs(1))
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_signed_request_arrives_and_verifies() {
    let receiver = Receiver::start();
    let secret = generate_secret();
    let delivery = delivery_to(hook(receiver.url("/ok"), &secret), "nl-BE");
    let channel = loopback_channel();

    let receipt = channel.deliver(&delivery).await.unwrap();
    assert_eq!(receipt.detail, "HTTP 204 No Content");
    // A retry of the same delivery carries the same webhook-id.
    channel.deliver(&delivery).await.unwrap();

    let received = receiver.received.lock().unwrap();
    assert_eq!(received.len(), 2);
    let verifier = standardwebhooks::Webhook::new(secret.expose()).unwrap();
    for r in received.iter() {
        verifier
            .verify(&r.body, &r.headers)
            .expect("signature verifies");
        assert_eq!(
            r.headers["webhook-id"],
            format!("msg_{}", delivery.key.id()).as_str()
        );
        assert_eq!(r.headers["content-type"], "application/json");
    }
    // Another secret does not verify: the check above can fail.
    let stranger = standardwebhooks::Webhook::new(generate_secret().expose()).unwrap();
    assert!(
        stranger
            .verify(&received[0].body, &received[0].headers)
            .is_err()
    );

    let json: serde_json::Value = serde_json::from_slice(&received[0].body).unwrap();
    assert_eq!(json["type"], "incident.notice");
    assert_eq!(json["version"], 1);
    assert_eq!(json["timestamp"], "2022-03-14T07:52:00Z");
    let data = &json["data"];
    assert_eq!(data["incident"]["id"], "creator-2022-03-14");
    assert_eq!(data["incident"]["severity"], "critical");
    assert_eq!(data["notice"]["revision"], 1);
    assert_eq!(data["notice"]["status"], "investigating");
    assert_eq!(data["recipient"]["id"], "c-17");
    assert_eq!(data["locale"], "nl-NL");
    assert_eq!(data["status_label"], "In onderzoek");
    assert_eq!(data["title"], delivery.rendered.title.as_str());
    assert_eq!(data["body"], delivery.rendered.brief.as_str());
}

#[tokio::test]
async fn a_rotated_secret_verifies_with_either_key() {
    let receiver = Receiver::start();
    let (old, new) = (generate_secret(), generate_secret());
    let both = Secret::new(format!("{} {}", old.expose(), new.expose()));
    loopback_channel()
        .deliver(&delivery_to(hook(receiver.url("/ok"), &both), "en"))
        .await
        .unwrap();
    let received = receiver.received.lock().unwrap();
    let signatures = received[0].headers["webhook-signature"].to_str().unwrap();
    assert_eq!(signatures.split(' ').count(), 2);
    for key in [old, new] {
        standardwebhooks::Webhook::new(key.expose())
            .unwrap()
            .verify(&received[0].body, &received[0].headers)
            .unwrap();
    }
}

#[tokio::test]
async fn answers_decide_between_retry_and_give_up() {
    let receiver = Receiver::start();
    let secret = generate_secret();
    let channel = loopback_channel();
    let attempt = async |path: &str| {
        channel
            .deliver(&delivery_to(hook(receiver.url(path), &secret), "en"))
            .await
    };

    let busy = attempt("/retry").await.unwrap_err();
    assert!(busy.is_transient());
    assert_eq!(busy.retry_after(), Some(Duration::from_secs(7)));
    assert!(attempt("/unavailable").await.unwrap_err().is_transient());

    let gone = attempt("/gone").await.unwrap_err();
    assert!(gone.is_permanent());
    assert!(
        gone.reason()
            .ends_with("answered 410 Gone: the endpoint was removed"),
        "{gone}"
    );
    assert!(attempt("/bad").await.unwrap_err().is_permanent());

    let moved = attempt("/redirect").await.unwrap_err();
    assert!(moved.is_permanent());
    assert!(
        moved.reason().contains("redirects are not followed"),
        "{moved}"
    );
    assert_eq!(receiver.count("/ok"), 0, "the redirect was not followed");

    let started = Instant::now();
    let slow = attempt("/slow").await.unwrap_err();
    assert!(slow.is_transient(), "{slow}");
    assert!(
        slow.reason().contains("did not answer within 1 s"),
        "{slow}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "gave up at the timeout"
    );

    // A 10 MB answer is not downloaded: success, and the body is dropped.
    assert!(attempt("/big").await.is_ok());
}

#[tokio::test]
async fn an_endpoint_that_is_down_is_transient() {
    let (_reserved, port) = support::closed_port();
    let delivery = delivery_to(
        hook(format!("http://127.0.0.1:{port}/"), &generate_secret()),
        "en",
    );
    let err = loopback_channel().deliver(&delivery).await.unwrap_err();
    assert!(err.is_transient(), "{err}");
    assert!(
        err.reason().starts_with("cannot connect to webhook"),
        "{err}"
    );
}

#[tokio::test]
async fn private_destinations_are_refused_in_every_spelling() {
    let receiver = Receiver::start();
    let secret = generate_secret();
    // Plain http is allowed here so each case meets the address check.
    let guarded = WebhookChannel::builder().allow_http(true).build().unwrap();
    let port = receiver.port;
    let cases = [
        (
            format!("http://2130706433:{port}/ok"),
            "points at 127.0.0.1, a loopback address",
        ),
        (
            format!("http://0x7f.1:{port}/ok"),
            "points at 127.0.0.1, a loopback address",
        ),
        (
            format!("http://[::ffff:127.0.0.1]:{port}/ok"),
            "points at ::ffff:127.0.0.1, a loopback address",
        ),
        (
            format!("http://localhost:{port}/ok"),
            "`localhost` resolves to",
        ),
        (
            "http://169.254.169.254/latest/meta-data/".to_owned(),
            "a link-local address",
        ),
        ("http://10.0.0.1/hook".to_owned(), "a private address"),
        ("ftp://example.com/hook".to_owned(), "only https"),
    ];
    for (url, why) in cases {
        let err = guarded
            .deliver(&delivery_to(hook(url.clone(), &secret), "en"))
            .await
            .unwrap_err();
        assert!(err.is_permanent(), "{url}: {err}");
        assert!(err.reason().contains(why), "{url}: {err}");
        assert!(!err.reason().contains(secret.expose()));
    }
    assert_eq!(
        receiver.received.lock().unwrap().len(),
        0,
        "nothing reached the receiver"
    );

    // Allowing 127.0.0.1 allows that address, not its neighbours.
    for url in [
        format!("http://127.0.0.2:{port}/ok"),
        format!("http://[::1]:{port}/ok"),
    ] {
        let err = loopback_channel()
            .deliver(&delivery_to(hook(url.clone(), &secret), "en"))
            .await
            .unwrap_err();
        assert!(err.reason().contains("a loopback address"), "{url}: {err}");
    }
    assert_eq!(receiver.received.lock().unwrap().len(), 0);
    // Allowing private destinations lets them through.
    let open = WebhookChannel::builder()
        .allow_private(true)
        .allow_http(true)
        .build()
        .unwrap();
    open.deliver(&delivery_to(
        hook(format!("http://2130706433:{port}/ok"), &secret),
        "en",
    ))
    .await
    .unwrap();
    assert_eq!(receiver.count("/ok"), 1);
}

#[tokio::test]
async fn a_bad_secret_fails_that_delivery_only() {
    let receiver = Receiver::start();
    let channel = loopback_channel();
    let bad = delivery_to(hook(receiver.url("/ok"), &Secret::new("")), "en");
    let err = channel.deliver(&bad).await.unwrap_err();
    assert!(err.is_permanent());
    assert!(
        err.reason()
            .ends_with("cannot sign: the webhook secret is empty"),
        "{err}"
    );
    let good = delivery_to(hook(receiver.url("/ok"), &generate_secret()), "en");
    channel.deliver(&good).await.unwrap();
    assert_eq!(receiver.count("/ok"), 1);
}

#[tokio::test]
async fn the_outbox_holds_the_signed_request_instead_of_sending_it() {
    let dir = tempfile::tempdir().unwrap();
    let secret = generate_secret();
    let delivery = delivery_to(
        hook("https://hooks.example.com/tidings?x=1".into(), &secret),
        "de",
    );
    let channel = WebhookChannel::builder()
        .outbox(dir.path())
        .build()
        .unwrap();
    let receipt = channel.deliver(&delivery).await.unwrap();
    assert!(receipt.detail.ends_with(".http"), "{}", receipt.detail);
    let files: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1);
    // It holds the capability URL and a valid signature: the owner's alone.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&files[0]).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{mode:o}");
    }
    let text = std::fs::read_to_string(&files[0]).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let mut lines = head.split("\r\n");
    assert_eq!(lines.next(), Some("POST /tidings?x=1 HTTP/1.1"));
    let mut headers = reqwest::header::HeaderMap::new();
    for line in lines {
        let (name, value) = line.split_once(": ").unwrap();
        headers.insert(
            reqwest::header::HeaderName::from_bytes(name.as_bytes()).unwrap(),
            value.parse().unwrap(),
        );
    }
    assert_eq!(headers["host"], "hooks.example.com");
    assert_eq!(headers["content-length"], body.len().to_string().as_str());
    // The file is the real request: it verifies.
    standardwebhooks::Webhook::new(secret.expose())
        .unwrap()
        .verify(body.as_bytes(), &headers)
        .unwrap();
}

#[tokio::test]
async fn the_outbox_holds_only_what_the_ssrf_guard_lets_through() {
    let dir = tempfile::tempdir().unwrap();
    let channel = WebhookChannel::builder()
        .outbox(dir.path())
        .build()
        .unwrap();
    assert!(channel.outbox());
    for url in [
        "http://127.0.0.1/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://2130706433/",
        "file:///etc/passwd",
    ] {
        let delivery = delivery_to(hook(url.into(), &generate_secret()), "en");
        let err = channel.deliver(&delivery).await.unwrap_err();
        assert!(err.is_permanent(), "{url}: {err:?}");
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[tokio::test]
async fn plain_http_is_refused_unless_allowed_and_tokens_stay_out_of_reasons() {
    let receiver = Receiver::start();
    let secret = generate_secret();
    let token_url = receiver.url("/gone?token=s3cr3t-capability");
    let strict = WebhookChannel::builder()
        .allow("127.0.0.1")
        .build()
        .unwrap();
    let err = strict
        .deliver(&delivery_to(hook(token_url.clone(), &secret), "en"))
        .await
        .unwrap_err();
    assert!(err.is_permanent());
    assert!(err.reason().contains("plain http"), "{err}");
    assert_eq!(receiver.received.lock().unwrap().len(), 0, "nothing sent");
    // Allowed, it goes; the answer's reason names the host, not the token.
    let err = loopback_channel()
        .deliver(&delivery_to(hook(token_url, &secret), "en"))
        .await
        .unwrap_err();
    assert!(err.reason().contains("410 Gone"), "{err}");
    assert_eq!(
        err.answer(),
        Some(tidings::Answer::Http(410)),
        "the status, for a program"
    );
    assert!(!err.reason().contains("s3cr3t"), "{err}");
    assert!(
        err.reason()
            .contains(&format!("http://127.0.0.1:{}/…", receiver.port)),
        "{err}"
    );
}

#[test]
fn a_proxy_must_enforce_egress_and_its_credentials_stay_hidden() {
    let proxy = "http://squid-user:hunter2@proxy.internal:3128";
    let err = WebhookChannel::builder().proxy(proxy).build().unwrap_err();
    assert!(
        matches!(
            err,
            tidings::channel::webhook::WebhookConfigError::ProxyBypassesGuard
        ),
        "{err}"
    );
    let builder = WebhookChannel::builder()
        .proxy(proxy)
        .proxy_enforces_egress(true);
    assert!(!format!("{builder:?}").contains("hunter2"));
    builder.build().unwrap();
    let err = WebhookChannel::builder()
        .proxy("http://squid-user:hunter2@[bad")
        .proxy_enforces_egress(true)
        .build()
        .unwrap_err();
    assert!(!err.to_string().contains("hunter2"), "{err}");
}
