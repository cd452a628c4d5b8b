//! HTML built so that a value from outside can only enter escaped.
//!
//! [`Html::raw`] takes `&'static str`: markup is written in this crate's
//! source. Everything else (translations, product names, details, links)
//! goes through [`Html::text`] or [`Html::attr`], which escape it.

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

    /// Text content, escaped.
    pub(crate) fn text(&mut self, text: &str) -> &mut Self {
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
}
