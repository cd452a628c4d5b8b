//! Localization: the [`Catalog`] of Fluent messages, how a recipient's
//! languages become a [`LocaleChain`], and `DATETIME`.
//!
//! - `catalog`: loading (shipped, directories, strings), layering, formatting
//!   one message with per-message fallback along the chain.
//! - `validate`: every locale checked against the default one at load.
//! - `negotiate`: preferences to chain.
//! - `datetime`: the `DATETIME` function, CLDR patterns in the recipient's zone.

mod catalog;
mod datetime;
mod negotiate;
mod plural;
mod pseudo;
mod validate;

pub use catalog::{Catalog, CatalogBuilder, SHIPPED_LOCALES};
pub use negotiate::LocaleChain;

pub(crate) use catalog::Args;
pub(crate) use datetime::FluentDateTime;
pub(crate) use negotiate::is_rtl;

use unic_langid::LanguageIdentifier;

/// Variables every message receives for grammar that depends on a value,
/// whether or not the en-US message uses them: outage or planned work, and
/// the day of the month, hour (0–23) and minute (two digits) of each date in
/// the reader's zone, so a language can write `8 h 30` or `a las 8:30`.
/// A translation selects on them (`a la 1:15` but `a las 2:15`). The window
/// messages of planned work get the same of their start (`from_…`) and end
/// (`until_…`), so French can write `le 1er mars de 1 h à 3 h`.
pub const SELECTORS: &[&str] = &[
    "kind",
    "started_day",
    "started_hour",
    "started_minute",
    "updated_day",
    "updated_hour",
    "updated_minute",
    "resolved_day",
    "resolved_hour",
    "resolved_minute",
    "from_day",
    "from_hour",
    "from_minute",
    "until_day",
    "until_hour",
    "until_minute",
];

/// US English: the source of every message and the end of every chain.
pub(crate) fn default_locale() -> LanguageIdentifier {
    // A constant tag: parsing it cannot fail.
    LanguageIdentifier::from_bytes(b"en-US").unwrap_or_default()
}
