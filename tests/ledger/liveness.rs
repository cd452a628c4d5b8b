//! PostgreSQL senders' liveness: one that leaves is taken over at once,
//! one whose session is cut takes its lock back before anyone may take
//! over, one that cannot stops claiming.

use tidings::ledger::{Claim, ClaimRequest, Ledger};

use super::*;

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

/// A sender whose lock session is cut (a failover, an idle timeout,
/// `pg_terminate_backend`) while its process goes on sending takes its lock
/// back; meanwhile nobody takes over its claims, so nobody is told twice.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_postgres_sender_whose_session_is_cut_takes_its_lock_back_and_keeps_its_claims() {
    let url = pg::fresh_database().await;
    let a = pg::fresh_state_at(&url).await.ledger();
    let b = pg::fresh_state_at(&url).await.ledger();
    let admin = pg::client(&url).await;
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
    let admin = pg::client(&url).await;
    a.enter("a").await.unwrap();
    // Its row locked from here, it cannot say it runs nor take its lock
    // back once its session is cut.
    let blocker = pg::client(&url).await;
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
