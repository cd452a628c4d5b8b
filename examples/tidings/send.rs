//! `tidings send`: validate everything, then send, with progress and a summary.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use clap::Args;
use futures_util::stream;
use serde_json::json;
use tidings::channel::chat::ChatChannel;
use tidings::channel::email::EmailChannel;
use tidings::channel::in_app::InAppChannel;
use tidings::channel::webhook::WebhookChannel;
use tidings::dispatch::EventKind;
use tidings::{Address, Catalog, Dispatcher, Notice, Recipient};

use crate::progress::Progress;
use crate::store::{Store, shown};
use crate::summary::{outcome, print_next_steps, print_summary, summary_json};

use crate::{Outcome, input, printable};

/// Where deliveries go and what records them: the same for `send` and
/// `resume`, so a resume makes deliveries the way the send would have.
#[derive(Args, Clone)]
pub struct ChannelArgs {
    /// Where the ledger and the in-app inbox are: a SQLite file, or (built
    /// with the `postgres` feature) a postgres:// URL several instances share.
    #[arg(long, default_value = "tidings.db")]
    pub state: PathBuf,
    /// Where emails (.eml), webhook and chat requests (.http) are written when not sent.
    #[arg(long, default_value = "outbox")]
    pub outbox: PathBuf,
    /// Send email over SMTP: smtp://host:port, smtp://host:587?tls=starttls, smtps://user:pass@host.
    #[arg(long)]
    pub smtp: Option<String>,
    /// The sender of the emails.
    #[arg(long, default_value = "Status <status@example.com>")]
    from: String,
    /// POST webhooks and chat messages instead of writing them into the
    /// outbox (SSRF guard on).
    #[arg(long)]
    pub post_webhooks: bool,
    /// Let chat messages go to any host, not only each service's own
    /// (hooks.slack.com, discord.com, …): for Slack-compatible servers of
    /// your own (Mattermost) and tests. The SSRF guard still applies.
    #[arg(long)]
    chat_any_host: bool,
    /// Let webhooks reach loopback and private addresses.
    #[arg(long)]
    allow_private_webhooks: bool,
    /// Let webhooks go to plain http:// endpoints (https only unless given).
    #[arg(long)]
    allow_http_webhooks: bool,
    /// Sign email with DKIM: the selector, domain and private key file
    /// (RSA in PKCS#1 PEM, or Ed25519), as `--dkim s1:example.com:dkim.pem`.
    #[arg(long, value_name = "SELECTOR:DOMAIN:KEY_FILE")]
    dkim: Option<String>,
    /// Return bounces to this mailbox with the delivery in it (VERP:
    /// `bounces+<delivery id>@example.com`), for `tidings bounces`; the
    /// mail server must deliver `bounces+anything` to `bounces`.
    #[arg(long, value_name = "MAILBOX")]
    verp: Option<String>,
    /// The one-click unsubscribe link of every email, with `{token}` where
    /// the signed token goes (`https://status.example.com/unsubscribe/{token}`,
    /// the service's endpoint); the key is read from TIDINGS_UNSUBSCRIBE_KEY
    /// (base64, at least 32 bytes), the one the endpoint checks with.
    #[arg(long, value_name = "URL")]
    unsubscribe_url: Option<String>,
    /// Reminders of scheduled maintenance whose notice names none, in
    /// minutes before the start: `--reminders 1440,60` (a day and an hour).
    /// `tidings resume --watch` (or the service) sends them at their time.
    #[arg(long, value_delimiter = ',')]
    reminders: Vec<u32>,
}

#[derive(Args)]
pub struct SendArgs {
    /// The notice (TOML).
    #[arg(long)]
    notice: PathBuf,
    /// The recipients: CSV, or JSON Lines (`.jsonl`).
    #[arg(long)]
    recipients: PathBuf,
    #[command(flatten)]
    channels: ChannelArgs,
    /// Show what would be sent; write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Send the valid rows and list the invalid ones, instead of sending nothing.
    #[arg(long)]
    skip_invalid: bool,
    /// Print one JSON object on stdout.
    #[arg(long)]
    json: bool,
    /// Message files laid out as `<dir>/<locale>/*.ftl`, over the shipped ones.
    #[arg(long)]
    locales: Option<PathBuf>,
}

pub fn run(args: SendArgs) -> Outcome {
    let notice = match input::notice(&args.notice) {
        Ok(notice) => notice,
        Err(err) => return bad(&err),
    };
    // Both passes read a private copy: what was checked is what is sent.
    let copy = match input::stable_copy(&args.recipients) {
        Ok(copy) => copy,
        Err(err) => return bad(&err),
    };
    // First pass: check every row before anything is sent.
    let (mut valid, mut deliveries, mut problems) = (0u64, 0u64, Vec::new());
    let read = valid_recipients(&copy, &args.recipients, |row| match row {
        Ok(r) => {
            valid += 1;
            deliveries += r.addresses.len() as u64;
        }
        Err(problem) => problems.push(problem),
    });
    if let Err(err) = read {
        return bad(&err);
    }
    for problem in &problems {
        eprintln!(
            "{}{problem}",
            if args.skip_invalid {
                "skipped: "
            } else {
                "error: "
            }
        );
    }
    if !problems.is_empty() && !args.skip_invalid {
        eprintln!(
            "nothing was sent: {} invalid row(s); fix them or pass --skip-invalid",
            problems.len()
        );
        return Outcome::BadInput;
    }
    let catalog = match crate::catalog(args.locales.as_deref()) {
        Ok(catalog) => Arc::new(catalog),
        Err(err) => return bad(&err),
    };
    if args.dry_run {
        return dry_run(&args, &copy, &notice, &catalog, valid);
    }
    crate::runtime().block_on(send(args, copy, notice, catalog, valid, deliveries))
}

/// Reads the recipients, with a customer listed twice a problem that names
/// both lines.
fn valid_recipients(
    copy: &input::StableCopy,
    name: &Path,
    mut visit: impl FnMut(Result<Recipient, input::Problem>),
) -> Result<(), String> {
    let mut seen = input::SeenIds::default();
    input::recipients_from(copy.reader()?, name, |line, row| {
        let row = row.and_then(|r| match seen.first(&r.id, line) {
            Some(first) => Err(input::Problem {
                file: name.display().to_string(),
                line,
                field: Some("id"),
                message: format!("customer `{}` is also on line {first}", r.id),
            }),
            None => Ok(r),
        });
        visit(row);
    })
}

fn bad(message: &str) -> Outcome {
    eprintln!("error: {message}");
    Outcome::BadInput
}

/// The valid recipients of the (copied) file, read on a thread as they are
/// sent; the thread's result says whether the whole file was read again.
fn stream_recipients(
    copy: input::StableCopy,
    name: PathBuf,
) -> (
    impl futures_util::Stream<Item = Recipient> + Send,
    std::thread::JoinHandle<Result<(), String>>,
) {
    let (tx, rx) = tokio::sync::mpsc::channel(1024);
    let reader = std::thread::spawn(move || {
        valid_recipients(&copy, &name, |row| {
            if let Ok(recipient) = row {
                let _ = tx.blocking_send(recipient);
            }
        })
    });
    let stream = stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|r| (r, rx)) });
    (stream, reader)
}

/// The dispatcher the channel flags describe, on the state file, with
/// progress and failures collected from its events.
pub async fn dispatcher(
    channels: &ChannelArgs,
    catalog: Arc<Catalog>,
    progress: &Progress,
    failures: &Arc<Mutex<Vec<String>>>,
) -> Result<Dispatcher, String> {
    let email = match &channels.smtp {
        Some(url) => EmailChannel::builder(&channels.from).smtp(url),
        None => EmailChannel::builder(&channels.from).outbox(&channels.outbox),
    };
    let email = crate::mail::options(email, channels.dkim.as_deref(), channels.verp.as_deref())?;
    let email = match &channels.unsubscribe_url {
        Some(url) if url.contains("{token}") => {
            let key = std::env::var("TIDINGS_UNSUBSCRIBE_KEY").map_err(|_| {
                "--unsubscribe-url with {token} needs the key in TIDINGS_UNSUBSCRIBE_KEY (base64, at least 32 bytes)".to_owned()
            })?;
            let key = tidings::unsubscribe::UnsubscribeKey::from_base64(&key)
                .map_err(|e| format!("TIDINGS_UNSUBSCRIBE_KEY: {e}"))?;
            email.unsubscribe_url(url).unsubscribe_key(key)
        }
        Some(url) => email.unsubscribe_url(url),
        None => email,
    };
    let email = email.build().map_err(|e| e.to_string())?;
    let webhook = WebhookChannel::builder()
        .allow_private(channels.allow_private_webhooks)
        .allow_http(channels.allow_http_webhooks);
    let webhook = if channels.post_webhooks {
        webhook
    } else {
        webhook.outbox(&channels.outbox)
    };
    let webhook = webhook.build().map_err(|e| e.to_string())?;
    let chat = ChatChannel::builder()
        .allow_private(channels.allow_private_webhooks)
        .allow_http(channels.allow_http_webhooks)
        .any_host(channels.chat_any_host);
    let chat = if channels.post_webhooks {
        chat
    } else {
        chat.outbox(&channels.outbox)
    };
    let chat = chat.build().map_err(|e| e.to_string())?;
    let store = Store::open(&channels.state).await?;
    let (on_progress, on_failure) = (progress.clone(), Arc::clone(failures));
    Dispatcher::builder(catalog)
        .ledger(store.ledger())
        .channel(Arc::new(email))
        .channel(Arc::new(webhook))
        .channel(Arc::new(chat))
        .channel(Arc::new(InAppChannel::new(store.inbox())))
        .on_event(move |event| {
            let reason = match &event.kind {
                EventKind::Failed { reason } => Some(format!("failed: {reason}")),
                EventKind::Deferred { reason, retry_at } => {
                    Some(format!("pending until {retry_at}: {reason}"))
                }
                _ => None,
            };
            if let Some(reason) = reason {
                on_failure.lock().unwrap_or_else(|p| p.into_inner()).push(
                    printable(&format!(
                        "{} {} {}: {reason}",
                        event.key.recipient,
                        event.key.channel,
                        tidings::redact::address(event.key.channel.as_str(), &event.key.address)
                    ))
                    .into_owned(),
                );
            }
            on_progress.event(&event.kind);
        })
        .default_reminders_minutes(channels.reminders.iter().copied())
        .build()
        .map_err(|e| e.to_string())
}

async fn send(
    args: SendArgs,
    copy: input::StableCopy,
    notice: Notice,
    catalog: Arc<Catalog>,
    valid: u64,
    deliveries: u64,
) -> Outcome {
    let progress = Progress::new(deliveries, args.json);
    let failures = Arc::new(Mutex::new(Vec::new()));
    let dispatcher = match dispatcher(&args.channels, catalog, &progress, &failures).await {
        Ok(dispatcher) => dispatcher,
        Err(err) => return bad(&err),
    };
    let (recipients, reader) = stream_recipients(copy, args.recipients.clone());
    let report = match dispatcher.send(&notice, recipients).await {
        Ok(report) => report,
        Err(err) => return bad(&format!("{}: {err}", shown(&args.channels.state))),
    };
    progress.finish();
    // The copy cannot change, but a disk can fail: a send that did not reach
    // every checked customer says so and does not end well.
    let reread = reader
        .join()
        .unwrap_or_else(|_| Err("the reader stopped".to_owned()));
    if let Err(err) = reread.and_then(|()| {
        (report.recipients == valid).then_some(()).ok_or_else(|| {
            format!(
                "{} of the {valid} checked customers were read again",
                report.recipients
            )
        })
    }) {
        eprintln!(
            "error: {}: the recipients could not be read again in full ({err}); the customers after the last one sent were not told",
            args.recipients.display()
        );
        if args.json {
            println!("{}", summary_json(&report));
        }
        return Outcome::BadInput;
    }
    let failures = failures.lock().unwrap_or_else(|p| p.into_inner()).clone();
    if args.json {
        println!("{}", summary_json(&report));
        // Stdout holds the one JSON object; why deliveries did not go is
        // said on stderr, the first few in full.
        const SHOWN: usize = 20;
        for failure in failures.iter().take(SHOWN) {
            eprintln!("{failure}");
        }
        if failures.len() > SHOWN {
            eprintln!("… and {} more", failures.len() - SHOWN);
        }
    } else {
        print_summary(&report, &failures);
        print_next_steps(&report.totals, &args.channels, "send");
    }
    outcome(&report.totals)
}

fn dry_run(
    args: &SendArgs,
    copy: &input::StableCopy,
    notice: &Notice,
    catalog: &Arc<Catalog>,
    valid: u64,
) -> Outcome {
    // One rendering per language and zone, however many customers share it.
    let renderer = tidings::Renderer::new(Arc::clone(catalog));
    let mut deliveries = Vec::new();
    let read = valid_recipients(copy, &args.recipients, |row| {
        let Ok(recipient) = row else { return };
        let chain = catalog.negotiate(&recipient.languages);
        let (zone, _) = notice.time_zone_for(&recipient);
        let rendered = renderer.render(notice, &chain, &zone);
        for address in &recipient.addresses {
            let (channel, to) = match address {
                Address::Email { mailbox } => ("email", mailbox.clone()),
                Address::Webhook { url, .. } => ("webhook", tidings::redact::url(url)),
                Address::Chat { service, url } => {
                    ("chat", format!("{service} {}", tidings::redact::url(url)))
                }
                Address::InApp { account } => ("in_app", account.clone()),
                Address::Custom { kind, to } => (kind.as_str(), to.clone()),
                _ => continue,
            };
            let text = if channel == "email" {
                &rendered.subject
            } else {
                &rendered.title
            };
            deliveries.push(json!({
                "recipient": recipient.id, "channel": channel, "address": to,
                "locale": rendered.locale, "time_zone": rendered.time_zone, "text": text,
            }));
        }
    });
    if let Err(err) = read {
        return bad(&err);
    }
    if args.json {
        let id = format!("{}#{}", notice.incident().id(), notice.revision());
        println!(
            "{}",
            json!({"notice": id, "recipients": valid, "dry_run": true, "deliveries": deliveries})
        );
    } else {
        for d in &deliveries {
            let field = |k: &str| d[k].as_str().unwrap_or_default().to_owned();
            println!(
                "{:<8} {:<8} {:<44} {:<6} {:<20} {}",
                field("recipient"),
                field("channel"),
                field("address"),
                field("locale"),
                field("time_zone"),
                field("text")
            );
        }
        println!(
            "dry run: {} deliveries to {valid} recipients would be made; nothing was written",
            deliveries.len()
        );
    }
    Outcome::Done
}
