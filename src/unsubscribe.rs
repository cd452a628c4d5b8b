//! One-click unsubscribe (RFC 8058): the signed token an unsubscribe link
//! carries. It names the recipient, what they leave (everything, planned
//! maintenance, or one product or component) and on which channel, and is
//! signed with a key the embedding service holds, so checking a token needs
//! no database. A token is signed, not encrypted: it names the recipient.
//!
//! ```
//! use tidings::unsubscribe::{Choice, Scope, UnsubscribeKey};
//! use tidings::ChannelKind;
//!
//! let key = UnsubscribeKey::new([7; 32]).unwrap();
//! let choice = Choice::new("c-17", Scope::Maintenance, Some(ChannelKind::Email));
//! let token = key.sign(&choice);
//! assert_eq!(key.verify(&token).unwrap(), choice);
//! assert!(key.verify(&token.replace('c', "d")).is_err());
//! ```

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ring::hmac;
use serde::{Deserialize, Serialize};

use crate::recipient::ChannelKind;

/// What a token says before its signature: its version.
const PREFIX: &str = "u1";

/// The longest token accepted: far above any honest one, so a hostile
/// request cannot make the check read megabytes.
const LONGEST: usize = 2048;

/// The key unsubscribe tokens are signed with: at least 32 random bytes,
/// kept by the embedding service (its `Debug` shows nothing of it). Rotating
/// it makes every link in mail already sent invalid.
#[derive(Clone)]
pub struct UnsubscribeKey(hmac::Key);

impl fmt::Debug for UnsubscribeKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("UnsubscribeKey(…)")
    }
}

/// What a recipient leaves.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "scope", content = "name", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Scope {
    /// Every notice.
    All,
    /// Planned maintenance only; outages still reach them.
    Maintenance,
    /// The notices of one product.
    Product(String),
    /// The notices of incidents that affect one component.
    Component(String),
}

/// A recipient's choice, as a token carries it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Choice {
    /// The recipient id.
    #[serde(rename = "r")]
    pub recipient: String,
    /// What they leave.
    #[serde(rename = "s")]
    pub scope: Scope,
    /// On which channel (every channel when `None`).
    #[serde(rename = "c", default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
}

impl Choice {
    /// `recipient` leaves `scope` on `channel` (on every channel if `None`).
    pub fn new(recipient: impl Into<String>, scope: Scope, channel: Option<ChannelKind>) -> Self {
        Choice {
            recipient: recipient.into(),
            scope,
            channel: channel.map(|c| c.as_str().to_owned()),
        }
    }

    /// The channel, when the choice names one.
    pub fn channel(&self) -> Option<ChannelKind> {
        self.channel.clone().map(ChannelKind::custom)
    }
}

/// Why a token was refused. It never says which part was wrong beyond
/// that: a forger learns nothing from it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TokenError {
    /// Not a token of this version, too long, or not base64.
    #[error("not an unsubscribe token")]
    Malformed,
    /// The signature does not match: altered, forged, or signed with
    /// another key.
    #[error("the unsubscribe token is not valid")]
    Invalid,
}

/// Why a key could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KeyError {
    /// Shorter than 32 bytes.
    #[error("an unsubscribe key must be at least 32 bytes (it was {0})")]
    TooShort(usize),
    /// Not base64.
    #[error("an unsubscribe key given as text must be base64")]
    NotBase64,
}

impl UnsubscribeKey {
    /// A key of these bytes (at least 32, random).
    pub fn new(bytes: impl Into<Vec<u8>>) -> Result<Self, KeyError> {
        let bytes = bytes.into();
        if bytes.len() < 32 {
            return Err(KeyError::TooShort(bytes.len()));
        }
        Ok(UnsubscribeKey(hmac::Key::new(hmac::HMAC_SHA256, &bytes)))
    }

    /// A key given as base64 text (standard or URL-safe, padded or not),
    /// as an environment variable holds it.
    pub fn from_base64(text: &str) -> Result<Self, KeyError> {
        let text = text.trim();
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(text)
            .or_else(|_| URL_SAFE_NO_PAD.decode(text.trim_end_matches('=')))
            .map_err(|_| KeyError::NotBase64)?;
        UnsubscribeKey::new(bytes)
    }

    /// What is signed: the version and the payload.
    fn signed(payload: &str) -> String {
        format!("{PREFIX}.{payload}")
    }

    /// The token for `choice`: URL-safe, the same for the same choice.
    pub fn sign(&self, choice: &Choice) -> String {
        // Serializing strings and a tag cannot fail.
        let json = serde_json::to_vec(choice).unwrap_or_default();
        let payload = URL_SAFE_NO_PAD.encode(json);
        let tag = URL_SAFE_NO_PAD.encode(hmac::sign(&self.0, Self::signed(&payload).as_bytes()));
        format!("{PREFIX}.{payload}.{tag}")
    }

    /// The choice `token` carries, if this key signed it.
    pub fn verify(&self, token: &str) -> Result<Choice, TokenError> {
        if token.len() > LONGEST {
            return Err(TokenError::Malformed);
        }
        let mut parts = token.split('.');
        let (Some(PREFIX), Some(payload), Some(tag), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(TokenError::Malformed);
        };
        let tag = URL_SAFE_NO_PAD
            .decode(tag)
            .map_err(|_| TokenError::Malformed)?;
        // Compared in constant time.
        hmac::verify(&self.0, Self::signed(payload).as_bytes(), &tag)
            .map_err(|_| TokenError::Invalid)?;
        let json = URL_SAFE_NO_PAD
            .decode(payload)
            .map_err(|_| TokenError::Malformed)?;
        serde_json::from_slice(&json).map_err(|_| TokenError::Malformed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(byte: u8) -> UnsubscribeKey {
        UnsubscribeKey::new([byte; 32]).unwrap()
    }

    #[test]
    fn a_token_carries_its_choice_and_nothing_else_passes() {
        let choices = [
            Choice::new("c-17", Scope::All, Some(ChannelKind::Email)),
            Choice::new("c-17", Scope::Maintenance, None),
            Choice::new("ünï ☃", Scope::Product("Creator".into()), None),
            Choice::new(
                "c-1",
                Scope::Component("Published sites".into()),
                Some(ChannelKind::Webhook),
            ),
        ];
        for choice in choices {
            let token = key(1).sign(&choice);
            assert!(
                token
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
            );
            assert_eq!(key(1).verify(&token), Ok(choice.clone()));
            assert_eq!(
                key(2).verify(&token),
                Err(TokenError::Invalid),
                "another key"
            );
            // Any one character changed is refused.
            for i in 0..token.len() {
                let mut bytes = token.clone().into_bytes();
                bytes[i] = if bytes[i] == b'A' { b'B' } else { b'A' };
                let altered = String::from_utf8(bytes).unwrap();
                if altered != token {
                    assert!(key(1).verify(&altered).is_err(), "{altered}");
                }
            }
        }
        // Another recipient's payload with this tag is refused.
        let a = key(1).sign(&Choice::new("c-1", Scope::All, None));
        let b = key(1).sign(&Choice::new("c-2", Scope::All, None));
        let (a_parts, b_parts): (Vec<_>, Vec<_>) = (a.split('.').collect(), b.split('.').collect());
        let spliced = format!("{}.{}.{}", a_parts[0], b_parts[1], a_parts[2]);
        assert_eq!(key(1).verify(&spliced), Err(TokenError::Invalid));
        for junk in [
            "",
            "u1",
            "u1..",
            "u2.e30.AAAA",
            &"u1.".repeat(1000),
            "u1.!!.!!",
        ] {
            assert!(key(1).verify(junk).is_err(), "{junk}");
        }
    }

    #[test]
    fn a_key_is_long_enough_and_never_shown() {
        assert_eq!(
            UnsubscribeKey::new([1; 16]).unwrap_err(),
            KeyError::TooShort(16)
        );
        let text = base64::engine::general_purpose::STANDARD.encode([9u8; 32]);
        let k = UnsubscribeKey::from_base64(&text).unwrap();
        assert_eq!(format!("{k:?}"), "UnsubscribeKey(…)");
        assert_eq!(
            UnsubscribeKey::from_base64("not base64!").unwrap_err(),
            KeyError::NotBase64
        );
    }
}
