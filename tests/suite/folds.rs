//! k-fold cross-validation against scikit-learn's `KFold` and
//! `StratifiedKFold` without shuffling, fold for fold (oracle:
//! scripts/oracles/sklearn_folds.py → tests/fixtures/sklearn_folds.txt), and
//! the settings they refuse.

use neuron::Error;
use neuron::datasets::{Fold, KFold, StratifiedKFold, iris};
use neuron::ndarray::{Array1, array};

/// The fixture's lines of `case`: each fold's test indices, in fold order.
fn expected(case: &str) -> Vec<Vec<usize>> {
    include_str!("../fixtures/sklearn_folds.txt")
        .lines()
        .filter_map(|line| {
            let mut fields = line.split_whitespace();
            (fields.next()? == case).then_some(())?;
            let fold = fields.next()?;
            (fold != "labels").then(|| fields.map(|i| i.parse().unwrap()).collect())
        })
        .collect()
}

fn labels(case: &str) -> Array1<f64> {
    let line = include_str!("../fixtures/sklearn_folds.txt")
        .lines()
        .find(|line| line.starts_with(&format!("{case} labels ")))
        .unwrap();
    line.split_whitespace()
        .skip(2)
        .map(|v| v.parse().unwrap())
        .collect()
}

/// Each fold's test indices are scikit-learn's, and its training indices the rest.
fn check(case: &str, folds: &[Fold], n: usize) {
    let tests = expected(case);
    assert!(!tests.is_empty(), "{case}: no folds in the fixture");
    assert_eq!(folds.len(), tests.len(), "{case}: number of folds");
    for (f, (fold, test)) in folds.iter().zip(&tests).enumerate() {
        assert_eq!(&fold.test, test, "{case} fold {f}: test indices");
        let train: Vec<usize> = (0..n).filter(|i| !test.contains(i)).collect();
        assert_eq!(fold.train, train, "{case} fold {f}: training indices");
    }
}

#[test]
fn kfold_equals_scikit_learn() {
    for (n, k) in [(10, 3), (7, 7), (100, 4)] {
        check(
            &format!("kfold_n{n}_k{k}"),
            &KFold::new(k).unwrap().split(n).unwrap(),
            n,
        );
    }
}

#[test]
fn stratified_kfold_equals_scikit_learn() {
    for (case, k) in [
        ("strat_balanced_k3", 3),
        ("strat_first_seen_k4", 4),
        ("strat_unbalanced_k5", 5),
        ("strat_binary_k2", 2),
    ] {
        let y = labels(case);
        check(
            case,
            &StratifiedKFold::new(k).unwrap().split(&y).unwrap(),
            y.len(),
        );
    }
}

#[test]
fn shuffled_folds_are_seeded_partitions() {
    let n = 150;
    let once = KFold::new(5).unwrap().shuffled(7).split(n).unwrap();
    assert_eq!(
        once,
        KFold::new(5).unwrap().shuffled(7).split(n).unwrap(),
        "same seed, same folds"
    );
    assert_ne!(once, KFold::new(5).unwrap().shuffled(8).split(n).unwrap());
    assert_ne!(once, KFold::new(5).unwrap().split(n).unwrap());
    let mut seen: Vec<usize> = once.iter().flat_map(|f| f.test.clone()).collect();
    seen.sort_unstable();
    assert_eq!(
        seen,
        (0..n).collect::<Vec<_>>(),
        "each sample is tested once"
    );
    // Stratified and shuffled: iris's 50 of each class give 10 of each per fold.
    let data = iris::<f64>();
    for fold in StratifiedKFold::new(5)
        .unwrap()
        .shuffled(3)
        .split(data.targets())
        .unwrap()
    {
        let test = data.select(&fold.test).unwrap();
        for class in 0..3 {
            let count = test
                .targets()
                .iter()
                .filter(|&&t| t == class as f64)
                .count();
            assert_eq!(count, 10, "class {class}");
        }
        assert_eq!(data.select(&fold.train).unwrap().n_samples(), 120);
    }
}

#[test]
fn folds_refuse_what_cannot_be_split() {
    let refused = |result: Result<Vec<Fold>, Error>| match result {
        Err(Error::InvalidSetting { name, value, .. }) => (name, value),
        other => panic!("expected InvalidSetting, got {other:?}"),
    };
    assert!(
        matches!(KFold::new(1), Err(Error::InvalidSetting { name: "n_splits", value, .. }) if value == 1.0)
    );
    assert!(matches!(
        StratifiedKFold::new(0),
        Err(Error::InvalidSetting {
            name: "n_splits",
            ..
        })
    ));
    assert_eq!(refused(KFold::new(5).unwrap().split(4)), ("n_splits", 5.0));
    // Every class smaller than the number of folds (scikit-learn refuses it too).
    assert_eq!(
        refused(
            StratifiedKFold::new(3)
                .unwrap()
                .split(&array![0.0, 0.0, 1.0, 1.0])
        ),
        ("n_splits", 3.0)
    );
    assert!(matches!(
        StratifiedKFold::new(2)
            .unwrap()
            .split(&array![0.0, f64::NAN, 1.0, 1.0]),
        Err(Error::InvalidLabel { index: 1, .. })
    ));
    assert!(matches!(
        iris::<f64>().select(&[0, 150]),
        Err(Error::InvalidSetting { name: "indices", value, .. }) if value == 150.0
    ));
}
