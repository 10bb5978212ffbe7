"""Oracle: a small CNN trained by PyTorch, its state dict saved with the
`safetensors` package, and its outputs in eval mode, for tests/suite/safetensors_cnn.rs.

Writes
    tests/fixtures/torch_cnn.safetensors   safetensors.torch.save_file(model.state_dict(), ...)
    tests/fixtures/torch_cnn.txt           inputs X and eval-mode outputs Y, float32

Run with a Python that has torch, numpy and safetensors:

    python3 scripts/oracles/torch_cnn_state_dict.py

The network, in float32 (its nn.Sequential indices are the tensor names):

    0 Conv2d(1, 4, 3, padding=1)   1 ReLU
    2 MaxPool2d(2)
    3 BatchNorm2d(4)
    4 Conv2d(4, 6, 3, stride=2)    5 Tanh
    6 AvgPool2d(2)
    7 Flatten
    8 Linear(6, 8)                 9 ReLU
    10 BatchNorm1d(8)
    11 Linear(8, 3)                12 Softmax(dim=1)

on 10 × 10 images: 10 → conv 10 → pool 5 → conv (stride 2) 2 → pool 1, so
the flattened maps hold 6 values. torch.manual_seed(20261201); 20 Adam steps
(lr 0.01) on random images and labels in training mode, so that the batch
normalisations' running statistics move away from (0, 1); then model.eval()
and the outputs of 5 fresh images.

Line format: <key> <shape> <values...>; shape as AxBxC..., values row-major,
Python repr() of each float32 value widened to float64 (exact).
"""

import os

import numpy as np
import safetensors
import safetensors.torch
import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
FIXTURES = os.path.join(REPO, "tests", "fixtures")


def line(key, a):
    a = np.asarray(a, dtype=np.float32).astype(np.float64)
    shape = "x".join(str(s) for s in a.shape)
    return f"{key} {shape} " + " ".join(repr(float(v)) for v in a.ravel())


def main():
    torch.manual_seed(20261201)
    torch.set_num_threads(1)
    model = nn.Sequential(
        nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(),
        nn.MaxPool2d(2),
        nn.BatchNorm2d(4),
        nn.Conv2d(4, 6, 3, stride=2), nn.Tanh(),
        nn.AvgPool2d(2),
        nn.Flatten(),
        nn.Linear(6, 8), nn.ReLU(),
        nn.BatchNorm1d(8),
        nn.Linear(8, 3), nn.Softmax(dim=1),
    )
    optimiser = torch.optim.Adam(model.parameters(), lr=0.01)
    model.train()
    for _ in range(20):
        x = torch.randn(16, 1, 10, 10) * 2 + 0.5
        t = torch.randint(0, 3, (16,))
        optimiser.zero_grad()
        # NLL of the softmax's log: cross-entropy on the probabilities.
        loss = nn.functional.nll_loss(torch.log(model(x)), t)
        loss.backward()
        optimiser.step()
    model.eval()
    x = torch.randn(5, 1, 10, 10) * 2 + 0.5
    with torch.no_grad():
        y = model(x)
    path = os.path.join(FIXTURES, "torch_cnn.safetensors")
    safetensors.torch.save_file(model.state_dict(), path)
    lines = [
        "# A small CNN trained by PyTorch; written by scripts/oracles/torch_cnn_state_dict.py",
        f"# torch {torch.__version__}, safetensors {safetensors.__version__}, float32; eval-mode outputs",
        line("X", x.numpy()),
        line("Y", y.numpy()),
    ]
    with open(os.path.join(FIXTURES, "torch_cnn.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("state dict:", {k: tuple(v.shape) for k, v in model.state_dict().items()})
    print("bn running_var[0:4]:", model[3].running_var[:4].tolist())
    print("Y:", y.numpy())


if __name__ == "__main__":
    main()
