"""Provenance and format of the multi-class data sets in data/: iris, wine, digits.

Sources inside the scikit-learn wheel:
  data/iris.csv   == sklearn/datasets/data/iris.csv          (byte-identical)
  data/iris.rst   == sklearn/datasets/descr/iris.rst          (byte-identical)
  data/wine.csv   == sklearn/datasets/data/wine_data.csv      (byte-identical)
  data/wine.rst   == sklearn/datasets/descr/wine_data.rst     (byte-identical)
  data/digits.csv == gunzip(sklearn/datasets/data/digits.csv.gz)
  data/digits.rst == sklearn/datasets/descr/digits.rst        (byte-identical)

File formats (all '\\n' line endings, a final newline, no '\\r'):
  iris.csv   header "150,4,setosa,versicolor,virginica", then 150 lines
             "f0,f1,f2,f3,target"; features always written with one decimal ("5.0").
  wine.csv   header "178,13,class_0,class_1,class_2", then 178 lines of
             13 features and the target; features as in the UCI file, some
             with a decimal point ("14.23") and some without ("127", "1065", "13").
  digits.csv NO header; 1797 lines of 64 pixel values (row-major 8x8 image,
             integers 0..16 written without a decimal point) and the target 0..9.
In every file the target is the last field, an integer written without a decimal point.

This script checks the copies against the wheel and prints what the Rust loader and
tests rely on: header, shape, class names, class counts, feature names, first row.

Run from the repository root:  python scripts/oracles/multiclass_data.py
"""
import gzip
import hashlib
import os

import numpy as np
import sklearn
from sklearn.datasets import load_digits, load_iris, load_wine

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
SK = os.path.dirname(sklearn.__file__)


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def read(path):
    with open(path, "rb") as f:
        return f.read()


print("scikit-learn version:", sklearn.__version__)
print()
for shipped, copy in [
    ("datasets/data/iris.csv", "data/iris.csv"),
    ("datasets/descr/iris.rst", "data/iris.rst"),
    ("datasets/data/wine_data.csv", "data/wine.csv"),
    ("datasets/descr/wine_data.rst", "data/wine.rst"),
    ("datasets/descr/digits.rst", "data/digits.rst"),
]:
    a, b = read(os.path.join(SK, shipped)), read(os.path.join(REPO, copy))
    print(f"{copy}: sha256 {sha256(b)}  identical_to_sklearn/{shipped}={a == b}")
gz = read(os.path.join(SK, "datasets/data/digits.csv.gz"))
ours = read(os.path.join(REPO, "data/digits.csv"))
print(f"sklearn/datasets/data/digits.csv.gz: sha256 {sha256(gz)}")
print(f"sklearn/datasets/data/digits.csv.gz decompressed: sha256 {sha256(gzip.decompress(gz))}")
print(f"data/digits.csv: sha256 {sha256(ours)}  identical_to_gunzipped_sklearn={gzip.decompress(gz) == ours}")

SETS = [
    # name, csv, loader, has header line
    ("iris", "data/iris.csv", load_iris, True),
    ("wine", "data/wine.csv", load_wine, True),
    ("digits", "data/digits.csv", load_digits, False),
]

for name, path, loader, has_header in SETS:
    raw = read(os.path.join(REPO, path))
    text = raw.decode("ascii")
    print(f"\n=== {name}: {path} ===")
    print("bytes:", len(raw), "| contains '\\r':", b"\r" in raw, "| ends with '\\n':", raw.endswith(b"\n"))
    lines = text.splitlines()
    if has_header:
        print("header line:", repr(lines[0]))
        body = lines[1:]
    else:
        print("header line: none (first line is data)")
        body = lines
    nfields = sorted({len(ln.split(",")) for ln in body})
    print("data lines:", len(body), " fields per data line:", nfields)
    print("first data line:", repr(body[0]))
    print("last data line: ", repr(body[-1]))

    data = loader()
    X, y = data.data, data.target
    print("load_%s(): X shape %s, y shape %s, X dtype %s" % (name, X.shape, y.shape, X.dtype))
    parsed = np.array([[float(v) for v in ln.split(",")] for ln in body])
    print("csv features == load_%s().data:" % name, bool(np.array_equal(parsed[:, :-1], X)))
    print("csv target   == load_%s().target:" % name, bool(np.array_equal(parsed[:, -1].astype(int), y)))
    print("target field always an integer literal:", all("." not in ln.split(",")[-1] for ln in body))
    print("target_names (target k means target_names[k]):", [str(t) for t in data.target_names])
    counts = np.bincount(y)
    print("class counts:", ", ".join(f"{k} ({data.target_names[k]}) = {int(c)}" for k, c in enumerate(counts)))
    print("first row features:", "[" + ", ".join(repr(float(v)) for v in X[0]) + "]")
    print("first row target:", int(y[0]))
    if name == "digits":
        print("distinct pixel values:", sorted(int(v) for v in np.unique(X)))
        names_ok = all(data.feature_names[8 * r + c] == f"pixel_{r}_{c}" for r in range(8) for c in range(8))
        print("feature 8*r + c is named pixel_r_c:", names_ok)
        print("data[:, 8*r + c] == images[:, r, c] (row-major 8x8):",
              bool(np.array_equal(data.images.reshape(len(y), 64), X)))
    print("feature_names (%d):" % len(data.feature_names))
    for i, fn in enumerate(data.feature_names):
        print(f"  {i:2d} {fn}")
