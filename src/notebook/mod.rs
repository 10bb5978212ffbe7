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
pub(crate) mod html;
mod models;
pub(crate) mod numbers;
mod probabilities;
mod table;

pub use self::arrays::TableCell;
pub use self::html::{HtmlDisplay, evcxr_content};
pub use self::probabilities::ProbabilityTable;
