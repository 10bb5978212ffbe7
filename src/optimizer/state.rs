//! What an optimiser remembers between steps, whatever its rule and float
//! type: the number of steps, and the rule's memory of every parameter array.

use std::any::Any;
use std::fmt;

use dyn_clone::DynClone;
use ndarray::ArrayD;

use super::rule::{Step, UpdateRule};
use crate::{Error, Float, Result, Trainable};

/// The number of steps taken, the shapes of the parameter arrays the memory
/// was built for, and the memory itself: a `Vec<R::Memory<F>>` for the rule
/// `R` in the float type `F`, stored as `dyn Any` so that neither the
/// optimiser's type nor [`Float`] names it.
#[derive(Debug, Default)]
pub(super) struct State {
    steps: u64,
    shapes: Vec<Vec<usize>>,
    memory: Option<Box<dyn Memory>>,
}

impl Clone for State {
    fn clone(&self) -> Self {
        State {
            steps: self.steps,
            shapes: self.shapes.clone(),
            memory: self.memory.clone(),
        }
    }

    /// A copy into the buffers `self` already has, where they fit: what a
    /// trainer's snapshot before each epoch takes, without allocating.
    fn clone_from(&mut self, source: &Self) {
        self.steps = source.steps;
        if self.shapes != source.shapes {
            self.shapes.clone_from(&source.shapes);
        }
        match &source.memory {
            // The memory inside the box: `Box<dyn Memory>` is a `Memory` too,
            // whose copy would never find its type in `self.memory`.
            Some(memory) => (**memory).copy_into(&mut self.memory),
            None => self.memory = None,
        }
    }
}

/// A rule's memory, stored: any value that clones, prints and crosses threads.
trait Memory: Any + DynClone + fmt::Debug + Send + Sync {
    /// Copies this memory into `target`, into its buffers when it holds a
    /// memory of the same type.
    fn copy_into(&self, target: &mut Option<Box<dyn Memory>>);
}

impl<T: Any + Clone + fmt::Debug + Send + Sync> Memory for T {
    fn copy_into(&self, target: &mut Option<Box<dyn Memory>>) {
        let same = target
            .as_deref_mut()
            .and_then(|memory| (memory as &mut dyn Any).downcast_mut::<T>());
        match same {
            Some(memory) => memory.clone_from(self),
            None => *target = Some(Box::new(self.clone())),
        }
    }
}

dyn_clone::clone_trait_object!(Memory);

impl State {
    /// The number of steps taken since the state was empty.
    pub(super) fn steps(&self) -> u64 {
        self.steps
    }

    /// One step of `rule` on `model`'s parameters, from `gradient` (one array
    /// per parameter array), with learning rate `learning_rate` and L2
    /// penalty `l2` on the weights.
    ///
    /// # Shapes
    /// `gradient[k]` has the shape of the model's `k`-th parameter array.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] if the gradient does not match the parameters
    /// one to one, or the memory was built for other parameters; the model and
    /// the state are then unchanged.
    pub(super) fn step<R: UpdateRule, F: Float, M: Trainable<F>>(
        &mut self,
        rule: &R,
        model: &mut M,
        gradient: &[ArrayD<F>],
        learning_rate: F,
        l2: F,
    ) -> Result<()> {
        let mut parameters = model.parameters_mut();
        let matches = parameters.len() == gradient.len()
            && parameters
                .iter()
                .zip(gradient)
                .all(|((_, w), g)| w.shape() == g.shape());
        if !matches {
            return Err(Error::ShapeMismatch {
                what: "parameters and their gradient",
                left: parameters.iter().map(|(_, w)| w.len()).collect(),
                right: gradient.iter().map(ArrayD::len).collect(),
            });
        }
        let (number, memory) = self.next::<R, F>(rule, gradient)?;
        let pairs = parameters.iter_mut().zip(gradient).zip(memory.iter_mut());
        for (((kind, w), g), memory) in pairs {
            let step = Step {
                learning_rate,
                number,
                kind: *kind,
                l2,
            };
            rule.update(memory, w.view_mut(), g, &step);
        }
        Ok(())
    }

    /// Begins a step of `rule` on parameter arrays of the shapes of `arrays`
    /// (the gradient, checked to match the parameters): counts it,
    /// and returns its number `t` (1, 2, …) with the rule's memory of every
    /// array, built on the first step.
    ///
    /// # Errors
    /// [`Error::ShapeMismatch`] when `rule` remembers something and the
    /// memory was built for parameters of other shapes; the state is then
    /// unchanged. A memory in another float type is replaced, as is that of
    /// a rule that remembers nothing.
    fn next<R: UpdateRule, F: Float>(
        &mut self,
        rule: &R,
        arrays: &[ArrayD<F>],
    ) -> Result<(u64, &mut Vec<R::Memory<F>>)> {
        let built = self.memory.is_some();
        let same_shapes = self.shapes.len() == arrays.len()
            && self
                .shapes
                .iter()
                .zip(arrays)
                .all(|(s, a)| s.as_slice() == a.shape());
        if R::REMEMBERS && built && !same_shapes {
            return Err(Error::ShapeMismatch {
                what: "the optimiser's state and the parameters (reset it to train another model)",
                left: sizes(&self.shapes),
                right: arrays.iter().map(ArrayD::len).collect(),
            });
        }
        let fits = same_shapes
            && self
                .memory
                .as_deref()
                .is_some_and(|m| (m as &dyn Any).is::<Vec<R::Memory<F>>>());
        if !fits {
            let memory: Vec<R::Memory<F>> = arrays.iter().map(|a| rule.memory(a.shape())).collect();
            self.memory = Some(Box::new(memory));
            self.shapes = arrays.iter().map(|a| a.shape().to_vec()).collect();
        }
        let memory = self
            .memory
            .as_deref_mut()
            .and_then(|m| (m as &mut dyn Any).downcast_mut::<Vec<R::Memory<F>>>());
        let Some(memory) = memory else {
            // Not reached: the memory is of this type (checked or just built).
            return Err(Error::ShapeMismatch {
                what: "the optimiser's state and the parameters (reset it to train another model)",
                left: Vec::new(),
                right: arrays.iter().map(ArrayD::len).collect(),
            });
        };
        self.steps += 1;
        Ok((self.steps, memory))
    }
}

/// The number of values of each shape.
fn sizes(shapes: &[Vec<usize>]) -> Vec<usize> {
    shapes.iter().map(|s| s.iter().product()).collect()
}
