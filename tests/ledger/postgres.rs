//! PostgreSQL: instances sharing one database, a sender whose session
//! ended, schemas older and newer, TLS.

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

/// A sender of another instance holds an advisory lock for its life: its
/// claims are respected while it runs and, once it leaves, taken over as
/// soon as its session ends, long before its leases would.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_postgres_sender_whose_session_ended_is_taken_over_at_once() {
    let url = pg::fresh_database().await;
    let a = pg::fresh_state_at(&url).await.ledger();
    let b = pg::fresh_state_at(&url).await.ledger();
    a.enter("a").await.unwrap();
    claim(&a, &key(1), "a", 0, false).await;
    assert!(matches!(
        claim(&b, &key(1), "b", 1, false).await,
        Claim::HeldElsewhere { .. }
    ));
    // The same name twice is refused: two instances must not share one.
    let err = b.enter("a").await.unwrap_err();
    assert!(err.to_string().contains("another running sender"), "{err}");
    a.leave("a");
    // The lease runs to 30 s of ledger time; the session's end is enough.
    let started = std::time::Instant::now();
    loop {
        match claim(&b, &key(1), "b", 2, false).await {
            Claim::Claimed { reclaimed, .. } => {
                assert!(reclaimed);
                break;
            }
            Claim::HeldElsewhere { .. } => {
                assert!(
                    started.elapsed() < std::time::Duration::from_secs(10),
                    "the lock outlived its session"
                );
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            }
            other => panic!("{other:?}"),
        }
    }
}

/// The backend that holds sender `owner`'s advisory lock, if one does.
async fn lock_holder(admin: &tokio_postgres::Client, owner: &str) -> Option<i32> {
    admin
        .query_opt(
            "SELECT l.pid FROM pg_locks l JOIN tidings_sender s ON l.objid = s.id::oid
             WHERE l.locktype = 'advisory' AND l.granted AND l.classid = 1953064041::oid
               AND l.objsubid = 2 AND s.owner = $1
               AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())",
            &[&owner],
        )
        .await
        .unwrap()
        .map(|row| row.get(0))
}

async fn connect(url: &str) -> tokio_postgres::Client {
    let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);
    client
}

/// A sender whose lock session is cut (a failover, an idle timeout,
/// `pg_terminate_backend`) while its process goes on sending takes its lock
/// back; meanwhile nobody takes over its claims, so nobody is told twice.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_postgres_sender_whose_session_is_cut_takes_its_lock_back_and_keeps_its_claims() {
    let url = pg::fresh_database().await;
    let a = pg::fresh_state_at(&url).await.ledger();
    let b = pg::fresh_state_at(&url).await.ledger();
    let admin = connect(&url).await;
    a.enter("a").await.unwrap();
    claim(&a, &key(1), "a", 0, false).await;
    let cut = lock_holder(&admin, "a").await.expect("a holds its lock");
    admin
        .execute("SELECT pg_terminate_backend($1)", &[&cut])
        .await
        .unwrap();
    let started = std::time::Instant::now();
    loop {
        // Not taken over: `a` still runs.
        assert!(
            matches!(
                claim(&b, &key(1), "b", 1, false).await,
                Claim::HeldElsewhere { .. }
            ),
            "taken over from a sender that only lost its session"
        );
        match lock_holder(&admin, "a").await {
            Some(pid) if pid != cut => break,
            _ => {}
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(15),
            "the lock was not taken back"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    println!("took the lock back in {:?}", started.elapsed());
    assert!(matches!(
        claim(&b, &key(1), "b", 2, false).await,
        Claim::HeldElsewhere { .. }
    ));
    // And `a` goes on claiming.
    assert!(is_claimed(&claim(&a, &key(2), "a", 3, false).await, false));
}

/// A sender that cannot take its lock back (the database does not answer
/// it) stops claiming, and says why;
/// its attempts in flight are told to stop (`lost`), well before others may
/// take them over. Once it has its lock again, it goes on.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_postgres_sender_that_cannot_take_its_lock_back_stops_claiming() {
    let url = pg::fresh_database().await;
    let a = pg::fresh_state_at(&url).await.ledger();
    let admin = connect(&url).await;
    a.enter("a").await.unwrap();
    // Its row locked from here, it cannot say it runs nor take its lock
    // back once its session is cut.
    let blocker = connect(&url).await;
    blocker
        .batch_execute("BEGIN; SELECT 1 FROM tidings_sender WHERE owner = 'a' FOR UPDATE")
        .await
        .unwrap();
    let cut = lock_holder(&admin, "a").await.unwrap();
    admin
        .execute("SELECT pg_terminate_backend($1)", &[&cut])
        .await
        .unwrap();
    let lost = tokio::time::timeout(std::time::Duration::from_secs(60), a.lost("a")).await;
    assert!(lost.is_ok(), "the sender never knew it lost its standing");
    let refused = a
        .claim(&ClaimRequest {
            key: &key(1),
            owner: "a",
            lease_until: t(300),
            now: t(0),
            take_over: false,
            recipient: &recipient(),
            outbox: false,
        })
        .await
        .unwrap_err();
    assert!(
        refused.to_string().contains("claims nothing until it can"),
        "{refused}"
    );
    assert_eq!(lock_holder(&admin, "a").await, None);
    // The database lets it again: `a` takes its lock back and claims.
    blocker.batch_execute("COMMIT").await.unwrap();
    let freed = std::time::Instant::now();
    loop {
        let req = ClaimRequest {
            key: &key(1),
            owner: "a",
            lease_until: t(300),
            now: t(0),
            take_over: false,
            recipient: &recipient(),
            outbox: false,
        };
        match a.claim(&req).await {
            Ok(claim) => {
                assert!(is_claimed(&claim, false), "{claim:?}");
                break;
            }
            Err(_) => {
                assert!(freed.elapsed() < std::time::Duration::from_secs(30));
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            }
        }
    }
}

/// Someone who can write to the database but has no sealing key cannot
/// change what a later delivery says or where it goes: a notice or a
/// recipient rewritten, written without tidings, or moved to another row is
/// refused with why, for that delivery alone.
#[tokio::test]
async fn rows_rewritten_in_the_database_are_refused_with_why() {
    let url = pg::fresh_database().await;
    let ledger = pg::fresh_state_at(&url).await.ledger();
    ledger.record_notice(&creator_notice()).await.unwrap();
    let incident = "creator-2022-03-14";
    for n in [1, 2] {
        let mut k = key(1);
        k.recipient = format!("c-{n}");
        let req = ClaimRequest {
            key: &k,
            owner: "a",
            lease_until: t(30),
            now: t(0),
            take_over: false,
            recipient: &customer(n),
            outbox: false,
        };
        assert!(is_claimed(&ledger.claim(&req).await.unwrap(), false));
        complete(&ledger, &k, "a", 1, failed(Some(5), 1)).await;
    }
    let due = ledger.due(t(10), None, 10).await.unwrap();
    assert!(due.iter().all(|d| d.problem.is_none()), "{due:?}");
    let admin = connect(&url).await;
    let problems = || async {
        let due = ledger.due(t(10), None, 10).await.unwrap();
        due.into_iter()
            .map(|d| (d.key.recipient.clone(), d.problem))
            .collect::<Vec<_>>()
    };

    // A recipient's row rewritten: its delivery is refused, the other goes on.
    admin
        .execute(
            "UPDATE tidings_delivery SET recipient_json = replace(recipient_json, 'Customer 1', 'Mallory')
             WHERE recipient = 'c-1'",
            &[],
        )
        .await
        .unwrap();
    let now = problems().await;
    assert_eq!(now.len(), 2);
    let problem = now[0].1.as_deref().unwrap_or_default();
    assert!(problem.contains("changed or moved"), "{now:?}");
    assert_eq!(now[1].1, None, "the other delivery is untouched");
    // Moved from another delivery's row, whole and tagged: refused too.
    admin
        .execute(
            "UPDATE tidings_delivery SET recipient_json =
                 (SELECT recipient_json FROM tidings_delivery WHERE recipient = 'c-2')
             WHERE recipient = 'c-1'",
            &[],
        )
        .await
        .unwrap();
    let problem = problems().await[0].1.clone().unwrap_or_default();
    assert!(problem.contains("changed or moved"), "{problem}");

    // The notice rewritten (a link of someone else's), or written in plain.
    admin
        .execute(
            "UPDATE tidings_notice SET document = replace(document, 'status.example.com', 'evil.example')",
            &[],
        )
        .await
        .unwrap();
    let err = ledger.notice(incident, 1).await.unwrap_err().to_string();
    assert!(
        err.contains("changed or moved") && err.contains("#1"),
        "{err}"
    );
    let plain = serde_json::to_string(&creator_notice()).unwrap();
    admin
        .execute("UPDATE tidings_notice SET document = $1", &[&plain])
        .await
        .unwrap();
    let err = ledger.notice(incident, 1).await.unwrap_err().to_string();
    assert!(err.contains("no tag"), "{err}");
    let err = ledger
        .coverage(incident, None)
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("no tag"), "{err}");
    // Sending it again does not take the rewritten one for the real one.
    let err = ledger.record_notice(&creator_notice()).await.unwrap_err();
    assert!(err.to_string().contains("no tag"), "{err}");
}

/// No webhook URL (often the credential itself) is kept in the database:
/// deliveries are keyed by its host and a digest, and the URL kept for a
/// retry is sealed with its secret. A database written when the URL was
/// the key is rewritten, and what was made then is still known as made.
#[tokio::test]
async fn postgres_keeps_no_webhook_url_and_an_older_database_is_rewritten() {
    let url = pg::fresh_database().await;
    let ledger = pg::fresh_state_at(&url).await.ledger();
    let notice = creator_notice();
    let hook = |n: usize| format!("https://hooks.slack.example/services/T0KEN{n}/s3cret");
    let customer = |n: usize| {
        let mut c = customer(n);
        c.addresses = vec![tidings::Address::Webhook {
            url: hook(n),
            secret: tidings::Secret::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
        }];
        c
    };
    let key = |n: usize| {
        let c = customer(n);
        tidings::DeliveryKey::new(&notice, &c, &c.addresses[0])
    };
    for n in [1, 2] {
        let c = customer(n);
        let req = ClaimRequest {
            key: &key(n),
            owner: "a",
            lease_until: t(30),
            now: t(0),
            take_over: false,
            recipient: &c,
            outbox: false,
        };
        assert!(is_claimed(&ledger.claim(&req).await.unwrap(), false));
    }
    complete(&ledger, &key(1), "a", 1, sent()).await;
    complete(&ledger, &key(2), "a", 1, failed(Some(5), 1)).await;
    let due = ledger.due(t(10), None, 10).await.unwrap();
    assert_eq!(
        due[0].recipient,
        customer(2),
        "the URL comes back for the retry"
    );
    let admin = connect(&url).await;
    let kept: String = admin
        .query_one(
            "SELECT string_agg(address || ' ' || coalesce(recipient_json, ''), ' ')
             FROM tidings_delivery",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert!(!kept.contains("T0KEN"), "{kept}");
    assert!(kept.contains("hooks.slack.example"), "{kept}");

    // The database as an earlier tidings left it: the URL as the key.
    admin
        .batch_execute(&format!(
            "UPDATE tidings_delivery SET address = '{}' WHERE recipient = 'c-1';
             UPDATE tidings_schema SET version = 4;",
            hook(1)
        ))
        .await
        .unwrap();
    let ledger = pg::fresh_state_at(&url).await.ledger();
    assert_eq!(ledger.history("c-1").await.unwrap()[0].key, key(1));
    let again = ClaimRequest {
        key: &key(1),
        owner: "b",
        lease_until: t(60),
        now: t(20),
        take_over: false,
        recipient: &customer(1),
        outbox: false,
    };
    assert_eq!(ledger.claim(&again).await.unwrap(), Claim::AlreadyMade);
    // The retry's kept recipient still opens where it is.
    assert_eq!(ledger.due(t(10), None, 10).await.unwrap()[0].problem, None);
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
    let (client, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);
    client
        .batch_execute(
            "UPDATE tidings_delivery SET state = 'failed' WHERE state = 'retrying';
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
    let (client, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);
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
    let (client, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(connection);
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
