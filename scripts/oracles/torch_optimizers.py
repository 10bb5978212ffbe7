"""Oracle: 10 full-batch steps of SGD / momentum / Nesterov / Adam / AdamW (PyTorch float64).

Writes tests/fixtures/torch_optimizers.txt (and prints a summary).

Network:  x -> Linear(3,4) -> tanh -> Linear(4,k) -> logits, two output cases:
  "sigmoid": k = 1, loss torch.nn.BCEWithLogitsLoss() (mean over the 6 samples),
             targets T_sigmoid (6x1) = [1,0,1,0,1,1]
  "softmax": k = 3, loss torch.nn.CrossEntropyLoss() (mean over the 6 samples) with
             one-hot PROBABILITY targets T_softmax (6x3), classes [2,0,1,1,0,2]
Inputs X (6x3) and all initial weights/biases are hand-chosen constants (below); every
optimiser case starts from the same initial parameters with a fresh optimiser.
L2 penalty (l2 in {0.0, 0.05}): added to the LOSS as
    (l2/2) * (||W_hidden||^2 + ||W_out||^2)      (weights only, never biases)
and differentiated by autograd (the optimisers' own weight_decay is NOT used for it).
Optimisers (torch.optim, defaults otherwise):
  sgd      SGD(lr=0.5)
  momentum SGD(lr=0.1, momentum=0.9)                  (dampening 0; buf_1 = g_1)
  nesterov SGD(lr=0.1, momentum=0.9, nesterov=True)
  adam     Adam(lr=0.05)  betas (0.9, 0.999), eps 1e-8, amsgrad False
  adamw    AdamW(lr=0.05) with two param groups: the two weight matrices with
           weight_decay=0.1 (decoupled: p -= lr*0.1*p before the Adam update),
           the two biases with weight_decay=0.0; betas (0.9, 0.999), eps 1e-8
Each step: zero_grad(); loss = criterion(net(X), T) + penalty; loss.backward(); step().
The recorded "loss" is that loss (penalty included) computed before each of the 10 steps.

Fixture format: one item per line, '#' lines are comments.  Item line:
    <key> <shape> <values...>         (single spaces)
shape "RxC" (2-D) or "N" (1-D); values row-major, each printed with Python repr()
(shortest round-trip f64 string; Rust's str::parse::<f64> gives back the same f64).
Weights are in the RUST layout (n_inputs, n_units) = transpose of torch's Linear.weight.
Keys: X, T_sigmoid, T_softmax, init.W0 (3x4), init.b0 (4), init.sigmoid.W1 (4x1),
init.sigmoid.b1 (1), init.softmax.W1 (4x3), init.softmax.b1 (3), then for
output in (sigmoid, softmax), optimiser in (sgd, momentum, nesterov, adam, adamw),
l2 in (0.0, 0.05):  <output>.<optimiser>.l2=<repr(l2)>.{W0,b0,W1,b1}  (after 10 steps)
and <output>.<optimiser>.l2=<repr(l2)>.loss (10).

A NumPy re-implementation (forward, backward and the five update rules written out)
re-runs every case and the max |numpy - torch| difference is printed.

Run from the repository root: python scripts/oracles/torch_optimizers.py
"""
import os

import numpy as np
import torch

torch.set_default_dtype(torch.float64)
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
FIXTURE = os.path.join(REPO, "tests", "fixtures", "torch_optimizers.txt")
STEPS = 10

X_L = [[0.5, 0.3, 0.2], [-1.0, 0.4, 0.9], [0.0, 0.0, 0.0],
       [1.5, -0.7, 0.2], [0.3, 0.3, -0.8], [-0.2, 1.1, 0.6]]
T_SIGMOID_L = [[1.0], [0.0], [1.0], [0.0], [1.0], [1.0]]
CLASSES = [2, 0, 1, 1, 0, 2]
T_SOFTMAX_L = [[1.0 if k == c else 0.0 for k in range(3)] for c in CLASSES]

# torch layout (out, in); the fixture stores the transposes.
W0_T = [[0.1, -0.2, 0.3], [-0.4, 0.5, -0.6], [0.7, 0.8, -0.9], [0.05, -0.15, 0.25]]
B0 = [0.06, -0.07, 0.08, -0.09]
W1_T = {
    "sigmoid": [[0.35, -0.45, 0.55, -0.65]],
    "softmax": [[0.21, -0.32, 0.43, -0.54], [-0.61, 0.72, 0.13, 0.34], [0.46, -0.57, -0.27, 0.68]],
}
B1 = {"sigmoid": [0.17], "softmax": [0.16, -0.12, 0.18]}
TARGETS = {"sigmoid": T_SIGMOID_L, "softmax": T_SOFTMAX_L}
for _o in ("sigmoid", "softmax"):  # every initial value differs in magnitude within a network
    _mags = [abs(v) for v in np.ravel(W0_T).tolist() + B0 + np.ravel(W1_T[_o]).tolist() + B1[_o]]
    assert len(set(_mags)) == len(_mags) and 0.05 <= min(_mags) and max(_mags) <= 0.9
OPTIMISERS = ["sgd", "momentum", "nesterov", "adam", "adamw"]
L2S = [0.0, 0.05]


def make_optimiser(name, W0, b0, W1, b1):
    if name == "sgd":
        return torch.optim.SGD([W0, b0, W1, b1], lr=0.5)
    if name == "momentum":
        return torch.optim.SGD([W0, b0, W1, b1], lr=0.1, momentum=0.9)
    if name == "nesterov":
        return torch.optim.SGD([W0, b0, W1, b1], lr=0.1, momentum=0.9, nesterov=True)
    if name == "adam":
        return torch.optim.Adam([W0, b0, W1, b1], lr=0.05)
    if name == "adamw":
        return torch.optim.AdamW(
            [{"params": [W0, W1], "weight_decay": 0.1}, {"params": [b0, b1], "weight_decay": 0.0}],
            lr=0.05)
    raise ValueError(name)


def run_torch(output, opt_name, l2):
    X, T = torch.tensor(X_L), torch.tensor(TARGETS[output])
    W0 = torch.tensor(W0_T, requires_grad=True)  # torch layout (out, in)
    b0 = torch.tensor(B0, requires_grad=True)
    W1 = torch.tensor(W1_T[output], requires_grad=True)
    b1 = torch.tensor(B1[output], requires_grad=True)
    crit = torch.nn.BCEWithLogitsLoss() if output == "sigmoid" else torch.nn.CrossEntropyLoss()
    opt = make_optimiser(opt_name, W0, b0, W1, b1)
    losses = []
    for _ in range(STEPS):
        opt.zero_grad()
        z = torch.nn.functional.linear(torch.tanh(torch.nn.functional.linear(X, W0, b0)), W1, b1)
        loss = crit(z, T) + (l2 / 2) * ((W0 ** 2).sum() + (W1 ** 2).sum())
        loss.backward()
        losses.append(loss.item())
        opt.step()
    # rust layout
    return {"W0": W0.detach().T.numpy().copy(), "b0": b0.detach().numpy().copy(),
            "W1": W1.detach().T.numpy().copy(), "b1": b1.detach().numpy().copy(),
            "loss": np.array(losses)}


# ----------------------------------------------------------------- NumPy cross-check
def np_loss_grads(output, P, X, T, l2):
    """P = dict of rust-layout params. Returns loss and grads (rust layout)."""
    n = X.shape[0]
    A1 = np.tanh(X @ P["W0"] + P["b0"])
    Z = A1 @ P["W1"] + P["b1"]
    pen = (l2 / 2) * ((P["W0"] ** 2).sum() + (P["W1"] ** 2).sum())
    if output == "sigmoid":
        loss = np.mean(np.logaddexp(0.0, Z) - T * Z)
        dZ = (1.0 / (1.0 + np.exp(-Z)) - T) / Z.size
    else:
        m = Z.max(axis=1, keepdims=True)
        ls = Z - m - np.log(np.exp(Z - m).sum(axis=1, keepdims=True))
        loss = -(T * ls).sum(axis=1).mean()
        dZ = (np.exp(ls) - T) / n
    dH = (dZ @ P["W1"].T) * (1 - A1 ** 2)
    g = {"W0": X.T @ dH + l2 * P["W0"], "b0": dH.sum(axis=0),
         "W1": A1.T @ dZ + l2 * P["W1"], "b1": dZ.sum(axis=0)}
    return loss + pen, g


def run_numpy(output, opt_name, l2):
    X, T = np.array(X_L), np.array(TARGETS[output])
    P = {"W0": np.array(W0_T).T.copy(), "b0": np.array(B0),
         "W1": np.array(W1_T[output]).T.copy(), "b1": np.array(B1[output])}
    state = {k: {} for k in P}
    losses = []
    b1_, b2_, eps = 0.9, 0.999, 1e-8
    for t in range(1, STEPS + 1):
        loss, G = np_loss_grads(output, P, X, T, l2)
        losses.append(loss)
        for k in P:
            g, s = G[k], state[k]
            if opt_name == "sgd":
                P[k] = P[k] - 0.5 * g
            elif opt_name in ("momentum", "nesterov"):
                s["buf"] = g.copy() if t == 1 else 0.9 * s["buf"] + g
                d = g + 0.9 * s["buf"] if opt_name == "nesterov" else s["buf"]
                P[k] = P[k] - 0.1 * d
            else:  # adam / adamw
                lr = 0.05
                if opt_name == "adamw" and k in ("W0", "W1"):
                    P[k] = P[k] * (1 - lr * 0.1)  # decoupled decay, weights only
                s["m"] = b1_ * s.get("m", 0.0) + (1 - b1_) * g
                s["v"] = b2_ * s.get("v", 0.0) + (1 - b2_) * g * g
                mhat = s["m"] / (1 - b1_ ** t)
                vhat = s["v"] / (1 - b2_ ** t)
                P[k] = P[k] - lr * mhat / (np.sqrt(vhat) + eps)
    P["loss"] = np.array(losses)
    return P


# ----------------------------------------------------------------- fixture
def line(key, a):
    a = np.asarray(a, dtype=np.float64)
    shape = "x".join(str(s) for s in a.shape)
    return f"{key} {shape} " + " ".join(repr(float(v)) for v in a.ravel())


out = [
    "# Oracle for 10 full-batch optimiser steps; written by scripts/oracles/torch_optimizers.py",
    f"# torch {torch.__version__}, numpy {np.__version__}, float64 throughout (torch.set_default_dtype(torch.float64)).",
    "# Network: X (6x3) -> Linear(3,4) -> tanh -> Linear(4,k) -> logits.",
    "#   sigmoid: k=1, torch.nn.BCEWithLogitsLoss() (mean over the 6 samples), targets T_sigmoid (6x1).",
    "#   softmax: k=3, torch.nn.CrossEntropyLoss() (mean over the 6 samples), one-hot probability targets T_softmax (6x3).",
    "# L2: loss += (l2/2)*(||W0||^2 + ||W1||^2), weights only (never biases), differentiated by autograd;",
    "#     the optimisers' weight_decay is not used for it.  l2 in {0.0, 0.05}.",
    "# Optimisers (fresh state, same init for every case), torch.optim with defaults otherwise:",
    "#   sgd      SGD(lr=0.5)",
    "#   momentum SGD(lr=0.1, momentum=0.9)  (dampening 0, first buffer = first gradient)",
    "#   nesterov SGD(lr=0.1, momentum=0.9, nesterov=True)",
    "#   adam     Adam(lr=0.05, betas=(0.9, 0.999), eps=1e-8)",
    "#   adamw    AdamW(lr=0.05, betas=(0.9, 0.999), eps=1e-8), param groups: W0,W1 weight_decay=0.1; b0,b1 weight_decay=0.0",
    "# Each step: zero_grad(); loss = criterion(net(X), T) + penalty; loss.backward(); step().",
    "# Line format: <key> <shape> <values...>, shape RxC or N, values row-major, Python repr() of f64.",
    "# Weights are in the Rust layout (n_inputs, n_units) = transpose of torch's Linear.weight.",
    "# <output>.<optimiser>.l2=<l2>.{W0,b0,W1,b1}: parameters after the 10 steps;",
    "# <output>.<optimiser>.l2=<l2>.loss: the loss (penalty included) computed before each of the 10 steps.",
    line("X", X_L),
    line("T_sigmoid", T_SIGMOID_L),
    line("T_softmax", T_SOFTMAX_L),
    line("init.W0", np.array(W0_T).T),
    line("init.b0", B0),
]
for output in ["sigmoid", "softmax"]:
    out.append(line(f"init.{output}.W1", np.array(W1_T[output]).T))
    out.append(line(f"init.{output}.b1", B1[output]))

print("torch", torch.__version__, "| numpy", np.__version__, "| float64 |", STEPS, "steps per case")
print(f"{'case':26s} {'loss[0]':>20s} {'loss[9]':>20s}  max|numpy-torch|")
worst = 0.0
for output in ["sigmoid", "softmax"]:
    for opt_name in OPTIMISERS:
        for l2 in L2S:
            key = f"{output}.{opt_name}.l2={l2!r}"
            R = run_torch(output, opt_name, l2)
            N = run_numpy(output, opt_name, l2)
            diff = max(float(np.abs(R[k] - N[k]).max()) for k in R)
            worst = max(worst, diff)
            for k in ["W0", "b0", "W1", "b1", "loss"]:
                out.append(line(f"{key}.{k}", R[k]))
            print(f"{key:26s} {float(R['loss'][0])!r:>20s} {float(R['loss'][-1])!r:>20s}  {diff!r}")
            if key == "softmax.adam.l2=0.05":
                adam_case = (key, R, N)

key, R, N = adam_case
print(f"\nhand-written NumPy Adam cross-check, {key}:")
for k in ["W0", "b0", "W1", "b1", "loss"]:
    print(f"  max|numpy - torch| {k:4s} = {float(np.abs(R[k] - N[k]).max())!r}")
print(f"  torch W1 after 10 steps (rust 4x3) = {[[repr(float(v)) for v in r] for r in R['W1']]}")
print("max|numpy - torch| over all 20 cases and all outputs =", repr(worst))

with open(FIXTURE, "w") as f:
    f.write("\n".join(out) + "\n")
print("\nwrote", os.path.relpath(FIXTURE, REPO), f"({len(out)} lines)")
