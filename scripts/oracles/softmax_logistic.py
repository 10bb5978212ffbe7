"""Oracle: multinomial (softmax) L2 logistic regression on iris, wine and digits.

For each data set (all samples; X from data/<name>.csv, equal to sklearn's load_<name>()):
  Xs = StandardScaler().fit_transform(X)   -- mean 0, population std (ddof=0);
                                              a constant column gets scale 1 (so stays 0)
  model = LogisticRegression(C=1.0, tol=1e-12, max_iter=100000).fit(Xs, y)
          (lbfgs; multinomial for more than 2 classes in scikit-learn >= 1.5, the only
           option in 1.9 where `multi_class` is gone; the penalty is L2 by default)
then polished with full Newton steps in float64 (exact Hessian) to the exact optimum.

Shape conventions (n samples, d features, K classes):
  sklearn coef_      : (K, d)      intercept_ : (K,)
  logits Z = Xs @ coef_.T + intercept_            : (n, K)
  rust layout W = coef_.T : (d, K) = (n_inputs, n_units), b = intercept_ : (K,),
  so Z = Xs.dot(W) + b, row i of Z holds the K class scores of sample i.
  P = softmax(Z) row-wise; predicted class = argmax of row i.

Objective (printed J), computed here with NumPy from coef_ / intercept_:
  J(W, b) = (1/n) sum_i -log softmax(Z_i)[y_i]  +  ||W||_F^2 / (2 n)
The intercept is not penalised.  J equals sklearn's objective divided by C*n (C = 1);
sklearn 1.9 itself minimises exactly this J (mean loss + l2_reg_strength/2 ||W||^2 with
l2_reg_strength = 1/(C n)).
Gradient:  dJ/dW = Xs^T (P - Y) / n + W / n   (rust layout, d x K),  dJ/db = mean_rows(P - Y),
with Y the one-hot targets.  We print max|grad| and the Frobenius norm of the full gradient.

NOTE: the intercept is defined only up to a common additive constant (adding c to every
b_k leaves all softmax probabilities unchanged and b is not penalised).  Because every
gradient of b sums to 0 over the classes, lbfgs started from zero keeps sum_k b_k = 0,
and so does our min-norm Newton step; compare b with sum(b) = 0 (or compare J / P).
Likewise the columns of W (rust layout) sum to 0 over the classes at the optimum.

Floats printed with repr() (shortest round-trip f64 string).
Run from the repository root: python scripts/oracles/softmax_logistic.py
"""
import os
import warnings

import numpy as np
import scipy
import sklearn
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))


def fmt(a):
    a = np.asarray(a)
    if a.ndim == 0:
        return repr(float(a))
    return "[" + ", ".join(fmt(r) for r in a) + "]"


def load(name):
    with open(os.path.join(REPO, "data", name + ".csv")) as f:
        lines = f.read().splitlines()
    if name != "digits":  # digits.csv has no header line
        lines = lines[1:]
    a = np.array([[float(v) for v in ln.split(",")] for ln in lines])
    return a[:, :-1], a[:, -1].astype(int)


def log_softmax(Z):
    m = Z.max(axis=1, keepdims=True)
    return Z - m - np.log(np.exp(Z - m).sum(axis=1, keepdims=True))


def objective(W, b, X, y):
    """W in rust layout (d, K)."""
    n = X.shape[0]
    ls = log_softmax(X @ W + b)
    ce = -ls[np.arange(n), y].mean()
    return ce + (W * W).sum() / (2 * n), ce


def gradient(W, b, X, Y):
    n = X.shape[0]
    R = np.exp(log_softmax(X @ W + b)) - Y
    return X.T @ R / n + W / n, R.mean(axis=0)


def newton_step(W, b, X, Y):
    """Exact Newton step on theta = [W (d x K, column k = class k); b], min-norm solve."""
    n, d = X.shape
    K = Y.shape[1]
    A = np.hstack([X, np.ones((n, 1))])  # (n, d+1)
    P = np.exp(log_softmax(X @ W + b))
    gW, gb = gradient(W, b, X, Y)
    G = np.vstack([gW, gb[None, :]])  # (d+1, K)
    D = d + 1
    H = np.zeros((K * D, K * D))
    for k in range(K):
        for l in range(K):
            s = P[:, k] * ((k == l) - P[:, l])
            H[k * D:(k + 1) * D, l * D:(l + 1) * D] = (A * s[:, None]).T @ A / n
    # penalty ||W||^2/(2n): Hessian 1/n on the weight entries, not on the intercepts
    for k in range(K):
        idx = np.arange(k * D, k * D + d)
        H[idx, idx] += 1.0 / n
    g = G.T.reshape(-1)  # class-major: [G[:,0], G[:,1], ...]
    step = np.linalg.lstsq(H, g, rcond=None)[0]  # H is singular along "shift all b_k"
    S = step.reshape(K, D).T
    return W - S[:d], b - S[d]


print("numpy", np.__version__, "| scipy", scipy.__version__, "| scikit-learn", sklearn.__version__)
print(__doc__.split("Objective")[0].split("Shape conventions")[1].join(["Shape conventions", ""]).rstrip())
print()

for name in ["iris", "wine", "digits"]:
    X, y = load(name)
    n, d = X.shape
    K = int(y.max()) + 1
    Y = np.eye(K)[y]
    scaler = StandardScaler()
    Xs = scaler.fit_transform(X)
    print(f"=================== {name}: n = {n}, d = {d}, K = {K} ===================")
    const = np.flatnonzero(X.std(axis=0) == 0)
    print("constant columns (scale_ = 1, standardised value 0):", [int(c) for c in const])
    print("scaler.mean_[:4]  =", fmt(scaler.mean_[:4]))
    print("scaler.scale_[:4] =", fmt(scaler.scale_[:4]))
    print("Xs[0, :4]         =", fmt(Xs[0, :4]))

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = LogisticRegression(C=1.0, tol=1e-12, max_iter=100000).fit(Xs, y)
    for w in caught:
        print("  warning from fit:", type(w.message).__name__, str(w.message).splitlines()[0])
    W, b = model.coef_.T.copy(), model.intercept_.copy()
    print("coef_.shape =", model.coef_.shape, " intercept_.shape =", model.intercept_.shape,
          " rust W shape =", W.shape)
    J, ce = objective(W, b, Xs, y)
    gW, gb = gradient(W, b, Xs, Y)
    gmax = max(np.abs(gW).max(), np.abs(gb).max())
    gnorm = np.sqrt((gW ** 2).sum() + (gb ** 2).sum())
    acc = (model.predict(Xs) == y).mean()
    print("(a) sklearn lbfgs, C=1, tol=1e-12")
    print("  n_iter_          =", int(np.ravel(model.n_iter_)[0]))
    print("  J                =", repr(float(J)))
    print("  mean CE          =", repr(float(ce)))
    print("  max|grad J|      =", repr(float(gmax)))
    print("  ||grad J||_2     =", repr(float(gnorm)))
    print("  train accuracy   =", repr(float(acc)), f"({int(round(acc * n))}/{n})")
    print("  sum(intercept_)  =", repr(float(b.sum())))

    steps = 0
    while steps < 20:
        gW, gb = gradient(W, b, Xs, Y)
        if max(np.abs(gW).max(), np.abs(gb).max()) < 1e-15:
            break
        W, b = newton_step(W, b, Xs, Y)
        steps += 1
    J, ce = objective(W, b, Xs, y)
    gW, gb = gradient(W, b, Xs, Y)
    gmax = max(np.abs(gW).max(), np.abs(gb).max())
    gnorm = np.sqrt((gW ** 2).sum() + (gb ** 2).sum())
    Z = Xs @ W + b
    acc = (Z.argmax(axis=1) == y).mean()
    print(f"(b) exact optimum: (a) + {steps} Newton steps (float64, exact Hessian)")
    print("  J                =", repr(float(J)))
    print("  mean CE          =", repr(float(ce)))
    print("  ||W||_F^2        =", repr(float((W * W).sum())))
    print("  max|grad J|      =", repr(float(gmax)))
    print("  ||grad J||_2     =", repr(float(gnorm)))
    print("  train accuracy   =", repr(float(acc)), f"({int(round(acc * n))}/{n})")
    print("  sum(b)           =", repr(float(b.sum())), " max|column sums of W| =",
          repr(float(np.abs(W.sum(axis=1)).max())))
    print("  max|W(b) - coef_.T(a)| =", repr(float(np.abs(W - model.coef_.T).max())))
    print("  b                =", fmt(b))
    if d <= 13:
        print("  W (rust layout, d x K) =", fmt(W))
    else:
        print("  W[:, 0] (rust layout column of class 0) =", fmt(W[:, 0]))
    print("  P[0] = softmax(Z[0]) =", fmt(np.exp(log_softmax(Z[:1]))[0]))
    print()
