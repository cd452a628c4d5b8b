//! The languages a recipient reads.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use unic_langid::LanguageIdentifier;

use crate::error::InputError;

/// The languages a recipient reads, best first.
///
/// Reads from a list of BCP 47 tags (`["nl-BE", "en"]`), a string of tags
/// separated by spaces or commas (`"nl-BE en"`), or an HTTP `Accept-Language`
/// header. An empty list means the catalog's default locale.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct LanguagePreferences(Vec<LanguageIdentifier>);

impl LanguagePreferences {
    /// Parses BCP 47 tags, best first. A tag that is not well-formed is an
    /// error that names it; a well-formed tag of a language tidings has no
    /// messages for is fine (negotiation passes over it).
    pub fn from_tags<I, S>(tags: I) -> Result<Self, InputError>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        tags.into_iter()
            .map(|tag| parse_tag(tag.as_ref()))
            .collect::<Result<Vec<_>, _>>()
            .map(LanguagePreferences)
    }

    /// Parses an HTTP `Accept-Language` header (`nl-BE,nl;q=0.9,en;q=0.5`),
    /// ordered by quality. Like a browser's server would, it skips entries it
    /// cannot read, `*`, and those with `q=0`, rather than failing.
    pub fn from_accept_language(header: &str) -> Self {
        let mut weighted: Vec<(u16, LanguageIdentifier)> = header
            .split(',')
            .filter_map(|item| {
                let mut parts = item.split(';');
                let tag = parts.next()?.trim();
                let mut quality = 1000;
                for param in parts {
                    let (key, value) = param.split_once('=')?;
                    if key.trim().eq_ignore_ascii_case("q") {
                        quality = parse_quality(value.trim())?;
                    }
                }
                if tag == "*" || quality == 0 {
                    return None;
                }
                Some((quality, parse_tag(tag).ok()?))
            })
            .collect();
        // A stable sort keeps the header's order among equal weights.
        weighted.sort_by_key(|(quality, _)| std::cmp::Reverse(*quality));
        LanguagePreferences(weighted.into_iter().map(|(_, lang)| lang).collect())
    }

    /// The languages, best first.
    pub fn as_slice(&self) -> &[LanguageIdentifier] {
        &self.0
    }

    /// Whether no language is given.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<Vec<LanguageIdentifier>> for LanguagePreferences {
    fn from(languages: Vec<LanguageIdentifier>) -> Self {
        LanguagePreferences(languages)
    }
}

impl Serialize for LanguagePreferences {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|lang| lang.to_string()))
    }
}

impl<'de> Deserialize<'de> for LanguagePreferences {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Tags {
            List(Vec<String>),
            Text(String),
        }
        let tags = match Tags::deserialize(d)? {
            Tags::List(list) => list,
            Tags::Text(text) => text
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
                .collect(),
        };
        LanguagePreferences::from_tags(tags).map_err(serde::de::Error::custom)
    }
}

/// Parses one BCP 47 tag, naming it in the error.
pub(crate) fn parse_tag(tag: &str) -> Result<LanguageIdentifier, InputError> {
    let invalid = || InputError::LanguageTag {
        tag: tag.to_owned(),
    };
    if tag.is_empty() || tag.contains(char::is_whitespace) {
        return Err(invalid());
    }
    tag.parse().map_err(|_| invalid())
}

/// An HTTP quality value (`0` to `1`, three decimals) in thousandths.
fn parse_quality(value: &str) -> Option<u16> {
    let q: f32 = value.parse().ok()?;
    (0.0..=1.0)
        .contains(&q)
        .then(|| (q * 1000.0).round() as u16)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(p: &LanguagePreferences) -> Vec<String> {
        p.as_slice().iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn tags_parse_in_order_and_bad_tags_are_named() {
        let p = LanguagePreferences::from_tags(["nl-BE", "en", "pt-BR"]).unwrap();
        assert_eq!(tags(&p), ["nl-BE", "en", "pt-BR"]);
        let err = LanguagePreferences::from_tags(["nl", "not a tag!"]).unwrap_err();
        assert_eq!(
            err,
            InputError::LanguageTag {
                tag: "not a tag!".into()
            }
        );
        assert!(err.to_string().contains("`not a tag!`"));
    }

    #[test]
    fn accept_language_orders_by_quality_and_skips_junk() {
        let p = LanguagePreferences::from_accept_language(
            "en;q=0.5, nl-BE, *;q=0.1, x y;q=0.9, de;q=0, fr-CH;q=0.8, nl;q=0.8",
        );
        assert_eq!(tags(&p), ["nl-BE", "fr-CH", "nl", "en"]);
        assert!(LanguagePreferences::from_accept_language("").is_empty());
        assert!(LanguagePreferences::from_accept_language(";;,=q").is_empty());
    }

    #[test]
    fn preferences_deserialize_from_list_or_text() {
        let p: LanguagePreferences = serde_json::from_str(r#"["de-AT","en"]"#).unwrap();
        assert_eq!(tags(&p), ["de-AT", "en"]);
        let p: LanguagePreferences = serde_json::from_str(r#""es-MX es, en""#).unwrap();
        assert_eq!(tags(&p), ["es-MX", "es", "en"]);
        let err = serde_json::from_str::<LanguagePreferences>(r#""es-MX 12345678901""#)
            .unwrap_err()
            .to_string();
        assert!(err.contains("12345678901"), "{err}");
    }
}
