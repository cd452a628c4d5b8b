//! The tidings tool: manual sends, previews, delivery history, inboxes and
//! locale checks, for support people and on-call engineers.
//!
//! ```sh
//! cargo run --example tidings -- send --notice examples/data/creator-outage/1-investigating.toml \
//!     --recipients examples/data/customers.csv
//! cargo run --example tidings -- resume --watch
//! cargo run --example tidings -- preview --notice FILE --lang nl-BE --time-zone Europe/Brussels
//! cargo run --example tidings -- history --customer c-001
//! cargo run --example tidings -- inbox --customer c-001
//! cargo run --example tidings -- bounces --state tidings.db returned.mbox
//! cargo run --example tidings -- check-locales [DIR]
//! ```
//!
//! Exit codes: 0 every delivery done (sent, written to the outbox, made
//! before, or overtaken by a newer revision); 1 a delivery failed for good
//! (or, for check-locales, the locales have problems); 2 bad input or usage,
//! nothing sent; 3 nothing failed, but some deliveries are pending (run
//! `resume`).

mod bounces;
mod check;
mod input;
mod lookup;
mod mail;
mod preview;
mod progress;
mod proof;
mod resume;
mod send;
mod store;
mod summary;
mod suppressions;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(
    name = "tidings",
    version,
    about = "Tell customers about an incident, in their language, exactly once per update."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Send one notice to every recipient on every channel they have.
    Send(send::SendArgs),
    /// Make every delivery that is due: retries whose time has come, and
    /// deliveries a stopped sender left behind.
    Resume(resume::ResumeArgs),
    /// Show what a customer with these preferences would see.
    Preview {
        /// The notice (TOML).
        #[arg(long)]
        notice: PathBuf,
        /// Language preferences, best first (`nl-BE` or `"pt-BR, de"`).
        #[arg(long, default_value = "en-US")]
        lang: String,
        /// IANA time zone (the notice's own unless given).
        #[arg(long)]
        time_zone: Option<String>,
        /// What to print.
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Message files laid out as `<dir>/<locale>/*.ftl`, over the shipped ones.
        #[arg(long)]
        locales: Option<PathBuf>,
    },
    /// Every delivery to one customer: notice, channel, address, outcome, attempts, time, reason.
    History {
        /// The customer id.
        #[arg(long)]
        customer: String,
        /// The state file.
        #[arg(long, default_value = "tidings.db")]
        state: PathBuf,
        /// One JSON object on stdout.
        #[arg(long)]
        json: bool,
    },
    /// A customer's in-app entries: the latest state per incident, with history.
    Inbox {
        /// The customer id (their in-app account).
        #[arg(long)]
        customer: String,
        /// The state file.
        #[arg(long, default_value = "tidings.db")]
        state: PathBuf,
        /// One JSON object on stdout.
        #[arg(long)]
        json: bool,
    },
    /// Who was told about each revision of an incident, how fast, and who was not (and why).
    Report {
        /// The incident id.
        #[arg(long)]
        incident: String,
        /// Only this revision.
        #[arg(long)]
        revision: Option<u32>,
        /// The state file.
        #[arg(long, default_value = "tidings.db")]
        state: PathBuf,
        /// One JSON object on stdout.
        #[arg(long)]
        json: bool,
        /// Also write the customers not reached, with why, as CSV.
        #[arg(long)]
        unreached_csv: Option<PathBuf>,
    },
    /// Incidents whose promised next update is late (exit 1 when any is).
    Overdue {
        /// The state file.
        #[arg(long, default_value = "tidings.db")]
        state: PathBuf,
        /// One JSON object on stdout.
        #[arg(long)]
        json: bool,
        /// For a notice that promised no next update: how long a silence is too long.
        #[arg(long, default_value_t = 60)]
        max_silence: u64,
    },
    /// The "do not send" records: list, add by hand, or lift, with a reason.
    Suppressions {
        #[command(subcommand)]
        action: suppressions::Action,
    },
    /// Read returned mail (bounces, complaints) from mbox files, Maildirs or
    /// single messages, and change the record as each says.
    Bounces(bounces::BouncesArgs),
    /// Check a locales directory (default: the shipped locales) against en-US.
    CheckLocales {
        /// A directory laid out as `<dir>/<locale>/*.ftl`.
        dir: Option<PathBuf>,
        /// One JSON object on stdout, in the terms of compare-locales.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Text,
    Html,
    Json,
}

/// How a command ended, as the process's exit code.
pub enum Outcome {
    /// Nothing failed.
    Done,
    /// At least one delivery failed, or problems were found.
    Failed,
    /// Bad input or usage; nothing was sent.
    BadInput,
    /// Nothing failed, but some deliveries are still to be made.
    Pending,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Send(args) => send::run(args),
        Command::Resume(args) => resume::run(args),
        Command::Preview {
            notice,
            lang,
            time_zone,
            format,
            locales,
        } => preview::run(
            &notice,
            &lang,
            time_zone.as_deref(),
            format,
            locales.as_deref(),
        ),
        Command::History {
            customer,
            state,
            json,
        } => lookup::history(&customer, &state, json),
        Command::Inbox {
            customer,
            state,
            json,
        } => lookup::inbox(&customer, &state, json),
        Command::Report {
            incident,
            revision,
            state,
            json,
            unreached_csv,
        } => proof::report(&incident, revision, &state, json, unreached_csv.as_deref()),
        Command::Overdue {
            state,
            json,
            max_silence,
        } => proof::overdue(&state, json, max_silence),
        Command::CheckLocales { dir, json } => check::run(dir.as_deref(), json),
        Command::Suppressions { action } => suppressions::run(action),
        Command::Bounces(args) => bounces::run(args),
    };
    match outcome {
        Outcome::Done => ExitCode::SUCCESS,
        Outcome::Failed => ExitCode::from(1),
        Outcome::BadInput => ExitCode::from(2),
        Outcome::Pending => ExitCode::from(3),
    }
}

/// The catalog the tool renders with: the shipped locales, a translator's
/// directory over them, and the pseudo-locales en-XA and ar-XB for testing.
fn catalog(locales: Option<&std::path::Path>) -> Result<tidings::Catalog, String> {
    let builder = tidings::Catalog::builder().pseudo_locales();
    let builder = match locales {
        Some(dir) => builder.directory(dir),
        None => builder,
    };
    builder.build().map_err(|e| e.to_string())
}

/// A Tokio runtime for one command.
/// Text from outside (a mail server's reply, a stored entry, a customer id)
/// as a terminal may show it: control characters other than line breaks and
/// tabs are written escaped, so none can move the cursor, retitle the
/// window or hide what follows. (JSON output escapes them itself.)
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if !text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return text.into();
    }
    text.chars()
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect::<String>()
        .into()
}

fn runtime() -> tokio::runtime::Runtime {
    match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("error: cannot start the async runtime: {err}");
            std::process::exit(2);
        }
    }
}
