//! [`Details`]: what people wrote about a notice, in the languages they
//! wrote it in, and the text a reader of each language gets.

use unic_langid::LanguageIdentifier;

use crate::error::InputError;

/// Text written by people, in one or more languages, with the language to
/// show to readers of none of them.
#[derive(Debug, Clone, PartialEq)]
pub struct Details {
    pub(super) texts: Vec<(LanguageIdentifier, String)>,
    pub(super) fallback: LanguageIdentifier,
}

impl Details {
    /// Details in the given languages. `fallback` must be one of them.
    pub fn new(
        texts: impl IntoIterator<Item = (LanguageIdentifier, String)>,
        fallback: LanguageIdentifier,
    ) -> Result<Self, InputError> {
        let texts: Vec<_> = texts.into_iter().collect();
        for (lang, text) in &texts {
            crate::checks::check_details(&lang.to_string(), text)?;
        }
        if !texts.iter().any(|(lang, _)| *lang == fallback) {
            return Err(InputError::DetailsFallback {
                fallback: fallback.to_string(),
            });
        }
        Ok(Details { texts, fallback })
    }

    /// The languages the details are written in, as given.
    pub fn languages(&self) -> impl Iterator<Item = &LanguageIdentifier> {
        self.texts.iter().map(|(lang, _)| lang)
    }

    /// The language shown to readers of none of the others.
    pub fn fallback(&self) -> &LanguageIdentifier {
        &self.fallback
    }

    /// The text in exactly this language.
    pub fn get(&self, lang: &LanguageIdentifier) -> Option<&str> {
        self.texts
            .iter()
            .find(|(l, _)| l == lang)
            .map(|(_, text)| text.as_str())
    }

    /// The text for a reader of `languages` (best first): the best match
    /// (`nl-BE` reads `nl-NL`), and whether it is in a language they read.
    /// Without a match, the fallback text and `false`.
    pub fn for_reader(
        &self,
        languages: &[LanguageIdentifier],
    ) -> (&LanguageIdentifier, &str, bool) {
        let available: Vec<&LanguageIdentifier> = self.languages().collect();
        let matched = fluent_langneg::negotiate_languages(
            languages,
            &available,
            None,
            fluent_langneg::NegotiationStrategy::Lookup,
        );
        let (lang, found) = match matched.first() {
            Some(lang) => (**lang, true),
            None => (&self.fallback, false),
        };
        let text = self.get(lang).unwrap_or_default();
        (lang, text, found)
    }
}
