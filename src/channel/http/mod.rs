//! What the channels that POST to customer-supplied URLs (webhooks, chat)
//! share: one HTTP client behind the SSRF guard, its settings, and how an
//! answer's `Retry-After` and a failed request read.
//!
//! `mod.rs` is the settings and the words for failures; `client.rs` one
//! POST and its answer; `connect.rs` the guarded connections, TLS and the
//! proxy.

mod client;
mod connect;
mod pool;

use std::sync::Arc;
use std::time::Duration;

use http::header::{HeaderMap, HeaderValue, RETRY_AFTER};

pub(crate) use client::{HttpClient, SendError};
pub(crate) use connect::tls_config;

use super::ssrf::{Allowed, Policy, Refused};
use crate::delivery::DeliveryError;

/// At most this much of an answer is read; the rest is not downloaded.
pub(crate) const ANSWER_LIMIT: usize = 16 * 1024;

/// The longest wait an answer may ask for: a `Retry-After` of a year is a
/// broken or hostile endpoint, not a plan.
pub(crate) const MAX_RETRY_AFTER: Duration = Duration::from_secs(24 * 60 * 60);

/// Why a channel's HTTP client could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum HttpConfigError {
    /// An allow-list entry that is not an address, a network or a host name.
    #[error("`{0}` is not an IP address, a network (10.0.0.0/8) or a host name")]
    Allow(String),
    /// The proxy URL cannot be used (shown without its credentials).
    #[error("proxy `{0}` is not a valid proxy URL")]
    Proxy(String),
    /// A proxy spoken to other than in plain HTTP (`https://`, `socks5://`).
    #[error(
        "proxy `{0}`: only http:// proxies are supported (https endpoints are still reached over TLS, through CONNECT)"
    )]
    ProxyScheme(String),
    /// A proxy would reach the endpoints instead of tidings, so the SSRF
    /// guard could not check the addresses connected to.
    #[error(
        "with a proxy the SSRF guard cannot check where requests go; set proxy_enforces_egress(true) only if the proxy itself refuses private and internal addresses"
    )]
    ProxyBypassesGuard,
    /// The HTTP client could not be set up (TLS roots, for one).
    #[error("cannot set up the HTTP client: {0}")]
    Client(String),
}

/// The settings of a guarded HTTP client.
#[derive(Clone)]
pub(crate) struct HttpSettings {
    pub(crate) connect_timeout: Duration,
    pub(crate) timeout: Duration,
    pub(crate) allow_private: bool,
    pub(crate) allow_http: bool,
    pub(crate) allow: Vec<String>,
    pub(crate) proxy: Option<String>,
    pub(crate) proxy_enforces_egress: bool,
    pub(crate) user_agent: String,
    pub(crate) max_idle_per_host: usize,
    /// Trusted besides Mozilla's roots (PEM).
    pub(crate) root_certificates: Vec<Vec<u8>>,
}

impl std::fmt::Debug for HttpSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpSettings")
            .field("timeout", &self.timeout)
            .field("allow_private", &self.allow_private)
            .field("allow_http", &self.allow_http)
            .field("allow", &self.allow)
            .field("proxy", &self.proxy.as_deref().map(crate::redact::url))
            .finish_non_exhaustive()
    }
}

impl Default for HttpSettings {
    fn default() -> Self {
        HttpSettings {
            connect_timeout: Duration::from_secs(5),
            timeout: Duration::from_secs(15),
            allow_private: false,
            allow_http: false,
            allow: Vec::new(),
            proxy: None,
            proxy_enforces_egress: false,
            user_agent: concat!("tidings/", env!("CARGO_PKG_VERSION")).to_owned(),
            max_idle_per_host: 32,
            root_certificates: Vec::new(),
        }
    }
}

impl HttpSettings {
    /// The client, which resolves every host through the guard and never
    /// follows a redirect or takes a proxy from the environment.
    pub(crate) fn client(&self) -> Result<(HttpClient, Arc<Policy>), HttpConfigError> {
        let allowed = self
            .allow
            .iter()
            .map(|e| Allowed::parse(e).ok_or_else(|| HttpConfigError::Allow(e.clone())))
            .collect::<Result<Vec<_>, _>>()?;
        let policy = Arc::new(Policy {
            allow_private: self.allow_private,
            allow_http: self.allow_http,
            allowed,
        });
        let proxy = match &self.proxy {
            None => None,
            Some(_) if !self.proxy_enforces_egress => {
                return Err(HttpConfigError::ProxyBypassesGuard);
            }
            Some(url) => Some(proxy(url)?),
        };
        let user_agent = HeaderValue::try_from(self.user_agent.as_str())
            .map_err(|e| HttpConfigError::Client(format!("user agent: {e}")))?;
        let tls = tls_config(&self.root_certificates).map_err(HttpConfigError::Client)?;
        let proxy_authorization = proxy.as_ref().and_then(|p| p.authorization.clone());
        let connector =
            connect::Connector::new(Arc::clone(&policy), tls, proxy, self.connect_timeout);
        let client = HttpClient::new(
            connector,
            user_agent,
            proxy_authorization,
            self.timeout,
            self.max_idle_per_host,
        );
        Ok((client, policy))
    }
}

/// An `http://` proxy URL, with credentials if it carries them.
fn proxy(url: &str) -> Result<connect::Proxy, HttpConfigError> {
    let invalid = || HttpConfigError::Proxy(crate::redact::url(url));
    let parsed = url::Url::parse(url).map_err(|_| invalid())?;
    if parsed.scheme() != "http" {
        return Err(HttpConfigError::ProxyScheme(crate::redact::url(url)));
    }
    let host = match parsed.host().ok_or_else(invalid)? {
        url::Host::Domain(name) => name.to_owned(),
        url::Host::Ipv4(ip) => ip.to_string(),
        url::Host::Ipv6(ip) => ip.to_string(),
    };
    let authorization = if parsed.username().is_empty() && parsed.password().is_none() {
        None
    } else {
        Some(basic(parsed.username(), parsed.password()).map_err(|_| invalid())?)
    };
    Ok(connect::Proxy {
        host,
        port: parsed.port().unwrap_or(80),
        authorization,
    })
}

/// `Basic` credentials (RFC 7617) from a URL's user and password, which
/// are percent-decoded first; marked sensitive so they are never shown.
pub(crate) fn basic(
    user: &str,
    password: Option<&str>,
) -> Result<HeaderValue, http::header::InvalidHeaderValue> {
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(s)
            .decode_utf8_lossy()
            .into_owned()
    };
    let credentials = format!("{}:{}", decode(user), decode(password.unwrap_or_default()));
    let encoded = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, credentials);
    let mut value = HeaderValue::try_from(format!("Basic {encoded}"))?;
    value.set_sensitive(true);
    Ok(value)
}

/// `Retry-After` in seconds or as an HTTP date (RFC 9110), at most
/// [`MAX_RETRY_AFTER`].
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds).min(MAX_RETRY_AFTER));
    }
    let at = jiff::fmt::rfc2822::DateTimeParser::new()
        .parse_timestamp(value)
        .ok()?;
    let wait = at
        .as_second()
        .saturating_sub(jiff::Timestamp::now().as_second());
    Some(Duration::from_secs(wait.max(0).unsigned_abs()).min(MAX_RETRY_AFTER))
}

/// A request that got no answer, in words that name the endpoint only by
/// its redacted URL.
pub(crate) fn request_error(
    what: &str,
    url: &str,
    timeout: Duration,
    err: SendError,
) -> DeliveryError {
    let url = &crate::redact::url(url);
    let err = match err {
        SendError::TimedOut => {
            return DeliveryError::transient(format!(
                "{what} {url} did not answer within {} s",
                timeout.as_secs_f32()
            ));
        }
        SendError::Url(why) => {
            return DeliveryError::permanent(format!("{what} URL {url} cannot be used: {why}"));
        }
        SendError::Failed(err) => err,
    };
    let (err, connecting): (&(dyn std::error::Error + 'static), bool) = match &err {
        pool::Failure::Connect(e) => (e.as_ref(), true),
        pool::Failure::Http(e) => (e, false),
    };
    if let Some(refused) = find_source::<Refused>(err) {
        return if refused.permanent {
            DeliveryError::permanent(refused.reason.clone())
        } else {
            DeliveryError::transient(refused.reason.clone())
        };
    }
    if connecting {
        return DeliveryError::transient(format!(
            "cannot connect to {what} {url}: {}",
            root_cause(err)
        ));
    }
    DeliveryError::transient(format!("{what} {url} failed: {}", root_cause(err)))
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

    #[test]
    fn retry_after_reads_seconds_and_dates_and_is_clamped() {
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
        h.insert(
            RETRY_AFTER,
            HeaderValue::from_static("18446744073709551615"),
        );
        assert_eq!(retry_after(&h), Some(MAX_RETRY_AFTER));
        h.insert(
            RETRY_AFTER,
            HeaderValue::from_static("Fri, 31 Dec 2100 23:59:59 GMT"),
        );
        assert_eq!(retry_after(&h), Some(MAX_RETRY_AFTER));
        // A date past what a timestamp holds is no date: the retry
        // policy's own wait applies.
        h.insert(
            RETRY_AFTER,
            HeaderValue::from_static("Fri, 31 Dec 9999 23:59:59 GMT"),
        );
        assert_eq!(retry_after(&h), None);
        h.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&h), None);
    }
}
