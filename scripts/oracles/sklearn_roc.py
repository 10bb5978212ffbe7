"""Oracle: scikit-learn's roc_curve (default drop_intermediate=True) and
roc_auc_score on fixed cases with ties, printed as the Rust cases of
tests/suite/roc.rs (float64 repr).

    python3 scripts/oracles/sklearn_roc.py
"""
import numpy as np
import sklearn
from sklearn.metrics import roc_auc_score, roc_curve

rng = np.random.default_rng(9)
CASES = {
    "docs": ([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]),
    "ties": ([0, 1, 0, 1, 1, 0, 1, 0], [0.5, 0.5, 0.2, 0.9, 0.5, 0.2, 0.7, 0.9]),
    "perfect": ([0, 0, 1, 1, 1], [0.1, 0.2, 0.6, 0.7, 0.8]),
    "reversed": ([1, 1, 0, 0], [0.1, 0.2, 0.6, 0.7]),
    "all_tied": ([0, 1, 1, 0, 1], [0.3] * 5),
    "random": (rng.integers(0, 2, 20).tolist(), np.round(rng.uniform(size=20), 1).tolist()),
}

print(f"// scikit-learn {sklearn.__version__}")
for name, (t, s) in CASES.items():
    fpr, tpr, thr = roc_curve(t, s)
    auc = roc_auc_score(t, s)
    f = lambda a: ", ".join(repr(float(v)) if np.isfinite(v) else "f64::INFINITY" for v in a)
    print(f'("{name}", &{[float(v) for v in t]!r}, &{[float(v) for v in s]!r}, &[{f(fpr)}], &[{f(tpr)}], &[{f(thr)}], {auc!r}),')
