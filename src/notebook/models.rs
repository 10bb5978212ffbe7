//! Neurons, layers and networks in notebooks: their formula and their weights.

use crate::{Activation, Dense, Float, Network, Neuron};

use super::formula::{apply_html, apply_text, weighted_sum_html, weighted_sum_text};
use super::html::{HtmlDisplay, escape};
use super::numbers::{shown, significant, subscript};
use super::table::{Cell, Table};

/// Weights of a neuron shown in a row, or units of a layer in columns.
const MAX_COLUMNS: usize = 10;
/// Inputs of a layer shown in rows, or layers of a network.
const MAX_ROWS: usize = 12;

fn number<F: Float>(x: F) -> Cell {
    Cell::plain(significant(x.as_f64()))
}

/// The neuron's weights and bias in one row: `w₁ w₂ w₃ b`.
fn neuron_table<F: Float>(neuron: &Neuron<F>) -> Table {
    let weights = neuron.weights();
    let columns = shown(weights.len(), MAX_COLUMNS);
    let mut headers: Vec<Cell> = columns
        .iter()
        .map(|i| match i {
            Some(i) => Cell::rich(
                format!("w{}", subscript(i + 1)),
                format!("<i>w</i><sub>{}</sub>", i + 1),
            ),
            None => Cell::dots(),
        })
        .collect();
    headers.push(Cell::rich("b", "<i>b</i>"));
    let mut cells: Vec<Cell> = columns
        .iter()
        .map(|i| {
            i.and_then(|i| weights.get(i))
                .map_or_else(Cell::dots, |&w| number(w))
        })
        .collect();
    cells.push(number(neuron.bias()));
    let mut table = Table::new(Cell::plain(""), headers);
    table.row(Cell::plain(""), cells);
    table
}

impl<F: Float> HtmlDisplay for Neuron<F> {
    /// The neuron's formula, `y = σ(x₁w₁ + x₂w₂ + x₃w₃ + b)`, and a table of its
    /// weights and bias (at most 10 weights: the first and last ones).
    fn to_html(&self) -> String {
        let formula = apply_html(self.activation(), &weighted_sum_html(self.n_inputs(), true));
        format!(
            "<div class=\"neuron-neuron\">\n<p><b>Neuron</b>: {} &nbsp; <i>y</i> = {formula}</p>\n{}\n</div>",
            escape(&inputs_and_activation(self)),
            neuron_table(self).to_html()
        )
    }

    /// `Neuron(3 inputs, sigmoid): y = sigmoid(x₁w₁ + x₂w₂ + x₃w₃ + b)`, then
    /// the weights and bias.
    fn to_text(&self) -> String {
        format!(
            "{self}: y = {}\n{}",
            apply_text(self.activation(), &weighted_sum_text(self.n_inputs(), true)),
            neuron_table(self).to_text()
        )
    }
}

fn inputs_and_activation<F: Float>(neuron: &Neuron<F>) -> String {
    let plural = if neuron.n_inputs() == 1 { "" } else { "s" };
    format!(
        "{} input{plural}, {}",
        neuron.n_inputs(),
        neuron.activation()
    )
}

/// The layer's weight matrix, one row per input and one column per unit, and
/// its biases as the last row.
fn dense_table<F: Float>(layer: &Dense<F>) -> Table {
    let weights = layer.weights();
    let columns = shown(layer.n_units(), MAX_COLUMNS);
    let headers = columns
        .iter()
        .map(|j| j.map_or_else(Cell::dots, |j| Cell::plain(format!("unit {}", j + 1))))
        .collect();
    let mut table = Table::new(Cell::plain(""), headers);
    for i in shown(layer.n_inputs(), MAX_ROWS) {
        match i {
            Some(i) => {
                let cells = columns
                    .iter()
                    .map(|j| {
                        j.and_then(|j| weights.get((i, j)))
                            .map_or_else(Cell::dots, |&w| number(w))
                    })
                    .collect();
                table.row(
                    Cell::rich(
                        format!("x{}", subscript(i + 1)),
                        format!("<i>x</i><sub>{}</sub>", i + 1),
                    ),
                    cells,
                );
            }
            None => table.dots_row(),
        }
    }
    let bias = columns
        .iter()
        .map(|j| {
            j.and_then(|j| layer.bias().get(j))
                .map_or_else(Cell::dots, |&b| number(b))
        })
        .collect();
    table.row(Cell::rich("b", "<i>b</i>"), bias);
    table
}

impl<F: Float> HtmlDisplay for Dense<F> {
    /// The layer's formula, `Y = σ(XW + b)`, and its weight matrix: a row per
    /// input, a column per unit, the biases in the last row (at most 12 rows and
    /// 10 columns: the first and last ones).
    fn to_html(&self) -> String {
        let formula = apply_html(self.activation(), "<i>XW</i> + <i>b</i>");
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        format!(
            "<div class=\"neuron-dense\">\n<p><b>Dense layer</b>: {} input{} → {} unit{}, {} &nbsp; <i>Y</i> = {formula}</p>\n{}\n</div>",
            self.n_inputs(),
            plural(self.n_inputs()),
            self.n_units(),
            plural(self.n_units()),
            self.activation(),
            dense_table(self).to_html()
        )
    }

    /// `Dense(3 → 2, sigmoid): Y = sigmoid(X·W + b)`, then the weights and biases.
    fn to_text(&self) -> String {
        format!(
            "{self}: Y = {}\n{}",
            apply_text(self.activation(), "X·W + b"),
            dense_table(self).to_text()
        )
    }
}

/// Parameters of a layer: weights and biases.
fn parameters<F: Float>(layer: &Dense<F>) -> usize {
    layer.weights().len() + layer.bias().len()
}

fn network_table<F: Float>(network: &Network<F>) -> Table {
    let dropout = network.layers().iter().any(|layer| layer.dropout() > 0.0);
    let mut headers: Vec<Cell> = ["inputs", "units", "activation", "weights", "parameters"]
        .into_iter()
        .map(Cell::plain)
        .collect();
    if dropout {
        headers.push(Cell::plain("dropout"));
    }
    let mut table = Table::new(Cell::plain("layer"), headers);
    let layers = network.layers();
    for index in shown(layers.len(), MAX_ROWS) {
        match index.and_then(|k| layers.get(k).map(|layer| (k, layer))) {
            Some((k, layer)) => {
                let mut cells = vec![
                    Cell::plain(layer.n_inputs().to_string()),
                    Cell::plain(layer.n_units().to_string()),
                    Cell::plain(layer.activation().to_string()),
                    Cell::plain(format!("{} × {}", layer.n_inputs(), layer.n_units())),
                    Cell::plain(parameters(layer).to_string()),
                ];
                if dropout {
                    let rate = layer.dropout();
                    cells.push(Cell::plain(if rate > 0.0 {
                        significant(rate)
                    } else {
                        "–".to_owned()
                    }));
                }
                table.row(Cell::plain(k.to_string()), cells)
            }
            None => table.dots_row(),
        }
    }
    table
}

/// `2 → 5 → 1, 21 parameters`.
fn network_summary<F: Float>(network: &Network<F>) -> String {
    let widths: Vec<String> = std::iter::once(network.n_inputs())
        .chain(network.layers().iter().map(Dense::n_units))
        .map(|n| n.to_string())
        .collect();
    let total: usize = network.layers().iter().map(parameters).sum();
    format!("{}, {total} parameters", widths.join(" → "))
}

/// What a softmax output gives, in words and symbols; `None` for other outputs.
fn softmax_output<F: Float>(network: &Network<F>) -> Option<(String, String)> {
    let last = network.layers().last()?;
    if last.activation() != Activation::Softmax {
        return None;
    }
    let k = last.n_units();
    Some((
        format!(
            "outputs: the probabilities of {k} classes, yₖ = softmax(h)ₖ = eʰᵏ / Σⱼ eʰʲ, which sum to 1"
        ),
        format!(
            "<p>Outputs: the probabilities of {k} classes, <i>y<sub>k</sub></i> = softmax(<i>h</i>)<sub><i>k</i></sub> = \
             <i>e</i><sup><i>h<sub>k</sub></i></sup> / Σ<sub><i>j</i></sub> <i>e</i><sup><i>h<sub>j</sub></i></sup>, which sum to 1</p>"
        ),
    ))
}

impl<F: Float> HtmlDisplay for Network<F> {
    /// The layer sizes and the number of parameters, a table of the layers
    /// (counted from 0, as [`Network::layers`] indexes them, with a dropout
    /// column when a layer has dropout), and for a softmax output what its
    /// outputs are.
    fn to_html(&self) -> String {
        let output = softmax_output(self).map_or_else(String::new, |(_, html)| format!("\n{html}"));
        format!(
            "<div class=\"neuron-network\">\n<p><b>Network</b>: {}</p>\n{}{output}\n</div>",
            escape(&network_summary(self)),
            network_table(self).to_html()
        )
    }

    /// `Network(2 → 5 → 1, sigmoid): 21 parameters`, then a table of the layers.
    fn to_text(&self) -> String {
        let total: usize = self.layers().iter().map(parameters).sum();
        let output = softmax_output(self).map_or_else(String::new, |(text, _)| format!("\n{text}"));
        format!(
            "{self}: {total} parameters\n{}{output}",
            network_table(self).to_text()
        )
    }
}

impl<F: Float> Neuron<F> {
    /// Shows the neuron in an evcxr notebook: its formula and a table of its
    /// weights, as [`HtmlDisplay`] renders them. Evcxr calls it for a neuron
    /// that ends a cell.
    ///
    /// ```
    /// use neuron::Neuron;
    /// use neuron::ndarray::array;
    /// use neuron::notebook::HtmlDisplay;
    ///
    /// let neuron = Neuron::new(array![0.4, 0.7, 0.2]);
    /// neuron.evcxr_display(); // prints EVCXR_BEGIN_CONTENT text/plain …
    /// assert!(neuron.to_html().contains("<td>0.7</td>"));
    /// ```
    pub fn evcxr_display(&self) {
        <Self as HtmlDisplay>::evcxr_display(self);
    }
}

impl<F: Float> Dense<F> {
    /// Shows the layer in an evcxr notebook: its formula and weight matrix, as
    /// [`HtmlDisplay`] renders them. Evcxr calls it for a layer that ends a cell.
    ///
    /// ```
    /// use neuron::{Dense, Neuron};
    /// use neuron::ndarray::array;
    /// use neuron::notebook::HtmlDisplay;
    ///
    /// let layer = Dense::from(Neuron::new(array![0.4, 0.7]));
    /// layer.evcxr_display();
    /// assert!(layer.to_text().starts_with("Dense(2 → 1, sigmoid): Y = sigmoid(X·W + b)"));
    /// ```
    pub fn evcxr_display(&self) {
        <Self as HtmlDisplay>::evcxr_display(self);
    }
}

impl<F: Float> Network<F> {
    /// Shows the network in an evcxr notebook: a table of its layers, as
    /// [`HtmlDisplay`] renders it. Evcxr calls it for a network that ends a cell.
    ///
    /// ```
    /// use neuron::{Activation, Init, Network};
    /// use neuron::notebook::HtmlDisplay;
    /// use neuron::rand::{SeedableRng, rngs::StdRng};
    ///
    /// let network: Network<f64> =
    ///     Network::random(&[2, 5, 1], Activation::Sigmoid, Init::Lecture, &mut StdRng::seed_from_u64(0))?;
    /// network.evcxr_display();
    /// assert!(network.to_html().contains("2 → 5 → 1, 21 parameters"));
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn evcxr_display(&self) {
        <Self as HtmlDisplay>::evcxr_display(self);
    }
}

impl HtmlDisplay for crate::Summary {
    /// A table of the layers, their output shapes and parameters, and the total.
    fn to_html(&self) -> String {
        let headers = vec![Cell::plain("output shape"), Cell::plain("parameters")];
        let mut table = Table::new(Cell::plain("layer"), headers);
        for row in self.rows() {
            let shape = row.output_shape.as_ref().map_or_else(
                || "?".to_owned(),
                |shape| format!("{shape:?}").replace('[', "(").replace(']', ")"),
            );
            table.row(
                Cell::plain(row.layer.clone()),
                vec![Cell::plain(shape), Cell::plain(row.parameters.to_string())],
            );
        }
        table.row(
            Cell::plain("total"),
            vec![
                Cell::plain(""),
                Cell::plain(self.total_parameters().to_string()),
            ],
        );
        format!(
            "<div class=\"neuron-summary\">\n{}\n</div>",
            table.to_html()
        )
    }

    /// As [`Display`](std::fmt::Display) prints it.
    fn to_text(&self) -> String {
        self.to_string()
    }
}

impl crate::Summary {
    /// Shows the summary in an evcxr notebook, as a table. Evcxr calls it for
    /// a summary that ends a cell.
    ///
    /// ```
    /// use neuron::{Activation, Init, Network};
    /// use neuron::notebook::HtmlDisplay;
    /// use neuron::rand::{SeedableRng, rngs::StdRng};
    ///
    /// let network: Network<f64> =
    ///     Network::random(&[2, 5, 1], Activation::Sigmoid, Init::Lecture, &mut StdRng::seed_from_u64(0))?;
    /// let summary = network.summary();
    /// summary.evcxr_display();
    /// assert!(summary.to_html().contains("<td>15</td>")); // 2·5 + 5
    /// assert_eq!(summary.total_parameters(), 21);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn evcxr_display(&self) {
        <Self as HtmlDisplay>::evcxr_display(self);
    }
}
