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

/// An en-US customer (`recipient(n)` with `n % 6 == 2`) following `audience`.
fn reader(n: usize, audience: Audience) -> Recipient {
    assert_eq!(LANGS[n % LANGS.len()], "en-US");
    let mut r = recipient(n, vec![in_app(n)]);
    r.audience = audience;
    r
}

const BEGAN_EARLIER: &str = "This incident began earlier, on";

/// An escalation reaches the customers it did not reach before, in words
/// that say the incident began earlier; those told from the start read the
/// usual update.
#[tokio::test]
async fn an_escalation_tells_the_newcomers_it_began_earlier() {
    let inbox = Arc::new(RecordingChannel::new(ChannelKind::InApp));
    let d = dispatcher(Arc::new(MemoryLedger::new()), vec![inbox.clone()]);
    let all = reader(2, Audience::everything());
    let critical_only = reader(
        8,
        Audience::everything()
            .with_min_severity(Severity::Critical)
            .unwrap(),
    );
    let major = update(1, Status::Investigating, Severity::Major, &[]);
    d.send_all(&major, [all.clone(), critical_only.clone()])
        .await
        .unwrap();
    let critical = update(2, Status::Identified, Severity::Critical, &[]);
    d.send_all(&critical, [all.clone(), critical_only.clone()])
        .await
        .unwrap();
    let text = |id: &str, revision: u32| {
        let deliveries = inbox.deliveries();
        let d = deliveries
            .iter()
            .find(|d| d.key.recipient == id && d.key.revision == revision)
            .unwrap_or_else(|| panic!("{id} got revision {revision}"));
        d.rendered.text.clone()
    };
    assert!(!text("c-2", 1).contains(BEGAN_EARLIER));
    assert!(
        !text("c-2", 2).contains(BEGAN_EARLIER),
        "told from the start"
    );
    let newcomer = text("c-8", 2);
    assert!(newcomer.contains(BEGAN_EARLIER), "{newcomer}");
    assert!(
        newcomer.contains("March 1, 2026"),
        "the day it began: {newcomer}"
    );
    // Resolved: by now they were told, and read the usual words.
    let resolved = update(3, Status::Resolved, Severity::Critical, &[]);
    d.send_one(&resolved, &critical_only).await.unwrap();
    assert!(!text("c-8", 3).contains(BEGAN_EARLIER));
}

/// A newcomer's delivery that is retried from the ledger keeps its words.
#[tokio::test]
async fn a_retried_delivery_to_a_newcomer_keeps_its_words() {
    let inbox = Arc::new(RecordingChannel::new(ChannelKind::InApp));
    let d = Dispatcher::builder(Arc::new(shipped()))
        .ledger(Arc::new(MemoryLedger::new()))
        .channel(inbox.clone())
        .retry(
            RetryPolicy::default()
                .attempts(1)
                .schedule([Duration::from_millis(1)]),
        )
        .build()
        .unwrap();
    let critical_only = reader(
        8,
        Audience::everything()
            .with_min_severity(Severity::Critical)
            .unwrap(),
    );
    let major = update(1, Status::Investigating, Severity::Major, &[]);
    let first = d.send_one(&major, &critical_only).await.unwrap();
    assert_eq!(first.totals.not_subscribed, 1);
    inbox.fail_next(DeliveryError::transient("the inbox is busy"));
    let critical = update(2, Status::Identified, Severity::Critical, &[]);
    let report = d.send_one(&critical, &critical_only).await.unwrap();
    assert_eq!(report.totals.pending, 1, "{report:?}");
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    while inbox.deliveries_len() == 0 && std::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
        d.resume().await.unwrap();
    }
    let made = inbox.deliveries();
    assert_eq!(made.len(), 1, "made once, by resume");
    assert!(
        made[0].rendered.text.contains(BEGAN_EARLIER),
        "{}",
        made[0].rendered.text
    );
}

/// A scheduled notice that moves planned work says from when to when, and
/// the revision kept in the ledger says so too.
#[tokio::test]
async fn a_reschedule_says_what_moved() {
    let ledger = Arc::new(MemoryLedger::new());
    let inbox = Arc::new(RecordingChannel::new(ChannelKind::InApp));
    let d = dispatcher(ledger.clone(), vec![inbox.clone()]);
    let work = |revision: u32, start: i64, end: i64| {
        let incident = Incident::builder(
            "creator-maintenance",
            "Creator",
            Severity::Maintenance,
            at(start),
        )
        .ends_at(at(end))
        .time_zone(jiff::tz::TimeZone::get("Europe/Amsterdam").unwrap())
        .build()
        .unwrap();
        Notice::builder(incident, revision, Status::Scheduled, at(revision.into()))
            .build()
            .unwrap()
    };
    let mut customer = reader(2, Audience::everything());
    customer.time_zone = Some("Europe/Amsterdam".into());
    d.send_one(&work(1, 600, 720), &customer).await.unwrap();
    // The same window again is no move.
    d.send_one(&work(2, 600, 720), &customer).await.unwrap();
    d.send_one(&work(3, 7 * 24 * 60 + 600, 7 * 24 * 60 + 720), &customer)
        .await
        .unwrap();
    let deliveries = inbox.deliveries();
    let subject = |revision: u32| {
        deliveries
            .iter()
            .find(|d| d.key.revision == revision)
            .unwrap()
            .rendered
            .subject
            .clone()
    };
    assert_eq!(subject(2), "Planned maintenance on Creator");
    assert_eq!(subject(3), "Planned maintenance on Creator has moved");
    let moved = &deliveries
        .iter()
        .find(|d| d.key.revision == 3)
        .unwrap()
        .rendered
        .text;
    // CLDR puts a narrow no-break space before AM and PM.
    let moved = moved.replace('\u{202F}', " ");
    assert!(
        moved.contains(
            "that was planned for Sunday, March 1, 7:00 PM–9:00 PM Netherlands Time will now take place on Sunday, March 8, 7:00 PM–9:00 PM Netherlands Time"
        ),
        "{moved}"
    );
    let kept = ledger
        .notice("creator-maintenance", 3)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        kept.rescheduled_from().map(|w| (w.starts, w.ends)),
        Some((at(600), Some(at(720))))
    );
}
