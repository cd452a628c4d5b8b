//! `GET /feed.atom`: the Atom feed of incidents and planned maintenance,
//! in the language the reader asks for (`?lang=nl`, else their browser's
//! `Accept-Language`), times in `?tz=` (else UTC), only one product's with
//! `?product=`. Public, like the status page it mirrors: it says nothing a
//! customer was not told. A deployment puts a cache in front of it (the
//! answer says for how long it may be kept).

use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use tidings::feed::Feed;
use tidings::ledger::LedgerReader;
use tidings::{LanguagePreferences, LocaleChain, Notice};

use crate::App;
use crate::access::refuse;

/// The longest value each question may have.
const MAX_PARAMETER: usize = 128;

#[derive(Deserialize)]
pub struct Asked {
    lang: Option<String>,
    tz: Option<String>,
    product: Option<String>,
}

pub async fn atom(
    State(app): State<Arc<App>>,
    Query(asked): Query<Asked>,
    headers: HeaderMap,
) -> Response {
    let (chain, zone, notices) = match public_view(
        &app,
        [&asked.lang, &asked.tz, &asked.product],
        asked.lang.as_deref(),
        asked.tz.as_deref(),
        &headers,
    )
    .await
    {
        Ok(view) => view,
        Err(refused) => return refused,
    };
    let lang = chain.primary().to_string();
    // The feed's id names what it holds, so each language is a feed of
    // its own with stable entries.
    let mut id = app
        .public_url
        .join("feed.atom")
        .unwrap_or_else(|_| app.public_url.clone());
    id.query_pairs_mut().append_pair("lang", &lang);
    if let Some(product) = &asked.product {
        id.query_pairs_mut().append_pair("product", product);
    }
    let mut feed =
        Feed::builder(id.as_str(), app.site_name.as_str()).status_page(app.public_url.as_str());
    if let Some(product) = &asked.product {
        feed = feed.product(product.as_str());
    }
    let xml = feed.build().atom(&app.catalog, &notices, &chain, &zone);
    (
        [
            (
                header::CONTENT_TYPE,
                "application/atom+xml; charset=utf-8".to_owned(),
            ),
            (header::CONTENT_LANGUAGE, lang),
            (header::VARY, "Accept-Language".to_owned()),
            (header::CACHE_CONTROL, "public, max-age=60".to_owned()),
        ],
        xml,
    )
        .into_response()
}

/// What the public views (the feed, the status page) ask first: every
/// question short enough, the reader's language (a language asked for by
/// name wins over the browser's; one tidings does not know reads as the
/// default, like any preference), the zone asked for (UTC unless one is),
/// and every notice kept.
pub async fn public_view(
    app: &App,
    questions: [&Option<String>; 3],
    lang: Option<&str>,
    tz: Option<&str>,
    headers: &HeaderMap,
) -> Result<(LocaleChain, jiff::tz::TimeZone, Vec<Notice>), Response> {
    let too_long = questions
        .iter()
        .any(|v| v.as_ref().is_some_and(|v| v.len() > MAX_PARAMETER));
    if too_long {
        return Err(refuse(StatusCode::BAD_REQUEST, "a question is too long").into_response());
    }
    let preferences = match lang {
        Some(tags) => LanguagePreferences::from_accept_language(tags),
        None => headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .map(LanguagePreferences::from_accept_language)
            .unwrap_or_default(),
    };
    let chain = app.catalog.negotiate(&preferences);
    let zone = match tz.map(tidings::parse_time_zone) {
        None => jiff::tz::TimeZone::UTC,
        Some(Ok(zone)) => zone,
        Some(Err(_)) => {
            return Err(refuse(
                StatusCode::BAD_REQUEST,
                "tz must be an IANA time zone, such as Europe/Amsterdam",
            )
            .into_response());
        }
    };
    match app.state.ledger().notices().await {
        Ok(notices) => Ok((chain, zone, notices)),
        Err(err) => {
            tracing::error!(%err, "the notices could not be read");
            Err(refuse(
                StatusCode::SERVICE_UNAVAILABLE,
                "this cannot be read right now",
            )
            .into_response())
        }
    }
}
