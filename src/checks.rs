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
/// U+200F, U+061C) and line and paragraph separators (U+2028, U+2029).
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
    )
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
    if let Some(c) = value.chars().find(|c| is_invisible(*c)) {
        return Err(InputError::InvisibleCharacter {
            field: field.to_owned(),
            character: format!("U+{:04X}", u32::from(c)),
            value: escaped(value),
        });
    }
    Ok(())
}

/// Details written by people in `language`: at most
/// [`MAX_DETAILS_BYTES`], and no embeddings or overrides (isolates and
/// marks stay: a language may need them).
pub fn check_details(language: &str, text: &str) -> Result<(), InputError> {
    let field = format!("details in {language}");
    length(&field, text, MAX_DETAILS_BYTES)?;
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
    fn details_keep_what_a_language_needs() {
        assert!(check_details("ar", "الموقع \u{2068}Creator\u{2069} \u{200F}يعمل").is_ok());
        assert!(check_details("en", "evil \u{202E}txet").is_err());
        assert!(check_details("en", &"x".repeat(MAX_DETAILS_BYTES + 1)).is_err());
    }
}
