//! `tidings report` and `tidings overdue` against real peers: a mail server
//! that refuses some mailboxes and endpoints that are gone.

use std::collections::BTreeSet;

use jiff::{SignedDuration, Timestamp};
use support::receiver::Receiver;
use support::smtp::SmtpServer;

use super::*;

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

/// A notice of the Creator incident published `ago` before now.
fn notice(
    dir: &Path,
    revision: u32,
    status: &str,
    ago: SignedDuration,
    next: Option<u32>,
) -> String {
    let published = Timestamp::now() - ago;
    let next = next
        .map(|m| format!("next_update_minutes = {m}\n"))
        .unwrap_or_default();
    let resolved = if status == "resolved" {
        format!("resolved_at = \"{published}\"\n")
    } else {
        String::new()
    };
    let text = format!(
        "[incident]\nid = \"creator-outage\"\nproduct = \"Creator\"\nseverity = \"critical\"\n\
         started_at = \"{}\"\ntime_zone = \"Europe/Amsterdam\"\n\n\
         [notice]\nrevision = {revision}\nstatus = \"{status}\"\npublished_at = \"{published}\"\n{next}{resolved}",
        Timestamp::now() - SignedDuration::from_hours(1)
    );
    let path = dir.join(format!("{revision}.toml"));
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn the_report_names_exactly_the_customers_no_channel_reached() {
    let smtp = SmtpServer::start();
    let receiver = Receiver::start();
    let dir = tempfile::tempdir().unwrap();
    // (email works, webhook works) per customer; None: no such address.
    let plan = [
        (Some(true), Some(true)),   // c-0: told twice
        (Some(false), None),        // c-1: email only, refused
        (None, Some(false)),        // c-2: webhook only, gone
        (Some(false), Some(false)), // c-3: both fail
        (Some(false), Some(true)),  // c-4: told by webhook
        (Some(true), Some(false)),  // c-5: told by email
    ];
    let mut csv =
        String::from("id,name,languages,time_zone,email,webhook_url,webhook_secret,in_app\n");
    for (i, (mail, hook)) in plan.iter().enumerate() {
        let email = match mail {
            Some(true) => format!("c{i}@example.com"),
            Some(false) => "unknown@example.com".to_owned(),
            None => String::new(),
        };
        let (url, secret) = match hook {
            Some(true) => (receiver.url(&format!("/ok?c={i}")), SECRET),
            Some(false) => (receiver.url(&format!("/gone?c={i}")), SECRET),
            None => (String::new(), ""),
        };
        csv.push_str(&format!("c-{i},C {i},en,UTC,{email},{url},{secret},\n"));
    }
    let people = dir.path().join("people.csv");
    std::fs::write(&people, csv).unwrap();
    let first = notice(
        dir.path(),
        1,
        "investigating",
        SignedDuration::from_secs(2),
        Some(30),
    );
    let smtp_url = smtp.url();
    let sent = run(
        dir.path(),
        &[
            "send",
            "--notice",
            &first,
            "--recipients",
            people.to_str().unwrap(),
            "--smtp",
            &smtp_url,
            "--post-webhooks",
            "--allow-private-webhooks",
            "--allow-http-webhooks",
            "--json",
        ],
    );
    assert_eq!(sent.code, 1, "{}{}", sent.stdout, sent.stderr);

    let csv_path = dir.path().join("unreached.csv");
    let report = run(
        dir.path(),
        &[
            "report",
            "--incident",
            "creator-outage",
            "--json",
            "--unreached-csv",
            csv_path.to_str().unwrap(),
        ],
    );
    assert_eq!(
        report.code, 1,
        "some are unreached for good: {}",
        report.stderr
    );
    let r: Value = serde_json::from_str(report.stdout.trim()).unwrap();
    let rev = &r["revisions"][0];
    assert_eq!(rev["revision"], 1);
    assert_eq!(rev["status"], "investigating");
    assert_eq!(
        (
            rev["recipients"].as_u64(),
            rev["told"].as_u64(),
            rev["unreached"].as_u64()
        ),
        (Some(6), Some(3), Some(3))
    );
    assert_eq!(rev["channels"]["email"]["sent"], 2);
    assert_eq!(rev["channels"]["email"]["failed"], 3);
    assert_eq!(rev["channels"]["webhook"]["sent"], 2);
    assert_eq!(rev["channels"]["webhook"]["failed"], 3);
    assert_eq!(rev["channels"]["in_app"]["sent"], 0);
    let time = &rev["time_to_tell_seconds"];
    let (p50, max) = (time["p50"].as_f64().unwrap(), time["max"].as_f64().unwrap());
    assert!(p50 > 0.0 && p50 <= max && max < 120.0, "{time}");

    let unreached: BTreeSet<&str> = r["unreached"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["customer"].as_str().unwrap())
        .collect();
    assert_eq!(unreached, BTreeSet::from(["c-1", "c-2", "c-3"]));
    let reasons = |c: &str| -> Vec<String> {
        r["unreached"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["customer"] == c)
            .unwrap()["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_owned())
            .collect()
    };
    let both = reasons("c-3");
    assert_eq!(both.len(), 2, "{both:?}");
    assert!(
        both.iter()
            .any(|s| s.starts_with("email to u…@example.com:") && s.contains("550")),
        "{both:?}"
    );
    assert!(
        both.iter()
            .any(|s| s.starts_with("webhook to http://127.0.0.1:") && s.contains("410")),
        "{both:?}"
    );

    // The CSV is for support to work through: the csv crate reads it back.
    let mut read = csv::Reader::from_path(&csv_path).unwrap();
    let rows: Vec<csv::StringRecord> = read.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 4, "one line per delivery that did not go");
    let customers: BTreeSet<String> = rows.iter().map(|row| row[0].to_owned()).collect();
    assert_eq!(
        customers,
        BTreeSet::from(["c-1".into(), "c-2".into(), "c-3".into()])
    );

    // The plain report says the same in a table.
    let plain = run(dir.path(), &["report", "--incident", "creator-outage"]);
    assert!(
        plain.stdout.contains("6 customers, 3 told, 3 not reached"),
        "{}",
        plain.stdout
    );
}

#[test]
fn overdue_lists_a_missed_promise_until_it_is_kept_and_the_incident_resolved() {
    let dir = tempfile::tempdir().unwrap();
    let people = dir.path().join("people.csv");
    std::fs::write(
        &people,
        "id,name,languages,time_zone,email,webhook_url,webhook_secret,in_app\nc-1,Ada,en,UTC,,,,yes\n",
    )
    .unwrap();
    let send = |notice: &str| {
        let out = run(
            dir.path(),
            &[
                "send",
                "--notice",
                notice,
                "--recipients",
                people.to_str().unwrap(),
            ],
        );
        assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    };
    // Published ten minutes ago, promising an update in five.
    send(&notice(
        dir.path(),
        1,
        "investigating",
        SignedDuration::from_mins(10),
        Some(5),
    ));
    let late = run(dir.path(), &["overdue", "--json"]);
    assert_eq!(late.code, 1, "{}", late.stderr);
    let v: Value = serde_json::from_str(late.stdout.trim()).unwrap();
    let o = &v["overdue"][0];
    assert_eq!(
        (
            o["incident"].as_str(),
            o["revision"].as_u64(),
            o["status"].as_str()
        ),
        (Some("creator-outage"), Some(1), Some("investigating"))
    );
    let minutes = o["late_minutes"].as_f64().unwrap();
    assert!((4.5..6.0).contains(&minutes), "{minutes}");
    assert!(o["due_at"].is_string());

    // Kept by a newer revision that promises an hour.
    send(&notice(
        dir.path(),
        2,
        "identified",
        SignedDuration::from_secs(1),
        Some(60),
    ));
    let kept = run(dir.path(), &["overdue", "--json"]);
    assert_eq!(kept.code, 0, "{}", kept.stdout);
    assert_eq!(
        serde_json::from_str::<Value>(kept.stdout.trim()).unwrap()["overdue"],
        json_empty()
    );
    // A notice that promised nothing is judged by --max-silence.
    send(&notice(
        dir.path(),
        3,
        "monitoring",
        SignedDuration::from_mins(3),
        None,
    ));
    assert_eq!(run(dir.path(), &["overdue", "--json"]).code, 0);
    assert_eq!(
        run(dir.path(), &["overdue", "--json", "--max-silence", "2"]).code,
        1
    );
    // Resolved: nothing more is owed.
    send(&notice(
        dir.path(),
        4,
        "resolved",
        SignedDuration::from_mins(3),
        None,
    ));
    let done = run(dir.path(), &["overdue", "--max-silence", "0"]);
    assert_eq!(done.code, 0);
    assert!(
        done.stdout.contains("no promised update is late"),
        "{}",
        done.stdout
    );
}

fn json_empty() -> Value {
    Value::Array(Vec::new())
}

/// Customer ids and reasons come from outside: in the unreached CSV, a cell
/// that a spreadsheet would run as a formula is written as text.
#[test]
fn the_unreached_csv_never_hands_a_spreadsheet_a_formula() {
    let dir = tempfile::tempdir().unwrap();
    let ids = ["=1+2", "+SUM(1)", "-2+3", "@A1", "c-plain"];
    let mut csv =
        String::from("id,name,languages,time_zone,email,webhook_url,webhook_secret,in_app\n");
    for id in ids {
        // A private address the SSRF guard refuses: unreached for good.
        csv.push_str(&format!(
            "{id},Eve,en,UTC,,https://10.0.0.1/hook,{SECRET},\n"
        ));
    }
    let people = dir.path().join("people.csv");
    std::fs::write(&people, csv).unwrap();
    let first = notice(
        dir.path(),
        1,
        "investigating",
        SignedDuration::from_secs(2),
        Some(30),
    );
    let sent = run(
        dir.path(),
        &[
            "send",
            "--notice",
            &first,
            "--recipients",
            people.to_str().unwrap(),
            "--post-webhooks",
            "--json",
        ],
    );
    assert_eq!(sent.code, 1, "{}{}", sent.stdout, sent.stderr);
    let csv_path = dir.path().join("unreached.csv");
    let report = run(
        dir.path(),
        &[
            "report",
            "--incident",
            "creator-outage",
            "--json",
            "--unreached-csv",
            csv_path.to_str().unwrap(),
        ],
    );
    assert_eq!(report.code, 1, "{}", report.stderr);
    let mut reader = csv::Reader::from_path(&csv_path).unwrap();
    let mut customers: Vec<String> = reader.records().map(|r| r.unwrap()[0].to_owned()).collect();
    customers.sort();
    assert_eq!(
        customers,
        ["'+SUM(1)", "'-2+3", "'=1+2", "'@A1", "c-plain"],
        "formulas are written as text, the rest as it is"
    );
    // The JSON is not a spreadsheet: it keeps the ids as they are.
    let r: Value = serde_json::from_str(report.stdout.trim()).unwrap();
    let json_ids: BTreeSet<&str> = r["unreached"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["customer"].as_str().unwrap())
        .collect();
    assert!(json_ids.contains("=1+2"), "{json_ids:?}");
}

#[test]
fn customers_outside_the_audience_are_counted_apart_and_never_left_hanging() {
    let dir = tempfile::tempdir().unwrap();
    let people = dir.path().join("people.csv");
    std::fs::write(
        &people,
        "id,name,languages,time_zone,email,webhook_url,webhook_secret,in_app,components,min_severity,maintenance\n\
         c-1,Ada,en,UTC,,,,yes,Editor,,\n\
         c-2,Bo,en,UTC,,,,yes,,critical,\n\
         c-3,Cy,en,UTC,,,,yes,,,\n\
         c-4,Di,en,UTC,,,,yes,Webmail,,no\n",
    )
    .unwrap();
    let update = |revision: u32, severity: &str, component: &str| {
        let text = format!(
            "[incident]\nid = \"creator-outage\"\nproduct = \"Creator\"\nseverity = \"{severity}\"\n\
             started_at = \"{}\"\ncomponents = [\"{component}\"]\n\n\
             [notice]\nrevision = {revision}\nstatus = \"identified\"\npublished_at = \"{}\"\n",
            Timestamp::now() - SignedDuration::from_hours(1),
            Timestamp::now()
        );
        let path = dir.path().join(format!("{revision}.toml"));
        std::fs::write(&path, text).unwrap();
        let out = run(
            dir.path(),
            &[
                "send",
                "--notice",
                path.to_str().unwrap(),
                "--recipients",
                people.to_str().unwrap(),
                "--json",
            ],
        );
        assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
        serde_json::from_str::<Value>(out.stdout.trim()).unwrap()
    };
    // The Editor, major: Bo wants critical only, Di follows Webmail.
    let first = update(1, "major", "Editor");
    assert_eq!(first["recipients"], 4);
    assert_eq!(first["totals"]["sent"], 2);
    assert_eq!(first["totals"]["not_subscribed"], 2);
    assert_eq!(first["channels"]["in_app"]["not_subscribed"], 2);
    // It moves to Webmail, minor: Ada heard of it and hears the rest; Di
    // follows Webmail; Bo still wants critical only.
    let second = update(2, "minor", "Webmail");
    assert_eq!(second["totals"]["sent"], 3);
    assert_eq!(second["totals"]["not_subscribed"], 1);
    let inbox = run(dir.path(), &["inbox", "--customer", "c-1", "--json"]);
    assert!(inbox.stdout.contains("\"revision\":2"), "{}", inbox.stdout);

    let report = run(
        dir.path(),
        &["report", "--incident", "creator-outage", "--json"],
    );
    assert_eq!(report.code, 0, "nobody is unreached: {}", report.stderr);
    let r: Value = serde_json::from_str(report.stdout.trim()).unwrap();
    let counted: Vec<(u64, u64, u64, u64)> = r["revisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|rev| {
            let n = |k: &str| rev[k].as_u64().unwrap();
            (
                n("revision"),
                n("recipients"),
                n("not_subscribed"),
                n("unreached"),
            )
        })
        .collect();
    assert_eq!(counted, [(1, 2, 2, 0), (2, 3, 1, 0)]);
    assert!(r["unreached"].as_array().unwrap().is_empty(), "{r}");
    let plain = run(dir.path(), &["report", "--incident", "creator-outage"]);
    assert!(
        plain.stdout.contains("2 customers, 2 told, 0 not reached")
            && plain.stdout.contains("2 more customers were not sent it"),
        "{}",
        plain.stdout
    );
}

#[test]
fn overdue_holds_planned_work_to_its_window() {
    let dir = tempfile::tempdir().unwrap();
    let people = dir.path().join("people.csv");
    std::fs::write(
        &people,
        "id,name,languages,time_zone,email,webhook_url,webhook_secret,in_app\nc-1,Ada,en,UTC,,,,yes\n",
    )
    .unwrap();
    let now = Timestamp::now();
    let send = |revision: u32, status: &str, starts: Timestamp, ends: Timestamp| {
        let text = format!(
            "[incident]\nid = \"creator-maintenance\"\nproduct = \"Creator\"\nseverity = \"maintenance\"\n\
             started_at = \"{starts}\"\nends_at = \"{ends}\"\n\n\
             [notice]\nrevision = {revision}\nstatus = \"{status}\"\npublished_at = \"{}\"\n",
            now - SignedDuration::from_hours(3) + SignedDuration::from_mins(revision.into())
        );
        let path = dir.path().join(format!("{revision}.toml"));
        std::fs::write(&path, text).unwrap();
        let out = run(
            dir.path(),
            &[
                "send",
                "--notice",
                path.to_str().unwrap(),
                "--recipients",
                people.to_str().unwrap(),
            ],
        );
        assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    };
    let overdue = || {
        let out = run(dir.path(), &["overdue", "--json"]);
        let v: Value = serde_json::from_str(out.stdout.trim()).unwrap();
        (out.code, v["overdue"].clone())
    };
    // Announced three hours ago for tomorrow: not late for its silence.
    let tomorrow = now + SignedDuration::from_hours(24);
    send(
        1,
        "scheduled",
        tomorrow,
        tomorrow + SignedDuration::from_hours(2),
    );
    assert_eq!(overdue(), (0, json_empty()));
    // Moved to have started half an hour ago, and still "scheduled".
    let started = now - SignedDuration::from_mins(30);
    send(2, "scheduled", started, now + SignedDuration::from_mins(30));
    let (code, late) = overdue();
    assert_eq!(code, 1);
    assert_eq!(late[0]["promise"], "start");
    assert_eq!(late[0]["revision"], 2);
    // In progress, with its end still ahead: kept.
    send(
        3,
        "in-progress",
        started,
        now + SignedDuration::from_mins(30),
    );
    assert_eq!(overdue(), (0, json_empty()));
    // In progress past its planned end.
    send(
        4,
        "in-progress",
        started,
        now - SignedDuration::from_mins(5),
    );
    let (code, late) = overdue();
    assert_eq!(code, 1);
    assert_eq!(late[0]["promise"], "end");
    let plain = run(dir.path(), &["overdue"]);
    assert!(
        plain.stdout.contains("the planned work was to end at"),
        "{}",
        plain.stdout
    );
    // Cancelled: nothing more is promised.
    send(5, "cancelled", started, now - SignedDuration::from_mins(5));
    assert_eq!(overdue(), (0, json_empty()));
}
