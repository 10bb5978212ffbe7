"""Oracle: categorical cross-entropy from logits with probability targets (PyTorch float64).

Loss: torch.nn.CrossEntropyLoss() (reduction='mean' over the n samples) called with
PROBABILITY targets T (n x K, each row sums to 1), i.e.
    L = (1/n) sum_i sum_k -T[i,k] * log_softmax(Z[i])[k]
Gradient w.r.t. the logits:  dL/dZ = (softmax(Z) - T) / n   (checked below).
Cases (n = 2 samples, K = 3 classes):
  (a) Z = [[1.0, 2.0, 3.0], [0.5, -0.5, 0.0]],  T = one-hot [[0,0,1],[1,0,0]]
  (b) same Z, T = label-smoothed one-hot, smoothing 0.1 over 3 classes:
      0.1/3 off the true class, 0.9 + 0.1/3 on it (the T printed is the exact f64 used)
  (c) extreme Z = [[1000.0, -1000.0, 0.0], [-1000.0, 1000.0, 999.0]],
      T = one-hot [[0,1,0],[0,0,1]]; exact value (2000 + log(1 + e^-1000 + e^-1000)
      + 1 + log(1 + e^-1 + e^-2000)) / 2 = (2001 + log1p(e^-1)) / 2: finite.
Also softmax(Z) row-wise (torch.softmax(Z, dim=1)) for each Z, and a NumPy
cross-check via a max-shifted log-softmax.
Floats printed with repr() (shortest round-trip f64 string).
Run: python scripts/oracles/cross_entropy.py
"""
import math

import numpy as np
import torch

torch.set_default_dtype(torch.float64)


def fmt(a):
    a = a.detach().numpy() if isinstance(a, torch.Tensor) else np.asarray(a)
    if a.ndim == 0:
        return repr(float(a))
    return "[" + ", ".join(fmt(r) for r in a) + "]"


def np_log_softmax(z):
    m = z.max(axis=1, keepdims=True)
    return z - m - np.log(np.exp(z - m).sum(axis=1, keepdims=True))


print("torch", torch.__version__, "| numpy", np.__version__, "| float64")
print("loss = torch.nn.CrossEntropyLoss()(Z, T)  (reduction='mean', probability targets)")

Z_ab = [[1.0, 2.0, 3.0], [0.5, -0.5, 0.0]]
off, on = 0.1 / 3, 0.9 + 0.1 / 3
cases = [
    ("(a) one-hot targets", Z_ab, [[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]),
    ("(b) label-smoothed targets (0.1 over 3 classes)", Z_ab, [[off, off, on], [on, off, off]]),
    ("(c) extreme logits, one-hot targets", [[1000.0, -1000.0, 0.0], [-1000.0, 1000.0, 999.0]],
     [[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]),
]

print("\nlabel smoothing: off = 0.1/3 =", repr(off), "; on = 0.9 + 0.1/3 =", repr(on),
      "; on + 2*off =", repr(on + 2 * off))

for label, zl, tl in cases:
    print(f"\n=== {label} ===")
    Z = torch.tensor(zl, requires_grad=True)
    T = torch.tensor(tl)
    n = Z.shape[0]
    loss = torch.nn.CrossEntropyLoss()(Z, T)
    loss.backward()
    sm = torch.softmax(Z.detach(), dim=1)
    print("Z                       =", fmt(Z))
    print("T                       =", fmt(T))
    print("softmax(Z) (dim=1)      =", fmt(sm))
    print("log_softmax(Z)          =", fmt(torch.log_softmax(Z.detach(), dim=1)))
    print("loss (mean over n=%d)    =" % n, repr(loss.item()), " finite:", math.isfinite(loss.item()))
    print("dloss/dZ (torch)        =", fmt(Z.grad))
    print("(softmax(Z) - T)/n      =", fmt((sm - T) / n))
    print("max|torch grad - (softmax-T)/n| =", repr((Z.grad - (sm - T) / n).abs().max().item()))
    zn, tn = np.array(zl), np.array(tl)
    loss_np = -(tn * np_log_softmax(zn)).sum(axis=1).mean()
    print("NumPy loss              =", repr(float(loss_np)),
          " |diff| =", repr(abs(float(loss_np) - loss.item())))
    print("per-sample losses       =", fmt(-(tn * np_log_softmax(zn)).sum(axis=1)))

print("\n(c) closed form (2001 + log1p(exp(-1))) / 2 =", repr((2001.0 + math.log1p(math.exp(-1.0))) / 2))
