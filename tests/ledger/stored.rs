//! What PostgreSQL keeps for later deliveries, against someone who can
//! write to the database: rows vouched for, and no webhook URL.

use tidings::ledger::{ClaimRequest, Ledger, LedgerReader};

use super::*;

/// Someone who can write to the database but has no sealing key cannot
/// change what a later delivery says or where it goes: a notice or a
/// recipient rewritten, written without tidings, or moved to another row is
/// refused with why, for that delivery alone.
#[tokio::test]
async fn rows_rewritten_in_the_database_are_refused_with_why() {
    let url = pg::fresh_database().await;
    let ledger = pg::fresh_state_at(&url).await.ledger();
    ledger.record_notice(&creator_notice()).await.unwrap();
    let incident = "creator-2022-03-14";
    for n in [1, 2] {
        let mut k = key(1);
        k.recipient = format!("c-{n}");
        let req = ClaimRequest {
            key: &k,
            owner: "a",
            lease_until: t(30),
            now: t(0),
            take_over: false,
            recipient: &customer(n),
            outbox: false,
        };
        assert!(is_claimed(&ledger.claim(&req).await.unwrap(), false));
        complete(&ledger, &k, "a", 1, failed(Some(5), 1)).await;
    }
    let due = ledger.due(t(10), None, 10).await.unwrap();
    assert!(due.iter().all(|d| d.problem.is_none()), "{due:?}");
    let admin = pg::client(&url).await;
    let problems = || async {
        let due = ledger.due(t(10), None, 10).await.unwrap();
        due.into_iter()
            .map(|d| (d.key.recipient.clone(), d.problem))
            .collect::<Vec<_>>()
    };

    // A recipient's row rewritten: its delivery is refused, the other goes on.
    admin
        .execute(
            "UPDATE tidings_delivery SET recipient_json = replace(recipient_json, 'Customer 1', 'Mallory')
             WHERE recipient = 'c-1'",
            &[],
        )
        .await
        .unwrap();
    let now = problems().await;
    assert_eq!(now.len(), 2);
    let problem = now[0].1.as_deref().unwrap_or_default();
    assert!(problem.contains("changed or moved"), "{now:?}");
    assert_eq!(now[1].1, None, "the other delivery is untouched");
    // Moved from another delivery's row, whole and tagged: refused too.
    admin
        .execute(
            "UPDATE tidings_delivery SET recipient_json =
                 (SELECT recipient_json FROM tidings_delivery WHERE recipient = 'c-2')
             WHERE recipient = 'c-1'",
            &[],
        )
        .await
        .unwrap();
    let problem = problems().await[0].1.clone().unwrap_or_default();
    assert!(problem.contains("changed or moved"), "{problem}");

    // The notice rewritten (a link of someone else's), or written in plain.
    admin
        .execute(
            "UPDATE tidings_notice SET document = replace(document, 'status.example.com', 'evil.example')",
            &[],
        )
        .await
        .unwrap();
    let err = ledger.notice(incident, 1).await.unwrap_err().to_string();
    assert!(
        err.contains("changed or moved") && err.contains("#1"),
        "{err}"
    );
    let plain = serde_json::to_string(&creator_notice()).unwrap();
    admin
        .execute("UPDATE tidings_notice SET document = $1", &[&plain])
        .await
        .unwrap();
    let err = ledger.notice(incident, 1).await.unwrap_err().to_string();
    assert!(err.contains("no tag"), "{err}");
    let err = ledger
        .coverage(incident, None)
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("no tag"), "{err}");
    // Sending it again does not take the rewritten one for the real one.
    let err = ledger.record_notice(&creator_notice()).await.unwrap_err();
    assert!(err.to_string().contains("no tag"), "{err}");
}

/// No webhook URL (often the credential itself) is kept in the database:
/// deliveries are keyed by its host and a digest, and the URL kept for a
/// retry is sealed with its secret. A database written when the URL was
/// the key is rewritten, and what was made then is still known as made.
#[tokio::test]
async fn postgres_keeps_no_webhook_url_and_an_older_database_is_rewritten() {
    let url = pg::fresh_database().await;
    let ledger = pg::fresh_state_at(&url).await.ledger();
    one_made_one_due_with_token_urls(&ledger).await;
    let admin = pg::client(&url).await;
    let kept: String = admin
        .query_one(
            "SELECT string_agg(address || ' ' || coalesce(recipient_json, ''), ' ')
             FROM tidings_delivery",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert!(!kept.contains("T0KEN"), "{kept}");
    assert!(kept.contains("hooks.slack.example"), "{kept}");

    // The database as an earlier tidings left it: the URL as the key.
    admin
        .batch_execute(&format!(
            "UPDATE tidings_delivery SET address = '{}' WHERE recipient = 'c-1';
             ALTER TABLE tidings_delivery DROP COLUMN part;
             ALTER TABLE tidings_delivery
                 ADD PRIMARY KEY (recipient, incident, channel, address, revision);
             DROP INDEX tidings_delivery_due;
             CREATE INDEX tidings_delivery_due ON tidings_delivery (due_us)
                 WHERE state IN ('claimed', 'retrying');
             UPDATE tidings_schema SET version = 4;",
            token_url(1)
        ))
        .await
        .unwrap();
    let ledger = pg::fresh_state_at(&url).await.ledger();
    assert_eq!(ledger.history("c-1").await.unwrap()[0].key, token_key(1));
    assert!(token_delivery_still_made(&ledger).await);
    // The retry's kept recipient still opens where it is.
    assert_eq!(ledger.due(t(10), None, 10).await.unwrap()[0].problem, None);
}
