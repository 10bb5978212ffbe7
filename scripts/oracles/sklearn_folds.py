"""Oracle: scikit-learn's KFold and StratifiedKFold without shuffling (issue 25).

Writes tests/fixtures/sklearn_folds.txt, one line per fold:
    case fold test i j k …
(the test indices; the training indices are the others). Cases:
- kfold_n10_k3, kfold_n7_k7, kfold_n100_k4: KFold(n_splits=k) on n samples;
- strat_*: StratifiedKFold(n_splits=k) on the labels printed on the case's
  `labels` line (classes in any order, unbalanced, one class smaller than k).
Run: python scripts/oracles/sklearn_folds.py
"""
from pathlib import Path
import warnings

import numpy as np
import sklearn
from sklearn.model_selection import KFold, StratifiedKFold

ROOT = Path(__file__).resolve().parent.parent.parent
lines = [f"# scikit-learn {sklearn.__version__}: case fold test-indices (or case labels …)"]

for n, k in [(10, 3), (7, 7), (100, 4)]:
    for f, (_, test) in enumerate(KFold(n_splits=k).split(np.zeros(n))):
        lines.append(f"kfold_n{n}_k{k} {f} " + " ".join(map(str, test)))

rng = np.random.RandomState(0)
label_sets = {
    "strat_balanced_k3": ([0, 1, 2] * 6, 3),
    "strat_first_seen_k4": ([2, 2, 0, 1, 2, 0, 0, 1, 2, 2, 1, 0, 2, 2, 2, 1, 0, 0, 2, 1, 1], 4),
    "strat_unbalanced_k5": (list(rng.choice([0, 1, 2, 3], size=57, p=[0.6, 0.25, 0.1, 0.05])), 5),
    "strat_binary_k2": ([0.0, 0.0, 0.0, 0.0, 1.0, 1.0], 2),
}
for name, (labels, k) in label_sets.items():
    labels = np.asarray(labels, dtype=float)
    lines.append(f"{name} labels " + " ".join(repr(float(v)) for v in labels))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "The least populated class has only … members"
        for f, (_, test) in enumerate(StratifiedKFold(n_splits=k).split(np.zeros(len(labels)), labels)):
            lines.append(f"{name} {f} " + " ".join(map(str, test)))

out = ROOT / "tests" / "fixtures" / "sklearn_folds.txt"
out.write_text("\n".join(lines) + "\n")
print(f"wrote {out} ({len(lines) - 1} lines)")
