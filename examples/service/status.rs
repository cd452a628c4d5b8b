//! `GET /status`: the public status page. Current incidents, planned
//! maintenance and the recent history with every update, in the visitor's
//! language and direction (`?lang=`, else `Accept-Language`) and zone
//! (`?tz=`; the page's script adds the browser's own), linked to the feed.
//! Rendered on the server, so it is whole without JavaScript; with it, a
//! new update appears without a reload (`/status/events`).

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{Html, IntoResponse, Response};
use futures_util::{StreamExt, stream};
use html_escape::{encode_double_quoted_attribute as attr, encode_text as text};
use serde::Deserialize;
use tidings::{Catalog, Direction, LocaleChain, Notice, Rendered, Status};
use tokio::sync::broadcast;

use crate::App;
use crate::feed::public_view;
use crate::inbox::{Streams, fill, policy};

const PAGE: &str = include_str!("status.html");

/// How many past incidents the history shows.
const HISTORY: usize = 20;

static POLICY: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| policy(PAGE));

#[derive(Deserialize)]
pub struct Asked {
    lang: Option<String>,
    tz: Option<String>,
    /// `main`: only the part that changes, for the page's script.
    part: Option<String>,
}

/// Tells the open status pages that a notice was published.
pub fn changed(app: &App) {
    // Nobody watching is fine.
    let _ = app.published.send(());
}

pub async fn page(
    State(app): State<Arc<App>>,
    Query(asked): Query<Asked>,
    headers: HeaderMap,
) -> Response {
    let (chain, zone, notices) = match public_view(
        &app,
        [&asked.lang, &asked.tz, &asked.part],
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
    let main = main(&app, &chain, &zone, notices);
    let html = if asked.part.as_deref() == Some("main") {
        main
    } else {
        let (before, after) = PAGE.split_once("{main}").unwrap_or((PAGE, ""));
        let feed = format!("/feed.atom?lang={lang}");
        let values = [
            ("lang", lang.clone()),
            ("dir", Direction::of(&chain).to_string()),
            ("title", heading(&app, &chain)),
            ("feed", feed),
            (
                "feed_title",
                message(&app.catalog, &chain, "service-status-feed"),
            ),
        ];
        format!("{}{main}{}", fill(before, &values), fill(after, &values))
    };
    let mut response = (
        [
            (header::CACHE_CONTROL, "no-cache"),
            (header::VARY, "Accept-Language"),
            (header::X_FRAME_OPTIONS, "DENY"),
        ],
        Html(html),
    )
        .into_response();
    if let Ok(lang) = HeaderValue::from_str(&lang) {
        response
            .headers_mut()
            .insert(header::CONTENT_LANGUAGE, lang);
    }
    if let Ok(policy) = HeaderValue::from_str(&POLICY) {
        response
            .headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    response
}

/// `GET /status/events`: `changed` whenever a notice is published.
pub async fn events(State(app): State<Arc<App>>) -> Response {
    let Some(place) = Streams::open_public(&app.streams) else {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::RETRY_AFTER, "30")],
            "too many event streams are open; try again later",
        )
            .into_response();
    };
    let published = app.published.subscribe();
    let mut stopping = app.stopping.clone();
    let stopped = async move {
        let _ = stopping.wait_for(|stop| *stop).await;
    };
    let events = stream::unfold((published, place), |(mut published, place)| async move {
        match published.recv().await {
            Ok(()) | Err(broadcast::error::RecvError::Lagged(_)) => Some((
                Ok::<_, Infallible>(Event::default().event("changed").data("{}")),
                (published, place),
            )),
            Err(broadcast::error::RecvError::Closed) => None,
        }
    })
    .take_until(Box::pin(stopped));
    Sse::new(events)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response()
}

fn message(catalog: &Catalog, chain: &LocaleChain, id: &str) -> String {
    catalog.message(chain, id)
}

fn heading(app: &App, chain: &LocaleChain) -> String {
    let heading =
        app.catalog
            .message_with(chain, "service-status-heading", &[("site", &app.site_name)]);
    // The isolation marks around the name matter in right-to-left text
    // only; elsewhere a copied heading should not carry them.
    if chain.is_rtl() {
        heading
    } else {
        heading.replace(['\u{2068}', '\u{2069}'], "")
    }
}

/// The part of the page that changes: what is going on, what is planned,
/// and what happened.
fn main(app: &App, chain: &LocaleChain, zone: &jiff::tz::TimeZone, notices: Vec<Notice>) -> String {
    let catalog = &app.catalog;
    let mut incidents: std::collections::BTreeMap<String, Vec<Notice>> = Default::default();
    for notice in notices {
        incidents
            .entry(notice.incident().id().to_owned())
            .or_default()
            .push(notice);
    }
    let mut incidents: Vec<Vec<Notice>> = incidents
        .into_values()
        .map(|mut revisions| {
            revisions.sort_by_key(|n| std::cmp::Reverse(n.revision()));
            revisions
        })
        .collect();
    incidents.sort_by(|a, b| {
        (b[0].published_at(), a[0].incident().id())
            .cmp(&(a[0].published_at(), b[0].incident().id()))
    });
    let (mut current, mut planned, mut past) = (String::new(), String::new(), String::new());
    let mut shown_past = 0;
    for revisions in &incidents {
        let latest = &revisions[0];
        let status = latest.status();
        let out = if status.is_final() {
            shown_past += 1;
            if shown_past > HISTORY {
                continue;
            }
            &mut past
        } else if status.is_planned() {
            &mut planned
        } else {
            &mut current
        };
        article(out, catalog, chain, zone, revisions);
    }
    let empty = |out: &mut String, id: &str| {
        if out.is_empty() {
            out.push_str(&format!(
                "<p class=\"quiet\">{}</p>\n",
                text(&message(catalog, chain, id))
            ));
        }
    };
    empty(&mut current, "service-status-all-clear");
    empty(&mut planned, "service-status-none-planned");
    empty(&mut past, "service-status-none-past");
    let lang = chain.primary().to_string();
    let section = |id: &str, title: &str, body: &str| {
        format!(
            "<section aria-labelledby=\"{id}\">\n<h2 id=\"{id}\">{}</h2>\n{body}</section>\n",
            text(&message(catalog, chain, title))
        )
    };
    format!(
        "<main id=\"status\">\n<h1>{}</h1>\n{}{}{}<p><a href=\"{}\">{}</a></p>\n</main>",
        text(&heading(app, chain)),
        section("current", "service-status-current", &current),
        section("planned", "service-status-planned", &planned),
        section("past", "service-status-past", &past),
        attr(&format!("/feed.atom?lang={lang}")),
        text(&message(catalog, chain, "service-status-feed")),
    )
}

/// The badge's class: the colour of how serious it is, or that it is over.
fn badge(notice: &Notice) -> &'static str {
    match notice.status() {
        Status::Cancelled => "cancelled",
        s if s.is_final() => "over",
        s if s.is_planned() => "planned",
        _ => match notice.impact() {
            tidings::Severity::Critical => "critical",
            tidings::Severity::Major => "major",
            _ => "minor",
        },
    }
}

fn article(
    out: &mut String,
    catalog: &Catalog,
    chain: &LocaleChain,
    zone: &jiff::tz::TimeZone,
    revisions: &[Notice],
) {
    let latest = &revisions[0];
    let r: Rendered = catalog.render(latest, chain, zone);
    out.push_str(&format!(
        "<article>\n<h3>{}</h3>\n<p class=\"badge {}\">{}</p>\n<p>{}</p>\n<ul class=\"times\">\n",
        text(&r.title),
        badge(latest),
        text(&r.status_label),
        text(&r.lead)
    ));
    for line in &r.times {
        out.push_str(&format!("<li>{}</li>\n", text(line)));
    }
    out.push_str("</ul>\n");
    if let Some(next) = &r.next_update {
        out.push_str(&format!("<p>{}</p>\n", text(next)));
    }
    if revisions.len() > 1 {
        out.push_str(&format!(
            "<details>\n<summary>{}</summary>\n",
            text(&message(catalog, chain, "service-status-every-update"))
        ));
        for earlier in &revisions[1..] {
            let e = catalog.render(earlier, chain, zone);
            let line = e
                .times
                .last()
                .map_or(e.status_label.as_str(), String::as_str);
            out.push_str(&format!(
                "<h4>{}</h4>\n<p><strong>{}</strong> {}</p>\n",
                text(line),
                text(&e.status_label),
                text(&e.brief)
            ));
        }
        out.push_str("</details>\n");
    }
    out.push_str("</article>\n");
}
