"""Correctly rounded GELU and ELU values, for the accuracy tests of their kernels.

Writes tests/fixtures/gelu_elu_f64.txt and gelu_elu_f32.txt: one line per point,
"<h as hex bits> <gelu(h) as hex bits> <elu(h) as hex bits>", each value the
exact one correctly rounded to the format. GELU is h*Phi(h) = h/2*erfc(-h/sqrt 2)
(PyTorch's exact nn.GELU()), ELU is h for h > 0, else exp(h) - 1 (nn.ELU()).
Points: special values, a deterministic spread over [-40, 40] and [-10, 10],
and magnitudes from 1e-20 to 40 of both signs. mpmath at 60 digits; the
standard library otherwise (f32 rounding by comparing the neighbours).
"""
import math
import random
import struct

import mpmath

mpmath.mp.dps = 60


def gelu(h):
    h = mpmath.mpf(h)
    # Beyond |h| = 1000, h*Phi(h) rounds to h (h > 0) or to -0 (h < 0) in
    # every format, and mpmath's erfc cannot take such arguments.
    if h > 1000:
        return h
    if h < -1000:
        return mpmath.mpf(0)
    return h / 2 * mpmath.erfc(-h / mpmath.sqrt(2))


def elu(h):
    h = mpmath.mpf(h)
    return h if h > 0 else mpmath.expm1(h)


def f64_bits(x):
    return struct.unpack("<Q", struct.pack("<d", x))[0]


def f32_bits(x):
    return struct.unpack("<I", struct.pack("<f", x))[0]


def f32_from_bits(b):
    return struct.unpack("<f", struct.pack("<I", b))[0]


def round_f64(exact, h):
    """The f64 nearest to `exact` (a zero takes the sign of h)."""
    if exact == 0:
        return math.copysign(0.0, h)
    y = float(exact)
    best = min((math.nextafter(y, -math.inf), y, math.nextafter(y, math.inf)),
               key=lambda c: abs(mpmath.mpf(c) - exact))
    return best if best != 0 else math.copysign(0.0, h)


def round_f32(exact, h):
    """The f32 nearest to `exact`, as the f64 of that f32."""
    if exact == 0:
        return math.copysign(0.0, h)
    b = f32_bits(float(exact)) if abs(float(exact)) < 3.4e38 else None
    candidates = [f32_from_bits(b), f32_from_bits(b - 1) if b & 0x7FFFFFFF else 0.0, f32_from_bits(b + 1)]
    best = min(candidates, key=lambda c: abs(mpmath.mpf(c) - exact))
    return best if best != 0 else math.copysign(0.0, h)


rng = random.Random(2027)
specials = [0.0, -0.0, 1e-300, -1e-300, 5e-324, -5e-324, 1e-8, -1e-8, 0.5, -0.5, 1.0, -1.0,
            1.2, 1.5, 2.0, -2.0, 3.0, -3.0, 5.8, 6.0, -6.0, 8.5, -8.5, 10.0, -10.0, 38.5, -38.5,
            39.9, -39.9, 40.0, -40.0, 41.0, -41.0, 700.0, -700.0, 1e300, -1e300]
points = specials[:]
points += [rng.uniform(-40.0, 40.0) for _ in range(1000)]
points += [rng.uniform(-10.0, 10.0) for _ in range(3000)]
points += [rng.choice((-1, 1)) * 10 ** rng.uniform(-20, math.log10(40.0)) for _ in range(1000)]

with open("tests/fixtures/gelu_elu_f64.txt", "w") as out:
    for h in points:
        g, e = round_f64(gelu(h), h), round_f64(elu(h), h)
        out.write(f"{f64_bits(h):016x} {f64_bits(g):016x} {f64_bits(e):016x}\n")

with open("tests/fixtures/gelu_elu_f32.txt", "w") as out:
    for h in points:
        h32 = f32_from_bits(f32_bits(h)) if abs(h) < 3.4e38 else math.copysign(math.inf, h)
        if math.isinf(h32):
            continue
        g, e = round_f32(gelu(h32), h32), round_f32(elu(h32), h32)
        out.write(f"{f32_bits(h32):08x} {f32_bits(g):08x} {f32_bits(e):08x}\n")
print(len(points), "points, f64 and f32")
