//! The `neuron` crate in a web page, through wasm-bindgen: the lecture's neuron
//! computed as the slides write it, and networks learning on the plane.
//!
//! The page (`web/`) is HTML, CSS and JavaScript for the controls and the
//! drawing; every number it shows comes from here. [`lecture`], [`data`] and
//! [`session`] are plain Rust, tested natively; this file only turns their
//! values and errors into JavaScript's.

pub mod data;
pub mod lecture;
pub mod session;

use neuron::{Activation, Explanation, Optimizer};
use wasm_bindgen::prelude::*;

use crate::session::Session;

/// One sample through the lecture's neuron, as the page shows it.
#[wasm_bindgen]
pub struct NeuronStep {
    explanation: Explanation<f64>,
}

#[wasm_bindgen]
impl NeuronStep {
    /// The net input `h`, unrounded.
    #[wasm_bindgen(getter)]
    pub fn net_input(&self) -> f64 {
        self.explanation.net_input()
    }

    /// The output `y = f(h)`, unrounded.
    #[wasm_bindgen(getter)]
    pub fn output(&self) -> f64 {
        self.explanation.output()
    }

    /// `h = 0.5·0.4 + 0.3·0.7 + 0.2·0.2 = 0.45`.
    #[wasm_bindgen(getter)]
    pub fn net_input_line(&self) -> String {
        let [h, _] = lecture::slide_lines(&self.explanation);
        h
    }

    /// `y = σ(0.45) = 0.61`.
    #[wasm_bindgen(getter)]
    pub fn output_line(&self) -> String {
        let [_, y] = lecture::slide_lines(&self.explanation);
        y
    }
}

/// The lecture's inputs and weights, `[x₁, x₂, x₃, w₁, w₂, w₃]`.
#[wasm_bindgen]
pub fn lecture_values() -> Vec<f64> {
    lecture::INPUTS
        .iter()
        .chain(&lecture::WEIGHTS)
        .copied()
        .collect()
}

/// A neuron with `weights` and `activation` (by name) on `inputs`, explained.
///
/// # Errors
/// An unknown activation, the softmax, or inputs and weights of different lengths.
#[wasm_bindgen]
pub fn explain(inputs: &[f64], weights: &[f64], activation: &str) -> Result<NeuronStep, JsError> {
    let activation = activation.parse::<Activation>().map_err(js)?;
    let explanation = lecture::explain(inputs, weights, activation).map_err(js)?;
    Ok(NeuronStep { explanation })
}

/// `activation` (by name) at `points` evenly spaced net inputs from `from` to `to`.
///
/// # Errors
/// An unknown activation.
#[wasm_bindgen]
pub fn activation_curve(
    activation: &str,
    from: f64,
    to: f64,
    points: usize,
) -> Result<Vec<f64>, JsError> {
    let activation = activation.parse::<Activation>().map_err(js)?;
    Ok(lecture::curve(activation, from, to, points))
}

/// What the page lets a learner choose, by name and number as the form and the
/// URL hold them. `new PlaygroundSettings()` gives the defaults.
#[wasm_bindgen(getter_with_clone)]
#[derive(Debug, Clone)]
pub struct PlaygroundSettings {
    /// `and`, `or`, `xor`, `circle`, `blobs` or `spiral`.
    pub data: String,
    /// Samples in training and test sets together.
    pub samples: u32,
    /// Standard deviation of the noise on every point.
    pub noise: f64,
    /// The fraction held out for testing.
    pub test_fraction: f64,
    /// Hidden layers; 0 for a single sigmoid neuron.
    pub hidden_layers: u32,
    /// Units in each hidden layer.
    pub units: u32,
    /// The hidden layers' activation: `tanh`, `relu`, `sigmoid` or `identity`.
    pub activation: String,
    /// The step size η.
    pub learning_rate: f64,
    /// Samples per step; 0 for the whole training set.
    pub batch_size: u32,
    /// The L2 penalty λ.
    pub l2: f64,
    /// `sgd`, `momentum` (μ = 0.9) or `adam`.
    pub optimizer: String,
    /// Seeds the data, the split, the weights and the batch order.
    pub seed: u32,
}

#[wasm_bindgen]
impl PlaygroundSettings {
    /// The defaults: the spiral, two hidden layers of 16 ReLU units, Adam.
    #[wasm_bindgen(constructor)]
    pub fn new() -> PlaygroundSettings {
        let s = session::Settings::default();
        PlaygroundSettings {
            data: s.shape.name().to_owned(),
            samples: s.n_samples as u32,
            noise: s.noise,
            test_fraction: s.test_fraction,
            hidden_layers: s.hidden.len() as u32,
            units: s.hidden.first().copied().unwrap_or(8) as u32,
            activation: s.activation.name().to_owned(),
            learning_rate: s.learning_rate,
            batch_size: s.batch_size as u32,
            l2: s.l2,
            optimizer: s.optimizer.name().to_owned(),
            seed: s.seed as u32,
        }
    }
}

impl Default for PlaygroundSettings {
    fn default() -> Self {
        PlaygroundSettings::new()
    }
}

impl PlaygroundSettings {
    fn to_settings(&self) -> Result<session::Settings, JsError> {
        let optimizer = match self.optimizer.as_str() {
            "sgd" => Optimizer::sgd(),
            "momentum" => Optimizer::momentum(0.9),
            "adam" => Optimizer::adam(),
            other => return Err(JsError::new(&format!("unknown optimiser {other:?}"))),
        };
        Ok(session::Settings {
            shape: self.data.parse().map_err(js)?,
            n_samples: self.samples as usize,
            noise: self.noise,
            test_fraction: self.test_fraction,
            hidden: vec![self.units as usize; self.hidden_layers as usize],
            activation: self.activation.parse().map_err(js)?,
            learning_rate: self.learning_rate,
            batch_size: self.batch_size as usize,
            l2: self.l2,
            optimizer,
            seed: u64::from(self.seed),
        })
    }
}

/// A network learning on the plane, trained a slice at a time.
#[wasm_bindgen]
pub struct Playground {
    session: Session,
}

#[wasm_bindgen]
impl Playground {
    /// A fresh run from `settings`: data, split and weights all from its seed.
    ///
    /// # Errors
    /// A setting out of range, named with its value.
    #[wasm_bindgen(constructor)]
    pub fn new(settings: &PlaygroundSettings) -> Result<Playground, JsError> {
        let session = Session::new(settings.to_settings()?).map_err(js)?;
        Ok(Playground { session })
    }

    /// Trains `epochs` more epochs.
    ///
    /// # Errors
    /// The loss diverged; the network keeps its last finite weights.
    pub fn train(&mut self, epochs: u32) -> Result<(), JsError> {
        self.session.train(epochs as usize).map_err(js)
    }

    /// Epochs trained so far.
    #[wasm_bindgen(getter)]
    pub fn epoch(&self) -> u32 {
        self.session.epoch() as u32
    }

    /// Training loss after each epoch, from epoch 0.
    pub fn train_loss(&self) -> Vec<f64> {
        self.session.train_loss().to_vec()
    }

    /// Test loss after each epoch, from epoch 0.
    pub fn test_loss(&self) -> Vec<f64> {
        self.session.test_loss().to_vec()
    }

    /// The fraction of the training set classified right.
    ///
    /// # Errors
    /// Never for a network this page builds.
    pub fn train_accuracy(&self) -> Result<f64, JsError> {
        self.session.accuracy(false).map_err(js)
    }

    /// The fraction of the test set classified right.
    ///
    /// # Errors
    /// Never for a network this page builds.
    pub fn test_accuracy(&self) -> Result<f64, JsError> {
        self.session.accuracy(true).map_err(js)
    }

    /// The square of the plane drawn, `[x_min, x_max, y_min, y_max]`.
    pub fn extent(&self) -> Vec<f64> {
        self.session.extent().to_vec()
    }

    /// The probability of class 1 over a `columns × rows` grid, row by row from the top.
    ///
    /// # Errors
    /// Never for a network this page builds.
    pub fn probabilities(&self, columns: u32, rows: u32) -> Result<Vec<f64>, JsError> {
        self.session
            .probabilities(columns as usize, rows as usize)
            .map_err(js)
    }

    /// The training points, `[x₁, x₂, class, …]`.
    pub fn train_points(&self) -> Vec<f64> {
        points(self.session.train_set())
    }

    /// The test points, `[x₁, x₂, class, …]`.
    pub fn test_points(&self) -> Vec<f64> {
        points(self.session.test_set())
    }

    /// Units in the first layer, whose lines can be drawn.
    #[wasm_bindgen(getter)]
    pub fn first_layer_units(&self) -> u32 {
        self.session
            .network()
            .layers()
            .first()
            .map_or(0, |layer| layer.n_units() as u32)
    }

    /// `[w₁, w₂, b]` of unit `unit` of the first layer, or undefined.
    pub fn unit_weights(&self, unit: u32) -> Option<Vec<f64>> {
        self.session
            .first_layer_unit(unit as usize)
            .map(|w| w.to_vec())
    }

    /// The network in a line: `Network(2 → 8 → 8 → 1, tanh, tanh, sigmoid)`.
    pub fn describe(&self) -> String {
        self.session.network().to_string()
    }

    /// The crate's own decision-boundary picture of the network on the training set, as SVG.
    ///
    /// # Errors
    /// Never for a network this page builds.
    pub fn boundary_svg(&self) -> Result<String, JsError> {
        neuron::plot::decision_boundary(self.session.network(), self.session.train_set())
            .map(neuron::plot::Svg::into_string)
            .map_err(js)
    }
}

/// `[x₁, x₂, class, …]`, row by row.
fn points(data: &neuron::datasets::Dataset<f64>) -> Vec<f64> {
    data.inputs()
        .rows()
        .into_iter()
        .zip(data.targets())
        .flat_map(|(x, &t)| [x[0], x[1], t])
        .collect()
}

/// The crate's error, with its message, as a JavaScript `Error`.
fn js(error: neuron::Error) -> JsError {
    JsError::new(&error.to_string())
}
