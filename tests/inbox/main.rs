//! One suite, every inbox: in memory, in a real SQLite file and (feature
//! `postgres`) in PostgreSQL.

#[path = "../support/mod.rs"]
mod support;

use std::sync::Arc;

use jiff::Timestamp;
use tidings::Status;
use tidings::inbox::{Inbox, InboxReader, InboxUpdate, ListQuery, Recorded};
use tidings::store::memory::MemoryInbox;

fn update(account: &str, incident: &str, revision: u32, minute: i64) -> InboxUpdate {
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

async fn one_entry_per_incident_with_its_history(inbox: Arc<dyn Inbox>) {
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
    assert_eq!(history[1], update("a", "i1", 2, 10).revision_view());
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

async fn newest_first_paged_and_unread(inbox: Arc<dyn Inbox>) {
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

async fn concurrent_writers_keep_the_newest(inboxes: Vec<Arc<dyn Inbox>>) {
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

async fn the_in_app_channel_records_what_was_rendered(inbox: Arc<dyn Inbox>) {
    use tidings::Channel;
    use tidings::channel::in_app::InAppChannel;
    let channel = InAppChannel::new(Arc::clone(&inbox));
    let delivery = support::delivery_to(
        tidings::Address::InApp {
            account: "acct-9".into(),
        },
        "ja",
    );
    let receipt = channel.deliver(&delivery).await.unwrap();
    assert_eq!(receipt.detail, "new inbox entry");
    assert_eq!(
        channel.deliver(&delivery).await.unwrap().detail,
        "already in the inbox"
    );
    let entries = inbox.list("acct-9", &ListQuery::default()).await.unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].incident, "creator-2022-03-14");
    assert_eq!(entries[0].locale, "ja-JP");
    assert_eq!(entries[0].title, delivery.rendered.title);
    assert_eq!(entries[0].body, delivery.rendered.brief);
    assert!(!entries[0].read);
}

trait RevisionView {
    fn revision_view(&self) -> tidings::inbox::InboxRevision;
}

impl RevisionView for InboxUpdate {
    fn revision_view(&self) -> tidings::inbox::InboxRevision {
        tidings::inbox::InboxRevision {
            revision: self.revision,
            status: self.status,
            locale: self.locale.clone(),
            title: self.title.clone(),
            body: self.body.clone(),
            published_at: self.published_at,
        }
    }
}

macro_rules! suite {
    ($backend:ident, $make:expr) => {
        mod $backend {
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn one_entry_per_incident_with_its_history() {
                let (inbox, _keep) = $make.await;
                super::one_entry_per_incident_with_its_history(inbox).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn newest_first_paged_and_unread() {
                let (inbox, _keep) = $make.await;
                super::newest_first_paged_and_unread(inbox).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn concurrent_writers_keep_the_newest() {
                let (inbox, _keep) = $make.await;
                super::concurrent_writers_keep_the_newest(vec![inbox]).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn the_in_app_channel_records_what_was_rendered() {
                let (inbox, _keep) = $make.await;
                super::the_in_app_channel_records_what_was_rendered(inbox).await;
            }
        }
    };
}

suite!(memory, async {
    (Arc::new(MemoryInbox::new()) as Arc<dyn Inbox>, ())
});

#[cfg(feature = "postgres")]
use support::postgres as pg;

#[cfg(feature = "postgres")]
mod postgres {
    use super::*;

    pub async fn open() -> (Arc<dyn Inbox>, ()) {
        (Arc::new(pg::fresh_state().await.inbox()), ())
    }

    suite!(postgres, open());
}

#[cfg(feature = "sqlite")]
mod sqlite_file {
    use super::*;
    use tidings::StateFile;

    pub async fn open() -> (Arc<dyn Inbox>, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let state = StateFile::open(dir.path().join("state.db")).await.unwrap();
        (Arc::new(state.inbox()), dir)
    }

    suite!(sqlite, open());

    /// Hundreds of writes at once wait for the connection as tasks; they do
    /// not each take a thread of Tokio's blocking pool (which keeps idle
    /// threads for ten seconds, so the count after the writes shows them).
    #[cfg(target_os = "linux")]
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn many_writes_at_once_do_not_take_a_thread_each() {
        let dir = tempfile::tempdir().unwrap();
        let inbox = tidings::StateFile::open(dir.path().join("state.db"))
            .await
            .unwrap()
            .inbox();
        let writes = (0..400).map(|n| {
            let inbox = inbox.clone();
            async move {
                let u = update(&format!("acct-{n}"), "creator-2022-03-14", 1, 0);
                inbox.record(&u).await.unwrap()
            }
        });
        let recorded = futures_util::future::join_all(writes).await;
        assert!(recorded.iter().all(|r| *r == Recorded::New));
        let threads = std::fs::read_dir("/proc/self/task").unwrap().count();
        assert!(threads < 150, "{threads} threads");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn two_handles_on_one_file_write_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.db");
        let a = tidings::StateFile::open(&path).await.unwrap().inbox();
        let b = tidings::StateFile::open(&path).await.unwrap().inbox();
        concurrent_writers_keep_the_newest(vec![Arc::new(a), Arc::new(b)]).await;
        // And it is all still there for a third process.
        let c = tidings::StateFile::open(&path).await.unwrap().inbox();
        assert_eq!(
            c.list(
                "a",
                &ListQuery {
                    limit: 100,
                    ..ListQuery::default()
                }
            )
            .await
            .unwrap()
            .len(),
            20
        );
    }
}
