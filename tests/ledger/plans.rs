//! The PostgreSQL ledger's batches find every row by its key. The server
//! keeps the plan of a prepared statement made while the ledger was new and
//! empty; a plan that scans the table then costs a pass over the whole
//! ledger for every batch once it has grown.

use std::time::Duration;

use futures_util::future::join_all;
use tidings::DeliveryKey;
use tidings::ledger::Ledger;

use super::{claim, complete, creator_notice, key, pg, sent};

fn numbered(n: usize) -> DeliveryKey {
    let mut k = key(1);
    k.recipient = format!("c-{n}");
    k
}

/// Claims and completes `keys`, all at once (so they go out in batches).
async fn send(ledger: &dyn Ledger, keys: &[DeliveryKey]) {
    join_all(keys.iter().map(|k| async move {
        claim(ledger, k, "a", 0, false).await;
        assert!(complete(ledger, k, "a", 1, sent()).await, "{k}");
    }))
    .await;
}

/// How many times the server began a scan of the whole ledger table, once
/// the pool's one session has reported what it did (a session reports at
/// the end of a transaction, at most once a second).
async fn table_scans(url: &str, ledger: &dyn Ledger) -> i64 {
    tokio::time::sleep(Duration::from_millis(1100)).await;
    ledger.record_notice(&creator_notice()).await.unwrap();
    let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);
    client
        .query_one(
            "SELECT seq_scan FROM pg_stat_user_tables WHERE relname = 'tidings_delivery'",
            &[],
        )
        .await
        .unwrap()
        .get(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_batches_never_scan_the_ledger() {
    let url = pg::fresh_database().await;
    // One session, so every batch runs the statements it prepared while the
    // ledger was empty.
    let state = tidings::store::postgres::PostgresState::builder(&url)
        .sealing_key(pg::KEY)
        .pool_size(1)
        .connect()
        .await
        .unwrap();
    let ledger = state.ledger();
    for n in 0..10 {
        send(&ledger, &[numbered(n)]).await;
    }
    let grown: Vec<DeliveryKey> = (10..3010).map(numbered).collect();
    send(&ledger, &grown).await;
    let before = table_scans(&url, &ledger).await;
    let more: Vec<DeliveryKey> = (3010..3040).map(numbered).collect();
    for k in more.chunks(3) {
        send(&ledger, k).await;
    }
    let after = table_scans(&url, &ledger).await;
    assert_eq!(
        after - before,
        0,
        "the batches of 30 claims and completions scanned the ledger table"
    );
}
