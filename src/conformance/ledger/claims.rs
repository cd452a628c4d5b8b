//! The claim protocol: what a claim, a renewal and a completion answer,
//! and what comes due.

use std::sync::Arc;

use super::*;

/// A sent delivery is never sent again.
pub async fn a_sent_delivery_is_never_sent_again(l: Arc<dyn Ledger>) {
    assert!(is_claimed(&claim(&*l, &key(1), "a", 0, false).await, false));
    complete(&*l, &key(1), "a", 1, sent()).await;
    assert_eq!(claim(&*l, &key(1), "b", 2, false).await, Claim::AlreadyMade);
    assert_eq!(
        claim(&*l, &key(1), "b", 100, true).await,
        Claim::AlreadyMade,
        "not even by force"
    );
    // A late failure report does not undo it.
    assert!(!complete(&*l, &key(1), "a", 3, failed(Some(5), 3)).await);
    assert_eq!(claim(&*l, &key(1), "c", 4, false).await, Claim::AlreadyMade);
}

/// A live claim is respected and an expired one taken over.
pub async fn a_live_claim_is_respected_and_an_expired_one_taken_over(l: Arc<dyn Ledger>) {
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
        Claim::AlreadyMade
    );
}

/// An older revision is stale after a newer one.
pub async fn an_older_revision_is_stale_after_a_newer_one(l: Arc<dyn Ledger>) {
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

/// An expired newer claim does not block an older revision.
pub async fn an_expired_newer_claim_does_not_block_an_older_revision(l: Arc<dyn Ledger>) {
    claim(&*l, &key(2), "a", 0, false).await;
    complete(&*l, &key(2), "a", 1, failed(None, 1)).await;
    assert!(
        is_claimed(&claim(&*l, &key(1), "b", 2, false).await, false),
        "revision 2 never reached it"
    );
}

/// Failures keep reason attempts and come due.
pub async fn failures_keep_reason_attempts_and_come_due(l: Arc<dyn Ledger>) {
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

/// Abandoned claims come due when the lease ends.
pub async fn abandoned_claims_come_due_when_the_lease_ends(l: Arc<dyn Ledger>) {
    claim(&*l, &key(1), "a", 0, false).await;
    assert!(l.due(t(29), None, 10).await.unwrap().is_empty());
    assert_eq!(l.due(t(30), None, 10).await.unwrap().len(), 1);
    complete(&*l, &key(1), "a", 31, sent()).await;
    assert!(l.due(t(1000), None, 10).await.unwrap().is_empty());
}

/// Due pages list each due delivery once in order.
pub async fn due_pages_list_each_due_delivery_once_in_order(l: Arc<dyn Ledger>) {
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

/// An outbox write is not a delivery.
pub async fn an_outbox_write_is_not_a_delivery(l: Arc<dyn Ledger>) {
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
        Claim::AlreadyMade
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
    assert_eq!(claim(&*l, &key(1), "c", 5, false).await, Claim::AlreadyMade);
    assert_eq!(
        claim_to(&*l, &key(1), "c", 6, false, true).await,
        Claim::AlreadyMade
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

/// A renewed lease holds and a newer revision stops the next attempt.
pub async fn a_renewed_lease_holds_and_a_newer_revision_stops_the_next_attempt(l: Arc<dyn Ledger>) {
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

/// A stale failure is closed and stops coming due.
pub async fn a_stale_failure_is_closed_and_stops_coming_due(l: Arc<dyn Ledger>) {
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

/// Taking a claim over a live lease is only for one's own: another
/// sender's live claim stays theirs, whatever the asker says.
pub async fn take_over_takes_back_only_ones_own_claim(l: Arc<dyn Ledger>) {
    claim(&*l, &key(1), "a", 0, false).await;
    assert!(matches!(
        claim(&*l, &key(1), "b", 1, true).await,
        Claim::HeldElsewhere { .. }
    ));
    assert!(is_claimed(&claim(&*l, &key(1), "a", 2, true).await, true));
}

/// The claims of a sender that left are taken over at once.
pub async fn the_claims_of_a_sender_that_left_are_taken_over_at_once(l: Arc<dyn Ledger>) {
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
    // Its leases run until 30, but it is known to be gone: at once, or a
    // moment later where a process being started right then still holds a
    // copy of a lock file (on SQLite).
    let started = std::time::Instant::now();
    loop {
        let taken = claim(&*l, &key(1), "b", 2, false).await;
        if is_claimed(&taken, true) {
            break;
        }
        assert!(
            matches!(taken, Claim::HeldElsewhere { .. })
                && started.elapsed() < Duration::from_secs(10),
            "{taken:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
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
