//! `/status` through the service, without a browser: whole without
//! JavaScript, in the visitor's language and zone, and `/status/events`
//! says when a notice is published.

use crate::service::{Service, notice, publish};

fn title(tags: &str, revision: u32) -> String {
    let catalog = tidings::Catalog::shipped().unwrap();
    let n: tidings::Notice = serde_json::from_str(&notice(revision)).unwrap();
    let chain = catalog.negotiate(&tidings::LanguagePreferences::from_tags([tags]).unwrap());
    let zone = tidings::parse_time_zone("UTC").unwrap();
    catalog.render(&n, &chain, &zone).title
}

#[tokio::test]
async fn the_status_page_is_whole_without_script_and_says_when_it_changes() {
    let dir = tempfile::tempdir().unwrap();
    let service = Service::start_with(dir.path(), &["--site-name", "Creator"]);
    let http = reqwest::Client::new();

    // Someone watching for changes.
    let events = http
        .get(service.url("/status/events"))
        .send()
        .await
        .unwrap();
    assert_eq!(events.headers()["content-type"], "text/event-stream");
    let mut events = events;

    publish(&http, &service, 1).await;
    let mut seen = String::new();
    while !seen.contains("event: changed") {
        let chunk = tokio::time::timeout(std::time::Duration::from_secs(30), events.chunk())
            .await
            .expect("an event within 30 s")
            .unwrap()
            .expect("the stream stays open");
        seen.push_str(&String::from_utf8_lossy(&chunk));
    }

    let page = http
        .get(service.url("/status?tz=Asia/Riyadh"))
        .header("accept-language", "ar,en;q=0.5")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert_eq!(page.headers()["content-language"], "ar");
    let policy = page.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(policy.contains("default-src 'none'"), "{policy}");
    let html = page.text().await.unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains(r#"<html lang="ar" dir="rtl">"#), "{html}");
    assert!(html.contains(&title("ar", 1)), "{html}");
    assert!(html.contains("الرياض"), "times in the zone asked for");
    assert!(
        html.contains(r#"href="/feed.atom?lang=ar""#),
        "linked to its feed"
    );

    // Every update of an incident is on the page.
    publish(&http, &service, 2).await;
    let html = http
        .get(service.url("/status?lang=nl"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains(&title("nl", 2)), "{html}");
    assert!(html.contains("<details>"), "the earlier update: {html}");
    // The script's part: the main element alone.
    let part = http
        .get(service.url("/status?lang=nl&part=main"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(part.starts_with("<main id=\"status\">") && part.ends_with("</main>"));

    let bad = http
        .get(service.url("/status?tz=Nowhere/Atlantis"))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
    service.stop();
}
