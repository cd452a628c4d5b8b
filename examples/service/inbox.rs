//! The customer's in-app inbox: listing, live events, marking read, the
//! page that shows it, and the link that opens it.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{Html, IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use futures_util::{StreamExt, stream};
use serde_json::{Value, json};
use tidings::inbox::{
    Inbox, InboxEntry, InboxReader, InboxRevision, InboxUpdate, ListQuery, Recorded,
};
use tidings::store::sqlite::SqliteInbox;
use tidings::{Direction, LanguagePreferences, StoreError};
use tokio::sync::broadcast;

use crate::App;
use crate::access::{Refusal, refuse};

/// What the event stream carries: an entry stored or read.
#[derive(Clone, Debug)]
pub enum Change {
    Stored(InboxEntry),
    Read { account: String, incident: String },
}

impl Change {
    fn account(&self) -> &str {
        match self {
            Change::Stored(entry) => &entry.account,
            Change::Read { account, .. } => account,
        }
    }
}

/// The state file's inbox, telling the event streams about every entry as
/// it is stored: the in-app channel records through it.
pub struct LiveInbox {
    inner: SqliteInbox,
    changes: broadcast::Sender<Change>,
}

impl LiveInbox {
    pub fn new(inner: SqliteInbox) -> Self {
        // A stream that falls this far behind is told to reload instead.
        let (changes, _) = broadcast::channel(1024);
        LiveInbox { inner, changes }
    }

    fn subscribe(&self) -> broadcast::Receiver<Change> {
        self.changes.subscribe()
    }
}

#[async_trait]
impl Inbox for LiveInbox {
    async fn record(&self, update: &InboxUpdate) -> Result<Recorded, StoreError> {
        let recorded = self.inner.record(update).await?;
        if matches!(recorded, Recorded::New | Recorded::Updated) {
            // Nobody listening is fine.
            let _ = self.changes.send(Change::Stored(InboxEntry {
                account: update.account.clone(),
                incident: update.incident.clone(),
                revision: update.revision,
                status: update.status,
                locale: update.locale.clone(),
                title: update.title.clone(),
                body: update.body.clone(),
                published_at: update.published_at,
                read: false,
            }));
        }
        Ok(recorded)
    }

    async fn mark_read(&self, account: &str, incident: &str) -> Result<bool, StoreError> {
        let marked = self.inner.mark_read(account, incident).await?;
        if marked {
            let _ = self.changes.send(Change::Read {
                account: account.to_owned(),
                incident: incident.to_owned(),
            });
        }
        Ok(marked)
    }
}

#[async_trait]
impl InboxReader for LiveInbox {
    async fn list(&self, account: &str, query: &ListQuery) -> Result<Vec<InboxEntry>, StoreError> {
        self.inner.list(account, query).await
    }

    async fn history(
        &self,
        account: &str,
        incident: &str,
    ) -> Result<Vec<InboxRevision>, StoreError> {
        self.inner.history(account, incident).await
    }
}

fn failed(err: impl std::fmt::Display) -> Response {
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        Json(json!({ "error": err.to_string() })),
    )
        .into_response()
}

/// An entry as the page wants it: with the direction of its language.
fn entry_json(app: &App, entry: &InboxEntry) -> Value {
    let mut value = serde_json::to_value(entry).unwrap_or(Value::Null);
    let locale = LanguagePreferences::from_tags([&entry.locale]).unwrap_or_default();
    value["dir"] = json!(Direction::of(&app.catalog.negotiate(&locale)).as_str());
    value
}

/// The customer's own session, or the operator.
fn reader(app: &App, customer: &str, headers: &HeaderMap) -> Result<(), Refusal> {
    if app.access.operator(headers).is_ok() {
        return Ok(());
    }
    known(app, customer)?;
    app.access.customer(customer, headers)
}

/// A customer reaches the service only while among the recipients: taking
/// one out of the file (and restarting) ends their links and sessions.
fn known(app: &App, customer: &str) -> Result<(), Refusal> {
    if app.customers.contains_key(customer) {
        return Ok(());
    }
    Err(refuse(
        StatusCode::UNAUTHORIZED,
        "this link is not valid (altered, for another customer, or expired); ask for a new one",
    ))
}

/// `GET /customers/{id}/inbox`: the customer's entries, newest first.
pub async fn list(
    State(app): State<Arc<App>>,
    Path(customer): Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Err(refused) = reader(&app, &customer, &headers) {
        return refused.into_response();
    }
    let query = ListQuery {
        limit: 100,
        ..ListQuery::default()
    };
    let entries = match app.inbox.list(&customer, &query).await {
        Ok(entries) => entries,
        Err(err) => return failed(err),
    };
    let chain = app.catalog.negotiate(&languages_of(&app, &customer));
    Json(json!({
        "customer": customer,
        "lang": chain.primary().to_string(),
        "dir": Direction::of(&chain).as_str(),
        "entries": entries.iter().map(|e| entry_json(&app, e)).collect::<Vec<_>>(),
    }))
    .into_response()
}

/// `POST /customers/{id}/inbox/{incident}/read`: by the customer, from
/// the service's own page.
pub async fn read(
    State(app): State<Arc<App>>,
    Path((customer, incident)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let allowed = known(&app, &customer)
        .and_then(|()| app.access.customer(&customer, &headers))
        .and_then(|()| app.access.same_origin(&headers));
    if let Err(refused) = allowed {
        return refused.into_response();
    }
    match app.inbox.mark_read(&customer, &incident).await {
        Ok(true) => StatusCode::NO_CONTENT.into_response(),
        Ok(false) => (
            StatusCode::NOT_FOUND,
            Json(json!({ "error": format!("{customer} has no entry for {incident}") })),
        )
            .into_response(),
        Err(err) => failed(err),
    }
}

/// `GET /customers/{id}/inbox/events`: `entry` and `read` events for this
/// customer as they happen; `resync` when some were missed. Ends when the
/// service stops. 503 when as many streams are open as the service allows.
pub async fn events(
    State(app): State<Arc<App>>,
    Path(customer): Path<String>,
    headers: HeaderMap,
) -> Response {
    if let Err(refused) = reader(&app, &customer, &headers) {
        return refused.into_response();
    }
    let Some(permit) = Streams::open(&app.streams, &customer) else {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::RETRY_AFTER, "30")],
            Json(json!({ "error": "too many event streams are open; try again later" })),
        )
            .into_response();
    };
    let changes = app.inbox.subscribe();
    let mut stopping = app.stopping.clone();
    let stopped = async move {
        let _ = stopping.wait_for(|stop| *stop).await;
    };
    let app_events = Arc::clone(&app);
    // The permit goes with the stream, and is given back when it ends.
    let events = stream::unfold((changes, permit), move |(mut changes, permit)| {
        let (app, customer) = (Arc::clone(&app_events), customer.clone());
        async move {
            loop {
                let event = match changes.recv().await {
                    Ok(change) if change.account() != customer => continue,
                    Ok(Change::Stored(entry)) => Event::default()
                        .event("entry")
                        .data(entry_json(&app, &entry).to_string()),
                    Ok(Change::Read { incident, .. }) => Event::default()
                        .event("read")
                        .data(json!({ "incident": incident }).to_string()),
                    Err(broadcast::error::RecvError::Lagged(_)) => {
                        Event::default().event("resync").data("{}")
                    }
                    Err(broadcast::error::RecvError::Closed) => return None,
                };
                return Some((Ok::<_, Infallible>(event), (changes, permit)));
            }
        }
    })
    .take_until(Box::pin(stopped));
    Sse::new(events)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response()
}

/// The event streams open: at most so many in all, and at most
/// [`PER_CUSTOMER`](Streams::PER_CUSTOMER) for one customer, so one
/// customer (or one leaked link) cannot take every place.
pub struct Streams {
    all: Arc<tokio::sync::Semaphore>,
    /// The status page's visitors may take at most half the places, so
    /// customers' own pages always find one.
    public: Arc<tokio::sync::Semaphore>,
    per_customer: std::sync::Mutex<HashMap<String, usize>>,
}

/// One open stream's place, given back when the stream ends.
pub struct StreamPlace {
    _all: tokio::sync::OwnedSemaphorePermit,
    streams: Arc<Streams>,
    customer: String,
}

impl Streams {
    const PER_CUSTOMER: usize = 4;

    pub fn new(all: usize) -> Streams {
        Streams {
            all: Arc::new(tokio::sync::Semaphore::new(all)),
            public: Arc::new(tokio::sync::Semaphore::new(all / 2)),
            per_customer: std::sync::Mutex::default(),
        }
    }

    fn open(streams: &Arc<Streams>, customer: &str) -> Option<StreamPlace> {
        let mut per = streams.lock();
        let mine = per.entry(customer.to_owned()).or_default();
        if *mine >= Self::PER_CUSTOMER {
            return None;
        }
        let all = Arc::clone(&streams.all).try_acquire_owned().ok()?;
        *mine += 1;
        Some(StreamPlace {
            _all: all,
            streams: Arc::clone(streams),
            customer: customer.to_owned(),
        })
    }

    /// A place for a visitor of the public status page.
    pub fn open_public(
        streams: &Arc<Streams>,
    ) -> Option<(
        tokio::sync::OwnedSemaphorePermit,
        tokio::sync::OwnedSemaphorePermit,
    )> {
        let public = Arc::clone(&streams.public).try_acquire_owned().ok()?;
        let all = Arc::clone(&streams.all).try_acquire_owned().ok()?;
        Some((public, all))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, usize>> {
        self.per_customer.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Drop for StreamPlace {
    fn drop(&mut self) {
        let mut per = self.streams.lock();
        if let Some(mine) = per.get_mut(&self.customer) {
            *mine = mine.saturating_sub(1);
            if *mine == 0 {
                per.remove(&self.customer);
            }
        }
    }
}

/// The customer's language preferences (none when the customer is not in
/// the recipients: the catalog's default).
fn languages_of(app: &App, customer: &str) -> LanguagePreferences {
    app.customers.get(customer).cloned().unwrap_or_default()
}

/// A link lasts a week unless the operator asks otherwise, and 30 days at
/// most.
#[derive(serde::Deserialize)]
pub struct LinkQuery {
    #[serde(default = "a_week")]
    hours: u32,
}

fn a_week() -> u32 {
    7 * 24
}

/// `POST /customers/{id}/link?hours=N`: the operator's link for a customer
/// to open their page (to put in an email, or behind a "status" button).
pub async fn link(
    State(app): State<Arc<App>>,
    Path(customer): Path<String>,
    Query(query): Query<LinkQuery>,
    headers: HeaderMap,
) -> Response {
    if let Err(refused) = app.access.operator(&headers) {
        return refused.into_response();
    }
    if !app.customers.contains_key(&customer) {
        return (
            StatusCode::NOT_FOUND,
            Json(json!({ "error": format!("{customer} is not among the recipients") })),
        )
            .into_response();
    }
    if !(1..=30 * 24).contains(&query.hours) {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({ "error": "a link lasts from 1 hour to 720 hours (30 days)" })),
        )
            .into_response();
    }
    let now = jiff::Timestamp::now();
    let expires = now
        .checked_add(jiff::SignedDuration::from_hours(i64::from(query.hours)))
        .unwrap_or(now);
    let mut url = app.public_url.clone();
    if let Ok(mut path) = url.path_segments_mut() {
        path.clear().extend(["customers", customer.as_str()]);
    }
    url.query_pairs_mut()
        .clear()
        .append_pair("link", &app.access.link(&customer, expires));
    Json(json!({
        "customer": customer,
        "url": url.as_str(),
        "expires_at": expires.to_string(),
    }))
    .into_response()
}

const PAGE: &str = include_str!("page.html");

/// What `GET /customers/{id}` may carry: the link that opens a session.
#[derive(serde::Deserialize)]
pub struct PageQuery {
    link: Option<String>,
}

/// `GET /customers/{id}?link=…`: the page, in the customer's language and
/// direction. The link opens the customer's session (a cookie); without
/// one, the session must be open already.
pub async fn page(
    State(app): State<Arc<App>>,
    Path(customer): Path<String>,
    Query(query): Query<PageQuery>,
    headers: HeaderMap,
) -> Response {
    if let Err(refused) = known(&app, &customer) {
        return refused.into_response();
    }
    let session = match &query.link {
        Some(link) => match app.access.open_session(&customer, link) {
            Ok(cookie) => Some(cookie),
            Err(refused) => return refused.into_response(),
        },
        None => match app.access.customer(&customer, &headers) {
            Ok(()) => None,
            Err(refused) => return refused.into_response(),
        },
    };
    let chain = app.catalog.negotiate(&languages_of(&app, &customer));
    let text = |id: &str| app.catalog.message(&chain, id);
    let lang = chain.primary().to_string();
    let values = [
        ("lang", lang),
        ("dir", Direction::of(&chain).to_string()),
        ("customer", customer.clone()),
        ("heading", text("service-inbox-heading")),
        ("empty", text("service-inbox-empty")),
        ("mark_read", text("service-inbox-mark-read")),
        ("unread", text("service-inbox-unread")),
    ];
    let html = fill(PAGE, &values);
    let mut response = (
        [
            (header::CACHE_CONTROL, "no-store"),
            // The link in the address bar goes nowhere else.
            (header::REFERRER_POLICY, "no-referrer"),
            (header::X_FRAME_OPTIONS, "DENY"),
        ],
        Html(html),
    )
        .into_response();
    if let Some(cookie) = session {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    if let Ok(policy) = HeaderValue::from_str(&POLICY) {
        response
            .headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    response
}

/// Nothing runs on the page but its own script and style, named by the
/// hashes of the template's (no value is ever filled in there): whatever
/// text an entry or a value carries, it cannot add any.
static POLICY: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| policy(PAGE));

pub fn policy(html: &str) -> String {
    format!(
        "default-src 'none'; script-src {}; style-src {}; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
        inline_hash(html, "<script>", "</script>"),
        inline_hash(html, "<style>", "</style>")
    )
}

/// The CSP source of the inline block between `open` and `close` in `html`.
pub fn inline_hash(html: &str, open: &str, close: &str) -> String {
    let inner = html
        .split_once(open)
        .and_then(|(_, rest)| rest.split_once(close))
        .map_or("", |(inner, _)| inner);
    let digest = ring::digest::digest(&ring::digest::SHA256, inner.as_bytes());
    format!("'sha256-{}'", STANDARD.encode(digest))
}

/// Puts each value, HTML-escaped, where the page says `{name}`, in one pass
/// (so a value that looks like a placeholder stays as it is).
pub fn fill(template: &str, values: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len() + 256);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            values
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (v, close))
        });
        match value {
            Some((value, close)) => {
                out.push_str(&html_escape::encode_double_quoted_attribute(value));
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}
