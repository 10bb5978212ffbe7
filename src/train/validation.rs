//! `validation_split`: the last samples held out as validation data, as
//! Keras's `fit(validation_split=…)` holds them out; or, with a seed, a
//! random part, stratified for classification as scikit-learn's
//! `MLPClassifier(early_stopping=True)` draws it.

use ndarray::{
    Array, Array1, Array2, ArrayView, ArrayView1, ArrayView2, Axis, Dimension, RemoveAxis, Slice,
};
use rand::SeedableRng;
use rand::rngs::StdRng;

use crate::datasets::{split_indices, stratified_split_indices};
use crate::{Error, Float, Result};

/// Training and validation parts of a data set: `(inputs, targets)` each.
type Parts<'a, F, D> = (
    (ArrayView<'a, F, D>, ArrayView2<'a, F>),
    (ArrayView<'a, F, D>, ArrayView2<'a, F>),
);

/// The first `⌊n·(1 − fraction)⌋` samples for training and the rest for
/// validation.
///
/// # Errors
/// [`Error::InvalidSetting`] naming `validation_split` for a fraction not in
/// `(0, 1)`, or one that leaves either part empty.
pub(super) fn split_off_last<'a, F: Float, D: Dimension + RemoveAxis + 'a>(
    inputs: ArrayView<'a, F, D>,
    targets: ArrayView2<'a, F>,
    fraction: f64,
) -> Result<Parts<'a, F, D>> {
    let invalid = |requirement| Error::InvalidSetting {
        name: "validation_split",
        value: fraction,
        requirement,
    };
    if !(fraction > 0.0 && fraction < 1.0) {
        return Err(invalid("in (0, 1)"));
    }
    let n = inputs.len_of(Axis(0));
    // Keras: split_at = floor(n · (1 − validation_split)).
    let split_at = (n as f64 * (1.0 - fraction)).floor() as usize;
    if split_at == 0 || split_at >= n {
        return Err(invalid("a share that leaves samples on both sides"));
    }
    let (first, rest) = (Slice::from(..split_at), Slice::from(split_at..));
    let training = (
        inputs.clone().slice_axis_move(Axis(0), first),
        targets.slice_axis_move(Axis(0), first),
    );
    let held = (
        inputs.slice_axis_move(Axis(0), rest),
        targets.slice_axis_move(Axis(0), rest),
    );
    Ok((training, held))
}

/// A random training and validation part of a data set, copied out of it,
/// with the training part's sample weights.
pub(super) struct RandomParts<F, D> {
    pub(super) training: (Array<F, D>, Array2<F>),
    pub(super) validation: (Array<F, D>, Array2<F>),
    pub(super) weights: Option<Array1<F>>,
}

impl<F: Float, D: RemoveAxis> RandomParts<F, D> {
    /// `⌈fraction·n⌉` samples drawn with `seed` for validation (each class
    /// keeping its share when `stratified`), the rest for training.
    ///
    /// # Errors
    /// As [`split_indices`] and [`stratified_split_indices`], naming
    /// `validation_split`.
    pub(super) fn draw(
        inputs: ArrayView<'_, F, D>,
        targets: ArrayView2<'_, F>,
        weights: Option<ArrayView1<'_, F>>,
        fraction: f64,
        seed: u64,
        stratified: bool,
    ) -> Result<Self> {
        let rename = |e: Error| match e {
            Error::InvalidSetting {
                value, requirement, ..
            } => Error::InvalidSetting {
                name: "validation_split",
                value,
                requirement,
            },
            other => other,
        };
        let mut rng = StdRng::seed_from_u64(seed);
        let (train, held) = if stratified {
            stratified_split_indices(&classes(targets), fraction, &mut rng)
        } else {
            split_indices(inputs.len_of(Axis(0)), fraction, &mut rng)
        }
        .map_err(rename)?;
        let part = |rows: &[usize]| (inputs.select(Axis(0), rows), targets.select(Axis(0), rows));
        Ok(RandomParts {
            training: part(&train),
            validation: part(&held),
            weights: weights.map(|w| w.select(Axis(0), &train)),
        })
    }
}

/// Each sample's class, from its targets: the position of the largest of
/// several (one-hot), or 1 where a single target is ≥ 0.5.
fn classes<F: Float>(targets: ArrayView2<'_, F>) -> Array1<F> {
    targets
        .rows()
        .into_iter()
        .map(|row| {
            if row.len() == 1 {
                let t = row.iter().copied().next().unwrap_or_else(F::zero);
                if t >= F::from_f64(0.5) {
                    F::one()
                } else {
                    F::zero()
                }
            } else {
                let best =
                    row.iter()
                        .enumerate()
                        .fold(
                            (0, F::neg_infinity()),
                            |(i, b), (j, &v)| if v > b { (j, v) } else { (i, b) },
                        );
                F::from_f64(best.0 as f64)
            }
        })
        .collect()
}
