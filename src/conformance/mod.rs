//! The conformance suites (feature `conformance`): the promises every
//! [`Ledger`](crate::ledger::Ledger) and [`Inbox`](crate::inbox::Inbox)
//! keeps, as cases anyone can run against a backend of their own.
//!
//! tidings runs the same suites on its memory, SQLite and PostgreSQL
//! backends. A ledger of your own passes them the same way:
//!
//! ```no_run
//! use std::sync::Arc;
//! use tidings::ledger::Ledger;
//! use tidings::store::memory::MemoryLedger;
//!
//! /// A fresh, empty ledger of yours (here tidings' own memory ledger).
//! async fn my_fresh_ledger() -> Arc<dyn Ledger> {
//!     Arc::new(MemoryLedger::new())
//! }
//!
//! #[tokio::test]
//! async fn my_ledger_keeps_the_promises() {
//!     tidings::conformance::ledger::run_all(my_fresh_ledger).await;
//! }
//! ```
//!
//! Each case panics, with what it expected, when a promise is broken, and
//! `run_all` names the case; each case is also a public function, to run
//! (or list in your own tests) one at a time.

pub mod inbox;
pub mod ledger;
