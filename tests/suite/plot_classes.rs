//! Plots of many classes: confusion matrices, decision boundaries in k colours,
//! and digits drawn as images; their labels, what they draw, and their errors.
#![cfg(feature = "plot")]

use neuron::datasets::{Dataset, digits, iris};
use neuron::plot::{self, Svg};
use neuron::prelude::*;

use crate::common::svg;

use svg::texts;

fn assert_labels(svg: &Svg, labels: &[&str]) {
    let texts = texts(svg);
    for label in labels {
        assert!(
            texts.iter().any(|t| t == label),
            "{label} missing in {texts:?}"
        );
    }
}

/// The opening tags of every element `<name …>`.
fn elements<'s>(svg: &'s Svg, name: &str) -> Vec<&'s str> {
    svg.as_str()
        .split(&format!("<{name} "))
        .skip(1)
        .filter_map(|element| element.split('>').next())
        .collect()
}

/// The `<text>` elements turned to read upwards, by their text.
fn upward_texts(svg: &Svg) -> Vec<String> {
    svg.as_str()
        .split("<text")
        .skip(1)
        .filter(|element| element.split('>').next().unwrap().contains("rotate(270"))
        .filter_map(|element| {
            let (_, rest) = element.split_once('>')?;
            Some(rest.split_once("</text>")?.0.trim().to_owned())
        })
        .collect()
}

/// Iris's petal length and width (columns 2 and 3), with their names and the
/// species.
fn iris_petals() -> Dataset<f64> {
    let iris = iris::<f64>();
    let names = iris.feature_names()[2..4].to_vec();
    let target_names = iris.target_names().to_vec();
    let (inputs, targets) = iris.into_parts();
    Dataset::new(inputs.slice(s![.., 2..4]).to_owned(), targets)
        .unwrap()
        .with_feature_names(names)
        .unwrap()
        .with_target_names(target_names)
}

/// A 2 → 8 (tanh) → 3 (softmax) network trained on iris's petals with Adam.
fn iris_network(data: &Dataset<f64>) -> Network<f64> {
    let mut rng = StdRng::seed_from_u64(7);
    let mut network = Network::from_layers(vec![
        Dense::random(2, 8, Activation::Tanh, Init::XavierUniform, &mut rng).unwrap(),
        Dense::random(8, 3, Activation::Softmax, Init::XavierUniform, &mut rng).unwrap(),
    ])
    .unwrap();
    let targets = one_hot(data.targets(), 3).unwrap();
    GradientDescent::new()
        .optimizer(Optimizer::adam())
        .learning_rate(0.05)
        .epochs(200)
        .fit(&mut network, data.inputs(), &targets, Loss::CrossEntropy)
        .unwrap();
    network
}

/// Counts of true (rows) against predicted (columns) classes.
fn confusion(truth: &[usize], predicted: &[usize], k: usize) -> Array2<usize> {
    let mut counts = Array2::zeros((k, k));
    for (&t, &p) in truth.iter().zip(predicted) {
        counts[[t, p]] += 1;
    }
    counts
}

#[test]
fn decision_boundary_of_three_iris_species_has_a_colour_each() {
    let data = iris_petals();
    let network = iris_network(&data);
    let predicted = network.predict_classes(data.inputs()).unwrap();
    let right = predicted
        .iter()
        .zip(data.targets())
        .filter(|&(&p, &t)| p as f64 == t)
        .count();
    // The petals alone separate the species well: scikit-learn's
    // LogisticRegression on these two columns gets 144 of 150 right.
    assert!(right >= 140, "{right} of 150 right");

    let svg = plot::decision_boundary(&network, &data).unwrap();
    assert_labels(
        &svg,
        &[
            "Decision boundaries of 3 classes",
            "class boundary",
            "setosa (0)",
            "versicolor (1)",
            "virginica (2)",
            "petal length (cm)",
            "petal width (cm)",
        ],
    );
    // Every point is an outline and a dot in its true class's colour, and so is
    // each class in the legend: 50 of each species.
    let circles = elements(&svg, "circle");
    assert_eq!(circles.len(), 2 * 150 + 2 * 3);
    for colour in ["#1F77B4", "#FF7F0E", "#2CA02C"] {
        let dots = circles
            .iter()
            .filter(|c| c.contains(&format!("fill=\"{colour}\"")))
            .count();
        assert_eq!(dots, 50 + 1, "{colour}");
    }
    // The regions are shaded in the three colours, and black lines part them.
    for colour in ["#1F77B4", "#FF7F0E", "#2CA02C"] {
        assert!(
            elements(&svg, "rect")
                .iter()
                .any(|r| r.contains(&format!("fill=\"{colour}\""))),
            "no region in {colour}"
        );
    }
    let lines = elements(&svg, "polyline")
        .iter()
        .filter(|p| p.contains("stroke=\"#000000\"") && p.contains("stroke-width=\"4\""))
        .count();
    assert!(lines > 20, "{lines} boundary segments");
}

#[test]
fn decision_boundary_of_ten_classes_names_them_all_in_a_legend_of_two_rows() {
    // Ten classes around a circle: a softmax layer whose net input k is the
    // projection on the direction of angle 2πk/10.
    let angle = |k: usize| std::f64::consts::TAU * k as f64 / 10.0;
    let weights = Array2::from_shape_fn((2, 10), |(i, k)| {
        if i == 0 {
            angle(k).cos()
        } else {
            angle(k).sin()
        }
    });
    let layer = Dense::new(weights, Array1::zeros(10), Activation::Softmax).unwrap();
    let inputs = Array2::from_shape_fn((10, 2), |(k, i)| {
        if i == 0 {
            2.0 * angle(k).cos()
        } else {
            2.0 * angle(k).sin()
        }
    });
    let data = Dataset::new(inputs, Array1::from_iter((0..10).map(f64::from))).unwrap();
    let svg = plot::decision_boundary(&layer, &data).unwrap();
    let names: Vec<String> = (0..10).map(|k| format!("class {k}")).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    assert_labels(&svg, &names);
    // Ten colours, none repeated: COLOURS runs to ten.
    for colour in [
        "#1F77B4", "#FF7F0E", "#2CA02C", "#D62728", "#9467BD", "#8C564B", "#E377C2", "#7F7F7F",
        "#BCBD22", "#17BECF",
    ] {
        let dots = elements(&svg, "circle")
            .iter()
            .filter(|c| c.contains(&format!("fill=\"{colour}\"")))
            .count();
        assert_eq!(dots, 2, "{colour}: one point and its legend entry");
    }
    // The legend's two rows are at different heights.
    let heights: std::collections::BTreeSet<&str> = svg
        .as_str()
        .split("<text")
        .filter(|t| t.contains("\nclass "))
        .filter_map(|t| t.split("y=\"").nth(1)?.split('"').next())
        .collect();
    assert_eq!(heights.len(), 2, "{heights:?}");
}

#[test]
fn decision_boundary_of_any_layer_of_two_outputs_draws_two_classes() {
    // Sigmoid outputs y0 = σ(x0 − x1) and y1 = σ(x1 − x0): the larger wins, so
    // the boundary is the diagonal x0 = x1.
    let layer = Dense::new(
        array![[1.0_f32, -1.0], [-1.0, 1.0]],
        array![0.0, 0.0],
        Activation::Sigmoid,
    )
    .unwrap();
    let data = Dataset::new(
        array![[0.0_f32, 1.0], [1.0, 0.0], [0.2, 0.9]],
        array![1.0, 0.0, 1.0],
    )
    .unwrap()
    .with_target_names(["below", "above"]);
    let svg = plot::decision_boundary(&layer, &data).unwrap();
    assert_labels(
        &svg,
        &["Decision boundaries of 2 classes", "below (0)", "above (1)"],
    );
    assert_eq!(elements(&svg, "circle").len(), 2 * 3 + 2 * 2);
    // The boundary is drawn once, though it is the edge of both regions.
    let segments: Vec<&str> = elements(&svg, "polyline")
        .into_iter()
        .filter(|p| p.contains("stroke=\"#000000\"") && p.contains("stroke-width=\"4\""))
        .collect();
    assert!(segments.len() > 20, "{}", segments.len());
    let unique: std::collections::HashSet<&str> = segments.iter().copied().collect();
    assert_eq!(unique.len(), segments.len());
    // A target of 2 is no class of two outputs.
    let three = Dataset::new(array![[0.0_f32, 1.0], [1.0, 0.0]], array![0.0, 2.0]).unwrap();
    assert_eq!(
        plot::decision_boundary(&layer, &three)
            .unwrap_err()
            .to_string(),
        "label at index 1 is 2, but class labels must be whole numbers from 0 to 2 (exclusive)"
    );
}

#[test]
fn decision_boundary_of_many_outputs_refuses_labels_that_are_no_class() {
    let layer = Dense::new(
        array![[1.0, 0.0, -1.0], [0.0, 1.0, 0.0]],
        array![0.0, 0.0, 0.0],
        Activation::Softmax,
    )
    .unwrap();
    for (value, index) in [(3.0, 2), (1.5, 2), (-1.0, 2), (f64::NAN, 2)] {
        let data = Dataset::new(
            array![[0.0, 0.0], [1.0, 0.0], [0.0, 1.0]],
            array![0.0, 2.0, value],
        )
        .unwrap();
        let err = plot::decision_boundary(&layer, &data).unwrap_err();
        assert!(
            matches!(err, Error::InvalidLabel { index: i, n_classes: 3, .. } if i == index),
            "{err}"
        );
    }
    let data = Dataset::new(array![[0.0, 0.0], [1.0, 0.0]], array![0.0, 3.0]).unwrap();
    assert_eq!(
        plot::decision_boundary(&layer, &data)
            .unwrap_err()
            .to_string(),
        "label at index 1 is 3, but class labels must be whole numbers from 0 to 3 (exclusive)"
    );
    // Eleven outputs are more classes than there are colours.
    let eleven = Dense::new(
        Array2::zeros((2, 11)),
        Array1::zeros(11),
        Activation::Softmax,
    )
    .unwrap();
    assert_eq!(
        plot::decision_boundary(&eleven, &data)
            .unwrap_err()
            .to_string(),
        "cannot draw the decision boundary: the model has 11 outputs, but there are colours for at most 10 classes"
    );
}

#[test]
fn confusion_matrix_of_iris_writes_every_count_in_its_cell() {
    let data = iris_petals();
    let network = iris_network(&data);
    let predicted = network.predict_classes(data.inputs()).unwrap();
    let truth: Vec<usize> = data.targets().iter().map(|&t| t as usize).collect();
    let counts = confusion(&truth, predicted.as_slice().unwrap(), 3);
    assert_eq!(counts.sum(), 150);
    let svg = plot::confusion_matrix(&counts, data.target_names()).unwrap();
    let right = counts.diag().sum();
    assert_labels(
        &svg,
        &[
            &format!(
                "Confusion matrix: {right} of 150 right ({:.1} %)",
                100.0 * right as f64 / 150.0
            ),
            "true class",
            "predicted class",
            "count",
            "setosa",
            "versicolor",
            "virginica",
        ],
    );
    // Each name labels a row and a column; "versicolor" fits its column upright.
    let texts = texts(&svg);
    assert_eq!(texts.iter().filter(|t| *t == "versicolor").count(), 2);
    assert_eq!(upward_texts(&svg), ["true class", "count"]);
    // 9 cells, 64 stripes of the colour bar, the frames of both, the background.
    assert_eq!(elements(&svg, "rect").len(), 9 + 64 + 2 + 1);
    // The counts are written in their cells, row by row, after the title.
    let written: Vec<usize> = texts[1..10].iter().map(|t| t.parse().unwrap()).collect();
    assert_eq!(written, counts.iter().copied().collect::<Vec<_>>());
}

#[test]
fn confusion_matrix_numbers_ten_classes_and_chooses_ink_for_contrast() {
    // The diagonal of digits' class sizes, and a few mistakes.
    let mut counts = Array2::<usize>::zeros((10, 10));
    for (k, n) in [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]
        .into_iter()
        .enumerate()
    {
        counts[[k, k]] = n - 3;
        counts[[k, (k + 1) % 10]] = 3;
    }
    let svg = plot::confusion_matrix(&counts, &[] as &[&str]).unwrap();
    let names: Vec<String> = (0..10).map(|k| k.to_string()).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    assert_labels(&svg, &names);
    assert_labels(
        &svg,
        &["Confusion matrix: 1767 of 1797 right (98.3 %)", "180", "3"],
    );
    // The full cells are dark: their counts are white; the rest black.
    let white = elements(&svg, "text")
        .iter()
        .filter(|t| t.contains("fill=\"#FFFFFF\""))
        .count();
    assert_eq!(white, 10);
    assert_eq!(elements(&svg, "rect").len(), 100 + 64 + 2 + 1);
    // Digits are short: no name needs turning.
    assert_eq!(upward_texts(&svg), ["true class", "count"]);
}

#[test]
fn confusion_matrix_turns_long_names_and_cuts_very_long_ones() {
    let counts = array![[5, 1, 0, 0], [0, 6, 0, 1], [2, 0, 4, 0], [0, 0, 0, 7]];
    let names = [
        "Iris-setosa",
        "Iris-versicolor",
        "Iris-virginica",
        "a class with a very long name",
    ];
    let svg = plot::confusion_matrix(&counts.view(), &names).unwrap();
    let upward = upward_texts(&svg);
    // The column labels, then the axes' names.
    assert_eq!(
        upward,
        [
            "Iris-setosa",
            "Iris-versicolor",
            "Iris-virginica",
            "a class with a ve…",
            "true class",
            "count"
        ]
    );
    // The picture grows to hold them; the width also holds the title.
    let (width, height) = svg.size();
    assert!(height > 500 && width > 500, "{width} × {height}");
}

#[test]
fn confusion_matrix_refuses_what_it_cannot_draw() {
    let err = plot::confusion_matrix(&array![[1, 2, 3], [4, 5, 6]], &[] as &[&str]).unwrap_err();
    assert_eq!(
        err,
        Error::Plot {
            plot: "the confusion matrix",
            message: "the counts are 2 × 3, but they must be square, a row (true class) and a column (predicted class) for each class".to_owned()
        }
    );
    let err = plot::confusion_matrix(&Array2::<usize>::zeros((0, 0)), &[] as &[&str]).unwrap_err();
    assert_eq!(
        err,
        Error::Empty {
            what: "the confusion matrix"
        }
    );
    let err = plot::confusion_matrix(&array![[1, 0], [0, 1]], &["a", "b", "c"]).unwrap_err();
    assert_eq!(
        err,
        Error::LengthMismatch {
            what: "class names (names, classes)",
            left: 3,
            right: 2
        }
    );
    let err =
        plot::confusion_matrix(&Array2::<usize>::zeros((101, 101)), &[] as &[&str]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot draw the confusion matrix: the counts are of 101 classes, but a heat map of more than 100 is too large to read"
    );
    // 30 classes still fit, in cells of 24 pixels.
    let svg = plot::confusion_matrix(&Array2::<usize>::eye(30), &[] as &[&str]).unwrap();
    assert!(
        svg.size().0 > 30 * 24 && svg.size().1 > 30 * 24,
        "{:?}",
        svg.size()
    );
    // No samples at all is a matrix of zeros, drawn as such.
    let svg = plot::confusion_matrix(&Array2::<usize>::zeros((2, 2)), &["a", "b"]).unwrap();
    assert_labels(&svg, &["Confusion matrix (no samples)", "0"]);
}

#[test]
fn twenty_digits_are_drawn_in_three_rows_with_their_captions() {
    let data = digits::<f64>();
    let images = data.inputs().slice(s![..20, ..]);
    let captions: Vec<String> = data
        .targets()
        .iter()
        .take(20)
        .enumerate()
        .map(|(i, &t)| format!("true {t}, predicted {}", (t as usize + i % 3) % 10))
        .collect();
    let svg = plot::digits(&images, &captions).unwrap();
    // Each caption is too wide for its image: it wraps after the comma.
    assert_labels(
        &svg,
        &[
            "20 images of 8 × 8 pixels",
            "true 0,",
            "predicted 0",
            "true 9,",
            "predicted 1",
        ],
    );
    assert_eq!(texts(&svg).len(), 1 + 2 * 20);
    // One rectangle per pixel that is not white (those above 0), a frame per
    // image, and the background.
    let dark = images.iter().filter(|&&v| v > 0.0).count();
    assert_eq!(elements(&svg, "rect").len(), dark + 20 + 1);
    // A pixel at the image's largest value is black; pixels are 10 pixels wide.
    assert!(svg.as_str().contains("fill=\"#000000\""));
    let (width, height) = svg.size();
    let three_rows = height;
    let one_row = plot::digits(&images.slice(s![..8, ..]), &captions[..8])
        .unwrap()
        .size()
        .1;
    assert!(three_rows > 2 * one_row, "{three_rows} and {one_row}");
    assert!(width >= 8 * 80, "{width}");
}

#[test]
fn digits_without_captions_and_in_f32() {
    let data = digits::<f32>();
    let images = data.inputs().slice(s![..5, ..]);
    let svg = plot::digits(&images, &[] as &[&str]).unwrap();
    assert_eq!(texts(&svg), ["5 images of 8 × 8 pixels"]);
    let svg = plot::digits(&images.slice(s![..1, ..]), &["seven"]).unwrap();
    assert_labels(&svg, &["1 image of 8 × 8 pixels", "seven"]);
}

#[test]
fn digits_refuses_what_it_cannot_draw() {
    let err = plot::digits(&Array2::<f64>::zeros((0, 64)), &[] as &[&str]).unwrap_err();
    assert_eq!(err, Error::Empty { what: "the images" });
    let err = plot::digits(&Array2::<f64>::zeros((2, 63)), &[] as &[&str]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "cannot draw the images: an image of 63 pixels is not square; a square image has a square number of pixels, such as 64 = 8 × 8"
    );
    let err = plot::digits(&Array2::<f64>::zeros((2, 4)), &["one"]).unwrap_err();
    assert_eq!(
        err,
        Error::LengthMismatch {
            what: "captions (captions, images)",
            left: 1,
            right: 2
        }
    );
    let mut images = Array2::<f64>::zeros((3, 4));
    images[[2, 1]] = f64::INFINITY;
    let err = plot::digits(&images, &[] as &[&str]).unwrap_err();
    assert_eq!(
        err,
        Error::NonFiniteInput {
            row: 2,
            column: 1,
            value: f64::INFINITY
        }
    );
}
