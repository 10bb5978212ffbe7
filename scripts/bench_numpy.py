#!/usr/bin/env python3
"""Times NumPy on the workloads of benches/kernels.rs and prints the ratio table.

    python3 scripts/bench_numpy.py                 # NumPy with its default threads
    python3 scripts/bench_numpy.py --threads 1     # NumPy restricted to one thread

It reads the Rust medians from criterion's output (target/criterion/*/*/*/new/
estimates.json), so run `cargo bench --bench kernels` (and, for the one-thread
table, `cargo bench --bench kernels --no-default-features`) first, on the same
machine, just before. Medians of repeated runs, like criterion's.

    python3 scripts/bench_numpy.py --run-rust      # each workload's Rust benchmark, then NumPy on it

With `--run-rust` the script runs criterion itself, one workload at a time,
and times NumPy on that workload right after: on a shared machine whose speed
drifts over minutes, the two sides of each ratio are then seconds apart.
"""
import argparse
import json
import math
import os
import subprocess
import sys
import timeit
from pathlib import Path

parser = argparse.ArgumentParser()
parser.add_argument("--threads", type=int, default=None, help="limit NumPy's BLAS threads")
parser.add_argument("--repeat", type=int, default=15)
parser.add_argument("--run-rust", action="store_true",
                    help="run each workload's criterion benchmark just before timing NumPy on it")
args = parser.parse_args()
if args.threads:
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(args.threads)

import numpy as np  # noqa: E402  (after the thread settings)
from scipy.special import expit  # noqa: E402

MODE = "1-thread" if args.threads == 1 else "threads"
ROOT = Path(__file__).resolve().parent.parent
CRITERION = ROOT / "target" / "criterion"


def inputs(n, d, dtype=np.float64):
    i = np.arange(n * d, dtype=np.uint64)
    x = ((i * np.uint64(2654435761)) % np.uint64(20000)).astype(np.float64) / 10000.0 - 1.0
    return np.ascontiguousarray(x.reshape(n, d).astype(dtype))


def weights(d, dtype=np.float64):
    j = np.arange(d)
    return (((j * 7919) % 1000) / 1000.0 - 0.5) / max(np.sqrt(d), 1.0)


def median_ms(fn, repeat):
    number = 1
    t = timeit.repeat(fn, number=number, repeat=repeat)
    return 1000 * float(np.median(t)) / number


def rust_ms(group, function, mode, parameter=None):
    parts = [group, function, mode] if parameter is None else [group, f"{function}_{mode}", str(parameter)]
    path = CRITERION.joinpath(*parts, "new", "estimates.json")
    if not path.exists():
        return None
    return json.loads(path.read_text())["median"]["point_estimate"] / 1e6


rows = []


def run_rust(group, parameter):
    """Runs the criterion benchmarks of one group (one batch size for the small ones)."""
    command = ["cargo", "bench", "--quiet", "--bench", "kernels"]
    if args.threads == 1:
        command.append("--no-default-features")
    pattern = f"^{group}/" if parameter is None else f"^{group}/.*/{parameter}$"
    command += ["--", pattern]
    result = subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stderr}")


def workload(label, group, numpy_fn, rust_function="neuron", target=None, parameter=None):
    if args.run_rust:
        run_rust(group, parameter)
    numpy = median_ms(numpy_fn, args.repeat)
    naive = rust_ms(group, "naive", MODE, parameter)
    ours = rust_ms(group, rust_function, MODE, parameter)
    rows.append((label, numpy, naive, ours, target))


for dtype, name in ((np.float64, "f64"), (np.float32, "f32")):
    x = inputs(1_000_000, 3, dtype)
    w = weights(3).astype(dtype)
    workload(f"neuron forward 1 000 000 × 3, {name}", f"neuron_forward_1000000x3_{name}",
             lambda: 1 / (1 + np.exp(-(x @ w))), target=(8, 4))
for n, d in ((100_000, 100), (10_000, 1000), (1000, 10_000)):
    x = inputs(n, d)
    w = weights(d)
    target = (1.3, 1.3) if d == 100 else (1.2, 1.0)
    workload(f"neuron forward {n:,} × {d:,}".replace(",", " "), f"neuron_forward_{n}x{d}_f64",
             lambda: 1 / (1 + np.exp(-(x @ w))), target=target)

x = inputs(100_000, 100)
i, j = np.meshgrid(np.arange(100), np.arange(32), indexing="ij")
W = ((i * 31 + j * 17) % 100) / 1000.0 - 0.05
b = np.arange(32) / 100.0
workload("dense forward 100 000 × 100 → 32, sigmoid", "dense_forward_100000x100x32_f64",
         lambda: expit(x @ W + b), rust_function="dense", target=(2, 1.8))

x = inputs(1_000_000, 10)
t = (np.arange(1_000_000) % 3 == 0).astype(np.float64)
w = weights(10)


def epoch():
    global w
    g = x.T @ (1 / (1 + np.exp(-(x @ w))) - t) / x.shape[0]
    w -= 0.1 * g


workload("one full-batch epoch, 1 000 000 × 10", "epoch_1000000x10_f64", epoch, target=(10, 4))

for n in (1, 2, 4, 16, 64):
    xs = inputs(n, 10)
    ws = weights(10)
    workload(f"forward of {n} sample(s), d = 10", "small_batch_f64_d10",
             lambda: 1 / (1 + np.exp(-(xs @ ws))), target=(1.0, None), parameter=n)

side_by_side = "each workload's Rust run just before its NumPy run" if args.run_rust else "read from target/criterion"
print(f"NumPy {np.__version__}, threads: {args.threads or 'default'}; Rust: criterion medians, `{MODE}`, {side_by_side}")
print()
print("| workload | NumPy (ms) | naive ndarray (ms) | neuron (ms) | vs naive | vs NumPy | target (naive, NumPy) |")
print("|---|---:|---:|---:|---:|---:|---|")


def fmt(v):
    """Milliseconds; below 0.1 ms, three significant digits (the small batches take tens of ns)."""
    if v is None:
        return "n/a"
    if v >= 0.1:
        return f"{v:.2f}"
    decimals = 2 - math.floor(math.log10(v)) if v > 0 else 2
    return f"{v:.{decimals}f}"


for label, numpy, naive, ours, target in rows:
    vs_naive = f"{naive / ours:.2f}×" if naive and ours else "n/a"
    vs_numpy = f"{numpy / ours:.2f}×" if ours else "n/a"
    tgt = "" if target is None else f"≥ {target[0]}×, " + ("—" if target[1] is None else f"≥ {target[1]}×")
    print(f"| {label} | {fmt(numpy)} | {fmt(naive)} | {fmt(ours)} | {vs_naive} | {vs_numpy} | {tgt} |")
sys.stdout.flush()
