//! Pseudo-locales, made from the default locale at load time, for testing a
//! user interface and finding text that escaped localization: `en-XA`
//! (accented, about 40 % longer, bracketed) and `ar-XB` (right to left), as
//! ICU and Android name them. Only the text a translator would translate
//! changes; variables, selectors, functions and their options stay.

use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};

/// The pseudo-locales, with whether each is right to left.
pub(crate) const PSEUDO: [(&str, bool); 2] = [("en-XA", false), ("ar-XB", true)];

/// The messages of `source` (Fluent text) rewritten for a pseudo-locale;
/// `None` when the source does not parse (its problems are reported for the
/// default locale).
pub(crate) fn transform(source: &str, rtl: bool) -> Option<String> {
    let mut resource = fluent_syntax::parser::parse(source.to_owned()).ok()?;
    for entry in &mut resource.body {
        let (value, attributes) = match entry {
            Entry::Message(m) => (m.value.as_mut(), &mut m.attributes),
            Entry::Term(t) => (Some(&mut t.value), &mut t.attributes),
            _ => continue,
        };
        if let Some(value) = value {
            pattern(value, rtl);
        }
        for attribute in attributes {
            pattern(&mut attribute.value, rtl);
        }
    }
    Some(fluent_syntax::serializer::serialize(&resource))
}

fn pattern(pattern: &mut Pattern<String>, rtl: bool) {
    for element in &mut pattern.elements {
        match element {
            PatternElement::TextElement { value } => *value = text(value, rtl),
            PatternElement::Placeable { expression } => placeable(expression, rtl),
        }
    }
}

fn placeable(expression: &mut Expression<String>, rtl: bool) {
    match expression {
        Expression::Select { variants, .. } => {
            for variant in variants {
                pattern(&mut variant.value, rtl);
            }
        }
        Expression::Inline(InlineExpression::Placeable { expression }) => {
            placeable(expression, rtl)
        }
        Expression::Inline(_) => {}
    }
}

/// One run of text: accented with its vowels doubled (about 40 % longer),
/// or for right to left, shown right to left.
fn text(value: &str, rtl: bool) -> String {
    if value.trim().is_empty() {
        return value.to_owned();
    }
    if rtl {
        // RIGHT-TO-LEFT OVERRIDE … POP DIRECTIONAL FORMATTING, as Android's
        // ar-XB does: Latin text shown in the other direction.
        return format!("\u{202E}{value}\u{202C}");
    }
    let mut out = String::with_capacity(value.len() * 2);
    for c in value.chars() {
        let accented = match c {
            'a' => "á",
            'e' => "é",
            'i' => "í",
            'o' => "ó",
            'u' => "ú",
            'A' => "Á",
            'E' => "É",
            'I' => "Í",
            'O' => "Ó",
            'U' => "Ú",
            'c' => "ç",
            'n' => "ñ",
            's' => "š",
            'y' => "ý",
            'z' => "ž",
            'C' => "Ç",
            'N' => "Ñ",
            'S' => "Š",
            _ => {
                out.push(c);
                continue;
            }
        };
        out.push_str(accented);
        if "aeiouAEIOU".contains(c) {
            out.push_str(accented);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_words_change() {
        let source = "greeting = Hello { $name }, { $n ->\n    [one] one item\n   *[other] { $n } items\n}\n    .title = Hi\n";
        let xa = transform(source, false).unwrap();
        assert!(xa.contains("Hééllóó { $name }"), "{xa}");
        assert!(xa.contains("[one] óóñéé íítéém"), "{xa}");
        assert!(xa.contains(".title = Híí"), "{xa}");
        let xb = transform(source, true).unwrap();
        assert!(xb.contains("\u{202E}Hello \u{202C}{ $name }"), "{xb}");
    }
}
