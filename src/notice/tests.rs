//! The notice's own tests: construction, documents, and what it decides.

use super::*;
use crate::recipient::LanguagePreferences;
use unic_langid::LanguageIdentifier;

const DOC: &str = r#"
[incident]
id = "creator-2022-03-14"
product = "Creator"
severity = "critical"
started_at = "2022-03-14T08:30:00+01:00"
time_zone = "Europe/Amsterdam"

[notice]
revision = 4
status = "resolved"
published_at = "2022-03-16T09:15:00+01:00"
status_page = "https://status.example.com/i/1"

[notice.details]
"nl-NL" = "Opgelost."
"en-US" = "Resolved."
"#;

fn parse(doc: &str) -> Result<Notice, String> {
    toml::from_str(doc).map_err(|e| e.to_string())
}

#[test]
fn a_notice_document_reads_and_writes_back_the_same() {
    let notice = parse(DOC).unwrap();
    assert_eq!(
        notice.incident.started_at.to_string(),
        "2022-03-14T07:30:00Z"
    );
    assert_eq!(notice.status, Status::Resolved);
    assert_eq!(notice.time_zone().iana_name(), Some("Europe/Amsterdam"));
    // No resolved_at: publication stands in for a final status.
    assert_eq!(notice.resolved_at(), Some(notice.published_at));
    let details = notice.details.as_ref().unwrap();
    assert_eq!(
        details.fallback().to_string(),
        "en-US",
        "en-US when present"
    );
    let mut langs: Vec<String> = details.languages().map(|l| l.to_string()).collect();
    langs.sort();
    assert_eq!(langs, ["en-US", "nl-NL"]);

    let json = serde_json::to_string(&notice).unwrap();
    let back: Notice = serde_json::from_str(&json).unwrap();
    assert_eq!(back, notice);
    assert_eq!(back.fingerprint(), notice.fingerprint());
}

#[test]
fn bad_notices_are_refused_with_the_reason() {
    let cases = [
        ("revision = 4", "revision = 0", "revision must be 1 or more"),
        (
            "https://status.example.com/i/1",
            "javascript:alert(1)",
            "must be an absolute http:// or https:// URL",
        ),
        (
            "\"en-US\" = \"Resolved.\"",
            "\"xx yy\" = \"?\"",
            "`xx yy` is not a valid language tag",
        ),
        ("Europe/Amsterdam", "Mars/Olympus_Mons", "Mars/Olympus_Mons"),
        (
            "status = \"resolved\"",
            "status = \"fixed\"",
            "unknown variant `fixed`",
        ),
        (
            "revision = 4",
            "revision = 4\nrevison = 5",
            "unknown field `revison`",
        ),
        (
            "product = \"Creator\"",
            "product = \"Creator\\r\\nBcc: x@evil.test\"",
            "the product `Creator\\r\\nBcc: x@evil.test` contains a control character",
        ),
    ];
    for (from, to, reason) in cases {
        let err = parse(&DOC.replace(from, to)).unwrap_err();
        assert!(err.contains(reason), "{to:?}: {err}");
    }
    let no_fallback = DOC.replace(
        "[notice.details]",
        "details_fallback = \"de-DE\"\n[notice.details]",
    );
    let err = parse(&no_fallback).unwrap_err();
    assert!(
        err.contains("fall back to `de-DE`, but there is no text"),
        "{err}"
    );
}

#[test]
fn details_are_chosen_for_the_reader() {
    let notice = parse(DOC).unwrap();
    let details = notice.details.unwrap();
    let tags = |t: &[&str]| {
        t.iter()
            .map(|t| t.parse().unwrap())
            .collect::<Vec<LanguageIdentifier>>()
    };
    assert_eq!(details.for_reader(&tags(&["nl-NL"])).1, "Opgelost.");
    assert_eq!(
        details.for_reader(&tags(&["de-DE", "en-US"])).1,
        "Resolved."
    );
    assert_eq!(
        details.for_reader(&tags(&["ja-JP"])),
        (&"en-US".parse().unwrap(), "Resolved.", false)
    );
    assert!(!details.for_reader(&[]).2);
}

#[test]
fn unknown_time_zone_falls_back_to_the_notices_and_says_so() {
    let notice: Notice = serde_json::from_value(serde_json::json!({
        "incident": {"id": "i", "product": "P", "severity": "minor",
                     "started_at": "2022-03-14T07:30:00Z", "time_zone": "Europe/Amsterdam"},
        "notice": {"revision": 1, "status": "investigating", "published_at": "2022-03-14T07:52:00Z"}
    }))
    .unwrap();
    let mut r = Recipient {
        id: "c1".into(),
        name: "Ada".into(),
        languages: LanguagePreferences::default(),
        time_zone: Some("Mars/Olympus_Mons".into()),
        addresses: vec![],
        audience: Default::default(),
    };
    let (tz, err) = notice.time_zone_for(&r);
    assert_eq!(tz.iana_name(), Some("Europe/Amsterdam"));
    assert_eq!(
        err,
        Some(InputError::TimeZone {
            name: "Mars/Olympus_Mons".into()
        })
    );
    r.time_zone = Some("Asia/Tokyo".into());
    assert_eq!(notice.time_zone_for(&r).0.iana_name(), Some("Asia/Tokyo"));
    r.time_zone = None;
    assert_eq!(
        notice.time_zone_for(&r).0.iana_name(),
        Some("Europe/Amsterdam")
    );
}

#[test]
fn an_incident_names_the_components_it_affects() {
    let doc = DOC.replace(
        "time_zone = \"Europe/Amsterdam\"\n",
        "time_zone = \"Europe/Amsterdam\"\ncomponents = [\"Editor\", \"Published sites\"]\n",
    );
    let notice = parse(&doc).unwrap();
    assert_eq!(
        notice.incident().components(),
        ["Editor", "Published sites"]
    );
    // Written back and read again, in TOML and JSON alike.
    let toml_again: Notice = toml::from_str(&toml::to_string(&notice).unwrap()).unwrap();
    assert_eq!(toml_again, notice);
    let json = serde_json::to_string(&notice).unwrap();
    assert!(
        json.contains(r#""components":["Editor","Published sites"]"#),
        "{json}"
    );
    assert_eq!(serde_json::from_str::<Notice>(&json).unwrap(), notice);
    // None named: the whole product, and nothing written.
    let whole = parse(DOC).unwrap();
    assert!(whole.incident().components().is_empty());
    assert!(
        !serde_json::to_string(&whole)
            .unwrap()
            .contains("components")
    );
    // Another set is another text of the revision.
    assert_ne!(whole.fingerprint(), notice.fingerprint());
    // In code, with the same checks.
    let built = whole
        .incident()
        .to_builder()
        .components(["Editor", "Published sites"])
        .build()
        .unwrap();
    assert_eq!(&built, notice.incident());
}

#[test]
fn bad_components_are_refused_with_the_reason() {
    let incident = parse(DOC).unwrap().incident().clone();
    let refused = |components: Vec<String>| {
        incident
            .to_builder()
            .components(components)
            .build()
            .unwrap_err()
    };
    assert_eq!(
        refused(vec!["Editor".into(), "editor ".into()]),
        InputError::DuplicateComponent {
            name: "editor ".into()
        }
    );
    assert_eq!(
        refused(vec![" ".into()]),
        InputError::Empty { field: "component" }
    );
    assert!(matches!(
        refused(vec!["Edi\ntor".into()]),
        InputError::ControlCharacter { .. }
    ));
    assert!(matches!(
        refused(vec!["Edi\u{202E}tor".into()]),
        InputError::InvisibleCharacter { .. }
    ));
    let many: Vec<String> = (0..=MAX_COMPONENTS).map(|n| format!("c{n}")).collect();
    assert_eq!(
        refused(many),
        InputError::TooManyComponents {
            count: MAX_COMPONENTS + 1,
            limit: MAX_COMPONENTS
        }
    );
    let doc = DOC.replace(
        "time_zone = \"Europe/Amsterdam\"\n",
        "time_zone = \"Europe/Amsterdam\"\ncomponents = [\"Editor\", \"EDITOR\"]\n",
    );
    let err = parse(&doc).unwrap_err();
    assert!(err.contains("`EDITOR` is named twice"), "{err}");
}

const PLANNED: &str = r#"
[incident]
id = "creator-maintenance"
product = "Creator"
severity = "maintenance"
started_at = "2026-03-01T01:00:00+01:00"
ends_at = "2026-03-01T03:00:00+01:00"

[notice]
revision = 2
status = "scheduled"
published_at = "2026-02-20T10:00:00+01:00"
rescheduled_from = { starts = "2026-02-22T23:00:00+01:00", ends = "2026-02-23T02:00:00+01:00" }
"#;

#[test]
fn planned_work_has_a_window_and_may_say_where_it_moved_from() {
    let notice = parse(PLANNED).unwrap();
    let window = notice.window();
    assert_eq!(window.starts.to_string(), "2026-03-01T00:00:00Z");
    assert_eq!(window.ends.unwrap().to_string(), "2026-03-01T02:00:00Z");
    let before = notice.rescheduled_from().unwrap();
    assert_eq!(before.starts.to_string(), "2026-02-22T22:00:00Z");
    let back: Notice = serde_json::from_str(&serde_json::to_string(&notice).unwrap()).unwrap();
    assert_eq!(back, notice);
    assert_ne!(
        notice.fingerprint(),
        parse(&PLANNED.replace("03:00:00+01:00\"\n", "04:00:00+01:00\"\n"))
            .unwrap()
            .fingerprint(),
        "another end is another text"
    );
}

#[test]
fn a_window_that_cannot_be_is_refused() {
    let end_first = PLANNED.replace(
        "ends_at = \"2026-03-01T03:00:00+01:00\"",
        "ends_at = \"2026-03-01T00:30:00+01:00\"",
    );
    let err = parse(&end_first).unwrap_err();
    assert!(
        err.contains("the planned end must come after the start"),
        "{err}"
    );
    let outage = PLANNED.replace("severity = \"maintenance\"", "severity = \"major\"");
    let err = parse(&outage).unwrap_err();
    assert!(err.contains("only planned work"), "{err}");
    let started = PLANNED.replace("status = \"scheduled\"", "status = \"in-progress\"");
    let err = parse(&started).unwrap_err();
    assert!(
        err.contains("only a notice of status scheduled moves"),
        "{err}"
    );
    let cancelled = PLANNED
        .replace("status = \"scheduled\"", "status = \"cancelled\"")
        .replace("rescheduled_from", "# rescheduled_from");
    let notice = parse(&cancelled).unwrap();
    assert!(notice.status.is_final() && notice.status.is_planned());
}
