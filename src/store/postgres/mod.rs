//! The ledger and the in-app inbox in PostgreSQL, for several instances
//! that share one database (feature `postgres`).
//!
//! A [`PostgresState`] holds a pool of connections and hands out the
//! [`PgLedger`] and the [`PgInbox`], as a [`StateFile`](crate::StateFile)
//! does for one SQLite file. The schema is created and migrated by tidings
//! (tables named `tidings_*`), versioned, and a newer one is refused.
//!
//! - `schema.rs`: the tables and their migrations;
//! - `ledger.rs`: the ledger, and the sender's liveness by an advisory lock
//!   it holds for its whole life;
//! - `batch/`: claims and completions, many in one statement (`claims.rs`,
//!   `completes.rs`: the statements);
//! - `senders.rs`: which senders are running, by their advisory locks;
//! - `read.rs`: the questions that only read;
//! - `inbox.rs`: the inbox.
//!
//! ```no_run
//! # async fn run() -> Result<(), tidings::StoreError> {
//! use std::sync::Arc;
//! use tidings::store::postgres::PostgresState;
//!
//! let key = [7u8; 32]; // from your secrets manager
//! let state = PostgresState::builder("postgres://tidings@db.internal/tidings")
//!     .sealing_key(key)
//!     .connect()
//!     .await?;
//! let ledger = Arc::new(state.ledger());
//! let inbox = Arc::new(state.inbox());
//! # let _ = (ledger, inbox);
//! # Ok(()) }
//! ```

mod batch;
mod bounce;
mod inbox;
mod ledger;
mod read;
mod schema;
mod segments;
mod senders;
mod suppression;

use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use tokio_postgres_rustls::MakeRustlsConnect;

use crate::error::StoreError;
use crate::store::seal::Sealer;

pub use inbox::PgInbox;
pub use ledger::PgLedger;

/// A pool of connections to the database that holds the ledger and the
/// inbox. Cloning shares the pool.
#[derive(Clone)]
pub struct PostgresState {
    inner: Arc<Inner>,
}

struct Inner {
    pool: Pool,
    /// For the senders' own connections, which hold their advisory locks.
    config: tokio_postgres::Config,
    tls: MakeRustlsConnect,
    sealer: Sealer,
    /// The URL without its password, for messages.
    shown: String,
    /// The longest wait for the database before an operation fails.
    timeout: Duration,
}

impl std::fmt::Debug for PostgresState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostgresState")
            .field("database", &self.inner.shown)
            .finish_non_exhaustive()
    }
}

/// How a [`PostgresState`] connects.
#[derive(Clone)]
#[must_use]
pub struct PostgresStateBuilder {
    url: String,
    pool_size: usize,
    sealing_key: Option<[u8; 32]>,
    root_certificates: Vec<Vec<u8>>,
    timeout: Duration,
}

impl std::fmt::Debug for PostgresStateBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostgresStateBuilder")
            .field("url", &redact(&self.url))
            .field("pool_size", &self.pool_size)
            .field("sealing_key", &self.sealing_key.map(|_| "[redacted]"))
            .field("root_certificates", &self.root_certificates.len())
            .field("timeout", &self.timeout)
            .finish()
    }
}

impl PostgresStateBuilder {
    /// How many connections the pool keeps (16 unless set).
    pub fn pool_size(mut self, connections: usize) -> Self {
        self.pool_size = connections.max(1);
        self
    }

    /// The key that seals the webhook signing secrets the ledger keeps for
    /// retries (32 bytes). Required: every instance must use the same key,
    /// so it comes from the service's secrets, never from the database.
    pub fn sealing_key(mut self, key: [u8; 32]) -> Self {
        self.sealing_key = Some(key);
        self
    }

    /// Also trusts the CA certificate(s) in `pem` for the database's TLS
    /// (a private CA), beside Mozilla's roots.
    pub fn add_root_certificate(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.root_certificates.push(pem.into());
        self
    }

    /// How long tidings waits for the database before the operation fails
    /// with why (30 s unless set): a connection, a statement's answer, a
    /// report's next rows. A server that stops answering (a host gone
    /// silent, a network that drops everything) then fails the deliveries
    /// that need it, which stay claimed or due for later, instead of holding
    /// the send forever.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout.max(Duration::from_millis(1));
        self
    }

    /// Connects, creates or migrates the schema, and checks it.
    pub async fn connect(self) -> Result<PostgresState, StoreError> {
        let shown = redact(&self.url);
        let mut config = tokio_postgres::Config::from_str(&self.url)
            .map_err(|e| StoreError::Database(format!("`{shown}` is not a PostgreSQL URL: {e}")))?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(self.timeout);
        }
        require_tls_off_this_machine(&self.url, &mut config);
        let key = self.sealing_key.ok_or_else(|| {
            StoreError::Database(
                "a PostgreSQL ledger needs a sealing key for the webhook secrets it keeps \
                 (the same 32 bytes on every instance)"
                    .into(),
            )
        })?;
        let tls = tls(&self.root_certificates)?;
        let manager = Manager::from_config(
            config.clone(),
            tls.clone(),
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(self.pool_size)
            .build()
            .map_err(|e| StoreError::Database(format!("{shown}: {e}")))?;
        let state = PostgresState {
            inner: Arc::new(Inner {
                pool,
                config,
                tls,
                sealer: Sealer::new(&key)?,
                shown,
                timeout: self.timeout,
            }),
        };
        let mut client = state.client().await?;
        schema::migrate(&mut client).await?;
        Ok(state)
    }
}

impl PostgresState {
    /// Connects to `url` with a sealing key (see
    /// [`PostgresStateBuilder::sealing_key`]) and the default settings.
    pub async fn connect(url: &str, sealing_key: [u8; 32]) -> Result<PostgresState, StoreError> {
        PostgresState::builder(url)
            .sealing_key(sealing_key)
            .connect()
            .await
    }

    /// Settings for the database at `url`
    /// (`postgres://user:password@host:port/database`).
    pub fn builder(url: impl Into<String>) -> PostgresStateBuilder {
        PostgresStateBuilder {
            url: url.into(),
            pool_size: 16,
            timeout: Duration::from_secs(30),
            sealing_key: None,
            root_certificates: Vec::new(),
        }
    }

    /// The delivery ledger in this database.
    pub fn ledger(&self) -> PgLedger {
        PgLedger::new(self.clone())
    }

    /// The in-app inbox in this database.
    pub fn inbox(&self) -> PgInbox {
        PgInbox::new(self.clone())
    }

    /// A connection from the pool.
    async fn client(&self) -> Result<deadpool_postgres::Object, StoreError> {
        self.within(async {
            self.inner.pool.get().await.map_err(|e| {
                StoreError::Database(format!(
                    "cannot reach the database at {}: {}",
                    self.inner.shown,
                    pool_error(&e)
                ))
            })
        })
        .await
    }

    /// `op`, or why it failed if the database did not answer in time.
    async fn within<T>(
        &self,
        op: impl Future<Output = Result<T, StoreError>>,
    ) -> Result<T, StoreError> {
        tokio::time::timeout(self.inner.timeout, op)
            .await
            .unwrap_or_else(|_| Err(self.silent()))
    }

    /// Why an operation failed when the database did not answer in time.
    fn silent(&self) -> StoreError {
        StoreError::Database(format!(
            "the database at {} did not answer within {} s",
            self.inner.shown,
            self.inner.timeout.as_secs_f32()
        ))
    }
}

/// Unless the URL names an `sslmode`, TLS is required to a server on
/// another machine: with `prefer` (the driver's default), anyone on the path
/// could refuse TLS and read the recipients (capability URLs) or rewrite
/// the notices `resume` renders. A server on this machine (a loopback
/// address, a Unix socket) keeps `prefer`.
fn require_tls_off_this_machine(url: &str, config: &mut tokio_postgres::Config) {
    use tokio_postgres::config::{Host, SslMode};
    if url.to_ascii_lowercase().contains("sslmode=") {
        return;
    }
    let loopback = |name: &str| {
        name.eq_ignore_ascii_case("localhost")
            || name
                .trim_matches(['[', ']'])
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback())
    };
    let hosts_local = config.get_hosts().iter().all(|host| match host {
        Host::Tcp(name) => loopback(name),
        #[cfg(unix)]
        Host::Unix(_) => true,
    });
    let addrs_local = config.get_hostaddrs().iter().all(|ip| ip.is_loopback());
    if !(hosts_local && addrs_local) {
        config.ssl_mode(SslMode::Require);
    }
}

/// TLS as the URL's `sslmode` asks (`require` to another machine unless
/// given, see [`require_tls_off_this_machine`]; `prefer`: TLS when the
/// server offers it), verifying the server against Mozilla's roots and
/// `extra` (PEM), with the rustls and ring the channels use.
fn tls(extra: &[Vec<u8>]) -> Result<MakeRustlsConnect, StoreError> {
    use rustls_pki_types::CertificateDer;
    use rustls_pki_types::pem::PemObject;
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    let bad = |e: String| StoreError::Database(format!("a root certificate for PostgreSQL: {e}"));
    for pem in extra {
        for cert in CertificateDer::pem_slice_iter(pem) {
            let cert = cert.map_err(|e| bad(e.to_string()))?;
            roots.add(cert).map_err(|e| bad(e.to_string()))?;
        }
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| StoreError::Database(format!("TLS for PostgreSQL: {e}")))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(MakeRustlsConnect::new(config))
}

/// A pool error's cause, without the configuration.
fn pool_error(err: &deadpool_postgres::PoolError) -> String {
    match err {
        deadpool_postgres::PoolError::Backend(e) => engine_message(e),
        other => other.to_string(),
    }
}

/// The engine's message and its cause (tokio-postgres keeps the interesting
/// part, "connection refused", in the source).
fn engine_message(err: &tokio_postgres::Error) -> String {
    match std::error::Error::source(err) {
        Some(cause) => format!("{err}: {cause}"),
        None => err.to_string(),
    }
}

/// A column of a row, or why it cannot be read (a row of another shape than
/// tidings wrote): never a panic.
pub(crate) fn get<'a, T>(
    row: &'a tokio_postgres::Row,
    column: impl tokio_postgres::row::RowIndex + std::fmt::Display,
) -> Result<T, StoreError>
where
    T: tokio_postgres::types::FromSql<'a>,
{
    row.try_get(column).map_err(db)
}

pub(crate) fn db(err: tokio_postgres::Error) -> StoreError {
    StoreError::Engine {
        source: Arc::new(err),
    }
}

/// The URL with its password replaced, for messages and `Debug`: the one in
/// its user information, and a `password` (or `sslpassword`) among its query
/// parameters, which libpq-style URLs accept too.
fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) => {
            if parsed.password().is_some() {
                let _ = parsed.set_password(Some("[redacted]"));
            }
            let secret = |key: &str| {
                key.eq_ignore_ascii_case("password") || key.eq_ignore_ascii_case("sslpassword")
            };
            if parsed.query_pairs().any(|(key, _)| secret(&key)) {
                let pairs: Vec<(String, String)> = parsed
                    .query_pairs()
                    .map(|(key, value)| {
                        let value = if secret(&key) {
                            "[redacted]".into()
                        } else {
                            value.into_owned()
                        };
                        (key.into_owned(), value)
                    })
                    .collect();
                parsed.query_pairs_mut().clear().extend_pairs(pairs);
            }
            parsed.to_string()
        }
        // Not a URL (key=value settings): only the host is shown.
        Err(_) => "the configured database".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use tokio_postgres::config::SslMode;

    use super::{redact, require_tls_off_this_machine};

    fn mode(url: &str) -> SslMode {
        let mut config = tokio_postgres::Config::from_str(url).unwrap();
        require_tls_off_this_machine(url, &mut config);
        config.get_ssl_mode()
    }

    #[test]
    fn tls_is_required_to_another_machine_unless_the_url_says_otherwise() {
        assert_eq!(mode("postgres://t@db.internal/tidings"), SslMode::Require);
        assert_eq!(mode("postgres://t@10.0.0.7:5432/tidings"), SslMode::Require);
        assert_eq!(mode("host=db.internal user=t"), SslMode::Require);
        assert_eq!(
            mode("postgres://t@localhost,db.internal/tidings"),
            SslMode::Require,
            "one host off this machine is enough"
        );
        // This machine: no path for anyone to stand on.
        assert_eq!(mode("postgres://t@127.0.0.1:5432/tidings"), SslMode::Prefer);
        assert_eq!(mode("postgres://t@localhost/tidings"), SslMode::Prefer);
        assert_eq!(mode("postgres://t@[::1]/tidings"), SslMode::Prefer);
        assert_eq!(mode("host=/var/run/postgresql user=t"), SslMode::Prefer);
        // What the URL says stands.
        assert_eq!(
            mode("postgres://t@db.internal/tidings?sslmode=disable"),
            SslMode::Disable
        );
        assert_eq!(
            mode("postgres://t@db.internal/tidings?sslmode=prefer"),
            SslMode::Prefer
        );
    }

    #[test]
    fn a_password_is_hidden_wherever_the_url_carries_it() {
        let shown = redact("postgres://tidings:hunter2@db.internal/tidings?sslmode=require");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("sslmode=require"), "{shown}");
        let shown =
            redact("postgres://tidings@db.internal/tidings?password=hunter2&sslmode=require");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("password=%5Bredacted%5D"), "{shown}");
        let shown =
            redact("postgresql://db.internal/tidings?user=t&PASSWORD=hunter2&sslpassword=k3y");
        assert!(
            !shown.contains("hunter2") && !shown.contains("k3y"),
            "{shown}"
        );
        assert_eq!(
            redact("host=db user=t password=hunter2"),
            "the configured database"
        );
    }
}
