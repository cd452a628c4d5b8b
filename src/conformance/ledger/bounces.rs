//! What bounces ask of a ledger: email deliveries found by address, a
//! failure that turns a sent delivery into not told, reports kept once.

use std::sync::Arc;

use super::*;
use crate::ledger::{BounceKind, BounceRecord};

/// The email delivery of `revision` to customer `recipient` at `address`.
fn email(recipient: &str, revision: u32, address: &str) -> DeliveryKey {
    let mut k = key(revision);
    k.recipient = recipient.into();
    k.channel = ChannelKind::Email;
    k.address = address.into();
    k
}

/// A returned email is found by its address, turns `bounced` (unreached,
/// with the server's diagnostic), and counts once however often it is
/// read; temporary failures are counted per delivery at the address.
pub async fn a_bounce_turns_a_sent_email_into_not_told(l: Arc<dyn Ledger>) {
    let notice = creator_notice()
        .to_builder()
        .revision(1)
        .published_at(t(0))
        .build()
        .unwrap();
    l.record_notice(&notice).await.unwrap();
    let ada = email("c-1", 1, "ada@example.com");
    let bob = email("c-2", 1, "bob@example.com");
    for k in [&ada, &bob] {
        claim(&*l, k, "x", 1, false).await;
        complete(&*l, k, "x", 2, sent()).await;
    }
    assert_eq!(
        l.email_deliveries("ada@example.com").await.unwrap(),
        std::slice::from_ref(&ada)
    );
    assert!(
        l.email_deliveries("nobody@example.com")
            .await
            .unwrap()
            .is_empty()
    );
    // A webhook at a URL that looks like the address is not an email.
    let mut hook = key(1);
    hook.recipient = "c-9".into();
    hook.address = "ada@example.com".into();
    claim(&*l, &hook, "x", 1, false).await;
    assert_eq!(
        l.email_deliveries("ada@example.com").await.unwrap().len(),
        1
    );

    let failed = BounceRecord::new(
        BounceKind::Failed,
        "5.1.1",
        "smtp; 550 5.1.1 user unknown",
        t(60),
    );
    let kept = l.record_bounce(&ada, &failed).await.unwrap();
    assert!(kept.new && kept.bounced, "{kept:?}");
    assert_eq!(kept.transient_deliveries, 0);
    let again = l.record_bounce(&ada, &failed).await.unwrap();
    assert!(!again.new && !again.bounced, "{again:?}");

    let c = l.coverage("creator-2022-03-14", Some(1)).await.unwrap();
    let r = &c.revisions[0];
    assert_eq!((r.told, r.unreached), (1, 2), "{c:?}");
    assert_eq!(
        (r.channels["email"].sent, r.channels["email"].bounced),
        (1, 1)
    );
    let unreached = c.unreached.iter().find(|u| u.customer == "c-1").unwrap();
    assert!(!unreached.pending);
    assert!(
        unreached.reasons[0].contains("bounced 5.1.1: smtp; 550 5.1.1 user unknown"),
        "{:?}",
        unreached.reasons
    );
    let history = l.history("c-1").await.unwrap();
    assert!(
        history
            .iter()
            .any(|e| e.key == ada && e.state == DeliveryState::Bounced)
    );

    // Delays: counted per delivery at the address, each once.
    let delayed = BounceRecord::new(BounceKind::Delayed, "4.4.1", "connection timed out", t(70));
    let first = l.record_bounce(&bob, &delayed).await.unwrap();
    assert!(first.new && !first.bounced, "a delay does not bounce");
    assert_eq!(first.transient_deliveries, 1);
    assert_eq!(
        l.record_bounce(&bob, &delayed)
            .await
            .unwrap()
            .transient_deliveries,
        1
    );
    let bob_2 = email("c-2", 2, "bob@example.com");
    claim(&*l, &bob_2, "x", 80, false).await;
    complete(&*l, &bob_2, "x", 81, sent()).await;
    let gave_up = BounceRecord::new(BounceKind::Failed, "4.4.7", "expired", t(90));
    let second = l.record_bounce(&bob_2, &gave_up).await.unwrap();
    assert!(second.bounced, "given up is not delivered");
    assert_eq!(second.transient_deliveries, 2);
    // A complaint keeps the delivery as sent: it was read.
    let complaint = BounceRecord::new(BounceKind::Complaint, "abuse", "Yahoo", t(95));
    let kept = l
        .record_bounce(&email("c-2", 1, "bob@example.com"), &complaint)
        .await
        .unwrap();
    assert!(kept.new && !kept.bounced);
    let c = l.coverage("creator-2022-03-14", Some(1)).await.unwrap();
    assert_eq!(c.revisions[0].channels["email"].sent, 1, "{c:?}");
}
