"""Oracle: classification / regression metrics from sklearn.metrics.

y_true = [1,0,1,1,0,1,0,0,1,1]
p      = [0.9,0.2,0.4,0.8,0.6,0.7,0.1,0.3,0.55,0.45]   (predicted P(y=1))
y_pred = 1 where p >= 0.5 else 0
Confusion matrix layout (sklearn): rows = TRUE class, columns = PREDICTED class,
labels ordered [0, 1]:  [[TN, FP], [FN, TP]].
Floats printed with repr() (shortest round-trip f64 string).
Run: python scripts/oracles/metrics.py
"""
import numpy as np
import sklearn
from sklearn.metrics import (accuracy_score, confusion_matrix, f1_score, log_loss,
                             mean_squared_error, precision_score, recall_score)

y_true = np.array([1, 0, 1, 1, 0, 1, 0, 0, 1, 1])
p = np.array([0.9, 0.2, 0.4, 0.8, 0.6, 0.7, 0.1, 0.3, 0.55, 0.45])
y_pred = (p >= 0.5).astype(int)

print("scikit-learn", sklearn.__version__)
print("y_pred (p >= 0.5)  =", y_pred.tolist())
print("accuracy_score     =", repr(float(accuracy_score(y_true, y_pred))))
print("precision_score    =", repr(float(precision_score(y_true, y_pred))))
print("recall_score       =", repr(float(recall_score(y_true, y_pred))))
print("f1_score           =", repr(float(f1_score(y_true, y_pred))))
print("log_loss(y, p)     =", repr(float(log_loss(y_true, p))))
print("mean_squared_error(y, p) =", repr(float(mean_squared_error(y_true, p))))
cm = confusion_matrix(y_true, y_pred, labels=[0, 1])
print("confusion_matrix (rows true, cols pred, labels [0,1]) =", cm.tolist())
(tn, fp), (fn, tp) = cm
print(f"TN={tn} FP={fp} FN={fn} TP={tp}")

# Cross-check from the definitions (mean of -[y ln p + (1-y) ln(1-p)]).
ll = -np.mean(y_true * np.log(p) + (1 - y_true) * np.log(1 - p))
print("log_loss by formula      =", repr(float(ll)))
print("MSE by formula           =", repr(float(np.mean((y_true - p) ** 2))))
print("precision = TP/(TP+FP) =", f"{tp}/{tp + fp}", " recall = TP/(TP+FN) =", f"{tp}/{tp + fn}",
      " f1 = 2TP/(2TP+FP+FN) =", f"{2 * tp}/{2 * tp + fp + fn}")
