//! `GradientDescent`: training settings as one value, and the one training loop.

#[cfg(feature = "progress")]
mod progress_bar;
mod run;
mod settings;
mod stopping;
mod trainer;
mod validation;
mod verbose;
mod weighted_loss;

use ndarray::{ArrayBase, ArrayView, ArrayView2, Data, Dimension, RemoveAxis};

pub use self::settings::GradientDescent;
pub use self::trainer::Trainer;

use crate::checks::{check_learning_rate_and_epochs, representable_in};
use crate::{
    AsTargets, Clip, Error, Float, History, Hooks, Loss, ParameterKind, Result, Schedule, Trainable,
};

impl GradientDescent {
    /// Trains `model` on `inputs` and `targets` to lower `loss`; returns the
    /// loss after every epoch.
    ///
    /// Everything is checked before the first step. If the loss or a parameter
    /// becomes NaN or infinite, training stops with [`Error::Diverged`] and the
    /// model keeps the parameters it had before that epoch: nothing is lost.
    ///
    /// # Shapes
    /// - `inputs`: `(n_samples, n_inputs)`, any memory layout; or, for a
    ///   network, the sample on the first axis and the shape its first layer
    ///   reads after it (`(n_samples, channels, height, width)` for images)
    /// - `targets`: `(n_samples,)` for a single output, or `(n_samples, n_outputs)`
    ///
    /// # Errors
    /// - [`Error::InvalidSetting`]: a learning rate that is not finite and > 0,
    ///   zero epochs, a zero batch size, a negative or non-finite `l2` or tolerance, zero patience;
    /// - [`Error::Empty`]: no samples;
    /// - [`Error::FeatureMismatch`], [`Error::RowMismatch`], [`Error::TargetWidthMismatch`]: shapes that disagree;
    /// - [`Error::NonFiniteInput`], [`Error::NonFiniteTarget`]: NaN or ∞ in the data, with row and column;
    /// - [`Error::TargetOutOfRange`]: cross-entropy with a target outside `[0, 1]`;
    /// - [`Error::ActivationMismatch`]: cross-entropy without a sigmoid output;
    /// - [`Error::Diverged`]: the loss became non-finite during training.
    ///
    /// ```
    /// use neuron::{Error, GradientDescent, Loss, Neuron};
    /// use neuron::ndarray::array;
    ///
    /// let mut neuron = Neuron::new(array![0.0]);
    /// let err = GradientDescent::new()
    ///     .learning_rate(-1.0)
    ///     .fit(&mut neuron, &array![[1.0]], &array![1.0], Loss::MeanSquaredError)
    ///     .unwrap_err();
    /// assert_eq!(err.to_string(), "learning_rate is -1, but it must be finite and > 0");
    /// ```
    pub fn fit<F, M, S, D, T>(
        &self,
        model: &mut M,
        inputs: &ArrayBase<S, D>,
        targets: &T,
        loss: Loss,
    ) -> Result<History<F>>
    where
        F: Float,
        M: Trainable<F>,
        S: Data<Elem = F>,
        D: RemoveAxis,
        T: AsTargets<F> + ?Sized,
    {
        self.fit_with(model, inputs, targets, loss, Hooks::new())
    }

    /// [`fit`](GradientDescent::fit) with validation data and callbacks after
    /// every epoch (see [`Hooks`]).
    ///
    /// # Errors
    /// As [`fit`](GradientDescent::fit); the validation data is checked the
    /// same way; the error of a callback.
    pub fn fit_with<F, M, S, D, T>(
        &self,
        model: &mut M,
        inputs: &ArrayBase<S, D>,
        targets: &T,
        loss: Loss,
        hooks: Hooks<'_, F, D, M>,
    ) -> Result<History<F>>
    where
        F: Float,
        M: Trainable<F>,
        S: Data<Elem = F>,
        D: RemoveAxis,
        T: AsTargets<F> + ?Sized,
    {
        self.trainer().fit_with(model, inputs, targets, loss, hooks)
    }

    /// The objective `mean loss + (l2 / 2)·‖w‖² + l1·‖w‖₁` of `model` on a data set.
    ///
    /// # Errors
    /// As [`Trainable::loss`].
    ///
    /// ```
    /// use neuron::{GradientDescent, Loss, Neuron};
    /// use neuron::ndarray::array;
    ///
    /// let neuron = Neuron::new(array![3.0, 4.0]);
    /// let x = array![[0.0, 0.0]];
    /// // BCE at h = 0 is ln 2; the penalty is (0.1 / 2)·(9 + 16) = 1.25.
    /// let j: f64 = GradientDescent::new().l2(0.1).objective(&neuron, x.view(), array![[1.0]].view(), Loss::BinaryCrossEntropy)?;
    /// assert!((j - (std::f64::consts::LN_2 + 1.25)).abs() < 1e-15);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn objective<F: Float, M: Trainable<F>, D: Dimension>(
        &self,
        model: &M,
        inputs: ArrayView<'_, F, D>,
        targets: ArrayView2<'_, F>,
        loss: Loss,
    ) -> Result<F> {
        Ok(model.loss(inputs, targets, loss)? + self.penalty(model))
    }

    /// `(l2 / 2)·‖w‖² + l1·‖w‖₁`.
    pub(crate) fn penalty<F: Float, M: Trainable<F>>(&self, model: &M) -> F {
        let l2 = if self.l2 > 0.0 {
            F::from_f64(self.l2 / 2.0) * model.weights_norm_squared()
        } else {
            F::zero()
        };
        if self.l1 > 0.0 {
            l2 + F::from_f64(self.l1) * weights_norm_l1(model)
        } else {
            l2
        }
    }

    /// Adds the L1 penalty's gradient `l1·sign(w)` to the weights' gradient.
    pub(crate) fn add_l1_gradient<F: Float, M: Trainable<F>>(
        &self,
        model: &M,
        gradient: &mut [ndarray::ArrayD<F>],
    ) {
        if self.l1 <= 0.0 {
            return;
        }
        let l1 = F::from_f64(self.l1);
        for ((kind, w), g) in model.parameters().iter().zip(gradient.iter_mut()) {
            if *kind == ParameterKind::Weights && w.shape() == g.shape() {
                g.zip_mut_with(w, |g, &w| *g += l1 * sign(w));
            }
        }
    }

    /// Every setting, in `f64` and in `F`.
    pub(crate) fn check<F: Float>(&self) -> Result<()> {
        self.check_settings()?;
        self.check_settings_in::<F>()
    }

    /// Settings that are fine in `f64` must also be usable in `F`, where they
    /// are applied: a learning rate of 1e-50 is 0 in `f32`, and 1e300 is ∞.
    fn check_settings_in<F: Float>(&self) -> Result<()> {
        representable_in::<F>("learning_rate", self.learning_rate)?;
        representable_in::<F>("l2", self.l2)?;
        representable_in::<F>("l1", self.l1)?;
        if let Some((name, bound)) = self.clip.as_ref().map(Clip::setting) {
            representable_in::<F>(name, bound)?;
        }
        self.optimizer.check_in::<F>()?;
        if let Schedule::Cosine { min_learning_rate }
        | Schedule::ReduceOnPlateau {
            min_learning_rate, ..
        } = self.schedule
        {
            representable_in::<F>("min_learning_rate", min_learning_rate)?;
        }
        Ok(())
    }

    fn check_settings(&self) -> Result<()> {
        let invalid = |name, value, requirement| {
            Err(Error::InvalidSetting {
                name,
                value,
                requirement,
            })
        };
        check_learning_rate_and_epochs(self.learning_rate, self.epochs)?;
        self.optimizer.check()?;
        self.schedule.check_run(self.learning_rate, self.epochs)?;
        if let Some(clip) = self.clip {
            clip.check()?;
        }
        if self.batch_size == Some(0) {
            return invalid("batch_size", 0.0, "at least 1");
        }
        if !(self.l2.is_finite() && self.l2 >= 0.0) {
            return invalid("l2", self.l2, "finite and ≥ 0");
        }
        if !(self.l1.is_finite() && self.l1 >= 0.0) {
            return invalid("l1", self.l1, "finite and ≥ 0");
        }
        if let Some(tolerance) = self.tolerance
            && !(tolerance.is_finite() && tolerance >= 0.0)
        {
            return invalid("tolerance", tolerance, "finite and ≥ 0");
        }
        if self.patience == 0 {
            return invalid("patience", 0.0, "at least 1");
        }
        Ok(())
    }
}

/// `‖w‖₁`: the sum of the absolute values of every weight (not the biases).
fn weights_norm_l1<F: Float, M: Trainable<F>>(model: &M) -> F {
    model
        .parameters()
        .iter()
        .filter(|(kind, _)| *kind == ParameterKind::Weights)
        .map(|(_, w)| w.iter().fold(F::zero(), |sum, &x| sum + x.abs()))
        .fold(F::zero(), |sum, x| sum + x)
}

/// `−1`, `0` or `1` as `w` is negative, zero or positive: the slope autograd
/// takes for `|w|`.
fn sign<F: Float>(w: F) -> F {
    if w > F::zero() {
        F::one()
    } else if w < F::zero() {
        -F::one()
    } else {
        F::zero()
    }
}
