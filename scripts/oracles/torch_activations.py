"""Oracle: GELU / SiLU / LeakyReLU / ELU values and derivatives, PyTorch (f64, f32) and mpmath.

Writes tests/fixtures/torch_activations.txt (and prints a summary).

Functions (torch.nn.functional, CPU, defaults unless named):
  gelu   F.gelu(x)                 approximate='none' (exact erf form)
             gelu(h)  = h * Phi(h) = h/2 * (1 + erf(h/sqrt(2)))
             gelu'(h) = Phi(h) + h * phi(h),   phi(h) = exp(-h^2/2) / sqrt(2*pi)
  silu   F.silu(x)
             silu(h)  = h * sigma(h),  sigma(h) = 1/(1 + exp(-h))
             silu'(h) = sigma(h) * (1 + h*(1 - sigma(h)))
  leaky  F.leaky_relu(x, 0.01)     (PyTorch's default negative_slope)
             leaky(h)  = h if h > 0 else 0.01*h
             leaky'(h) = 1 if h > 0 else 0.01      (torch: x > 0 ? 1 : slope, so 0.01 AT h = 0)
             torch converts 0.01 to the tensor's dtype first, so in float32 the slope is
             0.01f32 = 0.009999999776482582 and the exact references use that slope (in
             float64 the f64 0.01): the reference is the correctly rounded h * fl(0.01).
  elu    F.elu(x, alpha=1.0)
             elu(h)  = h if h > 0 else expm1(h)
             elu'(h) = 1 if h > 0 else exp(h)      (= 1 at h = 0 from both sides)
Derivatives are autograd's: y = f(x); y.backward(torch.ones_like(y)); dy = x.grad.

Points: H = a fixed list (0, -0.0, +-1e-300, +-1e-8, +-0.01, +-0.1, +-0.5, +-1, +-2, +-3,
+-4, +-5, +-8, +-10, +-15, +-20, +-30, +-40, -700, 700) followed by 40 points drawn by
numpy.random.default_rng(20240611).uniform(-12, 12, 40); all as f64.
H32 = H rounded to f32 (so +-1e-300 become +-0.0); printed as the f64 value of the f32.

Fixture keys (all vectors of len(H) values, Python repr() of f64):
  H, H32
  <fn>.f64.y, <fn>.f64.dy     torch float64 forward / autograd derivative at H
  <fn>.mp.y,  <fn>.mp.dy      exact value at H (mpmath, 50 digits), correctly rounded to f64
  <fn>.f32.y, <fn>.f32.dy     torch float32 forward / autograd derivative at H32
                              (printed as the f64 value of the f32 result)
  <fn>.mp32.y, <fn>.mp32.dy   exact value at H32, correctly rounded to f32 (printed as f64)
  with <fn> in gelu, silu, leaky_relu, elu.
The mpmath formulas avoid cancellation in the tails: Phi(h) = erfc(-h/sqrt(2))/2,
sigma(h) = 1/(1+exp(-h)), 1 - sigma(h) = sigma(-h), elu = expm1.  Every rounded reference
is recomputed at 100 digits and must round to the same float.  A reference that is exactly
zero (at h = +-0) takes the sign of h, as IEEE arithmetic gives (e.g. gelu(-0.0) = -0.0);
a nonzero exact value too small for the format rounds to a zero of its own sign.  At the
kink h = 0 the leaky_relu derivative reference uses torch's convention (0.01).

"ulps" below = distance between two floats counted in representable values of that format
(+0.0 and -0.0 count as the same value; 0 means the torch result IS the correctly rounded one).

Run from the repository root: python scripts/oracles/torch_activations.py
"""
import os

import mpmath
import numpy as np
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
FIXTURE = os.path.join(REPO, "tests", "fixtures", "torch_activations.txt")
SEED = 20240611
DPS = 50

FIXED = [0.0, -0.0]
for a in [1e-300, 1e-8, 0.01, 0.1, 0.5, 1.0, 2.0, 3.0, 4.0, 5.0, 8.0, 10.0, 15.0, 20.0, 30.0, 40.0]:
    FIXED += [-a, a]
FIXED += [-700.0, 700.0]
RANDOM = np.random.default_rng(SEED).uniform(-12.0, 12.0, 40).tolist()
H = [float(h) for h in FIXED + RANDOM]
H32 = [float(np.float32(h)) for h in H]
N = len(H)

NAMES = ["gelu", "silu", "leaky_relu", "elu"]
TORCH = {
    "gelu": lambda x: F.gelu(x),
    "silu": lambda x: F.silu(x),
    "leaky_relu": lambda x: F.leaky_relu(x, 0.01),
    "elu": lambda x: F.elu(x, alpha=1.0),
}


# ----------------------------------------------------------------- exact (mpmath)
def mp_sigma(h):
    return 1 / (1 + mpmath.exp(-h))


def mp_phi_cdf(h):
    return mpmath.erfc(-h / mpmath.sqrt(2)) / 2


def mp_phi_pdf(h):
    return mpmath.exp(-h * h / 2) / mpmath.sqrt(2 * mpmath.pi)


# torch converts the slope 0.01 to the tensor's dtype (negval.to<scalar_t>()), so the exact
# leaky_relu is h * fl(0.01) with fl = the f64 0.01 for float64 and the f32 0.01f for float32.
SLOPE = {np.float64: mpmath.mpf(0.01), np.float32: mpmath.mpf(float(np.float32(0.01)))}


def exact(name, which, dtype):
    if name == "leaky_relu":
        k = SLOPE[dtype]
        return (lambda h: h if h > 0 else k * h, lambda h: mpmath.mpf(1) if h > 0 else k)[which]
    return EXACT[name][which]


EXACT = {
    "gelu": (lambda h: h * mp_phi_cdf(h),
             lambda h: mp_phi_cdf(h) + h * mp_phi_pdf(h)),
    "silu": (lambda h: h * mp_sigma(h),
             lambda h: mp_sigma(h) * (1 + h * mp_sigma(-h))),
    "elu": (lambda h: h if h > 0 else mpmath.expm1(h),
            lambda h: mpmath.mpf(1) if h > 0 else mpmath.exp(h)),
}


def nearest(v, dtype, sign_of_zero):
    """Correctly rounded conversion of mpf v to dtype (np.float64 / np.float32)."""
    if v == 0:
        return dtype(np.copysign(0.0, sign_of_zero))
    c = dtype(float(v))
    if c == 0:  # nonzero exact value below half the smallest subnormal: zero of its sign
        c = dtype(np.copysign(0.0, float(mpmath.sign(v))))
    cands = [c, np.nextafter(c, dtype(-np.inf)), np.nextafter(c, dtype(np.inf))]
    cands = [x for x in cands if np.isfinite(x)]
    return min(cands, key=lambda x: abs(mpmath.mpf(float(x)) - v))


def reference(name, which, h, dtype):
    """Correctly rounded exact f(h) (which=0) or f'(h) (which=1), checked at 100 digits."""
    f = exact(name, which, dtype)
    # derivative references at h = +-0 are positive; values at +-0 carry the sign of h
    sign0 = h if which == 0 else 1.0
    out = []
    for dps in (DPS, 100):
        with mpmath.workdps(dps):
            out.append(nearest(f(mpmath.mpf(h)), dtype, sign0))
    a, b = out
    assert a == b and np.signbit(a) == np.signbit(b), (name, which, h, a, b)
    return float(a)


# ----------------------------------------------------------------- torch
def run_torch(name, points, dtype):
    x = torch.tensor(points, dtype=dtype, requires_grad=True)
    y = TORCH[name](x)
    y.backward(torch.ones_like(y))
    return ([float(v) for v in y.detach().to(torch.float64).tolist()],
            [float(v) for v in x.grad.to(torch.float64).tolist()])


def ordered(a, dtype):
    """Map floats to integers whose order and differences count representable values."""
    a = np.asarray(a, dtype=dtype)
    ity = np.int64 if dtype == np.float64 else np.int32
    i = a.view(ity).astype(np.int64)
    lo = np.iinfo(ity).min
    return np.where(i < 0, lo - i, i)  # -0.0 -> 0, -x -> -ordered(x)


def ulps(a, b, dtype):
    return np.abs(ordered(a, dtype) - ordered(b, dtype))


# ----------------------------------------------------------------- fixture
def line(key, a):
    a = np.asarray(a, dtype=np.float64)
    shape = "x".join(str(s) for s in a.shape)
    return f"{key} {shape} " + " ".join(repr(float(v)) for v in a.ravel())


out = [
    "# Oracle for GELU / SiLU / LeakyReLU / ELU values and derivatives; written by scripts/oracles/torch_activations.py",
    f"# torch {torch.__version__} (CPU), numpy {np.__version__}, mpmath {mpmath.__version__} (mp.dps = {DPS}, checked at 100).",
    "# gelu = F.gelu(x) (approximate='none': h/2*(1+erf(h/sqrt2))); silu = F.silu(x) (h*sigma(h));",
    "# leaky_relu = F.leaky_relu(x, 0.01) (derivative x > 0 ? 1 : 0.01, so 0.01 at h = 0; the slope is the",
    "#   dtype's 0.01: f64 0.01 in f64, 0.01f32 = 0.009999999776482582 in f32, for torch and the references alike);",
    "# elu = F.elu(x, alpha=1.0) (h > 0 ? h : expm1(h); derivative h > 0 ? 1 : exp(h)).",
    "# Derivatives by autograd: y = f(x); y.backward(torch.ones_like(y)); x.grad.",
    f"# H: fixed points then numpy.random.default_rng({SEED}).uniform(-12, 12, 40); H32 = H rounded to f32.",
    "# <fn>.f64.{y,dy}: torch float64 at H.  <fn>.mp.{y,dy}: exact (mpmath) at H, correctly rounded to f64.",
    "# <fn>.f32.{y,dy}: torch float32 at H32.  <fn>.mp32.{y,dy}: exact at H32, correctly rounded to f32.",
    "# f32 values are printed as the f64 value of the f32.  An exact zero reference at h = +-0 takes the sign of h;",
    "# a nonzero exact value below the format's range is a zero of its own sign.",
    "# Line format: <key> <N> <values...>, Python repr() of f64.",
    line("H", H),
    line("H32", H32),
]

print("torch", torch.__version__, "| numpy", np.__version__, "| mpmath", mpmath.__version__,
      "| mp.dps =", DPS, "| points:", N, f"({len(FIXED)} fixed + 40 from default_rng({SEED}).uniform(-12, 12))")
summary = []
for name in NAMES:
    y64, dy64 = run_torch(name, H, torch.float64)
    y32, dy32 = run_torch(name, H32, torch.float32)
    my64 = [reference(name, 0, h, np.float64) for h in H]
    mdy64 = [reference(name, 1, h, np.float64) for h in H]
    my32 = [reference(name, 0, h, np.float32) for h in H32]
    mdy32 = [reference(name, 1, h, np.float32) for h in H32]
    for key, vals in [("f64.y", y64), ("f64.dy", dy64), ("mp.y", my64), ("mp.dy", mdy64),
                      ("f32.y", y32), ("f32.dy", dy32), ("mp32.y", my32), ("mp32.dy", mdy32)]:
        out.append(line(f"{name}.{key}", vals))

    print(f"\n=== {name} ===")
    for dname, dt, pts, pairs in [("f64", np.float64, H, [("y", y64, my64), ("dy", dy64, mdy64)]),
                                  ("f32", np.float32, H32, [("y", y32, my32), ("dy", dy32, mdy32)])]:
        for what, t, m in pairs:
            t_, m_ = np.array(t), np.array(m)
            ad = np.abs(t_ - m_)
            u = ulps(t_, m_, dt)
            ia, iu = int(np.argmax(ad)), int(np.argmax(u))
            n_exact = int((u == 0).sum())
            print(f"  {dname} {what:2s}: max|torch - exact| = {float(ad[ia])!r:<24} at h = {pts[ia]!r:<22} "
                  f"max ulps = {int(u[iu]):>5} at h = {pts[iu]!r:<22} correctly rounded at {n_exact}/{N}")
            bad = [(pts[i], t[i], m[i], int(u[i])) for i in range(N) if u[i] > 4]
            for h, tv, mv, uu in bad:
                print(f"        > 4 ulps: h = {h!r:<22} torch = {tv!r:<24} exact = {mv!r:<24} ({uu} ulps)")
            summary.append((name, dname, what, float(ad[ia]), int(u[iu]),
                            int(np.max(u[np.abs(np.array(pts)) <= 8]))))

    print("  fixed points (f64):  h, torch y, exact y, torch dy, exact dy")
    for i, h in enumerate(FIXED):
        print(f"    {h!r:>8}  {y64[i]!r:<24} {my64[i]!r:<24} {dy64[i]!r:<24} {mdy64[i]!r}")

print("\n=== summary: max over all points of |torch - exact| and of ulps (and ulps over |h| <= 8 only) ===")
print("(torch's gelu is h*0.5*(1+erf(h/sqrt2)): for h < 0, 1 + erf cancels, so its relative error grows")
print(" as h decreases and it returns -0.0 once erf(h/sqrt2) rounds to -1, h below about -8.3 in f64 and")
print(" about -5.5 in f32; the derivative keeps h*phi(h) there.  The mp columns are the correct values.)")
print(f"{'fn':11s} {'dtype':5s} {'':3s} {'max abs':>24s} {'max ulps':>20s} {'ulps |h|<=8':>16s}")
for name, dname, what, ad, u, u8 in summary:
    print(f"{name:11s} {dname:5s} {what:3s} {ad!r:>24} {u:>20d} {u8:>16d}")

# torch conventions at the kink / signed zero
print("\n=== torch at h = 0.0 and -0.0 (f64): y, dy ===")
for name in NAMES:
    y, dy = run_torch(name, [0.0, -0.0], torch.float64)
    print(f"  {name:11s} y = {y!r:<16} dy = {dy!r}")

with open(FIXTURE, "w") as f:
    f.write("\n".join(out) + "\n")
print("\nwrote", os.path.relpath(FIXTURE, REPO), f"({len(out)} lines)")
