//! `tidings history` and `tidings inbox`: what support asks about one customer.

use std::path::Path;

use serde_json::json;
use tidings::inbox::ListQuery;

use crate::store::{Reader, is_url, shown};

use crate::{Outcome, printable};

/// Runs `read` against an existing state file; a missing or unreadable one
/// is bad input, said once, here.
pub fn read_state<T, F, R>(state: &Path, read: R) -> Result<T, Outcome>
where
    R: FnOnce(Reader) -> F,
    F: std::future::Future<Output = Result<T, tidings::StoreError>>,
{
    if !is_url(state) && !state.exists() {
        eprintln!(
            "error: {}: no state file here (pass --state, or send something first)",
            state.display()
        );
        return Err(Outcome::BadInput);
    }
    crate::runtime().block_on(async {
        let store = Reader::open(state).await.map_err(|err| {
            eprintln!("error: {err}");
            Outcome::BadInput
        })?;
        read(store).await.map_err(|err| {
            eprintln!("error: {}: {err}", shown(state));
            Outcome::BadInput
        })
    })
}

pub fn history(customer: &str, state: &Path, json: bool) -> Outcome {
    let read = |store: Reader| async move { store.ledger().history(customer).await };
    let entries = match read_state(state, read) {
        Ok(entries) => entries,
        Err(outcome) => return outcome,
    };
    if json {
        let deliveries: Vec<_> = entries
            .iter()
            .map(|e| {
                json!({
                    "notice": format!("{}#{}", e.key.incident, e.key.revision),
                    "reminder_minutes": match e.key.part {
                        tidings::Part::Reminder(minutes) => Some(minutes),
                        _ => None,
                    },
                    "channel": e.key.channel.as_str(),
                    "address": tidings::redact::address(e.key.channel.as_str(), &e.key.address),
                    "outcome": e.state.as_str(),
                    "attempts": e.attempts,
                    "time": e.updated_at.to_string(),
                    "due_at": e.due_at.map(|t| t.to_string()),
                    "reason": e.reason,
                    "detail": e.detail,
                })
            })
            .collect();
        println!(
            "{}",
            json!({"customer": customer, "deliveries": deliveries})
        );
        return Outcome::Done;
    }
    if entries.is_empty() {
        println!("no deliveries to {customer}");
    }
    for e in &entries {
        // A reminder is a row of its own, named by its lead; one still
        // waiting says when it goes.
        let what = match e.key.part {
            tidings::Part::Reminder(minutes) => format!(" reminder {minutes} min before"),
            _ => String::new(),
        };
        let due = match (e.state, e.due_at) {
            (tidings::ledger::DeliveryState::Scheduled, Some(at)) => {
                format!("due {}", at.strftime("%Y-%m-%d %H:%M:%S UTC"))
            }
            _ => String::new(),
        };
        println!(
            "{}#{}{what}  {:<8} {:<40} {:<9} attempts {}  {}  {}{due}",
            e.key.incident,
            e.key.revision,
            e.key.channel.as_str(),
            tidings::redact::address(e.key.channel.as_str(), &e.key.address),
            e.state.as_str(),
            e.attempts,
            e.updated_at.strftime("%Y-%m-%d %H:%M:%S UTC"),
            printable(
                e.reason
                    .as_deref()
                    .or(e.detail.as_deref())
                    .unwrap_or_default()
            )
        );
    }
    Outcome::Done
}

pub fn inbox(customer: &str, state: &Path, json: bool) -> Outcome {
    let read = |store: Reader| async move {
        let inbox = store.inbox();
        let query = ListQuery {
            limit: 1000,
            ..ListQuery::default()
        };
        let mut entries = Vec::new();
        for entry in inbox.list(customer, &query).await? {
            let history = inbox.history(customer, &entry.incident).await?;
            entries.push((entry, history));
        }
        Ok(entries)
    };
    let entries = match read_state(state, read) {
        Ok(entries) => entries,
        Err(outcome) => return outcome,
    };
    if json {
        let entries: Vec<_> = entries
            .iter()
            .map(|(entry, history)| {
                let mut value = serde_json::to_value(entry).unwrap_or_default();
                value["history"] = serde_json::to_value(history).unwrap_or_default();
                value
            })
            .collect();
        println!("{}", json!({"customer": customer, "entries": entries}));
        return Outcome::Done;
    }
    if entries.is_empty() {
        println!("no in-app entries for {customer}");
    }
    for (entry, history) in &entries {
        let read = if entry.read { "read" } else { "unread" };
        println!(
            "{}  revision {}  {}  {read}",
            entry.incident,
            entry.revision,
            entry.status.as_str()
        );
        println!("  {}", printable(&entry.title));
        println!("  {}", printable(&entry.body));
        for h in history {
            println!(
                "    r{} {:<12} {}  {}",
                h.revision,
                h.status.as_str(),
                h.published_at,
                printable(&h.title)
            );
        }
    }
    Outcome::Done
}
