//! One-click unsubscribe (RFC 8058), served where every email's
//! `List-Unsubscribe` points: `/unsubscribe/{token}`.
//!
//! - `POST` with `List-Unsubscribe=One-Click` (what a mail program sends
//!   when the reader presses its "unsubscribe" button) unsubscribes at once.
//! - `GET` only shows a page, in the customer's language, that asks to
//!   confirm: link scanners and previews open links, and must not
//!   unsubscribe anyone.
//! - The page's buttons `POST` `action=unsubscribe` (or
//!   `unsubscribe-maintenance`, which keeps outages coming) and, after,
//!   `action=resubscribe`, the way back.
//!
//! The token is the whole authority: signed by the service's key, it names
//! the customer, the scope and the channel, so no session or password is
//! asked, and an altered or forged one is refused.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use jiff::Timestamp;
use tidings::ledger::Ledger;
use tidings::suppression::{Lift, Suppression};
use tidings::unsubscribe::{Choice, Scope, UnsubscribeKey};
use tidings::{Direction, LanguagePreferences, LocaleChain};

use crate::App;
use crate::inbox::{fill, inline_hash};

/// The environment variable that holds the key unsubscribe links are
/// signed with (base64, at least 32 bytes). Without it, the key is derived
/// from the operator's token, and a new token ends every link in mail
/// already sent.
pub const KEY_VARIABLE: &str = "TIDINGS_UNSUBSCRIBE_KEY";

/// The most a request to these routes may carry: a one-click body is 26
/// bytes, a form's a few more.
pub const BODY_LIMIT: usize = 4096;

const PAGE: &str = include_str!("unsubscribe.html");

/// The page's style, named by its hash; nothing else runs or loads, and its
/// forms post only here.
static POLICY: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    format!(
        "default-src 'none'; style-src {}; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
        inline_hash(PAGE, "<style>", "</style>")
    )
});

/// What the page shows.
enum Shown {
    /// Asks to confirm; offers "planned maintenance only" when the link
    /// stops everything.
    Question,
    /// Unsubscribed; offers the way back.
    Done,
    Resubscribed,
    Invalid,
}

/// `GET /unsubscribe/{token}`: asks, changes nothing.
pub async fn ask(
    State(app): State<Arc<App>>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Response {
    match app.unsubscribe_key.verify(&token) {
        Ok(choice) => page(&app, &headers, &token, &choice, Shown::Question),
        Err(_) => invalid(&app, &headers),
    }
}

/// `POST /unsubscribe/{token}`: a mail program's one-click request, or one
/// of the page's buttons.
pub async fn answer(
    State(app): State<Arc<App>>,
    Path(token): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Ok(mut choice) = app.unsubscribe_key.verify(&token) else {
        return invalid(&app, &headers);
    };
    let Some(request) = Request::read(&headers, &body) else {
        return (
            StatusCode::BAD_REQUEST,
            "not an unsubscribe request: send `List-Unsubscribe=One-Click` (RFC 8058)",
        )
            .into_response();
    };
    // The page may narrow "everything" to planned maintenance; nothing
    // may widen what the link says.
    if request.maintenance_only && choice.scope == Scope::All {
        choice.scope = Scope::Maintenance;
    }
    let ledger = app.state.ledger();
    let (stored, shown) = if request.resubscribe {
        let lifted = ledger.lift(&Lift::resubscribe(&choice)).await;
        (lifted.map(|_| ()), Shown::Resubscribed)
    } else {
        let evidence = if request.one_click {
            "one-click unsubscribe from the email (RFC 8058)"
        } else {
            "unsubscribe confirmed on the unsubscribe page"
        };
        let suppression = Suppression::unsubscribe(&choice, Timestamp::now(), evidence);
        (ledger.suppress(&suppression).await, Shown::Done)
    };
    if let Err(err) = stored {
        tracing::warn!(%err, "an unsubscribe could not be recorded");
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::RETRY_AFTER, "60")],
            "the choice could not be recorded; try again in a minute",
        )
            .into_response();
    }
    tracing::info!(
        customer = %choice.recipient,
        scope = ?choice.scope,
        resubscribed = request.resubscribe,
        "unsubscribe choice recorded"
    );
    page(&app, &headers, &token, &choice, shown)
}

/// What a POST asks for.
struct Request {
    one_click: bool,
    maintenance_only: bool,
    resubscribe: bool,
}

impl Request {
    /// The page's form (`action=…`), or RFC 8058's one-click body, sent as
    /// a form (`application/x-www-form-urlencoded`) or as
    /// `multipart/form-data`, which the RFC prefers.
    fn read(headers: &HeaderMap, body: &[u8]) -> Option<Request> {
        let content_type = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_ascii_lowercase();
        if content_type.starts_with("multipart/form-data") {
            return one_click_part(&content_type, body).then_some(Request {
                one_click: true,
                maintenance_only: false,
                resubscribe: false,
            });
        }
        let mut fields = url::form_urlencoded::parse(body);
        let one_click = fields
            .clone()
            .any(|(k, v)| k == "List-Unsubscribe" && v == "One-Click");
        let action = fields.find(|(k, _)| k == "action").map(|(_, v)| v);
        match action.as_deref() {
            Some("unsubscribe") => Some((false, false)),
            Some("unsubscribe-maintenance") => Some((true, false)),
            Some("resubscribe") => {
                let narrowed = url::form_urlencoded::parse(body)
                    .any(|(k, v)| k == "scope" && v == "maintenance");
                Some((narrowed, true))
            }
            Some(_) => None,
            None => one_click.then_some((false, false)),
        }
        .map(|(maintenance_only, resubscribe)| Request {
            one_click: action.is_none(),
            maintenance_only,
            resubscribe,
        })
    }
}

/// Whether a `multipart/form-data` body holds the field
/// `List-Unsubscribe` with the value `One-Click`.
fn one_click_part(content_type: &str, body: &[u8]) -> bool {
    let Some(boundary) = content_type
        .split(';')
        .filter_map(|p| p.trim().strip_prefix("boundary="))
        .next()
        .map(|b| b.trim_matches('"'))
    else {
        return false;
    };
    let Ok(body) = std::str::from_utf8(body) else {
        return false;
    };
    // Boundaries compare as sent; the header value was lowercased.
    let delimiter = format!("--{boundary}").to_ascii_lowercase();
    let lower = body.to_ascii_lowercase();
    lower.split(delimiter.as_str()).any(|part| {
        let Some((head, value)) = part.split_once("\r\n\r\n") else {
            return false;
        };
        head.contains("name=\"list-unsubscribe\"") && value.trim_end() == "one-click"
    })
}

/// The page, in the customer's language (the browser's when the customer
/// is no longer in the recipients).
fn page(app: &App, headers: &HeaderMap, token: &str, choice: &Choice, shown: Shown) -> Response {
    let chain = chain_for(app, headers, Some(&choice.recipient));
    let (scope, name) = match &choice.scope {
        Scope::Maintenance => ("maintenance", ""),
        Scope::Product(name) => ("product", name.as_str()),
        Scope::Component(name) => ("component", name.as_str()),
        _ => ("all", ""),
    };
    let args = [("scope", scope), ("name", name)];
    let text = |id: &str| app.catalog.message_with(&chain, id, &args);
    let (message, form) = match shown {
        Shown::Question => (
            text("service-unsubscribe-question"),
            if choice.scope == Scope::All {
                QUESTION_WITH_MAINTENANCE
            } else {
                QUESTION
            },
        ),
        Shown::Done => (
            text("service-unsubscribe-done"),
            if choice.scope == Scope::Maintenance {
                UNDO_MAINTENANCE
            } else {
                UNDO
            },
        ),
        Shown::Resubscribed => (text("service-unsubscribe-resubscribed"), ""),
        Shown::Invalid => (text("service-unsubscribe-invalid"), ""),
    };
    let values = [
        ("lang", chain.primary().to_string()),
        ("dir", Direction::of(&chain).to_string()),
        ("heading", text("service-unsubscribe-heading")),
        ("message", message),
        ("still", text("service-unsubscribe-still")),
        ("confirm", text("service-unsubscribe-confirm")),
        (
            "only_maintenance",
            text("service-unsubscribe-only-maintenance"),
        ),
        ("undo", text("service-unsubscribe-undo")),
        ("resubscribe", text("service-unsubscribe-resubscribe")),
        ("action", format!("/unsubscribe/{token}")),
    ];
    let html = fill(&PAGE.replace("<!--form-->", form), &values);
    let status = match shown {
        Shown::Invalid => StatusCode::BAD_REQUEST,
        _ => StatusCode::OK,
    };
    let mut response = (
        status,
        [
            (header::CACHE_CONTROL, "no-store"),
            // The token in the address bar goes nowhere else.
            (header::REFERRER_POLICY, "no-referrer"),
            (header::X_FRAME_OPTIONS, "DENY"),
        ],
        Html(html),
    )
        .into_response();
    if let Ok(policy) = HeaderValue::from_str(&POLICY) {
        response
            .headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    response
}

/// A link that was altered, forged, or signed with another key.
fn invalid(app: &App, headers: &HeaderMap) -> Response {
    let nobody = Choice::new("", Scope::All, None);
    page(app, headers, "", &nobody, Shown::Invalid)
}

fn chain_for(app: &App, headers: &HeaderMap, customer: Option<&str>) -> LocaleChain {
    let known = customer.and_then(|c| app.customers.get(c)).cloned();
    let preferences = known.unwrap_or_else(|| {
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .map(LanguagePreferences::from_accept_language)
            .unwrap_or_default()
    });
    app.catalog.negotiate(&preferences)
}

const QUESTION: &str = r#"<p>{still}</p>
<form method="post" action="{action}">
<button class="main" type="submit" name="action" value="unsubscribe">{confirm}</button>
</form>"#;

const QUESTION_WITH_MAINTENANCE: &str = r#"<p>{still}</p>
<form method="post" action="{action}">
<button class="main" type="submit" name="action" value="unsubscribe">{confirm}</button>
<button type="submit" name="action" value="unsubscribe-maintenance">{only_maintenance}</button>
</form>"#;

const UNDO: &str = r#"<p>{undo}</p>
<form method="post" action="{action}">
<button type="submit" name="action" value="resubscribe">{resubscribe}</button>
</form>"#;

const UNDO_MAINTENANCE: &str = r#"<p>{undo}</p>
<form method="post" action="{action}">
<input type="hidden" name="scope" value="maintenance">
<button type="submit" name="action" value="resubscribe">{resubscribe}</button>
</form>"#;

/// The key of unsubscribe links: [`KEY_VARIABLE`] when set, else derived
/// from the operator's `token`.
pub fn key(token: &str) -> Result<UnsubscribeKey, String> {
    match std::env::var(KEY_VARIABLE) {
        Ok(text) => UnsubscribeKey::from_base64(&text).map_err(|e| format!("{KEY_VARIABLE}: {e}")),
        Err(_) => {
            let derived = ring::hmac::sign(
                &ring::hmac::Key::new(ring::hmac::HMAC_SHA256, token.as_bytes()),
                b"tidings service: unsubscribe links",
            );
            UnsubscribeKey::new(derived.as_ref()).map_err(|e| e.to_string())
        }
    }
}
