//! Chat: a team's channel on Slack, Microsoft Teams, Discord or Google
//! Chat, reached through the incoming webhook the team made there.
//!
//! One message per delivery, in the service's own rich format, from the
//! same rendering as the email (title, what it means, status and times in
//! the reader's zone and language, a button to the status page), shortened
//! to the service's documented limits at a word boundary, never refused
//! for length. Each service's answers are read as its documentation says:
//! success, a destination that was removed (final, and suppressed), a rate
//! limit with its own header or JSON. The URL is the credential: it goes
//! through the SSRF guard, must belong to its service (unless
//! [`any_host`](ChatChannelBuilder::any_host) is set), and is shown only
//! redacted.
//!
//! `mod.rs` is the channel and one POST; `builder.rs` its settings;
//! `message.rs` the parts every service lays out; `slack.rs`, `teams.rs`,
//! `discord.rs`, `google_chat.rs` each service's body and answers;
//! `answer.rs` what an answer means; `pace.rs` the pace per destination.

mod answer;
mod builder;
mod discord;
mod google_chat;
mod message;
mod pace;
mod slack;
mod teams;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use http::header::{CONTENT_TYPE, HeaderMap, HeaderValue};
use url::Url;

pub use builder::ChatChannelBuilder;

use crate::channel::http::{HttpClient, request_error, retry_after};
use crate::channel::ssrf::Policy;
use crate::channel::{Channel, ChannelKind, FailureDomain, outbox};
use crate::delivery::{Delivery, DeliveryError, Receipt};
use crate::recipient::{Address, ChatService};
use answer::Answer;
use message::Message;
use pace::{Pace, Slot};

/// Posts notices to chat services (or, in outbox mode, writes the requests
/// to files).
pub struct ChatChannel {
    client: HttpClient,
    policy: Arc<Policy>,
    timeout: Duration,
    any_host: bool,
    outbox: Option<PathBuf>,
    pace: Pace,
}

impl std::fmt::Debug for ChatChannel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChatChannel")
            .field("timeout", &self.timeout)
            .field("allow_private", &self.policy.allow_private)
            .field("any_host", &self.any_host)
            .finish_non_exhaustive()
    }
}

/// The JSON body `service` is sent for `delivery`: for previews, outboxes
/// and tests.
pub fn body(service: ChatService, delivery: &Delivery) -> serde_json::Value {
    let m = Message::of(delivery);
    match service {
        ChatService::Slack => slack::body(&m),
        ChatService::Teams => teams::body(&m),
        ChatService::Discord => discord::body(&m),
        ChatService::GoogleChat => google_chat::body(&m),
    }
}

/// Whether `host` is where `service` gives out incoming webhooks.
fn service_host(service: ChatService, url: &Url) -> bool {
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    let host = host.trim_end_matches('.');
    let path = url.path();
    match service {
        ChatService::Slack => matches!(host, "hooks.slack.com" | "hooks.slack-gov.com"),
        ChatService::Teams => [
            ".logic.azure.com",
            ".powerplatform.com",
            ".webhook.office.com",
        ]
        .iter()
        .any(|suffix| host.ends_with(suffix)),
        ChatService::Discord => {
            matches!(
                host,
                "discord.com" | "discordapp.com" | "ptb.discord.com" | "canary.discord.com"
            ) && path.starts_with("/api/webhooks/")
        }
        ChatService::GoogleChat => host == "chat.googleapis.com" && path.starts_with("/v1/spaces/"),
    }
}

/// Where each service's webhooks live, for the refusal's words.
fn expected_host(service: ChatService) -> &'static str {
    match service {
        ChatService::Slack => "https://hooks.slack.com/…",
        ChatService::Teams => "a Workflows URL on logic.azure.com or powerplatform.com",
        ChatService::Discord => "https://discord.com/api/webhooks/…",
        ChatService::GoogleChat => "https://chat.googleapis.com/v1/spaces/…",
    }
}

fn name(service: ChatService) -> &'static str {
    match service {
        ChatService::Slack => "Slack",
        ChatService::Teams => "Teams",
        ChatService::Discord => "Discord",
        ChatService::GoogleChat => "Google Chat",
    }
}

impl ChatChannel {
    /// A builder with the defaults: SSRF guard on, each service's own
    /// hosts only, 5 s to connect, 15 s per attempt.
    pub fn builder() -> ChatChannelBuilder {
        ChatChannelBuilder::default()
    }

    /// The URL, if it may be posted to: a URL, of its service (unless any
    /// host is allowed), past the SSRF guard's first look.
    fn check(&self, service: ChatService, url: &str) -> Result<Url, DeliveryError> {
        let shown = crate::redact::url(url);
        let parsed = Url::parse(url.trim()).map_err(|e| {
            DeliveryError::permanent(format!(
                "the {} webhook URL `{shown}` is not valid: {e}",
                name(service)
            ))
        })?;
        if !self.any_host && !service_host(service, &parsed) {
            return Err(DeliveryError::permanent(format!(
                "{shown} is not a {} incoming webhook ({}): refused",
                name(service),
                expected_host(service)
            )));
        }
        self.policy
            .check_url(&parsed)
            .map_err(DeliveryError::permanent)?;
        Ok(parsed)
    }
}

#[async_trait]
impl Channel for ChatChannel {
    fn kind(&self) -> ChannelKind {
        ChannelKind::Chat
    }

    /// Each destination is its own: one that fails never pauses the others.
    fn failure_domain(&self) -> FailureDomain {
        FailureDomain::Address
    }

    fn outbox(&self) -> bool {
        self.outbox.is_some()
    }

    async fn deliver(&self, delivery: &Delivery) -> Result<Receipt, DeliveryError> {
        let Address::Chat { service, url } = &delivery.address else {
            return Err(DeliveryError::permanent("not a chat address"));
        };
        let service = *service;
        let parsed = self.check(service, url)?;
        let body = serde_json::to_vec(&body(service, delivery))
            .map_err(|e| DeliveryError::permanent(format!("cannot write the message: {e}")))?;
        if let Some(dir) = &self.outbox {
            let name = outbox::file_name(&delivery.key, "http");
            let path = outbox::write(dir, &name, &to_http(&parsed, &body)).await?;
            return Ok(Receipt::new(
                ChannelKind::Chat,
                format!("written to {}", path.display()),
            ));
        }
        let identity = &delivery.key.address;
        match self.pace.take(service, identity, Instant::now()) {
            Slot::After(wait) if wait.is_zero() => {}
            Slot::After(wait) => tokio::time::sleep(wait).await,
            Slot::Deferred(wait) => {
                return Err(DeliveryError::transient(format!(
                    "{} takes about one message a second per destination; this one's turn comes in {} s",
                    name(service),
                    wait.as_secs_f32().ceil()
                ))
                .with_retry_after(wait)
                .about_address());
            }
        }
        let mut headers = HeaderMap::with_capacity(4);
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        let answer = self
            .client
            .post(&parsed, headers, body)
            .await
            .map_err(|e| {
                request_error(&format!("{} webhook", name(service)), url, self.timeout, e)
            })?;
        let status = answer.status;
        let header_wait = retry_after(&answer.headers);
        let said_bytes = answer.body;
        let (wait, global) = match service {
            ChatService::Discord => discord::rate_limit(&said_bytes, header_wait),
            _ => (header_wait, false),
        };
        let code = status.as_u16();
        if code == 429 {
            let hold = wait.unwrap_or_else(|| pace::interval(service));
            self.pace
                .hold(service, identity, hold, global, Instant::now());
        }
        let said = answer::said(&said_bytes);
        let answer = match service {
            ChatService::Slack => slack::answer(code, &said, wait),
            ChatService::Teams => teams::answer(code, &said, wait),
            ChatService::Discord => discord::answer(code, &said, wait),
            ChatService::GoogleChat => google_chat::answer(code, &said, wait),
        };
        match answer {
            Answer::Delivered => Ok(Receipt::new(
                ChannelKind::Chat,
                format!("{}: HTTP {status}", name(service)),
            )),
            Answer::Failed(err) => Err(err),
        }
    }
}

/// The request as HTTP/1.1 text: what an outbox file holds.
fn to_http(url: &Url, body: &[u8]) -> Vec<u8> {
    let target = &url[url::Position::BeforePath..];
    let host = &url[url::Position::BeforeHost..url::Position::AfterPort];
    let mut out = format!(
        "POST {target} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A notice far past every limit: a long title and lead, and 100 KB of
    /// details in 200 paragraphs, in a script of three bytes a letter.
    fn huge<'a>(times: &'a [String], details: &'a [String], long: &'a str) -> Message<'a> {
        Message {
            title: long,
            status: long.to_owned(),
            lead: long,
            advice: "Nothing to do.",
            times,
            next_update: Some("Next update within 30 minutes."),
            details_heading: Some("What we know"),
            details,
            link: Some(("https://status.example.com/i/1", long)),
            summary: long,
            locale: "ja-JP",
            rtl: false,
            color: "#cf222e",
            published: "2022-03-14T07:52:00Z".into(),
        }
    }

    #[test]
    fn every_service_shortens_what_passes_its_limits_and_keeps_the_link() {
        let long = "障害が発生しております。".repeat(600);
        let times = vec!["Started: Monday".to_owned(); 3];
        let details = vec!["調査中です。<b>&</b> ".repeat(40); 200];
        let m = huge(&times, &details, &long);

        let teams = teams::body(&m).to_string();
        assert!(teams.len() <= 28 * 1024, "{}", teams.len());
        assert!(teams.contains("https://status.example.com/i/1"));

        let google = google_chat::body(&m);
        assert!(
            google.to_string().len() <= 32_000,
            "{}",
            google.to_string().len()
        );
        assert!(
            google
                .to_string()
                .contains("https://status.example.com/i/1")
        );

        let slack = slack::body(&m);
        let blocks = slack["blocks"].as_array().unwrap();
        assert!(blocks.len() <= 50);
        assert_eq!(blocks.last().unwrap()["type"], "actions");
        for b in blocks {
            if let Some(text) = b["text"]["text"].as_str() {
                let max = if b["type"] == "header" { 150 } else { 3000 };
                assert!(text.chars().count() <= max, "{}", text.chars().count());
            }
        }

        let discord = discord::body(&m);
        let e = &discord["embeds"][0];
        let count = |v: &serde_json::Value| v.as_str().unwrap().chars().count();
        let (t, d, f) = (
            count(&e["title"]),
            count(&e["description"]),
            count(&e["footer"]["text"]),
        );
        assert!(
            t <= 256 && d <= 4096 && f <= 2048 && t + d + f <= 6000,
            "{t} {d} {f}"
        );
        assert!(
            e["description"]
                .as_str()
                .unwrap()
                .ends_with("(<https://status.example.com/i/1>)")
        );
    }
}
