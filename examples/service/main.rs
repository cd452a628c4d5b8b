//! A small incident service that embeds tidings on the SQLite state file.
//!
//! ```sh
//! export TIDINGS_SERVICE_TOKEN=$(openssl rand -hex 32)
//! cargo run --example service -- --recipients examples/data/customers.csv [--state tidings.db]
//! curl -H "Authorization: Bearer $TIDINGS_SERVICE_TOKEN" -H 'Content-Type: application/json' \
//!      -X POST localhost:8080/incidents/creator-2022-03-14/notices -d @notice.json
//! curl -H "Authorization: Bearer $TIDINGS_SERVICE_TOKEN" -X POST localhost:8080/customers/c-003/link
//! ```
//!
//! The operator, with the bearer token:
//! - `POST /incidents/{id}/notices`: a notice (JSON, the same two tables as
//!   the tool's TOML), sent to every recipient of the file in the
//!   background; 202 with where to follow it. A revision is the one after
//!   the last published, or the same one again with the same text.
//! - `GET /incidents/{id}/notices/{revision}`: how that send stands, with
//!   who has been told so far.
//! - `POST /customers/{id}/link`: a signed link, valid for `?hours=` (a
//!   week unless said), that opens the customer's page.
//!
//! A customer, with that link and the session it opens:
//! - `GET /customers/{id}?link=…`: the customer's page, in their language
//!   and direction, live.
//! - `GET /customers/{id}/inbox`: the customer's in-app entries.
//! - `GET /customers/{id}/inbox/events`: Server-Sent Events, one `entry` for
//!   each new entry or revision as it is stored, `read` when one is read.
//! - `POST /customers/{id}/inbox/{incident}/read`: marks an entry read.
//!
//! Deliveries that are due again, and the reminders of scheduled
//! maintenance whose time has come, are made by `resume()` on an interval
//! (`--resume-every`, 30 s: a reminder "in 1 hour" may go up to that late;
//! one too late to be true is not sent, and the ledger says why).
//! SIGTERM or Ctrl-C stops taking requests, lets sends and requests in
//! flight finish within the grace period, and leaves the rest claimed in
//! the ledger: the next start takes them over at once (the stopped
//! sender's lock is gone).

mod access;
mod feed;
mod inbox;
// The recipients reader is the tool's own.
#[allow(dead_code)]
#[path = "../tidings/input.rs"]
mod input;
#[path = "../tidings/mail.rs"]
mod mail;
mod notices;
mod server;
mod status;
mod unsubscribe;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use clap::Parser;
use tidings::channel::chat::ChatChannel;
use tidings::channel::email::EmailChannel;
use tidings::channel::in_app::InAppChannel;
use tidings::channel::webhook::WebhookChannel;
use tidings::{Catalog, Dispatcher, LanguagePreferences, StateFile};
use tokio::sync::watch;

#[derive(Parser)]
#[command(name = "service", about = "An incident service that embeds tidings.")]
struct Args {
    /// The customers (CSV or JSON Lines, as the tidings tool reads them).
    #[arg(long)]
    recipients: PathBuf,
    /// The SQLite file with the ledger and the in-app inbox.
    #[arg(long, default_value = "tidings.db")]
    state: PathBuf,
    /// Where emails (.eml) and webhook requests (.http) are written.
    #[arg(long, default_value = "outbox")]
    outbox: PathBuf,
    /// The address to listen on (port 0: any free port, printed at start).
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// How often deliveries that are due again (and reminders whose time
    /// has come) are made, in seconds.
    #[arg(long, default_value_t = 30)]
    resume_every: u64,
    /// Send email over SMTP (smtp://host:port, smtp://host:587?tls=starttls,
    /// smtps://user:pass@host) instead of writing it to the outbox. Only
    /// mail that was sent schedules reminders of planned work.
    #[arg(long)]
    smtp: Option<String>,
    /// Sign email with DKIM: the selector, domain and private key file
    /// (RSA in PKCS#1 PEM, or Ed25519), as `--dkim s1:example.com:dkim.pem`.
    #[arg(long, value_name = "SELECTOR:DOMAIN:KEY_FILE")]
    dkim: Option<String>,
    /// Return bounces to this mailbox with the delivery in it (VERP:
    /// `bounces+<delivery id>@example.com`), for `tidings bounces`; the
    /// mail server must deliver `bounces+anything` to `bounces`.
    #[arg(long, value_name = "MAILBOX")]
    verp: Option<String>,
    /// Reminders of scheduled maintenance whose notice names none, in
    /// minutes before the start: `--reminders 1440,60`.
    #[arg(long, value_delimiter = ',')]
    reminders: Vec<u32>,
    /// How long sends and requests in flight may take to finish at
    /// shutdown, in seconds.
    #[arg(long, default_value_t = 10)]
    grace: u64,
    /// A host (`name[:port]`) the service is reached by, as the browser or
    /// proxy says it in `Host`; repeat for several. The listening address
    /// (and `localhost` on loopback) always is one.
    #[arg(long = "allow-host")]
    allow_hosts: Vec<String>,
    /// Where customers reach the service, for the links it makes (the
    /// listening address unless said); its host is allowed.
    #[arg(long)]
    public_url: Option<url::Url>,
    /// At most this many open connections; more wait to be accepted.
    #[arg(long, default_value_t = 256)]
    max_connections: usize,
    /// At most this many open event streams (four for one customer); more
    /// are refused (503).
    #[arg(long, default_value_t = 64)]
    max_streams: usize,
    /// At most this many open connections from one address; more are
    /// closed at once.
    #[arg(long, default_value_t = 32)]
    max_connections_per_client: usize,
    /// How many sends' reports are kept in memory; past that, the oldest
    /// finished ones answer from the ledger alone (`state: unknown`).
    #[arg(long, default_value_t = 1000)]
    remember_sends: usize,
    /// The service's name, in the titles of the feed and the status page.
    #[arg(long, default_value = "Status")]
    site_name: String,
}

/// What every handler shares.
pub struct App {
    pub dispatcher: Dispatcher,
    pub catalog: Arc<Catalog>,
    pub state: StateFile,
    pub inbox: Arc<inbox::LiveInbox>,
    pub recipients: PathBuf,
    /// Each customer's language preferences, read once at start.
    pub customers: HashMap<String, LanguagePreferences>,
    pub access: access::Access,
    /// Where customers reach the service.
    pub public_url: url::Url,
    /// The event streams open, and how many may be.
    pub streams: Arc<inbox::Streams>,
    pub sends: notices::Sends,
    /// Signs and checks the one-click unsubscribe links of every email.
    pub unsubscribe_key: tidings::unsubscribe::UnsubscribeKey,
    /// Becomes true at shutdown; event streams end on it.
    pub stopping: watch::Receiver<bool>,
    /// The service's name, as feeds and pages title it.
    pub site_name: String,
    /// Says "a notice was published" to the open status pages.
    pub published: tokio::sync::broadcast::Sender<()>,
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,tidings=warn".into()),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let args = Args::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("error: cannot start the async runtime: {err}");
            return ExitCode::from(2);
        }
    };
    let served = runtime.block_on(serve(args));
    // What is still running (a connection past the grace period, a read of
    // the recipients) is not waited for.
    runtime.shutdown_timeout(Duration::from_millis(500));
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err}");
            ExitCode::from(2)
        }
    }
}

async fn serve(args: Args) -> Result<(), String> {
    let token = std::env::var(access::TOKEN_VARIABLE).map_err(|_| {
        format!(
            "set {} to the operator's secret (at least {} characters, for example `openssl rand -hex 32`)",
            access::TOKEN_VARIABLE,
            access::TOKEN_MIN_CHARS
        )
    })?;
    // Every row is checked before the service takes a request.
    let (mut customers, mut problems) = (HashMap::new(), Vec::new());
    input::recipients(&args.recipients, &args.recipients, |_, row| match row {
        Ok(recipient) => {
            customers.insert(recipient.id, recipient.languages);
        }
        Err(problem) => problems.push(problem.to_string()),
    })?;
    if !problems.is_empty() {
        return Err(format!(
            "{} invalid row(s) in the recipients:\n{}",
            problems.len(),
            problems.join("\n")
        ));
    }
    let locales = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/service/locales");
    let catalog = Catalog::builder()
        .directory(locales)
        .build()
        .map_err(|e| e.to_string())?;
    let catalog = Arc::new(catalog);
    let state = StateFile::open(&args.state)
        .await
        .map_err(|e| format!("{}: {e}", args.state.display()))?;
    let live = Arc::new(inbox::LiveInbox::new(state.inbox()));
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .map_err(|e| format!("{}: {e}", args.listen))?;
    let address = listener.local_addr().map_err(|e| e.to_string())?;
    let public_url = match args.public_url {
        Some(url) => url,
        None => url::Url::parse(&format!("http://{address}")).map_err(|e| e.to_string())?,
    };
    let unsubscribe_key = unsubscribe::key(&token)?;
    let email = EmailChannel::builder("Status <status@example.com>");
    let email = match &args.smtp {
        Some(url) => email.smtp(url),
        None => email.outbox(&args.outbox),
    };
    let email = mail::options(email, args.dkim.as_deref(), args.verp.as_deref())?;
    // One-click unsubscribe needs an https link (RFC 8058): behind a proxy
    // that terminates TLS, say where with --public-url.
    let email = if public_url.scheme() == "https" {
        let mut link = public_url.clone();
        link.set_path("/unsubscribe/");
        email
            .unsubscribe_url(format!("{link}{{token}}"))
            .unsubscribe_key(unsubscribe_key.clone())
    } else {
        tracing::warn!(
            "emails carry no unsubscribe link: --public-url is not https, and mail programs only follow https ones"
        );
        email
    };
    let email = email.build().map_err(|e| e.to_string())?;
    let webhook = WebhookChannel::builder()
        .outbox(&args.outbox)
        .build()
        .map_err(|e| e.to_string())?;
    let chat = ChatChannel::builder()
        .outbox(&args.outbox)
        .build()
        .map_err(|e| e.to_string())?;
    let dispatcher = Dispatcher::builder(Arc::clone(&catalog))
        .ledger(Arc::new(state.ledger()))
        .channel(Arc::new(email))
        .channel(Arc::new(webhook))
        .channel(Arc::new(chat))
        .channel(Arc::new(InAppChannel::new(live.clone())))
        .default_reminders_minutes(args.reminders.iter().copied())
        .build()
        .map_err(|e| e.to_string())?;
    let mut hosts = args.allow_hosts;
    hosts.push(address.to_string());
    if address.ip().is_loopback() {
        hosts.push(format!("localhost:{}", address.port()));
    }
    if let Some(host) = public_url.host_str() {
        hosts.push(match public_url.port() {
            Some(port) => format!("{host}:{port}"),
            None => host.to_owned(),
        });
    }
    let access = access::Access::new(&token, hosts, public_url.scheme() == "https")?;
    drop(token);

    let (stop, stopping) = watch::channel(false);
    let known = customers.len();
    let app = Arc::new(App {
        dispatcher,
        catalog,
        state,
        inbox: live,
        recipients: args.recipients.clone(),
        customers,
        access,
        public_url,
        streams: Arc::new(inbox::Streams::new(args.max_streams)),
        sends: notices::Sends::new(args.remember_sends),
        unsubscribe_key,
        stopping,
        site_name: args.site_name.clone(),
        published: tokio::sync::broadcast::channel(16).0,
    });

    let signalled = signal();
    // The first line on stdout says where to reach the service.
    println!("listening on http://{address}");
    tracing::info!(%address, recipients = known, "started");

    let resume = tokio::spawn(resume_every(
        Arc::clone(&app),
        Duration::from_secs(args.resume_every.max(1)),
    ));
    let routes = Router::new()
        .route("/incidents/{id}/notices", post(notices::publish))
        .route("/incidents/{id}/notices/{revision}", get(notices::report))
        .route("/feed.atom", get(feed::atom))
        .route("/status", get(status::page))
        .route("/status/events", get(status::events))
        .route("/customers/{id}/link", post(inbox::link))
        .route("/customers/{id}", get(inbox::page))
        .route("/customers/{id}/inbox", get(inbox::list))
        .route("/customers/{id}/inbox/events", get(inbox::events))
        .route("/customers/{id}/inbox/{incident}/read", post(inbox::read))
        .route(
            "/unsubscribe/{token}",
            get(unsubscribe::ask)
                .post(unsubscribe::answer)
                .layer(DefaultBodyLimit::max(unsubscribe::BODY_LIMIT)),
        )
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&app),
            access::guard,
        ))
        .with_state(Arc::clone(&app));
    let grace = Duration::from_secs(args.grace);
    let stopped = async move {
        signalled.await;
        tracing::info!("stopping: no new requests");
        // Event streams end, so the server's connections can close.
        let _ = stop.send(true);
    };
    let limits = server::Limits {
        connections: args.max_connections,
        per_client: args.max_connections_per_client,
    };
    let stopped_at = server::serve(listener, routes, limits, grace, stopped).await;
    resume.abort();
    // Sends get what is left of the one grace period.
    let unfinished = app
        .sends
        .finish(grace.saturating_sub(stopped_at.elapsed()))
        .await;
    if unfinished > 0 {
        tracing::warn!(
            unfinished,
            "sends still in flight after the grace period stay claimed; the next start resumes them"
        );
    }
    tracing::info!("stopped");
    Ok(())
}

/// Makes the deliveries that are due again, now and then.
async fn resume_every(app: Arc<App>, every: Duration) {
    let mut ticks = tokio::time::interval(every);
    loop {
        ticks.tick().await;
        match app.dispatcher.resume().await {
            Ok(report) => {
                let totals = report.totals;
                if totals.sent + totals.failed + totals.outboxed + totals.stale > 0 {
                    tracing::info!(
                        sent = totals.sent,
                        outboxed = totals.outboxed,
                        failed = totals.failed,
                        pending = totals.pending,
                        not_sent_any_more = totals.stale,
                        "resumed"
                    );
                }
            }
            Err(err) => tracing::warn!(%err, "resume failed; trying again later"),
        }
    }
}

/// SIGTERM or Ctrl-C. The handlers are installed when this is called, not
/// when the future is first polled: a stop sent right after the "listening"
/// line must reach them, not end the process unhandled.
fn signal() -> impl std::future::Future<Output = ()> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let term = signal(SignalKind::terminate());
        let int = signal(SignalKind::interrupt());
        async move {
            let next = |s: Option<tokio::signal::unix::Signal>| async move {
                match s {
                    Some(mut s) => {
                        s.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            tokio::select! {
                () = next(term.ok()) => {}
                () = next(int.ok()) => {}
            }
        }
    }
    #[cfg(not(unix))]
    async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}
