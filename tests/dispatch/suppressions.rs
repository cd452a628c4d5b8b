//! Suppressions in a send: a delivery a suppression covers is not made and
//! is counted `suppressed`; the recipient's other channels still go; a
//! retry of a delivery suppressed since is closed, not made.

use jiff::Timestamp;
use tidings::suppression::{Lift, Reason, Scope, Suppression};

use super::*;

#[tokio::test]
async fn a_suppressed_delivery_is_counted_not_made_and_other_channels_go() {
    let ledger = Arc::new(MemoryLedger::new());
    let (mail, hooks, inbox) = three_channels();
    let customers = everyone(3);
    // c-0 left email; c-1 left planned maintenance only (this is an outage).
    ledger
        .suppress(
            &Suppression::new("c-0", Scope::All, Reason::HardBounce, Timestamp::now())
                .on_channel("email")
                .with_evidence("550 5.1.1 user unknown"),
        )
        .await
        .unwrap();
    ledger
        .suppress(&Suppression::new(
            "c-1",
            Scope::Maintenance,
            Reason::Unsubscribed,
            Timestamp::now(),
        ))
        .await
        .unwrap();
    let events = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&events);
    let d = Dispatcher::builder(Arc::new(shipped()))
        .ledger(ledger.clone())
        .channel(mail.clone())
        .channel(hooks.clone())
        .channel(inbox.clone())
        .on_event(move |e| seen.lock().unwrap().push(e.clone()))
        .build()
        .unwrap();
    let notice = creator_outage().remove(0);
    let report = d.send_all(&notice, customers.clone()).await.unwrap();
    assert_eq!(report.totals.suppressed, 1, "{report:?}");
    assert_eq!(report.totals.sent, 8);
    assert_eq!(report.channels["email"].suppressed, 1);
    assert!(mail.deliveries().iter().all(|m| m.key.recipient != "c-0"));
    assert!(hooks.deliveries().iter().any(|m| m.key.recipient == "c-0"));
    let reason = events
        .lock()
        .unwrap()
        .iter()
        .find_map(|e| match &e.kind {
            EventKind::Suppressed { reason } => Some(reason.clone()),
            _ => None,
        })
        .unwrap();
    assert_eq!(reason, "suppressed (hard-bounce): 550 5.1.1 user unknown");

    // Lifted: the next send makes it.
    assert_eq!(ledger.lift(&Lift::of("c-0")).await.unwrap(), 1);
    let again = d.send_all(&notice, customers).await.unwrap();
    assert_eq!(
        (again.totals.sent, again.totals.suppressed),
        (1, 0),
        "{again:?}"
    );
}

#[tokio::test]
async fn a_retry_of_a_delivery_suppressed_since_is_closed_not_made() {
    let ledger = Arc::new(MemoryLedger::new());
    let hooks = Arc::new(RecordingChannel::new(ChannelKind::Webhook));
    let d = Dispatcher::builder(Arc::new(shipped()))
        .ledger(ledger.clone())
        .channel(hooks.clone())
        .retry(
            RetryPolicy::default()
                .attempts(1)
                .schedule([Duration::from_millis(1)]),
        )
        .build()
        .unwrap();
    let customer = recipient(7, vec![hook(7)]);
    hooks.fail_next(DeliveryError::transient("503"));
    let first = d
        .send_one(&creator_outage().remove(0), &customer)
        .await
        .unwrap();
    assert_eq!(first.totals.pending, 1, "{first:?}");
    ledger
        .suppress(
            &Suppression::new("c-7", Scope::All, Reason::Gone, Timestamp::now())
                .with_evidence("HTTP 410"),
        )
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(20)).await;
    let pass = d.resume().await.unwrap();
    assert_eq!(
        (pass.totals.sent, pass.totals.suppressed),
        (0, 1),
        "{pass:?}"
    );
    assert_eq!(hooks.deliveries_len(), 0);
    assert_eq!(
        d.backlog().await.unwrap().pending,
        0,
        "closed, not due again"
    );
}

/// An endpoint that answers 410 Gone was removed: it is suppressed, with
/// the answer as evidence, and the next send skips it while the customer's
/// email still goes.
#[tokio::test]
async fn an_endpoint_that_answers_410_is_suppressed_and_skipped_next_time() {
    let receiver = Receiver::start();
    let ledger = Arc::new(MemoryLedger::new());
    let mail = Arc::new(RecordingChannel::new(ChannelKind::Email));
    let d = Dispatcher::builder(Arc::new(shipped()))
        .ledger(ledger.clone())
        .channel(mail.clone())
        .channel(Arc::new(loopback_webhooks()))
        .build()
        .unwrap();
    let gone = mail_and_hook(&receiver, "/gone", 3);
    let fine = mail_and_hook(&receiver, "/ok", 4);
    let notices = creator_outage();
    let first = d
        .send_all(&notices[0], vec![gone.clone(), fine.clone()])
        .await
        .unwrap();
    assert_eq!(
        (
            first.channels["webhook"].failed,
            first.channels["webhook"].sent
        ),
        (1, 1),
        "{first:?}"
    );
    let kept = ledger.suppressions(None).await.unwrap();
    assert_eq!(kept.len(), 1, "{kept:?}");
    let s = &kept[0];
    assert_eq!(
        (
            s.recipient.as_str(),
            s.channel.as_deref(),
            s.reason,
            &s.scope
        ),
        ("c-3", Some("webhook"), Reason::Gone, &Scope::All)
    );
    assert_eq!(
        s.address.as_deref(),
        Some(gone.addresses[1].identity().as_str())
    );
    assert!(s.evidence.contains("410 Gone"), "{}", s.evidence);
    assert!(!s.evidence.contains("customer=3"), "the URL stays redacted");

    let asked = receiver.received.lock().unwrap().len();
    let second = d
        .send_all(&notices[1], vec![gone.clone(), fine])
        .await
        .unwrap();
    let hooks = &second.channels["webhook"];
    assert_eq!(
        (hooks.suppressed, hooks.sent, hooks.failed),
        (1, 1, 0),
        "{second:?}"
    );
    assert_eq!(second.channels["email"].sent, 2, "their email still goes");
    assert_eq!(
        receiver.received.lock().unwrap().len(),
        asked + 1,
        "only the live endpoint was asked"
    );
    assert!(
        mail.deliveries()
            .iter()
            .any(|m| m.key.recipient == "c-3" && m.key.revision == 2)
    );
}

/// A customer suppressed on every channel they have is counted apart in
/// the report: neither told nor unreached; one suppressed on one channel
/// and told on another is told. Lifted, a later send makes the delivery.
#[tokio::test]
async fn the_report_counts_the_suppressed_apart_from_the_unreached() {
    let ledger = Arc::new(MemoryLedger::new());
    let (mail, hooks, inbox) = three_channels();
    let d = Dispatcher::builder(Arc::new(shipped()))
        .ledger(ledger.clone())
        .channel(mail.clone())
        .channel(hooks.clone())
        .channel(inbox.clone())
        .build()
        .unwrap();
    let only_email = recipient(1, vec![email(1)]);
    let everywhere = recipient(2, vec![email(2), in_app(2)]);
    let fine = recipient(3, vec![email(3)]);
    for id in ["c-1", "c-2"] {
        ledger
            .suppress(
                &Suppression::new(id, Scope::All, Reason::Unsubscribed, Timestamp::now())
                    .on_channel("email"),
            )
            .await
            .unwrap();
    }
    let notice = creator_outage().remove(0);
    let customers = vec![only_email.clone(), everywhere, fine];
    let report = d.send_all(&notice, customers.clone()).await.unwrap();
    assert_eq!(
        (report.totals.suppressed, report.totals.sent),
        (2, 2),
        "{report:?}"
    );
    let c = ledger
        .coverage(notice.incident().id(), Some(1))
        .await
        .unwrap();
    let r = &c.revisions[0];
    assert_eq!(
        (r.recipients, r.told, r.suppressed, r.unreached),
        (3, 2, 1, 0),
        "{c:?}"
    );
    assert_eq!(r.channels["email"].suppressed, 2);
    assert!(c.unreached.is_empty(), "{c:?}");
    let history = ledger.history("c-1").await.unwrap();
    assert_eq!(history[0].state, DeliveryState::Suppressed);
    assert_eq!(
        history[0].reason.as_deref(),
        Some("suppressed (unsubscribed)")
    );

    // Lifted: sending the same revision again makes it, once.
    ledger.lift(&Lift::of("c-1")).await.unwrap();
    let again = d.send_all(&notice, customers).await.unwrap();
    assert_eq!(
        (
            again.totals.sent,
            again.totals.suppressed,
            again.totals.duplicate
        ),
        (1, 1, 2),
        "{again:?}"
    );
    assert_eq!(
        mail.deliveries()
            .iter()
            .filter(|m| m.key.recipient == "c-1")
            .count(),
        1
    );
    let c = ledger
        .coverage(notice.incident().id(), Some(1))
        .await
        .unwrap();
    assert_eq!(
        (c.revisions[0].told, c.revisions[0].suppressed),
        (3, 0),
        "{c:?}"
    );
}
