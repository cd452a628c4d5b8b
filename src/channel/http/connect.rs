//! Connections for the HTTP client: every address checked by the SSRF
//! guard before it is connected to, TLS with Mozilla's roots, and an egress
//! proxy reached directly (CONNECT for `https://`).
//!
//! The guard resolves the host itself and the connection goes to exactly the
//! addresses it checked: there is no second lookup for DNS rebinding to
//! answer differently.

use std::io;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use http::Uri;
use hyper_util::rt::TokioIo;
use rustls_pki_types::{CertificateDer, ServerName, pem::PemObject};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::client::TlsStream;

use crate::channel::ssrf::{Policy, Refused};

/// The TLS settings of tidings' clients: Mozilla's roots and `extra` (PEM),
/// with ring, TLS 1.2 and 1.3.
pub(crate) fn tls_config(extra: &[Vec<u8>]) -> Result<rustls::ClientConfig, String> {
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
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_root_certificates(roots)
        .with_no_client_auth())
}

/// An egress proxy: where it listens and what it is told about us.
#[derive(Clone)]
pub(crate) struct Proxy {
    pub(crate) host: String,
    pub(crate) port: u16,
    /// `Proxy-Authorization`, when the proxy URL carries credentials.
    pub(crate) authorization: Option<http::HeaderValue>,
}

/// Opens the connections of one client (see the module's docs).
#[derive(Clone)]
pub(crate) struct Connector {
    inner: Arc<Inner>,
}

struct Inner {
    policy: Arc<Policy>,
    tls: TlsConnector,
    proxy: Option<Proxy>,
    timeout: Duration,
}

/// Why no connection was made, in words that name no URL (the caller names
/// the endpoint, redacted).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub(crate) struct ConnectError(pub(crate) String);

type BoxError = Box<dyn std::error::Error + Send + Sync>;

impl Connector {
    pub(crate) fn new(
        policy: Arc<Policy>,
        tls: rustls::ClientConfig,
        proxy: Option<Proxy>,
        timeout: Duration,
    ) -> Connector {
        let mut tls = tls;
        tls.alpn_protocols = vec![b"http/1.1".to_vec()];
        Connector {
            inner: Arc::new(Inner {
                policy,
                tls: TlsConnector::from(Arc::new(tls)),
                proxy,
                timeout,
            }),
        }
    }
}

impl Connector {
    /// A connection to where `uri` points, checked by the guard, within the
    /// connect timeout.
    pub(crate) async fn connect(&self, uri: &Uri) -> Result<TokioIo<Stream>, BoxError> {
        let timeout = self.inner.timeout;
        match tokio::time::timeout(timeout, self.inner.connect(uri)).await {
            Ok(Ok(stream)) => Ok(TokioIo::new(stream)),
            Ok(Err(e)) => Err(e),
            Err(_) => Err(ConnectError(format!(
                "no connection within {} s",
                timeout.as_secs_f32()
            ))
            .into()),
        }
    }
}

impl Inner {
    async fn connect(&self, uri: &Uri) -> Result<Stream, BoxError> {
        let https = match uri.scheme_str() {
            Some("https") => true,
            Some("http") => false,
            _ => return Err(ConnectError("only http and https are spoken".into()).into()),
        };
        let host = uri
            .host()
            .ok_or_else(|| ConnectError("the URL has no host".into()))?;
        // `[::1]` in a URL is the address `::1`.
        let host = host.trim_start_matches('[').trim_end_matches(']');
        let port = uri.port_u16().unwrap_or(if https { 443 } else { 80 });
        let (tcp, proxied) = match &self.proxy {
            None => (self.direct(host, port).await?, false),
            Some(proxy) => {
                let mut tcp = open(&[], &proxy.host, proxy.port).await.map_err(|e| {
                    ConnectError(format!(
                        "cannot reach the proxy {}:{}: {e}",
                        proxy.host, proxy.port
                    ))
                })?;
                if https {
                    tunnel(&mut tcp, proxy, host, port).await?;
                }
                (tcp, !https)
            }
        };
        if !https {
            return Ok(Stream {
                io: Io::Plain(tcp),
                proxied,
            });
        }
        let name = ServerName::try_from(host.to_owned())
            .map_err(|e| ConnectError(format!("`{host}` is not a TLS server name: {e}")))?;
        let tls = self
            .tls
            .connect(name, tcp)
            .await
            .map_err(|e| ConnectError(format!("TLS with {host} failed: {e}")))?;
        Ok(Stream {
            io: Io::Tls(Box::new(tls)),
            proxied: false,
        })
    }

    /// A connection to one of the addresses the guard let through.
    async fn direct(&self, host: &str, port: u16) -> Result<TcpStream, BoxError> {
        let addrs = match host.parse::<IpAddr>() {
            Ok(ip) => {
                self.policy.check_ip(ip).map_err(|why| Refused {
                    reason: format!("{ip} is {why}; webhooks may not reach it"),
                    permanent: true,
                })?;
                vec![SocketAddr::new(ip, port)]
            }
            Err(_) => self.policy.resolve(host, port).await?,
        };
        open(&addrs, host, port).await
    }
}

/// A TCP connection to the first of `addrs` that answers, or to what `host`
/// resolves to when `addrs` is empty (the proxy, which is the operator's
/// own and not checked).
async fn open(addrs: &[SocketAddr], host: &str, port: u16) -> Result<TcpStream, BoxError> {
    let connected = if addrs.is_empty() {
        TcpStream::connect((host, port)).await
    } else {
        TcpStream::connect(addrs).await
    };
    let tcp = connected.map_err(|e| ConnectError(e.to_string()))?;
    tcp.set_nodelay(true)
        .map_err(|e| ConnectError(e.to_string()))?;
    Ok(tcp)
}

/// The longest answer to CONNECT a proxy may give.
const TUNNEL_ANSWER_LIMIT: usize = 8 * 1024;

/// Asks the proxy for a tunnel to `host:port` (RFC 9110, CONNECT).
async fn tunnel(tcp: &mut TcpStream, proxy: &Proxy, host: &str, port: u16) -> Result<(), BoxError> {
    let target = if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    };
    let mut ask = format!("CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n").into_bytes();
    if let Some(auth) = &proxy.authorization {
        ask.extend_from_slice(b"Proxy-Authorization: ");
        ask.extend_from_slice(auth.as_bytes());
        ask.extend_from_slice(b"\r\n");
    }
    ask.extend_from_slice(b"\r\n");
    let broken = |e: io::Error| ConnectError(format!("the proxy failed: {e}"));
    tcp.write_all(&ask).await.map_err(broken)?;
    // The server says nothing until our TLS hello, so nothing past the
    // proxy's answer can have arrived yet.
    // A refusal may come with a body and the connection closed at once:
    // the head is what ends at the first empty line.
    let mut answer = Vec::with_capacity(256);
    while !answer.windows(4).any(|w| w == b"\r\n\r\n") {
        if answer.len() >= TUNNEL_ANSWER_LIMIT {
            return Err(ConnectError("the proxy's answer to CONNECT is too long".into()).into());
        }
        let mut byte = [0u8; 512];
        let room = (TUNNEL_ANSWER_LIMIT - answer.len()).min(byte.len());
        let n = tcp.read(&mut byte[..room]).await.map_err(broken)?;
        if n == 0 {
            return Err(ConnectError("the proxy closed the connection".into()).into());
        }
        answer.extend_from_slice(&byte[..n]);
    }
    let status = answer
        .split(|&b| b == b'\r')
        .next()
        .map(String::from_utf8_lossy)
        .unwrap_or_default();
    let code = status.split(' ').nth(1).unwrap_or_default();
    if code.len() == 3 && code.starts_with('2') {
        return Ok(());
    }
    let said: String = status
        .chars()
        .filter(|c| !c.is_control())
        .take(100)
        .collect();
    Err(ConnectError(format!("the proxy refused the tunnel: {said}")).into())
}

/// One connection, plain or TLS.
pub(crate) struct Stream {
    io: Io,
    /// Plain HTTP through a proxy: requests carry the whole URL.
    proxied: bool,
}

enum Io {
    Plain(TcpStream),
    Tls(Box<TlsStream<TcpStream>>),
}

impl Stream {
    /// Plain HTTP through a proxy: requests carry the whole URL.
    pub(crate) fn proxied(&self) -> bool {
        self.proxied
    }
}

impl AsyncRead for Stream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        match &mut self.get_mut().io {
            Io::Plain(s) => Pin::new(s).poll_read(cx, buf),
            Io::Tls(s) => Pin::new(s.as_mut()).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for Stream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match &mut self.get_mut().io {
            Io::Plain(s) => Pin::new(s).poll_write(cx, buf),
            Io::Tls(s) => Pin::new(s.as_mut()).poll_write(cx, buf),
        }
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        match &mut self.get_mut().io {
            Io::Plain(s) => Pin::new(s).poll_write_vectored(cx, bufs),
            Io::Tls(s) => Pin::new(s.as_mut()).poll_write_vectored(cx, bufs),
        }
    }

    fn is_write_vectored(&self) -> bool {
        match &self.io {
            Io::Plain(s) => s.is_write_vectored(),
            Io::Tls(s) => s.is_write_vectored(),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match &mut self.get_mut().io {
            Io::Plain(s) => Pin::new(s).poll_flush(cx),
            Io::Tls(s) => Pin::new(s.as_mut()).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match &mut self.get_mut().io {
            Io::Plain(s) => Pin::new(s).poll_shutdown(cx),
            Io::Tls(s) => Pin::new(s.as_mut()).poll_shutdown(cx),
        }
    }
}
