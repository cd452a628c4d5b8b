//! Random interleavings of claims, completions, lease expiry and crashed
//! senders (a sender that claims and never completes), run against every
//! ledger at once: the answers must be the same, and they must keep the
//! promises of the ledger.

use std::collections::HashMap;
use std::sync::Arc;

use proptest::prelude::*;
use tidings::ledger::{Claim, Lease, Ledger, Outcome};
use tidings::store::memory::MemoryLedger;

use super::{claim_to, complete, key, outboxed, renew, sent};

#[derive(Debug, Clone)]
enum Op {
    Claim {
        revision: u32,
        owner: usize,
        take_over: bool,
        outbox: bool,
    },
    Complete {
        revision: u32,
        owner: usize,
        outcome: u8,
    },
    /// A sender renews its lease (before another attempt, or during one).
    Renew {
        revision: u32,
        owner: usize,
        before_attempt: bool,
    },
    /// Time passes; leases (30 s) may run out, as when a sender crashed.
    Wait { seconds: i64 },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (1..=3u32, 0..3usize, prop::bool::weighted(0.1), prop::bool::weighted(0.2))
            .prop_map(|(revision, owner, take_over, outbox)| Op::Claim { revision, owner, take_over, outbox }),
        3 => (1..=3u32, 0..3usize, 0..4u8).prop_map(|(revision, owner, outcome)| Op::Complete { revision, owner, outcome }),
        2 => (1..=3u32, 0..3usize, prop::bool::ANY)
            .prop_map(|(revision, owner, before_attempt)| Op::Renew { revision, owner, before_attempt }),
        2 => (0..45i64).prop_map(|seconds| Op::Wait { seconds }),
    ]
}

const OWNERS: [&str; 3] = ["a", "b", "c"];

/// What the test knows from the answers it saw.
#[derive(Default)]
struct Seen {
    /// Revisions reported sent (to a row that exists).
    sent: Vec<u32>,
    /// Who holds a claim granted to them, and until when.
    holders: HashMap<u32, (usize, i64)>,
    /// Revisions that were ever claimed (so a row exists).
    exists: Vec<u32>,
    /// Revisions whose last recorded outcome was a write to the outbox.
    outboxed: Vec<u32>,
}

fn run(ops: Vec<Op>) -> Result<(), TestCaseError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async move {
        let memory: Arc<dyn Ledger> = Arc::new(MemoryLedger::new());
        #[cfg(feature = "sqlite")]
        let (sqlite, _dir) = super::sqlite_ledger().await;
        let mut ledgers = vec![memory];
        #[cfg(feature = "sqlite")]
        ledgers.push(sqlite);
        #[cfg(feature = "postgres")]
        ledgers.push(super::postgres_ledger().await.0);

        let mut now = 0i64;
        let mut seen = Seen::default();
        for op in ops {
            match op {
                Op::Wait { seconds } => now += seconds,
                Op::Renew {
                    revision,
                    owner,
                    before_attempt,
                } => {
                    let k = key(revision);
                    let mut answers = Vec::new();
                    for l in &ledgers {
                        answers.push(renew(&**l, &k, OWNERS[owner], now, before_attempt).await);
                    }
                    for other in &answers[1..] {
                        prop_assert_eq!(&answers[0], other, "ledgers disagree on renewing {:?}", k);
                    }
                    let holds = seen
                        .holders
                        .get(&revision)
                        .is_some_and(|&(h, _)| h == owner);
                    match &answers[0] {
                        // Only the holder renews, and then it holds for longer.
                        Lease::Held => {
                            prop_assert!(
                                holds,
                                "r{} renewed by {} who does not hold it",
                                revision,
                                owner
                            );
                            seen.holders.insert(revision, (owner, now + 30));
                        }
                        Lease::Superseded { newer } => {
                            prop_assert!(holds && before_attempt && *newer > revision);
                            seen.holders.remove(&revision);
                        }
                        _ => prop_assert!(!holds, "the holder of r{} lost it", revision),
                    }
                }
                Op::Claim {
                    revision,
                    owner,
                    take_over,
                    outbox,
                } => {
                    let k = key(revision);
                    let mut answers = Vec::new();
                    for l in &ledgers {
                        answers
                            .push(claim_to(&**l, &k, OWNERS[owner], now, take_over, outbox).await);
                    }
                    for other in &answers[1..] {
                        prop_assert_eq!(&answers[0], other, "ledgers disagree on {:?}", k);
                    }
                    let answer = &answers[0];
                    // A sent delivery is never sent again.
                    if seen.sent.contains(&revision) {
                        prop_assert_eq!(answer, &Claim::AlreadyMade);
                    }
                    // An outbox is written once; a real send still makes it.
                    if seen.outboxed.contains(&revision) {
                        if outbox {
                            prop_assert_eq!(answer, &Claim::AlreadyMade);
                        } else {
                            prop_assert!(
                                !matches!(answer, Claim::AlreadyMade | Claim::HeldElsewhere { .. }),
                                "{:?}",
                                answer
                            );
                        }
                    }
                    // A stale answer closes a claim whose lease ended.
                    if let Claim::Stale { .. } = answer
                        && seen
                            .holders
                            .get(&revision)
                            .is_some_and(|&(_, until)| until <= now)
                    {
                        seen.holders.remove(&revision);
                    }
                    // An older revision never goes after a newer one was sent.
                    if seen.sent.iter().any(|&r| r > revision) {
                        prop_assert!(
                            matches!(answer, Claim::AlreadyMade | Claim::Stale { .. }),
                            "{:?}",
                            answer
                        );
                    }
                    if let Claim::Claimed { .. } = answer {
                        // A live claim of another sender is never taken, unless on purpose.
                        if let Some(&(holder, until)) = seen.holders.get(&revision) {
                            prop_assert!(
                                holder == owner || until <= now || take_over,
                                "claim of r{} by {} while {} holds it until {}, now {}",
                                revision,
                                owner,
                                holder,
                                until,
                                now
                            );
                        }
                        seen.holders.insert(revision, (owner, now + 30));
                        seen.outboxed.retain(|&r| r != revision);
                        if !seen.exists.contains(&revision) {
                            seen.exists.push(revision);
                        }
                    }
                }
                Op::Complete {
                    revision,
                    owner,
                    outcome,
                } => {
                    let k = key(revision);
                    let outcome = match outcome {
                        0 => sent(),
                        1 => Outcome::Failed {
                            reason: "503".into(),
                            retry_at: Some(super::t(now + 60)),
                        },
                        2 => outboxed(),
                        _ => Outcome::Failed {
                            reason: "410".into(),
                            retry_at: None,
                        },
                    };
                    let held_by_owner = seen
                        .holders
                        .get(&revision)
                        .is_some_and(|&(h, _)| h == owner);
                    for l in &ledgers {
                        let recorded =
                            complete(&**l, &k, OWNERS[owner], now, outcome.clone()).await;
                        // Only the sender holding the claim records.
                        prop_assert_eq!(
                            recorded,
                            held_by_owner,
                            "{:?} by {} of r{}",
                            outcome,
                            owner,
                            revision
                        );
                    }
                    if held_by_owner {
                        seen.holders.remove(&revision);
                        match outcome {
                            Outcome::Sent { .. } => seen.sent.push(revision),
                            Outcome::Outboxed { .. } => seen.outboxed.push(revision),
                            _ => {}
                        }
                    }
                }
            }
        }
        // Both keep the same account of it all.
        let histories: Vec<_> = {
            let mut all = Vec::new();
            for l in &ledgers {
                all.push(l.history("c-1").await.unwrap());
            }
            all
        };
        for other in &histories[1..] {
            prop_assert_eq!(&histories[0], other);
        }
        Ok(())
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn ledgers_keep_their_promises_under_any_interleaving(ops in prop::collection::vec(op(), 1..40)) {
        run(ops)?;
    }
}
