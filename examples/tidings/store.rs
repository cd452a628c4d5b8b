//! Where the ledger and the inbox live: a SQLite state file, or (built with
//! the `postgres` feature) a PostgreSQL database named by a URL that
//! several instances share.

use std::path::Path;
use std::sync::Arc;

use tidings::inbox::{Inbox, InboxReader};
use tidings::ledger::{Ledger, LedgerReader};
use tidings::{StateFile, StateFileReader};

/// A store open for sending.
pub enum Store {
    File(StateFile),
    #[cfg(feature = "postgres")]
    Postgres(tidings::store::postgres::PostgresState),
}

/// A store open for questions: it offers nothing that writes.
pub enum Reader {
    File(StateFileReader),
    #[cfg(feature = "postgres")]
    Postgres(tidings::store::postgres::PostgresState),
}

/// Whether `--state` names a database rather than a file.
pub fn is_url(state: &Path) -> bool {
    let text = state.to_string_lossy();
    text.starts_with("postgres://") || text.starts_with("postgresql://")
}

/// `--state` as people may see it: a URL without its password or path.
pub fn shown(state: &Path) -> String {
    if is_url(state) {
        tidings::redact::url(&state.to_string_lossy())
    } else {
        state.display().to_string()
    }
}

impl Store {
    /// Opens the store for sending (a file is created if missing).
    pub async fn open(state: &Path) -> Result<Store, String> {
        if is_url(state) {
            #[cfg(feature = "postgres")]
            return connect(state).await.map(Store::Postgres);
            #[cfg(not(feature = "postgres"))]
            return Err(without_postgres(state));
        }
        StateFile::open(state)
            .await
            .map(Store::File)
            .map_err(|err| format!("{}: {err}", shown(state)))
    }

    pub fn ledger(&self) -> Arc<dyn Ledger> {
        match self {
            Store::File(file) => Arc::new(file.ledger()),
            #[cfg(feature = "postgres")]
            Store::Postgres(db) => Arc::new(db.ledger()),
        }
    }

    pub fn inbox(&self) -> Arc<dyn Inbox> {
        match self {
            Store::File(file) => Arc::new(file.inbox()),
            #[cfg(feature = "postgres")]
            Store::Postgres(db) => Arc::new(db.inbox()),
        }
    }
}

impl Reader {
    /// Opens an existing store for questions only.
    pub async fn open(state: &Path) -> Result<Reader, String> {
        if is_url(state) {
            #[cfg(feature = "postgres")]
            return connect(state).await.map(Reader::Postgres);
            #[cfg(not(feature = "postgres"))]
            return Err(without_postgres(state));
        }
        StateFile::open_read_only(state)
            .await
            .map(Reader::File)
            .map_err(|err| format!("{}: {err}", shown(state)))
    }

    pub fn ledger(&self) -> Arc<dyn LedgerReader> {
        match self {
            Reader::File(file) => Arc::new(file.ledger()),
            #[cfg(feature = "postgres")]
            Reader::Postgres(db) => Arc::new(db.ledger()),
        }
    }

    pub fn inbox(&self) -> Arc<dyn InboxReader> {
        match self {
            Reader::File(file) => Arc::new(file.inbox()),
            #[cfg(feature = "postgres")]
            Reader::Postgres(db) => Arc::new(db.inbox()),
        }
    }
}

#[cfg(feature = "postgres")]
async fn connect(state: &Path) -> Result<tidings::store::postgres::PostgresState, String> {
    let key = sealing_key()?;
    tidings::store::postgres::PostgresState::connect(&state.to_string_lossy(), key)
        .await
        .map_err(|err| format!("{}: {err}", shown(state)))
}

#[cfg(not(feature = "postgres"))]
fn without_postgres(state: &Path) -> String {
    format!(
        "{}: this tidings was built without PostgreSQL (build it with `--features postgres`)",
        shown(state)
    )
}

/// The key that seals webhook secrets in a shared database: 64 hex digits
/// in `TIDINGS_SEALING_KEY`, the same on every instance.
#[cfg(feature = "postgres")]
fn sealing_key() -> Result<[u8; 32], String> {
    let missing = || {
        "a PostgreSQL --state needs TIDINGS_SEALING_KEY: 64 hex digits, the same on every \
         instance (for example from `openssl rand -hex 32`)"
            .to_owned()
    };
    let text = std::env::var("TIDINGS_SEALING_KEY").map_err(|_| missing())?;
    let text = text.trim();
    if text.len() != 64 || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(missing());
    }
    let mut key = [0u8; 32];
    for (i, byte) in key.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).map_err(|_| missing())?;
    }
    Ok(key)
}
