//! Decision boundaries between many classes: the regions where each class has
//! the largest output, in one colour each.

use std::collections::HashSet;

use ndarray::Array2;
use plotters::prelude::*;

use super::canvas::{COLOURS, Mark, colour};
use super::decision::{COLUMNS, Drawing, PLOT, ROWS, SHADES, draw, points_by_class, ranges};
use super::grid::{Corners, Grid};
use super::svg::Svg;
use crate::datasets::Dataset;
use crate::labels::argmax;
use crate::{Activation, Error, Float, Result, Trainable};

/// [`decision_boundary`](super::decision_boundary) of a model of `k ≥ 2`
/// outputs, whose shapes the caller has checked: `k` classes in `k` colours.
pub(super) fn decision_regions<F, M>(model: &M, data: &Dataset<F>) -> Result<Svg>
where
    F: Float,
    M: Trainable<F>,
{
    let k = model.n_outputs();
    if k > COLOURS.len() {
        return Err(Error::Plot {
            plot: PLOT,
            message: format!(
                "the model has {k} outputs, but there are colours for at most {} classes",
                COLOURS.len()
            ),
        });
    }
    let points = points_by_class(data, k, |index, value| {
        crate::labels::class_index(index, value, k)
    })?;
    let (x_range, y_range) = ranges(PLOT, data)?;
    let grid = Grid::new(x_range, y_range, COLUMNS, ROWS);

    // The shading: the predicted class at every cell's centre, by its probability.
    let (net_inputs, outputs) = evaluate(model, &grid.centres())?;
    let mut probabilities = net_inputs;
    Activation::Softmax.apply_inplace(&mut probabilities);
    let cells: Vec<Option<(usize, usize)>> = outputs
        .rows()
        .into_iter()
        .zip(probabilities.rows())
        .map(|(y, p)| {
            if y.iter().chain(&p).any(|v| v.is_nan()) {
                return None;
            }
            let class = argmax(&y);
            Some((class, shade(p.get(class).copied()?, k)))
        })
        .collect();
    let shading = grid.shading(&cells);

    // The boundaries: class c is predicted where yc − max(j ≠ c) yj ≥ 0, so its
    // region's edge is where that margin crosses 0. Each boundary is the edge of
    // the two regions it separates, found twice with the same bits: keep one.
    let (_, corners) = evaluate(model, &grid.corners())?;
    let mut seen = HashSet::new();
    let segments: Vec<Corners> = (0..k)
        .flat_map(|c| grid.contour(&margins(&corners, c), 0.0))
        .filter(|&[(x0, y0), (x1, y1)]| seen.insert([x0, y0, x1, y1].map(f64::to_bits)))
        .collect();

    let names: Vec<String> = match data.target_names() {
        names if names.len() == k => names
            .iter()
            .enumerate()
            .map(|(class, name)| {
                if *name == class.to_string() {
                    name.clone()
                } else {
                    format!("{name} ({class})")
                }
            })
            .collect(),
        _ => (0..k).map(|class| format!("class {class}")).collect(),
    };
    let mut legend = vec![(Mark::Line(BLACK), "class boundary".to_owned())];
    legend.extend(
        names
            .into_iter()
            .enumerate()
            .map(|(class, name)| (Mark::Dot(colour(class)), name)),
    );
    draw(
        &format!("Decision boundaries of {k} classes"),
        &legend,
        data,
        (x_range, y_range),
        Drawing {
            shading,
            segments,
            points,
        },
    )
}

/// The net inputs and the outputs of the model's output layer at `points`,
/// `(n, 2)`; both `(n, k)`.
fn evaluate<F: Float, M: Trainable<F>>(
    model: &M,
    points: &Array2<f64>,
) -> Result<(Array2<f64>, Array2<f64>)> {
    let net_inputs = model.output_net_input(points.mapv(F::from_f64).view())?;
    let mut outputs = net_inputs.clone();
    model.output_activation().apply_inplace(&mut outputs);
    Ok((net_inputs.mapv(F::as_f64), outputs.mapv(F::as_f64)))
}

/// How far output `c` is above the largest of the others, for each row of
/// `outputs`: positive where class `c` is predicted.
fn margins(outputs: &Array2<f64>, c: usize) -> Vec<f64> {
    outputs
        .rows()
        .into_iter()
        .map(|y| {
            let others = y
                .iter()
                .enumerate()
                .filter(|&(j, _)| j != c)
                .fold(f64::NEG_INFINITY, |max, (_, &v)| max.max(v));
            y.get(c).map_or(f64::NAN, |&own| own - others)
        })
        .collect()
}

/// How sure a probability `p` of the predicted class among `k` is, on a scale
/// of `1..=SHADES`: `1/k` (a guess) is the faintest, `1` the darkest.
fn shade(p: f64, k: usize) -> usize {
    let guess = 1.0 / k as f64;
    let sureness = ((p - guess) / (1.0 - guess)).clamp(0.0, 1.0);
    // In 1..=SHADES; the cast is of a number in [1, SHADES].
    (sureness * SHADES as f64).ceil().clamp(1.0, SHADES as f64) as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn margins_are_positive_where_the_class_wins() {
        let outputs = array![[0.7, 0.2, 0.1], [0.3, 0.3, 0.4]];
        let m0 = margins(&outputs, 0);
        assert!((m0[0] - 0.5).abs() < 1e-12 && (m0[1] + 0.1).abs() < 1e-12);
        assert!((margins(&outputs, 2)[1] - 0.1).abs() < 1e-12);
    }

    #[test]
    fn shades_go_from_a_guess_to_certainty() {
        assert_eq!(shade(1.0 / 3.0, 3), 1);
        assert_eq!(shade(0.5, 3), 1);
        assert_eq!(shade(0.9, 3), 4);
        assert_eq!(shade(1.0, 10), 4);
        assert_eq!(shade(0.55, 2), 1);
        assert_eq!(shade(0.7, 2), 2);
    }
}
