//! Applying an activation, `y = f(h)`, to values in place: the one kernel behind
//! a batch's activation and [`Activation::apply`]'s single value, so that one
//! value and a batch get the same bits. The formulas live in `block::activate`
//! and `math`; this is that loop compiled for each dispatch level.

use super::block::activate as block_activate;
use super::dispatch::dispatched;
use crate::{Activation, Float};

dispatched! {
    /// Applies `activation` to every value in place, with `level`'s kernels
    /// (the processor's own level is [`detected`](super::dispatch::detected)).
    ///
    /// # Shapes
    /// - `values`: any length; each value is replaced by its output
    pub(crate) fn activate<F>(activation: Activation, values: &mut [F]) = block_activate;
}
