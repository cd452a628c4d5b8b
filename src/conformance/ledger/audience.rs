//! What audiences ask of a ledger: who heard of an incident before, and who
//! was left out of a revision on purpose.

use std::collections::HashSet;
use std::sync::Arc;

use super::*;

/// `key(revision)` for `recipient`, at its own address.
fn of(recipient: &str, revision: u32) -> DeliveryKey {
    let mut k = key(revision);
    k.recipient = recipient.into();
    k.address = format!("https://hooks.example.com/{recipient}");
    k
}

fn names(told: HashSet<String>) -> Vec<String> {
    let mut told: Vec<String> = told.into_iter().collect();
    told.sort();
    told
}

/// Told before: an earlier revision sent, claimed or due for a retry; not
/// one that failed for good, went only to an outbox, or was of another
/// incident.
pub async fn told_before_names_who_heard_an_earlier_revision(l: Arc<dyn Ledger>) {
    claim(&*l, &of("c-1", 1), "x", 1, false).await;
    complete(&*l, &of("c-1", 1), "x", 2, sent()).await;
    claim(&*l, &of("c-2", 1), "x", 1, false).await;
    complete(&*l, &of("c-2", 1), "x", 2, failed(None, 2)).await;
    claim(&*l, &of("c-3", 1), "x", 1, false).await;
    complete(&*l, &of("c-3", 1), "x", 2, failed(Some(600), 2)).await;
    claim(&*l, &of("c-4", 1), "x", 1, false).await;
    claim(&*l, &of("c-5", 2), "x", 1, false).await;
    complete(&*l, &of("c-5", 2), "x", 2, sent()).await;
    claim_to(&*l, &of("c-6", 1), "x", 1, false, true).await;
    complete(&*l, &of("c-6", 1), "x", 2, outboxed()).await;
    let mut elsewhere = of("c-7", 1);
    elsewhere.incident = "webmail-2022-03-14".into();
    claim(&*l, &elsewhere, "x", 1, false).await;
    complete(&*l, &elsewhere, "x", 2, sent()).await;

    let everyone = ["c-1", "c-2", "c-3", "c-4", "c-5", "c-6", "c-7", "nobody"];
    let incident = "creator-2022-03-14";
    let told = l.told_before(incident, 2, &everyone).await.unwrap();
    assert_eq!(names(told), ["c-1", "c-3", "c-4"], "told before revision 2");
    let told = l.told_before(incident, 1, &everyone).await.unwrap();
    assert!(told.is_empty(), "nothing comes before revision 1: {told:?}");
    let told = l.told_before(incident, 3, &everyone).await.unwrap();
    assert_eq!(
        names(told),
        ["c-1", "c-3", "c-4", "c-5"],
        "before revision 3"
    );
    let told = l.told_before(incident, 3, &[]).await.unwrap();
    assert!(told.is_empty());
}

/// Customers outside a revision's audience are counted once each, apart
/// from its recipients, and never as unreached; one with a delivery of the
/// revision counts as a recipient only.
pub async fn not_subscribed_are_counted_apart_from_recipients(l: Arc<dyn Ledger>) {
    let incident = "creator-2022-03-14";
    let revision_1 = creator_notice()
        .to_builder()
        .revision(1)
        .published_at(t(0))
        .build()
        .unwrap();
    l.record_notice(&revision_1).await.unwrap();
    claim(&*l, &of("c-1", 1), "x", 1, false).await;
    complete(&*l, &of("c-1", 1), "x", 2, sent()).await;
    l.record_not_subscribed(incident, 1, &["c-2", "c-3"])
        .await
        .unwrap();
    l.record_not_subscribed(incident, 1, &["c-3", "c-1"])
        .await
        .unwrap();
    l.record_not_subscribed(incident, 2, &["c-9"])
        .await
        .unwrap();

    let c = l.coverage(incident, Some(1)).await.unwrap();
    assert_eq!(c.revisions.len(), 1, "{c:?}");
    let one = &c.revisions[0];
    assert_eq!(
        (one.recipients, one.told, one.unreached, one.not_subscribed),
        (1, 1, 0, 2),
        "{one:?}"
    );
    assert!(c.unreached.is_empty(), "{:?}", c.unreached);

    let c = l.coverage(incident, None).await.unwrap();
    let revisions: Vec<(u32, u64, u64)> = c
        .revisions
        .iter()
        .map(|r| (r.revision, r.recipients, r.not_subscribed))
        .collect();
    assert_eq!(revisions, [(1, 1, 2), (2, 0, 1)]);
    let other = l.coverage("webmail-2022-03-14", None).await.unwrap();
    assert!(other.revisions.is_empty(), "{other:?}");
}
