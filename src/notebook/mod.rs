//! Rich display in [evcxr](https://github.com/evcxr/evcxr) Jupyter notebooks.
//!
//! When a notebook cell ends in a value, evcxr calls the value's `evcxr_display`
//! method if it has one. The crate's models, explanations and training
//! histories have one, so they show as HTML with plain text alongside (for front
//! ends that show no HTML):
//!
//! | value | shown as |
//! |---|---|
//! | [`Neuron`](crate::Neuron) | its formula `y = σ(x₁w₁ + … + b)` and a table of its weights and bias |
//! | [`Dense`](crate::Dense) | `Y = σ(XW + b)` and its weight matrix, one column per unit, with the bias row |
//! | [`Network`](crate::Network) | a table of its layers: inputs, units, activation, parameters (and dropout); for a softmax output, what its outputs mean |
//! | [`ProbabilityTable`] | class probabilities, a row per sample, with bars, the predicted class and the true one |
//! | [`Explanation`](crate::Explanation) | the lecture's formula with the numbers put in: `h = x₁w₁ + x₂w₂ + x₃w₃ = 0.5·0.4 + 0.3·0.7 + 0.2·0.2 = 0.45`, `y = σ(h) = σ(0.45) = 0.6106` |
//! | [`History`](crate::History) | its loss curve with the `plot` feature, otherwise a table of the losses |
//! | `plot::Svg` (`plot` feature) | the picture |
//!
//! Arrays become HTML tables too, once [`HtmlDisplay`] is in scope. That is
//! opt-in, since it changes how every ndarray array at the end of a cell is
//! shown:
//!
//! ```text
//! :dep neuron = { path = "..", features = ["plot"] }
//! use neuron::prelude::*;
//! use neuron::notebook::HtmlDisplay;
//!
//! array![[0.5, 0.3, 0.2], [1.0, 1.0, 1.0]]   // a table of 2 rows and 3 columns
//! ```
//!
//! Big arrays are cut to their first and last rows and columns, with `⋮` and
//! `…` where the rest is left out. The strings themselves come from
//! [`HtmlDisplay::to_html`] and [`HtmlDisplay::to_text`], so they can be
//! tested, saved or put in a web page:
//!
//! ```
//! use neuron::Neuron;
//! use neuron::ndarray::array;
//! use neuron::notebook::HtmlDisplay;
//!
//! let steps = Neuron::new(array![0.4, 0.7, 0.2]).explain(&array![0.5, 0.3, 0.2])?;
//! let html = steps.to_html();
//! assert!(html.contains("= <b>0.45</b>") && html.contains("= <b>0.6106</b>"));
//! assert_eq!(steps.to_text(), "h = 0.5·0.4 + 0.3·0.7 + 0.2·0.2 = 0.45\ny = sigmoid(0.45) = 0.6106");
//! # Ok::<(), neuron::Error>(())
//! ```

mod arrays;
mod explanation;
mod formula;
mod history;
mod models;
mod probabilities;
mod table;

use std::io::Write;

pub use self::arrays::TableCell;
pub use self::probabilities::ProbabilityTable;

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
pub(crate) fn escape(text: &str) -> String {
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

/// `x` with `decimals` decimals and trailing zeros dropped: `0.4500` → `0.45`,
/// as [`Explanation`](crate::Explanation) prints numbers.
pub(crate) fn with_decimals(x: f64, decimals: usize) -> String {
    if !x.is_finite() {
        return non_finite(x);
    }
    let text = format!("{x:.decimals$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.')
    } else {
        text.as_str()
    };
    if text == "-0" {
        "0".to_owned()
    } else {
        text.to_owned()
    }
}

/// `x` with 4 significant digits, trailing zeros dropped; in scientific
/// notation when very small or very large: `0.610639` → `0.6106`,
/// `123.456` → `123.5`, `0.00001234` → `1.234e-5`.
pub(crate) fn significant(x: f64) -> String {
    if !x.is_finite() {
        return non_finite(x);
    }
    if x == 0.0 {
        return "0".to_owned();
    }
    let magnitude = x.abs().log10().floor();
    if (-3.0..6.0).contains(&magnitude) {
        // 3 − magnitude lies in 0..=6 here, so the cast is exact.
        let decimals = (3.0 - magnitude).max(0.0) as usize;
        with_decimals(x, decimals)
    } else {
        let text = format!("{x:.3e}");
        match text.split_once('e') {
            Some((mantissa, exponent)) => {
                let mantissa = mantissa.trim_end_matches('0').trim_end_matches('.');
                format!("{mantissa}e{exponent}")
            }
            None => text,
        }
    }
}

fn non_finite(x: f64) -> String {
    if x.is_nan() {
        "NaN".to_owned()
    } else if x > 0.0 {
        "inf".to_owned()
    } else {
        "-inf".to_owned()
    }
}

/// `1` → `₁`, `30` → `₃₀`: an index as Unicode subscript digits, for plain text.
pub(crate) fn subscript(n: usize) -> String {
    const DIGITS: [char; 10] = ['₀', '₁', '₂', '₃', '₄', '₅', '₆', '₇', '₈', '₉'];
    n.to_string()
        .chars()
        .map(|c| {
            c.to_digit(10)
                .and_then(|d| DIGITS.get(d as usize).copied())
                .unwrap_or(c)
        })
        .collect()
}

/// The positions to show of `n`, at most `max` of them: all when they fit,
/// otherwise the first and last ones with `None` where the rest are left out.
pub(crate) fn shown(n: usize, max: usize) -> Vec<Option<usize>> {
    if n <= max {
        return (0..n).map(Some).collect();
    }
    let head = max.div_ceil(2);
    let tail = max / 2;
    (0..head)
        .map(Some)
        .chain(std::iter::once(None))
        .chain((n - tail..n).map(Some))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn significant_keeps_four_digits() {
        assert_eq!(significant(0.610639233949222), "0.6106");
        assert_eq!(significant(0.45), "0.45");
        assert_eq!(significant(123.456), "123.5");
        assert_eq!(significant(5.0), "5");
        assert_eq!(significant(-0.0012345), "-0.001234");
        assert_eq!(significant(0.00001234), "1.234e-5");
        assert_eq!(significant(2.0e9), "2e9");
        assert_eq!(significant(f64::NAN), "NaN");
        assert_eq!(significant(f64::NEG_INFINITY), "-inf");
    }

    #[test]
    fn shown_cuts_the_middle() {
        assert_eq!(shown(3, 10), vec![Some(0), Some(1), Some(2)]);
        assert_eq!(
            shown(30, 4),
            vec![Some(0), Some(1), None, Some(28), Some(29)]
        );
        assert_eq!(shown(30, 3), vec![Some(0), Some(1), None, Some(29)]);
    }

    #[test]
    fn escape_replaces_markup() {
        assert_eq!(
            escape(r#"a<b & "c" 'd'>"#),
            "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;"
        );
    }

    #[test]
    fn subscripts() {
        assert_eq!(subscript(1), "₁");
        assert_eq!(subscript(30), "₃₀");
    }
}
