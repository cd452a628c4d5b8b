//! The SQLite state file: handles and processes sharing one file, files
//! that are locked, foreign, read-only or of an older schema.

use tidings::ledger::{Claim, ClaimRequest, DeliveryState, Ledger, LedgerReader};

use super::*;

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
struct LockHolder(std::process::Child);

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
               DROP INDEX delivery_key;\
               ALTER TABLE delivery DROP COLUMN part;\
               CREATE UNIQUE INDEX delivery_key ON delivery (recipient, incident, channel, address, revision);\
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

/// No webhook URL (often the credential itself) is kept in the state file:
/// deliveries are keyed by its host and a digest, and the URL kept for a
/// retry is sealed with its secret. A file written when the URL was the
/// key is rewritten when opened, and a delivery made then is still known
/// as made: nobody is told twice across the upgrade.
#[tokio::test]
async fn a_state_file_keeps_no_webhook_url_and_an_older_one_is_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.db");
    let open = || {
        tidings::StateFile::builder(&path)
            .sealing_key([7; 32])
            .open()
    };
    let ledger = open().await.unwrap().ledger();
    one_made_one_due_with_token_urls(&ledger).await;
    drop(ledger);
    let mut kept = Vec::new();
    for file in ["state.db", "state.db-wal"] {
        if let Ok(bytes) = std::fs::read(dir.path().join(file)) {
            kept.extend(bytes);
        }
    }
    let kept = String::from_utf8_lossy(&kept);
    assert!(
        !kept.contains("T0KEN"),
        "a webhook URL is in the state file"
    );
    assert!(kept.contains("hooks.slack.example"), "its host is");

    // The file as an earlier tidings left it: the URL as the key.
    let status = std::process::Command::new("python3")
        .args([
            "-c",
            "import sqlite3, sys\n\
             c = sqlite3.connect(sys.argv[1], timeout=10)\n\
             c.execute('UPDATE delivery SET address = ? WHERE recipient = ?', (sys.argv[2], 'c-1'))\n\
             c.executescript('DROP INDEX delivery_key; ALTER TABLE delivery DROP COLUMN part; \
               CREATE UNIQUE INDEX delivery_key ON delivery (recipient, incident, channel, address, revision); \
               DROP INDEX delivery_due; \
               CREATE INDEX delivery_due ON delivery (due_us) WHERE state IN (\\'claimed\\', \\'retrying\\')')\n\
             c.execute('PRAGMA user_version = 5')\n\
             c.commit()\n\
             c.close()",
        ])
        .arg(&path)
        .arg(token_url(1))
        .status()
        .unwrap();
    assert!(status.success());
    let ledger = open().await.unwrap().ledger();
    let history = ledger.history("c-1").await.unwrap();
    assert_eq!(
        history[0].key,
        token_key(1),
        "rewritten to the URL's identity"
    );
    assert!(token_delivery_still_made(&ledger).await);
}

/// A sealing key beside the file that others may read or write is refused,
/// not used: it would seal nothing, or could be swapped for theirs.
#[cfg(unix)]
#[tokio::test]
async fn a_key_file_others_may_read_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.db");
    drop(tidings::StateFile::open(&path).await.unwrap());
    let key = dir.path().join("state.db.key");
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    let err = tidings::StateFile::open(&path).await.unwrap_err();
    assert!(
        err.to_string().contains("may be read or written by others"),
        "{err}"
    );
    std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
    tidings::StateFile::open(&path).await.unwrap();
}
