//! Discord webhooks: one embed, coloured by impact, and what Discord
//! answers (a JSON `retry_after` in seconds on 429, and a global limit).
//!
//! Limits (Discord's embed reference): title 256 characters, description
//! 4,096, footer 2,048, and 6,000 in all the embed's text.

use std::time::Duration;

use serde_json::{Value, json};

use super::answer::{Answer, gone, permanent, transient};
use super::message::{Message, shorten};
use crate::channel::http::MAX_RETRY_AFTER;

const TITLE: usize = 256;
const DESCRIPTION: usize = 4096;
const FOOTER: usize = 2048;
const TOTAL: usize = 6000;
/// The link's words: a button's worth.
const LABEL: usize = 80;

/// Discord's markdown: a backslash keeps each of these as written.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        // A line starting with `#`, `-` or `>` would be a heading, a list
        // or a quote.
        if line.starts_with(['#', '-', '>']) {
            out.push('\\');
        }
        for c in line.chars() {
            if matches!(
                c,
                '\\' | '*' | '_' | '~' | '`' | '|' | '[' | ']' | '<' | '@'
            ) {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

pub(super) fn body(m: &Message) -> Value {
    let title = shorten(m.title, TITLE).into_owned();
    let footer = shorten(&m.status, FOOTER.min(super::message::PART)).into_owned();
    let mut parts = vec![
        escape(m.lead),
        escape(m.advice),
        escape(&m.times.join("\n")),
    ];
    if let Some(heading) = m.details_heading {
        parts.push(format!("**{}**", escape(heading)));
    }
    parts.extend(m.details.iter().map(|p| escape(p)));
    if let Some(next) = m.next_update {
        parts.push(escape(next));
    }
    // The link last, so shortening never cuts it.
    let link = m
        .link
        .map(|(url, label)| format!("\n\n[{}](<{url}>)", escape(&shorten(label, LABEL))))
        .unwrap_or_default();
    let room = DESCRIPTION
        .min(TOTAL.saturating_sub(title.chars().count() + footer.chars().count()))
        .saturating_sub(link.chars().count());
    // Shortening must not end inside an escape: take off the last
    // backslash when the cut leaves one alone.
    let mut description = shorten(&parts.join("\n\n"), room).into_owned();
    if description.ends_with("\\…") {
        description.truncate(description.len() - "\\…".len());
        description.push('…');
    }
    description.push_str(&link);
    let mut embed = json!({
        "title": title,
        "description": description,
        "color": m.color_number(),
        "footer": {"text": footer},
        "timestamp": m.published,
    });
    if let Some((url, _)) = m.link {
        embed["url"] = json!(url);
    }
    json!({
        "embeds": [embed],
        // Nothing in a notice may ping anyone.
        "allowed_mentions": {"parse": []},
    })
}

/// How long Discord asked to wait, from its JSON (`retry_after`, seconds
/// with a fraction) or else the header; and whether the limit is global
/// (every Discord webhook of this sender waits).
pub(super) fn rate_limit(body: &[u8], header: Option<Duration>) -> (Option<Duration>, bool) {
    let json: Option<Value> = serde_json::from_slice(body).ok();
    let global = json
        .as_ref()
        .and_then(|j| j.get("global"))
        .and_then(Value::as_bool)
        .unwrap_or(false);
    let wait = json
        .as_ref()
        .and_then(|j| j.get("retry_after"))
        .and_then(Value::as_f64)
        .filter(|s| s.is_finite() && *s >= 0.0)
        .map(|s| Duration::from_secs_f64(s.min(MAX_RETRY_AFTER.as_secs_f64())))
        .or(header);
    (wait, global)
}

/// Discord answers 204 (or 200 with the message); a deleted webhook, 404
/// `Unknown Webhook`.
pub(super) fn answer(code: u16, said: &str, retry: Option<Duration>) -> Answer {
    let what = "Discord";
    match code {
        200..=299 => Answer::Delivered,
        404 | 410 => gone(what, code, said),
        429 | 500..=599 => transient(what, code, said, retry),
        _ => permanent(what, code, said),
    }
}
