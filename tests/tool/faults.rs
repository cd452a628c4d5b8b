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
