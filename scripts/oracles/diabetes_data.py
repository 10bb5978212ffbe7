"""Provenance and format of data/diabetes.csv and data/diabetes.rst.

Sources inside the scikit-learn wheel:
  sklearn/datasets/data/diabetes_data_raw.csv.gz  442 lines of 10 features, separated by
                                                  single spaces (the unscaled data that
                                                  load_diabetes(scaled=False) returns)
  sklearn/datasets/data/diabetes_target.csv.gz    442 lines, one target each, written as
                                                  "1.510000000000000000e+02"
  sklearn/datasets/descr/diabetes.rst             == data/diabetes.rst (byte-identical)

data/diabetes.csv is built from the two .csv.gz files, nothing else changed:
  - a first line "442,10" (n_samples, n_features; no names of targets follow, since the
    target is a number, not a class), as scikit-learn's own CSV files start;
  - then, for sample i, line i of diabetes_data_raw with each space turned into a comma
    (every number keeps the text it has there: "59,2,32.1,101.0,157,93.2,38.0,4.0,4.8598,87"),
    a comma, and line i of diabetes_target written as the integer it is ("151");
  - '\\n' line endings and a final newline.
`python scripts/oracles/diabetes_data.py --write` writes it so; without `--write` the
script only checks it.

This script checks the copy against the wheel and against load_diabetes(scaled=False),
and prints what the Rust loader and tests rely on: header, shape, feature names, first
rows, the mean and standard deviation of the target.

Run from the repository root:  python scripts/oracles/diabetes_data.py
"""
import gzip
import hashlib
import os
import sys

import numpy as np
import sklearn
from sklearn.datasets import load_diabetes

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
SK = os.path.dirname(sklearn.__file__)
CSV = os.path.join(REPO, "data/diabetes.csv")


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def read(path):
    with open(path, "rb") as f:
        return f.read()


def build():
    """data/diabetes.csv as the docstring describes it, from the wheel's two files."""
    features = gzip.decompress(read(os.path.join(SK, "datasets/data/diabetes_data_raw.csv.gz")))
    targets = gzip.decompress(read(os.path.join(SK, "datasets/data/diabetes_target.csv.gz")))
    rows = features.decode("ascii").splitlines()
    values = [float(t) for t in targets.decode("ascii").splitlines()]
    assert len(rows) == len(values) == 442
    assert all(v == int(v) for v in values), "every target is an integer"
    lines = ["442,10"] + [row.replace(" ", ",") + f",{int(v)}" for row, v in zip(rows, values)]
    return ("\n".join(lines) + "\n").encode("ascii")


if "--write" in sys.argv:
    with open(CSV, "wb") as f:
        f.write(build())

print("scikit-learn version:", sklearn.__version__)
print()
for shipped in ["datasets/data/diabetes_data_raw.csv.gz", "datasets/data/diabetes_target.csv.gz"]:
    gz = read(os.path.join(SK, shipped))
    print(f"sklearn/{shipped}: sha256 {sha256(gz)}")
    print(f"sklearn/{shipped} decompressed: sha256 {sha256(gzip.decompress(gz))}")
a, b = read(os.path.join(SK, "datasets/descr/diabetes.rst")), read(os.path.join(REPO, "data/diabetes.rst"))
print(f"data/diabetes.rst: sha256 {sha256(b)}  identical_to_sklearn/datasets/descr/diabetes.rst={a == b}")
ours = read(CSV)
print(f"data/diabetes.csv: sha256 {sha256(ours)}  identical_to_built_from_sklearn={ours == build()}")

print()
print("bytes:", len(ours), "| contains '\\r':", b"\r" in ours, "| ends with '\\n':", ours.endswith(b"\n"))
lines = ours.decode("ascii").splitlines()
print("header line:", repr(lines[0]))
print("data lines:", len(lines) - 1, " fields per data line:", sorted({len(ln.split(",")) for ln in lines[1:]}))
print("first data line:", repr(lines[1]))
print("last data line: ", repr(lines[-1]))

data = load_diabetes(scaled=False)
X, y = data.data, data.target
print("load_diabetes(scaled=False): X shape", X.shape, " y shape", y.shape)
raw = np.array([[float(v) for v in ln.split(",")] for ln in lines[1:]])
print("csv features == load_diabetes(scaled=False).data:", bool(np.array_equal(raw[:, :10], X)))
print("csv target   == load_diabetes(scaled=False).target:", bool(np.array_equal(raw[:, 10], y)))
print("feature_names:", [str(n) for n in data.feature_names])
print("target_names:", getattr(data, "target_names", None))
print("first rows (features, target; float64 repr):")
for i in range(3):
    print(f"  {i}: {[float(v) for v in X[i]]!r} {float(y[i])!r}")
print("row 441:", [float(v) for v in X[441]], float(y[441]))
# Population statistics (ddof = 0), as StandardScaler uses.
print("target mean:", repr(float(y.mean())))
print("target std (ddof=0):", repr(float(y.std())))
print("target min, max:", float(y.min()), float(y.max()))
print("feature means:", [float(v) for v in X.mean(axis=0)])
print("sex counts (1, 2):", int((X[:, 1] == 1).sum()), int((X[:, 1] == 2).sum()))
