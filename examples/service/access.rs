//! Who may do what. The operator (publishing, reports, customer links)
//! presents the bearer token; a customer reaches their own inbox with a
//! signed, expiring link, which opens a session bound to their id. Every
//! request must name one of the service's own hosts, and a request a
//! browser sends from another site is refused.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jiff::Timestamp;
use ring::hmac;
use serde_json::json;
use std::sync::Arc;

use crate::App;

/// The environment variable that holds the operator's token.
pub const TOKEN_VARIABLE: &str = "TIDINGS_SERVICE_TOKEN";
/// A shorter token is too easy to guess.
pub const TOKEN_MIN_CHARS: usize = 32;
/// The cookies that carry customers' sessions: one per customer (the
/// name ends in a digest of the id), so opening one customer's link never
/// replaces another's session in the same browser.
const SESSION_COOKIE: &str = "tidings_session_";
/// A session lasts at most this long, even when its link lasts longer.
const SESSION_SECONDS: i64 = 12 * 3600;

/// The service's secrets and the hosts it answers for. The token itself is
/// not kept: only a keyed hash of it to compare with, and the key that
/// signs customer links, derived from it (so a new token ends every link).
pub struct Access {
    compare_key: hmac::Key,
    token_hash: hmac::Tag,
    link_key: hmac::Key,
    hosts: Vec<String>,
    /// Customers reach the service over HTTPS only: a page over plain HTTP
    /// is not the service's own.
    https_only: bool,
}

/// Why a request was refused, said to the caller.
pub struct Refusal {
    status: StatusCode,
    message: &'static str,
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        let mut response =
            (self.status, axum::Json(json!({ "error": self.message }))).into_response();
        if self.status == StatusCode::UNAUTHORIZED {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

pub const fn refuse(status: StatusCode, message: &'static str) -> Refusal {
    Refusal { status, message }
}

impl Access {
    /// From the operator's token, the hosts (`name[:port]`) the service is
    /// reached by, and whether only HTTPS pages are its own.
    pub fn new(token: &str, hosts: Vec<String>, https_only: bool) -> Result<Access, String> {
        if token.chars().count() < TOKEN_MIN_CHARS {
            return Err(format!(
                "{TOKEN_VARIABLE} must be a secret of at least {TOKEN_MIN_CHARS} characters (for example `openssl rand -hex 32`)"
            ));
        }
        let mut random = [0u8; 32];
        getrandom::fill(&mut random).map_err(|e| format!("no randomness: {e}"))?;
        let compare_key = hmac::Key::new(hmac::HMAC_SHA256, &random);
        let token_hash = hmac::sign(&compare_key, token.as_bytes());
        let derived = hmac::sign(
            &hmac::Key::new(hmac::HMAC_SHA256, token.as_bytes()),
            b"tidings service: customer links",
        );
        let link_key = hmac::Key::new(hmac::HMAC_SHA256, derived.as_ref());
        let hosts = hosts.into_iter().map(|h| h.to_ascii_lowercase()).collect();
        Ok(Access {
            compare_key,
            token_hash,
            link_key,
            hosts,
            https_only,
        })
    }

    /// The operator's routes: `Authorization: Bearer <token>`, compared in
    /// constant time.
    pub fn operator(&self, headers: &HeaderMap) -> Result<(), Refusal> {
        let presented = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .ok_or(refuse(
                StatusCode::UNAUTHORIZED,
                "this route needs the operator's bearer token",
            ))?;
        hmac::verify(
            &self.compare_key,
            presented.trim().as_bytes(),
            self.token_hash.as_ref(),
        )
        .map_err(|_| {
            refuse(
                StatusCode::UNAUTHORIZED,
                "the bearer token is not the operator's",
            )
        })
    }

    /// A link that lets `customer` open their page until `expires`.
    pub fn link(&self, customer: &str, expires: Timestamp) -> String {
        self.sign("link", customer, expires.as_second())
    }

    /// The customer's session opened by a valid `link`: the `Set-Cookie`
    /// value. Refused when the link is not this customer's, was altered or
    /// has expired.
    pub fn open_session(&self, customer: &str, link: &str) -> Result<HeaderValue, Refusal> {
        let now = Timestamp::now().as_second();
        let expires = self.verify("link", customer, link, now).ok_or(refuse(
            StatusCode::UNAUTHORIZED,
            "this link is not valid (altered, for another customer, or expired); ask for a new one",
        ))?;
        let until = expires.min(now.saturating_add(SESSION_SECONDS));
        let session = self.sign("session", customer, until);
        let secure = if self.https_only { "; Secure" } else { "" };
        let cookie = format!(
            "{}={session}; Path=/customers; Max-Age={}; HttpOnly; SameSite=Lax{secure}",
            cookie_name(customer),
            until.saturating_sub(now).max(0)
        );
        HeaderValue::from_str(&cookie).map_err(|_| {
            refuse(
                StatusCode::BAD_REQUEST,
                "this customer id cannot have a session",
            )
        })
    }

    /// The customer's routes: a session of this very customer.
    pub fn customer(&self, customer: &str, headers: &HeaderMap) -> Result<(), Refusal> {
        let name = cookie_name(customer);
        let mut sessions = cookies(headers, &name).peekable();
        if sessions.peek().is_none() {
            return Err(refuse(
                StatusCode::UNAUTHORIZED,
                "open the link you were sent to see this inbox",
            ));
        }
        let now = Timestamp::now().as_second();
        // Every cookie of that name is looked at: one planted beside the
        // real one (a more specific path) neither hides nor replaces it.
        match sessions.find_map(|session| self.verify("session", customer, session, now)) {
            Some(_) => Ok(()),
            None => Err(refuse(
                StatusCode::FORBIDDEN,
                "this session is not for this customer, or has expired",
            )),
        }
    }

    /// The customer's routes that change something: also from a page of
    /// this service (the `Origin` a browser sends with every such request).
    pub fn same_origin(&self, headers: &HeaderMap) -> Result<(), Refusal> {
        match headers.get(header::ORIGIN) {
            Some(origin) if self.own_origin(origin) => Ok(()),
            _ => Err(refuse(
                StatusCode::FORBIDDEN,
                "this request must come from the service's own page",
            )),
        }
    }

    fn own_origin(&self, origin: &HeaderValue) -> bool {
        let Ok(origin) = origin.to_str() else {
            return false;
        };
        let host = match origin.strip_prefix("https://") {
            Some(host) => Some(host),
            None if self.https_only => None,
            None => origin.strip_prefix("http://"),
        };
        host.is_some_and(|host| self.own_host(host))
    }

    fn own_host(&self, host: &str) -> bool {
        let host = host.to_ascii_lowercase();
        self.hosts.contains(&host)
    }

    fn sign(&self, kind: &str, customer: &str, expires: i64) -> String {
        let tag = hmac::sign(&self.link_key, &signed(kind, customer, expires));
        format!("{expires}.{}", URL_SAFE_NO_PAD.encode(tag))
    }

    /// The expiry of a valid `token` of `kind` for `customer`.
    fn verify(&self, kind: &str, customer: &str, token: &str, now: i64) -> Option<i64> {
        let (expires, tag) = token.split_once('.')?;
        let expires: i64 = expires.parse().ok()?;
        let tag = URL_SAFE_NO_PAD.decode(tag).ok()?;
        hmac::verify(&self.link_key, &signed(kind, customer, expires), &tag).ok()?;
        (now < expires).then_some(expires)
    }
}

/// What a link or session signs: its kind and expiry, then the customer's
/// id (last, so no id can pass for another kind or expiry).
fn signed(kind: &str, customer: &str, expires: i64) -> Vec<u8> {
    format!("{kind}\n{expires}\n{customer}").into_bytes()
}

/// The name of `customer`'s session cookie.
fn cookie_name(customer: &str) -> String {
    let digest = ring::digest::digest(&ring::digest::SHA256, customer.as_bytes());
    let hex: String = digest.as_ref()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("{SESSION_COOKIE}{hex}")
}

/// Every value of the cookies named `name`.
fn cookies<'a>(headers: &'a HeaderMap, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .filter(move |(n, _)| *n == name)
        .map(|(_, value)| value)
}

/// Every request: one of the service's own hosts (a page of another site
/// that points a name of its own at this address is refused), and a
/// request that changes something never from another site's page.
pub async fn guard(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let access = &app.access;
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok());
    if !host.is_some_and(|h| access.own_host(h)) {
        return refuse(
            StatusCode::MISDIRECTED_REQUEST,
            "this service does not answer for that host",
        )
        .into_response();
    }
    if request.method() != Method::GET
        && let Some(origin) = request.headers().get(header::ORIGIN)
        && !access.own_origin(origin)
    {
        return refuse(
            StatusCode::FORBIDDEN,
            "requests from other sites' pages are refused",
        )
        .into_response();
    }
    next.run(request).await
}
