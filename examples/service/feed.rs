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
use tidings::LanguagePreferences;
use tidings::feed::Feed;
use tidings::ledger::LedgerReader;

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
    let too_long = [&asked.lang, &asked.tz, &asked.product]
        .iter()
        .any(|v| v.as_ref().is_some_and(|v| v.len() > MAX_PARAMETER));
    if too_long {
        return refuse(
            StatusCode::BAD_REQUEST,
            "a question of the feed is too long",
        )
        .into_response();
    }
    // A language asked for by name wins over the browser's; one tidings
    // does not know reads as the default, like any preference.
    let preferences = match &asked.lang {
        Some(tags) => LanguagePreferences::from_accept_language(tags),
        None => headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .map(LanguagePreferences::from_accept_language)
            .unwrap_or_default(),
    };
    let chain = app.catalog.negotiate(&preferences);
    let zone = match asked.tz.as_deref().map(tidings::parse_time_zone) {
        None => jiff::tz::TimeZone::UTC,
        Some(Ok(zone)) => zone,
        Some(Err(_)) => {
            return refuse(
                StatusCode::BAD_REQUEST,
                "tz must be an IANA time zone, such as Europe/Amsterdam",
            )
            .into_response();
        }
    };
    let notices = match app.state.ledger().notices().await {
        Ok(notices) => notices,
        Err(err) => {
            tracing::error!(%err, "the feed could not read the notices");
            return refuse(
                StatusCode::SERVICE_UNAVAILABLE,
                "the feed cannot be read right now",
            )
            .into_response();
        }
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
