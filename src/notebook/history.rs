//! A training history in notebooks: its loss curve, or a table of the losses.

use crate::{Float, History};

use super::html::{HtmlDisplay, emit, escape};
use super::numbers::{shown, significant};
use super::table::{Cell, Table};

/// Epochs shown in the table: the first and last ones.
const MAX_EPOCHS: usize = 10;

/// Epoch, loss and (with validation data) validation loss, the first and last epochs.
fn history_table<F: Float>(history: &History<F>) -> Table {
    let has_validation = !history.validation_loss().is_empty();
    let mut headers = vec![Cell::plain("loss")];
    if has_validation {
        headers.push(Cell::plain("validation loss"));
    }
    let mut table = Table::new(Cell::plain("epoch"), headers);
    let value = |values: &[F], i: usize| {
        values
            .get(i)
            .map_or_else(|| Cell::plain(""), |x| Cell::plain(significant(x.as_f64())))
    };
    for epoch in shown(history.epochs(), MAX_EPOCHS) {
        match epoch {
            Some(i) => {
                let mut cells = vec![value(history.loss(), i)];
                if has_validation {
                    cells.push(value(history.validation_loss(), i));
                }
                table.row(Cell::plain((i + 1).to_string()), cells);
            }
            None => table.dots_row(),
        }
    }
    table
}

/// The loss curve as inline SVG, when the `plot` feature is on and the history can be drawn.
#[cfg(feature = "plot")]
fn curve<F: Float>(history: &History<F>) -> Option<String> {
    crate::plot::loss_curve(history)
        .ok()
        .map(crate::plot::Svg::into_string)
}

#[cfg(not(feature = "plot"))]
fn curve<F: Float>(_history: &History<F>) -> Option<String> {
    None
}

impl<F: Float> HtmlDisplay for History<F> {
    /// A summary line (`History(50 epochs, loss 0.6931 → 0.0123)`) and, with the
    /// `plot` feature, the loss curve as inline SVG; without it, or for a history
    /// that cannot be drawn (no epochs, a loss that is not finite), a table of
    /// the losses of the first and last epochs.
    fn to_html(&self) -> String {
        let body = curve(self).unwrap_or_else(|| history_table(self).to_html());
        format!(
            "<div class=\"neuron-history\">\n<p>{}</p>\n{body}\n</div>",
            escape(&self.to_string())
        )
    }

    /// The summary line and a table of the losses of the first and last epochs.
    fn to_text(&self) -> String {
        if self.epochs() == 0 {
            return self.to_string();
        }
        format!("{self}\n{}", history_table(self).to_text())
    }

    /// With the `plot` feature, sends the loss curve as `image/svg+xml` (which
    /// notebook viewers that sanitise HTML still show) and
    /// [`to_text`](HtmlDisplay::to_text) as `text/plain`; otherwise, or when the
    /// history cannot be drawn, the table as `text/html` and `text/plain`.
    fn evcxr_display(&self) {
        let text = self.to_text();
        match curve(self) {
            Some(svg) => emit(&[("text/plain", &text), ("image/svg+xml", &svg)]),
            None => emit(&[("text/plain", &text), ("text/html", &self.to_html())]),
        }
    }
}

impl<F: Float> History<F> {
    /// Shows the history in an evcxr notebook: its loss curve with the `plot`
    /// feature, a table of the losses without (see [`HtmlDisplay`]). Evcxr calls
    /// it for a history that ends a cell.
    ///
    /// ```
    /// use neuron::{GradientDescent, Loss, Neuron};
    /// use neuron::ndarray::array;
    /// use neuron::notebook::HtmlDisplay;
    ///
    /// let mut neuron = Neuron::new(array![0.0]);
    /// let history = GradientDescent::new()
    ///     .epochs(3)
    ///     .fit(&mut neuron, &array![[-1.0], [1.0]], &array![0.0, 1.0], Loss::BinaryCrossEntropy)?;
    /// history.evcxr_display();
    /// assert_eq!(history.to_text().lines().nth(1), Some("epoch    loss"));
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn evcxr_display(&self) {
        <Self as HtmlDisplay>::evcxr_display(self);
    }
}
