//! What each ledger request does in the database, inside the state file
//! writer's transaction (or, for history, on its read connection).

use std::sync::LazyLock;

use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::key::KeyColumns;
use super::{OwnedClaim, OwnedCompletion, OwnedReminder, OwnedRenewal};
use crate::delivery::{DeliveryKey, Part};
use crate::ledger::decision::{self, Decision, Standing};
use crate::ledger::{Claim, DeliveryState, Lease, LedgerEntry, Outcome};
use crate::recipient::ChannelKind;
use crate::store::sqlite::senders::{Liveness, Senders};

/// Keeps the document unless the revision has one; the one it had, if so.
pub(super) fn record_notice(
    tx: &Transaction,
    incident: &str,
    revision: u32,
    document: &str,
) -> rusqlite::Result<Option<String>> {
    let inserted = tx
        .prepare_cached(
            "INSERT INTO notice (incident, revision, document) VALUES (?1, ?2, ?3)
             ON CONFLICT (incident, revision) DO NOTHING",
        )?
        .execute(params![incident, revision, document])?;
    if inserted == 1 {
        return Ok(None);
    }
    notice(tx, incident, revision)
}

pub(super) fn notice(
    tx: &Transaction,
    incident: &str,
    revision: u32,
) -> rusqlite::Result<Option<String>> {
    tx.prepare_cached("SELECT document FROM notice WHERE incident = ?1 AND revision = ?2")?
        .query_row(params![incident, revision], |r| r.get(0))
        .optional()
}

/// Records customers outside the audience of `incident#revision`.
pub(super) fn record_not_subscribed(
    tx: &Transaction,
    incident: &str,
    revision: u32,
    recipients: &[String],
) -> rusqlite::Result<()> {
    let mut insert = tx.prepare_cached(
        "INSERT OR IGNORE INTO not_subscribed (incident, revision, recipient) VALUES (?1, ?2, ?3)",
    )?;
    for recipient in recipients {
        insert.execute(params![incident, revision, recipient])?;
    }
    Ok(())
}

fn key_params(key: &impl KeyColumns) -> (&str, &str, &str, &str, u32, String) {
    key.columns()
}

/// What a claim reads of a row: its revision, rowid and where it stands.
struct Seen {
    revision: u32,
    part: String,
    id: i64,
    state: DeliveryState,
    owner: Option<String>,
    due_us: Option<i64>,
    attempts: u32,
    claims: u32,
}

impl Seen {
    /// Claimed by a sender whose lease has not ended and who is not known
    /// to be gone.
    fn live_claim(&self, now: i64, senders: &Senders) -> bool {
        self.state == DeliveryState::Claimed
            && self.due_us.is_some_and(|until| until > now)
            && self
                .owner
                .as_deref()
                .is_none_or(|owner| senders.liveness(owner) != Liveness::Gone)
    }
}

/// The statements every delivery runs name its channel as
/// `CAST(?3 AS TEXT)`, never as a bare `?3`. The partial index of email
/// addresses (`WHERE channel = 'email'`) makes a bare parameter part of the
/// plan: SQLite then prepares the statement anew each time the parameter is
/// bound, which was most of the writer's work beside the writes themselves.
/// A cast is a value the planner cannot weigh against the index, and the key
/// index still finds the row.
const RANGE: &str = "SELECT revision, id, state, owner, due_us, attempts, claims, part FROM delivery
     WHERE recipient = ?2 AND incident = ?1 AND channel = CAST(?3 AS TEXT) AND address = ?4 AND revision >= ?5";

/// Records a delivery made. Only the sender holding the claim records; one
/// whose claim was taken over changes nothing.
static MADE: LazyLock<String> = LazyLock::new(|| {
    decision::sql(
        "UPDATE delivery SET state = ?6, detail = ?7, reason = NULL, due_us = NULL, owner = NULL,
           attempts = attempts + ?8, updated_us = ?9, recipient_json = NULL
         WHERE recipient = ?2 AND incident = ?1 AND channel = CAST(?3 AS TEXT) AND address = ?4 AND revision = ?5
           AND state = {claimed} AND owner = ?10 AND part = ?11",
    )
});
/// Records a delivery that failed, was overtaken or suppressed.
static FAILED: LazyLock<String> = LazyLock::new(|| {
    decision::sql(
        "UPDATE delivery SET state = ?6, reason = ?7, due_us = ?8, owner = NULL,
           attempts = attempts + ?9, updated_us = ?10,
           recipient_json = CASE WHEN ?8 IS NULL THEN NULL ELSE recipient_json END
         WHERE recipient = ?2 AND incident = ?1 AND channel = CAST(?3 AS TEXT) AND address = ?4 AND revision = ?5
           AND state = {claimed} AND owner = ?11 AND part = ?12",
    )
});

/// This revision's row and the newest newer revision that overtakes it, in
/// one range of the key index.
fn read_range(
    tx: &Transaction,
    key: &impl KeyColumns,
    now: i64,
    outbox: bool,
    senders: &Senders,
) -> rusqlite::Result<(Option<Seen>, Option<u32>)> {
    let (incident, recipient, channel, address, revision, part) = key_params(key);
    let mut this = None;
    let mut newer = None;
    let mut range = tx.prepare_cached(RANGE)?;
    let rows = range.query_map(
        params![incident, recipient, channel, address, revision],
        |r| {
            Ok(Seen {
                revision: r.get(0)?,
                id: r.get(1)?,
                state: state_of(r, 2)?,
                owner: r.get(3)?,
                due_us: r.get(4)?,
                attempts: r.get(5)?,
                claims: r.get(6)?,
                part: r.get(7)?,
            })
        },
    )?;
    // Parts of this revision other than the key's are neither it nor newer.
    for row in rows {
        let row = row?;
        if row.revision == revision {
            if row.part == part {
                this = Some(row);
            }
        } else if row.state.overtakes(row.live_claim(now, senders), outbox) {
            newer = newer.max(Some(row.revision));
        }
    }
    Ok((this, newer))
}

/// Closes a delivery a newer revision overtook.
fn close_stale(tx: &Transaction, id: i64, newer: u32, now: i64) -> rusqlite::Result<()> {
    static CLOSE_STALE: LazyLock<String> = LazyLock::new(|| {
        decision::sql(
            "UPDATE delivery SET state = {stale}, reason = ?2, due_us = NULL, owner = NULL,
               updated_us = ?3, recipient_json = NULL
             WHERE id = ?1",
        )
    });
    tx.prepare_cached(&CLOSE_STALE)?
        .execute(params![id, decision::superseded(newer), now])?;
    Ok(())
}

pub(super) fn claim(
    tx: &Transaction,
    c: &OwnedClaim,
    senders: &Senders,
) -> rusqlite::Result<Claim> {
    // This revision and every newer one to the same address, in one range of
    // the key index; for a delivery never seen before the range is empty.
    // (A single INSERT … SELECT WHERE NOT EXISTS would read the table it
    // writes, which makes SQLite stage each row in a temporary table.)
    let (this, newer) = read_range(tx, &c.key, c.now, c.outbox, senders)?;
    let standing = this.as_ref().map(|row| Standing {
        state: row.state,
        live: row.live_claim(c.now, senders),
    });
    // Only a claim of one's own is taken back over a live lease.
    let take_over =
        c.take_over && this.as_ref().and_then(|row| row.owner.as_deref()) == Some(&c.owner);
    match (decision::decide(standing, newer, c.outbox, take_over), this) {
        (Decision::Duplicate, Some(row)) => {
            tx.prepare_cached("UPDATE delivery SET duplicates = duplicates + 1 WHERE id = ?1")?
                .execute(params![row.id])?;
            Ok(Claim::AlreadyMade)
        }
        (Decision::Stale { newer, close }, row) => {
            if let Some(row) = row.filter(|_| close) {
                close_stale(tx, row.id, newer, c.now)?;
            }
            Ok(Claim::Stale { newer })
        }
        (Decision::Held, Some(row)) => Ok(Claim::HeldElsewhere {
            owner: row.owner.unwrap_or_default(),
            until: from_us(row.due_us.unwrap_or(c.now)),
        }),
        (Decision::Reclaim, Some(row)) => {
            static RECLAIM: LazyLock<String> = LazyLock::new(|| {
                decision::sql(
                    "UPDATE delivery SET state = {claimed}, owner = ?2, due_us = ?3, claims = ?6,
                       updated_us = ?4, recipient_json = ?5
                     WHERE id = ?1",
                )
            });
            let (answer, claims) = decision::reclaim(row.state, row.attempts, row.claims);
            tx.prepare_cached(&RECLAIM)?.execute(params![
                row.id,
                c.owner,
                c.lease_until,
                c.now,
                c.recipient_json,
                claims
            ])?;
            Ok(answer)
        }
        // Never seen (the decision asks for a row only when there is one).
        _ => {
            static INSERT: LazyLock<String> = LazyLock::new(|| {
                decision::sql(
                    "INSERT INTO delivery (incident, recipient, channel, address, revision, state,
                       owner, due_us, attempts, claims, updated_us, recipient_json, part)
                     VALUES (?1, ?2, ?3, ?4, ?5, {claimed}, ?6, ?7, 0, 1, ?8, ?9, ?10)",
                )
            });
            let (incident, recipient, channel, address, revision, part) = key_params(&c.key);
            tx.prepare_cached(&INSERT)?.execute(params![
                incident,
                recipient,
                channel,
                address,
                revision,
                c.owner,
                c.lease_until,
                c.now,
                c.recipient_json,
                part
            ])?;
            Ok(decision::FIRST_CLAIM)
        }
    }
}

pub(super) fn renew(
    tx: &Transaction,
    r: &OwnedRenewal,
    senders: &Senders,
) -> rusqlite::Result<Lease> {
    let (this, newer) = read_range(tx, &r.key, r.now, false, senders)?;
    let Some(row) = this.filter(|row| {
        row.state == DeliveryState::Claimed && row.owner.as_deref() == Some(&r.owner)
    }) else {
        return Ok(Lease::Lost);
    };
    if let Some(newer) = newer.filter(|_| r.before_attempt) {
        close_stale(tx, row.id, newer, r.now)?;
        return Ok(Lease::Superseded { newer });
    }
    tx.prepare_cached("UPDATE delivery SET due_us = ?2 WHERE id = ?1")?
        .execute(params![row.id, r.lease_until])?;
    Ok(Lease::Held)
}

pub(super) fn complete(tx: &Transaction, c: &OwnedCompletion) -> rusqlite::Result<bool> {
    let (incident, recipient, channel, address, revision, part) = key_params(&c.key);
    let state = c.outcome.state().as_str();
    let changed = match &c.outcome {
        Outcome::Sent { detail } | Outcome::Outboxed { detail } => {
            tx.prepare_cached(&MADE)?.execute(params![
                incident, recipient, channel, address, revision, state, detail, c.attempts, c.now,
                c.owner, part
            ])?
        }
        Outcome::Failed { reason, .. }
        | Outcome::Overtaken { reason }
        | Outcome::Suppressed { reason } => {
            let retry_at = match &c.outcome {
                Outcome::Failed { retry_at, .. } => *retry_at,
                _ => None,
            };
            tx.prepare_cached(&FAILED)?.execute(params![
                incident,
                recipient,
                channel,
                address,
                revision,
                state,
                reason,
                retry_at.map(|t| t.as_microsecond()),
                c.attempts,
                c.now,
                c.owner,
                part
            ])?
        }
    };
    Ok(changed > 0)
}

/// Keeps reminders as `scheduled` rows; one kept before stays as it is.
pub(super) fn schedule(tx: &Transaction, reminders: &[OwnedReminder]) -> rusqlite::Result<()> {
    static SCHEDULE: LazyLock<String> = LazyLock::new(|| {
        decision::sql(
            "INSERT INTO delivery (incident, recipient, channel, address, revision, part, state,
               due_us, attempts, claims, updated_us, recipient_json)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, {scheduled}, ?7, 0, 0, ?8, ?9)
             ON CONFLICT (recipient, incident, channel, address, revision, part) DO NOTHING",
        )
    });
    let mut insert = tx.prepare_cached(&SCHEDULE)?;
    for r in reminders {
        let (incident, recipient, channel, address, revision, part) = key_params(&r.key);
        insert.execute(params![
            incident,
            recipient,
            channel,
            address,
            revision,
            part,
            r.due_us,
            r.now,
            r.recipient_json
        ])?;
    }
    Ok(())
}

/// The newest revision of `incident` whose notice is kept.
pub(super) fn latest_revision(tx: &Transaction, incident: &str) -> rusqlite::Result<Option<u32>> {
    tx.prepare_cached("SELECT MAX(revision) FROM notice WHERE incident = ?1")?
        .query_row(params![incident], |r| r.get(0))
}

static EXPIRE: LazyLock<String> = LazyLock::new(|| {
    decision::sql(
        "UPDATE delivery SET due_us = MIN(due_us, ?2) WHERE state = {claimed} AND owner = ?1",
    )
});

/// Makes the claims of senders that are gone due at once, and forgets a
/// gone sender once it holds nothing. Claims are found in the index of
/// waiting deliveries (there is none by owner: it would cost every claim
/// and outcome a write, for a question asked only after a sender died).
pub(super) fn expire_gone(tx: &Transaction, now: i64, senders: &Senders) -> rusqlite::Result<()> {
    for owner in senders.gone() {
        let expired = tx.prepare_cached(&EXPIRE)?.execute(params![owner, now])?;
        if expired == 0 {
            senders.forget(&owner);
        }
    }
    Ok(())
}

/// A due delivery: its key, when it came due, the recipient's JSON.
pub(super) type DueRow = (DeliveryKey, i64, String);

/// Deliveries due again, a page at a time, in the order of their time.
static DUE: LazyLock<String> = LazyLock::new(|| {
    decision::sql(
        "SELECT incident, recipient, channel, address, revision, part, due_us, recipient_json
         FROM delivery
         WHERE (state = {claimed} OR state = {retrying} OR state = {scheduled}) AND due_us <= ?1
           AND recipient_json IS NOT NULL AND due_us >= ?3
           AND (due_us, incident, recipient, channel, address, revision, part)
             > (?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ORDER BY due_us, incident, recipient, channel, address, revision, part LIMIT ?2",
    )
});

pub(super) fn due(
    tx: &Transaction,
    now: i64,
    after: Option<&(i64, DeliveryKey)>,
    limit: usize,
) -> rusqlite::Result<Vec<DueRow>> {
    // A page starts where the one before ended, in the order of the listing;
    // the first page starts before every row (no due time is i64::MIN). The
    // separate `due_us >= ?3` lets the due index start at the cursor.
    let (after_us, incident, recipient, channel, address, revision, part) = match after {
        Some((at, key)) => {
            let (incident, recipient, channel, address, revision, part) = key_params(key);
            (
                *at,
                incident,
                recipient,
                channel,
                address,
                i64::from(revision),
                part,
            )
        }
        None => (i64::MIN, "", "", "", "", -1, String::new()),
    };
    let mut stmt = tx.prepare_cached(&DUE)?;
    let rows = stmt.query_map(
        params![
            now,
            i64::try_from(limit).unwrap_or(i64::MAX),
            after_us,
            incident,
            recipient,
            channel,
            address,
            revision,
            part
        ],
        |r| Ok((key_from_row(r)?, r.get(6)?, r.get(7)?)),
    )?;
    rows.collect()
}

/// Per kind of work (pending, scheduled): how many, and the first due.
pub(super) type BacklogRows = [(u64, Option<i64>); 2];

pub(super) fn backlog(tx: &Transaction) -> rusqlite::Result<BacklogRows> {
    static BACKLOG: LazyLock<String> = LazyLock::new(|| {
        decision::sql(
            "SELECT state = {scheduled}, COUNT(*), MIN(due_us) FROM delivery
             WHERE (state = {claimed} OR state = {retrying} OR state = {scheduled}) AND recipient_json IS NOT NULL
             GROUP BY state = {scheduled}",
        )
    });
    let mut backlog = [(0, None); 2];
    let mut stmt = tx.prepare_cached(&BACKLOG)?;
    let rows = stmt.query_map([], |r| {
        let count: i64 = r.get(1)?;
        Ok((
            r.get::<_, bool>(0)?,
            u64::try_from(count).unwrap_or(0),
            r.get(2)?,
        ))
    })?;
    for row in rows {
        let (scheduled, count, first) = row?;
        backlog[usize::from(scheduled)] = (count, first);
    }
    Ok(backlog)
}

pub(super) fn history(conn: &Connection, recipient: &str) -> rusqlite::Result<Vec<LedgerEntry>> {
    let mut stmt = conn.prepare_cached(
        "SELECT incident, recipient, channel, address, revision, part, state, attempts, reason,
           detail, updated_us, due_us
         FROM delivery WHERE recipient = ?1
         ORDER BY updated_us DESC, incident, recipient, channel, address, revision, part",
    )?;
    let rows = stmt.query_map(params![recipient], |r| {
        Ok(LedgerEntry {
            key: key_from_row(r)?,
            state: state_of(r, 6)?,
            attempts: r.get(7)?,
            reason: r.get(8)?,
            detail: r.get(9)?,
            updated_at: from_us(r.get(10)?),
            due_at: r.get::<_, Option<i64>>(11)?.map(from_us),
        })
    })?;
    rows.collect()
}

/// The state stored in column `i`.
pub(super) fn state_of(r: &rusqlite::Row, i: usize) -> rusqlite::Result<DeliveryState> {
    let state: String = r.get(i)?;
    DeliveryState::parse(&state).ok_or_else(|| {
        rusqlite::Error::InvalidColumnType(
            i,
            format!("state `{state}`"),
            rusqlite::types::Type::Text,
        )
    })
}

/// The key in columns 0 to 5: incident, recipient, channel, address,
/// revision, part.
pub(super) fn key_from_row(r: &rusqlite::Row) -> rusqlite::Result<DeliveryKey> {
    let part: String = r.get(5)?;
    Ok(DeliveryKey {
        incident: r.get(0)?,
        recipient: r.get(1)?,
        channel: ChannelKind::custom(r.get::<_, String>(2)?),
        address: r.get(3)?,
        revision: r.get(4)?,
        part: Part::parse(&part).ok_or_else(|| {
            rusqlite::Error::InvalidColumnType(
                5,
                format!("part `{part}`"),
                rusqlite::types::Type::Text,
            )
        })?,
    })
}

pub(super) fn from_us(us: i64) -> Timestamp {
    Timestamp::from_microsecond(us).unwrap_or(Timestamp::UNIX_EPOCH)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use rusqlite::StatementStatus;

    use super::*;

    /// Every statement a delivery runs is prepared once and kept, whatever
    /// channels follow each other: none is prepared again when its
    /// parameters are bound.
    #[test]
    fn statements_of_every_delivery_are_never_prepared_again() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.db");
        let conn = crate::store::sqlite::schema::open_writer(&path, Duration::from_secs(5))
            .expect("a new state file");
        for sql in [RANGE, &*MADE, &*FAILED] {
            let mut stmt = conn.prepare(sql).unwrap();
            for channel in ["email", "webhook", "email", "chat", "in_app", "email"] {
                for i in 1..=stmt.parameter_count() {
                    if i == 3 {
                        stmt.raw_bind_parameter(i, channel).unwrap();
                    } else {
                        stmt.raw_bind_parameter(i, 1).unwrap();
                    }
                }
                let mut rows = stmt.raw_query();
                while rows.next().unwrap().is_some() {}
            }
            assert_eq!(stmt.get_status(StatementStatus::RePrepare), 0, "{sql}");
            // And the row is still found by its key, not by a scan.
            let details = plan(&conn, sql);
            assert!(
                details.iter().any(|d| d.contains("INDEX delivery_key")),
                "{sql}: {details:?}"
            );
        }
    }

    /// What is due, and the claims of a gone sender, are found in the
    /// partial index of deliveries waiting for a time: each question says
    /// its `WHERE` word for word, and none reads the whole ledger. (There
    /// is no index by owner: it would cost every claim and outcome a write,
    /// for a question asked only after a sender died.)
    #[test]
    fn waiting_deliveries_are_read_from_their_index() {
        let dir = tempfile::tempdir().unwrap();
        let conn = crate::store::sqlite::schema::open_writer(
            &dir.path().join("state.db"),
            Duration::from_secs(5),
        )
        .expect("a new state file");
        for sql in [&*DUE, &*EXPIRE] {
            let details = plan(&conn, sql);
            assert!(
                details.iter().any(|d| d.contains("INDEX delivery_due")),
                "{sql}: {details:?}"
            );
        }
    }

    /// How SQLite would run `sql`, its parameters bound ("email" for the
    /// channel, 1 for the rest): the detail of each step.
    fn plan(conn: &rusqlite::Connection, sql: &str) -> Vec<String> {
        let mut plan = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        for i in 1..=plan.parameter_count() {
            plan.raw_bind_parameter(i, if i == 3 { "email" } else { "1" })
                .unwrap();
        }
        let mut details = Vec::new();
        let mut rows = plan.raw_query();
        while let Some(row) = rows.next().unwrap() {
            details.push(row.get(3).unwrap());
        }
        details
    }
}
