//! The ledger and the inbox in memory: for tests, previews and
//! single-process senders that need no record after they exit.

mod inbox;
mod ledger;

pub use inbox::MemoryInbox;
pub use ledger::MemoryLedger;
