//! The service example as a process: every route over HTTP, the event
//! stream, and a graceful stop after which the next start tells no one
//! twice.

#[path = "../support/service.rs"]
mod service;
#[path = "../support/mod.rs"]
mod support;

mod access;
mod feed;
mod limits;
mod status;
mod unsubscribe;

use std::time::Duration;

use serde_json::Value;
use service::{INCIDENT, Service, TOKEN, post_notice, publish};

/// Reads Server-Sent Events from `response` until one named `name`
/// satisfies `wanted`; its data.
async fn next_event(
    response: &mut reqwest::Response,
    buffer: &mut String,
    name: &str,
    wanted: impl Fn(&Value) -> bool,
) -> Value {
    let read = async {
        loop {
            // One event per blank-line-separated block.
            while let Some(end) = buffer.find("\n\n") {
                let block: String = buffer.drain(..end + 2).collect();
                let mut event = "message";
                let mut data = String::new();
                for line in block.lines() {
                    if let Some(e) = line.strip_prefix("event:") {
                        event = e.trim();
                    } else if let Some(d) = line.strip_prefix("data:") {
                        data.push_str(d.trim_start());
                    }
                }
                if event == name {
                    let value: Value = serde_json::from_str(&data).unwrap();
                    if wanted(&value) {
                        return value;
                    }
                }
            }
            let chunk = response.chunk().await.unwrap().expect("the stream ended");
            buffer.push_str(&String::from_utf8_lossy(&chunk));
        }
    };
    tokio::time::timeout(Duration::from_secs(30), read)
        .await
        .unwrap_or_else(|_| panic!("no `{name}` event came"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_answers_over_http() {
    let dir = tempfile::tempdir().unwrap();
    let service = Service::start(dir.path());
    let http = reqwest::Client::new();
    let notices = service.url(&format!("/incidents/{INCIDENT}/notices"));

    // Bad notices are refused with why, and nothing is sent.
    let bad = post_notice(&http, &service, "{\"incident\": ".into())
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
    let why = service::json_body(bad).await;
    assert!(
        why["error"].as_str().unwrap().contains("not a notice"),
        "{why}"
    );
    let other = http
        .post(service.url("/incidents/another-incident/notices"))
        .bearer_auth(TOKEN)
        .header("content-type", "application/json")
        .body(service::notice(1))
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), 400);
    let missing = http
        .get(format!("{notices}/1"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404, "nothing was sent yet");

    // The first notice: in-app to the two customers who have it, email to
    // the outbox for the third.
    let report = publish(&http, &service, 1).await;
    assert_eq!(report["notice"], format!("{INCIDENT}#1"));
    assert_eq!(report["report"]["recipients"], 3);
    assert_eq!(report["report"]["channels"]["in-app"]["sent"], 2);
    assert_eq!(report["report"]["channels"]["email"]["outboxed"], 1);
    // An email written to the outbox has told no one yet, and says so.
    assert_eq!(report["coverage"]["told"], 2, "{report}");
    assert_eq!(report["coverage"]["unreached"], 1, "{report}");

    // Each customer's inbox, in their language and direction, seen in the
    // session their link opened.
    let sessions = [
        ("c-nl", service::session(&http, &service, "c-nl").await),
        ("c-ar", service::session(&http, &service, "c-ar").await),
        ("c-us", service::session(&http, &service, "c-us").await),
    ];
    let cookie = |customer: &str| {
        let (_, cookie) = sessions.iter().find(|(c, _)| *c == customer).unwrap();
        cookie.clone()
    };
    let inbox = |customer: &str| {
        let url = service.url(&format!("/customers/{customer}/inbox"));
        let (http, cookie) = (http.clone(), cookie(customer));
        async move {
            let answer = http.get(url).header("cookie", cookie).send().await.unwrap();
            assert_eq!(answer.status(), 200);
            service::json_body(answer).await
        }
    };
    let dutch = inbox("c-nl").await;
    assert_eq!(dutch["lang"], "nl-NL");
    assert_eq!(dutch["dir"], "ltr");
    let entry = &dutch["entries"][0];
    assert_eq!(entry["locale"], "nl-NL");
    assert_eq!(entry["dir"], "ltr");
    assert_eq!(entry["revision"], 1);
    assert_eq!(entry["read"], false);
    assert!(
        entry["title"].as_str().unwrap().contains("Creator"),
        "{entry}"
    );
    let arabic = inbox("c-ar").await;
    assert_eq!(arabic["lang"], "ar");
    assert_eq!(arabic["dir"], "rtl");
    assert_eq!(arabic["entries"][0]["dir"], "rtl");
    assert_eq!(arabic["entries"][0]["locale"], "ar");
    assert_eq!(inbox("c-us").await["entries"].as_array().unwrap().len(), 0);

    // The event stream carries the next revision as it is stored.
    let mut events = http
        .get(service.url("/customers/c-nl/inbox/events"))
        .header("cookie", cookie("c-nl"))
        .send()
        .await
        .unwrap();
    assert_eq!(events.status(), 200);
    assert_eq!(events.headers()["content-type"], "text/event-stream");
    let mut buffer = String::new();
    let report = publish(&http, &service, 2).await;
    assert_eq!(report["report"]["channels"]["in-app"]["sent"], 2);
    let stored = next_event(&mut events, &mut buffer, "entry", |e| e["revision"] == 2).await;
    assert_eq!(stored["incident"], INCIDENT);
    assert_eq!(stored["account"], "c-nl", "only this customer's entries");
    assert_eq!(stored["locale"], "nl-NL");
    assert_eq!(stored["read"], false);

    // Marking read: 204, an event, and the inbox says so; an unknown entry
    // is 404.
    let read = http
        .post(service.url(&format!("/customers/c-nl/inbox/{INCIDENT}/read")))
        .header("cookie", cookie("c-nl"))
        .header("origin", &service.base)
        .send()
        .await
        .unwrap();
    assert_eq!(read.status(), 204);
    let event = next_event(&mut events, &mut buffer, "read", |_| true).await;
    assert_eq!(event["incident"], INCIDENT);
    assert_eq!(inbox("c-nl").await["entries"][0]["read"], true);
    assert_eq!(inbox("c-ar").await["entries"][0]["read"], false);
    let unknown = http
        .post(service.url("/customers/c-nl/inbox/no-such-incident/read"))
        .header("cookie", cookie("c-nl"))
        .header("origin", &service.base)
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);

    // The pages: language, direction and their own strings, escaped.
    let page = |customer: &str| {
        let url = service.url(&format!("/customers/{customer}"));
        let (http, cookie) = (http.clone(), cookie(customer));
        async move {
            let answer = http.get(url).header("cookie", cookie).send().await.unwrap();
            assert_eq!(answer.status(), 200);
            assert!(
                answer.headers()["content-type"]
                    .to_str()
                    .unwrap()
                    .starts_with("text/html")
            );
            answer.text().await.unwrap()
        }
    };
    let html = page("c-nl").await;
    assert!(html.contains(r#"<html lang="nl-NL" dir="ltr">"#), "{html}");
    assert!(html.contains("<h1>Updates over storingen</h1>"));
    assert!(html.contains(">Markeren als gelezen<"));
    let html = page("c-ar").await;
    assert!(html.contains(r#"<html lang="ar" dir="rtl">"#));
    assert!(html.contains("<h1>آخر المستجدات بشأن الأعطال</h1>"));
    // The same notice again tells no one twice.
    let again = publish(&http, &service, 1).await;
    assert_eq!(again["report"]["totals"]["duplicate"], 3, "{again}");
    assert_eq!(again["report"]["totals"]["sent"], 0);
    assert_eq!(again["report"]["totals"]["outboxed"], 0);

    assert_eq!(service.stop(), Some(0));
}

/// SIGTERM with an event stream open still stops the service (the streams
/// end); the next start on the same state file tells no one twice.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stopped_service_starts_again_without_telling_anyone_twice() {
    let dir = tempfile::tempdir().unwrap();
    let http = reqwest::Client::new();
    let service = Service::start(dir.path());
    publish(&http, &service, 1).await;
    let events = http
        .get(service.url("/customers/c-ar/inbox/events"))
        .bearer_auth(TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(events.status(), 200);
    assert_eq!(service.stop(), Some(0));
    drop(events);

    let service = Service::start(dir.path());
    let report = publish(&http, &service, 1).await;
    assert_eq!(report["report"]["totals"]["duplicate"], 3, "{report}");
    assert_eq!(report["report"]["totals"]["sent"], 0);
    let report = publish(&http, &service, 2).await;
    assert_eq!(report["report"]["totals"]["sent"], 2, "{report}");
    assert_eq!(report["report"]["totals"]["outboxed"], 1);
    assert_eq!(service.stop(), Some(0));
}

/// Stopped with no grace in the middle of a send, the service leaves the
/// rest claimed; the next start takes them over at once and every customer
/// is told exactly once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_send_cut_short_by_a_stop_is_finished_by_the_next_start() {
    const CUSTOMERS: usize = 3000;
    let dir = tempfile::tempdir().unwrap();
    let mut rows =
        String::from("id,name,languages,time_zone,email,webhook_url,webhook_secret,in_app\n");
    for n in 0..CUSTOMERS {
        let lang = ["nl-NL", "ar", "de-DE", "ja-JP"][n % 4];
        rows.push_str(&format!(
            "c-{n:05},Customer {n},{lang},Europe/Amsterdam,,,,yes\n"
        ));
    }
    std::fs::write(dir.path().join("customers.csv"), rows).unwrap();
    let http = reqwest::Client::new();
    let service = Service::start_with(dir.path(), &["--grace", "0"]);
    let posted = post_notice(&http, &service, service::notice(1))
        .send()
        .await
        .unwrap();
    assert_eq!(posted.status(), 202);
    assert_eq!(service.stop(), Some(0));

    let service = Service::start_with(dir.path(), &["--grace", "0"]);
    let report = publish(&http, &service, 1).await;
    let totals = &report["report"]["totals"];
    println!("after the restart: {totals}");
    let made = |key: &str| totals[key].as_u64().unwrap();
    assert_eq!(made("failed"), 0, "{report}");
    // Every delivery was either made now, or before (by the first run or by
    // the second's resume), or is being made by that resume at this moment
    // (pending here).
    assert_eq!(
        made("sent") + made("duplicate") + made("pending"),
        CUSTOMERS as u64,
        "{report}"
    );
    // In the end everyone is told, once.
    let started = std::time::Instant::now();
    loop {
        let now = service::report(&http, &service, 1).await;
        if now["coverage"]["told"] == CUSTOMERS as u64 {
            assert_eq!(
                now["coverage"]["channels"]["in-app"]["sent"],
                CUSTOMERS as u64
            );
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(60), "{now}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(service.stop(), Some(0));
}

/// Scheduled maintenance published to a service started with `--smtp` and
/// `--reminders`: the notice goes by SMTP, and the service's own timer sends
/// the reminder when its time comes, in the customer's language, once.
#[tokio::test]
async fn the_service_timer_sends_the_reminders_of_planned_work() {
    let smtp = support::smtp::SmtpServer::start();
    let dir = tempfile::tempdir().unwrap();
    let smtp_url = smtp.url();
    let service = Service::start_with(dir.path(), &["--smtp", &smtp_url, "--reminders", "4"]);
    let now = jiff::Timestamp::now();
    let starts = now + jiff::SignedDuration::from_secs(4 * 60 + 3);
    let notice = serde_json::json!({
        "incident": {
            "id": INCIDENT, "product": "Creator", "severity": "maintenance",
            "started_at": starts.to_string(),
            "ends_at": (starts + jiff::SignedDuration::from_hours(1)).to_string(),
            "time_zone": "Europe/Amsterdam"
        },
        "notice": {"revision": 1, "status": "scheduled", "published_at": now.to_string()}
    });
    let http = reqwest::Client::new();
    let posted = post_notice(&http, &service, notice.to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(posted.status(), 202, "{}", posted.text().await.unwrap());
    // The one email customer: the notice, then (on the timer) the reminder.
    let subjects = || {
        smtp.messages()
            .iter()
            .map(|m| {
                let parsed = mail_parser::MessageParser::default().parse(m).unwrap();
                parsed.subject().unwrap_or_default().to_owned()
            })
            .collect::<Vec<_>>()
    };
    let started = std::time::Instant::now();
    while subjects().len() < 2 {
        assert!(
            started.elapsed() < Duration::from_secs(90),
            "no reminder after 90 s: {:?}",
            subjects()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let mut got = subjects();
    got.sort();
    assert_eq!(
        got,
        [
            "Planned maintenance on Creator",
            "Reminder: maintenance on Creator starts in 4 minutes"
        ]
    );
    // Later passes of the timer send it no more.
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(smtp.messages().len(), 2);
    assert_eq!(service.stop(), Some(0));
}
