//! MinMaxScaler against scikit-learn 1.9.1: on random data with a constant
//! column, in the range (−1, 2), fitted values and a new row, bit for bit
//! (the same formula, `x · scale + (a − min · scale)`, in the same order).
//!
//! Oracle (Python, NumPy 2, scikit-learn 1.9.1):
//! ```text
//! rng = np.random.default_rng(3); X = rng.normal(size=(5, 3)) * [1, 100, 1e-3]; X[:, 2] = 7.5
//! s = MinMaxScaler(feature_range=(-1, 2)).fit(X); s.transform(X); s.transform([[0.1, -50, 7.5]])
//! ```

use neuron::MinMaxScaler;
use neuron::ndarray::array;

#[test]
fn min_max_scaling_equals_scikit_learn() {
    let x: neuron::ndarray::Array2<f64> = array![
        [2.0409191213851825, -255.5665031314182, 7.5],
        [-0.5677696061279298, -45.26492921104459, 7.5],
        [-2.019986129147251, -23.193237764418946, 7.5],
        [3.3229995166448827, 22.578661322792176, 7.5],
        [-0.2812874181513504, -66.80463461089501, 7.5]
    ];
    let scaler = MinMaxScaler::fit_range(&x, (-1.0, 2.0)).unwrap();
    let expected = array![
        [1.2801325998679776, -1.0, -1.0],
        [-0.18460391663431802, 1.2682570196721268, -1.0],
        [-1.0, 1.5063164318132916, -1.0],
        [2.000000000000001, 1.9999999999999998, -1.0],
        [-0.023748802863500562, 1.0359354679875956, -1.0]
    ];
    assert_eq!(scaler.transform(&x).unwrap(), expected);
    assert_eq!(
        scaler.transform(&array![[0.1, -50.0, 7.5]]).unwrap(),
        array![[0.19033791386853852, 1.2171858015377386, -1.0]]
    );
    // Back again, to rounding.
    let back = scaler.inverse_transform(&expected).unwrap();
    assert!(
        back.iter()
            .zip(&x)
            .all(|(a, b): (&f64, &f64)| (a - b).abs() < 1e-12 * b.abs().max(1.0))
    );
    // Errors: an empty range, no rows, another width, NaN.
    assert!(MinMaxScaler::fit_range(&x, (1.0, 1.0)).is_err());
    assert!(MinMaxScaler::<f64>::fit(&neuron::ndarray::Array2::zeros((0, 2))).is_err());
    assert!(scaler.transform(&array![[1.0]]).is_err());
    assert!(scaler.transform(&array![[1.0, f64::NAN, 0.0]]).is_err());
}
