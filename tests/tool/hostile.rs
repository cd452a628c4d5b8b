//! Input from people who made a mistake, and from people who meant it:
//! every problem named by file, line and field, nothing sent.

use super::*;

const HEADER: &str = "id,name,languages,time_zone,email,webhook_url,webhook_secret,in_app\n";

fn send(dir: &Path, csv: &str) -> Run {
    let path = dir.join("customers.csv");
    std::fs::write(&path, csv).unwrap();
    run(
        dir,
        &[
            "send",
            "--notice",
            &data(FIRST),
            "--recipients",
            path.to_str().unwrap(),
        ],
    )
}

fn nothing_sent(dir: &Path) -> bool {
    !dir.join("outbox").exists() && !dir.join("tidings.db").exists()
}

#[test]
fn a_customer_listed_twice_is_an_error_naming_both_lines() {
    let dir = tempfile::tempdir().unwrap();
    let out = send(
        dir.path(),
        &format!(
            "{HEADER}c-1,Ada,en,UTC,ada@example.com,,,\nc-2,Bo,en,UTC,bo@example.com,,,\nc-1,Ada again,en,UTC,ada2@example.com,,,\n"
        ),
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("customers.csv:4: field `id`: customer `c-1` is also on line 2"),
        "{}",
        out.stderr
    );
    assert!(nothing_sent(dir.path()));
}

#[test]
fn fields_and_lines_have_limits_with_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    let long_name = "n".repeat(600);
    let out = send(
        dir.path(),
        &format!("{HEADER}c-1,{long_name},en,UTC,ada@example.com,,,\n"),
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr
            .contains("customers.csv:2: field `name`: is 600 bytes long; at most 512 are accepted"),
        "{}",
        out.stderr
    );
    // One line of 100 KiB is refused before it is held whole.
    let huge = "x".repeat(100 * 1024);
    let out = send(
        dir.path(),
        &format!("{HEADER}c-1,Ada,en,UTC,ada@example.com,,,\nc-2,{huge},en,UTC,b@example.com,,,\n"),
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("customers.csv:") && out.stderr.contains("longer than 65536 bytes"),
        "{}",
        out.stderr
    );
    assert!(nothing_sent(dir.path()));
    // So is a quoted field that runs over many short lines: the CSV reader
    // would hold it whole, however short each line.
    let many_lines = "x\n".repeat(50 * 1024);
    let out = send(
        dir.path(),
        &format!(
            "{HEADER}c-1,Ada,en,UTC,ada@example.com,,,\nc-2,\"{many_lines}\",en,UTC,b@example.com,,,\n"
        ),
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("customers.csv:") && out.stderr.contains("longer than 65536 bytes"),
        "{}",
        out.stderr
    );
    assert!(nothing_sent(dir.path()));
}

#[test]
fn invisible_and_direction_changing_characters_are_refused_in_names() {
    let dir = tempfile::tempdir().unwrap();
    let out = send(
        dir.path(),
        &format!("{HEADER}c-1,Ada \u{202E}nimda,en,UTC,ada@example.com,,,\n"),
    );
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains("customers.csv:2: field `name`:")
            && out
                .stderr
                .contains("U+202E, an invisible or direction-changing character"),
        "{}",
        out.stderr
    );
    // In a notice: the product, and an override in the details.
    let notice = std::fs::read_to_string(data(FIRST)).unwrap();
    for (from, to) in [
        ("product = \"Creator\"", "product = \"Creator\u{2067}\""),
        ("Since 08:30 CET", "Since \u{202D}08:30 CET"),
    ] {
        let bad = dir.path().join("bad.toml");
        assert!(notice.contains(from), "{from}");
        std::fs::write(&bad, notice.replacen(from, to, 1)).unwrap();
        let out = run(dir.path(), &["preview", "--notice", bad.to_str().unwrap()]);
        assert_eq!(out.code, 2, "{}{}", out.stdout, out.stderr);
        assert!(out.stderr.contains("direction-changing"), "{}", out.stderr);
    }
}

#[test]
fn a_custom_channel_column_is_read_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("customers.csv");
    std::fs::write(
        &path,
        "id,name,languages,time_zone,email,webhook_url,webhook_secret,in_app,custom_channel,custom_to\n\
         c-1,Ada,en,UTC,,,,,sms,+31 6 1234 5678\n\
         c-2,Bo,en,UTC,bo@example.com,,,,,\n",
    )
    .unwrap();
    let dry = run(
        dir.path(),
        &[
            "send",
            "--notice",
            &data(FIRST),
            "--recipients",
            path.to_str().unwrap(),
            "--dry-run",
            "--json",
        ],
    );
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    let v: Value = serde_json::from_str(dry.stdout.trim()).unwrap();
    let sms = v["deliveries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["channel"] == "sms")
        .expect("the custom address is a delivery");
    assert_eq!(sms["address"], "+31 6 1234 5678");
    // The tool has no SMS channel: that delivery is reported, not dropped.
    let out = run(
        dir.path(),
        &[
            "send",
            "--notice",
            &data(FIRST),
            "--recipients",
            path.to_str().unwrap(),
            "--json",
        ],
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    let v: Value = serde_json::from_str(out.stdout.trim()).unwrap();
    assert_eq!(v["channels"]["sms"]["failed"], 1, "{v}");
    // A built-in name is not a custom channel.
    std::fs::write(
        &path,
        "id,name,languages,time_zone,email,webhook_url,webhook_secret,in_app,custom_channel,custom_to\n\
         c-1,Ada,en,UTC,,,,,email,x\n",
    )
    .unwrap();
    let out = run(
        dir.path(),
        &[
            "send",
            "--notice",
            &data(FIRST),
            "--recipients",
            path.to_str().unwrap(),
        ],
    );
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("field `custom_channel`"),
        "{}",
        out.stderr
    );
}

/// A mail server's reply reaches the summary, `history` and `report`; one
/// carrying terminal escapes is shown with them escaped, so it can neither
/// retitle the terminal nor clear the screen of whoever reads it.
#[test]
fn a_reply_with_terminal_escapes_is_shown_escaped() {
    let smtp = support::smtp::SmtpServer::start();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("customers.csv");
    std::fs::write(
        &path,
        format!("{HEADER}c-1,Ada,en,UTC,escape@example.com,,,\n"),
    )
    .unwrap();
    let sent = run(
        dir.path(),
        &[
            "send",
            "--notice",
            &data(FIRST),
            "--recipients",
            path.to_str().unwrap(),
            "--smtp",
            &smtp.url(),
        ],
    );
    assert_eq!(sent.code, 1, "{}{}", sent.stdout, sent.stderr);
    let history = run(dir.path(), &["history", "--customer", "c-1"]);
    let report = run(dir.path(), &["report", "--incident", "creator-2022-03-14"]);
    for out in [&sent, &history, &report] {
        for text in [&out.stdout, &out.stderr] {
            assert!(
                !text.contains('\u{1b}') && !text.contains('\u{7}'),
                "{text}"
            );
        }
    }
    assert!(
        history.stdout.contains("\\u{1b}]0;pwned"),
        "{}",
        history.stdout
    );
    assert!(report.stdout.contains("\\u{1b}[2J"), "{}", report.stdout);
}
