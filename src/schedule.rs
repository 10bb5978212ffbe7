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
/// | `Exponential { gamma }` | `η · γᵉ` | `ExponentialLR(gamma)` |
/// | `InverseTime { rate }` | `η / (1 + rate·e)` | `LambdaLR(lambda e: 1 / (1 + rate·e))`, Keras's `InverseTimeDecay` |
/// | `WarmUp { epochs: W, start_factor: s }` | `η · (s + (1 − s)·min(e, W) / W)` | `LinearLR(start_factor=s, total_iters=W)` |
/// | `OneCycle { pct_start: p, div_factor: d, final_div_factor: f, linear }` | from `η/d` up to `η` by epoch `p·E − 1`, then down to `η/(d·f)` at epoch `E − 1`, along a half cosine (or a line) | `OneCycleLR(max_lr=η, total_steps=E, pct_start=p, div_factor=d, final_div_factor=f)` |
/// | `ReduceOnPlateau { factor, patience, threshold, cooldown, min_learning_rate }` | `η`, times `factor` (not below `min_learning_rate`) after more than `patience` epochs in a row whose monitored loss is not below `best·(1 − threshold)`, then `cooldown` epochs without counting | `ReduceLROnPlateau(mode="min", factor, patience, threshold, threshold_mode="rel", cooldown, min_lr)` |
///
/// `E` is the run's [`epochs`](crate::GradientDescent::epochs). A
/// [`Trainer`](crate::Trainer) that goes on past them keeps the cosine's and
/// the one cycle's last rate; the other schedules go on as their formulas say.
/// Reduce-on-plateau depends on the losses, not only on `e`: training follows
/// it with a [`Scheduler`](crate::Scheduler), which watches the validation
/// loss (or, without validation data, the training objective) after every
/// epoch, as PyTorch's `scheduler.step(val_loss)`.
///
/// The sequences equal PyTorch's to 1e-12 (`tests/suite/schedules.rs`, oracle
/// `scripts/oracles/torch_schedules.py`; PyTorch multiplies step by step where
/// this takes the closed form, so the last bits may differ).
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
    /// The learning rate times `gamma` (finite, > 0) every epoch.
    Exponential {
        /// What the learning rate is multiplied by each epoch.
        gamma: f64,
    },
    /// The learning rate over `1 + rate·e` (`rate` finite, ≥ 0).
    InverseTime {
        /// How fast the rate falls: it halves by epoch `1 / rate`.
        rate: f64,
    },
    /// A linear warm-up from `start_factor·η` (`start_factor` in `(0, 1]`)
    /// to `η` over `epochs` epochs (≥ 1), then `η`.
    WarmUp {
        /// Epochs of the warm-up.
        epochs: usize,
        /// The first epoch's share of the learning rate.
        start_factor: f64,
    },
    /// One cycle (Smith's "super-convergence"): the learning rate rises from
    /// `η / div_factor` to `η` over the first `pct_start` of the run, then
    /// falls to `η / (div_factor · final_div_factor)`, along half cosines or,
    /// with `linear`, straight lines.
    OneCycle {
        /// The share of the run spent rising, in `(0, 1)`.
        pct_start: f64,
        /// `η` over the first learning rate (> 0).
        div_factor: f64,
        /// The first learning rate over the last (> 0).
        final_div_factor: f64,
        /// Straight lines instead of half cosines.
        linear: bool,
    },
    /// The learning rate times `factor` whenever the monitored loss has not
    /// improved for more than `patience` epochs.
    ReduceOnPlateau {
        /// What the learning rate is multiplied by at each reduction, in `(0, 1)`.
        factor: f64,
        /// Epochs without improvement that are tolerated before a reduction.
        patience: usize,
        /// The relative improvement that counts: a loss below
        /// `best·(1 − threshold)` (finite, ≥ 0).
        threshold: f64,
        /// Epochs after a reduction during which epochs without improvement
        /// are not counted.
        cooldown: usize,
        /// The learning rate is never reduced below this (in `[0, η]`).
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

    /// Exponential decay: the learning rate times `gamma` every epoch.
    pub fn exponential(gamma: f64) -> Self {
        Schedule::Exponential { gamma }
    }

    /// Inverse-time decay: the learning rate over `1 + rate·e`.
    pub fn inverse_time(rate: f64) -> Self {
        Schedule::InverseTime { rate }
    }

    /// A linear warm-up from `start_factor·η` to `η` over `epochs` epochs.
    pub fn warm_up(epochs: usize, start_factor: f64) -> Self {
        Schedule::WarmUp {
            epochs,
            start_factor,
        }
    }

    /// One cycle along half cosines, with PyTorch's defaults
    /// `one_cycle(0.3, 25.0, 1e4)` for its `OneCycleLR`.
    pub fn one_cycle(pct_start: f64, div_factor: f64, final_div_factor: f64) -> Self {
        Schedule::OneCycle {
            pct_start,
            div_factor,
            final_div_factor,
            linear: false,
        }
    }

    /// Reduce-on-plateau with PyTorch's defaults for the rest: a relative
    /// threshold of `1e-4`, no cooldown, no minimum learning rate.
    /// PyTorch's own defaults are `reduce_on_plateau(0.1, 10)`.
    pub fn reduce_on_plateau(factor: f64, patience: usize) -> Self {
        Schedule::ReduceOnPlateau {
            factor,
            patience,
            threshold: 1e-4,
            cooldown: 0,
            min_learning_rate: 0.0,
        }
    }

    /// The learning rate in epoch `epoch` (counted from 0) of `epochs`, for a
    /// schedule that starts at `learning_rate` (for `OneCycle`, that peaks
    /// there). For `ReduceOnPlateau`, which depends on the losses, the rate
    /// before any reduction, `learning_rate`: see [`Scheduler`](crate::Scheduler).
    pub fn learning_rate(&self, learning_rate: f64, epoch: usize, epochs: usize) -> f64 {
        match *self {
            Schedule::Constant => learning_rate,
            Schedule::StepDecay { every, factor } => {
                let decays = epoch / every.max(1);
                learning_rate * factor.powi(decays.min(i32::MAX as usize) as i32)
            }
            Schedule::Cosine { min_learning_rate } => {
                let progress = epoch.min(epochs) as f64 / epochs.max(1) as f64;
                let cosine = (1.0 + (std::f64::consts::PI * progress).cos()) / 2.0;
                min_learning_rate + (learning_rate - min_learning_rate) * cosine
            }
            Schedule::Exponential { gamma } => {
                learning_rate * gamma.powi(epoch.min(i32::MAX as usize) as i32)
            }
            Schedule::InverseTime { rate } => learning_rate / (1.0 + rate * epoch as f64),
            Schedule::WarmUp {
                epochs: warm,
                start_factor,
            } => {
                let done = epoch.min(warm) as f64 / warm.max(1) as f64;
                learning_rate * (start_factor + (1.0 - start_factor) * done)
            }
            Schedule::OneCycle {
                pct_start,
                div_factor,
                final_div_factor,
                linear,
            } => {
                // PyTorch's two phases: up to the peak at epoch `p·E − 1`,
                // then down to the last epoch, `E − 1`.
                let first = learning_rate / div_factor;
                let last = first / final_div_factor;
                let peak = pct_start * epochs as f64 - 1.0;
                let end = epochs as f64 - 1.0;
                let e = (epoch as f64).min(end);
                let (from, to, progress) = if e <= peak {
                    (first, learning_rate, e / peak)
                } else {
                    (learning_rate, last, (e - peak) / (end - peak))
                };
                if linear {
                    (to - from) * progress + from
                } else {
                    to + (from - to) / 2.0 * ((std::f64::consts::PI * progress).cos() + 1.0)
                }
            }
            Schedule::ReduceOnPlateau { .. } => learning_rate,
        }
    }

    /// Checks the schedule's settings against the learning rate it starts at.
    ///
    /// # Errors
    /// [`Error::InvalidSetting`] naming the setting that is out of its range
    /// (see each variant): a step of 0 epochs, a factor outside `(0, 1]`
    /// (`(0, 1)` on a plateau), a minimum learning rate outside `[0, learning_rate]`, ….
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
            Schedule::Exponential { gamma } if !(gamma.is_finite() && gamma > 0.0) => {
                invalid("gamma", gamma, "finite and > 0")
            }
            Schedule::InverseTime { rate } if !(rate.is_finite() && rate >= 0.0) => {
                invalid("rate", rate, "finite and ≥ 0")
            }
            Schedule::WarmUp { epochs: 0, .. } => {
                invalid("epochs", 0.0, "at least 1 epoch of warm-up")
            }
            Schedule::WarmUp { start_factor, .. }
                if !(start_factor > 0.0 && start_factor <= 1.0) =>
            {
                invalid("start_factor", start_factor, "in (0, 1]")
            }
            Schedule::OneCycle { pct_start, .. } if !(pct_start > 0.0 && pct_start < 1.0) => {
                invalid("pct_start", pct_start, "in (0, 1)")
            }
            Schedule::OneCycle { div_factor, .. }
                if !(div_factor.is_finite() && div_factor > 0.0) =>
            {
                invalid("div_factor", div_factor, "finite and > 0")
            }
            Schedule::OneCycle {
                final_div_factor, ..
            } if !(final_div_factor.is_finite() && final_div_factor > 0.0) => {
                invalid("final_div_factor", final_div_factor, "finite and > 0")
            }
            Schedule::ReduceOnPlateau { factor, .. } if !(factor > 0.0 && factor < 1.0) => {
                invalid("factor", factor, "in (0, 1)")
            }
            Schedule::ReduceOnPlateau { threshold, .. }
                if !(threshold.is_finite() && threshold >= 0.0) =>
            {
                invalid("threshold", threshold, "finite and ≥ 0")
            }
            Schedule::ReduceOnPlateau {
                min_learning_rate, ..
            } if !(min_learning_rate >= 0.0 && min_learning_rate <= learning_rate) => invalid(
                "min_learning_rate",
                min_learning_rate,
                "in [0, learning_rate]",
            ),
            _ => Ok(()),
        }
    }

    /// Checks that the schedule gives a finite learning rate ≥ 0 in each of
    /// `epochs` epochs from `learning_rate` (after [`check`](Schedule::check)).
    ///
    /// # Errors
    /// [`Error::InvalidSetting`] naming the schedule and the first rate that
    /// is not: a one-cycle run whose peak falls on the first epoch
    /// (`pct_start · epochs = 1`) divides 0 by 0, as PyTorch's does.
    pub fn check_run(&self, learning_rate: f64, epochs: usize) -> Result<()> {
        self.check(learning_rate)?;
        match self
            .epochs_to_check(epochs)
            .map(|e| self.learning_rate(learning_rate, e, epochs))
            .find(|rate| !(rate.is_finite() && *rate >= 0.0))
        {
            Some(rate) => Err(Error::InvalidSetting {
                name: "schedule",
                value: rate,
                requirement: "a finite learning rate ≥ 0 in every epoch (lengthen the run or change the schedule)",
            }),
            None => Ok(()),
        }
    }

    /// The epochs whose rates [`check_run`](Schedule::check_run) looks at:
    /// every one of a run of up to 10 000 epochs. Beyond that, where a rate
    /// could stop being finite: each schedule is monotone between the run's
    /// ends (one-cycle on each side of its peak, where it divides by the
    /// peak's epoch), so the ends and the epochs around the peak. A run of
    /// `usize::MAX` epochs (train until stopped) is then checked at once.
    fn epochs_to_check(&self, epochs: usize) -> Box<dyn Iterator<Item = usize>> {
        const EVERY_EPOCH_UP_TO: usize = 10_000;
        if epochs <= EVERY_EPOCH_UP_TO {
            return Box::new(0..epochs);
        }
        let mut some = vec![0, 1, epochs - 2, epochs - 1];
        if let Schedule::OneCycle { pct_start, .. } = *self {
            let peak = (pct_start * epochs as f64 - 1.0).max(0.0) as usize;
            some.extend(
                [peak.saturating_sub(1), peak, peak.saturating_add(1)]
                    .into_iter()
                    .filter(|&e| e < epochs),
            );
        }
        Box::new(some.into_iter())
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
            Schedule::Exponential { gamma } => write!(f, "exponential ×{gamma} every epoch"),
            Schedule::InverseTime { rate } => write!(f, "inverse time, rate {rate}"),
            Schedule::WarmUp {
                epochs,
                start_factor,
            } => write!(
                f,
                "linear warm-up from ×{start_factor} over {epochs} epochs"
            ),
            Schedule::OneCycle {
                pct_start,
                div_factor,
                final_div_factor,
                linear,
            } => write!(
                f,
                "one cycle ({}, rising {pct_start} of the run, ÷{div_factor} then ÷{final_div_factor})",
                if *linear { "linear" } else { "cosine" }
            ),
            Schedule::ReduceOnPlateau {
                factor, patience, ..
            } => write!(f, "×{factor} after {patience} epochs without improvement"),
        }
    }
}
