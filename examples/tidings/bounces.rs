//! `tidings bounces FILE…`: returned mail (delivery status notifications
//! and feedback reports) read from an mbox, a Maildir or single messages,
//! and the record changed as each says. Messages that are not reports, or
//! that are about mail tidings did not send, are listed and left alone.

use std::io::{BufRead, BufReader, Read as _};
use std::path::{Path, PathBuf};

use clap::Args;
use serde_json::json;
use tidings::bounce::Effect;

use crate::store::{Store, shown};
use crate::{Outcome, printable};

/// A returned message is a few kilobytes; one far larger is not one.
const LARGEST_MESSAGE: u64 = 10 * 1024 * 1024;

#[derive(Args)]
pub struct BouncesArgs {
    /// Mbox files, Maildir directories, or single messages (.eml).
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// The state file (or postgres:// URL) the email was sent with.
    #[arg(long, default_value = "tidings.db")]
    state: PathBuf,
    /// One JSON object on stdout.
    #[arg(long)]
    json: bool,
}

/// What was found in the files, message by message.
#[derive(Default)]
struct Tally {
    messages: u64,
    bounced: u64,
    delayed: u64,
    complaints: u64,
    already_recorded: u64,
    unmatched: u64,
    ignored: u64,
    /// Messages that could not be read, or reports the ledger did not
    /// record: read them again.
    not_done: u64,
    rows: Vec<serde_json::Value>,
}

impl Tally {
    fn count(&mut self, source: &str, effects: &[Effect], json: bool) {
        self.messages += 1;
        for effect in effects {
            match effect {
                Effect::Bounced { .. } => self.bounced += 1,
                Effect::Delayed { .. } => self.delayed += 1,
                Effect::Complaint { .. } => self.complaints += 1,
                Effect::AlreadyRecorded { .. } => self.already_recorded += 1,
                Effect::Unmatched { .. } => self.unmatched += 1,
                Effect::NotRecorded { .. } => self.not_done += 1,
                _ => self.ignored += 1,
            }
            if !json {
                println!("{}: {}", printable(source), printable(&effect.to_string()));
            }
        }
        if json {
            self.rows
                .push(json!({ "source": source, "effects": effects }));
        }
    }

    fn unreadable(&mut self, source: &str, why: &str, json: bool) {
        self.not_done += 1;
        if json {
            self.rows.push(json!({ "source": source, "error": why }));
        } else {
            eprintln!("error: {}: {}", printable(source), printable(why));
        }
    }
}

pub fn run(args: BouncesArgs) -> Outcome {
    if !crate::store::is_url(&args.state) && !args.state.exists() {
        // Opening would create an empty one, where nothing matches.
        eprintln!(
            "error: {}: no such state file (give the one the email was sent with)",
            shown(&args.state)
        );
        return Outcome::BadInput;
    }
    crate::runtime().block_on(async {
        let store = match Store::open(&args.state).await {
            Ok(store) => store,
            Err(err) => {
                eprintln!("error: {err}");
                return Outcome::BadInput;
            }
        };
        let ledger = store.ledger();
        let mut tally = Tally::default();
        for file in &args.files {
            for (source, message) in messages(file) {
                match message {
                    Ok(raw) => {
                        let effects = tidings::bounce::apply(&*ledger, &raw).await;
                        tally.count(&source, &effects, args.json);
                    }
                    Err(why) => tally.unreadable(&source, &why, args.json),
                }
            }
        }
        let totals = json!({
            "messages": tally.messages,
            "bounced": tally.bounced,
            "delayed": tally.delayed,
            "complaints": tally.complaints,
            "already_recorded": tally.already_recorded,
            "unmatched": tally.unmatched,
            "ignored": tally.ignored,
            "not_done": tally.not_done,
        });
        if args.json {
            println!("{}", json!({ "messages": tally.rows, "totals": totals }));
        } else {
            println!(
                "{} message(s): {} bounced, {} delayed, {} complaint(s), {} already recorded, {} unmatched, {} ignored, {} not done",
                tally.messages,
                tally.bounced,
                tally.delayed,
                tally.complaints,
                tally.already_recorded,
                tally.unmatched,
                tally.ignored,
                tally.not_done
            );
        }
        if tally.not_done > 0 {
            Outcome::Failed
        } else {
            Outcome::Done
        }
    })
}

/// One message, or why it could not be read, named for people: the file,
/// and which message of it.
type Read = (String, Result<Vec<u8>, String>);

/// Each message of `file` (an mbox, a Maildir, or one message), one at a
/// time: a large mbox is never held whole.
fn messages(file: &Path) -> Box<dyn Iterator<Item = Read>> {
    let name = shown(file).to_string();
    let failed = |name: String, why: String| -> Box<dyn Iterator<Item = Read>> {
        Box::new(std::iter::once((name, Err(why))))
    };
    if file.is_dir() {
        return match mail_parser::mailbox::maildir::MessageIterator::new(file) {
            Ok(maildir) => Box::new(maildir.map(move |m| match m {
                Ok(m) => (m.path().display().to_string(), sized(m.unwrap_contents())),
                Err(err) => (name.clone(), Err(format!("cannot read the Maildir: {err}"))),
            })),
            Err(err) => failed(name, format!("not a Maildir (cur/ and new/): {err}")),
        };
    }
    let mut reader = match std::fs::File::open(file) {
        Ok(f) => BufReader::new(f),
        Err(err) => return failed(name, format!("cannot read it: {err}")),
    };
    let is_mbox = match reader.fill_buf() {
        Ok(start) => start.starts_with(b"From "),
        Err(err) => return failed(name, format!("cannot read it: {err}")),
    };
    if is_mbox {
        return Box::new(
            mail_parser::mailbox::mbox::MessageIterator::new(reader)
                .enumerate()
                .map(move |(n, m)| {
                    let source = format!("{name}#{}", n + 1);
                    match m {
                        Ok(m) => (source, sized(m.unwrap_contents())),
                        Err(err) => (source, Err(format!("cannot read the mbox: {err}"))),
                    }
                }),
        );
    }
    let mut raw = Vec::new();
    match reader.take(LARGEST_MESSAGE + 1).read_to_end(&mut raw) {
        Ok(_) => Box::new(std::iter::once((name, sized(raw)))),
        Err(err) => failed(name, format!("cannot read it: {err}")),
    }
}

fn sized(raw: Vec<u8>) -> Result<Vec<u8>, String> {
    if raw.len() as u64 > LARGEST_MESSAGE {
        Err("too large to be a returned message".into())
    } else {
        Ok(raw)
    }
}
