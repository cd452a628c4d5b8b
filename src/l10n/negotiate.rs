//! Which of the catalog's locales a recipient gets, in which order.

use std::fmt;
use std::sync::Arc;

use unic_langid::{CharacterDirection, LanguageIdentifier};

use crate::recipient::LanguagePreferences;

/// The catalog locales one recipient reads, best first, always ending with
/// the default locale. Each message is taken from the first locale in the
/// chain that has it.
///
/// `nl-BE, pt-BR` against a catalog with Dutch and no Portuguese gives
/// `nl-NL, en-US`.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct LocaleChain {
    locales: Arc<[LanguageIdentifier]>,
    /// How many of `locales` came from the recipient's own preferences; the
    /// rest is the default locale, added so that no message is ever missing.
    preferred: usize,
}

impl LocaleChain {
    /// Negotiates `preferences` against `available` (filtering, as RFC 4647
    /// describes: `nl-BE` matches `nl-NL`, `ar-EG` matches `ar`), then adds
    /// `default` if it is not there yet.
    pub(crate) fn negotiate(
        preferences: &LanguagePreferences,
        available: &[LanguageIdentifier],
        default: &LanguageIdentifier,
    ) -> LocaleChain {
        // Each preference in turn, so a match in another script (Simplified
        // Chinese for a reader of Traditional) is dropped for that one.
        let mut locales: Vec<LanguageIdentifier> = Vec::new();
        for wanted in preferences.as_slice() {
            let matched = fluent_langneg::negotiate_languages(
                std::slice::from_ref(wanted),
                available,
                None,
                fluent_langneg::NegotiationStrategy::Filtering,
            );
            for locale in matched {
                if same_script(wanted, locale) && !locales.contains(locale) {
                    locales.push(locale.clone());
                }
            }
        }
        let preferred = locales.len();
        if !locales.contains(default) {
            locales.push(default.clone());
        }
        LocaleChain {
            locales: locales.into(),
            preferred,
        }
    }

    /// The locale most messages come from: the first of the chain.
    pub fn primary(&self) -> &LanguageIdentifier {
        &self.locales[0]
    }

    /// Every locale of the chain, best first.
    pub fn locales(&self) -> &[LanguageIdentifier] {
        &self.locales
    }

    /// The locales that match the recipient's own preferences (without the
    /// default locale, unless they asked for it).
    pub fn preferred(&self) -> &[LanguageIdentifier] {
        &self.locales[..self.preferred]
    }

    /// Whether text in the primary locale runs right to left.
    pub fn is_rtl(&self) -> bool {
        is_rtl(self.primary())
    }
}

impl fmt::Debug for LocaleChain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.locales.iter().map(|l| l.to_string()))
            .finish()
    }
}

impl fmt::Display for LocaleChain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, locale) in self.locales.iter().enumerate() {
            if i > 0 {
                f.write_str(" > ")?;
            }
            write!(f, "{locale}")?;
        }
        Ok(())
    }
}

/// Whether `a` and `b` are written in the same script, where a language is
/// written in more than one: Chinese in Taiwan, Hong Kong and Macau is
/// Traditional (Hant) unless it says otherwise, elsewhere Simplified.
fn same_script(a: &LanguageIdentifier, b: &LanguageIdentifier) -> bool {
    fn script(l: &LanguageIdentifier) -> Option<String> {
        if let Some(script) = l.script {
            return Some(script.as_str().to_ascii_lowercase());
        }
        (l.language.as_str() == "zh").then(|| {
            let traditional = l
                .region
                .is_some_and(|r| matches!(r.as_str(), "TW" | "HK" | "MO"));
            if traditional { "hant" } else { "hans" }.to_owned()
        })
    }
    match (script(a), script(b)) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    }
}

pub(crate) fn is_rtl(locale: &LanguageIdentifier) -> bool {
    locale.character_direction() == CharacterDirection::RTL
}
