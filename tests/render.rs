//! Renderings of the Creator outage, checked word for word, and what
//! rendering promises: escaping, direction, caching, fallbacks.

mod support;

use std::sync::Arc;

use support::*;

/// Each shipped locale with a time zone its readers live in.
const READERS: &[(&str, &str)] = &[
    ("en-US", "America/New_York"),
    ("nl-NL", "Europe/Amsterdam"),
    ("de-DE", "Europe/Berlin"),
    ("fr-FR", "Europe/Paris"),
    ("es-ES", "Europe/Madrid"),
    ("it-IT", "Europe/Rome"),
    ("ja-JP", "Asia/Tokyo"),
    ("ar", "Asia/Riyadh"),
    ("pt-BR", "America/Sao_Paulo"),
    ("pl-PL", "Europe/Warsaw"),
    ("zh-CN", "Asia/Shanghai"),
    ("ko-KR", "Asia/Seoul"),
];

#[test]
fn creator_outage_reads_as_written_in_every_locale() {
    let catalog = shipped();
    let notices = creator_outage();
    assert_eq!(tidings::l10n::SHIPPED_LOCALES.len(), READERS.len());
    for (locale, zone) in READERS {
        let mut out = String::new();
        for notice in &notices {
            let r = render(&catalog, notice, locale, zone);
            assert_eq!(r.locale, *locale);
            // The example's details are in the first eight languages; the
            // others are told so, and read them in English.
            assert!(
                r.notes.is_empty()
                    || *locale == "ar"
                    || r.notes == [format!("details are not in {locale}; shown in en-US")],
                "{locale}: {:?}",
                r.notes
            );
            out.push_str(&format!(
                "=== revision {} ({}) in {zone}\nSubject: {}\n\n{}\n",
                notice.revision(),
                notice.status().as_str(),
                r.subject,
                r.text
            ));
        }
        golden(&format!("creator-outage/{locale}.txt"), &out);
    }
}

#[test]
fn dates_follow_cldr_in_the_readers_zone() {
    let catalog = shipped();
    let first = &creator_outage()[0];
    let started = |tags, zone| {
        let r = render(&catalog, first, tags, zone);
        r.text
            .lines()
            .find(|l| l.contains("2022"))
            .unwrap()
            .to_owned()
    };
    // Each language writes a date as its readers expect in a letter.
    let nbsp = '\u{a0}';
    for (tags, zone, expected) in [
        (
            "nl-NL",
            "Europe/Amsterdam",
            "Gestart: maandag 14 maart 2022 om 08:30 uur CET".to_owned(),
        ),
        (
            "de-DE",
            "Europe/Berlin",
            "Beginn: Montag, 14. März 2022 um 08:30 Uhr MEZ".to_owned(),
        ),
        (
            "en-US",
            "America/New_York",
            "Started: Monday, March 14, 2022 at 3:30\u{202f}AM EDT".to_owned(),
        ),
        (
            "fr-FR",
            "Europe/Paris",
            format!("Début{nbsp}: lundi 14 mars 2022 à 8{nbsp}h{nbsp}30 (heure d’Europe centrale)"),
        ),
        (
            "es-ES",
            "Europe/Madrid",
            "Inicio: lunes, 14 de marzo de 2022 a las 8:30 (hora de Europa central)".to_owned(),
        ),
        (
            "it-IT",
            "Europe/Rome",
            "Inizio: lunedì 14 marzo 2022 alle 8:30 (ora dell’Europa centrale)".to_owned(),
        ),
        (
            "ja-JP",
            "Asia/Tokyo",
            "発生日時：2022年3月14日（月）16:30（日本時間）".to_owned(),
        ),
        // The same instant for a Dutch reader in Tokyo: their clock, and the
        // zone as Dutch CLDR names it (it has no Dutch abbreviation for it).
        (
            "nl-NL",
            "Asia/Tokyo",
            "Gestart: maandag 14 maart 2022 om 16:30 uur GMT+9".to_owned(),
        ),
    ] {
        let line: String = started(tags, zone)
            .chars()
            .filter(|c| !matches!(c, '\u{2068}' | '\u{2069}'))
            .collect();
        assert_eq!(line, expected, "{tags} in {zone}");
    }
    // Summer time has its own name: MESZ.
    let i = first.incident();
    let july = tidings::Incident::builder(
        i.id(),
        i.product(),
        i.severity(),
        "2022-07-04T06:30:00Z".parse().unwrap(),
    )
    .build()
    .unwrap();
    let summer = first.to_builder().incident(july).build().unwrap();
    let r = render(&catalog, &summer, "de-DE", "Europe/Berlin");
    assert!(
        r.text
            .contains("Beginn: Montag, 4. Juli 2022 um 08:30 Uhr MESZ"),
        "{}",
        r.text
    );
    // Arabic: the hour in words of the day, the zone by its city.
    let r = render(&catalog, first, "ar", "Asia/Riyadh");
    let line: String = r
        .text
        .lines()
        .find(|l| l.contains("2022"))
        .unwrap()
        .chars()
        .filter(|c| !matches!(c, '\u{2068}' | '\u{2069}'))
        .collect();
    assert!(line.ends_with("الساعة 10:30 ص بتوقيت الرياض"), "{line}");
}

#[test]
fn right_to_left_isolation_is_in_arabic_only() {
    let catalog = shipped();
    let notice = &creator_outage()[0];
    let isolation = |c: char| ('\u{2066}'..='\u{2069}').contains(&c);
    for (locale, zone) in READERS {
        let r = render(&catalog, notice, locale, zone);
        let marked = r.text.chars().any(isolation) || r.subject.chars().any(isolation);
        assert_eq!(
            marked,
            *locale == "ar",
            "{locale}: isolation marks present = {marked}"
        );
        assert_eq!(r.direction, if *locale == "ar" { "rtl" } else { "ltr" });
        let html_open = format!("<html lang=\"{locale}\" dir=\"{}\">", r.direction);
        assert!(r.html.contains(&html_open), "{locale}: {}", &r.html[..120]);
    }
    // The product name sits isolated inside the Arabic subject.
    let r = render(&catalog, notice, "ar", "Asia/Riyadh");
    assert!(
        r.subject.contains("\u{2068}Creator\u{2069}"),
        "{}",
        r.subject
    );
}

#[test]
fn every_value_placed_in_html_is_escaped() {
    let catalog = shipped();
    let notice = with_product(&creator_outage()[0], "<script>alert(1)</script> & Co")
        .to_builder()
        .status_page("https://status.example.com/?a=1&b=\"><img/src=x>")
        .details(Some(
            tidings::Details::new(
                [(
                    "en-US".parse().unwrap(),
                    "Line <b>one</b>\n\n<i>two</i> & \"three\"".to_owned(),
                )],
                "en-US".parse().unwrap(),
            )
            .unwrap(),
        ))
        .build()
        .unwrap();
    let r = render(&catalog, &notice, "en-US", "UTC");
    for raw in ["<script>", "<b>", "<i>", "<img"] {
        assert!(!r.html.contains(raw), "`{raw}` reached the HTML unescaped");
    }
    assert!(
        r.html
            .contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co")
    );
    assert!(
        r.html
            .contains("href=\"https://status.example.com/?a=1&amp;b=&quot;&gt;&lt;img/src=x&gt;\"")
    );
    assert!(
        r.html
            .contains("<p style=\"margin:0 0 16px;\">&lt;i&gt;two&lt;/i&gt; &amp; \"three\"</p>")
    );
    // The plain text is not HTML: it keeps the characters as they are.
    assert!(r.text.contains("<script>alert(1)</script> & Co"));
}

#[test]
fn html_reads_on_a_phone() {
    let catalog = shipped();
    let r = render(&catalog, &creator_outage()[1], "de-AT", "Europe/Vienna");
    assert!(
        r.html
            .starts_with("<!DOCTYPE html>\n<html lang=\"de-DE\" dir=\"ltr\">")
    );
    assert!(
        r.html
            .contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
    );
    assert!(r.html.contains("max-width:600px"));
    assert!(
        r.html
            .contains("<title>Creator: Ursache gefunden, wir arbeiten an einer Lösung</title>")
    );
    assert!(r.html.contains("<div lang=\"de-DE\" dir=\"ltr\">"));
}

#[test]
fn a_rendering_is_served_from_the_cache_the_second_time() {
    let catalog = Arc::new(shipped());
    let renderer = tidings::Renderer::new(Arc::clone(&catalog));
    let render = |notice: &tidings::Notice, tags: &str, zone: &str| {
        let tz = tidings::parse_time_zone(zone).unwrap();
        renderer.render(notice, &chain(&catalog, tags), &tz)
    };
    let notice = &creator_outage()[0];
    let a = render(notice, "nl-BE", "Europe/Brussels");
    let b = render(notice, "nl-BE nl", "Europe/Brussels");
    let c = render(notice, "nl-BE", "Europe/Amsterdam");
    assert!(Arc::ptr_eq(&a, &b), "same chain and zone: one rendering");
    assert!(!Arc::ptr_eq(&a, &c), "another zone: another rendering");
    assert_eq!(a.time_zone, "Europe/Brussels");
    assert_eq!(c.time_zone, "Europe/Amsterdam");
    assert_eq!(
        *a,
        catalog.render(
            notice,
            &chain(&catalog, "nl-BE"),
            &tidings::parse_time_zone("Europe/Brussels").unwrap()
        )
    );

    // An edited notice with the same revision is not served the old text.
    let edited = with_product(notice, "Creator Pro");
    let d = render(&edited, "nl-BE", "Europe/Brussels");
    assert!(d.subject.starts_with("Creator Pro"), "{}", d.subject);

    // A cache of zero keeps nothing.
    let uncached = tidings::Renderer::with_cache_capacity(Arc::clone(&catalog), 0);
    let tz = tidings::parse_time_zone("UTC").unwrap();
    let e = uncached.render(notice, &chain(&catalog, "nl"), &tz);
    let f = uncached.render(notice, &chain(&catalog, "nl"), &tz);
    assert!(!Arc::ptr_eq(&e, &f));
    assert_eq!(e, f);
}

#[test]
fn details_in_no_language_of_the_reader_fall_back_and_say_so() {
    let catalog = shipped();
    let outage = creator_outage();
    let notice = &outage[0];
    // Arabic readers of details written in every language but Arabic.
    let details = notice.details().unwrap();
    let texts = details
        .languages()
        .filter(|lang| lang.language.as_str() != "ar")
        .map(|lang| (lang.clone(), details.get(lang).unwrap().to_owned()));
    let without_arabic = notice
        .to_builder()
        .details(Some(
            tidings::Details::new(texts.collect::<Vec<_>>(), details.fallback().clone()).unwrap(),
        ))
        .build()
        .unwrap();
    let r = render(&catalog, &without_arabic, "ar", "Asia/Riyadh");
    assert_eq!(r.details_locale.as_deref(), Some("en-US"));
    assert!(
        r.text
            .contains("(لم تتوفر ترجمة هذا الجزء إلى اللغة العربية بعد.)"),
        "{}",
        r.text
    );
    assert!(r.text.contains("This started during a DDoS attack"));
    assert_eq!(r.notes, ["details are not in ar; shown in en-US"]);
    // With Arabic details, Arabic readers get them, with no note.
    let r = render(&catalog, notice, "ar", "Asia/Riyadh");
    assert_eq!(r.details_locale.as_deref(), Some("ar"));
    assert!(r.notes.is_empty(), "{:?}", r.notes);
    // A Dutch reader gets the Dutch details, with no note.
    let r = render(&catalog, notice, "nl-BE", "Europe/Brussels");
    assert_eq!(r.details_locale.as_deref(), Some("nl-NL"));
    assert!(r.notes.is_empty(), "{:?}", r.notes);
    // A Swedish reader who also reads German: the German details.
    let r = render(&catalog, notice, "sv-SE de", "Europe/Stockholm");
    assert_eq!(
        (r.locale.as_str(), r.details_locale.as_deref()),
        ("de-DE", Some("de-DE"))
    );
}

#[test]
fn plurals_follow_each_languages_rules() {
    let catalog = shipped();
    let mut notice = creator_outage()[0].clone();
    let next = |catalog: &tidings::Catalog, notice: &tidings::Notice, tags: &str| {
        let r = render(catalog, notice, tags, "UTC");
        let blocks: Vec<&str> = r.text.split("\n\n").collect();
        blocks[blocks.len() - 2].to_owned()
    };
    let cases: &[(u32, &str, &str)] = &[
        (1, "en-US", "We’ll post the next update within a minute."),
        (30, "en-US", "We’ll post the next update within 30 minutes."),
        (60, "en-US", "We’ll post the next update within an hour."),
        (120, "en-US", "We’ll post the next update within 2 hours."),
        (
            90,
            "en-US",
            "We’ll post the next update within an hour and a half.",
        ),
        (
            181,
            "en-US",
            "We’ll post the next update within 3 hours and 1 minute.",
        ),
        (
            1,
            "de-DE",
            "Das nächste Update folgt spätestens in einer Minute.",
        ),
        (
            5,
            "de-DE",
            "Das nächste Update folgt spätestens in fünf Minuten.",
        ),
        (
            13,
            "de-DE",
            "Das nächste Update folgt spätestens in 13 Minuten.",
        ),
        (1, "ar", "سنوافيكم بالتحديث التالي خلال دقيقة."),
        (2, "ar", "سنوافيكم بالتحديث التالي خلال دقيقتين."),
        (
            3,
            "ar",
            "سنوافيكم بالتحديث التالي خلال \u{2068}3\u{2069} دقائق.",
        ),
        (
            11,
            "ar",
            "سنوافيكم بالتحديث التالي خلال \u{2068}11\u{2069} دقيقة.",
        ),
        (
            59,
            "ar",
            "سنوافيكم بالتحديث التالي خلال \u{2068}59\u{2069} دقيقة.",
        ),
        (
            130,
            "ar",
            "سنوافيكم بالتحديث التالي خلال \u{2068}ساعتين\u{2069} و\u{2068}\u{2068}10\u{2069} دقائق\u{2069}.",
        ),
        (30, "ja-JP", "続報は30分以内にお知らせいたします。"),
    ];
    for (minutes, tags, expected) in cases {
        notice = notice
            .to_builder()
            .next_update_minutes(Some(*minutes))
            .build()
            .unwrap();
        assert_eq!(
            next(&catalog, &notice, tags),
            *expected,
            "{minutes} min in {tags}"
        );
    }
    // Without a promised time, a promise to write when anything changes.
    notice = notice
        .to_builder()
        .next_update_minutes(None)
        .build()
        .unwrap();
    assert_eq!(
        next(&catalog, &notice, "en-US"),
        "We’ll send you an update as soon as anything changes."
    );
}

#[test]
fn values_are_isolated_in_the_html_of_every_locale_and_plain_text_stays_clean() {
    let catalog = shipped();
    let notice = with_product(&creator_outage()[0], "كرييتور");
    for tags in ["nl-BE", "de", "ja", "en-US"] {
        let r = render(&catalog, &notice, tags, "Europe/Amsterdam");
        assert!(r.html.contains("<bdi>كرييتور</bdi>"), "{tags}: {}", r.html);
        for text in [&r.text, &r.subject, &r.title, &r.brief, &r.summary] {
            assert!(!text.contains(['\u{2068}', '\u{2069}']), "{tags}: {text}");
        }
    }
    // Arabic plain text keeps the marks a left-to-right value needs, but
    // never around a link, which mail clients would take into the URL.
    let r = render(&catalog, &creator_outage()[0], "ar", "Asia/Riyadh");
    assert!(r.text.contains('\u{2068}'));
    let url = "https://status.example.com/incidents/creator-2022-03-14";
    assert!(r.text.contains(url));
    assert!(!r.text.contains(&format!("\u{2068}{url}")), "{}", r.text);
    assert!(!r.text.contains(&format!("{url}\u{2069}")), "{}", r.text);
}

/// The notice about the same incident, with another product name.
fn with_product(notice: &tidings::Notice, product: &str) -> tidings::Notice {
    let incident = notice
        .incident()
        .to_builder()
        .product(product)
        .build()
        .unwrap();
    notice.to_builder().incident(incident).build().unwrap()
}

#[test]
fn a_notice_built_in_code_passes_the_checks_of_the_document_reader() {
    use jiff::Timestamp;
    use tidings::{Incident, Notice, Severity, Status};
    let started: Timestamp = "2022-03-14T07:30:00Z".parse().unwrap();
    let incident = Incident::builder("creator-2022-03-14", "Creator", Severity::Critical, started)
        .time_zone(tidings::parse_time_zone("Europe/Amsterdam").unwrap())
        .build()
        .unwrap();
    let notice = Notice::builder(incident.clone(), 1, Status::Investigating, started)
        .next_update_minutes(Some(30))
        .build()
        .unwrap();
    // What is built is what a document would hold: it reads back the same.
    let json = serde_json::to_string(&notice).unwrap();
    assert_eq!(serde_json::from_str::<Notice>(&json).unwrap(), notice);

    let refused = |b: tidings::notice::NoticeBuilder| b.build().unwrap_err().to_string();
    let base = || Notice::builder(incident.clone(), 1, Status::Investigating, started);
    assert!(refused(base().status_page("javascript:alert(1)")).contains("http:// or https://"));
    assert!(refused(base().revision(0)).contains("revision must be 1 or more"));
    let err = Incident::builder("c", "Creator\u{202E}", Severity::Minor, started)
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("direction-changing"), "{err}");
    let err = Incident::builder("c", "Creator", Severity::Minor, started)
        .time_zone(jiff::tz::TimeZone::fixed(jiff::tz::offset(2)))
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("IANA"), "{err}");
    assert!(
        Incident::builder(" ", "Creator", Severity::Minor, started)
            .build()
            .is_err()
    );
}

/// The first Creator notice, started and published at `at` (UTC), with
/// `status` (and for a planned status, maintenance severity).
fn at_time(at: &str, status: tidings::Status) -> tidings::Notice {
    let at: jiff::Timestamp = at.parse().unwrap();
    let base = &creator_outage()[0];
    let incident = tidings::Incident::builder(
        base.incident().id(),
        "Creator",
        tidings::Severity::Critical,
        at,
    )
    .build()
    .unwrap();
    let mut notice = tidings::Notice::builder(incident, 1, status, at);
    if status.is_final() {
        let later = at + jiff::SignedDuration::from_mins(95);
        notice = notice.resolved_at(later).published_at(later);
    }
    notice.build().unwrap()
}

#[test]
fn grammar_that_depends_on_a_value_follows_it() {
    use tidings::Status;
    let catalog = shipped();
    let line = |r: &tidings::Rendered, start: &str| -> String {
        r.text
            .lines()
            .find(|l| l.starts_with(start))
            .unwrap_or_else(|| panic!("no line starting {start:?} in\n{}", r.text))
            .to_owned()
    };
    // Spanish: "a la" one o'clock, "a las" any other hour.
    let one = render(
        &catalog,
        &at_time("2022-03-14T00:15:00Z", Status::Investigating),
        "es-ES",
        "Europe/Madrid",
    );
    assert!(
        line(&one, "Inicio:").contains("de 2022 a la 1:15 (hora de Europa central)"),
        "{}",
        line(&one, "Inicio:")
    );
    let two = render(
        &catalog,
        &at_time("2022-03-14T01:15:00Z", Status::Investigating),
        "es-ES",
        "Europe/Madrid",
    );
    assert!(
        line(&two, "Inicio:").contains("de 2022 a las 2:15 (hora de Europa central)"),
        "{}",
        line(&two, "Inicio:")
    );
    // Japanese: 発生 for an outage, 開始 for planned work; 影響時間 / 作業時間.
    let outage = render(
        &catalog,
        &at_time("2022-03-14T00:15:00Z", Status::Investigating),
        "ja",
        "Asia/Tokyo",
    );
    assert!(outage.text.contains("発生日時："), "{}", outage.text);
    let work = render(
        &catalog,
        &at_time("2022-03-14T00:15:00Z", Status::InProgress),
        "ja",
        "Asia/Tokyo",
    );
    assert!(work.text.contains("開始日時："), "{}", work.text);
    let done = render(
        &catalog,
        &at_time("2022-03-14T00:15:00Z", Status::Completed),
        "ja",
        "Asia/Tokyo",
    );
    assert!(done.text.contains("作業時間：1時間35分"), "{}", done.text);
    let fixed = render(
        &catalog,
        &at_time("2022-03-14T00:15:00Z", Status::Resolved),
        "ja",
        "Asia/Tokyo",
    );
    assert!(fixed.text.contains("影響時間：1時間35分"), "{}", fixed.text);
    // Italian: the article before the day.
    for (day, article) in [
        ("08", "l’8 marzo"),
        ("11", "l’11 marzo"),
        ("14", "il 14 marzo"),
    ] {
        let r = render(
            &catalog,
            &at_time(&format!("2022-03-{day}T10:00:00Z"), Status::Investigating),
            "it-IT",
            "Europe/Rome",
        );
        assert!(
            r.text.contains(&format!("pubblicato {article} 2022")),
            "{day}: {}",
            r.text
        );
    }
}

#[test]
fn the_impact_of_this_update_is_shown_in_every_locale() {
    let catalog = shipped();
    // Identified: the impact is shown until the incident recovers (not
    // under "is recovering", nor once it is over).
    let identified = &creator_outage()[1]
        .to_builder()
        .impact(tidings::Severity::Major)
        .build()
        .unwrap();
    let critical = identified
        .to_builder()
        .impact(tidings::Severity::Critical)
        .build()
        .unwrap();
    let minor = identified
        .to_builder()
        .impact(tidings::Severity::Minor)
        .build()
        .unwrap();
    for tags in [
        "en-US", "nl-NL", "de-DE", "fr-FR", "es-ES", "it-IT", "ja-JP", "ar",
    ] {
        let lines: Vec<String> = [&critical, identified, &minor]
            .iter()
            .map(|n| {
                render(&catalog, n, tags, "UTC")
                    .text
                    .lines()
                    .nth(1)
                    .unwrap()
                    .to_owned()
            })
            .collect();
        assert!(
            lines[0] != lines[1] && lines[1] != lines[2] && lines[0] != lines[2],
            "{tags}: the impact line follows the update: {lines:?}"
        );
        // While it recovers, no impact line: "is down" would contradict it.
        let recovering = &creator_outage()[2];
        let was_critical = recovering
            .to_builder()
            .impact(tidings::Severity::Critical)
            .build()
            .unwrap();
        assert_eq!(
            render(&catalog, recovering, tags, "UTC").text,
            render(&catalog, &was_critical, tags, "UTC").text,
            "{tags}"
        );
    }
}

#[test]
fn pseudo_locales_render_every_message() {
    use tidings::Status;
    let catalog = tidings::Catalog::builder()
        .pseudo_locales()
        .build()
        .unwrap();
    let mut notices = creator_outage();
    for status in [Status::Scheduled, Status::InProgress, Status::Completed] {
        notices.push(at_time("2022-03-14T00:15:00Z", status));
    }
    for notice in &notices {
        let english = render(&catalog, notice, "en-US", "UTC");
        let xa = render(&catalog, notice, "en-XA", "UTC");
        assert_eq!(xa.locale, "en-XA");
        assert!(
            xa.notes.iter().all(|n| !n.contains("fell back")),
            "{:?}",
            xa.notes
        );
        assert_ne!(xa.subject, english.subject);
        // Message text only: the details, dates and links are not the
        // catalog's to stretch (the in-app text of planned work names its
        // window, so the title and summary are measured).
        let measured =
            |r: &tidings::Rendered| (r.title.chars().count() + r.summary.chars().count()) as f64;
        let ratio = measured(&xa) / measured(&english);
        assert!(ratio > 1.2, "en-XA is longer: {ratio}");
        let xb = render(&catalog, notice, "ar-XB", "UTC");
        assert_eq!(
            (xb.locale.as_str(), xb.direction.as_str()),
            ("ar-XB", "rtl")
        );
        assert!(xb.subject.contains('\u{202E}'), "{}", xb.subject);
    }
    assert!(
        shipped()
            .locales()
            .iter()
            .all(|l| l.region.as_ref().map(|r| r.as_str()) != Some("XA")),
        "only on request"
    );
}

#[test]
fn the_first_of_the_month_is_an_ordinal_where_a_language_says_so() {
    use tidings::Status;
    let catalog = shipped();
    let notice = at_time("2022-03-01T00:15:00Z", Status::Investigating);
    let it = render(&catalog, &notice, "it-IT", "Europe/Rome");
    assert!(
        it.text
            .contains("pubblicato il 1º marzo 2022 all’1:15 (ora dell’Europa centrale)"),
        "{}",
        it.text
    );
    let fr = render(&catalog, &notice, "fr-FR", "Europe/Paris");
    let nbsp = '\u{a0}';
    assert!(
        fr.text.contains(&format!(
            "Début{nbsp}: mardi 1er mars 2022 à 1{nbsp}h{nbsp}15 (heure d’Europe centrale)"
        )),
        "{}",
        fr.text
    );
    assert!(fr.text.contains("publiée le 1er mars 2022"), "{}", fr.text);
}

/// The four updates of planned work, and its cancellation.
fn creator_maintenance() -> Vec<tidings::Notice> {
    let dir = root().join("examples/data/creator-maintenance");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    let mut notices: Vec<tidings::Notice> = files.iter().map(|f| notice_file(f)).collect();
    let cancelled = tidings::Notice::builder(
        notices[0].incident().clone(),
        2,
        tidings::Status::Cancelled,
        "2026-03-24T15:00:00+01:00".parse().unwrap(),
    )
    .status_page(
        notices[0]
            .status_page()
            .unwrap_or("https://status.example.com/"),
    )
    .build()
    .unwrap();
    notices.push(cancelled);
    // Its reminders as the moved work's came due: a day, an hour and 90
    // minutes before (three units, three plural forms of most languages).
    let moved = notices[1].clone();
    notices.extend([2880, 60, 90].map(|m| moved.as_reminder(m)));
    notices
}

#[test]
fn planned_work_reads_as_written_in_every_locale() {
    let catalog = shipped();
    let notices = creator_maintenance();
    for (locale, _) in READERS {
        let mut out = String::new();
        for zone in ["Europe/Amsterdam", "America/New_York"] {
            for notice in &notices {
                let r = render(&catalog, notice, locale, zone);
                assert!(
                    r.notes.is_empty() || *locale == "ar",
                    "{locale}: {:?}",
                    r.notes
                );
                out.push_str(&format!(
                    "=== revision {} ({}) in {zone}\nSubject: {}\n\n{}\nIn-app: {}\n{}\n\n",
                    notice.revision(),
                    notice.status().as_str(),
                    r.subject,
                    r.text,
                    r.title,
                    r.brief
                ));
            }
        }
        golden(&format!("creator-maintenance/{locale}.txt"), &out);
    }
}

/// Work from 01:00 CET to 04:00 CEST is not "01:00–04:00 CEST": every
/// locale names the zone of a window the same way on both sides of the
/// change to summer time.
#[test]
fn a_window_across_the_change_to_summer_time_names_one_zone() {
    let catalog = shipped();
    let across = creator_maintenance()[4].clone();
    let incident = across.incident();
    let winter = tidings::Incident::builder(
        incident.id(),
        incident.product(),
        incident.severity(),
        "2026-03-22T01:00:00+01:00".parse().unwrap(),
    )
    .ends_at("2026-03-22T03:00:00+01:00".parse().unwrap())
    .build()
    .unwrap();
    let winter = across.to_builder().incident(winter).build().unwrap();
    // What follows the last digit of the end time: the zone, then the
    // sentence's end (the in-app body of a cancellation holds the window).
    let zone = |notice: &tidings::Notice, locale: &str| {
        let brief = render(&catalog, notice, locale, "Europe/Amsterdam").brief;
        let at = brief.rfind(|c: char| c.is_ascii_digit()).unwrap();
        brief[at + 1..].to_owned()
    };
    for (locale, _) in READERS {
        assert_eq!(
            zone(&across, locale),
            zone(&winter, locale),
            "{locale}: {}",
            render(&catalog, &across, locale, "Europe/Amsterdam").brief
        );
        // Nor by the name of one season: "CET" or "MEZ" reads as winter
        // time, wrong for most of the year.
        let label = zone(&across, locale);
        let seasonal = ["CET", "CEST", "MEZ", "MESZ"];
        assert!(
            !label
                .split(|c: char| !c.is_alphanumeric())
                .any(|word| seasonal.contains(&word))
                && !label.contains("Mitteleuropäische Zeit"),
            "{locale}: {label}"
        );
    }
}

/// A zone with no place (UTC, Etc/GMT+5) is named by its offset, never as
/// CLDR's "Unknown City" in any language.
#[test]
fn a_zone_without_a_city_is_never_unknown() {
    let catalog = shipped();
    let mut notices = support::creator_outage();
    notices.extend(creator_maintenance());
    let unknown = [
        "Unknown",
        "unknown",
        "غير معروف",
        "desconocid",
        "inconnu",
        "sconosciut",
        "Unbekannt",
        "onbekend",
        "不明",
    ];
    for (locale, _) in READERS {
        for zone in [
            "UTC",
            "Etc/GMT+5",
            "America/Argentina/Buenos_Aires",
            "Asia/Kolkata",
        ] {
            for notice in &notices {
                let r = render(&catalog, notice, locale, zone);
                for text in [&r.text, &r.brief, &r.subject, &r.summary] {
                    assert!(
                        !unknown.iter().any(|u| text.contains(u)),
                        "{locale} in {zone}: {text}"
                    );
                }
            }
        }
    }
}

/// A date format ICU4X's own data cannot complete (Portuguese month with
/// year does not load its digits, and a debug build of ICU4X panics on it)
/// falls back to an ISO date: a translator's message never panics.
#[test]
fn a_date_format_icu_cannot_complete_falls_back_instead_of_panicking() {
    let catalog = tidings::Catalog::builder()
        .source(
            "pt-BR",
            "mine/pt-BR/tidings.ftl",
            "started-at = Início: { DATETIME($started, month: \"long\", year: \"numeric\") }\n",
        )
        .build()
        .unwrap();
    let r = render(&catalog, &creator_outage()[0], "pt-BR", "America/Sao_Paulo");
    let line = r.text.lines().find(|l| l.starts_with("Início:")).unwrap();
    assert!(line.contains("2022"), "{line}");
}
