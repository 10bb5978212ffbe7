"""Oracle: L1 and elastic-net penalties in PyTorch (issue 25), float64.

Writes tests/fixtures/torch_l1.txt: the 3-4-2 network of torch_sgd_step.py
(tanh, sigmoid outputs) on its five samples, trained on
`BCEWithLogits + l1·Σ|W| + (l2/2)·Σ W²` (weights only, not biases; autograd
takes sign(0) = 0 for |w| at 0), full batch, 5 steps:

| case | l1 | l2 | optimiser |
|---|---|---|---|
| sgd_l1 | 0.01 | 0 | SGD(lr=0.5) |
| sgd_elastic | 0.01 | 0.02 | SGD(lr=0.5) |
| adam_elastic | 0.02 | 0.01 | Adam(lr=0.05) |

`objective.<case>`: the objective at the start; `train.<case>`: every weight
(crate's (in, out) layout) then bias, layer by layer, after the 5 steps.
Run: python scripts/oracles/torch_l1.py
"""
from pathlib import Path

import torch

torch.set_default_dtype(torch.float64)
ROOT = Path(__file__).resolve().parent.parent.parent
T = torch.tensor
lines = [f"# torch {torch.__version__}, float64"]

W1 = T([[0.1, -0.2, 0.3], [-0.4, 0.5, -0.6], [0.7, 0.8, -0.9], [0.05, -0.15, 0.25]])
b1 = T([0.01, -0.02, 0.03, -0.04])
W2 = T([[0.2, -0.3, 0.4, -0.5], [-0.6, 0.7, 0.1, 0.3]])
b2 = T([0.05, -0.05])
X = T([[0.5, 0.3, 0.2], [-1.0, 0.4, 0.9], [0.0, 0.0, 0.0], [1.5, -0.7, 0.2], [0.3, 0.3, -0.8]])
Y = T([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5], [1.0, 1.0], [0.0, 0.0]])

for case, l1, l2, make in [
    ("sgd_l1", 0.01, 0.0, lambda p: torch.optim.SGD(p, lr=0.5)),
    ("sgd_elastic", 0.01, 0.02, lambda p: torch.optim.SGD(p, lr=0.5)),
    ("adam_elastic", 0.02, 0.01, lambda p: torch.optim.Adam(p, lr=0.05)),
]:
    a, b = torch.nn.Linear(3, 4), torch.nn.Linear(4, 2)
    with torch.no_grad():
        a.weight.copy_(W1); a.bias.copy_(b1); b.weight.copy_(W2); b.bias.copy_(b2)

    def objective():
        loss = torch.nn.functional.binary_cross_entropy_with_logits(b(torch.tanh(a(X))), Y)
        weights = [a.weight, b.weight]
        return loss + l1 * sum(w.abs().sum() for w in weights) + l2 / 2 * sum((w ** 2).sum() for w in weights)

    lines.append(f"objective.{case} {objective().item()!r}")
    optimizer = make(list(a.parameters()) + list(b.parameters()))
    for _ in range(5):
        optimizer.zero_grad()
        objective().backward()
        optimizer.step()
    values = [a.weight.detach().T, a.bias.detach(), b.weight.detach().T, b.bias.detach()]
    lines.append(f"train.{case} " + " ".join(repr(v) for x in values for v in x.reshape(-1).tolist()))

out = ROOT / "tests" / "fixtures" / "torch_l1.txt"
out.write_text("\n".join(lines) + "\n")
print(f"wrote {out}")
print("\n".join(l[:110] for l in lines))
