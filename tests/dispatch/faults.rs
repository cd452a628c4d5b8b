//! The worst day: endpoints that lie or hang, a channel that panics,
//! settings that cannot work, leases that must outlive a wait, and an old
//! revision that wakes up after a new one went.

use std::sync::atomic::{AtomicUsize, Ordering};

use jiff::{SignedDuration, Timestamp};
use support::receiver::HOSTILE_RETRY_AFTER;
use tidings::dispatch::{DispatcherConfigError, RateLimit};

use super::*;

fn hook_to(url: String) -> Address {
    Address::Webhook {
        url,
        secret: generate_secret(),
    }
}

/// A port that accepts every connection and never answers.
fn hanging_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming() {
            held.push(stream);
        }
    });
    port
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_endpoints_neither_crash_the_send_nor_stop_the_others() {
    let receiver = Receiver::start();
    let hang = hanging_port();
    let mut people = Vec::new();
    let hostile = HOSTILE_RETRY_AFTER.iter().map(|(path, _)| *path).chain([
        "/redirect-loopback",
        "/huge",
        "/gone",
    ]);
    for (n, path) in hostile.enumerate() {
        people.push(recipient(n, vec![hook_to(receiver.url(path))]));
    }
    people.push(recipient(
        50,
        vec![hook_to(format!("http://127.0.0.1:{hang}/hook"))],
    ));
    for n in 100..120 {
        people.push(recipient(
            n,
            vec![hook_to(receiver.url(&format!("/ok?customer={n}")))],
        ));
    }
    let webhooks = WebhookChannel::builder()
        .allow("127.0.0.1")
        .allow_http(true)
        .timeout(Duration::from_millis(500))
        .build()
        .unwrap();
    let ledger: Arc<dyn Ledger> = Arc::new(MemoryLedger::new());
    let longest = Duration::from_secs(1);
    let d = Dispatcher::builder(Arc::new(shipped()))
        .ledger(Arc::clone(&ledger))
        .channel(Arc::new(webhooks))
        .retry(
            RetryPolicy::default()
                .attempts(2)
                .backoff(Duration::from_millis(10), Duration::from_millis(20))
                .budget(Duration::from_secs(3))
                .schedule([longest]),
        )
        .build()
        .unwrap();
    let report = d.send_all(&creator_outage()[0], people).await.unwrap();

    // Counted by id: on a busy machine an answer slower than the timeout
    // makes its delivery repeat, with the same id.
    assert_eq!(receiver.distinct("/ok"), 20, "every other customer reached");
    assert_eq!(receiver.count("/target"), 0, "a redirect is never followed");
    let w = report.channels["webhook"];
    // /huge answered 200 (read no further than a few KiB); the redirect and
    // 410 are final; the five Retry-After liars and the hanging endpoint wait.
    assert_eq!((w.sent, w.failed, w.pending), (21, 2, 6), "{w:?}");
    // No peer parks a delivery beyond the policy's longest wait.
    let horizon = Timestamp::now() + SignedDuration::from_millis(1_200);
    assert!(w.next_retry_at.is_some_and(|t| t <= horizon), "{w:?}");
    for n in 0..5 {
        let entry = &ledger.history(&format!("c-{n}")).await.unwrap()[0];
        assert_eq!(entry.state, DeliveryState::Retrying, "{entry:?}");
        assert!(entry.due_at.is_some_and(|t| t <= horizon), "{entry:?}");
    }

    // When they come due, resume meets them again without a panic; the
    // schedule is used up, so they fail for good with the reason.
    tokio::time::sleep(longest + Duration::from_millis(200)).await;
    let again = d.resume().await.unwrap();
    assert_eq!(
        (again.totals.failed, again.totals.pending),
        (6, 0),
        "{again:?}"
    );
    let gone = &ledger.history("c-7").await.unwrap()[0];
    assert_eq!(
        gone.reason.as_deref().map(|r| r.contains("410 Gone")),
        Some(true),
        "{gone:?}"
    );
}

/// Panics on one address; delivers the others.
struct Panicky;

#[async_trait]
impl Channel for Panicky {
    fn kind(&self) -> ChannelKind {
        ChannelKind::Email
    }
    async fn deliver(&self, delivery: &Delivery) -> Result<Receipt, DeliveryError> {
        if delivery.key.address.starts_with("customer3@") {
            panic!("index out of bounds in a user's channel");
        }
        Ok(Receipt::new(ChannelKind::Email, "ok"))
    }
}

#[tokio::test]
async fn a_channel_that_panics_fails_one_delivery_and_the_send_goes_on() {
    let ledger: Arc<dyn Ledger> = Arc::new(MemoryLedger::new());
    let d = dispatcher(Arc::clone(&ledger), vec![Arc::new(Panicky)]);
    let people: Vec<Recipient> = (0..10).map(|n| recipient(n, vec![email(n)])).collect();
    let report = d.send_all(&creator_outage()[0], people).await.unwrap();
    assert_eq!((report.totals.sent, report.totals.failed), (9, 1));
    let entry = &ledger.history("c-3").await.unwrap()[0];
    assert_eq!(entry.state, DeliveryState::GaveUp);
    let reason = entry.reason.as_deref().unwrap_or_default();
    assert!(
        reason.contains("panicked: index out of bounds in a user's channel"),
        "{reason}"
    );
}

#[test]
fn settings_that_cannot_work_are_refused_when_the_dispatcher_is_built() {
    let base = || Dispatcher::builder(Arc::new(shipped())).ledger(Arc::new(MemoryLedger::new()));
    let err = base()
        .rate_limit(ChannelKind::Email, RateLimit::per_second(0.0))
        .build()
        .unwrap_err();
    assert!(
        matches!(err, DispatcherConfigError::RateLimit { .. }),
        "{err}"
    );
    assert!(err.to_string().contains("email channel"), "{err}");
    // A rate so slow that the wait for its next token cannot be written
    // down is refused too (it made the bucket panic).
    let err = base()
        .rate_limit(ChannelKind::Webhook, RateLimit::per_second(1e-20))
        .build()
        .unwrap_err();
    assert!(
        matches!(err, DispatcherConfigError::RateLimit { .. }),
        "{err}"
    );
    let err = base()
        .lease(Duration::from_secs(10))
        .attempt_timeout(Duration::from_secs(30))
        .build()
        .unwrap_err();
    assert!(matches!(err, DispatcherConfigError::Lease { .. }), "{err}");
    let err = base()
        .retry(RetryPolicy::default().schedule([Duration::MAX]))
        .build()
        .unwrap_err();
    assert_eq!(
        err,
        DispatcherConfigError::TooLong {
            setting: "retry schedule step",
            value: Duration::MAX
        }
    );
    let err = base().lease(Duration::MAX).build().unwrap_err();
    assert!(matches!(
        err,
        DispatcherConfigError::TooLong {
            setting: "lease",
            ..
        }
    ));
    let err = base().attempt_timeout(Duration::ZERO).build().unwrap_err();
    assert!(matches!(err, DispatcherConfigError::Zero { .. }), "{err}");
    assert!(base().build().is_ok());
    let err = Dispatcher::builder(Arc::new(shipped()))
        .build()
        .unwrap_err();
    assert_eq!(
        err,
        DispatcherConfigError::NoLedger,
        "no silent memory ledger"
    );
    assert!(err.to_string().contains(".memory_ledger()"), "{err}");
}

/// Fails the first call for revision 1 with a Retry-After; makes the rest.
struct FirstFails {
    wait: Duration,
    calls: AtomicUsize,
    made: Mutex<Vec<(u32, String)>>,
}

impl FirstFails {
    fn new(wait: Duration) -> Arc<FirstFails> {
        Arc::new(FirstFails {
            wait,
            calls: AtomicUsize::new(0),
            made: Mutex::default(),
        })
    }

    async fn wait_for_calls(&self, n: usize) {
        for _ in 0..2000 {
            if self.calls.load(Ordering::SeqCst) >= n {
                return;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        panic!("the channel was never called");
    }
}

#[async_trait]
impl Channel for FirstFails {
    fn kind(&self) -> ChannelKind {
        ChannelKind::Email
    }
    async fn deliver(&self, delivery: &Delivery) -> Result<Receipt, DeliveryError> {
        let call = self.calls.fetch_add(1, Ordering::SeqCst);
        if call == 0 {
            return Err(DeliveryError::transient("421 try again later").with_retry_after(self.wait));
        }
        let key = &delivery.key;
        self.made
            .lock()
            .unwrap()
            .push((key.revision, key.address.clone()));
        Ok(Receipt::new(ChannelKind::Email, "250 ok"))
    }
}

/// Waits out a Retry-After of a few seconds in process.
fn patient() -> RetryPolicy {
    RetryPolicy::default()
        .attempts(3)
        .budget(Duration::from_secs(10))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lease_is_renewed_while_its_delivery_waits_longer_than_the_lease() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.db");
    let flaky = FirstFails::new(Duration::from_millis(1500));
    let first = Dispatcher::builder(Arc::new(shipped()))
        .ledger(Arc::new(
            tidings::StateFile::open(&path).await.unwrap().ledger(),
        ))
        .channel(flaky.clone())
        .retry(patient())
        .lease(Duration::from_millis(600))
        .attempt_timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let notice = creator_outage().remove(0);
    let customer = recipient(1, vec![email(1)]);
    let sending = tokio::spawn({
        let (d, n, c) = (first.clone(), notice.clone(), customer.clone());
        async move { d.send_one(&n, &c).await }
    });
    flaky.wait_for_calls(1).await;
    // Well past the first lease's end, while the delivery sleeps on its
    // Retry-After, a second sender on the same state file tries it.
    tokio::time::sleep(Duration::from_millis(900)).await;
    let other = Arc::new(RecordingChannel::new(ChannelKind::Email));
    let second = Dispatcher::builder(Arc::new(shipped()))
        .ledger(Arc::new(
            tidings::StateFile::open(&path).await.unwrap().ledger(),
        ))
        .channel(other.clone())
        .build()
        .unwrap();
    let theirs = second.send_one(&notice, &customer).await.unwrap();
    assert_eq!(
        (theirs.totals.pending, theirs.totals.reclaimed),
        (1, 0),
        "still held: {theirs:?}"
    );
    assert!(other.deliveries().is_empty());
    let ours = sending.await.unwrap().unwrap();
    assert_eq!((ours.totals.sent, ours.totals.reclaimed), (1, 0));
    assert_eq!(flaky.made.lock().unwrap().len(), 1, "made exactly once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn revision_1_in_backoff_never_arrives_after_revision_2() {
    let flaky = FirstFails::new(Duration::from_millis(800));
    let ledger: Arc<dyn Ledger> = Arc::new(MemoryLedger::new());
    let d = Dispatcher::builder(Arc::new(shipped()))
        .ledger(Arc::clone(&ledger))
        .channel(flaky.clone())
        .retry(patient())
        .build()
        .unwrap();
    let outage = creator_outage();
    let customer = recipient(1, vec![email(1)]);
    let first = tokio::spawn({
        let (d, n, c) = (d.clone(), outage[0].clone(), customer.clone());
        async move { d.send_one(&n, &c).await }
    });
    // Revision 1 failed once and sleeps on its Retry-After; revision 2 goes.
    flaky.wait_for_calls(1).await;
    let second = d.send_one(&outage[1], &customer).await.unwrap();
    assert_eq!(second.totals.sent, 1);
    let first = first.await.unwrap().unwrap();
    assert_eq!(first.totals.stale, 1, "{first:?}");
    let made: Vec<u32> = flaky.made.lock().unwrap().iter().map(|(r, _)| *r).collect();
    assert_eq!(made, [2], "revision 1 never arrived after revision 2");
    let history = ledger.history("c-1").await.unwrap();
    let old = history.iter().find(|e| e.key.revision == 1).unwrap();
    assert_eq!(old.state, DeliveryState::Stale);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hanging_webhook_endpoints_never_hold_up_the_email_of_the_same_customers() {
    const CUSTOMERS: usize = 1500;
    let smtp = SmtpServer::start();
    let hang = hanging_port();
    let mail = EmailChannel::builder("status@example.com")
        .smtp(smtp.url())
        .build()
        .unwrap();
    let hooks = WebhookChannel::builder()
        .allow("127.0.0.1")
        .allow_http(true)
        .timeout(Duration::from_secs(120))
        .build()
        .unwrap();
    let webhooks_ended = Arc::new(AtomicUsize::new(0));
    let ended = Arc::clone(&webhooks_ended);
    let d = Dispatcher::builder(Arc::new(shipped()))
        .ledger(Arc::new(MemoryLedger::new()))
        .channel(Arc::new(mail))
        .channel(Arc::new(hooks))
        .attempt_timeout(Duration::from_secs(120))
        .on_event(move |e| {
            // Anything but the claim: an answer, a timeout, a retry.
            if e.key.channel == ChannelKind::Webhook && !matches!(e.kind, EventKind::Claimed { .. })
            {
                ended.fetch_add(1, Ordering::SeqCst);
            }
        })
        .build()
        .unwrap();
    let people: Vec<Recipient> = (0..CUSTOMERS)
        .map(|n| {
            let url = format!("http://127.0.0.1:{hang}/hook?customer={n}");
            recipient(n, vec![email(n), hook_to(url)])
        })
        .collect();
    let sending = tokio::spawn({
        let d = d.clone();
        let notice = creator_outage().remove(0);
        async move { d.send_all(&notice, people).await }
    });
    // Every email arrives while every webhook still hangs.
    let mut arrived = 0;
    for _ in 0..1200 {
        arrived = smtp.messages().len();
        if arrived == CUSTOMERS {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(arrived, CUSTOMERS, "every email arrived");
    assert_eq!(
        webhooks_ended.load(Ordering::SeqCst),
        0,
        "and no webhook had ended"
    );
    sending.abort();
}

/// Runs SQL on the state file from Python's own sqlite3, as a damaged disk
/// or a careless hand would.
fn damage(path: &std::path::Path, sql: &str) {
    let status = std::process::Command::new("python3")
        .args([
            "-c",
            "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute(sys.argv[2]); c.commit()",
        ])
        .arg(path)
        .arg(sql)
        .status()
        .unwrap();
    assert!(status.success());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resume_gives_up_on_one_unreadable_delivery_and_makes_the_others() {
    let receiver = Receiver::start();
    receiver.failing.store(usize::MAX, Ordering::SeqCst);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.db");
    let ledger: Arc<dyn Ledger> = Arc::new(tidings::StateFile::open(&path).await.unwrap().ledger());
    let d = Dispatcher::builder(Arc::new(shipped()))
        .ledger(Arc::clone(&ledger))
        .channel(Arc::new(loopback_webhooks()))
        .retry(RetryPolicy::none().schedule([Duration::from_millis(300); 2]))
        .build()
        .unwrap();
    let outage = creator_outage();
    let people = |path: &str| -> Vec<Recipient> {
        (0..3)
            .map(|n| {
                recipient(
                    n,
                    vec![hook_to(receiver.url(&format!("{path}?customer={n}")))],
                )
            })
            .collect()
    };
    let first = d.send_all(&outage[0], people("/flaky")).await.unwrap();
    assert_eq!(first.totals.pending, 3);
    let other = d.send_all(&outage[1], people("/other")).await.unwrap();
    assert_eq!(other.totals.failed, 3, "404: final");
    // One row's stored recipient is garbage; another notice's document too.
    damage(
        &path,
        "UPDATE delivery SET recipient_json = '{not json' WHERE recipient = 'c-1' AND revision = 1",
    );
    receiver.failing.store(0, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_millis(400)).await;
    let resumed = d
        .resume()
        .await
        .expect("one bad row does not stop the pass");
    assert_eq!(
        (resumed.totals.sent, resumed.totals.failed),
        (2, 1),
        "{resumed:?}"
    );
    let bad = &ledger.history("c-1").await.unwrap();
    let bad = bad.iter().find(|e| e.key.revision == 1).unwrap();
    assert_eq!(bad.state, DeliveryState::GaveUp);
    assert!(
        bad.reason
            .as_deref()
            .unwrap_or_default()
            .contains("cannot be read"),
        "{bad:?}"
    );

    // A notice document that cannot be read fails its own deliveries only.
    receiver.failing.store(usize::MAX, Ordering::SeqCst);
    let third = d.send_all(&outage[2], people("/flaky")).await.unwrap();
    assert_eq!(third.totals.pending, 3);
    damage(
        &path,
        "UPDATE notice SET document = 'garbage' WHERE revision = 3",
    );
    receiver.failing.store(0, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_millis(400)).await;
    let resumed = d
        .resume()
        .await
        .expect("an unreadable notice does not stop the pass");
    assert_eq!(resumed.totals.failed, 3, "{resumed:?}");
    let entry = &ledger.history("c-0").await.unwrap()[0];
    assert!(
        entry
            .reason
            .as_deref()
            .unwrap_or_default()
            .contains("notice kept in the ledger cannot be read"),
        "{entry:?}"
    );
}
