//! The settings of a [`WebhookChannel`], checked when it is built.

use std::path::PathBuf;
use std::time::Duration;

use super::WebhookChannel;
use crate::channel::http::HttpSettings;

/// Why a [`WebhookChannel`] could not be built: the errors of every
/// channel's HTTP client.
pub type WebhookConfigError = crate::channel::http::HttpConfigError;

/// Configures a [`WebhookChannel`].
#[derive(Clone, Debug, Default)]
#[must_use]
pub struct WebhookChannelBuilder {
    http: HttpSettings,
    outbox: Option<PathBuf>,
}

impl WebhookChannelBuilder {
    /// How long to wait for a connection (5 s unless changed).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.http.connect_timeout = timeout;
        self
    }

    /// How long one attempt may take in all (15 s unless changed).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.http.timeout = timeout;
        self
    }

    /// Lets requests reach loopback, private and other non-public addresses.
    /// For tests and endpoints inside your own network only.
    pub fn allow_private(mut self, allow: bool) -> Self {
        self.http.allow_private = allow;
        self
    }

    /// Lets webhooks go to plain `http://` endpoints (refused unless set): the
    /// payload travels readable, and a request seen on the way can be
    /// replayed within the timestamp tolerance. For loopback tests and
    /// endpoints inside your own network.
    pub fn allow_http(mut self, allow: bool) -> Self {
        self.http.allow_http = allow;
        self
    }

    /// Allows exactly one more destination: an IP address (`10.0.0.7`), a
    /// network (`10.0.0.0/24`) or a host name (`hooks.internal`).
    pub fn allow(mut self, entry: impl Into<String>) -> Self {
        self.http.allow.push(entry.into());
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
        self.http.proxy = Some(url.into());
        self
    }

    /// States that the proxy refuses private, loopback and metadata
    /// destinations itself (an egress proxy): the only way to use one.
    pub fn proxy_enforces_egress(mut self, enforces: bool) -> Self {
        self.http.proxy_enforces_egress = enforces;
        self
    }

    /// Trusts this certificate authority (PEM) besides Mozilla's roots: for
    /// endpoints inside your own network, behind your own CA.
    pub fn add_root_certificate(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.http.root_certificates.push(pem.into());
        self
    }

    /// The `User-Agent` header.
    pub fn user_agent(mut self, agent: impl Into<String>) -> Self {
        self.http.user_agent = agent.into();
        self
    }

    /// Idle keep-alive connections kept per host (32 unless changed): a
    /// busy endpoint is not reconnected to for every delivery. At most 4,096
    /// are kept across all hosts, and none longer than 90 s idle.
    pub fn max_idle_per_host(mut self, connections: usize) -> Self {
        self.http.max_idle_per_host = connections;
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
        let (client, policy) = self.http.client()?;
        Ok(WebhookChannel {
            client,
            policy,
            timeout: self.http.timeout,
            outbox: self.outbox,
        })
    }
}
