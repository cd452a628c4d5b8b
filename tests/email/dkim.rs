//! DKIM: messages sent through a real SMTP server verify with dkimpy (an
//! implementation tidings did not write), given the public key as DNS would
//! serve it, for RSA-SHA256 and Ed25519-SHA256; a changed covered header
//! breaks the signature.

use std::path::Path;
use std::process::Command;

use base64::Engine as _;

use super::*;

/// Runs `openssl` with `args` in `dir`; its standard output.
fn openssl(dir: &Path, args: &[&str]) -> Vec<u8> {
    let out = Command::new("openssl")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("openssl runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Whether dkimpy finds `message` signed, given the TXT record `record` at
/// `s1._domainkey.example.com`.
fn verifies(message: &[u8], record: &str) -> bool {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("message.eml");
    std::fs::write(&path, message).unwrap();
    // The maildir keeps lines ending in LF; on the wire they end in CRLF.
    let script = "import sys, dkim, logging\n\
        logging.basicConfig(stream=sys.stderr, level=logging.DEBUG)\n\
        msg = open(sys.argv[1], 'rb').read().replace(b'\\r\\n', b'\\n').replace(b'\\n', b'\\r\\n')\n\
        def dns(name, timeout=5):\n\
        \x20   name = name if isinstance(name, bytes) else name.encode()\n\
        \x20   return sys.argv[2].encode() if name.rstrip(b'.') == b's1._domainkey.example.com' else None\n\
        print('pass' if dkim.verify(msg, dnsfunc=dns, logger=logging.getLogger()) else 'fail')\n";
    let out = python::python()
        .args(["-c", script])
        .arg(&path)
        .arg(record)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let passed = String::from_utf8_lossy(&out.stdout).trim() == "pass";
    if !passed {
        eprintln!("dkimpy: {}", String::from_utf8_lossy(&out.stderr));
    }
    passed
}

/// A key pair in `dir`: the private key file and the DNS TXT record.
fn key_pair(dir: &Path, algorithm: &str) -> (std::path::PathBuf, String) {
    let b64 = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(b);
    match algorithm {
        "rsa" => {
            openssl(dir, &["genrsa", "-traditional", "-out", "rsa.pem", "2048"]);
            let public = openssl(
                dir,
                &["rsa", "-in", "rsa.pem", "-pubout", "-outform", "DER"],
            );
            (
                dir.join("rsa.pem"),
                format!("v=DKIM1; k=rsa; p={}", b64(&public)),
            )
        }
        _ => {
            openssl(dir, &["genpkey", "-algorithm", "ed25519", "-out", "ed.pem"]);
            let public = openssl(
                dir,
                &["pkey", "-in", "ed.pem", "-pubout", "-outform", "DER"],
            );
            let raw = &public[public.len() - 32..];
            (
                dir.join("ed.pem"),
                format!("v=DKIM1; k=ed25519; p={}", b64(raw)),
            )
        }
    }
}

#[tokio::test]
async fn signed_mail_verifies_with_an_independent_verifier_for_both_algorithms() {
    for algorithm in ["rsa", "ed25519"] {
        let dir = tempfile::tempdir().unwrap();
        let (key, record) = key_pair(dir.path(), algorithm);
        let server = SmtpServer::start();
        let channel = EmailChannel::builder("Creator Status <status@example.com>")
            .smtp(server.url())
            .unsubscribe_url("https://example.com/unsubscribe?customer={recipient}")
            .dkim("s1", "example.com", &key)
            .build()
            .unwrap();
        // A first notice and an update (threaded: In-Reply-To, References).
        channel
            .deliver(&to_juergen(0, "juergen@example.de"))
            .await
            .unwrap();
        channel
            .deliver(&to_juergen(1, "juergen@example.de"))
            .await
            .unwrap();
        let messages = server.messages();
        assert_eq!(messages.len(), 2);
        for message in &messages {
            let text = String::from_utf8_lossy(message);
            let expected = if algorithm == "rsa" {
                "a=rsa-sha256"
            } else {
                "a=ed25519-sha256"
            };
            assert!(text.contains(expected), "{algorithm}: {text}");
            assert!(
                verifies(message, &record),
                "{algorithm}: does not verify:\n{text}"
            );
            // One covered header changed: the signature no longer holds.
            let forged = text.replacen("Subject: ", "Subject: Re: ", 1);
            assert_ne!(forged, text);
            assert!(
                !verifies(forged.as_bytes(), &record),
                "{algorithm}: a changed subject verifies"
            );
        }
        // The signature names what it covers.
        let text = String::from_utf8_lossy(&messages[1]).to_lowercase();
        let h = text
            .split("h=")
            .nth(1)
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .replace([' ', '\r', '\n', '\t'], "");
        for covered in [
            "from",
            "subject",
            "date",
            "message-id",
            "in-reply-to",
            "references",
            "list-unsubscribe",
            "list-unsubscribe-post",
        ] {
            assert!(h.split(':').any(|n| n == covered), "{covered} not in h={h}");
        }
    }
}

#[test]
fn a_dkim_key_that_cannot_be_used_fails_the_build_without_showing_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("key.pem");
    std::fs::write(
        &path,
        "-----BEGIN RSA PRIVATE KEY-----\nc2VjcmV0LWtleQ==\n-----END RSA PRIVATE KEY-----\n",
    )
    .unwrap();
    let err = EmailChannel::builder("status@example.com")
        .dkim("s1", "example.com", &path)
        .build()
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("key.pem") && !err.contains("c2VjcmV0"),
        "{err}"
    );
}
