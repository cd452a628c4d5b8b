//! Instances on machines of their own, modelled on one machine: each
//! instance is a process of its own, held to a share of one core by a CPU
//! quota (a cgroup), while the PostgreSQL server may use the rest. This is
//! how several instances meet one database in production, where each has
//! its own cores and the database has cores to spare; on a small machine
//! with everything unbounded, one instance and the server fill it alone
//! (see `postgres/noop` in the dispatch bench).
//!
//! Cases, each on a new database of its own, dropped after:
//! - `one`: one instance sends the notice to N recipients;
//! - `halves`: two instances send the same notice, each to half of them;
//! - `two`: two instances send the same notice to all of them at once.
//!
//! Each instance makes `REPS` sends (a new revision each, the same across
//! instances) through the PostgreSQL ledger with a no-op channel; the
//! figure is all deliveries made over the wall time from the start signal
//! to the last instance's end.
//!
//! Run: `TIDINGS_POSTGRES_URL=… cargo bench --features postgres --bench
//! instances` (as a user that may make cgroups: root, or one given a
//! delegated cgroup). `TIDINGS_INSTANCE_CPU` sets each instance's share of
//! a core (0.15 unless set). Without cgroups it says so and measures
//! nothing. Figures and machine: BENCHMARKS.md.

mod support;

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Instant;

use support::{Noop, notice, recipients};
use tidings::store::postgres::PostgresState;
use tidings::{Catalog, Dispatcher};

const N: usize = 10_000;
const REPS: u32 = 5;
const RUNS: usize = 3;

fn main() {
    if let Ok(part) = std::env::var("TIDINGS_BENCH_PART") {
        return instance(&part);
    }
    let Ok(server) = std::env::var("TIDINGS_POSTGRES_URL") else {
        eprintln!("instances: skipped, TIDINGS_POSTGRES_URL names no server");
        return;
    };
    let share: f64 = std::env::var("TIDINGS_INSTANCE_CPU")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0.15);
    let Some(groups) = Quota::new(share) else {
        eprintln!(
            "instances: skipped, no cgroup can be made here to hold an instance to a share of a core"
        );
        return;
    };
    println!("each instance held to {share} of a core; {REPS} sends of {N} per instance");
    let mut one = Vec::new();
    for run in 0..RUNS {
        let mut line = format!("run {}:", run + 1);
        for case in ["one", "halves", "two"] {
            let rate = measure(&server, &groups, case, run);
            if case == "one" {
                one.push(rate);
            }
            line += &format!(
                "  {case} {rate:.0} deliveries/s ({:.2} × one)",
                rate / one[run]
            );
        }
        println!("{line}");
    }
    groups.remove();
}

/// One case: deliveries per second, all instances together.
fn measure(server: &str, groups: &Quota, case: &str, run: usize) -> f64 {
    let name = format!("tidings_instances_{}_{case}_{run}", std::process::id());
    admin(server, &format!("CREATE DATABASE {name}"));
    let mut url = url::Url::parse(server).unwrap();
    url.set_path(&name);
    let parts: &[&str] = match case {
        "one" => &["all"],
        "halves" => &["first", "second"],
        _ => &["all", "all"],
    };
    let mut children: Vec<_> = parts
        .iter()
        .enumerate()
        .map(|(i, part)| {
            let child = Command::new(std::env::current_exe().unwrap())
                .env("TIDINGS_BENCH_PART", part)
                .env("TIDINGS_BENCH_URL", url.as_str())
                .env("TIDINGS_BENCH_OWNER", format!("instance-{i}"))
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .spawn()
                .unwrap();
            groups.hold(i, child.id());
            child
        })
        .collect();
    // Every instance connects first; then all start at once.
    let mut outputs: Vec<_> = children
        .iter_mut()
        .map(|c| std::io::BufReader::new(c.stdout.take().unwrap()))
        .collect();
    for out in &mut outputs {
        let mut ready = String::new();
        out.read_line(&mut ready).unwrap();
        assert_eq!(ready.trim(), "ready");
    }
    let started = Instant::now();
    for c in &mut children {
        writeln!(c.stdin.as_mut().unwrap(), "go").unwrap();
    }
    let mut sent = 0u64;
    for (out, mut c) in outputs.into_iter().zip(children) {
        let mut done = String::new();
        let mut out = out;
        out.read_line(&mut done).unwrap();
        sent += done.trim().parse::<u64>().unwrap();
        assert!(c.wait().unwrap().success());
    }
    let took = started.elapsed().as_secs_f64();
    admin(server, &format!("DROP DATABASE {name} WITH (FORCE)"));
    assert_eq!(sent, u64::from(REPS) * N as u64, "every delivery made once");
    sent as f64 / took
}

/// An instance: connects, says it is ready, waits for the start, makes its
/// sends and says how many deliveries it made.
fn instance(part: &str) {
    let url = std::env::var("TIDINGS_BENCH_URL").unwrap();
    let owner = std::env::var("TIDINGS_BENCH_OWNER").unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let state = runtime
        .block_on(PostgresState::connect(&url, [7; 32]))
        .unwrap();
    let d = Dispatcher::builder(Arc::new(Catalog::shipped().unwrap()))
        .ledger(Arc::new(state.ledger()))
        .channel(Arc::new(Noop))
        .concurrency(256)
        .owner(owner)
        .build()
        .unwrap();
    println!("ready");
    let mut go = String::new();
    std::io::stdin().read_line(&mut go).unwrap();
    let mut sent = 0;
    for revision in 1..=REPS {
        let all = recipients(N);
        let mine: Box<dyn Iterator<Item = _> + Send> = match part {
            "first" => Box::new(all.take(N / 2)),
            "second" => Box::new(all.skip(N / 2)),
            _ => Box::new(all),
        };
        let report = runtime
            .block_on(d.send_all(&notice(revision), mine))
            .unwrap();
        sent += report.totals.sent;
    }
    println!("{sent}");
}

fn admin(server: &str, sql: &str) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let (client, connection) = tokio_postgres::connect(server, tokio_postgres::NoTls)
            .await
            .unwrap();
        tokio::spawn(connection);
        client.batch_execute(sql).await.unwrap();
    });
}

/// Two cgroups (one per instance) that hold a process to `share` of a
/// core: cgroup v2's `cpu.max` or v1's CFS quota, whichever this machine
/// lets us write.
struct Quota {
    dirs: Vec<PathBuf>,
}

impl Quota {
    fn new(share: f64) -> Option<Quota> {
        let period = 100_000u64;
        let quota = ((share * period as f64) as u64).max(1_000);
        let mut dirs = Vec::new();
        for i in 0..2 {
            let name = format!("tidings_instance_{}_{i}", std::process::id());
            // A directory is a cgroup only where the kernel fills it in.
            let group = |root: &str, files: &[(&str, String)]| {
                let dir = PathBuf::from(root).join(&name);
                let made = std::path::Path::new(root).join("cgroup.procs").exists()
                    && std::fs::create_dir(&dir).is_ok()
                    && dir.join("cgroup.procs").exists()
                    && files
                        .iter()
                        .all(|(file, value)| std::fs::write(dir.join(file), value).is_ok());
                if !made && dir.exists() {
                    let _ = std::fs::remove_dir(&dir);
                }
                made.then_some(dir)
            };
            let made = group(
                "/sys/fs/cgroup",
                &[("cpu.max", format!("{quota} {period}"))],
            )
            .or_else(|| {
                group(
                    "/sys/fs/cgroup/cpu",
                    &[
                        ("cpu.cfs_period_us", period.to_string()),
                        ("cpu.cfs_quota_us", quota.to_string()),
                    ],
                )
            });
            match made {
                Some(dir) => dirs.push(dir),
                None => {
                    Quota { dirs }.remove();
                    return None;
                }
            }
        }
        Some(Quota { dirs })
    }

    /// Puts process `pid` in the `i`th group.
    fn hold(&self, i: usize, pid: u32) {
        std::fs::write(self.dirs[i].join("cgroup.procs"), pid.to_string()).unwrap();
    }

    fn remove(&self) {
        for dir in &self.dirs {
            let _ = std::fs::remove_dir(dir);
        }
    }
}
