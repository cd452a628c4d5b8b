//! Two instances on one PostgreSQL ledger resume the same due deliveries at
//! once: they split them, and each is made exactly once.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use jiff::{SignedDuration, Timestamp};
use tidings::channel::{Channel, ChannelKind};
use tidings::ledger::{Claim, ClaimRequest, Completion, Ledger, Outcome};
use tidings::{Catalog, Delivery, DeliveryError, DeliveryKey, Dispatcher, Receipt};

use super::{creator_notice, customer, pg};

/// Counts what it is asked to deliver, per delivery, taking a moment each.
struct Counting(Arc<Mutex<HashMap<String, u32>>>);

#[async_trait]
impl Channel for Counting {
    fn kind(&self) -> ChannelKind {
        ChannelKind::Webhook
    }
    async fn deliver(&self, delivery: &Delivery) -> Result<Receipt, DeliveryError> {
        tokio::time::sleep(Duration::from_millis(2)).await;
        *self.0.lock().unwrap().entry(delivery.key.id()).or_default() += 1;
        Ok(Receipt::new(ChannelKind::Webhook, "HTTP 204"))
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_postgres_instances_resume_the_same_due_deliveries_once() {
    const N: usize = 600;
    let url = pg::fresh_database().await;
    let notice = creator_notice();
    // Every delivery failed once and is due again now.
    let seed = pg::fresh_state_at(&url).await.ledger();
    seed.record_notice(&notice).await.unwrap();
    let now = Timestamp::now();
    for n in 0..N {
        let r = customer(n);
        let key = DeliveryKey::new(&notice, &r, &r.addresses[0]);
        let req = ClaimRequest {
            key: &key,
            owner: "seed",
            lease_until: now + SignedDuration::from_secs(300),
            now,
            take_over: false,
            recipient: &r,
            outbox: false,
        };
        assert!(matches!(
            seed.claim(&req).await.unwrap(),
            Claim::Claimed { .. }
        ));
        let failed = Completion {
            key: &key,
            owner: "seed",
            attempts: 1,
            now,
            outcome: Outcome::Failed {
                reason: "webhook answered 503".into(),
                retry_at: Some(now),
            },
        };
        assert!(seed.complete(&failed).await.unwrap());
    }

    let made = Arc::new(Mutex::new(HashMap::new()));
    let catalog = Arc::new(Catalog::shipped().unwrap());
    let mut instances = Vec::new();
    for name in ["a", "b"] {
        let ledger = pg::fresh_state_at(&url).await.ledger();
        instances.push(
            Dispatcher::builder(Arc::clone(&catalog))
                .ledger(Arc::new(ledger))
                .channel(Arc::new(Counting(Arc::clone(&made))))
                .owner(name)
                .build()
                .unwrap(),
        );
    }
    let (a, b) = tokio::join!(instances[0].resume(), instances[1].resume());
    let (a, b) = (a.unwrap(), b.unwrap());
    println!(
        "a made {} (held elsewhere: {}), b made {} (held elsewhere: {})",
        a.totals.sent, a.totals.pending, b.totals.sent, b.totals.pending
    );

    let made = made.lock().unwrap().clone();
    assert_eq!(made.len(), N, "every due delivery made");
    assert!(made.values().all(|&times| times == 1), "{made:?}");
    assert_eq!(a.totals.sent + b.totals.sent, N as u64, "{a:?} {b:?}");
    assert_eq!(a.totals.failed + b.totals.failed, 0);
    // Nothing is left for either of them.
    let again = instances[0].resume().await.unwrap();
    assert_eq!(again.totals, tidings::dispatch::Counts::default());
}
