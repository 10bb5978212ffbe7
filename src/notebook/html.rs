//! Showing a value in a notebook: the [`HtmlDisplay`] trait, evcxr's format for
//! rich output, and escaping text for HTML.

use std::io::Write;

/// A value that shows as HTML in a notebook, with plain text alongside.
///
/// The crate's models, [`Explanation`](crate::Explanation) and
/// [`History`](crate::History) implement it, and so do ndarray arrays of
/// numbers (any storage, any layout, views too). Models also have an
/// `evcxr_display` method of their own, so they show as HTML without this trait
/// in scope; arrays show as tables only where it is imported.
///
/// ```
/// use neuron::ndarray::array;
/// use neuron::notebook::HtmlDisplay;
///
/// let x = array![[0.5, 0.3, 0.2], [1.0, 1.0, 1.0]];
/// assert!(x.to_html().starts_with("<table"));
/// assert!(x.view().to_html().contains("<td>0.3</td>"));
/// assert_eq!(x.to_text().lines().next(), Some("shape (2, 3), f64"));
/// ```
pub trait HtmlDisplay {
    /// The value as an HTML fragment: a `<div>` or a `<table>`, with every piece
    /// of text escaped.
    ///
    /// ```
    /// use neuron::ndarray::array;
    /// use neuron::notebook::HtmlDisplay;
    ///
    /// assert!(array![1.5_f32, -2.0].to_html().contains("<td>1.5</td><td>-2</td>"));
    /// ```
    fn to_html(&self) -> String;

    /// The value as plain text, for front ends that show no HTML.
    ///
    /// ```
    /// use neuron::Neuron;
    /// use neuron::ndarray::array;
    /// use neuron::notebook::HtmlDisplay;
    ///
    /// let text = Neuron::new(array![0.4, 0.7, 0.2]).to_text();
    /// assert!(text.starts_with("Neuron(3 inputs, sigmoid): y = sigmoid(x₁w₁ + x₂w₂ + x₃w₃ + b)"));
    /// ```
    fn to_text(&self) -> String;

    /// Shows the value in evcxr: writes [`to_text`](HtmlDisplay::to_text) and
    /// [`to_html`](HtmlDisplay::to_html) to standard output in evcxr's format
    /// (see [`evcxr_content`]). Evcxr calls it for the value that ends a cell.
    ///
    /// Writing to standard output cannot fail in a way the caller could act on,
    /// so errors are ignored.
    ///
    /// ```
    /// use neuron::ndarray::array;
    /// use neuron::notebook::{HtmlDisplay, evcxr_content};
    ///
    /// let x = array![1.0, 2.0];
    /// x.evcxr_display(); // prints exactly this:
    /// let printed = evcxr_content(&[("text/plain", &x.to_text()), ("text/html", &x.to_html())]);
    /// assert!(printed.starts_with("EVCXR_BEGIN_CONTENT text/plain\nshape (2,), f64\n"));
    /// assert!(printed.contains("EVCXR_BEGIN_CONTENT text/html\n<table"));
    /// ```
    fn evcxr_display(&self) {
        emit(&[
            ("text/plain", &self.to_text()),
            ("text/html", &self.to_html()),
        ]);
    }
}

/// Content in evcxr's format for rich output: for each `(mime type, content)`
/// pair, a line `EVCXR_BEGIN_CONTENT <mime type>`, the content, and a line
/// `EVCXR_END_CONTENT`.
///
/// Evcxr reads this from a cell's standard output, keeps one content per MIME
/// type, and the notebook shows the richest it can (HTML over plain text).
///
/// ```
/// use neuron::notebook::evcxr_content;
///
/// let out = evcxr_content(&[("text/plain", "0.45"), ("text/html", "<b>0.45</b>")]);
/// assert_eq!(
///     out,
///     "EVCXR_BEGIN_CONTENT text/plain\n0.45\nEVCXR_END_CONTENT\n\
///      EVCXR_BEGIN_CONTENT text/html\n<b>0.45</b>\nEVCXR_END_CONTENT\n"
/// );
/// ```
pub fn evcxr_content(contents: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (mime, content) in contents {
        out.push_str("EVCXR_BEGIN_CONTENT ");
        out.push_str(mime);
        out.push('\n');
        out.push_str(content.trim_end_matches('\n'));
        out.push_str("\nEVCXR_END_CONTENT\n");
    }
    out
}

/// Writes [`evcxr_content`] to standard output in one piece.
pub(crate) fn emit(contents: &[(&str, &str)]) {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    // Nothing useful can be done when standard output is closed.
    let _ = out.write_all(evcxr_content(contents).as_bytes());
    let _ = out.flush();
}

/// `text` with `&`, `<`, `>`, `"` and `'` replaced by HTML entities.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_replaces_markup() {
        assert_eq!(
            escape(r#"a<b & "c" 'd'>"#),
            "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;"
        );
    }
}
