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
//! writes MAIL, RCPT and DATA together, and the next waiting message's MAIL,
//! RCPT and DATA after the final `.` (`queue.rs`). The pool is small and
//! strict: at most `connections` sends at once, each on its own connection,
//! reused for the next message.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{
    AsyncSmtpConnection, AsyncTokioStream, Certificate, TlsParameters,
};
use lettre::transport::smtp::commands::{Data, Ehlo, Mail, Rcpt};
use lettre::transport::smtp::extension::ClientId;
use lettre::transport::smtp::response::Response;
use rustls_pki_types::ServerName;
use tokio::net::TcpStream;
use tokio::sync::OwnedSemaphorePermit;

use super::message::Email;
use super::queue::{Envelope, Handoff, Queue, Turn};

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
        let config = crate::channel::http::tls_config(extra)?;
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
    queue: Queue<Conn>,
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
            queue: Queue::new(connections.max(1)),
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
        let envelope = Envelope::of(message);
        let Some(turn) = self.queue.turn(&envelope).await else {
            return Err(SendError::Connect("the SMTP pool is closed".into()));
        };
        // The timeout is read again after: a copy would be kept meanwhile.
        tokio::time::timeout(self.config.timeout, self.send_now(turn, message, &envelope))
            .await
            .unwrap_or(Err(SendError::Timeout(self.config.timeout)))
    }

    /// Sends on the connection `turn` gave, or on a new one when a kept
    /// one turned out closed. Not an `async fn`, which would keep its
    /// arguments twice.
    #[expect(
        clippy::manual_async_fn,
        reason = "an async fn keeps its arguments twice"
    )]
    fn send_now<'a>(
        &'a self,
        turn: Turn<Conn>,
        message: &'a Email,
        envelope: &'a Envelope,
    ) -> impl Future<Output = Result<Response, SendError>> + Send + 'a {
        async move {
            let (reused, mut place) = match turn {
                Turn::Own(place) => (self.take_idle().map(|conn| (conn, false)), Some(place)),
                Turn::Handed(handoff) => (Some((handoff.conn, true)), Some(handoff.permit)),
            };
            if let Some((conn, opened)) = reused {
                match self
                    .transmit(conn, opened, message, envelope, &mut place)
                    .await
                {
                    // The connection was gone: try once more on a new one.
                    Err(err) if gone(&err) => {}
                    // The server answered: that answer stands.
                    answered => return answered,
                }
            }
            // Boxed: connecting is most of this future, and rare.
            let conn = Box::pin(self.connect()).await?;
            self.transmit(conn, false, message, envelope, &mut place)
                .await
        }
    }

    /// One message on an open connection: its transaction opened (by the
    /// send that handed the connection over, when `opened`), then its
    /// content, with its final `.` and the next waiting message's envelope
    /// in the same write. The connection then goes to that message with
    /// `place`, or back to the idle ones.
    async fn transmit(
        &self,
        mut conn: Conn,
        opened: bool,
        message: &Email,
        envelope: &Envelope,
        place: &mut Option<OwnedSemaphorePermit>,
    ) -> Result<Response, SendError> {
        let opening = if opened {
            let first = conn.smtp.read_response().await;
            replies(&mut conn.smtp, first, envelope.replies - 1).await
        } else {
            open(&mut conn, message, envelope).await
        };
        if let Err(err) = opening {
            conn.smtp.abort().await;
            return Err(err);
        }
        let follower = match conn.pipelining {
            true => self.queue.follower(conn.smtp.server_info()),
            false => None,
        };
        let next = follower.as_ref().map_or("", |f| &f.envelope.commands);
        let (head, body) = message.data();
        let sent = conn.smtp.command(Content(&head, body, next)).await;
        match (sent, follower) {
            (Ok(response), Some(follower)) => {
                // A follower that stopped listening leaves the server
                // waiting for content: the connection is dropped, closed
                // without a word, and never reused.
                if let Some(permit) = place.take() {
                    let _ = follower.hand.send(Handoff { conn, permit });
                }
                Ok(response)
            }
            (Ok(response), None) => {
                self.put_idle(conn);
                Ok(response)
            }
            // The follower hears nothing and waits for a connection again;
            // its envelope dies with this one (QUIT would be read as its
            // content).
            (Err(err), Some(_)) => Err(SendError::Smtp(err)),
            (Err(err), None) => {
                conn.smtp.abort().await;
                Err(SendError::Smtp(err))
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
            smtp: Box::new(conn),
            pipelining,
        })
    }
}

/// A connection, and whether its server takes commands pipelined.
struct Conn {
    /// Boxed: lettre's connection is over a kilobyte, and a connection
    /// moves from the pool to each message's future and back.
    smtp: Box<AsyncSmtpConnection>,
    /// The server offered PIPELINING (RFC 2920): MAIL, RCPT and DATA go
    /// in one write, and their replies are read after.
    pipelining: bool,
}

/// Opens a message's transaction: MAIL, RCPT and DATA as lettre's own
/// `send` speaks them, in one write where the server takes that.
async fn open(conn: &mut Conn, message: &Email, envelope: &Envelope) -> Result<(), SendError> {
    if let Some(reason) = envelope.refused_by(conn.smtp.server_info()) {
        return Err(SendError::Refused(reason.into()));
    }
    let smtp = &mut conn.smtp;
    if conn.pipelining {
        let first = smtp.command(Text(&envelope.commands)).await;
        return replies(smtp, first, envelope.replies - 1).await;
    }
    let envelope_of = message.envelope();
    let options = Envelope::options(envelope.international, envelope.eight_bit);
    let mail = Mail::new(envelope_of.from().cloned(), options);
    smtp.command(mail).await.map_err(SendError::Smtp)?;
    for to in envelope_of.to() {
        let rcpt = Rcpt::new(to.clone(), Vec::new());
        smtp.command(rcpt).await.map_err(SendError::Smtp)?;
    }
    smtp.command(Data).await.map_err(SendError::Smtp)?;
    Ok(())
}

/// The replies to a pipelined MAIL, RCPT and DATA: `first`, then `more`.
/// A reply to every command, in order, whatever the one before said; the
/// last is DATA's.
async fn replies(
    smtp: &mut AsyncSmtpConnection,
    first: Result<Response, lettre::transport::smtp::Error>,
    more: usize,
) -> Result<(), SendError> {
    let mut replies = vec![first];
    for _ in 0..more {
        replies.push(smtp.read_response().await);
    }
    let data_taken = replies.last().is_some_and(Result::is_ok);
    match replies.into_iter().find_map(Result::err) {
        Some(refused) => {
            if data_taken {
                // A server that took DATA after refusing the sender or the
                // recipient waits for a message: it gets an empty one, for
                // no one, so nothing waits on this connection.
                let _ = smtp.command(Text(".\r\n")).await;
            }
            Err(SendError::Smtp(refused))
        }
        None => Ok(()),
    }
}

/// Whether a send failed because the connection was gone, not because
/// the server answered.
fn gone(err: &SendError) -> bool {
    matches!(err, SendError::Smtp(e) if !(e.is_response() || e.is_transient() || e.is_permanent()))
}

/// Commands written as they are.
struct Text<'a>(&'a str);

impl std::fmt::Display for Text<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

/// A message's DATA, the line that ends it, and the next message's
/// envelope (or nothing), written in one go.
struct Content<'a>(&'a str, &'a str, &'a str);

impl std::fmt::Display for Content<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)?;
        f.write_str(self.1)?;
        f.write_str("\r\n.\r\n")?;
        f.write_str(self.2)
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
