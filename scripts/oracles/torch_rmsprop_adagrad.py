"""Oracle: 10 full-batch steps of RMSprop (plain / momentum / centered) and Adagrad (PyTorch float64).

Writes tests/fixtures/torch_rmsprop_adagrad.txt (and prints a summary).

Network, data, initial weights, losses, L2 cases and the step loop are exactly those of
torch_optimizers.py (its constants are copied below and checked against the X, T_sigmoid,
T_softmax and init.* lines of tests/fixtures/torch_optimizers.txt, which this fixture does
not repeat):
  x -> Linear(3,4) -> tanh -> Linear(4,k) -> logits,
  "sigmoid": k = 1, torch.nn.BCEWithLogitsLoss() (mean over the 6 samples),
  "softmax": k = 3, torch.nn.CrossEntropyLoss() (mean over the 6 samples), one-hot probability targets;
  L2 (l2 in {0.0, 0.05}) added to the LOSS as (l2/2) * (||W0||^2 + ||W1||^2), weights only,
  differentiated by autograd (the optimisers' own weight_decay stays 0);
  each step: zero_grad(); loss = criterion(net(X), T) + penalty; loss.backward(); step().
  Every case starts from the same initial parameters with a fresh optimiser.

Optimisers (torch.optim, CPU single-tensor code path, defaults unless named):
  rmsprop                    RMSprop(lr=0.01)        alpha 0.99, eps 1e-8, momentum 0, centered False
  rmsprop_momentum           RMSprop(lr=0.01, momentum=0.9)
  rmsprop_centered           RMSprop(lr=0.01, centered=True)
  rmsprop_centered_momentum  RMSprop(lr=0.01, alpha=0.9, eps=1e-6, momentum=0.5, centered=True)
  adagrad                    Adagrad(lr=0.1)         lr_decay 0, initial_accumulator_value 0, eps 1e-10

Update rules, per parameter tensor, elementwise, g = the gradient of step t (t = 1, 2, ...),
exactly as torch 2.x implements them (torch/optim/rmsprop.py, adagrad.py, _single_tensor_*):

  RMSprop.  State starts at zero: v_0 = 0, gbar_0 = 0, buf_0 = 0 (all zeros_like(p); the
  momentum buffer is NOT initialised to the first gradient, unlike SGD's).  No bias correction.
      v_t    = alpha * v_{t-1} + (1 - alpha) * g^2          (square_avg.mul_(alpha).addcmul_(g, g, value=1-alpha))
    not centered:
      d_t    = sqrt(v_t) + eps                               (eps OUTSIDE the square root)
    centered:
      gbar_t = gbar_{t-1} + (1 - alpha) * (g - gbar_{t-1})   (grad_avg.lerp_(g, 1-alpha), i.e.
                                                              alpha * gbar_{t-1} + (1 - alpha) * g)
      d_t    = sqrt(v_t - gbar_t^2) + eps                    (v_t is the NEW v, gbar_t the NEW gbar)
    momentum == 0:
      p_t    = p_{t-1} - lr * g / d_t                        (param.addcdiv_(g, d, value=-lr))
    momentum > 0:
      buf_t  = momentum * buf_{t-1} + g / d_t                (buf.mul_(momentum).addcdiv_(g, d))
      p_t    = p_{t-1} - lr * buf_t                          (param.add_(buf, alpha=-lr))
    (1 - alpha) is computed in f64 from alpha, as torch does: 1 - 0.99 = 0.010000000000000009 and
    1 - 0.9 = 0.09999999999999998, not the literals 0.01 / 0.1.
    (so at t = 1: v_1 = (1-alpha) g^2, and not centered, d_1 = sqrt(1-alpha)|g| + eps, a first step
     of about lr/sqrt(1-alpha) = 10 lr for alpha = 0.99; buf_1 = g/d_1.)

  Adagrad.  State: sum_0 = initial_accumulator_value = 0 (full_like(p, 0)).
      clr    = lr / (1 + (t - 1) * lr_decay)                 (= lr here: lr_decay = 0)
      sum_t  = sum_{t-1} + g^2                               (state_sum.addcmul_(g, g, value=1))
      d_t    = sqrt(sum_t) + eps                             (eps OUTSIDE the square root)
      p_t    = p_{t-1} - clr * g / d_t                       (param.addcdiv_(g, d, value=-clr))
    (so the first step is lr * g/(|g| + eps), i.e. about lr * sign(g).)

Fixture format as torch_optimizers.txt: one item per line, '#' lines are comments; item line
    <key> <shape> <values...>     (single spaces; shape "RxC" or "N"; row-major; Python repr())
Weights in the RUST layout (n_inputs, n_units) = transpose of torch's Linear.weight.
Keys: for output in (sigmoid, softmax), optimiser in (rmsprop, rmsprop_momentum,
rmsprop_centered, rmsprop_centered_momentum, adagrad), l2 in (0.0, 0.05):
  <output>.<optimiser>.l2=<repr(l2)>.{W0 (3x4), b0 (4), W1 (4xk), b1 (k)}   after 10 steps
  <output>.<optimiser>.l2=<repr(l2)>.loss (10)   the loss (penalty included) before each step.
X, T_sigmoid, T_softmax and init.* are NOT repeated: they are those of torch_optimizers.txt.

A NumPy re-implementation (the forward/backward of torch_optimizers.py and the rules above)
re-runs every case and the max |numpy - torch| difference is printed.  The rules alone are also
re-done step by step from torch's own gradients: as written (every operation rounded on its
own) they agree with torch to an ulp or so; with torch's roundings on this machine (fma in
addcmul / add(alpha) / lerp, torch's float64 sqrt, which is not always correctly rounded)
they agree to the bit.

Run from the repository root: python scripts/oracles/torch_rmsprop_adagrad.py
"""
import os
from fractions import Fraction

import numpy as np
import torch

torch.set_default_dtype(torch.float64)
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
FIXTURE = os.path.join(REPO, "tests", "fixtures", "torch_rmsprop_adagrad.txt")
BASE_FIXTURE = os.path.join(REPO, "tests", "fixtures", "torch_optimizers.txt")
STEPS = 10

# ---- copied from torch_optimizers.py (checked against its fixture below)
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
L2S = [0.0, 0.05]
# ---- end of the copy

# name -> (torch constructor kwargs); the NumPy rules read the same dicts.
OPTIMISERS = {
    "rmsprop": ("RMSprop", dict(lr=0.01)),
    "rmsprop_momentum": ("RMSprop", dict(lr=0.01, momentum=0.9)),
    "rmsprop_centered": ("RMSprop", dict(lr=0.01, centered=True)),
    "rmsprop_centered_momentum": ("RMSprop", dict(lr=0.01, alpha=0.9, eps=1e-6, momentum=0.5, centered=True)),
    "adagrad": ("Adagrad", dict(lr=0.1)),
}
RMSPROP_DEFAULTS = dict(alpha=0.99, eps=1e-8, momentum=0.0, centered=False)
ADAGRAD_DEFAULTS = dict(lr_decay=0.0, eps=1e-10, initial_accumulator_value=0.0)


def full_settings(name):
    cls, kw = OPTIMISERS[name]
    d = dict(RMSPROP_DEFAULTS if cls == "RMSprop" else ADAGRAD_DEFAULTS)
    d.update(kw)
    return cls, d


def line(key, a):
    a = np.asarray(a, dtype=np.float64)
    shape = "x".join(str(s) for s in a.shape)
    return f"{key} {shape} " + " ".join(repr(float(v)) for v in a.ravel())


def check_base_fixture():
    """The copied constants must be exactly those written to torch_optimizers.txt."""
    expect = [line("X", X_L), line("T_sigmoid", T_SIGMOID_L), line("T_softmax", T_SOFTMAX_L),
              line("init.W0", np.array(W0_T).T), line("init.b0", B0)]
    for o in ("sigmoid", "softmax"):
        expect += [line(f"init.{o}.W1", np.array(W1_T[o]).T), line(f"init.{o}.b1", B1[o])]
    have = set(open(BASE_FIXTURE).read().splitlines())
    missing = [e for e in expect if e not in have]
    assert not missing, f"constants differ from {BASE_FIXTURE}: {missing}"
    return len(expect)


def run_torch(output, opt_name, l2):
    X, T = torch.tensor(X_L), torch.tensor(TARGETS[output])
    W0 = torch.tensor(W0_T, requires_grad=True)  # torch layout (out, in)
    b0 = torch.tensor(B0, requires_grad=True)
    W1 = torch.tensor(W1_T[output], requires_grad=True)
    b1 = torch.tensor(B1[output], requires_grad=True)
    crit = torch.nn.BCEWithLogitsLoss() if output == "sigmoid" else torch.nn.CrossEntropyLoss()
    cls, kw = OPTIMISERS[opt_name]
    opt = getattr(torch.optim, cls)([W0, b0, W1, b1], **kw)
    # the settings the rules below assume are the ones torch holds
    _, full = full_settings(opt_name)
    for k, v in full.items():
        assert opt.param_groups[0][k] == v, (opt_name, k, opt.param_groups[0][k], v)
    assert opt.param_groups[0]["weight_decay"] == 0
    losses = []
    trace = []  # per step: (params before, grads, params after), torch layout, for the rule check
    for _ in range(STEPS):
        opt.zero_grad()
        z = torch.nn.functional.linear(torch.tanh(torch.nn.functional.linear(X, W0, b0)), W1, b1)
        loss = crit(z, T) + (l2 / 2) * ((W0 ** 2).sum() + (W1 ** 2).sum())
        loss.backward()
        losses.append(loss.item())
        before = [p.detach().numpy().copy() for p in (W0, b0, W1, b1)]
        grads = [p.grad.numpy().copy() for p in (W0, b0, W1, b1)]
        opt.step()
        trace.append((before, grads, [p.detach().numpy().copy() for p in (W0, b0, W1, b1)]))
    # rust layout
    return {"W0": W0.detach().T.numpy().copy(), "b0": b0.detach().numpy().copy(),
            "W1": W1.detach().T.numpy().copy(), "b1": b1.detach().numpy().copy(),
            "loss": np.array(losses)}, trace


# ----------------------------------------------------------------- NumPy cross-check
def np_loss_grads(output, P, X, T, l2):
    """P = dict of rust-layout params. Returns loss and grads (rust layout). As torch_optimizers.py."""
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


def fma(a, b, c):
    """a*b + c with ONE rounding (exact rational arithmetic; Python 3.11 has no math.fma)."""
    a, b, c = np.broadcast_arrays(np.asarray(a, float), np.asarray(b, float), np.asarray(c, float))
    r = [float(Fraction(float(x)) * Fraction(float(y)) + Fraction(float(z)))
         for x, y, z in zip(a.ravel(), b.ravel(), c.ravel())]
    return np.array(r).reshape(a.shape)


def plain(a, b, c):
    return a * b + c


def torch_sqrt(x):
    """torch's CPU float64 sqrt: not always correctly rounded (1 ulp off np.sqrt in ~0.7% of inputs here)."""
    return torch.from_numpy(np.ascontiguousarray(x)).sqrt().numpy()


class Rule:
    """The update rules of the docstring, one parameter tensor at a time, NumPy float64.

    muladd = plain, sqrt = np.sqrt: every operation rounded on its own, sqrt correctly rounded
                    (the equations as written; this is the NumPy re-implementation).
    muladd = fma, sqrt = torch_sqrt: torch's own roundings on this machine, used only to show the
                    rules are torch's to the bit: its CPU kernels fuse addcmul into
                    fma(value*t1, t2, self), add(alpha) into fma(alpha, other, self), lerp (weight
                    < 0.5) into fma(weight, end - self, self), but not addcdiv (self + (value*t1)/t2)
                    nor mul_; and its sqrt is not always correctly rounded.
    """

    def __init__(self, opt_name, shapes, muladd=plain, sqrt=np.sqrt):
        self.cls, self.s = full_settings(opt_name)
        self.m = muladd
        self.sqrt = sqrt
        self.t = 0
        self.v = [np.zeros(sh) for sh in shapes]      # RMSprop square_avg
        self.gbar = [np.zeros(sh) for sh in shapes]   # RMSprop grad_avg (centered)
        self.buf = [np.zeros(sh) for sh in shapes]    # RMSprop momentum_buffer
        self.acc = [np.full(sh, self.s.get("initial_accumulator_value", 0.0)) for sh in shapes]  # Adagrad sum

    def step(self, params, grads):
        self.t += 1
        s, t, m, sqrt, out = self.s, self.t, self.m, self.sqrt, []
        lr, eps = s["lr"], s["eps"]
        for i, (p, g) in enumerate(zip(params, grads)):
            if self.cls == "RMSprop":
                a, mom = s["alpha"], s["momentum"]
                self.v[i] = m((1 - a) * g, g, a * self.v[i])                # alpha*v + (1-alpha)*g*g
                if s["centered"]:
                    self.gbar[i] = m(1 - a, g - self.gbar[i], self.gbar[i])  # gbar + (1-alpha)*(g-gbar)
                    d = sqrt(m(-self.gbar[i], self.gbar[i], self.v[i])) + eps  # sqrt(v - gbar^2) + eps
                else:
                    d = sqrt(self.v[i]) + eps
                if mom > 0:
                    self.buf[i] = mom * self.buf[i] + g / d
                    out.append(m(-lr, self.buf[i], p))                      # p - lr*buf
                else:
                    out.append(p + (-lr * g) / d)                           # p - lr*g/d
            else:  # Adagrad
                clr = lr / (1 + (t - 1) * s["lr_decay"])
                self.acc[i] = m(g, g, self.acc[i])                           # sum + g*g
                d = sqrt(self.acc[i]) + eps
                out.append(p + (-clr * g) / d)                              # p - clr*g/d
        return out


def check_rule(opt_name, trace, muladd, sqrt):
    """Feed torch's own gradients to the NumPy rule; max |numpy - torch| of the updated parameters."""
    rule = Rule(opt_name, [p.shape for p in trace[0][0]], muladd, sqrt)
    worst = 0.0
    for before, grads, after in trace:
        mine = rule.step(before, grads)
        worst = max(worst, max(float(np.abs(mm - a).max()) for mm, a in zip(mine, after)))
    return worst


def run_numpy(output, opt_name, l2):
    X, T = np.array(X_L), np.array(TARGETS[output])
    P = {"W0": np.array(W0_T).T.copy(), "b0": np.array(B0),
         "W1": np.array(W1_T[output]).T.copy(), "b1": np.array(B1[output])}
    names = ["W0", "b0", "W1", "b1"]
    rule = Rule(opt_name, [P[k].shape for k in names])
    losses = []
    for _ in range(STEPS):
        loss, G = np_loss_grads(output, P, X, T, l2)
        losses.append(loss)
        P.update(zip(names, rule.step([P[k] for k in names], [G[k] for k in names])))
    P["loss"] = np.array(losses)
    return P


# ----------------------------------------------------------------- fixture
n_checked = check_base_fixture()

out = [
    "# Oracle for 10 full-batch RMSprop / Adagrad steps; written by scripts/oracles/torch_rmsprop_adagrad.py",
    f"# torch {torch.__version__}, numpy {np.__version__}, float64 throughout (torch.set_default_dtype(torch.float64)).",
    "# X, T_sigmoid, T_softmax, the network, the losses, the L2 penalty, the step loop and the initial",
    "# parameters (init.*) are exactly those of tests/fixtures/torch_optimizers.txt (not repeated here):",
    "#   X (6x3) -> Linear(3,4) -> tanh -> Linear(4,k) -> logits; sigmoid: k=1, BCEWithLogitsLoss() (mean);",
    "#   softmax: k=3, CrossEntropyLoss() (mean), one-hot probability targets;",
    "#   loss += (l2/2)*(||W0||^2 + ||W1||^2), weights only, by autograd; optimisers' weight_decay = 0; l2 in {0.0, 0.05}.",
    "# Optimisers (fresh state, same init for every case), torch.optim with defaults otherwise:",
    "#   rmsprop                    RMSprop(lr=0.01)  alpha=0.99, eps=1e-8, momentum=0, centered=False",
    "#   rmsprop_momentum           RMSprop(lr=0.01, momentum=0.9)  alpha=0.99, eps=1e-8",
    "#   rmsprop_centered           RMSprop(lr=0.01, centered=True)  alpha=0.99, eps=1e-8, momentum=0",
    "#   rmsprop_centered_momentum  RMSprop(lr=0.01, alpha=0.9, eps=1e-6, momentum=0.5, centered=True)",
    "#   adagrad                    Adagrad(lr=0.1)  lr_decay=0, initial_accumulator_value=0, eps=1e-10",
    "# RMSprop (state v, gbar, buf start at 0): v = alpha*v + (1-alpha)*g^2; centered: gbar = gbar + (1-alpha)*(g-gbar),",
    "#   d = sqrt(v - gbar^2) + eps, else d = sqrt(v) + eps; momentum 0: p -= lr*g/d; else buf = momentum*buf + g/d, p -= lr*buf.",
    "# Adagrad (sum starts at 0): clr = lr/(1+(t-1)*lr_decay); sum += g^2; p -= clr*g/(sqrt(sum) + eps).",
    "# Each step: zero_grad(); loss = criterion(net(X), T) + penalty; loss.backward(); step().",
    f"# Written on an x86-64 CPU ({torch.backends.cpu.get_cpu_capability()}); torch's CPU kernels may round differently in the last",
    "#   bits on other machines (loss[0] here is 1 ulp from torch_optimizers.txt's, written on another one), so compare with a tolerance.",
    "# Line format: <key> <shape> <values...>, shape RxC or N, values row-major, Python repr() of f64.",
    "# Weights are in the Rust layout (n_inputs, n_units) = transpose of torch's Linear.weight.",
    "# <output>.<optimiser>.l2=<l2>.{W0,b0,W1,b1}: parameters after the 10 steps;",
    "# <output>.<optimiser>.l2=<l2>.loss: the loss (penalty included) computed before each of the 10 steps.",
]

print("torch", torch.__version__, "| numpy", np.__version__, "| float64 |", STEPS, "steps per case")
print(f"constants copied from torch_optimizers.py match its fixture ({n_checked} lines: X, T_*, init.*)")
for name in OPTIMISERS:
    cls, full = full_settings(name)
    print(f"  {name:26s} torch.optim.{cls}({', '.join(f'{k}={v!r}' for k, v in full.items())})")
print(f"\n{'case':42s} {'loss[0]':>20s} {'loss[9]':>20s}  max|numpy-torch|  bit-equal")
worst = 0.0
n_bit = n_all = 0
per_opt = {}
rule_worst = {}
for output in ["sigmoid", "softmax"]:
    for opt_name in OPTIMISERS:
        for l2 in L2S:
            key = f"{output}.{opt_name}.l2={l2!r}"
            R, trace = run_torch(output, opt_name, l2)
            N = run_numpy(output, opt_name, l2)
            for label, muladd, sqrt in (("plain", plain, np.sqrt), ("torch", fma, torch_sqrt)):
                rd = check_rule(opt_name, trace, muladd, sqrt)
                rule_worst[opt_name, label] = max(rule_worst.get((opt_name, label), 0.0), rd)
            diff = max(float(np.abs(R[k] - N[k]).max()) for k in R)
            same = all(np.array_equal(R[k], N[k]) for k in R)
            n_bit += same
            n_all += 1
            worst = max(worst, diff)
            per_opt[opt_name] = max(per_opt.get(opt_name, 0.0), diff)
            for k in ["W0", "b0", "W1", "b1", "loss"]:
                out.append(line(f"{key}.{k}", R[k]))
            print(f"{key:42s} {float(R['loss'][0])!r:>20s} {float(R['loss'][-1])!r:>20s}  {diff!r:>16}  {same}")
            if key == "softmax.rmsprop_centered_momentum.l2=0.05":
                show = (key, R, N)

key, R, N = show
print(f"\nhand-written NumPy cross-check, {key}:")
for k in ["W0", "b0", "W1", "b1", "loss"]:
    print(f"  max|numpy - torch| {k:4s} = {float(np.abs(R[k] - N[k]).max())!r}")
print(f"  torch W1 after 10 steps (rust 4x3) = {[[repr(float(v)) for v in r] for r in R['W1']]}")
print("\nmax|numpy - torch| per optimiser (over both outputs, both l2, all parameters and losses):")
for name, d in per_opt.items():
    print(f"  {name:26s} {d!r}")
print(f"max|numpy - torch| over all {n_all} cases and all outputs = {worst!r}  ({n_bit}/{n_all} cases bit-identical)")
print("(the NumPy forward/backward sums in another order than torch's kernels, so the runs drift apart by")
print(" a few ulps; the update rules alone are checked next)")
print("\nupdate rule alone: each of the 10 steps re-done in NumPy from torch's own parameters, gradients and")
print("(NumPy-tracked) state; max |numpy - torch| of the updated parameters, over all cases.")
print("  'plain': every operation rounded on its own, np.sqrt (correctly rounded): the equations as written;")
print("  'torch': torch's roundings here: fma for addcmul / add(alpha) / lerp, and torch's own sqrt:")
print(f"  {'':26s} {'plain':>24s} {'torch':>8s}")
for name in OPTIMISERS:
    print(f"  {name:26s} {rule_worst[name, 'plain']!r:>24} {rule_worst[name, 'torch']!r:>8}")
x = np.random.default_rng(0).random(100000)
sq_ulps = np.abs(torch_sqrt(x).view(np.int64) - np.sqrt(x).view(np.int64))
print(f"(torch.sqrt float64 on this CPU ({torch.backends.cpu.get_cpu_capability()}): differs from the correctly rounded np.sqrt "
      f"in {int((sq_ulps > 0).sum())} of 100000 uniform(0,1) inputs, by at most {int(sq_ulps.max())} ulp)")

# loss[0] does not depend on the optimiser; compare with torch_optimizers.txt (written on another machine)
base = {ln.split(" ")[0]: ln.split(" ")[2:] for ln in open(BASE_FIXTURE) if not ln.startswith("#")}
print("\nloss before the first step (l2 = 0.0) here and in torch_optimizers.txt:")
for output in ["sigmoid", "softmax"]:
    here = [ln for ln in out if ln.startswith(f"{output}.rmsprop.l2=0.0.loss ")][0].split(" ")[2]
    there = base[f"{output}.sgd.l2=0.0.loss"][0]
    print(f"  {output:8s} here {here:<22} torch_optimizers.txt {there:<22} |diff| = {abs(float(here) - float(there))!r}")

with open(FIXTURE, "w") as f:
    f.write("\n".join(out) + "\n")
print("\nwrote", os.path.relpath(FIXTURE, REPO), f"({len(out)} lines)")
