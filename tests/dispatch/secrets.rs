//! Secrets at rest: a state file, WAL included, holds no webhook secret
//! that can sign, and is readable by its owner only.

use std::sync::atomic::Ordering;

use tidings::Secret;

use super::*;

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_send_with_retries_leaves_no_signing_secret_in_the_state_file() {
    let receiver = Receiver::start();
    receiver.failing.store(usize::MAX, Ordering::SeqCst);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.db");
    let secrets: Vec<Secret> = (0..20).map(|_| generate_secret()).collect();
    let people: Vec<Recipient> = secrets
        .iter()
        .enumerate()
        .map(|(n, secret)| {
            let url = receiver.url(&format!("/flaky?customer={n}"));
            recipient(
                n,
                vec![Address::Webhook {
                    url,
                    secret: secret.clone(),
                }],
            )
        })
        .collect();
    let d = Dispatcher::builder(Arc::new(shipped()))
        .ledger(Arc::new(
            tidings::StateFile::open(&path).await.unwrap().ledger(),
        ))
        .channel(Arc::new(loopback_webhooks()))
        .retry(
            RetryPolicy::default()
                .attempts(2)
                .backoff(Duration::from_millis(10), Duration::from_millis(20))
                .schedule([Duration::from_millis(500)]),
        )
        .build()
        .unwrap();
    let report = d.send_all(&creator_outage()[0], people).await.unwrap();
    assert_eq!(report.totals.pending, 20, "{report:?}");

    // Every byte of the state file, its WAL and its shared memory.
    let mut bytes = Vec::new();
    for suffix in ["", "-wal", "-shm"] {
        let file = dir.path().join(format!("state.db{suffix}"));
        if let Ok(b) = std::fs::read(&file) {
            bytes.extend(b);
        }
        #[cfg(unix)]
        if file.exists() {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{}", file.display());
        }
    }
    assert!(bytes.len() > 10_000);
    for secret in &secrets {
        let key = secret.expose().trim_start_matches("whsec_");
        assert!(
            !contains(&bytes, key.as_bytes()),
            "a secret is readable in the state file"
        );
    }

    // Yet a retry still signs with the secret: it opens with the key file.
    receiver.failing.store(0, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_millis(600)).await;
    let resumed = d.resume().await.unwrap();
    assert_eq!(resumed.totals.sent, 20, "{resumed:?}");
    let received = receiver.received.lock().unwrap();
    let ok: Vec<_> = received.iter().filter(|r| r.path == "/flaky").collect();
    for (n, secret) in secrets.iter().enumerate() {
        let last = ok
            .iter()
            .rev()
            .find(|r| {
                std::str::from_utf8(&r.body)
                    .unwrap()
                    .contains(&format!("\"id\":\"c-{n}\""))
            })
            .unwrap();
        standardwebhooks::Webhook::new(secret.expose())
            .unwrap()
            .verify(&last.body, &last.headers)
            .unwrap();
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let key = dir.path().join("state.db.key");
        let mode = std::fs::metadata(&key).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
}
