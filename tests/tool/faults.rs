//! The tool on the worst day: a dry run into the outbox before the real
//! send, deliveries left pending, and a sender killed mid-send.

use std::process::Stdio;
use std::sync::atomic::Ordering;
use std::time::Duration;

use support::receiver::Receiver;
use support::smtp::SmtpServer;

use super::*;

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

/// A recipients file: customer `n` gets the email, webhook and in-app
/// addresses `row(n)` gives.
fn recipients(dir: &Path, n: usize, row: impl Fn(usize) -> (String, String, bool)) -> PathBuf {
    let mut csv =
        String::from("id,name,languages,time_zone,email,webhook_url,webhook_secret,in_app\n");
    for i in 0..n {
        let (email, hook, in_app) = row(i);
        let secret = if hook.is_empty() { "" } else { SECRET };
        let in_app = if in_app { "yes" } else { "" };
        csv.push_str(&format!(
            "c-{i},Customer {i},en,Europe/Amsterdam,{email},{hook},{secret},{in_app}\n"
        ));
    }
    let path = dir.join("customers.csv");
    std::fs::write(&path, csv).unwrap();
    path
}

fn json(run: &Run) -> Value {
    serde_json::from_str(run.stdout.trim())
        .unwrap_or_else(|e| panic!("{e}: {}{}", run.stdout, run.stderr))
}

#[test]
fn an_outbox_run_then_a_real_send_delivers_everything_once() {
    let smtp = SmtpServer::start();
    let receiver = Receiver::start();
    let dir = tempfile::tempdir().unwrap();
    let csv = recipients(dir.path(), 4, |i| {
        (
            format!("customer{i}@example.com"),
            receiver.url(&format!("/ok?customer={i}")),
            true,
        )
    });
    let csv = csv.to_str().unwrap();
    let notice = data(FIRST);
    // Loopback webhooks need the flag even for the outbox: the SSRF guard
    // decides what an outbox may hold.
    let dry = [
        "send",
        "--notice",
        &notice,
        "--recipients",
        csv,
        "--allow-private-webhooks",
        "--allow-http-webhooks",
        "--json",
    ];
    let smtp_url = smtp.url();
    let real = [
        "send",
        "--notice",
        &notice,
        "--recipients",
        csv,
        "--smtp",
        &smtp_url,
        "--post-webhooks",
        "--allow-private-webhooks",
        "--allow-http-webhooks",
        "--json",
    ];

    let first = run(dir.path(), &dry);
    assert_eq!(first.code, 0, "{}", first.stderr);
    let s = json(&first);
    assert_eq!(
        (
            s["totals"]["outboxed"].as_u64(),
            s["totals"]["sent"].as_u64()
        ),
        (Some(8), Some(4))
    );
    assert_eq!((smtp.messages().len(), receiver.count("/ok")), (0, 0));

    // The real send makes what the dry run only wrote down.
    let second = run(dir.path(), &real);
    assert_eq!(second.code, 0, "{}", second.stderr);
    let s = json(&second);
    assert_eq!(s["totals"]["sent"], 8, "{s}");
    assert_eq!(s["totals"]["duplicate"], 4, "the in-app entries were real");
    assert_eq!((smtp.messages().len(), receiver.count("/ok")), (4, 4));

    // And a real send again makes nothing.
    let third = run(dir.path(), &real);
    assert_eq!(third.code, 0);
    let s = json(&third);
    assert_eq!(
        (
            s["totals"]["sent"].as_u64(),
            s["totals"]["duplicate"].as_u64()
        ),
        (Some(0), Some(12))
    );
    assert_eq!((smtp.messages().len(), receiver.count("/ok")), (4, 4));
    let history = json(&run(
        dir.path(),
        &["history", "--customer", "c-1", "--json"],
    ));
    let outcomes: Vec<&str> = history["deliveries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(outcomes, ["sent"; 3]);
}

#[test]
fn pending_deliveries_exit_3_and_resume_watch_finishes_them() {
    let receiver = Receiver::start();
    receiver.failing.store(usize::MAX, Ordering::SeqCst);
    let dir = tempfile::tempdir().unwrap();
    let csv = recipients(dir.path(), 3, |i| {
        (
            String::new(),
            receiver.url(&format!("/flaky?customer={i}")),
            false,
        )
    });
    let channels = [
        "--post-webhooks",
        "--allow-private-webhooks",
        "--allow-http-webhooks",
    ];
    let mut send = vec!["send", "--notice", FIRST_PATH.as_str(), "--recipients"];
    send.push(csv.to_str().unwrap());
    send.extend(channels);
    let out = run(dir.path(), &send);
    assert_eq!(out.code, 3, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stdout.contains("3 deliveries are pending")
            && out
                .stdout
                .contains("tidings resume --state tidings.db --watch"),
        "{}",
        out.stdout
    );
    // Nothing is due yet: a plain resume leaves them pending, and says so.
    let mut resume = vec!["resume", "--json"];
    resume.extend(channels);
    let early = run(dir.path(), &resume);
    assert_eq!(early.code, 3, "{}", early.stderr);
    let s = json(&early);
    assert_eq!(
        (
            s["totals"]["pending"].as_u64(),
            s["totals"]["sent"].as_u64()
        ),
        (Some(3), Some(0))
    );
    assert!(s["totals"]["next_retry_at"].is_string(), "{s}");

    // The endpoint recovers; resume --watch sleeps until they are due.
    receiver.failing.store(0, Ordering::SeqCst);
    resume.push("--watch");
    let watched = run(dir.path(), &resume);
    assert_eq!(watched.code, 0, "{}{}", watched.stdout, watched.stderr);
    let s = json(&watched);
    assert_eq!(
        (
            s["totals"]["sent"].as_u64(),
            s["totals"]["pending"].as_u64()
        ),
        (Some(3), Some(0))
    );
    assert_eq!(receiver.ids().0, 3);
}

static FIRST_PATH: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| data(FIRST));

#[test]
fn a_sender_killed_mid_send_is_finished_at_once_by_the_next() {
    const CUSTOMERS: usize = 3000;
    let receiver = Receiver::start();
    let dir = tempfile::tempdir().unwrap();
    let csv = recipients(dir.path(), CUSTOMERS, |i| {
        (
            String::new(),
            receiver.url(&format!("/paced?customer={i}")),
            false,
        )
    });
    let args = [
        "send",
        "--notice",
        FIRST_PATH.as_str(),
        "--recipients",
        csv.to_str().unwrap(),
        "--post-webhooks",
        "--allow-private-webhooks",
        "--allow-http-webhooks",
        "--json",
    ];
    // The tool's temporary files go here: none may outlive it, killed or not.
    let tmp = tempfile::tempdir().unwrap();
    let mut child = tool()
        .current_dir(dir.path())
        .env("TMPDIR", tmp.path())
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    for _ in 0..30_000 {
        if receiver.count("/paced") >= 300 {
            break;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the send ended before the kill"
        );
        std::thread::sleep(Duration::from_millis(1));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert!(
        files(tmp.path()).is_empty(),
        "no copy of the recipients (with their webhook secrets) is left behind: {:?}",
        files(tmp.path())
    );
    let at_kill = receiver.count("/paced");
    assert!((300..CUSTOMERS).contains(&at_kill), "{at_kill}");

    // At once, without waiting for the five-minute leases.
    let rerun = run(dir.path(), &args);
    assert_eq!(rerun.code, 0, "{}{}", rerun.stdout, rerun.stderr);
    let s = json(&rerun);
    let (distinct, repeats) = receiver.ids();
    let reclaimed = s["reclaimed"].as_u64().unwrap();
    let duplicate = s["totals"]["duplicate"].as_u64().unwrap();
    println!(
        "received {at_kill} before the kill; the rerun took over {reclaimed} in-flight deliveries, \
         skipped {duplicate} recorded ones; {repeats} arrived twice"
    );
    assert_eq!(distinct, CUSTOMERS, "every customer reached");
    assert!(reclaimed > 0, "the killed sender held claims");
    assert!(
        repeats as u64 <= reclaimed,
        "repeats only among the deliveries in flight at the kill"
    );
    assert!(
        duplicate as usize <= at_kill,
        "no delivery called made that was not"
    );
    assert_eq!(
        s["totals"]["sent"].as_u64().unwrap() + duplicate,
        CUSTOMERS as u64
    );
}

/// Scheduled maintenance sent with `--reminders`: the reminders wait in the
/// ledger, `resume --watch` sleeps until they are due and sends them (a
/// real SMTP server, a receiver that checks signatures), threaded under the
/// notice, then stops; history and report show them as their own rows.
#[test]
fn resume_watch_sends_the_reminders_of_planned_work_at_their_time() {
    let smtp = SmtpServer::start();
    let receiver = Receiver::start();
    let dir = tempfile::tempdir().unwrap();
    let csv = recipients(dir.path(), 2, |i| {
        let email = if i == 0 {
            "customer0@example.com".to_owned()
        } else {
            String::new()
        };
        (email, receiver.url(&format!("/ok?customer={i}")), true)
    });
    // The four minutes' reminder is due three seconds from now; the day's
    // is past and is not kept.
    let now = jiff::Timestamp::now();
    let starts = now + jiff::SignedDuration::from_secs(4 * 60 + 3);
    let notice = dir.path().join("maintenance.toml");
    std::fs::write(
        &notice,
        format!(
            "[incident]\nid = \"creator-maintenance\"\nproduct = \"Creator\"\n\
             severity = \"maintenance\"\nstarted_at = \"{starts}\"\nends_at = \"{}\"\n\
             time_zone = \"Europe/Amsterdam\"\n\n[notice]\nrevision = 1\nstatus = \"scheduled\"\n\
             published_at = \"{now}\"\n",
            starts + jiff::SignedDuration::from_hours(2)
        ),
    )
    .unwrap();
    let smtp_url = smtp.url();
    let channels = [
        "--smtp",
        &smtp_url,
        "--post-webhooks",
        "--allow-private-webhooks",
        "--allow-http-webhooks",
        "--reminders",
        "1440,4",
        "--json",
    ];
    let mut send = vec![
        "send",
        "--notice",
        notice.to_str().unwrap(),
        "--recipients",
        csv.to_str().unwrap(),
    ];
    send.extend(channels);
    let sent = run(dir.path(), &send);
    assert_eq!(sent.code, 0, "{}{}", sent.stdout, sent.stderr);
    let s = json(&sent);
    assert_eq!(
        (
            s["totals"]["sent"].as_u64(),
            s["totals"]["scheduled"].as_u64(),
            s["totals"]["pending"].as_u64()
        ),
        (Some(5), Some(3), Some(0)),
        "{s}"
    );
    let mut resume = vec!["resume", "--watch"];
    resume.extend(channels);
    let watched = run(dir.path(), &resume);
    assert_eq!(watched.code, 0, "{}{}", watched.stdout, watched.stderr);
    let s = json(&watched);
    assert_eq!(
        (
            s["totals"]["sent"].as_u64(),
            s["totals"]["scheduled"].as_u64()
        ),
        (Some(3), Some(0)),
        "{s}"
    );

    // The webhooks: each customer's notice and reminder, signed and checked.
    let bodies: Vec<Value> = receiver
        .received
        .lock()
        .unwrap()
        .iter()
        .map(|r| serde_json::from_slice(&r.body).unwrap())
        .collect();
    let types: Vec<&str> = bodies.iter().map(|b| b["type"].as_str().unwrap()).collect();
    assert_eq!(
        types.iter().filter(|t| **t == "incident.reminder").count(),
        2,
        "{types:?}"
    );
    let reminder = bodies
        .iter()
        .find(|b| b["type"] == "incident.reminder")
        .unwrap();
    assert_eq!(reminder["data"]["notice"]["reminder_minutes"], 4);
    assert_eq!(receiver.ids(), (4, 0), "four distinct ids, none repeated");

    // The emails: the reminder threads under the notice.
    let messages = smtp.messages();
    assert_eq!(messages.len(), 2);
    let parsed: Vec<_> = messages
        .iter()
        .map(|m| mail_parser::MessageParser::default().parse(m).unwrap())
        .collect();
    let first = parsed
        .iter()
        .find(|m| m.subject() == Some("Planned maintenance on Creator"))
        .unwrap();
    let reminder = parsed
        .iter()
        .find(|m| m.subject() == Some("Reminder: maintenance on Creator starts in 4 minutes"))
        .unwrap_or_else(|| {
            panic!(
                "{:?}",
                parsed.iter().map(|m| m.subject()).collect::<Vec<_>>()
            )
        });
    assert_eq!(
        reminder.in_reply_to().as_text(),
        first.message_id(),
        "threaded under the notice"
    );

    let history = json(&run(
        dir.path(),
        &["history", "--customer", "c-0", "--json"],
    ));
    let reminders: Vec<&Value> = history["deliveries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["reminder_minutes"] == 4)
        .collect();
    assert_eq!(reminders.len(), 2, "{history}");
    assert!(
        reminders.iter().all(|d| d["outcome"] == "sent"),
        "{history}"
    );
    let report = json(&run(
        dir.path(),
        &["report", "--incident", "creator-maintenance", "--json"],
    ));
    let row = &report["reminders"][0];
    assert_eq!(
        (
            row["revision"].as_u64(),
            row["minutes_before"].as_u64(),
            row["recipients"].as_u64()
        ),
        (Some(1), Some(4), Some(2)),
        "{report}"
    );
    assert_eq!(row["channels"]["webhook"]["sent"], 2);
    assert_eq!(report["revisions"][0]["told"], 2, "{report}");
}

/// Scheduled maintenance cancelled before its reminder is due: `resume
/// --watch` sends no reminder (the cancellation was told instead), and the
/// reminder's row says why it was not sent.
#[test]
fn a_reminder_of_cancelled_work_is_never_sent() {
    let receiver = Receiver::start();
    let dir = tempfile::tempdir().unwrap();
    let csv = recipients(dir.path(), 2, |i| {
        (
            String::new(),
            receiver.url(&format!("/ok?customer={i}")),
            false,
        )
    });
    let now = jiff::Timestamp::now();
    let starts = now + jiff::SignedDuration::from_secs(4 * 60 + 3);
    let write = |revision: u32, status: &str| {
        let path = dir.path().join(format!("{revision}.toml"));
        std::fs::write(
            &path,
            format!(
                "[incident]\nid = \"creator-maintenance\"\nproduct = \"Creator\"\n\
                 severity = \"maintenance\"\nstarted_at = \"{starts}\"\n\
                 time_zone = \"Europe/Amsterdam\"\n\n[notice]\nrevision = {revision}\n\
                 status = \"{status}\"\npublished_at = \"{now}\"\n{}",
                if revision == 1 {
                    "reminders_minutes = [4]\n"
                } else {
                    ""
                }
            ),
        )
        .unwrap();
        path
    };
    let channels = [
        "--post-webhooks",
        "--allow-private-webhooks",
        "--allow-http-webhooks",
        "--json",
    ];
    for (revision, status, scheduled) in [(1, "scheduled", 2), (2, "cancelled", 0)] {
        let notice = write(revision, status);
        let mut send = vec![
            "send",
            "--notice",
            notice.to_str().unwrap(),
            "--recipients",
            csv.to_str().unwrap(),
        ];
        send.extend(channels);
        let out = run(dir.path(), &send);
        assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
        assert_eq!(json(&out)["totals"]["scheduled"], scheduled);
    }
    // The reminders are due in three seconds: --watch waits for them.
    let mut resume = vec!["resume", "--watch"];
    resume.extend(channels);
    let watched = run(dir.path(), &resume);
    assert_eq!(watched.code, 0, "{}{}", watched.stdout, watched.stderr);
    let s = json(&watched);
    assert_eq!(
        (
            s["totals"]["sent"].as_u64(),
            s["totals"]["stale"].as_u64(),
            s["totals"]["scheduled"].as_u64()
        ),
        (Some(0), Some(2), Some(0)),
        "{s}"
    );
    let types: Vec<String> = receiver
        .received
        .lock()
        .unwrap()
        .iter()
        .map(|r| {
            let body: Value = serde_json::from_slice(&r.body).unwrap();
            format!("{} {}", body["type"], body["data"]["notice"]["status"])
        })
        .collect();
    assert_eq!(types.len(), 4, "{types:?}");
    assert!(
        types.iter().all(|t| t.starts_with("\"incident.notice\"")),
        "no reminder went: {types:?}"
    );
    let history = json(&run(
        dir.path(),
        &["history", "--customer", "c-0", "--json"],
    ));
    let reminder = history["deliveries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["reminder_minutes"] == 4)
        .unwrap_or_else(|| panic!("{history}"));
    assert_eq!(reminder["outcome"], "stale", "{history}");
    assert!(
        reminder["reason"].as_str().unwrap().contains("revision 2"),
        "{history}"
    );
}

/// Support suppresses a customer's email by hand: the next send does not
/// write to them there (counted `suppressed`), their webhook still goes;
/// `suppressions list` shows why, and `remove` lets the next send reach them.
#[test]
fn suppressions_are_honoured_listed_and_lifted_from_the_tool() {
    let smtp = SmtpServer::start();
    let receiver = Receiver::start();
    let dir = tempfile::tempdir().unwrap();
    let csv = recipients(dir.path(), 2, |i| {
        (
            format!("customer{i}@example.com"),
            receiver.url(&format!("/ok?customer={i}")),
            false,
        )
    });
    let smtp_url = smtp.url();
    let notice = data(FIRST);
    let send = [
        "send",
        "--notice",
        notice.as_str(),
        "--recipients",
        csv.to_str().unwrap(),
        "--smtp",
        &smtp_url,
        "--post-webhooks",
        "--allow-private-webhooks",
        "--allow-http-webhooks",
        "--json",
    ];
    let added = run(
        dir.path(),
        &[
            "suppressions",
            "add",
            "--customer",
            "c-0",
            "--channel",
            "email",
            "--reason",
            "ticket 4711: asked by phone",
        ],
    );
    assert_eq!(added.code, 0, "{}{}", added.stdout, added.stderr);
    let sent = run(dir.path(), &send);
    assert_eq!(sent.code, 0, "{}{}", sent.stdout, sent.stderr);
    let s = json(&sent);
    assert_eq!(
        (
            s["totals"]["sent"].as_u64(),
            s["totals"]["suppressed"].as_u64()
        ),
        (Some(3), Some(1)),
        "{s}"
    );
    assert_eq!(s["channels"]["email"]["suppressed"], 1);
    assert_eq!(smtp.messages().len(), 1, "only customer 1's email");
    assert_eq!(receiver.count("/ok"), 2, "both webhooks");

    let listed = json(&run(dir.path(), &["suppressions", "list", "--json"]));
    let rows = listed["suppressions"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{listed}");
    assert_eq!(rows[0]["customer"], "c-0");
    assert_eq!(rows[0]["channel"], "email");
    assert_eq!(rows[0]["reason"], "support");
    assert_eq!(rows[0]["evidence"], "ticket 4711: asked by phone");

    let bad = run(
        dir.path(),
        &[
            "suppressions",
            "add",
            "--customer",
            "c-1",
            "--scope",
            "everything",
            "--reason",
            "x",
        ],
    );
    assert_eq!(bad.code, 2, "{}", bad.stderr);
    let removed = run(
        dir.path(),
        &[
            "suppressions",
            "remove",
            "--customer",
            "c-0",
            "--reason",
            "ticket 4712: wants mail again",
        ],
    );
    assert_eq!(removed.code, 0, "{}", removed.stderr);
    assert!(removed.stdout.contains("lifted 1"), "{}", removed.stdout);
    let again = json(&run(dir.path(), &send));
    assert_eq!(
        (
            again["totals"]["sent"].as_u64(),
            again["totals"]["suppressed"].as_u64()
        ),
        (Some(1), Some(0)),
        "{again}"
    );
    assert_eq!(smtp.messages().len(), 2);
}
