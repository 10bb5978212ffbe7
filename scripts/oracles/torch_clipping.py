"""Oracle: gradient clipping in PyTorch (issue 25), float64.

Writes tests/fixtures/torch_clipping.txt. The 3-4-2 network of
torch_sgd_step.py (tanh, then sigmoid; MSELoss, mean), full batch of 5:
- `norm.*`: the first gradient, torch.nn.utils.clip_grad_norm_(max_norm=0.05)
  (returns the total norm before clipping), and the clipped gradient;
- `value.*`: the first gradient after clip_grad_value_(0.02);
- `train_norm.*` / `train_value.*`: the weights after 5 steps of SGD
  (lr 0.5, weight_decay 0.01, which torch adds after clipping, as the crate's
  L2 penalty) with clipping before each step.
Weights are printed in the crate's layout, (in, out) = torch's transpose.
One line per array: `name v1 v2 …` (repr()).
Run: python scripts/oracles/torch_clipping.py
"""
from pathlib import Path

import torch

torch.set_default_dtype(torch.float64)
ROOT = Path(__file__).resolve().parent.parent.parent
T = torch.tensor
W1 = T([[0.1, -0.2, 0.3], [-0.4, 0.5, -0.6], [0.7, 0.8, -0.9], [0.05, -0.15, 0.25]])
b1 = T([0.01, -0.02, 0.03, -0.04])
W2 = T([[0.2, -0.3, 0.4, -0.5], [-0.6, 0.7, 0.1, 0.3]])
b2 = T([0.05, -0.05])
X = T([[0.5, 0.3, 0.2], [-1.0, 0.4, 0.9], [0.0, 0.0, 0.0], [1.5, -0.7, 0.2], [0.3, 0.3, -0.8]])
Y = T([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5], [1.0, 1.0], [0.0, 0.0]])


def network():
    l1, l2 = torch.nn.Linear(3, 4), torch.nn.Linear(4, 2)
    with torch.no_grad():
        l1.weight.copy_(W1); l1.bias.copy_(b1)
        l2.weight.copy_(W2); l2.bias.copy_(b2)
    return l1, l2


def gradient(l1, l2):
    for p in (l1.weight, l1.bias, l2.weight, l2.bias):
        p.grad = None
    loss = torch.nn.MSELoss()(torch.sigmoid(l2(torch.tanh(l1(X)))), Y)
    loss.backward()


def crate_layout(l1, l2, grad):
    """The parameters (or their gradients) in the crate's order and layout."""
    pick = (lambda p: p.grad) if grad else (lambda p: p.detach())
    return [pick(l1.weight).T, pick(l1.bias), pick(l2.weight).T, pick(l2.bias)]


def line(name, arrays):
    values = [repr(v) for a in arrays for v in a.reshape(-1).tolist()]
    return f"{name} " + " ".join(values)


lines = [f"# torch {torch.__version__}, float64"]
l1, l2 = network()
gradient(l1, l2)
lines.append(line("gradient", crate_layout(l1, l2, True)))
total = torch.nn.utils.clip_grad_norm_([l1.weight, l1.bias, l2.weight, l2.bias], max_norm=0.05)
lines.append(f"norm.total {total.item()!r}")
lines.append(line("norm.clipped", crate_layout(l1, l2, True)))
l1, l2 = network()
gradient(l1, l2)
torch.nn.utils.clip_grad_value_([l1.weight, l1.bias, l2.weight, l2.bias], clip_value=0.02)
lines.append(line("value.clipped", crate_layout(l1, l2, True)))

for name, clip in [("train_norm", lambda ps: torch.nn.utils.clip_grad_norm_(ps, 0.05)),
                   ("train_value", lambda ps: torch.nn.utils.clip_grad_value_(ps, 0.02))]:
    l1, l2 = network()
    # weight_decay on the weights only, as the crate's l2 (biases unpenalised).
    optimizer = torch.optim.SGD([{"params": [l1.weight, l2.weight], "weight_decay": 0.01},
                                 {"params": [l1.bias, l2.bias], "weight_decay": 0.0}], lr=0.5)
    for _ in range(5):
        gradient(l1, l2)
        clip([l1.weight, l1.bias, l2.weight, l2.bias])
        optimizer.step()
    lines.append(line(f"{name}.weights", crate_layout(l1, l2, False)))

out = ROOT / "tests" / "fixtures" / "torch_clipping.txt"
out.write_text("\n".join(lines) + "\n")
print(f"wrote {out}")
print("\n".join(l[:100] for l in lines))
