//! Segments: senders given the same list split the walk itself, and a
//! segment is only ever a shortcut, never a reason to skip a delivery that
//! was not made. On the ledgers that keep segments (memory, PostgreSQL).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use jiff::{SignedDuration, Timestamp};
use tidings::channel::{Channel, ChannelKind};
use tidings::dispatch::Report;
use tidings::ledger::{
    Backlog, Claim, ClaimRequest, Completion, Coverage, Due, Lease, Ledger, LedgerEntry,
    LedgerReader, Overdue, Renewal, SegmentClaim, SegmentEnd, SegmentId, SegmentRequest, Segments,
};
use tidings::store::memory::MemoryLedger;
use tidings::{
    Address, Catalog, Delivery, DeliveryError, Dispatcher, Notice, Receipt, Secret, StoreError,
};

use super::{creator_notice, customer, t};

fn segment(n: u8) -> SegmentId {
    SegmentId::from_bytes([n; 32])
}

async fn ask(
    l: &dyn Ledger,
    s: &SegmentId,
    owner: &str,
    now: i64,
    take_over: bool,
) -> SegmentClaim {
    let req = SegmentRequest {
        segment: s,
        owner,
        lease_until: t(now) + SignedDuration::from_secs(30),
        now: t(now),
        take_over,
    };
    l.segments()
        .expect("keeps segments")
        .claim_segment(&req)
        .await
        .unwrap()
}

async fn end(l: &dyn Ledger, s: &SegmentId, owner: &str, done: bool) {
    let end = SegmentEnd {
        segment: s,
        owner,
        done,
    };
    l.segments()
        .expect("keeps segments")
        .end_segment(&end)
        .await
        .unwrap();
}

fn held_by(owner: &str) -> SegmentClaim {
    SegmentClaim::HeldElsewhere {
        owner: owner.into(),
    }
}

/// One sender walks a segment at a time; it is done only when its walker
/// says every delivery in it was made, and let go otherwise.
async fn a_segment_is_walked_by_one_sender_at_a_time(l: Arc<dyn Ledger>) {
    let l = &*l;
    let s = segment(1);
    assert_eq!(ask(l, &s, "a", 0, false).await, SegmentClaim::Walk);
    assert_eq!(ask(l, &s, "b", 1, true).await, held_by("a"));
    // Its own segment, asked for again: held, unless it says it abandoned it.
    assert_eq!(ask(l, &s, "a", 1, false).await, held_by("a"));
    assert_eq!(ask(l, &s, "a", 1, true).await, SegmentClaim::Walk);
    // Not made through: let go, and the next sender walks it.
    end(l, &s, "a", false).await;
    assert_eq!(ask(l, &s, "b", 2, false).await, SegmentClaim::Walk);
    // Only the holder records: a's word on b's segment changes nothing.
    end(l, &s, "a", true).await;
    assert_eq!(ask(l, &s, "c", 3, false).await, held_by("b"));
    end(l, &s, "b", true).await;
    for who in ["a", "b", "c"] {
        assert_eq!(ask(l, &s, who, 4, true).await, SegmentClaim::Done);
    }
    // Done is final.
    end(l, &s, "b", false).await;
    assert_eq!(ask(l, &s, "c", 5, false).await, SegmentClaim::Done);

    // A segment whose lease ended is walked by the next sender.
    let s = segment(2);
    assert_eq!(ask(l, &s, "a", 0, false).await, SegmentClaim::Walk);
    assert_eq!(ask(l, &s, "b", 29, false).await, held_by("a"));
    assert_eq!(ask(l, &s, "b", 31, false).await, SegmentClaim::Walk);
    end(l, &s, "a", true).await;
    assert_eq!(ask(l, &s, "c", 32, false).await, held_by("b"));

    // A sender that left is known gone at once, long before its lease ends.
    let s = segment(3);
    l.enter("d").await.unwrap();
    assert_eq!(ask(l, &s, "d", 0, false).await, SegmentClaim::Walk);
    assert_eq!(ask(l, &s, "e", 1, false).await, held_by("d"));
    l.leave("d");
    assert_eq!(ask(l, &s, "e", 2, false).await, SegmentClaim::Walk);
}

#[tokio::test]
async fn memory_a_segment_is_walked_by_one_sender_at_a_time() {
    a_segment_is_walked_by_one_sender_at_a_time(Arc::new(MemoryLedger::new())).await;
}

#[cfg(feature = "postgres")]
#[tokio::test]
async fn postgres_a_segment_is_walked_by_one_sender_at_a_time() {
    let (ledger, ()) = super::postgres_ledger().await;
    a_segment_is_walked_by_one_sender_at_a_time(ledger).await;
}

/// A ledger that counts the deliveries claimed one by one through it, and
/// keeps how each walk of a segment ended (done or let go).
struct Counted {
    inner: Arc<dyn Ledger>,
    claims: AtomicU64,
    ends: Mutex<Vec<bool>>,
}

impl Counted {
    fn new(inner: Arc<dyn Ledger>) -> Counted {
        Counted {
            inner,
            claims: AtomicU64::new(0),
            ends: Mutex::default(),
        }
    }
}

#[async_trait]
impl Segments for Counted {
    async fn claim_segment(&self, r: &SegmentRequest<'_>) -> Result<SegmentClaim, StoreError> {
        match self.inner.segments() {
            Some(segments) => segments.claim_segment(r).await,
            None => Ok(SegmentClaim::Walk),
        }
    }
    async fn end_segment(&self, end: &SegmentEnd<'_>) -> Result<(), StoreError> {
        self.ends.lock().unwrap().push(end.done);
        match self.inner.segments() {
            Some(segments) => segments.end_segment(end).await,
            None => Ok(()),
        }
    }
}

#[async_trait]
impl Ledger for Counted {
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
    async fn record_notice(&self, notice: &Notice) -> Result<(), StoreError> {
        self.inner.record_notice(notice).await
    }
    async fn notice(&self, incident: &str, revision: u32) -> Result<Option<Notice>, StoreError> {
        self.inner.notice(incident, revision).await
    }
    async fn enter(&self, owner: &str) -> Result<(), StoreError> {
        self.inner.enter(owner).await
    }
    fn leave(&self, owner: &str) {
        self.inner.leave(owner)
    }
    async fn claim(&self, request: &ClaimRequest<'_>) -> Result<Claim, StoreError> {
        self.claims.fetch_add(1, Ordering::Relaxed);
        self.inner.claim(request).await
    }
    fn segments(&self) -> Option<&dyn Segments> {
        self.inner.segments().map(|_| self as &dyn Segments)
    }
    async fn renew(&self, renewal: &Renewal<'_>) -> Result<Lease, StoreError> {
        self.inner.renew(renewal).await
    }
    async fn complete(&self, completion: &Completion<'_>) -> Result<bool, StoreError> {
        self.inner.complete(completion).await
    }
    async fn due(
        &self,
        now: Timestamp,
        after: Option<&Due>,
        limit: usize,
    ) -> Result<Vec<Due>, StoreError> {
        self.inner.due(now, after, limit).await
    }
    async fn backlog(&self) -> Result<Backlog, StoreError> {
        self.inner.backlog().await
    }
    async fn schedule(
        &self,
        reminders: &[tidings::ledger::Reminder<'_>],
    ) -> Result<(), StoreError> {
        self.inner.schedule(reminders).await
    }
    async fn latest_revision(&self, incident: &str) -> Result<Option<u32>, StoreError> {
        self.inner.latest_revision(incident).await
    }
    async fn suppress(&self, s: &tidings::suppression::Suppression) -> Result<(), StoreError> {
        self.inner.suppress(s).await
    }
    async fn record_bounce(
        &self,
        key: &tidings::DeliveryKey,
        bounce: &tidings::ledger::BounceRecord,
    ) -> Result<tidings::ledger::BounceKept, StoreError> {
        self.inner.record_bounce(key, bounce).await
    }
    async fn lift(&self, lift: &tidings::suppression::Lift) -> Result<u64, StoreError> {
        self.inner.lift(lift).await
    }
}

#[async_trait]
impl LedgerReader for Counted {
    async fn notices(&self) -> Result<Vec<tidings::Notice>, tidings::StoreError> {
        self.inner.notices().await
    }
    async fn email_deliveries(
        &self,
        address: &str,
    ) -> Result<Vec<tidings::DeliveryKey>, StoreError> {
        self.inner.email_deliveries(address).await
    }
    async fn suppressions(
        &self,
        recipient: Option<&str>,
    ) -> Result<Vec<tidings::suppression::Suppression>, StoreError> {
        self.inner.suppressions(recipient).await
    }
    async fn history(&self, recipient: &str) -> Result<Vec<LedgerEntry>, StoreError> {
        self.inner.history(recipient).await
    }
    async fn coverage(
        &self,
        incident: &str,
        revision: Option<u32>,
    ) -> Result<Coverage, StoreError> {
        self.inner.coverage(incident, revision).await
    }
    async fn overdue(
        &self,
        now: Timestamp,
        max_silence: Duration,
    ) -> Result<Vec<Overdue>, StoreError> {
        self.inner.overdue(now, max_silence).await
    }
}

/// What a webhook channel made, per delivery key; it fails the customers
/// in `failing` for good, hangs on every delivery when `hanging` is set,
/// and answers as an outbox when `outbox` is set.
#[derive(Default)]
struct Webhooks {
    made: Mutex<HashMap<String, u32>>,
    failing: Vec<String>,
    hanging: bool,
    outbox: bool,
}

/// The channel over a shared [`Webhooks`] record.
struct Hooks(Arc<Webhooks>);

#[async_trait]
impl Channel for Hooks {
    fn kind(&self) -> ChannelKind {
        ChannelKind::Webhook
    }
    fn outbox(&self) -> bool {
        self.0.outbox
    }
    async fn deliver(&self, delivery: &Delivery) -> Result<Receipt, DeliveryError> {
        let this = &self.0;
        if this.hanging {
            std::future::pending::<()>().await;
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
        if this.failing.contains(&delivery.recipient.id) {
            return Err(DeliveryError::permanent("the endpoint answered 410 Gone"));
        }
        *this
            .made
            .lock()
            .unwrap()
            .entry(delivery.key.id())
            .or_default() += 1;
        Ok(Receipt::new(ChannelKind::Webhook, "HTTP 204"))
    }
}

fn dispatcher(ledger: Arc<dyn Ledger>, channel: &Arc<Webhooks>, owner: &str) -> Dispatcher {
    Dispatcher::builder(Arc::new(Catalog::shipped().unwrap()))
        .ledger(ledger)
        .channel(Arc::new(Hooks(Arc::clone(channel))))
        .concurrency(64)
        .owner(owner)
        .build()
        .unwrap()
}

async fn send(d: &Dispatcher, notice: &Notice, n: usize) -> Report {
    d.send_all(notice, (0..n).map(customer)).await.unwrap()
}

/// Two senders given the same list at once: each delivery is made exactly
/// once, the reports add up, and together they claim far fewer deliveries
/// than the two walks would one by one (each claimed every delivery before).
async fn two_senders_given_the_same_list_split_the_walk(a: Arc<dyn Ledger>, b: Arc<dyn Ledger>) {
    const N: usize = 3000;
    let notice = creator_notice();
    let channel = Arc::new(Webhooks::default());
    let counted = |inner| Arc::new(Counted::new(inner));
    let (ca, cb) = (counted(a), counted(b));
    let da = dispatcher(Arc::clone(&ca) as Arc<dyn Ledger>, &channel, "a");
    let db = dispatcher(Arc::clone(&cb) as Arc<dyn Ledger>, &channel, "b");
    let (ra, rb) = tokio::join!(send(&da, &notice, N), send(&db, &notice, N));
    let claims = ca.claims.load(Ordering::Relaxed) + cb.claims.load(Ordering::Relaxed);
    println!(
        "a sent {} and found {} made; b sent {} and found {} made; {claims} claims for {N} deliveries",
        ra.totals.sent, ra.totals.duplicate, rb.totals.sent, rb.totals.duplicate
    );
    let made = channel.made.lock().unwrap().clone();
    assert_eq!(made.len(), N, "every delivery made");
    assert!(made.values().all(|&times| times == 1), "made twice");
    assert_eq!(ra.totals.sent + rb.totals.sent, N as u64, "{ra:?} {rb:?}");
    for r in [&ra, &rb] {
        assert_eq!(r.recipients, N as u64);
        assert_eq!(r.totals.total(), N as u64, "every delivery counted: {r:?}");
        assert_eq!(r.totals.sent + r.totals.duplicate, N as u64, "{r:?}");
    }
    assert!(
        claims < (N + N / 2) as u64,
        "{claims} claims: the two walked every delivery"
    );
}

/// Two senders' views of one ledger in memory.
fn memory_pair() -> (Arc<dyn Ledger>, Arc<dyn Ledger>) {
    let ledger: Arc<dyn Ledger> = Arc::new(MemoryLedger::new());
    (Arc::clone(&ledger), ledger)
}

/// Two instances on one PostgreSQL database, each with its own pool.
#[cfg(feature = "postgres")]
async fn postgres_pair() -> (Arc<dyn Ledger>, Arc<dyn Ledger>) {
    let url = super::pg::fresh_database().await;
    let a = super::pg::fresh_state_at(&url).await.ledger();
    let b = super::pg::fresh_state_at(&url).await.ledger();
    (Arc::new(a), Arc::new(b))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn memory_two_senders_given_the_same_list_split_the_walk() {
    let (a, b) = memory_pair();
    two_senders_given_the_same_list_split_the_walk(a, b).await;
}

#[cfg(feature = "postgres")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_two_senders_given_the_same_list_split_the_walk() {
    let (a, b) = postgres_pair().await;
    two_senders_given_the_same_list_split_the_walk(a, b).await;
}

/// A sender that dies in the middle of its segments leaves them to the next
/// at once: the next walks them without waiting for a lease, and makes
/// every delivery.
async fn segments_of_a_sender_that_died_are_walked_at_once(a: Arc<dyn Ledger>, b: Arc<dyn Ledger>) {
    const N: usize = 1000;
    let notice = creator_notice();
    let hanging = Arc::new(Webhooks {
        hanging: true,
        ..Webhooks::default()
    });
    let dead = dispatcher(a, &hanging, "a");
    // It holds its first segments, their deliveries stuck in its channel.
    let stuck = tokio::time::timeout(Duration::from_millis(500), send(&dead, &notice, N)).await;
    assert!(stuck.is_err(), "the hanging channel made nothing");
    drop(dead);

    let working = Arc::new(Webhooks::default());
    let next = dispatcher(b, &working, "b");
    // Leases last five minutes; the next sender must not wait for them.
    let report = tokio::time::timeout(Duration::from_secs(60), send(&next, &notice, N))
        .await
        .expect("the segments of the dead sender were left waiting for their lease");
    println!("after the sender died: {:?}", report.totals);
    assert_eq!(report.totals.sent, N as u64, "{report:?}");
    let made = working.made.lock().unwrap().clone();
    assert_eq!(made.len(), N);
    assert!(made.values().all(|&times| times == 1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn memory_segments_of_a_sender_that_died_are_walked_at_once() {
    let (a, b) = memory_pair();
    segments_of_a_sender_that_died_are_walked_at_once(a, b).await;
}

#[cfg(feature = "postgres")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_segments_of_a_sender_that_died_are_walked_at_once() {
    let (a, b) = postgres_pair().await;
    segments_of_a_sender_that_died_are_walked_at_once(a, b).await;
}

/// A segment is done only when every delivery in it was made the way the
/// next sender would make it: a dry run leaves the real send everything to
/// make, and a failed delivery is made by the next send.
async fn only_made_segments_are_skipped(l: Arc<dyn Ledger>) {
    const N: usize = 600;
    let notice = creator_notice();
    let dry = Arc::new(Webhooks {
        outbox: true,
        ..Webhooks::default()
    });
    let report = send(&dispatcher(Arc::clone(&l), &dry, "dry"), &notice, N).await;
    assert_eq!(report.totals.outboxed, N as u64, "{report:?}");

    let failing = Arc::new(Webhooks {
        failing: vec!["c-7".into(), "c-400".into()],
        ..Webhooks::default()
    });
    let report = send(&dispatcher(Arc::clone(&l), &failing, "a"), &notice, N).await;
    assert_eq!(report.totals.sent, N as u64 - 2, "{report:?}");
    assert_eq!(report.totals.failed, 2, "{report:?}");

    let working = Arc::new(Webhooks::default());
    let report = send(&dispatcher(Arc::clone(&l), &working, "b"), &notice, N).await;
    assert_eq!(
        report.totals.sent, 2,
        "the failed deliveries are made: {report:?}"
    );
    assert_eq!(report.totals.duplicate, N as u64 - 2, "{report:?}");

    // A list that differs by one address shares no segment around it.
    let moved = |n| {
        let mut c = customer(n);
        if n == 300 {
            c.addresses = vec![Address::Webhook {
                url: "https://hooks.example.com/300-new".into(),
                secret: Secret::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
            }];
        }
        c
    };
    let d = dispatcher(l, &working, "c");
    let report = d.send_all(&notice, (0..N).map(moved)).await.unwrap();
    assert_eq!(report.totals.sent, 1, "the new address is told: {report:?}");
    assert_eq!(report.totals.duplicate, N as u64 - 1, "{report:?}");
}

#[tokio::test]
async fn memory_only_made_segments_are_skipped() {
    only_made_segments_are_skipped(Arc::new(MemoryLedger::new())).await;
}

#[cfg(feature = "postgres")]
#[tokio::test]
async fn postgres_only_made_segments_are_skipped() {
    let (ledger, ()) = super::postgres_ledger().await;
    only_made_segments_are_skipped(ledger).await;
}

/// A live sender that stopped walking its segments (its send was dropped,
/// the sender kept running) holds them until their lease ends; another sender
/// waits for them only so long, then walks them delivery by delivery: what
/// the first still holds counts as pending, the rest is made.
#[tokio::test(start_paused = true)]
async fn segments_a_live_sender_abandoned_are_not_waited_for_long() {
    const N: usize = 1000;
    let (a, b) = memory_pair();
    let notice = creator_notice();
    let hanging = Arc::new(Webhooks {
        hanging: true,
        ..Webhooks::default()
    });
    let idle = dispatcher(a, &hanging, "a");
    let stuck = tokio::time::timeout(Duration::from_millis(500), send(&idle, &notice, N)).await;
    assert!(stuck.is_err(), "the hanging channel made nothing");

    let working = Arc::new(Webhooks::default());
    let next = dispatcher(b, &working, "b");
    // Ten minutes, in the test's own time; the leases run on the clock.
    let report = tokio::time::timeout(Duration::from_secs(600), send(&next, &notice, N))
        .await
        .expect("waited for the abandoned segments until their leases end");
    println!("beside an idle sender: {:?}", report.totals);
    let made = working.made.lock().unwrap().len() as u64;
    assert_eq!(report.totals.sent, made);
    assert!(
        report.totals.pending > 0,
        "the idle sender's claims are its own"
    );
    assert_eq!(
        report.totals.sent + report.totals.pending,
        N as u64,
        "{report:?}"
    );
    drop(idle);
}

/// The channel for [`a_delivery_listed_twice_does_not_make_its_segment_done`]:
/// the first attempt for `c-0` waits until every other delivery was made
/// (and a little more, for the segments' ends to be recorded), then fails
/// for good; everything else is made at once.
struct HeldBack {
    others: AtomicU64,
    expected_others: u64,
}

#[async_trait]
impl Channel for HeldBack {
    fn kind(&self) -> ChannelKind {
        ChannelKind::Webhook
    }
    async fn deliver(&self, delivery: &Delivery) -> Result<Receipt, DeliveryError> {
        if delivery.recipient.id != "c-0" {
            self.others.fetch_add(1, Ordering::SeqCst);
            return Ok(Receipt::new(ChannelKind::Webhook, "HTTP 204"));
        }
        while self.others.load(Ordering::SeqCst) < self.expected_others {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
        Err(DeliveryError::permanent("the endpoint answered 410 Gone"))
    }
}

/// A customer listed twice, in two segments: while the first copy is being
/// made, the second counts as a duplicate, but says nothing about whether it
/// was made. The second segment must not be recorded done on its word: the
/// first copy then fails, and a later send skips what a done segment holds.
#[tokio::test]
async fn a_delivery_listed_twice_does_not_make_its_segment_done() {
    let ledger = Arc::new(Counted::new(Arc::new(MemoryLedger::new())));
    let channel = Arc::new(HeldBack {
        others: AtomicU64::new(0),
        expected_others: 62,
    });
    let d = Dispatcher::builder(Arc::new(Catalog::shipped().unwrap()))
        .ledger(Arc::clone(&ledger) as Arc<dyn Ledger>)
        .channel(channel)
        // Segments of 32 deliveries: c-0..c-31, then c-32..c-62 and c-0.
        .backlog(128)
        .build()
        .unwrap();
    let list: Vec<_> = (0..63).chain([0]).map(customer).collect();
    let report = d.send_all(&creator_notice(), list).await.unwrap();
    assert_eq!(report.totals.sent, 62, "{report:?}");
    assert_eq!(report.totals.failed, 1, "{report:?}");
    assert_eq!(report.totals.duplicate, 1, "{report:?}");
    let ends = ledger.ends.lock().unwrap().clone();
    assert_eq!(ends.len(), 2, "two segments walked: {ends:?}");
    assert!(
        ends.iter().all(|done| !done),
        "no segment holding c-0 is done: {ends:?}"
    );
}
