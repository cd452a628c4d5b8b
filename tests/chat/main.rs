//! Chat destinations against a receiver that answers as each platform
//! documents (success, a destination removed, a rate limit in its own
//! header or JSON), with every request body checked against the
//! platform's documented structure and limits, and Teams' Adaptive Cards
//! against Microsoft's published JSON schema.

#[path = "../support/mod.rs"]
mod support;

use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::Value;
use support::python::python;
use support::{creator_outage, shipped};
use tidings::channel::chat::ChatChannel;
use tidings::ledger::LedgerReader;
use tidings::store::memory::MemoryLedger;
use tidings::suppression::Reason;
use tidings::{
    Address, Channel, ChatService, Delivery, Details, LanguagePreferences, Notice, Recipient,
};

/// One request as it arrived.
struct Request {
    path: String,
    body: Vec<u8>,
    at: Instant,
}

/// Answers as the platforms do, by path: `/<service>/ok`, `/gone`,
/// `/limited`, `/bad`; Discord's `/global` too.
struct Platform {
    port: u16,
    received: Arc<Mutex<Vec<Request>>>,
}

impl Platform {
    fn start() -> Platform {
        let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
        let port = server.server_addr().to_ip().unwrap().port();
        let received = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&received);
        thread::spawn(move || {
            for mut request in server.incoming_requests() {
                let mut body = Vec::new();
                request.as_reader().read_to_end(&mut body).unwrap();
                let path = request.url().to_owned();
                log.lock().unwrap().push(Request {
                    path: path.clone(),
                    body,
                    at: Instant::now(),
                });
                let header = |k: &str, v: &str| tiny_http::Header::from_bytes(k, v).unwrap();
                let json = || header("Content-Type", "application/json");
                let text = |code: u16, body: &str| {
                    tiny_http::Response::from_string(body).with_status_code(code)
                };
                let answer = match path.as_str() {
                    // Slack: 200 "ok"; errors are a word in the body.
                    "/slack/ok" => text(200, "ok"),
                    "/slack/gone" => text(404, "no_service"),
                    "/slack/archived" => text(410, "channel_is_archived"),
                    "/slack/limited" => text(429, "rate_limited").with_header(header("Retry-After", "7")),
                    "/slack/bad" => text(400, "invalid_blocks"),
                    // Teams Workflows: 202 Accepted.
                    "/teams/ok" => text(202, ""),
                    "/teams/gone" => text(404, r#"{"error":{"code":"WorkflowNotFound"}}"#),
                    "/teams/limited" => text(429, "").with_header(header("Retry-After", "9")),
                    // Discord: 204; 429 with retry_after in its JSON.
                    "/discord/ok" => text(204, ""),
                    "/discord/gone" => text(404, r#"{"message": "Unknown Webhook", "code": 10015}"#).with_header(json()),
                    "/discord/limited" => text(429, r#"{"message": "You are being rate limited.", "retry_after": 4.5, "global": false}"#)
                        .with_header(json())
                        .with_header(header("Retry-After", "5")),
                    "/discord/global" => text(429, r#"{"message": "You are being rate limited.", "retry_after": 3, "global": true}"#)
                        .with_header(json())
                        .with_header(header("X-RateLimit-Global", "true")),
                    "/discord/hostile" => text(429, r#"{"retry_after": 1e300, "global": false}"#).with_header(json()),
                    // Google Chat: 200 with the message; 429 RESOURCE_EXHAUSTED.
                    "/google-chat/ok" => text(200, r#"{"name": "spaces/AAA/messages/BBB"}"#).with_header(json()),
                    "/google-chat/gone" => text(404, r#"{"error": {"code": 404, "status": "NOT_FOUND"}}"#).with_header(json()),
                    "/google-chat/limited" => text(429, r#"{"error": {"code": 429, "status": "RESOURCE_EXHAUSTED"}}"#).with_header(json()),
                    _ => text(404, "unknown path"),
                };
                let _ = request.respond(answer);
            }
        });
        Platform { port, received }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn bodies(&self, path: &str) -> Vec<Value> {
        self.received
            .lock()
            .unwrap()
            .iter()
            .filter(|r| r.path == path)
            .map(|r| serde_json::from_slice(&r.body).expect("a JSON body"))
            .collect()
    }
}

/// A channel that may reach the loopback platform and nothing else private.
fn loopback() -> ChatChannel {
    ChatChannel::builder()
        .allow_http(true)
        .allow("127.0.0.1")
        .any_host(true)
        .build()
        .unwrap()
}

fn chat(service: ChatService, url: &str) -> Address {
    Address::chat(&format!("{service}:{url}")).unwrap()
}

/// Details long enough to pass every platform's limits, with characters
/// each format must escape, and an attempt to ping a whole server.
fn long_details() -> Details {
    let paragraph = "Our engineers are moving traffic to another region <b>now</b> & checking *every* cache_node; @everyone should see pages load again soon. ";
    let text = (0..60)
        .map(|i| format!("{i}. {paragraph}"))
        .collect::<Vec<_>>()
        .join("\n\n");
    Details::new([("en-US".parse().unwrap(), text)], "en-US".parse().unwrap()).unwrap()
}

fn delivery(notice: Notice, address: Address, tags: &str) -> Delivery {
    support::delivery_of(notice, address, tags)
}

fn chars(v: &Value) -> usize {
    v.as_str().map_or(0, |s| s.chars().count())
}

/// Block Kit, as Slack's reference documents it.
fn check_slack(body: &Value, d: &Delivery) {
    let blocks = body["blocks"].as_array().expect("blocks");
    assert!(
        !blocks.is_empty() && blocks.len() <= 50,
        "{} blocks",
        blocks.len()
    );
    assert!(chars(&body["text"]) > 0, "a notification text");
    assert_eq!(blocks[0]["type"], "header");
    assert_eq!(blocks[0]["text"]["type"], "plain_text");
    assert!(chars(&blocks[0]["text"]["text"]) <= 150);
    for block in blocks {
        match block["type"].as_str().unwrap() {
            "header" => {}
            "section" => {
                assert_eq!(block["text"]["type"], "mrkdwn");
                let text = block["text"]["text"].as_str().unwrap();
                assert!(text.chars().count() <= 3000, "{}", text.len());
                assert!(
                    !text.contains('<') && !text.contains('>'),
                    "escaped: {text}"
                );
            }
            "context" => {
                let elements = block["elements"].as_array().unwrap();
                assert!(!elements.is_empty() && elements.len() <= 10);
            }
            "actions" => {
                let button = &block["elements"][0];
                assert_eq!(button["type"], "button");
                assert!(chars(&button["text"]["text"]) <= 75);
                assert_eq!(button["url"], d.notice.status_page().unwrap());
            }
            other => panic!("a block Slack would refuse here: {other}"),
        }
    }
    assert_eq!(
        blocks.last().unwrap()["type"],
        "actions",
        "the button is kept"
    );
}

/// An embed, as Discord's reference documents it.
fn check_discord(body: &Value, d: &Delivery) {
    let embeds = body["embeds"].as_array().unwrap();
    assert_eq!(embeds.len(), 1);
    let e = &embeds[0];
    let (title, description, footer) = (
        chars(&e["title"]),
        chars(&e["description"]),
        chars(&e["footer"]["text"]),
    );
    assert!(title > 0 && title <= 256);
    assert!(description > 0 && description <= 4096, "{description}");
    assert!(footer <= 2048);
    assert!(title + description + footer <= 6000);
    assert!(e["color"].as_u64().unwrap() <= 0xFF_FF_FF);
    assert_eq!(e["url"], d.notice.status_page().unwrap());
    let text = e["description"].as_str().unwrap();
    assert!(
        text.ends_with(&format!("(<{}>)", d.notice.status_page().unwrap())),
        "the link survives shortening"
    );
    assert!(!text.contains(" @everyone"), "mentions are escaped");
    assert_eq!(body["allowed_mentions"]["parse"], serde_json::json!([]));
}

/// A card message, as Google Chat's reference documents it.
fn check_google_chat(body: &Value, d: &Delivery) {
    assert!(body.to_string().len() <= 32_000);
    assert!(chars(&body["text"]) <= 4096);
    let card = &body["cardsV2"][0]["card"];
    assert_eq!(card["header"]["title"], d.rendered.title.as_str());
    let widgets = card["sections"][0]["widgets"].as_array().unwrap();
    let button = widgets
        .iter()
        .find_map(|w| w.get("buttonList"))
        .expect("a button");
    assert_eq!(
        button["buttons"][0]["onClick"]["openLink"]["url"],
        d.notice.status_page().unwrap()
    );
    for w in widgets {
        if let Some(p) = w.get("textParagraph") {
            let text = p["text"].as_str().unwrap();
            assert!(!text.contains("<b>now"), "values are escaped: {text}");
        }
    }
}

/// Teams' Adaptive Cards, checked with Microsoft's published schema
/// (adaptivecards.io, as packaged on PyPI) by `jsonschema`.
fn check_teams(bodies: &[Value]) {
    for body in bodies {
        assert_eq!(body["type"], "message");
        let attachment = &body["attachments"][0];
        assert_eq!(
            attachment["contentType"],
            "application/vnd.microsoft.card.adaptive"
        );
        assert!(
            body.to_string().len() <= 28 * 1024,
            "{}",
            body.to_string().len()
        );
    }
    let cards: Vec<&Value> = bodies
        .iter()
        .map(|b| &b["attachments"][0]["content"])
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("cards.json");
    std::fs::write(&file, serde_json::to_vec(&cards).unwrap()).unwrap();
    let script = r#"
import json, sys, pathlib, jsonschema, adaptive_cards
schema_file = pathlib.Path(adaptive_cards.__file__).parent / "schemas" / "schema-1.5.json"
schema = json.loads(schema_file.read_text())
assert schema["id"] == "http://adaptivecards.io/schemas/adaptive-card.json"
validator = jsonschema.validators.validator_for(schema)(schema)
cards = json.load(open(sys.argv[1]))
bad = 0
for i, card in enumerate(cards):
    for e in validator.iter_errors(card):
        bad += 1
        print(i, e.message[:300], file=sys.stderr)
# The check can fail: a card with a misspelt element is refused.
wrong = dict(cards[0], body=[{"type": "TextBlok", "text": "x"}])
assert list(validator.iter_errors(wrong)), "the schema refuses a wrong card"
sys.exit(1 if bad else 0)
"#;
    let out = python()
        .args(["-c", script])
        .arg(&file)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "Adaptive Cards refused by the schema:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test]
async fn each_service_gets_its_own_format_within_its_documented_limits() {
    let platform = Platform::start();
    let channel = loopback();
    let short = creator_outage().remove(0);
    let long = short
        .to_builder()
        .details(Some(long_details()))
        .build()
        .unwrap();
    let mut teams = Vec::new();
    for notice in [short, long] {
        for tags in ["en-US", "ar", "ja-JP", "de-DE"] {
            for service in ChatService::ALL {
                let path = format!("/{service}/ok");
                let d = delivery(notice.clone(), chat(service, &platform.url(&path)), tags);
                let receipt = channel.deliver(&d).await.unwrap();
                assert!(receipt.detail.contains("HTTP 2"), "{}", receipt.detail);
                let body = platform.bodies(&path).pop().unwrap();
                match service {
                    ChatService::Slack => check_slack(&body, &d),
                    ChatService::Discord => check_discord(&body, &d),
                    ChatService::GoogleChat => check_google_chat(&body, &d),
                    _ => {
                        let card = &body["attachments"][0]["content"];
                        assert_eq!(card["rtl"], tags == "ar", "{tags}");
                        assert_eq!(card["lang"], d.rendered.locale.as_str());
                        teams.push(body.clone());
                    }
                }
                // The message says what the email says, in the reader's
                // language and zone.
                let text = body.to_string();
                assert!(
                    text.contains(&serde_json::to_string(&d.rendered.times[0]).unwrap()[1..20]),
                    "{service} {tags}: the start time is in the message"
                );
            }
        }
    }
    check_teams(&teams);
}

#[tokio::test]
async fn the_answers_of_each_service_are_understood() {
    let platform = Platform::start();
    let channel = loopback();
    let notice = creator_outage().remove(0);
    let deliver = |service: ChatService, path: &str| {
        let d = delivery(notice.clone(), chat(service, &platform.url(path)), "en-US");
        let channel = &channel;
        async move { channel.deliver(&d).await }
    };
    // Removed destinations: final, and marked so the dispatcher suppresses
    // them; the reason says so and names the URL only redacted.
    for (service, path, said) in [
        (ChatService::Slack, "/slack/gone", "no_service"),
        (ChatService::Slack, "/slack/archived", "channel_is_archived"),
        (ChatService::Teams, "/teams/gone", "WorkflowNotFound"),
        (ChatService::Discord, "/discord/gone", "Unknown Webhook"),
        (ChatService::GoogleChat, "/google-chat/gone", "NOT_FOUND"),
    ] {
        let err = deliver(service, path).await.unwrap_err();
        assert!(err.is_permanent() && err.is_gone(), "{path}: {err:?}");
        assert!(err.reason().contains(said), "{path}: {}", err.reason());
        assert!(err.reason().contains("removed"), "{}", err.reason());
    }
    // A refusal of the message itself is final but not a removal.
    let bad = deliver(ChatService::Slack, "/slack/bad").await.unwrap_err();
    assert!(bad.is_permanent() && !bad.is_gone(), "{bad:?}");
    assert!(bad.reason().contains("invalid_blocks"));
    // Rate limits: transient, with the wait each service asked for, in its
    // header or (Discord) its JSON.
    for (service, path, wait) in [
        (ChatService::Slack, "/slack/limited", 7.0),
        (ChatService::Teams, "/teams/limited", 9.0),
        (ChatService::Discord, "/discord/limited", 4.5),
    ] {
        let err = deliver(service, path).await.unwrap_err();
        assert!(err.is_transient(), "{path}: {err:?}");
        assert_eq!(
            err.retry_after(),
            Some(Duration::from_secs_f64(wait)),
            "{path}"
        );
    }
    let err = deliver(ChatService::GoogleChat, "/google-chat/limited")
        .await
        .unwrap_err();
    assert!(err.is_transient() && err.reason().contains("RESOURCE_EXHAUSTED"));
    // A hostile wait is clamped, never a panic or a century.
    let err = deliver(ChatService::Discord, "/discord/hostile")
        .await
        .unwrap_err();
    assert!(err.retry_after().unwrap() <= Duration::from_secs(24 * 3600));
    // The limited destinations now wait their turn without asking the
    // platform again; another destination goes at once.
    let asked = platform.received.lock().unwrap().len();
    let again = deliver(ChatService::Slack, "/slack/limited")
        .await
        .unwrap_err();
    assert!(again.reason().contains("turn comes"), "{}", again.reason());
    assert_eq!(platform.received.lock().unwrap().len(), asked);
    deliver(ChatService::Slack, "/slack/ok").await.unwrap();
}

#[tokio::test]
async fn a_global_discord_limit_holds_every_discord_webhook_and_nothing_else() {
    let platform = Platform::start();
    let channel = loopback();
    let notice = creator_outage().remove(0);
    let d = |service: ChatService, path: &str| {
        delivery(notice.clone(), chat(service, &platform.url(path)), "en-US")
    };
    let err = channel
        .deliver(&d(ChatService::Discord, "/discord/global"))
        .await
        .unwrap_err();
    assert_eq!(err.retry_after(), Some(Duration::from_secs(3)));
    // Another Discord webhook waits out the global limit (three seconds
    // is past what a delivery waits in place: it is handed back)...
    let held = channel
        .deliver(&d(ChatService::Discord, "/discord/ok"))
        .await
        .unwrap_err();
    assert!(
        held.is_transient() && held.retry_after().is_some(),
        "{held:?}"
    );
    assert!(platform.bodies("/discord/ok").is_empty());
    // ...while Slack goes on.
    channel
        .deliver(&d(ChatService::Slack, "/slack/ok"))
        .await
        .unwrap();
}

#[tokio::test]
async fn one_destination_is_paced_to_its_service_and_others_are_not_held_up() {
    let platform = Platform::start();
    let channel = Arc::new(loopback());
    let notice = creator_outage().remove(0);
    let shared = platform.url("/slack/ok");
    let start = Instant::now();
    // Two notices to one Slack webhook, one to a Discord webhook, at once.
    let jobs: Vec<_> = [
        (ChatService::Slack, shared.clone()),
        (ChatService::Slack, shared),
        (ChatService::Discord, platform.url("/discord/ok")),
    ]
    .into_iter()
    .enumerate()
    .map(|(i, (service, url))| {
        let mut n = notice.clone();
        if i == 1 {
            n = n.to_builder().revision(2).build().unwrap();
        }
        let d = delivery(n, chat(service, &url), "en-US");
        let channel = Arc::clone(&channel);
        tokio::spawn(async move { channel.deliver(&d).await })
    })
    .collect();
    for job in jobs {
        job.await.unwrap().unwrap();
    }
    let received = platform.received.lock().unwrap();
    let slack: Vec<Instant> = received
        .iter()
        .filter(|r| r.path == "/slack/ok")
        .map(|r| r.at)
        .collect();
    assert_eq!(slack.len(), 2);
    let gap = slack[1].duration_since(slack[0]);
    assert!(gap >= Duration::from_millis(950), "one a second: {gap:?}");
    // The Discord webhook was not kept waiting behind Slack's pace (a
    // bound that holds on a busy machine: it only has to beat a second).
    let discord = received.iter().find(|r| r.path == "/discord/ok").unwrap();
    assert!(discord.at < start + Duration::from_secs(30));
    assert!(discord.at <= slack[1], "Discord went before Slack's second");
}

#[tokio::test]
async fn urls_are_checked_before_anything_is_sent_and_never_shown_whole() {
    let notice = creator_outage().remove(0);
    let strict = ChatChannel::builder().build().unwrap();
    // Each service's own hosts only.
    for (service, url) in [
        (
            ChatService::Slack,
            "https://hooks.slack.com.evil.example/services/T0/B0/SECRETTOKEN",
        ),
        (
            ChatService::Discord,
            "https://evil.example/api/webhooks/1/SECRETTOKEN",
        ),
        (
            ChatService::GoogleChat,
            "https://chat.googleapis.com/v2/other?key=SECRETTOKEN",
        ),
        (
            ChatService::Teams,
            "https://logic.azure.com.evil.example/SECRETTOKEN",
        ),
    ] {
        let err = strict
            .deliver(&delivery(notice.clone(), chat(service, url), "en-US"))
            .await
            .unwrap_err();
        assert!(err.is_permanent(), "{err:?}");
        assert!(err.reason().contains("is not a"), "{}", err.reason());
        assert!(!err.reason().contains("SECRETTOKEN"), "{}", err.reason());
    }
    // Any host, but the SSRF guard still holds: loopback, metadata and
    // private addresses are refused, and plain http unless allowed.
    let any = ChatChannel::builder().any_host(true).build().unwrap();
    for url in [
        "https://127.0.0.1/hooks/SECRETTOKEN",
        "https://169.254.169.254/latest/SECRETTOKEN",
        "https://10.0.0.7/SECRETTOKEN",
        "http://hooks.example.com/SECRETTOKEN",
    ] {
        let err = any
            .deliver(&delivery(
                notice.clone(),
                chat(ChatService::Slack, url),
                "en-US",
            ))
            .await
            .unwrap_err();
        assert!(err.is_permanent(), "{url}: {err:?}");
        assert!(!err.reason().contains("SECRETTOKEN"), "{}", err.reason());
    }
    // Shown anywhere, the address is redacted.
    let address = chat(
        ChatService::Slack,
        "https://hooks.slack.com/services/T0/B0/SECRETTOKEN",
    );
    assert!(!format!("{address:?}").contains("SECRETTOKEN"));
    assert!(!address.identity().contains("SECRETTOKEN"));
}

#[tokio::test]
async fn a_removed_destination_is_suppressed_and_the_next_send_skips_it() {
    let platform = Platform::start();
    let ledger = Arc::new(MemoryLedger::new());
    let d = tidings::Dispatcher::builder(Arc::new(shipped()))
        .ledger(ledger.clone())
        .channel(Arc::new(loopback()))
        .build()
        .unwrap();
    let team = |id: &str, path: &str| Recipient {
        id: id.into(),
        name: id.into(),
        languages: LanguagePreferences::from_tags(["nl-NL"]).unwrap(),
        time_zone: None,
        addresses: vec![chat(ChatService::Slack, &platform.url(path))],
        audience: Default::default(),
    };
    let notices = creator_outage();
    let first = d
        .send_all(
            &notices[0],
            [team("gone", "/slack/archived"), team("live", "/slack/ok")],
        )
        .await
        .unwrap();
    let c = &first.channels["chat"];
    assert_eq!((c.sent, c.failed), (1, 1), "{first:?}");
    let kept = ledger.suppressions(None).await.unwrap();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(
        (
            kept[0].recipient.as_str(),
            kept[0].channel.as_deref(),
            kept[0].reason
        ),
        ("gone", Some("chat"), Reason::Gone)
    );
    assert!(
        !kept[0].evidence.contains("/slack/archived"),
        "the URL stays redacted"
    );
    let asked = platform.bodies("/slack/archived").len();
    let second = d
        .send_all(
            &notices[1],
            [team("gone", "/slack/archived"), team("live", "/slack/ok")],
        )
        .await
        .unwrap();
    let c = &second.channels["chat"];
    assert_eq!((c.suppressed, c.sent, c.failed), (1, 1, 0), "{second:?}");
    assert_eq!(platform.bodies("/slack/archived").len(), asked);
    // The Dutch team read Dutch.
    let body = platform.bodies("/slack/ok").pop().unwrap();
    assert!(body.to_string().contains("Creator"), "{body}");
    let dutch = delivery(notices[1].clone(), chat(ChatService::Slack, "x"), "nl-NL");
    assert_eq!(
        body["blocks"][0]["text"]["text"],
        dutch.rendered.title.as_str()
    );
}
