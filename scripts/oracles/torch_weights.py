"""Oracle: class and sample weights in PyTorch (issue 25), float64.

Writes tests/fixtures/torch_weights.txt. The network is the 3-4-k tanh network
of torch_sgd_step.py (k = 3 for cross-entropy: a third output row added), on
its five samples and a sixth. For each case: the weighted mean loss and its
gradient (`value.<case>`, `grad.<case>`: every weight then bias, layer by layer,
in the crate's (in, out) layout), the parameters after 5 full-batch SGD steps
(lr 0.5, `full.<case>`), and after 5 epochs of mini-batches of 4 samples in
order, each batch's loss its own weighted mean (`mini.<case>`).

| case | loss | weights |
|---|---|---|
| ce_class | CrossEntropyLoss(weight=[0.2, 1.0, 3.0]) on class indices | class weights |
| bce_sample | sum(s * BCEWithLogits(reduction='none')) / sum(s), 1 output | sample weights s |
| bce_both | as bce_sample with s * (w0 (1 - t) + w1 t), w = [1, 4] | class and sample weights |
| mse_sample | sum(s * mean_k (y - t)^2) / sum(s), 2 identity outputs | sample weights s |

One line per array: `name v1 v2 …` (repr()).
Run: python scripts/oracles/torch_weights.py
"""
from pathlib import Path

import torch

torch.set_default_dtype(torch.float64)
ROOT = Path(__file__).resolve().parent.parent.parent
T = torch.tensor
lines = [f"# torch {torch.__version__}, float64"]

W1 = T([[0.1, -0.2, 0.3], [-0.4, 0.5, -0.6], [0.7, 0.8, -0.9], [0.05, -0.15, 0.25]])
b1 = T([0.01, -0.02, 0.03, -0.04])
W2 = T([[0.2, -0.3, 0.4, -0.5], [-0.6, 0.7, 0.1, 0.3], [0.35, 0.1, -0.25, 0.45]])
b2 = T([0.05, -0.05, 0.02])
X = T([[0.5, 0.3, 0.2], [-1.0, 0.4, 0.9], [0.0, 0.0, 0.0], [1.5, -0.7, 0.2], [0.3, 0.3, -0.8], [-0.6, -0.2, 0.4]])
LABELS = T([0, 2, 1, 2, 0, 2])
BINARY = T([[1.0], [0.0], [1.0], [1.0], [0.0], [0.0]])
REGRESSION = T([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5], [1.0, 1.0], [0.0, 0.0], [-0.5, 2.0]])
S = T([0.5, 2.0, 1.0, 0.0, 3.0, 1.5])
CLASS = T([0.2, 1.0, 3.0])
BINARY_CLASS = T([1.0, 4.0])


def weighted_mean(losses, s):
    return (s * losses).sum() / s.sum()


def loss_fn(case, rows):
    x = X[rows]
    if case == "ce_class":
        return lambda out: torch.nn.CrossEntropyLoss(weight=CLASS)(out, LABELS[rows])
    bce = lambda out: torch.nn.functional.binary_cross_entropy_with_logits(out, BINARY[rows], reduction="none")[:, 0]
    if case == "bce_sample":
        return lambda out: weighted_mean(bce(out), S[rows])
    if case == "bce_both":
        t = BINARY[rows][:, 0]
        s = S[rows] * (BINARY_CLASS[0] * (1 - t) + BINARY_CLASS[1] * t)
        return lambda out: weighted_mean(bce(out), s)
    if case == "mse_sample":
        return lambda out: weighted_mean(((out - REGRESSION[rows]) ** 2).mean(dim=1), S[rows])


OUTPUTS = {"ce_class": 3, "bce_sample": 1, "bce_both": 1, "mse_sample": 2}


def model(k):
    l1, l2 = torch.nn.Linear(3, 4), torch.nn.Linear(4, k)
    with torch.no_grad():
        l1.weight.copy_(W1); l1.bias.copy_(b1); l2.weight.copy_(W2[:k]); l2.bias.copy_(b2[:k])
    return l1, l2


def flat(l1, l2, grad=False):
    get = (lambda p: p.grad) if grad else (lambda p: p.detach())
    arrays = [get(l1.weight).T, get(l1.bias), get(l2.weight).T, get(l2.bias)]
    return " ".join(repr(v) for a in arrays for v in a.reshape(-1).tolist())


for case, k in OUTPUTS.items():
    l1, l2 = model(k)
    forward = lambda rows: l2(torch.tanh(l1(X[rows])))
    every = list(range(6))
    value = loss_fn(case, every)(forward(every))
    value.backward()
    lines.append(f"value.{case} {value.item()!r}")
    lines.append(f"grad.{case} {flat(l1, l2, grad=True)}")
    for name, batches in [("full", [every]), ("mini", [[0, 1, 2, 3], [4, 5]])]:
        l1, l2 = model(k)
        forward = lambda rows: l2(torch.tanh(l1(X[rows])))
        optimizer = torch.optim.SGD(list(l1.parameters()) + list(l2.parameters()), lr=0.5)
        for _ in range(5):
            for rows in batches:
                optimizer.zero_grad()
                loss_fn(case, rows)(forward(rows)).backward()
                optimizer.step()
        lines.append(f"{name}.{case} {flat(l1, l2)}")

out = ROOT / "tests" / "fixtures" / "torch_weights.txt"
out.write_text("\n".join(lines) + "\n")
print(f"wrote {out}")
print("\n".join(l[:110] for l in lines))
