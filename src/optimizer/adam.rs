//! Adam and AdamW (PyTorch's `optim.Adam` and `optim.AdamW`).

use std::fmt;

use ndarray::{ArrayD, ArrayViewMutD};

use super::rule::{Step, UpdateRule, invalid};
use crate::checks::representable_in;
use crate::kernels::update::{self, AdamStep};
use crate::layer::ParameterKind;
use crate::{Float, Result};

/// `m ← β₁m + (1 − β₁)g`, `v ← β₂v + (1 − β₂)g²`, `w ← w − η·m̂ / (√v̂ + ε)`,
/// after AdamW's decay `w ← w·(1 − η·δ)` of the weights.
pub(super) struct Adam {
    beta1: f64,
    beta2: f64,
    epsilon: f64,
    /// AdamW's `δ`; `None` for Adam.
    weight_decay: Option<f64>,
}

impl Adam {
    pub(super) fn new(beta1: f64, beta2: f64, epsilon: f64, weight_decay: Option<f64>) -> Self {
        Adam {
            beta1,
            beta2,
            epsilon,
            weight_decay,
        }
    }
}

/// The moment estimates of one parameter array, both starting at 0.
#[derive(Debug, Clone)]
pub(super) struct Moments<F> {
    /// `m`, the running mean of the gradient.
    first: ArrayD<F>,
    /// `v`, the running mean of its square.
    second: ArrayD<F>,
}

impl UpdateRule for Adam {
    type Memory<F: Float> = Moments<F>;

    fn name(&self) -> &'static str {
        if self.weight_decay.is_some() {
            "adamw"
        } else {
            "adam"
        }
    }

    /// AdamW's `δ`; the betas and `ε` are checked with the optimiser's settings.
    fn check(&self) -> Result<()> {
        match self.weight_decay {
            Some(weight_decay) if !(weight_decay.is_finite() && weight_decay >= 0.0) => {
                invalid("weight_decay", weight_decay, "finite and ≥ 0")
            }
            _ => Ok(()),
        }
    }

    fn check_in<F: Float>(&self) -> Result<()> {
        if let Some(weight_decay) = self.weight_decay {
            representable_in::<F>("weight_decay", weight_decay)?;
        }
        representable_in::<F>("epsilon", self.epsilon)
    }

    fn memory<F: Float>(&self, shape: &[usize]) -> Moments<F> {
        Moments {
            first: ArrayD::zeros(shape),
            second: ArrayD::zeros(shape),
        }
    }

    fn update<F: Float>(
        &self,
        moments: &mut Moments<F>,
        mut w: ArrayViewMutD<'_, F>,
        g: &ArrayD<F>,
        step: &Step<F>,
    ) {
        let learning_rate = step.learning_rate;
        // AdamW's decoupled decay, on weights only: w ← w·(1 − η·δ).
        // The step's scalars are computed in `f64` and rounded once, as
        // PyTorch computes them from Python's floats: in `f32` this keeps
        // its bits (`1 − 0.999` in `f32` is 1.3e-5 off).
        let rate = learning_rate.as_f64();
        let decay = match self.weight_decay {
            Some(weight_decay) if step.kind == ParameterKind::Weights => {
                F::from_f64(1.0 - rate * weight_decay)
            }
            _ => F::one(),
        };
        let (beta1, beta2) = (self.beta1, self.beta2);
        let t = step.number.min(i32::MAX as u64) as i32;
        // η / (1 − β₁ᵗ) and √(1 − β₂ᵗ), the bias corrections, as PyTorch groups them.
        let step_size = F::from_f64(rate / (1.0 - beta1.powi(t)));
        let correction2 = F::from_f64((1.0 - beta2.powi(t)).sqrt());
        let coefficients = AdamStep {
            beta1: F::from_f64(beta1),
            beta2: F::from_f64(beta2),
            one_minus_beta1: F::from_f64(1.0 - beta1),
            one_minus_beta2: F::from_f64(1.0 - beta2),
            step_size,
            correction2,
            epsilon: F::from_f64(self.epsilon),
            decay,
            l2: step.penalised().then_some(step.l2),
        };
        let Moments { first, second } = moments;
        // The kernel steps contiguous values in one order: the moments are
        // built in standard layout, the gradient and parameters usually come
        // so, and whatever does not is stepped through a standard-layout copy.
        for moment in [&mut *first, &mut *second] {
            if !moment.is_standard_layout() {
                *moment = moment.as_standard_layout().into_owned();
            }
        }
        let g = g.as_standard_layout();
        let (Some(m), Some(v), Some(g)) =
            (first.as_slice_mut(), second.as_slice_mut(), g.as_slice())
        else {
            return;
        };
        match w.as_slice_mut() {
            Some(w) => update::adam(w, m, v, g, &coefficients),
            None => {
                let mut copy = w.as_standard_layout().into_owned();
                if let Some(values) = copy.as_slice_mut() {
                    update::adam(values, m, v, g, &coefficients);
                }
                w.assign(&copy);
            }
        }
    }
}

impl fmt::Display for Adam {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (b1, b2, eps) = (self.beta1, self.beta2, self.epsilon);
        match self.weight_decay {
            None => write!(f, "Adam(β₁ {b1}, β₂ {b2}, ε {eps:e})"),
            Some(weight_decay) => {
                write!(f, "AdamW(δ {weight_decay}, β₁ {b1}, β₂ {b2}, ε {eps:e})")
            }
        }
    }
}
