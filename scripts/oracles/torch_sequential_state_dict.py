"""Oracle: PyTorch state dicts of dense models as PyTorch names them, saved
with the `safetensors` package, and their outputs on fixed inputs, for
tests/suite/safetensors_state_dict.rs (`SafetensorsOptions::sequential`,
`prefix`, `layer_keys`).

Writes, in tests/fixtures/:
    torch_sequential.safetensors   nn.Sequential(Linear(4, 16), ReLU, Linear(16, 3), Softmax(dim=1)),
                                   float64: keys 0.weight, 0.bias, 2.weight, 2.bias
    torch_sequential_nobias.safetensors
                                   nn.Sequential(Linear(4, 8, bias=False), Tanh, Dropout(0.1),
                                   Linear(8, 3)), float32: keys 0.weight, 3.weight, 3.bias
    torch_wrapped.safetensors      a module whose self.net = nn.Sequential(Linear(4, 6), ReLU,
                                   Linear(6, 5), ReLU, Linear(5, 2)) and whose forward is
                                   softmax(self.net(x)), float64: keys net.0.*, net.2.*, net.4.*
    torch_named.safetensors        a module with self.hidden = Linear(4, 5) and
                                   self.out = Linear(5, 1), forward sigmoid(out(tanh(hidden(x)))),
                                   float64: keys hidden.*, out.*
    torch_state_dicts.txt          the inputs X (6 x 4, float64; float32 for the float32 model)
                                   and each model's eval-mode outputs

Run with a Python that has torch, numpy and safetensors:

    python3 scripts/oracles/torch_sequential_state_dict.py

The weights are PyTorch's default initialisation under torch.manual_seed(20261206).
Line format: <key> <shape> <values...>; shape as AxB, values row-major, Python
repr() of each value (float32 values widened to float64, exactly).
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
    a = np.asarray(a).astype(np.float64)
    shape = "x".join(str(s) for s in a.shape)
    return f"{key} {shape} " + " ".join(repr(float(v)) for v in a.ravel())


class Wrapped(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(4, 6), nn.ReLU(), nn.Linear(6, 5), nn.ReLU(), nn.Linear(5, 2)
        )

    def forward(self, x):
        return torch.softmax(self.net(x), dim=1)


class Named(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(4, 5)
        self.out = nn.Linear(5, 1)

    def forward(self, x):
        return torch.sigmoid(self.out(torch.tanh(self.hidden(x))))


def save(model, name):
    path = os.path.join(FIXTURES, f"{name}.safetensors")
    safetensors.torch.save_file(model.state_dict(), path)
    print(name, {k: tuple(v.shape) for k, v in model.state_dict().items()})


def main():
    torch.manual_seed(20261206)
    torch.set_num_threads(1)
    sequential = nn.Sequential(
        nn.Linear(4, 16), nn.ReLU(), nn.Linear(16, 3), nn.Softmax(dim=1)
    ).double()
    nobias = nn.Sequential(
        nn.Linear(4, 8, bias=False), nn.Tanh(), nn.Dropout(0.1), nn.Linear(8, 3)
    ).float()
    wrapped = Wrapped().double()
    named = Named().double()
    x = torch.randn(6, 4, dtype=torch.float64) * 1.5
    lines = [
        "# Dense models' state dicts as PyTorch names them; written by scripts/oracles/torch_sequential_state_dict.py",
        f"# torch {torch.__version__}, safetensors {safetensors.__version__}; eval-mode outputs",
        line("X", x.numpy()),
    ]
    with torch.no_grad():
        for model, name, inputs in [
            (sequential, "torch_sequential", x),
            (nobias, "torch_sequential_nobias", x.float()),
            (wrapped, "torch_wrapped", x),
            (named, "torch_named", x),
        ]:
            model.eval()
            save(model, name)
            lines.append(line(f"{name}.Y", model(inputs).numpy()))
    with open(os.path.join(FIXTURES, "torch_state_dicts.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines[2:]))


if __name__ == "__main__":
    main()
