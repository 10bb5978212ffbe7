//! `Optimizer`: how one training step turns gradients into new parameters.

use std::fmt;

use ndarray::{ArrayD, Zip};

use crate::layer::ParameterKind;
use crate::{Error, Float, Result, Trainable};

/// The update rule of a training step, with the state it keeps between steps
/// (velocities, moment estimates), one entry per parameter array.
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
///
/// where `m̂ = m / (1 − β₁ᵗ)` and `v̂ = v / (1 − β₂ᵗ)` undo the moments' bias
/// towards their zero start after `t` steps. AdamW's decay is decoupled from
/// the gradient and applies to the weights only (PyTorch's `weight_decay` on a
/// parameter group of weights), so `adamw` with `l2(λ)` both decays and penalises.
///
/// An `Optimizer` in [`GradientDescent`](crate::GradientDescent) is a setting:
/// every [`fit`](crate::GradientDescent::fit) starts from a fresh copy of it
/// with empty state. Its [`step`](Optimizer::step) can also drive a training
/// loop of your own.
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
#[derive(Debug, Clone)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Optimizer {
    rule: Rule,
    beta1: f64,
    beta2: f64,
    epsilon: f64,
    #[cfg_attr(feature = "serde", serde(skip))]
    state: State,
}

/// Which update rule, with its own setting.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
enum Rule {
    Sgd,
    Momentum { momentum: f64 },
    Nesterov { momentum: f64 },
    Adam,
    AdamW { weight_decay: f64 },
}

/// What an optimiser remembers between steps: the number of steps taken, and
/// per parameter array its first moment (velocity, or Adam's `m`) and second
/// moment (Adam's `v`), in the float type being trained.
#[derive(Debug, Clone, Default)]
pub struct State {
    steps: u64,
    f32: Moments<f32>,
    f64: Moments<f64>,
}

/// Moment estimates, one array per parameter array.
#[derive(Debug, Clone, Default)]
pub struct Moments<F> {
    first: Vec<ArrayD<F>>,
    second: Vec<ArrayD<F>>,
}

impl State {
    pub(crate) fn f32_mut(&mut self) -> &mut Moments<f32> {
        &mut self.f32
    }

    pub(crate) fn f64_mut(&mut self) -> &mut Moments<f64> {
        &mut self.f64
    }
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
    pub fn sgd() -> Self {
        Optimizer::with_rule(Rule::Sgd)
    }

    /// Gradient descent with momentum `μ` (in `[0, 1)`; 0.9 is usual): a
    /// velocity `v ← μ·v + g` that remembers past steps, and `w ← w − η·v`.
    pub fn momentum(momentum: f64) -> Self {
        Optimizer::with_rule(Rule::Momentum { momentum })
    }

    /// Nesterov's accelerated gradient with momentum `μ` (in `(0, 1)`):
    /// `v ← μ·v + g`, then `w ← w − η·(g + μ·v)`, a step that looks ahead.
    pub fn nesterov(momentum: f64) -> Self {
        Optimizer::with_rule(Rule::Nesterov { momentum })
    }

    /// Adam (Kingma and Ba, 2015): steps scaled per parameter by running
    /// estimates of the gradient's mean and uncentred variance. Defaults
    /// `β₁ = 0.9`, `β₂ = 0.999`, `ε = 1e-8`; a learning rate near `1e-3` is usual.
    pub fn adam() -> Self {
        Optimizer::with_rule(Rule::Adam)
    }

    /// AdamW (Loshchilov and Hutter, 2019): Adam with weight decay `δ` (≥ 0)
    /// decoupled from the gradient, `w ← w·(1 − η·δ)` on the weights before
    /// each Adam step. PyTorch's default `δ` is `0.01`.
    pub fn adamw(weight_decay: f64) -> Self {
        Optimizer::with_rule(Rule::AdamW { weight_decay })
    }

    /// Adam's and AdamW's decay rates of the moment estimates, each in `[0, 1)`.
    pub fn betas(mut self, beta1: f64, beta2: f64) -> Self {
        self.beta1 = beta1;
        self.beta2 = beta2;
        self
    }

    /// Adam's and AdamW's `ε`, added to `√v̂` so that the step stays finite; > 0.
    pub fn epsilon(mut self, epsilon: f64) -> Self {
        self.epsilon = epsilon;
        self
    }

    /// The rule's name: `"sgd"`, `"momentum"`, `"nesterov"`, `"adam"`, `"adamw"`.
    ///
    /// ```
    /// assert_eq!(neuron::Optimizer::adamw(0.01).name(), "adamw");
    /// ```
    pub fn name(&self) -> &'static str {
        match self.rule {
            Rule::Sgd => "sgd",
            Rule::Momentum { .. } => "momentum",
            Rule::Nesterov { .. } => "nesterov",
            Rule::Adam => "adam",
            Rule::AdamW { .. } => "adamw",
        }
    }

    /// The number of steps taken since the state was last empty.
    pub fn steps(&self) -> u64 {
        self.state.steps
    }

    /// Forgets every velocity and moment: the next step starts afresh.
    pub fn reset(&mut self) {
        self.state = State::default();
    }

    /// Checks the settings: every one finite and in its range.
    ///
    /// # Errors
    /// [`Error::InvalidSetting`] naming the first setting out of range.
    pub fn check(&self) -> Result<()> {
        let invalid = |name, value, requirement| {
            Err(Error::InvalidSetting {
                name,
                value,
                requirement,
            })
        };
        match self.rule {
            Rule::Sgd | Rule::Adam => {}
            Rule::Momentum { momentum } if !(0.0..1.0).contains(&momentum) => {
                return invalid("momentum", momentum, "in [0, 1)");
            }
            Rule::Nesterov { momentum } if !(momentum > 0.0 && momentum < 1.0) => {
                return invalid("momentum", momentum, "in (0, 1) for Nesterov's method");
            }
            Rule::AdamW { weight_decay } if !(weight_decay.is_finite() && weight_decay >= 0.0) => {
                return invalid("weight_decay", weight_decay, "finite and ≥ 0");
            }
            Rule::Momentum { .. } | Rule::Nesterov { .. } | Rule::AdamW { .. } => {}
        }
        if !(0.0..1.0).contains(&self.beta1) {
            return invalid("beta1", self.beta1, "in [0, 1)");
        }
        if !(0.0..1.0).contains(&self.beta2) {
            return invalid("beta2", self.beta2, "in [0, 1)");
        }
        if !(self.epsilon.is_finite() && self.epsilon > 0.0) {
            return invalid("epsilon", self.epsilon, "finite and > 0");
        }
        Ok(())
    }

    /// Checks that the settings stay usable once rounded to `F`: an `ε` of
    /// 1e-50 is 0 in `f32`.
    ///
    /// # Errors
    /// [`Error::InvalidSetting`] naming the setting that rounds to 0 or ∞ in `F`.
    pub fn check_in<F: Float>(&self) -> Result<()> {
        use crate::checks::representable_in;
        match self.rule {
            Rule::Momentum { momentum } | Rule::Nesterov { momentum } => {
                representable_in::<F>("momentum", momentum)?;
            }
            Rule::AdamW { weight_decay } => representable_in::<F>("weight_decay", weight_decay)?,
            Rule::Sgd | Rule::Adam => {}
        }
        if matches!(self.rule, Rule::Adam | Rule::AdamW { .. }) {
            representable_in::<F>("epsilon", self.epsilon)?;
        }
        Ok(())
    }

    /// One update of `model`'s parameters from `gradient` (one array per
    /// parameter array, as [`Trainable::loss_and_gradient`] gives it), with
    /// learning rate `learning_rate` and L2 penalty `l2` on the weights.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] if the gradient does not match the parameters
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
        let shapes: Vec<Vec<usize>> = model
            .parameters()
            .iter()
            .map(|(_, p)| p.shape().to_vec())
            .collect();
        let gradient_shapes: Vec<Vec<usize>> =
            gradient.iter().map(|g| g.shape().to_vec()).collect();
        if shapes != gradient_shapes {
            return Err(Error::ShapeMismatch {
                what: "parameters and their gradient",
                left: shapes.iter().map(|s| s.iter().product()).collect(),
                right: gradient_shapes.iter().map(|s| s.iter().product()).collect(),
            });
        }
        let rule = self.rule;
        let (beta1, beta2, epsilon) = (self.beta1, self.beta2, self.epsilon);
        let steps = self.state.steps + 1;
        let moments = F::moments(&mut self.state);
        moments.prepare(rule, &shapes)?;
        self.state.steps = steps;
        let moments = F::moments(&mut self.state);

        let parameters = model.parameters_mut().into_iter().zip(gradient);
        for (k, ((kind, mut w), grad)) in parameters.enumerate() {
            // The penalty's gradient λ·w joins the weights' gradient.
            let penalised = kind == ParameterKind::Weights && l2 > F::zero();
            let g = |w: F, g: F| if penalised { g + l2 * w } else { g };
            match rule {
                Rule::Sgd if penalised => Zip::from(&mut w)
                    .and(grad)
                    .for_each(|w, &gk| *w = *w - learning_rate * g(*w, gk)),
                Rule::Sgd => w.scaled_add(-learning_rate, grad),
                Rule::Momentum { momentum } | Rule::Nesterov { momentum } => {
                    let nesterov = matches!(rule, Rule::Nesterov { .. });
                    let mu = F::from_f64(momentum);
                    let Some(v) = moments.first.get_mut(k) else {
                        continue;
                    };
                    Zip::from(&mut w).and(v).and(grad).for_each(|w, v, &gk| {
                        let gk = g(*w, gk);
                        *v = mu * *v + gk;
                        let direction = if nesterov { gk + mu * *v } else { *v };
                        *w -= learning_rate * direction;
                    });
                }
                Rule::Adam | Rule::AdamW { .. } => {
                    // AdamW's decoupled decay, on weights only: w ← w·(1 − η·δ).
                    let decay = match rule {
                        Rule::AdamW { weight_decay } if kind == ParameterKind::Weights => {
                            F::one() - learning_rate * F::from_f64(weight_decay)
                        }
                        _ => F::one(),
                    };
                    let (Some(m), Some(v)) = (moments.first.get_mut(k), moments.second.get_mut(k))
                    else {
                        continue;
                    };
                    let t = steps.min(i32::MAX as u64) as i32;
                    let (b1, b2) = (F::from_f64(beta1), F::from_f64(beta2));
                    // η / (1 − β₁ᵗ) and √(1 − β₂ᵗ), the bias corrections, as PyTorch groups them.
                    let step_size = learning_rate / F::from_f64(1.0 - beta1.powi(t));
                    let correction2 = F::from_f64((1.0 - beta2.powi(t)).sqrt());
                    let eps = F::from_f64(epsilon);
                    Zip::from(&mut w)
                        .and(m)
                        .and(v)
                        .and(grad)
                        .for_each(|w, m, v, &gk| {
                            // The penalty's gradient is taken at w before the decay,
                            // as autograd takes it before the optimiser steps.
                            let gk = g(*w, gk);
                            *w *= decay;
                            *m = b1 * *m + (F::one() - b1) * gk;
                            *v = b2 * *v + (F::one() - b2) * gk * gk;
                            *w -= step_size * *m / (v.sqrt() / correction2 + eps);
                        });
                }
            }
        }
        Ok(())
    }
}

impl<F: Float> Moments<F> {
    /// Zeroed moments for parameters of these shapes, on the first step; on a
    /// later step, a check that the shapes are the ones the state was built for.
    fn prepare(&mut self, rule: Rule, shapes: &[Vec<usize>]) -> Result<()> {
        let (first, second) = match rule {
            Rule::Sgd => (false, false),
            Rule::Momentum { .. } | Rule::Nesterov { .. } => (true, false),
            Rule::Adam | Rule::AdamW { .. } => (true, true),
        };
        let zeros = || shapes.iter().map(|s| ArrayD::zeros(s.as_slice())).collect();
        if self.first.is_empty() && self.second.is_empty() {
            if first {
                self.first = zeros();
            }
            if second {
                self.second = zeros();
            }
            return Ok(());
        }
        let state: Vec<usize> = self.first.iter().map(ArrayD::len).collect();
        let same = self.first.len() == shapes.len()
            && self
                .first
                .iter()
                .zip(shapes)
                .all(|(m, s)| m.shape() == s.as_slice());
        if same {
            Ok(())
        } else {
            Err(Error::ShapeMismatch {
                what: "the optimiser's state and the parameters (reset it to train another model)",
                left: state,
                right: shapes.iter().map(|s| s.iter().product()).collect(),
            })
        }
    }
}

impl fmt::Display for Optimizer {
    /// `SGD`, `momentum 0.9`, `Nesterov 0.9`, `Adam(β₁ 0.9, β₂ 0.999, ε 1e-8)`,
    /// `AdamW(δ 0.01, β₁ 0.9, β₂ 0.999, ε 1e-8)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (b1, b2, eps) = (self.beta1, self.beta2, self.epsilon);
        match self.rule {
            Rule::Sgd => write!(f, "SGD"),
            Rule::Momentum { momentum } => write!(f, "momentum {momentum}"),
            Rule::Nesterov { momentum } => write!(f, "Nesterov {momentum}"),
            Rule::Adam => write!(f, "Adam(β₁ {b1}, β₂ {b2}, ε {eps:e})"),
            Rule::AdamW { weight_decay } => {
                write!(f, "AdamW(δ {weight_decay}, β₁ {b1}, β₂ {b2}, ε {eps:e})")
            }
        }
    }
}
