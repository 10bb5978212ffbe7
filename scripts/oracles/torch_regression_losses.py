"""Oracle: PyTorch's L1Loss and HuberLoss (issue 25), float64.

Writes tests/fixtures/torch_regression_losses.txt:
- `values.<case>` / `grad.<case>`: the mean loss of outputs `y` against targets
  `t` (the `y`/`t` lines), and its gradient with respect to y, for L1Loss,
  HuberLoss(delta=1.0) and HuberLoss(delta=0.3); the residuals include 0 and
  ±delta exactly;
- `train.<case>`: the weights of the 3-4-2 network of torch_sgd_step.py with
  an identity output (tanh hidden) after 5 full-batch SGD steps (lr 0.5) under
  L1Loss and HuberLoss(delta=0.3), in the crate's layout (in, out);
- `neuron.<case>`: a neuron (identity, 3 inputs) after 5 SGD steps (lr 0.1)
  under the same losses, weights then bias.
One line per array: `name v1 v2 …` (repr()).
Run: python scripts/oracles/torch_regression_losses.py
"""
from pathlib import Path

import torch

torch.set_default_dtype(torch.float64)
ROOT = Path(__file__).resolve().parent.parent.parent
T = torch.tensor
lines = [f"# torch {torch.__version__}, float64"]


def line(name, values):
    values = values.reshape(-1).tolist() if hasattr(values, "reshape") else [values]
    lines.append(f"{name} " + " ".join(repr(float(v)) for v in values))


y0 = T([[0.5, -1.2], [2.0, 0.0], [0.3, 0.7], [1.0, -0.3], [0.25, 4.0]])
t = T([[0.5, -0.2], [1.0, 0.3], [0.6, 0.7], [0.0, 0.0], [-1.0, 1.5]])
line("y", y0)
line("t", t)
LOSSES = {"l1": torch.nn.L1Loss(), "huber1": torch.nn.HuberLoss(delta=1.0), "huber03": torch.nn.HuberLoss(delta=0.3)}
for name, fn in LOSSES.items():
    y = y0.clone().requires_grad_(True)
    value = fn(y, t)
    value.backward()
    line(f"values.{name}", value.detach())
    line(f"grad.{name}", y.grad)

W1 = T([[0.1, -0.2, 0.3], [-0.4, 0.5, -0.6], [0.7, 0.8, -0.9], [0.05, -0.15, 0.25]])
b1 = T([0.01, -0.02, 0.03, -0.04])
W2 = T([[0.2, -0.3, 0.4, -0.5], [-0.6, 0.7, 0.1, 0.3]])
b2 = T([0.05, -0.05])
X = T([[0.5, 0.3, 0.2], [-1.0, 0.4, 0.9], [0.0, 0.0, 0.0], [1.5, -0.7, 0.2], [0.3, 0.3, -0.8]])
Y = T([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5], [1.0, 1.0], [0.0, 0.0]])
for name in ["l1", "huber03"]:
    l1, l2 = torch.nn.Linear(3, 4), torch.nn.Linear(4, 2)
    with torch.no_grad():
        l1.weight.copy_(W1); l1.bias.copy_(b1); l2.weight.copy_(W2); l2.bias.copy_(b2)
    optimizer = torch.optim.SGD(list(l1.parameters()) + list(l2.parameters()), lr=0.5)
    for _ in range(5):
        optimizer.zero_grad()
        LOSSES[name](l2(torch.tanh(l1(X))), Y).backward()
        optimizer.step()
    values = [l1.weight.detach().T, l1.bias.detach(), l2.weight.detach().T, l2.bias.detach()]
    lines.append(f"train.{name} " + " ".join(repr(v) for a in values for v in a.reshape(-1).tolist()))

    neuron = torch.nn.Linear(3, 1)
    with torch.no_grad():
        neuron.weight.copy_(T([[0.4, 0.7, 0.2]])); neuron.bias.copy_(T([0.0]))
    optimizer = torch.optim.SGD(neuron.parameters(), lr=0.1)
    target = T([[1.0], [0.0], [0.5], [2.0], [-1.0]])
    for _ in range(5):
        optimizer.zero_grad()
        LOSSES[name](neuron(X), target).backward()
        optimizer.step()
    lines.append(f"neuron.{name} " + " ".join(repr(v) for v in neuron.weight.detach().reshape(-1).tolist() + neuron.bias.detach().tolist()))

out = ROOT / "tests" / "fixtures" / "torch_regression_losses.txt"
out.write_text("\n".join(lines) + "\n")
print(f"wrote {out}")
print("\n".join(l[:110] for l in lines))
