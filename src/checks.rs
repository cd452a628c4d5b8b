//! What tidings accepts from people: the checks every notice and recipient
//! passes, whether it comes from a file, the tool or a service's own code,
//! so a value that could break a header, reorder a sentence or fill memory
//! is refused with a clear reason where it enters.

use crate::error::InputError;

/// At most this much text per language in a notice's details.
pub const MAX_DETAILS_BYTES: usize = 16 * 1024;
/// At most this long: an incident id, a customer id.
pub const MAX_ID_BYTES: usize = 256;
/// At most this long: a product name, a customer name.
pub const MAX_NAME_BYTES: usize = 512;

/// Characters that change direction or hide themselves: embeddings and
/// overrides (U+202A–U+202E), isolates (U+2066–U+2069), marks (U+200E,
/// U+200F, U+061C), line and paragraph separators (U+2028, U+2029), and
/// characters that take no room: the zero-width space (U+200B), the word
/// joiner and invisible operators (U+2060–U+2064), the byte order mark
/// (U+FEFF) and tag characters (U+E0000–U+E007F). The zero-width joiners
/// (U+200C, U+200D) are only invisible outside a word: see [`check_name`].
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{061C}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{200B}'
            | '\u{2060}'..='\u{2064}'
            | '\u{FEFF}'
            | '\u{E0000}'..='\u{E007F}'
    )
}

/// The first character of `value` that hides or reorders text: an
/// [invisible](is_invisible) one, or a zero-width joiner or non-joiner
/// (U+200D, U+200C) anywhere but between two letters, where Persian and the
/// Indic scripts need them.
fn hidden(value: &str) -> Option<char> {
    let chars: Vec<char> = value.chars().collect();
    chars.iter().enumerate().find_map(|(i, &c)| {
        if is_invisible(c) {
            return Some(c);
        }
        let joiner = matches!(c, '\u{200C}' | '\u{200D}');
        let letter = |at: Option<&char>| at.is_some_and(|c| c.is_alphabetic());
        let in_word = i > 0 && letter(chars.get(i - 1)) && letter(chars.get(i + 1));
        (joiner && !in_word).then_some(c)
    })
}

/// Embeddings and overrides: never needed to write a language, only to
/// make text display in an order other than the one it is stored in.
pub fn is_override(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}')
}

fn escaped(value: &str) -> String {
    value
        .chars()
        .map(|c| {
            if c.is_control() || is_invisible(c) {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

fn length(field: &str, value: &str, limit: usize) -> Result<(), InputError> {
    if value.len() > limit {
        return Err(InputError::TooLong {
            field: field.to_owned(),
            length: value.len(),
            limit,
        });
    }
    Ok(())
}

/// An id or a name: no control characters, no invisible or
/// direction-changing ones, at most `limit` bytes.
pub fn check_name(field: &'static str, value: &str, limit: usize) -> Result<(), InputError> {
    length(field, value, limit)?;
    if value.chars().any(char::is_control) {
        return Err(InputError::ControlCharacter {
            field,
            value: escaped(value),
        });
    }
    if let Some(c) = hidden(value) {
        return Err(InputError::InvisibleCharacter {
            field: field.to_owned(),
            character: format!("U+{:04X}", u32::from(c)),
            value: escaped(value),
        });
    }
    Ok(())
}

/// The most components one incident names, or one customer follows.
pub const MAX_COMPONENTS: usize = 64;

/// Component names, of an incident or of what a customer follows: each a
/// [name](check_name), not empty, named once (compared without regard to
/// case, as customers choose them), at most [`MAX_COMPONENTS`].
pub fn check_components(components: &[String]) -> Result<(), InputError> {
    if components.len() > MAX_COMPONENTS {
        return Err(InputError::TooManyComponents {
            count: components.len(),
            limit: MAX_COMPONENTS,
        });
    }
    let mut seen = std::collections::HashSet::new();
    for component in components {
        if component.trim().is_empty() {
            return Err(InputError::Empty { field: "component" });
        }
        check_name("component", component, MAX_NAME_BYTES)?;
        if !seen.insert(component.trim().to_lowercase()) {
            return Err(InputError::DuplicateComponent {
                name: component.clone(),
            });
        }
    }
    Ok(())
}

/// Details written by people in `language`: at most
/// [`MAX_DETAILS_BYTES`], no control character but line breaks and tabs,
/// and no embeddings or overrides (isolates and marks stay: a language may
/// need them).
pub fn check_details(language: &str, text: &str) -> Result<(), InputError> {
    let field = format!("details in {language}");
    length(&field, text, MAX_DETAILS_BYTES)?;
    let control = |c: &char| c.is_control() && !matches!(c, '\n' | '\r' | '\t');
    if let Some(c) = text.chars().find(control) {
        return Err(InputError::DetailsControl {
            field,
            character: format!("U+{:04X}", u32::from(c)),
        });
    }
    if let Some(c) = text.chars().find(|c| is_override(*c)) {
        return Err(InputError::InvisibleCharacter {
            field,
            character: format!("U+{:04X}", u32::from(c)),
            value: escaped(&text.chars().take(60).collect::<String>()),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_refuse_what_could_reorder_or_hide() {
        assert!(check_name("product", "Creator", MAX_NAME_BYTES).is_ok());
        assert!(check_name("product", "كرييتور", MAX_NAME_BYTES).is_ok());
        let err = check_name("product", "Creator\u{202E}gnp.exe", MAX_NAME_BYTES).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the product `Creator\\u{202e}gnp.exe` contains U+202E, an invisible or direction-changing character that could reorder what customers read"
        );
        for c in ['\u{2066}', '\u{200F}', '\u{061C}', '\u{2028}'] {
            assert!(check_name("name", &format!("a{c}b"), 64).is_err(), "{c:?}");
        }
        assert!(matches!(
            check_name("id", &"x".repeat(300), MAX_ID_BYTES),
            Err(InputError::TooLong {
                length: 300,
                limit: 256,
                ..
            })
        ));
    }

    #[test]
    fn names_refuse_characters_that_take_no_room_but_keep_joiners_in_words() {
        for c in [
            '\u{200B}',
            '\u{2060}',
            '\u{2064}',
            '\u{FEFF}',
            '\u{E0041}',
            '\u{E007F}',
        ] {
            let err = check_name("product", &format!("Cre{c}ator"), MAX_NAME_BYTES);
            assert!(
                matches!(err, Err(InputError::InvisibleCharacter { .. })),
                "{c:?}"
            );
        }
        // Persian writes a zero-width non-joiner inside words; a joiner at
        // the edge of a name or beside a space hides nothing a reader needs.
        assert!(check_name("name", "محمدی\u{200C}نژاد", MAX_NAME_BYTES).is_ok());
        assert!(check_name("name", "\u{200D}Creator", MAX_NAME_BYTES).is_err());
        assert!(check_name("name", "Creator\u{200C}", MAX_NAME_BYTES).is_err());
        assert!(check_name("name", "Cre \u{200D}ator", MAX_NAME_BYTES).is_err());
    }

    #[test]
    fn details_refuse_control_characters_but_line_breaks_and_tabs() {
        assert!(check_details("en", "line one\r\nline two\n\tindented").is_ok());
        for c in ['\u{1B}', '\u{0}', '\u{7}', '\u{7F}', '\u{9B}'] {
            let err = check_details("en", &format!("red {c}[31m alert")).unwrap_err();
            assert!(matches!(err, InputError::DetailsControl { .. }), "{c:?}");
            assert!(err.to_string().contains("a control character"), "{err}");
        }
    }

    #[test]
    fn details_keep_what_a_language_needs() {
        assert!(check_details("ar", "الموقع \u{2068}Creator\u{2069} \u{200F}يعمل").is_ok());
        assert!(check_details("en", "evil \u{202E}txet").is_err());
        assert!(check_details("en", &"x".repeat(MAX_DETAILS_BYTES + 1)).is_err());
    }
}
