//! What reminders of planned work ask of a ledger: kept until their time,
//! listed then, made once, overtaken by a newer revision, and counted apart
//! from the notices.

use std::sync::Arc;

use super::*;
use crate::ledger::Reminder;

/// Keeps the reminder of `key(revision)` `minutes` before, due at `t(due)`.
async fn schedule(l: &dyn Ledger, revision: u32, minutes: u32, due: i64) -> DeliveryKey {
    let r = recipient();
    let reminder = key(revision).reminder(minutes);
    let kept = Reminder {
        key: reminder.clone(),
        due_at: t(due),
        recipient: &r,
        now: t(0),
    };
    l.schedule(std::slice::from_ref(&kept)).await.unwrap();
    reminder
}

/// A reminder waits, scheduled and not pending, until its time; it is then
/// due with its recipient, made once, and kept in history as its own row
/// beside its notice. Scheduling it again changes nothing.
pub async fn a_reminder_waits_for_its_time_and_is_made_once(l: Arc<dyn Ledger>) {
    claim(&*l, &key(1), "x", 1, false).await;
    complete(&*l, &key(1), "x", 2, sent()).await;
    let hour = schedule(&*l, 1, 60, 100).await;
    let day = schedule(&*l, 1, 1440, 50).await;
    let backlog = l.backlog().await.unwrap();
    assert_eq!(
        (backlog.pending, backlog.next_due),
        (0, None),
        "{backlog:?}"
    );
    assert_eq!(backlog.scheduled, 2, "{backlog:?}");
    assert_eq!(backlog.next_scheduled, Some(t(50)));
    assert_eq!(backlog.next_work(), Some(t(50)));
    assert!(l.due(t(49), None, 10).await.unwrap().is_empty());
    let due = l.due(t(100), None, 10).await.unwrap();
    let keys: Vec<_> = due.iter().map(|d| d.key.clone()).collect();
    assert_eq!(keys, [day.clone(), hour.clone()], "oldest first");
    assert_eq!(due[0].recipient.id, "c-1");
    assert_eq!(due[0].due_at, t(50));
    // Paging goes past a reminder to the next one.
    let next = l.due(t(100), Some(&due[0]), 10).await.unwrap();
    assert_eq!(next.len(), 1);
    assert_eq!(next[0].key, hour);

    assert!(is_claimed(&claim(&*l, &day, "y", 101, false).await, false));
    assert!(complete(&*l, &day, "y", 102, sent()).await);
    assert_eq!(claim(&*l, &day, "z", 103, false).await, Claim::AlreadyMade);
    schedule(&*l, 1, 1440, 200).await;
    let due = l.due(t(300), None, 10).await.unwrap();
    assert_eq!(due.len(), 1, "only the hour's reminder: {due:?}");
    let backlog = l.backlog().await.unwrap();
    assert_eq!((backlog.scheduled, backlog.pending), (1, 0));

    let history = l.history("c-1").await.unwrap();
    let rows: Vec<_> = history.iter().map(|e| (e.key.part, e.state)).collect();
    assert_eq!(history.len(), 3, "{rows:?}");
    assert!(rows.contains(&(crate::Part::Notice, DeliveryState::Sent)));
    assert!(rows.contains(&(crate::Part::Reminder(1440), DeliveryState::Sent)));
    assert!(rows.contains(&(crate::Part::Reminder(60), DeliveryState::Scheduled)));
}

/// A newer revision sent to the address makes a waiting reminder stale: its
/// claim is refused and the reminder is closed, never due again. A reminder
/// closed as overtaken keeps why.
pub async fn a_newer_revision_overtakes_a_waiting_reminder(l: Arc<dyn Ledger>) {
    claim(&*l, &key(1), "x", 1, false).await;
    complete(&*l, &key(1), "x", 2, sent()).await;
    let day = schedule(&*l, 1, 1440, 50).await;
    let hour = schedule(&*l, 1, 60, 60).await;
    claim(&*l, &key(2), "x", 10, false).await;
    complete(&*l, &key(2), "x", 11, sent()).await;
    assert_eq!(
        claim(&*l, &day, "y", 51, false).await,
        Claim::Stale { newer: 2 }
    );
    let due = l.due(t(100), None, 10).await.unwrap();
    assert_eq!(due.len(), 1, "the stale reminder is closed: {due:?}");
    assert_eq!(due[0].key, hour);

    let reason = "not sent: it was due at 10:00 for work starting at 11:00".to_owned();
    let later = schedule(&*l, 2, 60, 80).await;
    assert!(is_claimed(&claim(&*l, &later, "y", 81, false).await, false));
    let overtaken = Outcome::Overtaken {
        reason: reason.clone(),
    };
    assert!(complete(&*l, &later, "y", 82, overtaken).await);
    let history = l.history("c-1").await.unwrap();
    let entry = history.iter().find(|e| e.key == later).unwrap();
    assert_eq!(entry.state, DeliveryState::Stale);
    assert_eq!(entry.reason.as_deref(), Some(reason.as_str()));
    // The hour's reminder of revision 1 still waits; its claim finds it
    // stale and closes it.
    assert_eq!(l.backlog().await.unwrap().scheduled, 1);
    assert_eq!(
        claim(&*l, &hour, "y", 90, false).await,
        Claim::Stale { newer: 2 }
    );
    assert_eq!(l.backlog().await.unwrap().scheduled, 0);
}

/// The newest revision of an incident whose notice is kept.
pub async fn the_latest_revision_is_the_newest_notice_kept(l: Arc<dyn Ledger>) {
    let incident = "creator-2022-03-14";
    assert_eq!(l.latest_revision(incident).await.unwrap(), None);
    for revision in [1, 3, 2] {
        let notice = creator_notice()
            .to_builder()
            .revision(revision)
            .build()
            .unwrap();
        l.record_notice(&notice).await.unwrap();
    }
    assert_eq!(l.latest_revision(incident).await.unwrap(), Some(3));
    assert_eq!(l.latest_revision("webmail").await.unwrap(), None);
}

/// Reminders are counted in coverage as their own rows, per revision and
/// lead, and never make a customer told or unreached.
pub async fn coverage_counts_reminders_apart(l: Arc<dyn Ledger>) {
    l.record_notice(&creator_notice()).await.unwrap();
    claim(&*l, &key(1), "x", 1, false).await;
    complete(&*l, &key(1), "x", 2, sent()).await;
    let day = schedule(&*l, 1, 1440, 50).await;
    schedule(&*l, 1, 60, 60).await;
    claim(&*l, &day, "x", 51, false).await;
    complete(&*l, &day, "x", 52, failed(None, 52)).await;
    let coverage = l.coverage("creator-2022-03-14", None).await.unwrap();
    assert_eq!(coverage.revisions.len(), 1);
    let first = &coverage.revisions[0];
    assert_eq!((first.recipients, first.told), (1, 1));
    assert_eq!(first.channels["webhook"].sent, 1);
    assert_eq!(first.channels["webhook"].failed, 0);
    assert!(coverage.unreached.is_empty(), "{:?}", coverage.unreached);
    let leads: Vec<_> = coverage
        .reminders
        .iter()
        .map(|r| (r.revision, r.minutes_before, r.recipients))
        .collect();
    assert_eq!(leads, [(1, 60, 1), (1, 1440, 1)]);
    assert_eq!(coverage.reminders[0].channels["webhook"].scheduled, 1);
    assert_eq!(coverage.reminders[1].channels["webhook"].failed, 1);
}
