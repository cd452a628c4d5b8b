//! Publishing a notice and following its send.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Json;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use futures_util::stream;
use serde_json::{Value, json};
use tidings::dispatch::Report;
use tidings::ledger::{Ledger, LedgerReader};
use tidings::{Notice, Recipient};
use tokio::task::JoinSet;

use crate::App;
use crate::input;

/// At most this much notice JSON.
const MAX_NOTICE_BYTES: usize = 1024 * 1024;
/// A notice's body arrives within this long, or the request is dropped.
const BODY_TIME: Duration = Duration::from_secs(30);
/// The sends this process has started: where each stands, and the tasks
/// that make them, so a shutdown can wait for them.
pub struct Sends {
    known: Mutex<Known>,
    tasks: tokio::sync::Mutex<JoinSet<()>>,
}

/// The sends remembered, and the order they were started in: at most
/// `limit`, the oldest finished ones let go of first (their coverage stays
/// in the ledger), never one in flight.
struct Known {
    jobs: HashMap<(String, u32), Job>,
    order: std::collections::VecDeque<(String, u32)>,
    limit: usize,
}

impl Known {
    fn get(&self, key: &(String, u32)) -> Option<&Job> {
        self.jobs.get(key)
    }

    /// Starts or ends `key`, forgetting the oldest finished sends past the
    /// limit.
    fn insert(&mut self, key: (String, u32), job: Job) {
        if self.jobs.insert(key.clone(), job).is_none() {
            self.order.push_back(key);
        }
        let mut looked = 0;
        while self.jobs.len() > self.limit && looked < self.order.len() {
            looked += 1;
            let Some(oldest) = self.order.pop_front() else {
                break;
            };
            if matches!(self.jobs.get(&oldest), Some(Job::Sending)) {
                self.order.push_back(oldest);
            } else {
                self.jobs.remove(&oldest);
            }
        }
    }
}

#[derive(Clone)]
enum Job {
    Sending,
    Done(Box<Report>),
    Failed(String),
}

impl Sends {
    /// Remembering at most `limit` sends.
    pub fn new(limit: usize) -> Sends {
        Sends {
            known: Mutex::new(Known {
                jobs: HashMap::new(),
                order: std::collections::VecDeque::new(),
                limit: limit.max(1),
            }),
            tasks: tokio::sync::Mutex::default(),
        }
    }

    fn get(&self, key: &(String, u32)) -> Option<Job> {
        self.lock().get(key).cloned()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Known> {
        self.known.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Waits up to `grace` for the sends in flight; stops the others, whose
    /// deliveries stay claimed in the ledger for the next start. Returns how
    /// many were stopped.
    pub async fn finish(&self, grace: Duration) -> usize {
        let mut tasks = self.tasks.lock().await;
        let waited =
            tokio::time::timeout(grace, async { while tasks.join_next().await.is_some() {} }).await;
        if waited.is_ok() {
            return 0;
        }
        let stopped = tasks.len();
        tasks.shutdown().await;
        stopped
    }
}

fn problem(status: StatusCode, message: impl Into<String>) -> Response {
    (status, Json(json!({ "error": message.into() }))).into_response()
}

fn place(incident: &str, revision: u32) -> String {
    format!("/incidents/{incident}/notices/{revision}")
}

/// `POST /incidents/{id}/notices`: starts sending the notice to every
/// recipient; 202 with where to follow it, or 409 while the same notice is
/// still being sent, when the revision was published with another text, or
/// when it does not follow the last one published.
pub async fn publish(
    State(app): State<Arc<App>>,
    Path(incident): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    if let Err(refused) = app.access.operator(&headers) {
        return refused.into_response();
    }
    // Only JSON: a form or a text/plain post from some page is not a notice.
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
    if !json {
        return problem(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "a notice is sent as Content-Type: application/json",
        );
    }
    let too_large = || {
        problem(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("a notice is at most {MAX_NOTICE_BYTES} bytes"),
        )
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|length| length > MAX_NOTICE_BYTES as u64) {
        return too_large();
    }
    let body =
        match tokio::time::timeout(BODY_TIME, axum::body::to_bytes(body, MAX_NOTICE_BYTES)).await {
            Ok(Ok(body)) => body,
            Ok(Err(_)) => return too_large(),
            Err(_) => {
                return problem(
                    StatusCode::REQUEST_TIMEOUT,
                    "the notice did not arrive in time",
                );
            }
        };
    let notice: Notice = match serde_json::from_slice(&body) {
        Ok(notice) => notice,
        Err(err) => {
            return problem(
                StatusCode::BAD_REQUEST,
                format!("not a notice (line {}): {err}", err.line()),
            );
        }
    };
    if notice.incident().id() != incident {
        return problem(
            StatusCode::BAD_REQUEST,
            format!(
                "the notice is about incident `{}`, not `{incident}`",
                notice.incident().id()
            ),
        );
    }
    if *app.stopping.borrow() {
        return problem(StatusCode::SERVICE_UNAVAILABLE, "the service is stopping");
    }
    if let Err(refused) = follows(&app, &notice).await {
        return refused;
    }
    let revision = notice.revision();
    let key = (incident.clone(), revision);
    let location = place(&incident, revision);
    {
        let mut known = app.sends.lock();
        if matches!(known.get(&key), Some(Job::Sending)) {
            return (
                StatusCode::CONFLICT,
                [(header::LOCATION, location.clone())],
                Json(json!({
                    "error": "this notice is being sent already",
                    "report": location,
                })),
            )
                .into_response();
        }
        known.insert(key.clone(), Job::Sending);
    }
    // Kept before the send starts, so the status page and the feed show it
    // at once (the send keeps the same text again, which changes nothing).
    match app.state.ledger().record_notice(&notice).await {
        Ok(()) => crate::status::changed(&app),
        Err(err) => tracing::warn!(%err, "the notice could not be kept for the status page"),
    }
    let task_app = Arc::clone(&app);
    let mut tasks = app.sends.tasks.lock().await;
    // Finished sends are let go of; their outcome is in `known`.
    while tasks.try_join_next().is_some() {}
    tasks.spawn(async move {
        let (recipients, reader) = read_recipients(task_app.recipients.clone());
        let sent = task_app.dispatcher.send(&notice, recipients).await;
        let read = reader.await;
        let outcome = match (sent, read) {
            (Ok(report), Ok(Ok(()))) => {
                tracing::info!(notice = %report.notice, recipients = report.recipients, "sent");
                Job::Done(Box::new(report))
            }
            (Err(err), _) => Job::Failed(err.to_string()),
            (_, Ok(Err(err))) => Job::Failed(format!("the recipients could not be read: {err}")),
            (_, Err(err)) => Job::Failed(format!("the recipients could not be read: {err}")),
        };
        if let Job::Failed(err) = &outcome {
            tracing::warn!(notice = ?key, %err, "send failed");
        }
        task_app.sends.lock().insert(key, outcome);
    });
    drop(tasks);
    (
        StatusCode::ACCEPTED,
        [(header::LOCATION, location.clone())],
        Json(json!({
            "notice": format!("{incident}#{revision}"),
            "report": location,
        })),
    )
        .into_response()
}

/// Whether `notice` may be published: the same text as its revision had,
/// if it was published before, and otherwise the revision right after the
/// last one published (so one wrong number cannot make every later revision
/// stale).
async fn follows(app: &App, notice: &Notice) -> Result<(), Response> {
    let ledger = app.state.ledger();
    let (incident, revision) = (notice.incident().id(), notice.revision());
    let failed =
        |err: tidings::StoreError| problem(StatusCode::INTERNAL_SERVER_ERROR, err.to_string());
    let conflict = |message: String| problem(StatusCode::CONFLICT, message);
    if let Some(kept) = ledger.notice(incident, revision).await.map_err(failed)? {
        if kept != *notice {
            return Err(conflict(format!(
                "{incident}#{revision} was published with another text; publish the change as revision {}",
                revision.saturating_add(1)
            )));
        }
        return Ok(());
    }
    if revision > 1
        && ledger
            .notice(incident, revision - 1)
            .await
            .map_err(failed)?
            .is_none()
    {
        return Err(conflict(format!(
            "{incident}#{revision} does not follow the last revision published; revisions go up one at a time"
        )));
    }
    Ok(())
}

/// The recipients of the file, read on a blocking thread as they are sent,
/// a page at a time: memory does not grow with the file.
fn read_recipients(
    path: PathBuf,
) -> (
    impl futures_util::Stream<Item = Recipient> + Send,
    tokio::task::JoinHandle<Result<(), String>>,
) {
    let (tx, rx) = tokio::sync::mpsc::channel(1024);
    let reader = tokio::task::spawn_blocking(move || {
        input::recipients(&path, &path, |line, row| match row {
            Ok(recipient) => {
                let _ = tx.blocking_send(recipient);
            }
            Err(problem) => tracing::warn!(line, %problem, "recipient skipped"),
        })
    });
    let recipients = stream::unfold(rx, |mut rx| async move { rx.recv().await.map(|r| (r, rx)) });
    (recipients, reader)
}

/// `GET /incidents/{id}/notices/{revision}`: how the send stands, with who
/// has been told so far (from the ledger, so it is true across restarts).
pub async fn report(
    State(app): State<Arc<App>>,
    Path((incident, revision)): Path<(String, u32)>,
    headers: HeaderMap,
) -> Response {
    if let Err(refused) = app.access.operator(&headers) {
        return refused.into_response();
    }
    let coverage = match app.state.ledger().coverage(&incident, Some(revision)).await {
        Ok(coverage) => coverage,
        Err(err) => return problem(StatusCode::INTERNAL_SERVER_ERROR, err.to_string()),
    };
    let told = coverage
        .revisions
        .iter()
        .find(|r| r.revision == revision)
        .map(|r| serde_json::to_value(r).unwrap_or(Value::Null));
    let send = app.sends.get(&(incident.clone(), revision));
    if told.is_none() && send.is_none() {
        return problem(
            StatusCode::NOT_FOUND,
            format!("no notice {incident}#{revision} was sent"),
        );
    }
    let (state, report, error) = match send {
        Some(Job::Sending) => ("sending", Value::Null, Value::Null),
        Some(Job::Done(report)) => (
            "done",
            serde_json::to_value(&*report).unwrap_or(Value::Null),
            Value::Null,
        ),
        Some(Job::Failed(err)) => ("failed", Value::Null, Value::String(err)),
        // Sent by an earlier run of the service, or by another sender.
        None => ("unknown", Value::Null, Value::Null),
    };
    Json(json!({
        "notice": format!("{incident}#{revision}"),
        "state": state,
        "report": report,
        "error": error,
        "coverage": told,
    }))
    .into_response()
}
