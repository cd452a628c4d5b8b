//! A database of its own for each test, on the PostgreSQL server named by
//! `TIDINGS_POSTGRES_URL` (a URL any database of which the user may create
//! databases in; `.ci/run` starts a throwaway cluster and sets it).

use std::sync::atomic::{AtomicU32, Ordering};

/// The sealing key the tests' ledgers share.
pub const KEY: [u8; 32] = [42; 32];

fn server() -> url::Url {
    let url = std::env::var("TIDINGS_POSTGRES_URL").expect(
        "TIDINGS_POSTGRES_URL names the PostgreSQL server for the `postgres` tests \
         (see README, Testing)",
    );
    url::Url::parse(&url).expect("TIDINGS_POSTGRES_URL is a postgres:// URL")
}

/// A new, empty database; its URL.
pub async fn fresh_database() -> String {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let name = format!(
        "tidings_test_{}_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed),
        jiff::Timestamp::now().as_microsecond()
    );
    let admin = server();
    let (client, connection) = tokio_postgres::connect(admin.as_str(), tokio_postgres::NoTls)
        .await
        .expect("the test PostgreSQL server answers");
    tokio::spawn(connection);
    client
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .await
        .unwrap();
    let mut url = admin;
    url.set_path(&name);
    url.to_string()
}

/// A connected state on a new database.
pub async fn fresh_state() -> tidings::postgres::PostgresState {
    fresh_state_at(&fresh_database().await).await
}

/// A connected state on the database at `url`.
#[allow(dead_code)]
pub async fn fresh_state_at(url: &str) -> tidings::postgres::PostgresState {
    tidings::postgres::PostgresState::connect(url, KEY)
        .await
        .unwrap()
}
