//! One-click unsubscribe through the service: the link of an email the
//! real SMTP server received, followed as a mail program and as a person
//! (and a link scanner) would.

use std::time::Duration;

use base64::Engine as _;

use tidings::ledger::LedgerReader;
use tidings::suppression::{Reason, Scope, Suppression};
use tidings::unsubscribe::{Choice, UnsubscribeKey};

use crate::service::{Service, publish};
use crate::support;

/// Where the service says customers reach it: TLS ends at a proxy in
/// front, which passes this host on.
const PUBLIC: &str = "tidings.test";

struct Setup {
    smtp: support::smtp::SmtpServer,
    service: Service,
    state: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

fn start() -> Setup {
    let smtp = support::smtp::SmtpServer::start();
    let dir = tempfile::tempdir().unwrap();
    let smtp_url = smtp.url();
    let public = format!("https://{PUBLIC}");
    let service = Service::start_with(
        dir.path(),
        &["--smtp", &smtp_url, "--public-url", &public, "--grace", "5"],
    );
    Setup {
        smtp,
        service,
        state: dir.path().join("tidings.db"),
        _dir: dir,
    }
}

/// The `List-Unsubscribe` https link of an email, and whether the email
/// says it takes one-click requests.
fn unsubscribe_link(raw: &[u8]) -> (String, bool) {
    let message = mail_parser::MessageParser::default().parse(raw).unwrap();
    let header = |name: &str| {
        message
            .header_raw(name)
            .map(|v| v.trim().to_owned())
            .unwrap_or_default()
    };
    let list = header("List-Unsubscribe");
    let link = list
        .trim_start_matches('<')
        .split('>')
        .next()
        .unwrap()
        .to_owned();
    assert!(
        link.starts_with(&format!("https://{PUBLIC}/unsubscribe/")),
        "{list}"
    );
    (
        link,
        header("List-Unsubscribe-Post") == "List-Unsubscribe=One-Click",
    )
}

/// The link's path, asked of the service's listening address with the
/// public host, as the proxy would.
fn at_service(setup: &Setup, link: &str) -> String {
    setup
        .service
        .url(&link[format!("https://{PUBLIC}").len()..])
}

async fn suppressions(setup: &Setup) -> Vec<Suppression> {
    let reader = tidings::StateFile::open_read_only(&setup.state)
        .await
        .unwrap();
    reader.ledger().suppressions(None).await.unwrap()
}

async fn emails_after(setup: &Setup, count: usize) -> Vec<Vec<u8>> {
    let started = std::time::Instant::now();
    loop {
        let messages = setup.smtp.messages();
        if messages.len() >= count {
            return messages;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "{} emails",
            messages.len()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_one_click_post_unsubscribes_and_a_get_does_not() {
    let setup = start();
    let http = reqwest::Client::new();
    let first = publish(&http, &setup.service, 1).await;
    assert_eq!(first["report"]["channels"]["email"]["sent"], 1, "{first}");
    let emails = emails_after(&setup, 1).await;
    let (link, one_click) = unsubscribe_link(&emails[0]);
    assert!(one_click, "List-Unsubscribe-Post is set");
    let url = at_service(&setup, &link);

    // A scanner (or the person, before they decide) opens the link: a
    // page that asks, in the customer's language, and nothing recorded.
    let asked = http.get(&url).header("host", PUBLIC).send().await.unwrap();
    assert_eq!(asked.status(), 200);
    let policy = asked.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(policy.contains("form-action 'self'"), "{policy}");
    let page = asked.text().await.unwrap();
    assert!(page.contains(r#"<html lang="en-US" dir="ltr">"#), "{page}");
    assert!(
        page.contains("Stop emails about incidents and maintenance?"),
        "{page}"
    );
    assert!(
        page.contains(r#"value="unsubscribe-maintenance""#),
        "{page}"
    );
    assert!(suppressions(&setup).await.is_empty());

    // Altered or forged links are refused, and record nothing.
    let token = link.rsplit('/').next().unwrap();
    let mut altered = token.to_owned().into_bytes();
    let at = altered.len() / 2;
    altered[at] = if altered[at] == b'A' { b'B' } else { b'A' };
    let altered = String::from_utf8(altered).unwrap();
    let forged = UnsubscribeKey::new([42u8; 32]).unwrap().sign(&Choice::new(
        "c-us",
        Scope::All,
        Some(tidings::ChannelKind::Email),
    ));
    for bad in [altered.as_str(), forged.as_str(), "u1.e30.AAAA", "nothing"] {
        let refused = http
            .post(setup.service.url(&format!("/unsubscribe/{bad}")))
            .header("host", PUBLIC)
            .form(&[("List-Unsubscribe", "One-Click")])
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), 400, "{bad}");
        let page = refused.text().await.unwrap();
        assert!(
            page.contains("This unsubscribe link is not valid"),
            "{page}"
        );
    }
    // A POST that is neither one-click nor the page's form does nothing.
    let unclear = http
        .post(&url)
        .header("host", PUBLIC)
        .form(&[("please", "stop")])
        .send()
        .await
        .unwrap();
    assert_eq!(unclear.status(), 400);
    assert!(suppressions(&setup).await.is_empty());

    // The mail program's one-click request.
    let clicked = http
        .post(&url)
        .header("host", PUBLIC)
        .form(&[("List-Unsubscribe", "One-Click")])
        .send()
        .await
        .unwrap();
    assert_eq!(clicked.status(), 200);
    let kept = suppressions(&setup).await;
    assert_eq!(kept.len(), 1, "{kept:?}");
    let kept = &kept[0];
    assert_eq!(
        (
            kept.recipient.as_str(),
            kept.channel.as_deref(),
            &kept.scope,
            kept.reason
        ),
        ("c-us", Some("email"), &Scope::All, Reason::Unsubscribed)
    );
    assert!(kept.evidence.contains("one-click"), "{}", kept.evidence);

    // The next update: counted suppressed, and no email for them.
    let second = publish(&http, &setup.service, 2).await;
    let email = &second["report"]["channels"]["email"];
    assert_eq!(
        (&email["suppressed"], &email["sent"]),
        (&1.into(), &0.into()),
        "{second}"
    );
    assert_eq!(second["report"]["totals"]["suppressed"], 1);
    // The proof counts them apart: not told, and not unreached.
    let coverage = &second["coverage"];
    assert_eq!(
        (&coverage["suppressed"], &coverage["unreached"]),
        (&1.into(), &0.into()),
        "{second}"
    );
    assert_eq!(coverage["channels"]["email"]["suppressed"], 1);
    // The other customers are still told in the app.
    assert_eq!(
        second["report"]["channels"]["in-app"]["sent"], 2,
        "{second}"
    );
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        setup.smtp.messages().len(),
        1,
        "no email after unsubscribing"
    );

    // The way back, from the page's own button.
    let back = http
        .post(&url)
        .header("host", PUBLIC)
        .header("origin", format!("https://{PUBLIC}"))
        .form(&[("action", "resubscribe")])
        .send()
        .await
        .unwrap();
    assert_eq!(back.status(), 200);
    assert!(
        back.text()
            .await
            .unwrap()
            .contains("You are subscribed again"),
        "resubscribed"
    );
    assert!(suppressions(&setup).await.is_empty());
    let third = publish(&http, &setup.service, 3).await;
    assert_eq!(third["report"]["channels"]["email"]["sent"], 1, "{third}");
    emails_after(&setup, 2).await;
    assert_eq!(setup.service_stop(), Some(0));
}

/// RFC 8058 prefers `multipart/form-data` for the one-click body; the
/// page's "planned maintenance only" keeps outages coming; another site's
/// page cannot press the buttons.
#[tokio::test]
async fn multipart_one_click_and_the_maintenance_only_choice() {
    let setup = start();
    let http = reqwest::Client::new();
    publish(&http, &setup.service, 1).await;
    let emails = emails_after(&setup, 1).await;
    let (link, _) = unsubscribe_link(&emails[0]);
    let url = at_service(&setup, &link);

    let elsewhere = http
        .post(&url)
        .header("host", PUBLIC)
        .header("origin", "https://attacker.example")
        .form(&[("action", "unsubscribe")])
        .send()
        .await
        .unwrap();
    assert_eq!(elsewhere.status(), 403);
    assert!(suppressions(&setup).await.is_empty());

    let narrowed = http
        .post(&url)
        .header("host", PUBLIC)
        .header("origin", format!("https://{PUBLIC}"))
        .form(&[("action", "unsubscribe-maintenance")])
        .send()
        .await
        .unwrap();
    assert_eq!(narrowed.status(), 200);
    let page = narrowed.text().await.unwrap();
    assert!(
        page.contains("You will no longer get emails about planned maintenance."),
        "{page}"
    );
    assert!(
        page.contains(r#"name="scope" value="maintenance""#),
        "{page}"
    );
    let kept = suppressions(&setup).await;
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].scope, Scope::Maintenance);
    // An outage update still reaches them.
    let second = publish(&http, &setup.service, 2).await;
    assert_eq!(second["report"]["channels"]["email"]["sent"], 1, "{second}");

    let boundary = "----tidings-test-boundary";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"List-Unsubscribe\"\r\n\r\nOne-Click\r\n--{boundary}--\r\n"
    );
    let clicked = http
        .post(&url)
        .header("host", PUBLIC)
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(clicked.status(), 200);
    let mut scopes: Vec<Scope> = suppressions(&setup)
        .await
        .into_iter()
        .map(|s| s.scope)
        .collect();
    scopes.sort_by_key(|s| format!("{s:?}"));
    assert_eq!(scopes, [Scope::All, Scope::Maintenance]);
    let third = publish(&http, &setup.service, 3).await;
    assert_eq!(third["report"]["channels"]["email"]["suppressed"], 1);
    assert_eq!(setup.service_stop(), Some(0));
}

/// The page speaks the customer's language: a Dutch customer's link.
#[tokio::test]
async fn the_page_is_in_the_customers_language() {
    let dir = tempfile::tempdir().unwrap();
    let secret = [7u8; 32];
    let encoded = base64::engine::general_purpose::STANDARD.encode(secret);
    let service = Service::start_with_env(
        dir.path(),
        &["--public-url", &format!("https://{PUBLIC}"), "--grace", "5"],
        &[("TIDINGS_UNSUBSCRIBE_KEY", &encoded)],
    );
    let key = UnsubscribeKey::new(secret).unwrap();
    let token = key.sign(&Choice::new(
        "c-nl",
        Scope::All,
        Some(tidings::ChannelKind::Email),
    ));
    let http = reqwest::Client::new();
    let page = http
        .get(service.url(&format!("/unsubscribe/{token}")))
        .header("host", PUBLIC)
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let page = page.text().await.unwrap();
    assert!(page.contains(r#"lang="nl-NL""#), "{page}");
    assert!(
        page.contains("Geen e-mails meer ontvangen over storingen en onderhoud?"),
        "{page}"
    );
    assert_eq!(service.stop(), Some(0));
}

impl Setup {
    fn service_stop(self) -> Option<i32> {
        self.service.stop()
    }
}
