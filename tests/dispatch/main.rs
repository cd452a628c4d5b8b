//! The dispatcher end to end: dedup across runs, revisions and instances,
//! aborted sends, channels that are down, and bad addresses.

#[path = "../support/mod.rs"]
mod support;

mod audience;
mod breaker;
mod failures;
mod faults;
mod reminders;
mod secrets;
mod suppressions;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use support::receiver::Receiver;
use support::smtp::SmtpServer;
use support::*;
use tidings::channel::email::EmailChannel;
use tidings::channel::webhook::{WebhookChannel, generate_secret};
use tidings::channel::{Channel, ChannelKind, RecordingChannel};
use tidings::dispatch::{CircuitBreaker, Counts, EventKind, RetryPolicy};
use tidings::ledger::{DeliveryState, Ledger, LedgerReader};
use tidings::store::memory::MemoryLedger;
use tidings::{
    Address, Delivery, DeliveryError, Dispatcher, LanguagePreferences, Receipt, Recipient,
};

const LANGS: [&str; 6] = ["nl-BE", "de-AT", "en-US", "ja", "ar-EG", "sv-SE fr"];
const ZONES: [&str; 4] = [
    "Europe/Amsterdam",
    "America/New_York",
    "Asia/Tokyo",
    "Mars/Base",
];

fn recipient(n: usize, addresses: Vec<Address>) -> Recipient {
    Recipient {
        id: format!("c-{n}"),
        name: format!("Customer {n}"),
        languages: LanguagePreferences::from_tags(LANGS[n % LANGS.len()].split(' ')).unwrap(),
        time_zone: Some(ZONES[n % ZONES.len()].into()),
        addresses,
        audience: Default::default(),
    }
}

fn email(n: usize) -> Address {
    Address::Email {
        mailbox: format!("customer{n}@example.com"),
    }
}

fn in_app(n: usize) -> Address {
    Address::InApp {
        account: format!("acct-{n}"),
    }
}

fn three_channels() -> (
    Arc<RecordingChannel>,
    Arc<RecordingChannel>,
    Arc<RecordingChannel>,
) {
    (
        Arc::new(RecordingChannel::new(ChannelKind::Email)),
        Arc::new(RecordingChannel::new(ChannelKind::Webhook)),
        Arc::new(RecordingChannel::new(ChannelKind::InApp)),
    )
}

fn hook(n: usize) -> Address {
    Address::Webhook {
        url: format!("https://hooks.example.com/{n}"),
        secret: generate_secret(),
    }
}

/// Webhooks to the loopback receiver.
fn loopback_webhooks() -> WebhookChannel {
    WebhookChannel::builder()
        .allow_http(true)
        .allow("127.0.0.1")
        .build()
        .unwrap()
}

/// Customer `n` with an email address and a webhook on `receiver` at `path`.
fn mail_and_hook(receiver: &Receiver, path: &str, n: usize) -> Recipient {
    let url = receiver.url(&format!("{path}?customer={n}"));
    let secret = generate_secret();
    recipient(n, vec![email(n), Address::Webhook { url, secret }])
}

fn everyone(n: usize) -> Vec<Recipient> {
    (0..n)
        .map(|i| recipient(i, vec![email(i), hook(i), in_app(i)]))
        .collect()
}

fn dispatcher(ledger: Arc<dyn Ledger>, channels: Vec<Arc<dyn Channel>>) -> Dispatcher {
    let mut builder = Dispatcher::builder(Arc::new(shipped())).ledger(ledger);
    for c in channels {
        builder = builder.channel(c);
    }
    builder.build().unwrap()
}

/// Counts without the time of the next retry (it depends on the clock);
/// a pending delivery must have one.
fn untimed(mut c: Counts) -> Counts {
    assert_eq!(c.pending > 0, c.next_retry_at.is_some(), "{c:?}");
    c.next_retry_at = None;
    c
}

/// Counts with the fields `set` sets, the others zero (`Counts` may grow).
fn counted(set: impl FnOnce(&mut Counts)) -> Counts {
    let mut c = Counts::default();
    set(&mut c);
    c
}

fn counts(sent: u64) -> Counts {
    counted(|c| c.sent = sent)
}

#[tokio::test]
async fn the_same_notice_twice_sends_nothing_the_second_time() {
    let (e, w, i) = three_channels();
    let d = dispatcher(
        Arc::new(MemoryLedger::new()),
        vec![e.clone(), w.clone(), i.clone()],
    );
    let notice = &creator_outage()[0];
    let first = d.send_all(notice, everyone(50)).await.unwrap();
    assert_eq!(first.recipients, 50);
    assert_eq!(first.totals, counts(150));
    for channel in ["email", "webhook", "in-app"] {
        assert_eq!(first.channels[channel], counts(50), "{channel}");
    }
    let second = d.send_all(notice, everyone(50)).await.unwrap();
    assert_eq!(
        second.totals,
        counted(|c| {
            c.duplicate = 150;
        })
    );
    assert_eq!(
        e.deliveries().len() + w.deliveries().len() + i.deliveries().len(),
        150
    );

    // Each recipient got their own language and zone; a bad zone fell back.
    let sent = e.deliveries();
    let by_id: HashMap<&str, &Delivery> =
        sent.iter().map(|d| (d.recipient.id.as_str(), d)).collect();
    assert_eq!(by_id["c-0"].rendered.locale, "nl-NL");
    assert_eq!(by_id["c-1"].rendered.locale, "de-DE");
    assert_eq!(by_id["c-3"].rendered.locale, "ja-JP");
    assert_eq!(by_id["c-4"].rendered.locale, "ar");
    assert_eq!(by_id["c-5"].rendered.locale, "fr-FR");
    assert_eq!(
        by_id["c-3"].rendered.time_zone, "Europe/Amsterdam",
        "Mars/Base: the notice's zone"
    );
    assert_eq!(by_id["c-2"].rendered.time_zone, "Asia/Tokyo");
}

#[tokio::test]
async fn an_older_revision_after_a_newer_one_is_stale_everywhere() {
    let (e, w, i) = three_channels();
    let d = dispatcher(
        Arc::new(MemoryLedger::new()),
        vec![e.clone(), w.clone(), i.clone()],
    );
    let notices = creator_outage();
    let people = everyone(20);
    d.send_all(&notices[1], people.clone()).await.unwrap();
    let late = d.send_all(&notices[0], people).await.unwrap();
    assert_eq!(
        late.totals,
        counted(|c| {
            c.stale = 60;
        })
    );
    assert!(e.deliveries().iter().all(|d| d.notice.revision() == 2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_dispatchers_on_one_sqlite_ledger_deliver_each_exactly_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.db");
    let receiver = Receiver::start();
    let mail = Arc::new(RecordingChannel::new(ChannelKind::Email));
    let webhook = Arc::new(loopback_webhooks()) as Arc<dyn Channel>;
    let people: Vec<Recipient> = (0..2000)
        .map(|n| mail_and_hook(&receiver, "/ok", n))
        .collect();
    let channels = [mail.clone() as Arc<dyn Channel>, webhook];
    let a = dispatcher(
        Arc::new(tidings::StateFile::open(&path).await.unwrap().ledger()),
        channels.to_vec(),
    );
    let b = dispatcher(
        Arc::new(tidings::StateFile::open(&path).await.unwrap().ledger()),
        channels.to_vec(),
    );
    let notice = creator_outage().remove(0);
    let (ra, rb) = tokio::join!(
        a.send_all(&notice, people.clone()),
        b.send_all(&notice, people.clone())
    );
    let (ra, rb) = (ra.unwrap(), rb.unwrap());
    // Between them, every delivery was made once; the other saw it as taken.
    assert_eq!(ra.totals.sent + rb.totals.sent, 4000, "{ra:?} {rb:?}");
    assert_eq!(ra.totals.failed + rb.totals.failed, 0);
    let mut ids: HashMap<String, usize> = HashMap::new();
    for r in receiver.received.lock().unwrap().iter() {
        *ids.entry(r.headers["webhook-id"].to_str().unwrap().to_owned())
            .or_default() += 1;
    }
    assert_eq!(ids.len(), 2000);
    assert!(ids.values().all(|&n| n == 1), "a webhook arrived twice");
    assert_eq!(mail.deliveries_len(), 2000);
    let mut keys: Vec<String> = mail.deliveries().iter().map(|d| d.key.id()).collect();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), 2000, "an email went twice");
}

/// A channel that records a delivery, then takes a while to report it: if
/// the send is dropped in between, the delivery was made but not recorded.
struct SlowChannel {
    kind: ChannelKind,
    made: Mutex<Vec<String>>,
}

#[async_trait]
impl Channel for SlowChannel {
    fn kind(&self) -> ChannelKind {
        self.kind.clone()
    }
    async fn deliver(&self, delivery: &Delivery) -> Result<Receipt, DeliveryError> {
        self.made.lock().unwrap().push(delivery.key.id());
        tokio::time::sleep(Duration::from_millis(20)).await;
        Ok(Receipt::new(self.kind.clone(), "ok"))
    }
}

/// Waits (on any machine, however slow) until the channel has made `n`.
async fn wait_until_made(channel: &SlowChannel, n: usize) {
    for _ in 0..1000 {
        if channel.made.lock().unwrap().len() >= n {
            return;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    panic!("the send never got going");
}

#[tokio::test]
async fn an_aborted_send_is_finished_by_the_next_and_says_what_may_repeat() {
    let slow = Arc::new(SlowChannel {
        kind: ChannelKind::Email,
        made: Mutex::default(),
    });
    let d = Dispatcher::builder(Arc::new(shipped()))
        .ledger(Arc::new(MemoryLedger::new()))
        .channel(slow.clone())
        .concurrency(8)
        .build()
        .unwrap();
    let notice = creator_outage().remove(0);
    let people: Vec<Recipient> = (0..100).map(|n| recipient(n, vec![email(n)])).collect();
    let running = tokio::spawn({
        let (d, notice, people) = (d.clone(), notice.clone(), people.clone());
        async move { d.send_all(&notice, people).await }
    });
    wait_until_made(&slow, 20).await;
    running.abort();
    assert!(running.await.unwrap_err().is_cancelled());
    let before = slow.made.lock().unwrap().len();
    assert!(before > 0 && before < 100, "aborted half way: {before}");

    let report = d.send_all(&notice, people).await.unwrap();
    let made = slow.made.lock().unwrap().clone();
    let mut per_key: HashMap<&str, usize> = HashMap::new();
    for id in &made {
        *per_key.entry(id).or_default() += 1;
    }
    assert_eq!(per_key.len(), 100, "every recipient reached");
    let repeated = per_key.values().filter(|&&n| n > 1).count() as u64;
    assert!(repeated <= 8, "at most what was in flight: {repeated}");
    assert_eq!(
        report.totals.reclaimed, repeated,
        "the report names the possible repeats: {report:?}"
    );
    assert_eq!(report.totals.sent + report.totals.duplicate, 100);
}

#[tokio::test]
async fn preview_shows_without_sending_or_recording() {
    let (e, _, _) = three_channels();
    let ledger: Arc<dyn Ledger> = Arc::new(MemoryLedger::new());
    let d = dispatcher(Arc::clone(&ledger), vec![e.clone()]);
    let someone = recipient(3, vec![email(3), hook(3)]);
    let preview = d.preview(&creator_outage()[1], &someone);
    assert_eq!(preview.locales, ["ja-JP", "en-US"]);
    assert_eq!(preview.time_zone, "Europe/Amsterdam");
    assert_eq!(preview.notes.len(), 1, "Mars/Base is not a time zone");
    assert!(
        preview.rendered.subject.starts_with("【原因特定】"),
        "{}",
        preview.rendered.subject
    );
    assert_eq!(
        preview
            .deliveries
            .iter()
            .map(|p| p.configured)
            .collect::<Vec<_>>(),
        [true, false]
    );
    assert!(e.deliveries().is_empty());
    assert!(ledger.history("c-3").await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_instance_takes_over_at_once_what_a_stopped_sender_left_claimed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.db");
    let slow = Arc::new(SlowChannel {
        kind: ChannelKind::Email,
        made: Mutex::default(),
    });
    let crashed = Dispatcher::builder(Arc::new(shipped()))
        .ledger(Arc::new(
            tidings::StateFile::open(&path).await.unwrap().ledger(),
        ))
        .channel(slow.clone())
        .concurrency(8)
        .build()
        .unwrap();
    let notice = creator_outage().remove(0);
    let people: Vec<Recipient> = (0..40).map(|n| recipient(n, vec![email(n)])).collect();
    let running = tokio::spawn({
        let (d, notice) = (crashed.clone(), notice.clone());
        async move { d.send_all(&notice, people).await }
    });
    wait_until_made(&slow, 4).await;
    running.abort();
    let _ = running.await;
    drop(crashed);
    let made_before = slow.made.lock().unwrap().len();
    assert!(made_before > 0 && made_before < 40, "{made_before}");

    // Another instance, on the same state file, while the five-minute
    // leases of the stopped one still run: it is known to be gone.
    let survivor = Dispatcher::builder(Arc::new(shipped()))
        .ledger(Arc::new(
            tidings::StateFile::open(&path).await.unwrap().ledger(),
        ))
        .channel(slow.clone())
        .build()
        .unwrap();
    let resumed = survivor.resume().await.unwrap();
    // Only what was claimed comes due: the in-flight deliveries.
    assert_eq!(resumed.totals.sent, resumed.totals.reclaimed, "{resumed:?}");
    assert!(
        resumed.totals.sent >= 1 && resumed.totals.sent <= 8,
        "{resumed:?}"
    );
    // The rest were never claimed: the next send of the notice makes them.
    let people: Vec<Recipient> = (0..40).map(|n| recipient(n, vec![email(n)])).collect();
    let finished = survivor.send_all(&notice, people).await.unwrap();
    assert_eq!(finished.totals.failed, 0);
    let mut per_key: HashMap<String, usize> = HashMap::new();
    for id in slow.made.lock().unwrap().iter() {
        *per_key.entry(id.clone()).or_default() += 1;
    }
    assert_eq!(per_key.len(), 40, "everyone reached");
    let repeated = per_key.values().filter(|&&n| n > 1).count() as u64;
    assert!(
        repeated <= resumed.totals.reclaimed,
        "repeats only among the reclaimed"
    );
}

#[tokio::test]
async fn recipients_without_languages_get_the_dispatchers_default() {
    let mail = Arc::new(RecordingChannel::new(ChannelKind::Email));
    let d = Dispatcher::builder(Arc::new(shipped()))
        .memory_ledger()
        .channel(mail.clone())
        .default_languages(LanguagePreferences::from_tags(["nl-NL"]).unwrap())
        .default_time_zone(tidings::parse_time_zone("America/Chicago").unwrap())
        .build()
        .unwrap();
    let mut silent = recipient(1, vec![email(1)]);
    silent.languages = LanguagePreferences::default();
    silent.time_zone = None;
    let speaks = recipient(2, vec![email(2)]);
    d.send_all(&creator_outage()[0], [silent.clone(), speaks])
        .await
        .unwrap();
    let sent = mail.deliveries();
    let of = |id: &str| {
        sent.iter()
            .find(|d| d.recipient.id == id)
            .unwrap()
            .rendered
            .clone()
    };
    assert_eq!(
        (of("c-1").locale.as_str(), of("c-1").time_zone.as_str()),
        ("nl-NL", "America/Chicago")
    );
    assert_eq!(of("c-2").locale, "en-US", "their own preference wins");
    assert_eq!(
        d.preview(&creator_outage()[0], &silent).locales,
        ["nl-NL", "en-US"]
    );
}

#[tokio::test]
async fn a_rate_limit_paces_its_channel() {
    use tidings::dispatch::RateLimit;
    let (e, w, _) = three_channels();
    let d = Dispatcher::builder(Arc::new(shipped()))
        .memory_ledger()
        .channel(e.clone())
        .channel(w.clone())
        .rate_limit(
            ChannelKind::Email,
            RateLimit {
                per_second: 20.0,
                burst: 1,
            },
        )
        .build()
        .unwrap();
    let people: Vec<Recipient> = (0..6)
        .map(|n| recipient(n, vec![email(n), hook(n)]))
        .collect();
    let started = std::time::Instant::now();
    let report = d.send_all(&creator_outage()[0], people).await.unwrap();
    assert_eq!(report.totals.sent, 12);
    // Six emails at 20 a second, one at a time: at least 5 × 50 ms.
    assert!(
        started.elapsed() >= Duration::from_millis(245),
        "{:?}",
        started.elapsed()
    );
}

/// A user's own channel: keeps what it sends.
struct Pager {
    sent: Mutex<Vec<(String, String)>>,
}

#[async_trait]
impl Channel for Pager {
    fn kind(&self) -> ChannelKind {
        ChannelKind::custom("pager")
    }
    async fn deliver(&self, delivery: &Delivery) -> Result<Receipt, DeliveryError> {
        let Address::Custom { to, .. } = &delivery.address else {
            return Err(DeliveryError::permanent("not a pager"));
        };
        if to == "dead" {
            return Err(DeliveryError::permanent("pager 404: no such pager"));
        }
        self.sent
            .lock()
            .unwrap()
            .push((to.clone(), delivery.rendered.summary.clone()));
        Ok(Receipt::new(self.kind(), "paged"))
    }
}

#[tokio::test]
async fn a_channel_of_your_own_is_reached_through_its_addresses_end_to_end() {
    let dir = tempfile::tempdir().unwrap();
    let ledger: Arc<dyn Ledger> = Arc::new(
        tidings::StateFile::open(dir.path().join("s.db"))
            .await
            .unwrap()
            .ledger(),
    );
    let pager = Arc::new(Pager {
        sent: Mutex::default(),
    });
    let d = dispatcher(Arc::clone(&ledger), vec![pager.clone()]);
    let page = |n: usize, to: &str| {
        recipient(
            n,
            vec![Address::Custom {
                kind: "pager".into(),
                to: to.into(),
            }],
        )
    };
    let notice = creator_outage().remove(0);
    let report = d
        .send_all(&notice, vec![page(1, "p-1"), page(2, "dead")])
        .await
        .unwrap();
    assert_eq!(
        (
            report.channels["pager"].sent,
            report.channels["pager"].failed
        ),
        (1, 1)
    );
    assert_eq!(pager.sent.lock().unwrap()[0].0, "p-1");
    // Keyed, recorded and reported like any other channel.
    let history = ledger.history("c-1").await.unwrap();
    assert_eq!(history[0].key.channel, ChannelKind::custom("pager"));
    assert_eq!(history[0].key.address, "p-1");
    assert_eq!(history[0].state, DeliveryState::Sent);
    let again = d.send_all(&notice, vec![page(1, "p-1")]).await.unwrap();
    assert_eq!(again.channels["pager"].duplicate, 1);
    let coverage = ledger.coverage("creator-2022-03-14", None).await.unwrap();
    assert_eq!(coverage.revisions[0].channels["pager"].sent, 1);
    assert_eq!(
        coverage.unreached[0].reasons,
        ["pager to dead: pager 404: no such pager"]
    );
}
