//! The Atom feed in every shipped language, read back by parsers tidings
//! did not write: Python's feedparser (no `bozo` error allowed) and lxml
//! validating against the RELAX NG schema of RFC 4287 (Appendix B,
//! `tests/data/atom/atom.rnc`, converted by rnc2rng).

mod support;

use std::sync::Arc;

use support::python::python;
use support::*;
use tidings::feed::Feed;
use tidings::ledger::{Ledger, LedgerReader};
use tidings::store::memory::MemoryLedger;
use tidings::{LanguagePreferences, Notice};

const FEED: &str = "https://status.example.com/feed.atom";

/// Every update of the Creator outage and of the planned maintenance.
fn notices() -> Vec<Notice> {
    let mut all = creator_outage();
    let dir = root().join("examples/data/creator-maintenance");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    all.extend(files.iter().map(|f| notice_file(f)));
    all
}

fn feed_in(locale: &str, notices: &[Notice]) -> String {
    let catalog = shipped();
    let chain = catalog.negotiate(&LanguagePreferences::from_tags([locale]).unwrap());
    let zone = tidings::parse_time_zone("Europe/Amsterdam").unwrap();
    Feed::builder(format!("{FEED}?lang={locale}"), "Creator")
        .status_page("https://status.example.com/")
        .build()
        .atom(&catalog, notices, &chain, &zone)
}

/// feedparser and the RFC's schema on each file; what feedparser read, as
/// JSON, one object per file.
fn parse(files: &[std::path::PathBuf]) -> Vec<serde_json::Value> {
    let script = r#"
import json, sys, feedparser, rnc2rng, lxml.etree as et
rnc = open(sys.argv[1], encoding="utf-8").read()
# rnc2rng declares the empty namespace with a prefix, which XML does not
# allow; the patterns that use it name it as ns="".
rng = rnc2rng.dumps(rnc2rng.loads(rnc)).replace('xmlns:local=""', "")
schema = et.RelaxNG(et.fromstring(rng.encode()))
out = []
for path in sys.argv[2:]:
    data = open(path, "rb").read()
    doc = et.fromstring(data)
    if not schema.validate(doc):
        sys.exit(f"{path}: not valid Atom: {schema.error_log}")
    # The schema can refuse: without its updated element, a feed is not Atom.
    broken = et.fromstring(data)
    broken.remove(broken.find("{http://www.w3.org/2005/Atom}updated"))
    assert not schema.validate(broken), "the schema refuses a feed without updated"
    parsed = feedparser.parse(data)
    if parsed.bozo:
        sys.exit(f"{path}: feedparser: {parsed.bozo_exception}")
    out.append({
        "version": parsed.version,
        "language": parsed.feed.get("language"),
        "title": parsed.feed.title,
        "entries": [
            {"id": e.id, "title": e.title, "updated": e.updated,
             "published": e.published, "link": e.link,
             "language": e.get("language"),
             "content": e.content[0].value, "summary": e.summary}
            for e in parsed.entries
        ],
    })
print(json.dumps(out))
"#;
    let out = python()
        .args(["-c", script])
        .arg(root().join("tests/data/atom/atom.rnc"))
        .args(files)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn the_feed_is_valid_atom_in_every_language() {
    let notices = notices();
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for locale in tidings::l10n::SHIPPED_LOCALES {
        let xml = feed_in(locale, &notices);
        let path = dir.path().join(format!("{locale}.xml"));
        std::fs::write(&path, &xml).unwrap();
        files.push(path);
        // Right-to-left text is marked as such.
        let rtl = locale.starts_with("ar");
        assert_eq!(xml.contains(r#"dir="rtl""#), rtl, "{locale}");
    }
    let parsed = parse(&files);
    let catalog = shipped();
    for (locale, feed) in tidings::l10n::SHIPPED_LOCALES.iter().zip(&parsed) {
        assert_eq!(feed["version"], "atom10", "{locale}");
        assert_eq!(feed["language"], *locale, "{locale}");
        let entries = feed["entries"].as_array().unwrap();
        // One entry per incident: the outage and the maintenance.
        assert_eq!(entries.len(), 2, "{locale}: {feed}");
        let chain = catalog.negotiate(&LanguagePreferences::from_tags([*locale]).unwrap());
        let zone = tidings::parse_time_zone("Europe/Amsterdam").unwrap();
        for entry in entries {
            // The title is the latest update's, in the reader's language,
            // and its text holds every update's line.
            let incident: Vec<&Notice> = notices
                .iter()
                .filter(|n| entry["title"] == catalog.render(n, &chain, &zone).title.as_str())
                .collect();
            assert!(!incident.is_empty(), "{locale}: {}", entry["title"]);
            let latest = incident[0];
            let revisions: Vec<&Notice> = notices
                .iter()
                .filter(|n| n.incident().id() == latest.incident().id())
                .collect();
            let content = entry["content"].as_str().unwrap();
            for n in &revisions {
                let line = catalog
                    .render(n, &chain, &zone)
                    .times
                    .last()
                    .cloned()
                    .unwrap();
                assert!(content.contains(&line), "{locale}: {line} in {content}");
            }
        }
    }
    // Ids are stable from one reading to the next, and differ per incident.
    let again = parse(&files[..1]);
    let ids = |f: &serde_json::Value| -> Vec<String> {
        f["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(ids(&again[0]), ids(&parsed[0]));
    assert_ne!(ids(&parsed[0])[0], ids(&parsed[0])[1]);
}

#[test]
fn an_update_changes_its_entry_not_the_feed_s_shape() {
    let all = notices();
    let outage: Vec<Notice> = all
        .iter()
        .filter(|n| n.incident().id() == "creator-2022-03-14")
        .cloned()
        .collect();
    let first = parse_one(&feed_in("en-US", &outage[..1]));
    let later = parse_one(&feed_in("en-US", &outage));
    let (a, b) = (&first["entries"][0], &later["entries"][0]);
    assert_eq!(a["id"], b["id"], "the same entry");
    assert_ne!(a["updated"], b["updated"], "updated as it moves");
    assert_eq!(a["published"], b["published"], "published when it began");
    assert!(b["title"].as_str().unwrap().contains("Resolved"), "{b}");
}

fn parse_one(xml: &str) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("feed.xml");
    std::fs::write(&path, xml).unwrap();
    parse(&[path]).remove(0)
}

#[tokio::test]
async fn the_feed_is_made_from_the_notices_the_ledger_keeps() {
    let ledger = Arc::new(MemoryLedger::new());
    let notices = notices();
    for n in &notices {
        ledger.record_notice(n).await.unwrap();
    }
    let kept = ledger.notices().await.unwrap();
    assert_eq!(kept.len(), notices.len());
    assert_eq!(feed_in("nl-NL", &kept), feed_in("nl-NL", &notices));
    // Per product: only what it follows.
    let catalog = shipped();
    let chain = catalog.negotiate(&LanguagePreferences::from_tags(["en"]).unwrap());
    let zone = tidings::parse_time_zone("UTC").unwrap();
    let only = Feed::builder(FEED, "Creator")
        .product("Nothing we run")
        .build()
        .atom(&catalog, &kept, &chain, &zone);
    assert!(!only.contains("<entry>"), "{only}");
    let parsed = parse_one(&only);
    assert_eq!(parsed["entries"].as_array().unwrap().len(), 0);
}
