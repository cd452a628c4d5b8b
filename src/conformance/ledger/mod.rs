//! The ledger suite: the promises every [`Ledger`] keeps, a case each.
//!
//! Every case takes a fresh, empty ledger and panics, with what it
//! expected, when the ledger breaks a promise. The cases share one clock
//! ([`t`]) and one delivery ([`key`]); the helpers are public so a
//! backend's own tests can build on them.

mod audience;
mod bounces;
mod claims;
mod questions;
mod reminders;
mod suppressions;

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use futures_util::FutureExt;
use jiff::{SignedDuration, Timestamp};

pub use audience::*;
pub use claims::*;
pub use questions::*;
pub use reminders::*;
pub use suppressions::*;

use crate::delivery::DeliveryKey;
use crate::error::StoreError;
use crate::ledger::{
    Claim, ClaimRequest, Completion, DeliveryState, Lease, Ledger, Outcome, Renewal,
};
use crate::notice::{Notice, Status};
use crate::recipient::{Address, ChannelKind, LanguagePreferences, Recipient, Secret};

/// One case of a suite: its name, and the case given a fresh backend.
pub type Case<T> = (
    &'static str,
    fn(Arc<T>) -> Pin<Box<dyn Future<Output = ()> + Send>>,
);

macro_rules! case {
    ($path:ident :: $name:ident) => {
        (stringify!($name), |l| Box::pin($path::$name(l)))
    };
}

/// Every case, in order.
pub const CASES: &[Case<dyn Ledger>] = &[
    case!(claims::a_sent_delivery_is_never_sent_again),
    case!(claims::a_live_claim_is_respected_and_an_expired_one_taken_over),
    case!(claims::an_older_revision_is_stale_after_a_newer_one),
    case!(claims::an_expired_newer_claim_does_not_block_an_older_revision),
    case!(claims::failures_keep_reason_attempts_and_come_due),
    case!(claims::abandoned_claims_come_due_when_the_lease_ends),
    case!(claims::due_pages_list_each_due_delivery_once_in_order),
    case!(questions::history_is_per_recipient_newest_first),
    case!(claims::an_outbox_write_is_not_a_delivery),
    case!(claims::a_renewed_lease_holds_and_a_newer_revision_stops_the_next_attempt),
    case!(claims::a_stale_failure_is_closed_and_stops_coming_due),
    case!(claims::the_claims_of_a_sender_that_left_are_taken_over_at_once),
    case!(claims::take_over_takes_back_only_ones_own_claim),
    case!(questions::coverage_counts_who_was_told_per_revision_and_why_not),
    case!(questions::notices_are_kept_for_later),
    case!(questions::a_revision_keeps_its_first_text),
    case!(questions::overdue_follows_the_latest_notice_of_each_incident),
    case!(audience::told_before_names_who_heard_an_earlier_revision),
    case!(audience::not_subscribed_are_counted_apart_from_recipients),
    case!(reminders::a_reminder_waits_for_its_time_and_is_made_once),
    case!(reminders::a_newer_revision_overtakes_a_waiting_reminder),
    case!(reminders::the_latest_revision_is_the_newest_notice_kept),
    case!(reminders::coverage_counts_reminders_apart),
    case!(suppressions::suppressions_are_kept_listed_and_lifted),
    case!(suppressions::a_suppressed_delivery_is_counted_apart_and_made_once_lifted),
    case!(bounces::a_bounce_turns_a_sent_email_into_not_told),
];

/// Runs every case, each on a ledger `make` makes fresh, and names the case
/// that failed.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// use std::sync::Arc;
/// use tidings::ledger::Ledger;
/// use tidings::store::memory::MemoryLedger;
///
/// tidings::conformance::ledger::run_all(|| async {
///     Arc::new(MemoryLedger::new()) as Arc<dyn Ledger>
/// })
/// .await;
/// # }
/// ```
pub async fn run_all<F, Fut>(mut make: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Arc<dyn Ledger>>,
{
    for (name, case) in CASES {
        let ledger = make().await;
        if let Err(panic) = AssertUnwindSafe(case(ledger)).catch_unwind().await {
            eprintln!("ledger case `{name}` failed");
            std::panic::resume_unwind(panic);
        }
    }
}

/// The delivery the cases claim: revision `revision` of one incident to one webhook of customer `c-1`.
pub fn key(revision: u32) -> DeliveryKey {
    DeliveryKey {
        incident: "creator-2022-03-14".into(),
        revision,
        recipient: "c-1".into(),
        channel: ChannelKind::Webhook,
        address: "https://hooks.example.com/a".into(),
        part: crate::Part::Notice,
    }
}

/// Customer `c-1`, as a claim keeps it.
pub fn recipient() -> Recipient {
    Recipient {
        id: "c-1".into(),
        name: "Ada".into(),
        languages: LanguagePreferences::from_tags(["nl"]).unwrap(),
        time_zone: None,
        addresses: vec![],
        audience: Default::default(),
    }
}

/// Customer `n`, with one webhook.
pub fn customer(n: usize) -> Recipient {
    Recipient {
        id: format!("c-{n}"),
        name: format!("Customer {n}"),
        languages: LanguagePreferences::from_tags(["nl-BE"]).unwrap(),
        time_zone: Some("Europe/Brussels".into()),
        addresses: vec![Address::Webhook {
            url: format!("https://hooks.example.com/{n}"),
            secret: Secret::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
        }],
        audience: Default::default(),
    }
}

/// `seconds` after a fixed instant: the cases run on their own clock.
pub fn t(seconds: i64) -> Timestamp {
    Timestamp::from_second(1_700_000_000 + seconds).unwrap()
}

/// Claims `key` for `owner` at `t(now)`, for 30 s, for a real transport.
pub async fn claim(
    ledger: &dyn Ledger,
    key: &DeliveryKey,
    owner: &str,
    now: i64,
    take_over: bool,
) -> Claim {
    claim_to(ledger, key, owner, now, take_over, false).await
}

/// A claim for a real transport, or (`outbox`) for an outbox.
pub async fn claim_to(
    ledger: &dyn Ledger,
    key: &DeliveryKey,
    owner: &str,
    now: i64,
    take_over: bool,
    outbox: bool,
) -> Claim {
    let r = recipient();
    let req = ClaimRequest {
        key,
        owner,
        lease_until: t(now) + SignedDuration::from_secs(30),
        now: t(now),
        take_over,
        recipient: &r,
        outbox,
    };
    ledger.claim(&req).await.unwrap()
}

/// Records `outcome` for `owner` at `t(now)`; whether it was recorded.
pub async fn complete(
    ledger: &dyn Ledger,
    key: &DeliveryKey,
    owner: &str,
    now: i64,
    outcome: Outcome,
) -> bool {
    let c = Completion {
        key,
        owner,
        attempts: 1,
        now: t(now),
        outcome,
    };
    ledger.complete(&c).await.unwrap()
}

/// Extends `owner`'s lease to `t(now + 30)`.
pub async fn renew(
    ledger: &dyn Ledger,
    key: &DeliveryKey,
    owner: &str,
    now: i64,
    before_attempt: bool,
) -> Lease {
    let r = Renewal {
        key,
        owner,
        lease_until: t(now) + SignedDuration::from_secs(30),
        now: t(now),
        before_attempt,
    };
    ledger.renew(&r).await.unwrap()
}

/// An outcome: written to the outbox.
pub fn outboxed() -> Outcome {
    Outcome::Outboxed {
        detail: "written to outbox/x.http".into(),
    }
}

/// An outcome: delivered.
pub fn sent() -> Outcome {
    Outcome::Sent {
        detail: "HTTP 204".into(),
    }
}

/// An outcome: failed, due again `retry_in` seconds after `now` (never when `None`).
pub fn failed(retry_in: Option<i64>, now: i64) -> Outcome {
    Outcome::Failed {
        reason: "webhook answered 503".into(),
        retry_at: retry_in.map(|s| t(now + s)),
    }
}

/// Whether `c` grants the claim, taken over from another sender or not as expected.
pub fn is_claimed(c: &Claim, reclaimed_expected: bool) -> bool {
    matches!(c, Claim::Claimed { reclaimed, .. } if *reclaimed == reclaimed_expected)
}

/// Revision 1 of the Creator incident, as support wrote it.
pub fn creator_notice() -> Notice {
    let json = r#"{
        "incident": {
            "id": "creator-2022-03-14", "product": "Creator", "severity": "critical",
            "started_at": "2022-03-14T08:30:00+01:00", "time_zone": "Europe/Amsterdam"
        },
        "notice": {
            "revision": 1, "status": "investigating",
            "published_at": "2022-03-14T08:52:00+01:00", "next_update_minutes": 30,
            "status_page": "https://status.example.com/incidents/creator-2022-03-14",
            "details_fallback": "en-US",
            "details": {"en-US": "Sites built with Creator are not loading for many visitors."}
        }
    }"#;
    serde_json::from_str(json).expect("the Creator notice is valid")
}
