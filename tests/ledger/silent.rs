//! A PostgreSQL server that stops answering (a host gone silent): what
//! needs it fails within the timeout, with why, instead of holding the send
//! forever; nothing unsent is recorded as sent; and once it answers again,
//! a send finishes the job.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use async_trait::async_trait;
use tidings::channel::{Channel, ChannelKind};
use tidings::store::postgres::PostgresState;
use tidings::{Catalog, Delivery, DeliveryError, Dispatcher, Receipt};

use super::customer;
use super::{creator_notice, pg};

/// Counts what it delivers, per delivery; at the `freeze_at`th delivery it
/// freezes the server first.
struct Freezing {
    made: Arc<Mutex<HashMap<String, u32>>>,
    calls: Mutex<u32>,
    freeze_at: u32,
    cluster: Arc<pg::Cluster>,
}

#[async_trait]
impl Channel for Freezing {
    fn kind(&self) -> ChannelKind {
        ChannelKind::Webhook
    }
    async fn deliver(&self, delivery: &Delivery) -> Result<Receipt, DeliveryError> {
        let call = {
            let mut calls = self.calls.lock().unwrap();
            *calls += 1;
            *calls
        };
        if call == self.freeze_at {
            self.cluster.freeze();
        }
        *self
            .made
            .lock()
            .unwrap()
            .entry(delivery.key.id())
            .or_default() += 1;
        Ok(Receipt::new(ChannelKind::Webhook, "HTTP 204"))
    }
}

const TIMEOUT: Duration = Duration::from_secs(2);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_that_stops_answering_fails_in_time_and_a_later_send_finishes() {
    const N: usize = 300;
    let cluster = Arc::new(pg::Cluster::start());
    let state = PostgresState::builder(cluster.url())
        .sealing_key(pg::KEY)
        .timeout(TIMEOUT)
        .connect()
        .await
        .unwrap();
    let made = Arc::new(Mutex::new(HashMap::new()));
    let d = Dispatcher::builder(Arc::new(Catalog::shipped().unwrap()))
        .ledger(Arc::new(state.ledger()))
        .channel(Arc::new(Freezing {
            made: Arc::clone(&made),
            calls: Mutex::new(0),
            freeze_at: 50,
            cluster: Arc::clone(&cluster),
        }))
        .owner("a")
        // At most 64 at once: whatever the machine's pace, most deliveries
        // still need the server after it froze at the 50th.
        .concurrency(64)
        .build()
        .unwrap();
    let notice = creator_notice();

    // The server freezes at the 50th delivery: the send ends anyway, a few
    // timeouts later. It counts as sent only what was made and recorded: a
    // delivery made whose outcome the server never took is pending (its
    // claim comes due again), never sent.
    let started = Instant::now();
    let report = tokio::time::timeout(
        Duration::from_secs(60),
        d.send_all(&notice, (0..N).map(customer)),
    )
    .await
    .expect("the send ends while the server is frozen")
    .unwrap();
    let took = started.elapsed();
    let made_then: u64 = made.lock().unwrap().values().map(|&n| u64::from(n)).sum();
    let t = report.totals;
    println!(
        "frozen send: {took:?}; made {made_then}, counted sent {}, failed {}, pending {}",
        t.sent, t.failed, t.pending
    );
    assert!(took < Duration::from_secs(40), "{took:?}");
    assert!(t.sent <= made_then, "{report:?}");
    assert!(made_then - t.sent <= t.pending, "{report:?}");
    assert_eq!(t.sent + t.failed + t.pending, N as u64, "{report:?}");
    assert!(t.failed > 0, "{report:?}");

    // A send that starts while the server is silent fails with why.
    let err = tokio::time::timeout(
        Duration::from_secs(60),
        d.send_all(&notice, (0..N).map(customer)),
    )
    .await
    .expect("the send ends while the server is frozen")
    .unwrap_err();
    assert!(
        err.to_string().contains("did not answer within 2 s"),
        "{err}"
    );
    // So does connecting to it.
    let err = tokio::time::timeout(
        Duration::from_secs(60),
        PostgresState::builder(cluster.url())
            .sealing_key(pg::KEY)
            .timeout(TIMEOUT)
            .connect(),
    )
    .await
    .expect("connecting ends while the server is frozen")
    .unwrap_err();
    assert!(
        err.to_string().contains("did not answer within 2 s"),
        "{err}"
    );

    // It answers again: the next send reaches everyone the first did not.
    // Only deliveries made while the server was silent, whose outcome could
    // not be recorded, may be made twice.
    cluster.thaw();
    let again = d.send_all(&notice, (0..N).map(customer)).await.unwrap();
    let made = made.lock().unwrap().clone();
    let twice = made.values().filter(|&&n| n > 1).count();
    println!("after the thaw: {:?}; made twice: {twice}", again.totals);
    assert_eq!(made.len(), N, "everyone reached");
    assert!(made.values().all(|&n| n <= 2), "{made:?}");
    assert!(twice as u64 <= made_then, "{twice} > {made_then}");
}
