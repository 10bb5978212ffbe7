//! `Optimizer`: how one training step turns gradients into new parameters.
//!
//! This file is the setting: which rule, with which hyper-parameters, its
//! constructors and checks, and `with_rule!`, which turns the setting into
//! the rule's own type. Each rule's step and what it remembers between steps
//! live in a file of their own ([`sgd`], [`adam`], [`rmsprop`], [`adagrad`]),
//! behind the [`UpdateRule`] trait of [`rule`]; [`state`]
//! keeps the memory of any rule in any float type, without `Float` knowing
//! of it. A new rule is a new file, plus here its variant of [`Rule`], its
//! arm of `with_rule!` and its constructor. The rules' files import [`rule`]
//! only, never this file.

mod adagrad;
mod adam;
mod rmsprop;
mod rule;
mod setting;
mod sgd;
mod state;

use std::fmt;

use ndarray::ArrayD;

pub use self::rmsprop::RmspropSettings;
use self::rule::{UpdateRule, check_unit, invalid};
pub use self::setting::Optimizer;
use self::setting::Rule;
use self::state::State;
use crate::{Float, Result, Trainable};

/// Runs `$body` with `$rule` bound to the rule `$optimizer` describes, as a
/// value of the type that implements it: the one place that lists the rules.
macro_rules! with_rule {
    ($optimizer:expr, |$rule:ident| $body:expr) => {{
        let Optimizer {
            rule,
            beta1,
            beta2,
            epsilon,
            ..
        } = *$optimizer;
        match rule {
            Rule::Sgd => {
                let $rule = sgd::Plain;
                $body
            }
            Rule::Momentum { momentum } => {
                let $rule = sgd::Momentum::new(momentum, false);
                $body
            }
            Rule::Nesterov { momentum } => {
                let $rule = sgd::Momentum::new(momentum, true);
                $body
            }
            Rule::Adam => {
                let $rule = adam::Adam::new(beta1, beta2, epsilon, None);
                $body
            }
            Rule::AdamW { weight_decay } => {
                let $rule = adam::Adam::new(beta1, beta2, epsilon, Some(weight_decay));
                $body
            }
            Rule::Rmsprop {
                alpha,
                momentum,
                centered,
            } => {
                let $rule = rmsprop::RmsProp::new(alpha, momentum, centered, epsilon);
                $body
            }
            Rule::Adagrad {
                lr_decay,
                initial_accumulator_value,
            } => {
                let $rule = adagrad::Adagrad::new(lr_decay, initial_accumulator_value, epsilon);
                $body
            }
        }
    }};
}

impl Optimizer {
    fn with_rule(rule: Rule) -> Self {
        Optimizer {
            rule,
            beta1: 0.9,
            beta2: 0.999,
            epsilon: 1e-8,
            state: State::default(),
        }
    }

    /// Plain stochastic gradient descent, `w ← w − η·g`: the default, and the
    /// lecture's rule.
    ///
    /// ```
    /// assert_eq!(neuron::Optimizer::sgd().to_string(), "SGD");
    /// ```
    pub fn sgd() -> Self {
        Optimizer::with_rule(Rule::Sgd)
    }

    /// Gradient descent with momentum `μ` (in `[0, 1)`; 0.9 is usual): a
    /// velocity `v ← μ·v + g` that remembers past steps, and `w ← w − η·v`.
    ///
    /// ```
    /// assert_eq!(neuron::Optimizer::momentum(0.9).to_string(), "momentum 0.9");
    /// ```
    pub fn momentum(momentum: f64) -> Self {
        Optimizer::with_rule(Rule::Momentum { momentum })
    }

    /// Nesterov's accelerated gradient with momentum `μ` (in `(0, 1)`):
    /// `v ← μ·v + g`, then `w ← w − η·(g + μ·v)`, a step that looks ahead.
    ///
    /// ```
    /// assert_eq!(neuron::Optimizer::nesterov(0.9).name(), "nesterov");
    /// ```
    pub fn nesterov(momentum: f64) -> Self {
        Optimizer::with_rule(Rule::Nesterov { momentum })
    }

    /// Adam (Kingma and Ba, 2015): steps scaled per parameter by running
    /// estimates of the gradient's mean and uncentred variance. Defaults
    /// `β₁ = 0.9`, `β₂ = 0.999`, `ε = 1e-8`; a learning rate near `1e-3` is usual.
    ///
    /// ```
    /// assert_eq!(neuron::Optimizer::adam().to_string(), "Adam(β₁ 0.9, β₂ 0.999, ε 1e-8)");
    /// ```
    pub fn adam() -> Self {
        Optimizer::with_rule(Rule::Adam)
    }

    /// AdamW (Loshchilov and Hutter, 2019): Adam with weight decay `δ` (≥ 0)
    /// decoupled from the gradient, `w ← w·(1 − η·δ)` on the weights before
    /// each Adam step. PyTorch's default `δ` is `0.01`.
    ///
    /// ```
    /// assert_eq!(
    ///     neuron::Optimizer::adamw(0.01).to_string(),
    ///     "AdamW(δ 0.01, β₁ 0.9, β₂ 0.999, ε 1e-8)"
    /// );
    /// ```
    pub fn adamw(weight_decay: f64) -> Self {
        Optimizer::with_rule(Rule::AdamW { weight_decay })
    }

    /// Adam's and AdamW's decay rates of the moment estimates, each in `[0, 1)`.
    ///
    /// ```
    /// let adam = neuron::Optimizer::adam().betas(0.8, 0.99);
    /// assert_eq!(adam.to_string(), "Adam(β₁ 0.8, β₂ 0.99, ε 1e-8)");
    /// ```
    pub fn betas(mut self, beta1: f64, beta2: f64) -> Self {
        self.beta1 = beta1;
        self.beta2 = beta2;
        self
    }

    /// RMSprop: a running average of the squared gradient, `v ← α·v + (1 − α)·g²`,
    /// divides the step, `w ← w − η·g / (√v + ε)`, with no bias correction
    /// (PyTorch's `optim.RMSprop`, and its defaults: `α = 0.99`, `ε = 1e-8`,
    /// no momentum, not centered; a learning rate near `1e-2` is usual).
    ///
    /// - [`centered(true)`](Optimizer::centered) also averages the gradient,
    ///   `ḡ ← ḡ + (1 − α)·(g − ḡ)`, and divides by an estimate of its
    ///   variance instead, `√(v − ḡ²) + ε`;
    /// - [`momentum(μ)`](RmspropSettings::momentum) (`μ > 0`) steps with a
    ///   buffer of past steps, `b ← μ·b + g / (√v + ε)`, `w ← w − η·b`.
    ///
    /// `v`, `ḡ` and `b` start at 0.
    ///
    /// ```
    /// use neuron::{Loss, Neuron, Optimizer, Trainable};
    /// use neuron::ndarray::array;
    ///
    /// // One step from v = 0: v = 0.01·g², so w moves by η·g / (0.1·|g| + ε) ≈ 10·η.
    /// let mut neuron = Neuron::new(array![0.5_f64]).with_bias(0.0);
    /// let (x, t) = (array![[1.0]], array![[0.0]]);
    /// let (_, gradient) = neuron.loss_and_gradient(x.view(), t.view(), Loss::MeanSquaredError)?;
    /// Optimizer::rmsprop().step(&mut neuron, &gradient, 0.01, 0.0)?;
    /// assert!((neuron.weights()[0] - 0.4).abs() < 1e-6);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn rmsprop() -> RmspropSettings {
        RmspropSettings(Optimizer::with_rule(Rule::Rmsprop {
            alpha: 0.99,
            momentum: 0.0,
            centered: false,
        }))
    }

    /// RMSprop's smoothing constant `α` (in `[0, 1)`): the weight of the past
    /// in its running averages.
    ///
    /// ```
    /// assert_eq!(neuron::Optimizer::rmsprop().alpha(0.9).to_string(), "RMSprop(α 0.9, ε 1e-8)");
    /// ```
    pub fn alpha(mut self, alpha: f64) -> Self {
        if let Rule::Rmsprop { alpha: a, .. } = &mut self.rule {
            *a = alpha;
        }
        self
    }

    /// Whether RMSprop divides by the gradient's running variance `v − ḡ²`
    /// rather than its mean square `v`.
    ///
    /// ```
    /// let centered = neuron::Optimizer::rmsprop().centered(true);
    /// assert_eq!(centered.to_string(), "RMSprop(α 0.99, centered, ε 1e-8)");
    /// ```
    pub fn centered(mut self, centered: bool) -> Self {
        if let Rule::Rmsprop { centered: c, .. } = &mut self.rule {
            *c = centered;
        }
        self
    }

    /// Adagrad: the sum of the squared gradients, `s ← s + g²`, divides the
    /// step, `w ← w − η·g / (√s + ε)`, so that parameters with large
    /// gradients slow down for good (PyTorch's `optim.Adagrad`, and its
    /// defaults: `ε = 1e-10`, no learning-rate decay, `s` starting at 0; a
    /// learning rate near `1e-2` is usual).
    ///
    /// ```
    /// use neuron::{Loss, Neuron, Optimizer, Trainable};
    /// use neuron::ndarray::array;
    ///
    /// // The first step is η·g / (|g| + ε): about η, whatever the gradient's size.
    /// let mut neuron = Neuron::new(array![0.5_f64]).with_bias(0.0);
    /// let (x, t) = (array![[1.0]], array![[0.0]]);
    /// let (_, gradient) = neuron.loss_and_gradient(x.view(), t.view(), Loss::MeanSquaredError)?;
    /// Optimizer::adagrad().step(&mut neuron, &gradient, 0.1, 0.0)?;
    /// assert!((neuron.weights()[0] - 0.4).abs() < 1e-8);
    /// # Ok::<(), neuron::Error>(())
    /// ```
    pub fn adagrad() -> Self {
        Optimizer::with_rule(Rule::Adagrad {
            lr_decay: 0.0,
            initial_accumulator_value: 0.0,
        })
        .epsilon(1e-10)
    }

    /// Adagrad's learning-rate decay `d` (finite, ≥ 0): step `t` uses
    /// `η / (1 + (t − 1)·d)`.
    ///
    /// ```
    /// let adagrad = neuron::Optimizer::adagrad().lr_decay(0.01);
    /// assert_eq!(adagrad.to_string(), "Adagrad(lr_decay 0.01, ε 1e-10)");
    /// ```
    pub fn lr_decay(mut self, lr_decay: f64) -> Self {
        if let Rule::Adagrad { lr_decay: d, .. } = &mut self.rule {
            *d = lr_decay;
        }
        self
    }

    /// The value (finite, ≥ 0) Adagrad's sum `s` starts from.
    ///
    /// ```
    /// let adagrad = neuron::Optimizer::adagrad().initial_accumulator_value(0.1);
    /// assert_eq!(adagrad.to_string(), "Adagrad(initial_accumulator_value 0.1, ε 1e-10)");
    /// ```
    pub fn initial_accumulator_value(mut self, value: f64) -> Self {
        if let Rule::Adagrad {
            initial_accumulator_value: v,
            ..
        } = &mut self.rule
        {
            *v = value;
        }
        self
    }

    /// The `ε` of Adam, AdamW, RMSprop and Adagrad, added to a square root in
    /// the step's denominator so that the step stays finite; > 0. Defaults
    /// `1e-8`, and `1e-10` for Adagrad (PyTorch's).
    ///
    /// ```
    /// let rmsprop = neuron::Optimizer::rmsprop().epsilon(1e-6);
    /// assert_eq!(rmsprop.to_string(), "RMSprop(α 0.99, ε 1e-6)");
    /// ```
    pub fn epsilon(mut self, epsilon: f64) -> Self {
        self.epsilon = epsilon;
        self
    }

    /// The momentum `μ` (in `[0, 1)`) of RMSprop's step, or of SGD's: on
    /// [`sgd`](Optimizer::sgd) it gives [`momentum(μ)`](Optimizer::momentum),
    /// on [`nesterov`](Optimizer::nesterov) Nesterov's method with `μ`. Adam,
    /// AdamW and Adagrad have no momentum buffer and are unchanged.
    ///
    /// (PyTorch's name, `momentum`, is taken by the constructor
    /// [`Optimizer::momentum`], and a method cannot share it; RMSprop's
    /// settings have it: [`RmspropSettings::momentum`].)
    ///
    /// ```
    /// use neuron::Optimizer;
    /// let rmsprop = Optimizer::from(Optimizer::rmsprop()).with_momentum(0.5);
    /// assert_eq!(rmsprop.to_string(), "RMSprop(α 0.99, momentum 0.5, ε 1e-8)");
    /// assert_eq!(Optimizer::sgd().with_momentum(0.9), Optimizer::momentum(0.9));
    /// ```
    pub fn with_momentum(mut self, momentum: f64) -> Self {
        match &mut self.rule {
            Rule::Sgd => self.rule = Rule::Momentum { momentum },
            Rule::Momentum { momentum: m }
            | Rule::Nesterov { momentum: m }
            | Rule::Rmsprop { momentum: m, .. } => *m = momentum,
            Rule::Adam | Rule::AdamW { .. } | Rule::Adagrad { .. } => {}
        }
        self
    }

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
    /// [`Error::ShapeMismatch`](crate::Error::ShapeMismatch) if the gradient does not match the parameters
    /// one to one, or the optimiser's state was built for other parameters
    /// (call [`reset`](Optimizer::reset) before training another model); the
    /// model is then unchanged.
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
