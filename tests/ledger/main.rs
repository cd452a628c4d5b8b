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

/// The URL of customer `n`'s webhook, with a token in it as a Slack-style
/// URL has: the URL is the credential.
pub fn token_url(n: usize) -> String {
    format!("https://hooks.slack.example/services/T0KEN{n}/s3cret")
}

/// Customer `n`, reached only at [`token_url`].
pub fn token_customer(n: usize) -> tidings::Recipient {
    let mut c = customer(n);
    c.addresses = vec![tidings::Address::Webhook {
        url: token_url(n),
        secret: tidings::Secret::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
    }];
    c
}

/// The key of the example notice to [`token_customer`]`(n)`.
pub fn token_key(n: usize) -> tidings::DeliveryKey {
    let c = token_customer(n);
    tidings::DeliveryKey::new(&creator_notice(), &c, &c.addresses[0])
}

/// Claims the deliveries to token customers 1 and 2 for `owner`; then 1 is
/// made and 2 is due again, its recipient kept, and comes back whole.
pub async fn one_made_one_due_with_token_urls(ledger: &dyn Ledger) {
    for n in [1, 2] {
        let c = token_customer(n);
        let req = tidings::ledger::ClaimRequest {
            key: &token_key(n),
            owner: "a",
            lease_until: t(30),
            now: t(0),
            take_over: false,
            recipient: &c,
            outbox: false,
        };
        assert!(is_claimed(&ledger.claim(&req).await.unwrap(), false));
    }
    complete(ledger, &token_key(1), "a", 1, sent()).await;
    complete(ledger, &token_key(2), "a", 1, failed(Some(5), 1)).await;
    let due = ledger.due(t(10), None, 10).await.unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(
        due[0].recipient,
        token_customer(2),
        "the URL comes back for the retry"
    );
}

/// Whether the delivery to token customer 1 is known as made: another
/// sender's claim of it is a duplicate.
pub async fn token_delivery_still_made(ledger: &dyn Ledger) -> bool {
    let again = tidings::ledger::ClaimRequest {
        key: &token_key(1),
        owner: "b",
        lease_until: t(60),
        now: t(20),
        take_over: false,
        recipient: &token_customer(1),
        outbox: false,
    };
    ledger.claim(&again).await.unwrap() == tidings::ledger::Claim::AlreadyMade
}

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
