//! `/feed.atom` through the service: in the language asked for by name or
//! by the browser, from the notices the service sent, updated as the
//! incident moves, with the same entry id.

use crate::service::{Service, publish};

fn entry<'a>(xml: &'a str, element: &str) -> &'a str {
    let entry = &xml[xml.find("<entry>").expect("an entry")..];
    let open = format!("<{element}");
    let start = entry.find(&open).unwrap();
    let text = &entry[start..];
    let text = &text[text.find('>').unwrap() + 1..];
    &text[..text.find(&format!("</{element}>")).unwrap()]
}

#[tokio::test]
async fn the_feed_follows_the_incident_in_the_readers_language() {
    let dir = tempfile::tempdir().unwrap();
    let service = Service::start_with(dir.path(), &["--site-name", "Creator"]);
    let http = reqwest::Client::new();
    let get = |query: &str, accept: Option<&str>| {
        let mut request = http.get(service.url(&format!("/feed.atom{query}")));
        if let Some(accept) = accept {
            request = request.header("accept-language", accept);
        }
        request.send()
    };

    // Nothing sent yet: a valid, empty feed.
    let empty = get("", None).await.unwrap();
    assert_eq!(empty.status(), 200);
    assert_eq!(
        empty.headers()["content-type"],
        "application/atom+xml; charset=utf-8"
    );
    assert!(!empty.text().await.unwrap().contains("<entry>"));

    publish(&http, &service, 1).await;
    // By the browser's language, and by name (which wins).
    let dutch = get("", Some("nl-BE,nl;q=0.9,en;q=0.5")).await.unwrap();
    assert_eq!(dutch.headers()["content-language"], "nl-NL");
    assert_eq!(dutch.headers()["vary"], "Accept-Language");
    let dutch = dutch.text().await.unwrap();
    assert!(dutch.contains(r#"xml:lang="nl-NL""#), "{dutch}");
    assert!(entry(&dutch, "title").contains("Creator"), "{dutch}");
    let arabic = get("?lang=ar&tz=Asia/Riyadh", Some("nl")).await.unwrap();
    assert_eq!(arabic.headers()["content-language"], "ar");
    let arabic = arabic.text().await.unwrap();
    assert!(arabic.contains(r#"dir="rtl""#), "{arabic}");
    assert!(
        arabic.contains("الرياض"),
        "times in the zone asked for: {arabic}"
    );

    // The next update changes the entry, not its id.
    publish(&http, &service, 2).await;
    let later = get("?lang=nl", None).await.unwrap().text().await.unwrap();
    assert_eq!(entry(&later, "id"), entry(&dutch, "id"));
    assert_ne!(entry(&later, "updated"), entry(&dutch, "updated"));
    assert_eq!(later.matches("<entry>").count(), 1);

    // Questions that cannot be answered are refused with why.
    let bad = get("?tz=Mars/Olympus", None).await.unwrap();
    assert_eq!(bad.status(), 400);
    let long = format!("?product={}", "x".repeat(500));
    assert_eq!(get(&long, None).await.unwrap().status(), 400);
    service.stop();
}
