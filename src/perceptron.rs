//! `Perceptron`: Rosenblatt's learning rule for a step neuron.

use ndarray::{ArrayBase, Data, Ix1, Ix2};
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;

use crate::checks::{check_finite_inputs, check_inputs, check_learning_rate_and_epochs};
use crate::targets::check_shape;
use crate::{Activation, AsTargets, Error, Float, History, Neuron, Result};

/// Rosenblatt's perceptron rule, for a neuron with a [`Step`](Activation::Step) activation.
///
/// One sample at a time, the neuron's output `y ∈ {0, 1}` is compared with the
/// target `t ∈ {0, 1}`, and only a mistake moves the weights:
///
/// ```text
/// w ← w + η·(t − y)·x        b ← b + η·(t − y)
/// ```
///
/// On linearly separable data this finds a separating line in finitely many
/// steps; training stops after the first epoch without a mistake. The
/// [`History`] records the fraction of samples misclassified in each epoch.
///
/// ```
/// use neuron::{Activation, Neuron, Perceptron};
/// use neuron::ndarray::array;
///
/// let x = array![[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]];
/// let and = array![0.0, 0.0, 0.0, 1.0];
/// let mut neuron = Neuron::new(array![0.0, 0.0]).with_activation(Activation::Step);
/// let history = Perceptron::new().epochs(20).fit(&mut neuron, &x, &and)?;
/// assert_eq!(neuron.forward(&x)?, and);
/// assert_eq!(history.final_loss(), Some(0.0));
/// # Ok::<(), neuron::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(default)
)]
#[non_exhaustive]
pub struct Perceptron {
    /// The step size η (default `1`).
    pub learning_rate: f64,
    /// The most passes over the data (default `100`).
    pub epochs: usize,
    /// Whether to visit samples in a new random order every epoch (default `false`:
    /// in the order given, as Rosenblatt did).
    pub shuffle: bool,
    /// The seed of that order (default `0`).
    pub seed: u64,
}

impl Default for Perceptron {
    fn default() -> Self {
        Perceptron {
            learning_rate: 1.0,
            epochs: 100,
            shuffle: false,
            seed: 0,
        }
    }
}

impl Perceptron {
    /// The default settings.
    pub fn new() -> Self {
        Self::default()
    }

    /// The step size η; must be finite and > 0.
    pub fn learning_rate(mut self, learning_rate: f64) -> Self {
        self.learning_rate = learning_rate;
        self
    }

    /// The most passes over the data; must be ≥ 1.
    pub fn epochs(mut self, epochs: usize) -> Self {
        self.epochs = epochs;
        self
    }

    /// Whether to shuffle the samples every epoch.
    pub fn shuffle(mut self, shuffle: bool) -> Self {
        self.shuffle = shuffle;
        self
    }

    /// The seed of the shuffling order.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Applies the perceptron rule to `neuron` until an epoch has no mistake or
    /// the epochs run out.
    ///
    /// # Shapes
    /// - `inputs`: `(n_samples, n_inputs)`; `targets`: `(n_samples,)`, each `0` or `1`
    ///
    /// # Errors
    /// [`Error::ActivationMismatch`] unless the neuron's activation is `Step`;
    /// [`Error::InvalidSetting`], [`Error::Empty`], [`Error::FeatureMismatch`],
    /// [`Error::RowMismatch`], [`Error::NonFiniteInput`], and [`Error::NotBinary`]
    /// for a target other than `0` or `1`; all before any change to the neuron.
    /// [`Error::Diverged`] when a weight or the bias stops being finite (huge
    /// inputs or learning rate); the neuron then keeps the weights it had
    /// before that epoch.
    pub fn fit<F, S, T>(
        &self,
        neuron: &mut Neuron<F>,
        inputs: &ArrayBase<S, Ix2>,
        targets: &ArrayBase<T, Ix1>,
    ) -> Result<History<F>>
    where
        F: Float,
        S: Data<Elem = F>,
        T: Data<Elem = F>,
    {
        self.check(neuron, inputs, targets)?;
        let learning_rate = F::from_f64(self.learning_rate);
        let mut rng = StdRng::seed_from_u64(self.seed);
        let mut order: Vec<usize> = (0..inputs.nrows()).collect();
        let mut history = History::new();

        for epoch in 1..=self.epochs {
            let before = neuron.clone();
            if self.shuffle {
                order.shuffle(&mut rng);
            }
            let mut mistakes = 0_usize;
            for &i in &order {
                let (x, Some(&target)) = (inputs.row(i), targets.get(i)) else {
                    continue; // unreachable: `check` made targets as long as inputs
                };
                let error = target - neuron.activate(&x)?;
                if error != F::zero() {
                    mistakes += 1;
                    let (mut weights, bias) = neuron.parameters_mut_parts();
                    weights.scaled_add(learning_rate * error, &x);
                    *bias += learning_rate * error;
                }
            }
            // Huge inputs or learning rates can push the weights past the
            // largest float: stop, and give back the weights from before.
            let not_finite = neuron
                .weights()
                .iter()
                .chain(std::iter::once(&neuron.bias()))
                .find(|w| !w.is_finite())
                .copied();
            if let Some(value) = not_finite {
                *neuron = before;
                return Err(Error::Diverged {
                    epoch,
                    loss: value.as_f64(),
                });
            }
            history.push(F::from_f64(mistakes as f64 / inputs.nrows() as f64), None);
            if mistakes == 0 {
                if epoch < self.epochs {
                    history.stop_early();
                }
                break;
            }
        }
        Ok(history)
    }

    fn check<F, S, T>(
        &self,
        neuron: &Neuron<F>,
        inputs: &ArrayBase<S, Ix2>,
        targets: &ArrayBase<T, Ix1>,
    ) -> Result<()>
    where
        F: Float,
        S: Data<Elem = F>,
        T: Data<Elem = F>,
    {
        if neuron.activation() != Activation::Step {
            return Err(Error::ActivationMismatch {
                what: "the perceptron rule",
                needs: Activation::Step,
                found: neuron.activation(),
            });
        }
        check_learning_rate_and_epochs(self.learning_rate, self.epochs)?;
        crate::checks::representable_in::<F>("learning_rate", self.learning_rate)?;
        check_inputs(
            &inputs.view(),
            neuron.n_inputs(),
            "neuron",
            "the training set",
        )?;
        check_shape(&targets.as_targets(), inputs.nrows(), 1)?;
        check_finite_inputs(&inputs.view())?;
        match targets
            .iter()
            .enumerate()
            .find(|(_, t)| **t != F::zero() && **t != F::one())
        {
            Some((index, t)) => Err(Error::NotBinary {
                what: "target",
                index,
                value: t.as_f64(),
            }),
            None => Ok(()),
        }
    }
}
