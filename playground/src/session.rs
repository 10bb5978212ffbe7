//! A network learning on the plane, one slice of epochs at a time.
//!
//! The page calls [`Session::train`] for a few epochs between animation frames
//! and redraws in between, so the loop lives here rather than in
//! `GradientDescent::fit` (which runs all its epochs in one call and starts its
//! optimiser afresh each time): the same steps, with the optimiser's state and
//! the shuffling generator kept from slice to slice.

use neuron::datasets::{Dataset, train_test_split};
use neuron::ndarray::{Array2, Axis};
use neuron::rand::SeedableRng;
use neuron::rand::rngs::StdRng;
use neuron::rand::seq::SliceRandom;
use neuron::{
    Activation, Dense, Error, Init, Loss, Network, Optimizer, Result, Trainable, metrics,
};

use crate::data::Shape;

/// Everything the page lets a learner choose; the URL holds the same.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// The data set.
    pub shape: Shape,
    /// Samples in training and test sets together.
    pub n_samples: usize,
    /// Standard deviation of the Gaussian noise added to every point.
    pub noise: f64,
    /// The fraction of samples held out for testing, in `(0, 1)`.
    pub test_fraction: f64,
    /// Units of each hidden layer; empty for a single sigmoid neuron.
    pub hidden: Vec<usize>,
    /// The activation of the hidden layers (the output is always a sigmoid).
    pub activation: Activation,
    /// The step size η.
    pub learning_rate: f64,
    /// Samples per step; `0` for the whole training set.
    pub batch_size: usize,
    /// The L2 penalty λ on the weights.
    pub l2: f64,
    /// The update rule.
    pub optimizer: Optimizer,
    /// Seeds the data, the split, the initial weights and the batch order.
    pub seed: u64,
}

impl Default for Settings {
    /// The spiral, which two hidden layers of 16 ReLU units learn with Adam
    /// in a few hundred epochs.
    fn default() -> Self {
        Settings {
            shape: Shape::Spiral,
            n_samples: 300,
            noise: 0.05,
            test_fraction: 0.3,
            hidden: vec![16, 16],
            activation: Activation::Relu,
            learning_rate: 0.01,
            batch_size: 10,
            l2: 0.0,
            optimizer: Optimizer::adam(),
            seed: 1,
        }
    }
}

/// The largest settings the page offers; more would make the page slow, not wrong.
const MAX_SAMPLES: usize = 2000;
const MAX_HIDDEN_LAYERS: usize = 6;
const MAX_UNITS: usize = 32;

/// A training run: the data, the network, the optimiser and the losses so far.
#[derive(Debug, Clone)]
pub struct Session {
    settings: Settings,
    train: Dataset<f64>,
    test: Dataset<f64>,
    train_targets: Array2<f64>,
    test_targets: Array2<f64>,
    network: Network<f64>,
    optimizer: Optimizer,
    rng: StdRng,
    order: Vec<usize>,
    epoch: usize,
    train_loss: Vec<f64>,
    test_loss: Vec<f64>,
}

impl Session {
    /// A fresh run: data made and split, weights drawn, all from `settings.seed`;
    /// the losses of the untrained network are epoch 0.
    ///
    /// # Errors
    /// [`Error::InvalidSetting`] for a setting out of range; as
    /// [`train_test_split`] for a split that leaves a set empty.
    pub fn new(settings: Settings) -> Result<Self> {
        check(&settings)?;
        let mut rng = StdRng::seed_from_u64(settings.seed);
        let data = settings
            .shape
            .generate(settings.n_samples, settings.noise, &mut rng)?;
        let (train, test) = train_test_split(&data, settings.test_fraction, &mut rng)?;
        let init = match settings.activation {
            Activation::Relu => Init::HeNormal,
            _ => Init::XavierUniform,
        };
        let mut layers = Vec::with_capacity(settings.hidden.len() + 1);
        let mut n_inputs = 2;
        for &units in &settings.hidden {
            layers.push(Dense::random(
                n_inputs,
                units,
                settings.activation,
                init,
                &mut rng,
            )?);
            n_inputs = units;
        }
        layers.push(Dense::random(
            n_inputs,
            1,
            Activation::Sigmoid,
            Init::XavierUniform,
            &mut rng,
        )?);
        let network = Network::from_layers(layers)?;
        let column = |data: &Dataset<f64>| data.targets().clone().insert_axis(Axis(1));
        let mut session = Session {
            train_targets: column(&train),
            test_targets: column(&test),
            order: (0..train.n_samples()).collect(),
            train,
            test,
            network,
            optimizer: settings.optimizer.clone(),
            rng,
            epoch: 0,
            train_loss: Vec::new(),
            test_loss: Vec::new(),
            settings,
        };
        session.record(0)?;
        Ok(session)
    }

    /// Trains for `epochs` more epochs: each walks through the training set in
    /// shuffled batches, one optimiser step per batch.
    ///
    /// # Errors
    /// [`Error::Diverged`] when the loss or a weight stops being finite; the
    /// network then keeps the weights it had before that epoch.
    pub fn train(&mut self, epochs: usize) -> Result<()> {
        let n_samples = self.train.n_samples();
        let batch_size = match self.settings.batch_size {
            0 => n_samples,
            size => size.min(n_samples),
        };
        for _ in 0..epochs {
            let before = (self.network.clone(), self.optimizer.clone());
            if let Err(e) = self.one_epoch(batch_size) {
                (self.network, self.optimizer) = before;
                return Err(e);
            }
        }
        Ok(())
    }

    /// One pass over the shuffled training set, then its losses recorded.
    fn one_epoch(&mut self, batch_size: usize) -> Result<()> {
        self.order.shuffle(&mut self.rng);
        for batch in self.order.chunks(batch_size) {
            let x = self.train.inputs().select(Axis(0), batch);
            let t = self.train_targets.select(Axis(0), batch);
            let (_, gradient) =
                self.network
                    .loss_and_gradient(x.view(), t.view(), Loss::BinaryCrossEntropy)?;
            self.optimizer.step(
                &mut self.network,
                &gradient,
                self.settings.learning_rate,
                self.settings.l2,
            )?;
        }
        self.record(self.epoch + 1)?;
        self.epoch += 1;
        Ok(())
    }

    /// Appends the current training and test losses; an error if either, or a weight, is not finite.
    fn record(&mut self, epoch: usize) -> Result<()> {
        let loss = |x: &Array2<f64>, t: &Array2<f64>| {
            self.network
                .loss(x.view(), t.view(), Loss::BinaryCrossEntropy)
        };
        let train = loss(self.train.inputs(), &self.train_targets)?;
        let test = loss(self.test.inputs(), &self.test_targets)?;
        if !(train.is_finite() && test.is_finite() && self.network.is_finite()) {
            return Err(Error::Diverged { epoch, loss: train });
        }
        self.train_loss.push(train);
        self.test_loss.push(test);
        Ok(())
    }

    /// The settings this run was made from.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Epochs trained so far.
    pub fn epoch(&self) -> usize {
        self.epoch
    }

    /// The network as it is now.
    pub fn network(&self) -> &Network<f64> {
        &self.network
    }

    /// The training set.
    pub fn train_set(&self) -> &Dataset<f64> {
        &self.train
    }

    /// The test set.
    pub fn test_set(&self) -> &Dataset<f64> {
        &self.test
    }

    /// Mean binary cross-entropy on the training set after each epoch, from epoch 0 (no L2 penalty).
    pub fn train_loss(&self) -> &[f64] {
        &self.train_loss
    }

    /// Mean binary cross-entropy on the test set after each epoch, from epoch 0.
    pub fn test_loss(&self) -> &[f64] {
        &self.test_loss
    }

    /// The fraction of the training set (`test = false`) or the test set
    /// classified right, at the threshold 0.5.
    ///
    /// # Errors
    /// As [`Network::predict_classes`].
    pub fn accuracy(&self, test: bool) -> Result<f64> {
        let data = if test { &self.test } else { &self.train };
        let predicted = self
            .network
            .predict_classes(data.inputs())?
            .mapv(|c| c as f64);
        metrics::accuracy(data.targets(), &predicted)
    }

    /// The square of the plane that is drawn, `[x_min, x_max, y_min, y_max]`:
    /// every point of both sets with a margin, the same length in x and y.
    pub fn extent(&self) -> [f64; 4] {
        let (mut low, mut high) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
        for data in [&self.train, &self.test] {
            for row in data.inputs().rows() {
                for (k, &v) in row.iter().enumerate().take(2) {
                    low[k] = low[k].min(v);
                    high[k] = high[k].max(v);
                }
            }
        }
        let half = (0..2)
            .map(|k| (high[k] - low[k]) / 2.0)
            .fold(0.5_f64, f64::max)
            * 1.15;
        let centre = [(low[0] + high[0]) / 2.0, (low[1] + high[1]) / 2.0];
        [
            centre[0] - half,
            centre[0] + half,
            centre[1] - half,
            centre[1] + half,
        ]
    }

    /// The network's probability of class 1 at the centre of every cell of a
    /// `columns × rows` grid over [`extent`](Session::extent), row by row from
    /// the top, as a canvas lays out its pixels.
    ///
    /// # Shapes
    /// - returns: `(columns·rows,)`
    ///
    /// # Errors
    /// As [`Network::predict_proba`].
    pub fn probabilities(&self, columns: usize, rows: usize) -> Result<Vec<f64>> {
        let [x_min, x_max, y_min, y_max] = self.extent();
        let mut grid = Array2::zeros((columns * rows, 2));
        for (i, mut point) in grid.rows_mut().into_iter().enumerate() {
            let (row, column) = (i / columns.max(1), i % columns.max(1));
            point[0] = x_min + (x_max - x_min) * (column as f64 + 0.5) / columns as f64;
            point[1] = y_max - (y_max - y_min) * (row as f64 + 0.5) / rows as f64;
        }
        Ok(self.network.predict_proba(&grid)?.column(0).to_vec())
    }

    /// The weights and bias `[w₁, w₂, b]` of unit `unit` of the first layer,
    /// whose inputs are the two coordinates: it draws the line `w₁x₁ + w₂x₂ + b = 0`.
    /// `None` past the last unit.
    pub fn first_layer_unit(&self, unit: usize) -> Option<[f64; 3]> {
        let neuron = self.network.layers().first()?.neuron(unit)?;
        let w = neuron.weights();
        Some([*w.get(0)?, *w.get(1)?, neuron.bias()])
    }
}

/// Every setting in the range the page offers.
fn check(settings: &Settings) -> Result<()> {
    let invalid = |name, value: f64, requirement| {
        Err(Error::InvalidSetting {
            name,
            value,
            requirement,
        })
    };
    if !(4..=MAX_SAMPLES).contains(&settings.n_samples) {
        return invalid("samples", settings.n_samples as f64, "from 4 to 2000");
    }
    if settings.hidden.len() > MAX_HIDDEN_LAYERS {
        return invalid("hidden layers", settings.hidden.len() as f64, "at most 6");
    }
    if let Some(&units) = settings
        .hidden
        .iter()
        .find(|&&u| !(1..=MAX_UNITS).contains(&u))
    {
        return invalid("units", units as f64, "from 1 to 32 per layer");
    }
    if matches!(settings.activation, Activation::Softmax | Activation::Step) {
        return invalid(
            "activation",
            f64::NAN,
            "one with a useful gradient: sigmoid, tanh, relu or identity",
        );
    }
    if !(settings.learning_rate.is_finite() && settings.learning_rate > 0.0) {
        return invalid("learning_rate", settings.learning_rate, "finite and > 0");
    }
    if !(settings.l2.is_finite() && settings.l2 >= 0.0) {
        return invalid("l2", settings.l2, "finite and ≥ 0");
    }
    settings.optimizer.check()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn xor() -> Settings {
        Settings {
            shape: Shape::Xor,
            n_samples: 100,
            noise: 0.1,
            hidden: vec![4],
            learning_rate: 0.05,
            ..Settings::default()
        }
    }

    #[test]
    fn xor_with_a_hidden_layer_is_learnt() {
        let mut session = Session::new(xor()).unwrap();
        assert_eq!(session.train_loss().len(), 1);
        session.train(100).unwrap();
        assert_eq!(session.epoch(), 100);
        assert_eq!(session.train_loss().len(), 101);
        assert!(session.train_loss()[100] < session.train_loss()[0] / 4.0);
        assert_eq!(session.accuracy(false).unwrap(), 1.0);
    }

    #[test]
    fn slices_equal_one_run_and_the_seed_repeats_it() {
        let mut one = Session::new(xor()).unwrap();
        one.train(30).unwrap();
        let mut sliced = Session::new(xor()).unwrap();
        for _ in 0..10 {
            sliced.train(3).unwrap();
        }
        assert_eq!(one.network(), sliced.network());
        assert_eq!(one.train_loss(), sliced.train_loss());
        let other = Session::new(Settings { seed: 2, ..xor() }).unwrap();
        assert_ne!(other.network(), Session::new(xor()).unwrap().network());
    }

    #[test]
    fn the_default_spiral_is_learnt() {
        let mut session = Session::new(Settings::default()).unwrap();
        session.train(300).unwrap();
        let (train, test) = (
            session.accuracy(false).unwrap(),
            session.accuracy(true).unwrap(),
        );
        assert!(train > 0.98 && test > 0.9, "{train} {test}");
    }

    #[test]
    fn a_single_neuron_draws_its_line_and_the_grid_is_probabilities() {
        let session = Session::new(Settings {
            hidden: vec![],
            shape: Shape::And,
            ..Settings::default()
        })
        .unwrap();
        assert_eq!(session.network().layers().len(), 1);
        assert!(session.first_layer_unit(0).is_some());
        assert!(session.first_layer_unit(1).is_none());
        let p = session.probabilities(4, 3).unwrap();
        assert_eq!(p.len(), 12);
        assert!(p.iter().all(|p| (0.0..=1.0).contains(p)));
        let [x0, x1, y0, y1] = session.extent();
        assert!((x1 - x0 - (y1 - y0)).abs() < 1e-12 && x0 < 0.0 && x1 > 1.0);
    }

    #[test]
    fn divergence_keeps_the_last_good_weights() {
        let mut session = Session::new(Settings {
            // Identity layers multiply their weights: 1e300·1e300 overflows.
            learning_rate: 1e300,
            activation: Activation::Identity,
            optimizer: Optimizer::sgd(),
            ..xor()
        })
        .unwrap();
        let before = session.network().clone();
        assert!(matches!(session.train(5), Err(Error::Diverged { .. })));
        assert_eq!(session.network(), &before);
        assert_eq!(session.epoch(), 0);
    }

    #[test]
    fn settings_out_of_range_are_errors() {
        let bad = [
            Settings {
                n_samples: 3,
                ..xor()
            },
            Settings {
                hidden: vec![0],
                ..xor()
            },
            Settings {
                learning_rate: 0.0,
                ..xor()
            },
            Settings { l2: -1.0, ..xor() },
            Settings {
                activation: Activation::Step,
                ..xor()
            },
            Settings {
                test_fraction: 1.0,
                ..xor()
            },
        ];
        for settings in bad {
            assert!(Session::new(settings.clone()).is_err(), "{settings:?}");
        }
    }
}
