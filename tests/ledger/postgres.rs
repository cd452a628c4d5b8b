//! PostgreSQL: instances sharing one database, schemas older and newer,
//! TLS.

use tidings::DeliveryKey;
use tidings::ledger::{Claim, ClaimRequest, DeliveryState, Ledger, LedgerReader};

use super::*;

/// Two instances on one database, each with its own pool and senders, claim
/// the same deliveries at once: every delivery is claimed exactly once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_postgres_instances_never_both_claim() {
    let url = pg::fresh_database().await;
    let a = pg::fresh_state_at(&url).await.ledger();
    let b = pg::fresh_state_at(&url).await.ledger();
    let r = recipient();
    let keys: Vec<DeliveryKey> = (0..200)
        .map(|n| {
            let mut k = key(1);
            k.recipient = format!("c-{n}");
            k
        })
        .collect();
    let claims = |ledger: tidings::store::postgres::PgLedger, owner: &'static str| {
        let (keys, r) = (keys.clone(), r.clone());
        tokio::spawn(async move {
            let mut won = 0;
            for k in &keys {
                let req = ClaimRequest {
                    key: k,
                    owner,
                    lease_until: t(300),
                    now: t(0),
                    take_over: false,
                    recipient: &r,
                    outbox: false,
                };
                if matches!(ledger.claim(&req).await.unwrap(), Claim::Claimed { .. }) {
                    won += 1;
                }
            }
            won
        })
    };
    let (x, y) = (claims(a, "a"), claims(b, "b"));
    let (x, y) = (x.await.unwrap(), y.await.unwrap());
    assert_eq!(x + y, keys.len(), "{x} + {y}");
}

/// A database written before deliveries due again were called `retrying`
/// (schema 2, where they were `failed`) is migrated: they are still due,
/// and read as retrying.
#[tokio::test]
async fn a_postgres_database_of_schema_2_keeps_its_due_deliveries() {
    let url = pg::fresh_database().await;
    let ledger = pg::fresh_state_at(&url).await.ledger();
    assert!(is_claimed(
        &claim(&ledger, &key(1), "a", 0, false).await,
        false
    ));
    complete(&ledger, &key(1), "a", 1, failed(Some(5), 1)).await;
    drop(ledger);
    let client = pg::client(&url).await;
    client
        .batch_execute(
            "UPDATE tidings_delivery SET state = 'failed' WHERE state = 'retrying';
             ALTER TABLE tidings_delivery DROP COLUMN part;
             ALTER TABLE tidings_delivery ADD PRIMARY KEY (recipient, incident, channel, address, revision);
             DROP INDEX tidings_delivery_due;
             CREATE INDEX tidings_delivery_due ON tidings_delivery (due_us)
                 WHERE state IN ('claimed', 'failed');
             UPDATE tidings_schema SET version = 2;",
        )
        .await
        .unwrap();
    let ledger = pg::fresh_state_at(&url).await.ledger();
    let history = ledger.history("c-1").await.unwrap();
    assert_eq!(history[0].state, DeliveryState::Retrying, "{history:?}");
    assert_eq!(ledger.backlog().await.unwrap().pending, 1);
    let due = ledger.due(t(10), None, 10).await.unwrap();
    assert_eq!(due.len(), 1, "still due after the migration");
}

/// A database written by a newer tidings is refused, not migrated; and the
/// password of the URL is in no error and no `Debug` output.
#[tokio::test]
async fn postgres_refuses_a_newer_schema_and_keeps_the_password_out() {
    let url = pg::fresh_database().await;
    drop(pg::fresh_state_at(&url).await);
    let client = pg::client(&url).await;
    client
        .batch_execute("UPDATE tidings_schema SET version = 99")
        .await
        .unwrap();
    let err = tidings::store::postgres::PostgresState::connect(&url, pg::KEY)
        .await
        .unwrap_err();
    assert!(
        matches!(err, tidings::StoreError::NewerSchema { found: 99, .. }),
        "{err}"
    );

    let secret = "s3cret-Pa55word";
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let url = format!("postgres://tidings:{secret}@127.0.0.1:{port}/tidings");
    let builder = tidings::store::postgres::PostgresState::builder(&url).sealing_key(pg::KEY);
    let shown = format!("{builder:?}");
    assert!(!shown.contains(secret), "{shown}");
    let err = builder.connect().await.unwrap_err();
    let said = format!("{err} / {err:?}");
    assert!(!said.contains(secret), "{said}");
    assert!(said.contains("cannot reach the database"), "{said}");
    assert!(said.to_lowercase().contains("refused"), "{said}");

    // `sslmode=require` never falls back to a plain connection (the test
    // server offers no TLS).
    let plain_only = format!("{}?sslmode=require", pg::fresh_database().await);
    let err = tidings::store::postgres::PostgresState::connect(&plain_only, pg::KEY)
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("cannot reach the database"),
        "{err}"
    );
}

#[path = "../support/certs.rs"]
mod certs;

/// TLS to the database: with `sslmode=require` a server whose certificate
/// no trusted CA signed is refused; with its CA added the session is
/// encrypted, as the server itself reports.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_over_tls_verifies_the_server() {
    let (_certs, ca, cert, private_key) = certs::certificates();
    let cluster = pg::Cluster::start_with_tls(&cert, &private_key);
    let url = format!(
        "postgres://tidings@localhost:{}/postgres?sslmode=require",
        cluster.port
    );
    let err = tidings::store::postgres::PostgresState::builder(&url)
        .sealing_key(pg::KEY)
        .connect()
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("cannot reach the database"),
        "{err}"
    );

    let state = tidings::store::postgres::PostgresState::builder(&url)
        .sealing_key(pg::KEY)
        .add_root_certificate(ca)
        .connect()
        .await
        .unwrap();
    let ledger = state.ledger();
    claim(&ledger, &key(1), "a", 0, false).await;
    // Ask the server, over a plain connection, how the pool's sessions are.
    let plain = format!(
        "postgres://tidings@127.0.0.1:{}/postgres?sslmode=disable",
        cluster.port
    );
    let (client, connection) = tokio_postgres::connect(&plain, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);
    let encrypted: i64 = client
        .query_one(
            "SELECT count(*) FROM pg_stat_ssl WHERE ssl AND pid <> pg_backend_pid()",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert!(encrypted >= 1, "the pool's sessions use TLS");
    let plain_sessions: i64 = client
        .query_one(
            "SELECT count(*) FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid)
             WHERE NOT s.ssl AND a.backend_type = 'client backend' AND s.pid <> pg_backend_pid()",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(plain_sessions, 0, "no session of tidings' is in the clear");
}

/// `url` as if its server were on another machine: named
/// `db.tidings.test`, reached at this machine's loopback address
/// (`hostaddr`), so the name is what the TLS rule and the certificate check
/// see.
fn elsewhere(url: &str) -> String {
    let mut url = url::Url::parse(url).unwrap();
    let ip = url.host_str().unwrap().to_owned();
    url.set_host(Some("db.tidings.test")).unwrap();
    url.query_pairs_mut().append_pair("hostaddr", &ip);
    url.into()
}

/// Without an `sslmode` in its URL, a server on another machine is reached
/// over TLS or not at all: one that offers no TLS is refused (nobody on the
/// path can make tidings talk in the clear), one that does is used over
/// TLS, verified.
#[tokio::test]
async fn postgres_on_another_machine_gets_tls_or_nothing_by_default() {
    let (_certs, ca, cert, private_key) = certs::certificates();
    // The shared test server offers no TLS: refused.
    let plain = elsewhere(&pg::fresh_database().await);
    assert!(!plain.contains("sslmode"), "{plain}");
    let err = tidings::store::postgres::PostgresState::builder(&plain)
        .sealing_key(pg::KEY)
        .connect()
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("cannot reach the database"), "{err}");
    assert!(err.contains("TLS"), "says why: {err}");

    // A server with TLS: the connection is encrypted.
    let cluster = pg::Cluster::start_with_tls(&cert, &private_key);
    let url = elsewhere(&format!(
        "postgres://tidings@127.0.0.1:{}/postgres",
        cluster.port
    ));
    let state = tidings::store::postgres::PostgresState::builder(&url)
        .sealing_key(pg::KEY)
        .add_root_certificate(ca)
        .connect()
        .await
        .unwrap();
    claim(&state.ledger(), &key(1), "a", 0, false).await;
    let (client, connection) = tokio_postgres::connect(
        &format!(
            "postgres://tidings@127.0.0.1:{}/postgres?sslmode=disable",
            cluster.port
        ),
        tokio_postgres::NoTls,
    )
    .await
    .unwrap();
    tokio::spawn(connection);
    let sessions: Vec<bool> = client
        .query(
            "SELECT s.ssl FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid)
             WHERE a.backend_type = 'client backend' AND s.pid <> pg_backend_pid()",
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|row| row.get(0))
        .collect();
    assert!(!sessions.is_empty());
    assert!(
        sessions.iter().all(|ssl| *ssl),
        "every session over TLS: {sessions:?}"
    );
}

/// A database whose rows have another shape than tidings wrote (a column
/// changed behind its back) fails what reads them, with why: no panic in a
/// batch (which would stop every later claim) or in a question.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rows_of_another_shape_fail_with_why_and_never_panic() {
    let url = pg::fresh_database().await;
    drop(pg::fresh_state_at(&url).await);
    let client = pg::client(&url).await;
    client
        .batch_execute(
            "ALTER TABLE tidings_delivery ALTER COLUMN attempts TYPE text USING attempts::text",
        )
        .await
        .unwrap();
    let ledger = pg::fresh_state_at(&url).await.ledger();
    let r = recipient();
    for n in 0..2 {
        let mut k = key(1);
        k.recipient = format!("c-{n}");
        let req = ClaimRequest {
            key: &k,
            owner: "a",
            lease_until: t(300),
            now: t(0),
            take_over: false,
            recipient: &r,
            outbox: false,
        };
        let err = ledger.claim(&req).await.unwrap_err().to_string();
        assert!(
            !err.contains("stopped"),
            "the batches still run, claim {n}: {err}"
        );
    }
    let err = ledger.history("c-0").await.unwrap_err();
    assert!(!err.to_string().is_empty(), "{err}");
}
