"""Oracle: a polars DataFrame of mixed columns read as float64, as tests/suite/frame.rs reads it.

The frame of tests/suite/frame.rs (`mixed_frame`): Int64, Float32, Boolean, UInt32 and
UInt64 columns (an id past 2**53, which float64 rounds to the nearest even). Prints
`df.select(columns).cast(pl.Float64).to_numpy()` row by row for the columns in
the order the test asks, the same columns cast to Float32 (what `f32` reads), and
scikit-learn's StandardScaler and MinMaxScaler fitted on the float64 matrix.
Floats printed with repr() (shortest round-trip f64 string).
Run: python scripts/oracles/polars_frame.py
"""
import numpy as np
import polars as pl
import sklearn
from sklearn.preprocessing import MinMaxScaler, StandardScaler

df = pl.DataFrame(
    {
        "age": pl.Series([31, 45, -2, 0], dtype=pl.Int64),
        "fare": pl.Series([7.25, 71.2833, 0.1, 1e-3], dtype=pl.Float32),
        "alone": pl.Series([True, False, True, False], dtype=pl.Boolean),
        "rooms": pl.Series([3, 0, 4294967295, 1], dtype=pl.UInt32),
        "id": pl.Series([9007199254740993, 1, 2, 3], dtype=pl.UInt64),
    }
)
columns = ["fare", "age", "alone", "rooms", "id"]

print("polars", pl.__version__, "scikit-learn", sklearn.__version__)
x = df.select(columns).cast(pl.Float64).to_numpy()
print("float64 columns", columns, "dtype", x.dtype)
for row in x:
    print("  [" + ", ".join(repr(float(v)) for v in row) + "],")
x32 = df.select(columns).cast(pl.Float32).to_numpy()
print("float32 columns", columns, "dtype", x32.dtype, "(as float64 reprs)")
for row in x32:
    print("  [" + ", ".join(repr(float(v)) for v in row) + "],")

scaler = StandardScaler().fit(x)
print("StandardScaler mean_  =", [repr(float(v)) for v in scaler.mean_])
print("StandardScaler scale_ =", [repr(float(v)) for v in scaler.scale_])
mm = MinMaxScaler().fit(x)
print("MinMaxScaler data_min_ =", [repr(float(v)) for v in mm.data_min_])
print("MinMaxScaler data_max_ =", [repr(float(v)) for v in mm.data_max_])
