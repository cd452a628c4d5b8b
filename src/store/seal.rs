//! Webhook signing secrets at rest. A row keeps its recipient while the
//! delivery may be made again, so `resume` can make it without the caller;
//! the signing secrets in it are sealed (ChaCha20-Poly1305, bound to the
//! recipient and the endpoint) with a key that is not in the store: for a
//! SQLite file, a file of its own beside it (`tidings.db.key`, owner-only)
//! or a key the embedding service passes in; for PostgreSQL, always the
//! service's key. A copy of the store alone (a backup, a support bundle)
//! holds no secret that can sign.
//!
//! In a database shared with others (PostgreSQL), the rows a later
//! delivery is made from (the notice, the recipient) are also
//! [vouched](Sealer::vouch) for: tagged with a key derived from the same
//! key and bound to their place, so a row written or moved by someone
//! without the key is refused instead of rendered or sent to.

use std::borrow::Cow;
#[cfg(feature = "sqlite")]
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use ring::aead::{Aad, CHACHA20_POLY1305, LessSafeKey, NONCE_LEN, Nonce, UnboundKey};
use ring::hmac;

use crate::error::StoreError;
use crate::recipient::{
    Address, Audience, LanguagePreferences, Recipient, Secret, webhook_identity,
};

/// The key's length in bytes.
pub(crate) const KEY_LEN: usize = 32;

/// A secret sealed alone, the URL beside it in the clear (written by
/// earlier versions; still opened).
const SEALED: &str = "sealed:v1:";
/// The URL and the secret sealed together; the row shows only the URL's
/// identity.
const SEALED_WITH_URL: &str = "sealed:v2:";
/// A chat webhook's URL sealed (the URL is the credential).
const SEALED_CHAT: &str = "sealed:chat:v1:";
/// A row's JSON with a tag of its place (PostgreSQL rows only).
#[cfg_attr(not(feature = "postgres"), allow(dead_code))]
const VOUCHED: &str = "vouched:v1:";

/// Seals and opens the secrets of stored recipients.
pub(crate) struct Sealer {
    key: LessSafeKey,
    /// Tags stored rows; derived from the sealing key, never used to seal.
    #[cfg_attr(not(feature = "postgres"), allow(dead_code))]
    rows: hmac::Key,
    /// Nonces: a random prefix of this sealer, then a count, so no two
    /// seals under one key share a nonce (another process's sealer has
    /// another prefix) without a system call per seal.
    prefix: [u8; 8],
    count: AtomicU32,
    /// Whether a secret stored in the clear is taken as it is: only for a
    /// state file that may have been written before secrets were sealed.
    /// A database shared with others never had one, so one there was put
    /// in by someone other than tidings.
    clear_allowed: bool,
}

impl std::fmt::Debug for Sealer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Sealer([redacted])")
    }
}

fn failed(what: &str) -> StoreError {
    StoreError::Database(format!("stored webhook secrets: {what}"))
}

impl Sealer {
    pub(crate) fn new(key: &[u8; KEY_LEN]) -> Result<Sealer, StoreError> {
        let derived = hmac::sign(
            &hmac::Key::new(hmac::HMAC_SHA256, key),
            b"tidings: stored rows vouched for",
        );
        let rows = hmac::Key::new(hmac::HMAC_SHA256, derived.as_ref());
        let key = UnboundKey::new(&CHACHA20_POLY1305, key).map_err(|_| failed("bad key"))?;
        let mut prefix = [0u8; 8];
        getrandom::fill(&mut prefix).map_err(|_| failed("no randomness for nonces"))?;
        Ok(Sealer {
            key: LessSafeKey::new(key),
            rows,
            prefix,
            count: AtomicU32::new(0),
            clear_allowed: false,
        })
    }

    /// This sealer, also taking secrets stored in the clear, as state files
    /// written before secrets were sealed hold them.
    #[cfg(feature = "sqlite")]
    pub(crate) fn accepting_clear_secrets(mut self) -> Sealer {
        self.clear_allowed = true;
        self
    }

    fn nonce(&self) -> Result<[u8; NONCE_LEN], StoreError> {
        let count = self
            .count
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| n.checked_add(1))
            .map_err(|_| failed("too many secrets sealed by one sealer"))?;
        let mut nonce = [0u8; NONCE_LEN];
        nonce[..8].copy_from_slice(&self.prefix);
        nonce[8..].copy_from_slice(&count.to_be_bytes());
        Ok(nonce)
    }

    /// The key in the file beside the state file, made (owner-only) the
    /// first time.
    #[cfg(feature = "sqlite")]
    pub(crate) fn key_beside(state: &Path) -> Result<[u8; KEY_LEN], StoreError> {
        let mut path = state.as_os_str().to_owned();
        path.push(".key");
        let path = PathBuf::from(path);
        let io = |e: std::io::Error| StoreError::Database(format!("{}: {e}", path.display()));
        if !path.exists() {
            let mut key = [0u8; KEY_LEN];
            getrandom::fill(&mut key).map_err(|_| failed("no randomness for a key"))?;
            // Written whole under another name, then linked into place: two
            // processes starting at once end up with the same key.
            let temporary = path.with_extension(format!("key.{}.new", std::process::id()));
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create(true).truncate(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            std::io::Write::write_all(&mut options.open(&temporary).map_err(io)?, &key)
                .map_err(io)?;
            let linked = std::fs::hard_link(&temporary, &path);
            let _ = std::fs::remove_file(&temporary);
            match linked {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(io(e)),
            }
        }
        // A key others may read seals nothing; one others may write could
        // be swapped for theirs.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).map_err(io)?.permissions().mode();
            if mode & 0o077 != 0 {
                return Err(StoreError::Database(format!(
                    "{}: the sealing key may be read or written by others (mode {:o}): make it the owner's alone (chmod 600)",
                    path.display(),
                    mode & 0o777
                )));
            }
        }
        let bytes = std::fs::read(&path).map_err(io)?;
        bytes
            .try_into()
            .map_err(|_| StoreError::Database(format!("{}: not a tidings key", path.display())))
    }

    /// The recipient as JSON, each webhook's URL and secret sealed
    /// together (the row keeps only the URL's
    /// [identity](crate::Address::identity)), and each chat webhook's URL.
    pub(crate) fn seal(&self, recipient: &Recipient) -> Result<String, StoreError> {
        // Every claim seals its recipient: only the addresses that change
        // are made anew, the rest is written from the recipient as it is.
        let Recipient {
            id,
            name,
            languages,
            time_zone,
            addresses,
            audience,
        } = recipient;
        let addresses = addresses
            .iter()
            .map(|address| self.sealed(id, address))
            .collect::<Result<Vec<_>, _>>()?;
        let stored = StoredRecipient {
            id,
            name,
            languages,
            time_zone,
            addresses,
            audience,
        };
        // Room for the whole of it at once: a sealed address is about
        // twice what it seals, in base64 with its nonce and tag.
        let size = 256
            + id.len()
            + name.len()
            + recipient
                .addresses
                .iter()
                .map(|a| 2 * text_len(a) + 128)
                .sum::<usize>();
        let mut json = Vec::with_capacity(size);
        serde_json::to_writer(&mut json, &stored).map_err(|e| failed(&e.to_string()))?;
        String::from_utf8(json).map_err(|e| failed(&e.to_string()))
    }

    /// `address` as a stored recipient keeps it: a webhook's URL and secret
    /// sealed together (the URL shown only as its identity), a chat
    /// webhook's URL sealed, anything else as it is.
    fn sealed<'a>(
        &self,
        recipient: &str,
        address: &'a Address,
    ) -> Result<Cow<'a, Address>, StoreError> {
        Ok(match address {
            Address::Webhook { url, secret } => {
                let identity = webhook_identity(url);
                let plain = [url.as_str(), secret.expose()];
                let sealed = self.seal_with(
                    SEALED_WITH_URL,
                    &binding(recipient, &identity),
                    url.len() + secret.expose().len() + 8,
                    |out| serde_json::to_writer(out, &plain).map_err(|e| failed(&e.to_string())),
                )?;
                Cow::Owned(Address::Webhook {
                    url: identity,
                    secret: Secret::new(sealed),
                })
            }
            Address::Chat { service, url } => {
                let aad = binding(recipient, &format!("chat:{service}"));
                let sealed = self.seal_with(SEALED_CHAT, &aad, url.len(), |out| {
                    out.extend_from_slice(url.as_bytes());
                    Ok(())
                })?;
                Cow::Owned(Address::Chat {
                    service: *service,
                    url: sealed,
                })
            }
            _ => Cow::Borrowed(address),
        })
    }

    /// What `write` puts out, sealed and bound to `aad`: `prefix`, then
    /// base64 of nonce and ciphertext. `size` is about how much `write`
    /// writes, so the buffers are made once.
    fn seal_with(
        &self,
        prefix: &str,
        aad: &[u8],
        size: usize,
        write: impl FnOnce(&mut Vec<u8>) -> Result<(), StoreError>,
    ) -> Result<String, StoreError> {
        let nonce = self.nonce()?;
        let tag_len = self.key.algorithm().tag_len();
        let mut out = Vec::with_capacity(NONCE_LEN + size + tag_len);
        out.extend_from_slice(&nonce);
        write(&mut out)?;
        let tag = self
            .key
            .seal_in_place_separate_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(aad),
                &mut out[NONCE_LEN..],
            )
            .map_err(|_| failed("cannot seal"))?;
        out.extend_from_slice(tag.as_ref());
        let mut sealed = String::with_capacity(prefix.len() + out.len().div_ceil(3) * 4);
        sealed.push_str(prefix);
        BASE64.encode_string(&out, &mut sealed);
        Ok(sealed)
    }

    /// A recipient stored by [`seal`](Sealer::seal) (or, where
    /// [allowed](Sealer::accepting_clear_secrets), from a file written
    /// before secrets were sealed, in the clear). A secret in the clear
    /// anywhere else is refused: it did not come from tidings.
    pub(crate) fn open(&self, json: &str) -> Result<Recipient, StoreError> {
        let mut recipient: Recipient =
            serde_json::from_str(json).map_err(|e| failed(&e.to_string()))?;
        let id = recipient.id.clone();
        for address in &mut recipient.addresses {
            if let Address::Chat { service, url } = address {
                let Some(sealed) = url.strip_prefix(SEALED_CHAT) else {
                    return Err(failed(
                        "a chat webhook URL is stored unsealed, which tidings never writes: refused",
                    ));
                };
                let plain = self.unseal(sealed, &binding(&id, &format!("chat:{service}")))?;
                *url = String::from_utf8(plain).map_err(|_| failed("a sealed URL is damaged"))?;
                continue;
            }
            let Address::Webhook { url, secret } = address else {
                continue;
            };
            let stored = secret.expose();
            let (sealed, with_url) = match (
                stored.strip_prefix(SEALED_WITH_URL),
                stored.strip_prefix(SEALED),
            ) {
                (Some(sealed), _) => (sealed, true),
                (None, Some(sealed)) => (sealed, false),
                (None, None) if self.clear_allowed => continue,
                (None, None) => {
                    return Err(failed(
                        "a webhook secret is stored unsealed, which tidings never writes: refused",
                    ));
                }
            };
            let plain = self.unseal(sealed, &binding(&id, url))?;
            if !with_url {
                let plain =
                    String::from_utf8(plain).map_err(|_| failed("a sealed secret is damaged"))?;
                *secret = Secret::new(plain);
                continue;
            }
            let [real, plain]: [String; 2] =
                serde_json::from_slice(&plain).map_err(|_| failed("a sealed secret is damaged"))?;
            if webhook_identity(&real) != *url {
                return Err(failed("a sealed webhook URL is not the one its row names"));
            }
            *url = real;
            *secret = Secret::new(plain);
        }
        Ok(recipient)
    }

    /// The plaintext of `sealed` (base64 of nonce and ciphertext), bound to
    /// `aad`.
    fn unseal(&self, sealed: &str, aad: &[u8]) -> Result<Vec<u8>, StoreError> {
        let damaged = || failed("a sealed secret is damaged");
        let bytes = BASE64.decode(sealed).map_err(|_| damaged())?;
        if bytes.len() < NONCE_LEN {
            return Err(damaged());
        }
        let (nonce, sealed) = bytes.split_at(NONCE_LEN);
        let nonce = Nonce::try_assume_unique_for_key(nonce).map_err(|_| damaged())?;
        let mut sealed = sealed.to_vec();
        let plain = self
            .key
            .open_in_place(nonce, Aad::from(aad), &mut sealed)
            .map_err(|_| {
                failed("a sealed secret does not open with this key (was the key file replaced?)")
            })?;
        Ok(plain.to_vec())
    }

    /// `json` as stored in the row `place` names, with a tag that only a
    /// holder of the key can make.
    #[cfg_attr(not(feature = "postgres"), allow(dead_code))]
    pub(crate) fn vouch(&self, place: &[&str], json: &str) -> String {
        let tag = hmac::sign(&self.rows, &vouched_bytes(place, json));
        format!("{VOUCHED}{}:{json}", BASE64.encode(tag))
    }

    /// The JSON of a row [vouched](Sealer::vouch) for in `place`; refused,
    /// with why, when it was written without the key, changed since, or
    /// moved from another place.
    #[cfg_attr(not(feature = "postgres"), allow(dead_code))]
    pub(crate) fn vouched<'a>(
        &self,
        place: &[&str],
        stored: &'a str,
    ) -> Result<&'a str, StoreError> {
        let refused = |why: &str| StoreError::Database(format!("a stored row {why}: refused"));
        let Some(rest) = stored.strip_prefix(VOUCHED) else {
            return Err(refused(
                "was not written by tidings with this key (it carries no tag: someone wrote it into the database, or an older tidings did)",
            ));
        };
        let (tag, json) = rest.split_once(':').ok_or_else(|| refused("is damaged"))?;
        let tag = BASE64.decode(tag).map_err(|_| refused("is damaged"))?;
        hmac::verify(&self.rows, &vouched_bytes(place, json), &tag).map_err(|_| {
            refused(
                "does not match its tag: it was changed or moved since tidings wrote it, or the key is another",
            )
        })?;
        Ok(json)
    }
}

/// What a tag covers: the row's place, then its JSON, each part ended so
/// that no split of one can pass for another.
#[cfg_attr(not(feature = "postgres"), allow(dead_code))]
fn vouched_bytes(place: &[&str], json: &str) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(json.len() + 64);
    for part in place {
        bytes.extend_from_slice(&(part.len() as u64).to_be_bytes());
        bytes.extend_from_slice(part.as_bytes());
    }
    bytes.extend_from_slice(json.as_bytes());
    bytes
}

/// What a sealed secret is bound to: moved to another row, it does not open.
/// A [`Recipient`] as it is stored, written as `Recipient` writes itself
/// (a test compares), but borrowing what sealing does not change.
#[derive(serde::Serialize)]
struct StoredRecipient<'a> {
    id: &'a str,
    name: &'a str,
    languages: &'a LanguagePreferences,
    #[serde(skip_serializing_if = "no_time_zone")]
    time_zone: &'a Option<String>,
    addresses: Vec<Cow<'a, Address>>,
    #[serde(skip_serializing_if = "everything")]
    audience: &'a Audience,
}

fn no_time_zone(zone: &&Option<String>) -> bool {
    zone.is_none()
}

fn everything(audience: &&Audience) -> bool {
    audience.is_everything()
}

/// About how much text `address` holds.
fn text_len(address: &Address) -> usize {
    match address {
        Address::Email { mailbox } => mailbox.len(),
        Address::Webhook { url, secret } => url.len() + secret.expose().len(),
        Address::Chat { url, .. } => url.len(),
        Address::InApp { account } => account.len(),
        Address::Custom { to, .. } => to.len(),
    }
}

fn binding(recipient: &str, url: &str) -> Vec<u8> {
    let mut aad = Vec::with_capacity(recipient.len() + url.len() + 1);
    aad.extend_from_slice(recipient.as_bytes());
    aad.push(0);
    aad.extend_from_slice(url.as_bytes());
    aad
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recipient::LanguagePreferences;

    #[test]
    fn secrets_are_sealed_and_open_only_where_they_belong() {
        let sealer = Sealer::new(&[7; KEY_LEN]).unwrap();
        let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        let recipient = Recipient {
            id: "c-1".into(),
            name: "Ada".into(),
            languages: LanguagePreferences::default(),
            time_zone: None,
            addresses: vec![Address::Webhook {
                url: "https://hooks.example.com/a".into(),
                secret: Secret::new(secret),
            }],
            audience: Default::default(),
        };
        let json = sealer.seal(&recipient).unwrap();
        assert!(
            !json.contains(secret) && !json.contains("MfKQ9r8"),
            "{json}"
        );
        // The URL is sealed with it: the row names only its identity.
        assert!(!json.contains("hooks.example.com/a"), "{json}");
        assert!(json.contains("https://hooks.example.com/…#"), "{json}");
        assert_eq!(sealer.open(&json).unwrap(), recipient);
        let moved = json.replace("c-1", "c-2");
        assert!(sealer.open(&moved).is_err(), "bound to its recipient");
        let other = Sealer::new(&[8; KEY_LEN]).unwrap();
        assert!(other.open(&json).is_err(), "another key opens nothing");
    }

    #[test]
    fn a_stored_recipient_is_written_as_a_recipient_writes_itself() {
        let sealer = Sealer::new(&[7; KEY_LEN]).unwrap();
        let full = Recipient {
            id: "c-\"1\"".into(),
            name: "Ada <Lovelace> é".into(),
            languages: LanguagePreferences::from_tags(["nl-BE", "en", "sr-Latn-RS"]).unwrap(),
            time_zone: Some("Europe/Amsterdam".into()),
            addresses: vec![
                Address::Email {
                    mailbox: "Ada <ada@example.com>".into(),
                },
                Address::Webhook {
                    url: "https://hooks.example.com/a?t=1".into(),
                    secret: Secret::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
                },
                Address::Chat {
                    service: crate::ChatService::Teams,
                    url: "https://x.webhook.office.com/w".into(),
                },
                Address::InApp {
                    account: "acct-7".into(),
                },
                Address::Custom {
                    kind: "sms".into(),
                    to: "+31 6 1234 5678".into(),
                },
            ],
            audience: crate::Audience::everything()
                .with_components(["api", "dashboard"])
                .unwrap()
                .with_min_severity(crate::Severity::Major)
                .unwrap()
                .with_maintenance(false),
        };
        let bare = Recipient {
            id: "c-2".into(),
            name: String::new(),
            languages: LanguagePreferences::default(),
            time_zone: None,
            addresses: Vec::new(),
            audience: Default::default(),
        };
        for recipient in [full, bare] {
            let json = sealer.seal(&recipient).unwrap();
            // Read back as a recipient (sealed values and all) and written
            // again by `Recipient` itself: the same text.
            let stored: Recipient = serde_json::from_str(&json).unwrap();
            assert_eq!(serde_json::to_string(&stored).unwrap(), json);
            assert_eq!(sealer.open(&json).unwrap(), recipient);
        }
    }

    #[test]
    fn chat_urls_are_sealed_and_bound_to_their_recipient() {
        let sealer = Sealer::new(&[7; KEY_LEN]).unwrap();
        let url = "https://hooks.slack.com/services/T000/B000/XXXXsecretXXXX";
        let recipient = Recipient {
            id: "c-1".into(),
            name: "Ada".into(),
            languages: LanguagePreferences::default(),
            time_zone: None,
            addresses: vec![Address::Chat {
                service: crate::ChatService::Slack,
                url: url.into(),
            }],
            audience: Default::default(),
        };
        let json = sealer.seal(&recipient).unwrap();
        assert!(
            !json.contains("XXXXsecret") && !json.contains("hooks.slack"),
            "{json}"
        );
        assert_eq!(sealer.open(&json).unwrap(), recipient);
        assert!(sealer.open(&json.replace("c-1", "c-2")).is_err(), "moved");
        let teams = json.replace("\"slack\"", "\"teams\"");
        assert!(sealer.open(&teams).is_err(), "bound to its service");
        let clear = serde_json::json!({
            "id": "c-1", "name": "Ada", "languages": [], "time_zone": null,
            "addresses": [{"channel": "chat", "service": "slack", "url": url}]
        })
        .to_string();
        let err = sealer.open(&clear).unwrap_err().to_string();
        assert!(err.contains("stored unsealed"), "{err}");
    }

    #[test]
    fn secrets_sealed_by_earlier_versions_still_open() {
        let sealer = Sealer::new(&[7; KEY_LEN]).unwrap();
        let (url, secret) = ("https://hooks.example.com/a", "whsec_earlier");
        // Sealed as before: the secret alone, bound to the id and the URL,
        // which the row kept in the clear.
        let nonce = sealer.nonce().unwrap();
        let mut sealed = secret.as_bytes().to_vec();
        sealer
            .key
            .seal_in_place_append_tag(
                Nonce::assume_unique_for_key(nonce),
                Aad::from(&binding("c-1", url)),
                &mut sealed,
            )
            .unwrap();
        let mut blob = nonce.to_vec();
        blob.extend_from_slice(&sealed);
        let json = serde_json::json!({
            "id": "c-1", "name": "Ada", "languages": [], "time_zone": null,
            "addresses": [{"channel": "webhook", "url": url,
                           "secret": format!("{SEALED}{}", BASE64.encode(blob))}]
        })
        .to_string();
        let opened = sealer.open(&json).unwrap();
        let Address::Webhook {
            url: found,
            secret: kept,
        } = &opened.addresses[0]
        else {
            panic!("{opened:?}");
        };
        assert_eq!((found.as_str(), kept.expose()), (url, secret));
    }

    #[test]
    fn a_vouched_row_is_read_only_where_it_was_written_and_as_it_was() {
        let sealer = Sealer::new(&[7; KEY_LEN]).unwrap();
        let place = ["notice", "creator-2022-03-14", "2"];
        let json = r#"{"status_page":"https://status.example.com/"}"#;
        let stored = sealer.vouch(&place, json);
        assert_eq!(sealer.vouched(&place, &stored).unwrap(), json);
        let refused =
            |stored: &str, place: &[&str]| sealer.vouched(place, stored).unwrap_err().to_string();
        let changed = stored.replace("status.example.com", "evil.example");
        assert!(refused(&changed, &place).contains("changed or moved"));
        let moved = ["notice", "creator-2022-03-14", "3"];
        assert!(refused(&stored, &moved).contains("changed or moved"));
        assert!(refused(json, &place).contains("no tag"));
        let other = Sealer::new(&[8; KEY_LEN]).unwrap();
        assert!(other.vouched(&place, &stored).is_err(), "another key");
        // Parts cannot be shifted from one into the next.
        let shifted = ["notice", "creator-2022-03-1", "42"];
        assert!(sealer.vouched(&shifted, &stored).is_err());
        assert!(refused("vouched:v1:%%%:{}", &place).contains("damaged"));
    }

    #[test]
    fn a_secret_in_the_clear_is_refused_unless_an_old_file_may_hold_one() {
        let recipient = Recipient {
            id: "c-1".into(),
            name: "Ada".into(),
            languages: LanguagePreferences::default(),
            time_zone: None,
            addresses: vec![Address::Webhook {
                url: "https://hooks.example.com/a".into(),
                secret: Secret::new("whsec_injected"),
            }],
            audience: Default::default(),
        };
        let clear = serde_json::to_string(&recipient).unwrap();
        let err = Sealer::new(&[7; KEY_LEN])
            .unwrap()
            .open(&clear)
            .unwrap_err();
        assert!(err.to_string().contains("stored unsealed"), "{err}");
        #[cfg(feature = "sqlite")]
        {
            let old_file = Sealer::new(&[7; KEY_LEN])
                .unwrap()
                .accepting_clear_secrets();
            assert_eq!(old_file.open(&clear).unwrap(), recipient);
        }
    }
}
