//! `Dense` as a [`Layer`]: the forward and backward passes of `H = X·W + b`
//! that training runs.

use ndarray::{ArrayD, ArrayView2, ArrayViewD, ArrayViewMutD, Ix2};

use super::Dense;
use crate::kernels::matmul::matmul_into;
use crate::layer::{Layer, Pass, weights_and_bias, weights_and_bias_mut};
use crate::workspace::reshaped_dyn;
use crate::{Activation, Error, Float, ParameterKind, Result};

impl<F: Float> Layer<F> for Dense<F> {
    fn name(&self) -> &'static str {
        "dense"
    }

    fn as_any(&self) -> Option<&dyn std::any::Any> {
        Some(self)
    }

    fn input_shape(&self) -> Option<Vec<usize>> {
        Some(vec![self.n_inputs()])
    }

    fn output_shape(&self, input: &[usize]) -> Result<Vec<usize>> {
        match input {
            [width] => {
                self.check_features(*width)?;
                Ok(vec![self.n_units()])
            }
            _ => Err(not_a_matrix(input, self.n_inputs())),
        }
    }

    fn activation(&self) -> Activation {
        self.activation
    }

    fn dropout(&self) -> f64 {
        self.dropout
    }

    fn net_input(&self, inputs: ArrayViewD<'_, F>) -> Result<ArrayD<F>> {
        let inputs = self.matrix(inputs)?;
        Ok(Dense::net_input(self, &inputs)?.into_dyn())
    }

    fn forward(&self, inputs: ArrayViewD<'_, F>) -> Result<ArrayD<F>> {
        let inputs = self.matrix(inputs)?;
        Ok(Dense::forward(self, &inputs)?.into_dyn())
    }

    /// `H = X·W + b`: the bias in every row, plus the product on the matrix
    /// kernels. Within the rounding bound of the matrix kernels of
    /// [`Dense::net_input`].
    fn forward_train(
        &self,
        inputs: ArrayViewD<'_, F>,
        net_input: &mut ArrayD<F>,
        _saved: &mut Vec<ArrayD<F>>,
        pass: &Pass,
    ) -> Result<()> {
        let inputs = self.matrix(inputs)?;
        let h = reshaped_dyn(net_input, &[inputs.nrows(), self.n_units()]);
        let mut h = matrix_mut(h)?;
        for mut row in h.rows_mut() {
            row.assign(&self.bias);
        }
        matmul_into(inputs, self.weights.view(), h, true, pass.threads);
        Ok(())
    }

    /// With `δ = ∂L/∂H`: `∂L/∂W = Xᵀ·δ`, `∂L/∂b = Σ_samples δ`, `∂L/∂X = δ·Wᵀ`.
    fn backward(
        &self,
        inputs: ArrayViewD<'_, F>,
        delta: ArrayViewD<'_, F>,
        _saved: &[ArrayD<F>],
        gradient: &mut [ArrayD<F>],
        input_delta: Option<&mut ArrayD<F>>,
        pass: &Pass,
    ) -> Result<()> {
        let inputs = self.matrix(inputs)?;
        let expected = (inputs.nrows(), self.n_units());
        let delta = match delta.into_dimensionality::<Ix2>() {
            Ok(delta) if delta.dim() == expected => delta,
            Ok(delta) => return Err(delta_mismatch(delta.shape(), expected)),
            Err(_) => return Err(delta_mismatch(&[], expected)),
        };
        let [weights_gradient, bias_gradient, ..] = gradient else {
            return Err(Error::ShapeMismatch {
                what: "a dense layer's gradient arrays and its parameters",
                left: vec![gradient.len()],
                right: vec![2],
            });
        };
        column_sums_into(delta, reshaped_dyn(bias_gradient, &[delta.ncols()]));
        let weights_gradient = reshaped_dyn(weights_gradient, &[inputs.ncols(), delta.ncols()]);
        matmul_into(
            inputs.t(),
            delta,
            matrix_mut(weights_gradient)?,
            false,
            pass.threads,
        );
        if let Some(input_delta) = input_delta {
            let next = reshaped_dyn(input_delta, &[delta.nrows(), self.n_inputs()]);
            matmul_into(
                delta,
                self.weights.t(),
                matrix_mut(next)?,
                false,
                pass.threads,
            );
        }
        Ok(())
    }

    fn parameters(&self) -> Vec<(ParameterKind, ArrayViewD<'_, F>)> {
        weights_and_bias(self.weights.view().into_dyn(), self.bias.view().into_dyn())
    }

    fn parameters_mut(&mut self) -> Vec<(ParameterKind, ArrayViewMutD<'_, F>)> {
        weights_and_bias_mut(
            self.weights.view_mut().into_dyn(),
            self.bias.view_mut().into_dyn(),
        )
    }

    fn parameter_count(&self) -> usize {
        2
    }
}

impl<F: Float> Dense<F> {
    /// Inputs as the `(n_samples, n_inputs)` matrix a dense layer reads.
    fn matrix<'a>(&self, inputs: ArrayViewD<'a, F>) -> Result<ArrayView2<'a, F>> {
        if inputs.ndim() != 2 {
            let sample = inputs.shape().get(1..).unwrap_or(&[]);
            return Err(not_a_matrix(sample, self.n_inputs()));
        }
        let inputs = inputs
            .into_dimensionality::<Ix2>()
            .map_err(|_| not_a_matrix(&[], self.n_inputs()))?;
        self.check_features(inputs.ncols())?;
        Ok(inputs)
    }
}

/// A dense layer reads one vector of `n_inputs` values per sample; `sample`
/// is the shape of a sample it was given.
fn not_a_matrix(sample: &[usize], n_inputs: usize) -> Error {
    Error::ShapeMismatch {
        what: "a sample's shape and the (n_inputs,) a dense layer reads (flatten images first)",
        left: sample.to_vec(),
        right: vec![n_inputs],
    }
}

/// The error for a `δ` of `shape` where a dense layer's net inputs are `expected`.
fn delta_mismatch(shape: &[usize], expected: (usize, usize)) -> Error {
    Error::ShapeMismatch {
        what: "a dense layer's δ and its net inputs",
        left: shape.to_vec(),
        right: vec![expected.0, expected.1],
    }
}

/// A buffer of two axes as a matrix (the callers shaped it so).
fn matrix_mut<F: Float>(buffer: &mut ArrayD<F>) -> Result<ndarray::ArrayViewMut2<'_, F>> {
    let ndim = buffer.ndim();
    buffer
        .view_mut()
        .into_dimensionality::<Ix2>()
        .map_err(|_| Error::ShapeMismatch {
            what: "a buffer's axes and the two of the matrix it should hold",
            left: vec![ndim],
            right: vec![2],
        })
}

/// `Σ_samples δ` into `sums`: the sum of each column, row after row
/// (ndarray's `sum_axis(Axis(0))` adds the same rows in the same order, but
/// makes a new array for every row).
fn column_sums_into<F: Float>(delta: ArrayView2<'_, F>, sums: &mut ArrayD<F>) {
    if !sums.is_standard_layout() {
        *sums = ArrayD::zeros(sums.raw_dim());
    }
    let Some(sums) = sums.as_slice_mut() else {
        return;
    };
    sums.fill(F::zero());
    for row in delta.rows() {
        match row.as_slice() {
            Some(row) => sums.iter_mut().zip(row).for_each(|(sum, &d)| *sum += d),
            None => sums.iter_mut().zip(&row).for_each(|(sum, &d)| *sum += d),
        }
    }
}
