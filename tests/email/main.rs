//! Email against a real SMTP server (aiosmtpd), with every message parsed
//! back by a MIME parser tidings did not write (mail-parser).

#[path = "../support/mod.rs"]
mod support;

#[cfg(feature = "dkim")]
mod dkim;

use std::sync::Arc;

use mail_parser::{HeaderValue, MessageParser};
use support::smtp::{SmtpServer, read_dir_sorted};
use support::*;
use tidings::channel::email::EmailChannel;
use tidings::{Address, Channel, Delivery, Recipient};

/// Revision `index` of the Creator outage to a German customer.
fn to_juergen(index: usize, mailbox: &str) -> Delivery {
    let catalog = shipped();
    let notice = Arc::new(creator_outage().remove(index));
    let address = Address::Email {
        mailbox: mailbox.into(),
    };
    let recipient = Arc::new(Recipient {
        id: "c-42".into(),
        name: "Jürgen Müller".into(),
        languages: tidings::LanguagePreferences::from_tags(["de-AT"]).unwrap(),
        time_zone: Some("Europe/Vienna".into()),
        addresses: vec![address.clone()],
        audience: Default::default(),
    });
    let tz = tidings::parse_time_zone("Europe/Vienna").unwrap();
    let rendered = catalog.render(&notice, &catalog.negotiate(&recipient.languages), &tz);
    Delivery::new(notice, recipient, address, std::sync::Arc::new(rendered))
}

/// The address in each stored message's To header, in arrival order.
fn addressed_to(server: &SmtpServer) -> Vec<String> {
    let parser = MessageParser::default();
    server
        .messages()
        .iter()
        .map(|raw| {
            let message = parser.parse(raw).unwrap();
            let to = message.to().and_then(|to| to.first());
            to.and_then(|to| to.address()).unwrap().to_owned()
        })
        .collect()
}

fn header_text(m: &mail_parser::Message, name: &str) -> String {
    let raw = m
        .header_raw(name)
        .unwrap_or_else(|| panic!("no {name} header"));
    raw.trim().to_owned()
}

#[tokio::test]
async fn notices_arrive_threaded_with_the_headers_an_incident_needs() {
    let server = SmtpServer::start();
    let channel = EmailChannel::builder("Creator Status <status@example.com>")
        .smtp(server.url())
        .unsubscribe_url("https://example.com/unsubscribe?customer={recipient}")
        .build()
        .unwrap();
    let first = to_juergen(0, "juergen@example.de");
    let second = to_juergen(1, "juergen@example.de");
    let receipt = channel.deliver(&first).await.unwrap();
    assert!(
        receipt.detail.starts_with("250 2.0.0 Ok: queued as"),
        "{}",
        receipt.detail
    );
    channel.deliver(&second).await.unwrap();

    let raw = server.messages();
    assert_eq!(raw.len(), 2);
    let parser = MessageParser::default();
    let one = parser.parse(&raw[0]).unwrap();
    let two = parser.parse(&raw[1]).unwrap();

    assert_eq!(one.subject(), Some("Creator: Wir untersuchen eine Störung"));
    let to = one.to().unwrap().first().unwrap();
    assert_eq!(
        (to.name(), to.address()),
        (Some("Jürgen Müller"), Some("juergen@example.de"))
    );
    let from = one.from().unwrap().first().unwrap();
    assert_eq!(
        (from.name(), from.address()),
        (Some("Creator Status"), Some("status@example.com"))
    );
    assert_eq!(header_text(&one, "Content-Language"), "de-DE");
    assert_eq!(header_text(&one, "Auto-Submitted"), "auto-generated");
    assert_eq!(
        header_text(&one, "List-Unsubscribe"),
        "<https://example.com/unsubscribe?customer=c-42>"
    );
    assert_eq!(
        header_text(&one, "List-Unsubscribe-Post"),
        "List-Unsubscribe=One-Click"
    );

    // multipart/alternative: the text and the HTML of the rendering.
    assert!(header_text(&one, "Content-Type").starts_with("multipart/alternative;"));
    assert_eq!((one.text_body_count(), one.html_body_count()), (1, 1));
    assert_eq!(
        one.body_text(0).unwrap().replace("\r\n", "\n"),
        first.rendered.text
    );
    assert!(
        one.body_html(0)
            .unwrap()
            .contains("<html lang=\"de-DE\" dir=\"ltr\">")
    );

    // Message-ID from the delivery key; the update threads under the first.
    let first_id = format!("{}.tidings@example.com", first.key.id());
    assert_eq!(one.message_id(), Some(first_id.as_str()));
    assert_eq!(
        two.message_id(),
        Some(format!("{}.tidings@example.com", second.key.id()).as_str())
    );
    assert_eq!(two.in_reply_to().as_text(), Some(first_id.as_str()));
    assert_eq!(two.references().as_text(), Some(first_id.as_str()));
    assert_eq!(one.in_reply_to(), &HeaderValue::Empty);
    assert_eq!(
        two.subject(),
        Some("Creator: Ursache gefunden, wir arbeiten an einer Lösung")
    );

    // The same delivery always makes the same message id.
    let again = channel.message(&first).unwrap();
    let again = parser.parse(&again).unwrap();
    assert_eq!(again.message_id(), Some(first_id.as_str()));
}

#[tokio::test]
async fn server_answers_decide_between_retry_and_give_up() {
    for pipelining in [false, true] {
        answers_decide(pipelining).await;
    }
}

/// The answers of a server that takes commands one by one, or pipelined
/// (RFC 2920: MAIL, RCPT and DATA in one write, their replies read after).
async fn answers_decide(pipelining: bool) {
    let server = SmtpServer::start_with(if pipelining { &["--pipelining"] } else { &[] });
    let channel = EmailChannel::builder("status@example.com")
        .smtp(server.url())
        .build()
        .unwrap();

    let busy = channel
        .deliver(&to_juergen(0, "busy@example.de"))
        .await
        .unwrap_err();
    assert!(busy.is_transient(), "{busy}");
    assert!(busy.reason().contains("451"), "{busy}");

    let unknown = channel
        .deliver(&to_juergen(0, "unknown@example.de"))
        .await
        .unwrap_err();
    assert!(unknown.is_permanent(), "{unknown}");
    assert!(unknown.reason().contains("550"), "{unknown}");

    let full = channel
        .deliver(&to_juergen(0, "full@example.de"))
        .await
        .unwrap_err();
    assert!(full.is_transient() && full.is_about_address(), "{full}");

    // The pool recovers: the next good deliveries go through, on one
    // connection.
    for _ in 0..3 {
        channel
            .deliver(&to_juergen(0, "juergen@example.de"))
            .await
            .unwrap();
    }
    assert_eq!(server.messages().len(), 3);
    let log = std::fs::read_to_string(server.dir().join("mail.log")).unwrap();
    let expected = if pipelining {
        "pipelined"
    } else {
        "one by one"
    };
    assert_eq!(log.lines().count(), 6, "{log}");
    assert!(log.lines().all(|line| line == expected), "{log}");
}

#[tokio::test]
async fn a_stream_of_messages_shares_a_connection_and_each_arrives_once() {
    for pipelining in [false, true] {
        stream_on_one_connection(pipelining).await;
    }
}

/// Twelve messages at once on one connection. Where the server takes
/// pipelining, each message's end carries the next one's MAIL, RCPT and
/// DATA (RFC 2920). A refused recipient, and a message refused after its
/// content (whose end carried the next one's envelope), fail alone: the
/// next one still arrives, once.
async fn stream_on_one_connection(pipelining: bool) {
    let server = SmtpServer::start_with(if pipelining { &["--pipelining"] } else { &[] });
    let channel = EmailChannel::builder("status@example.com")
        .smtp(server.url())
        .connections(1)
        .build()
        .unwrap();
    let mailboxes: Vec<String> = (0..12)
        .map(|i| match i {
            5 => "unknown@example.de".to_owned(),
            8 => "refused@example.de".to_owned(),
            _ => format!("juergen{i}@example.de"),
        })
        .collect();
    let deliveries: Vec<Delivery> = mailboxes.iter().map(|m| to_juergen(0, m)).collect();
    let results =
        futures_util::future::join_all(deliveries.iter().map(|d| channel.deliver(d))).await;
    for (mailbox, result) in mailboxes.iter().zip(&results) {
        match mailbox.as_str() {
            "unknown@example.de" => {
                let err = result.as_ref().unwrap_err();
                assert!(err.is_permanent() && err.reason().contains("550"), "{err}");
            }
            "refused@example.de" => {
                let err = result.as_ref().unwrap_err();
                assert!(err.is_permanent() && err.reason().contains("554"), "{err}");
            }
            _ => assert!(result.is_ok(), "{mailbox}: {result:?}"),
        }
    }
    // Each accepted message arrived once, whole, to its own recipient.
    let parser = MessageParser::default();
    for raw in server.messages() {
        assert!(parser.parse(&raw).unwrap().body_html(0).is_some());
    }
    let mut arrived = addressed_to(&server);
    let mut envelopes: Vec<String> = server.envelope_recipients().concat();
    envelopes.sort();
    arrived.sort();
    assert_eq!(envelopes, arrived);
    let mut expected: Vec<String> = mailboxes
        .iter()
        .filter(|m| m.starts_with("juergen"))
        .cloned()
        .collect();
    expected.sort();
    assert_eq!(arrived, expected);
    let log = std::fs::read_to_string(server.dir().join("data.log")).unwrap();
    let riding = log.lines().filter(|l| *l == "next waiting").count();
    if pipelining {
        assert!(riding >= 4, "{log}");
    } else {
        assert_eq!(riding, 0, "{log}");
    }
}

/// A message waiting for the connection gives up (its attempt timed out)
/// after its MAIL, RCPT and DATA went out with the end of the message
/// before it: it is never delivered, the connection its transaction is
/// open on is not used again, and the next message goes through.
#[tokio::test]
async fn a_follower_that_gives_up_after_its_envelope_rode_is_never_delivered() {
    let server = SmtpServer::start_with(&["--pipelining"]);
    let channel = EmailChannel::builder("status@example.com")
        .smtp(server.url())
        .connections(1)
        .build()
        .unwrap();
    let slow = to_juergen(0, "slow@example.de");
    let quitter = to_juergen(0, "quitter@example.de");
    let (slow, quitter) = tokio::join!(
        channel.deliver(&slow),
        tokio::time::timeout(std::time::Duration::from_secs(1), channel.deliver(&quitter)),
    );
    slow.unwrap();
    assert!(quitter.is_err(), "{quitter:?}");
    channel
        .deliver(&to_juergen(0, "later@example.de"))
        .await
        .unwrap();
    assert_eq!(
        addressed_to(&server),
        ["slow@example.de", "later@example.de"]
    );
    // Each went to its own envelope recipient, with nothing of another
    // transaction in it.
    assert_eq!(
        server.envelope_recipients(),
        [["slow@example.de"], ["later@example.de"]]
    );
    for raw in server.messages() {
        assert!(!String::from_utf8_lossy(&raw).contains("MAIL FROM"));
    }
}

#[tokio::test]
async fn a_server_that_is_down_is_transient() {
    let (_reserved, port) = support::closed_port();
    let channel = EmailChannel::builder("status@example.com")
        .smtp(format!("smtp://127.0.0.1:{port}"))
        .build()
        .unwrap();
    let err = channel
        .deliver(&to_juergen(0, "juergen@example.de"))
        .await
        .unwrap_err();
    assert!(err.is_transient(), "{err}");
    assert!(
        err.reason()
            .starts_with("the mail server did not take the message"),
        "{err}"
    );
}

#[tokio::test]
async fn a_server_that_never_answers_times_out_as_transient() {
    // A peer that accepts the connection and then says nothing at all.
    let mute = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = mute.local_addr().unwrap().port();
    let held = tokio::spawn(async move {
        let mut open = Vec::new();
        while let Ok((socket, _)) = mute.accept().await {
            open.push(socket);
        }
    });
    let channel = EmailChannel::builder("status@example.com")
        .smtp(format!("smtp://127.0.0.1:{port}"))
        .timeout(std::time::Duration::from_secs(1))
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let err = channel
        .deliver(&to_juergen(0, "juergen@example.de"))
        .await
        .unwrap_err();
    assert!(err.is_transient(), "{err}");
    assert!(err.reason().contains("did not answer within 1 s"), "{err}");
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    held.abort();
}

#[tokio::test]
async fn bad_addresses_fail_alone_with_the_reason() {
    let server = SmtpServer::start();
    let channel = EmailChannel::builder("status@example.com")
        .smtp(server.url())
        .build()
        .unwrap();

    let err = channel
        .deliver(&to_juergen(0, "not an address"))
        .await
        .unwrap_err();
    assert!(err.is_permanent());
    assert!(
        err.reason()
            .starts_with("`not an address` (recipient c-42) is not a valid email address"),
        "{err}"
    );

    // A name that would smuggle a header is refused, not encoded.
    let mut evil = to_juergen(0, "juergen@example.de");
    let mut recipient = (*evil.recipient).clone();
    recipient.name = "Jürgen\r\nBcc: everyone@example.net".into();
    evil.recipient = Arc::new(recipient);
    let err = channel.deliver(&evil).await.unwrap_err();
    assert!(err.is_permanent());
    assert!(
        err.reason()
            .contains("recipient name of recipient c-42 contains a line break"),
        "{err}"
    );

    channel
        .deliver(&to_juergen(0, "juergen@example.de"))
        .await
        .unwrap();
    let raw = server.messages();
    assert_eq!(raw.len(), 1, "only the good one arrived");
    assert!(!String::from_utf8_lossy(&raw[0]).contains("everyone@example.net"));
}

#[tokio::test]
async fn the_outbox_keeps_one_eml_file_per_delivery() {
    let dir = tempfile::tempdir().unwrap();
    let channel = EmailChannel::builder("status@example.com")
        .outbox(dir.path())
        .build()
        .unwrap();
    let delivery = to_juergen(3, "juergen@example.de");
    let receipt = channel.deliver(&delivery).await.unwrap();
    channel.deliver(&delivery).await.unwrap();
    let files = read_dir_sorted(dir.path(), "eml");
    assert_eq!(files.len(), 1, "the same delivery overwrites its own file");
    assert!(receipt.detail.ends_with(".eml"), "{}", receipt.detail);
    let name = files[0].file_name().unwrap().to_string_lossy().into_owned();
    assert!(name.starts_with("creator-2022-03-14-r4-c-42-"), "{name}");
    let bytes = std::fs::read(&files[0]).unwrap();
    let parsed = MessageParser::default().parse(&bytes).unwrap();
    assert_eq!(
        parsed.subject(),
        Some("Behoben: „Creator“ funktioniert wieder wie gewohnt")
    );
    assert_eq!(
        parsed.in_reply_to().as_text(),
        Some(format!("{}.tidings@example.com", delivery.key.for_revision(1).id()).as_str())
    );
}

#[tokio::test]
async fn starttls_and_auth_reach_a_server_that_demands_both() {
    let (_certs, ca, cert, key) = support::certs::certificates();
    let server = SmtpServer::start_with(&["--starttls", &cert, &key, "--auth", "tidings:s3cret"]);
    let url = format!(
        "smtp://tidings:s3cret@localhost:{}?tls=starttls",
        server.port
    );
    let channel = EmailChannel::builder("status@example.com")
        .smtp(&url)
        .add_root_certificate(ca.clone())
        .build()
        .unwrap();
    channel
        .deliver(&to_juergen(0, "juergen@example.de"))
        .await
        .unwrap();
    assert_eq!(server.messages().len(), 1);

    // A wrong password is refused for good, and the error does not show it.
    let wrong = format!(
        "smtp://tidings:hunter2@localhost:{}?tls=starttls",
        server.port
    );
    let channel = EmailChannel::builder("status@example.com")
        .smtp(&wrong)
        .add_root_certificate(ca.clone())
        .build()
        .unwrap();
    let err = channel
        .deliver(&to_juergen(0, "juergen@example.de"))
        .await
        .unwrap_err();
    assert!(err.is_permanent(), "{err}");
    assert!(err.reason().contains("535"), "{err}");
    assert!(!err.reason().contains("hunter2"), "{err}");

    // A server certificate nobody vouches for is not trusted.
    let channel = EmailChannel::builder("status@example.com")
        .smtp(&url)
        .build()
        .unwrap();
    let err = channel
        .deliver(&to_juergen(0, "juergen@example.de"))
        .await
        .unwrap_err();
    assert!(
        err.reason().contains("certificate") || err.reason().to_lowercase().contains("tls"),
        "{err}"
    );
    assert_eq!(server.messages().len(), 1, "nothing more arrived");
}

#[tokio::test]
async fn implicit_tls_on_an_smtps_url() {
    let (_certs, ca, cert, key) = support::certs::certificates();
    let server =
        SmtpServer::start_with(&["--implicit-tls", &cert, &key, "--auth", "tidings:s3cret"]);
    let url = format!("smtps://tidings:s3cret@localhost:{}", server.port);
    let channel = EmailChannel::builder("status@example.com")
        .smtp(url)
        .add_root_certificate(ca)
        .build()
        .unwrap();
    channel
        .deliver(&to_juergen(0, "juergen@example.de"))
        .await
        .unwrap();
    let raw = server.messages();
    assert_eq!(raw.len(), 1);
    let parsed = MessageParser::default().parse(&raw[0]).unwrap();
    assert_eq!(
        parsed.subject(),
        Some("Creator: Wir untersuchen eine Störung")
    );
}

#[tokio::test]
async fn credentials_never_travel_unencrypted() {
    // A server that offers no STARTTLS and would take AUTH in the clear.
    let server = SmtpServer::start_with(&["--auth", "tidings:s3cret", "--auth-in-clear"]);
    let delivery = support::delivery_to(
        tidings::Address::Email {
            mailbox: "ada@example.com".into(),
        },
        "en",
    );
    let asked_for_tls = EmailChannel::builder("status@example.com")
        .smtp(format!(
            "smtp://tidings:s3cret@127.0.0.1:{}?tls=starttls",
            server.port
        ))
        .build()
        .unwrap();
    let err = asked_for_tls.deliver(&delivery).await.unwrap_err();
    // Transient: the server may offer it again, or the one who stripped it
    // from the greeting may be gone, and the retry still sends nothing in
    // the clear.
    assert!(err.is_transient(), "{err:?}");
    assert!(err.reason().contains("did not offer STARTTLS"), "{err}");
    assert!(!err.reason().contains("s3cret"), "{err}");
    assert!(!server.saw_auth(), "no AUTH line went over the wire");
    assert!(server.messages().is_empty());

    // A URL that says the connection may be unencrypted cannot carry
    // credentials to another machine at all…
    for url in [
        "smtp://tidings:s3cret@mail.example.com",
        "smtp://tidings:s3cret@mail.example.com:587?tls=opportunistic",
    ] {
        let err = EmailChannel::builder("status@example.com")
            .smtp(url)
            .build()
            .unwrap_err();
        assert!(
            err.to_string().contains("would travel unencrypted"),
            "{err}"
        );
        assert!(!err.to_string().contains("s3cret"), "{err}");
    }
    // …only to this one, where nothing crosses a network.
    let local = EmailChannel::builder("status@example.com")
        .smtp(format!("smtp://tidings:s3cret@127.0.0.1:{}", server.port))
        .build()
        .unwrap();
    local.deliver(&delivery).await.unwrap();
    assert!(server.saw_auth(), "the log sees AUTH when it is sent");
    assert_eq!(server.messages().len(), 1);
}

#[tokio::test]
async fn a_refused_mailbox_carries_the_smtp_reply_code() {
    let server = SmtpServer::start();
    let channel = EmailChannel::builder("status@example.com")
        .smtp(server.url())
        .build()
        .unwrap();
    let delivery = support::delivery_to(
        tidings::Address::Email {
            mailbox: "unknown@example.com".into(),
        },
        "en",
    );
    let err = channel.deliver(&delivery).await.unwrap_err();
    assert!(err.is_permanent(), "{err:?}");
    assert_eq!(err.answer(), Some(tidings::Answer::Smtp(550)), "{err}");
}

/// One-click unsubscribe (RFC 8058): the https link carries a token that
/// the key verifies to this customer, everything, by email; the mailto
/// carries it too; `List-Unsubscribe-Post` says one click is enough. A URL
/// with `{token}` and no key is refused when the channel is built.
#[tokio::test]
async fn the_unsubscribe_link_carries_a_token_the_key_verifies() {
    use tidings::unsubscribe::{Choice, Scope, UnsubscribeKey};
    let key = UnsubscribeKey::new([42; 32]).unwrap();
    let server = SmtpServer::start();
    let channel = EmailChannel::builder("status@example.com")
        .smtp(server.url())
        .unsubscribe_url("https://status.example.com/unsubscribe/{token}")
        .unsubscribe_key(key.clone())
        .unsubscribe_mailto("unsubscribe@example.com")
        .build()
        .unwrap();
    channel
        .deliver(&to_juergen(0, "juergen@example.de"))
        .await
        .unwrap();
    let raw = server.messages();
    let message = MessageParser::default().parse(&raw[0]).unwrap();
    assert_eq!(
        header_text(&message, "List-Unsubscribe-Post"),
        "List-Unsubscribe=One-Click"
    );
    let links = header_text(&message, "List-Unsubscribe").replace(['\r', '\n', '\t'], "");
    let links: Vec<&str> = links
        .split(',')
        .map(|l| l.trim().trim_matches(['<', '>']))
        .collect();
    assert_eq!(links.len(), 2, "{links:?}");
    let token = links[0]
        .strip_prefix("https://status.example.com/unsubscribe/")
        .unwrap_or_else(|| panic!("{links:?}"));
    let expected = Choice::new("c-42", Scope::All, Some(tidings::ChannelKind::Email));
    assert_eq!(key.verify(token).unwrap(), expected);
    let other = UnsubscribeKey::new([43; 32]).unwrap();
    assert!(other.verify(token).is_err(), "another key's check fails");
    assert!(
        links[1].starts_with("mailto:unsubscribe@example.com?subject=unsubscribe+u1."),
        "{links:?}"
    );

    let unkeyed = EmailChannel::builder("status@example.com")
        .unsubscribe_url("https://status.example.com/unsubscribe/{token}")
        .build();
    assert!(unkeyed.is_err());
}

/// `message` without its Date value: the time of building, the one value
/// two builds of the same email may differ in (its place stays).
fn without_date(message: &[u8]) -> String {
    String::from_utf8_lossy(message)
        .split_inclusive("\r\n")
        .map(|line| match line.starts_with("Date: ") {
            true => "Date: (the time of building)\r\n",
            false => line,
        })
        .collect()
}

#[tokio::test]
async fn the_server_receives_each_message_byte_for_byte_from_a_body_encoded_once() {
    let server = SmtpServer::start();
    let channel = EmailChannel::builder("Creator Status <status@example.com>")
        .smtp(server.url())
        .unsubscribe_url("https://example.com/unsubscribe?customer={recipient}")
        .build()
        .unwrap();
    // A paragraph of details that begins with a dot: a line SMTP carries
    // stuffed, which the server must read back as written.
    let mut notice = creator_outage().remove(0);
    let toml = toml::to_string(&notice).unwrap();
    notice = toml::from_str(&toml.replace(
        "This started during",
        ".htaccess rules. This started during",
    ))
    .unwrap();
    let catalog = shipped();
    let notice = Arc::new(notice);
    let tz = tidings::parse_time_zone("Europe/Amsterdam").unwrap();
    let mut sent = Vec::new();
    for tags in ["en-US", "ar-EG"] {
        let languages = tidings::LanguagePreferences::from_tags([tags]).unwrap();
        let rendered = Arc::new(catalog.render(&notice, &catalog.negotiate(&languages), &tz));
        // Three customers share each rendering, and so its encoded body.
        for n in 0..3 {
            let address = Address::Email {
                mailbox: format!("customer{n}.{tags}@example.com"),
            };
            let recipient = Arc::new(Recipient {
                id: format!("c-{tags}-{n}"),
                name: format!("Customer {n}"),
                languages: languages.clone(),
                time_zone: Some("Europe/Amsterdam".into()),
                addresses: vec![address.clone()],
                audience: Default::default(),
            });
            let delivery = Delivery::new(
                Arc::clone(&notice),
                recipient,
                address,
                Arc::clone(&rendered),
            );
            channel.deliver(&delivery).await.unwrap();
            sent.push(channel.message(&delivery).unwrap());
        }
    }
    let received = server.messages();
    assert_eq!(received.len(), sent.len());
    let mut dotted = 0;
    for (received, sent) in received.iter().zip(&sent) {
        // The server keeps the CRLF before the final dot as the message's
        // last line end (RFC 5321, 4.1.1.4), as it always did.
        let mut expected = sent.clone();
        expected.extend_from_slice(b"\r\n");
        assert_eq!(without_date(received), without_date(&expected));
        dotted += usize::from(without_date(sent).contains("\r\n.htaccess"));
    }
    assert!(dotted > 0, "no message had a line that begins with a dot");
}
