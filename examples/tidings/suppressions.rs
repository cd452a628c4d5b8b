//! `tidings suppressions list|add|remove`: the "do not send" records, for
//! support to see, add by hand (with a reason) and undo.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use serde_json::json;
use tidings::suppression::{Lift, Reason, Scope, Suppression};

use crate::lookup::read_state;
use crate::store::{Store, shown};
use crate::{Outcome, printable};

#[derive(Subcommand)]
pub enum Action {
    /// The suppressions of one customer, or of everyone.
    List {
        /// Only this customer.
        #[arg(long)]
        customer: Option<String>,
        #[command(flatten)]
        state: StateArg,
        /// One JSON object on stdout.
        #[arg(long)]
        json: bool,
    },
    /// Suppress a customer by hand, with why.
    Add {
        #[command(flatten)]
        what: What,
        /// Why (a ticket, what the customer asked): kept as the evidence.
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        state: StateArg,
    },
    /// Lift a customer's suppressions (all of them, or those named).
    Remove {
        #[command(flatten)]
        what: What,
        /// Why, for the log.
        #[arg(long)]
        reason: String,
        #[command(flatten)]
        state: StateArg,
    },
}

#[derive(Args)]
pub struct StateArg {
    /// The state file (or postgres:// URL).
    #[arg(long, default_value = "tidings.db")]
    state: PathBuf,
}

#[derive(Args)]
pub struct What {
    /// The customer id.
    #[arg(long)]
    customer: String,
    /// Only this channel (email, webhook, in-app, …).
    #[arg(long)]
    channel: Option<String>,
    /// all, maintenance, product:NAME or component:NAME.
    #[arg(long)]
    scope: Option<String>,
}

fn scope(text: &str) -> Option<Scope> {
    match text.split_once(':') {
        None if text == "all" => Some(Scope::All),
        None if text == "maintenance" => Some(Scope::Maintenance),
        Some(("product", name)) if !name.trim().is_empty() => {
            Some(Scope::Product(name.trim().into()))
        }
        Some(("component", name)) if !name.trim().is_empty() => {
            Some(Scope::Component(name.trim().into()))
        }
        _ => None,
    }
}

fn scope_text(s: &Scope) -> String {
    match s {
        Scope::All => "all".into(),
        Scope::Maintenance => "maintenance".into(),
        Scope::Product(name) => format!("product:{name}"),
        Scope::Component(name) => format!("component:{name}"),
        _ => "other".into(),
    }
}

pub fn run(action: Action) -> Outcome {
    match action {
        Action::List {
            customer,
            state,
            json,
        } => list(customer.as_deref(), &state.state, json),
        Action::Add {
            what,
            reason,
            state,
        } => {
            let Some(scope) = parse_scope(&what) else {
                return Outcome::BadInput;
            };
            let mut s = Suppression::new(
                &what.customer,
                scope,
                Reason::Support,
                jiff::Timestamp::now(),
            )
            .with_evidence(reason);
            if let Some(channel) = &what.channel {
                s = s.on_channel(channel);
            }
            write(&state.state, |ledger| async move {
                ledger.suppress(&s).await.map(|()| {
                    println!("suppressed {}", printable(&s.recipient));
                })
            })
        }
        Action::Remove {
            what,
            reason,
            state,
        } => {
            let mut lift = Lift::of(&what.customer);
            lift.channel = what.channel.clone();
            if what.scope.is_some() {
                let Some(scope) = parse_scope(&what) else {
                    return Outcome::BadInput;
                };
                lift.scope = Some(scope);
            }
            write(&state.state, |ledger| async move {
                ledger.lift(&lift).await.map(|n| {
                    // Said on stdout, so a support log keeps who and why.
                    println!(
                        "lifted {n} suppression(s) of {}: {}",
                        printable(&lift.recipient),
                        printable(&reason)
                    );
                })
            })
        }
    }
}

fn parse_scope(what: &What) -> Option<Scope> {
    let text = what.scope.as_deref().unwrap_or("all");
    let parsed = scope(text);
    if parsed.is_none() {
        eprintln!("error: --scope `{text}`: use all, maintenance, product:NAME or component:NAME");
    }
    parsed
}

fn write<F, R>(state: &std::path::Path, act: R) -> Outcome
where
    R: FnOnce(std::sync::Arc<dyn tidings::ledger::Ledger>) -> F,
    F: std::future::Future<Output = Result<(), tidings::StoreError>>,
{
    crate::runtime().block_on(async {
        let store = match Store::open(state).await {
            Ok(store) => store,
            Err(err) => {
                eprintln!("error: {err}");
                return Outcome::BadInput;
            }
        };
        match act(store.ledger()).await {
            Ok(()) => Outcome::Done,
            Err(err) => {
                eprintln!("error: {}: {err}", shown(state));
                Outcome::Failed
            }
        }
    })
}

fn list(customer: Option<&str>, state: &std::path::Path, json: bool) -> Outcome {
    let read =
        |store: crate::store::Reader| async move { store.ledger().suppressions(customer).await };
    let all = match read_state(state, read) {
        Ok(all) => all,
        Err(outcome) => return outcome,
    };
    if json {
        let rows: Vec<_> = all
            .iter()
            .map(|s| {
                json!({
                    "customer": s.recipient,
                    "channel": s.channel,
                    "address": s.address.as_deref().map(|a| {
                        tidings::redact::address(s.channel.as_deref().unwrap_or_default(), a)
                    }),
                    "scope": scope_text(&s.scope),
                    "reason": s.reason.as_str(),
                    "evidence": s.evidence,
                    "since": s.since.to_string(),
                })
            })
            .collect();
        println!("{}", json!({ "suppressions": rows }));
        return Outcome::Done;
    }
    if all.is_empty() {
        println!("no suppressions");
    }
    for s in &all {
        println!(
            "{}  {:<8} {:<12} {:<13} since {}  {}",
            printable(&s.recipient),
            s.channel.as_deref().unwrap_or("all"),
            printable(&scope_text(&s.scope)),
            s.reason.as_str(),
            s.since.strftime("%Y-%m-%d %H:%M UTC"),
            printable(&s.evidence)
        );
    }
    Outcome::Done
}
