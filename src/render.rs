//! What a notice says to one reader: [`Rendered`], the [`Renderer`] that
//! makes and keeps renderings, and the text and HTML layouts of the email.
//!
//! A rendering depends on the notice, the locale chain and the time zone
//! only, never on the recipient, so the many customers who share a language
//! and a zone share one rendering from the renderer's cache.

mod encodings;
mod html;
mod layout;

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

use jiff::tz::TimeZone;
use serde::Serialize;

use crate::l10n::{Catalog, LocaleChain};
use crate::notice::Notice;

pub(crate) use encodings::Encodings;
use layout::render;
pub(crate) use layout::severity_color;

/// The localized text of one notice for one locale chain and time zone:
/// everything the channels send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Rendered {
    /// The locale most of the text is in (the first of the chain), as a tag;
    /// the email's `Content-Language`.
    pub locale: String,
    /// Which way [`locale`](Rendered::locale) is written.
    pub direction: Direction,
    /// The time zone the dates are shown in.
    pub time_zone: String,
    /// The notice's status, in words (`Identified`, `Opgelost`).
    pub status_label: String,
    /// The full notice's heading, on one line (an email's subject).
    pub subject: String,
    /// The full notice as plain text (an email's text part).
    pub text: String,
    /// The full notice as a complete HTML document (an email's HTML part).
    pub html: String,
    /// A short title, for places with little room: an in-app entry, a
    /// webhook, a chat message. Written as `in_app_title` in JSON, where the
    /// in-app inbox was its first place and the key is kept for the tools
    /// that read it.
    #[serde(rename = "in_app_title")]
    pub title: String,
    /// A few sentences that go under [`title`](Rendered::title) in the same
    /// places. Written as `in_app_body` in JSON, for the same reason.
    #[serde(rename = "in_app_body")]
    pub brief: String,
    /// The notice in one sentence: an SMS, a preview, a log line.
    pub summary: String,
    /// The full notice's heading (the email's `<h1>`), for chat messages
    /// and pages that lay the parts out themselves.
    pub heading: String,
    /// The impact line under the heading, on notices that show one.
    pub impact: Option<String>,
    /// What it means for the customer: the first paragraph.
    pub lead: String,
    /// What they need to do (usually nothing): the second paragraph.
    pub advice: String,
    /// The lines with dates, in the reader's zone: started or planned,
    /// resolved, how long, this update.
    pub times: Vec<String>,
    /// When the next update is due, on notices that promise one.
    pub next_update: Option<String>,
    /// The words of the link to the status page ("View the status page"),
    /// when the notice has one.
    pub status_page_label: Option<String>,
    /// The heading over the people-written details ("What we know"), with
    /// the note that they are in another language when they are.
    pub details_heading: Option<String>,
    /// The people-written details, a paragraph each (empty without any).
    pub details: Vec<String>,
    /// The language the people-written details are shown in, if any.
    pub details_locale: Option<String>,
    /// What did not go as written: a message taken from a fallback locale,
    /// details not in the reader's language, a formatting error. Empty when
    /// everything was found where it was expected.
    pub notes: Vec<String>,
    /// What channels encoded once from this rendering for all of its
    /// deliveries.
    #[serde(skip)]
    pub(crate) encodings: Encodings,
}

/// Which way a language is written: what HTML's `dir` says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Direction {
    /// Left to right: `ltr`.
    #[serde(rename = "ltr")]
    LeftToRight,
    /// Right to left (Arabic, Hebrew): `rtl`.
    #[serde(rename = "rtl")]
    RightToLeft,
}

impl Direction {
    /// The direction of the first locale of `chain`, the one most text is in.
    pub fn of(chain: &LocaleChain) -> Direction {
        if chain.is_rtl() {
            Direction::RightToLeft
        } else {
            Direction::LeftToRight
        }
    }

    /// `ltr` or `rtl`, as HTML's `dir` and the JSON write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::LeftToRight => "ltr",
            Direction::RightToLeft => "rtl",
        }
    }
}

impl std::fmt::Display for Direction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for Direction {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl Catalog {
    /// What `notice` says to a reader of `chain` in time zone `tz`, made
    /// afresh: for a preview. Sends render through a [`Renderer`], which
    /// keeps what it made for the next reader of the same language and zone.
    pub fn render(&self, notice: &Notice, chain: &LocaleChain, tz: &TimeZone) -> Rendered {
        render(self, notice, chain, tz)
    }
}

/// Renders notices with a catalog and keeps the renderings in a bounded
/// cache: a send to a hundred thousand customers renders once per language
/// and time zone among them, and memory stays flat however many there are.
/// Shared between tasks (`Send + Sync`); the [`Dispatcher`](crate::Dispatcher)
/// has one.
pub struct Renderer {
    catalog: Arc<Catalog>,
    cache: RenderCache,
}

impl std::fmt::Debug for Renderer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Renderer")
            .field("catalog", &self.catalog)
            .field("cache_capacity", &self.cache.capacity)
            .finish_non_exhaustive()
    }
}

impl Renderer {
    /// How many renderings a renderer keeps unless told otherwise.
    pub const DEFAULT_CACHE_CAPACITY: usize = 1024;

    /// A renderer over `catalog` keeping up to
    /// [`DEFAULT_CACHE_CAPACITY`](Renderer::DEFAULT_CACHE_CAPACITY)
    /// renderings.
    pub fn new(catalog: Arc<Catalog>) -> Self {
        Renderer::with_cache_capacity(catalog, Renderer::DEFAULT_CACHE_CAPACITY)
    }

    /// A renderer keeping up to `renderings` (0 keeps none; the oldest goes
    /// first when it is full).
    pub fn with_cache_capacity(catalog: Arc<Catalog>, renderings: usize) -> Self {
        Renderer {
            catalog,
            cache: RenderCache::new(renderings),
        }
    }

    /// The catalog it renders with.
    pub fn catalog(&self) -> &Arc<Catalog> {
        &self.catalog
    }

    /// What `notice` says to a reader of `chain` in time zone `tz`. A
    /// rendering made before for the same notice (unchanged), chain and zone
    /// is served from the cache.
    pub fn render(&self, notice: &Notice, chain: &LocaleChain, tz: &TimeZone) -> Arc<Rendered> {
        self.render_prepared(notice, notice.fingerprint(), chain, tz)
    }

    /// [`render`](Renderer::render) with the notice's fingerprint computed
    /// once for a whole send.
    pub(crate) fn render_prepared(
        &self,
        notice: &Notice,
        fingerprint: u64,
        chain: &LocaleChain,
        tz: &TimeZone,
    ) -> Arc<Rendered> {
        let key = RenderKey {
            incident: notice.incident.id.clone(),
            revision: notice.revision,
            fingerprint,
            chain: chain.clone(),
            zone: zone_name(tz),
        };
        if let Some(hit) = self.cache.get(&key) {
            return hit;
        }
        let rendered = Arc::new(render(&self.catalog, notice, chain, tz));
        self.cache.insert(key, Arc::clone(&rendered));
        rendered
    }
}

/// The zone's IANA name, or its offset when it has none.
pub(crate) fn zone_name(tz: &TimeZone) -> String {
    match tz.iana_name() {
        Some(name) => name.to_owned(),
        None => tz
            .to_fixed_offset()
            .map_or_else(|_| "UTC".to_owned(), |o| o.to_string()),
    }
}

#[derive(Clone, PartialEq, Eq, Hash)]
struct RenderKey {
    incident: String,
    revision: u32,
    fingerprint: u64,
    chain: LocaleChain,
    zone: String,
}

/// A bounded cache of renderings: the oldest goes first when it is full, so
/// memory stays flat however many recipients a notice has.
struct RenderCache {
    capacity: usize,
    entries: Mutex<CacheEntries>,
}

#[derive(Default)]
struct CacheEntries {
    map: HashMap<RenderKey, Arc<Rendered>>,
    order: VecDeque<RenderKey>,
}

impl RenderCache {
    fn new(capacity: usize) -> Self {
        RenderCache {
            capacity,
            entries: Mutex::default(),
        }
    }

    fn get(&self, key: &RenderKey) -> Option<Arc<Rendered>> {
        let entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        entries.map.get(key).cloned()
    }

    fn insert(&self, key: RenderKey, rendered: Arc<Rendered>) {
        if self.capacity == 0 {
            return;
        }
        // A panic elsewhere cannot leave the map half-written: keep using it.
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        if entries.map.contains_key(&key) {
            return;
        }
        while entries.map.len() >= self.capacity {
            match entries.order.pop_front() {
                Some(oldest) => entries.map.remove(&oldest),
                None => break,
            };
        }
        entries.order.push_back(key.clone());
        entries.map.insert(key, rendered);
    }
}
