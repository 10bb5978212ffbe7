//! Stratified train/test splits against scikit-learn's
//! `train_test_split(X, y, test_size=f, stratify=y)`: the same number of test
//! samples of each class, for several class mixes (oracle:
//! scripts/oracles/sklearn_stratified_split.py →
//! tests/fixtures/sklearn_stratified_split.txt, which lists every allocation
//! scikit-learn gave over 200 seeds: one, unless classes tie for the last
//! samples). The rows differ (scikit-learn draws them with NumPy's
//! generator); here each split is checked to be a partition, seeded, and
//! refused where scikit-learn refuses.

use std::collections::BTreeSet;

use neuron::Error;
use neuron::datasets::{Dataset, iris, stratified_split_indices, stratified_train_test_split};
use neuron::ndarray::{Array1, Array2, array};
use neuron::rand::SeedableRng;
use neuron::rand::rngs::StdRng;

const FIXTURE: &str = include_str!("../fixtures/sklearn_stratified_split.txt");

/// The fields after `case key` on each of the fixture's lines for them.
fn lines<'a>(case: &'a str, key: &'a str) -> impl Iterator<Item = Vec<&'a str>> + 'a {
    FIXTURE.lines().filter_map(move |line| {
        let mut fields = line.split_whitespace();
        (fields.next()? == case && fields.next()? == key).then(|| fields.collect())
    })
}

/// Each case's fraction, labels and the test counts per class scikit-learn gave.
fn case(name: &str) -> (f64, Array1<f64>, BTreeSet<Vec<usize>>) {
    let fraction = lines(name, "fraction").next().unwrap()[0].parse().unwrap();
    let labels = lines(name, "labels")
        .next()
        .unwrap()
        .iter()
        .map(|v| v.parse().unwrap())
        .collect();
    let allocations: BTreeSet<Vec<usize>> = lines(name, "test_counts")
        .map(|fields| fields.iter().map(|v| v.parse().unwrap()).collect())
        .collect();
    assert!(
        !allocations.is_empty(),
        "{name}: no allocation in the fixture"
    );
    (fraction, labels, allocations)
}

/// Samples of each class (in increasing order of label) among `indices`.
fn counts(labels: &Array1<f64>, indices: &[usize]) -> Vec<usize> {
    let mut classes: Vec<f64> = labels.to_vec();
    classes.sort_by(f64::total_cmp);
    classes.dedup();
    classes
        .iter()
        .map(|&c| indices.iter().filter(|&&i| labels[i] == c).count())
        .collect()
}

const CASES: [&str; 7] = [
    "balanced",
    "breast_cancer",
    "small_binary",
    "unbalanced",
    "tied",
    "many_classes",
    "pairs",
];

#[test]
fn test_counts_per_class_equal_scikit_learn() {
    for name in CASES {
        let (fraction, labels, allocations) = case(name);
        let mut seen = BTreeSet::new();
        for seed in 0..40 {
            let (train, test) =
                stratified_split_indices(&labels, fraction, &mut StdRng::seed_from_u64(seed))
                    .unwrap();
            let found = counts(&labels, &test);
            assert!(
                allocations.contains(&found),
                "{name} seed {seed}: test counts {found:?}, scikit-learn's {allocations:?}"
            );
            // The training set has the rest of each class.
            let all = counts(&labels, &(0..labels.len()).collect::<Vec<_>>());
            let rest: Vec<usize> = all.iter().zip(&found).map(|(a, f)| a - f).collect();
            assert_eq!(counts(&labels, &train), rest, "{name} seed {seed}");
            seen.insert(found);
        }
        // Where classes tie, the tie is broken at random, as in scikit-learn:
        // 40 seeds meet more than one of its allocations.
        if allocations.len() > 1 {
            assert!(seen.len() > 1, "{name}: ties always broken alike: {seen:?}");
        }
    }
}

#[test]
fn splits_are_seeded_partitions_in_random_order() {
    let (fraction, labels, _) = case("many_classes");
    let n = labels.len();
    let split = |seed| {
        stratified_split_indices(&labels, fraction, &mut StdRng::seed_from_u64(seed)).unwrap()
    };
    let (train, test) = split(5);
    assert_eq!(
        split(5),
        (train.clone(), test.clone()),
        "same seed, same split"
    );
    assert_ne!(
        split(6),
        (train.clone(), test.clone()),
        "another seed, another split"
    );
    // ⌈0.15 · 83⌉ = 13 test samples; every index once.
    assert_eq!((train.len(), test.len()), (70, 13));
    let mut all: Vec<usize> = train.iter().chain(&test).copied().collect();
    all.sort_unstable();
    assert_eq!(all, (0..n).collect::<Vec<_>>());
    // Shuffled, not sorted by class or index.
    assert!(!train.is_sorted());
}

#[test]
fn the_data_set_split_takes_the_rows_of_the_indices() {
    let data = iris::<f64>();
    let (train, test) =
        stratified_train_test_split(&data, 0.2, &mut StdRng::seed_from_u64(1)).unwrap();
    let (train_rows, test_rows) =
        stratified_split_indices(data.targets(), 0.2, &mut StdRng::seed_from_u64(1)).unwrap();
    assert_eq!(train, data.select(&train_rows).unwrap());
    assert_eq!(test, data.select(&test_rows).unwrap());
    // scikit-learn's allocation for iris at 0.2: 10 of each class.
    let (_, _, allocations) = case("balanced");
    assert!(allocations.contains(&counts(data.targets(), &test_rows)));
    assert_eq!(test.target_names(), data.target_names());
}

#[test]
fn refused_as_scikit_learn_refuses() {
    let rng = &mut StdRng::seed_from_u64(0);
    let labels = array![0.0, 0.0, 1.0, 1.0, 2.0];
    // scikit-learn: "The least populated classes in y have only 1 member, … Classes with too few members are: [2]"
    assert_eq!(
        stratified_split_indices(&labels, 0.4, rng).unwrap_err(),
        Error::InvalidValue {
            what: "targets",
            index: 4,
            value: 2.0,
            requirement: "a class of at least 2 samples: a stratified split puts some of each class in both sets",
        }
    );
    // scikit-learn: "The test_size = 2 should be greater or equal to the number of classes = 3"
    let labels = array![0.0, 0.0, 1.0, 1.0, 2.0, 2.0];
    assert!(matches!(
        stratified_split_indices(&labels, 0.3, rng),
        Err(Error::InvalidSetting {
            name: "test_fraction",
            value: 0.3,
            ..
        })
    ));
    // And the training set: 6 − ⌈0.8 · 6⌉ = 1 < 3 classes.
    let err = stratified_split_indices(&labels, 0.8, rng).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("test_fraction is 0.8, but it must be small enough"),
        "{err}"
    );
    for fraction in [0.0, 1.0, -0.5, f64::NAN] {
        assert!(
            matches!(
                stratified_split_indices(&labels, fraction, rng),
                Err(Error::InvalidSetting {
                    name: "test_fraction",
                    ..
                })
            ),
            "{fraction}"
        );
    }
    assert_eq!(
        stratified_split_indices(&array![0.0, 0.5, 0.0, 0.5], 0.5, rng)
            .unwrap_err()
            .to_string(),
        "targets at index 1 is 0.5, but it must be a class label: a whole number ≥ 0"
    );
    assert!(matches!(
        stratified_split_indices(&array![0.0_f32, 0.0, -1.0, -1.0], 0.5, rng),
        Err(Error::InvalidValue { index: 2, .. })
    ));
    assert!(matches!(
        stratified_split_indices(&Array1::<f64>::zeros(0), 0.5, rng),
        Err(Error::Empty { .. })
    ));
    let regression = Dataset::new(Array2::zeros((4, 1)), array![0.5, 1.5, 0.5, 1.5]).unwrap();
    assert!(stratified_train_test_split(&regression, 0.5, rng).is_err());
}
