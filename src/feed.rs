//! An Atom feed (RFC 4287) of incidents and planned maintenance, in one
//! reader's language and zone: one entry per incident, updated as it
//! moves, with the text of each of its updates, newest first.
//!
//! The feed is rendered from the notices the ledger keeps
//! ([`LedgerReader::notices`](crate::ledger::LedgerReader::notices)) with
//! the same messages as the emails, so a feed reader in Dutch reads what a
//! Dutch customer's email says. Ids are stable: an entry's id is derived
//! from the feed's id and the incident's, so it is the same every time
//! the feed is read and tells readers an entry changed, not that a new one
//! came.
//!
//! ```
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use tidings::feed::Feed;
//! use tidings::{Catalog, LanguagePreferences};
//!
//! let catalog = Catalog::shipped()?;
//! let notice: tidings::Notice = serde_json::from_str(r#"{
//!     "incident": {"id": "creator-2022-03-14", "product": "Creator", "severity": "critical",
//!                  "started_at": "2022-03-14T07:30:00Z"},
//!     "notice": {"revision": 1, "status": "investigating", "published_at": "2022-03-14T07:52:00Z"}
//! }"#)?;
//! let feed = Feed::builder("https://status.example.com/feed.atom?lang=nl", "Creator")
//!     .status_page("https://status.example.com/")
//!     .build();
//! let chain = catalog.negotiate(&LanguagePreferences::from_tags(["nl"])?);
//! let zone = tidings::parse_time_zone("Europe/Amsterdam")?;
//! let xml = feed.atom(&catalog, &[notice], &chain, &zone);
//! assert!(xml.contains(r#"xml:lang="nl-NL""#));
//! assert!(xml.contains("storing bij Creator"));
//! # Ok(())
//! # }
//! ```

use std::collections::BTreeMap;

use jiff::Timestamp;
use jiff::tz::TimeZone;
use sha2::{Digest, Sha256};

use crate::l10n::{Catalog, LocaleChain};
use crate::notice::Notice;

/// At most this many incidents, newest first, unless the builder says.
const DEFAULT_LIMIT: usize = 50;

/// How a feed is named and what it holds.
#[derive(Debug, Clone)]
pub struct Feed {
    id: String,
    site: String,
    status_page: Option<String>,
    product: Option<String>,
    limit: usize,
}

/// Configures a [`Feed`].
#[derive(Debug, Clone)]
#[must_use]
pub struct FeedBuilder {
    feed: Feed,
}

impl FeedBuilder {
    /// The status page, the feed's `alternate` link and each entry's when
    /// its notices name none.
    pub fn status_page(mut self, url: impl Into<String>) -> Self {
        self.feed.status_page = Some(url.into());
        self
    }

    /// Only incidents of this product, or that affect this component.
    pub fn product(mut self, product: impl Into<String>) -> Self {
        self.feed.product = Some(product.into());
        self
    }

    /// At most this many incidents, the most recently updated (50 unless
    /// changed).
    pub fn limit(mut self, incidents: usize) -> Self {
        self.feed.limit = incidents;
        self
    }

    /// The feed.
    pub fn build(self) -> Feed {
        self.feed
    }
}

impl Feed {
    /// A feed whose id (and `self` link) is `id`, the URL it is served at
    /// (one per language: `…/feed.atom?lang=nl`), for the service `site`
    /// ("Creator"), named in its title.
    pub fn builder(id: impl Into<String>, site: impl Into<String>) -> FeedBuilder {
        FeedBuilder {
            feed: Feed {
                id: id.into(),
                site: site.into(),
                status_page: None,
                product: None,
                limit: DEFAULT_LIMIT,
            },
        }
    }

    /// The feed as Atom XML, in the language of `chain` and the zone `tz`,
    /// from `notices` (every revision of every incident it should show, in
    /// any order; reminders are not updates and are left out).
    pub fn atom(
        &self,
        catalog: &Catalog,
        notices: &[Notice],
        chain: &LocaleChain,
        tz: &TimeZone,
    ) -> String {
        let mut incidents: BTreeMap<&str, Vec<&Notice>> = BTreeMap::new();
        for notice in notices {
            if notice.reminder.is_some() || notice.joins_late || !self.shows(notice) {
                continue;
            }
            incidents
                .entry(notice.incident.id.as_str())
                .or_default()
                .push(notice);
        }
        let mut incidents: Vec<Vec<&Notice>> = incidents
            .into_values()
            .map(|mut revisions| {
                revisions.sort_by_key(|n| std::cmp::Reverse(n.revision));
                revisions
            })
            .collect();
        // Newest update first; an incident's id breaks ties, so the order
        // is the same every time.
        incidents.sort_by(|a, b| {
            (b[0].published_at, &a[0].incident.id).cmp(&(a[0].published_at, &b[0].incident.id))
        });
        incidents.truncate(self.limit);

        let locale = chain.primary().to_string();
        let rtl = chain.is_rtl();
        let title = catalog.message_with(chain, "feed-title", &[("site", &self.site)]);
        let updated = incidents
            .first()
            .map_or(Timestamp::UNIX_EPOCH, |i| i[0].published_at);
        let mut x = Xml::default();
        x.raw("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
        x.raw("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"")
            .attr(&locale)
            .raw("\">\n");
        x.raw("  <id>").text(&self.id).raw("</id>\n");
        x.raw("  <title type=\"text\">")
            .text(&plain(&title))
            .raw("</title>\n");
        x.raw("  <updated>")
            .text(&rfc3339(updated))
            .raw("</updated>\n");
        x.raw("  <link rel=\"self\" type=\"application/atom+xml\" href=\"")
            .attr(&self.id)
            .raw("\"/>\n");
        if let Some(page) = &self.status_page {
            x.raw("  <link rel=\"alternate\" type=\"text/html\" href=\"")
                .attr(page)
                .raw("\"/>\n");
        }
        x.raw("  <author><name>")
            .text(&self.site)
            .raw("</name></author>\n");
        x.raw("  <generator version=\"")
            .attr(env!("CARGO_PKG_VERSION"))
            .raw("\">tidings</generator>\n");
        for revisions in &incidents {
            self.entry(&mut x, catalog, revisions, chain, tz, rtl);
        }
        x.raw("</feed>\n");
        x.0
    }

    fn shows(&self, notice: &Notice) -> bool {
        match &self.product {
            None => true,
            Some(product) => {
                notice.incident.product == *product
                    || notice.incident.components.iter().any(|c| c == product)
            }
        }
    }

    fn entry(
        &self,
        x: &mut Xml,
        catalog: &Catalog,
        revisions: &[&Notice],
        chain: &LocaleChain,
        tz: &TimeZone,
        rtl: bool,
    ) {
        let latest = revisions[0];
        let first = revisions[revisions.len() - 1];
        let now = catalog.render(latest, chain, tz);
        x.raw("  <entry>\n");
        x.raw("    <id>")
            .text(&entry_id(&self.id, &latest.incident.id))
            .raw("</id>\n");
        x.raw("    <title type=\"text\">")
            .text(&plain(&now.title))
            .raw("</title>\n");
        x.raw("    <published>")
            .text(&rfc3339(first.published_at))
            .raw("</published>\n");
        x.raw("    <updated>")
            .text(&rfc3339(latest.published_at))
            .raw("</updated>\n");
        if let Some(page) = latest.status_page().or(self.status_page.as_deref()) {
            x.raw("    <link rel=\"alternate\" type=\"text/html\" href=\"")
                .attr(page)
                .raw("\"/>\n");
        }
        x.raw("    <category term=\"")
            .attr(if latest.status.is_planned() {
                "maintenance"
            } else {
                "incident"
            })
            .raw("\"/>\n");
        x.raw("    <summary type=\"text\">")
            .text(&plain(&now.summary))
            .raw("</summary>\n");
        x.raw("    <content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\" dir=\"")
            .raw(if rtl { "rtl" } else { "ltr" })
            .raw("\">\n");
        for notice in revisions {
            let r = catalog.render(notice, chain, tz);
            // The update's own line ("Update 2, posted …") heads its text.
            let heading = r
                .times
                .last()
                .map_or(r.status_label.as_str(), String::as_str);
            x.raw("      <h2>").text(&plain(heading)).raw("</h2>\n");
            x.raw("      <p><strong>")
                .text(&plain(&r.status_label))
                .raw("</strong></p>\n");
            for paragraph in [&r.lead, &r.advice] {
                x.raw("      <p>").text(&plain(paragraph)).raw("</p>\n");
            }
            if !r.details.is_empty() {
                let lang = r.details_locale.as_deref().unwrap_or(&r.locale);
                let rtl = lang.parse().is_ok_and(|l| crate::l10n::is_rtl(&l));
                x.raw("      <div lang=\"")
                    .attr(lang)
                    .raw("\" dir=\"")
                    .raw(if rtl { "rtl" } else { "ltr" })
                    .raw("\">\n");
                for paragraph in &r.details {
                    x.raw("        <p>").text(&plain(paragraph)).raw("</p>\n");
                }
                x.raw("      </div>\n");
            }
        }
        x.raw("    </div></content>\n");
        x.raw("  </entry>\n");
    }
}

/// An entry's id: a UUID URN derived from the feed's id and the
/// incident's, the same every time.
fn entry_id(feed: &str, incident: &str) -> String {
    let digest = Sha256::new()
        .chain_update(feed.as_bytes())
        .chain_update([0])
        .chain_update(incident.as_bytes())
        .finalize();
    let mut b: [u8; 16] = digest[..16].try_into().unwrap_or_default();
    // Version 8 (custom), RFC 9562 variant.
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

fn rfc3339(ts: Timestamp) -> String {
    ts.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Text for XML: without the control characters XML 1.0 cannot hold (the
/// isolation marks of right-to-left text stay: they are text).
fn plain(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
        .collect()
}

/// The XML being written: text and attribute values always escaped.
#[derive(Default)]
struct Xml(String);

impl Xml {
    fn raw(&mut self, s: &str) -> &mut Self {
        self.0.push_str(s);
        self
    }

    fn text(&mut self, s: &str) -> &mut Self {
        for c in s.chars() {
            match c {
                '&' => self.0.push_str("&amp;"),
                '<' => self.0.push_str("&lt;"),
                '>' => self.0.push_str("&gt;"),
                c if c.is_control() && !matches!(c, '\n' | '\t') => {}
                c => self.0.push(c),
            }
        }
        self
    }

    fn attr(&mut self, s: &str) -> &mut Self {
        for c in s.chars() {
            match c {
                '&' => self.0.push_str("&amp;"),
                '<' => self.0.push_str("&lt;"),
                '"' => self.0.push_str("&quot;"),
                c if c.is_control() => {}
                c => self.0.push(c),
            }
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_ids_are_stable_and_distinct() {
        let a = entry_id("https://s.example/feed.atom", "i-1");
        assert_eq!(a, entry_id("https://s.example/feed.atom", "i-1"));
        assert_ne!(a, entry_id("https://s.example/feed.atom", "i-2"));
        assert_ne!(a, entry_id("https://s.example/feed.atom?lang=nl", "i-1"));
        assert_eq!(a.len(), "urn:uuid:".len() + 36);
    }

    #[test]
    fn values_are_escaped() {
        let mut x = Xml::default();
        x.text("<b>&\u{7}").attr("\"<&");
        assert_eq!(x.0, "&lt;b&gt;&amp;&quot;&lt;&amp;");
    }
}
