//! Webhooks: a signed JSON POST per delivery (Standard Webhooks).
//!
//! - `webhook-id` is the delivery key's id, the same on every retry, so a
//!   receiver can drop a request it has already seen;
//! - `webhook-timestamp` is the time of sending; `webhook-signature` signs
//!   id, timestamp and body with each of the endpoint's secrets;
//! - redirects are not followed, no proxy is taken from the environment, and
//!   only a few kilobytes of any answer are read;
//! - the SSRF guard refuses endpoints on non-public addresses unless allowed.
//!
//! `mod.rs` is the channel and the signed request; `builder.rs` its
//! settings; `post.rs` the protocol: one POST and what its answer means;
//! `payload.rs` the JSON; `sign.rs` the signatures. The SSRF guard and the
//! HTTP client are the channel module's (`ssrf.rs`, `http/`), shared with
//! chat.

mod builder;
mod payload;
mod post;
mod sign;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use url::Url;

pub use builder::{WebhookChannelBuilder, WebhookConfigError};
pub use payload::{EVENT_TYPE, VERSION};
pub use sign::{SecretError, generate_secret};

use crate::channel::http::HttpClient;
use crate::channel::ssrf::Policy;
use crate::delivery::{Delivery, DeliveryError};
use crate::recipient::{Address, Secret};
use sign::SigningKeys;

/// Sends signed webhook requests (or, in outbox mode, writes them to files).
pub struct WebhookChannel {
    client: HttpClient,
    policy: Arc<Policy>,
    timeout: Duration,
    outbox: Option<PathBuf>,
}

impl std::fmt::Debug for WebhookChannel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebhookChannel")
            .field("timeout", &self.timeout)
            .field("allow_private", &self.policy.allow_private)
            .finish_non_exhaustive()
    }
}

impl WebhookChannel {
    /// A builder with the defaults: SSRF guard on, 5 s to connect, 15 s per
    /// attempt.
    pub fn builder() -> WebhookChannelBuilder {
        WebhookChannelBuilder::default()
    }

    /// The request that would be sent for `delivery`, signed at `timestamp`
    /// (seconds since the epoch): for dry runs and outboxes.
    pub fn request(delivery: &Delivery, timestamp: i64) -> Result<SignedRequest, DeliveryError> {
        let Address::Webhook { url, secret } = &delivery.address else {
            return Err(DeliveryError::permanent("not a webhook address"));
        };
        let keys = SigningKeys::parse(secret).map_err(|e| {
            DeliveryError::permanent(format!(
                "the secret for webhook {} cannot sign: {e}",
                crate::redact::url(url)
            ))
        })?;
        let mut id = String::with_capacity(36);
        id.push_str("msg_");
        delivery.key.push_id(&mut id);
        let body = payload::body(delivery);
        let signature = keys.sign(&id, timestamp, &body);
        Ok(SignedRequest {
            url: url.clone(),
            id,
            timestamp,
            signature,
            body,
        })
    }
}

/// A signed request, ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedRequest {
    /// Where it goes.
    pub url: String,
    /// `webhook-id`.
    pub id: String,
    /// `webhook-timestamp`.
    pub timestamp: i64,
    /// `webhook-signature`.
    pub signature: String,
    /// The JSON body.
    pub body: Vec<u8>,
}

impl SignedRequest {
    /// The request as HTTP/1.1 text: what an outbox file holds.
    fn to_http(&self, url: &Url) -> Vec<u8> {
        let target = &url[url::Position::BeforePath..];
        let host = &url[url::Position::BeforeHost..url::Position::AfterPort];
        let mut out = format!(
            "POST {target} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nwebhook-id: {}\r\nwebhook-timestamp: {}\r\nwebhook-signature: {}\r\n\r\n",
            self.body.len(),
            self.id,
            self.timestamp,
            self.signature
        )
        .into_bytes();
        out.extend_from_slice(&self.body);
        out
    }
}

/// Checks that a secret can sign, without signing anything: for validating
/// input before a send.
pub fn check_secret(secret: &Secret) -> Result<(), SecretError> {
    SigningKeys::parse(secret).map(|_| ())
}
