//! The pieces of the lecture's formulas, in HTML and in plain text.

use crate::Activation;

use super::numbers::subscript;

/// Terms of a sum shown in full; longer sums show the first two and the last.
const MAX_TERMS: usize = 4;

/// The positions of the terms of a sum of `n` to show, `None` for `…`.
pub(crate) fn shown_terms(n: usize) -> Vec<Option<usize>> {
    if n <= MAX_TERMS {
        (0..n).map(Some).collect()
    } else {
        vec![Some(0), Some(1), None, Some(n - 1)]
    }
}

/// `x₁w₁ + x₂w₂ + x₃w₃` in HTML, with `+ b` when `bias` is set.
pub(crate) fn weighted_sum_html(n: usize, bias: bool) -> String {
    let mut terms: Vec<String> = shown_terms(n)
        .into_iter()
        .map(|i| match i {
            Some(i) => format!("<i>x</i><sub>{0}</sub><i>w</i><sub>{0}</sub>", i + 1),
            None => "…".to_owned(),
        })
        .collect();
    if bias || terms.is_empty() {
        terms.push(if bias { "<i>b</i>" } else { "0" }.to_owned());
    }
    terms.join(" + ")
}

/// `x₁w₁ + x₂w₂ + x₃w₃` in plain text, with `+ b` when `bias` is set.
pub(crate) fn weighted_sum_text(n: usize, bias: bool) -> String {
    let mut terms: Vec<String> = shown_terms(n)
        .into_iter()
        .map(|i| match i {
            Some(i) => format!("x{0}w{0}", subscript(i + 1)),
            None => "…".to_owned(),
        })
        .collect();
    if bias || terms.is_empty() {
        terms.push(if bias { "b" } else { "0" }.to_owned());
    }
    terms.join(" + ")
}

/// `f(inner)` in HTML as the slides write it: `σ(h)`, `tanh(h)`, `max(0, h)`,
/// `step(h)`, and just `h` for the identity.
pub(crate) fn apply_html(activation: Activation, inner: &str) -> String {
    activation.formula_of(inner)
}

/// `f(inner)` in plain text, with the activation's name: `sigmoid(h)`.
pub(crate) fn apply_text(activation: Activation, inner: &str) -> String {
    match activation {
        Activation::Identity => inner.to_owned(),
        other => format!("{}({inner})", other.name()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_are_cut_after_four_terms() {
        assert_eq!(weighted_sum_text(3, false), "x₁w₁ + x₂w₂ + x₃w₃");
        assert_eq!(weighted_sum_text(30, true), "x₁w₁ + x₂w₂ + … + x₃₀w₃₀ + b");
        assert_eq!(weighted_sum_text(0, false), "0");
        assert_eq!(
            weighted_sum_html(1, true),
            "<i>x</i><sub>1</sub><i>w</i><sub>1</sub> + <i>b</i>"
        );
    }

    #[test]
    fn activations_read_as_on_the_slides() {
        assert_eq!(apply_html(Activation::Sigmoid, "<i>h</i>"), "σ(<i>h</i>)");
        assert_eq!(apply_text(Activation::Relu, "h"), "relu(h)");
        assert_eq!(apply_html(Activation::Identity, "h"), "h");
    }
}
