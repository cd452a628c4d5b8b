//! Segments in PostgreSQL: one row per segment, held by a sender under a
//! lease or done. A claim is one statement: it takes the segment when no
//! live sender holds it, or reads who does.

use tokio_postgres::types::ToSql;

use super::{PostgresState, db};
use crate::error::StoreError;
use crate::ledger::{SegmentClaim, SegmentEnd, SegmentRequest};

/// Takes the segment unless it is done or held by a live sender other than
/// the one asking (or by that one, unless it takes back what it
/// abandoned); answers `walk`, else what stopped it.
const CLAIM: &str = r#"
WITH taken AS (
    INSERT INTO tidings_segment AS s (digest, owner, lease_until_us, done)
    VALUES ($1, $2, $3, FALSE)
    ON CONFLICT (digest) DO UPDATE SET owner = EXCLUDED.owner,
        lease_until_us = EXCLUDED.lease_until_us
    WHERE NOT s.done AND (
        s.lease_until_us <= $4
        OR (s.owner = $2 AND $5)
        OR (s.owner <> $2 AND tidings_gone(s.owner, $6)))
    RETURNING 'walk'::text AS answer, NULL::text AS holder
)
SELECT answer, holder FROM taken
UNION ALL
SELECT CASE WHEN s.done THEN 'done' ELSE 'held' END, s.owner
FROM tidings_segment s
WHERE s.digest = $1 AND NOT EXISTS (SELECT 1 FROM taken)
"#;

pub(super) async fn claim(
    state: &PostgresState,
    req: &SegmentRequest<'_>,
    left: &[String],
) -> Result<SegmentClaim, StoreError> {
    let client = state.client().await?;
    let digest: &[u8] = req.segment.as_bytes();
    let lease_until = req.lease_until.as_microsecond();
    let now = req.now.as_microsecond();
    let params: [&(dyn ToSql + Sync); 6] = [
        &digest,
        &req.owner,
        &lease_until,
        &now,
        &req.take_over,
        &left,
    ];
    // A row another sender inserted after this statement's snapshot was
    // taken is neither taken nor seen: the next statement sees it.
    for _ in 0..3 {
        let Some(row) = client.query_opt(CLAIM, &params).await.map_err(db)? else {
            continue;
        };
        let answer: &str = super::get(&row, 0)?;
        return Ok(match answer {
            "walk" => SegmentClaim::Walk,
            "done" => SegmentClaim::Done,
            _ => SegmentClaim::HeldElsewhere {
                owner: super::get::<Option<String>>(&row, 1)?.unwrap_or_default(),
            },
        });
    }
    // Still unseen: counted as held, and asked about again later.
    Ok(SegmentClaim::HeldElsewhere {
        owner: String::new(),
    })
}

pub(super) async fn end(state: &PostgresState, end: &SegmentEnd<'_>) -> Result<(), StoreError> {
    let client = state.client().await?;
    let digest: &[u8] = end.segment.as_bytes();
    let sql = if end.done {
        "UPDATE tidings_segment SET done = TRUE, owner = NULL, lease_until_us = NULL
         WHERE digest = $1 AND owner = $2 AND NOT done"
    } else {
        "DELETE FROM tidings_segment WHERE digest = $1 AND owner = $2 AND NOT done"
    };
    client
        .execute(sql, &[&digest, &end.owner])
        .await
        .map_err(db)?;
    Ok(())
}
