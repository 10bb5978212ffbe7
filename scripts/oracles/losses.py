"""Oracle: loss values and gradients (PyTorch float64, cross-checked in NumPy).

1. h = [-2.0, -0.5, 0.0, 0.7, 3.0], t = [0, 1, 1, 0, 1]  (n = 5)
   - sigmoid(h)
   - BCE from logits, mean:  F.binary_cross_entropy_with_logits(h, t);  dL/dh = (sigmoid(h) - t)/n
   - MSE on y = sigmoid(h):  F.mse_loss(y, t) (mean);  dL/dy = 2(y - t)/n;  dL/dh = dL/dy * y(1-y)
2. extreme BCE from logits: h = [-800.0, 800.0, 40.0], t = [1, 0, 1]
   (a naive log(sigmoid) would give inf; the stable value is (800 + 800 + log1p(e^-40))/3)
3. 2-D MSE: y = [[0.1,0.9],[0.4,0.6],[0.8,0.3]], t = [[0,1],[1,0],[1,1]];
   mean over all 6 elements, dL/dy = 2(y - t)/6.
Floats printed with repr() (shortest round-trip f64 string).
Run: python scripts/oracles/losses.py
"""
import numpy as np
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)


def fmt(a):
    a = a.detach().numpy() if isinstance(a, torch.Tensor) else np.asarray(a)
    if a.ndim == 0:
        return repr(float(a))
    return "[" + ", ".join(fmt(r) for r in a) + "]"


print("torch", torch.__version__, "| numpy", np.__version__, "| float64")

# ---------------------------------------------------------------- 1. small example
print("\n=== 1. h = [-2.0, -0.5, 0.0, 0.7, 3.0], t = [0, 1, 1, 0, 1] ===")
h_list, t_list = [-2.0, -0.5, 0.0, 0.7, 3.0], [0.0, 1.0, 1.0, 0.0, 1.0]
t = torch.tensor(t_list)
n = len(h_list)

h = torch.tensor(h_list, requires_grad=True)
s = torch.sigmoid(h)
print("sigmoid(h)            =", fmt(s))
print("sigmoid'(h) = s(1-s)  =", fmt(s * (1 - s)))

bce = F.binary_cross_entropy_with_logits(h, t)
bce.backward()
print("BCE-with-logits mean  =", fmt(bce))
print("dBCE/dh (torch)       =", fmt(h.grad))
print("(sigmoid(h)-t)/n      =", fmt((s - t) / n))

# MSE on the sigmoid outputs; keep y as a leaf-like intermediate to get dL/dy.
h = torch.tensor(h_list, requires_grad=True)
y = torch.sigmoid(h)
y.retain_grad()
mse = F.mse_loss(y, t)
mse.backward()
print("MSE(sigmoid(h), t)    =", fmt(mse))
print("dMSE/dy (torch)       =", fmt(y.grad))
print("dMSE/dh (torch)       =", fmt(h.grad))

# NumPy cross-check of the same numbers (formulas written out).
hn, tn = np.array(h_list), np.array(t_list)
sn = 1.0 / (1.0 + np.exp(-hn))
bce_np = np.mean(np.logaddexp(0.0, hn) - tn * hn)  # log(1+e^h) - t*h
mse_np = np.mean((sn - tn) ** 2)
print("numpy: BCE mean       =", repr(float(bce_np)))
print("numpy: MSE            =", repr(float(mse_np)))
print("numpy: dMSE/dy        =", fmt(2 * (sn - tn) / n))
print("numpy: dMSE/dh        =", fmt(2 * (sn - tn) / n * sn * (1 - sn)))

# ---------------------------------------------------------------- 2. extreme BCE
print("\n=== 2. extreme BCE-with-logits: h = [-800.0, 800.0, 40.0], t = [1, 0, 1] ===")
h = torch.tensor([-800.0, 800.0, 40.0], requires_grad=True)
t = torch.tensor([1.0, 0.0, 1.0])
bce = F.binary_cross_entropy_with_logits(h, t)
bce.backward()
print("per-element (reduction='none') =", fmt(F.binary_cross_entropy_with_logits(h, t, reduction="none")))
print("BCE-with-logits mean           =", fmt(bce))
print("dBCE/dh (torch)                =", fmt(h.grad))
print("sigmoid(h) in f64              =", fmt(torch.sigmoid(h)))
print("exact: 1600/3 + log1p(exp(-40))/3, with log1p(exp(-40)) =", repr(float(np.log1p(np.exp(-40.0)))))
# torch's gradient for h=40 is sigmoid(40) - 1 = 1.0 - 1 = 0 in f64; the exact value is tiny:
print("exact dBCE/dh[2] = -exp(-40)/(1+exp(-40))/3 =", repr(float(-np.exp(-40.0) / (1 + np.exp(-40.0)) / 3)))
print("note: 1600/3 in f64 =", repr(1600.0 / 3.0), "; 1/3 =", repr(1.0 / 3.0))

# ---------------------------------------------------------------- 3. 2-D MSE
print("\n=== 3. 2-D MSE: y = [[0.1,0.9],[0.4,0.6],[0.8,0.3]], t = [[0,1],[1,0],[1,1]] ===")
y = torch.tensor([[0.1, 0.9], [0.4, 0.6], [0.8, 0.3]], requires_grad=True)
t = torch.tensor([[0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
mse = F.mse_loss(y, t)  # mean over all 6 elements
mse.backward()
print("MSE mean over 6 elements =", fmt(mse))
print("dMSE/dy (torch)          =", fmt(y.grad))
print("2(y - t)/6               =", fmt(2 * (y.detach() - t) / 6))
print("sum of squared errors    =", fmt(((y.detach() - t) ** 2).sum()))
