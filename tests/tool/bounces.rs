//! `tidings bounces`: returned mail from an mbox, a Maildir and a single
//! message, read against the state file the email was sent with.

use serde_json::Value;

use super::*;
use support::smtp::SmtpServer;

/// A real bounce (Postfix) and a real complaint (Yahoo), from the corpus in
/// tests/data/bounces, about the email tidings sent to these addresses.
const BOUNCE: (&str, &str, &str) = (
    "dsn/postfix-5.1.1-sisimai-lhost-postfix-14.eml",
    "kijitora@2jo.example.jp",
    "20150213024813.DE9FF20C16@2jo.example.jp",
);
const COMPLAINT: (&str, &str, &str) = (
    "arf/yahoo-abuse-sisimai-arf-02.eml",
    "this-local-part-does-not-exist-on-yahoo@yahoo.com",
    "000000000000000000000000.smtp@example.com",
);
const UNRELATED: &str = "unrelated/mikel-mail-mime_emails-raw_email7.eml";

fn corpus(file: &str) -> Vec<u8> {
    std::fs::read(root().join("tests/data/bounces").join(file)).unwrap()
}

/// The sample with the Message-ID of the email tidings sent in place of
/// the original's.
fn about(sample: (&str, &str, &str), ours: &str) -> Vec<u8> {
    let text = String::from_utf8(corpus(sample.0)).unwrap();
    assert!(text.contains(sample.2));
    text.replace(sample.2, ours).into_bytes()
}

#[test]
fn bounces_from_an_mbox_a_maildir_and_a_file_change_the_record() {
    let smtp = SmtpServer::start();
    let dir = tempfile::tempdir().unwrap();
    let people = dir.path().join("people.csv");
    std::fs::write(
        &people,
        format!(
            "id,name,languages,time_zone,email,webhook_url,webhook_secret,in_app\n\
             c-1,Kijitora,en,UTC,{},,,\nc-2,Yahoo Reader,en,UTC,{},,,\nc-3,Fine,en,UTC,fine@example.com,,,\n",
            BOUNCE.1, COMPLAINT.1
        ),
    )
    .unwrap();
    let smtp_url = smtp.url();
    let notice = data("creator-outage/1-investigating.toml");
    let people_arg = people.to_str().unwrap();
    let sent = run(
        dir.path(),
        &[
            "send",
            "--notice",
            &notice,
            "--recipients",
            people_arg,
            "--smtp",
            &smtp_url,
            "--verp",
            "bounces@status.example.com",
        ],
    );
    assert_eq!(sent.code, 0, "{}{}", sent.stdout, sent.stderr);
    for sender in smtp.envelope_senders() {
        assert!(
            sender.starts_with("bounces+") && sender.ends_with("@status.example.com"),
            "{sender}"
        );
    }
    let id_of = |address: &str| {
        smtp.messages()
            .iter()
            .map(|raw| mail_parser::MessageParser::default().parse(raw).unwrap())
            .find(|m| m.to().and_then(|t| t.first()).and_then(|a| a.address()) == Some(address))
            .and_then(|m| m.message_id().map(str::to_owned))
            .unwrap()
    };

    // An mbox: the bounce (its own `From ` line first) and an unrelated
    // message; a Maildir holding the complaint; a single unrelated .eml.
    let mbox = dir.path().join("returned.mbox");
    let mut contents = about(BOUNCE, &id_of(BOUNCE.1));
    contents.extend_from_slice(b"\nFrom someone@example.com Thu Dec  3 10:00:00 2026\n");
    contents.extend_from_slice(&corpus(UNRELATED));
    std::fs::write(&mbox, contents).unwrap();
    let maildir = dir.path().join("Maildir");
    for sub in ["cur", "new", "tmp"] {
        std::fs::create_dir_all(maildir.join(sub)).unwrap();
    }
    std::fs::write(
        maildir.join("new/1764756000.M1P1.host"),
        about(COMPLAINT, &id_of(COMPLAINT.1)),
    )
    .unwrap();
    let single = dir.path().join("single.eml");
    std::fs::write(&single, corpus(UNRELATED)).unwrap();
    let inputs = [
        mbox.to_str().unwrap(),
        maildir.to_str().unwrap(),
        single.to_str().unwrap(),
    ];

    let mut args = vec!["bounces", "--json"];
    args.extend(inputs);
    let read = run(dir.path(), &args);
    assert_eq!(read.code, 0, "{}{}", read.stdout, read.stderr);
    let out: Value = serde_json::from_str(read.stdout.trim()).unwrap();
    let totals = &out["totals"];
    assert_eq!(
        (
            &totals["messages"],
            &totals["bounced"],
            &totals["complaints"],
            &totals["ignored"],
            &totals["not_done"]
        ),
        (&4.into(), &1.into(), &1.into(), &2.into(), &0.into()),
        "{out}"
    );
    let first = &out["messages"][0];
    assert!(
        first["source"]
            .as_str()
            .unwrap()
            .ends_with("returned.mbox#1")
    );
    assert_eq!(first["effects"][0]["effect"], "bounced");
    assert_eq!(first["effects"][0]["customer"], "c-1");
    assert_eq!(first["effects"][0]["status"], "5.1.1");
    assert_eq!(first["effects"][0]["suppressed"], true);

    // The report lists the bounced customer as unreached, with why.
    let report = run(
        dir.path(),
        &["report", "--incident", "creator-2022-03-14", "--json"],
    );
    let r: Value = serde_json::from_str(report.stdout.trim()).unwrap();
    let revision = &r["revisions"][0];
    assert_eq!(
        (&revision["told"], &revision["unreached"]),
        (&2.into(), &1.into()),
        "{r}"
    );
    assert_eq!(revision["channels"]["email"]["bounced"], 1);
    let unreached = &r["unreached"][0];
    assert_eq!(unreached["customer"], "c-1");
    assert!(
        unreached["reasons"][0]
            .as_str()
            .unwrap()
            .contains("bounced 5.1.1"),
        "{unreached}"
    );
    let listed = run(dir.path(), &["suppressions", "list", "--json"]);
    let listed: Value = serde_json::from_str(listed.stdout.trim()).unwrap();
    let reasons: Vec<(&str, &str)> = listed["suppressions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["customer"].as_str().unwrap(),
                s["reason"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        reasons,
        [("c-1", "hard-bounce"), ("c-2", "complaint")],
        "{listed}"
    );

    // Read again: recorded before, nothing changes; the text form says so.
    let mut args = vec!["bounces"];
    args.extend(inputs);
    let again = run(dir.path(), &args);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(
        again
            .stdout
            .contains("4 message(s): 0 bounced, 0 delayed, 0 complaint(s), 2 already recorded"),
        "{}",
        again.stdout
    );

    // What cannot be read is said, and the run says it is not done; a
    // state file that is not there is refused before anything is read.
    let missing = run(dir.path(), &["bounces", "nowhere.mbox"]);
    assert_eq!(missing.code, 1, "{}", missing.stdout);
    assert!(
        missing.stderr.contains("nowhere.mbox: cannot read it"),
        "{}",
        missing.stderr
    );
    let no_state = run(
        dir.path(),
        &["bounces", "--state", "other.db", mbox.to_str().unwrap()],
    );
    assert_eq!(no_state.code, 2);
    assert!(
        no_state.stderr.contains("no such state file"),
        "{}",
        no_state.stderr
    );
    assert!(!dir.path().join("other.db").exists());
}
