"""Oracle: correctly rounded sigmoid / tanh values and derivatives (mpmath, 50 digits).

For each h the exact value is computed in mpmath with 50 significant digits and
then rounded to the nearest f64 (and, for a few h, f32).  The formulas are chosen
so no cancellation happens in the tails, i.e. each value has ~50 correct digits
relative to itself, even when it is tiny:
    sigmoid(h)  = 1 / (1 + e^-h)
    sigmoid'(h) = s(1-s) = sigmoid(h) * sigmoid(-h)      (not 1 - s, which cancels)
    tanh(h)
    tanh'(h)    = 1 - tanh^2 = sech(h)^2                 (not 1 - tanh^2, which cancels)
The rounding to f64/f32 is done exactly: start from float(value) and pick, among it
and its two neighbours, the one nearest to the 50-digit value (this is correct for
subnormals too).  "float(mpf)" / "numpy.float32(mpf)" are printed alongside as the
plain conversions asked for; they agree here unless flagged.

For orientation the "naive f64" columns show what straightforward f64 code gives:
    1/(1+exp(-h)),  s*(1-s) with that s,  math.tanh(h),  1 - tanh(h)^2.
Each h is taken as the f64 value (e.g. -0.45 means the double nearest to -0.45).
Floats are printed with repr() (shortest round-trip string).
Run: python scripts/oracles/activations.py
"""
import math

import mpmath
import numpy as np

mpmath.mp.dps = 50
mpf = mpmath.mpf


def sigmoid(h):
    return 1 / (1 + mpmath.exp(-h))


FUNCS = {
    "sigmoid": sigmoid,
    "sigmoid'": lambda h: sigmoid(h) * sigmoid(-h),
    "tanh": mpmath.tanh,
    "tanh'": lambda h: mpmath.sech(h) ** 2,
}


def nearest(v, dtype):
    """Correctly rounded conversion of mpf v to numpy dtype (float64 or float32)."""
    c = dtype(float(v))
    cands = [c, np.nextafter(c, dtype(-np.inf)), np.nextafter(c, dtype(np.inf))]
    cands = [x for x in cands if np.isfinite(x)]
    return min(cands, key=lambda x: abs(mpf(float(x)) - v))


def naive64(name, h):
    h = float(h)
    with np.errstate(over="ignore"):
        s = 1.0 / (1.0 + np.exp(-h))
    s = float(s)
    return {"sigmoid": s, "sigmoid'": s * (1.0 - s),
            "tanh": math.tanh(h), "tanh'": 1.0 - math.tanh(h) ** 2}[name]


print("mpmath", mpmath.__version__, "| numpy", np.__version__, "| mp.dps =", mpmath.mp.dps)

H64 = [-1000, -745, -740, -104, -88, -20, -1, -0.45, 0, 0.45, 1, 20, 88, 104, 745, 1000]
print("\n=== f64: correctly rounded values ===")
for name, f in FUNCS.items():
    print(f"\n--- {name}(h) ---")
    for h in H64:
        v = f(mpf(h))
        cr = float(nearest(v, np.float64))
        plain = float(v)
        flag = "" if plain == cr else f"   !! float(mpf) gives {plain!r}"
        print(f"h = {h!r:>6}: f64 = {cr!r:<24}  naive f64 = {naive64(name, h)!r:<24}  "
              f"exact ~ {mpmath.nstr(v, 20)}{flag}")

H32 = [-104, -103, -100, -88, -87, 0.45, 88]
print("\n=== f32: correctly rounded values (printed as the f64 value of the f32) ===")
for name in ["sigmoid", "sigmoid'"]:
    print(f"\n--- {name}(h) ---")
    for h in H32:
        v = FUNCS[name](mpf(h))
        cr = nearest(v, np.float32)
        plain = np.float32(v)
        flag = "" if plain == cr else f"   !! numpy.float32(mpf) gives {float(plain)!r}"
        print(f"h = {h!r:>5}: f32 = {float(cr)!r:<24} (f32 repr {cr!r})  "
              f"exact ~ {mpmath.nstr(v, 20)}{flag}")

# The h values above are f64; an f32 program would use h = 0.45f32 instead:
h32 = mpf(float(np.float32(0.45)))
print("\nh = 0.45f32 (=", repr(float(np.float32(0.45))), "): sigmoid ->", float(nearest(sigmoid(h32), np.float32)),
      "; sigmoid' ->", float(nearest(FUNCS["sigmoid'"](h32), np.float32)))

print("\n=== f32 landmarks ===")
print("smallest positive f32 subnormal =", float(np.float32(2.0 ** -149)), "= 2^-149; ln =", repr(-149 * math.log(2)))
print("smallest positive f32 normal    =", float(np.finfo(np.float32).tiny), "= 2^-126; ln =", repr(-126 * math.log(2)))
print("smallest positive f64 subnormal =", repr(5e-324), "= 2^-1074; ln =", repr(-1074 * math.log(2)))
print("smallest positive f64 normal    =", repr(float(np.finfo(np.float64).tiny)), "= 2^-1022; ln =", repr(-1022 * math.log(2)))

print("\n=== lecture value sigmoid(0.45) ===")
v = sigmoid(mpf("0.45"))  # 0.45 exactly (decimal), as in the lecture
print("sigmoid(0.45 exact decimal), 30 digits =", mpmath.nstr(v, 30))
v64 = sigmoid(mpf(0.45))  # the f64 nearest to 0.45
print("sigmoid(f64 0.45) as f64, repr         =", repr(float(nearest(v64, np.float64))))
print("sigmoid(f64 0.45) as f64, %.17g        =", "%.17g" % float(nearest(v64, np.float64)))
print("sigmoid'(0.45) as f64                  =", repr(float(nearest(FUNCS["sigmoid'"](mpf(0.45)), np.float64))))
