//! Reminders of scheduled maintenance: kept when the notice goes, made by
//! `resume` at their time in each customer's language, never after a newer
//! revision of the work, never when their words would no longer be true.

use jiff::{SignedDuration, Timestamp};
use tidings::ledger::Reminder;
use tidings::{Incident, Notice, Part, Severity, Status};

use super::*;

/// Planned work starting `starts_in` from now, for two hours, asking for
/// reminders `leads` minutes before (the dispatcher's default when `None`).
fn work(revision: u32, status: Status, starts: Timestamp, leads: Option<&[u32]>) -> Notice {
    let incident = Incident::builder(
        "creator-maintenance",
        "Creator",
        Severity::Maintenance,
        starts,
    )
    .ends_at(starts + SignedDuration::from_hours(2))
    .time_zone(jiff::tz::TimeZone::get("Europe/Amsterdam").unwrap())
    .build()
    .unwrap();
    let mut notice = Notice::builder(incident, revision, status, Timestamp::now());
    if let Some(leads) = leads {
        notice = notice.reminders_minutes(leads.iter().copied());
    }
    notice.build().unwrap()
}

fn reader(n: usize, language: &str, addresses: Vec<Address>) -> Recipient {
    let mut r = recipient(n, addresses);
    r.languages = LanguagePreferences::from_tags([language]).unwrap();
    r.time_zone = Some("Europe/Amsterdam".into());
    r
}

/// Resumes until `done` says so, a pass a second: the reminders come due
/// on the clock, not on a count of passes.
async fn resume_until(d: &Dispatcher, mut done: impl FnMut() -> bool) -> Counts {
    let mut total = Counts::default();
    for _ in 0..120 {
        let report = d.resume().await.unwrap();
        total.sent += report.totals.sent;
        total.stale += report.totals.stale;
        total.failed += report.totals.failed;
        if done() {
            return total;
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    panic!("not done after two minutes of passes: {total:?}");
}

#[tokio::test]
async fn a_reminder_goes_at_its_time_in_the_readers_language_and_once() {
    let ledger = Arc::new(MemoryLedger::new());
    let (mail, hooks, inbox) = three_channels();
    let d = Dispatcher::builder(Arc::new(shipped()))
        .ledger(ledger.clone())
        .channel(mail.clone())
        .channel(hooks.clone())
        .channel(inbox.clone())
        .default_reminders_minutes([60])
        .build()
        .unwrap();
    // Due two seconds from now, four minutes before the start; a day
    // before is already past and is not kept.
    let starts = Timestamp::now() + SignedDuration::from_secs(4 * 60 + 2);
    let notice = work(1, Status::Scheduled, starts, Some(&[4, 1440]));
    let customers = [
        reader(1, "en-US", vec![email(1), hook(1), in_app(1)]),
        reader(2, "nl-NL", vec![hook(2)]),
    ];
    let report = d
        .send(&notice, futures_util::stream::iter(customers.clone()))
        .await
        .unwrap();
    assert_eq!(report.totals.sent, 4);
    assert_eq!(
        report.totals.scheduled, 3,
        "no reminder in the inbox: {report:?}"
    );
    let backlog = d.backlog().await.unwrap();
    assert_eq!((backlog.pending, backlog.scheduled), (0, 3));
    assert_eq!(
        backlog.next_scheduled,
        Some(starts - SignedDuration::from_mins(4))
    );
    // Not before its time.
    assert_eq!(d.resume().await.unwrap().totals.sent, 0);
    assert_eq!(mail.deliveries_len() + hooks.deliveries_len(), 3);

    let reminders = || {
        let all = mail.deliveries().into_iter().chain(hooks.deliveries());
        all.filter(|d| d.key.part == Part::Reminder(4))
            .collect::<Vec<_>>()
    };
    let made = resume_until(&d, || reminders().len() == 3).await;
    assert_eq!(made.sent, 3);
    let made = reminders();
    let english = made
        .iter()
        .find(|d| d.key.channel == ChannelKind::Email)
        .unwrap();
    assert_eq!(
        english.rendered.subject,
        "Reminder: maintenance on Creator starts in 4 minutes"
    );
    let text = english.rendered.text.replace('\u{202F}', " ");
    assert!(text.contains("As we announced"), "{text}");
    assert!(text.contains("Netherlands Time"), "{text}");
    let dutch = made.iter().find(|d| d.key.recipient == "c-2").unwrap();
    assert_eq!(
        dutch.rendered.subject,
        "Herinnering: onderhoud aan Creator begint over 4 minuten"
    );
    assert_ne!(english.key.id(), english.key.for_revision(1).id());
    assert_eq!(
        inbox.deliveries_len(),
        1,
        "the inbox shows the notice alone"
    );

    // Made once: later passes find nothing to do.
    let again = d.resume().await.unwrap();
    assert_eq!(again.totals.total(), 0, "{again:?}");
    let backlog = d.backlog().await.unwrap();
    assert_eq!((backlog.pending, backlog.scheduled), (0, 0));
    let history = ledger.history("c-1").await.unwrap();
    let reminder_rows = history
        .iter()
        .filter(|e| e.key.part == Part::Reminder(4) && e.state == DeliveryState::Sent)
        .count();
    assert_eq!(reminder_rows, 2);
    let coverage = ledger.coverage("creator-maintenance", None).await.unwrap();
    assert_eq!(coverage.revisions[0].told, 2);
    assert_eq!(coverage.reminders.len(), 1);
    assert_eq!(coverage.reminders[0].recipients, 2);
}

#[tokio::test]
async fn a_reminder_of_work_with_a_newer_revision_is_never_sent() {
    let ledger = Arc::new(MemoryLedger::new());
    let hooks = Arc::new(RecordingChannel::new(ChannelKind::Webhook));
    let d = dispatcher(ledger.clone(), vec![hooks.clone()]);
    let starts = Timestamp::now() + SignedDuration::from_secs(4 * 60 + 1);
    let first = work(1, Status::Scheduled, starts, Some(&[4]));
    let (told, other) = (
        reader(1, "en-US", vec![hook(1)]),
        reader(2, "de-DE", vec![hook(2)]),
    );
    d.send(
        &first,
        futures_util::stream::iter([told.clone(), other.clone()]),
    )
    .await
    .unwrap();
    // Cancelled: customer 1 is told; customer 2's copy has not gone yet
    // (sent to nobody here), and still the revision exists.
    let cancelled = work(2, Status::Cancelled, starts, None);
    d.send_one(&cancelled, &told).await.unwrap();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let pass = resume_until(&d, || true).await;
    assert_eq!((pass.sent, pass.stale), (0, 2), "{pass:?}");
    assert!(
        hooks.deliveries().iter().all(|d| d.key.part.is_notice()),
        "no reminder went"
    );
    let history = ledger.history("c-2").await.unwrap();
    let reminder = history.iter().find(|e| !e.key.part.is_notice()).unwrap();
    assert_eq!(reminder.state, DeliveryState::Stale);
    assert!(
        reminder.reason.as_deref().unwrap().contains("revision 2"),
        "{reminder:?}"
    );
    let backlog = d.backlog().await.unwrap();
    assert_eq!(backlog.scheduled, 0);
}

#[tokio::test]
async fn a_reminder_whose_time_passed_is_not_sent_late() {
    let ledger = Arc::new(MemoryLedger::new());
    let hooks = Arc::new(RecordingChannel::new(ChannelKind::Webhook));
    let d = dispatcher(ledger.clone(), vec![hooks.clone()]);
    // Work starting in two minutes, whose hour's reminder should have gone
    // 58 minutes ago (a resume that was not running then, say).
    let starts = Timestamp::now() + SignedDuration::from_mins(2);
    let notice = work(1, Status::Scheduled, starts, Some(&[60]));
    let customer = reader(1, "en-US", vec![hook(1)]);
    let report = d.send_one(&notice, &customer).await.unwrap();
    assert_eq!(
        report.totals.scheduled, 0,
        "a reminder in the past is not kept"
    );
    let key = hooks.deliveries()[0].key.reminder(60);
    ledger
        .schedule(&[Reminder {
            key: key.clone(),
            due_at: starts - SignedDuration::from_mins(60),
            recipient: &customer,
            now: Timestamp::now(),
        }])
        .await
        .unwrap();
    let pass = d.resume().await.unwrap();
    assert_eq!((pass.totals.sent, pass.totals.stale), (0, 1), "{pass:?}");
    assert_eq!(hooks.deliveries_len(), 1);
    let history = ledger.history("c-1").await.unwrap();
    let late = history.iter().find(|e| e.key == key).unwrap();
    assert_eq!(late.state, DeliveryState::Stale);
    assert!(
        late.reason
            .as_deref()
            .unwrap()
            .starts_with("not sent: it was due at"),
        "{late:?}"
    );
}
