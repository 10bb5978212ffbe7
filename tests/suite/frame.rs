//! Data frames (the `polars` feature): columns of integers, floats and
//! booleans read as polars reads them, the errors that name the column, and
//! training, predicting and scaling from a frame giving the same bits as
//! from the arrays it holds.
//!
//! Oracle: scripts/oracles/polars_frame.py (Python polars 2.1.0,
//! scikit-learn 1.9.1): `df.select(columns).cast(pl.Float64).to_numpy()` and
//! `.cast(pl.Float32)` of the frame `mixed_frame` builds, and the
//! StandardScaler and MinMaxScaler fitted on it; its output is
//! scripts/oracles/polars_frame.out.txt. The training tests' oracle is the
//! crate's own array path: the frame holds the same numbers, so the results
//! must be the same bits.
#![cfg(feature = "polars")]

use neuron::datasets::{Dataset, breast_cancer};
use neuron::ndarray::{Array1, Array2, array};
use neuron::polars::prelude::{Column, DataFrame, NamedFrom, Series, df};
use neuron::prelude::{
    Activation, Error, GradientDescent, Init, Loss, Network, Neuron, Optimizer, SeedableRng,
    Standardizer, StdRng,
};
use neuron::{ColumnProblem, MinMaxScaler, frame};

/// The frame of scripts/oracles/polars_frame.py: i64, f32, bool, u32 and u64
/// columns, with an id past 2⁵³ and the largest u32.
fn mixed_frame() -> DataFrame {
    df!(
        "age" => [31_i64, 45, -2, 0],
        "fare" => [7.25_f32, 71.2833, 0.1, 1e-3],
        "alone" => [true, false, true, false],
        "rooms" => [3_u32, 0, u32::MAX, 1],
        "id" => [9_007_199_254_740_993_u64, 1, 2, 3],
    )
    .unwrap()
}

const COLUMNS: [&str; 5] = ["fare", "age", "alone", "rooms", "id"];

/// polars_frame.py: `df.select(COLUMNS).cast(pl.Float64).to_numpy()`.
fn mixed_as_f64() -> Array2<f64> {
    array![
        [7.25, 31.0, 1.0, 3.0, 9007199254740992.0],
        [71.2833023071289, 45.0, 0.0, 0.0, 1.0],
        [0.10000000149011612, -2.0, 1.0, 4294967295.0, 2.0],
        [0.0010000000474974513, 0.0, 0.0, 1.0, 3.0],
    ]
}

fn bits<'a, F: 'a + Copy + Into<f64>>(values: impl IntoIterator<Item = &'a F>) -> Vec<u64> {
    values.into_iter().map(|&v| v.into().to_bits()).collect()
}

#[test]
fn mixed_columns_read_as_polars_casts_them_to_float64() {
    let x = frame::inputs::<f64, _>(&mixed_frame(), &COLUMNS).unwrap();
    assert_eq!(bits(&x), bits(&mixed_as_f64()));
    assert!(x.is_standard_layout());
}

#[test]
fn mixed_columns_read_as_polars_casts_them_to_float32() {
    // polars_frame.py: `.cast(pl.Float32)`, printed as float64 reprs, so
    // compared as f64 (every f32 is exactly an f64).
    let expected: Array2<f64> = array![
        [7.25, 31.0, 1.0, 3.0, 9007199254740992.0],
        [71.2833023071289, 45.0, 0.0, 0.0, 1.0],
        [0.10000000149011612, -2.0, 1.0, 4294967296.0, 2.0],
        [0.0010000000474974513, 0.0, 0.0, 1.0, 3.0],
    ];
    let x = frame::inputs::<f32, _>(&mixed_frame(), &COLUMNS).unwrap();
    assert_eq!(bits(&x), bits(&expected));
    assert!(expected.iter().all(|&v| f64::from(v as f32) == v));
}

#[test]
fn targets_read_one_column_and_inputs_take_column_names_as_strings() {
    let df = mixed_frame();
    let y = frame::targets::<f64>(&df, "alone").unwrap();
    assert_eq!(y, array![1.0, 0.0, 1.0, 0.0]);
    // Names as `String`s, as `df.get_column_names()` gives them.
    let names: Vec<String> = vec!["age".into(), "age".into()];
    let x = frame::inputs::<f64, _>(&df, &names).unwrap();
    assert_eq!(x.column(1), array![31.0, 45.0, -2.0, 0.0]);
}

#[test]
fn a_frame_of_several_chunks_is_read_in_order() {
    let first = df!("a" => [1.0, 2.0], "b" => [Some(1), Some(2)]).unwrap();
    let second = df!("a" => [3.0], "b" => [None::<i32>]).unwrap();
    let df = first.vstack(&second).unwrap();
    assert!(df.column("a").unwrap().n_chunks() > 1);
    assert_eq!(
        frame::targets::<f64>(&df, "a").unwrap(),
        array![1.0, 2.0, 3.0]
    );
    // The null is in the second chunk, at row 2 of the frame.
    let err = frame::inputs::<f64, _>(&df, &["a", "b"]).unwrap_err();
    assert_eq!(
        err,
        Error::Column {
            column: "b".into(),
            problem: ColumnProblem::Null { row: 2, nulls: 1 }
        }
    );
}

#[test]
fn a_missing_column_is_named_with_the_columns_there_are() {
    let err = frame::inputs::<f64, _>(&mixed_frame(), &["fare", "sex"]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "column `sex`: the data frame has no such column; its columns are `age`, `fare`, `alone`, `rooms`, `id`"
    );
    assert!(matches!(
        frame::targets::<f64>(&mixed_frame(), "survived").unwrap_err(),
        Error::Column { column, problem: ColumnProblem::Missing { columns } }
            if column == "survived" && columns.len() == 5
    ));
}

#[test]
fn a_text_column_is_refused_with_its_type() {
    let df = df!("name" => ["Ada", "Bo"], "age" => [36, 7]).unwrap();
    let err = frame::inputs::<f64, _>(&df, &["age", "name"]).unwrap_err();
    assert_eq!(
        err,
        Error::Column {
            column: "name".into(),
            problem: ColumnProblem::NotNumeric {
                dtype: "str".into()
            }
        }
    );
    assert_eq!(
        err.to_string(),
        "column `name`: its type is str, but only numbers (integers, floats) and booleans can be read; cast or encode it first"
    );
}

#[test]
fn null_cells_are_refused_with_the_first_row_and_the_count() {
    let df = df!("income" => [Some(1.0), None, Some(3.0), None, None]).unwrap();
    let err = frame::targets::<f64>(&df, "income").unwrap_err();
    assert_eq!(
        err.to_string(),
        "column `income`: row 1 is null (missing), and so are 2 more; drop those rows or fill them first (drop_nulls, fill_null)"
    );
    let bools = df!("member" => [Some(true), None]).unwrap();
    assert_eq!(
        frame::targets::<f32>(&bools, "member").unwrap_err(),
        Error::Column {
            column: "member".into(),
            problem: ColumnProblem::Null { row: 1, nulls: 1 }
        }
    );
}

#[test]
fn non_finite_cells_are_refused_with_row_and_value() {
    let df = df!("x" => [1.0, 2.0, f64::NAN], "y" => [0.0, f64::NEG_INFINITY, 1.0]).unwrap();
    let err = frame::inputs::<f64, _>(&df, &["x", "y"]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "column `x`: row 2 is NaN, not a finite f64"
    );
    let err = frame::targets::<f64>(&df, "y").unwrap_err();
    assert_eq!(
        err.to_string(),
        "column `y`: row 1 is -inf, not a finite f64"
    );
    // Finite in f64, but beyond f32's largest, 3.4028235e38.
    let big = df!("x" => [1.0, 1e39]).unwrap();
    assert_eq!(frame::targets::<f64>(&big, "x").unwrap(), array![1.0, 1e39]);
    assert_eq!(
        frame::targets::<f32>(&big, "x").unwrap_err(),
        Error::Column {
            column: "x".into(),
            problem: ColumnProblem::NonFinite {
                row: 1,
                value: 1e39,
                float: "f32"
            }
        }
    );
}

#[test]
fn no_input_columns_is_an_error_and_no_rows_is_an_empty_array() {
    let df = mixed_frame();
    let none: [&str; 0] = [];
    assert_eq!(
        frame::inputs::<f64, _>(&df, &none).unwrap_err(),
        Error::Empty {
            what: "the list of input columns"
        }
    );
    let empty = df.head(Some(0));
    assert_eq!(
        frame::inputs::<f64, _>(&empty, &COLUMNS).unwrap().dim(),
        (0, 5)
    );
    let err = GradientDescent::new()
        .fit_frame(
            &mut Neuron::<f64>::new(Array1::zeros(2)),
            &empty,
            &["age", "fare"],
            "alone",
            Loss::BinaryCrossEntropy,
        )
        .unwrap_err();
    assert!(matches!(err, Error::Empty { .. }), "{err}");
}

#[test]
fn dataset_from_frame_equals_the_arrays_with_column_names() {
    let data = Dataset::<f64>::from_frame(&mixed_frame(), &COLUMNS, "alone").unwrap();
    assert_eq!(bits(data.inputs()), bits(&mixed_as_f64()));
    assert_eq!(data.targets(), &array![1.0, 0.0, 1.0, 0.0]);
    assert_eq!(data.feature_names(), COLUMNS);
    assert!(data.target_names().is_empty());
}

#[test]
fn scalers_fitted_on_a_frame_equal_scikit_learn() {
    let df = mixed_frame();
    // polars_frame.py: StandardScaler().fit(x).mean_ / .scale_
    let mean = [
        19.65857557716663,
        18.5,
        0.5,
        1073741824.75,
        2251799813685249.0,
    ];
    let scale = [
        29.950139039398206,
        20.130822139197395,
        0.5,
        1859775392.3693163,
        3900231685776980.5,
    ];
    let scaler = Standardizer::<f64>::fit_frame(&df, &COLUMNS).unwrap();
    for ((m, s), (want_m, want_s)) in scaler
        .mean()
        .iter()
        .zip(scaler.scale())
        .zip(mean.iter().zip(&scale))
    {
        assert!(
            (m - want_m).abs() <= 1e-15 * want_m.abs(),
            "{m} vs {want_m}"
        );
        assert!(
            (s - want_s).abs() <= 1e-15 * want_s.abs(),
            "{s} vs {want_s}"
        );
    }
    let from_array = Standardizer::fit(&mixed_as_f64()).unwrap();
    assert_eq!(scaler, from_array);
    assert_eq!(
        bits(&scaler.transform_frame(&df, &COLUMNS).unwrap()),
        bits(&from_array.transform(&mixed_as_f64()).unwrap())
    );

    // polars_frame.py: MinMaxScaler().fit(x).data_min_ / .data_max_
    let min_max = MinMaxScaler::<f64>::fit_frame(&df, &COLUMNS).unwrap();
    assert_eq!(
        min_max.data_min(),
        &array![0.0010000000474974513, -2.0, 0.0, 0.0, 1.0]
    );
    assert_eq!(
        min_max.data_max(),
        &array![
            71.2833023071289,
            45.0,
            1.0,
            4294967295.0,
            9007199254740992.0
        ]
    );
    assert_eq!(
        bits(&min_max.transform_frame(&df, &COLUMNS).unwrap()),
        bits(
            &MinMaxScaler::fit(&mixed_as_f64())
                .unwrap()
                .transform(&mixed_as_f64())
                .unwrap()
        )
    );
    // A frame with the columns in another order is read by name.
    let reordered = df.select(["id", "rooms", "alone", "age", "fare"]).unwrap();
    assert_eq!(
        scaler.transform_frame(&reordered, &COLUMNS).unwrap(),
        scaler.transform_frame(&df, &COLUMNS).unwrap()
    );
}

/// The breast cancer data as a frame: 30 float columns named as the features,
/// and the labels as an integer column `diagnosis`.
fn breast_cancer_frame() -> (DataFrame, Vec<String>) {
    let data = breast_cancer::<f64>();
    let mut columns: Vec<Column> = data
        .feature_names()
        .iter()
        .zip(data.inputs().columns())
        .map(|(name, values)| Column::from(Series::new(name.into(), values.to_vec())))
        .collect();
    let labels: Vec<i64> = data.targets().iter().map(|&t| t as i64).collect();
    columns.push(Column::from(Series::new("diagnosis".into(), labels)));
    (
        DataFrame::new_infer_height(columns).unwrap(),
        data.feature_names().to_vec(),
    )
}

#[test]
fn a_neuron_trained_from_a_frame_equals_one_trained_from_arrays() {
    let (df, features) = breast_cancer_frame();
    let data = breast_cancer::<f64>();
    let scaler = Standardizer::fit(data.inputs()).unwrap();
    let x = scaler.transform(data.inputs()).unwrap();
    // The standardised inputs as a frame, so that training converges as in the README.
    let scaled = DataFrame::new_infer_height(
        features
            .iter()
            .zip(x.columns())
            .map(|(name, values)| Column::from(Series::new(name.into(), values.to_vec())))
            .chain(std::iter::once(df.column("diagnosis").unwrap().clone()))
            .collect(),
    )
    .unwrap();
    assert_eq!(
        bits(&scaler.transform_frame(&df, &features).unwrap()),
        bits(&x)
    );

    let settings = GradientDescent::new()
        .learning_rate(1.0)
        .epochs(30)
        .batch_size(64)
        .l2(1e-3)
        .seed(7);
    let mut from_frame = Neuron::<f64>::new(Array1::zeros(30));
    let mut from_arrays = from_frame.clone();
    let history_frame = settings
        .fit_frame(
            &mut from_frame,
            &scaled,
            &features,
            "diagnosis",
            Loss::BinaryCrossEntropy,
        )
        .unwrap();
    let history_arrays = settings
        .fit(
            &mut from_arrays,
            &x,
            data.targets(),
            Loss::BinaryCrossEntropy,
        )
        .unwrap();
    assert_eq!(bits(history_frame.loss()), bits(history_arrays.loss()));
    assert_eq!(bits(from_frame.weights()), bits(from_arrays.weights()));
    assert_eq!(from_frame.bias().to_bits(), from_arrays.bias().to_bits());
    assert!(history_frame.final_loss() < Some(0.1));
    assert_eq!(
        from_frame.predict_frame(&scaled, &features).unwrap(),
        from_arrays.predict(&x).unwrap()
    );
}

#[test]
fn a_network_trained_from_a_frame_in_f32_equals_one_trained_from_arrays() {
    let df = mixed_frame();
    let inputs = ["fare", "age", "alone"];
    let x = frame::inputs::<f32, _>(&df, &inputs).unwrap();
    let y = frame::targets::<f32>(&df, "rooms")
        .unwrap()
        .mapv(|r| r.min(5.0));
    let mut df = df;
    df.with_column(Column::new("rooms_capped".into(), y.to_vec()))
        .unwrap();
    let mut rng = StdRng::seed_from_u64(3);
    let network =
        Network::<f32>::random(&[3, 4, 1], Activation::Tanh, Init::XavierUniform, &mut rng)
            .unwrap();
    let settings = GradientDescent::new()
        .optimizer(Optimizer::adam())
        .learning_rate(0.01)
        .epochs(20)
        .batch_size(2)
        .shuffle(true)
        .seed(11);
    let (mut from_frame, mut from_arrays) = (network.clone(), network);
    let history_frame = settings
        .fit_frame(
            &mut from_frame,
            &df,
            &inputs,
            "rooms_capped",
            Loss::MeanSquaredError,
        )
        .unwrap();
    let history_arrays = settings
        .fit(&mut from_arrays, &x, &y, Loss::MeanSquaredError)
        .unwrap();
    assert_eq!(bits(history_frame.loss()), bits(history_arrays.loss()));
    assert_eq!(from_frame, from_arrays);
    assert_eq!(
        bits(&from_frame.predict_frame(&df, &inputs).unwrap()),
        bits(&from_arrays.predict(&x).unwrap())
    );
}
