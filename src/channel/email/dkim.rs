//! DKIM signatures (RFC 6376), RSA-SHA256 or Ed25519-SHA256 (RFC 8463), so
//! that mailbox providers can tell the mail is the sending domain's own.
//! Signed by lettre; tidings reads the key, chooses what is covered, and
//! keeps the key out of every error and `Debug` output.

use std::path::Path;

use base64::Engine as _;
use lettre::Message;
use lettre::message::dkim::{
    DkimCanonicalization, DkimCanonicalizationType, DkimConfig, DkimSigningAlgorithm,
    DkimSigningKey, dkim_sign,
};
use lettre::message::header::HeaderName;

/// The headers a signature covers: who it is from and to, what it says,
/// when, its identity and thread, and how to unsubscribe. A header a
/// message lacks (In-Reply-To on a first notice) counts as empty. Not
/// Content-Type: lettre writes a multipart's with its body, after signing,
/// so it cannot be covered (the body hash covers the parts).
const COVERED: [&str; 10] = [
    "From",
    "To",
    "Subject",
    "Date",
    "Message-ID",
    "In-Reply-To",
    "References",
    "List-Unsubscribe",
    "List-Unsubscribe-Post",
    "MIME-Version",
];

/// The PKCS#8 wrapping of an Ed25519 private key (RFC 8410), before its 32
/// bytes: what `openssl genpkey -algorithm ed25519` writes.
const ED25519_PKCS8: [u8; 16] = [
    0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
];

/// The largest key file read: an RSA key of 8192 bits is about 6.5 KB.
const LARGEST_KEY: u64 = 16 * 1024;

/// Signs each message of one channel with one key.
pub(crate) struct Signer {
    config: DkimConfig,
    selector: String,
    domain: String,
    algorithm: &'static str,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer")
            .field("selector", &self.selector)
            .field("domain", &self.domain)
            .field("algorithm", &self.algorithm)
            .finish_non_exhaustive()
    }
}

impl Signer {
    /// A signer for `domain`'s key `selector`, read from `key_file`: an RSA
    /// key in PKCS#1 PEM (`BEGIN RSA PRIVATE KEY`), or an Ed25519 key in
    /// PKCS#8 PEM (`BEGIN PRIVATE KEY`) or as the base64 of its 32 bytes.
    /// The error says what is wrong with the file, never what it holds.
    pub(crate) fn read(selector: &str, domain: &str, key_file: &Path) -> Result<Signer, String> {
        let shown = key_file.display();
        let checked = |what: &str, value: &str| {
            let ok = !value.is_empty()
                && value
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.' || b == b'_');
            if ok {
                Ok(())
            } else {
                Err(format!(
                    "the DKIM {what} `{value}` must be letters, digits, '-', '.' or '_'"
                ))
            }
        };
        checked("selector", selector)?;
        checked("domain", domain)?;
        let size = std::fs::metadata(key_file)
            .map_err(|e| format!("the DKIM key {shown} cannot be read: {e}"))?
            .len();
        if size > LARGEST_KEY {
            return Err(format!(
                "the DKIM key {shown} is {size} bytes: not a private key"
            ));
        }
        let text = std::fs::read_to_string(key_file)
            .map_err(|e| format!("the DKIM key {shown} cannot be read: {e}"))?;
        let (key, algorithm) = parse(&text).map_err(|why| format!("the DKIM key {shown} {why}"))?;
        let headers = COVERED
            .iter()
            .map(|name| HeaderName::new_from_ascii_str(name))
            .collect();
        let relaxed = DkimCanonicalization {
            header: DkimCanonicalizationType::Relaxed,
            body: DkimCanonicalizationType::Relaxed,
        };
        Ok(Signer {
            config: DkimConfig::new(
                selector.to_owned(),
                domain.to_owned(),
                key,
                headers,
                relaxed,
            ),
            selector: selector.to_owned(),
            domain: domain.to_owned(),
            algorithm,
        })
    }

    /// Adds the DKIM-Signature header to `message`.
    pub(crate) fn sign(&self, message: &mut Message) {
        dkim_sign(message, &self.config);
    }
}

/// The key in `text`, and the name of its algorithm.
fn parse(text: &str) -> Result<(DkimSigningKey, &'static str), &'static str> {
    let text = text.trim();
    if text.contains("-----BEGIN RSA PRIVATE KEY-----") {
        let key = DkimSigningKey::new(text, DkimSigningAlgorithm::Rsa)
            .map_err(|_| "is not a readable RSA private key (PKCS#1 PEM)")?;
        return Ok((key, "rsa-sha256"));
    }
    let raw = if let Some(body) = pem_body(text, "PRIVATE KEY") {
        let der = base64::engine::general_purpose::STANDARD
            .decode(body)
            .map_err(|_| "is not valid PEM")?;
        match der.strip_prefix(&ED25519_PKCS8) {
            Some(raw) if raw.len() == 32 => raw.to_vec(),
            _ => {
                return Err(
                    "holds a PKCS#8 key that is not Ed25519; give an RSA key as \
                            PKCS#1 PEM (`openssl rsa -in KEY -traditional`)",
                );
            }
        }
    } else if text.starts_with("-----BEGIN") {
        return Err("is not an RSA (PKCS#1 PEM) or Ed25519 (PKCS#8 PEM) private key");
    } else {
        base64::engine::general_purpose::STANDARD
            .decode(text)
            .ok()
            .filter(|raw| raw.len() == 32)
            .ok_or("is neither PEM nor the base64 of an Ed25519 key's 32 bytes")?
    };
    let encoded = base64::engine::general_purpose::STANDARD.encode(raw);
    let key = DkimSigningKey::new(&encoded, DkimSigningAlgorithm::Ed25519)
        .map_err(|_| "is not a readable Ed25519 private key")?;
    Ok((key, "ed25519-sha256"))
}

/// The base64 between the BEGIN and END lines of a PEM `label`, joined.
fn pem_body(text: &str, label: &str) -> Option<String> {
    let begin = format!("-----BEGIN {label}-----");
    let end = format!("-----END {label}-----");
    let start = text.find(&begin)? + begin.len();
    let stop = start + text[start..].find(&end)?;
    Some(text[start..stop].split_whitespace().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_that_cannot_be_used_is_named_and_never_shown() {
        let dir = std::env::temp_dir().join(format!("tidings-dkim-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let cases = [
            (
                "-----BEGIN RSA PRIVATE KEY-----\nc2VjcmV0LWtleS1tYXRlcmlhbA==\n-----END RSA PRIVATE KEY-----\n",
                "RSA",
            ),
            (
                "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n",
                "not Ed25519",
            ),
            ("c2VjcmV0LWtleS1tYXRlcmlhbA==", "neither PEM"),
            (
                "-----BEGIN EC PRIVATE KEY-----\nc2VjcmV0\n-----END EC PRIVATE KEY-----\n",
                "not an RSA",
            ),
        ];
        for (i, (text, said)) in cases.iter().enumerate() {
            let path = dir.join(format!("{i}.pem"));
            std::fs::write(&path, text).unwrap();
            let err = Signer::read("s1", "example.com", &path).unwrap_err();
            assert!(err.contains(said), "{err}");
            assert!(!err.contains("c2VjcmV0") && !err.contains("MIIE"), "{err}");
        }
        let missing = Signer::read("s1", "example.com", &dir.join("none.pem")).unwrap_err();
        assert!(missing.contains("cannot be read"), "{missing}");
        let bad = Signer::read("s1;x=y", "example.com", &dir.join("0.pem")).unwrap_err();
        assert!(bad.contains("selector"), "{bad}");
        let raw = base64::engine::general_purpose::STANDARD.encode([7u8; 32]);
        let path = dir.join("ed.key");
        std::fs::write(&path, raw).unwrap();
        let signer = Signer::read("s1", "example.com", &path).unwrap();
        let shown = format!("{signer:?}");
        assert!(
            shown.contains("ed25519-sha256") && !shown.contains("BwcH"),
            "{shown}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
