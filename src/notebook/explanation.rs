//! An explanation as the lecture's slides write it: the formula, then the numbers.

use crate::{Activation, Explanation, Float, Term};

use super::formula::{apply_html, shown_terms, weighted_sum_html};
use super::html::{HtmlDisplay, escape};
use super::numbers::{shown, with_decimals};
use super::table::{Cell, Table};

/// Decimals of the numbers, as [`Explanation`]'s `Display` writes them by default.
const DECIMALS: usize = 4;
/// Terms shown in the table of products.
const MAX_TERMS: usize = 10;

fn num<F: Float>(x: F) -> String {
    with_decimals(x.as_f64(), DECIMALS)
}

/// A factor of a product, in parentheses when negative: `(-0.5)`.
fn factor<F: Float>(x: F) -> String {
    if x < F::zero() {
        format!("({})", num(x))
    } else {
        num(x)
    }
}

/// `0.5·0.4 + 0.3·0.7 + 0.2·0.2 - 0.05`: the sum with the numbers put in.
fn numeric_sum<F: Float>(steps: &Explanation<F>) -> String {
    let terms = steps.terms();
    let mut text = shown_terms(terms.len())
        .into_iter()
        .map(|i| match i.and_then(|i| terms.get(i)) {
            Some(t) => format!("{}·{}", factor(t.input), factor(t.weight)),
            None => "…".to_owned(),
        })
        .collect::<Vec<_>>()
        .join(" + ");
    let bias = steps.bias();
    if bias == F::zero() {
        if text.is_empty() {
            text.push('0');
        }
    } else if text.is_empty() {
        text = num(bias);
    } else if bias < F::zero() {
        text.push_str(&format!(" - {}", num(-bias)));
    } else {
        text.push_str(&format!(" + {}", num(bias)));
    }
    text
}

/// A part of a term: its input, its weight or their product.
type TermPart<F> = fn(&Term<F>) -> F;

/// The inputs, weights and their products, one column per input.
fn terms_table<F: Float>(steps: &Explanation<F>) -> Table {
    let terms = steps.terms();
    let columns = shown(terms.len(), MAX_TERMS);
    let headers = columns
        .iter()
        .map(|i| i.map_or_else(Cell::dots, |i| Cell::plain((i + 1).to_string())))
        .collect();
    let mut table = Table::new(Cell::rich("i", "<i>i</i>"), headers);
    let rows: [(&str, &str, TermPart<F>); 3] = [
        ("xᵢ", "<i>x<sub>i</sub></i>", |t| t.input),
        ("wᵢ", "<i>w<sub>i</sub></i>", |t| t.weight),
        ("xᵢwᵢ", "<i>x<sub>i</sub>w<sub>i</sub></i>", |t| {
            t.product()
        }),
    ];
    for (text, html, value) in rows {
        let cells = columns
            .iter()
            .map(|i| {
                i.and_then(|i| terms.get(i))
                    .map_or_else(Cell::dots, |t| Cell::plain(num(value(t))))
            })
            .collect();
        table.row(Cell::rich(text, html), cells);
    }
    table
}

impl<F: Float> HtmlDisplay for Explanation<F> {
    /// The two lines of the lecture's slides, the formula first and then the
    /// numbers, with the results in bold:
    ///
    /// ```text
    /// h = x₁w₁ + x₂w₂ + x₃w₃ = 0.5·0.4 + 0.3·0.7 + 0.2·0.2 = 0.45
    /// y = σ(h) = σ(0.45) = 0.6106
    /// ```
    ///
    /// and a table of the inputs, weights and products (at most 10 of them: the
    /// first and last ones). Numbers have 4 decimals at most, as in `Display`.
    fn to_html(&self) -> String {
        let has_bias = self.bias() != F::zero();
        let h = num(self.net_input());
        let y_line = if self.activation() == Activation::Identity {
            format!("<i>y</i> = <i>h</i> = <b>{}</b>", num(self.output()))
        } else {
            format!(
                "<i>y</i> = {} = {} = <b>{}</b>",
                apply_html(self.activation(), "<i>h</i>"),
                apply_html(self.activation(), &h),
                num(self.output())
            )
        };
        format!(
            "<div class=\"neuron-explanation\">\n\
             <div style=\"font-size: 1.15em; line-height: 1.8\">\n\
             <div><i>h</i> = {} = {} = <b>{h}</b></div>\n\
             <div>{y_line}</div>\n\
             </div>\n{}\n</div>",
            weighted_sum_html(self.terms().len(), has_bias),
            escape(&numeric_sum(self)),
            terms_table(self).to_html()
        )
    }

    /// As `Display` writes it:
    /// `h = 0.5·0.4 + 0.3·0.7 + 0.2·0.2 = 0.45` and `y = sigmoid(0.45) = 0.6106`.
    fn to_text(&self) -> String {
        self.to_string()
    }
}

impl<F: Float> Explanation<F> {
    /// Shows the explanation in an evcxr notebook as the lecture's slides write
    /// it (see [`HtmlDisplay`]). Evcxr calls it for an explanation that ends a cell.
    ///
    /// ```
    /// use neuron::Neuron;
    /// use neuron::ndarray::array;
    /// use neuron::notebook::HtmlDisplay;
    ///
    /// let steps = Neuron::new(array![0.4, 0.7, 0.2]).explain(&array![0.5, 0.3, 0.2])?;
    /// steps.evcxr_display();
    /// assert!(steps.to_html().contains("σ(0.45) = <b>0.6106</b>"));
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn evcxr_display(&self) {
        <Self as HtmlDisplay>::evcxr_display(self);
    }
}
