"""Correctly rounded tanh values, for the accuracy tests of the tanh kernels.

Writes tests/fixtures/tanh_f64.txt and tanh_f32.txt in the format of
sigmoid_table.py's tables: one line per point, "<h as hex bits> <tanh(h)
correctly rounded, as hex bits>". Points: special values, a deterministic
spread over [-20, 20] and [-3, 3], magnitudes from 1e-20 to 20 of both signs,
and the neighbourhood of 9 (where the f32 kernel's e^(-2|h|) - 1 stops
changing). mpmath at 60 digits; the standard library otherwise.
"""
import math
import random
import struct

import mpmath

mpmath.mp.dps = 60


def f64_bits(x):
    return struct.unpack("<Q", struct.pack("<d", x))[0]


def f32_bits(x):
    return struct.unpack("<I", struct.pack("<f", x))[0]


def f32_from_bits(b):
    return struct.unpack("<f", struct.pack("<I", b))[0]


def nearest(exact, candidates):
    return min(candidates, key=lambda c: abs(mpmath.mpf(c) - exact))


rng = random.Random(2028)
points = [0.0, -0.0, 1e-300, -1e-300, 5e-324, 1e-8, -1e-8, 0.1, -0.1, 0.5, -0.5, 0.55, 1.0, -1.0,
          2.0, 5.0, 8.9, 9.0, 9.1, -9.0, 10.0, 19.0, 20.0, -20.0, 40.0, -40.0, 1e300, -1e300]
points += [rng.uniform(-20.0, 20.0) for _ in range(1500)]
points += [rng.uniform(-3.0, 3.0) for _ in range(1500)]
points += [rng.uniform(8.5, 9.5) * rng.choice((-1, 1)) for _ in range(300)]
points += [rng.choice((-1, 1)) * 10 ** rng.uniform(-20, math.log10(20.0)) for _ in range(1000)]

with open("tests/fixtures/tanh_f64.txt", "w") as out:
    for h in points:
        exact = mpmath.tanh(mpmath.mpf(h))
        y = float(exact)
        y = nearest(exact, (math.nextafter(y, -math.inf), y, math.nextafter(y, math.inf)))
        y = y if y != 0 else math.copysign(0.0, h)
        out.write(f"{f64_bits(h):016x} {f64_bits(y):016x}\n")

with open("tests/fixtures/tanh_f32.txt", "w") as out:
    for h in points:
        h32 = f32_from_bits(f32_bits(h)) if abs(h) < 3.4e38 else None
        if h32 is None:
            continue
        exact = mpmath.tanh(mpmath.mpf(h32))
        b = f32_bits(float(exact))
        y = nearest(exact, [f32_from_bits(b), f32_from_bits(b + 1),
                            f32_from_bits(b - 1) if b & 0x7FFFFFFF else 0.0])
        y = y if y != 0 else math.copysign(0.0, h32)
        out.write(f"{f32_bits(h32):08x} {f32_bits(y):08x}\n")
print(len(points), "points, f64 and f32")
