//! Class probabilities in a notebook: a row per sample, a column per class.

use ndarray::{Array2, ArrayBase, Data, Ix1, Ix2};

use super::html::{HtmlDisplay, escape};
use super::numbers::{shown, with_decimals};
use super::table::{Cell, Table};
use crate::labels::{argmax, class_indices};
use crate::{Error, Float, Result};

/// Samples shown in the table: the first and last ones beyond this.
const MAX_ROWS: usize = 20;

/// A table of class probabilities, such as
/// [`Network::predict_proba`](crate::Network::predict_proba) gives: a row per
/// sample, a column per class, each probability with a bar as long as it, the
/// most probable class in bold and named in a last column; with the true
/// classes, a column for them and a mark on every row predicted wrong.
///
/// It shows as HTML in a notebook when it ends a cell (see
/// [`HtmlDisplay`]), and as aligned text elsewhere ([`to_text`](HtmlDisplay::to_text)).
///
/// ```
/// use neuron::notebook::{HtmlDisplay, ProbabilityTable};
/// use neuron::ndarray::array;
///
/// let p = array![[0.7, 0.2, 0.1], [0.1, 0.3, 0.6]];
/// let table = ProbabilityTable::new(&p, &["setosa", "versicolor", "virginica"])?
///     .with_true_classes(&array![0.0, 1.0])?;
/// assert_eq!(
///     table.to_text(),
///     "sample  setosa  versicolor  virginica   predicted           true\n\
///      0        0.700       0.200      0.100  setosa      setosa\n\
///      1        0.100       0.300      0.600  virginica   versicolor  ✗"
/// );
/// assert!(table.to_html().contains("<b>0.700</b>"));
/// # Ok::<(), neuron::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ProbabilityTable {
    probabilities: Array2<f64>,
    class_names: Vec<String>,
    true_classes: Option<Vec<usize>>,
}

impl ProbabilityTable {
    /// A table of `probabilities`, one column per class, headed by
    /// `class_names` (or `0`, `1`, … when `class_names` is empty).
    ///
    /// # Shapes
    /// - `probabilities`: `(n_samples, n_classes)`; `class_names`: `n_classes` names, or none
    ///
    /// # Errors
    /// - [`Error::LengthMismatch`] when there are names, but not one per column;
    /// - [`Error::InvalidValue`] for a probability outside `[0, 1]` or NaN, naming
    ///   its position in the flattened table.
    pub fn new<F, S>(
        probabilities: &ArrayBase<S, Ix2>,
        class_names: &[impl AsRef<str>],
    ) -> Result<Self>
    where
        F: Float,
        S: Data<Elem = F>,
    {
        let k = probabilities.ncols();
        let class_names: Vec<String> = if class_names.is_empty() {
            (0..k).map(|c| c.to_string()).collect()
        } else if class_names.len() == k {
            class_names.iter().map(|n| n.as_ref().to_owned()).collect()
        } else {
            return Err(Error::LengthMismatch {
                what: "class names and columns of probabilities",
                left: class_names.len(),
                right: k,
            });
        };
        if let Some((index, p)) = probabilities
            .iter()
            .enumerate()
            .find(|(_, p)| !(F::zero()..=F::one()).contains(*p))
        {
            return Err(Error::InvalidValue {
                what: "probability",
                index,
                value: p.as_f64(),
                requirement: "in [0, 1]",
            });
        }
        Ok(ProbabilityTable {
            probabilities: probabilities.mapv(F::as_f64),
            class_names,
            true_classes: None,
        })
    }

    /// The same table with each sample's true class (labels `0, 1, …`, as
    /// [`Dataset::targets`](crate::datasets::Dataset::targets) holds them).
    ///
    /// # Errors
    /// - [`Error::LengthMismatch`] for a number of labels other than of samples;
    /// - [`Error::InvalidLabel`] for a label that is not a class of the table.
    pub fn with_true_classes<F, S>(mut self, labels: &ArrayBase<S, Ix1>) -> Result<Self>
    where
        F: Float,
        S: Data<Elem = F>,
    {
        if labels.len() != self.probabilities.nrows() {
            return Err(Error::LengthMismatch {
                what: "true classes and rows of probabilities",
                left: labels.len(),
                right: self.probabilities.nrows(),
            });
        }
        self.true_classes = Some(class_indices(labels, self.class_names.len())?);
        Ok(self)
    }

    /// The class names, one per column.
    pub fn class_names(&self) -> &[String] {
        &self.class_names
    }

    /// Shows the table in an evcxr notebook, as [`HtmlDisplay`] renders it.
    pub fn evcxr_display(&self) {
        <Self as HtmlDisplay>::evcxr_display(self);
    }

    fn table(&self) -> Table {
        let mut headers: Vec<Cell> = self.class_names.iter().map(Cell::plain).collect();
        headers.push(Cell::plain("predicted"));
        if self.true_classes.is_some() {
            headers.push(Cell::plain("true"));
        }
        let mut table = Table::new(Cell::plain("sample"), headers);
        let name = |c: usize| self.class_names.get(c).cloned().unwrap_or_default();
        for i in shown(self.probabilities.nrows(), MAX_ROWS) {
            let Some(i) = i else {
                table.dots_row();
                continue;
            };
            let row = self.probabilities.row(i);
            let best = argmax(&row);
            let mut cells: Vec<Cell> = row
                .iter()
                .enumerate()
                .map(|(c, &p)| probability_cell(p, c == best))
                .collect();
            cells.push(Cell::rich(
                format!("{:<width$}", name(best), width = self.name_width()),
                format!("<b>{}</b>", escape(&name(best))),
            ));
            if let Some(truth) = self.true_classes.as_ref().and_then(|t| t.get(i)) {
                let wrong = *truth != best;
                let mark = if wrong { "  ✗" } else { "   " };
                cells.push(Cell::rich(
                    format!("{:<width$}{mark}", name(*truth), width = self.name_width()),
                    if wrong {
                        format!(
                            "<span style=\"color: #c0392b\">{} ✗</span>",
                            escape(&name(*truth))
                        )
                    } else {
                        escape(&name(*truth))
                    },
                ));
            }
            table.row(Cell::plain(i.to_string()), cells);
        }
        table
    }

    fn name_width(&self) -> usize {
        self.class_names
            .iter()
            .map(|n| n.chars().count())
            .max()
            .unwrap_or(0)
    }
}

/// A probability to three decimals, on a bar as long as it; bold if it wins.
fn probability_cell(p: f64, best: bool) -> Cell {
    let text = format!("{p:.3}");
    let shown = if best {
        format!("<b>{text}</b>")
    } else {
        text.clone()
    };
    let percent = with_decimals(100.0 * p, 1);
    Cell::rich(
        text,
        format!(
            "<div style=\"text-align: right; padding: 0 4px; background: linear-gradient(to right, \
             rgba(31, 119, 180, 0.3) {percent}%, transparent {percent}%)\">{shown}</div>"
        ),
    )
}

impl HtmlDisplay for ProbabilityTable {
    /// The table: a row per sample (the first and last 10 of more than 20), a
    /// column per class with bars, the predicted class and, if known, the true one.
    fn to_html(&self) -> String {
        format!(
            "<div class=\"neuron-probabilities\">\n{}\n</div>",
            self.table().to_html()
        )
    }

    /// The same table as aligned text, a `✗` on each row predicted wrong.
    fn to_text(&self) -> String {
        self.table().to_text()
    }
}
