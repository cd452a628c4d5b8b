//! The tables, created and migrated by tidings. Instances that start at
//! once take turns on an advisory lock, so one migrates and the others find
//! the work done. Text that orders keys is compared byte by byte
//! (`COLLATE "C"`), as SQLite does, whatever the database's locale.

use super::db;
use crate::error::StoreError;

/// The advisory lock class of tidings ("tidi"): the senders' locks and the
/// migration lock are taken in it.
pub(super) const LOCK_CLASS: i32 = 0x7469_6469;

/// The migration lock's key within [`LOCK_CLASS`] (sender ids start at 1).
const MIGRATION_LOCK: i32 = 0;

/// Every schema version, in order. A migration is never edited once
/// released: a change is a new entry.
const MIGRATIONS: &[&str] = &[
    // 1: the ledger, the notices, the senders and the inbox.
    r#"
    CREATE TABLE tidings_delivery (
        recipient TEXT COLLATE "C" NOT NULL,
        incident TEXT COLLATE "C" NOT NULL,
        channel TEXT COLLATE "C" NOT NULL,
        address TEXT COLLATE "C" NOT NULL,
        revision BIGINT NOT NULL,
        state TEXT NOT NULL,
        owner TEXT,
        due_us BIGINT,
        attempts BIGINT NOT NULL DEFAULT 0,
        claims BIGINT NOT NULL DEFAULT 1,
        duplicates BIGINT NOT NULL DEFAULT 0,
        reason TEXT,
        detail TEXT,
        updated_us BIGINT NOT NULL,
        recipient_json TEXT,
        PRIMARY KEY (recipient, incident, channel, address, revision)
    );
    CREATE INDEX tidings_delivery_due ON tidings_delivery (due_us)
        WHERE state IN ('claimed', 'failed');
    CREATE INDEX tidings_delivery_claimed ON tidings_delivery (owner)
        WHERE state = 'claimed';
    CREATE INDEX tidings_delivery_incident ON tidings_delivery (incident, recipient);
    CREATE TABLE tidings_notice (
        incident TEXT COLLATE "C" NOT NULL,
        revision BIGINT NOT NULL,
        document TEXT NOT NULL,
        PRIMARY KEY (incident, revision)
    );
    CREATE TABLE tidings_sender (
        id SERIAL PRIMARY KEY,
        owner TEXT NOT NULL UNIQUE
    );
    -- A sender is gone when this process said it left, or when it entered
    -- (it has a row) and its session's advisory lock is no longer held.
    CREATE FUNCTION tidings_gone(who TEXT, left_here TEXT[]) RETURNS BOOLEAN
    LANGUAGE sql STABLE AS $$
        SELECT who = ANY(left_here) OR EXISTS (
            SELECT 1 FROM tidings_sender s
            WHERE s.owner = who AND NOT EXISTS (
                SELECT 1 FROM pg_locks l
                WHERE l.locktype = 'advisory' AND l.granted
                  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                  AND l.classid = 1953064041::oid AND l.objid = s.id::oid AND l.objsubid = 2))
    $$;
    CREATE TABLE tidings_inbox_entry (
        account TEXT COLLATE "C" NOT NULL,
        incident TEXT COLLATE "C" NOT NULL,
        revision BIGINT NOT NULL,
        status TEXT NOT NULL,
        locale TEXT NOT NULL,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        published_us BIGINT NOT NULL,
        read BOOLEAN NOT NULL DEFAULT FALSE,
        PRIMARY KEY (account, incident)
    );
    CREATE INDEX tidings_inbox_entry_recent
        ON tidings_inbox_entry (account, published_us DESC, incident);
    CREATE TABLE tidings_inbox_revision (
        account TEXT COLLATE "C" NOT NULL,
        incident TEXT COLLATE "C" NOT NULL,
        revision BIGINT NOT NULL,
        status TEXT NOT NULL,
        locale TEXT NOT NULL,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        published_us BIGINT NOT NULL,
        PRIMARY KEY (account, incident, revision)
    );
    "#,
    // 2: segments, so instances given the same list split the walk.
    r#"
    CREATE TABLE tidings_segment (
        digest BYTEA PRIMARY KEY,
        owner TEXT,
        lease_until_us BIGINT,
        done BOOLEAN NOT NULL DEFAULT FALSE
    );
    "#,
    // 3: a delivery due again is `retrying`, so that "failed" means failed
    // for good everywhere (reports count `gave-up` rows as failed).
    r#"
    UPDATE tidings_delivery SET state = 'retrying' WHERE state = 'failed';
    DROP INDEX tidings_delivery_due;
    CREATE INDEX tidings_delivery_due ON tidings_delivery (due_us)
        WHERE state IN ('claimed', 'retrying');
    "#,
    // 4: a heartbeat, so that a sender whose session only was cut (while
    // its process goes on sending) is not taken over before it can take
    // its lock back: gone once its lock is gone and its last heartbeat is
    // 20 s old (`senders::TAKE_OVER_AFTER`), or at once when it said it
    // left (no heartbeat).
    r#"
    ALTER TABLE tidings_sender ADD COLUMN IF NOT EXISTS seen_us BIGINT;
    CREATE OR REPLACE FUNCTION tidings_gone(who TEXT, left_here TEXT[]) RETURNS BOOLEAN
    LANGUAGE sql STABLE AS $$
        SELECT who = ANY(left_here) OR EXISTS (
            SELECT 1 FROM tidings_sender s
            WHERE s.owner = who
              AND (s.seen_us IS NULL
                   OR s.seen_us < (extract(epoch FROM statement_timestamp()) * 1000000)::BIGINT - 20000000)
              AND NOT EXISTS (
                SELECT 1 FROM pg_locks l
                WHERE l.locktype = 'advisory' AND l.granted
                  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                  AND l.classid = 1953064041::oid AND l.objid = s.id::oid AND l.objsubid = 2))
    $$;
    "#,
    // 5: a webhook delivery is kept under its URL's identity (host and
    // digest), not the URL, which is often the credential: rewritten by
    // `webhook_identities`, in Rust.
    "SELECT 1",
    // 6: customers outside a revision's audience: not deliveries, counted
    // by coverage.
    r#"
    CREATE TABLE IF NOT EXISTS tidings_not_subscribed (
        incident TEXT COLLATE "C" NOT NULL,
        revision BIGINT NOT NULL,
        recipient TEXT COLLATE "C" NOT NULL,
        PRIMARY KEY (incident, revision, recipient)
    );
    "#,
    // 7: a delivery is of a part of its revision: the notice ('') or a
    // reminder of planned work ('reminder-60'), which waits `scheduled`
    // until its time and is then due like a retry.
    r#"
    ALTER TABLE tidings_delivery ADD COLUMN part TEXT COLLATE "C" NOT NULL DEFAULT '';
    ALTER TABLE tidings_delivery DROP CONSTRAINT tidings_delivery_pkey;
    ALTER TABLE tidings_delivery
        ADD PRIMARY KEY (recipient, incident, channel, address, revision, part);
    DROP INDEX tidings_delivery_due;
    CREATE INDEX tidings_delivery_due ON tidings_delivery (due_us)
        WHERE state IN ('claimed', 'retrying', 'scheduled');
    "#,
    // 8: suppressions, durable "do not send" records ('' for every channel
    // and any address, so the key needs no NULLs).
    r#"
    CREATE TABLE IF NOT EXISTS tidings_suppression (
        recipient TEXT COLLATE "C" NOT NULL,
        channel TEXT COLLATE "C" NOT NULL,
        address TEXT COLLATE "C" NOT NULL,
        scope TEXT NOT NULL,
        name TEXT NOT NULL,
        reason TEXT NOT NULL,
        evidence TEXT NOT NULL,
        since_us BIGINT NOT NULL,
        PRIMARY KEY (recipient, channel, address, scope, name)
    );
    "#,
    // 9: reports on email deliveries (bounces, complaints), one of each
    // kind per delivery (its key's id); and email deliveries found by
    // address, which is all a returned message names.
    r#"
    CREATE TABLE IF NOT EXISTS tidings_bounce (
        delivery TEXT COLLATE "C" NOT NULL,
        kind TEXT NOT NULL,
        address TEXT COLLATE "C" NOT NULL,
        status TEXT NOT NULL,
        diagnostic TEXT NOT NULL,
        reported_us BIGINT NOT NULL,
        PRIMARY KEY (delivery, kind)
    );
    CREATE INDEX IF NOT EXISTS tidings_bounce_address ON tidings_bounce (address);
    CREATE INDEX IF NOT EXISTS tidings_delivery_email ON tidings_delivery (address)
        WHERE channel = 'email';
    "#,
];

/// The version whose migration also runs [`webhook_identities`].
const WEBHOOK_IDENTITIES: usize = 5;

/// Rewrites the address of every webhook delivery from its URL to the
/// URL's identity, a page of rows at a time.
async fn webhook_identities(tx: &tokio_postgres::Transaction<'_>) -> Result<(), StoreError> {
    let mut after = String::new();
    loop {
        // Paged by address: a row rewritten here may come up again in a
        // later page, and is then skipped as an identity already.
        let page = tx
            .query(
                "SELECT DISTINCT address FROM tidings_delivery
                 WHERE channel = 'webhook' AND address > $1 ORDER BY address LIMIT 1000",
                &[&after],
            )
            .await
            .map_err(db)?;
        let Some(last) = page.last() else {
            return Ok(());
        };
        let last: String = super::get(last, 0)?;
        for row in &page {
            let url: String = super::get(row, 0)?;
            if crate::redact::is_identity(&url) {
                continue;
            }
            let identity = crate::recipient::webhook_identity(&url);
            tx.execute(
                "UPDATE tidings_delivery SET address = $1 WHERE channel = 'webhook' AND address = $2",
                &[&identity, &url],
            )
            .await
            .map_err(db)?;
        }
        after = last;
    }
}

/// Brings the schema up to date, or refuses a newer one.
pub(super) async fn migrate(client: &mut tokio_postgres::Client) -> Result<(), StoreError> {
    let tx = client.transaction().await.map_err(db)?;
    tx.execute(
        "SELECT pg_advisory_xact_lock($1, $2)",
        &[&LOCK_CLASS, &MIGRATION_LOCK],
    )
    .await
    .map_err(db)?;
    tx.batch_execute("CREATE TABLE IF NOT EXISTS tidings_schema (version INTEGER NOT NULL)")
        .await
        .map_err(db)?;
    let found: i32 = match tx
        .query_opt("SELECT version FROM tidings_schema", &[])
        .await
        .map_err(db)?
    {
        Some(row) => super::get(&row, 0)?,
        None => {
            tx.execute("INSERT INTO tidings_schema (version) VALUES (0)", &[])
                .await
                .map_err(db)?;
            0
        }
    };
    let supported = MIGRATIONS.len() as u32;
    let found = u32::try_from(found).unwrap_or(u32::MAX);
    if found > supported {
        return Err(StoreError::NewerSchema { found, supported });
    }
    for (number, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        tx.batch_execute(sql).await.map_err(db)?;
        if number + 1 == WEBHOOK_IDENTITIES {
            webhook_identities(&tx).await?;
        }
    }
    tx.execute(
        "UPDATE tidings_schema SET version = $1",
        &[&(supported as i32)],
    )
    .await
    .map_err(db)?;
    tx.commit().await.map_err(db)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sql_takes_over_when_the_senders_say() {
        let after = super::super::senders::TAKE_OVER_AFTER.as_micros();
        let heartbeat = MIGRATIONS[3];
        assert!(heartbeat.contains(&format!("- {after})")), "{heartbeat}");
        assert!(super::super::senders::DEADLINE * 2 <= super::super::senders::TAKE_OVER_AFTER);
    }
}
