"""Oracle: one full-batch SGD step of a 3-4-2 network in PyTorch (float64).

Network:  x -> Linear(3,4) -> tanh -> Linear(4,2) -> sigmoid -> y
Loss:     MSELoss() = mean over all 5*2 elements of (y - t)^2
Step:     torch.optim.SGD(lr=0.5), one step on the whole batch of 5.

All weights are hand-chosen constants so the Rust test can copy them.
NOTE on layout: torch's Linear.weight has shape (out, in); the Rust crate's Dense
layer stores weights as (n_inputs, n_units) = the TRANSPOSE.  Both are printed,
labelled "torch (out,in)" and "rust (in,out) = transpose".
Floats are printed with repr() (shortest round-trip f64 string).
Run: python scripts/oracles/torch_sgd_step.py
"""
import torch

torch.set_default_dtype(torch.float64)
T = torch.tensor

W1 = T([[0.1, -0.2, 0.3], [-0.4, 0.5, -0.6], [0.7, 0.8, -0.9], [0.05, -0.15, 0.25]])
b1 = T([0.01, -0.02, 0.03, -0.04])
W2 = T([[0.2, -0.3, 0.4, -0.5], [-0.6, 0.7, 0.1, 0.3]])
b2 = T([0.05, -0.05])
X = T([[0.5, 0.3, 0.2], [-1.0, 0.4, 0.9], [0.0, 0.0, 0.0], [1.5, -0.7, 0.2], [0.3, 0.3, -0.8]])
Tg = T([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5], [1.0, 1.0], [0.0, 0.0]])

l1, l2 = torch.nn.Linear(3, 4), torch.nn.Linear(4, 2)
with torch.no_grad():
    l1.weight.copy_(W1); l1.bias.copy_(b1)
    l2.weight.copy_(W2); l2.bias.copy_(b2)
params = [l1.weight, l1.bias, l2.weight, l2.bias]
opt = torch.optim.SGD(params, lr=0.5)


def forward(x):
    a1 = torch.tanh(l1(x))
    return a1, torch.sigmoid(l2(a1))


def fmt(t):
    """Nested Python-list repr of a tensor, floats via repr()."""
    if t.dim() == 0:
        return repr(t.item())
    return "[" + ", ".join(fmt(r) for r in t) + "]"


def show(name, t, transpose_note=False):
    if transpose_note:
        print(f"{name} torch (out,in) = {fmt(t)}")
        print(f"{name} rust (in,out) = transpose = {fmt(t.T)}")
    else:
        print(f"{name} = {fmt(t)}")


print("torch", torch.__version__, "| dtype float64 | lr = 0.5 | MSELoss(reduction='mean')")
opt.zero_grad()
a1, y = forward(X)
loss = torch.nn.MSELoss()(y, Tg)
loss.backward()
print("\n--- forward pass before the step ---")
show("hidden activations a1 = tanh(X W1^T + b1) (5x4)", a1.detach())
show("outputs y = sigmoid(a1 W2^T + b2) (5x2)", y.detach())
print("loss before step =", repr(loss.item()))

print("\n--- gradients of the loss ---")
show("grad W1", l1.weight.grad, True)
show("grad b1", l1.bias.grad)
show("grad W2", l2.weight.grad, True)
show("grad b2", l2.bias.grad)

opt.step()
print("\n--- parameters after one SGD step (p - 0.5 * grad) ---")
show("new W1", l1.weight.detach(), True)
show("new b1", l1.bias.detach())
show("new W2", l2.weight.detach(), True)
show("new b2", l2.bias.detach())

with torch.no_grad():
    print("\nloss after step =", repr(torch.nn.MSELoss()(forward(X)[1], Tg).item()))

# Independent cross-check: the same backward pass written out by hand (float64).
#   dL/dy = 2 (y - t) / (N*K);  dz2 = dL/dy * y(1-y);  dW2 = dz2^T a1;  db2 = sum_rows dz2
#   da1 = dz2 W2;  dz1 = da1 * (1 - a1^2);  dW1 = dz1^T X;  db1 = sum_rows dz1
a1 = torch.tanh(X @ W1.T + b1)
y = torch.sigmoid(a1 @ W2.T + b2)
dz2 = 2 * (y - Tg) / Tg.numel() * y * (1 - y)
dz1 = (dz2 @ W2) * (1 - a1 ** 2)
manual = [dz1.T @ X, dz1.sum(0), dz2.T @ a1, dz2.sum(0)]
diff = max((m - p.grad).abs().max().item() for m, p in zip(manual, params))
print("max |hand-written grad - torch grad| =", repr(diff))
