"""Oracle: pandas reads the CSV files that Dataset::write_csv writes (issue 25).

tests/suite/write_csv.rs checks that the crate writes exactly
tests/fixtures/dataset_written.csv (f64) and dataset_written_f32.csv (f32);
this script checks that pandas.read_csv reads those files as the same column
names and the same numbers, bit for bit (-0.0, subnormals and the largest
floats included), with its default parser (pandas 3 deprecates
float_precision). The values are written out here independently
of the Rust test (the same literals). Prints one line per file and check.
Run: python scripts/oracles/pandas_read_csv.py   (needs pandas)
"""
from pathlib import Path
import math
import sys

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent.parent
FIXTURES = ROOT / "tests" / "fixtures"

CASES = {
    "dataset_written.csv": (
        np.float64,
        ["plain", "with, comma", 'with "quotes"', "sepal length (cm)", "target"],
        [
            [0.1, -0.0, 5e-324, sys.float_info.max, 0.0],
            [sys.float_info.min, 1.0 / 3.0, 123456789.123, -2.5e15, 2.0],
            [1e16, 1e-7, math.pi, -1e-300, 0.5],
        ],
    ),
    "dataset_written_f32.csv": (
        np.float32,
        ["a", "target", "c", "d", "target_2"],
        [
            [np.float32(0.1), -0.0, np.float32(1e-45), np.finfo(np.float32).max, 1.0],
            [np.finfo(np.float32).tiny, np.float32(1.0) / np.float32(3.0), np.float32(16777217.0), np.float32(-2.5e-8), 0.0],
        ],
    ),
}

print(f"pandas {pd.__version__}, numpy {np.__version__}")
failed = False
for name, (dtype, columns, rows) in CASES.items():
    expected = np.array(rows, dtype=dtype)
    frame = pd.read_csv(FIXTURES / name)
    found = frame.to_numpy(dtype=np.float64).astype(dtype)
    same_names = list(frame.columns) == columns
    same_bits = found.shape == expected.shape and np.array_equal(np.ascontiguousarray(found).view(np.uint8), expected.view(np.uint8))
    all_float = all(str(t) == "float64" for t in frame.dtypes)
    ok = same_names and same_bits and all_float
    failed |= not ok
    print(f"{name}: names {'equal' if same_names else list(frame.columns)}, "
          f"values {'equal bit for bit' if same_bits else found.tolist()}, dtypes {'all float64' if all_float else list(frame.dtypes)}")
sys.exit(1 if failed else 0)
