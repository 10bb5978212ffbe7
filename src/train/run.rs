//! One run of `fit`: the plan it follows, what it keeps from step to step
//! (the optimiser's state, the generators, the batch buffers, the
//! workspace), and one epoch of steps.

use ndarray::{Array, Array1, Array2, ArrayView, ArrayView2, Axis, Dimension, RemoveAxis, Slice};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{RngCore, SeedableRng};

use super::settings::GradientDescent;
use crate::checks::{check_data, check_data_but_finiteness, check_finite_inputs};
use crate::{Error, Float, Loss, Optimizer, Result, Trainable, Workspace};

/// Mixed into the seed for the dropout generator, so that dropout draws do
/// not share a stream with (and so do not change) the shuffling order.
const DROPOUT_STREAM: u64 = 0x6472_6f70_6f75_7421;

/// How a run goes through the data, decided once before it starts.
pub(super) struct Plan {
    /// Samples per step.
    batch_size: usize,
    /// Whether every step sees the whole training set.
    full_batch: bool,
    /// Whether training draws random numbers (dropout).
    random: bool,
    /// Full batch without randomness: one pass over the data per epoch gives
    /// both the gradient for this epoch's step and the loss after the
    /// previous one, so the data is read once per epoch.
    reuse_pass: bool,
    /// Whether that first pass also shows that the inputs are finite (see
    /// [`Trainable::gradient_sees_every_input`]), so that they are not read
    /// once more just for that.
    first_pass_checks: bool,
}

impl Plan {
    pub(super) fn new<F: Float, M: Trainable<F>>(
        settings: &GradientDescent,
        model: &M,
        n_samples: usize,
    ) -> Self {
        let batch_size = settings.batch_size.unwrap_or(n_samples).min(n_samples);
        let full_batch = batch_size == n_samples;
        let random = model.trains_randomly();
        let reuse_pass = full_batch && !random;
        Plan {
            batch_size,
            full_batch,
            random,
            reuse_pass,
            first_pass_checks: reuse_pass && model.gradient_sees_every_input(),
        }
    }
}

/// Everything about the data checked before the first step: shapes, targets
/// and (unless the first pass shows it) finite inputs, for the training and
/// the validation set.
pub(super) fn check_fit_data<F: Float, M: Trainable<F>, D: Dimension>(
    model: &M,
    inputs: &ArrayView<'_, F, D>,
    targets: &ArrayView2<'_, F>,
    loss: Loss,
    validation: Option<&(ArrayView<'_, F, D>, ArrayView2<'_, F>)>,
    plan: &Plan,
) -> Result<()> {
    check_data_but_finiteness(model, inputs, targets, loss, "the training set")?;
    if !plan.first_pass_checks {
        check_finite_inputs(inputs)?;
    }
    if let Some((x, t)) = validation {
        check_data(model, x, t, loss, "the validation set").map_err(|e| Error::InSet {
            set: "the validation set",
            source: Box::new(e),
        })?;
    }
    Ok(())
}

/// What training keeps from one epoch to the next, and from one call of a
/// [`Trainer`](crate::Trainer) to the next: everything that decides the
/// next step besides the model, so that a run cut into pieces takes the
/// same steps as the run in one piece.
pub(super) struct Progress {
    /// The optimiser, with its state (moments, velocities).
    pub(super) optimizer: Optimizer,
    /// The shuffling order's generator.
    rng: StdRng,
    /// Dropout's generator, a stream of its own.
    dropout_rng: StdRng,
    /// The order of the samples, shuffled each epoch (in place: each
    /// epoch's order starts from the last one's).
    order: Vec<usize>,
    /// The epochs trained so far.
    pub(super) epochs_done: usize,
}

impl Clone for Progress {
    fn clone(&self) -> Self {
        Progress {
            optimizer: self.optimizer.clone(),
            rng: self.rng.clone(),
            dropout_rng: self.dropout_rng.clone(),
            order: self.order.clone(),
            epochs_done: self.epochs_done,
        }
    }
}

impl Progress {
    /// Copies into `snapshot`, into its buffers, what an epoch of `plan`
    /// changes: the optimiser, and the shuffling order and its generator
    /// (mini-batches) and dropout's generator (with dropout), which the
    /// epoch leaves alone otherwise. The first snapshot is a whole copy.
    fn save_into(&self, snapshot: &mut Option<Progress>, plan: &Plan) {
        let Some(saved) = snapshot else {
            *snapshot = Some(self.clone());
            return;
        };
        saved.optimizer.clone_from(&self.optimizer);
        if !plan.full_batch {
            saved.rng.clone_from(&self.rng);
            saved.order.clone_from(&self.order);
        }
        if plan.random {
            saved.dropout_rng.clone_from(&self.dropout_rng);
        }
        saved.epochs_done = self.epochs_done;
    }

    /// Goes back to `saved`, taken by [`save_into`](Progress::save_into) with `plan`.
    fn restore(&mut self, saved: Progress, plan: &Plan) {
        let Progress {
            optimizer,
            rng,
            dropout_rng,
            order,
            epochs_done,
        } = saved;
        self.optimizer = optimizer;
        if !plan.full_batch {
            self.rng = rng;
            self.order = order;
        }
        if plan.random {
            self.dropout_rng = dropout_rng;
        }
        self.epochs_done = epochs_done;
    }

    /// The start of a run: a fresh copy of the settings' optimiser, with
    /// empty state, and generators seeded by the settings.
    pub(super) fn new(settings: &GradientDescent) -> Self {
        let mut optimizer = settings.optimizer.clone();
        optimizer.reset();
        Progress {
            optimizer,
            rng: StdRng::seed_from_u64(settings.seed),
            dropout_rng: StdRng::seed_from_u64(settings.seed ^ DROPOUT_STREAM),
            order: Vec::new(),
            epochs_done: 0,
        }
    }
}

/// One call's run: the progress it goes on from, and its buffers.
pub(super) struct Run<'t, F, D> {
    progress: &'t mut Progress,
    /// A mini-batch's rows, gathered into buffers made once per run (none
    /// for full-batch training, which reads the data in place).
    batch_inputs: Array<F, D>,
    batch_targets: Array2<F>,
    /// The buffers of every gradient computation, reused by every step.
    workspace: &'t mut Workspace<F>,
    /// Whether `workspace` holds a full-batch pass not yet used for a step,
    /// and that pass's loss.
    pending: bool,
    pending_loss: F,
    /// The samples' weights (class and sample weights), if weighted.
    weights: Option<Array1<F>>,
    /// The progress as it was before the current epoch, to go back to if
    /// the epoch fails (kept between epochs, so that taking it allocates nothing).
    snapshot: Option<Progress>,
    /// The progress bar, if shown.
    #[cfg(feature = "progress")]
    pub(super) bar: Option<super::progress_bar::Bar>,
}

impl<'t, F: Float, D: RemoveAxis> Run<'t, F, D> {
    /// For inputs of shape `shape` (all the samples) and `n_outputs` targets
    /// per sample, going on from `progress`, with the samples' `weights` if
    /// weighted.
    pub(super) fn new(
        progress: &'t mut Progress,
        workspace: &'t mut Workspace<F>,
        plan: &Plan,
        (shape, n_outputs): (D, usize),
        weights: Option<Array1<F>>,
    ) -> Self {
        let buffer_rows = if plan.full_batch { 0 } else { plan.batch_size };
        let mut batch_shape = shape;
        let n_samples = batch_shape.as_array_view().first().copied().unwrap_or(0);
        if let Some(rows) = batch_shape.as_array_view_mut().first_mut() {
            *rows = buffer_rows;
        }
        // Another data set than the last call's (by its size): a new order.
        if progress.order.len() != n_samples {
            progress.order.clear();
        }
        // Full batch: every step weighs the whole set; mini-batches set their own.
        workspace.sample_weights = weights.clone().filter(|_| plan.full_batch);
        Run {
            progress,
            batch_inputs: Array::zeros(batch_shape),
            batch_targets: Array2::zeros((buffer_rows, n_outputs)),
            workspace,
            pending: false,
            pending_loss: F::nan(),
            weights,
            snapshot: None,
            #[cfg(feature = "progress")]
            bar: None,
        }
    }

    /// The epochs trained so far, over every call.
    pub(super) fn epochs_done(&self) -> usize {
        self.progress.epochs_done
    }

    /// With a reused pass: the first pass over the data, whose gradient the
    /// first step takes; a non-finite pass sends the inputs to be searched
    /// for the value that is not finite, when it stands for that check.
    pub(super) fn first_pass<M: Trainable<F>>(
        &mut self,
        model: &M,
        inputs: ArrayView<'_, F, D>,
        targets: ArrayView2<'_, F>,
        loss: Loss,
        plan: &Plan,
    ) -> Result<()> {
        if !plan.reuse_pass {
            return Ok(());
        }
        let workspace = &mut *self.workspace;
        let value = model.loss_and_gradient_in(inputs.view(), targets, loss, None, workspace)?;
        let finite = value.is_finite()
            && workspace
                .gradient()
                .iter()
                .all(|g| g.iter().all(|v| v.is_finite()));
        if plan.first_pass_checks && !finite {
            // A non-finite input makes the pass non-finite: find it and say where.
            check_finite_inputs(&inputs)?;
        }
        self.pending = true;
        self.pending_loss = value;
        Ok(())
    }

    /// One epoch at `learning_rate`: its steps, then the objective on the
    /// training set. If a step fails, or the objective or a parameter is no
    /// longer finite, the model and the progress are put back as they were
    /// before the epoch.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn epoch<M: Trainable<F>>(
        &mut self,
        settings: &GradientDescent,
        model: &mut M,
        inputs: ArrayView<'_, F, D>,
        targets: ArrayView2<'_, F>,
        loss: Loss,
        plan: &Plan,
        learning_rate: F,
    ) -> Result<F> {
        let before = model.clone();
        self.progress.save_into(&mut self.snapshot, plan);
        let epoch = self.progress.epochs_done + 1;
        let l2 = F::from_f64(settings.l2);
        let restore = |run: &mut Self, model: &mut M, before: M| {
            *model = before;
            if let Some(snapshot) = run.snapshot.take() {
                run.progress.restore(snapshot, plan);
            }
            run.pending = false;
        };
        if let Err(e) = self.steps(
            settings,
            model,
            inputs.view(),
            targets,
            loss,
            plan,
            [learning_rate, l2],
        ) {
            restore(self, model, before);
            return Err(e);
        }
        let objective = if plan.reuse_pass {
            let workspace = &mut *self.workspace;
            model
                .loss_and_gradient_in(inputs, targets, loss, None, workspace)
                .map(|mean_loss| {
                    self.pending = true;
                    self.pending_loss = mean_loss;
                    mean_loss + settings.penalty(model)
                })
        } else if let Some(weights) = &self.weights {
            super::weighted_loss::weighted_loss(model, inputs.view(), targets, weights.view(), loss)
                .map(|mean_loss| mean_loss + settings.penalty(model))
        } else {
            settings.objective(model, inputs.view(), targets, loss)
        };
        match objective {
            Ok(objective) if objective.is_finite() && model.is_finite() => {
                self.progress.epochs_done = epoch;
                Ok(objective)
            }
            Ok(objective) => {
                restore(self, model, before);
                Err(Error::Diverged {
                    epoch,
                    loss: objective.as_f64(),
                })
            }
            Err(e) => {
                restore(self, model, before);
                Err(e)
            }
        }
    }

    /// The steps of one epoch, with `[learning rate, l2]`: one with the pass
    /// already made, one on the whole set, or one per mini-batch in this
    /// epoch's order.
    #[allow(clippy::too_many_arguments)]
    fn steps<M: Trainable<F>>(
        &mut self,
        settings: &GradientDescent,
        model: &mut M,
        inputs: ArrayView<'_, F, D>,
        targets: ArrayView2<'_, F>,
        loss: Loss,
        plan: &Plan,
        [learning_rate, l2]: [F; 2],
    ) -> Result<()> {
        let Run {
            progress,
            batch_inputs,
            batch_targets,
            workspace,
            pending,
            pending_loss,
            weights,
            #[cfg(feature = "progress")]
            bar,
            ..
        } = self;
        let workspace = &mut **workspace;
        let Progress {
            optimizer,
            rng,
            dropout_rng,
            order,
            ..
        } = &mut **progress;
        // Dropout draws new masks for every step, so its gradients are taken
        // in training mode, apart from the loss that is reported.
        let random = plan.random;
        // The gradient in the workspace, clipped as the settings ask, taken
        // by the optimiser; then the statistics the step saw.
        // After each step: the batch's loss to the progress bar, if shown.
        #[cfg(feature = "progress")]
        let mut shown = |loss: F| {
            if let Some(bar) = bar.as_mut() {
                bar.batch(loss.as_f64());
            }
        };
        #[cfg(not(feature = "progress"))]
        let shown = |_: F| {};
        let step = |model: &mut M, optimizer: &mut Optimizer, workspace: &mut Workspace<F>| {
            settings.add_l1_gradient(model, workspace.gradient_mut());
            if let Some(clip) = settings.clip {
                clip.apply(workspace.gradient_mut())?;
            }
            optimizer.apply(model, workspace.gradient(), learning_rate, l2)?;
            model.update_statistics(workspace);
            Ok::<(), Error>(())
        };
        if std::mem::take(pending) {
            step(model, optimizer, workspace)?;
            shown(*pending_loss);
            return Ok(());
        }
        if plan.full_batch {
            let rng = dropout(random, dropout_rng);
            let value = model.loss_and_gradient_in(inputs, targets, loss, rng, workspace)?;
            step(model, optimizer, workspace)?;
            shown(value);
            return Ok(());
        }
        if order.is_empty() {
            order.extend(0..inputs.len_of(Axis(0)));
        }
        if settings.shuffle {
            order.shuffle(rng);
        }
        order.chunks(plan.batch_size).try_for_each(|batch| {
            let x = gather_rows(inputs.view(), batch, batch_inputs);
            let t = gather_rows(targets, batch, batch_targets);
            if let Some(weights) = weights {
                let batch_weights = batch.iter().filter_map(|&i| weights.get(i).copied());
                workspace.sample_weights = Some(batch_weights.collect());
            }
            let rng = dropout(random, dropout_rng);
            let value = model.loss_and_gradient_in(x, t, loss, rng, workspace)?;
            step(model, optimizer, workspace)?;
            shown(value);
            Ok(())
        })
    }
}

/// The dropout generator for a step, when training draws random numbers.
fn dropout(random: bool, rng: &mut StdRng) -> Option<&mut dyn RngCore> {
    if random { Some(rng) } else { None }
}

/// Samples `rows` of `source` (along its first axis), in that order, copied
/// into the first samples of `buffer` (which has at least `rows.len()`
/// samples of `source`'s shape).
fn gather_rows<'b, F: Float, D: RemoveAxis>(
    source: ArrayView<'_, F, D>,
    rows: &[usize],
    buffer: &'b mut Array<F, D>,
) -> ArrayView<'b, F, D> {
    let n = rows.len().min(buffer.len_of(Axis(0)));
    for (mut to, &i) in buffer.axis_iter_mut(Axis(0)).zip(rows) {
        if i < source.len_of(Axis(0)) {
            to.assign(&source.index_axis(Axis(0), i));
        }
    }
    buffer.slice_axis(Axis(0), Slice::from(..n))
}
