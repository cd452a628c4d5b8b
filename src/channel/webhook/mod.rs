//! Webhooks: a signed JSON POST per delivery (Standard Webhooks).
//!
//! - `webhook-id` is the delivery key's id, the same on every retry, so a
//!   receiver can drop a request it has already seen;
//! - `webhook-timestamp` is the time of sending; `webhook-signature` signs
//!   id, timestamp and body with each of the endpoint's secrets;
//! - redirects are not followed, no proxy is taken from the environment, and
//!   only a few kilobytes of any answer are read;
//! - the SSRF guard refuses endpoints on non-public addresses unless allowed.

mod payload;
mod sign;
mod ssrf;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use reqwest::StatusCode;
use reqwest::header::{CONTENT_TYPE, HeaderMap, RETRY_AFTER};
use url::Url;

pub use payload::{EVENT_TYPE, VERSION};
pub use sign::{SecretError, generate_secret};

use super::{Channel, ChannelKind, FailureDomain, outbox};
use crate::delivery::{Delivery, DeliveryError, Receipt};
use crate::recipient::{Address, Secret};
use sign::SigningKeys;
use ssrf::{Allowed, GuardedResolver, Policy, Refused};

/// At most this much of an answer is read; the rest is not downloaded.
const ANSWER_LIMIT: usize = 16 * 1024;

/// Sends signed webhook requests (or, in outbox mode, writes them to files).
pub struct WebhookChannel {
    client: reqwest::Client,
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

/// Configures a [`WebhookChannel`].
#[derive(Clone)]
#[must_use]
pub struct WebhookChannelBuilder {
    connect_timeout: Duration,
    timeout: Duration,
    allow_private: bool,
    allow_http: bool,
    allow: Vec<String>,
    proxy: Option<String>,
    proxy_enforces_egress: bool,
    user_agent: String,
    max_idle_per_host: usize,
    outbox: Option<PathBuf>,
}

impl std::fmt::Debug for WebhookChannelBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebhookChannelBuilder")
            .field("timeout", &self.timeout)
            .field("allow_private", &self.allow_private)
            .field("allow_http", &self.allow_http)
            .field("allow", &self.allow)
            .field("proxy", &self.proxy.as_deref().map(crate::redact::url))
            .finish_non_exhaustive()
    }
}

/// Why a [`WebhookChannel`] could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookConfigError {
    /// An allow-list entry that is not an address, a network or a host name.
    #[error("`{0}` is not an IP address, a network (10.0.0.0/8) or a host name")]
    Allow(String),
    /// The proxy URL cannot be used (shown without its credentials).
    #[error("proxy `{0}` is not a valid proxy URL")]
    Proxy(String),
    /// A proxy would reach the endpoints instead of tidings, so the SSRF
    /// guard could not check the addresses connected to.
    #[error(
        "with a proxy the SSRF guard cannot check where webhooks go; set proxy_enforces_egress(true) only if the proxy itself refuses private and internal addresses"
    )]
    ProxyBypassesGuard,
    /// The HTTP client could not be set up (TLS roots, for one).
    #[error("cannot set up the HTTP client: {0}")]
    Client(String),
}

impl Default for WebhookChannelBuilder {
    fn default() -> Self {
        WebhookChannelBuilder {
            connect_timeout: Duration::from_secs(5),
            timeout: Duration::from_secs(15),
            allow_private: false,
            allow_http: false,
            allow: Vec::new(),
            proxy: None,
            proxy_enforces_egress: false,
            user_agent: concat!("tidings/", env!("CARGO_PKG_VERSION")).to_owned(),
            max_idle_per_host: 32,
            outbox: None,
        }
    }
}

impl WebhookChannelBuilder {
    /// How long to wait for a connection (5 s unless changed).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long one attempt may take in all (15 s unless changed).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Lets requests reach loopback, private and other non-public addresses.
    /// For tests and endpoints inside your own network only.
    pub fn allow_private(mut self, allow: bool) -> Self {
        self.allow_private = allow;
        self
    }

    /// Lets webhooks go to plain `http://` endpoints (refused unless set): the
    /// payload travels readable, and a request seen on the way can be
    /// replayed within the timestamp tolerance. For loopback tests and
    /// endpoints inside your own network.
    pub fn allow_http(mut self, allow: bool) -> Self {
        self.allow_http = allow;
        self
    }

    /// Allows exactly one more destination: an IP address (`10.0.0.7`), a
    /// network (`10.0.0.0/24`) or a host name (`hooks.internal`).
    pub fn allow(mut self, entry: impl Into<String>) -> Self {
        self.allow.push(entry.into());
        self
    }

    /// Sends through this proxy (none unless set; the environment's
    /// `HTTP_PROXY` is never used). The proxy, not tidings, then connects to
    /// the endpoints, so the SSRF guard cannot check those connections:
    /// `build()` refuses a proxy unless [`proxy_enforces_egress`] says the
    /// proxy refuses private and internal destinations itself.
    ///
    /// [`proxy_enforces_egress`]: WebhookChannelBuilder::proxy_enforces_egress
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = Some(url.into());
        self
    }

    /// States that the proxy refuses private, loopback and metadata
    /// destinations itself (an egress proxy): the only way to use one.
    pub fn proxy_enforces_egress(mut self, enforces: bool) -> Self {
        self.proxy_enforces_egress = enforces;
        self
    }

    /// The `User-Agent` header.
    pub fn user_agent(mut self, agent: impl Into<String>) -> Self {
        self.user_agent = agent.into();
        self
    }

    /// Idle keep-alive connections kept per host (32 unless changed).
    pub fn max_idle_per_host(mut self, connections: usize) -> Self {
        self.max_idle_per_host = connections;
        self
    }

    /// Writes each signed request (request line, headers, body) as a file in
    /// `dir` instead of sending it: for dry runs and reviews.
    pub fn outbox(mut self, dir: impl Into<PathBuf>) -> Self {
        self.outbox = Some(dir.into());
        self
    }

    /// Builds the channel.
    pub fn build(self) -> Result<WebhookChannel, WebhookConfigError> {
        let allowed = self
            .allow
            .iter()
            .map(|e| Allowed::parse(e).ok_or_else(|| WebhookConfigError::Allow(e.clone())))
            .collect::<Result<Vec<_>, _>>()?;
        let policy = Arc::new(Policy {
            allow_private: self.allow_private,
            allow_http: self.allow_http,
            allowed,
        });
        let mut client = reqwest::Client::builder()
            .connect_timeout(self.connect_timeout)
            .timeout(self.timeout)
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .user_agent(self.user_agent)
            .pool_max_idle_per_host(self.max_idle_per_host)
            .dns_resolver(Arc::new(GuardedResolver {
                policy: Arc::clone(&policy),
            }));
        if let Some(proxy) = &self.proxy {
            if !self.proxy_enforces_egress {
                return Err(WebhookConfigError::ProxyBypassesGuard);
            }
            let proxy = reqwest::Proxy::all(proxy)
                .map_err(|_| WebhookConfigError::Proxy(crate::redact::url(proxy)))?;
            client = client.proxy(proxy);
        }
        let client = client
            .build()
            .map_err(|e| WebhookConfigError::Client(e.to_string()))?;
        Ok(WebhookChannel {
            client,
            policy,
            timeout: self.timeout,
            outbox: self.outbox,
        })
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
        let id = format!("msg_{}", delivery.key.id());
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

#[async_trait]
impl Channel for WebhookChannel {
    fn kind(&self) -> ChannelKind {
        ChannelKind::Webhook
    }

    /// Each endpoint is its own server: one that fails never pauses the
    /// others.
    fn failure_domain(&self) -> FailureDomain {
        FailureDomain::Address
    }

    fn outbox(&self) -> bool {
        self.outbox.is_some()
    }

    async fn deliver(&self, delivery: &Delivery) -> Result<Receipt, DeliveryError> {
        let request = WebhookChannel::request(delivery, jiff::Timestamp::now().as_second())?;
        let url = Url::parse(&request.url).map_err(|e| {
            DeliveryError::permanent(format!(
                "webhook URL `{}` is not valid: {e}",
                crate::redact::url(&request.url)
            ))
        })?;
        // The outbox holds only what could be sent: the guard comes first.
        // (A host name is checked when it is resolved, on a real send.)
        self.policy
            .check_url(&url)
            .map_err(DeliveryError::permanent)?;
        if let Some(dir) = &self.outbox {
            let name = outbox::file_name(&delivery.key, "http");
            let path = outbox::write(dir, &name, &request.to_http(&url)).await?;
            return Ok(Receipt {
                channel: ChannelKind::Webhook,
                detail: format!("written to {}", path.display()),
            });
        }
        let sent = self
            .client
            .post(url)
            .header(CONTENT_TYPE, "application/json")
            .header("webhook-id", &request.id)
            .header("webhook-timestamp", request.timestamp.to_string())
            .header("webhook-signature", &request.signature)
            .body(request.body)
            .send()
            .await;
        let mut response = sent.map_err(|e| self.request_error(&request.url, e))?;
        let status = response.status();
        let retry_after = retry_after(response.headers());
        let location = response
            .headers()
            .get(reqwest::header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        // Read a little of the answer so the connection can be reused; a
        // larger answer is cut off (and the connection closed) unread.
        let mut read = 0;
        while read < ANSWER_LIMIT {
            match response.chunk().await {
                Ok(Some(chunk)) => read += chunk.len(),
                _ => break,
            }
        }
        drop(response);
        classify(&request.url, status, retry_after, location)
    }
}

impl WebhookChannel {
    fn request_error(&self, url: &str, err: reqwest::Error) -> DeliveryError {
        let url = &crate::redact::url(url);
        if let Some(refused) = find_source::<Refused>(&err) {
            return if refused.permanent {
                DeliveryError::permanent(refused.reason.clone())
            } else {
                DeliveryError::transient(refused.reason.clone())
            };
        }
        if err.is_timeout() {
            return DeliveryError::transient(format!(
                "webhook {url} did not answer within {} s",
                self.timeout.as_secs_f32()
            ));
        }
        if err.is_connect() {
            return DeliveryError::transient(format!(
                "cannot connect to webhook {url}: {}",
                root_cause(&err)
            ));
        }
        // reqwest names the URL in its errors: only the root cause is told.
        DeliveryError::transient(format!("webhook {url} failed: {}", root_cause(&err)))
    }
}

/// What an answer means for the delivery.
fn classify(
    url: &str,
    status: StatusCode,
    retry_after: Option<Duration>,
    location: Option<String>,
) -> Result<Receipt, DeliveryError> {
    let url = &crate::redact::url(url);
    let code = status.as_u16();
    if status.is_success() {
        return Ok(Receipt {
            channel: ChannelKind::Webhook,
            detail: format!("HTTP {status}"),
        });
    }
    let transient = matches!(code, 408 | 425 | 429) || status.is_server_error();
    let reason = match code {
        300..=399 => format!(
            "webhook {url} answered {status} redirecting to {}; redirects are not followed",
            location
                .as_deref()
                .map_or("nowhere".to_owned(), crate::redact::url)
        ),
        410 => format!("webhook {url} answered 410 Gone: the endpoint was removed"),
        _ => format!("webhook {url} answered {status}"),
    };
    let answer = crate::delivery::Answer::Http(code);
    Err(if transient {
        let err = DeliveryError::transient(reason).with_answer(answer);
        match retry_after {
            Some(delay) => err.with_retry_after(delay),
            None => err,
        }
    } else {
        DeliveryError::permanent(reason).with_answer(answer)
    })
}

/// `Retry-After` in seconds or as an HTTP date (RFC 9110).
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = jiff::fmt::rfc2822::DateTimeParser::new()
        .parse_timestamp(value)
        .ok()?;
    let wait = at.as_second() - jiff::Timestamp::now().as_second();
    Some(Duration::from_secs(wait.max(0) as u64))
}

fn find_source<'e, T: std::error::Error + 'static>(
    err: &'e (dyn std::error::Error + 'static),
) -> Option<&'e T> {
    let mut current = Some(err);
    while let Some(e) = current {
        if let Some(found) = e.downcast_ref::<T>() {
            return Some(found);
        }
        current = e.source();
    }
    None
}

fn root_cause(err: &(dyn std::error::Error + 'static)) -> String {
    let mut current = err;
    while let Some(next) = current.source() {
        current = next;
    }
    current.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn answers_are_classified() {
        let ok = classify("u", StatusCode::NO_CONTENT, None, None).unwrap();
        assert_eq!(ok.detail, "HTTP 204 No Content");
        for code in [408, 425, 429, 500, 502, 503, 504] {
            let err = classify("u", StatusCode::from_u16(code).unwrap(), None, None).unwrap_err();
            assert!(err.is_transient(), "{code}");
        }
        for code in [400, 401, 403, 404, 410, 413, 301, 302] {
            let err = classify("u", StatusCode::from_u16(code).unwrap(), None, None).unwrap_err();
            assert!(err.is_permanent(), "{code}");
        }
        let gone = classify("https://x.test/h?t=1", StatusCode::GONE, None, None).unwrap_err();
        assert_eq!(
            gone.reason(),
            "webhook https://x.test/… answered 410 Gone: the endpoint was removed"
        );
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, HeaderValue::from_static("120"));
        assert_eq!(retry_after(&h), Some(Duration::from_secs(120)));
        let later = jiff::Timestamp::now() + jiff::SignedDuration::from_secs(300);
        let date = jiff::fmt::rfc2822::DateTimePrinter::new()
            .timestamp_to_rfc9110_string(&later)
            .unwrap();
        h.insert(RETRY_AFTER, HeaderValue::from_str(&date).unwrap());
        let wait = retry_after(&h).unwrap().as_secs();
        assert!((298..=300).contains(&wait), "{date}: {wait}");
        h.insert(
            RETRY_AFTER,
            HeaderValue::from_static("Sun, 06 Nov 1994 08:49:37 GMT"),
        );
        assert_eq!(
            retry_after(&h),
            Some(Duration::ZERO),
            "a date in the past: now"
        );
        h.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&h), None);
    }
}
