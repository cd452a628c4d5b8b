//! Microsoft Teams, through a Workflows webhook ("Post to a channel when a
//! webhook request is received"): an Adaptive Card 1.5 in a message
//! attachment, right-to-left where the reader's language is.
//!
//! Limits: a Teams message holds at most 28 KB; the details are shortened
//! first, then the lead, so the card always fits.

use serde_json::{Value, json};

use super::answer::{Answer, gone, permanent, transient};
use super::message::{Message, PART, shorten, shorten_bytes};

/// Teams refuses messages over 28 KB; some room is kept for the envelope
/// Workflows adds.
const MESSAGE_BYTES: usize = 27 * 1024;

fn text(text: &str) -> Value {
    json!({"type": "TextBlock", "text": text, "wrap": true})
}

/// The colour of the status line, from the badge's.
fn color(hex: &str) -> &'static str {
    match hex {
        "#cf222e" => "Attention",
        "#bc4c00" | "#9a6700" => "Warning",
        "#1a7f37" => "Good",
        "#0969da" => "Accent",
        _ => "Default",
    }
}

fn card(m: &Message, lead: &str, details: &[String]) -> Value {
    let part = |t: &str| shorten(t, PART).into_owned();
    let times: Vec<String> = m.times.iter().map(|t| part(t)).collect();
    let mut body = vec![
        json!({"type": "TextBlock", "text": part(m.title), "wrap": true, "size": "Large",
               "weight": "Bolder", "style": "heading"}),
        json!({"type": "TextBlock", "text": part(&m.status), "wrap": true, "weight": "Bolder",
               "color": color(m.color), "spacing": "None"}),
        text(lead),
        text(&part(m.advice)),
        json!({"type": "TextBlock", "text": times.join("\n\n"), "wrap": true,
               "isSubtle": true, "size": "Small"}),
    ];
    if let Some(heading) = m.details_heading {
        body.push(
            json!({"type": "TextBlock", "text": part(heading), "wrap": true,
                         "weight": "Bolder", "spacing": "Medium"}),
        );
    }
    body.extend(details.iter().map(|p| text(p)));
    if let Some(next) = m.next_update {
        body.push(text(&part(next)));
    }
    let mut card = json!({
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.5",
        "lang": m.locale,
        "rtl": m.rtl,
        "fallbackText": part(m.summary),
        "body": body,
    });
    if let Some((url, label)) = m.link {
        card["actions"] = json!([{"type": "Action.OpenUrl", "title": part(label), "url": url}]);
    }
    json!({
        "type": "message",
        "attachments": [{
            "contentType": "application/vnd.microsoft.card.adaptive",
            "contentUrl": null,
            "content": card,
        }],
    })
}

pub(super) fn body(m: &Message) -> Value {
    let whole = card(m, m.lead, m.details);
    let size = whole.to_string().len();
    if size <= MESSAGE_BYTES {
        return whole;
    }
    // The lead and the details shortened until the card fits (JSON
    // escapes make the text longer than its bytes): the status page has
    // the rest.
    let bare = card(m, "", &[]).to_string().len();
    let joined = m.details.join("\n\n");
    let mut room = MESSAGE_BYTES.saturating_sub(bare);
    loop {
        let lead = shorten_bytes(m.lead, room / 2);
        let details: Vec<String> = match shorten_bytes(&joined, room / 2) {
            d if d.is_empty() => Vec::new(),
            d => vec![d.into_owned()],
        };
        let shortened = card(m, &lead, &details);
        if room == 0 || shortened.to_string().len() <= MESSAGE_BYTES {
            return shortened;
        }
        room = room * 3 / 4;
    }
}

/// Workflows answers `202 Accepted`; a flow that was deleted, 404.
pub(super) fn answer(code: u16, said: &str, retry: Option<std::time::Duration>) -> Answer {
    let what = "Teams";
    match code {
        200..=299 => Answer::Delivered,
        404 | 410 => gone(what, code, said),
        408 | 429 | 500..=599 => transient(what, code, said, retry),
        _ => permanent(what, code, said),
    }
}
