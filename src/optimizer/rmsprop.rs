//! RMSprop (Hinton's lecture 6e; PyTorch's `optim.RMSprop`): steps divided by
//! a running root mean square of the gradient.

use std::fmt;

use ndarray::{ArrayD, ArrayViewMutD, Zip};

use super::rule::{Step, UpdateRule, check_unit};
use crate::checks::representable_in;
use crate::{Float, Result};

/// `v ← α·v + (1 − α)·g²`; centered, `ḡ ← ḡ + (1 − α)·(g − ḡ)` and
/// `d = √(v − ḡ²) + ε`, else `d = √v + ε`; then `w ← w − η·g / d`, or with
/// momentum `b ← μ·b + g / d`, `w ← w − η·b`: `torch.optim.RMSprop`'s step.
pub(super) struct RmsProp {
    alpha: f64,
    momentum: f64,
    centered: bool,
    epsilon: f64,
}

impl RmsProp {
    pub(super) fn new(alpha: f64, momentum: f64, centered: bool, epsilon: f64) -> Self {
        RmsProp {
            alpha,
            momentum,
            centered,
            epsilon,
        }
    }
}

/// RMSprop's running averages of one parameter array, all starting at 0. The
/// gradient's average and the momentum buffer stay 0 while not centered or
/// without momentum (kept anyway, so that one loop steps every variant).
#[derive(Debug, Clone)]
pub(super) struct Averages<F> {
    /// `v`, the running mean of the squared gradient.
    square: ArrayD<F>,
    /// `ḡ`, the running mean of the gradient.
    gradient: ArrayD<F>,
    /// `b`, the momentum buffer.
    buffer: ArrayD<F>,
}

impl UpdateRule for RmsProp {
    type Memory<F: Float> = Averages<F>;

    fn name(&self) -> &'static str {
        "rmsprop"
    }

    /// `α` and the momentum; `ε` is checked with the optimiser's settings.
    fn check(&self) -> Result<()> {
        check_unit("alpha", self.alpha)?;
        check_unit("momentum", self.momentum)
    }

    fn check_in<F: Float>(&self) -> Result<()> {
        representable_in::<F>("alpha", self.alpha)?;
        representable_in::<F>("momentum", self.momentum)?;
        representable_in::<F>("epsilon", self.epsilon)
    }

    fn memory<F: Float>(&self, shape: &[usize]) -> Averages<F> {
        Averages {
            square: ArrayD::zeros(shape),
            gradient: ArrayD::zeros(shape),
            buffer: ArrayD::zeros(shape),
        }
    }

    fn update<F: Float>(
        &self,
        averages: &mut Averages<F>,
        mut w: ArrayViewMutD<'_, F>,
        g: &ArrayD<F>,
        step: &Step<F>,
    ) {
        let learning_rate = step.learning_rate;
        let alpha = F::from_f64(self.alpha);
        // 1 − α in f64, as PyTorch computes it: 1 − 0.99 is 0.010000000000000009.
        let one_minus_alpha = F::from_f64(1.0 - self.alpha);
        let eps = F::from_f64(self.epsilon);
        let (centered, with_momentum) = (self.centered, self.momentum > 0.0);
        let momentum = F::from_f64(self.momentum);
        let Averages {
            square,
            gradient,
            buffer,
        } = averages;
        Zip::from(&mut w)
            .and(g)
            .and(square)
            .and(gradient)
            .and(buffer)
            .for_each(|w, &g, v, g_mean, b| {
                let g = step.gradient(*w, g);
                *v = alpha * *v + one_minus_alpha * g * g;
                let denominator = if centered {
                    *g_mean += one_minus_alpha * (g - *g_mean);
                    (*v - *g_mean * *g_mean).sqrt() + eps
                } else {
                    v.sqrt() + eps
                };
                if with_momentum {
                    *b = momentum * *b + g / denominator;
                    *w -= learning_rate * *b;
                } else {
                    *w -= learning_rate * g / denominator;
                }
            });
    }
}

impl fmt::Display for RmsProp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RMSprop(α {}", self.alpha)?;
        if self.momentum != 0.0 {
            write!(f, ", momentum {}", self.momentum)?;
        }
        if self.centered {
            write!(f, ", centered")?;
        }
        write!(f, ", ε {:e})", self.epsilon)
    }
}
