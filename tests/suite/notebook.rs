//! Rich display for notebooks: the HTML and text of explanations, models,
//! histories and arrays, and evcxr's output format.
//!
//! The expected numbers are the lecture's arithmetic: `0.5·0.4 + 0.3·0.7 +
//! 0.2·0.2 = 0.45` and `σ(0.45) = 1 / (1 + e^-0.45) = 0.610639…`.

use neuron::ndarray::Array;
use neuron::notebook::{HtmlDisplay, evcxr_content};
use neuron::prelude::*;
use neuron::{GradientDescent, Loss, metrics};

fn lecture_explanation() -> Explanation<f64> {
    Neuron::new(array![0.4, 0.7, 0.2])
        .explain(&array![0.5, 0.3, 0.2])
        .unwrap()
}

#[test]
fn explanation_html_shows_the_lecture_formula_and_numbers() {
    let html = lecture_explanation().to_html();
    let h = "<i>h</i> = <i>x</i><sub>1</sub><i>w</i><sub>1</sub> + <i>x</i><sub>2</sub><i>w</i><sub>2</sub> \
             + <i>x</i><sub>3</sub><i>w</i><sub>3</sub> = 0.5·0.4 + 0.3·0.7 + 0.2·0.2 = <b>0.45</b>";
    assert!(html.contains(h), "{html}");
    assert!(
        html.contains("<i>y</i> = σ(<i>h</i>) = σ(0.45) = <b>0.6106</b>"),
        "{html}"
    );
    // The table of terms: inputs, weights and products.
    assert!(html.contains("<td>0.5</td><td>0.3</td><td>0.2</td>"));
    assert!(html.contains("<td>0.4</td><td>0.7</td><td>0.2</td>"));
    assert!(html.contains("<td>0.2</td><td>0.21</td><td>0.04</td>"));
}

#[test]
fn explanation_text_is_its_display() {
    let steps = lecture_explanation();
    assert_eq!(
        steps.to_text(),
        "h = 0.5·0.4 + 0.3·0.7 + 0.2·0.2 = 0.45\ny = sigmoid(0.45) = 0.6106"
    );
    assert_eq!(
        format!("{steps:.2}"),
        "h = 0.5·0.4 + 0.3·0.7 + 0.2·0.2 = 0.45\ny = sigmoid(0.45) = 0.61"
    );
}

#[test]
fn explanation_html_with_bias_and_negative_numbers() {
    let neuron = Neuron::new(array![0.4, -0.7])
        .with_bias(-0.05)
        .with_activation(Activation::Tanh);
    let html = neuron.explain(&array![-0.5, 0.3]).unwrap().to_html();
    // h = -0.2 - 0.21 - 0.05 = -0.46; tanh(-0.46) = -0.4301 (numpy.tanh(-0.46) = -0.43008…)
    assert!(
        html.contains("+ <i>b</i> = (-0.5)·0.4 + 0.3·(-0.7) - 0.05 = <b>-0.46</b>"),
        "{html}"
    );
    assert!(
        html.contains("<i>y</i> = tanh(<i>h</i>) = tanh(-0.46) = <b>-0.4301</b>"),
        "{html}"
    );
}

#[test]
fn explanation_html_of_an_identity_neuron_has_no_function() {
    let neuron = Neuron::new(array![2.0]).with_activation(Activation::Identity);
    let html = neuron.explain(&array![1.5]).unwrap().to_html();
    assert!(html.contains("<i>y</i> = <i>h</i> = <b>3</b>"), "{html}");
}

#[test]
fn explanation_of_thirty_inputs_is_cut_short() {
    let neuron = Neuron::new(Array1::from_elem(30, 0.1));
    let html = neuron
        .explain(&Array1::from_elem(30, 1.0))
        .unwrap()
        .to_html();
    assert!(html.contains(
        "<i>x</i><sub>2</sub><i>w</i><sub>2</sub> + … + <i>x</i><sub>30</sub><i>w</i><sub>30</sub> \
         = 1·0.1 + 1·0.1 + … + 1·0.1 = <b>3</b>"
    ));
    // The table: the first 5 and last 5 terms, and … between them.
    assert!(html.contains("<th style=\"text-align: right\">5</th><th style=\"text-align: right\">…</th><th style=\"text-align: right\">26</th>"));
    assert_eq!(html.matches("<td>0.1</td>").count(), 20); // weights and products
}

#[test]
fn neuron_shows_its_formula_and_weights() {
    let neuron = Neuron::new(array![0.4, 0.7, 0.2]);
    assert_eq!(
        neuron.to_text(),
        "Neuron(3 inputs, sigmoid): y = sigmoid(x₁w₁ + x₂w₂ + x₃w₃ + b)\n   w₁   w₂   w₃  b\n  0.4  0.7  0.2  0"
    );
    let html = neuron.to_html();
    assert!(html.contains("<b>Neuron</b>: 3 inputs, sigmoid"));
    assert!(html.contains("<i>y</i> = σ(<i>x</i><sub>1</sub><i>w</i><sub>1</sub>"));
    assert!(html.contains("<td>0.4</td><td>0.7</td><td>0.2</td><td>0</td>"));
}

#[test]
fn neuron_with_many_weights_shows_the_first_and_last() {
    let neuron = Neuron::new(Array1::from_shape_fn(30, |i| i as f64));
    let html = neuron.to_html();
    assert!(html.contains("<td>4</td><td>…</td><td>25</td>"), "{html}");
    assert!(html.contains("<i>w</i><sub>30</sub>"));
    assert!(!html.contains("<td>12</td>"));
}

#[test]
fn dense_shows_its_weight_matrix_with_the_bias_row() {
    let layer = Dense::new(
        array![[0.4, 1.0], [0.7, 1.0], [0.2, 1.0]],
        array![0.0, -1.0],
        Activation::Sigmoid,
    )
    .unwrap();
    assert_eq!(
        layer.to_text(),
        "Dense(3 → 2, sigmoid): Y = sigmoid(X·W + b)\n\
         \x20   unit 1  unit 2\n\
         x₁     0.4       1\n\
         x₂     0.7       1\n\
         x₃     0.2       1\n\
         b        0      -1"
    );
    let html = layer.to_html();
    assert!(html.contains("3 inputs → 2 units, sigmoid"));
    assert!(html.contains("<th style=\"text-align: left\"><i>b</i></th><td>0</td><td>-1</td>"));
}

#[test]
fn network_shows_a_table_of_layers() {
    let network: Network<f64> = Network::random(
        &[2, 5, 1],
        Activation::Sigmoid,
        Init::Lecture,
        &mut StdRng::seed_from_u64(0),
    )
    .unwrap();
    // 2·5 + 5 = 15 parameters in layer 0, 5·1 + 1 = 6 in layer 1.
    assert_eq!(
        network.to_text(),
        "Network(2 → 5 → 1, sigmoid): 21 parameters\n\
         layer  inputs  units  activation  weights  parameters\n\
         0           2      5     sigmoid    2 × 5          15\n\
         1           5      1     sigmoid    5 × 1           6"
    );
    assert!(
        network
            .to_html()
            .contains("<b>Network</b>: 2 → 5 → 1, 21 parameters")
    );
}

#[test]
fn history_text_lists_the_first_and_last_epochs() {
    let mut neuron = Neuron::new(array![0.0]);
    let x = array![[-1.0], [1.0]];
    let t = array![0.0, 1.0];
    let history = GradientDescent::new()
        .learning_rate(1.0)
        .epochs(12)
        .fit(&mut neuron, &x, &t, Loss::BinaryCrossEntropy)
        .unwrap();
    let text = history.to_text();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1 + 1 + 5 + 1 + 5, "{text}");
    assert!(lines[0].starts_with("History(12 epochs, loss "));
    assert!(lines[2].starts_with("1 "));
    assert!(lines[7].starts_with("⋮"));
    assert!(lines[12].starts_with("12"));
    // The table has 4 significant digits.
    let last: f64 = lines[12]
        .split_whitespace()
        .last()
        .unwrap()
        .parse()
        .unwrap();
    assert!(
        (last - history.final_loss().unwrap()).abs() < 1e-4 * last,
        "{text}"
    );
}

#[cfg(feature = "plot")]
#[test]
fn history_html_is_the_loss_curve_with_the_plot_feature() {
    let mut neuron = Neuron::new(array![0.0]);
    let history = GradientDescent::new()
        .epochs(8)
        .fit(
            &mut neuron,
            &array![[-1.0], [1.0]],
            &array![0.0, 1.0],
            Loss::BinaryCrossEntropy,
        )
        .unwrap();
    let html = history.to_html();
    assert!(html.contains("<svg") && html.contains("\nepoch\n</text>"));
    assert!(!html.contains("<table"));
}

#[cfg(not(feature = "plot"))]
#[test]
fn history_html_is_a_table_without_the_plot_feature() {
    let mut neuron = Neuron::new(array![0.0]);
    let history = GradientDescent::new()
        .epochs(8)
        .fit(
            &mut neuron,
            &array![[-1.0], [1.0]],
            &array![0.0, 1.0],
            Loss::BinaryCrossEntropy,
        )
        .unwrap();
    let html = history.to_html();
    assert!(html.contains("<table") && !html.contains("<svg"));
    assert_eq!(html.matches("<tr>").count(), 1 + 8);
}

#[test]
fn empty_history_shows_zero_epochs() {
    let history = History::<f64>::default();
    assert_eq!(history.to_text(), "History(0 epochs)");
    assert!(history.to_html().contains("History(0 epochs)"));
}

#[test]
fn small_matrix_is_a_full_table() {
    let x = array![[0.5, 0.3, 0.2], [1.0, 1.0, 1.0]];
    assert_eq!(
        x.to_text(),
        "shape (2, 3), f64\n     0    1    2\n0  0.5  0.3  0.2\n1    1    1    1"
    );
    let html = x.to_html();
    assert!(html.contains(
        "<caption style=\"text-align: left; white-space: nowrap\">shape (2, 3), f64</caption>"
    ));
    assert!(html.contains("<td>0.5</td><td>0.3</td><td>0.2</td>"));
    assert_eq!(html.matches("<td>").count(), 6);
}

#[test]
fn big_matrix_is_cut_to_its_corners() {
    let data = datasets::breast_cancer::<f64>();
    let html = data.inputs().to_html();
    assert!(html.contains("shape (569, 30), f64"));
    // 10 of 569 rows and a row of ⋮; 10 of 30 columns and a column of ….
    assert_eq!(html.matches("<tr>").count(), 1 + 10 + 1);
    assert_eq!(html.matches("<td>…</td>").count(), 10);
    assert_eq!(html.matches("<td>⋮</td>").count(), 11);
    // The first value of the data: mean radius 17.99 of the first sample.
    assert!(html.contains("<td>17.99</td>"));
    assert!(html.contains(">568</th>"));
    assert!(!html.contains(">300</th>"));
    let text = data.inputs().to_text();
    assert_eq!(text.lines().count(), 1 + 1 + 10 + 1);
}

#[test]
fn views_and_layouts_show_the_same_cells() {
    let x = Array2::from_shape_fn((4, 3), |(i, j)| (i * 3 + j) as f64);
    let transposed = x.t();
    assert_eq!(
        transposed.to_text().lines().next(),
        Some("shape (3, 4), f64")
    );
    assert!(
        transposed
            .to_html()
            .contains("<td>0</td><td>3</td><td>6</td><td>9</td>")
    );
    let sliced = x.slice(s![1.., ..;2]);
    assert!(sliced.to_html().contains("<td>3</td><td>5</td>"));
}

#[test]
fn vectors_scalars_integers_and_f32() {
    let y = array![0.610639233949222_f64, 0.5];
    assert_eq!(y.to_text(), "shape (2,), f64\n       0    1\n  0.6106  0.5");
    let p = array![1.5_f32, -2.25];
    assert!(p.to_html().contains("f32") && p.to_html().contains("<td>-2.25</td>"));

    // A confusion matrix of counts: rows true class, columns predicted.
    let matrix = metrics::confusion_matrix(&array![0.0, 1.0, 1.0], &array![0.0, 1.0, 0.0])
        .unwrap()
        .to_array();
    assert!(matrix.to_html().contains("usize"));
    assert!(matrix.to_html().contains("<td>1</td><td>1</td>"));

    let scalar = neuron::ndarray::arr0(3.5);
    assert!(scalar.to_html().contains("<td>3.5</td>"));
    let cube = Array::zeros((2, 2, 2));
    let cube: Array<f64, _> = cube;
    assert!(
        cube.to_html()
            .starts_with("<div>shape (2, 2, 2), f64</div>")
    );
}

#[test]
fn evcxr_content_has_one_block_per_mime_type() {
    let out = evcxr_content(&[("text/plain", "y = 0.61\n"), ("text/html", "<b>0.61</b>")]);
    assert_eq!(
        out,
        "EVCXR_BEGIN_CONTENT text/plain\ny = 0.61\nEVCXR_END_CONTENT\n\
         EVCXR_BEGIN_CONTENT text/html\n<b>0.61</b>\nEVCXR_END_CONTENT\n"
    );
}

#[test]
fn a_softmax_network_says_what_its_outputs_are_and_shows_its_dropout() {
    let mut rng = StdRng::seed_from_u64(0);
    let network: Network<f64> = Network::from_layers(vec![
        Dense::random(64, 32, Activation::Relu, Init::HeNormal, &mut rng)
            .unwrap()
            .with_dropout(0.25)
            .unwrap(),
        Dense::random(32, 10, Activation::Softmax, Init::XavierUniform, &mut rng).unwrap(),
    ])
    .unwrap();
    let text = network.to_text();
    // 64·32 + 32 = 2080 and 32·10 + 10 = 330 parameters.
    assert!(
        text.starts_with("Network(64 → 32 → 10, relu, softmax): 2410 parameters"),
        "{text}"
    );
    assert!(text.contains("dropout"), "{text}");
    assert!(text.contains("0.25"), "{text}");
    assert!(
        text.ends_with("outputs: the probabilities of 10 classes, yₖ = softmax(h)ₖ = eʰᵏ / Σⱼ eʰʲ, which sum to 1"),
        "{text}"
    );
    let html = network.to_html();
    assert!(
        html.contains("<th style=\"text-align: right\">dropout</th>"),
        "{html}"
    );
    assert!(
        html.contains("Outputs: the probabilities of 10 classes"),
        "{html}"
    );
    // A network without softmax or dropout shows neither.
    let plain: Network<f64> =
        Network::random(&[2, 3, 1], Activation::Tanh, Init::Zeros, &mut rng).unwrap();
    assert!(!plain.to_text().contains("dropout") && !plain.to_text().contains("probabilities"));
}

#[test]
fn a_probability_table_marks_the_predicted_and_the_wrong_rows() {
    use neuron::notebook::ProbabilityTable;
    let p = array![[0.1, 0.9], [0.8, 0.2], [0.5, 0.5]];
    let table = ProbabilityTable::new(&p, &[] as &[&str])
        .unwrap()
        .with_true_classes(&array![1.0, 1.0, 0.0])
        .unwrap();
    let text = table.to_text();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 4, "{text}");
    // Row 1 is predicted 0 but is 1; on a tie the first class wins (row 2).
    assert!(lines[1].ends_with('1') && !lines[1].contains('✗'), "{text}");
    assert!(lines[2].ends_with('✗'), "{text}");
    assert!(!lines[3].contains('✗'), "{text}");
    assert_eq!(table.class_names(), ["0", "1"]);
    assert!(
        table
            .to_html()
            .contains("linear-gradient(to right, rgba(31, 119, 180, 0.3) 90%")
    );
    // Errors.
    let err = ProbabilityTable::new(&p, &["a", "b", "c"]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "class names and columns of probabilities: lengths differ, 3 and 2"
    );
    let err = ProbabilityTable::new(&array![[0.5, 1.5]], &["a", "b"]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "probability at index 1 is 1.5, but it must be in [0, 1]"
    );
    let err = ProbabilityTable::new(&p, &["a", "b"])
        .unwrap()
        .with_true_classes(&array![0.0, 2.0, 1.0])
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::InvalidLabel {
                index: 1,
                n_classes: 2,
                ..
            }
        ),
        "{err}"
    );
    // Many samples: the first and last ten, with ⋮ between.
    let many = Array2::from_elem((50, 2), 0.5);
    let text = ProbabilityTable::new(&many, &["x", "y"]).unwrap().to_text();
    assert_eq!(text.lines().count(), 1 + 20 + 1);
    assert!(text.contains('⋮'));
}
