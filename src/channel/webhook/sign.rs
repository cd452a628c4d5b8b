//! Standard Webhooks signatures: `v1,` and the base64 HMAC-SHA256 of
//! `{webhook-id}.{webhook-timestamp}.{body}` under each active secret.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::recipient::Secret;

/// The prefix of a Standard Webhooks secret.
const SECRET_PREFIX: &str = "whsec_";
/// Secrets shorter than this are guessable; longer ones are not standard.
const SECRET_BYTES: std::ops::RangeInclusive<usize> = 24..=64;

/// The keys an endpoint's requests are signed with: usually one, two or
/// more while a secret is being rotated (every one signs, the receiver needs
/// to know just one).
pub(crate) struct SigningKeys(Vec<Vec<u8>>);

/// Why a secret cannot sign. It never contains the secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SecretError {
    /// No secret at all.
    #[error("the webhook secret is empty")]
    Empty,
    /// Not of the form `whsec_` + base64.
    #[error("a webhook secret must be `whsec_` followed by base64")]
    Format,
    /// Too short or too long once decoded.
    #[error("a webhook secret must be 24 to 64 bytes; this one is {0}")]
    Length(usize),
}

impl SigningKeys {
    /// Reads one or more space-separated `whsec_` secrets.
    pub(crate) fn parse(secret: &Secret) -> Result<Self, SecretError> {
        let keys = secret
            .expose()
            .split_whitespace()
            .map(|one| {
                let encoded = one.strip_prefix(SECRET_PREFIX).ok_or(SecretError::Format)?;
                let key = BASE64.decode(encoded).map_err(|_| SecretError::Format)?;
                if SECRET_BYTES.contains(&key.len()) {
                    Ok(key)
                } else {
                    Err(SecretError::Length(key.len()))
                }
            })
            .collect::<Result<Vec<_>, _>>()?;
        if keys.is_empty() {
            return Err(SecretError::Empty);
        }
        Ok(SigningKeys(keys))
    }

    /// The `webhook-signature` header value.
    pub(crate) fn sign(&self, id: &str, timestamp: i64, body: &[u8]) -> String {
        let mut header = String::with_capacity(self.0.len() * 48);
        for key in &self.0 {
            // Any key length is valid for HMAC; the range was checked above.
            let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key) else {
                continue;
            };
            mac.update(id.as_bytes());
            mac.update(b".");
            mac.update(timestamp.to_string().as_bytes());
            mac.update(b".");
            mac.update(body);
            if !header.is_empty() {
                header.push(' ');
            }
            header.push_str("v1,");
            BASE64.encode_string(mac.finalize().into_bytes(), &mut header);
        }
        header
    }
}

/// A new random secret in `whsec_` form, 32 bytes, for an endpoint you
/// register.
pub fn generate_secret() -> Secret {
    let mut key = [0u8; 32];
    // The operating system's generator; it does not fail on supported systems,
    // and a failure must not hand out a predictable key.
    if getrandom::fill(&mut key).is_err() {
        return Secret::new(String::new());
    }
    Secret::new(format!("{SECRET_PREFIX}{}", BASE64.encode(key)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_specifications_test_vector() {
        // From the Standard Webhooks specification and its reference libraries.
        let keys =
            SigningKeys::parse(&Secret::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")).unwrap();
        let signature = keys.sign(
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330,
            br#"{"test": 2432232314}"#,
        );
        assert_eq!(signature, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    #[test]
    fn rotation_signs_with_every_secret() {
        let two = Secret::new(format!(
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw {}",
            generate_secret().expose()
        ));
        let signature = SigningKeys::parse(&two).unwrap().sign(
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330,
            br#"{"test": 2432232314}"#,
        );
        let parts: Vec<&str> = signature.split(' ').collect();
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0], "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        assert!(parts[1].starts_with("v1,") && parts[1] != parts[0]);
    }

    #[test]
    fn weak_or_malformed_secrets_are_refused_without_showing_them() {
        let parse = |s: &str| SigningKeys::parse(&Secret::new(s)).err();
        assert_eq!(parse(""), Some(SecretError::Empty));
        assert_eq!(parse("   "), Some(SecretError::Empty));
        assert_eq!(
            parse("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
            Some(SecretError::Format)
        );
        assert_eq!(parse("whsec_not base64!"), Some(SecretError::Format));
        assert_eq!(parse("whsec_c2hvcnQ="), Some(SecretError::Length(5)));
        let long = format!("whsec_{}", BASE64.encode([7u8; 65]));
        assert_eq!(parse(&long), Some(SecretError::Length(65)));
        let shown = SecretError::Format.to_string();
        assert!(!shown.contains("MfKQ"));
    }

    #[test]
    fn generated_secrets_are_valid_and_different() {
        let (a, b) = (generate_secret(), generate_secret());
        assert!(SigningKeys::parse(&a).is_ok());
        assert_ne!(a, b);
    }
}
