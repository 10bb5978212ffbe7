//! What an optimiser does with its setting: check it, name it, and step a
//! model's parameters with the rule it names.

use std::fmt;

use ndarray::ArrayD;

use super::rule::{UpdateRule, check_unit, invalid};
use super::state::State;
use super::{Optimizer, Rule, adagrad, adam, rmsprop, sgd};
use crate::{Float, Result, Trainable};

impl Optimizer {
    /// The rule's name: `"sgd"`, `"momentum"`, `"nesterov"`, `"adam"`,
    /// `"adamw"`, `"rmsprop"` or `"adagrad"`.
    ///
    /// ```
    /// assert_eq!(neuron::Optimizer::adamw(0.01).name(), "adamw");
    /// assert_eq!(neuron::Optimizer::rmsprop().name(), "rmsprop");
    /// ```
    pub fn name(&self) -> &'static str {
        with_rule!(self, |rule| rule.name())
    }

    /// The number of steps taken since the state was last empty.
    pub fn steps(&self) -> u64 {
        self.state.steps()
    }

    /// Forgets every velocity and moment: the next step starts afresh.
    pub fn reset(&mut self) {
        self.state = State::default();
    }

    /// Checks the settings: every one finite and in its range.
    ///
    /// # Errors
    /// [`Error::InvalidSetting`](crate::Error::InvalidSetting) naming the first setting out of range.
    ///
    /// ```
    /// let err = neuron::Optimizer::rmsprop().alpha(1.0).check().unwrap_err();
    /// assert_eq!(err.to_string(), "alpha is 1, but it must be in [0, 1)");
    /// ```
    pub fn check(&self) -> Result<()> {
        with_rule!(self, |rule| rule.check())?;
        check_unit("beta1", self.beta1)?;
        check_unit("beta2", self.beta2)?;
        if !(self.epsilon.is_finite() && self.epsilon > 0.0) {
            return invalid("epsilon", self.epsilon, "finite and > 0");
        }
        Ok(())
    }

    /// Checks that the settings stay usable once rounded to `F`: an `ε` of
    /// 1e-50 is 0 in `f32`.
    ///
    /// # Errors
    /// [`Error::InvalidSetting`](crate::Error::InvalidSetting) naming the setting that rounds to 0 or ∞ in `F`.
    ///
    /// ```
    /// let adagrad = neuron::Optimizer::adagrad().epsilon(1e-50);
    /// assert!(adagrad.check_in::<f64>().is_ok());
    /// assert!(adagrad.check_in::<f32>().unwrap_err().to_string().starts_with("epsilon is"));
    /// ```
    pub fn check_in<F: Float>(&self) -> Result<()> {
        with_rule!(self, |rule| rule.check_in::<F>())
    }

    /// One update of `model`'s parameters from `gradient` (one array per
    /// parameter array, as [`Trainable::loss_and_gradient`] gives it), with
    /// learning rate `learning_rate` and L2 penalty `l2` on the weights.
    ///
    /// # Shapes
    /// `gradient[k]` has the shape of the model's `k`-th parameter array.
    ///
    /// # Errors
    /// [`Error::InvalidSetting`](crate::Error::InvalidSetting) naming the first setting out of range:
    /// the optimiser's own (as [`check`](Optimizer::check) and
    /// [`check_in`](Optimizer::check_in) find them, the same checks `fit`
    /// makes), a learning rate that is not finite and ≥ 0, or an `l2` that is
    /// not finite and ≥ 0.
    /// [`Error::ShapeMismatch`](crate::Error::ShapeMismatch) if the gradient does not match the parameters
    /// one to one, or the optimiser's state was built for other parameters
    /// (call [`reset`](Optimizer::reset) before training another model). The
    /// model and the optimiser's state are then unchanged.
    ///
    /// ```
    /// use neuron::{Loss, Neuron, Optimizer, Trainable};
    /// use neuron::ndarray::array;
    ///
    /// let mut neuron = Neuron::new(array![0.5]).with_bias(0.0);
    /// let mut optimizer = Optimizer::momentum(0.9);
    /// let (x, t) = (array![[1.0]], array![[0.0]]);
    /// for _ in 0..2 {
    ///     let (_, gradient) = neuron.loss_and_gradient(x.view(), t.view(), Loss::MeanSquaredError)?;
    ///     optimizer.step(&mut neuron, &gradient, 0.1, 0.0)?;
    /// }
    /// assert_eq!(optimizer.steps(), 2);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn step<F: Float, M: Trainable<F>>(
        &mut self,
        model: &mut M,
        gradient: &[ArrayD<F>],
        learning_rate: F,
        l2: F,
    ) -> Result<()> {
        self.check()?;
        self.check_in::<F>()?;
        let (rate, penalty) = (learning_rate.as_f64(), l2.as_f64());
        if !(rate.is_finite() && rate >= 0.0) {
            return invalid("learning_rate", rate, "finite and ≥ 0");
        }
        if !(penalty.is_finite() && penalty >= 0.0) {
            return invalid("l2", penalty, "finite and ≥ 0");
        }
        self.apply(model, gradient, learning_rate, l2)
    }

    /// [`step`](Optimizer::step) without its checks of the settings: for
    /// `fit`, which checks them once before training.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`](crate::Error::ShapeMismatch) as [`step`](Optimizer::step).
    pub(crate) fn apply<F: Float, M: Trainable<F>>(
        &mut self,
        model: &mut M,
        gradient: &[ArrayD<F>],
        learning_rate: F,
        l2: F,
    ) -> Result<()> {
        let state = &mut self.state;
        with_rule!(self, |rule| {
            state.step(&rule, model, gradient, learning_rate, l2)
        })
    }
}

impl fmt::Display for Optimizer {
    /// `SGD`, `momentum 0.9`, `Nesterov 0.9`, `Adam(β₁ 0.9, β₂ 0.999, ε 1e-8)`,
    /// `AdamW(δ 0.01, β₁ 0.9, β₂ 0.999, ε 1e-8)`, `RMSprop(α 0.99, ε 1e-8)`
    /// (with its momentum and `centered` when set), `Adagrad(ε 1e-10)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        with_rule!(self, |rule| fmt::Display::fmt(&rule, f))
    }
}
