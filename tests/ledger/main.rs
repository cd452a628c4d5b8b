//! One suite, every ledger (memory, SQLite, PostgreSQL), plus property tests over random
//! interleavings of claim, complete, expiry and crashes.

#[cfg(feature = "postgres")]
mod liveness;
#[cfg(feature = "postgres")]
mod plans;
#[cfg(feature = "postgres")]
mod postgres;
mod properties;
#[cfg(feature = "postgres")]
mod resume;
mod segments;
#[cfg(feature = "postgres")]
mod silent;
#[cfg(feature = "sqlite")]
mod state_file;
#[cfg(feature = "postgres")]
mod stored;

use std::sync::Arc;

use tidings::ledger::Ledger;
use tidings::store::memory::MemoryLedger;

pub use tidings::conformance::ledger::*;

/// The suite on every backend: each case on a fresh ledger.
macro_rules! suite {
    ($backend:ident, $make:expr) => {
        #[tokio::test]
        async fn $backend() {
            // What each ledger needs kept (its file's folder) lives as long
            // as the suite.
            let kept = Arc::new(std::sync::Mutex::new(Vec::new()));
            tidings::conformance::ledger::run_all(|| {
                let kept = Arc::clone(&kept);
                async move {
                    let (ledger, keep) = $make.await;
                    kept.lock().unwrap().push(keep);
                    ledger
                }
            })
            .await;
        }
    };
}

suite!(memory_passes_the_ledger_suite, async {
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
suite!(sqlite_passes_the_ledger_suite, sqlite_ledger());

#[cfg(feature = "postgres")]
#[path = "../support/postgres.rs"]
mod pg;

#[cfg(feature = "postgres")]
pub async fn postgres_ledger() -> (Arc<dyn Ledger>, ()) {
    (Arc::new(pg::fresh_state().await.ledger()), ())
}

#[cfg(feature = "postgres")]
suite!(postgres_passes_the_ledger_suite, postgres_ledger());
