//! The claim decision: what a claim does, given what the ledger holds.
//!
//! Every ledger answers a claim from the same few facts: where this
//! delivery stands (if it was seen before), whether a sender holds it under
//! a live lease, and whether a newer revision overtook it at the same
//! address. [`decide`] turns those facts into one [`Decision`]; the memory
//! and SQLite ledgers call it, and the PostgreSQL statement (which must
//! decide and write in one statement) reports the facts it decided on so
//! its answer is checked against it.

use super::{Claim, DeliveryState, Outcome};

/// Where a delivery stands, as a claim reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Standing {
    /// Its state.
    pub(crate) state: DeliveryState,
    /// Claimed under a lease that has not ended, by a sender not known to
    /// be gone.
    pub(crate) live: bool,
}

/// What a claim does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Decision {
    /// Made before (for an outbox: written there): counted, not claimed.
    Duplicate,
    /// A newer revision overtook it; `close` when the delivery is open and
    /// nobody is on it, so it is closed as stale now.
    Stale { newer: u32, close: bool },
    /// Never seen: a new claim.
    Insert,
    /// Another sender is on it.
    Held,
    /// Seen before and free (or taken over on purpose): claimed again.
    Reclaim,
}

impl Decision {
    /// The name the PostgreSQL statement gives the decision.
    #[cfg_attr(not(feature = "postgres"), allow(dead_code))]
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Decision::Duplicate => "duplicate",
            Decision::Stale { close: true, .. } => "close-stale",
            Decision::Stale { close: false, .. } => "stale",
            Decision::Insert => "insert",
            Decision::Held => "held",
            Decision::Reclaim => "reclaim",
        }
    }
}

/// Decides a claim.
///
/// `this` is the delivery's row, if any; `newer` the newest newer revision
/// at the same address that [overtakes](DeliveryState::overtakes) it;
/// `take_over` whether the asker takes back a claim of its own (true only
/// when the row's holder is the asker: callers check).
pub(crate) fn decide(
    this: Option<Standing>,
    newer: Option<u32>,
    outbox: bool,
    take_over: bool,
) -> Decision {
    match (this, newer) {
        (Some(row), _) if row.state.made_for(outbox) => Decision::Duplicate,
        (row, Some(newer)) => Decision::Stale {
            newer,
            close: row.is_some_and(|row| row.state.is_open() && !row.live),
        },
        (None, None) => Decision::Insert,
        (Some(row), None) if row.live && !take_over => Decision::Held,
        (Some(_), None) => Decision::Reclaim,
    }
}

/// A delivery claimed again: the answer, and the number of claims the row
/// keeps. One written to an outbox and now made for real starts afresh.
pub(crate) fn reclaim(state: DeliveryState, attempts: u32, claims: u32) -> (Claim, u32) {
    let from_outbox = state == DeliveryState::Outboxed;
    let answer = Claim::Claimed {
        attempts,
        earlier_claims: if from_outbox { 0 } else { claims },
        reclaimed: state == DeliveryState::Claimed,
    };
    let claims = if from_outbox {
        1
    } else {
        claims.saturating_add(1)
    };
    (answer, claims)
}

/// The answer to a claim never seen before.
pub(crate) const FIRST_CLAIM: Claim = Claim::Claimed {
    attempts: 0,
    earlier_claims: 0,
    reclaimed: false,
};

/// Why a delivery was closed as stale.
pub(crate) fn superseded(newer: u32) -> String {
    format!("superseded by revision {newer}")
}

impl DeliveryState {
    /// Made, as far as a claim for an outbox (`outbox`) or for a real
    /// transport is concerned: sent, or for an outbox written there.
    pub(crate) fn made_for(self, outbox: bool) -> bool {
        self == DeliveryState::Sent || (outbox && self == DeliveryState::Outboxed)
    }

    /// Still to be made: claimed, due again, or a reminder waiting.
    pub(crate) fn is_open(self) -> bool {
        matches!(
            self,
            DeliveryState::Claimed | DeliveryState::Retrying | DeliveryState::Scheduled
        )
    }

    /// Whether a newer revision in this state keeps an older one from being
    /// made: it was made (for an outbox: written there), or a live sender is
    /// on it.
    pub(crate) fn overtakes(self, live: bool, outbox: bool) -> bool {
        self.made_for(outbox) || live
    }
}

impl Outcome {
    /// The state a delivery is left in by this outcome.
    pub(crate) fn state(&self) -> DeliveryState {
        match self {
            Outcome::Sent { .. } => DeliveryState::Sent,
            Outcome::Outboxed { .. } => DeliveryState::Outboxed,
            Outcome::Failed {
                retry_at: Some(_), ..
            } => DeliveryState::Retrying,
            Outcome::Failed { retry_at: None, .. } => DeliveryState::GaveUp,
            Outcome::Overtaken { .. } => DeliveryState::Stale,
            Outcome::Suppressed { .. } => DeliveryState::Suppressed,
        }
    }
}

/// Writes the state names into SQL: `{claimed}` becomes `'claimed'`, and so
/// on for every [`DeliveryState`], so that no statement spells a state.
#[cfg_attr(not(any(feature = "sqlite", feature = "postgres")), allow(dead_code))]
pub(crate) fn sql(template: &str) -> String {
    let mut sql = template.to_owned();
    for state in DeliveryState::ALL {
        let name = state.as_str();
        sql = sql.replace(&format!("{{{name}}}"), &format!("'{name}'"));
    }
    sql
}

#[cfg(test)]
mod tests {
    use super::*;

    const STATES: [DeliveryState; 9] = DeliveryState::ALL;

    fn standing(state: DeliveryState, live: bool) -> Option<Standing> {
        Some(Standing { state, live })
    }

    #[test]
    fn made_is_final_even_against_a_newer_revision_or_a_take_over() {
        for take_over in [false, true] {
            let sent = standing(DeliveryState::Sent, false);
            assert_eq!(decide(sent, Some(3), false, take_over), Decision::Duplicate);
            let outboxed = standing(DeliveryState::Outboxed, false);
            assert_eq!(decide(outboxed, None, true, take_over), Decision::Duplicate);
            assert_eq!(decide(outboxed, None, false, take_over), Decision::Reclaim);
        }
    }

    #[test]
    fn a_newer_revision_makes_it_stale_and_closes_it_only_when_nobody_is_on_it() {
        for state in STATES.into_iter().filter(|s| !s.made_for(false)) {
            for live in [false, true] {
                let close = state.is_open() && !live;
                assert_eq!(
                    decide(standing(state, live), Some(2), false, false),
                    Decision::Stale { newer: 2, close },
                    "{state:?}, live {live}"
                );
            }
        }
        assert_eq!(
            decide(None, Some(2), false, false),
            Decision::Stale {
                newer: 2,
                close: false
            }
        );
    }

    #[test]
    fn a_live_claim_is_held_unless_taken_over() {
        let live = standing(DeliveryState::Claimed, true);
        assert_eq!(decide(live, None, false, false), Decision::Held);
        assert_eq!(decide(live, None, false, true), Decision::Reclaim);
        let ended = standing(DeliveryState::Claimed, false);
        assert_eq!(decide(ended, None, false, false), Decision::Reclaim);
        assert_eq!(decide(None, None, false, false), Decision::Insert);
    }

    #[test]
    fn a_delivery_from_the_outbox_starts_afresh() {
        assert_eq!(reclaim(DeliveryState::Outboxed, 1, 4).1, 1);
        assert_eq!(reclaim(DeliveryState::Retrying, 2, 4).1, 5);
        assert!(matches!(
            reclaim(DeliveryState::Claimed, 2, 4).0,
            Claim::Claimed {
                attempts: 2,
                earlier_claims: 4,
                reclaimed: true
            }
        ));
    }

    #[test]
    fn sql_names_every_state_from_one_place() {
        let sql = sql("state IN ({claimed}, {retrying}) AND state <> {gave-up}");
        assert_eq!(
            sql,
            "state IN ('claimed', 'retrying') AND state <> 'gave-up'"
        );
    }
}
