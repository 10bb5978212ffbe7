"""The rational approximation behind GELU's kernel (src/kernels/math.rs, NORMAL_TAIL_P/Q).

GELU is h*Phi(h) = max(h, 0) - |h|*(1 - Phi(|h|)), and the kernel computes the
normal distribution's upper tail as 1 - Phi(a) = exp(-a^2/2) * T(a), with
T(a) = exp(a^2/2) * erfc(a/sqrt 2) / 2 approximated by P(a)/Q(a), degrees 6 and 7,
P(0) = 1/2 (so that the tail is 1/2 at 0 exactly). GELU needs the tail to an
absolute accuracy (it is multiplied by |h| and subtracted from max(h, 0)), so the
fit minimises the largest absolute error of exp(-a^2/2)*P/Q on [0, 6*sqrt 2]:
the relative error allowed for T grows as exp(a^2/2). Beyond 6*sqrt 2 the tail
is below 1e-17 and P/Q, which falls like 1/a as T does, only needs to stay close.

With --f32: the f32 kernel's approximation (NORMAL_TAIL_P_F32/Q_F32),
degrees 3 and 4 on [0, 6] for an absolute error near 1e-10 (f32's epsilon is
1.2e-7), its coefficients rounded to f32.

Method: a linearised least-squares start (Sanathanan-Koerner iterations with
Lawson's reweighting), then the rational Remez exchange on a grid of 6 000 points,
all in mpmath at 50 digits. Prints the coefficients rounded to f64 (highest power
first, as math.rs lists them), the largest error before and after that rounding,
and the poles (all must lie off [0, inf)). Runs in a few minutes.
"""
import struct
import sys

import mpmath as mp

mp.mp.dps = 50
SQRT2 = mp.sqrt(2)
F32 = "--f32" in sys.argv
if F32:
    M, N = 3, 4
    B = mp.mpf(6)
    A = mp.mpf("1e-10")  # error unit: absolute, in the tail
else:
    M, N = 6, 7
    B = 6 * SQRT2
    A = mp.mpf("1e-18")


def to_f32(x):
    """The f32 nearest to x, as a Python float."""
    return struct.unpack("<f", struct.pack("<f", float(x)))[0]


def f32_repr(x):
    """The shortest decimal that reads back as the same f32."""
    for digits in range(1, 12):
        text = "%.*g" % (digits, x)
        if to_f32(float(text)) == x:
            return text
    return repr(x)


def tail_ratio(a):
    """T(a) = e^(a^2/2) erfc(a/sqrt 2) / 2."""
    a = mp.mpf(a)
    return mp.erfc(a / SQRT2) * mp.exp(a * a / 2) / 2


def weight(a):
    """The error of T that makes an absolute error A in the tail."""
    return A * mp.exp(a * a / 2)


def ev(c, x):
    s = mp.mpf(0)
    for ck in reversed(c):
        s = s * x + ck
    return s


def start(npts=160, sk=12, lawson=60):
    xs = [B / 2 - B / 2 * mp.cos(mp.pi * (i + mp.mpf(0.5)) / npts) for i in range(npts)]
    fs = [tail_ratio(x) for x in xs]
    ws = [weight(x) for x in xs]
    q = [mp.mpf(1)] + [mp.mpf(0)] * N
    lw = [mp.mpf(1) / npts] * npts
    best = None
    for it in range(sk + lawson):
        rows, rhs = [], []
        for x, f, w, l in zip(xs, fs, ws, lw):
            d = ev(q, x) * w
            s = mp.sqrt(l)
            rows.append([s * x**k / d for k in range(1, M + 1)] + [-s * f * x**k / d for k in range(1, N + 1)])
            rhs.append(s * (f - mp.mpf(0.5)) / d)
        sol, _ = mp.qr_solve(mp.matrix(rows), mp.matrix(rhs))
        p = [mp.mpf(0.5)] + [sol[k] for k in range(M)]
        q = [mp.mpf(1)] + [sol[M + k] for k in range(N)]
        errs = [(ev(p, x) / ev(q, x) - f) / w for x, f, w in zip(xs, fs, ws)]
        worst = max(abs(e) for e in errs)
        if best is None or worst < best[0]:
            best = (worst, p, q)
        if it >= sk:
            total = sum(l * abs(e) for l, e in zip(lw, errs))
            lw = [max(l * abs(e) / total, mp.mpf(10) ** -30) for l, e in zip(lw, errs)]
    return best[1], best[2]


def remez(p, q, rounds=40, grid=6000):
    n_points = M + N + 1  # unknowns p1..pM, q1..qN and the level E
    xs = [B * (1 - mp.cos(mp.pi * i / grid)) / 2 for i in range(grid + 1)]
    fs = [tail_ratio(x) for x in xs]
    ws = [weight(x) for x in xs]
    for _ in range(rounds):
        e = [(ev(p, x) / ev(q, x) - f) / w for x, f, w in zip(xs, fs, ws)]
        ext = [0] + [i for i in range(1, grid) if abs(e[i]) >= abs(e[i - 1]) and abs(e[i]) >= abs(e[i + 1])] + [grid]
        alternating = []
        for i in ext:
            if alternating and (e[i] > 0) == (e[alternating[-1]] > 0):
                if abs(e[i]) > abs(e[alternating[-1]]):
                    alternating[-1] = i
            else:
                alternating.append(i)
        while len(alternating) > n_points:
            alternating.pop(0 if abs(e[alternating[0]]) < abs(e[alternating[-1]]) else -1)
        worst = max(abs(x) for x in e)
        least = min(abs(e[i]) for i in alternating)
        if len(alternating) < n_points or worst / least < 1.0001:
            break
        level = mp.mpf(0)
        for _ in range(10):
            rows, rhs = [], []
            for j, i in enumerate(alternating):
                x, f, w, s = xs[i], fs[i], ws[i], (-1) ** j
                rows.append([x**k for k in range(1, M + 1)]
                            + [-(f + s * level * w) * x**k for k in range(1, N + 1)]
                            + [-s * w * ev(q, x)])
                rhs.append(f + s * level * w - p[0])
            sol = mp.lu_solve(mp.matrix(rows), mp.matrix(rhs))
            p = [p[0]] + [sol[k] for k in range(M)]
            q = [mp.mpf(1)] + [sol[M + k] for k in range(N)]
            level = sol[n_points - 1]
    return p, q


def largest_tail_error(p, q, points=30000):
    worst = mp.mpf(0)
    for i in range(points + 1):
        a = B * i / points
        exact = mp.erfc(a / SQRT2) / 2
        worst = max(worst, abs(mp.exp(-a * a / 2) * ev(p, a) / ev(q, a) - exact))
    return worst


p, q = remez(*start())
rounded = to_f32 if F32 else float
p_rounded = [mp.mpf(rounded(c)) for c in p]
q_rounded = [mp.mpf(rounded(c)) for c in q]
eps = mp.mpf(2) ** (-23 if F32 else -52)
kind = "f32" if F32 else "f64"
print("largest error of the tail, exact coefficients: %s (%s eps of %s)" % (
    mp.nstr(largest_tail_error(p, q), 4), mp.nstr(largest_tail_error(p, q) / eps, 3), kind))
print("largest error of the tail, %s coefficients:   %s (%s eps)" % (
    kind, mp.nstr(largest_tail_error(p_rounded, q_rounded), 4),
    mp.nstr(largest_tail_error(p_rounded, q_rounded) / eps, 3)))
text = f32_repr if F32 else repr
suffix = "_F32" if F32 else ""
print("NORMAL_TAIL_P%s (highest power first):" % suffix, [text(rounded(c)) for c in reversed(p)])
print("NORMAL_TAIL_Q%s (highest power first):" % suffix, [text(rounded(c)) for c in reversed(q)])
print("zeros of Q:", [mp.nstr(z, 4) for z in mp.polyroots(list(reversed(q)), maxsteps=300, extraprec=200)])
for a in (8.5, 12, 20, 30, 40):
    a = mp.mpf(a)
    rel = (ev(p_rounded, a) / ev(q_rounded, a)) / tail_ratio(a) - 1
    print("relative error of P/Q at a = %s: %s" % (mp.nstr(a, 3), mp.nstr(rel, 3)))
