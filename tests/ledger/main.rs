//! One suite, every ledger (memory, SQLite, PostgreSQL), plus property tests over random
//! interleavings of claim, complete, expiry and crashes.

#[cfg(feature = "postgres")]
mod plans;
mod properties;
#[cfg(feature = "postgres")]
mod resume;
mod segments;
#[cfg(feature = "postgres")]
mod silent;

use std::sync::Arc;

#[cfg(feature = "postgres")]
use tidings::DeliveryKey;
use tidings::ledger::{Claim, ClaimRequest, DeliveryState, Ledger, LedgerReader};
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

#[cfg(feature = "sqlite")]
#[tokio::test]
async fn two_sqlite_handles_never_both_claim() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.db");
    let a = tidings::StateFile::open(&path).await.unwrap().ledger();
    let b = tidings::StateFile::open(&path).await.unwrap().ledger();
    // Two instances race for 200 deliveries (distinct addresses, so no
    // revision is stale): each is claimed by exactly one of them.
    let mut wins = 0;
    for n in 0..200 {
        let mut k = key(1);
        k.address = format!("https://hooks.example.com/{n}");
        let (x, y) = tokio::join!(claim(&a, &k, "a", 0, false), claim(&b, &k, "b", 0, false));
        let claimed = [&x, &y]
            .iter()
            .filter(|c| matches!(c, Claim::Claimed { .. }))
            .count();
        assert_eq!(claimed, 1, "{x:?} {y:?}");
        wins += claimed;
    }
    assert_eq!(wins, 200);
}

/// Another process holding the state file's write lock: python's own sqlite3
/// module, so the lock is taken by code tidings did not write.
#[cfg(feature = "sqlite")]
struct LockHolder(std::process::Child);

#[cfg(feature = "sqlite")]
impl LockHolder {
    fn take(path: &std::path::Path) -> LockHolder {
        use std::io::BufRead;
        use std::process::{Command, Stdio};
        let script = "import sqlite3, sys\n\
                      c = sqlite3.connect(sys.argv[1], isolation_level=None)\n\
                      c.execute('BEGIN IMMEDIATE')\n\
                      print('locked', flush=True)\n\
                      sys.stdin.read()\n";
        let mut child = Command::new("python3")
            .args(["-c", script])
            .arg(path)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("python3 runs");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.as_mut().unwrap())
            .read_line(&mut line)
            .unwrap();
        assert_eq!(line.trim(), "locked");
        LockHolder(child)
    }

    fn release(mut self) {
        drop(self.0.stdin.take());
        self.0.wait().unwrap();
    }
}

#[cfg(feature = "sqlite")]
#[tokio::test]
async fn a_state_file_locked_by_another_process_fails_with_that_reason_then_recovers() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.db");
    let ledger = tidings::StateFile::builder(&path)
        .busy_timeout(std::time::Duration::from_millis(200))
        .open()
        .await
        .unwrap()
        .ledger();
    let holder = LockHolder::take(&path);
    let r = recipient();
    let k = key(1);
    let req = ClaimRequest {
        key: &k,
        owner: "a",
        lease_until: t(30),
        now: t(0),
        take_over: false,
        recipient: &r,
        outbox: false,
    };
    let err = ledger.claim(&req).await.unwrap_err();
    assert!(
        matches!(&err, tidings::StoreError::Engine { .. })
            && err.to_string().contains("locked")
            && std::error::Error::source(&err).is_some(),
        "{err}"
    );
    // Nothing was recorded, and once the lock is gone the claim goes through.
    holder.release();
    assert!(ledger.history("c-1").await.unwrap().is_empty());
    assert!(matches!(
        ledger.claim(&req).await.unwrap(),
        Claim::Claimed { .. }
    ));
}

#[cfg(feature = "sqlite")]
#[tokio::test]
async fn a_sqlite_file_of_another_program_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("photos.db");
    // Another program's database, made by Python's own sqlite3.
    let made = std::process::Command::new("python3")
        .args([
            "-c",
            "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); \
             c.execute('CREATE TABLE photo (id INTEGER PRIMARY KEY, name TEXT)'); c.commit()",
        ])
        .arg(&path)
        .status()
        .unwrap();
    assert!(made.success());
    let err = tidings::StateFile::open(&path).await.unwrap_err();
    assert!(matches!(err, tidings::StoreError::Foreign { .. }), "{err}");
    assert!(err.to_string().contains("photos.db"), "{err}");
    assert!(
        err.to_string().contains("not a tidings state file"),
        "{err}"
    );
    let err = tidings::StateFile::open_read_only(&path).await.unwrap_err();
    assert!(matches!(err, tidings::StoreError::Foreign { .. }), "{err}");
    assert!(!dir.path().join("photos.db.key").exists());
    // Its tables are untouched; a file of tidings' own opens again.
    let own = dir.path().join("tidings.db");
    drop(tidings::StateFile::open(&own).await.unwrap().ledger());
    tidings::StateFile::open(&own).await.unwrap().ledger();
}

/// Questions go to the state file's read connection: with another process
/// holding the write lock, history, coverage and the inbox still answer at
/// once, while a write waits its turn and says why it could not.
#[cfg(feature = "sqlite")]
#[tokio::test]
async fn questions_are_answered_while_another_process_writes() {
    use tidings::inbox::{InboxReader, ListQuery};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.db");
    let state = tidings::StateFile::builder(&path)
        .busy_timeout(std::time::Duration::from_millis(200))
        .open()
        .await
        .unwrap();
    let (ledger, inbox) = (state.ledger(), state.inbox());
    let r = recipient();
    let k = key(1);
    let req = ClaimRequest {
        key: &k,
        owner: "a",
        lease_until: t(30),
        now: t(0),
        take_over: false,
        recipient: &r,
        outbox: false,
    };
    assert!(matches!(
        ledger.claim(&req).await.unwrap(),
        Claim::Claimed { .. }
    ));
    let holder = LockHolder::take(&path);
    let history = ledger.history("c-1").await.unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].state, DeliveryState::Claimed);
    ledger.coverage(&k.incident, None).await.unwrap();
    assert!(
        inbox
            .list("c-1", &ListQuery::default())
            .await
            .unwrap()
            .is_empty()
    );
    let err = ledger.claim(&req).await.unwrap_err();
    assert!(err.to_string().contains("locked"), "{err}");
    holder.release();
}

/// A file opened for questions only answers them and offers no write; it is
/// not migrated, and neither a key nor a sender's lock is made
/// beside it.
#[cfg(feature = "sqlite")]
#[tokio::test]
async fn a_state_file_opened_read_only_never_writes() {
    use tidings::inbox::InboxReader;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.db");
    let missing = tidings::StateFile::open_read_only(&path).await.unwrap_err();
    assert!(
        matches!(missing, tidings::StoreError::Missing { .. }),
        "{missing}"
    );
    assert!(!path.exists(), "a missing file is not created");
    let state = tidings::StateFile::builder(&path)
        .sealing_key([7; 32])
        .open()
        .await
        .unwrap();
    let r = recipient();
    let k = key(1);
    let req = ClaimRequest {
        key: &k,
        owner: "a",
        lease_until: t(30),
        now: t(0),
        take_over: false,
        recipient: &r,
        outbox: false,
    };
    state.ledger().claim(&req).await.unwrap();
    drop(state);
    // The writer thread closes its connection once the last handle is gone,
    // folding the write-ahead log into the file and removing it.
    let wal = dir.path().join("state.db-wal");
    for _ in 0..500 {
        if !wal.exists() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    assert!(!wal.exists(), "the writer closed the file");
    let before = std::fs::read(&path).unwrap();
    let files = |dir: &std::path::Path| {
        let mut names: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .filter(|n| {
                !n.to_string_lossy().ends_with("-shm") && !n.to_string_lossy().ends_with("-wal")
            })
            .collect();
        names.sort();
        names
    };
    let listed = files(dir.path());

    // The reader answers questions; it offers no write at all (its type has
    // no claim, no sender's life, no record: see `StateFileReader`).
    let state = tidings::StateFile::open_read_only(&path).await.unwrap();
    let (ledger, inbox) = (state.ledger(), state.inbox());
    assert_eq!(ledger.history("c-1").await.unwrap().len(), 1);
    let listed_entries = inbox.list("c-1", &Default::default()).await.unwrap();
    assert!(listed_entries.is_empty());
    assert!(
        ledger
            .coverage("i-1", None)
            .await
            .unwrap()
            .revisions
            .is_empty()
    );
    drop((ledger, inbox, state));
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the file is unchanged"
    );
    assert_eq!(files(dir.path()), listed, "nothing was made beside it");

    // A file of an older schema is refused, not migrated.
    let conn = std::process::Command::new("python3")
        .args(["-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('PRAGMA user_version = 3'); c.close()"])
        .arg(&path)
        .status()
        .unwrap();
    assert!(conn.success());
    let err = tidings::StateFile::open_read_only(&path).await.unwrap_err();
    assert!(
        matches!(err, tidings::StoreError::OlderSchema { found: 3, .. }),
        "{err}"
    );
}

/// A file written before deliveries due again were called `retrying` (schema
/// 4, where they were `failed`) is migrated: they are still due, and read
/// as retrying.
#[cfg(feature = "sqlite")]
#[tokio::test]
async fn a_state_file_of_schema_4_keeps_its_due_deliveries() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.db");
    let open = || {
        tidings::StateFile::builder(&path)
            .sealing_key([7; 32])
            .open()
    };
    let ledger = open().await.unwrap().ledger();
    assert!(is_claimed(
        &claim(&ledger, &key(1), "a", 0, false).await,
        false
    ));
    complete(&ledger, &key(1), "a", 1, failed(Some(5), 1)).await;
    drop(ledger);
    // The file as schema 4 left it.
    let status = std::process::Command::new("python3")
        .args([
            "-c",
            "import sqlite3, sys, time\n\
             c = sqlite3.connect(sys.argv[1], timeout=10)\n\
             c.executescript(\"UPDATE delivery SET state = 'failed' WHERE state = 'retrying';\
               DROP INDEX delivery_due;\
               CREATE INDEX delivery_due ON delivery (due_us) WHERE state IN ('claimed', 'failed');\
               PRAGMA user_version = 4;\")\n\
             c.commit()\n\
             c.close()",
        ])
        .arg(&path)
        .status()
        .unwrap();
    assert!(status.success());
    let ledger = open().await.unwrap().ledger();
    let history = ledger.history("c-1").await.unwrap();
    assert_eq!(history[0].state, DeliveryState::Retrying, "{history:?}");
    assert_eq!(ledger.backlog().await.unwrap().pending, 1);
    let due = ledger.due(t(10), None, 10).await.unwrap();
    assert_eq!(due.len(), 1, "still due after the migration");
}

/// Two instances on one database, each with its own pool and senders, claim
/// the same deliveries at once: every delivery is claimed exactly once.
#[cfg(feature = "postgres")]
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
/// claims are respected while it runs and taken over as soon as its session
/// ends, long before its leases would.
#[cfg(feature = "postgres")]
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

/// A database written before deliveries due again were called `retrying`
/// (schema 2, where they were `failed`) is migrated: they are still due,
/// and read as retrying.
#[cfg(feature = "postgres")]
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
#[cfg(feature = "postgres")]
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

#[cfg(feature = "postgres")]
#[path = "../support/certs.rs"]
mod certs;

/// TLS to the database: with `sslmode=require` a server whose certificate
/// no trusted CA signed is refused; with its CA added the session is
/// encrypted, as the server itself reports.
#[cfg(feature = "postgres")]
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
