//! `tidings preview`: what a customer with these preferences would see.

use std::path::Path;

use tidings::LanguagePreferences;

use crate::{Format, Outcome, input};

pub fn run(
    notice: &Path,
    lang: &str,
    time_zone: Option<&str>,
    format: Format,
    locales: Option<&Path>,
) -> Outcome {
    let fail = |message: String| {
        eprintln!("error: {message}");
        Outcome::BadInput
    };
    let notice = match input::notice(notice) {
        Ok(notice) => notice,
        Err(err) => return fail(err),
    };
    let languages =
        match LanguagePreferences::from_tags(lang.split([' ', ',']).filter(|t| !t.is_empty())) {
            Ok(languages) => languages,
            Err(err) => return fail(err.to_string()),
        };
    let zone = match time_zone {
        Some(name) => match tidings::parse_time_zone(name) {
            Ok(zone) => zone,
            Err(err) => return fail(err.to_string()),
        },
        None => notice.time_zone(),
    };
    let catalog = match crate::catalog(locales) {
        Ok(catalog) => catalog,
        Err(err) => return fail(err),
    };
    let chain = catalog.negotiate(&languages);
    let rendered = catalog.render(&notice, &chain, &zone);
    match format {
        Format::Text => {
            println!(
                "Subject: {}\nLocales: {chain}\nTime zone: {}\n",
                rendered.subject, rendered.time_zone
            );
            print!("{}", rendered.text);
            println!("\nIn-app: {}\n        {}", rendered.title, rendered.brief);
        }
        Format::Html => print!("{}", rendered.html),
        Format::Json => match serde_json::to_string_pretty(&rendered) {
            Ok(json) => println!("{json}"),
            Err(err) => return fail(err.to_string()),
        },
    }
    Outcome::Done
}
