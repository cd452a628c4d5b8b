//! The account of a send or a resume, for people and for programs: the
//! summary (plain or JSON), what to run next, and the exit code.

use serde_json::json;
use tidings::dispatch::{Counts, Report};

use crate::Outcome;
use crate::send::ChannelArgs;
use crate::store::shown;

/// The exit code a run earns: failed for good beats pending beats done.
pub fn outcome(totals: &Counts) -> Outcome {
    if totals.failed + totals.unconfigured > 0 {
        Outcome::Failed
    } else if totals.pending > 0 {
        Outcome::Pending
    } else {
        Outcome::Done
    }
}

const CHANNELS: [(&str, &str); 3] = [
    ("email", "email"),
    ("webhook", "webhook"),
    ("in-app", "in_app"),
];

fn counts_json(c: &Counts) -> serde_json::Value {
    json!({
        "sent": c.sent,
        "duplicate": c.duplicate,
        "stale": c.stale,
        "failed": c.failed + c.unconfigured,
        "suppressed": c.suppressed,
        "pending": c.pending,
        "outboxed": c.outboxed,
        "not_subscribed": c.not_subscribed,
        "scheduled": c.scheduled,
        "next_retry_at": c.next_retry_at.map(|t| t.to_string()),
    })
}

pub fn summary_json(report: &Report) -> serde_json::Value {
    let mut channels = serde_json::Map::new();
    for (kind, key) in CHANNELS {
        channels.insert(
            key.to_owned(),
            counts_json(&report.channels.get(kind).copied().unwrap_or_default()),
        );
    }
    // Channels of the service's own (custom addresses), by their names.
    for (kind, counts) in &report.channels {
        if !CHANNELS.iter().any(|(k, _)| k == kind) {
            channels.insert(kind.clone(), counts_json(counts));
        }
    }
    json!({
        "notice": report.notice,
        "recipients": report.recipients,
        "totals": counts_json(&report.totals),
        "channels": channels,
        "reclaimed": report.totals.reclaimed,
    })
}

pub fn print_summary(report: &Report, failures: &[String]) {
    println!(
        "notice {} to {} recipients",
        report.notice, report.recipients
    );
    println!(
        "{:<10}{:>8}{:>10}{:>11}{:>8}{:>8}{:>12}{:>9}{:>16}",
        "channel",
        "sent",
        "outboxed",
        "duplicate",
        "stale",
        "failed",
        "suppressed",
        "pending",
        "not subscribed"
    );
    let row = |name: &str, c: &Counts| {
        println!(
            "{name:<10}{:>8}{:>10}{:>11}{:>8}{:>8}{:>12}{:>9}{:>16}",
            c.sent,
            c.outboxed,
            c.duplicate,
            c.stale,
            c.failed + c.unconfigured,
            c.suppressed,
            c.pending,
            c.not_subscribed
        );
    };
    for (kind, _) in CHANNELS {
        row(
            kind,
            &report.channels.get(kind).copied().unwrap_or_default(),
        );
    }
    for (kind, counts) in &report.channels {
        if !CHANNELS.iter().any(|(k, _)| k == kind) {
            row(kind, counts);
        }
    }
    row("total", &report.totals);
    if report.totals.reclaimed > 0 {
        println!(
            "{} deliveries were taken over from a sender that stopped and may have arrived twice (same Message-ID / webhook-id)",
            report.totals.reclaimed
        );
    }
    for failure in failures {
        println!("{failure}");
    }
}

/// What to run next, in the words of the tool.
pub fn print_next_steps(totals: &Counts, channels: &ChannelArgs, command: &str) {
    let state = shown(&channels.state);
    if totals.scheduled > 0 {
        let kept = if command == "resume" {
            "are still scheduled"
        } else {
            "were scheduled"
        };
        println!(
            "{} reminders of the planned work {kept}: keep `tidings resume --state {state}              --watch` (or the service) running with the same channel flags to send them on time",
            totals.scheduled
        );
    }
    if totals.pending > 0 {
        let when = totals
            .next_retry_at
            .map(|t| format!(" (the first is due at {t})"))
            .unwrap_or_default();
        println!(
            "{} deliveries are pending{when}: run `tidings resume --state {state} --watch` \
             with the same channel flags to finish them",
            totals.pending
        );
    }
    if totals.outboxed > 0 {
        println!(
            "{} deliveries were written to {} for review, not sent: {command} again with \
             --smtp URL and --post-webhooks on the same state file to send them",
            totals.outboxed,
            channels.outbox.display()
        );
    }
    if totals.failed > 0 {
        println!(
            "{} deliveries failed for good: `tidings history --customer ID --state {state}` says why",
            totals.failed
        );
    }
}
