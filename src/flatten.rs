//! `Flatten`: each sample's values in one row, so that a dense layer can
//! read what a convolution or a pooling gave.

use std::fmt;

use ndarray::{ArrayD, ArrayViewD, IxDyn};

use crate::layer::{Layer, Pass};
use crate::workspace::reshaped_dyn;
use crate::{Error, Float, Result};

/// Each sample's values in one row, in row-major (C) order: `(n, c, h, w)`
/// becomes `(n, c·h·w)`, as PyTorch's `nn.Flatten()` and Keras's `Flatten()`
/// order them. It has no parameters; backward puts each value's gradient
/// back in its place.
///
/// ```
/// use neuron::{Flatten, Layer};
/// use neuron::ndarray::Array4;
///
/// let maps = Array4::<f64>::zeros((2, 3, 4, 4));
/// let rows = Flatten.net_input(maps.view().into_dyn())?;
/// assert_eq!(rows.shape(), &[2, 48]);
/// assert_eq!(Layer::<f64>::output_shape(&Flatten, &[3, 4, 4])?, vec![48]);
/// # Ok::<(), neuron::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Flatten;

impl fmt::Display for Flatten {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Flatten")
    }
}

impl<F: Float> Layer<F> for Flatten {
    fn name(&self) -> &'static str {
        "flatten"
    }

    fn as_any(&self) -> Option<&dyn std::any::Any> {
        Some(self)
    }

    fn input_shape(&self) -> Option<Vec<usize>> {
        None
    }

    fn output_shape(&self, input: &[usize]) -> Result<Vec<usize>> {
        input
            .iter()
            .try_fold(1_usize, |n, &d| n.checked_mul(d))
            .map(|n| vec![n])
            .ok_or_else(|| Error::ShapeMismatch {
                what: "a sample's shape, whose values overflow a count",
                left: input.to_vec(),
                right: Vec::new(),
            })
    }

    fn net_input(&self, inputs: ArrayViewD<'_, F>) -> Result<ArrayD<F>> {
        let mut rows = ArrayD::zeros(IxDyn(&[0]));
        flatten_into(inputs, &mut rows)?;
        Ok(rows)
    }

    fn forward_train(
        &self,
        inputs: ArrayViewD<'_, F>,
        net_input: &mut ArrayD<F>,
        _saved: &mut Vec<ArrayD<F>>,
        _pass: &Pass,
    ) -> Result<()> {
        flatten_into(inputs, net_input)
    }

    fn backward(
        &self,
        inputs: ArrayViewD<'_, F>,
        delta: ArrayViewD<'_, F>,
        _saved: &[ArrayD<F>],
        _gradient: &mut [ArrayD<F>],
        input_delta: Option<&mut ArrayD<F>>,
        _pass: &Pass,
    ) -> Result<()> {
        if delta.len() != inputs.len() || delta.ndim() != 2 {
            return Err(Error::ShapeMismatch {
                what: "a flattening layer's δ and its outputs",
                left: delta.shape().to_vec(),
                right: vec![
                    inputs.len_of(ndarray::Axis(0)),
                    inputs.len() / inputs.len_of(ndarray::Axis(0)).max(1),
                ],
            });
        }
        if let Some(input_delta) = input_delta {
            let input_delta = reshaped_dyn(input_delta, inputs.shape());
            // Both in row-major order: the values line up one to one.
            input_delta
                .iter_mut()
                .zip(delta.iter())
                .for_each(|(d, &g)| *d = g);
        }
        Ok(())
    }
}

/// `inputs` as `(n, values per sample)` into `rows`, in row-major order.
fn flatten_into<F: Float>(inputs: ArrayViewD<'_, F>, rows: &mut ArrayD<F>) -> Result<()> {
    let Some(&n) = inputs.shape().first() else {
        return Err(Error::Empty {
            what: "a batch with no sample axis",
        });
    };
    // The product of a sample's axes, not len / n: an empty batch keeps its width.
    let per_sample = inputs
        .shape()
        .get(1..)
        .unwrap_or_default()
        .iter()
        .try_fold(1_usize, |p, &d| p.checked_mul(d))
        .ok_or_else(|| Error::ShapeMismatch {
            what: "a sample's shape, whose values overflow a count",
            left: inputs.shape().to_vec(),
            right: Vec::new(),
        })?;
    let rows = reshaped_dyn(rows, &[n, per_sample]);
    rows.iter_mut()
        .zip(inputs.iter())
        .for_each(|(r, &x)| *r = x);
    Ok(())
}
