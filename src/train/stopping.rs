//! Early stopping, and keeping the model of the best epoch.

use crate::{Float, History};

/// Early stopping: training stops once the monitored loss (the validation
/// loss if there is one, else the training objective) has not improved by
/// more than `tolerance` for `patience` epochs in a row.
#[derive(Debug, Clone)]
pub(super) struct EarlyStopping<F> {
    tolerance: Option<f64>,
    patience: usize,
    best: F,
    epochs_without_progress: usize,
}

impl<F: Float> EarlyStopping<F> {
    /// No early stopping when `tolerance` is `None`.
    pub(super) fn new(tolerance: Option<f64>, patience: usize) -> Self {
        EarlyStopping {
            tolerance,
            patience,
            best: F::infinity(),
            epochs_without_progress: 0,
        }
    }

    /// Records an epoch's monitored loss; whether training should stop now.
    pub(super) fn stops_after(&mut self, monitored: F) -> bool {
        let Some(tolerance) = self.tolerance else {
            return false;
        };
        if monitored < self.best - F::from_f64(tolerance) {
            self.epochs_without_progress = 0;
        } else {
            self.epochs_without_progress += 1;
        }
        self.best = self.best.min(monitored);
        self.epochs_without_progress >= self.patience
    }
}

/// The model of the epoch with the lowest validation loss, kept (when
/// asked) so that training can end with it.
pub(super) struct BestModel<F, M> {
    keep: bool,
    best: Option<(usize, F, M)>,
}

impl<F: Float, M: Clone> BestModel<F, M> {
    /// Keeps nothing unless `keep`.
    pub(super) fn new(keep: bool) -> Self {
        BestModel { keep, best: None }
    }

    /// Keeps a copy of `model` if its validation loss is the lowest so far.
    pub(super) fn observe(&mut self, epoch: usize, validation_loss: Option<F>, model: &M) {
        if self.keep
            && let Some(loss) = validation_loss
            && self
                .best
                .as_ref()
                .is_none_or(|(_, lowest, _)| loss < *lowest)
        {
            self.best = Some((epoch, loss, model.clone()));
        }
    }

    /// Puts the best model back, and says in `history` which epoch it was.
    pub(super) fn restore(self, model: &mut M, history: &mut History<F>) {
        if let Some((epoch, _, best)) = self.best {
            *model = best;
            history.set_best_epoch(epoch);
        }
    }
}
