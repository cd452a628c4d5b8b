//! The service example's customer page in headless Chromium, driven over
//! WebDriver: a Dutch and an Arabic customer see their incidents in their
//! language and direction, and a revision published through the API
//! appears without a reload.
//!
//! Needs Debian's `chromium` and `chromium-driver` (or `TIDINGS_CHROMIUM`
//! and `TIDINGS_CHROMEDRIVER` naming others); run with
//! `cargo test --features browser-tests --test browser`.

// Shared with the service's own tests, which use all of it.
#[allow(dead_code)]
#[path = "../support/service.rs"]
mod service;

use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use service::{INCIDENT, Service, TOKEN, publish};

mod status;

/// ChromeDriver on a free loopback port, stopped when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Driver {
    fn start() -> Driver {
        let binary = std::env::var("TIDINGS_CHROMEDRIVER")
            .unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        assert!(
            Path::new(&binary).exists(),
            "{binary} is missing: install Debian's chromium and chromium-driver (see README, Testing)"
        );
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(&binary)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("{binary}: {e}"));
        let driver = Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        // Ready once it answers on its port.
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        driver
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn browser(driver: &Driver, profile: &Path) -> Client {
    let chromium = std::env::var("TIDINGS_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": chromium,
            // Headless, and nothing that reaches out to the network: this
            // machine may have none.
            "args": [
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                format!("--user-data-dir={}", profile.display()),
            ],
        }),
    );
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(capabilities)
        .connect(&driver.url)
        .await
        .expect("a Chromium session")
}

async fn script(client: &Client, source: &str) -> Value {
    client.execute(source, vec![]).await.unwrap()
}

/// Waits until `source` (a script returning a value) returns `wanted`.
async fn until(client: &Client, source: &str, wanted: Value) {
    let started = Instant::now();
    loop {
        let now = script(client, source).await;
        if now == wanted {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "`{source}` is {now}, not {wanted}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

const ENTRY: &str = "#incident-creator-2022-03-14";

/// Opens a customer's page with the link the operator made for them, and
/// waits until it lists its entries and listens for more.
async fn open(client: &Client, http: &reqwest::Client, service: &Service, customer: &str) {
    let link = service::link(http, service, customer).await;
    client.goto(&link).await.unwrap();
    until(
        client,
        "return document.body.dataset.live || null",
        json!("yes"),
    )
    .await;
    client
        .wait()
        .at_most(Duration::from_secs(30))
        .for_element(Locator::Css(ENTRY))
        .await
        .unwrap();
}

/// What the inbox API says a customer's entry is.
async fn entry(http: &reqwest::Client, service: &Service, customer: &str) -> Value {
    let inbox = service::json_body(
        http.get(service.url(&format!("/customers/{customer}/inbox")))
            .bearer_auth(TOKEN)
            .send()
            .await
            .unwrap(),
    )
    .await;
    inbox["entries"][0].clone()
}

/// Publishes `revision` and waits for the open page to show it, checking
/// the page was not reloaded (a mark set on the window survives).
async fn sees_live(client: &Client, http: &reqwest::Client, service: &Service, revision: u32) {
    script(client, "window.tidingsMark = 'still here'; return null").await;
    publish(http, service, revision).await;
    until(
        client,
        &format!("return document.querySelector('{ENTRY}').dataset.revision"),
        json!(revision.to_string()),
    )
    .await;
    assert_eq!(
        script(client, "return window.tidingsMark || null").await,
        json!("still here"),
        "the page was not reloaded"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dutch_and_arabic_customers_see_their_incidents_live() {
    let dir = tempfile::tempdir().unwrap();
    let profile = tempfile::tempdir().unwrap();
    let service = Service::start(dir.path());
    let http = reqwest::Client::new();
    publish(&http, &service, 1).await;
    let driver = Driver::start();
    let client = browser(&driver, profile.path()).await;

    // The Dutch customer: Dutch page, left to right.
    open(&client, &http, &service, "c-nl").await;
    // The link that opened the page is no longer in the address bar.
    assert_eq!(script(&client, "return location.search").await, json!(""));
    assert_eq!(
        script(
            &client,
            "return [document.documentElement.lang, document.documentElement.dir]"
        )
        .await,
        json!(["nl-NL", "ltr"])
    );
    let heading = client.find(Locator::Css("h1")).await.unwrap();
    assert_eq!(heading.text().await.unwrap(), "Updates over storingen");
    let api = entry(&http, &service, "c-nl").await;
    let title = client
        .find(Locator::Css(&format!("{ENTRY} .title")))
        .await
        .unwrap();
    assert_eq!(title.text().await.unwrap(), api["title"].as_str().unwrap());
    assert_eq!(
        script(
            &client,
            &format!("return document.querySelector('{ENTRY}').lang")
        )
        .await,
        json!("nl-NL")
    );

    // A new revision arrives without a reload, in Dutch.
    sees_live(&client, &http, &service, 2).await;
    let api = entry(&http, &service, "c-nl").await;
    assert_eq!(api["revision"], 2);
    let title = client
        .find(Locator::Css(&format!("{ENTRY} .title")))
        .await
        .unwrap();
    assert_eq!(title.text().await.unwrap(), api["title"].as_str().unwrap());

    // Marking it read from the page: the button goes, the API agrees.
    let button = client
        .find(Locator::Css(&format!("{ENTRY} button.mark-read")))
        .await
        .unwrap();
    assert_eq!(button.text().await.unwrap(), "Markeren als gelezen");
    button.click().await.unwrap();
    until(
        &client,
        &format!("return document.querySelector('{ENTRY}').classList.contains('unread')"),
        json!(false),
    )
    .await;
    assert_eq!(entry(&http, &service, "c-nl").await["read"], true);

    // The Arabic customer: Arabic page, right to left, laid out so.
    open(&client, &http, &service, "c-ar").await;
    assert_eq!(
        script(
            &client,
            "return [document.documentElement.lang, document.documentElement.dir]"
        )
        .await,
        json!(["ar", "rtl"])
    );
    assert_eq!(
        script(
            &client,
            &format!("return getComputedStyle(document.querySelector('{ENTRY}')).direction")
        )
        .await,
        json!("rtl")
    );
    let heading = client.find(Locator::Css("h1")).await.unwrap();
    assert_eq!(heading.text().await.unwrap(), "آخر المستجدات بشأن الأعطال");
    sees_live(&client, &http, &service, 3).await;
    let api = entry(&http, &service, "c-ar").await;
    assert_eq!(api["revision"], 3);
    assert_eq!(api["locale"], "ar");
    let body = client
        .find(Locator::Css(&format!("{ENTRY} .body")))
        .await
        .unwrap();
    assert_eq!(
        body.text().await.unwrap(),
        api["body"].as_str().unwrap().trim()
    );

    client.close().await.unwrap();
    assert_eq!(service.stop(), Some(0));
    let _ = INCIDENT;
}
