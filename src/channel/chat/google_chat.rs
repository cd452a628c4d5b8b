//! Google Chat incoming webhooks: a card (`cardsV2`) with a button, and
//! what Google answers.
//!
//! Limits (Google Chat's message reference): a message holds at most
//! 32,000 bytes; its `text` at most 4,096 characters (tidings sends the summary, cut
//! at 500). Card text takes a
//! little HTML, so every value is escaped.

use serde_json::{Value, json};

use super::answer::{Answer, gone, permanent, transient};
use super::message::{Message, PART, escape_markup as escape, shorten, shorten_bytes};

const MESSAGE_BYTES: usize = 30_000;

fn paragraph(text: &str) -> Value {
    json!({"textParagraph": {"text": escape(text)}})
}

fn card(m: &Message, lead: &str, details: &str) -> Value {
    let part = |t: &str| shorten(t, PART).into_owned();
    let times: Vec<String> = m.times.iter().map(|t| escape(&part(t))).collect();
    let mut widgets = vec![
        paragraph(lead),
        paragraph(&part(m.advice)),
        json!({"textParagraph": {"text": times.join("<br>")}}),
    ];
    if let (Some(heading), false) = (m.details_heading, details.is_empty()) {
        widgets
            .push(json!({"textParagraph": {"text": format!("<b>{}</b>", escape(&part(heading)))}}));
        widgets.push(paragraph(details));
    }
    if let Some(next) = m.next_update {
        widgets.push(paragraph(&part(next)));
    }
    if let Some((url, label)) = m.link {
        widgets.push(json!({"buttonList": {"buttons": [
            {"text": part(label), "onClick": {"openLink": {"url": url}}}
        ]}}));
    }
    json!({
        "text": shorten(m.summary, PART),
        "cardsV2": [{
            "cardId": "tidings-notice",
            "card": {
                "header": {"title": part(m.title), "subtitle": part(&m.status)},
                "sections": [{"widgets": widgets}],
            },
        }],
    })
}

pub(super) fn body(m: &Message) -> Value {
    let details = m.details.join("\n\n");
    let whole = card(m, m.lead, &details);
    if whole.to_string().len() <= MESSAGE_BYTES {
        return whole;
    }
    let bare = card(m, "", "").to_string().len();
    let mut room = MESSAGE_BYTES.saturating_sub(bare);
    loop {
        // Escaping may grow the text up to five times (`&amp;`).
        let lead = shorten_bytes(m.lead, room / 10);
        let rest = shorten_bytes(&details, room / 10);
        let shortened = card(m, &lead, &rest);
        if room == 0 || shortened.to_string().len() <= MESSAGE_BYTES {
            return shortened;
        }
        room = room * 3 / 4;
    }
}

/// Google answers 200 with the message it made; 429 when a space gets
/// more than it takes (about one message a second).
pub(super) fn answer(code: u16, said: &str, retry: Option<std::time::Duration>) -> Answer {
    let what = "Google Chat";
    match code {
        200..=299 => Answer::Delivered,
        404 | 410 => gone(what, code, said),
        429 | 500..=599 => transient(what, code, said, retry),
        _ => permanent(what, code, said),
    }
}
