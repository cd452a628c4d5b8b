//! SMTP connections: lettre speaks the protocol; tidings opens the sockets,
//! keeps the pool, and sends each message's transaction itself.
//!
//! A message's commands and content are small writes that each wait for
//! the server's reply. On a socket with Nagle's algorithm on (lettre never
//! turns it off) a small write that follows another waits for the server to
//! acknowledge the first, and the server delays that acknowledgement (40 ms
//! on Linux): every message stalled for 40 ms when lettre wrote the body and
//! its final `.` apart. tidings opens each TCP connection itself with
//! `TCP_NODELAY` and hands it to lettre, writes the content and its final
//! `.` in one write, and where the server offers PIPELINING (RFC 2920)
//! writes MAIL, RCPT and DATA together. The pool is small and strict: at
//! most `connections` sends at once, each on its own connection, reused for
//! the next message.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{
    AsyncSmtpConnection, AsyncTokioStream, Certificate, TlsParameters,
};
use lettre::transport::smtp::commands::{Data, Ehlo, Mail, Rcpt};
use lettre::transport::smtp::extension::{ClientId, Extension, MailBodyParameter, MailParameter};
use lettre::transport::smtp::response::Response;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, ServerName};
use tokio::net::TcpStream;
use tokio::sync::Semaphore;

use super::message::Email;

/// An idle connection older than this is closed rather than reused: servers
/// drop idle clients after a while.
const IDLE: Duration = Duration::from_secs(30);

/// How to reach one SMTP server.
pub(crate) struct Config {
    pub(crate) host: String,
    pub(crate) port: u16,
    pub(crate) security: Security,
    pub(crate) credentials: Option<Credentials>,
    pub(crate) timeout: Duration,
}

/// The transport security of the connection.
pub(crate) enum Security {
    /// Plain SMTP: loopback relays and tests.
    None,
    /// STARTTLS after the greeting; `required` refuses a server without it.
    StartTls {
        params: TlsParameters,
        required: bool,
    },
    /// TLS from the first byte (port 465).
    Implicit(tokio_rustls::TlsConnector),
}

/// Why a configuration cannot be used.
pub(crate) type ConfigError = String;

impl Security {
    /// TLS settings trusting Mozilla's roots and `extra` (PEM).
    pub(crate) fn implicit(extra: &[Vec<u8>]) -> Result<Security, ConfigError> {
        let mut roots = rustls::RootCertStore::empty();
        roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
        for pem in extra {
            for cert in CertificateDer::pem_slice_iter(pem) {
                let cert = cert.map_err(|e| format!("root certificate: {e}"))?;
                roots
                    .add(cert)
                    .map_err(|e| format!("root certificate: {e}"))?;
            }
        }
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| e.to_string())?
            .with_root_certificates(roots)
            .with_no_client_auth();
        Ok(Security::Implicit(tokio_rustls::TlsConnector::from(
            Arc::new(config),
        )))
    }

    /// STARTTLS settings for `host`, trusting Mozilla's roots and `extra`.
    pub(crate) fn start_tls(
        host: &str,
        extra: &[Vec<u8>],
        required: bool,
    ) -> Result<Security, ConfigError> {
        let mut params = TlsParameters::builder(host.to_owned());
        for pem in extra {
            let cert = Certificate::from_pem(pem).map_err(|e| format!("root certificate: {e}"))?;
            params = params.add_root_certificate(cert);
        }
        let params = params.build_rustls().map_err(|e| e.to_string())?;
        Ok(Security::StartTls { params, required })
    }
}

/// Connections to one server, at most `connections` in use at once.
pub(crate) struct Pool {
    config: Config,
    hello: ClientId,
    idle: Mutex<Vec<(Conn, Instant)>>,
    permits: Semaphore,
    connections: usize,
}

/// Why a send failed.
pub(crate) enum SendError {
    /// What lettre or the server said.
    Smtp(lettre::transport::smtp::Error),
    /// No connection could be made.
    Connect(String),
    /// The attempt took longer than the timeout (waiting for a free
    /// connection does not count).
    Timeout(Duration),
    /// The server offered no STARTTLS where TLS was asked for (or
    /// credentials would go to another machine): nothing was sent. Worth
    /// another try later: a flapping server, or a man in the middle who
    /// strips STARTTLS from its greeting, may be gone by then.
    NoStartTls(String),
    /// The message needs an extension the server does not offer (8-bit
    /// data, international addresses): it cannot be sent there as it is.
    Refused(String),
}

impl Pool {
    pub(crate) fn new(config: Config, connections: usize) -> Self {
        Pool {
            config,
            hello: ClientId::default(),
            idle: Mutex::default(),
            permits: Semaphore::new(connections.max(1)),
            connections: connections.max(1),
        }
    }

    /// How many connections it uses at most.
    pub(crate) fn connections(&self) -> usize {
        self.connections
    }

    /// Sends one message. A reused connection that turns out to be closed is
    /// replaced by a new one once, so a server's idle timeout never fails a
    /// delivery.
    pub(crate) async fn send(&self, message: &Email) -> Result<Response, SendError> {
        let Ok(_permit) = self.permits.acquire().await else {
            return Err(SendError::Connect("the SMTP pool is closed".into()));
        };
        let timeout = self.config.timeout;
        tokio::time::timeout(timeout, self.send_now(message))
            .await
            .unwrap_or(Err(SendError::Timeout(timeout)))
    }

    async fn send_now(&self, message: &Email) -> Result<Response, SendError> {
        if let Some(mut conn) = self.take_idle() {
            match transmit(&mut conn, message).await {
                Ok(response) => {
                    self.put_idle(conn);
                    return Ok(response);
                }
                // The server answered: that answer stands.
                Err(SendError::Smtp(err))
                    if err.is_response() || err.is_transient() || err.is_permanent() =>
                {
                    conn.smtp.abort().await;
                    return Err(SendError::Smtp(err));
                }
                Err(err @ SendError::Refused(_)) => {
                    conn.smtp.abort().await;
                    return Err(err);
                }
                // The connection was gone: try once more on a new one.
                Err(_) => conn.smtp.abort().await,
            }
        }
        let mut conn = self.connect().await?;
        match transmit(&mut conn, message).await {
            Ok(response) => {
                self.put_idle(conn);
                Ok(response)
            }
            Err(err) => {
                conn.smtp.abort().await;
                Err(err)
            }
        }
    }

    fn take_idle(&self) -> Option<Conn> {
        let mut idle = self.idle.lock().unwrap_or_else(|p| p.into_inner());
        while let Some((conn, since)) = idle.pop() {
            if since.elapsed() < IDLE {
                return Some(conn);
            }
            // Too old to trust; dropping closes the socket.
            drop(conn);
        }
        None
    }

    fn put_idle(&self, conn: Conn) {
        let mut idle = self.idle.lock().unwrap_or_else(|p| p.into_inner());
        idle.push((conn, Instant::now()));
    }

    async fn connect(&self) -> Result<Conn, SendError> {
        let c = &self.config;
        let tcp = TcpStream::connect((c.host.as_str(), c.port))
            .await
            .map_err(|e| {
                SendError::Connect(format!("cannot connect to {}:{}: {e}", c.host, c.port))
            })?;
        tcp.set_nodelay(true)
            .map_err(|e| SendError::Connect(format!("cannot set up the connection: {e}")))?;
        let stream: Box<dyn AsyncTokioStream> = match &c.security {
            Security::Implicit(connector) => {
                let name = ServerName::try_from(c.host.clone()).map_err(|e| {
                    SendError::Connect(format!("`{}` is not a TLS server name: {e}", c.host))
                })?;
                let tls = connector
                    .connect(name, tcp)
                    .await
                    .map_err(|e| SendError::Connect(format!("TLS with {} failed: {e}", c.host)))?;
                Box::new(TlsStream(tls))
            }
            _ => Box::new(tcp),
        };
        let mut conn = AsyncSmtpConnection::connect_with_transport(stream, &self.hello)
            .await
            .map_err(SendError::Smtp)?;
        if let Security::StartTls { params, required } = &c.security {
            if conn.can_starttls() {
                conn.starttls(params.clone(), &self.hello)
                    .await
                    .map_err(SendError::Smtp)?;
            } else if *required || (c.credentials.is_some() && !is_loopback(&c.host)) {
                // Never AUTH in the clear: a server (or a man in the middle
                // who stripped STARTTLS from its EHLO) gets no credentials.
                conn.abort().await;
                return Err(SendError::NoStartTls(format!(
                    "the mail server {} did not offer STARTTLS, so the message was not sent: tidings does not send credentials or mail over an unencrypted connection when TLS was asked for",
                    c.host
                )));
            }
        }
        // lettre keeps no note of PIPELINING: the greeting is asked for
        // again (RFC 5321 allows it; it changes nothing but the
        // transaction, and there is none yet). A server that refuses a
        // second greeting is spoken to one command at a time.
        let pipelining = match conn.command(Ehlo::new(self.hello.clone())).await {
            Ok(hello) => hello.message().any(|line| {
                line.split_whitespace()
                    .next()
                    .is_some_and(|word| word.eq_ignore_ascii_case("PIPELINING"))
            }),
            Err(refused) if refused.is_permanent() || refused.is_transient() => false,
            Err(gone) => return Err(SendError::Smtp(gone)),
        };
        if let Some(credentials) = &c.credentials {
            conn.auth(&[Mechanism::Plain, Mechanism::Login], credentials)
                .await
                .map_err(SendError::Smtp)?;
        }
        Ok(Conn {
            smtp: conn,
            pipelining,
        })
    }
}

/// A connection, and whether its server takes commands pipelined.
struct Conn {
    smtp: AsyncSmtpConnection,
    /// The server offered PIPELINING (RFC 2920): MAIL, RCPT and DATA go
    /// in one write, and their replies are read after.
    pipelining: bool,
}

/// One message on an open connection: MAIL, RCPT and DATA as lettre's own
/// `send` speaks them (in one write where the server takes that), then the
/// message, already dot-stuffed (its body once per rendering), with its
/// final `.` in the same write.
async fn transmit(conn: &mut Conn, message: &Email) -> Result<Response, SendError> {
    let envelope = message.envelope();
    let mut options = Vec::new();
    let international = envelope
        .from()
        .into_iter()
        .chain(envelope.to())
        .any(|a| !AsRef::<str>::as_ref(a).is_ascii());
    let smtp = &mut conn.smtp;
    if international {
        if !smtp.server_info().supports_feature(Extension::SmtpUtfEight) {
            return Err(SendError::Refused(
                "the address is not ASCII and the mail server does not take international addresses (SMTPUTF8)".into(),
            ));
        }
        options.push(MailParameter::SmtpUtfEight);
    }
    if !message.is_ascii() {
        if !smtp.server_info().supports_feature(Extension::EightBitMime) {
            return Err(SendError::Refused(
                "the message is not ASCII and the mail server does not take 8-bit data (8BITMIME)"
                    .into(),
            ));
        }
        options.push(MailParameter::Body(MailBodyParameter::EightBitMime));
    }
    let mail = Mail::new(envelope.from().cloned(), options);
    let rcpts = envelope
        .to()
        .iter()
        .map(|to| Rcpt::new(to.clone(), Vec::new()));
    if conn.pipelining {
        let mut commands = mail.to_string();
        for rcpt in rcpts {
            commands.push_str(&rcpt.to_string());
        }
        commands.push_str(&Data.to_string());
        // A reply to every command, in order, whatever the one before said;
        // the last is DATA's.
        let mut replies = vec![smtp.command(Text(&commands)).await];
        for _ in 0..envelope.to().len() + 1 {
            replies.push(smtp.read_response().await);
        }
        let data_taken = replies.last().is_some_and(Result::is_ok);
        if let Some(refused) = replies.into_iter().find_map(Result::err) {
            if data_taken {
                // A server that took DATA after refusing the sender or the
                // recipient waits for a message: it gets an empty one, for
                // no one, so nothing waits on this connection.
                let _ = smtp.command(Text(".\r\n")).await;
            }
            return Err(SendError::Smtp(refused));
        }
    } else {
        smtp.command(mail).await.map_err(SendError::Smtp)?;
        for rcpt in rcpts {
            smtp.command(rcpt).await.map_err(SendError::Smtp)?;
        }
        smtp.command(Data).await.map_err(SendError::Smtp)?;
    }
    let (head, body) = message.data();
    smtp.command(Content(&head, body))
        .await
        .map_err(SendError::Smtp)
}

/// Commands written as they are.
struct Text<'a>(&'a str);

impl std::fmt::Display for Text<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

/// A message's DATA and the line that ends it, written in one go.
struct Content<'a>(&'a str, &'a str);

impl std::fmt::Display for Content<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)?;
        f.write_str(self.1)?;
        f.write_str("\r\n.\r\n")
    }
}

/// A host that is this machine: credentials to it never cross a network.
pub(crate) fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host
            .trim_matches(['[', ']'])
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// A TLS stream lettre can speak over.
struct TlsStream(tokio_rustls::client::TlsStream<TcpStream>);

impl std::fmt::Debug for TlsStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TlsStream")
    }
}

impl AsyncTokioStream for TlsStream {
    fn peer_addr(&self) -> std::io::Result<std::net::SocketAddr> {
        self.0.get_ref().0.peer_addr()
    }
}

impl tokio::io::AsyncRead for TlsStream {
    fn poll_read(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.0).poll_read(cx, buf)
    }
}

impl tokio::io::AsyncWrite for TlsStream {
    fn poll_write(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> std::task::Poll<std::io::Result<usize>> {
        std::pin::Pin::new(&mut self.0).poll_write(cx, buf)
    }
    fn poll_flush(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.0).poll_flush(cx)
    }
    fn poll_shutdown(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.0).poll_shutdown(cx)
    }
}
