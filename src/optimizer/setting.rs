//! `Optimizer`, the setting: which update rule, with its settings, and the
//! state a run has built (which is not part of the setting).

use super::state::State;

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
#[derive(Debug, Clone)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Optimizer {
    pub(super) rule: Rule,
    pub(super) beta1: f64,
    pub(super) beta2: f64,
    pub(super) epsilon: f64,
    #[cfg_attr(feature = "serde", serde(skip))]
    pub(super) state: State,
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
pub(super) enum Rule {
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
