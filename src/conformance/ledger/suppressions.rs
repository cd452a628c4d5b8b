//! What suppressions ask of a ledger: kept once, listed, lifted narrowly.

use std::sync::Arc;

use super::*;
use crate::suppression::{Lift, Reason, Scope, Suppression};

/// A suppression is kept once (the first evidence stays), listed per
/// recipient and for everyone, and lifted by exactly what the lift names.
pub async fn suppressions_are_kept_listed_and_lifted(l: Arc<dyn Ledger>) {
    let email = Suppression::new("c-1", Scope::All, Reason::HardBounce, t(1))
        .on_channel("email")
        .at_address("ada@example.com")
        .with_evidence("550 5.1.1 user unknown");
    let again = Suppression::new("c-1", Scope::All, Reason::Support, t(9))
        .on_channel("email")
        .at_address("ada@example.com");
    let maintenance = Suppression::new("c-1", Scope::Maintenance, Reason::Unsubscribed, t(2));
    let product = Suppression::new(
        "c-2",
        Scope::Product("Webmail".into()),
        Reason::Unsubscribed,
        t(3),
    );
    for s in [&email, &again, &maintenance, &product] {
        l.suppress(s).await.unwrap();
    }
    assert_eq!(
        l.suppressions(Some("c-1")).await.unwrap(),
        [email.clone(), maintenance.clone()]
    );
    assert_eq!(
        l.suppressions(None).await.unwrap(),
        [email.clone(), maintenance.clone(), product.clone()]
    );
    assert!(l.suppressions(Some("nobody")).await.unwrap().is_empty());

    let mut narrow = Lift::of("c-1");
    narrow.scope = Some(Scope::Maintenance);
    assert_eq!(l.lift(&narrow).await.unwrap(), 1);
    assert_eq!(
        l.suppressions(Some("c-1")).await.unwrap(),
        std::slice::from_ref(&email)
    );
    let mut other_channel = Lift::of("c-1");
    other_channel.channel = Some("webhook".into());
    assert_eq!(l.lift(&other_channel).await.unwrap(), 0);
    // A resubscribe lifts unsubscribes only: the bounce stays.
    let mut resubscribe = Lift::of("c-1");
    resubscribe.reason = Some(Reason::Unsubscribed);
    assert_eq!(l.lift(&resubscribe).await.unwrap(), 0);
    assert_eq!(
        l.suppressions(Some("c-1")).await.unwrap(),
        std::slice::from_ref(&email)
    );
    assert_eq!(l.lift(&Lift::of("c-1")).await.unwrap(), 1);
    assert!(l.suppressions(Some("c-1")).await.unwrap().is_empty());
    assert_eq!(l.suppressions(None).await.unwrap(), [product]);
}

/// A delivery closed as suppressed is neither told nor unreached: coverage
/// counts the customer suppressed; once lifted, a later send claims it
/// again and makes it.
pub async fn a_suppressed_delivery_is_counted_apart_and_made_once_lifted(l: Arc<dyn Ledger>) {
    let notice = creator_notice()
        .to_builder()
        .revision(1)
        .published_at(t(0))
        .build()
        .unwrap();
    l.record_notice(&notice).await.unwrap();
    let k = key(1);
    assert!(matches!(
        claim(&*l, &k, "x", 1, false).await,
        Claim::Claimed { .. }
    ));
    let suppressed = Outcome::Suppressed {
        reason: "suppressed (unsubscribed)".into(),
    };
    assert!(complete(&*l, &k, "x", 2, suppressed).await);
    let c = l.coverage("creator-2022-03-14", Some(1)).await.unwrap();
    let r = &c.revisions[0];
    assert_eq!(
        (r.recipients, r.told, r.suppressed, r.unreached),
        (1, 0, 1, 0),
        "{c:?}"
    );
    assert_eq!(r.channels["webhook"].suppressed, 1);
    assert!(c.unreached.is_empty());
    let history = l.history("c-1").await.unwrap();
    assert_eq!(history[0].state, DeliveryState::Suppressed);
    assert_eq!(
        history[0].reason.as_deref(),
        Some("suppressed (unsubscribed)")
    );
    assert_eq!(l.backlog().await.unwrap().pending, 0, "never due");

    // Lifted: the next send claims it again, and it is made.
    assert!(matches!(
        claim(&*l, &k, "y", 10, false).await,
        Claim::Claimed { .. }
    ));
    assert!(complete(&*l, &k, "y", 11, sent()).await);
    let c = l.coverage("creator-2022-03-14", Some(1)).await.unwrap();
    let r = &c.revisions[0];
    assert_eq!((r.told, r.suppressed, r.unreached), (1, 0, 0), "{c:?}");
}
