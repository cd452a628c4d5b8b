//! One POST and the start of its answer, within the attempt's time, over
//! pooled keep-alive connections (HTTP/1.1, hyper's client).

use std::time::Duration;

use bytes::Bytes;
use http::header::{
    ACCEPT, AUTHORIZATION, HeaderMap, HeaderValue, PROXY_AUTHORIZATION, USER_AGENT,
};
use http::{Method, Request, StatusCode, Uri};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::{TokioExecutor, TokioTimer};
use url::Url;

use super::ANSWER_LIMIT;
use super::connect::Connector;

/// How long an idle connection is kept for the next request.
const IDLE: Duration = Duration::from_secs(90);

/// The client every channel that POSTs to customer URLs uses.
pub(crate) struct HttpClient {
    client: Client<Connector, Full<Bytes>>,
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
    Failed(hyper_util::client::legacy::Error),
}

impl HttpClient {
    pub(crate) fn new(
        connector: Connector,
        user_agent: HeaderValue,
        proxy_authorization: Option<HeaderValue>,
        timeout: Duration,
        max_idle_per_host: usize,
    ) -> HttpClient {
        let client = Client::builder(TokioExecutor::new())
            .pool_idle_timeout(IDLE)
            .pool_max_idle_per_host(max_idle_per_host)
            .pool_timer(TokioTimer::new())
            .build(connector);
        HttpClient {
            client,
            user_agent,
            proxy_authorization,
            timeout,
        }
    }

    /// POSTs `body` with `headers` (and the client's own) to `url`, which
    /// the caller has checked, and reads the start of the answer.
    pub(crate) async fn post(
        &self,
        url: &Url,
        mut headers: HeaderMap,
        body: Vec<u8>,
    ) -> Result<Answer, SendError> {
        let uri = uri(url, &mut headers)?;
        if let Some(auth) = &self.proxy_authorization
            && url.scheme() == "http"
        {
            headers.insert(PROXY_AUTHORIZATION, auth.clone());
        }
        headers.insert(USER_AGENT, self.user_agent.clone());
        headers.insert(ACCEPT, HeaderValue::from_static("*/*"));
        let mut request = Request::new(Full::new(Bytes::from(body)));
        *request.method_mut() = Method::POST;
        *request.uri_mut() = uri;
        *request.headers_mut() = headers;
        let attempt = async {
            let response = self
                .client
                .request(request)
                .await
                .map_err(SendError::Failed)?;
            let (parts, body) = response.into_parts();
            Ok(Answer {
                status: parts.status,
                headers: parts.headers,
                body: read_answer(body).await,
            })
        };
        tokio::time::timeout(self.timeout, attempt)
            .await
            .unwrap_or(Err(SendError::TimedOut))
    }
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

/// Reads at most [`ANSWER_LIMIT`] bytes of an answer's body (so the
/// connection can be reused) and drops the rest unread, which closes the
/// connection instead.
async fn read_answer(mut body: hyper::body::Incoming) -> Vec<u8> {
    let mut read = Vec::new();
    while read.len() < ANSWER_LIMIT {
        match body.frame().await {
            Some(Ok(frame)) => {
                if let Ok(chunk) = frame.into_data() {
                    let room = ANSWER_LIMIT - read.len();
                    read.extend_from_slice(&chunk[..chunk.len().min(room)]);
                }
            }
            _ => break,
        }
    }
    read
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
}
