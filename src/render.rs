//! What a notice says to one reader: [`Rendered`], the [`Renderer`] that
//! makes and keeps renderings, and the text and HTML layouts of the email.
//!
//! A rendering depends on the notice, the locale chain and the time zone
//! only, never on the recipient, so the many customers who share a language
//! and a zone share one rendering from the renderer's cache.

mod encodings;
mod html;
mod layout;

use std::borrow::Cow;
use std::collections::{HashMap, VecDeque};
use std::hash::{BuildHasher, RandomState};
use std::sync::{Arc, Mutex};

use jiff::tz::TimeZone;
use serde::Serialize;

use crate::l10n::{Catalog, LocaleChain};
use crate::notice::Notice;
use crate::recipient::LanguagePreferences;

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
    chains: ChainCache,
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
            chains: ChainCache::default(),
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
        // Looked up with borrowed parts: a hit, which nearly every
        // recipient of a large send is, copies nothing.
        let zone = match tz.iana_name() {
            Some(name) => Cow::Borrowed(name),
            None => Cow::Owned(zone_name(tz)),
        };
        let key = RenderKey {
            incident: &notice.incident.id,
            revision: notice.revision,
            fingerprint,
            chain,
            zone: &zone,
        };
        if let Some(hit) = self.cache.get(&key) {
            return hit;
        }
        let rendered = Arc::new(render(&self.catalog, notice, chain, tz));
        self.cache.insert(&key, Arc::clone(&rendered));
        rendered
    }

    /// The catalog's locales for a reader of `preferences` (see
    /// [`Catalog::negotiate`]), from a bounded cache: a send meets few
    /// distinct preference lists, and negotiating one costs more than
    /// looking it up.
    pub(crate) fn negotiate(&self, preferences: &LanguagePreferences) -> LocaleChain {
        self.chains.negotiate(&self.catalog, preferences)
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

/// What a rendering depends on, borrowed.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
struct RenderKey<'a> {
    incident: &'a str,
    revision: u32,
    fingerprint: u64,
    chain: &'a LocaleChain,
    zone: &'a str,
}

/// A [`RenderKey`] kept with its rendering.
#[derive(Clone, PartialEq, Eq)]
struct OwnedKey {
    incident: String,
    revision: u32,
    fingerprint: u64,
    chain: LocaleChain,
    zone: String,
}

impl OwnedKey {
    fn new(key: &RenderKey<'_>) -> Self {
        OwnedKey {
            incident: key.incident.to_owned(),
            revision: key.revision,
            fingerprint: key.fingerprint,
            chain: key.chain.clone(),
            zone: key.zone.to_owned(),
        }
    }

    fn is(&self, key: &RenderKey<'_>) -> bool {
        self.incident == key.incident
            && self.revision == key.revision
            && self.fingerprint == key.fingerprint
            && self.chain == *key.chain
            && self.zone == key.zone
    }
}

/// A bounded cache of renderings: the oldest goes first when it is full, so
/// memory stays flat however many recipients a notice has. Entries are
/// found by the hash of their key and confirmed against the whole key, so
/// a lookup borrows; two keys with one hash share a slot, the later one
/// replacing the earlier.
struct RenderCache {
    capacity: usize,
    hasher: RandomState,
    entries: Mutex<CacheEntries>,
}

#[derive(Default)]
struct CacheEntries {
    map: HashMap<u64, (OwnedKey, Arc<Rendered>)>,
    order: VecDeque<u64>,
}

impl RenderCache {
    fn new(capacity: usize) -> Self {
        RenderCache {
            capacity,
            hasher: RandomState::new(),
            entries: Mutex::default(),
        }
    }

    fn get(&self, key: &RenderKey<'_>) -> Option<Arc<Rendered>> {
        let hash = self.hasher.hash_one(key);
        let entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        match entries.map.get(&hash) {
            Some((kept, rendered)) if kept.is(key) => Some(Arc::clone(rendered)),
            _ => None,
        }
    }

    fn insert(&self, key: &RenderKey<'_>, rendered: Arc<Rendered>) {
        if self.capacity == 0 {
            return;
        }
        let hash = self.hasher.hash_one(key);
        // A panic elsewhere cannot leave the map half-written: keep using it.
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(slot) = entries.map.get_mut(&hash) {
            *slot = (OwnedKey::new(key), rendered);
            return;
        }
        while entries.map.len() >= self.capacity {
            match entries.order.pop_front() {
                Some(oldest) => entries.map.remove(&oldest),
                None => break,
            };
        }
        entries.order.push_back(hash);
        entries.map.insert(hash, (OwnedKey::new(key), rendered));
    }
}

/// Negotiated locale chains by the preferences they came from, up to
/// [`ChainCache::CAPACITY`]; when full it starts again, so memory stays flat
/// however many distinct lists a send meets.
#[derive(Default)]
struct ChainCache {
    chains: Mutex<HashMap<LanguagePreferences, LocaleChain>>,
}

impl ChainCache {
    const CAPACITY: usize = 1024;

    fn negotiate(&self, catalog: &Catalog, preferences: &LanguagePreferences) -> LocaleChain {
        let cached = {
            let chains = self.chains.lock().unwrap_or_else(|p| p.into_inner());
            chains.get(preferences).cloned()
        };
        if let Some(chain) = cached {
            return chain;
        }
        let chain = catalog.negotiate(preferences);
        let mut chains = self.chains.lock().unwrap_or_else(|p| p.into_inner());
        if chains.len() >= Self::CAPACITY {
            chains.clear();
        }
        chains.insert(preferences.clone(), chain.clone());
        chain
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiated_chains_are_kept_and_stay_bounded() {
        let renderer = Renderer::new(Arc::new(Catalog::shipped().unwrap()));
        let prefs = |tags: &[&str]| LanguagePreferences::from_tags(tags).unwrap();
        for tags in [&["nl-BE"][..], &["pt-BR", "fr"], &[], &["ja"], &["nl-BE"]] {
            let p = prefs(tags);
            assert!(renderer.negotiate(&p) == renderer.catalog().negotiate(&p));
        }
        // More distinct lists than it keeps: it starts again, never grows.
        for i in 0..ChainCache::CAPACITY + 10 {
            let region = format!("en-{:03}", i % 1000);
            let p = prefs(&[&region[..], ["fr", "de"][i / 1000]]);
            assert!(renderer.negotiate(&p) == renderer.catalog().negotiate(&p));
        }
        let kept = renderer.chains.chains.lock().unwrap().len();
        assert!((1..=ChainCache::CAPACITY).contains(&kept), "{kept}");
    }

    #[test]
    fn a_zone_without_a_name_is_kept_by_its_offset() {
        let catalog = Arc::new(Catalog::shipped().unwrap());
        let renderer = Renderer::new(Arc::clone(&catalog));
        let notice: Notice = toml::from_str(
            r#"
            [incident]
            id = "creator-2022-03-14"
            product = "Creator"
            severity = "critical"
            started_at = "2022-03-14T08:30:00+01:00"
            [notice]
            revision = 1
            status = "investigating"
            published_at = "2022-03-14T09:15:00+01:00"
            "#,
        )
        .unwrap();
        let chain = catalog.negotiate(&LanguagePreferences::from_tags(["de"]).unwrap());
        let plus2 = TimeZone::fixed(jiff::tz::offset(2));
        let plus3 = TimeZone::fixed(jiff::tz::offset(3));
        let a = renderer.render(&notice, &chain, &plus2);
        let b = renderer.render(&notice, &chain, &plus2);
        let c = renderer.render(&notice, &chain, &plus3);
        assert!(Arc::ptr_eq(&a, &b));
        assert!(!Arc::ptr_eq(&a, &c));
        assert_ne!(a.time_zone, c.time_zone);
    }
}
