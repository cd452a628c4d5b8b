//! Who is told: a [`Recipient`], the [`Address`]es that reach them and the
//! languages they read.
//!
//! - `address.rs`: [`Address`], [`ChannelKind`] and the address identity
//!   that delivery keys are made of;
//! - `languages.rs`: [`LanguagePreferences`];
//! - `audience.rs`: [`Audience`], what they follow.

mod address;
mod audience;
mod languages;

use std::fmt;

use jiff::tz::TimeZone;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::InputError;

#[cfg(any(feature = "sqlite", feature = "postgres"))]
pub(crate) use address::webhook_identity;
pub use address::{Address, ChannelKind, ChatService, UnknownChatService};
pub use audience::Audience;
pub use languages::LanguagePreferences;
pub(crate) use languages::parse_tag;

/// A customer to be told.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Recipient {
    /// The customer's id in your systems; part of every delivery key.
    pub id: String,
    /// The name to address them by.
    pub name: String,
    /// The languages they read, best first. Empty means the default locale.
    #[serde(default)]
    pub languages: LanguagePreferences,
    /// Their IANA time zone, such as `Europe/Amsterdam`. When it is missing
    /// or unknown, times are shown in the notice's own time zone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    /// Where they are reached.
    #[serde(default)]
    pub addresses: Vec<Address>,
    /// What they follow; by default, everything.
    #[serde(default, skip_serializing_if = "Audience::is_everything")]
    pub audience: Audience,
}

/// Looks a time zone up by its IANA name in the bundled database.
pub fn parse_time_zone(name: &str) -> Result<TimeZone, InputError> {
    TimeZone::get(name).map_err(|_| InputError::TimeZone {
        name: name.to_owned(),
    })
}

/// A secret value, such as a webhook signing secret: never shown in `Debug`
/// or `Display` output, so it cannot leak into logs or error messages.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself, for the code that signs with it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Secret)
    }
}
