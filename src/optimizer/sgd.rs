//! Stochastic gradient descent: plain, with momentum, and Nesterov's method
//! (PyTorch's `optim.SGD`).

use std::fmt;

use ndarray::{ArrayD, ArrayViewMutD, Zip};

use super::rule::{Step, UpdateRule, check_unit, invalid};
use crate::checks::representable_in;
use crate::{Float, Result};

/// `w ← w − η·g`, remembering nothing.
pub(super) struct Plain;

impl UpdateRule for Plain {
    type Memory<F: Float> = ();
    const REMEMBERS: bool = false;

    fn name(&self) -> &'static str {
        "sgd"
    }

    fn check(&self) -> Result<()> {
        Ok(())
    }

    fn check_in<F: Float>(&self) -> Result<()> {
        Ok(())
    }

    fn memory<F: Float>(&self, _: &[usize]) {}

    fn update<F: Float>(
        &self,
        _: &mut (),
        mut w: ArrayViewMutD<'_, F>,
        g: &ArrayD<F>,
        step: &Step<F>,
    ) {
        let learning_rate = step.learning_rate;
        if step.penalised() {
            Zip::from(&mut w)
                .and(g)
                .for_each(|w, &g| *w = *w - learning_rate * step.gradient(*w, g));
        } else if let (Some(w), Some(g)) = (w.as_slice_mut(), g.as_slice()) {
            // The same sum as `scaled_add`, on the values in order (the
            // arrays of a small network are a few values, where ndarray's
            // walk over the axes of a dynamic shape costs more than the sum).
            for (w, &g) in w.iter_mut().zip(g) {
                *w += -learning_rate * g;
            }
        } else {
            w.scaled_add(-learning_rate, g);
        }
    }
}

impl fmt::Display for Plain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SGD")
    }
}

/// `v ← μ·v + g`, then `w ← w − η·v`, or Nesterov's `w ← w − η·(g + μ·v)`;
/// the velocity `v` starts at 0 (so that `v = g` after the first step, as
/// PyTorch's buffer is).
pub(super) struct Momentum {
    momentum: f64,
    nesterov: bool,
}

impl Momentum {
    pub(super) fn new(momentum: f64, nesterov: bool) -> Self {
        Momentum { momentum, nesterov }
    }
}

impl UpdateRule for Momentum {
    /// The velocity `v`.
    type Memory<F: Float> = ArrayD<F>;

    fn name(&self) -> &'static str {
        if self.nesterov {
            "nesterov"
        } else {
            "momentum"
        }
    }

    fn check(&self) -> Result<()> {
        let momentum = self.momentum;
        if !self.nesterov {
            check_unit("momentum", momentum)
        } else if !(momentum > 0.0 && momentum < 1.0) {
            invalid("momentum", momentum, "in (0, 1) for Nesterov's method")
        } else {
            Ok(())
        }
    }

    fn check_in<F: Float>(&self) -> Result<()> {
        representable_in::<F>("momentum", self.momentum)
    }

    fn memory<F: Float>(&self, shape: &[usize]) -> ArrayD<F> {
        ArrayD::zeros(shape)
    }

    fn update<F: Float>(
        &self,
        v: &mut ArrayD<F>,
        mut w: ArrayViewMutD<'_, F>,
        g: &ArrayD<F>,
        step: &Step<F>,
    ) {
        let (learning_rate, nesterov) = (step.learning_rate, self.nesterov);
        let mu = F::from_f64(self.momentum);
        Zip::from(&mut w).and(v).and(g).for_each(|w, v, &g| {
            let g = step.gradient(*w, g);
            *v = mu * *v + g;
            let direction = if nesterov { g + mu * *v } else { *v };
            *w -= learning_rate * direction;
        });
    }
}

impl fmt::Display for Momentum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.nesterov {
            write!(f, "Nesterov {}", self.momentum)
        } else {
            write!(f, "momentum {}", self.momentum)
        }
    }
}
