//! The tidings tool, run as a process the way a support person runs it.

#[path = "../support/mod.rs"]
mod support;

mod bounces;
mod chat;
mod faults;
mod hostile;
#[cfg(feature = "postgres")]
mod postgres;
mod proof;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use support::root;

/// The example binary, built by `cargo test` next to this test.
fn tool() -> Command {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().and_then(Path::parent).unwrap();
    let bin = dir
        .join("examples")
        .join(format!("tidings{}", std::env::consts::EXE_SUFFIX));
    assert!(bin.exists(), "{} is built by `cargo test`", bin.display());
    Command::new(bin)
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(dir: &Path, args: &[&str]) -> Run {
    let Output {
        status,
        stdout,
        stderr,
    } = tool().current_dir(dir).args(args).output().unwrap();
    Run {
        code: status.code().unwrap_or(-1),
        stdout: String::from_utf8(stdout).unwrap(),
        stderr: String::from_utf8(stderr).unwrap(),
    }
}

fn data(path: &str) -> String {
    root()
        .join("examples/data")
        .join(path)
        .to_string_lossy()
        .into_owned()
}

fn files(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir)
        .map(|d| d.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default()
}

const FIRST: &str = "creator-outage/1-investigating.toml";

#[test]
fn send_prints_one_json_summary_and_a_second_run_sends_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "send",
        "--notice",
        &data(FIRST),
        "--recipients",
        &data("customers.csv"),
        "--json",
    ];
    let first = run(dir.path(), &args);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let summary: Value =
        serde_json::from_str(first.stdout.trim()).expect("exactly one JSON object");
    assert_eq!(summary["notice"], "creator-2022-03-14#1");
    assert_eq!(summary["recipients"], 18);
    let keys = |v: &Value| {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    assert_eq!(
        keys(&summary),
        ["channels", "notice", "recipients", "reclaimed", "totals"]
    );
    assert_eq!(keys(&summary["channels"]), ["email", "in_app", "webhook"]);
    assert_eq!(
        keys(&summary["totals"]),
        [
            "duplicate",
            "failed",
            "next_retry_at",
            "not_subscribed",
            "outboxed",
            "pending",
            "scheduled",
            "sent",
            "stale",
            "suppressed"
        ]
    );
    // Without --smtp and --post-webhooks, emails and webhooks are written to
    // the outbox, and counted so: not as sent.
    assert_eq!(summary["totals"]["sent"], 9);
    assert_eq!(summary["totals"]["outboxed"], 22);
    assert_eq!(summary["totals"]["pending"], 0);
    assert_eq!(summary["channels"]["email"]["outboxed"], 13);
    assert_eq!(summary["channels"]["email"]["sent"], 0);
    assert_eq!(summary["channels"]["webhook"]["outboxed"], 9);
    assert_eq!(summary["channels"]["in_app"]["sent"], 9);
    // Emails and signed webhook requests landed in the outbox; the ledger and
    // the inbox in the state file.
    let outbox = files(&dir.path().join("outbox"));
    assert_eq!(
        outbox
            .iter()
            .filter(|p| p.extension().unwrap() == "eml")
            .count(),
        13
    );
    assert_eq!(
        outbox
            .iter()
            .filter(|p| p.extension().unwrap() == "http")
            .count(),
        9
    );
    assert!(dir.path().join("tidings.db").exists());

    let second = run(dir.path(), &args);
    assert_eq!(second.code, 0);
    let summary: Value = serde_json::from_str(second.stdout.trim()).unwrap();
    assert_eq!(summary["totals"]["sent"], 0);
    assert_eq!(
        summary["totals"]["outboxed"], 0,
        "an outbox is written once"
    );
    assert_eq!(summary["totals"]["duplicate"], 31);

    // Then the older revision is stale... after the newer one.
    let newer = run(
        dir.path(),
        &[
            "send",
            "--notice",
            &data("creator-outage/2-identified.toml"),
            "--recipients",
            &data("customers.csv"),
            "--json",
        ],
    );
    assert_eq!(newer.code, 0);
    let older = run(dir.path(), &args);
    let summary: Value = serde_json::from_str(older.stdout.trim()).unwrap();
    assert_eq!(
        summary["totals"]["duplicate"], 31,
        "revision 1 was sent already: duplicate, not stale"
    );

    // Support looks up one customer.
    let history = run(dir.path(), &["history", "--customer", "c-007", "--json"]);
    assert_eq!(history.code, 0);
    let history: Value = serde_json::from_str(history.stdout.trim()).unwrap();
    let deliveries = history["deliveries"].as_array().unwrap();
    assert_eq!(deliveries.len(), 6, "two revisions, three channels");
    for d in deliveries {
        let expected = if d["channel"] == "in-app" {
            "sent"
        } else {
            "outboxed"
        };
        assert_eq!(d["outcome"], expected, "{d}");
        assert_eq!(d["attempts"], 1, "{d}");
    }
    let inbox = run(dir.path(), &["inbox", "--customer", "c-007", "--json"]);
    let inbox: Value = serde_json::from_str(inbox.stdout.trim()).unwrap();
    let entries = inbox["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 1, "one entry per incident");
    assert_eq!(entries[0]["revision"], 2);
    assert_eq!(entries[0]["history"].as_array().unwrap().len(), 2);
}

#[test]
fn a_failed_delivery_exits_with_1() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("r.csv");
    std::fs::write(
        &csv,
        "id,name,languages,time_zone,email,webhook_url,webhook_secret,in_app\n\
         c-1,Ada,en,UTC,ada@example.com,http://127.0.0.1:9/hook,whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw,\n",
    )
    .unwrap();
    let out = run(
        dir.path(),
        &[
            "send",
            "--notice",
            &data(FIRST),
            "--recipients",
            csv.to_str().unwrap(),
            "--post-webhooks",
            "--allow-http-webhooks",
        ],
    );
    assert_eq!(out.code, 1, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout.contains(
            "webhook          0         0          0       0       1           0        0"
        ),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("a loopback address; webhooks may not reach it"),
        "{}",
        out.stdout
    );
}

#[test]
fn a_malformed_row_names_line_and_field_and_nothing_is_sent() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("customers.csv");
    let good = std::fs::read_to_string(data("customers.csv")).unwrap();
    let mut lines: Vec<String> = good.lines().map(str::to_owned).collect();
    lines[2] = lines[2].replacen("Europe/", "Mars/", 1);
    lines.insert(4, "c-bad,Nobody,en,UTC,not-an-address,,,".to_owned());
    std::fs::write(&csv, lines.join("\n")).unwrap();

    let out = run(
        dir.path(),
        &[
            "send",
            "--notice",
            &data(FIRST),
            "--recipients",
            csv.to_str().unwrap(),
        ],
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("customers.csv:3: field `time_zone`: `Mars/"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains(
            "customers.csv:5: field `email`: `not-an-address` is not a valid email address"
        ),
        "{}",
        out.stderr
    );
    assert!(
        !dir.path().join("outbox").exists() && !dir.path().join("tidings.db").exists(),
        "nothing sent"
    );

    let out = run(
        dir.path(),
        &[
            "send",
            "--notice",
            &data(FIRST),
            "--recipients",
            csv.to_str().unwrap(),
            "--skip-invalid",
            "--json",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stderr.contains("skipped: "), "{}", out.stderr);
    let summary: Value = serde_json::from_str(out.stdout.trim()).unwrap();
    assert_eq!(summary["recipients"], 17);
}

#[test]
fn a_malformed_notice_is_named_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let notice = dir.path().join("n.toml");
    let text = std::fs::read_to_string(data(FIRST))
        .unwrap()
        .replace("status = \"investigating\"", "status = \"on fire\"");
    std::fs::write(&notice, text).unwrap();
    let out = run(
        dir.path(),
        &[
            "send",
            "--notice",
            notice.to_str().unwrap(),
            "--recipients",
            &data("customers.csv"),
        ],
    );
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("n.toml:10: unknown variant `on fire`"),
        "{}",
        out.stderr
    );
    let usage = run(dir.path(), &["send", "--notice"]);
    assert_eq!(usage.code, 2);
}

#[test]
fn a_dry_run_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(
        dir.path(),
        &[
            "send",
            "--notice",
            &data(FIRST),
            "--recipients",
            &data("customers.csv"),
            "--dry-run",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("dry run: 31 deliveries to 18 recipients would be made; nothing was written")
    );
    assert!(
        out.stdout.contains("Creator: we onderzoeken een storing"),
        "{}",
        out.stdout
    );
    assert!(
        files(dir.path()).is_empty(),
        "no outbox, no state: {:?}",
        files(dir.path())
    );
}

#[test]
fn preview_in_arabic_is_right_to_left() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(
        dir.path(),
        &[
            "preview",
            "--notice",
            &data(FIRST),
            "--lang",
            "ar",
            "--format",
            "html",
        ],
    );
    assert_eq!(out.code, 0);
    assert!(
        out.stdout
            .starts_with("<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\">"),
        "{}",
        &out.stdout[..80]
    );
    let text = run(
        dir.path(),
        &[
            "preview",
            "--notice",
            &data(FIRST),
            "--lang",
            "de-AT",
            "--time-zone",
            "Europe/Vienna",
        ],
    );
    assert!(text.stdout.starts_with("Subject: Creator: Wir untersuchen eine Störung\nLocales: de-DE > en-US\nTime zone: Europe/Vienna"), "{}", text.stdout);
    let json = run(
        dir.path(),
        &[
            "preview",
            "--notice",
            &data(FIRST),
            "--lang",
            "ja",
            "--format",
            "json",
        ],
    );
    let rendered: Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(rendered["locale"], "ja-JP");
    let bad = run(
        dir.path(),
        &[
            "preview",
            "--notice",
            &data(FIRST),
            "--time-zone",
            "Mars/Base",
        ],
    );
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("`Mars/Base` is not a known time zone"));
}

#[test]
fn check_locales_names_a_missing_message() {
    let dir = tempfile::tempdir().unwrap();
    let ok = run(dir.path(), &["check-locales"]);
    assert_eq!(ok.code, 0, "{}", ok.stdout);
    std::fs::create_dir(dir.path().join("sv-SE")).unwrap();
    let en = std::fs::read_to_string(root().join("locales/en-US/tidings.ftl")).unwrap();
    let without = en.replace("details-heading = What we know\n", "");
    std::fs::write(dir.path().join("sv-SE/tidings.ftl"), without).unwrap();
    let out = run(dir.path(), &["check-locales", dir.path().to_str().unwrap()]);
    assert_eq!(out.code, 1);
    assert!(
        out.stdout.contains("locales/en-US/tidings.ftl:"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("sv-SE: message `details-heading` is not translated"),
        "{}",
        out.stdout
    );
}

#[test]
fn check_locales_speaks_json_in_the_terms_of_compare_locales() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sv-SE")).unwrap();
    let en = std::fs::read_to_string(root().join("locales/en-US/tidings.ftl")).unwrap();
    let broken = en.replace("details-heading = What we know\n", "").replace(
        "{ $product }: we’re investigating a disruption",
        "{ $produto }: investigando",
    ) + "\nleftover = Not in en-US\n";
    std::fs::write(dir.path().join("sv-SE/tidings.ftl"), broken).unwrap();
    let out = run(
        dir.path(),
        &["check-locales", "--json", dir.path().to_str().unwrap()],
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    let report: Value = serde_json::from_str(out.stdout.trim()).unwrap();
    let summary = &report["summary"]["sv-SE"];
    assert_eq!(summary["missing"], 1, "{report}");
    assert_eq!(summary["obsolete"], 1, "{report}");
    assert_eq!(summary["warnings"], 1, "missing is a warning: {report}");
    assert_eq!(
        summary["errors"], 2,
        "obsolete and a wrong variable are errors: {report}"
    );
    let details: Vec<&Value> = report["details"]
        .as_object()
        .unwrap()
        .values()
        .flat_map(|v| v.as_array().unwrap())
        .collect();
    assert!(
        details
            .iter()
            .any(|d| d["category"] == "variables"
                && d["error"].as_str().unwrap().contains("produto")),
        "{report}"
    );
    // The shipped locales are clean.
    let clean = run(dir.path(), &["check-locales", "--json"]);
    assert_eq!(clean.code, 0);
    assert_eq!(
        serde_json::from_str::<Value>(clean.stdout.trim()).unwrap()["summary"],
        serde_json::json!({})
    );
}

#[test]
fn a_translators_directory_and_the_pseudo_locales_are_used_by_preview_and_send() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("nl-NL")).unwrap();
    std::fs::write(
        dir.path().join("nl-NL/override.ftl"),
        "notice-investigating = { $product }: we kijken naar een storing\n    .status = In onderzoek\n    .heading = x\n    .lead = x\n    .advice = x\n    .in-app-title = x\n    .in-app-body = x\n    .summary = x\n",
    )
    .unwrap();
    let locales = dir.path().to_str().unwrap();
    let out = run(
        dir.path(),
        &[
            "preview",
            "--notice",
            &data(FIRST),
            "--lang",
            "nl",
            "--locales",
            locales,
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains("Subject: Creator: we kijken naar een storing"),
        "{}",
        out.stdout
    );
    for (lang, mark) in [("en-XA", "Çréééáátóór"), ("ar-XB", "\u{202E}")] {
        let out = run(
            dir.path(),
            &["preview", "--notice", &data(FIRST), "--lang", lang],
        );
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert!(
            out.stdout.contains(&format!("Locales: {lang}")),
            "{}",
            out.stdout
        );
        assert!(
            out.stdout.contains(mark) || lang == "en-XA" && out.stdout.contains("íí"),
            "{lang}: {}",
            out.stdout
        );
    }
    // send takes the same directory.
    let csv = dir.path().join("r.csv");
    std::fs::write(&csv, "id,name,languages,time_zone,email,webhook_url,webhook_secret,in_app\nc-1,Ada,nl,UTC,ada@example.com,,,\n").unwrap();
    let out = run(
        dir.path(),
        &[
            "send",
            "--notice",
            &data(FIRST),
            "--recipients",
            csv.to_str().unwrap(),
            "--locales",
            locales,
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let eml = files(&dir.path().join("outbox"))
        .into_iter()
        .find(|p| p.extension().unwrap() == "eml")
        .unwrap();
    let text = std::fs::read_to_string(eml).unwrap();
    assert!(text.contains("we kijken naar een storing"), "{text}");
}

/// `history`, `inbox`, `report` and `overdue` answer from the state file
/// without writing to it: its bytes (and its write-ahead log's) stay the
/// same, and no key or sender lock is made beside it.
///
/// SQLite itself may leave two files beside a WAL database a reader opened
/// (`-shm`, its shared-memory index, and an empty `-wal`): a read-only
/// connection makes them when they are missing and cannot remove them. Whether
/// they are there after the send depends on whether its writer thread closed
/// the file before the process ended, so they are compared apart.
#[test]
fn questions_about_a_state_file_never_write_to_it() {
    let dir = tempfile::tempdir().unwrap();
    let sent = run(
        dir.path(),
        &[
            "send",
            "--notice",
            &data(FIRST),
            "--recipients",
            &data("customers.csv"),
        ],
    );
    assert_eq!(sent.code, 0, "{}", sent.stderr);
    let state = dir.path().join("tidings.db");
    // What a copy of the file alone would be: no key, no senders beside it.
    std::fs::remove_file(dir.path().join("tidings.db.key")).unwrap();
    let _ = std::fs::remove_dir_all(dir.path().join("tidings.db.senders"));
    let before = std::fs::read(&state).unwrap();
    let wal = dir.path().join("tidings.db-wal");
    let wal_before = std::fs::read(&wal).ok();
    let ours = |dir: &Path| {
        let mut listed: Vec<PathBuf> = files(dir)
            .into_iter()
            .filter(|p| {
                !p.to_string_lossy().ends_with("-shm") && !p.to_string_lossy().ends_with("-wal")
            })
            .collect();
        listed.sort();
        listed
    };
    let listed = ours(dir.path());
    for args in [
        &["history", "--customer", "c-007", "--json"][..],
        &["inbox", "--customer", "c-007", "--json"],
        &["report", "--incident", "creator-2022-03-14", "--json"],
        &["overdue", "--json"],
    ] {
        let asked = run(dir.path(), args);
        // (`report` exits 1 here: the outboxed emails reached no one yet.)
        assert!(asked.code < 2, "{args:?}: {}", asked.stderr);
        assert!(asked.stdout.starts_with('{'), "{args:?}: {}", asked.stdout);
    }
    assert!(
        std::fs::read(&state).unwrap() == before,
        "the state file is unchanged"
    );
    assert_eq!(ours(dir.path()), listed, "nothing was made beside it");
    match (wal_before, std::fs::read(&wal).ok()) {
        (Some(before), Some(now)) => assert!(before == now, "the write-ahead log is unchanged"),
        (None, Some(now)) => assert!(now.is_empty(), "nothing was written to a new log"),
        (_, None) => {}
    }
}

/// `--unsubscribe-url` with `{token}`: every email carries a one-click
/// link whose token the key in TIDINGS_UNSUBSCRIBE_KEY verifies, for the
/// customer it went to; without the key, nothing is sent.
#[test]
fn emails_carry_a_signed_one_click_unsubscribe_link() {
    use base64::Engine as _;
    let dir = tempfile::tempdir().unwrap();
    let secret = [3u8; 32];
    let encoded = base64::engine::general_purpose::STANDARD.encode(secret);
    let notice = data("creator-outage/1-investigating.toml");
    let customers = data("customers.csv");
    let args = [
        "send",
        "--notice",
        &notice,
        "--recipients",
        &customers,
        "--unsubscribe-url",
        "https://status.example.com/unsubscribe/{token}",
    ];
    let refused = tool().current_dir(dir.path()).args(args).output().unwrap();
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("TIDINGS_UNSUBSCRIBE_KEY"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    let sent = tool()
        .current_dir(dir.path())
        .env("TIDINGS_UNSUBSCRIBE_KEY", &encoded)
        .args(args)
        .output()
        .unwrap();
    assert_eq!(
        sent.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&sent.stderr)
    );
    let key = tidings::unsubscribe::UnsubscribeKey::new(secret).unwrap();
    let emails: Vec<PathBuf> = files(&dir.path().join("outbox"))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "eml"))
        .collect();
    assert!(!emails.is_empty());
    for path in emails {
        let raw = std::fs::read(&path).unwrap();
        let message = mail_parser::MessageParser::default().parse(&raw).unwrap();
        let to = message
            .to()
            .unwrap()
            .first()
            .unwrap()
            .address()
            .unwrap()
            .to_owned();
        let list = message
            .header_raw("List-Unsubscribe")
            .unwrap()
            .trim()
            .to_owned();
        let token = list
            .trim_start_matches("<https://status.example.com/unsubscribe/")
            .trim_end_matches('>');
        let choice = key.verify(token).unwrap_or_else(|e| panic!("{list}: {e}"));
        assert_eq!(choice.channel.as_deref(), Some("email"));
        let customers = std::fs::read_to_string(data("customers.csv")).unwrap();
        let row = customers
            .lines()
            .find(|l| l.starts_with(&format!("{},", choice.recipient)))
            .unwrap();
        assert!(row.contains(&to), "{row} vs {to}");
        assert_eq!(
            message.header_raw("List-Unsubscribe-Post").map(str::trim),
            Some("List-Unsubscribe=One-Click")
        );
    }
}
