"""Tables and test points for the AVX-512 binary cross-entropy kernel
(src/kernels/bce_table.rs), from mpmath at 60 digits.

    python3 scripts/oracles/bce_table.py --tables   # prints the Rust tables
    python3 scripts/oracles/bce_table.py            # writes the test fixtures

The tables: for j = 0, …, 15, c_j = 1 + j/15, INV_C[j] the float nearest
1/c_j, and -ln(INV_C[j]) as hi + lo (hi rounded, lo the rest rounded), in f64
and in f32. ln y for y in [1, 2] is then -ln(INV_C[j]) + ln(1 + r) with
r = y·INV_C[j] - 1 and j = round((y - 1)·15), exactly in real arithmetic.

The fixtures tests/fixtures/bce_f64.txt and bce_f32.txt: one line per point,
"<h bits> <t bits> <loss bits> <sigma bits>", hex, where loss is
max(h, 0) - t·h + ln(1 + e^-|h|) and sigma = 1/(1 + e^-h), both correctly
rounded to the precision (the kernel's δ is sigma - t, rounded once).
"""
import random
import struct
import sys

import mpmath
import numpy as np

mpmath.mp.dps = 60


def f64_bits(x):
    return struct.unpack("<Q", struct.pack("<d", float(x)))[0]


def f32_bits(x):
    return struct.unpack("<I", struct.pack("<f", np.float32(x)))[0]


def round32(exact):
    """The f32 nearest the mpmath value (via the two f32 neighbours of its f64 rounding)."""
    y = np.float32(float(exact))
    candidates = (np.nextafter(y, np.float32(-np.inf)), y, np.nextafter(y, np.float32(np.inf)))
    return min(candidates, key=lambda c: abs(mpmath.mpf(float(c)) - exact))


if "--tables" in sys.argv:
    for name, to_float, bits, width in (("", float, f64_bits, 16), ("_F32", lambda v: float(round32(v)), f32_bits, 8)):
        inv, hi, lo = [], [], []
        for j in range(16):
            c = 1 + mpmath.mpf(j) / 15
            ic = to_float(1 / c)
            ln = -mpmath.log(mpmath.mpf(ic))
            h = to_float(ln)
            inv.append(bits(ic))
            hi.append(bits(h))
            lo.append(bits(to_float(ln - mpmath.mpf(h))))
        for label, values in (("INV_C", inv), ("LN_C_HI", hi), ("LN_C_LO", lo)):
            print(f"{label}{name} = [")
            for v in values:
                print(f"    0x{v:0{width}x},")
            print("]")
    sys.exit()


def loss(h, t):
    h, t = mpmath.mpf(h), mpmath.mpf(t)
    return max(h, 0) - t * h + mpmath.log1p(mpmath.exp(-abs(h)))


def sigma(h):
    return 1 / (1 + mpmath.exp(-mpmath.mpf(h)))


rng = random.Random(2026)
targets = [0.0, 1.0, 0.25, 0.7]
points64 = [0.0, -0.0, 0.45, -0.45, 1e-300, -1e-300, 1e-9, -1e-9, 2.0, -2.0, 36.0, 37.5, -37.5,
            700.0, -700.0, 745.0, -745.0, 800.0, -800.0]
points64 += [rng.uniform(-40.0, 40.0) for _ in range(2000)]
points64 += [rng.uniform(-3.0, 3.0) for _ in range(1000)]
points64 += [s * 10 ** rng.uniform(-12, 2.87) for s in (1, -1) for _ in range(300)]
with open("tests/fixtures/bce_f64.txt", "w") as out:
    for k, h in enumerate(points64):
        t = targets[k % len(targets)]
        out.write(f"{f64_bits(h):016x} {f64_bits(t):016x} {f64_bits(loss(h, t)):016x} {f64_bits(sigma(h)):016x}\n")

points32 = [np.float32(v) for v in [0.0, 0.45, -0.45, 1e-9, -1e-9, 2.0, -2.0, 17.0, -17.0, 90.0, -90.0,
                                     103.0, -103.0, 120.0, -120.0]]
points32 += [np.float32(rng.uniform(-20.0, 20.0)) for _ in range(2000)]
points32 += [np.float32(rng.uniform(-3.0, 3.0)) for _ in range(1000)]
points32 += [np.float32(s * 10 ** rng.uniform(-8, 2.0)) for s in (1, -1) for _ in range(300)]
with open("tests/fixtures/bce_f32.txt", "w") as out:
    for k, h in enumerate(points32):
        t = np.float32(targets[k % len(targets)])
        exact_loss = loss(float(h), float(t))
        out.write(f"{f32_bits(h):08x} {f32_bits(t):08x} {f32_bits(round32(exact_loss)):08x} "
                  f"{f32_bits(round32(sigma(float(h)))):08x}\n")
print(len(points64), "f64 points,", len(points32), "f32 points")
