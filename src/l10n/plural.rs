//! Plural categories from ICU4X's CLDR data. fluent-bundle selects a
//! variant like `[few]` with the plural rules of intl_pluralrules, whose
//! Arabic rules lack the `n % 100` of CLDR (104 minutes came out `other`,
//! "104 دقيقة", not `few`, "104 دقائق"). So, as each bundle is made, every
//! selector on a number is rewritten to ask this module instead:
//!
//! ```ftl
//! { $minutes ->                          { TIDINGS_PLURAL($minutes, exact: "0") ->
//!     [0] now                               [n0] now
//!     [one] in a minute             =>      [one] in a minute
//!    *[other] in { $minutes } minutes      *[other] in { $minutes } minutes
//! }                                      }
//! ```
//!
//! The function answers `n0` for exactly 0 (a number key still wins over
//! the categories, as in Fluent), else the value's CLDR category; a text
//! selector passes through unchanged, unless a key names it exactly: the
//! minute variables are text (`"00"`), and `[00]` matches them. The files translators write keep
//! plain Fluent: the rewrite happens only in the loaded bundle.

use fluent_bundle::{FluentArgs, FluentValue};
use fluent_syntax::ast::{
    CallArguments, Entry, Expression, Identifier, InlineExpression, NamedArgument, Pattern,
    PatternElement, VariantKey,
};
use icu_plurals::{PluralCategory, PluralOperands, PluralRules};

/// The function's name in the bundles; no translator's message calls it.
pub(crate) const FUNCTION: &str = "TIDINGS_PLURAL";

/// The categories a variant key may name.
const CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// `source` with every selector on a variable whose variants are plural
/// categories or numbers asking [`FUNCTION`]; `None` when it has none (or
/// does not parse: its problems are reported elsewhere).
pub(crate) fn rewrite(source: &str) -> Option<String> {
    let mut resource = fluent_syntax::parser::parse(source.to_owned()).ok()?;
    let mut changed = false;
    for entry in &mut resource.body {
        let (value, attributes) = match entry {
            Entry::Message(m) => (m.value.as_mut(), &mut m.attributes),
            Entry::Term(t) => (Some(&mut t.value), &mut t.attributes),
            _ => continue,
        };
        if let Some(value) = value {
            changed |= pattern(value);
        }
        for attribute in attributes {
            changed |= pattern(&mut attribute.value);
        }
    }
    changed.then(|| fluent_syntax::serializer::serialize(&resource))
}

fn pattern(pattern: &mut Pattern<String>) -> bool {
    let mut changed = false;
    for element in &mut pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            changed |= expression_(expression);
        }
    }
    changed
}

fn expression_(expression: &mut Expression<String>) -> bool {
    match expression {
        Expression::Select { selector, variants } => {
            let mut changed = false;
            for variant in variants.iter_mut() {
                changed |= pattern(&mut variant.value);
            }
            let numeric = variants.iter().any(|v| match &v.key {
                VariantKey::NumberLiteral { .. } => true,
                VariantKey::Identifier { name } => name != "other" && CATEGORIES.contains(&&**name),
            });
            let InlineExpression::VariableReference { .. } = selector else {
                return changed;
            };
            if !numeric {
                return changed;
            }
            let mut exact = Vec::new();
            for variant in variants.iter_mut() {
                if let VariantKey::NumberLiteral { value } = &variant.key {
                    // Only whole numbers are written as keys here; another
                    // stays a number key, matched by nothing.
                    if value.bytes().all(|b| b.is_ascii_digit()) {
                        exact.push(value.clone());
                        variant.key = VariantKey::Identifier {
                            name: format!("n{value}"),
                        };
                    }
                }
            }
            let variable = std::mem::replace(
                selector,
                InlineExpression::StringLiteral {
                    value: String::new(),
                },
            );
            *selector = InlineExpression::FunctionReference {
                id: Identifier {
                    name: FUNCTION.to_owned(),
                },
                arguments: CallArguments {
                    positional: vec![variable],
                    named: vec![NamedArgument {
                        name: Identifier {
                            name: "exact".to_owned(),
                        },
                        value: InlineExpression::StringLiteral {
                            value: exact.join(" "),
                        },
                    }],
                },
            };
            true
        }
        Expression::Inline(InlineExpression::Placeable { expression }) => expression_(expression),
        Expression::Inline(_) => false,
    }
}

/// The function for a bundle of `locale`: the CLDR category of a number
/// (or `n<value>` when a key names it exactly); text passes through.
pub(crate) fn function(
    locale: &str,
) -> impl for<'a> Fn(&[FluentValue<'a>], &FluentArgs) -> FluentValue<'a> + Send + Sync + 'static {
    let rules = locale
        .parse::<icu_locale_core::Locale>()
        .ok()
        .and_then(|l| PluralRules::try_new_cardinal((&l).into()).ok())
        .or_else(|| PluralRules::try_new_cardinal(Default::default()).ok());
    move |positional, named| {
        let Some(value) = positional.first() else {
            return FluentValue::None;
        };
        let exactly = |text: &str| match named.get("exact") {
            Some(FluentValue::String(exact)) => {
                exact.split(' ').any(|n| !n.is_empty() && n == text)
            }
            _ => false,
        };
        let number = match value {
            FluentValue::Number(number) => number,
            // Text that a key names exactly: a minute passed as "00".
            FluentValue::String(text) if exactly(text) => {
                return FluentValue::String(format!("n{text}").into());
            }
            _ => return value.clone(),
        };
        let text = number.as_string();
        if exactly(&text) {
            return FluentValue::String(format!("n{text}").into());
        }
        let category = match &rules {
            Some(rules) => rules.category_for(operands(number.value, &text)),
            None => PluralCategory::Other,
        };
        FluentValue::String(name(category).into())
    }
}

/// The operands of a number as it is shown (`1.0` is not `1` in CLDR).
fn operands(value: f64, shown: &str) -> PluralOperands {
    if value.fract() == 0.0 && value.abs() < 1e15 && !shown.contains('.') {
        return PluralOperands::from(value.abs() as u64);
    }
    match fixed_decimal::Decimal::try_from_str(shown.trim_start_matches('-')) {
        Ok(decimal) => PluralOperands::from(&decimal),
        Err(_) => PluralOperands::from(value.abs().trunc() as u64),
    }
}

fn name(category: PluralCategory) -> &'static str {
    match category {
        PluralCategory::Zero => "zero",
        PluralCategory::One => "one",
        PluralCategory::Two => "two",
        PluralCategory::Few => "few",
        PluralCategory::Many => "many",
        _ => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_selectors_ask_the_function_and_text_ones_stay() {
        let source = "a = { $n ->\n    [0] none\n    [one] one\n   *[other] many\n}\nb = { $kind ->\n    [maintenance] m\n   *[outage] o\n}\n";
        let out = rewrite(source).unwrap();
        assert!(out.contains("TIDINGS_PLURAL($n, exact: \"0\")"), "{out}");
        assert!(out.contains("[n0] none"), "{out}");
        assert!(out.contains("{ $kind ->"), "{out}");
        assert_eq!(rewrite("c = plain { $n }\n"), None);
    }

    /// CLDR's integer samples of each category (plurals.xml), for every
    /// shipped locale and those to come.
    #[test]
    fn every_locale_follows_cldrs_samples() {
        /// A locale, and each category with its sample numbers.
        type Samples = (&'static str, &'static [(&'static str, &'static [u64])]);
        let samples: [Samples; 12] = [
            ("en-US", &[("one", &[1]), ("other", &[0, 2, 16, 100, 1000])]),
            ("nl-NL", &[("one", &[1]), ("other", &[0, 2, 16, 100, 1000])]),
            ("de-DE", &[("one", &[1]), ("other", &[0, 2, 16, 100, 1000])]),
            (
                "fr-FR",
                &[
                    ("one", &[0, 1]),
                    ("many", &[1_000_000]),
                    ("other", &[2, 17, 100, 1000]),
                ],
            ),
            (
                "es-ES",
                &[
                    ("one", &[1]),
                    ("many", &[1_000_000]),
                    ("other", &[0, 2, 16, 100, 1000]),
                ],
            ),
            (
                "it-IT",
                &[
                    ("one", &[1]),
                    ("many", &[1_000_000]),
                    ("other", &[0, 2, 16, 100, 1000]),
                ],
            ),
            ("ja-JP", &[("other", &[0, 1, 2, 15, 100, 1000])]),
            (
                "ar",
                &[
                    ("zero", &[0]),
                    ("one", &[1]),
                    ("two", &[2]),
                    ("few", &[3, 10, 103, 104, 110, 1003]),
                    ("many", &[11, 26, 111, 1011]),
                    ("other", &[100, 101, 102, 200, 202, 1000]),
                ],
            ),
            (
                "pt-BR",
                &[
                    ("one", &[0, 1]),
                    ("many", &[1_000_000]),
                    ("other", &[2, 17, 100, 1000]),
                ],
            ),
            (
                "pl-PL",
                &[
                    ("one", &[1]),
                    ("few", &[2, 4, 22, 24, 32, 104]),
                    ("many", &[0, 5, 19, 100, 111, 1000]),
                ],
            ),
            ("zh-CN", &[("other", &[0, 1, 2, 15, 100, 1000])]),
            ("ko-KR", &[("other", &[0, 1, 2, 15, 100, 1000])]),
        ];
        for (locale, categories) in samples {
            let f = function(locale);
            for (wanted, numbers) in categories {
                for n in *numbers {
                    let got = f(&[FluentValue::from(*n as f64)], &FluentArgs::new());
                    assert_eq!(got, FluentValue::String((*wanted).into()), "{locale} {n}");
                }
            }
        }
    }

    #[test]
    fn arabic_categories_follow_cldr() {
        let f = function("ar");
        let category = |n: f64| {
            let args = FluentArgs::new();
            match f(&[FluentValue::from(n)], &args) {
                FluentValue::String(s) => s.into_owned(),
                other => panic!("{other:?}"),
            }
        };
        // CLDR's sample numbers for Arabic.
        for (n, wanted) in [
            (0.0, "zero"),
            (1.0, "one"),
            (2.0, "two"),
            (3.0, "few"),
            (10.0, "few"),
            (103.0, "few"),
            (104.0, "few"),
            (110.0, "few"),
            (11.0, "many"),
            (99.0, "many"),
            (111.0, "many"),
            (100.0, "other"),
            (102.0, "other"),
        ] {
            assert_eq!(category(n), wanted, "{n}");
        }
        let mut exact = FluentArgs::new();
        exact.set("exact", "0 2");
        assert_eq!(
            f(&[FluentValue::from(2.0)], &exact),
            FluentValue::String("n2".into())
        );
        assert_eq!(
            f(&[FluentValue::from("maintenance")], &exact),
            FluentValue::String("maintenance".into())
        );
        // A minute passed as text, named exactly by a key.
        let mut minute = FluentArgs::new();
        minute.set("exact", "00");
        assert_eq!(
            f(&[FluentValue::from("00")], &minute),
            FluentValue::String("n00".into())
        );
        assert_eq!(
            f(&[FluentValue::from("05")], &minute),
            FluentValue::String("05".into())
        );
    }
}
