//! The notice store and the questions support and on-call ask: history,
//! coverage, overdue promises.

use std::sync::Arc;

use super::*;

/// History is per recipient newest first.
pub async fn history_is_per_recipient_newest_first(l: Arc<dyn Ledger>) {
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

/// Coverage counts who was told per revision and why not.
pub async fn coverage_counts_who_was_told_per_revision_and_why_not(l: Arc<dyn Ledger>) {
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
        Claim::AlreadyMade
    );

    let c = l.coverage("creator-2022-03-14", Some(1)).await.unwrap();
    let r = &c.revisions[0];
    assert_eq!(
        (r.recipients, r.told, r.unreached, r.unreached_pending),
        (4, 2, 2, 1)
    );
    assert_eq!(r.status, Some(crate::Status::Investigating));
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

/// Notices are kept for later.
pub async fn notices_are_kept_for_later(l: Arc<dyn Ledger>) {
    let first = creator_notice();
    let published = first.published_at() + SignedDuration::from_hours(26);
    let notice = Notice::builder(first.incident().clone(), 2, Status::Identified, published)
        .build()
        .unwrap();
    l.record_notice(&notice).await.unwrap();
    assert_eq!(
        l.notice("creator-2022-03-14", 2).await.unwrap(),
        Some(notice.clone())
    );
    assert_eq!(l.notice("creator-2022-03-14", 3).await.unwrap(), None);
    // Every notice kept, for feeds and status pages.
    l.record_notice(&first).await.unwrap();
    let mut all = l.notices().await.unwrap();
    all.sort_by_key(|n| n.revision());
    assert_eq!(all, vec![first, notice]);
}

/// A revision keeps its first text: the same notice again is fine, another
/// text under the same revision is refused and changes nothing.
pub async fn a_revision_keeps_its_first_text(l: Arc<dyn Ledger>) {
    let first = creator_notice();
    l.record_notice(&first).await.unwrap();
    l.record_notice(&first).await.unwrap();
    let changed = first
        .to_builder()
        .status_page("https://evil.example/")
        .build()
        .unwrap();
    let refused = l.record_notice(&changed).await.unwrap_err();
    assert!(
        matches!(refused, StoreError::RevisionChanged { revision: 1, .. }),
        "{refused:?}"
    );
    assert!(refused.to_string().contains("new revision"), "{refused}");
    assert_eq!(
        l.notice("creator-2022-03-14", 1).await.unwrap(),
        Some(first)
    );
}

/// Overdue follows the latest notice of each incident.
pub async fn overdue_follows_the_latest_notice_of_each_incident(l: Arc<dyn Ledger>) {
    let at = |s: &str| s.parse::<Timestamp>().unwrap();
    let hour = Duration::from_secs(3600);
    // Revision 1, published at 08:52 CET, promised the next update in 30
    // minutes: due at 09:22.
    l.record_notice(&creator_notice()).await.unwrap();
    let before = l.overdue(at("2022-03-14T09:20:00+01:00"), hour).await;
    assert!(before.unwrap().is_empty(), "not due yet");
    let late = l
        .overdue(at("2022-03-14T09:30:00+01:00"), hour)
        .await
        .unwrap();
    assert_eq!(late.len(), 1, "{late:?}");
    assert_eq!(
        (late[0].incident.as_str(), late[0].revision),
        ("creator-2022-03-14", 1)
    );
    assert_eq!(late[0].due_at, at("2022-03-14T09:22:00+01:00"));
    assert_eq!(late[0].late_minutes, 8.0);
    // Revision 2 keeps the promise and makes none: due an hour (the longest
    // silence) after it was published.
    let incident = creator_notice().incident().clone();
    let published = at("2022-03-14T09:25:00+01:00");
    let second = Notice::builder(incident.clone(), 2, Status::Identified, published)
        .build()
        .unwrap();
    l.record_notice(&second).await.unwrap();
    let kept = l.overdue(at("2022-03-14T09:30:00+01:00"), hour).await;
    assert!(kept.unwrap().is_empty(), "the promise was kept");
    let silent = l
        .overdue(at("2022-03-14T10:30:00+01:00"), hour)
        .await
        .unwrap();
    assert_eq!(silent.len(), 1, "{silent:?}");
    assert_eq!(silent[0].revision, 2);
    // A resolved incident is never overdue.
    let resolved = Notice::builder(incident, 3, Status::Resolved, published)
        .build()
        .unwrap();
    l.record_notice(&resolved).await.unwrap();
    let after = l.overdue(at("2022-03-15T12:00:00+01:00"), hour).await;
    assert!(after.unwrap().is_empty());
}
