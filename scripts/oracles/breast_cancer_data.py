"""Provenance of data/breast_cancer.csv and data/breast_cancer.rst.

Both files are byte-identical copies of the files shipped inside the
scikit-learn wheel (sklearn/datasets/data/breast_cancer.csv and
sklearn/datasets/descr/breast_cancer.rst).  This script checks that the
copies match, and prints the facts the Rust loader/tests rely on:
header line, shape, meaning of the target column, class counts,
feature names.

Run from the repository root:  python scripts/oracles/breast_cancer_data.py
"""
import hashlib
import os

import numpy as np
import sklearn
from sklearn.datasets import load_breast_cancer

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
SK = os.path.dirname(sklearn.__file__)


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


print("scikit-learn version:", sklearn.__version__)
for shipped, copy in [
    ("datasets/data/breast_cancer.csv", "data/breast_cancer.csv"),
    ("datasets/descr/breast_cancer.rst", "data/breast_cancer.rst"),
]:
    a, b = sha256(os.path.join(SK, shipped)), sha256(os.path.join(REPO, copy))
    print(f"{copy}: sha256 {b}  identical_to_sklearn={a == b}")

with open(os.path.join(REPO, "data/breast_cancer.csv")) as f:
    lines = f.read().splitlines()
# Header: "n_samples,n_features,target_name_0,target_name_1"; then one row per
# sample: 30 feature values followed by the integer target.
print("header line:", repr(lines[0]))
print("data lines:", len(lines) - 1, " fields per data line:", len(lines[1].split(",")))

data = load_breast_cancer()
X, y = data.data, data.target
print("X shape:", X.shape, " y shape:", y.shape)
# target_names[k] is the meaning of target value k
print("target_names:", [str(n) for n in data.target_names])
print("target 0 =", data.target_names[0], "; target 1 =", data.target_names[1])
counts = np.bincount(y)
print("class counts: 0 (malignant) =", int(counts[0]), "; 1 (benign) =", int(counts[1]))

# The CSV parsed by hand must equal what sklearn loads.
raw = np.array([[float(v) for v in ln.split(",")] for ln in lines[1:]])
print("csv features == load_breast_cancer().data:", bool(np.array_equal(raw[:, :30], X)))
print("csv target   == load_breast_cancer().target:", bool(np.array_equal(raw[:, 30].astype(int), y)))

print("feature_names (%d):" % len(data.feature_names))
for i, name in enumerate(data.feature_names):
    print(f"  {i:2d} {name}")
