//! One suite, every ledger (memory, SQLite, PostgreSQL), plus property tests over random
//! interleavings of claim, complete, expiry and crashes.

#[cfg(feature = "postgres")]
mod plans;
mod properties;
#[cfg(feature = "postgres")]
mod resume;
mod segments;
#[cfg(feature = "postgres")]
mod silent;

use std::sync::Arc;

use jiff::{SignedDuration, Timestamp};
use tidings::ledger::{
    Claim, ClaimRequest, Completion, DeliveryState, Lease, Ledger, LedgerReader, Outcome, Renewal,
};
use tidings::store::memory::MemoryLedger;
use tidings::{Address, ChannelKind, DeliveryKey, LanguagePreferences, Recipient, Secret};

pub fn key(revision: u32) -> DeliveryKey {
    DeliveryKey {
        incident: "creator-2022-03-14".into(),
        revision,
        recipient: "c-1".into(),
        channel: ChannelKind::Webhook,
        address: "https://hooks.example.com/a".into(),
    }
}

pub fn recipient() -> Recipient {
    Recipient {
        id: "c-1".into(),
        name: "Ada".into(),
        languages: LanguagePreferences::from_tags(["nl"]).unwrap(),
        time_zone: None,
        addresses: vec![],
    }
}

/// Customer `n`, with one webhook.
pub fn customer(n: usize) -> Recipient {
    Recipient {
        id: format!("c-{n}"),
        name: format!("Customer {n}"),
        languages: LanguagePreferences::from_tags(["nl-BE"]).unwrap(),
        time_zone: Some("Europe/Brussels".into()),
        addresses: vec![Address::Webhook {
            url: format!("https://hooks.example.com/{n}"),
            secret: Secret::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
        }],
    }
}

pub fn t(seconds: i64) -> Timestamp {
    Timestamp::from_second(1_700_000_000 + seconds).unwrap()
}

pub async fn claim(
    ledger: &dyn Ledger,
    key: &DeliveryKey,
    owner: &str,
    now: i64,
    take_over: bool,
) -> Claim {
    claim_to(ledger, key, owner, now, take_over, false).await
}

/// A claim for a real transport, or (`outbox`) for an outbox.
pub async fn claim_to(
    ledger: &dyn Ledger,
    key: &DeliveryKey,
    owner: &str,
    now: i64,
    take_over: bool,
    outbox: bool,
) -> Claim {
    let r = recipient();
    let req = ClaimRequest {
        key,
        owner,
        lease_until: t(now) + SignedDuration::from_secs(30),
        now: t(now),
        take_over,
        recipient: &r,
        outbox,
    };
    ledger.claim(&req).await.unwrap()
}

/// Whether the completion was recorded.
pub async fn complete(
    ledger: &dyn Ledger,
    key: &DeliveryKey,
    owner: &str,
    now: i64,
    outcome: Outcome,
) -> bool {
    let c = Completion {
        key,
        owner,
        attempts: 1,
        now: t(now),
        outcome,
    };
    ledger.complete(&c).await.unwrap()
}

/// Extends `owner`'s lease to `now + 30`.
pub async fn renew(
    ledger: &dyn Ledger,
    key: &DeliveryKey,
    owner: &str,
    now: i64,
    before_attempt: bool,
) -> Lease {
    let r = Renewal {
        key,
        owner,
        lease_until: t(now) + SignedDuration::from_secs(30),
        now: t(now),
        before_attempt,
    };
    ledger.renew(&r).await.unwrap()
}

pub fn outboxed() -> Outcome {
    Outcome::Outboxed {
        detail: "written to outbox/x.http".into(),
    }
}

pub fn sent() -> Outcome {
    Outcome::Sent {
        detail: "HTTP 204".into(),
    }
}

fn failed(retry_in: Option<i64>, now: i64) -> Outcome {
    Outcome::Failed {
        reason: "webhook answered 503".into(),
        retry_at: retry_in.map(|s| t(now + s)),
    }
}

fn is_claimed(c: &Claim, reclaimed_expected: bool) -> bool {
    matches!(c, Claim::Claimed { reclaimed, .. } if *reclaimed == reclaimed_expected)
}

async fn a_sent_delivery_is_never_sent_again(l: Arc<dyn Ledger>) {
    assert!(is_claimed(&claim(&*l, &key(1), "a", 0, false).await, false));
    complete(&*l, &key(1), "a", 1, sent()).await;
    assert_eq!(claim(&*l, &key(1), "b", 2, false).await, Claim::AlreadySent);
    assert_eq!(
        claim(&*l, &key(1), "b", 100, true).await,
        Claim::AlreadySent,
        "not even by force"
    );
    // A late failure report does not undo it.
    assert!(!complete(&*l, &key(1), "a", 3, failed(Some(5), 3)).await);
    assert_eq!(claim(&*l, &key(1), "c", 4, false).await, Claim::AlreadySent);
}

async fn a_live_claim_is_respected_and_an_expired_one_taken_over(l: Arc<dyn Ledger>) {
    assert!(is_claimed(&claim(&*l, &key(1), "a", 0, false).await, false));
    match claim(&*l, &key(1), "b", 10, false).await {
        Claim::HeldElsewhere { owner, until } => assert_eq!((owner.as_str(), until), ("a", t(30))),
        other => panic!("{other:?}"),
    }
    // a died; its lease ran out at 30.
    assert!(is_claimed(&claim(&*l, &key(1), "b", 31, false).await, true));
    // a comes back and reports a failure: b's claim stands.
    assert!(
        !complete(&*l, &key(1), "a", 32, failed(None, 32)).await,
        "only the owner records"
    );
    assert!(
        matches!(claim(&*l, &key(1), "c", 33, false).await, Claim::HeldElsewhere { owner, .. } if owner == "b")
    );
    // Taking over on purpose (a sender reclaiming its own abandoned work).
    assert!(is_claimed(&claim(&*l, &key(1), "b", 34, true).await, true));
    complete(&*l, &key(1), "b", 35, sent()).await;
    assert_eq!(
        claim(&*l, &key(1), "c", 36, false).await,
        Claim::AlreadySent
    );
}

async fn an_older_revision_is_stale_after_a_newer_one(l: Arc<dyn Ledger>) {
    claim(&*l, &key(2), "a", 0, false).await;
    // Revision 2 is in flight: revision 1 must not overtake it.
    assert_eq!(
        claim(&*l, &key(1), "b", 1, false).await,
        Claim::Stale { newer: 2 }
    );
    complete(&*l, &key(2), "a", 2, sent()).await;
    assert_eq!(
        claim(&*l, &key(1), "b", 3, false).await,
        Claim::Stale { newer: 2 }
    );
    // Revision 3 is still fine, and another address is not affected.
    assert!(is_claimed(&claim(&*l, &key(3), "b", 4, false).await, false));
    let mut elsewhere = key(1);
    elsewhere.address = "https://hooks.example.com/b".into();
    assert!(is_claimed(
        &claim(&*l, &elsewhere, "b", 5, false).await,
        false
    ));
}

async fn an_expired_newer_claim_does_not_block_an_older_revision(l: Arc<dyn Ledger>) {
    claim(&*l, &key(2), "a", 0, false).await;
    complete(&*l, &key(2), "a", 1, failed(None, 1)).await;
    assert!(
        is_claimed(&claim(&*l, &key(1), "b", 2, false).await, false),
        "revision 2 never reached it"
    );
}

async fn failures_keep_reason_attempts_and_come_due(l: Arc<dyn Ledger>) {
    claim(&*l, &key(1), "a", 0, false).await;
    complete(&*l, &key(1), "a", 1, failed(Some(300), 1)).await;
    assert!(l.due(t(100), None, 10).await.unwrap().is_empty());
    let due = l.due(t(301), None, 10).await.unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(
        (due[0].key.clone(), due[0].recipient.clone()),
        (key(1), recipient())
    );
    let history = l.history("c-1").await.unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].state, DeliveryState::Retrying);
    assert_eq!(history[0].attempts, 1);
    assert_eq!(history[0].reason.as_deref(), Some("webhook answered 503"));
    assert_eq!(history[0].due_at, Some(t(301)));
    // A later send retries it; attempts add up.
    match claim(&*l, &key(1), "b", 302, false).await {
        Claim::Claimed {
            attempts,
            earlier_claims,
            reclaimed,
        } => assert_eq!((attempts, earlier_claims, reclaimed), (1, 1, false)),
        other => panic!("{other:?}"),
    }
    complete(&*l, &key(1), "b", 303, failed(None, 303)).await;
    let history = l.history("c-1").await.unwrap();
    assert_eq!(
        (history[0].state, history[0].attempts),
        (DeliveryState::GaveUp, 2)
    );
    assert!(
        l.due(t(10_000), None, 10).await.unwrap().is_empty(),
        "given up: not due"
    );
    // Even given up, a later send may try again.
    assert!(is_claimed(
        &claim(&*l, &key(1), "c", 400, false).await,
        false
    ));
}

async fn abandoned_claims_come_due_when_the_lease_ends(l: Arc<dyn Ledger>) {
    claim(&*l, &key(1), "a", 0, false).await;
    assert!(l.due(t(29), None, 10).await.unwrap().is_empty());
    assert_eq!(l.due(t(30), None, 10).await.unwrap().len(), 1);
    complete(&*l, &key(1), "a", 31, sent()).await;
    assert!(l.due(t(1000), None, 10).await.unwrap().is_empty());
}

async fn due_pages_list_each_due_delivery_once_in_order(l: Arc<dyn Ledger>) {
    // Seven failures due at 11 to 81 seconds (three at the same time, two at
    // another), one due later, walked two at a time.
    let retry_in = [50, 50, 50, 20, 80, 80, 10, 500];
    let mut keys = Vec::new();
    for (n, r) in retry_in.iter().enumerate() {
        let mut k = key(1);
        k.address = format!("https://hooks.example.com/{n}");
        claim(&*l, &k, "a", 0, false).await;
        complete(&*l, &k, "a", 1, failed(Some(*r), 1)).await;
        keys.push(k);
    }
    let mut listed = Vec::new();
    let mut after = None;
    loop {
        let page = l.due(t(200), after.as_ref(), 2).await.unwrap();
        assert!(page.len() <= 2);
        let Some(last) = page.last().cloned() else {
            break;
        };
        // What a page lists may stay due or be done meanwhile: the walk
        // goes on after it either way.
        complete(&*l, &page[0].key, "a", 2, sent()).await;
        listed.extend(page.into_iter().map(|d| (d.due_at, d.key)));
        after = Some(last);
    }
    let times: Vec<i64> = listed
        .iter()
        .map(|(at, _)| at.as_second() - t(0).as_second())
        .collect();
    assert_eq!(times, [11, 21, 51, 51, 51, 81, 81]);
    let mut seen: Vec<&DeliveryKey> = listed.iter().map(|(_, k)| k).collect();
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 7, "each once");
    assert!(!seen.contains(&&keys[7]), "not due yet");
}

async fn history_is_per_recipient_newest_first(l: Arc<dyn Ledger>) {
    claim(&*l, &key(1), "a", 0, false).await;
    complete(&*l, &key(1), "a", 1, sent()).await;
    claim(&*l, &key(2), "a", 5, false).await;
    complete(&*l, &key(2), "a", 6, sent()).await;
    let mut other = key(1);
    other.recipient = "c-2".into();
    claim(&*l, &other, "a", 7, false).await;
    let history = l.history("c-1").await.unwrap();
    let revisions: Vec<u32> = history.iter().map(|e| e.key.revision).collect();
    assert_eq!(revisions, [2, 1]);
    assert_eq!(history[0].detail.as_deref(), Some("HTTP 204"));
    assert_eq!(history[0].updated_at, t(6));
    assert_eq!(
        l.history("c-2").await.unwrap()[0].state,
        DeliveryState::Claimed
    );
    assert!(l.history("nobody").await.unwrap().is_empty());
}

async fn an_outbox_write_is_not_a_delivery(l: Arc<dyn Ledger>) {
    assert!(is_claimed(
        &claim_to(&*l, &key(1), "a", 0, false, true).await,
        false
    ));
    assert!(complete(&*l, &key(1), "a", 1, outboxed()).await);
    assert_eq!(
        l.history("c-1").await.unwrap()[0].state,
        DeliveryState::Outboxed
    );
    // A second outbox run writes nothing; a real send makes it, afresh.
    assert_eq!(
        claim_to(&*l, &key(1), "b", 2, false, true).await,
        Claim::AlreadySent
    );
    match claim(&*l, &key(1), "b", 3, false).await {
        Claim::Claimed {
            earlier_claims,
            reclaimed,
            ..
        } => assert_eq!((earlier_claims, reclaimed), (0, false)),
        other => panic!("{other:?}"),
    }
    assert!(complete(&*l, &key(1), "b", 4, sent()).await);
    // Then neither an outbox run nor a real send makes it again.
    assert_eq!(claim(&*l, &key(1), "c", 5, false).await, Claim::AlreadySent);
    assert_eq!(
        claim_to(&*l, &key(1), "c", 6, false, true).await,
        Claim::AlreadySent
    );
    // A newer revision only written to an outbox does not make an older one
    // stale for a real send; for an outbox run it does.
    let mut other = key(2);
    other.address = "https://hooks.example.com/b".into();
    claim_to(&*l, &other, "a", 7, false, true).await;
    assert!(complete(&*l, &other, "a", 8, outboxed()).await);
    let mut older = key(1);
    older.address = other.address.clone();
    assert_eq!(
        claim_to(&*l, &older, "a", 9, false, true).await,
        Claim::Stale { newer: 2 }
    );
    assert!(is_claimed(&claim(&*l, &older, "a", 10, false).await, false));
}

async fn a_renewed_lease_holds_and_a_newer_revision_stops_the_next_attempt(l: Arc<dyn Ledger>) {
    claim(&*l, &key(1), "a", 0, false).await;
    assert_eq!(renew(&*l, &key(1), "a", 20, false).await, Lease::Held);
    // Without the renewal the lease would have ended at 30.
    assert!(matches!(
        claim(&*l, &key(1), "b", 40, false).await,
        Claim::HeldElsewhere { until, .. } if until == t(50)
    ));
    assert!(l.due(t(45), None, 10).await.unwrap().is_empty());
    assert_eq!(
        renew(&*l, &key(1), "b", 41, true).await,
        Lease::Lost,
        "not b's"
    );
    // Revision 2 is claimed: renewing during an attempt only extends the
    // lease; before the next attempt it says to stop, and closes revision 1.
    claim(&*l, &key(2), "c", 42, false).await;
    assert_eq!(renew(&*l, &key(1), "a", 43, false).await, Lease::Held);
    assert_eq!(
        renew(&*l, &key(1), "a", 44, true).await,
        Lease::Superseded { newer: 2 }
    );
    let history = l.history("c-1").await.unwrap();
    let first = history.iter().find(|e| e.key.revision == 1).unwrap();
    assert_eq!(first.state, DeliveryState::Stale);
    assert_eq!(first.reason.as_deref(), Some("superseded by revision 2"));
    assert!(!complete(&*l, &key(1), "a", 45, sent()).await);
}

async fn a_stale_failure_is_closed_and_stops_coming_due(l: Arc<dyn Ledger>) {
    claim(&*l, &key(1), "a", 0, false).await;
    complete(&*l, &key(1), "a", 1, failed(Some(10), 1)).await;
    claim(&*l, &key(2), "a", 2, false).await;
    complete(&*l, &key(2), "a", 3, sent()).await;
    assert_eq!(
        claim(&*l, &key(1), "a", 20, false).await,
        Claim::Stale { newer: 2 }
    );
    assert!(l.due(t(100), None, 10).await.unwrap().is_empty());
    assert_eq!(l.backlog().await.unwrap().pending, 0);
}

async fn the_claims_of_a_sender_that_left_are_taken_over_at_once(l: Arc<dyn Ledger>) {
    l.enter("a").await.unwrap();
    l.enter("a").await.unwrap();
    claim(&*l, &key(1), "a", 0, false).await;
    let mut other = key(1);
    other.address = "https://hooks.example.com/b".into();
    claim(&*l, &other, "a", 0, false).await;
    assert!(matches!(
        claim(&*l, &key(1), "b", 1, false).await,
        Claim::HeldElsewhere { .. }
    ));
    let backlog = l.backlog().await.unwrap();
    assert_eq!((backlog.pending, backlog.next_due), (2, Some(t(30))));
    l.leave("a");
    // Its leases run until 30, but it is known to be gone.
    assert!(is_claimed(&claim(&*l, &key(1), "b", 2, false).await, true));
    let due = l.due(t(3), None, 10).await.unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].key, other);
    // A sender the ledger knows nothing of is judged by its lease.
    claim(&*l, &key(3), "stranger", 4, false).await;
    assert!(matches!(
        claim(&*l, &key(3), "b", 5, false).await,
        Claim::HeldElsewhere { .. }
    ));
}

async fn coverage_counts_who_was_told_per_revision_and_why_not(l: Arc<dyn Ledger>) {
    let on = |recipient: &str, revision: u32, address: &str| {
        let mut k = key(revision);
        k.recipient = recipient.into();
        k.address = address.into();
        k
    };
    let revision_1 = creator_notice()
        .to_builder()
        .revision(1)
        .published_at(t(0))
        .build()
        .unwrap();
    l.record_notice(&revision_1).await.unwrap();
    // c-1: sent at 5 s. c-2: failed for good. c-3: pending retry, then told
    // by revision 2. c-4: sent, and sent again (a duplicate send).
    let a = "https://hooks.example.com/a";
    claim(&*l, &on("c-1", 1, a), "x", 1, false).await;
    complete(&*l, &on("c-1", 1, a), "x", 5, sent()).await;
    claim(&*l, &on("c-2", 1, a), "x", 1, false).await;
    complete(&*l, &on("c-2", 1, a), "x", 2, failed(None, 2)).await;
    claim(&*l, &on("c-3", 1, a), "x", 1, false).await;
    complete(&*l, &on("c-3", 1, a), "x", 2, failed(Some(600), 2)).await;
    claim(&*l, &on("c-4", 1, a), "x", 1, false).await;
    complete(&*l, &on("c-4", 1, a), "x", 9, sent()).await;
    assert_eq!(
        claim(&*l, &on("c-4", 1, a), "y", 10, false).await,
        Claim::AlreadySent
    );

    let c = l.coverage("creator-2022-03-14", Some(1)).await.unwrap();
    let r = &c.revisions[0];
    assert_eq!(
        (r.recipients, r.told, r.unreached, r.unreached_pending),
        (4, 2, 2, 1)
    );
    assert_eq!(r.status, Some(tidings::Status::Investigating));
    let w = r.channels["webhook"];
    assert_eq!((w.sent, w.failed, w.pending, w.duplicate), (2, 1, 1, 1));
    let time = r.time_to_tell_seconds.unwrap();
    assert_eq!(time.max, 9.0);
    assert!((4.9..=5.1).contains(&time.p50), "{time:?}");
    let who: Vec<(&str, bool)> = c
        .unreached
        .iter()
        .map(|u| (u.customer.as_str(), u.pending))
        .collect();
    assert_eq!(who, [("c-2", false), ("c-3", true)]);
    assert_eq!(
        c.unreached[0].reasons,
        ["webhook to https://hooks.example.com/…: webhook answered 503"]
    );

    // Revision 2 reaches c-3: told about revision 1 too.
    claim(&*l, &on("c-3", 2, a), "x", 20, false).await;
    complete(&*l, &on("c-3", 2, a), "x", 21, sent()).await;
    let c = l.coverage("creator-2022-03-14", None).await.unwrap();
    assert_eq!(c.revisions.len(), 2);
    assert_eq!((c.revisions[0].told, c.revisions[0].unreached), (3, 1));
    assert_eq!(
        c.revisions[1].time_to_tell_seconds, None,
        "revision 2 was not kept"
    );
    assert!(
        l.coverage("no-such-incident", None)
            .await
            .unwrap()
            .revisions
            .is_empty()
    );
}

fn creator_notice() -> tidings::Notice {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples/data/creator-outage/1-investigating.toml"),
    )
    .unwrap();
    toml::from_str(&text).unwrap()
}

async fn notices_are_kept_for_later(l: Arc<dyn Ledger>) {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples/data/creator-outage/2-identified.toml"),
    )
    .unwrap();
    let notice: tidings::Notice = toml::from_str(&text).unwrap();
    l.record_notice(&notice).await.unwrap();
    assert_eq!(
        l.notice("creator-2022-03-14", 2).await.unwrap(),
        Some(notice)
    );
    assert_eq!(l.notice("creator-2022-03-14", 3).await.unwrap(), None);
}

macro_rules! suite {
    ($backend:ident, $make:expr) => {
        mod $backend {
            use super::*;
            suite!(@case $make, a_sent_delivery_is_never_sent_again);
            suite!(@case $make, a_live_claim_is_respected_and_an_expired_one_taken_over);
            suite!(@case $make, an_older_revision_is_stale_after_a_newer_one);
            suite!(@case $make, an_expired_newer_claim_does_not_block_an_older_revision);
            suite!(@case $make, failures_keep_reason_attempts_and_come_due);
            suite!(@case $make, abandoned_claims_come_due_when_the_lease_ends);
            suite!(@case $make, due_pages_list_each_due_delivery_once_in_order);
            suite!(@case $make, history_is_per_recipient_newest_first);
            suite!(@case $make, notices_are_kept_for_later);
            suite!(@case $make, an_outbox_write_is_not_a_delivery);
            suite!(@case $make, a_renewed_lease_holds_and_a_newer_revision_stops_the_next_attempt);
            suite!(@case $make, a_stale_failure_is_closed_and_stops_coming_due);
            suite!(@case $make, the_claims_of_a_sender_that_left_are_taken_over_at_once);
            suite!(@case $make, coverage_counts_who_was_told_per_revision_and_why_not);
        }
    };
    (@case $make:expr, $name:ident) => {
        #[tokio::test]
        async fn $name() {
            let (ledger, _keep) = $make.await;
            super::$name(ledger).await;
        }
    };
}

suite!(memory, async {
    (Arc::new(MemoryLedger::new()) as Arc<dyn Ledger>, ())
});

#[cfg(feature = "sqlite")]
pub async fn sqlite_ledger() -> (Arc<dyn Ledger>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let ledger = tidings::StateFile::open(dir.path().join("state.db"))
        .await
        .unwrap()
        .ledger();
    (Arc::new(ledger), dir)
}

#[cfg(feature = "sqlite")]
suite!(sqlite, sqlite_ledger());

#[cfg(feature = "postgres")]
#[path = "../support/postgres.rs"]
mod pg;

#[cfg(feature = "postgres")]
pub async fn postgres_ledger() -> (Arc<dyn Ledger>, ()) {
    (Arc::new(pg::fresh_state().await.ledger()), ())
}

#[cfg(feature = "postgres")]
suite!(postgres, postgres_ledger());

#[cfg(feature = "sqlite")]
#[tokio::test]
async fn two_sqlite_handles_never_both_claim() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.db");
    let a = tidings::StateFile::open(&path).await.unwrap().ledger();
    let b = tidings::StateFile::open(&path).await.unwrap().ledger();
    // Two instances race for 200 deliveries (distinct addresses, so no
    // revision is stale): each is claimed by exactly one of them.
    let mut wins = 0;
    for n in 0..200 {
        let mut k = key(1);
        k.address = format!("https://hooks.example.com/{n}");
        let (x, y) = tokio::join!(claim(&a, &k, "a", 0, false), claim(&b, &k, "b", 0, false));
        let claimed = [&x, &y]
            .iter()
            .filter(|c| matches!(c, Claim::Claimed { .. }))
            .count();
        assert_eq!(claimed, 1, "{x:?} {y:?}");
        wins += claimed;
    }
    assert_eq!(wins, 200);
}

/// Another process holding the state file's write lock: python's own sqlite3
/// module, so the lock is taken by code tidings did not write.
#[cfg(feature = "sqlite")]
struct LockHolder(std::process::Child);

#[cfg(feature = "sqlite")]
impl LockHolder {
    fn take(path: &std::path::Path) -> LockHolder {
        use std::io::BufRead;
        use std::process::{Command, Stdio};
        let script = "import sqlite3, sys\n\
                      c = sqlite3.connect(sys.argv[1], isolation_level=None)\n\
                      c.execute('BEGIN IMMEDIATE')\n\
                      print('locked', flush=True)\n\
                      sys.stdin.read()\n";
        let mut child = Command::new("python3")
            .args(["-c", script])
            .arg(path)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 runs");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.as_mut().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(line.trim(), "locked");
        LockHolder(child)
    }

    fn release(mut self) {
        drop(self.0.stdin.take());
        self.0.wait().unwrap();
    }
}

#[cfg(feature = "sqlite")]
#[tokio::test]
async fn a_state_file_locked_by_another_process_fails_with_that_reason_then_recovers() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.db");
    let ledger = tidings::StateFile::builder(&path)
        .busy_timeout(std::time::Duration::from_millis(200))
        .open()
        .await
        .unwrap()
        .ledger();
    let holder = LockHolder::take(&path);
    let r = recipient();
    let k = key(1);
    let req = ClaimRequest {
        key: &k,
        owner: "a",
        lease_until: t(30),
        now: t(0),
        take_over: false,
        recipient: &r,
        outbox: false,
    };
    let err = ledger.claim(&req).await.unwrap_err();
    assert!(
        matches!(&err, tidings::StoreError::Engine { .. })
            && err.to_string().contains("locked")
            && std::error::Error::source(&err).is_some(),
        "{err}"
    );
    // Nothing was recorded, and once the lock is gone the claim goes through.
    holder.release();
    assert!(ledger.history("c-1").await.unwrap().is_empty());
    assert!(matches!(
        ledger.claim(&req).await.unwrap(),
        Claim::Claimed { .. }
    ));
}

#[cfg(feature = "sqlite")]
#[tokio::test]
async fn a_sqlite_file_of_another_program_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("photos.db");
    // Another program's database, made by Python's own sqlite3.
    let made = std::process::Command::new("python3")
        .args([
            "-c",
            "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); \
             c.execute('CREATE TABLE photo (id INTEGER PRIMARY KEY, name TEXT)'); c.commit()",
        ])
        .arg(&path)
        .status()
        .unwrap();
    assert!(made.success());
    let err = tidings::StateFile::open(&path).await.unwrap_err();
    assert!(matches!(err, tidings::StoreError::Foreign { .. }), "{err}");
    assert!(err.to_string().contains("photos.db"), "{err}");
    assert!(
        err.to_string().contains("not a tidings state file"),
        "{err}"
    );
    let err = tidings::StateFile::open_read_only(&path).await.unwrap_err();
    assert!(matches!(err, tidings::StoreError::Foreign { .. }), "{err}");
    assert!(!dir.path().join("photos.db.key").exists());
    // Its tables are untouched; a file of tidings' own opens again.
    let own = dir.path().join("tidings.db");
    drop(tidings::StateFile::open(&own).await.unwrap().ledger());
    tidings::StateFile::open(&own).await.unwrap().ledger();
}

/// Questions go to the state file's read connection: with another process
/// holding the write lock, history, coverage and the inbox still answer at
/// once, while a write waits its turn and says why it could not.
#[cfg(feature = "sqlite")]
#[tokio::test]
async fn questions_are_answered_while_another_process_writes() {
    use tidings::inbox::{InboxReader, ListQuery};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.db");
    let state = tidings::StateFile::builder(&path)
        .busy_timeout(std::time::Duration::from_millis(200))
        .open()
        .await
        .unwrap();
    let (ledger, inbox) = (state.ledger(), state.inbox());
    let r = recipient();
    let k = key(1);
    let req = ClaimRequest {
        key: &k,
        owner: "a",
        lease_until: t(30),
        now: t(0),
        take_over: false,
        recipient: &r,
        outbox: false,
    };
    assert!(matches!(
        ledger.claim(&req).await.unwrap(),
        Claim::Claimed { .. }
    ));
    let holder = LockHolder::take(&path);
    let history = ledger.history("c-1").await.unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].state, DeliveryState::Claimed);
    ledger.coverage(&k.incident, None).await.unwrap();
    assert!(
        inbox
            .list("c-1", &ListQuery::default())
            .await
            .unwrap()
            .is_empty()
    );
    let err = ledger.claim(&req).await.unwrap_err();
    assert!(err.to_string().contains("locked"), "{err}");
    holder.release();
}

/// A file opened for questions only answers them and offers no write; it is
/// not migrated, and neither a key nor a sender's lock is made
/// beside it.
#[cfg(feature = "sqlite")]
#[tokio::test]
async fn a_state_file_opened_read_only_never_writes() {
    use tidings::inbox::InboxReader;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.db");
    let missing = tidings::StateFile::open_read_only(&path).await.unwrap_err();
    assert!(
        matches!(missing, tidings::StoreError::Missing { .. }),
        "{missing}"
    );
    assert!(!path.exists(), "a missing file is not created");
    let state = tidings::StateFile::builder(&path)
        .sealing_key([7; 32])
        .open()
        .await
        .unwrap();
    let r = recipient();
    let k = key(1);
    let req = ClaimRequest {
        key: &k,
        owner: "a",
        lease_until: t(30),
        now: t(0),
        take_over: false,
        recipient: &r,
        outbox: false,
    };
    state.ledger().claim(&req).await.unwrap();
    drop(state);
    // The writer thread closes its connection once the last handle is gone,
    // folding the write-ahead log into the file and removing it.
    let wal = dir.path().join("state.db-wal");
    for _ in 0..500 {
        if !wal.exists() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    assert!(!wal.exists(), "the writer closed the file");
    let before = std::fs::read(&path).unwrap();
    let files = |dir: &std::path::Path| {
        let mut names: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .filter(|n| {
                !n.to_string_lossy().ends_with("-shm") && !n.to_string_lossy().ends_with("-wal")
            })
            .collect();
        names.sort();
        names
    };
    let listed = files(dir.path());

    // The reader answers questions; it offers no write at all (its type has
    // no claim, no sender's life, no record: see `StateFileReader`).
    let state = tidings::StateFile::open_read_only(&path).await.unwrap();
    let (ledger, inbox) = (state.ledger(), state.inbox());
    assert_eq!(ledger.history("c-1").await.unwrap().len(), 1);
    let listed_entries = inbox.list("c-1", &Default::default()).await.unwrap();
    assert!(listed_entries.is_empty());
    assert!(
        ledger
            .coverage("i-1", None)
            .await
            .unwrap()
            .revisions
            .is_empty()
    );
    drop((ledger, inbox, state));
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the file is unchanged"
    );
    assert_eq!(files(dir.path()), listed, "nothing was made beside it");

    // A file of an older schema is refused, not migrated.
    let conn = std::process::Command::new("python3")
        .args(["-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('PRAGMA user_version = 3'); c.close()"])
        .arg(&path)
        .status()
        .unwrap();
    assert!(conn.success());
    let err = tidings::StateFile::open_read_only(&path).await.unwrap_err();
    assert!(
        matches!(err, tidings::StoreError::OlderSchema { found: 3, .. }),
        "{err}"
    );
}

/// A file written before deliveries due again were called `retrying` (schema
/// 4, where they were `failed`) is migrated: they are still due, and read
/// as retrying.
#[cfg(feature = "sqlite")]
#[tokio::test]
async fn a_state_file_of_schema_4_keeps_its_due_deliveries() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.db");
    let open = || {
        tidings::StateFile::builder(&path)
            .sealing_key([7; 32])
            .open()
    };
    let ledger = open().await.unwrap().ledger();
    assert!(is_claimed(
        &claim(&ledger, &key(1), "a", 0, false).await,
        false
    ));
    complete(&ledger, &key(1), "a", 1, failed(Some(5), 1)).await;
    drop(ledger);
    // The file as schema 4 left it.
    let status = std::process::Command::new("python3")
        .args([
            "-c",
            "import sqlite3, sys, time\n\
             c = sqlite3.connect(sys.argv[1], timeout=10)\n\
             c.executescript(\"UPDATE delivery SET state = 'failed' WHERE state = 'retrying';\
               DROP INDEX delivery_due;\
               CREATE INDEX delivery_due ON delivery (due_us) WHERE state IN ('claimed', 'failed');\
               PRAGMA user_version = 4;\")\n\
             c.commit()\n\
             c.close()",
        ])
        .arg(&path)
        .status()
        .unwrap();
    assert!(status.success());
    let ledger = open().await.unwrap().ledger();
    let history = ledger.history("c-1").await.unwrap();
    assert_eq!(history[0].state, DeliveryState::Retrying, "{history:?}");
    assert_eq!(ledger.backlog().await.unwrap().pending, 1);
    let due = ledger.due(t(10), None, 10).await.unwrap();
    assert_eq!(due.len(), 1, "still due after the migration");
}

/// Two instances on one database, each with its own pool and senders, claim
/// the same deliveries at once: every delivery is claimed exactly once.
#[cfg(feature = "postgres")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_postgres_instances_never_both_claim() {
    let url = pg::fresh_database().await;
    let a = pg::fresh_state_at(&url).await.ledger();
    let b = pg::fresh_state_at(&url).await.ledger();
    let r = recipient();
    let keys: Vec<DeliveryKey> = (0..200)
        .map(|n| {
            let mut k = key(1);
            k.recipient = format!("c-{n}");
            k
        })
        .collect();
    let claims = |ledger: tidings::store::postgres::PgLedger, owner: &'static str| {
        let (keys, r) = (keys.clone(), r.clone());
        tokio::spawn(async move {
            let mut won = 0;
            for k in &keys {
                let req = ClaimRequest {
                    key: k,
                    owner,
                    lease_until: t(300),
                    now: t(0),
                    take_over: false,
                    recipient: &r,
                    outbox: false,
                };
                if matches!(ledger.claim(&req).await.unwrap(), Claim::Claimed { .. }) {
                    won += 1;
                }
            }
            won
        })
    };
    let (x, y) = (claims(a, "a"), claims(b, "b"));
    let (x, y) = (x.await.unwrap(), y.await.unwrap());
    assert_eq!(x + y, keys.len(), "{x} + {y}");
}

/// A sender of another instance holds an advisory lock for its life: its
/// claims are respected while it runs and taken over as soon as its session
/// ends, long before its leases would.
#[cfg(feature = "postgres")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_postgres_sender_whose_session_ended_is_taken_over_at_once() {
    let url = pg::fresh_database().await;
    let a = pg::fresh_state_at(&url).await.ledger();
    let b = pg::fresh_state_at(&url).await.ledger();
    a.enter("a").await.unwrap();
    claim(&a, &key(1), "a", 0, false).await;
    assert!(matches!(
        claim(&b, &key(1), "b", 1, false).await,
        Claim::HeldElsewhere { .. }
    ));
    // The same name twice is refused: two instances must not share one.
    let err = b.enter("a").await.unwrap_err();
    assert!(err.to_string().contains("another running sender"), "{err}");
    a.leave("a");
    // The lease runs to 30 s of ledger time; the session's end is enough.
    let started = std::time::Instant::now();
    loop {
        match claim(&b, &key(1), "b", 2, false).await {
            Claim::Claimed { reclaimed, .. } => {
                assert!(reclaimed);
                break;
            }
            Claim::HeldElsewhere { .. } => {
                assert!(
                    started.elapsed() < std::time::Duration::from_secs(10),
                    "the lock outlived its session"
                );
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            }
            other => panic!("{other:?}"),
        }
    }
}

/// A database written before deliveries due again were called `retrying`
/// (schema 2, where they were `failed`) is migrated: they are still due,
/// and read as retrying.
#[cfg(feature = "postgres")]
#[tokio::test]
async fn a_postgres_database_of_schema_2_keeps_its_due_deliveries() {
    let url = pg::fresh_database().await;
    let ledger = pg::fresh_state_at(&url).await.ledger();
    assert!(is_claimed(
        &claim(&ledger, &key(1), "a", 0, false).await,
        false
    ));
    complete(&ledger, &key(1), "a", 1, failed(Some(5), 1)).await;
    drop(ledger);
    let (client, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);
    client
        .batch_execute(
            "UPDATE tidings_delivery SET state = 'failed' WHERE state = 'retrying';
             DROP INDEX tidings_delivery_due;
             CREATE INDEX tidings_delivery_due ON tidings_delivery (due_us)
                 WHERE state IN ('claimed', 'failed');
             UPDATE tidings_schema SET version = 2;",
        )
        .await
        .unwrap();
    let ledger = pg::fresh_state_at(&url).await.ledger();
    let history = ledger.history("c-1").await.unwrap();
    assert_eq!(history[0].state, DeliveryState::Retrying, "{history:?}");
    assert_eq!(ledger.backlog().await.unwrap().pending, 1);
    let due = ledger.due(t(10), None, 10).await.unwrap();
    assert_eq!(due.len(), 1, "still due after the migration");
}

/// A database written by a newer tidings is refused, not migrated; and the
/// password of the URL is in no error and no `Debug` output.
#[cfg(feature = "postgres")]
#[tokio::test]
async fn postgres_refuses_a_newer_schema_and_keeps_the_password_out() {
    let url = pg::fresh_database().await;
    drop(pg::fresh_state_at(&url).await);
    let (client, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);
    client
        .batch_execute("UPDATE tidings_schema SET version = 99")
        .await
        .unwrap();
    let err = tidings::store::postgres::PostgresState::connect(&url, pg::KEY)
        .await
        .unwrap_err();
    assert!(
        matches!(err, tidings::StoreError::NewerSchema { found: 99, .. }),
        "{err}"
    );

    let secret = "s3cret-Pa55word";
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let url = format!("postgres://tidings:{secret}@127.0.0.1:{port}/tidings");
    let builder = tidings::store::postgres::PostgresState::builder(&url).sealing_key(pg::KEY);
    let shown = format!("{builder:?}");
    assert!(!shown.contains(secret), "{shown}");
    let err = builder.connect().await.unwrap_err();
    let said = format!("{err} / {err:?}");
    assert!(!said.contains(secret), "{said}");
    assert!(said.contains("cannot reach the database"), "{said}");
    assert!(said.to_lowercase().contains("refused"), "{said}");

    // `sslmode=require` never falls back to a plain connection (the test
    // server offers no TLS).
    let plain_only = format!("{}?sslmode=require", pg::fresh_database().await);
    let err = tidings::store::postgres::PostgresState::connect(&plain_only, pg::KEY)
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("cannot reach the database"),
        "{err}"
    );
}

#[cfg(feature = "postgres")]
#[path = "../support/certs.rs"]
mod certs;

/// TLS to the database: with `sslmode=require` a server whose certificate
/// no trusted CA signed is refused; with its CA added the session is
/// encrypted, as the server itself reports.
#[cfg(feature = "postgres")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_over_tls_verifies_the_server() {
    let (_certs, ca, cert, private_key) = certs::certificates();
    let cluster = pg::Cluster::start_with_tls(&cert, &private_key);
    let url = format!(
        "postgres://tidings@localhost:{}/postgres?sslmode=require",
        cluster.port
    );
    let err = tidings::store::postgres::PostgresState::builder(&url)
        .sealing_key(pg::KEY)
        .connect()
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("cannot reach the database"),
        "{err}"
    );

    let state = tidings::store::postgres::PostgresState::builder(&url)
        .sealing_key(pg::KEY)
        .add_root_certificate(ca)
        .connect()
        .await
        .unwrap();
    let ledger = state.ledger();
    claim(&ledger, &key(1), "a", 0, false).await;
    // Ask the server, over a plain connection, how the pool's sessions are.
    let plain = format!(
        "postgres://tidings@127.0.0.1:{}/postgres?sslmode=disable",
        cluster.port
    );
    let (client, connection) = tokio_postgres::connect(&plain, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);
    let encrypted: i64 = client
        .query_one(
            "SELECT count(*) FROM pg_stat_ssl WHERE ssl AND pid <> pg_backend_pid()",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert!(encrypted >= 1, "the pool's sessions use TLS");
    let plain_sessions: i64 = client
        .query_one(
            "SELECT count(*) FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid)
             WHERE NOT s.ssl AND a.backend_type = 'client backend' AND s.pid <> pg_backend_pid()",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(plain_sessions, 0, "no session of tidings' is in the clear");
}
