//! Who may do what, over HTTP: every refusal, and that nothing refused
//! was sent, read or changed.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Sha256;

use crate::service::{self, INCIDENT, Service, TOKEN, json_body, post_notice, publish};

fn hmac(key: &[u8], message: &[u8]) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
    mac.update(message);
    mac.finalize().into_bytes().to_vec()
}

/// A link for `customer` valid until `expires` (Unix seconds), signed
/// here, apart from the service, as the operator's token says links are:
/// HMAC-SHA256 over `link`, the expiry and the id, with a key derived from
/// the token.
pub fn signed_link_with(token: &str, service: &Service, customer: &str, expires: i64) -> String {
    let key = hmac(token.as_bytes(), b"tidings service: customer links");
    let tag = hmac(&key, format!("link\n{expires}\n{customer}").as_bytes());
    let mut url = url::Url::parse(&service.base).unwrap();
    url.path_segments_mut()
        .unwrap()
        .clear()
        .extend(["customers", customer]);
    url.query_pairs_mut().append_pair(
        "link",
        &format!("{expires}.{}", URL_SAFE_NO_PAD.encode(tag)),
    );
    url.into()
}

/// [`signed_link_with`] the service's own token.
pub fn signed_link(service: &Service, customer: &str, expires: i64) -> String {
    signed_link_with(TOKEN, service, customer, expires)
}

fn now() -> i64 {
    jiff::Timestamp::now().as_second()
}

async fn status(request: reqwest::RequestBuilder) -> u16 {
    request.send().await.unwrap().status().as_u16()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn operator_routes_need_the_operator_token() {
    let dir = tempfile::tempdir().unwrap();
    let service = Service::start(dir.path());
    let http = reqwest::Client::new();
    let notices = service.url(&format!("/incidents/{INCIDENT}/notices"));
    let json = |request: reqwest::RequestBuilder| {
        request
            .header("content-type", "application/json")
            .body(service::notice(1))
    };

    let anonymous = json(http.post(&notices)).send().await.unwrap();
    assert_eq!(anonymous.status(), 401);
    assert_eq!(anonymous.headers()["www-authenticate"], "Bearer");
    let wrong = "test-operator-token-0123456789abcdeX";
    assert_eq!(wrong.len(), TOKEN.len());
    assert_eq!(
        status(json(http.post(&notices)).bearer_auth(wrong)).await,
        401
    );
    assert_eq!(status(json(http.post(&notices)).bearer_auth("")).await, 401);
    let report = service.url(&format!("/incidents/{INCIDENT}/notices/1"));
    assert_eq!(status(http.get(&report)).await, 401);
    assert_eq!(status(http.get(&report).bearer_auth(wrong)).await, 401);
    let link = service.url("/customers/c-nl/link");
    assert_eq!(status(http.post(&link)).await, 401);
    assert_eq!(status(http.post(&link).bearer_auth(wrong)).await, 401);

    // Nothing refused was sent: no report, no email, no inbox entry.
    assert_eq!(status(http.get(&report).bearer_auth(TOKEN)).await, 404);
    let outbox = dir.path().join("outbox");
    let written = std::fs::read_dir(&outbox).map_or(0, |d| d.count());
    assert_eq!(written, 0, "nothing in {}", outbox.display());
    let inbox = http
        .get(service.url("/customers/c-nl/inbox"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(json_body(inbox).await["entries"], Value::Array(vec![]));

    // Links: only for customers among the recipients, for a sane time.
    assert_eq!(
        status(
            http.post(service.url("/customers/nobody/link"))
                .bearer_auth(TOKEN)
        )
        .await,
        404
    );
    for hours in ["0", "721", "-1", "lots"] {
        let url = service.url(&format!("/customers/c-nl/link?hours={hours}"));
        assert_eq!(
            status(http.post(url).bearer_auth(TOKEN)).await,
            400,
            "{hours}"
        );
    }
    assert_eq!(service.stop(), Some(0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_customer_reaches_only_their_own_inbox_with_a_valid_link() {
    let dir = tempfile::tempdir().unwrap();
    let service = Service::start(dir.path());
    let http = reqwest::Client::new();
    publish(&http, &service, 1).await;
    let unread = |customer: &'static str| {
        let (http, url) = (
            http.clone(),
            service.url(&format!("/customers/{customer}/inbox")),
        );
        async move {
            let inbox = json_body(http.get(url).bearer_auth(TOKEN).send().await.unwrap()).await;
            inbox["entries"][0]["read"] == false
        }
    };

    // Without a link or session: nothing.
    for path in [
        "/customers/c-nl",
        "/customers/c-nl/inbox",
        "/customers/c-nl/inbox/events",
    ] {
        assert_eq!(status(http.get(service.url(path))).await, 401, "{path}");
    }

    // Links that are not valid open nothing.
    let link = service::link(&http, &service, "c-nl").await;
    let elsewhere = link.replace("/customers/c-nl?", "/customers/c-ar?");
    assert_eq!(
        status(http.get(&elsewhere)).await,
        401,
        "another customer's link"
    );
    let mut altered: Vec<char> = link.chars().collect();
    let at = altered.len() - 10;
    altered[at] = if altered[at] == 'A' { 'B' } else { 'A' };
    let altered: String = altered.into_iter().collect();
    assert_eq!(status(http.get(&altered)).await, 401, "an altered link");
    let expired = signed_link(&service, "c-nl", now() - 60);
    assert_eq!(status(http.get(&expired)).await, 401, "an expired link");
    let forged = signed_link_with(
        "another-token-0123456789abcdef0123",
        &service,
        "c-nl",
        now() + 3600,
    );
    assert_eq!(
        status(http.get(&forged)).await,
        401,
        "a link signed with another key"
    );
    // The same link signed here with the real token is valid: the check
    // above is of the signature, not of the way the link was made.
    let genuine = signed_link(&service, "c-nl", now() + 3600);
    assert_eq!(status(http.get(&genuine)).await, 200);

    // The page the link opens: a session cookie the page's scripts cannot
    // read, and a page that runs only its own script.
    let opened = http.get(&link).send().await.unwrap();
    assert_eq!(opened.status(), 200);
    let cookie = opened.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    assert!(cookie.contains("Path=/customers"), "{cookie}");
    assert_eq!(opened.headers()["referrer-policy"], "no-referrer");
    let policy = opened.headers()["content-security-policy"]
        .to_str()
        .unwrap();
    assert!(policy.contains("script-src 'sha256-"), "{policy}");
    assert!(!policy.contains("unsafe-inline"), "{policy}");
    let session = cookie.split(';').next().unwrap().to_owned();

    // The session is this customer's only.
    let with = |request: reqwest::RequestBuilder| request.header("cookie", &session);
    assert_eq!(
        status(with(http.get(service.url("/customers/c-nl/inbox")))).await,
        200
    );
    for path in [
        "/customers/c-ar",
        "/customers/c-ar/inbox",
        "/customers/c-ar/inbox/events",
    ] {
        assert_eq!(
            status(with(http.get(service.url(path)))).await,
            401,
            "{path}"
        );
    }
    let read_ar = service.url(&format!("/customers/c-ar/inbox/{INCIDENT}/read"));
    let own_origin = |request: reqwest::RequestBuilder| request.header("origin", &service.base);
    assert_eq!(status(own_origin(with(http.post(&read_ar)))).await, 401);
    assert!(
        unread("c-ar").await,
        "another customer's entry stays unread"
    );
    // Each customer's session has a cookie of its own: opening c-ar's link
    // in the same browser leaves c-nl's session as it was.
    let other = service::session(&http, &service, "c-ar").await;
    assert_ne!(other.split('=').next(), session.split('=').next());
    let both = format!("{other}; {session}");
    let url = service.url("/customers/c-nl/inbox");
    assert_eq!(status(http.get(&url).header("cookie", &both)).await, 200);
    // A tampered session is no session, and one planted beside the real one
    // does not hide it.
    let (name, value) = session.split_once('=').unwrap();
    let tampered = format!("{name}=1{value}");
    assert_eq!(
        status(http.get(&url).header("cookie", &tampered)).await,
        403
    );
    let planted = format!("{tampered}; {session}");
    assert_eq!(status(http.get(&url).header("cookie", planted)).await, 200);
    // A customer no longer among the recipients: a genuine link opens
    // nothing.
    let gone = signed_link(&service, "c-gone", now() + 3600);
    assert_eq!(status(http.get(&gone)).await, 401);

    // Marking read: only from the service's own page.
    let read_nl = service.url(&format!("/customers/c-nl/inbox/{INCIDENT}/read"));
    assert_eq!(status(with(http.post(&read_nl))).await, 403, "no Origin");
    let evil = with(http.post(&read_nl)).header("origin", "https://evil.example");
    assert_eq!(status(evil).await, 403, "another site's page");
    assert!(unread("c-nl").await, "nothing refused was marked read");
    // Not even the operator marks a customer's entry read.
    let operator = own_origin(http.post(&read_nl).bearer_auth(TOKEN));
    assert_eq!(status(operator).await, 401);
    assert_eq!(status(own_origin(with(http.post(&read_nl)))).await, 204);
    assert!(!unread("c-nl").await);
    assert_eq!(service.stop(), Some(0));
}

/// A customer id with markup in it is text on the page, never markup.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_customer_id_is_escaped_on_their_page() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("customers.csv"),
        "id,name,languages,time_zone,email,webhook_url,webhook_secret,in_app\n\
         \"<script>\"\"x\",Odd,en,Europe/Amsterdam,,,,yes\n",
    )
    .unwrap();
    let service = Service::start(dir.path());
    let http = reqwest::Client::new();
    let link = service::link(&http, &service, "<script>\"x").await;
    let answer = http.get(link).send().await.unwrap();
    assert_eq!(answer.status(), 200);
    let html = answer.text().await.unwrap();
    assert!(
        html.contains(r#"data-customer="&lt;script&gt;&quot;x""#),
        "escaped: {html}"
    );
    assert!(!html.contains("<script>\"x"));
    assert_eq!(service.stop(), Some(0));
}

/// Behind HTTPS (`--public-url https://…`), a page over plain HTTP is not
/// the service's own, and the session cookie is `Secure`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_https_only_https_pages_are_the_services() {
    let dir = tempfile::tempdir().unwrap();
    let service = Service::start_with(
        dir.path(),
        &[
            "--grace",
            "5",
            "--public-url",
            "https://status.tidings.test",
        ],
    );
    let http = reqwest::Client::new();
    publish(&http, &service, 1).await;
    let link = service::link(&http, &service, "c-nl").await;
    assert!(
        link.starts_with("https://status.tidings.test/customers/c-nl?link="),
        "{link}"
    );
    // Opened through this machine's address, as a proxy would.
    let path = link.strip_prefix("https://status.tidings.test").unwrap();
    let opened = http.get(service.url(path)).send().await.unwrap();
    assert_eq!(opened.status(), 200);
    let cookie = opened.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.contains("; Secure"), "{cookie}");
    let session = cookie.split(';').next().unwrap().to_owned();
    let read = service.url(&format!("/customers/c-nl/inbox/{INCIDENT}/read"));
    let from = |origin: &str| {
        http.post(&read)
            .header("cookie", &session)
            .header("origin", origin)
    };
    assert_eq!(status(from(&service.base)).await, 403, "plain HTTP");
    assert_eq!(status(from("https://status.tidings.test")).await, 204);
    assert_eq!(service.stop(), Some(0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn publishing_refuses_what_another_site_could_send() {
    let dir = tempfile::tempdir().unwrap();
    let service = Service::start(dir.path());
    let http = reqwest::Client::new();
    let notices = service.url(&format!("/incidents/{INCIDENT}/notices"));
    let post = || {
        http.post(&notices)
            .bearer_auth(TOKEN)
            .body(service::notice(1))
    };

    // Only JSON: what a form or a no-CORS fetch can send is not a notice.
    for kind in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ] {
        let answer = post().header("content-type", kind).send().await.unwrap();
        assert_eq!(answer.status(), 415, "{kind}");
    }
    assert_eq!(status(post()).await, 415, "no Content-Type");
    // Another site's page, even with the token.
    let foreign = post()
        .header("content-type", "application/json")
        .header("origin", "https://evil.example");
    assert_eq!(status(foreign).await, 403);
    // A name that is not the service's (DNS rebinding): refused on every
    // route.
    let rebound = |request: reqwest::RequestBuilder| request.header("host", "evil.example:8080");
    let json = post().header("content-type", "application/json");
    assert_eq!(status(rebound(json)).await, 421);
    let page = service.url("/customers/c-nl");
    assert_eq!(status(rebound(http.get(&page))).await, 421);
    let report = service.url(&format!("/incidents/{INCIDENT}/notices/1"));
    assert_eq!(
        status(rebound(http.get(&report).bearer_auth(TOKEN))).await,
        421
    );
    // Its own names are fine.
    let port = url::Url::parse(&service.base).unwrap().port().unwrap();
    let local = http
        .get(&report)
        .bearer_auth(TOKEN)
        .header("host", format!("localhost:{port}"));
    assert_eq!(status(local).await, 404, "answered: nothing was sent");
    assert_eq!(status(http.get(&report).bearer_auth(TOKEN)).await, 404);
    assert_eq!(service.stop(), Some(0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_published_revision_keeps_its_text_and_the_next_one_follows_it() {
    let dir = tempfile::tempdir().unwrap();
    let service = Service::start(dir.path());
    let http = reqwest::Client::new();
    let first = publish(&http, &service, 1).await;
    assert_eq!(first["report"]["totals"]["sent"], 2, "{first}");
    let inbox = || async {
        let url = service.url("/customers/c-nl/inbox");
        json_body(http.get(url).bearer_auth(TOKEN).send().await.unwrap()).await["entries"][0]
            .clone()
    };
    let told = inbox().await;

    // Revision 1 again with another link in it: refused, and what resume
    // would render stays the first text.
    let mut changed: Value = serde_json::from_str(&service::notice(1)).unwrap();
    changed["notice"]["status_page"] = "https://evil.example/".into();
    let answer = post_notice(&http, &service, changed.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 409);
    let why = json_body(answer).await;
    assert!(
        why["error"].as_str().unwrap().contains("revision 2"),
        "{why}"
    );
    let again = publish(&http, &service, 1).await;
    assert_eq!(again["report"]["totals"]["duplicate"], 3, "{again}");
    assert_eq!(inbox().await, told);

    // A revision far ahead would make every real one stale: refused.
    for revision in [u32::MAX, 3] {
        let mut ahead: Value = serde_json::from_str(&service::notice(2)).unwrap();
        ahead["notice"]["revision"] = revision.into();
        let answer = post_notice(&http, &service, ahead.to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 409, "revision {revision}");
        let url = service.url(&format!("/incidents/{INCIDENT}/notices/{revision}"));
        assert_eq!(status(http.get(url).bearer_auth(TOKEN)).await, 404);
    }
    // The next one is sent, to everyone.
    let second = publish(&http, &service, 2).await;
    assert_eq!(second["report"]["totals"]["sent"], 2, "{second}");
    assert_eq!(second["report"]["totals"]["outboxed"], 1, "{second}");
    assert_eq!(inbox().await["revision"], 2);
    assert_eq!(service.stop(), Some(0));
}
