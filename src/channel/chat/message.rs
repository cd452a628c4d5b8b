//! What every chat message says, taken from the rendering the email and
//! the inbox are made from, and how text is shortened to a platform's
//! limits (at a word, with an ellipsis: never by failing).

use std::borrow::Cow;

use crate::delivery::Delivery;
use crate::render::{Direction, severity_color};

/// The parts of one notice a chat message lays out, in the reader's
/// language and zone.
pub(super) struct Message<'a> {
    /// The short title ("Investigating: Creator disruption").
    pub title: &'a str,
    /// The status in words, with the impact line when there is one.
    pub status: String,
    /// What it means for the customer, then what they need to do.
    pub lead: &'a str,
    pub advice: &'a str,
    /// Started, resolved, this update: one line each.
    pub times: &'a [String],
    pub next_update: Option<&'a str>,
    /// "What we know" and the people-written paragraphs.
    pub details_heading: Option<&'a str>,
    pub details: &'a [String],
    /// The status page and the words of its button.
    pub link: Option<(&'a str, &'a str)>,
    /// The one sentence a notification shows.
    pub summary: &'a str,
    pub locale: &'a str,
    pub rtl: bool,
    /// `#rrggbb`: red, orange, yellow or blue by impact; green when over.
    pub color: &'static str,
    /// When this update was published, RFC 3339.
    pub published: String,
}

impl<'a> Message<'a> {
    pub(super) fn of(delivery: &'a Delivery) -> Message<'a> {
        let r = &*delivery.rendered;
        let notice = &delivery.notice;
        let status = match &r.impact {
            Some(impact) => format!("{} · {impact}", r.status_label),
            None => r.status_label.clone(),
        };
        let link = match (notice.status_page(), r.status_page_label.as_deref()) {
            (Some(url), Some(label)) => Some((url, label)),
            _ => None,
        };
        Message {
            title: &r.title,
            status,
            lead: &r.lead,
            advice: &r.advice,
            times: &r.times,
            next_update: r.next_update.as_deref(),
            details_heading: r.details_heading.as_deref(),
            details: &r.details,
            link,
            summary: &r.summary,
            locale: &r.locale,
            rtl: r.direction == Direction::RightToLeft,
            color: severity_color(notice.impact(), notice.status),
            published: notice.published_at.to_string(),
        }
    }

    /// The colour as a number (Discord's `color`).
    pub(super) fn color_number(&self) -> u32 {
        u32::from_str_radix(self.color.trim_start_matches('#'), 16).unwrap_or(0)
    }
}

/// `&`, `<` and `>` as entities: the control characters of Slack's
/// `mrkdwn` and of the HTML Google Chat cards take.
pub(super) fn escape_markup(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// `text` in at most `max` characters: cut at the last space before the
/// limit (or at the limit, when the last word is very long) and ended with
/// an ellipsis. A limit of 0 gives nothing.
pub(super) fn shorten(text: &str, max: usize) -> Cow<'_, str> {
    if text.chars().count() <= max {
        return Cow::Borrowed(text);
    }
    if max == 0 {
        return Cow::Borrowed("");
    }
    // Room for the ellipsis.
    let keep = max - 1;
    let cut = text.char_indices().nth(keep).map_or(text.len(), |(i, _)| i);
    let head = &text[..cut];
    // Back to a word boundary (unless the cut is at one already), unless
    // that throws away most of the room.
    let at_boundary = text[cut..].starts_with(char::is_whitespace);
    let head = match head.rfind(char::is_whitespace) {
        _ if at_boundary => head,
        Some(space) if head[..space].chars().count() * 3 >= keep * 2 => &head[..space],
        _ => head,
    };
    let mut out = head.trim_end().to_owned();
    out.push('…');
    Cow::Owned(out)
}

/// The most any one short part of a message (title, status, a line) is
/// given in the services that limit a message only as a whole: a part
/// never crowds out the others.
pub(super) const PART: usize = 500;

/// `text` in at most `max` bytes of UTF-8, shortened like [`shorten`]
/// (Teams and Google Chat limit a whole message in bytes).
pub(super) fn shorten_bytes(text: &str, max: usize) -> Cow<'_, str> {
    if text.len() <= max {
        return Cow::Borrowed(text);
    }
    // The ellipsis takes three bytes; count down until the text fits.
    let mut chars = text
        .char_indices()
        .take_while(|(i, c)| i + c.len_utf8() <= max)
        .count();
    loop {
        let short = shorten(text, chars);
        if short.len() <= max || chars == 0 {
            return short;
        }
        chars -= 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_shortened_at_a_word_with_an_ellipsis() {
        assert_eq!(shorten("short", 10), "short");
        assert_eq!(shorten("exactly ten", 11), "exactly ten");
        assert_eq!(
            shorten("the quick brown fox jumps over", 20),
            "the quick brown fox…"
        );
        assert_eq!(shorten("the quick brown fox", 12), "the quick…");
        // One long word: cut inside it rather than keep almost nothing.
        assert_eq!(shorten("a verylongwordthatgoeson", 10), "a verylon…");
        assert_eq!(shorten("abc", 0), "");
        assert_eq!(shorten("abc", 1), "…");
        // Characters, not bytes: Arabic and Japanese are not cut mid-letter.
        assert_eq!(shorten("الخدمة متوقفة الآن", 10), "الخدمة…");
        assert_eq!(
            shorten("現在調査中です。しばらくお待ちください", 8),
            "現在調査中です…"
        );
        for max in 0..40 {
            let s = shorten("the quick brown fox jumps over the lazy dog", max);
            assert!(s.chars().count() <= max, "{max}: {s}");
        }
    }

    #[test]
    fn byte_limits_hold_for_any_script() {
        let text = "現在調査中です。".repeat(50);
        for max in [0, 1, 2, 3, 4, 10, 100, 1000] {
            let s = shorten_bytes(&text, max);
            assert!(s.len() <= max, "{max}: {}", s.len());
        }
        assert_eq!(shorten_bytes("fits", 4), "fits");
    }
}
