//! `Optimizer`: how one training step turns gradients into new parameters.
//!
//! This file is the setting: which rule, with which hyper-parameters, its
//! constructors (and RMSprop's settings), and `with_rule!`, which turns the
//! setting into the rule's own type; [`step`] checks, names and applies it. Each rule's step and what it remembers between steps
//! live in a file of their own ([`sgd`], [`adam`], [`rmsprop`], [`adagrad`]),
//! behind the [`UpdateRule`] trait of [`rule`]; [`state`]
//! keeps the memory of any rule in any float type, without `Float` knowing
//! of it. A new rule is a new file, plus here its variant of [`Rule`], its
//! arm of `with_rule!` and its constructor: 2 files. The rules' files import
//! [`rule`] only, never this file.

mod adagrad;
mod adam;
mod rmsprop;
mod rule;
mod sgd;
mod state;

use std::fmt;

use self::state::State;

/// The update rule of a training step, with the state it keeps between steps
/// (velocities, moment estimates, running averages), one entry per parameter array.
///
/// With `g` the gradient of the loss for a parameter `w`, `η` the learning
/// rate and `λ` the L2 penalty of [`GradientDescent::l2`](crate::GradientDescent::l2),
/// every rule first adds the penalty's gradient to the weights' gradient,
/// `g ← g + λ·w` (biases unpenalised), and then steps as PyTorch's optimiser
/// of the same name does:
///
/// | rule | update | PyTorch |
/// |---|---|---|
/// | [`sgd`](Optimizer::sgd) (default) | `w ← w − η·g` | `optim.SGD(lr)` |
/// | [`momentum(μ)`](Optimizer::momentum) | `v ← μ·v + g`, `w ← w − η·v` | `optim.SGD(lr, momentum=μ)` |
/// | [`nesterov(μ)`](Optimizer::nesterov) | `v ← μ·v + g`, `w ← w − η·(g + μ·v)` | `optim.SGD(lr, momentum=μ, nesterov=True)` |
/// | [`adam`](Optimizer::adam) | `m ← β₁m + (1 − β₁)g`, `v ← β₂v + (1 − β₂)g²`, `w ← w − η·m̂ / (√v̂ + ε)` | `optim.Adam(lr, betas, eps)` |
/// | [`adamw(δ)`](Optimizer::adamw) | `w ← w·(1 − η·δ)` on weights, then Adam's step | `optim.AdamW(lr, betas, eps, weight_decay=δ)` |
/// | [`rmsprop`](Optimizer::rmsprop) | `v ← αv + (1 − α)g²`, `w ← w − η·g / (√v + ε)` | `optim.RMSprop(lr, alpha, eps, momentum, centered)` |
/// | [`adagrad`](Optimizer::adagrad) | `s ← s + g²`, `w ← w − η·g / (√s + ε)` | `optim.Adagrad(lr, lr_decay, eps, initial_accumulator_value)` |
///
/// where `m̂ = m / (1 − β₁ᵗ)` and `v̂ = v / (1 − β₂ᵗ)` undo the moments' bias
/// towards their zero start after `t` steps. AdamW's decay is decoupled from
/// the gradient and applies to the weights only (PyTorch's `weight_decay` on a
/// parameter group of weights), so `adamw` with `l2(λ)` both decays and penalises.
/// RMSprop can also be centered and take momentum (see [`rmsprop`](Optimizer::rmsprop)).
///
/// An `Optimizer` in [`GradientDescent`](crate::GradientDescent) is a setting:
/// every [`fit`](crate::GradientDescent::fit) starts from a fresh copy of it
/// with empty state. Its [`step`](Optimizer::step) can also drive a training
/// loop of your own. A builder method of one rule (say [`alpha`](Optimizer::alpha))
/// leaves an optimiser of another rule unchanged.
///
/// ```
/// use neuron::{GradientDescent, Loss, Neuron, Optimizer};
/// use neuron::ndarray::array;
///
/// let x = array![[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]];
/// let t = array![0.0, 1.0, 1.0, 1.0]; // the OR gate
/// let mut neuron = Neuron::new(array![0.0, 0.0]);
/// let history = GradientDescent::new()
///     .optimizer(Optimizer::adam().betas(0.9, 0.99))
///     .learning_rate(0.1)
///     .epochs(300)
///     .fit(&mut neuron, &x, &t, Loss::BinaryCrossEntropy)?;
/// assert_eq!(neuron.predict(&x)?, t);
/// assert!(history.final_loss().unwrap() < 0.05);
/// # Ok::<(), neuron::Error>(())
/// ```
#[derive(Debug)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Optimizer {
    rule: Rule,
    beta1: f64,
    beta2: f64,
    epsilon: f64,
    #[cfg_attr(feature = "serde", serde(skip))]
    state: State,
}

impl Clone for Optimizer {
    fn clone(&self) -> Self {
        Optimizer {
            rule: self.rule,
            beta1: self.beta1,
            beta2: self.beta2,
            epsilon: self.epsilon,
            state: self.state.clone(),
        }
    }

    /// Into the state's buffers where they fit, without allocating.
    fn clone_from(&mut self, source: &Self) {
        self.rule = source.rule;
        self.beta1 = source.beta1;
        self.beta2 = source.beta2;
        self.epsilon = source.epsilon;
        self.state.clone_from(&source.state);
    }
}

/// Which update rule, with the settings that are its alone; the settings
/// several rules share (`β₁`, `β₂`, `ε`) are fields of [`Optimizer`]. The
/// variants' names are the serialised ones (`"sgd"`, `{"adam_w": {..}}`,
/// `{"rmsprop": {..}}`, ...).
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
enum Rule {
    Sgd,
    Momentum {
        momentum: f64,
    },
    Nesterov {
        momentum: f64,
    },
    Adam,
    AdamW {
        weight_decay: f64,
    },
    Rmsprop {
        alpha: f64,
        momentum: f64,
        centered: bool,
    },
    Adagrad {
        lr_decay: f64,
        initial_accumulator_value: f64,
    },
}

impl Default for Optimizer {
    fn default() -> Self {
        Optimizer::sgd()
    }
}

impl PartialEq for Optimizer {
    /// Two optimisers are equal when their rules and settings are: the state
    /// of a run is not part of the setting.
    fn eq(&self, other: &Self) -> bool {
        (self.rule, self.beta1, self.beta2, self.epsilon)
            == (other.rule, other.beta1, other.beta2, other.epsilon)
    }
}

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
}

mod step;

/// RMSprop's settings, as [`Optimizer::rmsprop`](crate::Optimizer::rmsprop)
/// gives them, with PyTorch's names: [`alpha`](RmspropSettings::alpha),
/// [`momentum`](RmspropSettings::momentum), [`centered`](RmspropSettings::centered),
/// [`epsilon`](RmspropSettings::epsilon). It is an
/// [`Optimizer`](crate::Optimizer) (it dereferences to one, and converts into one
/// where an `Optimizer` is asked for, as by
/// [`GradientDescent::optimizer`](crate::GradientDescent::optimizer)).
///
/// A type of its own because `Optimizer::momentum(μ)` is already SGD with
/// momentum's constructor, and a method of `Optimizer` cannot share its name.
///
/// ```
/// use neuron::{GradientDescent, Optimizer};
///
/// let rmsprop = Optimizer::rmsprop().alpha(0.9).momentum(0.5).centered(true).epsilon(1e-6);
/// assert_eq!(rmsprop.to_string(), "RMSprop(α 0.9, momentum 0.5, centered, ε 1e-6)");
/// let settings = GradientDescent::new().optimizer(rmsprop);
/// assert_eq!(settings.optimizer.name(), "rmsprop");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct RmspropSettings(Optimizer);

impl RmspropSettings {
    /// The smoothing constant `α` (in `[0, 1)`; PyTorch's default 0.99): the
    /// weight of the past in the running averages.
    pub fn alpha(self, alpha: f64) -> Self {
        RmspropSettings(self.0.alpha(alpha))
    }

    /// The momentum `μ` (in `[0, 1)`; default 0): steps through a buffer
    /// `b ← μ·b + g / d`, `w ← w − η·b`.
    pub fn momentum(self, momentum: f64) -> Self {
        RmspropSettings(self.0.with_momentum(momentum))
    }

    /// The same as [`momentum`](RmspropSettings::momentum), under the name
    /// [`Optimizer::with_momentum`](crate::Optimizer::with_momentum) has.
    pub fn with_momentum(self, momentum: f64) -> Self {
        self.momentum(momentum)
    }

    /// Whether to divide by the gradient's running variance `v − ḡ²` rather
    /// than its mean square `v` (default `false`).
    pub fn centered(self, centered: bool) -> Self {
        RmspropSettings(self.0.centered(centered))
    }

    /// `ε` (> 0; default 1e-8), added to the square root in the denominator.
    pub fn epsilon(self, epsilon: f64) -> Self {
        RmspropSettings(self.0.epsilon(epsilon))
    }

    /// The optimiser these settings describe.
    pub fn optimizer(self) -> Optimizer {
        self.0
    }
}

impl From<RmspropSettings> for Optimizer {
    fn from(settings: RmspropSettings) -> Self {
        settings.0
    }
}

impl std::ops::Deref for RmspropSettings {
    type Target = Optimizer;

    fn deref(&self) -> &Optimizer {
        &self.0
    }
}

impl std::ops::DerefMut for RmspropSettings {
    fn deref_mut(&mut self) -> &mut Optimizer {
        &mut self.0
    }
}

impl PartialEq<Optimizer> for RmspropSettings {
    fn eq(&self, other: &Optimizer) -> bool {
        self.0 == *other
    }
}

impl PartialEq<RmspropSettings> for Optimizer {
    fn eq(&self, other: &RmspropSettings) -> bool {
        *self == other.0
    }
}

impl fmt::Display for RmspropSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}
