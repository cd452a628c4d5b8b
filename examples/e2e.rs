//! The end-to-end harness: one notice through the real channels to loopback
//! receivers, with the SQLite ledger, printing deliveries per second and the
//! peak memory (RSS) of the process. See BENCHMARKS.md for the receivers
//! (nginx answering 204, Postfix's smtp-sink) and the figures.
//!
//! ```sh
//! cargo run --release --example e2e -- --recipients 100000 \
//!     --webhook http://127.0.0.1:8089/hook --smtp smtp://127.0.0.1:2525 --mix webhook
//! ```

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::{Parser, ValueEnum};
use futures_util::stream;
use tidings::channel::email::EmailChannel;
use tidings::channel::webhook::WebhookChannel;
use tidings::dispatch::RetryPolicy;
use tidings::{Address, Catalog, Dispatcher, LanguagePreferences, Notice, Recipient, Secret};

#[derive(Parser)]
struct Args {
    /// How many recipients to stream.
    #[arg(long, default_value_t = 10_000)]
    recipients: usize,
    /// Which addresses each recipient has.
    #[arg(long, value_enum, default_value_t = Mix::Webhook)]
    mix: Mix,
    /// The webhook receiver.
    #[arg(long, default_value = "http://127.0.0.1:8089/hook")]
    webhook: String,
    /// The SMTP sink.
    #[arg(long, default_value = "smtp://127.0.0.1:2525")]
    smtp: String,
    /// SMTP connections in parallel (the email channel's default).
    #[arg(long, default_value_t = 4)]
    connections: u32,
    /// Deliveries each channel makes at once (the dispatcher's concurrency).
    #[arg(long, default_value_t = 512)]
    concurrency: usize,
    /// Per mille of recipients whose webhook endpoint accepts the connection
    /// and never answers (each holds its recipient until the timeout).
    #[arg(long, default_value_t = 0)]
    hanging: usize,
    /// The webhook timeout, in seconds.
    #[arg(long, default_value_t = 30)]
    timeout: u64,
    /// The state file (removed first, so every delivery is new).
    #[arg(long, default_value = "/tmp/tidings-e2e.db")]
    state: PathBuf,
    /// A PostgreSQL server to keep the ledger in instead of the state file
    /// (a database of the run's own is made there and dropped after);
    /// needs `--features postgres`.
    #[arg(long)]
    postgres: Option<String>,
}

#[derive(Clone, Copy, PartialEq, ValueEnum)]
enum Mix {
    Webhook,
    Email,
    Both,
}

const LANGS: [&str; 6] = ["nl-BE", "de-AT", "en-US", "ja", "ar-EG", "pt-BR fr"];
const ZONES: [&str; 4] = [
    "Europe/Amsterdam",
    "America/New_York",
    "Asia/Tokyo",
    "Europe/Berlin",
];

fn recipient(i: usize, mix: Mix, webhook: &str, hanging: &str, per_mille: usize) -> Recipient {
    let mut addresses = Vec::with_capacity(2);
    if mix != Mix::Email {
        let base = if i % 1000 < per_mille {
            hanging
        } else {
            webhook
        };
        addresses.push(Address::Webhook {
            url: format!("{base}?c={i}"),
            secret: Secret::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
        });
    }
    if mix != Mix::Webhook {
        addresses.push(Address::Email {
            mailbox: format!("customer{i}@example.com"),
        });
    }
    Recipient {
        id: format!("c-{i}"),
        name: format!("Customer {i}"),
        languages: LanguagePreferences::from_tags(LANGS[i % LANGS.len()].split(' '))
            .unwrap_or_default(),
        time_zone: Some(ZONES[i % ZONES.len()].to_owned()),
        addresses,
        audience: Default::default(),
    }
}

/// Bytes this process has caused to be written to storage, from the kernel.
fn written_mib() -> f64 {
    let io = std::fs::read_to_string("/proc/self/io").unwrap_or_default();
    let bytes: f64 = io
        .lines()
        .find_map(|l| l.strip_prefix("write_bytes:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0.0);
    bytes / (1024.0 * 1024.0)
}

/// The CPU time this process has used so far (all its threads, user and
/// system), in seconds, from the kernel.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the command name, which is in parentheses.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or(Vec::new(), |(_, rest)| rest.split_whitespace().collect());
    let ticks = |i: usize| fields.get(i).and_then(|v| v.parse::<f64>().ok());
    // utime and stime, fields 14 and 15 of proc(5), in clock ticks (100 a
    // second on Linux).
    ticks(11).unwrap_or(0.0) / 100.0 + ticks(12).unwrap_or(0.0) / 100.0
}

/// The peak resident memory of this process, from the kernel.
fn peak_rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kib: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0.0);
    kib / 1024.0
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", args.state.display()));
    }
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/data/creator-outage/1-investigating.toml"
    );
    let notice: Notice = toml::from_str(&std::fs::read_to_string(path)?)?;
    let catalog = Arc::new(Catalog::shipped()?);
    let ledger: Arc<dyn tidings::ledger::Ledger> = match &args.postgres {
        Some(url) => postgres::ledger(url).await?,
        None => Arc::new(tidings::StateFile::open(&args.state).await?.ledger()),
    };
    let mut builder = Dispatcher::builder(catalog)
        .ledger(ledger)
        .concurrency(args.concurrency)
        .retry(RetryPolicy::none());
    if args.mix != Mix::Email {
        let webhook = WebhookChannel::builder()
            .allow_private(true)
            .allow_http(true)
            .max_idle_per_host(args.concurrency)
            .timeout(Duration::from_secs(args.timeout))
            .build()?;
        builder = builder.channel(Arc::new(webhook));
    }
    if args.mix != Mix::Webhook {
        let email = EmailChannel::builder("Status <status@example.com>")
            .smtp(&args.smtp)
            .connections(args.connections)
            .build()?;
        builder = builder.channel(Arc::new(email));
    }
    let dispatcher = builder.build()?;
    // A port that takes connections (the kernel's backlog) and never reads.
    let mute = std::net::TcpListener::bind("127.0.0.1:0")?;
    let hanging = format!("http://{}/hook", mute.local_addr()?);
    let (n, mix, webhook, per_mille) = (
        args.recipients,
        args.mix,
        args.webhook.clone(),
        args.hanging,
    );
    let recipients =
        stream::iter((0..n).map(move |i| recipient(i, mix, &webhook, &hanging, per_mille)));
    let started = Instant::now();
    let cpu = cpu_seconds();
    let report = dispatcher.send(&notice, recipients).await?;
    let seconds = started.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu;
    let deliveries = report.totals.sent + report.totals.failed + report.totals.pending;
    println!(
        "{{\"recipients\": {n}, \"sent\": {}, \"failed\": {}, \"seconds\": {seconds:.2}, \"deliveries_per_second\": {:.0}, \"cpu_us_per_delivery\": {:.1}, \"peak_rss_mib\": {:.1}, \"written_mib\": {:.0}}}",
        report.totals.sent,
        report.totals.failed + report.totals.pending,
        deliveries as f64 / seconds,
        cpu * 1e6 / deliveries.max(1) as f64,
        peak_rss_mib(),
        written_mib()
    );
    if let Some(url) = &args.postgres {
        drop(dispatcher);
        postgres::drop_database(url).await?;
    }
    Ok(())
}

/// The ledger in a database of the run's own on a PostgreSQL server.
#[cfg(feature = "postgres")]
mod postgres {
    use std::sync::Arc;

    type Error = Box<dyn std::error::Error>;

    fn name() -> String {
        format!("tidings_e2e_{}", std::process::id())
    }

    async fn admin(url: &str, sql: &str) -> Result<(), Error> {
        let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls).await?;
        tokio::spawn(connection);
        client.batch_execute(sql).await?;
        Ok(())
    }

    /// A ledger in a new database on the server `url` names.
    pub async fn ledger(url: &str) -> Result<Arc<dyn tidings::ledger::Ledger>, Error> {
        admin(url, &format!("CREATE DATABASE {}", name())).await?;
        let mut url = url::Url::parse(url)?;
        url.set_path(&name());
        let state = tidings::store::postgres::PostgresState::connect(url.as_str(), [7; 32]).await?;
        Ok(Arc::new(state.ledger()))
    }

    /// Drops the run's database.
    pub async fn drop_database(url: &str) -> Result<(), Error> {
        admin(url, &format!("DROP DATABASE {} WITH (FORCE)", name())).await
    }
}

#[cfg(not(feature = "postgres"))]
mod postgres {
    use std::sync::Arc;

    type Error = Box<dyn std::error::Error>;

    pub async fn ledger(_: &str) -> Result<Arc<dyn tidings::ledger::Ledger>, Error> {
        Err("--postgres needs the example built with --features postgres".into())
    }

    pub async fn drop_database(_: &str) -> Result<(), Error> {
        Ok(())
    }
}
