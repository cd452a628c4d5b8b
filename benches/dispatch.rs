//! What tidings itself costs per delivery and per rendering.
//!
//! - `dispatch/noop/*`: a whole send of N recipients through a channel that
//!   does nothing, with the memory or the SQLite ledger: the dispatcher's and
//!   the ledger's overhead per delivery (throughput is in deliveries).
//! - `render/*`: one rendering of the Creator notice, from the cache and
//!   without it.
//! - `report/sqlite/*`: the coverage report of one incident over N
//!   deliveries in a state file (built once, before the samples).
//! - `postgres/noop/*` (feature `postgres`, with `TIDINGS_POSTGRES_URL`
//!   naming a server): a send of N recipients through the PostgreSQL
//!   ledger by one instance, and by two instances sending the same notice
//!   at once (each with its own pool), which split the deliveries, and by
//!   two instances given half the recipients each.
//!
//! Run: `cargo bench --bench dispatch`. Figures and machine: BENCHMARKS.md.

mod support;

use std::sync::Arc;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use support::{Noop, notice, recipients};
use tidings::ledger::{Ledger, LedgerReader};
use tidings::store::memory::MemoryLedger;
use tidings::{Catalog, Dispatcher, LanguagePreferences};

fn dispatch(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let catalog = Arc::new(Catalog::shipped().unwrap());
    let mut group = c.benchmark_group("dispatch/noop");
    group.sample_size(10);
    for n in [10_000usize, 100_000] {
        group.throughput(Throughput::Elements(n as u64));
        let mut revision = 0;
        // The memory ledger keeps every row: it is compared at 10,000 only.
        let memory = (n <= 10_000).then_some(());
        memory.map(|()| {
            group.bench_function(format!("memory/{n}"), |b| {
                b.iter(|| {
                    // A fresh ledger each time: every delivery is new.
                    let d = Dispatcher::builder(Arc::clone(&catalog))
                        .ledger(Arc::new(MemoryLedger::new()))
                        .channel(Arc::new(Noop))
                        .concurrency(256)
                        .build()
                        .unwrap();
                    revision += 1;
                    let report = runtime
                        .block_on(d.send_all(&notice(revision), recipients(n)))
                        .unwrap();
                    assert_eq!(report.totals.sent, n as u64);
                })
            })
        });
        // One state file for every iteration, as a service keeps it: it grows
        // by n rows per iteration (a new revision each time).
        let dir = tempfile::tempdir().unwrap();
        let ledger: Arc<dyn Ledger> = Arc::new(
            runtime
                .block_on(tidings::StateFile::open(dir.path().join("bench.db")))
                .unwrap()
                .ledger(),
        );
        let d = Dispatcher::builder(Arc::clone(&catalog))
            .ledger(ledger)
            .channel(Arc::new(Noop))
            .concurrency(256)
            .build()
            .unwrap();
        group.bench_function(format!("sqlite/{n}"), |b| {
            b.iter(|| {
                revision += 1;
                let report = runtime
                    .block_on(d.send_all(&notice(revision), recipients(n)))
                    .unwrap();
                assert_eq!(report.totals.sent, n as u64);
            })
        });
        // A new state file for each send (its creation is not timed).
        group.bench_function(format!("sqlite-fresh/{n}"), |b| {
            b.iter_batched(
                || {
                    let dir = tempfile::tempdir().unwrap();
                    let ledger = runtime
                        .block_on(tidings::StateFile::open(dir.path().join("bench.db")))
                        .unwrap()
                        .ledger();
                    let d = Dispatcher::builder(Arc::clone(&catalog))
                        .ledger(Arc::new(ledger))
                        .channel(Arc::new(Noop))
                        .concurrency(256)
                        .build()
                        .unwrap();
                    (dir, d)
                },
                |(_dir, d)| {
                    let report = runtime
                        .block_on(d.send_all(&notice(1), recipients(n)))
                        .unwrap();
                    assert_eq!(report.totals.sent, n as u64);
                },
                criterion::BatchSize::PerIteration,
            )
        });
    }
    group.finish();
}

fn render(c: &mut Criterion) {
    let catalog = Arc::new(Catalog::shipped().unwrap());
    let cached = tidings::Renderer::new(Arc::clone(&catalog));
    let uncached = &catalog;
    let notice = notice(1);
    let chain = catalog.negotiate(&LanguagePreferences::from_tags(["nl-BE"]).unwrap());
    let tz = tidings::parse_time_zone("Europe/Brussels").unwrap();
    let mut group = c.benchmark_group("render");
    group.throughput(Throughput::Elements(1));
    group.bench_function("cached", |b| b.iter(|| cached.render(&notice, &chain, &tz)));
    group.bench_function("uncached", |b| {
        b.iter(|| uncached.render(&notice, &chain, &tz))
    });
    group.finish();
}

fn report(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let catalog = Arc::new(Catalog::shipped().unwrap());
    let mut group = c.benchmark_group("report/sqlite");
    group.sample_size(10);
    let sizes: Vec<usize> = std::env::var("TIDINGS_REPORT_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![100_000, 1_000_000]);
    for n in sizes {
        let dir = tempfile::tempdir().unwrap();
        let ledger = runtime
            .block_on(tidings::StateFile::open(dir.path().join("state.db")))
            .unwrap()
            .ledger();
        let d = Dispatcher::builder(Arc::clone(&catalog))
            .ledger(Arc::new(ledger.clone()))
            .channel(Arc::new(Noop))
            .build()
            .unwrap();
        let sent = runtime
            .block_on(d.send_all(&notice(1), recipients(n)))
            .unwrap();
        assert_eq!(sent.totals.sent, n as u64);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_function(n.to_string(), |b| {
            b.iter(|| {
                let coverage = runtime
                    .block_on(ledger.coverage("creator-2022-03-14", None))
                    .unwrap();
                assert_eq!(coverage.revisions[0].told, n as u64);
            })
        });
    }
    group.finish();
}

/// A send through the PostgreSQL ledger by one instance and by two at once.
#[cfg(feature = "postgres")]
fn postgres(c: &mut Criterion) {
    use tidings::store::postgres::PostgresState;
    let Ok(server) = std::env::var("TIDINGS_POSTGRES_URL") else {
        eprintln!("postgres/noop: skipped, TIDINGS_POSTGRES_URL names no server");
        return;
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let admin = |sql: String| {
        runtime.block_on(async {
            let (client, connection) = tokio_postgres::connect(&server, tokio_postgres::NoTls)
                .await
                .unwrap();
            tokio::spawn(connection);
            client.batch_execute(&sql).await.unwrap();
        })
    };
    let catalog = Arc::new(Catalog::shipped().unwrap());
    let mut group = c.benchmark_group("postgres/noop");
    group.sample_size(10);
    let n = 10_000usize;
    group.throughput(Throughput::Elements(n as u64));
    // `one`: one instance. `two`: two instances (two pools, two sender
    // names) sending the same notice to the same recipients at once; they
    // split the deliveries. `halves`: two instances, each given half the
    // recipients.
    for case in ["one", "two", "halves"] {
        // A database of the case's own, new each run, so every case starts
        // from an empty ledger; it grows by n rows per iteration (a new
        // revision each time, so every delivery is new).
        let name = format!("tidings_bench_{}_{case}", std::process::id());
        admin(format!("CREATE DATABASE {name}"));
        let mut url = url::Url::parse(&server).unwrap();
        url.set_path(&name);
        let instance = || {
            let state = runtime
                .block_on(PostgresState::connect(url.as_str(), [7; 32]))
                .unwrap();
            Dispatcher::builder(Arc::clone(&catalog))
                .ledger(Arc::new(state.ledger()))
                .channel(Arc::new(Noop))
                .concurrency(256)
                .build()
                .unwrap()
        };
        let (a, b) = (instance(), instance());
        let mut revision = 0;
        group.bench_function(format!("{case}/{n}"), |bench| {
            bench.iter(|| {
                revision += 1;
                let notice = notice(revision);
                let (x, y) = runtime.block_on(async {
                    match case {
                        "one" => (
                            a.send_all(&notice, recipients(n)).await,
                            Ok(tidings::Report::default()),
                        ),
                        "two" => tokio::join!(
                            a.send_all(&notice, recipients(n)),
                            b.send_all(&notice, recipients(n))
                        ),
                        _ => tokio::join!(
                            a.send_all(&notice, recipients(n).take(n / 2)),
                            b.send_all(&notice, recipients(n).skip(n / 2))
                        ),
                    }
                });
                let (x, y) = (x.unwrap(), y.unwrap());
                assert_eq!(x.totals.sent + y.totals.sent, n as u64);
            })
        });
        drop((a, b));
        admin(format!("DROP DATABASE {name} WITH (FORCE)"));
    }
    group.finish();
}

#[cfg(not(feature = "postgres"))]
fn postgres(_: &mut Criterion) {}

criterion_group!(benches, dispatch, render, report, postgres);
criterion_main!(benches);
