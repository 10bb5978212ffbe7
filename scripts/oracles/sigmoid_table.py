"""Correctly rounded sigmoid values, for the 2-ulp accuracy tests of the fast kernels.

Writes tests/fixtures/sigmoid_f64.txt and sigmoid_f32.txt: one line per point,
"<h as hex bits> <sigmoid(h) correctly rounded, as hex bits>". Points: a
deterministic spread over the whole range where sigmoid is neither 0 nor 1 in
that precision, its tails, and special values. mpmath at 60 digits.
"""
import random
import struct

import mpmath
import numpy as np

mpmath.mp.dps = 60


def sig(h):
    return 1 / (1 + mpmath.exp(-mpmath.mpf(h)))


def f64_bits(x):
    return struct.unpack("<Q", struct.pack("<d", float(x)))[0]


def f32_bits(x):
    return struct.unpack("<I", struct.pack("<f", x))[0]


rng = random.Random(2026)

points64 = [0.0, -0.0, 0.45, -0.45, 1e-300, -1e-300, 5e-324, 36.7, 37.0, -36.7, -745.0,
            -745.13, -744.5, -740.0, -709.0, -708.5, -708.3, -700.0, -104.0, -88.0, -20.0, -1.0, 1.0, 20.0]
points64 += [rng.uniform(-746.0, 40.0) for _ in range(3000)]
points64 += [rng.uniform(-5.0, 5.0) for _ in range(1000)]
points64 += [-(10 ** rng.uniform(-20, 2.87)) for _ in range(500)]
with open("tests/fixtures/sigmoid_f64.txt", "w") as out:
    for h in points64:
        y = float(sig(h))  # mpmath -> float rounds to nearest
        out.write(f"{f64_bits(h):016x} {f64_bits(y):016x}\n")

points32 = [np.float32(v) for v in [0.0, 0.45, -0.45, -103.0, -103.9, -100.0, -88.0, -87.3, -20.0, 16.6, 17.0]]
points32 += [np.float32(rng.uniform(-104.0, 18.0)) for _ in range(3000)]
points32 += [np.float32(rng.uniform(-5.0, 5.0)) for _ in range(1000)]
with open("tests/fixtures/sigmoid_f32.txt", "w") as out:
    for h in points32:
        exact = sig(float(h))
        y = np.float32(float(exact))  # round via f64: exact enough? check below
        # correct rounding to f32 directly from the 60-digit value
        lo = np.nextafter(y, np.float32(-np.inf))
        hi = np.nextafter(y, np.float32(np.inf))
        best = min((lo, y, hi), key=lambda c: abs(mpmath.mpf(float(c)) - exact))
        out.write(f"{f32_bits(np.float32(h)):08x} {f32_bits(best):08x}\n")
print(len(points64), "f64 points,", len(points32), "f32 points")
