"""Oracle: how many samples of each class scikit-learn's
train_test_split(X, y, test_size=f, stratify=y) puts in the test set
(StratifiedShuffleSplit's allocation, _approximate_mode), for several class
mixes (issue 25).

The rows it picks depend on NumPy's generator, which the crate does not use;
the counts per class do not, except where classes tie for the last samples,
and then scikit-learn breaks the tie at random. So each case lists every
allocation seen over random_state = 0 … 199 (one, unless classes tie).

Writes tests/fixtures/sklearn_stratified_split.txt:
    case fraction f
    case labels y0 y1 …
    case test_counts n0 n1 …      (per class, classes in increasing order; one line per allocation seen)
and prints the errors scikit-learn gives for a class of one sample and for a
test set smaller than the number of classes.
Run: python scripts/oracles/sklearn_stratified_split.py
"""
from collections import Counter
from pathlib import Path

import numpy as np
import sklearn
from sklearn.model_selection import train_test_split

ROOT = Path(__file__).resolve().parent.parent.parent
rng = np.random.RandomState(25)
CASES = {
    # iris: 50 of each class
    "balanced": ([0] * 50 + [1] * 50 + [2] * 50, 0.2),
    # breast cancer: 212 malignant, 357 benign
    "breast_cancer": ([0] * 212 + [1] * 357, 0.25),
    "small_binary": ([1, 0, 1, 1, 0], 0.4),
    "unbalanced": ([3, 0, 3, 1, 2, 3, 3, 0, 3, 3, 2, 3, 1, 3, 3, 3, 0, 3, 3, 3], 0.3),
    # four classes of 3 tie for the last training samples: the test counts vary
    "tied": ([0, 1, 2, 3] * 3, 0.35),
    "many_classes": (list(rng.choice(6, size=83, p=[0.35, 0.25, 0.15, 0.12, 0.08, 0.05])), 0.15),
    # classes first seen out of order, some of 2 samples
    "pairs": ([4, 2, 4, 0, 2, 1, 0, 1, 4, 4, 4, 4], 0.5),
}

lines = [f"# scikit-learn {sklearn.__version__}: train_test_split(..., stratify=y) test counts per class"]
for name, (y, fraction) in CASES.items():
    y = np.asarray(y, dtype=float)
    classes = np.unique(y)
    seen = set()
    for seed in range(200):
        _, y_test = train_test_split(y, test_size=fraction, stratify=y, random_state=seed)
        counts = Counter(y_test.tolist())
        seen.add(tuple(counts.get(c, 0) for c in classes.tolist()))
    lines.append(f"{name} fraction {fraction!r}")
    lines.append(f"{name} labels " + " ".join(repr(float(v)) for v in y))
    for allocation in sorted(seen):
        lines.append(f"{name} test_counts " + " ".join(map(str, allocation)))

out = ROOT / "tests" / "fixtures" / "sklearn_stratified_split.txt"
out.write_text("\n".join(lines) + "\n")
print(f"wrote {out} ({len(lines) - 1} lines)")
print("\n".join(lines))

for y, fraction in [([0, 0, 1, 1, 2], 0.4), ([0, 0, 1, 1, 2, 2], 0.3)]:
    try:
        train_test_split(np.asarray(y), test_size=fraction, stratify=y, random_state=0)
    except ValueError as e:
        print(f"# {y}, test_size {fraction}: ValueError: {e}")
