"""Oracle: scikit-learn's cross_val_score with deterministic estimators whose
fit is a formula, so that a closure can fit the same model (issue 25):

- LinearRegression on one feature (slope and intercept of least squares),
  KFold(5), default scoring (R²), on 23 noisy points of y = 2x − 1;
- DummyRegressor (the training mean), KFold(4), scoring neg_mean_squared_error;
- NearestCentroid (each class's mean; the nearest mean's class), StratifiedKFold(5),
  default scoring (accuracy), on iris and breast cancer (load_iris,
  load_breast_cancer: the crate's bundled copies).

Prints the Rust constants of tests/suite/cross_val.rs (float64 repr).
Run: python scripts/oracles/sklearn_cross_val.py
"""
import numpy as np
import sklearn
from sklearn.datasets import load_breast_cancer, load_iris
from sklearn.dummy import DummyRegressor
from sklearn.linear_model import LinearRegression
from sklearn.model_selection import KFold, StratifiedKFold, cross_val_score
from sklearn.neighbors import NearestCentroid

rng = np.random.default_rng(25)
x = np.round(rng.uniform(-2, 3, size=23), 3)
y = np.round(2 * x - 1 + rng.normal(scale=0.8, size=23), 3)
X = x.reshape(-1, 1)
r = lambda a: ", ".join(repr(float(v)) for v in a)

print(f"// scikit-learn {sklearn.__version__}")
print(f"const X: [f64; {len(x)}] = [{r(x)}];")
print(f"const Y: [f64; {len(y)}] = [{r(y)}];")
print("// cross_val_score(LinearRegression(), X, y, cv=KFold(5))")
print(f"const LINEAR_R2: [f64; 5] = [{r(cross_val_score(LinearRegression(), X, y, cv=KFold(5)))}];")
print("// cross_val_score(DummyRegressor(), X, y, cv=KFold(4), scoring='neg_mean_squared_error')")
print(f"const MEAN_NEG_MSE: [f64; 4] = [{r(cross_val_score(DummyRegressor(), X, y, cv=KFold(4), scoring='neg_mean_squared_error'))}];")
for name, load in [("IRIS", load_iris), ("BREAST_CANCER", load_breast_cancer)]:
    data = load()
    scores = cross_val_score(NearestCentroid(), data.data, data.target, cv=StratifiedKFold(5))
    print(f"// cross_val_score(NearestCentroid(), {load.__name__}() data, target, cv=StratifiedKFold(5))")
    print(f"const {name}_CENTROID_ACCURACY: [f64; 5] = [{r(scores)}];")
