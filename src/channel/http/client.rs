//! One POST and the start of its answer, within the attempt's time, over
//! pooled keep-alive connections (HTTP/1.1, hyper's client).

use std::time::Duration;

use bytes::Bytes;
use futures_util::FutureExt;
use futures_util::future::Either;
use http::header::{
    ACCEPT, AUTHORIZATION, HOST, HeaderMap, HeaderValue, PROXY_AUTHORIZATION, USER_AGENT,
};
use http::uri::{PathAndQuery, Uri};
use http::{Method, Request, StatusCode};
use http_body_util::{BodyExt, Full};
use url::Url;

use super::ANSWER_LIMIT;
use super::connect::Connector;
use super::pool::{Failure, Origin, Pool};

/// The client every channel that POSTs to customer URLs uses.
pub(crate) struct HttpClient {
    pool: Pool,
    user_agent: HeaderValue,
    /// Sent with plain-HTTP requests, which the proxy reads itself (an
    /// `https://` request's goes with its CONNECT instead).
    proxy_authorization: Option<HeaderValue>,
    timeout: Duration,
}

/// What an endpoint answered: its status, its headers and at most
/// [`ANSWER_LIMIT`] bytes of its body.
pub(crate) struct Answer {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Vec<u8>,
}

/// Why a request got no answer.
#[derive(Debug)]
pub(crate) enum SendError {
    /// Nothing within the attempt's time.
    TimedOut,
    /// The URL cannot be spoken to (the message says why).
    Url(String),
    /// No connection, or the connection broke.
    Failed(Failure),
}

impl HttpClient {
    pub(crate) fn new(
        connector: Connector,
        user_agent: HeaderValue,
        proxy_authorization: Option<HeaderValue>,
        timeout: Duration,
        max_idle_per_host: usize,
    ) -> HttpClient {
        HttpClient {
            pool: Pool::new(connector, max_idle_per_host),
            user_agent,
            proxy_authorization,
            timeout,
        }
    }

    /// POSTs `body` with `headers` (and the client's own) to `url`, which
    /// the caller has checked, and reads the start of the answer.
    ///
    /// Not an `async fn`: one would keep its arguments beside the request
    /// made of them for as long as the exchange runs, and every delivery
    /// allocates what its future keeps.
    pub(crate) fn post(
        &self,
        url: &Url,
        headers: HeaderMap,
        body: Vec<u8>,
    ) -> impl Future<Output = Result<Answer, SendError>> + Send + use<'_> {
        match self.request(url, headers) {
            Ok((headers, uri, origin)) => {
                let body = Full::new(Bytes::from(body));
                let exchange = self.exchange(headers, body, uri, origin);
                Either::Right(
                    tokio::time::timeout(self.timeout, exchange)
                        .map(|answer| answer.unwrap_or(Err(SendError::TimedOut))),
                )
            }
            Err(e) => Either::Left(std::future::ready(Err(e))),
        }
    }

    /// The headers of a request to `url`, where it goes, and the origin
    /// whose connections may carry it.
    fn request(
        &self,
        url: &Url,
        mut headers: HeaderMap,
    ) -> Result<(HeaderMap, Uri, Origin), SendError> {
        let uri = uri(url, &mut headers)?;
        let origin = Origin::of(&uri).ok_or_else(|| SendError::Url("it has no host".into()))?;
        if let Some(auth) = &self.proxy_authorization
            && url.scheme() == "http"
        {
            headers.insert(PROXY_AUTHORIZATION, auth.clone());
        }
        headers.insert(USER_AGENT, self.user_agent.clone());
        headers.insert(ACCEPT, HeaderValue::from_static("*/*"));
        headers.insert(HOST, host(&uri)?);
        Ok((headers, uri, origin))
    }

    /// POSTs `headers` and `body` on a kept connection to `origin`, or a
    /// new one, and reads the answer.
    #[expect(
        clippy::manual_async_fn,
        reason = "an async fn keeps its arguments twice"
    )]
    fn exchange(
        &self,
        mut headers: HeaderMap,
        mut body: Full<Bytes>,
        uri: Uri,
        origin: Origin,
    ) -> impl Future<Output = Result<Answer, SendError>> + Send + '_ {
        // What the block captures is all it keeps: nothing is moved again,
        // and the request is made of its parts only when it goes (it is
        // the largest thing here).
        async move {
            loop {
                let mut lent = self
                    .pool
                    .lend(&origin, &uri)
                    .await
                    .map_err(SendError::Failed)?;
                if let Err(e) = lent.sender.ready().await {
                    if lent.reused {
                        continue;
                    }
                    return Err(SendError::Failed(Failure::Http(e)));
                }
                // Made in a block of its own, and the answer taken out of
                // the result at once: neither is kept while the body is read.
                let sent = {
                    let mut request = Request::new(body);
                    *request.method_mut() = Method::POST;
                    *request.headers_mut() = headers;
                    // Plain HTTP through a proxy names the whole URL;
                    // anything else only the path and query.
                    *request.uri_mut() = if lent.proxied {
                        uri.clone()
                    } else {
                        origin_form(&uri)
                    };
                    lent.sender.try_send_request(request)
                };
                let response = match sent.await {
                    Ok(response) => response,
                    Err(mut e) => match e.take_message() {
                        // Never written: a kept connection the server had
                        // closed. The request goes on another.
                        Some(unsent) if lent.reused => {
                            let (parts, unsent) = unsent.into_parts();
                            (headers, body) = (parts.headers, unsent);
                            continue;
                        }
                        _ => return Err(SendError::Failed(Failure::Http(e.into_error()))),
                    },
                };
                let (parts, answer) = response.into_parts();
                let (body, whole) = read_answer(answer).await;
                // An answer read to its end leaves the connection ready for
                // the next request; one cut short closes.
                if whole {
                    self.pool.give_back(origin, lent);
                }
                return Ok(Answer {
                    status: parts.status,
                    headers: parts.headers,
                    body,
                });
            }
        }
    }
}

/// `Host`: the URL's host, and its port unless the scheme's own.
fn host(uri: &Uri) -> Result<HeaderValue, SendError> {
    let invalid = |e: http::header::InvalidHeaderValue| SendError::Url(e.to_string());
    let host = uri.host().unwrap_or_default();
    let default = match uri.scheme_str() {
        Some("https") => 443,
        _ => 80,
    };
    match uri.port_u16() {
        Some(port) if port != default => {
            HeaderValue::try_from(format!("{host}:{port}")).map_err(invalid)
        }
        _ => HeaderValue::try_from(host).map_err(invalid),
    }
}

/// The path and query of `uri` alone, `/` when it has no path.
fn origin_form(uri: &Uri) -> Uri {
    let path = uri
        .path_and_query()
        .filter(|p| !p.as_str().is_empty())
        .cloned()
        .unwrap_or_else(|| PathAndQuery::from_static("/"));
    Uri::from(path)
}

/// The request target for `url`. Credentials in the URL become an
/// `Authorization: Basic` header, never part of what is sent as the URL.
fn uri(url: &Url, headers: &mut HeaderMap) -> Result<Uri, SendError> {
    let invalid = |e: http::Error| SendError::Url(e.to_string());
    if url.username().is_empty() && url.password().is_none() {
        return Uri::try_from(url.as_str()).map_err(|e| invalid(e.into()));
    }
    let value = super::basic(url.username(), url.password()).map_err(|e| invalid(e.into()))?;
    headers.insert(AUTHORIZATION, value);
    let without = format!("{}://{}", url.scheme(), &url[url::Position::BeforeHost..]);
    Uri::try_from(without).map_err(|e| invalid(e.into()))
}

/// Reads at most [`ANSWER_LIMIT`] bytes of an answer's body, and whether
/// that was all of it: a connection whose answer was read to its end can be
/// used again; the rest of a longer one is dropped unread, which closes it.
async fn read_answer(mut body: hyper::body::Incoming) -> (Vec<u8>, bool) {
    let mut read = Vec::new();
    loop {
        match body.frame().await {
            Some(Ok(frame)) => {
                if let Ok(chunk) = frame.into_data() {
                    let room = ANSWER_LIMIT.saturating_sub(read.len());
                    read.extend_from_slice(&chunk[..chunk.len().min(room)]);
                    if chunk.len() > room {
                        return (read, false);
                    }
                }
            }
            Some(Err(_)) => return (read, false),
            None => return (read, true),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_in_a_url_become_a_header_and_leave_the_target() {
        let mut headers = HeaderMap::new();
        let url =
            Url::parse("https://hook%40user:s%3Acret@hooks.example.com:8443/in?x=1#top").unwrap();
        let target = uri(&url, &mut headers).unwrap();
        assert_eq!(target.to_string(), "https://hooks.example.com:8443/in?x=1");
        let auth = headers.get(AUTHORIZATION).unwrap();
        assert!(auth.is_sensitive());
        // "hook@user:s:cret", as RFC 7617 encodes it.
        assert_eq!(auth, "Basic aG9va0B1c2VyOnM6Y3JldA==");

        let mut headers = HeaderMap::new();
        let plain = Url::parse("https://hooks.example.com/in").unwrap();
        assert_eq!(
            uri(&plain, &mut headers).unwrap().to_string(),
            "https://hooks.example.com/in"
        );
        assert!(headers.is_empty());
    }

    #[test]
    fn host_names_the_port_only_when_it_is_not_the_schemes_own() {
        let host_of = |u: &str| host(&u.parse::<Uri>().unwrap()).unwrap();
        assert_eq!(host_of("https://hooks.example.com/in"), "hooks.example.com");
        assert_eq!(
            host_of("https://hooks.example.com:443/in"),
            "hooks.example.com"
        );
        assert_eq!(
            host_of("http://hooks.example.com:443/in"),
            "hooks.example.com:443"
        );
        assert_eq!(host_of("http://127.0.0.1:8089/in"), "127.0.0.1:8089");
        assert_eq!(host_of("https://[2001:db8::1]:8443/"), "[2001:db8::1]:8443");
    }

    #[test]
    fn the_target_is_the_path_and_query_and_never_empty() {
        let target = |u: &str| origin_form(&u.parse::<Uri>().unwrap()).to_string();
        assert_eq!(
            target("https://hooks.example.com/in?x=1&y=2"),
            "/in?x=1&y=2"
        );
        assert_eq!(target("https://hooks.example.com"), "/");
        assert_eq!(target("https://hooks.example.com?x=1"), "/?x=1");
    }
}
