//! Where a recipient is reached: an [`Address`], the [`ChannelKind`] that
//! serves it, and the identity it has in a delivery key. They are data, not
//! transport: the ledger keys deliveries by them, and channels are chosen by
//! them.

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Secret;

/// Where one channel reaches a recipient. Its `Debug` shows a webhook URL
/// as its [identity](Address::identity): the URL is often the credential.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "channel", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Address {
    /// An email mailbox, such as `Ada <ada@example.com>` or `ada@example.com`.
    Email {
        /// The mailbox as given; it is checked when the email is built.
        mailbox: String,
    },
    /// An HTTP endpoint that receives signed webhook requests.
    Webhook {
        /// The endpoint URL.
        url: String,
        /// The signing secret (`whsec_` and base64).
        secret: Secret,
    },
    /// A team's channel on a chat service, reached through the incoming
    /// webhook the team made there: one message per notice, in the
    /// service's own rich format.
    Chat {
        /// Which service the URL belongs to.
        service: ChatService,
        /// The webhook URL the service gave the team. It is the credential:
        /// shown only as its [identity](Address::identity), sealed at rest.
        url: String,
    },
    /// An account in your application's in-app inbox.
    InApp {
        /// The account id.
        account: String,
    },
    /// An address on a channel of your own (`kind` as its
    /// [`ChannelKind::custom`](crate::ChannelKind::custom) name, such as
    /// `sms`), served by the channel you added for that kind.
    Custom {
        /// The channel's name.
        kind: String,
        /// Where it reaches the recipient (a phone number, a chat id).
        to: String,
    },
}

/// The kind of a channel, and of the addresses it serves.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum ChannelKind {
    /// Email to a mailbox.
    Email,
    /// An HTTP POST to a webhook endpoint.
    Webhook,
    /// A message to a team's chat channel (Slack, Teams, Discord, Google
    /// Chat).
    Chat,
    /// An entry in the in-app inbox.
    InApp,
    /// A channel of your own, by name.
    Custom(Cow<'static, str>),
}

impl ChannelKind {
    /// A channel of your own.
    pub fn custom(name: impl Into<Cow<'static, str>>) -> Self {
        let name = name.into();
        match name.as_ref() {
            "email" => ChannelKind::Email,
            "webhook" => ChannelKind::Webhook,
            "in-app" => ChannelKind::InApp,
            "chat" => ChannelKind::Chat,
            _ => ChannelKind::Custom(name),
        }
    }

    /// Its name: `email`, `webhook`, `chat`, `in-app` or the custom name.
    pub fn as_str(&self) -> &str {
        match self {
            ChannelKind::Email => "email",
            ChannelKind::Webhook => "webhook",
            ChannelKind::Chat => "chat",
            ChannelKind::InApp => "in-app",
            ChannelKind::Custom(name) => name,
        }
    }
}

impl fmt::Display for ChannelKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ChannelKind {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ChannelKind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(ChannelKind::custom)
    }
}

/// A chat service tidings writes messages for, each in its own format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ChatService {
    /// Slack incoming webhooks: Block Kit.
    Slack,
    /// Microsoft Teams, through a Workflows webhook: an Adaptive Card.
    Teams,
    /// Discord webhooks: an embed.
    Discord,
    /// Google Chat incoming webhooks: a card.
    GoogleChat,
}

impl ChatService {
    /// Every service, in the order documentation lists them.
    pub const ALL: [ChatService; 4] = [
        ChatService::Slack,
        ChatService::Teams,
        ChatService::Discord,
        ChatService::GoogleChat,
    ];

    /// Its name in recipients files and JSON: `slack`, `teams`, `discord`,
    /// `google-chat`.
    pub fn as_str(self) -> &'static str {
        match self {
            ChatService::Slack => "slack",
            ChatService::Teams => "teams",
            ChatService::Discord => "discord",
            ChatService::GoogleChat => "google-chat",
        }
    }
}

impl fmt::Display for ChatService {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for ChatService {
    type Err = UnknownChatService;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        ChatService::ALL
            .into_iter()
            .find(|s| s.as_str().eq_ignore_ascii_case(name.trim()))
            .ok_or_else(|| UnknownChatService(name.trim().to_owned()))
    }
}

/// A chat service name tidings does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a chat service tidings knows: slack, teams, discord or google-chat")]
pub struct UnknownChatService(pub String);

impl Address {
    /// A chat destination as a recipients file writes it:
    /// `slack:https://hooks.slack.com/services/…`. The URL is checked when
    /// a message is sent.
    pub fn chat(spec: &str) -> Result<Address, UnknownChatService> {
        let (service, url) = spec.trim().split_once(':').unwrap_or((spec, ""));
        Ok(Address::Chat {
            service: service.parse()?,
            url: url.trim().to_owned(),
        })
    }
}

impl fmt::Debug for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Address::Email { mailbox } => {
                f.debug_struct("Email").field("mailbox", mailbox).finish()
            }
            Address::Webhook { url, secret } => f
                .debug_struct("Webhook")
                .field("url", &webhook_identity(url))
                .field("secret", secret)
                .finish(),
            Address::Chat { service, url } => f
                .debug_struct("Chat")
                .field("service", service)
                .field("url", &webhook_identity(url))
                .finish(),
            Address::InApp { account } => {
                f.debug_struct("InApp").field("account", account).finish()
            }
            Address::Custom { kind, to } => f
                .debug_struct("Custom")
                .field("kind", kind)
                .field("to", to)
                .finish(),
        }
    }
}

/// A webhook URL as deliveries are keyed, recorded and shown: its scheme,
/// host and port, then a digest of the whole URL. Different URLs stay
/// different, and the path and query (often a token: a Slack-style URL is
/// the credential) are in no key, ledger row, event or log line.
pub(crate) fn webhook_identity(url: &str) -> String {
    use sha2::{Digest, Sha256};
    let url = url.trim();
    let digest = Sha256::digest(url.as_bytes());
    let mut identity = crate::redact::url_with_room(url, 33);
    identity.push('#');
    crate::redact::push_hex(&mut identity, &digest[..16]);
    identity
}

impl Address {
    /// The channel kind that serves this address.
    pub fn channel(&self) -> ChannelKind {
        match self {
            Address::Email { .. } => ChannelKind::Email,
            Address::Webhook { .. } => ChannelKind::Webhook,
            Address::Chat { .. } => ChannelKind::Chat,
            Address::InApp { .. } => ChannelKind::InApp,
            Address::Custom { kind, .. } => ChannelKind::custom(kind.clone()),
        }
    }

    /// What identifies the address in a delivery key: the email address
    /// without its display name (lowercased); a webhook URL's scheme, host
    /// and port with a digest of the whole URL (the URL itself is often the
    /// credential, and stays out of keys, ledgers and logs), and a chat
    /// webhook's likewise; the account.
    pub fn identity(&self) -> String {
        match self {
            Address::Email { mailbox } => {
                let addr = match (mailbox.rfind('<'), mailbox.rfind('>')) {
                    (Some(open), Some(close)) if open < close => &mailbox[open + 1..close],
                    _ => mailbox.as_str(),
                };
                addr.trim().to_lowercase()
            }
            Address::Webhook { url, .. } | Address::Chat { url, .. } => webhook_identity(url),
            Address::InApp { account } => account.clone(),
            Address::Custom { to, .. } => to.trim().to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn webhook_identities_stay_what_they_were() {
        // Delivery keys made before are found again only if the identity
        // of the same URL never changes.
        for (url, identity) in [
            (
                "https://hooks.example.com/t/SECRET?k=1",
                "https://hooks.example.com/…#044124e65016f089dd39895dbdd5b246",
            ),
            (
                "http://127.0.0.1:8089/hook?c=7",
                "http://127.0.0.1:8089/…#4b725db68f00da0367ce81f59d937737",
            ),
            (
                "https://Hooks.Example.com:443",
                "https://hooks.example.com#b1e8aee4a0ac5bb5f43ec47dcf86b401",
            ),
            (
                " https://b\u{fc}cher.example/x ",
                "https://xn--bcher-kva.example/…#067b64835450c92e4cf0b77049126d66",
            ),
        ] {
            assert_eq!(webhook_identity(url), identity, "{url}");
        }
    }

    #[test]
    fn secrets_stay_out_of_debug_output() {
        let address = Address::Webhook {
            url: "https://example.com/hook".into(),
            secret: Secret::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
        };
        let shown = format!("{address:?}");
        assert!(!shown.contains("MfKQ9r8"), "{shown}");
        assert!(shown.contains("[redacted]"));
    }
}
