//! Decision boundaries: where a model over two features changes its mind.

use ndarray::Array2;
use plotters::prelude::*;

use super::{Mark, OUTLINE, Svg, axes, colour, extent, frame, padded, px, render};
use crate::datasets::Dataset;
use crate::{Activation, Error, Float, Result, Trainable};

const PLOT: &str = "the decision boundary";
/// Cells of the shaded background, across and up.
const COLUMNS: usize = 90;
const ROWS: usize = 60;
/// Shades of each class's colour in the background, from unsure to sure.
const SHADES: usize = 4;

/// The decision boundary of `model` over the two features of `data`, with the
/// data points coloured by class.
///
/// The background is shaded by the model's output in the colour of the class
/// it predicts, darker where it is surer; the black line is the boundary,
/// where the output crosses the threshold of [`Neuron::predict`](crate::Neuron::predict)
/// (0.5, or 0 for tanh). The axes are labelled with the data's feature names,
/// the legend names the classes with the data's class names (or "class 0" and
/// "class 1" when it has none). Any [`Trainable`] model with two inputs and one
/// output can be drawn: a [`Neuron`](crate::Neuron), a one-unit
/// [`Dense`](crate::Dense) layer, a [`Network`](crate::Network).
///
/// Every data point is drawn, as two small circles (an outline and a dot): for
/// thousands of samples, pass a sample of them to keep the picture small.
///
/// # Shapes
/// - `data`: inputs `(n_samples, 2)`, targets `(n_samples,)` of `0`s and `1`s
///
/// # Errors
/// - [`Error::PlotShape`] when the data has other than 2 features, or the model
///   other than 2 inputs or 1 output;
/// - [`Error::Empty`] for data with no samples;
/// - [`Error::NonFiniteInput`] for an input that is NaN or infinite;
/// - [`Error::NotBinary`] for a target that is not `0` or `1`.
///
/// ```
/// use neuron::{Error, Neuron, plot};
/// use neuron::datasets::Dataset;
/// use neuron::ndarray::array;
///
/// let data = Dataset::new(array![[0.0, 0.0], [1.0, 1.0], [0.0, 1.0]], array![0.0, 1.0, 0.0])?
///     .with_feature_names(["radius", "texture"])?
///     .with_target_names(["malignant", "benign"]);
/// let neuron = Neuron::new(array![4.0, 4.0]).with_bias(-6.0);
/// let svg = plot::decision_boundary(&neuron, &data)?;
/// assert!(svg.as_str().contains("\nradius\n</text>"));
/// assert!(svg.as_str().contains("\nbenign (1)\n</text>"));
///
/// let err = plot::decision_boundary(&Neuron::new(array![1.0, 2.0, 3.0]), &data).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "cannot draw the decision boundary: the model has 3 inputs, but it must have 2"
/// );
/// # Ok::<(), neuron::Error>(())
/// ```
pub fn decision_boundary<F, M>(model: &M, data: &Dataset<F>) -> Result<Svg>
where
    F: Float,
    M: Trainable<F>,
{
    check_shapes(model, data)?;
    let inputs = data.inputs().mapv(F::as_f64);
    let (mut zeros, mut ones) = (Vec::new(), Vec::new());
    for (index, (row, target)) in inputs.rows().into_iter().zip(data.targets()).enumerate() {
        let (Some(&x), Some(&y)) = (row.first(), row.get(1)) else {
            continue;
        };
        for (column, value) in [x, y].into_iter().enumerate() {
            if !value.is_finite() {
                return Err(Error::NonFiniteInput {
                    row: index,
                    column,
                    value,
                });
            }
        }
        let target = target.as_f64();
        if target == 0.0 {
            zeros.push((x, y));
        } else if target == 1.0 {
            ones.push((x, y));
        } else {
            return Err(Error::NotBinary {
                what: "targets",
                index,
                value: target,
            });
        }
    }
    let x_range =
        extent(inputs.column(0).iter().copied()).map_or((0.0, 1.0), |(l, h)| padded(l, h, 0.05));
    let y_range =
        extent(inputs.column(1).iter().copied()).map_or((0.0, 1.0), |(l, h)| padded(l, h, 0.05));
    let activation = model.output_activation();
    let threshold = activation.decision_threshold().unwrap_or(0.5);
    let grid = Grid::new(x_range, y_range, COLUMNS, ROWS);
    // The boundary is traced on the net input h, which is smooth (straight, for
    // a neuron) even where the output is a step or saturates; the shading is by
    // the output y = f(h) at every cell's centre.
    let corners = net_inputs(model, &grid.corners())?;
    let centres = net_inputs(model, &grid.centres())?;
    let segments = grid.contour(&corners, boundary_net_input(activation));
    let shading = grid.shading(&centres, |h| confidence(activation, activation.apply(h)));

    let names: Vec<String> = match data.target_names() {
        [zero, one] => vec![format!("{zero} (0)"), format!("{one} (1)")],
        _ => vec!["class 0".to_owned(), "class 1".to_owned()],
    };
    let feature = |j: usize| data.feature_names().get(j).cloned().unwrap_or_default();
    let (x_name, y_name) = (feature(0), feature(1));

    let mut legend = vec![(
        Mark::Line(BLACK),
        format!("boundary (output = {threshold})"),
    )];
    legend.extend(
        names
            .into_iter()
            .enumerate()
            .map(|(class, name)| (Mark::Dot(colour(class)), name)),
    );

    render(PLOT, |root| {
        let area = frame(root, "Decision boundary", &legend)?;
        let mut chart = ChartBuilder::on(&area)
            .margin(px(16))
            .x_label_area_size(px(56))
            .y_label_area_size(px(72))
            .build_cartesian_2d(x_range.0..x_range.1, y_range.0..y_range.1)?;
        chart.draw_series(shading.into_iter().map(|(corners, class, shade)| {
            // Shade 1 of SHADES is faint, SHADES is the darkest.
            let alpha = 0.06 + 0.28 * shade as f64 / SHADES as f64;
            Rectangle::new(corners, colour(class).mix(alpha).filled())
        }))?;
        axes(&mut chart.configure_mesh(), &x_name, &y_name)
            .light_line_style(TRANSPARENT)
            .bold_line_style(BLACK.mix(0.08))
            .draw()?;
        chart.draw_series(
            segments
                .into_iter()
                .map(|[a, b]| PathElement::new(vec![a, b], BLACK.stroke_width(px(2)))),
        )?;
        for (class, points) in [zeros, ones].into_iter().enumerate() {
            let colour = colour(class);
            chart.draw_series(points.into_iter().flat_map(|point| {
                [
                    Circle::new(point, px(5), OUTLINE.filled()),
                    Circle::new(point, px(4), colour.filled()),
                ]
            }))?;
        }
        Ok(())
    })
}

fn check_shapes<F: Float, M: Trainable<F>>(model: &M, data: &Dataset<F>) -> Result<()> {
    let shape = |what, unit, found, expected| {
        if found == expected {
            Ok(())
        } else {
            Err(Error::PlotShape {
                plot: PLOT,
                what,
                unit,
                found,
                expected,
            })
        }
    };
    shape("the data", "features", data.n_features(), 2)?;
    shape("the model", "inputs", model.n_inputs(), 2)?;
    shape("the model", "outputs", model.n_outputs(), 1)?;
    if data.n_samples() == 0 {
        return Err(Error::Empty { what: "the data" });
    }
    Ok(())
}

/// The net input `h` of the model's output unit for each row of `points`, `(n, 2)`.
fn net_inputs<F: Float, M: Trainable<F>>(model: &M, points: &Array2<f64>) -> Result<Vec<f64>> {
    let points = points.mapv(F::from_f64);
    let net_input = model.output_net_input(points.view())?;
    Ok(net_input.iter().map(|h| h.as_f64()).collect())
}

/// The net input where the output crosses the threshold of
/// [`Neuron::predict`](crate::Neuron::predict): `h = 0` for the sigmoid, tanh and
/// step (outputs 0.5, 0 and the jump), `h = 0.5` for ReLU and the identity.
fn boundary_net_input(activation: Activation) -> f64 {
    match activation {
        Activation::Relu | Activation::Identity => 0.5,
        _ => 0.0,
    }
}

/// Which class the output `y` says, and how sure it is on a scale of
/// `1..=SHADES`, from the output's distance to the threshold.
fn confidence(activation: Activation, y: f64) -> Option<(usize, usize)> {
    // The output as a probability-like number in [0, 1], 0.5 at the threshold.
    let p = match activation {
        Activation::Tanh => (y + 1.0) / 2.0,
        _ => y.clamp(0.0, 1.0),
    };
    if p.is_nan() {
        return None;
    }
    let class = usize::from(p >= 0.5);
    let sureness = (p - 0.5).abs() * 2.0; // 0 at the boundary, 1 when certain
    // In 1..=SHADES; the cast is of a number in [1, SHADES].
    let shade = (sureness * SHADES as f64).ceil().clamp(1.0, SHADES as f64) as usize;
    Some((class, shade))
}

/// A grid of `columns × rows` cells over a rectangle of the plane.
struct Grid {
    xs: Vec<f64>,
    ys: Vec<f64>,
}

/// A rectangle by two opposite corners, as plotters takes it.
type Corners = [(f64, f64); 2];

impl Grid {
    fn new(x: (f64, f64), y: (f64, f64), columns: usize, rows: usize) -> Self {
        let steps = |(low, high): (f64, f64), n: usize| -> Vec<f64> {
            (0..=n)
                .map(|i| low + (high - low) * i as f64 / n as f64)
                .collect()
        };
        Grid {
            xs: steps(x, columns),
            ys: steps(y, rows),
        }
    }

    fn columns(&self) -> usize {
        self.xs.len().saturating_sub(1)
    }

    fn rows(&self) -> usize {
        self.ys.len().saturating_sub(1)
    }

    /// Every corner, row by row from the bottom: `((rows + 1)·(columns + 1), 2)`.
    fn corners(&self) -> Array2<f64> {
        let points: Vec<[f64; 2]> = self
            .ys
            .iter()
            .flat_map(|&y| self.xs.iter().map(move |&x| [x, y]))
            .collect();
        Array2::from(points)
    }

    /// Every cell's centre, row by row from the bottom: `(rows·columns, 2)`.
    fn centres(&self) -> Array2<f64> {
        let middles =
            |v: &[f64]| -> Vec<f64> { v.windows(2).map(|w| w.iter().sum::<f64>() / 2.0).collect() };
        let (xs, ys) = (middles(&self.xs), middles(&self.ys));
        let points: Vec<[f64; 2]> = ys
            .iter()
            .flat_map(|&y| xs.iter().map(move |&x| [x, y]))
            .collect();
        Array2::from(points)
    }

    /// The shaded background: runs of cells in a row with the same class and
    /// shade become one rectangle, which keeps the picture small.
    fn shading(
        &self,
        centres: &[f64],
        shade: impl Fn(f64) -> Option<(usize, usize)>,
    ) -> Vec<(Corners, usize, usize)> {
        let mut rectangles = Vec::new();
        for (j, row) in centres.chunks(self.columns().max(1)).enumerate() {
            let (Some(&bottom), Some(&top)) = (self.ys.get(j), self.ys.get(j + 1)) else {
                continue;
            };
            let mut start = 0;
            for i in 1..=row.len() {
                let current = row.get(start).and_then(|&y| shade(y));
                if i < row.len() && row.get(i).and_then(|&y| shade(y)) == current {
                    continue;
                }
                if let (Some((class, level)), Some(&left), Some(&right)) =
                    (current, self.xs.get(start), self.xs.get(i))
                {
                    rectangles.push(([(left, bottom), (right, top)], class, level));
                }
                start = i;
            }
        }
        rectangles
    }

    /// The line where the values at the corners cross `level`, by marching
    /// squares: in each cell, a segment between the points where two of its
    /// edges cross, found by linear interpolation along the edge.
    fn contour(&self, corners: &[f64], level: f64) -> Vec<Corners> {
        let width = self.xs.len();
        let at = |i: usize, j: usize| -> Option<(f64, f64, f64)> {
            Some((
                *self.xs.get(i)?,
                *self.ys.get(j)?,
                *corners.get(j * width + i)?,
            ))
        };
        let crossing = |a: (f64, f64, f64), b: (f64, f64, f64)| -> Option<(f64, f64)> {
            let (above_a, above_b) = (a.2 >= level, b.2 >= level);
            if above_a == above_b || a.2.is_nan() || b.2.is_nan() {
                return None;
            }
            let t = (level - a.2) / (b.2 - a.2);
            Some((a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1)))
        };
        let mut segments = Vec::new();
        for j in 0..self.rows() {
            for i in 0..self.columns() {
                let (Some(a), Some(b), Some(c), Some(d)) =
                    (at(i, j), at(i + 1, j), at(i + 1, j + 1), at(i, j + 1))
                else {
                    continue;
                };
                // The edges in order around the cell: bottom, right, top, left.
                let points: Vec<(f64, f64)> = [(a, b), (b, c), (d, c), (a, d)]
                    .into_iter()
                    .filter_map(|(p, q)| crossing(p, q))
                    .collect();
                // Two crossings make one segment; four (a saddle) make two.
                segments.extend(points.chunks_exact(2).filter_map(|pair| match pair {
                    [p, q] => Some([*p, *q]),
                    _ => None,
                }));
            }
        }
        segments
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contour_of_a_plane_is_a_straight_line() {
        // Values x + y on [0, 1]²: the line x + y = 1 crosses the square's diagonal.
        let grid = Grid::new((0.0, 1.0), (0.0, 1.0), 4, 4);
        let values: Vec<f64> = grid.corners().rows().into_iter().map(|p| p.sum()).collect();
        let segments = grid.contour(&values, 1.0);
        assert!(!segments.is_empty());
        for [(x0, y0), (x1, y1)] in segments {
            assert!((x0 + y0 - 1.0).abs() < 1e-12 && (x1 + y1 - 1.0).abs() < 1e-12);
        }
    }

    #[test]
    fn shading_merges_runs() {
        let grid = Grid::new((0.0, 4.0), (0.0, 1.0), 4, 1);
        let rectangles = grid.shading(&[0.1, 0.2, 0.9, 0.9], |y| {
            confidence(Activation::Sigmoid, y)
        });
        // 0.1 and 0.2 are both class 0 but of different sureness; the 0.9s merge.
        assert_eq!(rectangles.len(), 3);
        assert_eq!(rectangles.last(), Some(&([(2.0, 0.0), (4.0, 1.0)], 1, 4)));
    }

    #[test]
    fn confidence_grows_away_from_the_threshold() {
        assert_eq!(confidence(Activation::Sigmoid, 0.5), Some((1, 1)));
        assert_eq!(confidence(Activation::Sigmoid, 0.01), Some((0, 4)));
        assert_eq!(confidence(Activation::Tanh, 0.9), Some((1, 4)));
        assert_eq!(confidence(Activation::Sigmoid, f64::NAN), None);
    }
}
