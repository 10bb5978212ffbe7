//! `Schedule`: the learning rate epoch by epoch.

use std::fmt;

use crate::{Error, Result};

/// How the learning rate changes from epoch to epoch, given the learning rate
/// `η` of [`GradientDescent::learning_rate`](crate::GradientDescent::learning_rate).
/// Epochs are counted from `e = 0` (the first epoch trains at `η`), and the
/// rate is set once per epoch, as PyTorch's schedulers stepped after each epoch:
///
/// | schedule | learning rate in epoch `e` of `E` | PyTorch |
/// |---|---|---|
/// | `Constant` (default) | `η` | none |
/// | `StepDecay { every, factor }` | `η · factor^⌊e / every⌋` | `StepLR(step_size=every, gamma=factor)` |
/// | `Cosine { min_learning_rate }` | `η_min + (η − η_min)·(1 + cos(π·e / E)) / 2` | `CosineAnnealingLR(T_max=E, eta_min)` |
///
/// ```
/// use neuron::Schedule;
///
/// let step = Schedule::step_decay(10, 0.5);
/// assert_eq!(step.learning_rate(0.1, 9, 100), 0.1);
/// assert_eq!(step.learning_rate(0.1, 10, 100), 0.05);
/// let cosine = Schedule::cosine(0.0);
/// assert_eq!(cosine.learning_rate(0.1, 0, 100), 0.1);
/// assert!((cosine.learning_rate(0.1, 50, 100) - 0.05).abs() < 1e-15);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Default)]
#[cfg_attr(
    feature = "serde",
    derive(serde::Serialize, serde::Deserialize),
    serde(rename_all = "snake_case")
)]
#[non_exhaustive]
pub enum Schedule {
    /// The same learning rate in every epoch.
    #[default]
    Constant,
    /// The learning rate times `factor` (in `(0, 1]`) every `every` epochs (≥ 1).
    StepDecay {
        /// Epochs between decays.
        every: usize,
        /// What the learning rate is multiplied by at each decay.
        factor: f64,
    },
    /// Half a cosine from the learning rate down to `min_learning_rate` (in
    /// `[0, η]`) over the run's epochs.
    Cosine {
        /// The learning rate the cosine ends at.
        min_learning_rate: f64,
    },
}

impl Schedule {
    /// Step decay: the learning rate times `factor` every `every` epochs.
    pub fn step_decay(every: usize, factor: f64) -> Self {
        Schedule::StepDecay { every, factor }
    }

    /// Cosine annealing from the learning rate down to `min_learning_rate`.
    pub fn cosine(min_learning_rate: f64) -> Self {
        Schedule::Cosine { min_learning_rate }
    }

    /// The learning rate in epoch `epoch` (counted from 0) of `epochs`, for a
    /// schedule that starts at `learning_rate`.
    pub fn learning_rate(&self, learning_rate: f64, epoch: usize, epochs: usize) -> f64 {
        match *self {
            Schedule::Constant => learning_rate,
            Schedule::StepDecay { every, factor } => {
                let decays = epoch / every.max(1);
                learning_rate * factor.powi(decays.min(i32::MAX as usize) as i32)
            }
            Schedule::Cosine { min_learning_rate } => {
                let progress = epoch as f64 / epochs.max(1) as f64;
                let cosine = (1.0 + (std::f64::consts::PI * progress).cos()) / 2.0;
                min_learning_rate + (learning_rate - min_learning_rate) * cosine
            }
        }
    }

    /// Checks the schedule's settings against the learning rate it starts at.
    ///
    /// # Errors
    /// [`Error::InvalidSetting`] for a step of 0 epochs, a factor outside
    /// `(0, 1]`, or a minimum learning rate outside `[0, learning_rate]`.
    pub fn check(&self, learning_rate: f64) -> Result<()> {
        let invalid = |name, value, requirement| {
            Err(Error::InvalidSetting {
                name,
                value,
                requirement,
            })
        };
        match *self {
            Schedule::Constant => Ok(()),
            Schedule::StepDecay { every: 0, .. } => invalid("every", 0.0, "at least 1 epoch"),
            Schedule::StepDecay { factor, .. } if !(factor > 0.0 && factor <= 1.0) => {
                invalid("factor", factor, "in (0, 1]")
            }
            Schedule::Cosine { min_learning_rate }
                if !(min_learning_rate >= 0.0 && min_learning_rate <= learning_rate) =>
            {
                invalid(
                    "min_learning_rate",
                    min_learning_rate,
                    "in [0, learning_rate]",
                )
            }
            Schedule::StepDecay { .. } | Schedule::Cosine { .. } => Ok(()),
        }
    }
}

impl fmt::Display for Schedule {
    /// `constant`, `step decay ×0.5 every 10 epochs`, `cosine to 0.001`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Schedule::Constant => write!(f, "constant"),
            Schedule::StepDecay { every, factor } => {
                write!(f, "step decay ×{factor} every {every} epochs")
            }
            Schedule::Cosine { min_learning_rate } => write!(f, "cosine to {min_learning_rate}"),
        }
    }
}
