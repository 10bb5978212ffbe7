//! Issue 25's acceptance test: on the bundled regression set (diabetes), a
//! standardised MLP reaches a test R² within 0.02 of scikit-learn's
//! `MLPRegressor` with the same split and architecture.
//!
//! The training is `examples/regression.rs`'s own code, included here, so the
//! example and this test cannot drift apart. The oracle is
//! `scripts/oracles/sklearn_mlp_regressor.py` (scikit-learn 1.9.1), which
//! trained `MLPRegressor(hidden_layer_sizes=(32,), activation="relu",
//! solver="adam", learning_rate_init=0.001, batch_size=40, alpha=1.0,
//! max_iter=200)` on the rows of `tests/fixtures/diabetes_split.txt` with
//! `random_state` 0 … 4 and wrote `tests/fixtures/sklearn_mlp_regressor.txt`.
//! One seed's R² depends on its start and batch order (scikit-learn's spread
//! 0.4003 … 0.4246), so the means over five seeds are compared.

#[path = "../../examples/regression.rs"]
#[allow(dead_code)] // the example's `main` and helpers this test does not call
mod example;

use neuron::datasets::diabetes;

/// A value of the scikit-learn fixture, which must be there.
fn sklearn(key: &str) -> f64 {
    example::sklearn_value(key).unwrap_or_else(|| panic!("`{key}` missing from the fixture"))
}

#[test]
fn split_fixture_is_the_crates_split() {
    // The oracle read its rows from this file: it must be what split_indices gives.
    let fixture = include_str!("../fixtures/diabetes_split.txt");
    assert_eq!(fixture, example::split_fixture().unwrap());
    let (train, test) = example::split().unwrap();
    assert_eq!((train.len(), test.len()), (353, 89)); // ⌈0.2 · 442⌉ = 89
    assert_eq!(sklearn("train_rows"), 353.0);
    assert_eq!(sklearn("test_rows"), 89.0);
}

#[test]
fn sklearn_fixture_used_the_examples_settings() {
    assert_eq!(sklearn("hidden"), example::HIDDEN as f64);
    assert_eq!(sklearn("learning_rate_init"), example::LEARNING_RATE);
    assert_eq!(sklearn("batch_size"), example::BATCH_SIZE as f64);
    assert_eq!(sklearn("max_iter"), example::EPOCHS as f64);
    assert_eq!(sklearn("alpha"), example::ALPHA);
    // scikit-learn's ½·alpha·‖W‖²/n_b beside its halved squared error is our
    // (λ/2)·‖W‖² beside the full one with λ = 2·alpha/n_b.
    assert_eq!(example::l2(), 2.0 * 1.0 / 40.0);
}

#[test]
fn mlp_test_r2_is_within_0_02_of_sklearn_mlp_regressor() {
    let prepared = example::prepare(&diabetes()).unwrap();
    let mut ours = Vec::new();
    for seed in example::SEEDS {
        let (network, history) = example::train(&prepared, seed).unwrap();
        let scores =
            example::score(&prepared, &example::predict(&network, &prepared).unwrap()).unwrap();
        // The last epoch's objective: scikit-learn's halved one, doubled, is ours
        // (up to the last batch's penalty and the different start).
        let loss = history.final_loss().unwrap();
        let sklearn_loss = 2.0 * sklearn(&format!("final_loss_seed_{seed}"));
        println!(
            "seed {seed}: R² {:.4} (scikit-learn {:.4}), MAE {:.2}, RMSE {:.2}, final objective {loss:.4} ({sklearn_loss:.4})",
            scores.r2,
            sklearn(&format!("r2_seed_{seed}")),
            scores.mae,
            scores.rmse
        );
        assert!(
            (loss - sklearn_loss).abs() < 0.05,
            "seed {seed}: objective {loss} vs {sklearn_loss}"
        );
        ours.push(scores);
    }
    let n = ours.len() as f64;
    let mean_r2 = ours.iter().map(|s| s.r2).sum::<f64>() / n;
    let mean_mae = ours.iter().map(|s| s.mae).sum::<f64>() / n;
    let expected = sklearn("mean_r2");
    println!("mean R² {mean_r2:.4}, scikit-learn's {expected:.4}");
    assert!(
        (mean_r2 - expected).abs() <= 0.02,
        "mean test R² {mean_r2} is more than 0.02 from scikit-learn's {expected}"
    );
    // The same closeness, in the target's units: within 2 % of the mean absolute error.
    let expected_mae = sklearn("mean_mae");
    assert!(
        (mean_mae - expected_mae).abs() <= 0.02 * expected_mae,
        "mean MAE {mean_mae} vs scikit-learn's {expected_mae}"
    );
}
