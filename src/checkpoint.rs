//! `Checkpoint`: when and where training saves the model, for
//! [`Hooks::checkpoint`](crate::Hooks::checkpoint).

use std::path::{Path, PathBuf};

use crate::{Error, Result};

/// When a model is saved during training, and to which file: Keras's
/// `ModelCheckpoint`. Given to [`Hooks::checkpoint`](crate::Hooks::checkpoint)
/// with the function that saves.
///
/// - [`best`](Checkpoint::best): after every epoch whose monitored loss (the
///   validation loss if there is validation data, else the training
///   objective) is lower than every earlier epoch's, overwriting the file
///   (Keras's `save_best_only=True`).
/// - [`every`](Checkpoint::every): after every `k`-th epoch. `{epoch}` in
///   the file name becomes the epoch's number, so each checkpoint is a file
///   of its own (`"model-{epoch}.json"` gives `model-5.json`, `model-10.json`,
///   …); without it, each overwrites the last.
///
/// Every crate's file format saves atomically, so a checkpoint that fails
/// halfway leaves the previous one whole.
///
/// ```
/// use neuron::Checkpoint;
///
/// let every = Checkpoint::every(5, "model-{epoch}.json")?;
/// assert_eq!(every.path_for(10), std::path::Path::new("model-10.json"));
/// assert!(Checkpoint::every(0, "model.json").is_err());
/// # Ok::<(), neuron::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Checkpoint {
    path: PathBuf,
    when: When,
    /// The lowest monitored loss seen so far, for `When::Best`.
    best: Option<f64>,
}

/// Which epochs a [`Checkpoint`] saves after.
#[derive(Debug, Clone, Copy, PartialEq)]
enum When {
    Best,
    Every(usize),
}

impl Checkpoint {
    /// Saves the model to `path` after each epoch that lowers the monitored
    /// loss below every earlier epoch's.
    pub fn best(path: impl Into<PathBuf>) -> Self {
        Checkpoint {
            path: path.into(),
            when: When::Best,
            best: None,
        }
    }

    /// Saves the model after every `epochs`-th epoch, to `path` with
    /// `{epoch}` replaced by the epoch's number.
    ///
    /// # Errors
    /// [`Error::InvalidSetting`] naming `every` when `epochs` is 0.
    pub fn every(epochs: usize, path: impl Into<PathBuf>) -> Result<Self> {
        if epochs == 0 {
            return Err(Error::InvalidSetting {
                name: "every",
                value: 0.0,
                requirement: "at least 1 epoch",
            });
        }
        Ok(Checkpoint {
            path: path.into(),
            when: When::Every(epochs),
            best: None,
        })
    }

    /// The file the checkpoint of `epoch` goes to: the path with `{epoch}`
    /// replaced by the epoch's number.
    pub fn path_for(&self, epoch: usize) -> PathBuf {
        match self.path.to_str() {
            Some(text) if text.contains("{epoch}") => {
                PathBuf::from(text.replace("{epoch}", &epoch.to_string()))
            }
            _ => self.path.clone(),
        }
    }

    /// The path as given.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the model of `epoch`, with loss `monitored`, is to be saved,
    /// and where: noting it as the best when it is.
    pub(crate) fn due(&mut self, epoch: usize, monitored: f64) -> Option<PathBuf> {
        let due = match self.when {
            When::Best => {
                let better = self.best.is_none_or(|best| monitored < best);
                if better {
                    self.best = Some(monitored);
                }
                better
            }
            When::Every(k) => epoch.is_multiple_of(k),
        };
        due.then(|| self.path_for(epoch))
    }
}
