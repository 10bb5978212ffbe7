//! `Scheduler`: a [`Schedule`] followed epoch by epoch, with what
//! reduce-on-plateau remembers of the losses.

use crate::{Result, Schedule};

/// A [`Schedule`] being followed: the learning rate of the current epoch,
/// moved on by [`step`](Scheduler::step) after each epoch with the loss it
/// ended with, as PyTorch's `scheduler.step(val_loss)`. Training keeps one
/// (a [`Trainer`](crate::Trainer) across its calls); a training loop of your
/// own can too.
///
/// For every schedule but `ReduceOnPlateau` the rate is
/// [`Schedule::learning_rate`] of the epoch; reduce-on-plateau lowers it by
/// PyTorch's `ReduceLROnPlateau` rules (mode `"min"`, relative threshold).
///
/// ```
/// use neuron::{Schedule, Scheduler};
///
/// // Halve the rate after more than 1 epoch without improvement.
/// let mut scheduler = Scheduler::new(Schedule::reduce_on_plateau(0.5, 1), 0.1, 100)?;
/// let mut rates = vec![scheduler.learning_rate()];
/// for loss in [1.0, 0.9, 0.95, 0.92, 0.91] {
///     rates.push(scheduler.step(loss));
/// }
/// assert_eq!(rates, [0.1, 0.1, 0.1, 0.1, 0.05, 0.05]);
/// # Ok::<(), neuron::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Scheduler {
    schedule: Schedule,
    /// The rate the schedule starts from, `η`.
    initial: f64,
    /// The run's epochs, `E`.
    epochs: usize,
    /// The current epoch, counted from 0.
    epoch: usize,
    /// Reduce-on-plateau's memory.
    plateau: Plateau,
}

/// What reduce-on-plateau remembers: PyTorch's `best`, `num_bad_epochs`,
/// `cooldown_counter` and the current rate.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Plateau {
    rate: f64,
    best: f64,
    bad_epochs: usize,
    cooldown_left: usize,
}

impl Scheduler {
    /// `schedule` from `learning_rate`, over a run of `epochs` epochs, at its
    /// first epoch.
    ///
    /// # Errors
    /// - [`Error::InvalidSetting`](crate::Error::InvalidSetting) for a
    ///   learning rate that is not finite and > 0, or 0 epochs, as `fit`
    ///   refuses them;
    /// - as [`Schedule::check_run`]: settings out of range, or a rate that is
    ///   not finite and ≥ 0 in one of the `epochs` epochs.
    pub fn new(schedule: Schedule, learning_rate: f64, epochs: usize) -> Result<Self> {
        crate::checks::check_learning_rate_and_epochs(learning_rate, epochs)?;
        schedule.check_run(learning_rate, epochs)?;
        Ok(Scheduler {
            schedule,
            initial: learning_rate,
            epochs,
            epoch: 0,
            plateau: Plateau {
                rate: learning_rate,
                best: f64::INFINITY,
                bad_epochs: 0,
                cooldown_left: 0,
            },
        })
    }

    /// The schedule followed.
    pub fn schedule(&self) -> Schedule {
        self.schedule
    }

    /// The current epoch, counted from 0: the number of [`step`](Scheduler::step)s taken.
    pub fn epoch(&self) -> usize {
        self.epoch
    }

    /// The learning rate of the current epoch.
    pub fn learning_rate(&self) -> f64 {
        match self.schedule {
            Schedule::ReduceOnPlateau { .. } => self.plateau.rate,
            schedule => schedule.learning_rate(self.initial, self.epoch, self.epochs),
        }
    }

    /// Ends the current epoch, whose monitored loss was `loss`, and returns
    /// the next epoch's learning rate. Past the epochs [`new`](Scheduler::new)
    /// checked, that rate may not be finite (an exponential growth run on):
    /// training checks it before it steps with it.
    pub fn step(&mut self, loss: f64) -> f64 {
        if let Schedule::ReduceOnPlateau {
            factor,
            patience,
            threshold,
            cooldown,
            min_learning_rate,
        } = self.schedule
        {
            let plateau = &mut self.plateau;
            if loss < plateau.best * (1.0 - threshold) {
                plateau.best = loss;
                plateau.bad_epochs = 0;
            } else {
                plateau.bad_epochs += 1;
            }
            if plateau.cooldown_left > 0 {
                plateau.cooldown_left -= 1;
                plateau.bad_epochs = 0;
            }
            if plateau.bad_epochs > patience {
                let reduced = (plateau.rate * factor).max(min_learning_rate);
                // PyTorch's eps: changes smaller than 1e-8 are not made.
                if plateau.rate - reduced > 1e-8 {
                    plateau.rate = reduced;
                }
                plateau.cooldown_left = cooldown;
                plateau.bad_epochs = 0;
            }
        }
        self.epoch += 1;
        self.learning_rate()
    }
}
