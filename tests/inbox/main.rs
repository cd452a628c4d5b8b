//! One suite, every inbox: in memory, in a real SQLite file and (feature
//! `postgres`) in PostgreSQL.

#[path = "../support/mod.rs"]
mod support;

use std::sync::Arc;

use tidings::conformance::inbox::{concurrent_writers_keep_the_newest, update};
use tidings::inbox::{Inbox, InboxReader, ListQuery, Recorded};
use tidings::store::memory::MemoryInbox;

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

/// The conformance suite on every backend, and the in-app channel over it.
macro_rules! suite {
    ($backend:ident, $make:expr) => {
        mod $backend {
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn passes_the_inbox_suite() {
                let kept = Arc::new(std::sync::Mutex::new(Vec::new()));
                tidings::conformance::inbox::run_all(|| {
                    let kept = Arc::clone(&kept);
                    async move {
                        let (inbox, keep) = $make.await;
                        kept.lock().unwrap().push(keep);
                        inbox
                    }
                })
                .await;
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
