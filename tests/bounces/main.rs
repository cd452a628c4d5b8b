//! Bounces and complaints from real mail servers (tests/data/bounces, with
//! their sources) read and applied to a ledger of email that went through
//! a real SMTP server.
//!
//! The samples are about mail their servers saw, not mail tidings sent: a
//! test puts the Message-ID of a delivery tidings made in place of the
//! original's, everywhere it appears, and leaves every other byte as the
//! server wrote it.

#[path = "../support/mod.rs"]
mod support;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use support::smtp::SmtpServer;
use support::*;
use tidings::bounce::{Effect, NotAReport, Report, ReportKind};
use tidings::channel::email::EmailChannel;
use tidings::ledger::{DeliveryState, LedgerReader};
use tidings::suppression::{Reason, Suppression};
use tidings::{Address, Dispatcher, LanguagePreferences, Recipient, StateFile};

/// What a sample is, and what it must do.
struct Sample {
    file: &'static str,
    /// The address the report names (and the customer's).
    address: &'static str,
    /// The original's Message-ID, as the sample returns it.
    message_id: &'static str,
    expect: Expect,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Expect {
    /// Bounced; the address suppressed or not.
    Bounced {
        suppressed: bool,
    },
    Delayed,
    Complaint,
    /// A feedback report that is not a complaint.
    Ignored,
}

const SAMPLES: [Sample; 14] = [
    Sample {
        file: "dsn/postfix-5.1.1-sisimai-lhost-postfix-14.eml",
        address: "kijitora@2jo.example.jp",
        message_id: "20150213024813.DE9FF20C16@2jo.example.jp",
        expect: Expect::Bounced { suppressed: true },
    },
    Sample {
        file: "dsn/sendmail-5.1.1-sisimai-lhost-sendmail-01.eml",
        address: "userunknown@bouncehammer.jp",
        message_id: "E1C50F1B-1C83-4820-BC36-AC6FBFBE8568@example.org",
        expect: Expect::Bounced { suppressed: true },
    },
    Sample {
        file: "dsn/gmail-5.1.1-sisimai-rfc3464-63.eml",
        address: "libsisimai-2@googlegroups.com",
        message_id: "144493c0-8548-4b2b-987f-ae719df82545@Spark",
        expect: Expect::Bounced { suppressed: true },
    },
    Sample {
        // 5.1.8: the sender's address was refused, not the recipient's.
        file: "dsn/office365-5.1.8-sisimai-lhost-office365-05.eml",
        address: "kijitora@example.jp",
        message_id: "SLXP216MB0381016D56DE89DBC2139287A96B0@SLXP216MB0381.KORP216.PROD.OUTLOOK.COM",
        expect: Expect::Bounced { suppressed: false },
    },
    Sample {
        file: "dsn/amazonses-5.1.1-sisimai-lhost-amazonses-05.eml",
        address: "bounce@simulator.amazonses.com",
        message_id: "01010157b3c0c026-110cf920-4be1-4c36-87c0-1f48d0cc6639-000000@us-west-2.amazonses.com",
        expect: Expect::Bounced { suppressed: true },
    },
    Sample {
        file: "dsn/exchange-5.1.1-sisimai-lhost-exchange2007-07.eml",
        address: "kijitora@example.jp",
        message_id: "QCw92c-juIk7Y-w6@neko.example.com",
        expect: Expect::Bounced { suppressed: true },
    },
    Sample {
        file: "dsn/gmail-4.4.1-delayed-sisimai-rfc3464-55.eml",
        address: "sotoneko@nora.nyaan.jp",
        message_id: "CAByYQsFyrGN=Aa73R9b-3-tiR7uFpUan+9CAWRmKP4z_GriF5Q@mail.gmail.example.com",
        expect: Expect::Delayed,
    },
    Sample {
        // Given up with a temporary status: not delivered, address kept.
        file: "dsn/postfix-4.4.1-failed-sisimai-lhost-postfix-15.eml",
        address: "kijitora@bukkoji.example.org",
        message_id: "20150213031231.54EF320C12@kawaramachi.example.jp",
        expect: Expect::Bounced { suppressed: false },
    },
    Sample {
        file: "dsn/sendmail-4.5.0-delayed-sisimai-lhost-sendmail-55.eml",
        address: "nyaan@example.jp",
        message_id: "1529051809.26758241@f373.i.mail.ru",
        expect: Expect::Delayed,
    },
    Sample {
        file: "arf/yahoo-abuse-sisimai-arf-02.eml",
        address: "this-local-part-does-not-exist-on-yahoo@yahoo.com",
        message_id: "000000000000000000000000.smtp@example.com",
        expect: Expect::Complaint,
    },
    Sample {
        file: "arf/yahoo-via-amazonses-abuse-sisimai-arf-14.eml",
        address: "kijitora@y.example.com",
        message_id: "2222222222222222-00000000-eeee-eeee-ffff-222222222222-111111@email.amazonses.com",
        expect: Expect::Complaint,
    },
    Sample {
        file: "arf/returnpath-abuse-sisimai-arf-16.eml",
        address: "kijitora@example.com",
        message_id: "ffffffffffffffffffffffff0000000@example.jp",
        expect: Expect::Complaint,
    },
    Sample {
        file: "arf/abusix-abuse-sisimai-arf-17.eml",
        address: "kijitora@example.com",
        message_id: "EEEEEEEE-0000-0000-0000-EEEEEEEE2222@example.net",
        expect: Expect::Complaint,
    },
    Sample {
        file: "arf/netease-auth-failure-sisimai-arf-19.eml",
        address: "kijitora@example.org",
        message_id: "000000000.2222222.0000000000002@example.net",
        expect: Expect::Ignored,
    },
];

fn data() -> PathBuf {
    root().join("tests/data/bounces")
}

fn sample(file: &str) -> Vec<u8> {
    std::fs::read(data().join(file)).unwrap()
}

/// `raw` with every occurrence of `from` replaced by `to`.
fn replaced(raw: &[u8], from: &str, to: &str) -> Vec<u8> {
    let (from, to) = (from.as_bytes(), to.as_bytes());
    let mut out = Vec::with_capacity(raw.len());
    let mut rest = raw;
    let mut found = false;
    while let Some(at) = rest.windows(from.len()).position(|w| w == from) {
        out.extend_from_slice(&rest[..at]);
        out.extend_from_slice(to);
        rest = &rest[at + from.len()..];
        found = true;
    }
    out.extend_from_slice(rest);
    assert!(found, "the sample holds {}", String::from_utf8_lossy(from));
    out
}

/// The customer each sample's report is about.
fn customers() -> Vec<Recipient> {
    SAMPLES
        .iter()
        .enumerate()
        .map(|(n, s)| Recipient {
            id: format!("c-{n}"),
            name: format!("Customer {n}"),
            languages: LanguagePreferences::from_tags(["en-US"]).unwrap(),
            time_zone: Some("Europe/Amsterdam".into()),
            addresses: vec![Address::Email {
                mailbox: s.address.into(),
            }],
            audience: Default::default(),
        })
        .collect()
}

struct World {
    smtp: SmtpServer,
    state: StateFile,
    dispatcher: Dispatcher,
    _dir: tempfile::TempDir,
}

async fn world() -> World {
    let smtp = SmtpServer::start();
    let dir = tempfile::tempdir().unwrap();
    let state = StateFile::open(dir.path().join("state.db")).await.unwrap();
    let email = EmailChannel::builder("Status <status@example.com>")
        .smtp(smtp.url())
        .build()
        .unwrap();
    let dispatcher = Dispatcher::builder(Arc::new(shipped()))
        .ledger(Arc::new(state.ledger()))
        .channel(Arc::new(email))
        .build()
        .unwrap();
    World {
        smtp,
        state,
        dispatcher,
        _dir: dir,
    }
}

impl World {
    /// The Message-ID (without brackets) of each email the SMTP server
    /// received, by revision (from the subject line's order of sending)
    /// and customer name.
    fn message_ids(&self) -> HashMap<(String, String), String> {
        let mut ids = HashMap::new();
        for raw in self.smtp.messages() {
            let m = mail_parser::MessageParser::default().parse(&raw).unwrap();
            let name = m
                .to()
                .and_then(|t| t.first())
                .and_then(|a| a.name())
                .unwrap()
                .to_owned();
            let revision = m
                .header_raw("References")
                .map_or("1", |_| "later")
                .to_owned();
            ids.entry((name, revision))
                .or_insert_with(Vec::new)
                .push(m.message_id().unwrap().to_owned());
        }
        ids.into_iter()
            .filter_map(|(k, mut v)| {
                v.sort();
                (v.len() == 1).then(|| (k, v.remove(0)))
            })
            .collect()
    }

    async fn suppressions(&self) -> Vec<Suppression> {
        self.state.ledger().suppressions(None).await.unwrap()
    }
}

/// Every sample reads as its source says it is.
#[test]
fn every_sample_reads_as_its_source_says() {
    for s in &SAMPLES {
        let report = Report::read(&sample(s.file)).unwrap_or_else(|e| panic!("{}: {e}", s.file));
        assert_eq!(
            report.original_message_id.as_deref(),
            Some(s.message_id),
            "{}",
            s.file
        );
        match s.expect {
            Expect::Complaint | Expect::Ignored => {
                assert_eq!(report.kind, ReportKind::Feedback, "{}", s.file);
                let wanted = if s.expect == Expect::Complaint {
                    "abuse"
                } else {
                    "auth-failure"
                };
                assert_eq!(report.feedback_type.as_deref(), Some(wanted), "{}", s.file);
            }
            _ => {
                assert_eq!(report.kind, ReportKind::DeliveryStatus, "{}", s.file);
                assert_eq!(report.recipients.len(), 1, "{}", s.file);
                let r = &report.recipients[0];
                assert_eq!(r.address, s.address, "{}", s.file);
                let action = if s.expect == Expect::Delayed {
                    "delayed"
                } else {
                    "failed"
                };
                assert_eq!(r.action, action, "{}", s.file);
                let status = s.file.split('-').nth(1).unwrap();
                assert_eq!(r.status, status, "{}", s.file);
                assert!(!r.diagnostic.is_empty(), "{}", s.file);
                assert!(!r.diagnostic.contains('\n'), "{}", s.file);
            }
        }
    }
    // Folded fields come out on one line.
    let gmail = Report::read(&sample(SAMPLES[2].file)).unwrap();
    assert!(
        gmail.recipients[0].diagnostic.starts_with(
            "smtp; 550-5.1.1 The email account that you tried to reach does not exist."
        ),
        "{}",
        gmail.recipients[0].diagnostic
    );
    assert_eq!(gmail.reporter, "googlemail.com");
}

/// The unrelated messages (and the samples as they are, about mail tidings
/// never sent): over a hundred, and not one changes the record.
#[tokio::test]
async fn unrelated_messages_change_nothing() {
    let w = world().await;
    let notice = creator_outage().remove(0);
    let sent = w.dispatcher.send_all(&notice, customers()).await.unwrap();
    assert_eq!(sent.totals.sent, SAMPLES.len() as u64, "{sent:?}");
    let before = snapshot(&w).await;

    let mut messages: Vec<(String, Vec<u8>)> = std::fs::read_dir(data().join("unrelated"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
        .collect();
    let unrelated = messages.len();
    for s in &SAMPLES {
        messages.push((s.file.to_owned(), sample(s.file)));
    }
    assert!(messages.len() >= 100, "{}", messages.len());
    let ledger = w.state.ledger();
    for (name, raw) in &messages {
        let effects = tidings::bounce::apply(&ledger, raw).await;
        assert!(!effects.is_empty(), "{name}");
        for effect in effects {
            assert!(
                matches!(effect, Effect::Ignored { .. } | Effect::Unmatched { .. }),
                "{name}: {effect}"
            );
        }
    }
    // The unrelated ones are not reports at all.
    let not_reports = messages[..unrelated]
        .iter()
        .filter(|(_, raw)| {
            matches!(
                Report::read(raw),
                Err(NotAReport::OtherMessage(_) | NotAReport::NotMail)
            )
        })
        .count();
    assert_eq!(not_reports, unrelated);
    assert_eq!(snapshot(&w).await, before, "nothing changed");
}

/// Each customer's deliveries and the suppressions, to compare.
async fn snapshot(w: &World) -> (Vec<String>, Vec<Suppression>) {
    let ledger = w.state.ledger();
    let mut rows = Vec::new();
    for c in customers() {
        for e in ledger.history(&c.id).await.unwrap() {
            rows.push(format!("{} {:?} {:?}", e.key.id(), e.state, e.reason));
        }
    }
    (rows, w.suppressions().await)
}

/// Each sample, turned to a delivery tidings made, does what it says: a
/// bounce turns it `bounced` (and a dead address is suppressed), a delay is
/// recorded, a complaint suppresses the customer's email; read twice, it
/// changes nothing more; and the next update counts them suppressed.
#[tokio::test]
async fn bounces_and_complaints_change_the_record() {
    let w = world().await;
    let notices = creator_outage();
    w.dispatcher
        .send_all(&notices[0], customers())
        .await
        .unwrap();
    let ids = w.message_ids();
    let ours = |n: usize, revision: &str| -> String {
        ids.get(&(format!("Customer {n}"), revision.to_owned()))
            .unwrap_or_else(|| panic!("customer {n} revision {revision}: {ids:?}"))
            .clone()
    };
    let ledger = w.state.ledger();
    let mut returned = Vec::new();
    for (n, s) in SAMPLES.iter().enumerate() {
        let raw = replaced(&sample(s.file), s.message_id, &ours(n, "1"));
        let effects = tidings::bounce::apply(&ledger, &raw).await;
        assert_eq!(effects.len(), 1, "{}: {effects:?}", s.file);
        let effect = &effects[0];
        let customer = format!("c-{n}");
        match (s.expect, effect) {
            (
                Expect::Bounced { suppressed },
                Effect::Bounced {
                    customer: c,
                    suppressed: s2,
                    ..
                },
            ) => {
                assert_eq!((c, *s2), (&customer, suppressed), "{}", s.file);
            }
            (
                Expect::Delayed,
                Effect::Delayed {
                    customer: c,
                    transient_deliveries: 1,
                    suppressed: false,
                    ..
                },
            ) => assert_eq!(c, &customer),
            (Expect::Complaint, Effect::Complaint { customer: c, .. }) => {
                assert_eq!(c, &customer)
            }
            (Expect::Ignored, Effect::Ignored { .. }) => {}
            _ => panic!("{}: expected {:?}, got {effect:?}", s.file, s.expect),
        }
        returned.push(raw);
    }

    // The record: bounced deliveries are not told, with the diagnostic.
    for (n, s) in SAMPLES.iter().enumerate() {
        let history = ledger.history(&format!("c-{n}")).await.unwrap();
        let state = history[0].state;
        let bounced = matches!(s.expect, Expect::Bounced { .. });
        assert_eq!(
            state == DeliveryState::Bounced,
            bounced,
            "{}: {state:?}",
            s.file
        );
    }
    let coverage = ledger
        .coverage(notices[0].incident().id(), Some(1))
        .await
        .unwrap();
    let bounced = SAMPLES
        .iter()
        .filter(|s| matches!(s.expect, Expect::Bounced { .. }))
        .count() as u64;
    let r = &coverage.revisions[0];
    assert_eq!(
        (r.told, r.unreached, r.channels["email"].bounced),
        (SAMPLES.len() as u64 - bounced, bounced, bounced),
        "{coverage:?}"
    );
    let postfix = coverage
        .unreached
        .iter()
        .find(|u| u.customer == "c-0")
        .unwrap();
    assert!(
        postfix.reasons[0].contains("bounced 5.1.1: X-Postfix; unknown user: \"kijitora\""),
        "{:?}",
        postfix.reasons
    );

    // Suppressions: dead addresses, and complaining customers' email.
    let kept = w.suppressions().await;
    let hard: Vec<&str> = kept
        .iter()
        .filter(|s| s.reason == Reason::HardBounce)
        .map(|s| s.recipient.as_str())
        .collect();
    let mut expected_hard: Vec<String> = SAMPLES
        .iter()
        .enumerate()
        .filter(|(_, s)| s.expect == Expect::Bounced { suppressed: true })
        .map(|(n, _)| format!("c-{n}"))
        .collect();
    expected_hard.sort();
    let mut hard: Vec<String> = hard.into_iter().map(str::to_owned).collect();
    hard.sort();
    assert_eq!(hard, expected_hard);
    for s in kept.iter().filter(|s| s.reason == Reason::HardBounce) {
        assert_eq!(s.channel.as_deref(), Some("email"));
        assert!(s.address.is_some(), "a bounce suppresses the address");
    }
    let complaints: Vec<&Suppression> = kept
        .iter()
        .filter(|s| s.reason == Reason::Complaint)
        .collect();
    assert_eq!(complaints.len(), 4, "{complaints:?}");
    for s in &complaints {
        assert_eq!(s.channel.as_deref(), Some("email"));
        assert_eq!(
            s.address, None,
            "a complaint suppresses the customer's email"
        );
        assert!(
            s.evidence.starts_with("abuse report from "),
            "{}",
            s.evidence
        );
    }

    // Read again: nothing more changes.
    let before = snapshot(&w).await;
    for raw in &returned {
        for effect in tidings::bounce::apply(&ledger, raw).await {
            assert!(!effect.changed(), "{effect}");
        }
    }
    assert_eq!(snapshot(&w).await, before);

    // The next update: the suppressed are counted so, the others told.
    let second = w
        .dispatcher
        .send_all(&notices[1], customers())
        .await
        .unwrap();
    let suppressed = (expected_hard.len() + complaints.len()) as u64;
    assert_eq!(
        (second.totals.suppressed, second.totals.sent),
        (suppressed, SAMPLES.len() as u64 - suppressed),
        "{second:?}"
    );

    // Temporary failures of three deliveries to one address: suppressed.
    let delayed = SAMPLES
        .iter()
        .position(|s| s.file.starts_with("dsn/gmail-4.4.1"))
        .unwrap();
    let later = w.message_ids();
    let second_id = later[&(format!("Customer {delayed}"), "later".to_owned())].clone();
    // The delay, as returned for the email with `id`: its effect.
    let delay_of = |id: String| {
        let raw = replaced(
            &sample(SAMPLES[delayed].file),
            SAMPLES[delayed].message_id,
            &id,
        );
        let ledger = w.state.ledger();
        async move { tidings::bounce::apply(&ledger, &raw).await }
    };
    let effects = delay_of(second_id.clone()).await;
    assert!(
        matches!(
            effects[..],
            [Effect::Delayed {
                transient_deliveries: 2,
                suppressed: false,
                ..
            }]
        ),
        "{effects:?}"
    );
    let third = w
        .dispatcher
        .send_one(&notices[2], &customers()[delayed])
        .await
        .unwrap();
    assert_eq!(third.totals.sent, 1);
    let third_id = w
        .smtp
        .messages()
        .iter()
        .map(|raw| mail_parser::MessageParser::default().parse(raw).unwrap())
        .filter(|m| {
            m.to().and_then(|t| t.first()).and_then(|a| a.name())
                == Some(&*format!("Customer {delayed}"))
        })
        .filter_map(|m| m.message_id().map(str::to_owned))
        .find(|id| *id != second_id && *id != ours(delayed, "1"))
        .unwrap();
    let effects = delay_of(third_id).await;
    assert!(
        matches!(
            effects[..],
            [Effect::Delayed {
                transient_deliveries: 3,
                suppressed: true,
                ..
            }]
        ),
        "{effects:?}"
    );
    let fourth = w
        .dispatcher
        .send_one(&notices[3], &customers()[delayed])
        .await
        .unwrap();
    assert_eq!(fourth.totals.suppressed, 1, "{fourth:?}");
}

/// With VERP, every email's envelope sender names its delivery, so a
/// bounce that returns nothing of the original (Postfix's, whose returned
/// message is empty) still finds it, through the alias the server expanded.
#[tokio::test]
async fn a_bounce_without_the_original_is_matched_by_its_verp_address() {
    let smtp = SmtpServer::start();
    let dir = tempfile::tempdir().unwrap();
    let state = StateFile::open(dir.path().join("state.db")).await.unwrap();
    let email = EmailChannel::builder("Status <status@example.com>")
        .smtp(smtp.url())
        .verp("bounces@status.example.com")
        .build()
        .unwrap();
    let dispatcher = Dispatcher::builder(Arc::new(shipped()))
        .ledger(Arc::new(state.ledger()))
        .channel(Arc::new(email))
        .build()
        .unwrap();
    let customer = Recipient {
        id: "c-verp".into(),
        name: "Kijitora".into(),
        languages: LanguagePreferences::from_tags(["en-US"]).unwrap(),
        time_zone: None,
        // The sample's Original-Recipient: the server expanded it to
        // another mailbox (its Final-Recipient).
        addresses: vec![Address::Email {
            mailbox: "kijitora@example.org".into(),
        }],
        audience: Default::default(),
    };
    let notice = creator_outage().remove(0);
    let sent = dispatcher.send_one(&notice, &customer).await.unwrap();
    assert_eq!(sent.totals.sent, 1);
    let key = tidings::DeliveryKey::new(&notice, &customer, &customer.addresses[0]);
    let returns = format!("bounces+{}@status.example.com", key.id());
    assert_eq!(
        smtp.envelope_senders(),
        std::slice::from_ref(&returns),
        "MAIL FROM"
    );
    let message = mail_parser::MessageParser::default()
        .parse(&smtp.messages()[0])
        .unwrap()
        .message_id()
        .unwrap()
        .to_owned();
    assert!(message.starts_with(&key.id()), "{message}");

    // The bounce went to the envelope sender; the sample's is replaced by
    // the one tidings used.
    let file = "dsn/postfix-5.1.1-verp-sisimai-lhost-postfix-01.eml";
    let raw = replaced(&sample(file), "shironeko@mx.example.jp", &returns);
    let report = Report::read(&raw).unwrap();
    assert_eq!(report.original_message_id, None);
    assert_eq!(report.verp_delivery.as_deref(), Some(key.id().as_str()));
    let effects = tidings::bounce::apply(&state.ledger(), &raw).await;
    assert!(
        matches!(
            &effects[..],
            [Effect::Bounced { customer, suppressed: true, status, .. }]
                if customer == "c-verp" && status == "5.1.1"
        ),
        "{effects:?}"
    );
    // The sample as it is (sent to someone else's envelope) matches nothing.
    let unchanged = tidings::bounce::apply(&state.ledger(), &sample(file)).await;
    assert!(
        matches!(&unchanged[..], [Effect::Unmatched { .. }]),
        "{unchanged:?}"
    );
}
