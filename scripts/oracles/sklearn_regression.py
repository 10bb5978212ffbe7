"""Oracle: scikit-learn's regression metrics on fixed cases, printed as the
Rust lines of tests/suite/regression_metrics.rs (run and paste; float64 repr).

    python3 scripts/oracles/sklearn_regression.py
"""
import numpy as np
import sklearn
from sklearn.metrics import (explained_variance_score, mean_absolute_error,
                             mean_squared_error, r2_score, root_mean_squared_error)

CASES = {
    "docs": ([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]),
    "offset": ([1.0, 2.0, 3.0, 4.0], [2.0, 3.0, 4.0, 5.0]),
    "worse_than_mean": ([1.0, 2.0, 3.0], [3.0, 2.0, 1.0]),
    "constant_exact": ([2.0, 2.0, 2.0], [2.0, 2.0, 2.0]),
    "constant_off": ([2.0, 2.0, 2.0], [2.0, 2.5, 2.0]),
    "random": (np.random.default_rng(5).normal(size=7).tolist(),
               np.random.default_rng(6).normal(size=7).tolist()),
}

print(f"// scikit-learn {sklearn.__version__}")
for name, (t, p) in CASES.items():
    values = [mean_absolute_error(t, p), mean_squared_error(t, p), root_mean_squared_error(t, p),
              r2_score(t, p), explained_variance_score(t, p)]
    print(f'("{name}", &{t!r}, &{p!r}, [{", ".join(repr(float(v)) for v in values)}]),')
