//! Messages that hold for any notice, not only the Creator outage they
//! were written against: every shipped locale rendered across product
//! names, every status, days and hours, durations, promised updates and
//! zones with and without a city. Each rendering is checked for what
//! never reads right ("Unknown", an unresolved placeable, doubled spaces
//! or punctuation, ASCII brackets in CJK text), and the whole set is
//! compared with golden files a native writer of each language re-read.

mod support;

use jiff::{SignedDuration, Timestamp};
use support::*;
use tidings::{Incident, Notice, Rendered, Severity, Status};

/// One word, several words, a name that looks plural, one that starts
/// with a vowel (Spanish "e" before an i-sound), and a common noun.
const PRODUCTS: [&str; 5] = ["Creator", "Online Store", "Payments", "Inbox", "Calendar"];
const DAYS: [i8; 7] = [1, 2, 3, 8, 11, 21, 31];
const HOURS: [i8; 5] = [0, 1, 12, 13, 23];
const DURATIONS: [i64; 5] = [0, 59, 60, 3600, 25 * 3600];
/// The values the issue names, and whole hours and an hour and a half.
const NEXT_UPDATES: [u32; 9] = [1, 2, 5, 21, 60, 90, 104, 111, 120];
const ZONES: [&str; 5] = [
    "Europe/Amsterdam",
    "America/Argentina/Buenos_Aires",
    "Asia/Kolkata",
    "UTC",
    "Etc/GMT+5",
];
/// The zone of the notices, and of readers unless a case says otherwise.
const HOME: &str = "Europe/Amsterdam";

fn at(text: &str) -> Timestamp {
    text.parse().unwrap()
}

/// A notice of `status` about `product`: an outage that began at `start`,
/// or planned work that starts then, for two hours.
fn notice(product: &str, status: Status, start: Timestamp) -> Notice {
    let planned = status.is_planned();
    let severity = if planned {
        Severity::Maintenance
    } else {
        Severity::Major
    };
    let incident = Incident::builder("case", product, severity, start)
        .time_zone(tidings::parse_time_zone(HOME).unwrap());
    let incident = if planned {
        incident.ends_at(start + SignedDuration::from_hours(2))
    } else {
        incident
    };
    let published = if planned && status == Status::Scheduled {
        start - SignedDuration::from_hours(72)
    } else {
        start + SignedDuration::from_mins(20)
    };
    let builder = Notice::builder(incident.build().unwrap(), 1, status, published)
        .status_page("https://status.example.com/");
    let builder = match status {
        Status::Resolved | Status::Completed => {
            builder.resolved_at(start + SignedDuration::from_mins(95))
        }
        _ => builder,
    };
    let builder = match status {
        Status::Investigating | Status::Identified | Status::Monitoring | Status::InProgress => {
            builder.next_update_minutes(Some(30))
        }
        _ => builder,
    };
    builder.build().unwrap()
}

/// What never reads right, in any locale.
fn check(locale: &str, case: &str, r: &Rendered) {
    let cjk = ["ja", "zh", "ko"].iter().any(|l| locale.starts_with(l));
    for (part, text) in [
        ("subject", &r.subject),
        ("text", &r.text),
        ("title", &r.title),
        ("brief", &r.brief),
        ("summary", &r.summary),
    ] {
        let at = format!("{locale} {case} {part}");
        // "GMT+0" is how CLDR names UTC where it has no short name.
        for bad in ["Unknown", "unknown", "غير معروف", "{", "}", "???", "GMT+0"] {
            assert!(!text.contains(bad), "{at}: {bad:?} in {text:?}");
        }
        for line in text.lines() {
            let inner = line.trim_start();
            assert!(!inner.contains("  "), "{at}: doubled space in {line:?}");
            for doubled in ["..", ",,", ",.", " ,", " .", "。。", "、。", "，，", "، ،"] {
                // An ellipsis is three dots, and never written here.
                assert!(!inner.contains(doubled), "{at}: {doubled:?} in {line:?}");
            }
            // A comma after a full stop only ends an abbreviation (Polish
            // "2026 r., godz. 8:30"), never a sentence.
            for (i, _) in inner.match_indices(".,") {
                let word = inner[..i]
                    .rsplit(|c: char| !c.is_alphabetic())
                    .next()
                    .unwrap_or_default();
                assert!(
                    (1..=3).contains(&word.chars().count()),
                    "{at}: \".,\" after {word:?} in {line:?}"
                );
            }
            if cjk {
                assert!(
                    !inner.contains(['(', ')']),
                    "{at}: ASCII brackets in CJK text: {line:?}"
                );
            }
        }
    }
    assert!(r.notes.is_empty(), "{locale} {case}: {:?}", r.notes);
}

/// The lines of `r` that `base` does not have: what a case changed.
fn changed(r: &Rendered, base: &Rendered) -> String {
    let mut out = String::new();
    for line in r.text.lines() {
        if !line.trim().is_empty() && !base.text.lines().any(|b| b == line) {
            out.push_str("  ");
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

#[test]
fn messages_hold_for_any_product_date_duration_promise_and_zone() {
    let catalog = shipped();
    let start = at("2026-03-02T07:30:00Z");
    for locale in tidings::l10n::SHIPPED_LOCALES {
        let mut out = String::new();
        let render = |n: &Notice, zone: &str, case: &str| {
            let r = support::render(&catalog, n, locale, zone);
            check(locale, case, &r);
            r
        };

        out.push_str(
            "# Every status, each product: subject | in-app title | in-app text | summary\n",
        );
        for status in Status::ALL {
            for product in PRODUCTS {
                let r = render(&notice(product, status, start), HOME, product);
                out.push_str(&format!(
                    "{} {product}: {} | {} | {} | {}\n",
                    status.as_str(),
                    r.subject,
                    r.title,
                    r.brief,
                    r.summary
                ));
            }
        }

        out.push_str("\n# Every status in full (Creator)\n");
        for status in Status::ALL {
            let r = render(&notice("Creator", status, start), HOME, status.as_str());
            out.push_str(&format!(
                "## {}\nSubject: {}\n{}\n",
                status.as_str(),
                r.subject,
                r.text
            ));
        }

        out.push_str("\n# Days and hours (in the reader's zone, Europe/Amsterdam)\n");
        for status in [Status::Investigating, Status::Scheduled] {
            let base = render(&notice("Creator", status, start), HOME, "base");
            for day in DAYS {
                for hour in HOURS {
                    // 31 exists in March; the hour is local time.
                    // On the hour: "13 h", not "13 h 00", in French.
                    let local = jiff::civil::date(2026, 3, day)
                        .at(hour, 0, 0, 0)
                        .to_zoned(jiff::tz::TimeZone::get(HOME).unwrap())
                        .unwrap()
                        .timestamp();
                    let r = render(&notice("Creator", status, local), HOME, "date");
                    out.push_str(&format!(
                        "{} 2026-03-{day:02} {hour:02}:00\n{}",
                        status.as_str(),
                        changed(&r, &base)
                    ));
                }
            }
        }

        out.push_str("\n# How long it lasted\n");
        let resolved = notice("Creator", Status::Resolved, start);
        let base = render(&resolved, HOME, "base");
        for seconds in DURATIONS {
            let n = resolved
                .to_builder()
                .resolved_at(start + SignedDuration::from_secs(seconds))
                .build()
                .unwrap();
            let r = render(&n, HOME, "duration");
            out.push_str(&format!("{seconds} s\n{}", changed(&r, &base)));
        }

        out.push_str("\n# The next update, promised in minutes\n");
        let investigating = notice("Creator", Status::Investigating, start);
        let base = render(&investigating, HOME, "base");
        for minutes in NEXT_UPDATES {
            let n = investigating
                .to_builder()
                .next_update_minutes(Some(minutes))
                .build()
                .unwrap();
            let r = render(&n, HOME, "next update");
            out.push_str(&format!("{minutes} min\n{}", changed(&r, &base)));
        }

        out.push_str("\n# Zones, with and without a city\n");
        for status in [Status::Investigating, Status::Scheduled] {
            let n = notice("Creator", status, start);
            let base = render(&n, HOME, "base");
            for zone in ZONES {
                let r = render(&n, zone, zone);
                out.push_str(&format!(
                    "{} in {zone}\n{}",
                    status.as_str(),
                    changed(&r, &base)
                ));
            }
        }
        golden(&format!("generalisation/{locale}.txt"), &out);
    }
}
