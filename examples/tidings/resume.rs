//! `tidings resume`: make what is due (scheduled retries, claims of senders
//! that stopped), once or, with `--watch`, until nothing is left.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use clap::Args;
use jiff::Timestamp;
use tidings::dispatch::Report;
use tidings::{Catalog, Dispatcher};

use crate::Outcome;
use crate::progress::Progress;
use crate::send::{self, ChannelArgs};
use crate::summary;

#[derive(Args)]
pub struct ResumeArgs {
    #[command(flatten)]
    channels: ChannelArgs,
    /// Keep going, sleeping until the next delivery or reminder is due, until
    /// nothing is pending or scheduled, or the command is interrupted.
    #[arg(long)]
    watch: bool,
    /// Print one JSON object on stdout.
    #[arg(long)]
    json: bool,
    /// Message files laid out as `<dir>/<locale>/*.ftl`, over the shipped ones.
    #[arg(long)]
    locales: Option<PathBuf>,
}

/// The longest sleep between passes: another sender may add work.
const LONGEST_SLEEP: Duration = Duration::from_secs(30);

pub fn run(args: ResumeArgs) -> Outcome {
    if !crate::store::is_url(&args.channels.state) && !args.channels.state.exists() {
        eprintln!(
            "error: {}: no state file here (pass --state, or send something first)",
            args.channels.state.display()
        );
        return Outcome::BadInput;
    }
    let catalog = match crate::catalog(args.locales.as_deref()) {
        Ok(catalog) => Arc::new(catalog),
        Err(err) => {
            eprintln!("error: {err}");
            return Outcome::BadInput;
        }
    };
    crate::runtime().block_on(resume(args, catalog))
}

async fn resume(args: ResumeArgs, catalog: Arc<Catalog>) -> Outcome {
    let progress = Progress::new(0, true);
    let failures = Arc::new(Mutex::new(Vec::new()));
    let dispatcher = match send::dispatcher(&args.channels, catalog, &progress, &failures).await {
        Ok(dispatcher) => dispatcher,
        Err(err) => {
            eprintln!("error: {err}");
            return Outcome::BadInput;
        }
    };
    let chatty = !args.json && std::io::stderr().is_terminal();
    let mut total = Report::new("resume".to_owned());
    let interrupted = tokio::signal::ctrl_c();
    let mut interrupted = std::pin::pin!(interrupted);
    loop {
        let pass = tokio::select! {
            pass = dispatcher.resume() => pass,
            _ = &mut interrupted => break,
        };
        let pass = match pass {
            Ok(pass) => pass,
            Err(err) => {
                eprintln!(
                    "error: {}: {err}",
                    crate::store::shown(&args.channels.state)
                );
                return Outcome::Failed;
            }
        };
        add(&mut total, &pass);
        let Some(wait) = next_wait(&dispatcher, args.watch, chatty, &pass).await else {
            break;
        };
        tokio::select! {
            () = tokio::time::sleep(wait) => {}
            _ = &mut interrupted => break,
        }
    }
    // What is still pending is what the ledger still holds, whatever this
    // run saw of it.
    let backlog = dispatcher.backlog().await.unwrap_or_default();
    total.totals.pending = backlog.pending;
    total.totals.next_retry_at = backlog.next_due;
    total.totals.scheduled = backlog.scheduled;
    let failures = failures.lock().unwrap_or_else(|p| p.into_inner()).clone();
    if args.json {
        println!("{}", summary::summary_json(&total));
    } else {
        summary::print_summary(&total, &failures);
        summary::print_next_steps(&total.totals, &args.channels, "resume");
    }
    summary::outcome(&total.totals)
}

/// Adds one pass to the run's account; pending counts come from the ledger
/// at the end, so a delivery pending in one pass and sent in the next is
/// counted once.
fn add(total: &mut Report, pass: &Report) {
    total.recipients += pass.recipients;
    for (channel, counts) in &pass.channels {
        let mut made = *counts;
        made.pending = 0;
        made.next_retry_at = None;
        total.add(&tidings::ChannelKind::custom(channel.clone()), &made);
    }
}

/// How long to sleep before the next pass, or `None` to stop: without
/// `--watch`, or when nothing is pending.
async fn next_wait(
    dispatcher: &Dispatcher,
    watch: bool,
    chatty: bool,
    pass: &Report,
) -> Option<Duration> {
    if !watch {
        return None;
    }
    let backlog = dispatcher.backlog().await.ok()?;
    let next = backlog.next_work()?;
    if chatty {
        let t = &pass.totals;
        eprintln!(
            "{} sent, {} failed; {} pending, {} reminders scheduled; next due at {next}",
            t.sent, t.failed, backlog.pending, backlog.scheduled
        );
    }
    let wait = next.duration_since(Timestamp::now());
    let wait = Duration::try_from(wait).unwrap_or_default();
    Some(wait.clamp(Duration::from_millis(200), LONGEST_SLEEP))
}
