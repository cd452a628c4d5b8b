//! Slack incoming webhooks: a Block Kit message, and what Slack answers.
//!
//! Limits (Slack's Block Kit reference): 50 blocks a message, 3,000
//! characters in a section's text, 150 in a header, 75 in a button's text,
//! 3,000 in its URL; the `text` shown in notifications is kept to 3,000
//! too (Slack truncates it at 40,000).

use serde_json::{Value, json};

use super::answer::{Answer, gone, permanent, transient};
use super::message::{Message, escape_markup as escape, shorten};

const SECTION: usize = 3000;
const HEADER: usize = 150;
const BUTTON: usize = 75;
const BLOCKS: usize = 50;

fn section(text: &str) -> Value {
    // Shortened before escaping would let an entity grow past the limit.
    let mut escaped = escape(text);
    let mut max = SECTION;
    while escaped.chars().count() > SECTION {
        max = max.saturating_sub(escaped.chars().count() - SECTION);
        escaped = escape(&shorten(text, max));
    }
    json!({"type": "section", "text": {"type": "mrkdwn", "text": escaped}})
}

pub(super) fn body(m: &Message) -> Value {
    let mut blocks = vec![
        json!({"type": "header", "text": {"type": "plain_text", "text": shorten(m.title, HEADER), "emoji": false}}),
        json!({"type": "context", "elements": [{"type": "mrkdwn", "text": escape(&shorten(&m.status, SECTION / 2))}]}),
        section(&format!("{}\n\n{}", m.lead, m.advice)),
        section(&m.times.join("\n")),
    ];
    if let Some(heading) = m.details_heading {
        blocks.push(section(&format!("*{}*", heading.replace('*', ""))));
    }
    for paragraph in m.details {
        blocks.push(section(paragraph));
    }
    if let Some(next) = m.next_update {
        blocks.push(section(next));
    }
    let mut actions = None;
    if let Some((url, label)) = m.link {
        actions = Some(json!({"type": "actions", "elements": [{
            "type": "button",
            "text": {"type": "plain_text", "text": shorten(label, BUTTON), "emoji": false},
            "url": url,
        }]}));
    }
    // Room for the button, whatever the details' length.
    let room = BLOCKS - usize::from(actions.is_some());
    if blocks.len() > room {
        blocks.truncate(room - 1);
        blocks.push(section("…"));
    }
    blocks.extend(actions);
    json!({
        "text": shorten(m.summary, SECTION),
        "blocks": blocks,
        "unfurl_links": false,
        "unfurl_media": false,
    })
}

/// Slack answers `200 ok`; a refusal is a status with a word in the body
/// (`invalid_blocks`, `no_service`, `channel_is_archived`).
pub(super) fn answer(code: u16, said: &str, retry: Option<std::time::Duration>) -> Answer {
    let what = "Slack";
    match code {
        200..=299 => Answer::Delivered,
        // The webhook was removed, its channel deleted or archived: final,
        // and nothing more is sent to it.
        404 | 410 => gone(what, code, said),
        429 => transient(what, code, said, retry),
        500..=599 => transient(what, code, said, retry),
        _ => permanent(what, code, said),
    }
}
