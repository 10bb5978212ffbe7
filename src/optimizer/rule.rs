//! What every update rule implements, and what its step knows: the one
//! interface between `Optimizer` and the files of the rules.

use std::fmt;

use ndarray::{ArrayD, ArrayViewMutD};

use crate::layer::ParameterKind;
use crate::{Error, Float, Result};

/// An update rule as the optimiser drives it: its name, text and checks, and
/// the step of one parameter array with what the rule remembers of it.
pub(super) trait UpdateRule: fmt::Display {
    /// What the rule remembers of one parameter array between steps, in the
    /// float type being trained.
    type Memory<F: Float>: Clone + fmt::Debug + Send + Sync + 'static;

    /// Whether the rule remembers anything. One that does not (plain SGD)
    /// steps any parameters, never refusing them as built for others.
    const REMEMBERS: bool = true;

    /// The name [`Optimizer::name`](crate::Optimizer::name) gives.
    fn name(&self) -> &'static str;

    /// The rule's own settings in range (the optimiser checks the shared
    /// ones, `β₁`, `β₂` and `ε`, after them).
    ///
    /// # Errors
    /// [`Error::InvalidSetting`] naming the first setting out of range.
    fn check(&self) -> Result<()>;

    /// The rule's settings usable in `F`.
    ///
    /// # Errors
    /// [`Error::InvalidSetting`] naming the setting that rounds to 0 or ∞ in `F`.
    fn check_in<F: Float>(&self) -> Result<()>;

    /// What the rule remembers of a parameter array of shape `shape` before
    /// its first step.
    fn memory<F: Float>(&self, shape: &[usize]) -> Self::Memory<F>;

    /// One step of the parameter array `w`, with the gradient `g` of the loss
    /// (the penalty's gradient not yet added: see [`Step::gradient`]).
    ///
    /// # Shapes
    /// `w`, `g` and the arrays of `memory` all have the same shape.
    fn update<F: Float>(
        &self,
        memory: &mut Self::Memory<F>,
        w: ArrayViewMutD<'_, F>,
        g: &ArrayD<F>,
        step: &Step<F>,
    );
}

/// What a rule's [`update`](UpdateRule::update) knows of the step besides the
/// parameter array and its gradient.
pub(super) struct Step<F> {
    /// The learning rate `η`.
    pub(super) learning_rate: F,
    /// The number `t` of this step: 1 for the first since the state was empty.
    pub(super) number: u64,
    /// Whether the parameter array holds weights or biases.
    pub(super) kind: ParameterKind,
    /// The L2 penalty `λ`.
    pub(super) l2: F,
}

impl<F: Float> Step<F> {
    /// Whether the L2 penalty applies to this array: weights, with `λ > 0`.
    pub(super) fn penalised(&self) -> bool {
        self.kind == ParameterKind::Weights && self.l2 > F::zero()
    }

    /// The gradient with the penalty's: `g + λ·w` for penalised weights, else `g`.
    #[inline(always)]
    pub(super) fn gradient(&self, w: F, g: F) -> F {
        if self.penalised() { g + self.l2 * w } else { g }
    }
}

/// An [`Error::InvalidSetting`].
pub(super) fn invalid(name: &'static str, value: f64, requirement: &'static str) -> Result<()> {
    Err(Error::InvalidSetting {
        name,
        value,
        requirement,
    })
}

/// A rate or a momentum in `[0, 1)`.
///
/// # Errors
/// [`Error::InvalidSetting`] naming the setting when it is not.
pub(super) fn check_unit(name: &'static str, value: f64) -> Result<()> {
    if (0.0..1.0).contains(&value) {
        Ok(())
    } else {
        invalid(name, value, "in [0, 1)")
    }
}
