"""Checks the crate's safetensors and ONNX files against the real Python readers.

Run by scripts/check-travel, which makes the virtual environment:

    python scripts/travel/check.py [OUT_DIR]      (default target/travel)

1. `cargo run --example travel -- write OUT_DIR` saves every model as
   NAME.safetensors and NAME.onnx, with its inputs and the crate's `forward`
   outputs as NAME.input.npy and NAME.output.npy.
2. Each .safetensors is read with `safetensors.numpy.load_file` and run through
   the NumPy forward pass below; each .onnx passes `onnx.checker.check_model(...,
   full_check=True)` and runs in onnxruntime. Both must give the crate's outputs:
   the largest difference (relative where |value| > 1) at most 1e-6 for float32
   and 1e-12 for float64.
3. Networks of images (`cnn_models.txt`: the series' CNN and one with every
   image layer, odd sizes, strides and paddings, and a convolution without
   biases, whose ONNX `Conv` has two inputs): each .onnx passes the
   checker and, in float32, runs in onnxruntime to the crate's outputs
   within 1e-6 (onnxruntime's CPU provider has no double `Conv`, so the
   float64 graphs are checked only); each .safetensors is read by
   `safetensors.numpy.load_file` and holds the state dict of PyTorch's
   `nn.Sequential`: `{i}.weight` of 4 axes `(out, in, kh, kw)` for
   convolutions, and `{i}.bias` unless the metadata says `"bias": false`
   (`nn.Conv2d(..., bias=False)`), `running_mean` and `running_var` for batch
   normalisations.
4. A PyTorch-layout state dict (weights (out, in), no metadata) is written with
   `safetensors.numpy.save_file`, with its NumPy forward outputs, and
   `cargo run --example travel -- check-python OUT_DIR` loads it with the crate
   and checks the outputs.

Prints the largest difference per model and the exact Python lines used, and
exits non-zero on any failure.
"""

import inspect
import math
import pathlib
import subprocess
import sys

import numpy as np
import onnx
import onnxruntime
import safetensors
import safetensors.numpy

CARGO_EXAMPLE = [
    "cargo", "run", "--quiet", "--example", "travel",
    "--features", "safetensors,onnx,npy", "--",
]
TOLERANCE = {np.dtype(np.float32): 1e-6, np.dtype(np.float64): 1e-12}
# The network written as a state dict; examples/travel.rs names the same
# activations (PYTHON_ACTIVATIONS) when it loads it.
PYTHON_SIZES = [4, 6, 5, 3]
PYTHON_ACTIVATIONS = ["relu", "tanh", "softmax"]
# erf elementwise, in float64 (numpy has none; scipy is not installed).
erf = np.vectorize(math.erf, otypes=[np.float64])


def activate(name, h):
    """The crate's activations, by the names its metadata uses."""
    if name == "sigmoid":
        return 1 / (1 + np.exp(-h))
    if name == "tanh":
        return np.tanh(h)
    if name == "relu":
        return np.maximum(h, 0)
    if name == "step":
        return (h >= 0).astype(h.dtype)
    if name == "identity":
        return h
    if name == "softmax":
        e = np.exp(h - h.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)
    if name == "gelu":  # h/2 · (1 + erf(h/√2)), the exact form
        return (h / 2 * (1 + erf(h / math.sqrt(2)))).astype(h.dtype)
    if name == "silu":  # h · σ(h)
        return h * activate("sigmoid", h)
    if name == "leaky_relu":  # slope 0.01 below 0
        return np.where(h >= 0, h, 0.01 * h)
    if name == "elu":  # α = 1
        return np.where(h > 0, h, np.expm1(np.minimum(h, 0)))
    raise ValueError(f"unknown activation {name!r}")


def numpy_forward(path, x):
    tensors = safetensors.numpy.load_file(path)
    with safetensors.safe_open(path, framework="numpy") as f:
        metadata = f.metadata()
    assert metadata["format"] == "neuron" and metadata["version"] == "1", metadata
    for i, name in enumerate(metadata["activations"].split(",")):
        W, b = tensors[f"layers.{i}.weight"], tensors[f"layers.{i}.bias"]
        assert W.shape == (b.shape[0], x.shape[1]), (W.shape, x.shape)   # (out, in)
        x = activate(name, x @ W.T + b)
    return x


def onnxruntime_forward(path, x):
    onnx.checker.check_model(onnx.load(path), full_check=True)
    session = onnxruntime.InferenceSession(path, providers=["CPUExecutionProvider"])
    return session.run(["output"], {"input": x})[0]


def write_state_dict(path, dtype, rng):
    """As `safetensors.torch.save_file(model.state_dict(), path)` writes
    `layers = nn.ModuleList([nn.Linear(4, 6), nn.Linear(6, 5), nn.Linear(5, 3)])`."""
    state = {}
    for i, (n_in, n_out) in enumerate(zip(PYTHON_SIZES, PYTHON_SIZES[1:])):
        state[f"layers.{i}.weight"] = rng.uniform(-1, 1, (n_out, n_in)).astype(dtype)
        state[f"layers.{i}.bias"] = rng.uniform(-0.5, 0.5, n_out).astype(dtype)
    safetensors.numpy.save_file(state, path)  # no metadata
    return state


def state_dict_forward(state, x):
    for i, name in enumerate(PYTHON_ACTIVATIONS):
        x = activate(name, x @ state[f"layers.{i}.weight"].T + state[f"layers.{i}.bias"])
    return x


def activations_of(path):
    """The activations named in a safetensors file's metadata."""
    with safetensors.safe_open(str(path), framework="numpy") as f:
        return (f.metadata() or {}).get("activations", "").split(",")


def cnn_layout(path):
    """The tensors of a network of images, as PyTorch's nn.Sequential names
    them; the metadata's layers and the tensors must agree."""
    import json
    tensors = safetensors.numpy.load_file(path)
    with safetensors.safe_open(path, framework="numpy") as f:
        metadata = f.metadata()
    assert metadata["kind"] == "sequential", metadata
    layers = json.loads(metadata["layers"])
    index = 0
    expected = set()
    for layer in layers:
        kind = layer["type"]
        if kind == "conv2d":
            assert tensors[f"{index}.weight"].ndim == 4, (index, tensors[f"{index}.weight"].shape)
            expected.add(f"{index}.weight")
            if layer.get("bias", True):  # nn.Conv2d(..., bias=False) has no bias tensor
                assert tensors[f"{index}.bias"].shape == tensors[f"{index}.weight"].shape[:1]
                expected.add(f"{index}.bias")
        elif kind == "dense":
            out_features, _ = tensors[f"{index}.weight"].shape   # (out, in), as nn.Linear
            assert tensors[f"{index}.bias"].shape == (out_features,)
            expected |= {f"{index}.weight", f"{index}.bias"}
        elif kind == "batch_norm":
            names = ["weight", "bias", "running_mean", "running_var", "num_batches_tracked"]
            expected |= {f"{index}.{n}" for n in names}
            assert (tensors[f"{index}.running_var"] > 0).all()
        index += 1 + (layer.get("activation", "identity") != "identity") + (layer.get("dropout", 0) > 0)
    assert expected == set(tensors), sorted(set(tensors) ^ expected)
    return len(tensors)


def conv_inputs(path):
    """The inputs each convolution's ONNX `Conv` should have, from a
    safetensors file's metadata: 3 (X, W, B), or 2 without biases."""
    import json
    with safetensors.safe_open(path, framework="numpy") as f:
        layers = json.loads(f.metadata()["layers"])
    return [3 if layer.get("bias", True) else 2 for layer in layers if layer["type"] == "conv2d"]


def check_cnn(out, name):
    """1 if a network of images fails a reader, else 0; prints its row."""
    x = np.load(out / f"{name}.input.npy")
    expected = np.load(out / f"{name}.output.npy")
    row, failed = [], 0
    try:
        row.append(f"{cnn_layout(str(out / f'{name}.safetensors'))} tensors")
    except Exception as error:
        print(f"FAIL {name}.safetensors: {type(error).__name__}: {error}")
        row.append("FAIL")
        failed = 1
    try:
        model = onnx.load(str(out / f"{name}.onnx"))
        inputs = [len(node.input) for node in model.graph.node if node.op_type == "Conv"]
        assert inputs == conv_inputs(str(out / f"{name}.safetensors")), inputs
        if expected.dtype == np.float64:
            onnx.checker.check_model(model, full_check=True)
            row.append("checker only")
        else:
            difference = largest_difference(onnxruntime_forward(str(out / f"{name}.onnx"), x), expected)
            ok = difference <= TOLERANCE[expected.dtype]
            failed |= not ok
            row.append(f"{difference:.3e}{'' if ok else ' FAIL'}")
    except Exception as error:
        print(f"FAIL {name}.onnx: {type(error).__name__}: {error}")
        row.append("FAIL")
        failed = 1
    print(f"{name:<24} {str(expected.dtype):<8} {row[0]:>20} {row[1]:>12}")
    return failed


def largest_difference(got, expected):
    """max |got − expected| / max(1, |expected|); infinite for NaN or another shape."""
    if got.shape != expected.shape:
        return np.inf
    difference = np.abs(got.astype(np.float64) - expected.astype(np.float64))
    difference /= np.maximum(1.0, np.abs(expected.astype(np.float64)))
    return np.inf if np.isnan(difference).any() else float(difference.max(initial=0.0))


def main():
    out = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "target/travel")
    print("The Python lines used:\n")
    for function in (activate, numpy_forward, onnxruntime_forward, write_state_dict):
        print(inspect.getsource(function))
    print(f"$ {' '.join(CARGO_EXAMPLE + ['write', str(out)])}", flush=True)
    subprocess.run(CARGO_EXAMPLE + ["write", str(out)], check=True)

    failures = 0
    names = (out / "models.txt").read_text().split()
    print(f"\n{'model':<24} {'dtype':<8} {'safetensors + NumPy':>20} {'onnxruntime':>12}")
    for name in names:
        x = np.load(out / f"{name}.input.npy")
        expected = np.load(out / f"{name}.output.npy")
        if expected.ndim == 1:  # a neuron's outputs, one per sample
            expected = expected[:, None]
        tolerance = TOLERANCE[expected.dtype]
        row = []
        for forward, suffix in ((numpy_forward, "safetensors"), (onnxruntime_forward, "onnx")):
            if suffix == "onnx" and expected.dtype == np.float64 and "gelu" in activations_of(out / f"{name}.safetensors"):
                # onnxruntime's CPU provider has Erf for float only: the graph is
                # valid ONNX (the checker passes it) but cannot run here in double.
                onnx.checker.check_model(onnx.load(str(out / f"{name}.onnx")), full_check=True)
                row.append("checker only")
                continue
            try:
                got = forward(str(out / f"{name}.{suffix}"), x)
                assert got.dtype == expected.dtype, (got.dtype, expected.dtype)
                difference = largest_difference(got, expected)
            except Exception as error:  # any reader refusing the file is a failure
                print(f"FAIL {name}.{suffix}: {type(error).__name__}: {error}")
                difference = np.inf
            ok = difference <= tolerance
            failures += not ok
            row.append(f"{difference:.3e}{'' if ok else ' FAIL'}")
        print(f"{name:<24} {str(expected.dtype):<8} {row[0]:>20} {row[1]:>12}")
    print(f"(tolerances: float32 {TOLERANCE[np.dtype(np.float32)]:g}, "
          f"float64 {TOLERANCE[np.dtype(np.float64)]:g}, relative where |value| > 1)")

    print(f"\n{'network of images':<24} {'dtype':<8} {'safetensors layout':>20} {'onnxruntime':>12}")
    cnns = (out / "cnn_models.txt").read_text().split()
    for name in cnns:
        failures += check_cnn(out, name)

    rng = np.random.default_rng(20261130)
    for dtype, tag in ((np.float64, "f64"), (np.float32, "f32")):
        state = write_state_dict(str(out / f"python_{tag}.safetensors"), dtype, rng)
        x = rng.uniform(-2, 2, (32, PYTHON_SIZES[0])).astype(dtype)
        np.save(out / f"python_{tag}.input.npy", x)
        np.save(out / f"python_{tag}.output.npy", state_dict_forward(state, x))
    print(f"\n$ {' '.join(CARGO_EXAMPLE + ['check-python', str(out)])}", flush=True)
    if subprocess.run(CARGO_EXAMPLE + ["check-python", str(out)]).returncode != 0:
        failures += 1

    if failures:
        print(f"\ncheck-travel: {failures} failure(s)")
        sys.exit(1)
    print(f"\ncheck-travel: {len(names)} models read by safetensors, NumPy, onnx and "
          f"onnxruntime, {len(cnns)} networks of images by safetensors, onnx and onnxruntime, "
          "and Python's state dicts read by the crate, all agree")


if __name__ == "__main__":
    main()
