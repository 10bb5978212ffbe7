"""Oracle: PyTorch's learning-rate sequences for the crate's schedules (issue 25).

Writes tests/fixtures/torch_schedules.txt: for each case, the learning rate
each epoch trains at (optimizer.param_groups[0]['lr'] before that epoch's
scheduler.step()), one line per epoch:  `case epoch lr`  (lr with repr()).

The crate sets the rate once per epoch from a closed form; PyTorch's
schedulers update it step by step (a product, for ExponentialLR and LinearLR),
so the two agree to rounding, not bit for bit: the test allows 1e-12 relative.

| case | PyTorch | crate |
|---|---|---|
| step | StepLR(step_size=3, gamma=0.5) | Schedule::step_decay(3, 0.5) |
| cosine | CosineAnnealingLR(T_max=20, eta_min=0.001) | Schedule::cosine(0.001) |
| exponential | ExponentialLR(gamma=0.9) | Schedule::exponential(0.9) |
| inverse_time | LambdaLR(lambda e: 1 / (1 + 0.5 e)) (Keras's InverseTimeDecay per epoch) | Schedule::inverse_time(0.5) |
| warm_up | LinearLR(start_factor=0.1, end_factor=1, total_iters=5) | Schedule::warm_up(5, 0.1) |
| one_cycle | OneCycleLR(max_lr=0.1, total_steps=20) (pct_start 0.3, cos, div 25, final div 1e4) | Schedule::one_cycle(0.3, 25.0, 1e4) |
| one_cycle_linear | OneCycleLR(max_lr=0.1, total_steps=17, pct_start=0.25, anneal_strategy='linear', div_factor=10, final_div_factor=100) | Schedule::OneCycle { .., linear: true } |

Every case starts from lr = 0.1 and runs 20 epochs (17 for one_cycle_linear).
Run: python scripts/oracles/torch_schedules.py
"""
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parent.parent.parent
LR = 0.1


def sequence(make, epochs):
    parameter = torch.nn.Parameter(torch.zeros(1, dtype=torch.float64))
    optimizer = torch.optim.SGD([parameter], lr=LR)
    scheduler = make(optimizer)
    rates = []
    for _ in range(epochs):
        rates.append(optimizer.param_groups[0]["lr"])
        optimizer.step()
        scheduler.step()
    return rates


S = torch.optim.lr_scheduler
CASES = [
    ("step", 20, lambda o: S.StepLR(o, step_size=3, gamma=0.5)),
    ("cosine", 20, lambda o: S.CosineAnnealingLR(o, T_max=20, eta_min=0.001)),
    ("exponential", 20, lambda o: S.ExponentialLR(o, gamma=0.9)),
    ("inverse_time", 20, lambda o: S.LambdaLR(o, lambda e: 1.0 / (1.0 + 0.5 * e))),
    ("warm_up", 20, lambda o: S.LinearLR(o, start_factor=0.1, end_factor=1.0, total_iters=5)),
    ("one_cycle", 20, lambda o: S.OneCycleLR(o, max_lr=LR, total_steps=20)),
    ("one_cycle_linear", 17, lambda o: S.OneCycleLR(o, max_lr=LR, total_steps=17, pct_start=0.25,
                                                    anneal_strategy="linear", div_factor=10.0,
                                                    final_div_factor=100.0)),
]

lines = [f"# torch {torch.__version__}: case epoch lr (lr = {LR} at the start)"]
for name, epochs, make in CASES:
    for epoch, rate in enumerate(sequence(make, epochs)):
        lines.append(f"{name} {epoch} {rate!r}")
out = ROOT / "tests" / "fixtures" / "torch_schedules.txt"
out.write_text("\n".join(lines) + "\n")
print(f"wrote {out} ({len(lines) - 1} rates)")
