"""Oracle: multi-class classification metrics from sklearn.metrics.

Every call passes labels=range(n_classes), so a class that occurs in neither
y_true nor y_pred still has its row, column and report line, as in the crate.
Rows of confusion_matrix are the TRUE class, columns the PREDICTED class.
Precision, recall and F1 use sklearn's default zero_division="warn": a 0/0 is
reported as 0.0 (with a warning, silenced here).

Case 1, 3 classes: class 1 never occurs in y_true (its recall is 0/0) and class 2
  never occurs in y_pred (its precision is 0/0). Case 1b: the same labels with
  n_classes = 4, so class 3 has no samples and no predictions (all three 0/0);
  the macro average still counts it, as sklearn's does.
Case 2, 4 classes: predicted probabilities P (rows sum to 1; one true class
  given probability 0 and one given 1, so that clipping matters), y_pred =
  argmax P; scores S for top_k with ties (among equal scores sklearn ranks the
  higher class index first: argsort(kind="mergesort") reversed).
Case 3: case 2's labels, P and S as float32 (log_loss then computes in float32,
  clipping to float32's eps).
Case 4: a row of P that does not sum to 1: sklearn warns and computes anyway.
Floats printed with repr() (shortest round-trip f64 string).
Run: python scripts/oracles/multiclass_metrics.py
"""
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import UndefinedMetricWarning
from sklearn.metrics import (accuracy_score, classification_report, confusion_matrix,
                             log_loss, precision_recall_fscore_support,
                             top_k_accuracy_score)

warnings.simplefilter("ignore", UndefinedMetricWarning)


def floats(a):
    return "[" + ", ".join(repr(float(x)) for x in a) + "]"


def label_metrics(name, y_true, y_pred, n_classes):
    labels = list(range(n_classes))
    print(f"{name}: n_classes = {n_classes}")
    print("  accuracy_score =", repr(float(accuracy_score(y_true, y_pred))))
    cm = confusion_matrix(y_true, y_pred, labels=labels)
    print("  confusion_matrix =", cm.tolist())
    p, r, f, s = precision_recall_fscore_support(y_true, y_pred, labels=labels,
                                                 average=None)
    print("  precision (average=None) =", floats(p))
    print("  recall    (average=None) =", floats(r))
    print("  f1        (average=None) =", floats(f))
    print("  support                  =", s.tolist())
    for average in ("macro", "weighted"):
        p, r, f, _ = precision_recall_fscore_support(y_true, y_pred, labels=labels,
                                                     average=average)
        print(f"  {average} precision, recall, f1 =", floats([p, r, f]))
    print("  classification_report (digits=2):")
    print(classification_report(y_true, y_pred, labels=labels), end="")
    print("  end of report")


print("scikit-learn", sklearn.__version__, " numpy", np.__version__)

# Case 1
y_true1 = np.array([0, 2, 0, 0, 2, 2, 0, 2, 0, 0, 2])
y_pred1 = np.array([0, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0])
print("case 1: y_true =", y_true1.tolist())
print("case 1: y_pred =", y_pred1.tolist())
label_metrics("case 1", y_true1, y_pred1, 3)
label_metrics("case 1b", y_true1, y_pred1, 4)

# Case 2
y_true2 = np.array([0, 1, 2, 3, 1, 2, 0, 3, 2, 1])
P = np.array([
    [0.7, 0.1, 0.1, 0.1],
    [0.2, 0.5, 0.2, 0.1],
    [0.1, 0.6, 0.2, 0.1],
    [0.25, 0.25, 0.25, 0.25],
    [0.0, 1.0, 0.0, 0.0],    # true class given 1: clipped to 1 - eps
    [0.3, 0.3, 0.4, 0.0],
    [0.0, 0.5, 0.25, 0.25],  # true class given 0: clipped to eps
    [0.1, 0.2, 0.3, 0.4],
    [0.05, 0.05, 0.8, 0.1],
    [0.4, 0.35, 0.15, 0.1],
])
S = np.array([
    [2.0, 1.0, 0.5, -1.0],
    [0.3, 0.3, 0.2, 0.2],    # true 1 ties with 0: 1 ranks first (higher index)
    [1.0, 2.0, 2.0, 0.0],    # true 2 ties with 1: 2 ranks first
    [0.5, 0.1, 0.1, 0.1],    # true 3 ties with 1, 2: 3 ranks 2nd (hit for k >= 2)
    [0.4, 0.2, 0.2, 0.2],    # true 1 ties with 2, 3: 1 ranks 4th (miss for k <= 3)
    [-1.0, -2.0, -3.0, -4.0],
    [0.0, 0.0, 0.0, 0.0],    # true 0, all tied: ranks last
    [1.0, 3.0, 2.0, 0.0],
    [0.1, 0.9, 0.5, 0.5],    # true 2 ties with 3: 3 ranks first, 2 third
    [0.2, 0.2, 0.3, 0.3],    # true 1 ties with 0: 1 ranks third
])
y_pred2 = P.argmax(axis=1)
print("case 2: y_true =", y_true2.tolist())
print("case 2: y_pred = argmax P =", y_pred2.tolist())
label_metrics("case 2", y_true2, y_pred2, 4)
print("case 2 report with target_names=['cat', 'dog', 'bird', 'horse'], digits=4:")
print(classification_report(y_true2, y_pred2, labels=range(4),
                            target_names=["cat", "dog", "bird", "horse"], digits=4), end="")
print("end of report")
print("case 2: log_loss(y_true, P, labels=range(4)) =",
      repr(float(log_loss(y_true2, P, labels=range(4)))))
eps = np.finfo(np.float64).eps
per_sample = -np.log(np.clip(P[np.arange(len(y_true2)), y_true2], eps, 1 - eps))
print("case 2: log_loss by formula, -mean(ln clip(P[i, y_i], eps, 1 - eps)) =",
      repr(float(per_sample.mean())))
print("case 2: per-sample -ln clip(P[i, y_i]) =", floats(per_sample))
for k in (1, 2, 3, 4, 5):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # k >= n_classes warns
        score = top_k_accuracy_score(y_true2, S, k=k, labels=range(4))
    print(f"case 2: top_k_accuracy_score(y_true, S, k={k}, labels=range(4)) =",
          repr(float(score)))
print("case 2: ranking of each row of S (best first) =",
      np.argsort(S, axis=1, kind="mergesort")[:, ::-1].tolist())
print("case 2: top_k_accuracy_score(y_true, P, k=1, labels=range(4)) =",
      repr(float(top_k_accuracy_score(y_true2, P, k=1, labels=range(4)))),
      " (row 3 is a four-way tie: argmax takes class 0, top-k ranks class 3 first)")
print("case 2: top_k_accuracy_score(y_true, P, k=2, labels=range(4)) =",
      repr(float(top_k_accuracy_score(y_true2, P, k=2, labels=range(4)))))

# Case 3
y_true3 = y_true2.astype(np.float32)
P32 = P.astype(np.float32)
S32 = S.astype(np.float32)
print("case 3: float32 log_loss(y_true, P, labels=range(4)) =",
      repr(float(log_loss(y_true3, P32, labels=range(4)))))
print("case 3: float32 eps =", repr(float(np.finfo(np.float32).eps)))
for k in (1, 2, 3):
    print(f"case 3: float32 top_k_accuracy_score(k={k}) =",
          repr(float(top_k_accuracy_score(y_true3, S32, k=k, labels=range(4)))))
print("case 3: float32 accuracy_score(y_true, argmax P) =",
      repr(float(accuracy_score(y_true3, P32.argmax(axis=1).astype(np.float32)))))

# Case 4
P4 = np.array([[0.5, 0.3, 0.1], [0.2, 0.2, 0.6]])  # row 0 sums to 0.9
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    value = log_loss([0, 2], P4, labels=range(3))
print("case 4: log_loss([0, 2], [[0.5, 0.3, 0.1], [0.2, 0.2, 0.6]]) =", repr(float(value)))
print("case 4: warnings:", [str(w.message) for w in caught])
print("case 4: row-sum tolerance, isclose(sum, 1, rtol=sqrt(eps), atol=1e-8): rtol =",
      repr(float(np.sqrt(eps))))
