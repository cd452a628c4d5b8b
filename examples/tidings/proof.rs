//! `tidings report` and `tidings overdue`: has every affected customer been
//! told about this update, how fast, and which promised update is late?

use std::path::Path;
use std::time::Duration;

use serde_json::{Value, json};
use tidings::ledger::{ChannelCoverage, Coverage, Promise, TimeToTell};

use crate::lookup::read_state;
use crate::store::Reader;
use crate::{Outcome, printable};

/// The channels the summary always shows, with their JSON keys.
const CHANNELS: [(&str, &str); 3] = [
    ("email", "email"),
    ("webhook", "webhook"),
    ("in-app", "in_app"),
];

pub fn report(
    incident: &str,
    revision: Option<u32>,
    state: &Path,
    json: bool,
    unreached_csv: Option<&Path>,
) -> Outcome {
    let read = |store: Reader| async move { store.ledger().coverage(incident, revision).await };
    let coverage = match read_state(state, read) {
        Ok(coverage) => coverage,
        Err(outcome) => return outcome,
    };
    let Some(latest) = coverage.revisions.last() else {
        eprintln!(
            "error: no deliveries of incident `{incident}` in {}",
            state.display()
        );
        return Outcome::BadInput;
    };
    if let Some(path) = unreached_csv
        && let Err(err) = write_csv(&coverage, path)
    {
        eprintln!("error: {}: {err}", path.display());
        return Outcome::BadInput;
    }
    if json {
        println!("{}", coverage_json(&coverage));
    } else {
        print_coverage(&coverage);
    }
    if latest.unreached == 0 {
        Outcome::Done
    } else if latest.unreached > latest.unreached_pending {
        Outcome::Failed
    } else {
        Outcome::Pending
    }
}

fn time_json(t: &TimeToTell) -> Value {
    json!({"p50": t.p50, "p95": t.p95, "max": t.max})
}

fn channel_json(c: &ChannelCoverage) -> Value {
    json!({
        "sent": c.sent, "pending": c.pending, "failed": c.failed, "stale": c.stale,
        "duplicate": c.duplicate, "outboxed": c.outboxed, "scheduled": c.scheduled,
        "bounced": c.bounced, "suppressed": c.suppressed,
    })
}

fn coverage_json(coverage: &Coverage) -> Value {
    let revisions: Vec<Value> = coverage
        .revisions
        .iter()
        .map(|r| {
            let mut channels = serde_json::Map::new();
            let mut by_channel = serde_json::Map::new();
            for (kind, key) in CHANNELS {
                let counts = r.channels.get(kind).copied().unwrap_or_default();
                channels.insert(key.to_owned(), channel_json(&counts));
            }
            for (kind, counts) in &r.channels {
                if !CHANNELS.iter().any(|(k, _)| k == kind) {
                    channels.insert(kind.clone(), channel_json(counts));
                }
            }
            for (kind, time) in &r.time_to_tell_by_channel {
                let key = CHANNELS
                    .iter()
                    .find(|(k, _)| k == kind)
                    .map_or(kind.as_str(), |(_, key)| key);
                by_channel.insert(key.to_owned(), time_json(time));
            }
            json!({
                "revision": r.revision,
                "status": r.status.map(|s| s.as_str()),
                "published_at": r.published_at.map(|t| t.to_string()),
                "recipients": r.recipients,
                "not_subscribed": r.not_subscribed,
                "told": r.told,
                "suppressed": r.suppressed,
                "unreached": r.unreached,
                "unreached_pending": r.unreached_pending,
                "channels": channels,
                "time_to_tell_seconds": r.time_to_tell_seconds.as_ref().map(time_json),
                "time_to_tell_seconds_by_channel": by_channel,
            })
        })
        .collect();
    let unreached: Vec<Value> = coverage
        .unreached
        .iter()
        .map(|u| {
            json!({"customer": u.customer, "revision": u.revision, "reasons": u.reasons, "pending": u.pending})
        })
        .collect();
    // Reminders are rows of their own: they tell nothing new, so they are
    // never what makes a customer told or unreached.
    let reminders: Vec<Value> = coverage
        .reminders
        .iter()
        .map(|r| {
            let channels: serde_json::Map<String, Value> = r
                .channels
                .iter()
                .map(|(kind, counts)| {
                    let key = CHANNELS
                        .iter()
                        .find(|(k, _)| k == kind)
                        .map_or(kind.as_str(), |(_, key)| key);
                    (key.to_owned(), channel_json(counts))
                })
                .collect();
            json!({
                "revision": r.revision,
                "minutes_before": r.minutes_before,
                "recipients": r.recipients,
                "channels": channels,
            })
        })
        .collect();
    json!({
        "incident": coverage.incident,
        "revisions": revisions,
        "unreached": unreached,
        "reminders": reminders,
    })
}

fn print_coverage(coverage: &Coverage) {
    println!("incident {}", coverage.incident);
    for r in &coverage.revisions {
        let status = r.status.map_or("?", |s| s.as_str());
        let time = r.time_to_tell_seconds.map_or("-".to_owned(), |t| {
            format!("p50 {:.1} s, p95 {:.1} s, max {:.1} s", t.p50, t.p95, t.max)
        });
        println!(
            "revision {} ({status}): {} customers, {} told, {} not reached ({} of them pending); time to tell {time}",
            r.revision, r.recipients, r.told, r.unreached, r.unreached_pending
        );
        if r.suppressed > 0 {
            println!(
                "  {} more customers were not sent it: suppressed on every channel they have \
                 (unsubscribed, dead addresses, complaints)",
                r.suppressed
            );
        }
        if r.not_subscribed > 0 {
            println!(
                "  {} more customers were not sent it: outside its audience, and told nothing \
                 earlier of the incident",
                r.not_subscribed
            );
        }
        println!(
            "  {:<10}{:>8}{:>9}{:>8}{:>8}{:>11}{:>10}{:>9}{:>12}",
            "channel",
            "sent",
            "pending",
            "failed",
            "stale",
            "duplicate",
            "outboxed",
            "bounced",
            "suppressed"
        );
        for (kind, c) in &r.channels {
            println!(
                "  {kind:<10}{:>8}{:>9}{:>8}{:>8}{:>11}{:>10}{:>9}{:>12}",
                c.sent,
                c.pending,
                c.failed,
                c.stale,
                c.duplicate,
                c.outboxed,
                c.bounced,
                c.suppressed
            );
        }
    }
    for r in &coverage.reminders {
        println!(
            "reminder of revision {}, {} min before the start: {} customers",
            r.revision, r.minutes_before, r.recipients
        );
        println!(
            "  {:<10}{:>10}{:>8}{:>9}{:>8}{:>8}",
            "channel", "scheduled", "sent", "pending", "failed", "stale"
        );
        for (kind, c) in &r.channels {
            println!(
                "  {kind:<10}{:>10}{:>8}{:>9}{:>8}{:>8}",
                c.scheduled, c.sent, c.pending, c.failed, c.stale
            );
        }
    }
    if !coverage.unreached.is_empty() {
        println!("not reached:");
    }
    for u in &coverage.unreached {
        let pending = if u.pending { " (pending)" } else { "" };
        println!(
            "  {} revision {}{pending}",
            printable(&u.customer),
            u.revision
        );
        for reason in &u.reasons {
            println!("    {}", printable(reason));
        }
    }
}

/// One line per delivery that did not go, for support to work through.
/// A cell a spreadsheet shows as text: one that would start a formula (`=`,
/// `+`, `-`, `@`, or a tab or carriage return before one) is opened with a
/// quote mark. Customer ids and reasons come from outside.
fn cell(value: &str) -> std::borrow::Cow<'_, str> {
    if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}").into()
    } else {
        value.into()
    }
}

fn write_csv(coverage: &Coverage, path: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let mut csv = csv::Writer::from_path(path)?;
    csv.write_record(["customer", "revision", "pending", "reason"])?;
    for u in &coverage.unreached {
        for reason in &u.reasons {
            csv.write_record([
                &*cell(&u.customer),
                &u.revision.to_string(),
                if u.pending { "yes" } else { "no" },
                &*cell(reason),
            ])?;
        }
    }
    csv.flush()?;
    Ok(())
}

pub fn overdue(state: &Path, json: bool, max_silence_minutes: u64) -> Outcome {
    let max_silence = Duration::from_secs(max_silence_minutes.saturating_mul(60));
    let read = |store: Reader| async move {
        store
            .ledger()
            .overdue(jiff::Timestamp::now(), max_silence)
            .await
    };
    let late = match read_state(state, read) {
        Ok(late) => late,
        Err(outcome) => return outcome,
    };
    if json {
        let list: Vec<Value> = late
            .iter()
            .map(|o| {
                json!({
                    "incident": o.incident, "revision": o.revision, "status": o.status.as_str(),
                    "due_at": o.due_at.to_string(), "late_minutes": o.late_minutes,
                    "promise": o.promise.as_str(),
                })
            })
            .collect();
        println!("{}", json!({ "overdue": list }));
    } else if late.is_empty() {
        println!("no promised update is late");
    } else {
        for o in &late {
            let what = match o.promise {
                Promise::Start => "the planned work was to start",
                Promise::End => "the planned work was to end",
                _ => "the next update was due",
            };
            println!(
                "{} revision {} ({}): {what} at {}, {:.1} minutes ago",
                o.incident,
                o.revision,
                o.status.as_str(),
                o.due_at,
                o.late_minutes
            );
        }
    }
    if late.is_empty() {
        Outcome::Done
    } else {
        Outcome::Failed
    }
}
