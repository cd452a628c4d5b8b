//! Which locales a reader gets, and what happens when a locale lacks a message.

mod support;

use support::*;
use tidings::{Catalog, LanguagePreferences};

fn negotiated(catalog: &Catalog, prefs: &LanguagePreferences) -> String {
    catalog.negotiate(prefs).to_string()
}

#[test]
fn preferences_negotiate_to_shipped_locales() {
    let catalog = shipped();
    let table = [
        ("nl-BE", "nl-NL > en-US"),
        ("sv-SE de", "de-DE > en-US"),
        ("sv-SE", "en-US"),
        ("sv-SE es-MX en-GB", "es-ES > en-US"),
        ("pt-PT", "pt-BR > en-US"),
        // Simplified Chinese is not given to readers of Traditional.
        ("zh", "zh-CN > en-US"),
        ("zh-Hans-SG", "zh-CN > en-US"),
        ("zh-TW", "en-US"),
        ("zh-Hant-HK ja", "ja-JP > en-US"),
        ("de-AT", "de-DE > en-US"),
        ("fr-CH", "fr-FR > en-US"),
        ("en-GB", "en-US"),
        ("ar-EG", "ar > en-US"),
        ("ja", "ja-JP > en-US"),
        ("it-IT nl", "it-IT > nl-NL > en-US"),
        ("zh-Hant-TW", "en-US"),
    ];
    for (tags, expected) in table {
        let prefs = LanguagePreferences::from_tags(tags.split(' ')).unwrap();
        assert_eq!(negotiated(&catalog, &prefs), expected, "preferences {tags}");
    }
    // No preference at all: the default locale.
    assert_eq!(
        negotiated(&catalog, &LanguagePreferences::default()),
        "en-US"
    );
    // From a browser's header.
    let header = LanguagePreferences::from_accept_language("sv-SE,sv;q=0.9,fr-BE;q=0.8,en;q=0.5");
    assert_eq!(negotiated(&catalog, &header), "fr-FR > en-US");
}

#[test]
fn a_missing_message_falls_back_along_the_chain_and_is_reported() {
    // A Swedish catalog being written: one message translated so far.
    let pt =
        "notice-investigating = { $product }: vi undersöker en störning\n    .status = Undersöks\n";
    let catalog = Catalog::builder()
        .source("sv-SE", "sv-SE/tidings.ftl", pt)
        .allow_incomplete_locales()
        .build()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        catalog.warnings().len() > 20,
        "every untranslated message is listed"
    );
    assert!(catalog.warnings().iter().all(|w| w.locale == "sv-SE"));

    let notice = &creator_outage()[0];
    let r = render(&catalog, notice, "sv-SE de", "Europe/Stockholm");
    // Translated: from sv-SE. Untranslated: from the next locale, German.
    assert_eq!(r.subject, "Creator: vi undersöker en störning");
    assert_eq!(r.status_label, "Undersöks");
    assert!(
        r.text
            .starts_with("Wir gehen einem Problem bei „Creator“ nach\n"),
        "{}",
        r.text
    );
    assert!(
        r.notes
            .contains(&"`notice-investigating.heading` is not in sv-SE; used de-DE".to_owned()),
        "{:?}",
        r.notes
    );

    // Without the allowance, the same catalog is refused, naming the gaps.
    let err = Catalog::builder()
        .source("sv-SE", "sv-SE/tidings.ftl", pt)
        .build()
        .unwrap_err();
    let shown = err.to_string();
    assert!(shown.contains("locales/en-US/tidings.ftl:"), "{shown}");
    assert!(
        shown.contains("sv-SE: attribute `notice-investigating.heading` is not translated"),
        "{shown}"
    );
    assert!(
        shown.contains("sv-SE: message `notice-resolved` is not translated"),
        "{shown}"
    );
}
