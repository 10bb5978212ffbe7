//! Adagrad (Duchi, Hazan and Singer, 2011; PyTorch's `optim.Adagrad`): steps
//! divided by the root of every squared gradient so far.

use std::fmt;

use ndarray::{ArrayD, ArrayViewMutD, Zip};

use super::rule::{Step, UpdateRule, invalid};
use crate::checks::representable_in;
use crate::{Float, Result};

/// `s ← s + g²`, `w ← w − η·g / ((1 + (t − 1)·d)·(√s + ε))`:
/// `torch.optim.Adagrad`'s step (which divides `η` by the decay first).
pub(super) struct Adagrad {
    lr_decay: f64,
    initial_accumulator_value: f64,
    epsilon: f64,
}

impl Adagrad {
    pub(super) fn new(lr_decay: f64, initial_accumulator_value: f64, epsilon: f64) -> Self {
        Adagrad {
            lr_decay,
            initial_accumulator_value,
            epsilon,
        }
    }
}

impl UpdateRule for Adagrad {
    /// The sum `s` of the squared gradients.
    type Memory<F: Float> = ArrayD<F>;

    fn name(&self) -> &'static str {
        "adagrad"
    }

    /// The decay and the initial sum; `ε` is checked with the optimiser's settings.
    fn check(&self) -> Result<()> {
        for (name, value) in [
            ("lr_decay", self.lr_decay),
            ("initial_accumulator_value", self.initial_accumulator_value),
        ] {
            if !(value.is_finite() && value >= 0.0) {
                return invalid(name, value, "finite and ≥ 0");
            }
        }
        Ok(())
    }

    fn check_in<F: Float>(&self) -> Result<()> {
        representable_in::<F>("lr_decay", self.lr_decay)?;
        representable_in::<F>("initial_accumulator_value", self.initial_accumulator_value)?;
        representable_in::<F>("epsilon", self.epsilon)
    }

    fn memory<F: Float>(&self, shape: &[usize]) -> ArrayD<F> {
        ArrayD::from_elem(shape, F::from_f64(self.initial_accumulator_value))
    }

    fn update<F: Float>(
        &self,
        sum: &mut ArrayD<F>,
        mut w: ArrayViewMutD<'_, F>,
        g: &ArrayD<F>,
        step: &Step<F>,
    ) {
        // η / (1 + (t − 1)·d), the decay in f64 as PyTorch computes it.
        let decay = 1.0 + step.number.saturating_sub(1) as f64 * self.lr_decay;
        let learning_rate = step.learning_rate / F::from_f64(decay);
        let eps = F::from_f64(self.epsilon);
        Zip::from(&mut w).and(g).and(sum).for_each(|w, &g, s| {
            let g = step.gradient(*w, g);
            *s += g * g;
            *w -= learning_rate * g / (s.sqrt() + eps);
        });
    }
}

impl fmt::Display for Adagrad {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Adagrad(")?;
        if self.lr_decay != 0.0 {
            write!(f, "lr_decay {}, ", self.lr_decay)?;
        }
        if self.initial_accumulator_value != 0.0 {
            write!(
                f,
                "initial_accumulator_value {}, ",
                self.initial_accumulator_value
            )?;
        }
        write!(f, "ε {:e})", self.epsilon)
    }
}
