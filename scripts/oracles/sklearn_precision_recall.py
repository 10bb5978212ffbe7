"""Oracle: scikit-learn's precision_recall_curve (default
drop_intermediate=False) and average_precision_score on fixed cases with ties,
printed as the Rust cases of tests/suite/precision_recall.rs (float64 repr), and what
scikit-learn does with targets of one class.

    python3 scripts/oracles/sklearn_precision_recall.py
"""
import warnings

import numpy as np
import sklearn
from sklearn.metrics import average_precision_score, precision_recall_curve

rng = np.random.default_rng(25)
CASES = {
    "docs": ([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]),
    "ties": ([0, 1, 0, 1, 1, 0, 1, 0], [0.5, 0.5, 0.2, 0.9, 0.5, 0.2, 0.7, 0.9]),
    "perfect": ([0, 0, 1, 1, 1], [0.1, 0.2, 0.6, 0.7, 0.8]),
    "reversed": ([1, 1, 0, 0], [0.1, 0.2, 0.6, 0.7]),
    "all_tied": ([0, 1, 1, 0, 1], [0.3] * 5),
    "all_positive": ([1, 1, 1, 1], [0.2, 0.9, 0.2, 0.5]),
    "negative_scores": ([1, 0, 1, 0, 0, 1], [-2.5, -0.5, 3.0, -0.5, 1.25, 0.0]),
    "random": (rng.integers(0, 2, 40).tolist(), np.round(rng.uniform(size=40), 2).tolist()),
}

print(f"// scikit-learn {sklearn.__version__}")
r = lambda a: ", ".join(repr(float(v)) for v in a)
for name, (t, s) in CASES.items():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # none of these cases may warn
        precision, recall, thresholds = precision_recall_curve(t, s)
        ap = average_precision_score(t, s)
    print(f'("{name}", &[{r(t)}], &[{r(s)}], &[{r(precision)}], &[{r(recall)}], &[{r(thresholds)}], {ap!r}),')

# Targets of class 0 only: recall is 0 / 0; scikit-learn warns, sets recall to 1, AP 0.
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    precision, recall, thresholds = precision_recall_curve([0, 0, 0], [0.1, 0.4, 0.35])
    ap = average_precision_score([0, 0, 0], [0.1, 0.4, 0.35])
print(f"// all negative: precision {precision.tolist()}, recall {recall.tolist()}, AP {ap!r}; warned: {sorted({str(w.message) for w in caught})}")
