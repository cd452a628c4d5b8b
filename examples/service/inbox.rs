//! The customer's in-app inbox: listing, live events, marking read, and the
//! page that shows it.

use std::convert::Infallible;
use std::path::Path as FilePath;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{Html, IntoResponse, Response};
use futures_util::{Stream, StreamExt, stream};
use serde_json::{Value, json};
use tidings::inbox::{
    Inbox, InboxEntry, InboxReader, InboxRevision, InboxUpdate, ListQuery, Recorded,
};
use tidings::store::sqlite::SqliteInbox;
use tidings::{Direction, LanguagePreferences, StoreError};
use tokio::sync::broadcast;

use crate::App;
use crate::input;

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

/// `GET /customers/{id}/inbox`: the customer's entries, newest first.
pub async fn list(State(app): State<Arc<App>>, Path(customer): Path<String>) -> Response {
    let query = ListQuery {
        limit: 100,
        ..ListQuery::default()
    };
    let entries = match app.inbox.list(&customer, &query).await {
        Ok(entries) => entries,
        Err(err) => return failed(err),
    };
    let chain = match customer_languages(&app, &customer).await {
        Ok(languages) => app.catalog.negotiate(&languages),
        Err(response) => return response,
    };
    Json(json!({
        "customer": customer,
        "lang": chain.primary().to_string(),
        "dir": Direction::of(&chain).as_str(),
        "entries": entries.iter().map(|e| entry_json(&app, e)).collect::<Vec<_>>(),
    }))
    .into_response()
}

/// `POST /customers/{id}/inbox/{incident}/read`.
pub async fn read(
    State(app): State<Arc<App>>,
    Path((customer, incident)): Path<(String, String)>,
) -> Response {
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
/// service stops.
pub async fn events(
    State(app): State<Arc<App>>,
    Path(customer): Path<String>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let changes = app.inbox.subscribe();
    let mut stopping = app.stopping.clone();
    let stopped = async move {
        let _ = stopping.wait_for(|stop| *stop).await;
    };
    let app_events = Arc::clone(&app);
    let events = stream::unfold(changes, move |mut changes| {
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
                return Some((Ok(event), changes));
            }
        }
    })
    .take_until(Box::pin(stopped));
    Sse::new(events).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

/// The customer's language preferences from the recipients file (none when
/// the customer is not in it: the catalog's default).
async fn customer_languages(app: &App, customer: &str) -> Result<LanguagePreferences, Response> {
    let (path, customer) = (app.recipients.clone(), customer.to_owned());
    let found = tokio::task::spawn_blocking(move || languages_of(&path, &customer)).await;
    match found {
        Ok(Ok(languages)) => Ok(languages),
        Ok(Err(err)) => Err(failed(err)),
        Err(err) => Err(failed(err)),
    }
}

fn languages_of(path: &FilePath, customer: &str) -> Result<LanguagePreferences, String> {
    let mut languages = LanguagePreferences::default();
    input::recipients(path, path, |_, row| {
        if let Ok(recipient) = row
            && recipient.id == customer
        {
            languages = recipient.languages;
        }
    })?;
    Ok(languages)
}

const PAGE: &str = include_str!("page.html");

/// `GET /customers/{id}`: the page, in the customer's language and
/// direction.
pub async fn page(State(app): State<Arc<App>>, Path(customer): Path<String>) -> Response {
    let chain = match customer_languages(&app, &customer).await {
        Ok(languages) => app.catalog.negotiate(&languages),
        Err(response) => return response,
    };
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
    ([(header::CACHE_CONTROL, "no-store")], Html(html)).into_response()
}

/// Puts each value, HTML-escaped, where the page says `{name}`, in one pass
/// (so a value that looks like a placeholder stays as it is).
fn fill(template: &str, values: &[(&str, String)]) -> String {
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
