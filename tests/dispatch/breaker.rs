//! A channel that keeps failing is paused, and the others go on.

use super::*;

#[tokio::test]
async fn a_hanging_mail_server_is_paused_and_the_webhooks_go_on() {
    let receiver = Receiver::start();
    // A mail server that accepts connections and never answers.
    let held = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = held.local_addr().unwrap().port();
    let mail = EmailChannel::builder("status@example.com")
        .smtp(format!("smtp://127.0.0.1:{port}"))
        .timeout(Duration::from_millis(300))
        .connections(2)
        .build()
        .unwrap();
    let webhook = loopback_webhooks();
    let ledger: Arc<dyn Ledger> = Arc::new(MemoryLedger::new());
    let d = Dispatcher::builder(Arc::new(shipped()))
        .ledger(Arc::clone(&ledger))
        .channel(Arc::new(mail))
        .channel(Arc::new(webhook))
        .concurrency(8)
        .retry(
            RetryPolicy::default()
                .attempts(2)
                .backoff(Duration::from_millis(10), Duration::from_millis(20))
                // Every second: on a loaded machine an attempt on the
                // server that came back may still miss the 0.3 s timeout.
                .schedule([Duration::from_secs(1); 10]),
        )
        // A pause longer than the send, so no probe goes during it.
        .circuit_breaker(
            CircuitBreaker::default()
                .failures(3)
                .pause(Duration::from_secs(5), Duration::from_secs(5)),
        )
        .build()
        .unwrap();
    let people: Vec<Recipient> = (0..100)
        .map(|n| mail_and_hook(&receiver, "/ok", n))
        .collect();
    let report = d.send_all(&creator_outage()[0], people).await.unwrap();

    // Every webhook went; every email waits in the ledger, none is lost.
    assert_eq!(report.channels["webhook"], counts(100));
    assert_eq!(
        untimed(report.channels["email"]),
        counted(|c| {
            c.pending = 100;
        }),
        "{report:?}"
    );
    assert_eq!(receiver.received.lock().unwrap().len(), 100);
    // The mail server was tried until the breaker opened, not 200 times:
    // the three failures that opened it and at most one attempt under way
    // on each of the two connections then (the bound below allows four).
    // The deliveries waiting for a place or a connection were called back
    // when it opened.
    let mut attempts = 0;
    let mut not_attempted = 0;
    for n in 0..100 {
        let history = ledger.history(&format!("c-{n}")).await.unwrap();
        let mail = history
            .iter()
            .find(|e| e.key.channel == ChannelKind::Email)
            .unwrap();
        assert_eq!(mail.state, DeliveryState::Retrying, "{mail:?}");
        attempts += mail.attempts;
        let reason = mail.reason.as_deref().unwrap();
        if mail.attempts == 0 {
            not_attempted += 1;
            assert!(
                reason.starts_with("not attempted: the email channel is paused after")
                    && reason.contains("the mail server did not answer within 0.3 s"),
                "{reason}"
            );
        }
    }
    assert!(attempts <= 3 + 4, "{attempts} attempts");
    assert!(
        not_attempted >= 100 - (3 + 4),
        "{not_attempted} not attempted"
    );

    // The server comes back. resume() on a timer: once the pause is over
    // one email probes the channel, then the rest go.
    drop(held);
    let server = SmtpServer::start_with(&["--port", &port.to_string()]);
    let mut email = Counts::default();
    let deadline = std::time::Instant::now() + Duration::from_secs(40);
    while email.sent < 100 && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(250)).await;
        if let Some(counts) = d.resume().await.unwrap().channels.get("email") {
            email.sent += counts.sent;
            email.failed += counts.failed;
        }
    }
    assert_eq!(email, counts(100), "{:?}", ledger.history("c-3").await);
    assert_eq!(server.messages().len(), 100);
}

#[tokio::test]
async fn broken_webhook_endpoints_never_pause_the_others() {
    let receiver = Receiver::start();
    let webhook = loopback_webhooks();
    let ledger: Arc<dyn Ledger> = Arc::new(MemoryLedger::new());
    let d = Dispatcher::builder(Arc::new(shipped()))
        .ledger(Arc::clone(&ledger))
        .channel(Arc::new(webhook))
        .concurrency(4)
        .retry(
            RetryPolicy::default()
                .attempts(1)
                .schedule([Duration::from_secs(60)]),
        )
        .circuit_breaker(CircuitBreaker::default().failures(2))
        .build()
        .unwrap();
    // Twenty customers whose endpoints answer 503, then ten whose work: each
    // endpoint is its own server, so the failures pause nothing.
    let people: Vec<Recipient> = (0..30)
        .map(|n| {
            let path = if n < 20 { "/unavailable" } else { "/ok" };
            let url = receiver.url(&format!("{path}?customer={n}"));
            let secret = generate_secret();
            recipient(n, vec![Address::Webhook { url, secret }])
        })
        .collect();
    let report = d.send_all(&creator_outage()[0], people).await.unwrap();
    assert_eq!(
        untimed(report.channels["webhook"]),
        counted(|c| {
            c.sent = 10;
            c.pending = 20;
        }),
        "{report:?}"
    );
    {
        let received = receiver.received.lock().unwrap();
        assert_eq!(received.iter().filter(|r| r.path == "/ok").count(), 10);
        assert_eq!(received.len(), 30, "every endpoint was tried");
    }
    for n in 0..20 {
        let history = ledger.history(&format!("c-{n}")).await.unwrap();
        assert_eq!(history[0].attempts, 1, "{:?}", history[0]);
    }
}

/// A mail server that answers "mailbox full" for a few recipients is up:
/// those recipients wait for a retry, and the email of everyone else goes
/// on, however few failures pause the channel.
#[tokio::test]
async fn full_mailboxes_never_pause_the_email_of_the_others() {
    let server = SmtpServer::start();
    let mail = EmailChannel::builder("status@example.com")
        .smtp(server.url())
        .connections(1)
        .build()
        .unwrap();
    let ledger: Arc<dyn Ledger> = Arc::new(MemoryLedger::new());
    let d = Dispatcher::builder(Arc::new(shipped()))
        .ledger(Arc::clone(&ledger))
        .channel(Arc::new(mail))
        .concurrency(1)
        .retry(
            RetryPolicy::default()
                .attempts(1)
                .schedule([Duration::from_secs(60)]),
        )
        .circuit_breaker(CircuitBreaker::default().failures(2))
        .build()
        .unwrap();
    // Five full mailboxes first, then ten that take mail.
    let people: Vec<Recipient> = (0..15)
        .map(|n| {
            let mailbox = if n < 5 {
                format!("full{n}@example.com")
            } else {
                format!("c{n}@example.com")
            };
            recipient(n, vec![Address::Email { mailbox }])
        })
        .collect();
    let report = d.send_all(&creator_outage()[0], people).await.unwrap();
    assert_eq!(
        untimed(report.channels["email"]),
        counted(|c| {
            c.sent = 10;
            c.pending = 5;
        }),
        "{report:?}"
    );
    assert_eq!(server.messages().len(), 10);
    let full = &ledger.history("c-0").await.unwrap()[0];
    assert!(
        full.reason
            .as_deref()
            .unwrap_or_default()
            .contains("Mailbox full"),
        "{full:?}"
    );
}
