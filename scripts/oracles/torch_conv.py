"""Oracle: 2-D convolution, max and average pooling, flattening and batch
normalisation, forward and backward, by PyTorch in float64.

Writes tests/fixtures/torch_conv.txt (and prints a summary). Run with a Python
that has torch and numpy:

    python3 scripts/oracles/torch_conv.py

For every case, with inputs X, parameters W and b (convolutions) and an
upstream gradient G of the output's shape (all drawn from numpy's
default_rng(seed) in float64), the fixture holds:
    <case>.X, <case>.W, <case>.b            inputs and parameters (NCHW; W as (out, in, kh, kw))
    <case>.G                                upstream gradient dL/dY with L = sum(Y * G)
    <case>.Y                                the layer's output, torch.nn.functional
    <case>.dX, <case>.dW, <case>.db         the gradients autograd gives
Each case's settings are in its header comment line. The CONV_NO_BIAS cases
are F.conv2d(x, w, bias=None), as nn.Conv2d(..., bias=False) computes: they
have no <case>.b and no <case>.db.

Padding: "valid" is none; (p, q) is F.conv2d / max_pool2d / avg_pool2d's
padding=(p, q) (avg_pool2d with its default count_include_pad=True); "same" is
Keras's and TensorFlow's: for n pixels, ceil(n/s) outputs, total padding
max((out-1)*s + k - n, 0), total//2 before and the rest after, applied with
F.pad (zeros for convolution, -inf for max pooling), then the operation
without padding. PyTorch's own padding="same" exists for stride 1 only, where
it is the same thing.

Line format: <key> <shape> <values...>; shape as AxBxC..., values row-major,
Python repr() of float64 (Rust's str::parse::<f64> gives back the same bits).
"""

import os

import numpy as np
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
FIXTURE = os.path.join(REPO, "tests", "fixtures", "torch_conv.txt")


def line(key, a):
    a = np.asarray(a, dtype=np.float64)
    shape = "x".join(str(s) for s in a.shape)
    return f"{key} {shape} " + " ".join(repr(float(v)) for v in a.ravel())


def same_pads(n, k, s):
    out = -(-n // s)
    total = max((out - 1) * s + k - n, 0)
    return total // 2, total - total // 2


def padded(x, kernel, stride, padding, value):
    """x padded for "same", with the amounts F.pad takes (left, right, top, bottom)."""
    if padding != "same":
        return x
    top, bottom = same_pads(x.shape[2], kernel[0], stride[0])
    left, right = same_pads(x.shape[3], kernel[1], stride[1])
    return F.pad(x, (left, right, top, bottom), value=value)


def torch_padding(padding):
    return (0, 0) if padding in ("valid", "same") else padding


CONV = [
    # name, x shape, (out channels, kh, kw), stride, padding, seed
    ("conv_valid", (2, 3, 7, 6), (4, 3, 3), (1, 1), "valid", 1),
    ("conv_stride2_pad1", (2, 2, 7, 7), (3, 3, 3), (2, 2), (1, 1), 2),
    ("conv_same_stride1", (1, 2, 5, 6), (2, 3, 3), (1, 1), "same", 3),
    ("conv_same_stride2_odd", (2, 1, 9, 8), (3, 3, 2), (2, 2), "same", 4),
    ("conv_rect_stride", (1, 3, 6, 7), (2, 2, 3), (1, 2), (0, 1), 5),
]

CONV_NO_BIAS = [
    # As CONV, with bias=None.
    ("conv_no_bias_same_stride2", (2, 3, 7, 6), (4, 3, 2), (2, 2), "same", 6),
]

POOL = [
    # name, kind, x shape, kernel, stride, padding, seed
    ("max_k2", "max", (2, 3, 6, 5), (2, 2), (2, 2), "valid", 11),
    ("max_k3_s2_p1", "max", (2, 2, 7, 7), (3, 3), (2, 2), (1, 1), 12),
    ("max_same_k3_s2", "max", (1, 2, 9, 8), (3, 3), (2, 2), "same", 13),
    ("max_ties", "max", (1, 1, 4, 4), (2, 2), (2, 2), "valid", 14),
    ("avg_k2", "avg", (2, 3, 6, 5), (2, 2), (2, 2), "valid", 15),
    ("avg_k3_s2_p1", "avg", (2, 2, 7, 7), (3, 3), (2, 2), (1, 1), 16),
    ("avg_k3_s1_p1", "avg", (1, 2, 5, 6), (3, 3), (1, 1), (1, 1), 17),
]


def conv_case(name, x_shape, w_shape, stride, padding, seed, bias=True):
    rng = np.random.default_rng(seed)
    out_c, kh, kw = w_shape
    x = torch.tensor(rng.standard_normal(x_shape), requires_grad=True)
    w = torch.tensor(rng.standard_normal((out_c, x_shape[1], kh, kw)) * 0.5, requires_grad=True)
    b = torch.tensor(rng.standard_normal(out_c) * 0.1, requires_grad=True) if bias else None
    y = F.conv2d(padded(x, (kh, kw), stride, padding, 0.0), w, b, stride=stride,
                 padding=torch_padding(padding))
    g = torch.tensor(rng.standard_normal(tuple(y.shape)))
    (y * g).sum().backward()
    if bias:
        lines = [
            f"# {name}: F.conv2d, stride {stride}, padding {padding}",
            line(f"{name}.X", x.detach()), line(f"{name}.W", w.detach()), line(f"{name}.b", b.detach()),
            line(f"{name}.G", g), line(f"{name}.Y", y.detach()),
            line(f"{name}.dX", x.grad), line(f"{name}.dW", w.grad), line(f"{name}.db", b.grad),
        ]
    else:
        lines = [
            f"# {name}: F.conv2d(bias=None), stride {stride}, padding {padding}",
            line(f"{name}.X", x.detach()), line(f"{name}.W", w.detach()),
            line(f"{name}.G", g), line(f"{name}.Y", y.detach()),
            line(f"{name}.dX", x.grad), line(f"{name}.dW", w.grad),
        ]
    return lines, tuple(y.shape)


def pool_case(name, kind, x_shape, kernel, stride, padding, seed):
    rng = np.random.default_rng(seed)
    if name == "max_ties":
        # Equal values in every window: the gradient goes to the first.
        values = np.repeat(np.repeat(rng.integers(0, 3, (2, 2)).astype(np.float64), 2, 0), 2, 1)
        x = torch.tensor(values.reshape(x_shape), requires_grad=True)
    else:
        x = torch.tensor(rng.standard_normal(x_shape), requires_grad=True)
    if kind == "max":
        y = F.max_pool2d(padded(x, kernel, stride, padding, float("-inf")), kernel, stride,
                         padding=torch_padding(padding))
    else:
        y = F.avg_pool2d(x, kernel, stride, padding=torch_padding(padding), count_include_pad=True)
    g = torch.tensor(rng.standard_normal(tuple(y.shape)))
    (y * g).sum().backward()
    lines = [
        f"# {name}: F.{kind}_pool2d, kernel {kernel}, stride {stride}, padding {padding}",
        line(f"{name}.X", x.detach()), line(f"{name}.G", g), line(f"{name}.Y", y.detach()),
        line(f"{name}.dX", x.grad),
    ]
    return lines, tuple(y.shape)


def flatten_case():
    rng = np.random.default_rng(21)
    x = torch.tensor(rng.standard_normal((2, 3, 2, 4)), requires_grad=True)
    y = torch.nn.Flatten()(x)
    g = torch.tensor(rng.standard_normal(tuple(y.shape)))
    (y * g).sum().backward()
    return [
        "# flatten: nn.Flatten() on (2, 3, 2, 4)",
        line("flatten.X", x.detach()), line("flatten.G", g), line("flatten.Y", y.detach()),
        line("flatten.dX", x.grad),
    ]


def batch_norm_cases():
    """F.batch_norm in training (batch statistics) and in eval (running
    statistics), momentum 0.1, eps 1e-5, with gamma and beta drawn; and the
    running statistics after three training calls on three batches."""
    lines = []
    for name, shape, seed in [("bn2d", (4, 3, 5, 4), 31), ("bn1d", (6, 4), 32)]:
        rng = np.random.default_rng(seed)
        c = shape[1]
        x = torch.tensor(rng.standard_normal(shape) * 2.0 + 0.5, requires_grad=True)
        gamma = torch.tensor(rng.uniform(0.5, 1.5, c), requires_grad=True)
        beta = torch.tensor(rng.standard_normal(c) * 0.1, requires_grad=True)
        running_mean, running_var = torch.zeros(c), torch.ones(c)
        y = F.batch_norm(x, running_mean, running_var, gamma, beta, training=True,
                         momentum=0.1, eps=1e-5)
        g = torch.tensor(rng.standard_normal(shape))
        (y * g).sum().backward()
        lines += [
            f"# {name}: F.batch_norm(training=True, momentum=0.1, eps=1e-5) on {shape}",
            line(f"{name}.X", x.detach()), line(f"{name}.gamma", gamma.detach()),
            line(f"{name}.beta", beta.detach()), line(f"{name}.G", g), line(f"{name}.Y", y.detach()),
            line(f"{name}.dX", x.grad), line(f"{name}.dgamma", gamma.grad),
            line(f"{name}.dbeta", beta.grad),
            line(f"{name}.running_mean", running_mean), line(f"{name}.running_var", running_var),
        ]
        # Eval: the running statistics given.
        mean_e = torch.tensor(rng.standard_normal(c))
        var_e = torch.tensor(rng.uniform(0.5, 2.0, c))
        y_eval = F.batch_norm(x.detach(), mean_e, var_e, gamma.detach(), beta.detach(),
                              training=False, eps=1e-5)
        lines += [
            f"# {name}_eval: F.batch_norm(training=False, eps=1e-5) with the running statistics given",
            line(f"{name}_eval.running_mean", mean_e), line(f"{name}_eval.running_var", var_e),
            line(f"{name}_eval.Y", y_eval),
        ]
    # Three training calls on three batches of (4, 3, 5, 4): the running statistics.
    rng = np.random.default_rng(33)
    running_mean, running_var = torch.zeros(3), torch.ones(3)
    lines.append("# bn_steps: three F.batch_norm(training=True) calls, batches bn_steps.X0, X1, X2")
    for step in range(3):
        x = torch.tensor(rng.standard_normal((4, 3, 5, 4)) * (step + 1) + step)
        F.batch_norm(x, running_mean, running_var, None, None, training=True, momentum=0.1, eps=1e-5)
        lines.append(line(f"bn_steps.X{step}", x))
    lines += [line("bn_steps.running_mean", running_mean), line("bn_steps.running_var", running_var)]
    return lines


def main():
    out = [
        "# Oracle for Conv2d, MaxPool2d, AvgPool2d, Flatten and BatchNorm; written by scripts/oracles/torch_conv.py",
        f"# torch {torch.__version__}, numpy {np.__version__}, float64 throughout.",
        "# L = sum(Y * G); dX, dW, db by autograd. See the script's docstring for the padding rules.",
    ]
    for case in CONV:
        lines, shape = conv_case(*case)
        out += lines
        print(f"{case[0]}: Y {shape}")
    for case in CONV_NO_BIAS:
        lines, shape = conv_case(*case, bias=False)
        out += lines
        print(f"{case[0]}: Y {shape}")
    for case in POOL:
        lines, shape = pool_case(*case)
        out += lines
        print(f"{case[0]}: Y {shape}")
    out += flatten_case()
    out += batch_norm_cases()
    with open(FIXTURE, "w") as f:
        f.write("\n".join(out) + "\n")
    print(f"wrote {FIXTURE}")


if __name__ == "__main__":
    main()
