//! HTML built so that a value from outside can only enter escaped.
//!
//! [`Html::raw`] takes `&'static str`: markup is written in this crate's
//! source. Everything else (translations, product names, details, links)
//! goes through [`Html::text`] or [`Html::attr`], which escape it.

/// First strong isolate: opens a value in a formatted message.
pub(crate) const FSI: char = '\u{2068}';
/// Pop directional isolate: closes it.
pub(crate) const PDI: char = '\u{2069}';

/// An HTML document under construction.
pub(crate) struct Html(String);

impl Html {
    pub(crate) fn new() -> Self {
        Html(String::with_capacity(4096))
    }

    /// Markup from this crate's source.
    pub(crate) fn raw(&mut self, markup: &'static str) -> &mut Self {
        self.0.push_str(markup);
        self
    }

    /// Text content, escaped; the isolation marks around the values a
    /// message took become `<bdi>` elements, always balanced (a stray mark
    /// from data is dropped, an open one closed).
    pub(crate) fn text(&mut self, text: &str) -> &mut Self {
        let mut open = 0usize;
        for piece in text.split_inclusive([FSI, PDI]) {
            let (content, mark) = match piece.strip_suffix([FSI, PDI]) {
                Some(content) => (content, piece.chars().last()),
                None => (piece, None),
            };
            html_escape::encode_text_to_string(content, &mut self.0);
            match mark {
                Some(FSI) => {
                    open += 1;
                    self.0.push_str("<bdi>");
                }
                Some(_) if open > 0 => {
                    open -= 1;
                    self.0.push_str("</bdi>");
                }
                _ => {}
            }
        }
        for _ in 0..open {
            self.0.push_str("</bdi>");
        }
        self
    }

    /// Text where no element may go (`<title>`), escaped as it is.
    pub(crate) fn escaped(&mut self, text: &str) -> &mut Self {
        html_escape::encode_text_to_string(text, &mut self.0);
        self
    }

    /// An attribute value inside double quotes, escaped.
    pub(crate) fn attr(&mut self, value: &str) -> &mut Self {
        html_escape::encode_double_quoted_attribute_to_string(value, &mut self.0);
        self
    }

    /// A paragraph of text with the given inline style.
    pub(crate) fn paragraph(&mut self, style: &'static str, text: &str) -> &mut Self {
        self.raw("<p style=\"")
            .raw(style)
            .raw("\">")
            .text(text)
            .raw("</p>\n")
    }

    pub(crate) fn finish(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::Html;

    #[test]
    fn text_and_attributes_are_escaped() {
        let mut html = Html::new();
        html.raw("<a href=\"")
            .attr("https://x.test/?a=1&b=\"><script>")
            .raw("\">")
            .text("<b>Tom & Jerry's</b>")
            .raw("</a>");
        let out = html.finish();
        assert!(!out.contains("<script>"), "{out}");
        assert!(!out.contains("<b>"), "{out}");
        assert!(out.contains("&amp;b=&quot;&gt;&lt;script&gt;"), "{out}");
        assert!(
            out.contains("&lt;b&gt;Tom &amp; Jerry's&lt;/b&gt;"),
            "{out}"
        );
    }

    #[test]
    fn isolated_values_become_balanced_bdi() {
        let mut html = Html::new();
        html.text("Storing bij \u{2068}<Créateur>\u{2069} sinds \u{2068}08:30");
        html.text(" stray \u{2069} end");
        assert_eq!(
            html.finish(),
            "Storing bij <bdi>&lt;Créateur&gt;</bdi> sinds <bdi>08:30</bdi> stray  end"
        );
    }
}
