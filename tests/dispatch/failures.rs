//! Channels that are down, failures that are retried, addresses that are
//! bad or have no channel: the affected delivery fails with its reason,
//! the others go on, nothing is lost.

use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn email_down_while_webhooks_work_then_email_comes_back() {
    let receiver = Receiver::start();
    // The mail server's port is held by a socket that never answers (a
    // server that is down and hangs), so no other test can take it.
    let held = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = held.local_addr().unwrap().port();
    let mail = Arc::new(
        EmailChannel::builder("status@example.com")
            .smtp(format!("smtp://127.0.0.1:{port}"))
            .timeout(Duration::from_millis(500))
            .connections(10)
            .build()
            .unwrap(),
    );
    let webhook = Arc::new(loopback_webhooks());
    let ledger: Arc<dyn Ledger> = Arc::new(MemoryLedger::new());
    let events = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&events);
    let d = Dispatcher::builder(Arc::new(shipped()))
        .ledger(Arc::clone(&ledger))
        .channel(mail)
        .channel(webhook)
        .retry(
            RetryPolicy::default()
                .attempts(2)
                .backoff(Duration::from_millis(10), Duration::from_millis(20))
                // Then every second: on a loaded machine an attempt on the
                // server that came back may still miss the 0.5 s timeout.
                .schedule([4, 1, 1, 1, 1, 1].map(Duration::from_secs)),
        )
        // This test follows each delivery's own attempts; pausing the
        // channel is tested in `breaker.rs`.
        .circuit_breaker(CircuitBreaker::off())
        .on_event(move |e| log.lock().unwrap().push(e.clone()))
        .build()
        .unwrap();
    let people: Vec<Recipient> = (0..10)
        .map(|n| mail_and_hook(&receiver, "/ok", n))
        .collect();
    let report = d.send_all(&creator_outage()[0], people).await.unwrap();
    assert_eq!(report.channels["webhook"], counts(10));
    assert_eq!(
        untimed(report.channels["email"]),
        counted(|c| {
            c.pending = 10;
        }),
        "{report:?}"
    );
    assert_eq!(receiver.received.lock().unwrap().len(), 10);
    {
        let events = events.lock().unwrap();
        assert!(
            events
                .iter()
                .any(|e| matches!(e.kind, EventKind::Retrying { attempt: 1, .. }))
        );
        assert_eq!(
            events
                .iter()
                .filter(|e| matches!(e.kind, EventKind::Deferred { .. }))
                .count(),
            10
        );
    }
    let history = ledger.history("c-3").await.unwrap();
    let mail = history
        .iter()
        .find(|e| e.key.channel == ChannelKind::Email)
        .unwrap();
    assert_eq!((mail.state, mail.attempts), (DeliveryState::Retrying, 2));
    assert!(
        mail.reason
            .as_deref()
            .unwrap()
            .starts_with("the mail server did not answer within 0.5 s")
    );

    // Due again on the schedule's first step (4 s, jittered by up to 10 %),
    // not at once. (Read from the ledger: a resume() here to see nothing due
    // raced the clock on a loaded machine.)
    let due_in = mail.due_at.unwrap().duration_since(mail.updated_at);
    assert!(
        (3.6..=4.4).contains(&due_in.as_secs_f64()),
        "due {due_in:?} after the failure"
    );
    drop(held);
    let server = SmtpServer::start_with(&["--port", &port.to_string()]);
    // resume() on a timer, as a service would call it, until the retries
    // come due (4 s after they failed) and go through.
    let mut sent = Counts::default();
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    while sent.sent < 10 && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(250)).await;
        if let Some(email) = d.resume().await.unwrap().channels.get("email") {
            sent.sent += email.sent;
            sent.failed += email.failed;
        }
    }
    let why = ledger.history("c-3").await.unwrap();
    assert_eq!(sent, counts(10), "{why:?}");
    assert_eq!(server.messages().len(), 10);
    assert_eq!(
        d.resume().await.unwrap().totals,
        Counts::default(),
        "nothing left"
    );
}

#[tokio::test]
async fn a_bad_email_address_fails_alone_with_its_reason() {
    let receiver = Receiver::start();
    let outbox = tempfile::tempdir().unwrap();
    let ledger: Arc<dyn Ledger> = Arc::new(MemoryLedger::new());
    let d = Dispatcher::builder(Arc::new(shipped()))
        .ledger(Arc::clone(&ledger))
        .channel(Arc::new(
            EmailChannel::builder("status@example.com")
                .outbox(outbox.path())
                .build()
                .unwrap(),
        ))
        .channel(Arc::new(loopback_webhooks()))
        .build()
        .unwrap();
    let bad = recipient(
        7,
        vec![
            Address::Email {
                mailbox: "customer7 at example.com".into(),
            },
            Address::Webhook {
                url: receiver.url("/ok"),
                secret: generate_secret(),
            },
        ],
    );
    let report = d.send_one(&creator_outage()[0], &bad).await.unwrap();
    assert_eq!(report.channels["webhook"], counts(1));
    assert_eq!(
        untimed(report.channels["email"]),
        counted(|c| {
            c.failed = 1;
        })
    );
    assert!(report.has_failures());
    let history = ledger.history("c-7").await.unwrap();
    let mail = history
        .iter()
        .find(|e| e.key.channel == ChannelKind::Email)
        .unwrap();
    assert_eq!(mail.state, DeliveryState::GaveUp);
    assert!(
        mail.reason
            .as_deref()
            .unwrap()
            .contains("is not a valid email address"),
        "{mail:?}"
    );
    assert_eq!(receiver.count("/ok"), 1);
}

#[tokio::test]
async fn transient_failures_are_retried_in_process_honouring_retry_after() {
    let flaky = Arc::new(RecordingChannel::new(ChannelKind::Webhook));
    flaky.fail_next(DeliveryError::transient("503"));
    flaky.fail_next(DeliveryError::transient("429").with_retry_after(Duration::from_millis(50)));
    let ledger: Arc<dyn Ledger> = Arc::new(MemoryLedger::new());
    let d = Dispatcher::builder(Arc::new(shipped()))
        .ledger(Arc::clone(&ledger))
        .channel(flaky.clone())
        .retry(RetryPolicy::default().backoff(Duration::from_millis(1), Duration::from_millis(5)))
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let report = d
        .send_one(&creator_outage()[0], &recipient(1, vec![hook(1)]))
        .await
        .unwrap();
    assert_eq!(report.totals, counts(1));
    assert!(
        started.elapsed() >= Duration::from_millis(50),
        "waited as asked"
    );
    assert_eq!(ledger.history("c-1").await.unwrap()[0].attempts, 3);
}

#[tokio::test]
async fn addresses_without_a_channel_are_counted_not_lost() {
    let (e, _, _) = three_channels();
    let d = dispatcher(Arc::new(MemoryLedger::new()), vec![e.clone()]);
    let report = d.send_all(&creator_outage()[0], everyone(3)).await.unwrap();
    assert_eq!(report.channels["email"], counts(3));
    assert_eq!(report.channels["webhook"].unconfigured, 3);
    assert_eq!(report.channels["in-app"].unconfigured, 3);
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["notice"], "creator-2022-03-14#1");
    assert_eq!(json["totals"]["sent"], 3);
}

/// A ledger whose completions fail (a database that went away between the
/// claim and the record, say); everything else goes to memory.
struct UnrecordingLedger {
    inner: MemoryLedger,
}

#[async_trait]
impl Ledger for UnrecordingLedger {
    async fn told_before(
        &self,
        incident: &str,
        revision: u32,
        recipients: &[&str],
    ) -> Result<std::collections::HashSet<String>, tidings::StoreError> {
        self.inner.told_before(incident, revision, recipients).await
    }
    async fn record_not_subscribed(
        &self,
        incident: &str,
        revision: u32,
        recipients: &[&str],
    ) -> Result<(), tidings::StoreError> {
        self.inner
            .record_not_subscribed(incident, revision, recipients)
            .await
    }
    async fn record_notice(&self, notice: &tidings::Notice) -> Result<(), tidings::StoreError> {
        self.inner.record_notice(notice).await
    }
    async fn notice(
        &self,
        incident: &str,
        revision: u32,
    ) -> Result<Option<tidings::Notice>, tidings::StoreError> {
        self.inner.notice(incident, revision).await
    }
    async fn claim(
        &self,
        request: &tidings::ledger::ClaimRequest<'_>,
    ) -> Result<tidings::ledger::Claim, tidings::StoreError> {
        self.inner.claim(request).await
    }
    async fn renew(
        &self,
        renewal: &tidings::ledger::Renewal<'_>,
    ) -> Result<tidings::ledger::Lease, tidings::StoreError> {
        self.inner.renew(renewal).await
    }
    async fn complete(
        &self,
        _: &tidings::ledger::Completion<'_>,
    ) -> Result<bool, tidings::StoreError> {
        Err(tidings::StoreError::Database("the disk is full".into()))
    }
    async fn due(
        &self,
        now: jiff::Timestamp,
        after: Option<&tidings::ledger::Due>,
        limit: usize,
    ) -> Result<Vec<tidings::ledger::Due>, tidings::StoreError> {
        self.inner.due(now, after, limit).await
    }
    async fn backlog(&self) -> Result<tidings::ledger::Backlog, tidings::StoreError> {
        self.inner.backlog().await
    }
    async fn schedule(
        &self,
        reminders: &[tidings::ledger::Reminder<'_>],
    ) -> Result<(), tidings::StoreError> {
        self.inner.schedule(reminders).await
    }
    async fn latest_revision(&self, incident: &str) -> Result<Option<u32>, tidings::StoreError> {
        self.inner.latest_revision(incident).await
    }
    async fn suppress(
        &self,
        s: &tidings::suppression::Suppression,
    ) -> Result<(), tidings::StoreError> {
        self.inner.suppress(s).await
    }
    async fn record_bounce(
        &self,
        key: &tidings::DeliveryKey,
        bounce: &tidings::ledger::BounceRecord,
    ) -> Result<tidings::ledger::BounceKept, tidings::StoreError> {
        self.inner.record_bounce(key, bounce).await
    }
    async fn lift(&self, lift: &tidings::suppression::Lift) -> Result<u64, tidings::StoreError> {
        self.inner.lift(lift).await
    }
}

#[async_trait]
impl LedgerReader for UnrecordingLedger {
    async fn notices(&self) -> Result<Vec<tidings::Notice>, tidings::StoreError> {
        self.inner.notices().await
    }
    async fn email_deliveries(
        &self,
        address: &str,
    ) -> Result<Vec<tidings::DeliveryKey>, tidings::StoreError> {
        self.inner.email_deliveries(address).await
    }
    async fn suppressions(
        &self,
        recipient: Option<&str>,
    ) -> Result<Vec<tidings::suppression::Suppression>, tidings::StoreError> {
        self.inner.suppressions(recipient).await
    }
    async fn history(
        &self,
        recipient: &str,
    ) -> Result<Vec<tidings::ledger::LedgerEntry>, tidings::StoreError> {
        self.inner.history(recipient).await
    }
    async fn coverage(
        &self,
        incident: &str,
        revision: Option<u32>,
    ) -> Result<tidings::ledger::Coverage, tidings::StoreError> {
        self.inner.coverage(incident, revision).await
    }
    async fn overdue(
        &self,
        now: jiff::Timestamp,
        max_silence: Duration,
    ) -> Result<Vec<tidings::ledger::Overdue>, tidings::StoreError> {
        self.inner.overdue(now, max_silence).await
    }
}

#[tokio::test]
async fn an_outcome_the_ledger_cannot_record_is_counted_pending_with_why() {
    let ledger = Arc::new(UnrecordingLedger {
        inner: MemoryLedger::new(),
    });
    let events = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&events);
    let (mail, _hooks, _inbox) = three_channels();
    let d = Dispatcher::builder(Arc::new(shipped()))
        .ledger(ledger.clone())
        .channel(mail.clone())
        .on_event(move |e| log.lock().unwrap().push(e.clone()))
        .build()
        .unwrap();
    let people: Vec<Recipient> = (0..5).map(|n| recipient(n, vec![email(n)])).collect();
    let report = d.send_all(&creator_outage()[0], people).await.unwrap();

    // The channel made all five, but the ledger holds them as claimed: the
    // report agrees with the ledger, not with the channel.
    assert_eq!(mail.deliveries().len(), 5);
    let email = untimed(report.channels["email"]);
    assert_eq!(email, counted(|c| c.pending = 5), "{report:?}");
    assert_eq!(report.totals.sent, 0);
    let history = ledger.history("c-1").await.unwrap();
    assert_eq!(history[0].state, DeliveryState::Claimed, "{history:?}");
    let events = events.lock().unwrap();
    let reasons: Vec<&str> = events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Deferred { reason, .. } => Some(reason.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(reasons.len(), 5, "{events:?}");
    assert!(
        reasons
            .iter()
            .all(|r| r.contains("the ledger could not record it") && r.contains("the disk is full")),
        "{reasons:?}"
    );
    assert!(
        !events
            .iter()
            .any(|e| matches!(e.kind, EventKind::Sent { .. })),
        "no delivery is reported sent"
    );
}
