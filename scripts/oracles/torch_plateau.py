"""Oracle: PyTorch's ReduceLROnPlateau on fixed loss sequences (issue 25).

Writes tests/fixtures/torch_plateau.txt, one line per epoch:
`case epoch loss lr`: the rate the epoch trains at (param_groups[0]['lr']
before the epoch's scheduler.step(loss)) and the loss then given to step().

| case | PyTorch (mode="min", threshold_mode="rel") | crate |
|---|---|---|
| defaults | factor=0.1, patience=10, threshold=1e-4 | Schedule::reduce_on_plateau(0.1, 10) |
| halve | factor=0.5, patience=2 | Schedule::reduce_on_plateau(0.5, 2) |
| cooldown | factor=0.5, patience=1, cooldown=2 | ReduceOnPlateau { cooldown: 2, .. } |
| floor | factor=0.3, patience=0, min_lr=0.004 | ReduceOnPlateau { min_learning_rate: 0.004, .. } |
| threshold | factor=0.5, patience=1, threshold=0.05 | ReduceOnPlateau { threshold: 0.05, .. } |

Every case starts from lr = 0.1. The losses: a noisy decay that flattens
(seeded), with exact repeats and a rise, so that plateaus, ties and
improvements smaller than the threshold all occur.
Run: python scripts/oracles/torch_plateau.py
"""
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parent.parent.parent
LR = 0.1

rng = np.random.default_rng(25)
decay = [float(1.0 / (1 + 0.3 * e) + 0.02 * rng.standard_normal()) for e in range(30)]
LOSSES = decay + [decay[-1]] * 4 + [decay[-1] * 1.5] + [decay[-1] * 0.9, decay[-1] * 0.8999] + decay[:5]

S = torch.optim.lr_scheduler
CASES = [
    ("defaults", dict(factor=0.1, patience=10)),
    ("halve", dict(factor=0.5, patience=2)),
    ("cooldown", dict(factor=0.5, patience=1, cooldown=2)),
    ("floor", dict(factor=0.3, patience=0, min_lr=0.004)),
    ("threshold", dict(factor=0.5, patience=1, threshold=0.05)),
]

lines = [f"# torch {torch.__version__}: case epoch loss lr (lr = {LR} at the start)"]
for name, settings in CASES:
    parameter = torch.nn.Parameter(torch.zeros(1, dtype=torch.float64))
    optimizer = torch.optim.SGD([parameter], lr=LR)
    scheduler = S.ReduceLROnPlateau(optimizer, mode="min", threshold_mode="rel", **settings)
    for epoch, loss in enumerate(LOSSES):
        lines.append(f"{name} {epoch} {loss!r} {optimizer.param_groups[0]['lr']!r}")
        optimizer.step()
        scheduler.step(loss)
out = ROOT / "tests" / "fixtures" / "torch_plateau.txt"
out.write_text("\n".join(lines) + "\n")
print(f"wrote {len(lines) - 1} lines to {out}")
