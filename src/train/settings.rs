//! `GradientDescent`: training settings as one value, built setting by setting.

use crate::{Clip, Metric, Optimizer, Schedule};

/// Gradient-descent training, set up as one value and then applied with
/// [`fit`](GradientDescent::fit).
///
/// Each epoch walks through the training set in batches; for each batch the
/// parameters take one step against the gradient of the objective
///
/// ```text
/// J(w, b) = mean loss + (l2 / 2)·‖w‖²       w ← w − η·(∂loss/∂w + l2·w),  b ← b − η·∂loss/∂b
/// ```
///
/// (the penalty is on the weights, not the biases). That is plain gradient
/// descent, the default [`Optimizer::sgd`]; [`optimizer`](GradientDescent::optimizer)
/// chooses momentum, Nesterov, Adam or AdamW instead, and
/// [`schedule`](GradientDescent::schedule) changes `η` from epoch to epoch. The batch size chooses the
/// flavour: the whole set (the default, "full batch"), a few samples
/// ([`batch_size`](GradientDescent::batch_size)) or one sample at a time
/// ([`per_sample`](GradientDescent::per_sample), as the lecture series trains).
/// Batches are drawn in an order shuffled by a seeded generator, so the same
/// settings give the same run on every machine.
///
/// | setting | default |
/// |---|---|
/// | `learning_rate` (η) | `0.1` |
/// | `epochs` | `100` |
/// | `batch_size` | the whole training set |
/// | `l2` / `l1` | `0` / `0` |
/// | `shuffle` / `seed` | `true` / `0` |
/// | `tolerance` / `patience` | none / `5` epochs |
/// | `optimizer` | [`Optimizer::sgd`] |
/// | `schedule` | [`Schedule::Constant`] |
/// | `clip` | none |
/// | `validation_split` / `validation_seed` | none / none (the last samples) |
/// | `verbose` | `false` |
/// | `metrics` | none |
/// | `class_weights` | none (equal) |
///
/// Each setting is a public field too, to read back (`settings.learning_rate`).
///
/// ```
/// use neuron::{GradientDescent, Loss, Neuron};
/// use neuron::ndarray::array;
///
/// // Learn the OR gate with a sigmoid neuron and cross-entropy: logistic regression.
/// let x = array![[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]];
/// let t = array![0.0, 1.0, 1.0, 1.0];
/// let mut neuron = Neuron::new(array![0.0, 0.0]);
/// let history = GradientDescent::new()
///     .learning_rate(1.0)
///     .epochs(500)
///     .fit(&mut neuron, &x, &t, Loss::BinaryCrossEntropy)?;
/// assert_eq!(neuron.predict(&x)?, t);
/// assert!(history.final_loss().unwrap() < 0.05);
/// # Ok::<(), neuron::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(default)
)]
#[non_exhaustive]
pub struct GradientDescent {
    /// The step size η.
    pub learning_rate: f64,
    /// Passes over the training set.
    pub epochs: usize,
    /// Samples per step; `None` for the whole training set.
    pub batch_size: Option<usize>,
    /// The L2 penalty λ on the weights.
    pub l2: f64,
    /// The L1 penalty on the weights.
    pub l1: f64,
    /// Whether mini-batches are visited in a new random order every epoch.
    pub shuffle: bool,
    /// The seed of that order.
    pub seed: u64,
    /// The smallest improvement that counts, for early stopping; `None` for no early stopping.
    pub tolerance: Option<f64>,
    /// Epochs without enough improvement before stopping early.
    pub patience: usize,
    /// The update rule of each step.
    pub optimizer: Optimizer,
    /// The learning rate from epoch to epoch.
    pub schedule: Schedule,
    /// How each step's gradient is clipped; `None` for not at all.
    pub clip: Option<Clip>,
    /// The share of the samples held out as validation data: the last ones,
    /// or with `validation_seed` a random part.
    pub validation_split: Option<f64>,
    /// The seed of a random (for classification, stratified) validation part.
    pub validation_seed: Option<u64>,
    /// Whether `fit` prints a line per epoch.
    pub verbose: bool,
    /// What `fit` measures after every epoch besides the loss.
    pub metrics: Vec<Metric>,
    /// A weight per class for the samples' losses; `None` for equal weights.
    pub class_weights: Option<Vec<f64>>,
    /// Whether `fit` shows a progress bar (feature `progress`).
    #[cfg(feature = "progress")]
    pub progress: bool,
}

impl Default for GradientDescent {
    fn default() -> Self {
        GradientDescent {
            learning_rate: 0.1,
            epochs: 100,
            batch_size: None,
            l2: 0.0,
            l1: 0.0,
            shuffle: true,
            seed: 0,
            tolerance: None,
            patience: 5,
            optimizer: Optimizer::sgd(),
            schedule: Schedule::Constant,
            clip: None,
            validation_split: None,
            validation_seed: None,
            verbose: false,
            metrics: Vec::new(),
            class_weights: None,
            #[cfg(feature = "progress")]
            progress: false,
        }
    }
}

impl GradientDescent {
    /// The default settings (see the table above).
    ///
    /// ```
    /// use neuron::GradientDescent;
    ///
    /// let settings = GradientDescent::new().learning_rate(0.5).epochs(20).batch_size(8).l2(1e-3).seed(7);
    /// assert_eq!((settings.learning_rate, settings.epochs, settings.batch_size), (0.5, 20, Some(8)));
    /// assert_eq!((settings.l2, settings.seed, settings.shuffle), (1e-3, 7, true));
    /// assert_eq!(GradientDescent::new().per_sample().batch_size, Some(1));
    /// assert_eq!(settings.full_batch().batch_size, None);
    /// ```
    pub fn new() -> Self {
        Self::default()
    }

    /// The step size η; must be finite and > 0.
    pub fn learning_rate(mut self, learning_rate: f64) -> Self {
        self.learning_rate = learning_rate;
        self
    }

    /// The number of passes over the training set; must be ≥ 1.
    pub fn epochs(mut self, epochs: usize) -> Self {
        self.epochs = epochs;
        self
    }

    /// Samples per step: mini-batch training; must be ≥ 1. A batch size at least
    /// the size of the training set is full-batch training.
    pub fn batch_size(mut self, batch_size: usize) -> Self {
        self.batch_size = Some(batch_size);
        self
    }

    /// One step per batch of the whole training set (the default).
    pub fn full_batch(mut self) -> Self {
        self.batch_size = None;
        self
    }

    /// One step per sample, as the lecture series trains: `batch_size(1)`.
    pub fn per_sample(self) -> Self {
        self.batch_size(1)
    }

    /// The L2 penalty `λ` on the weights: the objective becomes
    /// `mean loss + (λ / 2)·‖w‖²`. scikit-learn's `LogisticRegression(C=C)`
    /// corresponds to `λ = 1 / (C · n_samples)`. Must be finite and ≥ 0.
    pub fn l2(mut self, l2: f64) -> Self {
        self.l2 = l2;
        self
    }

    /// The L1 penalty `λ₁` on the weights (not the biases): the objective
    /// becomes `mean loss + λ₁·‖w‖₁ (+ (λ₂ / 2)·‖w‖²)`, and each step's
    /// gradient gains `λ₁·sign(w)` (0 at `w = 0`, as PyTorch's autograd takes
    /// `|w|`), before clipping and the optimiser, as an L1 term added to the
    /// loss in PyTorch would. Pushes weights towards exactly 0 (sparse
    /// weights); with [`l2`](GradientDescent::l2) too, the elastic net:
    /// scikit-learn's `ElasticNet(alpha=α, l1_ratio=ρ)` penalty is `l1(α·ρ)`
    /// with `l2(α·(1 − ρ))`. Must be finite and ≥ 0.
    ///
    /// ```
    /// use neuron::{GradientDescent, Loss, Neuron};
    /// use neuron::ndarray::array;
    ///
    /// // The first input decides the class; the second only helps a little.
    /// let x = array![[1.0, 0.5], [-1.0, 0.3], [2.0, -0.4], [-2.0, -0.2], [0.5, 0.9], [-0.5, -0.8]];
    /// let t = array![1.0, 0.0, 1.0, 0.0, 1.0, 0.0];
    /// let train = |l1| -> Result<_, neuron::Error> {
    ///     let mut neuron = Neuron::new(array![0.0_f64, 0.0]);
    ///     GradientDescent::new().learning_rate(0.5).epochs(2000).l1(l1)
    ///         .fit(&mut neuron, &x, &t, Loss::BinaryCrossEntropy)?;
    ///     Ok(neuron.weights().to_owned())
    /// };
    /// let (plain, sparse) = (train(0.0)?, train(0.1)?);
    /// assert!(plain[1] > 3.0);  // unpenalised, the weak input gets a large weight
    /// assert!(sparse[1] < 0.1 && sparse[0] > 1.5); // with L1, next to nothing
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn l1(mut self, l1: f64) -> Self {
        self.l1 = l1;
        self
    }

    /// Whether to visit mini-batches in a new random order every epoch (default `true`).
    pub fn shuffle(mut self, shuffle: bool) -> Self {
        self.shuffle = shuffle;
        self
    }

    /// The seed of the shuffling order (default `0`).
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Early stopping: stop when the monitored loss (the validation loss if
    /// there is validation data, else the training objective) has improved by
    /// less than `tolerance` over the best so far for
    /// [`patience`](GradientDescent::patience) epochs in a row. Must be finite and ≥ 0.
    ///
    /// With validation data ([`Hooks::validation`](crate::Hooks::validation)), the model ends with the
    /// weights of the epoch that had the lowest validation loss, as
    /// scikit-learn's `early_stopping` and Keras's `restore_best_weights` do;
    /// [`History::best_epoch`](crate::History::best_epoch) says which epoch that was.
    pub fn tolerance(mut self, tolerance: f64) -> Self {
        self.tolerance = Some(tolerance);
        self
    }

    /// Epochs without enough improvement before early stopping (default `5`); must be ≥ 1.
    pub fn patience(mut self, patience: usize) -> Self {
        self.patience = patience;
        self
    }

    /// The update rule of each step: [`Optimizer::sgd`] (the default),
    /// momentum, Nesterov, Adam or AdamW. Every `fit` starts it with empty state.
    ///
    /// ```
    /// use neuron::{GradientDescent, Optimizer};
    ///
    /// let settings = GradientDescent::new().optimizer(Optimizer::adam()).learning_rate(1e-3);
    /// assert_eq!(settings.optimizer.name(), "adam");
    /// ```
    pub fn optimizer(mut self, optimizer: impl Into<Optimizer>) -> Self {
        self.optimizer = optimizer.into();
        self
    }

    /// The learning rate from epoch to epoch: constant (the default), step
    /// decay or cosine annealing, starting at [`learning_rate`](GradientDescent::learning_rate).
    pub fn schedule(mut self, schedule: Schedule) -> Self {
        self.schedule = schedule;
        self
    }

    /// Clips each step's gradient (of the loss) to a total L2 norm of about
    /// `max_norm` (finite, > 0), as PyTorch's `clip_grad_norm_` before
    /// `optimizer.step()`; see [`Clip::Norm`].
    pub fn clip_norm(mut self, max_norm: f64) -> Self {
        self.clip = Some(Clip::Norm(max_norm));
        self
    }

    /// Holds out the last `fraction` of the samples (in `(0, 1)`) as
    /// validation data, as Keras's `validation_split`: `fit` trains on the
    /// first `⌊n·(1 − fraction)⌋` samples and reports the validation loss of
    /// the rest after every epoch (for early stopping too). Validation data
    /// given to [`fit_with`](GradientDescent::fit_with) by
    /// [`Hooks::validation`](crate::Hooks::validation) takes its place, as
    /// Keras's `validation_data` does. Shuffle the samples first if they come
    /// sorted (by class, say).
    ///
    /// ```
    /// use neuron::prelude::*;
    /// use neuron::datasets::iris;
    ///
    /// let (x, t) = iris::<f64>().into_parts();
    /// let (x, t) = (Standardizer::fit_transform(&x)?.1, one_hot(&t, 3)?);
    /// let mut network = Network::random(&[4, 3], Activation::Softmax, Init::XavierUniform, &mut StdRng::seed_from_u64(0))?;
    /// // iris comes sorted by class: shuffle before holding out the last 20 %.
    /// let order: Vec<usize> = (0..150).map(|i| i * 7 % 150).collect();
    /// let (x, t) = (x.select(Axis(0), &order), t.select(Axis(0), &order));
    /// let history = GradientDescent::new().epochs(3).validation_split(0.2).fit(&mut network, &x, &t, Loss::CrossEntropy)?;
    /// assert_eq!(history.validation_loss().len(), 3);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn validation_split(mut self, fraction: f64) -> Self {
        self.validation_split = Some(fraction);
        self.validation_seed = None;
        self
    }

    /// Holds out a random `fraction` of the samples (in `(0, 1)`) as
    /// validation data, drawn with `seed`: for classification (cross-entropy
    /// losses) stratified, each class keeping its share in both parts as
    /// scikit-learn's `train_test_split(stratify=y)` keeps it (its
    /// `MLPClassifier(early_stopping=True)` holds out its validation data so),
    /// else uniformly at random. The parts are
    /// [`stratified_split_indices`](crate::datasets::stratified_split_indices)'s
    /// or [`split_indices`](crate::datasets::split_indices)'s for that seed:
    /// the validation part gets `⌈fraction·n⌉` samples. The classes are read
    /// from the targets: the largest of one-hot rows, or `t ≥ 0.5` for one column.
    ///
    /// ```
    /// use neuron::prelude::*;
    /// use neuron::datasets::iris;
    ///
    /// // iris comes sorted by class: a random, stratified 20 % is 10 of each.
    /// let (x, labels) = iris::<f64>().into_parts();
    /// let (x, t) = (Standardizer::fit_transform(&x)?.1, one_hot(&labels, 3)?);
    /// let mut network = Network::random(&[4, 3], Activation::Softmax, Init::XavierUniform, &mut StdRng::seed_from_u64(0))?;
    /// let history = GradientDescent::new().epochs(3).validation_split_seeded(0.2, 7).fit(&mut network, &x, &t, Loss::CrossEntropy)?;
    /// assert_eq!(history.validation_loss().len(), 3);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn validation_split_seeded(mut self, fraction: f64, seed: u64) -> Self {
        self.validation_split = Some(fraction);
        self.validation_seed = Some(seed);
        self
    }

    /// Prints one line per epoch to standard output: the epoch, the loss,
    /// the validation loss when there is validation data, and the epoch's
    /// time (except on WebAssembly without an OS, which has no clock), as
    /// Keras's `verbose=2`. Off by default; when off, nothing is timed or
    /// printed.
    pub fn verbose(mut self, verbose: bool) -> Self {
        self.verbose = verbose;
        self
    }

    /// Clamps each value of each step's gradient to `[−value, value]`
    /// (`value` finite, > 0), as PyTorch's `clip_grad_value_`; see [`Clip::Value`].
    pub fn clip_value(mut self, value: f64) -> Self {
        self.clip = Some(Clip::Value(value));
        self
    }

    /// Metrics to measure after every epoch, on the training set and on the
    /// validation data, into the [`History`](crate::History) (see
    /// [`History::metric`](crate::History::metric)), the
    /// [`EpochReport`](crate::EpochReport) and the verbose lines, as Keras's
    /// `compile(metrics=[…])`. Each costs a pass over the data (one forward
    /// pass, whichever metrics are asked for) after every epoch.
    ///
    /// ```
    /// use neuron::prelude::*;
    /// use neuron::datasets::iris;
    ///
    /// let (x, t) = iris::<f64>().into_parts();
    /// let (x, t) = (Standardizer::fit_transform(&x)?.1, one_hot(&t, 3)?);
    /// let mut network = Network::random(&[4, 3], Activation::Softmax, Init::XavierUniform, &mut StdRng::seed_from_u64(0))?;
    /// let history = GradientDescent::new()
    ///     .optimizer(Optimizer::adam())
    ///     .learning_rate(0.1)
    ///     .epochs(60)
    ///     .metrics(&[Metric::Accuracy])
    ///     .fit(&mut network, &x, &t, Loss::CrossEntropy)?;
    /// let accuracy = history.metric(Metric::Accuracy);
    /// assert_eq!(accuracy.len(), 60);
    /// assert!(accuracy[0] < 0.5 && accuracy[59] > 0.95);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn metrics(mut self, metrics: &[Metric]) -> Self {
        self.metrics = metrics.to_vec();
        self
    }

    /// A weight per class (finite, ≥ 0), as PyTorch's
    /// `CrossEntropyLoss(weight=…)` and Keras's `class_weight`: each sample's
    /// loss counts with its class's weight, `sᵢ = Σₖ tᵢₖ·wₖ` (for one-hot
    /// targets, the weight of the sample's class), and each batch's loss is
    /// the weighted mean `Σ sᵢ·Lᵢ / Σ sᵢ`, PyTorch's mean for class-index
    /// targets. (Keras's `class_weight` and PyTorch's
    /// `BCEWithLogitsLoss(weight=…)` divide `Σ sᵢ·Lᵢ` by the batch size
    /// instead: the same minimum over a full batch, with steps `n / Σ sᵢ`
    /// times as long.) For one column of 0/1 targets (binary cross-entropy), give
    /// two weights, `[w₀, w₁]`: `sᵢ = (1 − tᵢ)·w₀ + tᵢ·w₁`. Common for
    /// unbalanced classes: `wₖ = n / (k·nₖ)`, scikit-learn's `"balanced"`.
    ///
    /// ```
    /// use neuron::{GradientDescent, Loss, Neuron};
    /// use neuron::ndarray::array;
    ///
    /// // One positive among four samples at the same point: weighting the
    /// // positive class 3 times balances the two.
    /// let x = array![[1.0], [1.0], [1.0], [1.0]];
    /// let t = array![1.0, 0.0, 0.0, 0.0];
    /// let mut neuron = Neuron::new(array![0.0_f64]);
    /// GradientDescent::new().learning_rate(1.0).epochs(300).class_weights(&[1.0, 3.0])
    ///     .fit(&mut neuron, &x, &t, Loss::BinaryCrossEntropy)?;
    /// assert!((neuron.predict_proba(&x)?[0] - 0.5).abs() < 1e-3);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn class_weights(mut self, weights: &[f64]) -> Self {
        self.class_weights = Some(weights.to_vec());
        self
    }

    /// Shows a progress bar while `fit` trains (feature `progress`, off by
    /// default): the epoch, the batch, the running loss of the epoch's
    /// batches, the last epoch's loss, metrics and validation, and the time
    /// gone and left, updated after every batch and drawn at most ten times
    /// a second. In a terminal it is an [indicatif](https://docs.rs/indicatif)
    /// bar on standard error; elsewhere (a Jupyter notebook, a pipe, a log)
    /// a line on standard output, rewritten with `\r` and ended at the end of
    /// an epoch once a second at most, so that a log gets a line a second. In
    /// an evcxr notebook each such line appears when it ends: evcxr passes
    /// output a line at a time and cannot update it in place. Without the
    /// feature, nothing of it is compiled.
    #[cfg(feature = "progress")]
    pub fn progress(mut self, progress: bool) -> Self {
        self.progress = progress;
        self
    }
}
