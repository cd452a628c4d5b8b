//! Audiences: each customer is told what they follow, at the severity they
//! chose, and once told of an incident, told the rest of it.

use std::collections::BTreeSet;

use jiff::Timestamp;
use tidings::{Audience, Incident, Notice, Severity, Status};

use super::*;

const INCIDENT: &str = "creator-2026-03-01";

fn at(minutes: i64) -> Timestamp {
    Timestamp::from_second(1_772_352_000 + minutes * 60).unwrap()
}

/// Revision `revision` of the Creator incident, affecting `components` at
/// `severity`.
fn update(revision: u32, status: Status, severity: Severity, components: &[&str]) -> Notice {
    let incident = Incident::builder(INCIDENT, "Creator", severity, at(0))
        .components(components.iter().copied())
        .build()
        .unwrap();
    Notice::builder(incident, revision, status, at(i64::from(revision) * 20))
        .build()
        .unwrap()
}

/// Planned work on the whole of Creator.
fn maintenance() -> Notice {
    let incident = Incident::builder(
        "creator-maintenance",
        "Creator",
        Severity::Maintenance,
        at(600),
    )
    .build()
    .unwrap();
    Notice::builder(incident, 1, Status::Scheduled, at(0))
        .build()
        .unwrap()
}

/// What customer `n` follows, as plain data the test judges by itself.
struct Follows {
    components: &'static [&'static str],
    min: Option<Severity>,
    maintenance: bool,
}

fn follows(n: usize) -> Follows {
    const COMPONENTS: [&[&str]; 5] = [
        &[],
        &["Editor"],
        &["Webmail"],
        &["editor", "Published sites"],
        &["Creator"],
    ];
    const MIN: [Option<Severity>; 4] = [
        None,
        Some(Severity::Minor),
        Some(Severity::Major),
        Some(Severity::Critical),
    ];
    Follows {
        components: COMPONENTS[n % 5],
        min: MIN[(n / 5) % 4],
        maintenance: !n.is_multiple_of(3),
    }
}

fn audience(f: &Follows) -> Audience {
    let mut a = Audience::everything()
        .with_components(f.components.iter().copied())
        .unwrap()
        .with_maintenance(f.maintenance);
    if let Some(min) = f.min {
        a = a.with_min_severity(min).unwrap();
    }
    a
}

/// Customer `n`: in-app, and every other one also by email.
fn follower(n: usize) -> Recipient {
    let mut addresses = vec![in_app(n)];
    if n.is_multiple_of(2) {
        addresses.push(email(n));
    }
    let mut r = recipient(n, addresses);
    r.audience = audience(&follows(n));
    r
}

fn rank(s: Severity) -> u8 {
    match s {
        Severity::Minor => 1,
        Severity::Major => 2,
        _ => 3,
    }
}

/// Whether customer `n` wants a major incident of Creator's Editor.
fn wants_editor_major(n: usize) -> bool {
    let f = follows(n);
    let component = f.components.is_empty()
        || f.components
            .iter()
            .any(|c| ["editor", "creator"].contains(&c.to_lowercase().as_str()));
    component && f.min.is_none_or(|min| rank(min) <= rank(Severity::Major))
}

fn told(channels: &[&Arc<RecordingChannel>], revision: u32, incident: &str) -> BTreeSet<String> {
    channels
        .iter()
        .flat_map(|c| c.deliveries())
        .filter(|d| d.key.revision == revision && d.key.incident == incident)
        .map(|d| d.key.recipient.clone())
        .collect()
}

/// A thousand customers with mixed audiences, one outage and one planned
/// maintenance: exactly the expected customers are told, and the others
/// are counted as not subscribed, in the report and in coverage.
async fn a_send_reaches_exactly_its_audience(ledger: Arc<dyn Ledger>) {
    let (mail, inbox) = (
        Arc::new(RecordingChannel::new(ChannelKind::Email)),
        Arc::new(RecordingChannel::new(ChannelKind::InApp)),
    );
    let d = dispatcher(Arc::clone(&ledger), vec![mail.clone(), inbox.clone()]);
    let customers: Vec<Recipient> = (0..1000).map(follower).collect();
    let addresses = |n: usize| if n.is_multiple_of(2) { 2 } else { 1 };

    let outage = update(1, Status::Investigating, Severity::Major, &["Editor"]);
    let report = d.send_all(&outage, customers.clone()).await.unwrap();
    let expected: BTreeSet<String> = (0..1000)
        .filter(|n| wants_editor_major(*n))
        .map(|n| format!("c-{n}"))
        .collect();
    assert!(expected.len() > 300 && expected.len() < 900, "a real mix");
    assert_eq!(told(&[&mail, &inbox], 1, INCIDENT), expected);
    let outside: Vec<usize> = (0..1000).filter(|n| !wants_editor_major(*n)).collect();
    assert_eq!(report.recipients, 1000);
    assert_eq!(
        report.totals.not_subscribed,
        outside.iter().map(|n| addresses(*n)).sum::<u64>()
    );
    assert_eq!(
        report.channels["email"].not_subscribed,
        outside.iter().filter(|n| n.is_multiple_of(2)).count() as u64
    );
    assert_eq!(
        report.channels["in-app"].not_subscribed,
        outside.len() as u64
    );
    let reached: u64 = expected
        .iter()
        .map(|id| addresses(id[2..].parse().unwrap()))
        .sum();
    assert_eq!(report.totals.sent, reached);
    assert_eq!(
        report.totals.total(),
        reached,
        "not subscribed is no delivery"
    );
    let coverage = ledger.coverage(INCIDENT, Some(1)).await.unwrap();
    let one = &coverage.revisions[0];
    assert_eq!(one.recipients, expected.len() as u64);
    assert_eq!(one.not_subscribed, outside.len() as u64);
    assert_eq!((one.told, one.unreached), (expected.len() as u64, 0));

    let planned = maintenance();
    let report = d.send_all(&planned, customers).await.unwrap();
    let expected: BTreeSet<String> = (0..1000)
        .filter(|n| follows(*n).maintenance)
        .map(|n| format!("c-{n}"))
        .collect();
    assert_eq!(told(&[&mail, &inbox], 1, "creator-maintenance"), expected);
    let outside = (0..1000).filter(|n| !follows(*n).maintenance);
    assert_eq!(
        report.totals.not_subscribed,
        outside.map(addresses).sum::<u64>()
    );
}

#[tokio::test]
async fn a_send_reaches_exactly_its_audience_in_memory() {
    a_send_reaches_exactly_its_audience(Arc::new(MemoryLedger::new())).await;
}

#[tokio::test]
async fn a_send_reaches_exactly_its_audience_in_a_state_file() {
    let dir = tempfile::tempdir().unwrap();
    let state = tidings::StateFile::open(&dir.path().join("state.db"))
        .await
        .unwrap();
    a_send_reaches_exactly_its_audience(Arc::new(state.ledger())).await;
}

#[cfg(feature = "postgres")]
#[tokio::test]
async fn a_send_reaches_exactly_its_audience_in_postgres() {
    let state = support::postgres::fresh_state().await;
    a_send_reaches_exactly_its_audience(Arc::new(state.ledger())).await;
}

/// Customers who heard of an incident hear the rest of it, even when it
/// moves away from what they follow; an escalation reaches those it did
/// not reach before.
async fn nobody_is_left_hanging(ledger: Arc<dyn Ledger>) {
    let inbox = Arc::new(RecordingChannel::new(ChannelKind::InApp));
    let d = dispatcher(Arc::clone(&ledger), vec![inbox.clone()]);
    let editor_fan = {
        let mut r = recipient(1, vec![in_app(1)]);
        r.audience = Audience::everything().with_components(["Editor"]).unwrap();
        r
    };
    let critical_only = {
        let mut r = recipient(2, vec![in_app(2)]);
        r.audience = Audience::everything()
            .with_min_severity(Severity::Critical)
            .unwrap();
        r
    };
    let webmail_user = {
        let mut r = recipient(3, vec![in_app(3)]);
        r.audience = Audience::everything().with_components(["Webmail"]).unwrap();
        r
    };
    let everyone = || {
        [
            editor_fan.clone(),
            critical_only.clone(),
            webmail_user.clone(),
        ]
    };
    let ids = |ids: &[&str]| ids.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();

    let revisions = [
        update(1, Status::Investigating, Severity::Major, &["Editor"]),
        // Moves away from the Editor, and down to minor.
        update(2, Status::Identified, Severity::Minor, &["Published sites"]),
        // Escalates.
        update(
            3,
            Status::Identified,
            Severity::Critical,
            &["Published sites"],
        ),
        update(
            4,
            Status::Resolved,
            Severity::Critical,
            &["Published sites"],
        ),
    ];
    let expected = [
        ids(&["c-1"]),
        ids(&["c-1"]),
        ids(&["c-1", "c-2"]),
        ids(&["c-1", "c-2"]),
    ];
    for (notice, expected) in revisions.iter().zip(expected) {
        let report = d.send_all(notice, everyone()).await.unwrap();
        let revision = notice.revision();
        assert_eq!(
            told(&[&inbox], revision, INCIDENT),
            expected,
            "revision {revision}"
        );
        assert_eq!(
            report.totals.not_subscribed,
            3 - expected.len() as u64,
            "revision {revision}: {report:?}"
        );
        assert_eq!(report.totals.sent, expected.len() as u64);
    }
    // The same revision again: told once, counted the same.
    let again = d.send_all(&revisions[3], everyone()).await.unwrap();
    assert_eq!((again.totals.sent, again.totals.duplicate), (0, 2));
    assert_eq!(again.totals.not_subscribed, 1);
    let coverage = ledger.coverage(INCIDENT, None).await.unwrap();
    let counted: Vec<(u32, u64, u64)> = coverage
        .revisions
        .iter()
        .map(|r| (r.revision, r.recipients, r.not_subscribed))
        .collect();
    assert_eq!(counted, [(1, 1, 2), (2, 1, 2), (3, 2, 1), (4, 2, 1)]);
}

#[tokio::test]
async fn nobody_is_left_hanging_in_memory() {
    nobody_is_left_hanging(Arc::new(MemoryLedger::new())).await;
}

#[tokio::test]
async fn nobody_is_left_hanging_in_a_state_file() {
    let dir = tempfile::tempdir().unwrap();
    let state = tidings::StateFile::open(&dir.path().join("state.db"))
        .await
        .unwrap();
    nobody_is_left_hanging(Arc::new(state.ledger())).await;
}

#[cfg(feature = "postgres")]
#[tokio::test]
async fn nobody_is_left_hanging_in_postgres() {
    let state = support::postgres::fresh_state().await;
    nobody_is_left_hanging(Arc::new(state.ledger())).await;
}

/// A customer whose first notice never reached them (it failed for good)
/// was not told: a later notice outside their audience is not sent.
#[tokio::test]
async fn a_notice_that_never_arrived_does_not_bind() {
    let inbox = Arc::new(RecordingChannel::new(ChannelKind::InApp));
    let d = dispatcher(Arc::new(MemoryLedger::new()), vec![inbox.clone()]);
    let mut fan = recipient(1, vec![in_app(1)]);
    fan.audience = Audience::everything().with_components(["Editor"]).unwrap();
    inbox.fail_next(DeliveryError::permanent("account closed"));
    let first = update(1, Status::Investigating, Severity::Major, &["Editor"]);
    let report = d.send_one(&first, &fan).await.unwrap();
    assert_eq!(report.totals.failed, 1);
    let second = update(2, Status::Identified, Severity::Major, &["Webmail"]);
    let report = d.send_one(&second, &fan).await.unwrap();
    assert_eq!((report.totals.sent, report.totals.not_subscribed), (0, 1));
}
