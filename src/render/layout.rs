//! From a notice to the parts of a [`Rendered`], and the email layouts.

use fluent_bundle::FluentValue;
use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::html::Html;
use super::html::{FSI, PDI};
use super::{Direction, Rendered, zone_name};
use crate::l10n::{Args, Catalog, FluentDateTime, LocaleChain, is_rtl};
use crate::notice::{Notice, Severity, Status, Window};

/// Renders without looking at the cache.
pub(crate) fn render(
    catalog: &Catalog,
    notice: &Notice,
    chain: &LocaleChain,
    tz: &TimeZone,
) -> Rendered {
    let mut args = arguments(notice, tz);
    let mut notes = Vec::new();
    let planned = notice.status.is_planned();
    if planned {
        let window = window_text(catalog, chain, tz, notice.window(), &mut notes);
        args.set("window", window);
        if let Some(before) = notice.rescheduled_from {
            let before = window_text(catalog, chain, tz, before, &mut notes);
            args.set("previous_window", before);
        }
        if let Some(minutes) = notice.reminder {
            let starts_in = starts_in(catalog, chain, minutes, &mut notes);
            args.set("starts_in", starts_in);
        }
    }
    let mut msg = |id: &str, attr: Option<&str>| catalog.format(chain, id, attr, &args, &mut notes);

    // A scheduled notice that moves the work says so from its subject on;
    // a reminder of it reminds, whatever the notice said.
    let id = if notice.reminder.is_some() && planned {
        "notice-reminder".to_owned()
    } else if notice.rescheduled_from.is_some() {
        "notice-rescheduled".to_owned()
    } else {
        format!("notice-{}", notice.status.as_str())
    };
    let subject = one_line(&msg(&id, None));
    let status_label = msg(&id, Some("status"));
    let heading = msg(&id, Some("heading"));
    let lead = msg(&id, Some("lead"));
    let advice = msg(&id, Some("advice"));
    let in_app_title = msg(&id, Some("in-app-title"));
    let in_app_body = msg(&id, Some("in-app-body"));
    let summary = msg(&id, Some("summary"));
    // Once it is over, "Creator is down" would read as news; leave it out.
    // So too while it recovers: "is down" under "is recovering" is a
    // contradiction in any language (the webhook still carries the impact).
    let severity = (!notice.status.is_final() && notice.status != crate::Status::Monitoring)
        .then(|| msg("severity", None));

    // The first this reader hears of an incident that began earlier (it
    // moved onto what they follow, or up to a severity they asked for).
    let joined = notice.joins_late.then(|| msg("joined-late", None));

    let mut times = Vec::new();
    let window_known = notice.incident.ends_at.is_some();
    times.push(msg(
        match notice.status {
            // Work that will not take place: when it would have.
            Status::Cancelled => "was-planned-for",
            Status::Scheduled | Status::InProgress if window_known => "planned-for",
            Status::Scheduled => "starts-at",
            _ => "started-at",
        },
        None,
    ));
    if notice.status.is_final() && notice.status != Status::Cancelled {
        times.push(msg(
            if planned {
                "completed-at"
            } else {
                "resolved-at"
            },
            None,
        ));
        times.push(msg("duration", None));
    }
    // A reminder says nothing new: "Update 2, posted March 24" on it would
    // read as another update (and date the reminder wrongly).
    if notice.reminder.is_none() {
        times.push(msg("updated-at", None));
    }

    // A reminder is not an update: it promises nothing new.
    let updates = !notice.status.is_final() && notice.reminder.is_none();
    let next_update = updates.then(|| match notice.next_update_minutes {
        Some(m) if m < 60 => msg("next-update-minutes", None),
        Some(m) if m % 60 == 0 => msg("next-update-hours", None),
        // "within 1 hour and 44 minutes", not "within 104 minutes".
        Some(_) => msg("next-update-hours-minutes", None),
        None => msg("next-update-on-change", None),
    });

    let details = notice.details.as_ref().map(|d| {
        let (lang, text, in_reader_language) = d.for_reader(chain.preferred());
        Details {
            heading: msg("details-heading", None),
            locale: lang.to_string(),
            rtl: is_rtl(lang),
            paragraphs: paragraphs(text),
            untranslated: (!in_reader_language).then(|| msg("details-not-in-your-language", None)),
        }
    });

    let footer_reason = msg("footer-reason", None);
    let status_page = notice.status_page.as_ref().map(|url| {
        (
            url.as_str(),
            msg("footer-status-page", None),
            msg("status-page-link", None),
        )
    });
    if let Some(Details {
        untranslated: Some(_),
        locale,
        ..
    }) = &details
    {
        notes.push(format!(
            "details are not in {}; shown in {locale}",
            chain.preferred().first().unwrap_or(chain.primary())
        ));
    }

    let body = Body {
        severity_color: severity_color(notice.impact(), notice.status),
        status_label: &status_label,
        heading: &heading,
        severity: severity.as_deref(),
        joined: joined.as_deref(),
        lead: &lead,
        advice: &advice,
        times: &times,
        details: details.as_ref(),
        next_update: next_update.as_deref(),
        footer_reason: &footer_reason,
        status_page: status_page
            .as_ref()
            .map(|(url, line, link)| (*url, line.as_str(), link.as_str())),
    };
    let locale = chain.primary().to_string();
    let rtl = chain.is_rtl();
    let direction = Direction::of(chain);
    let subject = plain(&subject, rtl);
    let html = body.html(&locale, direction.as_str(), &subject);
    Rendered {
        text: plain(&body.text(), rtl),
        html,
        locale,
        direction,
        time_zone: zone_name(tz),
        status_label: plain(&status_label, rtl),
        subject,
        title: plain(&in_app_title, rtl),
        brief: plain(&in_app_body, rtl),
        summary: plain(&summary, rtl),
        heading: plain(&heading, rtl),
        impact: severity.as_deref().map(|s| plain(s, rtl)),
        lead: plain(&lead, rtl),
        advice: plain(&advice, rtl),
        times: times.iter().map(|t| plain(t, rtl)).collect(),
        next_update: next_update.as_deref().map(|n| plain(n, rtl)),
        status_page_label: status_page.as_ref().map(|(_, _, link)| plain(link, rtl)),
        details_heading: details.as_ref().map(|d| match &d.untranslated {
            Some(note) => plain(&format!("{}\n{note}", d.heading), rtl),
            None => plain(&d.heading, rtl),
        }),
        details: details
            .as_ref()
            .map(|d| d.paragraphs.clone())
            .unwrap_or_default(),
        details_locale: details.as_ref().map(|d| d.locale.clone()),
        notes,
        encodings: Default::default(),
    }
}

/// A window of planned work in the reader's zone and words: one day with
/// its hours ("Sunday 1 March, 01:00–03:00 CET"), two dates when it runs
/// past midnight, or only its start when no end was planned.
fn window_text(
    catalog: &Catalog,
    chain: &LocaleChain,
    tz: &TimeZone,
    window: Window,
    notes: &mut Vec<String>,
) -> String {
    let mut args = Args::new();
    let mut moment = |name: &str, ts: Timestamp| {
        let local = ts.to_zoned(tz.clone());
        args.set(name.to_owned(), date(ts, tz));
        args.set(format!("{name}_day"), i64::from(local.day()));
        args.set(format!("{name}_hour"), i64::from(local.hour()));
        args.set(format!("{name}_minute"), format!("{:02}", local.minute()));
    };
    moment("from", window.starts);
    if let Some(ends) = window.ends {
        moment("until", ends);
    }
    let id = match window.ends {
        None => "window-open",
        Some(ends) => {
            let (from, until) = (
                window.starts.to_zoned(tz.clone()),
                ends.to_zoned(tz.clone()),
            );
            // Work that ends at midnight ends on the day it started.
            let at_midnight = until.hour() == 0 && until.minute() == 0;
            let last_day = if at_midnight {
                until.date().yesterday().unwrap_or(until.date())
            } else {
                until.date()
            };
            if from.date() == last_day {
                "window"
            } else {
                "window-days"
            }
        }
    };
    catalog.format(chain, id, None, &args, notes)
}

/// How long before the work a reminder goes, in the reader's words: whole
/// days from two days on, else whole hours, else minutes ("in 24 hours",
/// "in 2 days", "in 90 minutes").
fn starts_in(
    catalog: &Catalog,
    chain: &LocaleChain,
    minutes: u32,
    notes: &mut Vec<String>,
) -> String {
    const DAY: u32 = 24 * 60;
    let (lead, unit) = if minutes >= 2 * DAY && minutes.is_multiple_of(DAY) {
        (minutes / DAY, "day")
    } else if minutes.is_multiple_of(60) {
        (minutes / 60, "hour")
    } else {
        (minutes, "minute")
    };
    let mut args = Args::new();
    args.set("lead", lead);
    args.set("lead_unit", unit);
    catalog.format(chain, "starts-in", None, &args, notes)
}

fn date(ts: Timestamp, tz: &TimeZone) -> FluentValue<'static> {
    FluentValue::Custom(Box::new(FluentDateTime::new(ts.to_zoned(tz.clone()))))
}

/// The variables every message may use (en-US's header lists them).
fn arguments(notice: &Notice, tz: &TimeZone) -> Args<'static> {
    let at =
        |ts: Timestamp| FluentValue::Custom(Box::new(FluentDateTime::new(ts.to_zoned(tz.clone()))));
    let mut args = Args::new();
    args.set("product", notice.incident.product.clone());
    // The impact of this update, which a notice may lower as things recover.
    args.set("severity", notice.impact().as_str());
    // Values messages may select on, for grammar that depends on them.
    args.set(
        "kind",
        if notice.status.is_planned() {
            "maintenance"
        } else {
            "outage"
        },
    );
    let mut moment = |name: &str, ts: Timestamp| {
        let local = ts.to_zoned(tz.clone());
        args.set(format!("{name}_day"), i64::from(local.day()));
        args.set(format!("{name}_hour"), i64::from(local.hour()));
        args.set(format!("{name}_minute"), format!("{:02}", local.minute()));
    };
    moment("started", notice.incident.started_at);
    moment("updated", notice.published_at);
    if let Some(resolved) = notice.resolved_at() {
        moment("resolved", resolved);
    }
    args.set("revision", notice.revision);
    args.set("started", at(notice.incident.started_at));
    args.set("updated", at(notice.published_at));
    if let Some(resolved) = notice.resolved_at() {
        args.set("resolved", at(resolved));
        let minutes = (resolved.as_second() - notice.incident.started_at.as_second()).max(0) / 60;
        args.set("hours", minutes / 60);
        args.set("minutes", minutes % 60);
    }
    if let Some(next) = notice.next_update_minutes {
        args.set("next_minutes", next);
        args.set("next_hours", next / 60);
        args.set("next_rest_minutes", next % 60);
    }
    if let Some(url) = &notice.status_page {
        args.set("status_page", url.clone());
    }
    args
}

struct Details {
    heading: String,
    locale: String,
    rtl: bool,
    paragraphs: Vec<String>,
    untranslated: Option<String>,
}

struct Body<'a> {
    severity_color: &'static str,
    status_label: &'a str,
    heading: &'a str,
    severity: Option<&'a str>,
    joined: Option<&'a str>,
    lead: &'a str,
    advice: &'a str,
    times: &'a [String],
    details: Option<&'a Details>,
    next_update: Option<&'a str>,
    footer_reason: &'a str,
    status_page: Option<(&'a str, &'a str, &'a str)>,
}

impl Body<'_> {
    fn text(&self) -> String {
        let mut blocks: Vec<String> = vec![match self.severity {
            Some(severity) => format!("{}\n{severity}", self.heading),
            None => self.heading.to_owned(),
        }];
        blocks.extend(self.joined.map(str::to_owned));
        blocks.extend([
            self.lead.to_owned(),
            self.advice.to_owned(),
            self.times.join("\n"),
        ]);
        if let Some(d) = self.details {
            let mut block = d.heading.clone();
            if let Some(note) = &d.untranslated {
                // The message carries its own brackets: （…） in Japanese.
                block = format!("{block}\n{note}");
            }
            blocks.push(block);
            blocks.extend(d.paragraphs.iter().cloned());
        }
        blocks.extend(self.next_update.map(str::to_owned));
        let mut footer = format!("-- \n{}", self.footer_reason);
        if let Some((_, line, _)) = self.status_page {
            footer = format!("{footer}\n{line}");
        }
        blocks.push(footer);
        let mut text = blocks.join("\n\n");
        text.push('\n');
        text
    }

    fn html(&self, lang: &str, dir: &str, title: &str) -> String {
        const P: &str = "margin:0 0 16px;";
        const SMALL: &str = "margin:0 0 8px;font-size:13px;color:#57606a;";
        let mut h = Html::new();
        h.raw("<!DOCTYPE html>\n<html lang=\"").attr(lang).raw("\" dir=\"").attr(dir).raw("\">\n<head>\n")
            .raw("<meta charset=\"utf-8\">\n")
            .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .raw("<meta name=\"color-scheme\" content=\"light\">\n")
            .raw("<title>").escaped(title).raw("</title>\n</head>\n")
            .raw("<body style=\"margin:0;padding:0;background:#f4f5f7;\">\n")
            .raw("<div role=\"main\" style=\"max-width:600px;margin:0 auto;padding:24px 16px;background:#ffffff;")
            .raw("font-family:-apple-system,'Segoe UI',Roboto,'Noto Sans','Noto Sans Arabic','Noto Sans JP',Arial,sans-serif;")
            .raw("font-size:16px;line-height:1.5;color:#1f2328;\">\n")
            .raw("<p style=\"margin:0 0 8px;\"><span style=\"display:inline-block;padding:2px 10px;border-radius:12px;color:#ffffff;font-size:13px;font-weight:600;background:")
            .raw(self.severity_color).raw(";\">").text(self.status_label).raw("</span></p>\n")
            .raw("<h1 style=\"margin:0 0 4px;font-size:22px;line-height:1.3;\">").text(self.heading).raw("</h1>\n")
            .raw("");
        if let Some(severity) = self.severity {
            h.paragraph("margin:0 0 20px;color:#57606a;", severity);
        }
        if let Some(joined) = self.joined {
            h.paragraph(P, joined);
        }
        h.paragraph(P, self.lead).paragraph(P, self.advice).raw(
            "<p style=\"margin:0 0 16px;padding:12px;background:#f6f8fa;border-radius:6px;\">",
        );
        for (i, line) in self.times.iter().enumerate() {
            if i > 0 {
                h.raw("<br>\n");
            }
            h.text(line);
        }
        h.raw("</p>\n");
        if let Some(d) = self.details {
            h.raw("<h2 style=\"margin:24px 0 8px;font-size:18px;\">")
                .text(&d.heading)
                .raw("</h2>\n");
            if let Some(note) = &d.untranslated {
                h.paragraph(SMALL, note);
            }
            h.raw("<div lang=\"")
                .attr(&d.locale)
                .raw("\" dir=\"")
                .raw(if d.rtl { "rtl" } else { "ltr" })
                .raw("\">\n");
            for paragraph in &d.paragraphs {
                h.paragraph(P, paragraph);
            }
            h.raw("</div>\n");
        }
        if let Some(next) = self.next_update {
            h.paragraph(P, next);
        }
        if let Some((url, _, link)) = self.status_page {
            h.raw("<p style=\"margin:24px 0;\"><a href=\"").attr(url)
                .raw("\" style=\"display:inline-block;padding:10px 18px;border-radius:6px;background:#0969da;color:#ffffff;text-decoration:none;font-weight:600;\">")
                .text(link).raw("</a></p>\n");
        }
        h.raw("<hr style=\"border:none;border-top:1px solid #d0d7de;margin:24px 0 16px;\">\n")
            .paragraph(SMALL, self.footer_reason);
        if let Some((url, _, _)) = self.status_page {
            h.raw("<p style=\"")
                .raw(SMALL)
                .raw("\"><a href=\"")
                .attr(url)
                .raw("\" style=\"color:#57606a;\">")
                .text(url)
                .raw("</a></p>\n");
        }
        h.raw("</div>\n</body>\n</html>\n");
        h.finish()
    }
}

/// Paragraphs of people-written text: split at blank lines, lines inside a
/// paragraph joined.
fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(|p| {
            p.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|p| !p.is_empty())
        .collect()
}

/// Text for plain-text readers: isolation marks only in a right-to-left
/// text, where a left-to-right value needs them, and never around a link
/// (mail clients that linkify up to whitespace would take the mark into
/// the URL).
fn plain(text: &str, rtl: bool) -> String {
    if !rtl {
        return text.chars().filter(|c| *c != FSI && *c != PDI).collect();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(FSI) {
        out.push_str(&rest[..start]);
        let after = &rest[start + FSI.len_utf8()..];
        match after.find(PDI) {
            Some(end) if is_link(&after[..end]) => {
                out.push_str(&after[..end]);
                rest = &after[end + PDI.len_utf8()..];
            }
            _ => {
                out.push(FSI);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

fn is_link(value: &str) -> bool {
    value.starts_with("https://") || value.starts_with("http://") || value.starts_with("mailto:")
}

/// A subject is one header line: control characters become spaces.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_owned()
}

/// The colour of a notice's status badge (and of a chat message's bar):
/// grey when cancelled, green when over, else by impact.
pub(crate) fn severity_color(severity: Severity, status: Status) -> &'static str {
    if status == Status::Cancelled {
        return "#57606a";
    }
    if status.is_final() {
        return "#1a7f37";
    }
    match severity {
        Severity::Critical => "#cf222e",
        Severity::Major => "#bc4c00",
        Severity::Minor => "#9a6700",
        _ => "#0969da",
    }
}
