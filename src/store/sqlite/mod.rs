//! The state file: one SQLite file holding the delivery ledger and the
//! in-app inbox, opened once and shared by both.
//!
//! A [`StateFile`] owns two connections: one writer, on a thread of its
//! own, that runs every write of the ledger and the inbox in group-committed
//! batches; and one read-only connection for questions (history, reports,
//! inbox listings), which WAL lets run beside the writer without waiting
//! for it. [`StateFile::open_read_only`] opens only the second: a tool that
//! answers questions about a file never writes to it, never migrates it and
//! never makes its key.
//!
//! - `schema.rs`: creating, checking and migrating the file;
//! - `writer.rs`: the writer thread and its group commit;
//! - `ledger/`: the ledger ([`SqliteLedger`]) and its questions;
//! - `inbox.rs`: the inbox ([`SqliteInbox`]);
//! - `senders.rs`: which senders of the file are running.
//!
//! ```no_run
//! # async fn run() -> Result<(), tidings::StoreError> {
//! use std::sync::Arc;
//! use tidings::StateFile;
//!
//! let state = StateFile::open("tidings.db").await?;
//! let ledger = Arc::new(state.ledger());
//! let inbox = Arc::new(state.inbox());
//! # let _ = (ledger, inbox);
//! # Ok(()) }
//! ```

mod inbox;
mod ledger;
mod schema;
pub(crate) mod senders;
mod writer;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use rusqlite::{Connection, Transaction};

use crate::error::StoreError;
use crate::store::seal::{self, Sealer};
pub use inbox::{SqliteInbox, SqliteInboxReader};
pub use ledger::{SqliteLedger, SqliteLedgerReader};
pub(crate) use schema::db;
use writer::{Queue, Wait, work};

/// How long a write waits for another process's write lock by default.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// An open state file. Cloning shares it: the ledger and inbox handed out
/// by one `StateFile` use its two connections.
#[derive(Clone)]
pub struct StateFile {
    inner: Arc<Inner>,
}

struct Inner {
    path: PathBuf,
    /// The writer thread's queue; `None` when opened read-only.
    writes: Option<Queue>,
    /// The read-only connection. An async lock: questions wait as tasks,
    /// and only the one asking occupies a blocking thread.
    reads: Arc<tokio::sync::Mutex<Connection>>,
    /// Seals webhook secrets; `None` when opened read-only (nothing is
    /// sealed or opened without writing).
    sealer: Option<Sealer>,
}

impl std::fmt::Debug for StateFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StateFile")
            .field("path", &self.inner.path)
            .field("read_only", &self.inner.writes.is_none())
            .finish_non_exhaustive()
    }
}

/// How a [`StateFile`] is opened.
#[derive(Clone)]
pub struct StateFileBuilder {
    path: PathBuf,
    busy_timeout: Duration,
    sealing_key: Option<[u8; seal::KEY_LEN]>,
}

impl std::fmt::Debug for StateFileBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StateFileBuilder")
            .field("path", &self.path)
            .field("busy_timeout", &self.busy_timeout)
            .field("sealing_key", &self.sealing_key.map(|_| "[redacted]"))
            .finish()
    }
}

impl StateFileBuilder {
    /// How long a write waits while another process holds the file's write
    /// lock before it fails (10 seconds unless set). Instances that share
    /// one file take turns on that lock.
    pub fn busy_timeout(mut self, wait: Duration) -> Self {
        self.busy_timeout = wait;
        self
    }

    /// The key that seals the webhook signing secrets the ledger keeps for
    /// retries (32 bytes, from your secrets manager, say). Unless set, a key
    /// file beside the state file (`<state file>.key`, owner-only) is made
    /// on first open; either way no secret that can sign is in the state
    /// file itself.
    pub fn sealing_key(mut self, key: [u8; 32]) -> Self {
        self.sealing_key = Some(key);
        self
    }

    /// Opens the file for reading and writing: created (owner-only) if
    /// missing, migrated to this build's schema, its writer started.
    pub async fn open(self) -> Result<StateFile, StoreError> {
        let StateFileBuilder {
            path,
            busy_timeout,
            sealing_key,
        } = self;
        blocking(move || {
            // The file first: a file that is not ours gets no key beside it.
            let conn = schema::open_writer(&path, busy_timeout)?;
            let key = match sealing_key {
                Some(key) => key,
                None => Sealer::key_beside(&path)?,
            };
            // A file written before secrets were sealed holds them in the
            // clear.
            let sealer = Sealer::new(&key)?.accepting_clear_secrets();
            let reads = schema::open_reader(&path, busy_timeout)?;
            let (writes, intake) = writer::queue();
            std::thread::Builder::new()
                .name("tidings-state".into())
                .spawn(move || writer::writer(conn, intake))
                .map_err(|e| StoreError::Task(e.to_string()))?;
            Ok(StateFile::new(path, Some(writes), reads, Some(sealer)))
        })
        .await
    }

    /// Opens an existing file for questions only. Nothing is written: not
    /// the file (a file of an older schema is refused, not migrated), not a
    /// key, not a sender's lock. What it hands out can only read.
    pub async fn open_read_only(self) -> Result<StateFileReader, StoreError> {
        let StateFileBuilder {
            path, busy_timeout, ..
        } = self;
        blocking(move || {
            let reads = schema::open_existing(&path, busy_timeout)?;
            Ok(StateFileReader {
                file: StateFile::new(path, None, reads, None),
            })
        })
        .await
    }
}

/// A state file opened for questions only
/// ([`StateFile::open_read_only`]): it hands out the ledger's and the
/// inbox's readers, and nothing that writes.
///
/// ```compile_fail
/// # async fn run(reader: tidings::StateFileReader) {
/// use tidings::ledger::Ledger;
/// // A reader offers no claim, no notice store, no sender's life.
/// reader.ledger().enter("a").await;
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct StateFileReader {
    file: StateFile,
}

impl StateFileReader {
    /// Where the file is.
    pub fn path(&self) -> &Path {
        self.file.path()
    }

    /// The file, for the readers the ledger and the inbox make of it.
    pub(crate) fn file(&self) -> &StateFile {
        &self.file
    }
}

impl StateFile {
    /// Opens (or creates) the state file at `path` for reading and writing,
    /// with the default settings of [`StateFileBuilder`].
    pub async fn open(path: impl AsRef<Path>) -> Result<StateFile, StoreError> {
        StateFile::builder(path).open().await
    }

    /// Opens the existing state file at `path` for questions only (see
    /// [`StateFileBuilder::open_read_only`]).
    pub async fn open_read_only(path: impl AsRef<Path>) -> Result<StateFileReader, StoreError> {
        StateFile::builder(path).open_read_only().await
    }

    /// Settings for the state file at `path`.
    pub fn builder(path: impl AsRef<Path>) -> StateFileBuilder {
        StateFileBuilder {
            path: path.as_ref().to_path_buf(),
            busy_timeout: BUSY_TIMEOUT,
            sealing_key: None,
        }
    }

    fn new(
        path: PathBuf,
        writes: Option<Queue>,
        reads: Connection,
        sealer: Option<Sealer>,
    ) -> StateFile {
        StateFile {
            inner: Arc::new(Inner {
                path,
                writes,
                reads: Arc::new(tokio::sync::Mutex::new(reads)),
                sealer,
            }),
        }
    }

    /// Where the file is.
    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// Fails with [`StoreError::ReadOnly`] if the file was opened for
    /// questions only.
    pub(crate) fn writable(&self) -> Result<(), StoreError> {
        match self.inner.writes {
            Some(_) => Ok(()),
            None => Err(self.read_only()),
        }
    }

    fn read_only(&self) -> StoreError {
        StoreError::ReadOnly {
            path: self.inner.path.clone(),
        }
    }

    /// Runs `f` in the writer's next batch and waits for its commit.
    pub(crate) async fn write<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Transaction) -> rusqlite::Result<T> + Send + 'static,
    {
        self.queue(f, Wait::Never).await
    }

    /// [`write`](StateFile::write) for work that may wait a moment (a
    /// millisecond) to share its commit with other work: what records a
    /// delivery's outcome, which nothing waits on before the next send.
    pub(crate) async fn write_soon<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Transaction) -> rusqlite::Result<T> + Send + 'static,
    {
        self.queue(f, Wait::Always).await
    }

    /// [`write`](StateFile::write) for a claim: it waits to share its
    /// commit only while the writer is busy with others (see
    /// [`Wait::WhenBusy`]).
    pub(crate) async fn write_when_busy<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Transaction) -> rusqlite::Result<T> + Send + 'static,
    {
        self.queue(f, Wait::WhenBusy).await
    }

    async fn queue<T, F>(&self, f: F, wait: Wait) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Transaction) -> rusqlite::Result<T> + Send + 'static,
    {
        let writes = self.inner.writes.as_ref().ok_or_else(|| self.read_only())?;
        let (reply, answer) = tokio::sync::oneshot::channel();
        let stopped = || StoreError::Task("the state file's writer has stopped".into());
        writes.send(work(reply, f, wait)).map_err(|_| stopped())?;
        answer.await.map_err(|_| stopped())?
    }

    /// Runs `f` with the read-only connection on the blocking pool.
    pub(crate) async fn read<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
    {
        let conn = Arc::clone(&self.inner.reads).lock_owned().await;
        blocking(move || f(&conn)).await
    }

    /// [`read`](StateFile::read) for work that fails only as SQLite does.
    pub(crate) async fn query<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> rusqlite::Result<T> + Send + 'static,
    {
        self.read(move |conn| f(conn).map_err(db)).await
    }

    /// The sealer of webhook secrets.
    pub(crate) fn sealer(&self) -> Result<&Sealer, StoreError> {
        self.inner.sealer.as_ref().ok_or_else(|| self.read_only())
    }
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, StoreError> + Send + 'static,
) -> Result<T, StoreError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| StoreError::Task(e.to_string()))?
}
