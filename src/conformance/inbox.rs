//! The inbox suite: what every [`Inbox`] keeps, a case each.
//!
//! Every case takes a fresh, empty inbox and panics, with what it expected,
//! when the inbox breaks a promise.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use futures_util::FutureExt;
use jiff::Timestamp;

use super::ledger::Case;
use crate::inbox::{Inbox, InboxUpdate, ListQuery, Recorded};
use crate::notice::Status;

/// Every case, in order.
pub const CASES: &[Case<dyn Inbox>] = &[
    ("one_entry_per_incident_with_its_history", |i| {
        Box::pin(one_entry_per_incident_with_its_history(i))
    }),
    ("newest_first_paged_and_unread", |i| {
        Box::pin(newest_first_paged_and_unread(i))
    }),
    ("concurrent_writers_keep_the_newest", |i| {
        Box::pin(concurrent_writers_keep_the_newest(vec![i]))
    }),
];

/// Runs every case, each on an inbox `make` makes fresh, and names the case
/// that failed. Needs a Tokio runtime (the concurrent case spawns tasks).
pub async fn run_all<F, Fut>(mut make: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Arc<dyn Inbox>>,
{
    for (name, case) in CASES {
        let inbox = make().await;
        if let Err(panic) = AssertUnwindSafe(case(inbox)).catch_unwind().await {
            eprintln!("inbox case `{name}` failed");
            std::panic::resume_unwind(panic);
        }
    }
}

/// Revision `revision` of `incident` for `account`, published `minute`
/// minutes after a fixed instant.
pub fn update(account: &str, incident: &str, revision: u32, minute: i64) -> InboxUpdate {
    let statuses = [
        Status::Investigating,
        Status::Identified,
        Status::Monitoring,
        Status::Resolved,
    ];
    InboxUpdate {
        account: account.into(),
        incident: incident.into(),
        revision,
        status: statuses[(revision as usize - 1) % 4],
        locale: "nl-NL".into(),
        title: format!("{incident} r{revision}"),
        body: format!("body of {incident} revision {revision}"),
        published_at: Timestamp::from_second(1_647_243_000 + minute * 60).unwrap(),
    }
}

/// One entry per incident, updated in place, with every revision in its
/// history; an older revision that arrives late never shows over a newer.
pub async fn one_entry_per_incident_with_its_history(inbox: Arc<dyn Inbox>) {
    assert_eq!(
        inbox.record(&update("a", "i1", 1, 0)).await.unwrap(),
        Recorded::New
    );
    assert_eq!(
        inbox.record(&update("a", "i1", 3, 20)).await.unwrap(),
        Recorded::Updated
    );
    assert_eq!(
        inbox.record(&update("a", "i1", 3, 20)).await.unwrap(),
        Recorded::Duplicate
    );
    // Revision 2 arrives late: history only, the entry stays at 3.
    assert_eq!(
        inbox.record(&update("a", "i1", 2, 10)).await.unwrap(),
        Recorded::Older
    );

    let entries = inbox.list("a", &ListQuery::default()).await.unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(
        (entries[0].revision, entries[0].status),
        (3, Status::Monitoring)
    );
    assert_eq!(entries[0].title, "i1 r3");
    assert_eq!(
        entries[0].published_at,
        update("a", "i1", 3, 20).published_at
    );

    let history = inbox.history("a", "i1").await.unwrap();
    let revisions: Vec<u32> = history.iter().map(|r| r.revision).collect();
    assert_eq!(revisions, [1, 2, 3]);
    assert_eq!(history[1], update("a", "i1", 2, 10).revision_entry());
    assert!(inbox.history("a", "nothing").await.unwrap().is_empty());
    // Another account sees nothing of it.
    assert!(
        inbox
            .list("b", &ListQuery::default())
            .await
            .unwrap()
            .is_empty()
    );
}

/// Entries newest first, a page at a time, read and unread.
pub async fn newest_first_paged_and_unread(inbox: Arc<dyn Inbox>) {
    for (i, minute) in [(1, 5), (2, 50), (3, 30), (4, 40)] {
        inbox
            .record(&update("a", &format!("i{i}"), 1, minute))
            .await
            .unwrap();
    }
    let all = inbox.list("a", &ListQuery::default()).await.unwrap();
    let order: Vec<&str> = all.iter().map(|e| e.incident.as_str()).collect();
    assert_eq!(order, ["i2", "i4", "i3", "i1"]);
    let page = inbox
        .list(
            "a",
            &ListQuery {
                limit: 2,
                offset: 1,
                ..ListQuery::default()
            },
        )
        .await
        .unwrap();
    let order: Vec<&str> = page.iter().map(|e| e.incident.as_str()).collect();
    assert_eq!(order, ["i4", "i3"]);

    assert!(inbox.mark_read("a", "i2").await.unwrap());
    assert!(inbox.mark_read("a", "i3").await.unwrap());
    assert!(!inbox.mark_read("a", "i9").await.unwrap());
    let unread = ListQuery {
        unread_only: true,
        ..ListQuery::default()
    };
    let order: Vec<String> = inbox
        .list("a", &unread)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.incident)
        .collect();
    assert_eq!(order, ["i4", "i1"]);
    // A new revision makes a read entry unread again and moves it up.
    inbox.record(&update("a", "i3", 2, 90)).await.unwrap();
    let order: Vec<String> = inbox
        .list("a", &unread)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.incident)
        .collect();
    assert_eq!(order, ["i3", "i4", "i1"]);
    // An older revision does not.
    inbox.mark_read("a", "i3").await.unwrap();
    inbox.record(&update("a", "i3", 1, 30)).await.unwrap();
    assert_eq!(
        inbox.record(&update("a", "i2", 1, 50)).await.unwrap(),
        Recorded::Duplicate
    );
    let order: Vec<String> = inbox
        .list("a", &unread)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.incident)
        .collect();
    assert_eq!(order, ["i4", "i1"]);
}

/// Eight writers (over `inboxes`, handles on one store) record every
/// revision of 20 incidents in their own orders: the newest is kept.
pub async fn concurrent_writers_keep_the_newest(inboxes: Vec<Arc<dyn Inbox>>) {
    // Each writer records every revision of 20 incidents, each in its own order.
    let mut tasks = Vec::new();
    for (w, inbox) in inboxes.iter().cycle().take(8).enumerate() {
        let inbox = Arc::clone(inbox);
        tasks.push(tokio::spawn(async move {
            for i in 0..20 {
                for step in 0..4u32 {
                    let revision = (step + w as u32 + i) % 4 + 1;
                    inbox
                        .record(&update(
                            "a",
                            &format!("i{i}"),
                            revision,
                            i64::from(revision) * 10,
                        ))
                        .await
                        .unwrap();
                }
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let inbox = &inboxes[0];
    let entries = inbox
        .list(
            "a",
            &ListQuery {
                limit: 100,
                ..ListQuery::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(entries.len(), 20);
    assert!(
        entries
            .iter()
            .all(|e| e.revision == 4 && e.status == Status::Resolved),
        "{entries:?}"
    );
    for i in 0..20 {
        let history = inbox.history("a", &format!("i{i}")).await.unwrap();
        assert_eq!(
            history.iter().map(|r| r.revision).collect::<Vec<_>>(),
            [1, 2, 3, 4]
        );
    }
}
