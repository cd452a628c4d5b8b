//! The settings of a [`WebhookChannel`], checked when it is built.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use super::WebhookChannel;
use super::ssrf::{Allowed, GuardedResolver, Policy};

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
