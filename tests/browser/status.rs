//! The public status page in Dutch and Arabic, a new update arriving live,
//! and axe-core (from the npm registry) run inside Chromium on the status
//! page, a customer's inbox page and an email's HTML: no violations.

use std::path::PathBuf;
use std::process::Command;

use super::*;

/// axe-core's browser build, fetched from the npm registry once into the
/// target directory.
fn axe_source() -> String {
    const VERSION: &str = "4.10.3";
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("axe-core");
    let script = dir.join(VERSION).join("package/axe.min.js");
    if !script.exists() {
        std::fs::create_dir_all(dir.join(VERSION)).unwrap();
        let packed = Command::new("npm")
            .args([
                "pack",
                &format!("axe-core@{VERSION}"),
                "--silent",
                "--pack-destination",
            ])
            .arg(&dir)
            .output()
            .expect("npm runs (Node.js and npm, from Debian's packages or nodejs.org)");
        assert!(
            packed.status.success(),
            "npm pack axe-core: {}",
            String::from_utf8_lossy(&packed.stderr)
        );
        let unpacked = Command::new("tar")
            .arg("xzf")
            .arg(dir.join(format!("axe-core-{VERSION}.tgz")))
            .arg("-C")
            .arg(dir.join(VERSION))
            .arg("package/axe.min.js")
            .status()
            .unwrap();
        assert!(unpacked.success());
    }
    std::fs::read_to_string(script).unwrap()
}

/// Runs every axe-core rule on the open page; the violations, each as
/// "rule: where (why)".
async fn violations(client: &Client, axe: &str) -> Vec<String> {
    client.execute(axe, vec![]).await.unwrap();
    let found = client
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
               axe.run(document).then(
                 (r) => done(r.violations.flatMap((v) => v.nodes.map(
                   (n) => v.id + ": " + n.target.join(" ") + " (" + n.failureSummary + ")"))),
                 (e) => done(["axe failed: " + e]));"#,
            vec![],
        )
        .await
        .unwrap();
    serde_json::from_value(found).unwrap()
}

async fn status_page(client: &Client, service: &Service, query: &str) {
    client
        .goto(&service.url(&format!("/status{query}")))
        .await
        .unwrap();
    client
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css("main#status h1"))
        .await
        .unwrap();
}

/// The title of the newest incident on the page.
const FIRST_TITLE: &str = "const h = document.querySelector('section[aria-labelledby=current] article h3'); return h ? h.textContent : null";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_status_page_is_live_in_dutch_and_arabic_and_everything_passes_axe() {
    let axe = axe_source();
    let dir = tempfile::tempdir().unwrap();
    let profile = tempfile::tempdir().unwrap();
    // An in-app customer in every shipped language, for their inbox pages.
    let mut customers = String::from(
        "id,name,languages,time_zone,email,webhook_url,webhook_secret,in_app\n\
         c-nl,Jansen Bloemen B.V.,nl-NL nl en,Europe/Amsterdam,,,,yes\n\
         c-ar,شركة النور,ar,Asia/Riyadh,,,,yes\n",
    );
    for locale in tidings::l10n::SHIPPED_LOCALES {
        customers.push_str(&format!("c-{locale},Customer,{locale},UTC,,,,yes\n"));
    }
    std::fs::write(dir.path().join("customers.csv"), customers).unwrap();
    let service = Service::start_with(dir.path(), &["--site-name", "Creator"]);
    let http = reqwest::Client::new();
    let driver = Driver::start();
    let client = browser(&driver, profile.path()).await;
    let catalog = tidings::Catalog::shipped().unwrap();
    let title_in = |tags: &str, revision: u32| {
        let notice: tidings::Notice = serde_json::from_str(&service::notice(revision)).unwrap();
        let chain = catalog.negotiate(&tidings::LanguagePreferences::from_tags([tags]).unwrap());
        let zone = tidings::parse_time_zone("UTC").unwrap();
        catalog.render(&notice, &chain, &zone).title
    };

    // Before anything happened: whole, in Dutch, and accessible.
    status_page(&client, &service, "?lang=nl").await;
    assert_eq!(
        script(
            &client,
            "return [document.documentElement.lang, document.documentElement.dir]"
        )
        .await,
        json!(["nl-NL", "ltr"])
    );
    // The script put the browser's zone into the address.
    until(
        &client,
        "return new URLSearchParams(location.search).has('tz')",
        json!(true),
    )
    .await;
    assert_eq!(violations(&client, &axe).await, Vec::<String>::new());

    // An update appears without a reload.
    script(&client, "window.tidingsMark = 'still here'; return null").await;
    publish(&http, &service, 1).await;
    until(&client, FIRST_TITLE, json!(title_in("nl", 1))).await;
    publish(&http, &service, 2).await;
    until(&client, FIRST_TITLE, json!(title_in("nl", 2))).await;
    assert_eq!(
        script(&client, "return window.tidingsMark || null").await,
        json!("still here"),
        "the page was not reloaded"
    );
    assert_eq!(violations(&client, &axe).await, Vec::<String>::new());

    // In Arabic: right to left, and accessible too.
    status_page(&client, &service, "?lang=ar").await;
    assert_eq!(
        script(
            &client,
            "return [document.documentElement.lang, document.documentElement.dir]"
        )
        .await,
        json!(["ar", "rtl"])
    );
    until(&client, FIRST_TITLE, json!(title_in("ar", 2))).await;
    assert_eq!(
        script(
            &client,
            "return getComputedStyle(document.querySelector('section[aria-labelledby=current] article')).direction"
        )
        .await,
        json!("rtl")
    );
    script(&client, "window.tidingsMark = 'still here'; return null").await;
    publish(&http, &service, 3).await;
    until(&client, FIRST_TITLE, json!(title_in("ar", 3))).await;
    assert_eq!(
        script(&client, "return window.tidingsMark || null").await,
        json!("still here")
    );
    assert_eq!(violations(&client, &axe).await, Vec::<String>::new());

    // A customer's inbox page, Dutch and Arabic.
    for customer in ["c-nl", "c-ar"] {
        open(&client, &http, &service, customer).await;
        assert_eq!(
            violations(&client, &axe).await,
            Vec::<String>::new(),
            "{customer}"
        );
    }

    // An email's HTML, as a mail client would show it, in every language.
    let notices = service::notice(2);
    let notice: tidings::Notice = serde_json::from_str(&notices).unwrap();
    let zone = tidings::parse_time_zone("Europe/Amsterdam").unwrap();
    for locale in tidings::l10n::SHIPPED_LOCALES {
        let chain = catalog.negotiate(&tidings::LanguagePreferences::from_tags([locale]).unwrap());
        let html = catalog.render(&notice, &chain, &zone).html;
        let file = dir.path().join(format!("email-{locale}.html"));
        std::fs::write(&file, html).unwrap();
        client
            .goto(&format!("file://{}", file.display()))
            .await
            .unwrap();
        assert_eq!(
            violations(&client, &axe).await,
            Vec::<String>::new(),
            "email in {locale}"
        );
    }

    client.close().await.unwrap();
    assert_eq!(service.stop(), Some(0));
}
