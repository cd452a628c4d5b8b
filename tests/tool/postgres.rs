//! The tool on one PostgreSQL ledger shared by several processes: two
//! instances sending the same notice at once, a sender whose lock session
//! is cut mid-send while another starts, a sender killed with SIGKILL and
//! another started at once, and the database going away mid-send.

use std::collections::HashSet;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use support::postgres::{self as pg, Cluster};
use support::receiver::Receiver;
use support::smtp::SmtpServer;

use super::*;

const CUSTOMERS: usize = 10_000;
const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const KEY_HEX: &str = "2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a2a";

fn database() -> String {
    tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(pg::fresh_database())
}

/// Customers with an email address (when `email`) and a webhook at `hook`.
fn customers(dir: &Path, email: bool, hook: impl Fn(usize) -> String) -> PathBuf {
    let mut csv =
        String::from("id,name,languages,time_zone,email,webhook_url,webhook_secret,in_app\n");
    for i in 0..CUSTOMERS {
        let mailbox = if email {
            format!("customer{i}@example.com")
        } else {
            String::new()
        };
        csv.push_str(&format!(
            "c-{i},Customer {i},en,Europe/Amsterdam,{mailbox},{},{SECRET},\n",
            hook(i)
        ));
    }
    let path = dir.join("customers.csv");
    std::fs::write(&path, csv).unwrap();
    path
}

fn send(dir: &Path, state: &str, csv: &Path, smtp: Option<&str>) -> Child {
    let mut args = vec![
        "send".to_owned(),
        "--notice".into(),
        data(FIRST),
        "--recipients".into(),
        csv.to_str().unwrap().into(),
        "--state".into(),
        state.into(),
        "--post-webhooks".into(),
        "--allow-private-webhooks".into(),
        "--allow-http-webhooks".into(),
        "--json".into(),
    ];
    if let Some(url) = smtp {
        args.extend(["--smtp".into(), url.into()]);
    }
    tool()
        .current_dir(dir)
        .env("TIDINGS_SEALING_KEY", KEY_HEX)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Waits for a send; its exit code and JSON summary (Null if it printed
/// none), and what it said on stderr.
fn finish(child: Child) -> (i32, Value, String) {
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let summary = serde_json::from_str(stdout.trim()).unwrap_or(Value::Null);
    (out.status.code().unwrap_or(-1), summary, stderr)
}

fn total(summary: &Value, key: &str) -> u64 {
    summary["totals"][key].as_u64().unwrap_or(0)
}

#[test]
fn two_instances_on_one_database_tell_everyone_exactly_once() {
    let state = database();
    let smtp = SmtpServer::start();
    let receiver = Receiver::start();
    let dir = tempfile::tempdir().unwrap();
    let csv = customers(dir.path(), true, |i| {
        receiver.url(&format!("/ok?customer={i}"))
    });
    let a = send(dir.path(), &state, &csv, Some(&smtp.url()));
    let b = send(dir.path(), &state, &csv, Some(&smtp.url()));
    let (code_a, a, err_a) = finish(a);
    let (code_b, b, err_b) = finish(b);
    assert!(matches!(code_a, 0 | 3), "{code_a}: {err_a}");
    assert!(matches!(code_b, 0 | 3), "{code_b}: {err_b}");
    let deliveries = 2 * CUSTOMERS as u64;
    println!(
        "instance a sent {}, b sent {}; a found {} made, b {}; held by the other: {} and {}",
        total(&a, "sent"),
        total(&b, "sent"),
        total(&a, "duplicate"),
        total(&b, "duplicate"),
        total(&a, "pending"),
        total(&b, "pending")
    );
    assert_eq!(total(&a, "sent") + total(&b, "sent"), deliveries);
    for s in [&a, &b] {
        assert_eq!(total(s, "failed"), 0, "{s}");
        assert_eq!(
            total(s, "sent") + total(s, "duplicate") + total(s, "pending"),
            deliveries,
            "{s}"
        );
    }
    assert_eq!(receiver.ids(), (CUSTOMERS, 0), "each webhook once");
    let messages = smtp.messages();
    let ids: HashSet<String> = messages
        .iter()
        .map(|m| {
            let text = String::from_utf8_lossy(m);
            text.lines()
                .find_map(|l| l.strip_prefix("Message-ID: "))
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    assert_eq!(messages.len(), CUSTOMERS, "each email once");
    assert_eq!(ids.len(), CUSTOMERS);

    // Support asks the shared database what happened, from any machine.
    let ask = |args: &[&str]| {
        let out = tool()
            .current_dir(dir.path())
            .env("TIDINGS_SEALING_KEY", KEY_HEX)
            .args(args)
            .args(["--state", &state, "--json"])
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&out.stdout).into_owned();
        assert_eq!(out.status.code(), Some(0), "{args:?}: {said}");
        serde_json::from_str::<Value>(said.trim()).unwrap()
    };
    let history = ask(&["history", "--customer", "c-42"]);
    let deliveries = history["deliveries"].as_array().unwrap();
    assert_eq!(deliveries.len(), 2, "{history}");
    assert!(
        deliveries.iter().all(|d| d["outcome"] == "sent"),
        "{history}"
    );
    let report = ask(&["report", "--incident", "creator-2022-03-14"]);
    let latest = &report["revisions"][0];
    assert_eq!(latest["told"], CUSTOMERS, "{report}");
    assert_eq!(latest["unreached"], 0, "{report}");
}

/// Kills a send once `receiver` has `at_least` requests on `path`.
fn kill_after(child: &mut Child, receiver: &Receiver, path: &str, at_least: usize) -> usize {
    let started = Instant::now();
    while receiver.count(path) < at_least {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the send ended before the kill"
        );
        assert!(started.elapsed() < Duration::from_secs(60));
        std::thread::sleep(Duration::from_millis(1));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    receiver.count(path)
}

/// Ends the sessions that hold the senders' advisory locks, as a failover,
/// an idle timeout or a firewall would; how many.
fn cut_lock_sessions(url: &str) -> u64 {
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        let (client, connection) = tokio_postgres::connect(url, tokio_postgres::NoTls)
            .await
            .unwrap();
        tokio::spawn(connection);
        let row = client
            .query_one(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_locks
                 WHERE locktype = 'advisory' AND granted AND classid = 1953064041::oid
                   AND objsubid = 2
                   AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
                &[],
            )
            .await
            .unwrap();
        row.get::<_, i64>(0) as u64
    })
}

#[test]
fn a_lock_session_cut_mid_send_tells_nobody_twice() {
    let state = database();
    let receiver = Receiver::start();
    let dir = tempfile::tempdir().unwrap();
    let csv = customers(dir.path(), false, |i| {
        receiver.url(&format!("/paced?customer={i}"))
    });
    let first = send(dir.path(), &state, &csv, None);
    let started = Instant::now();
    while receiver.count("/paced") < 500 {
        assert!(started.elapsed() < Duration::from_secs(60));
        std::thread::sleep(Duration::from_millis(1));
    }
    // The first sender's session is cut while it sends, and a second
    // instance starts on the same notice: the first takes its lock back,
    // the second never takes over what the first is making.
    assert_eq!(
        cut_lock_sessions(&state),
        1,
        "the first sender held its lock"
    );
    let second = send(dir.path(), &state, &csv, None);
    let (code_1, one, err_1) = finish(first);
    let (code_2, two, err_2) = finish(second);
    println!(
        "first sent {} (found {} made), second sent {} (found {} made); held by the other: {} and {}",
        total(&one, "sent"),
        total(&one, "duplicate"),
        total(&two, "sent"),
        total(&two, "duplicate"),
        total(&one, "pending"),
        total(&two, "pending")
    );
    assert!(matches!(code_1, 0 | 3), "{code_1}: {err_1}");
    assert!(matches!(code_2, 0 | 3), "{code_2}: {err_2}");
    assert_eq!(
        receiver.ids(),
        (CUSTOMERS, 0),
        "everyone told, nobody twice: {:?}\n{one}\n{two}",
        receiver.repeats()
    );
    // The summaries say what each made, and nothing more.
    assert_eq!(
        total(&one, "sent") + total(&two, "sent"),
        CUSTOMERS as u64,
        "{one}\n{two}"
    );
    for s in [&one, &two] {
        assert_eq!(total(s, "failed"), 0, "{s}");
        assert_eq!(s["reclaimed"], 0, "nothing was taken over: {s}");
    }
}

#[test]
fn a_sender_killed_mid_send_is_finished_by_another_instance_without_waiting_out_leases() {
    let state = database();
    let receiver = Receiver::start();
    let dir = tempfile::tempdir().unwrap();
    let csv = customers(dir.path(), false, |i| {
        receiver.url(&format!("/paced?customer={i}"))
    });
    let mut first = send(dir.path(), &state, &csv, None);
    let at_kill = kill_after(&mut first, &receiver, "/paced", 1000);
    assert!((1000..CUSTOMERS).contains(&at_kill), "{at_kill}");
    // Another instance at once: the leases (five minutes) are not waited
    // out. The killed sender's session is gone; its claims are taken over
    // once its last heartbeat is 20 s old (a sender whose session only was
    // cut takes its lock back within that time).
    let started = Instant::now();
    let (code, s, stderr) = finish(send(dir.path(), &state, &csv, None));
    let took = started.elapsed();
    assert_eq!(code, 0, "{stderr}");
    let (distinct, repeats) = receiver.ids();
    let reclaimed = s["reclaimed"].as_u64().unwrap();
    println!(
        "received {at_kill} before the kill; the next instance took over {reclaimed} in-flight \
         deliveries and finished in {took:?}; {repeats} arrived twice"
    );
    assert_eq!(distinct, CUSTOMERS, "every customer reached");
    assert!(reclaimed > 0, "the killed sender held claims");
    assert!(
        repeats as u64 <= reclaimed,
        "repeats only among those in flight"
    );
    assert!(took < Duration::from_secs(240), "no lease was waited out");
    assert_eq!(total(&s, "sent") + total(&s, "duplicate"), CUSTOMERS as u64);
    assert!(total(&s, "duplicate") as usize <= at_kill);
}

#[test]
fn the_database_going_away_mid_send_fails_clearly_and_a_later_send_finishes() {
    let cluster = Cluster::start();
    let state = cluster.url();
    let receiver = Receiver::start();
    let dir = tempfile::tempdir().unwrap();
    let csv = customers(dir.path(), false, |i| {
        receiver.url(&format!("/paced?customer={i}"))
    });
    let first = send(dir.path(), &state, &csv, None);
    let started = Instant::now();
    while receiver.count("/paced") < 500 {
        assert!(started.elapsed() < Duration::from_secs(60));
        std::thread::sleep(Duration::from_millis(1));
    }
    cluster.stop();
    let (code, s, stderr) = finish(first);
    let at_stop = receiver.count("/paced");
    println!(
        "stopped the database after {at_stop} deliveries: exit {code}; it said:\n{}",
        stderr.lines().take(3).collect::<Vec<_>>().join("\n")
    );
    assert_ne!(code, 0, "a send that lost its ledger does not end well");
    assert!(
        stderr.contains("ledger") || s.to_string().contains("ledger"),
        "says the ledger failed: {stderr}"
    );
    assert!(
        total(&s, "sent") as usize <= at_stop,
        "nothing recorded as sent that was not: {s}"
    );
    cluster.start_again();
    let (code, s, stderr) = finish(send(dir.path(), &state, &csv, None));
    assert_eq!(code, 0, "{stderr}");
    let (distinct, repeats) = receiver.ids();
    println!(
        "after the restart: sent {}, found {} made; {repeats} arrived twice",
        total(&s, "sent"),
        total(&s, "duplicate")
    );
    assert_eq!(distinct, CUSTOMERS, "every customer reached");
    assert_eq!(total(&s, "sent") + total(&s, "duplicate"), CUSTOMERS as u64);
}
