"""Oracle: L2 logistic regression on the standardised breast-cancer data.

X, y = load_breast_cancer(return_X_y=True), all 569 rows standardised with
StandardScaler() (population std, ddof=0).  Two fits:
  (a) LogisticRegression()                          -- sklearn defaults (lbfgs, C=1, tol=1e-4, max_iter=100)
  (b) LogisticRegression(tol=1e-12, max_iter=100000) -- (essentially) the exact optimum
For each: coef_, intercept_, training accuracy, mean log loss and the objective
    J(w, b) = mean_log_loss + ||w||^2 / (2 n),  n = 569,
which is sklearn's objective divided by n*C (C = 1); the intercept is not penalised.
For (b) we also polish the optimum with a few Newton steps in float64 and print the
gradient norm, to show how exact it is.

Floats are printed with repr(): the shortest string that round-trips to the same
f64 (Rust's `str::parse::<f64>` gives back the identical value).
Run: python scripts/oracles/logistic_breast_cancer.py
"""
import numpy as np
import sklearn
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, log_loss
from sklearn.preprocessing import StandardScaler


def fmt(a):
    return "[" + ", ".join(repr(float(v)) for v in np.ravel(a)) + "]"


def objective(w, b, X, y):
    """Mean log loss + ||w||^2/(2n), computed stably from the logits."""
    z = X @ w + b
    # log(1+exp(-z)) for y=1, log(1+exp(z)) for y=0
    losses = np.logaddexp(0.0, np.where(y == 1, -z, z))
    return losses.mean() + w @ w / (2 * len(y))


def gradient(w, b, X, y):
    n = len(y)
    r = 1.0 / (1.0 + np.exp(-(X @ w + b))) - y
    return X.T @ r / n + w / n, r.mean()


X, y = load_breast_cancer(return_X_y=True)
n = X.shape[0]
print("numpy", np.__version__, "| scikit-learn", sklearn.__version__)
print("n =", n)

scaler = StandardScaler()  # with_mean=True, with_std=True, ddof=0
Xs = scaler.fit_transform(X)
print("scaler.mean_[:3]  =", fmt(scaler.mean_[:3]))
print("scaler.scale_[:3] =", fmt(scaler.scale_[:3]))
print("Xs[0, :3]         =", fmt(Xs[0, :3]))
print()

for label, model in [
    ("(a) LogisticRegression() defaults", LogisticRegression()),
    ("(b) LogisticRegression(tol=1e-12, max_iter=100000)", LogisticRegression(tol=1e-12, max_iter=100000)),
]:
    model.fit(Xs, y)
    w, b = model.coef_[0], model.intercept_[0]
    proba = model.predict_proba(Xs)
    acc = accuracy_score(y, model.predict(Xs))
    mll = log_loss(y, proba)
    J = mll + w @ w / (2 * n)
    gw, gb = gradient(w, b, Xs, y)
    print(label)
    print("  n_iter_           =", int(model.n_iter_[0]))
    print("  coef_             =", fmt(w))
    print("  intercept_        =", repr(float(b)))
    print("  train accuracy    =", repr(float(acc)), f"({int(round(acc * n))}/{n})")
    print("  mean log loss     =", repr(float(mll)))
    print("  ||coef||^2        =", repr(float(w @ w)))
    print("  J                 =", repr(float(J)))
    print("  J (own logaddexp) =", repr(float(objective(w, b, Xs, y))))
    print("  max|grad J|       =", repr(float(max(np.abs(gw).max(), abs(gb)))))
    print()

# Newton polish of (b): J is strictly convex (L2 term), so this converges
# quadratically to the unique minimiser.
w, b = model.coef_[0].copy(), float(model.intercept_[0])
A = np.hstack([Xs, np.ones((n, 1))])
for it in range(5):
    p = 1.0 / (1.0 + np.exp(-(A @ np.append(w, b))))
    g = A.T @ (p - y) / n
    g[:-1] += w / n
    H = (A * (p * (1 - p))[:, None]).T @ A / n
    H[np.arange(30), np.arange(30)] += 1.0 / n
    step = np.linalg.solve(H, g)
    w, b = w - step[:-1], b - step[-1]
gw, gb = gradient(w, b, Xs, y)
print("(c) Newton-polished optimum (5 Newton steps from (b), float64)")
print("  coef              =", fmt(w))
print("  intercept         =", repr(float(b)))
print("  J                 =", repr(float(objective(w, b, Xs, y))))
print("  max|grad J|       =", repr(float(max(np.abs(gw).max(), abs(gb)))))
print("  max|coef(c)-coef(b)| =", repr(float(np.abs(w - model.coef_[0]).max())))
