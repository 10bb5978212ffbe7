//! Decision boundaries: where a model over two features changes its mind.

use ndarray::Array2;
use plotters::prelude::*;

use super::canvas::{Mark, colour};
use super::decision::{COLUMNS, Drawing, PLOT, ROWS, SHADES, draw, points_by_class, ranges};
use super::grid::Grid;
use super::regions;
use super::svg::Svg;
use crate::datasets::Dataset;
use crate::{Activation, Error, Float, Result, Trainable};

/// The decision boundary of `model` over the two features of `data`, with the
/// data points coloured by class.
///
/// The background is shaded by the model's output in the colour of the class
/// it predicts, darker where it is surer; the black line is the boundary,
/// where the output crosses the threshold of [`Neuron::predict`](crate::Neuron::predict)
/// (0.5, or 0 for tanh). The axes are labelled with the data's feature names,
/// the legend names the classes with the data's class names (or "class 0" and
/// "class 1" when it has none). Any [`Trainable`] model with two inputs can be
/// drawn: a [`Neuron`](crate::Neuron), a [`Dense`](crate::Dense) layer, a
/// [`Network`](crate::Network).
///
/// A model of `k ≥ 2` outputs (a softmax layer, or any layer of `k` units)
/// draws `k` classes, one colour each: the class at a point is the output
/// with the largest value, as
/// [`Network::predict_classes`](crate::Network::predict_classes) has it. The
/// background is shaded in the colour of the predicted class, darker where its
/// probability is higher (the softmax of the net inputs, which for a softmax
/// output is the output itself); black lines separate the regions, the data
/// points are coloured by their true class, and the legend names every class
/// (the data's class names when it has `k`, else "class 0", "class 1", …).
/// There are colours for up to 10 classes.
///
/// Every data point is drawn, as two small circles (an outline and a dot): for
/// thousands of samples, pass a sample of them to keep the picture small.
///
/// # Shapes
/// - `data`: inputs `(n_samples, 2)`, targets `(n_samples,)` of `0`s and `1`s
///   for a model of one output, of whole numbers `0` to `k − 1` for a model of
///   `k` outputs
///
/// # Errors
/// - [`Error::PlotShape`] when the data has other than 2 features, or the model
///   other than 2 inputs;
/// - [`Error::Plot`] for a model of more than 10 outputs;
/// - [`Error::Empty`] for data with no samples;
/// - [`Error::NonFiniteInput`] for an input that is NaN or infinite;
/// - [`Error::NotBinary`] for a target that is not `0` or `1`, for a model of
///   one output;
/// - [`Error::InvalidLabel`] for a target that is not a whole number from `0`
///   to `k − 1`, for a model of `k` outputs.
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
///
/// Three classes, from a softmax layer whose net inputs are `x`, `y` and `0.5`:
///
/// ```
/// use neuron::{Activation, Dense, plot};
/// use neuron::datasets::Dataset;
/// use neuron::ndarray::array;
///
/// let layer = Dense::new(array![[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]], array![0.0, 0.0, 0.5], Activation::Softmax)?;
/// let data = Dataset::new(array![[2.0, 0.0], [0.0, 2.0], [0.0, 0.0]], array![0.0, 1.0, 2.0])?
///     .with_target_names(["east", "north", "middle"]);
/// let svg = plot::decision_boundary(&layer, &data)?;
/// for label in ["Decision boundaries of 3 classes", "east (0)", "north (1)", "middle (2)"] {
///     assert!(svg.as_str().contains(&format!("\n{label}\n</text>")), "{label} is missing");
/// }
///
/// let err = plot::decision_boundary(&layer, &Dataset::new(array![[0.0, 0.0]], array![3.0])?).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "label at index 0 is 3, but class labels must be whole numbers from 0 to 3 (exclusive)"
/// );
/// # Ok::<(), neuron::Error>(())
/// ```
pub fn decision_boundary<F, M>(model: &M, data: &Dataset<F>) -> Result<Svg>
where
    F: Float,
    M: Trainable<F>,
{
    check_shapes(model, data)?;
    if model.n_outputs() > 1 {
        return regions::decision_regions(model, data);
    }
    let points = points_by_class(data, 2, |index, target| {
        if target == 0.0 {
            Ok(0)
        } else if target == 1.0 {
            Ok(1)
        } else {
            Err(Error::NotBinary {
                what: "targets",
                index,
                value: target,
            })
        }
    })?;
    let (x_range, y_range) = ranges(PLOT, data)?;
    let activation = model.output_activation();
    let threshold = activation.decision_threshold().unwrap_or(0.5);
    let grid = Grid::new(x_range, y_range, COLUMNS, ROWS);
    // The boundary is traced on the net input h, which is smooth (straight, for
    // a neuron) even where the output is a step or saturates; the shading is by
    // the output y = f(h) at every cell's centre.
    let corners = net_inputs(model, &grid.corners())?;
    let centres = net_inputs(model, &grid.centres())?;
    let segments = grid.contour(&corners, boundary_net_input(activation));
    let cells: Vec<Option<(usize, usize)>> = centres
        .iter()
        .map(|&h| confidence(activation, activation.apply(h)))
        .collect();
    let shading = grid.shading(&cells);

    let names: Vec<String> = match data.target_names() {
        [zero, one] => vec![format!("{zero} (0)"), format!("{one} (1)")],
        _ => vec!["class 0".to_owned(), "class 1".to_owned()],
    };
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
    draw(
        "Decision boundary",
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
    if model.n_outputs() < 2 {
        shape("the model", "outputs", model.n_outputs(), 1)?;
    }
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
/// [`Neuron::predict`](crate::Neuron::predict), as the activation says.
fn boundary_net_input(activation: Activation) -> f64 {
    activation.decision_net_input()
}

/// Which class the output `y` says, and how sure it is on a scale of
/// `1..=SHADES`, from the output's distance to the threshold.
fn confidence(activation: Activation, y: f64) -> Option<(usize, usize)> {
    // The output as a probability-like number in [0, 1], 0.5 at the threshold.
    let p = activation.output_as_probability(y);
    if p.is_nan() {
        return None;
    }
    let class = usize::from(p >= 0.5);
    let sureness = (p - 0.5).abs() * 2.0; // 0 at the boundary, 1 when certain
    // In 1..=SHADES; the cast is of a number in [1, SHADES].
    let shade = (sureness * SHADES as f64).ceil().clamp(1.0, SHADES as f64) as usize;
    Some((class, shade))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confidence_grows_away_from_the_threshold() {
        assert_eq!(confidence(Activation::Sigmoid, 0.5), Some((1, 1)));
        assert_eq!(confidence(Activation::Sigmoid, 0.01), Some((0, 4)));
        assert_eq!(confidence(Activation::Sigmoid, 0.2), Some((0, 3)));
        assert_eq!(confidence(Activation::Tanh, 0.9), Some((1, 4)));
        assert_eq!(confidence(Activation::Sigmoid, f64::NAN), None);
    }
}
