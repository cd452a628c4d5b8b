//! The catalog: every locale's messages, validated, ready to format.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use fluent_bundle::{FluentArgs, FluentResource, concurrent::FluentBundle};
use unic_langid::LanguageIdentifier;

use super::negotiate::LocaleChain;
use super::validate::{self, Source};
use super::{datetime, default_locale};
use super::{plural, pseudo};
use crate::error::{CatalogError, Problem, ProblemKind};
use crate::recipient::LanguagePreferences;

/// The arguments every message of a notice is formatted with.
pub(crate) type Args<'a> = FluentArgs<'a>;

type Bundle = FluentBundle<FluentResource>;

/// The locales shipped inside the library, so it works with no files at run
/// time. `locales/` in the repository is their source.
pub const SHIPPED_LOCALES: &[&str] = &[
    "en-US", "nl-NL", "de-DE", "fr-FR", "es-ES", "it-IT", "ja-JP", "ar", "pt-BR", "pl-PL", "zh-CN",
    "ko-KR",
];

/// (locale, file name, text) of every shipped message file.
const SHIPPED: &[(&str, &str, &str)] = &[
    (
        "en-US",
        "tidings.ftl",
        include_str!("../../locales/en-US/tidings.ftl"),
    ),
    (
        "nl-NL",
        "tidings.ftl",
        include_str!("../../locales/nl-NL/tidings.ftl"),
    ),
    (
        "de-DE",
        "tidings.ftl",
        include_str!("../../locales/de-DE/tidings.ftl"),
    ),
    (
        "fr-FR",
        "tidings.ftl",
        include_str!("../../locales/fr-FR/tidings.ftl"),
    ),
    (
        "es-ES",
        "tidings.ftl",
        include_str!("../../locales/es-ES/tidings.ftl"),
    ),
    (
        "it-IT",
        "tidings.ftl",
        include_str!("../../locales/it-IT/tidings.ftl"),
    ),
    (
        "ja-JP",
        "tidings.ftl",
        include_str!("../../locales/ja-JP/tidings.ftl"),
    ),
    (
        "ar",
        "tidings.ftl",
        include_str!("../../locales/ar/tidings.ftl"),
    ),
    (
        "pt-BR",
        "tidings.ftl",
        include_str!("../../locales/pt-BR/tidings.ftl"),
    ),
    (
        "pl-PL",
        "tidings.ftl",
        include_str!("../../locales/pl-PL/tidings.ftl"),
    ),
    (
        "zh-CN",
        "tidings.ftl",
        include_str!("../../locales/zh-CN/tidings.ftl"),
    ),
    (
        "ko-KR",
        "tidings.ftl",
        include_str!("../../locales/ko-KR/tidings.ftl"),
    ),
];

/// Every locale's messages, checked against the default locale, shared by
/// all renderings (it is `Send + Sync`; put it behind an `Arc`). A
/// `Renderer` renders with it and keeps what it made.
pub struct Catalog {
    default: LanguageIdentifier,
    /// In a stable order: the default first, then by tag.
    available: Vec<LanguageIdentifier>,
    bundles: BTreeMap<String, Bundle>,
    /// Problems tolerated by [`CatalogBuilder::allow_incomplete_locales`].
    warnings: Vec<Problem>,
}

impl Catalog {
    /// The shipped locales, as they are.
    pub fn shipped() -> Result<Catalog, CatalogError> {
        Catalog::builder().build()
    }

    /// A builder that starts from the shipped locales.
    pub fn builder() -> CatalogBuilder {
        CatalogBuilder {
            default: default_locale(),
            shipped: true,
            directories: Vec::new(),
            strings: Vec::new(),
            allow_incomplete: false,
            pseudo: false,
        }
    }

    /// Untranslated messages that were let through because the builder
    /// allowed incomplete locales; readers of those locales get them from the
    /// next locale of their chain.
    pub fn warnings(&self) -> &[Problem] {
        &self.warnings
    }

    /// The locale every message comes from when no other has it.
    pub fn default_locale(&self) -> &LanguageIdentifier {
        &self.default
    }

    /// Every locale the catalog has messages for, the default first.
    pub fn locales(&self) -> &[LanguageIdentifier] {
        &self.available
    }

    /// The catalog locales a reader of `preferences` gets, best first, ending
    /// with the default locale. No preferences give the default alone.
    pub fn negotiate(&self, preferences: &LanguagePreferences) -> LocaleChain {
        LocaleChain::negotiate(preferences, &self.available, &self.default)
    }

    /// A message of your own, without arguments, for the reader of `chain`:
    /// the strings of a service's page or email footer, added to the catalog
    /// beside the notices (with [`CatalogBuilder::directory`] or
    /// [`CatalogBuilder::source`]) and so checked, negotiated and pseudo-
    /// localized the same way. A locale that lacks the message gives way to
    /// the next of the chain; a message in none gives its id.
    pub fn message(&self, chain: &LocaleChain, id: &str) -> String {
        let mut notes = Vec::new();
        self.format(chain, id, None, &Args::new(), &mut notes)
    }

    /// [`message`](Self::message) with text arguments: `{ $name }` in the
    /// message is the value given for `name` (bidi-isolated, so a name in
    /// another script keeps its place in the sentence), and a selector on it
    /// picks a variant (`{ $scope -> [maintenance] … *[all] … }`).
    pub fn message_with(&self, chain: &LocaleChain, id: &str, args: &[(&str, &str)]) -> String {
        let mut fluent = Args::new();
        for (name, value) in args {
            fluent.set(*name, *value);
        }
        let mut notes = Vec::new();
        self.format(chain, id, None, &fluent, &mut notes)
    }

    /// Formats one message (or one of its attributes) from the first locale
    /// of `chain` that has it. It always returns text: when a locale lacks
    /// the message, or formatting reports an error, a note says so and the
    /// next locale (or, last, the message id) stands in.
    pub(crate) fn format(
        &self,
        chain: &LocaleChain,
        id: &str,
        attribute: Option<&str>,
        args: &Args,
        notes: &mut Vec<String>,
    ) -> String {
        let name = match attribute {
            Some(attr) => format!("{id}.{attr}"),
            None => id.to_owned(),
        };
        for locale in chain.locales() {
            let Some(bundle) = self.bundles.get(&locale.to_string()) else {
                continue;
            };
            let Some(message) = bundle.get_message(id) else {
                continue;
            };
            let pattern = match attribute {
                Some(attr) => message.get_attribute(attr).map(|a| a.value()),
                None => message.value(),
            };
            let Some(pattern) = pattern else { continue };
            if locale != chain.primary() {
                notes.push(format!(
                    "`{name}` is not in {}; used {locale}",
                    chain.primary()
                ));
            }
            let mut errors = Vec::new();
            let text = bundle.format_pattern(pattern, Some(args), &mut errors);
            for error in errors {
                notes.push(format!("{locale} `{name}`: {error}"));
            }
            return text.into_owned();
        }
        notes.push(format!("`{name}` is in no locale of {chain}"));
        name
    }
}

impl fmt::Debug for Catalog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Catalog")
            .field("default", &self.default.to_string())
            .field(
                "locales",
                &self
                    .available
                    .iter()
                    .map(|l| l.to_string())
                    .collect::<Vec<_>>(),
            )
            .finish_non_exhaustive()
    }
}

/// Configures a [`Catalog`]: which message files, which default locale.
///
/// Files added later override messages of the same id in earlier ones, so a
/// directory can change one sentence of a shipped locale, or add a language.
/// Nothing is read or checked until [`build`](CatalogBuilder::build), which
/// reports every problem at once.
#[derive(Debug)]
#[must_use]
pub struct CatalogBuilder {
    default: LanguageIdentifier,
    shipped: bool,
    directories: Vec<PathBuf>,
    strings: Vec<(String, String, String)>,
    allow_incomplete: bool,
    pseudo: bool,
}

impl CatalogBuilder {
    /// Adds the pseudo-locales `en-XA` (accented, about 40 % longer) and
    /// `ar-XB` (right to left), made from the default locale, for testing
    /// an interface and finding text that escaped localization. A reader
    /// gets them only by asking for them.
    pub fn pseudo_locales(mut self) -> Self {
        self.pseudo = true;
        self
    }

    /// Lets a locale with untranslated messages in (a language being added,
    /// say): each missing message falls back along the reader's chain and is
    /// listed in [`Catalog::warnings`]. Every other problem still fails.
    pub fn allow_incomplete_locales(mut self) -> Self {
        self.allow_incomplete = true;
        self
    }

    /// The locale every other is checked against and that ends every chain
    /// (`en-US` unless changed).
    pub fn default_locale(mut self, locale: LanguageIdentifier) -> Self {
        self.default = locale;
        self
    }

    /// Leaves the shipped locales out: only directories and strings count.
    pub fn without_shipped(mut self) -> Self {
        self.shipped = false;
        self
    }

    /// Adds a directory laid out as `<dir>/<locale>/*.ftl`.
    pub fn directory(mut self, dir: impl Into<PathBuf>) -> Self {
        self.directories.push(dir.into());
        self
    }

    /// Adds the text of one message file for `locale`; `name` is how problems
    /// refer to it.
    pub fn source(
        mut self,
        locale: impl Into<String>,
        name: impl Into<String>,
        text: impl Into<String>,
    ) -> Self {
        self.strings.push((locale.into(), name.into(), text.into()));
        self
    }

    /// Reads and checks everything; on any problem, returns all of them.
    pub fn build(self) -> Result<Catalog, CatalogError> {
        let mut problems = Vec::new();
        let mut by_locale: BTreeMap<String, Vec<Source>> = BTreeMap::new();
        let mut add = |locale: &str,
                       name: String,
                       text: String,
                       layer: usize,
                       problems: &mut Vec<Problem>| {
            let Ok(lang) = locale.parse::<LanguageIdentifier>() else {
                problems.push(Problem {
                    locale: locale.to_owned(),
                    file: name,
                    line: 1,
                    kind: ProblemKind::Syntax(format!("`{locale}` is not a language tag")),
                });
                return;
            };
            let resource = match FluentResource::try_new(text) {
                Ok(resource) => resource,
                Err((resource, errors)) => {
                    let locale = lang.to_string();
                    problems.extend(validate::syntax_problems(
                        &locale,
                        &name,
                        resource.source(),
                        &errors,
                    ));
                    resource
                }
            };
            by_locale.entry(lang.to_string()).or_default().push(Source {
                name,
                resource,
                layer,
            });
        };

        if self.shipped {
            for (locale, file, text) in SHIPPED {
                add(
                    locale,
                    format!("locales/{locale}/{file}"),
                    (*text).to_owned(),
                    0,
                    &mut problems,
                );
            }
        }
        for (i, dir) in self.directories.iter().enumerate() {
            for (locale, path) in ftl_files(dir)? {
                let text = std::fs::read_to_string(&path).map_err(|source| CatalogError::Io {
                    path: path.clone(),
                    source,
                })?;
                add(
                    &locale,
                    path.display().to_string(),
                    text,
                    1 + i,
                    &mut problems,
                );
            }
        }
        let string_layer = 1 + self.directories.len();
        for (locale, name, text) in self.strings {
            add(&locale, name, text, string_layer, &mut problems);
        }

        let default_tag = self.default.to_string();
        if self.pseudo {
            let made: Vec<(String, String, String, usize)> = by_locale
                .get(&default_tag)
                .into_iter()
                .flatten()
                .flat_map(|source| {
                    pseudo::PSEUDO.iter().filter_map(|(tag, rtl)| {
                        let text = pseudo::transform(source.resource.source(), *rtl)?;
                        Some((
                            (*tag).to_owned(),
                            format!("{} ({tag})", source.name),
                            text,
                            source.layer,
                        ))
                    })
                })
                .collect();
            // Made from sources that parsed, so they parse too.
            for (tag, name, text, layer) in made {
                if let Ok(resource) = FluentResource::try_new(text) {
                    by_locale.entry(tag).or_default().push(Source {
                        name,
                        resource,
                        layer,
                    });
                }
            }
        }
        let Some(default_sources) = by_locale.remove(&default_tag) else {
            return Err(CatalogError::MissingDefaultLocale {
                locale: default_tag,
            });
        };
        {
            let others: Vec<(String, &[Source])> = by_locale
                .iter()
                .map(|(l, s)| (l.clone(), s.as_slice()))
                .collect();
            validate::check((&default_tag, &default_sources), &others, &mut problems);
        }
        let (warnings, problems): (Vec<_>, Vec<_>) = problems.into_iter().partition(|p| {
            self.allow_incomplete
                && matches!(
                    p.kind,
                    ProblemKind::MissingMessage(_) | ProblemKind::MissingAttribute { .. }
                )
        });
        if !problems.is_empty() {
            return Err(CatalogError::Invalid(problems));
        }
        by_locale.insert(default_tag, default_sources);

        let mut available = vec![self.default.clone()];
        let mut bundles = BTreeMap::new();
        for (tag, sources) in by_locale {
            // Parsed once above: every key is a valid tag.
            let Ok(lang) = tag.parse::<LanguageIdentifier>() else {
                continue;
            };
            if lang != self.default {
                available.push(lang.clone());
            }
            bundles.insert(tag, new_bundle(lang, sources));
        }
        Ok(Catalog {
            default: self.default,
            available,
            bundles,
            warnings,
        })
    }
}

fn new_bundle(lang: LanguageIdentifier, mut sources: Vec<Source>) -> Bundle {
    // Every value a message takes is isolated (U+2068 … U+2069): the HTML
    // turns the marks into <bdi> in every locale, so a name or a product in
    // another script cannot reorder the sentence around it. Plain text keeps
    // them only where a right-to-left sentence needs them (render/layout.rs).
    let tag = lang.to_string();
    let mut bundle = Bundle::new_concurrent(vec![lang]);
    bundle.set_use_isolating(true);
    // Both names are free in a new bundle, so neither call can fail.
    let _ = bundle.add_builtins();
    let _ = bundle.add_function("DATETIME", datetime::datetime);
    let _ = bundle.add_function(plural::FUNCTION, plural::function(&tag));
    sources.sort_by_key(|s| s.layer);
    for source in sources {
        // Plural categories come from CLDR (see plural.rs); a rewrite
        // that does not parse cannot happen, and would keep the original.
        let resource = plural::rewrite(source.resource.source())
            .and_then(|text| FluentResource::try_new(text).ok())
            .unwrap_or(source.resource);
        // Overriding is the layering: a later file replaces a message of the
        // same id; duplicates within a layer were refused by validation.
        bundle.add_resource_overriding(resource);
    }
    bundle
}

/// `(locale, path)` of every `.ftl` file under `dir/<locale>/`, sorted.
fn ftl_files(dir: &Path) -> Result<Vec<(String, PathBuf)>, CatalogError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| CatalogError::Io { path, source }
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io(dir))? {
        let locale_dir = entry.map_err(io(dir))?.path();
        if !locale_dir.is_dir() {
            continue;
        }
        let locale = locale_dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        for file in std::fs::read_dir(&locale_dir).map_err(io(&locale_dir))? {
            let path = file.map_err(io(&locale_dir))?.path();
            if path.extension().is_some_and(|e| e == "ftl") {
                files.push((locale.clone(), path));
            }
        }
    }
    files.sort();
    Ok(files)
}
