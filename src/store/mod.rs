//! Where the ledger and the inbox are kept: one home per backend, each
//! with its ledger and its inbox side by side.
//!
//! - [`memory`]: in process, for tests and previews;
//! - [`sqlite`] (feature `sqlite`, the default): one state file on one
//!   machine, opened once as a [`StateFile`](sqlite::StateFile);
//! - [`postgres`] (feature `postgres`): one database shared by several
//!   instances.
//!
//! Every backend implements the same traits ([`Ledger`](crate::ledger::Ledger)
//! and [`LedgerReader`](crate::ledger::LedgerReader),
//! [`Inbox`](crate::inbox::Inbox) and [`InboxReader`](crate::inbox::InboxReader))
//! and passes the same suites. The databases seal webhook secrets at rest
//! the same way (`seal.rs`).

pub mod memory;
#[cfg(feature = "postgres")]
pub mod postgres;
#[cfg(any(feature = "sqlite", feature = "postgres"))]
pub(crate) mod seal;
#[cfg(feature = "sqlite")]
pub mod sqlite;
