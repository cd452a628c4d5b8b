//! Chat destinations through the tool: the `chat` column, a dry run into
//! the outbox, a real send, and the same proof (`report`, `history`) as
//! every other channel.

use support::receiver::Receiver;

use super::*;

fn json(run: &Run) -> Value {
    serde_json::from_str(run.stdout.trim())
        .unwrap_or_else(|e| panic!("{e}: {}{}", run.stdout, run.stderr))
}

#[test]
fn a_chat_column_is_sent_like_any_channel_and_proved_like_one() {
    // Slack answers 2xx for a message it takes and 410 for a channel that
    // was archived; the receiver answers so on /ok and /gone.
    let receiver = Receiver::start();
    let dir = tempfile::tempdir().unwrap();
    let csv = format!(
        "id,name,languages,time_zone,email,webhook_url,webhook_secret,in_app,chat\n\
         c-0,Team A,nl,Europe/Amsterdam,,,,,slack:{}\n\
         c-1,Team B,de,Europe/Berlin,,,,,slack:{}\n\
         c-2,Team C,en,UTC,,,,yes,discord:{}\n",
        receiver.url("/ok?token=SECRETTOKEN0"),
        receiver.url("/gone?token=SECRETTOKEN1"),
        receiver.url("/ok?token=SECRETTOKEN2"),
    );
    let csv_path = dir.path().join("teams.csv");
    std::fs::write(&csv_path, csv).unwrap();
    let notice = data(FIRST);
    let common = [
        "send",
        "--notice",
        notice.as_str(),
        "--recipients",
        csv_path.to_str().unwrap(),
        "--allow-private-webhooks",
        "--allow-http-webhooks",
        "--chat-any-host",
        "--json",
    ];

    // A dry run writes the requests into the outbox and sends nothing.
    let dry = run(dir.path(), &common);
    assert_eq!(dry.code, 0, "{}", dry.stderr);
    assert_eq!(json(&dry)["totals"]["outboxed"], 3, "{}", dry.stdout);
    assert_eq!(receiver.count("/ok") + receiver.count("/gone"), 0);
    let requests: Vec<String> = files(&dir.path().join("outbox"))
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "http"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    assert_eq!(requests.len(), 3);
    assert!(
        requests.iter().any(|r| r.contains("\"blocks\"")),
        "Slack's format"
    );
    assert!(
        requests.iter().any(|r| r.contains("\"embeds\"")),
        "Discord's format"
    );

    // The real send posts them: one archived channel fails for good.
    let mut real = common.to_vec();
    real.insert(5, "--post-webhooks");
    let sent = run(dir.path(), &real);
    assert_eq!(sent.code, 1, "a failed delivery exits 1: {}", sent.stderr);
    let s = json(&sent);
    assert_eq!(s["channels"]["chat"]["sent"], 2, "{s}");
    assert_eq!(s["channels"]["chat"]["failed"], 1, "{s}");
    assert_eq!((receiver.count("/ok"), receiver.count("/gone")), (2, 1));
    for text in [&sent.stdout, &sent.stderr] {
        assert!(!text.contains("SECRETTOKEN"), "URLs stay redacted: {text}");
    }
    // The URL is the credential: the state file does not hold it.
    let state = std::fs::read(dir.path().join("tidings.db")).unwrap();
    assert!(
        !state.windows(11).any(|w| w == b"SECRETTOKEN"),
        "chat URLs are sealed at rest"
    );

    // The proof counts chat like the others.
    let report = json(&run(
        dir.path(),
        &["report", "--incident", "creator-2022-03-14", "--json"],
    ));
    let rev = &report["revisions"][0];
    assert_eq!(rev["channels"]["chat"]["sent"], 2, "{report}");
    assert_eq!(rev["channels"]["chat"]["failed"], 1, "{report}");
    let history = json(&run(
        dir.path(),
        &["history", "--customer", "c-1", "--json"],
    ));
    let d = &history["deliveries"][0];
    assert_eq!(d["channel"], "chat", "{history}");
    assert_eq!(d["outcome"], "gave-up", "{history}");
    assert!(
        d["reason"].as_str().unwrap().contains("removed"),
        "{history}"
    );
    assert!(!history.to_string().contains("SECRETTOKEN"));

    // The archived channel is suppressed: a second send skips it, and
    // makes nothing twice.
    let again = json(&run(dir.path(), &real));
    assert_eq!(again["totals"]["sent"], 0, "{again}");
    assert_eq!((receiver.count("/ok"), receiver.count("/gone")), (2, 1));
}

#[test]
fn a_bad_chat_cell_names_its_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let csv = "id,name,languages,time_zone,email,webhook_url,webhook_secret,in_app,chat\n\
               c-0,Team A,nl,,,,,,matrix:https://example.com/x\n\
               c-1,Team B,nl,,,,,,slack:not a url SECRETTOKEN\n";
    let path = dir.path().join("teams.csv");
    std::fs::write(&path, csv).unwrap();
    let notice = data(FIRST);
    let out = run(
        dir.path(),
        &[
            "send",
            "--notice",
            &notice,
            "--recipients",
            path.to_str().unwrap(),
            "--json",
        ],
    );
    assert_ne!(out.code, 0);
    let all = format!("{}{}", out.stdout, out.stderr);
    assert!(all.contains("`matrix` is not a chat service"), "{all}");
    assert!(all.contains("chat"), "{all}");
}

#[test]
fn pending_chat_messages_are_finished_by_resume() {
    use std::sync::atomic::Ordering;
    // The platform fails with 503 until it recovers.
    let receiver = Receiver::start();
    receiver.failing.store(usize::MAX, Ordering::SeqCst);
    let dir = tempfile::tempdir().unwrap();
    let mut csv =
        String::from("id,name,languages,time_zone,email,webhook_url,webhook_secret,in_app,chat\n");
    for i in 0..2 {
        csv.push_str(&format!(
            "c-{i},Team {i},en,UTC,,,,,google-chat:{}\n",
            receiver.url(&format!("/flaky?team={i}"))
        ));
    }
    let path = dir.path().join("teams.csv");
    std::fs::write(&path, csv).unwrap();
    let notice = data(FIRST);
    let channels = [
        "--post-webhooks",
        "--allow-private-webhooks",
        "--allow-http-webhooks",
        "--chat-any-host",
    ];
    let mut send = vec![
        "send",
        "--notice",
        notice.as_str(),
        "--recipients",
        path.to_str().unwrap(),
    ];
    send.extend(channels);
    let out = run(dir.path(), &send);
    assert_eq!(out.code, 3, "pending: {}{}", out.stdout, out.stderr);

    receiver.failing.store(0, Ordering::SeqCst);
    let mut resume = vec!["resume", "--json", "--watch"];
    resume.extend(channels);
    let watched = run(dir.path(), &resume);
    assert_eq!(watched.code, 0, "{}{}", watched.stdout, watched.stderr);
    let s = json(&watched);
    assert_eq!(s["totals"]["sent"], 2, "{s}");
    assert_eq!(s["totals"]["pending"], 0, "{s}");
    let history = json(&run(
        dir.path(),
        &["history", "--customer", "c-1", "--json"],
    ));
    assert_eq!(history["deliveries"][0]["outcome"], "sent", "{history}");
}
