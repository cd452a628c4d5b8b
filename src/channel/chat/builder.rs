//! The settings of a [`ChatChannel`], checked when it is built.

use std::path::PathBuf;
use std::time::Duration;

use super::ChatChannel;
use super::pace::Pace;
use crate::channel::http::{HttpConfigError, HttpSettings};

/// Configures a [`ChatChannel`]: the same guard and client settings as
/// [webhooks](crate::channel::webhook::WebhookChannelBuilder).
#[derive(Clone, Debug, Default)]
#[must_use]
pub struct ChatChannelBuilder {
    http: HttpSettings,
    any_host: bool,
    outbox: Option<PathBuf>,
}

impl ChatChannelBuilder {
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

    /// Lets requests reach loopback, private and other non-public
    /// addresses: for tests and servers inside your own network only.
    pub fn allow_private(mut self, allow: bool) -> Self {
        self.http.allow_private = allow;
        self
    }

    /// Lets messages go to plain `http://` URLs (refused unless set).
    pub fn allow_http(mut self, allow: bool) -> Self {
        self.http.allow_http = allow;
        self
    }

    /// Allows exactly one more destination: an IP address, a network
    /// (`10.0.0.0/24`) or a host name.
    pub fn allow(mut self, entry: impl Into<String>) -> Self {
        self.http.allow.push(entry.into());
        self
    }

    /// Takes URLs on any host, not only each service's own
    /// (`hooks.slack.com`, `discord.com`, …): for servers that speak a
    /// service's format (Mattermost and Rocket.Chat take Slack's) and for
    /// tests. The SSRF guard still checks every address connected to.
    pub fn any_host(mut self, any: bool) -> Self {
        self.any_host = any;
        self
    }

    /// Sends through an egress proxy that refuses private and internal
    /// destinations itself (see the webhook builder's `proxy`).
    pub fn proxy(mut self, url: impl Into<String>, enforces_egress: bool) -> Self {
        self.http.proxy = Some(url.into());
        self.http.proxy_enforces_egress = enforces_egress;
        self
    }

    /// Trusts this certificate authority (PEM) besides Mozilla's roots: for
    /// a server behind your own CA.
    pub fn add_root_certificate(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.http.root_certificates.push(pem.into());
        self
    }

    /// The `User-Agent` header.
    pub fn user_agent(mut self, agent: impl Into<String>) -> Self {
        self.http.user_agent = agent.into();
        self
    }

    /// Writes each request (request line, headers, body) as a file in
    /// `dir` instead of sending it: for dry runs and reviews.
    pub fn outbox(mut self, dir: impl Into<PathBuf>) -> Self {
        self.outbox = Some(dir.into());
        self
    }

    /// Builds the channel.
    pub fn build(self) -> Result<ChatChannel, HttpConfigError> {
        let (client, policy) = self.http.client()?;
        Ok(ChatChannel {
            client,
            policy,
            timeout: self.http.timeout,
            any_host: self.any_host,
            outbox: self.outbox,
            pace: Pace::default(),
        })
    }
}
