#!/usr/bin/env python3
"""Cold calls in NumPy and PyTorch, beside the crate's `cold_f64` criterion group.

    python3 scripts/bench_cold.py             # NumPy (and PyTorch if installed)
    python3 scripts/bench_cold.py --run-rust  # the crate's group first, then the same table

A cold call is the first call after unrelated work: 64 MB touched and freed,
then glibc's `malloc_trim(0)`, so that the call's new outputs are pages the
kernel must map and zero on first touch, and its inputs have left the nearer
caches. Warm calls run in a loop. The workloads are those of benches/kernels.rs
(`cold_calls`): a sigmoid neuron on 1 000 000 × 3 (f64), a sigmoid dense layer
100 000 × 100 → 32 (f64), and one full-batch logistic-regression step on
1 000 000 × 10 (f64). Medians of `--repeat` calls.
"""
import argparse
import ctypes
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

parser = argparse.ArgumentParser()
parser.add_argument("--repeat", type=int, default=21)
parser.add_argument("--run-rust", action="store_true")
args = parser.parse_args()

ROOT = Path(__file__).resolve().parent.parent
try:
    LIBC = ctypes.CDLL("libc.so.6")
except OSError:
    LIBC = None

try:
    import torch
    torch.set_num_threads(os.cpu_count() or 1)
except ImportError:
    torch = None


def go_cold():
    unrelated = np.ones(64 << 20, dtype=np.uint8)
    del unrelated
    if LIBC is not None:
        LIBC.malloc_trim(0)


def inputs(n, d):
    i = np.arange(n * d, dtype=np.uint64)
    x = ((i * np.uint64(2654435761)) % np.uint64(20000)).astype(np.float64) / 10000.0 - 1.0
    return np.ascontiguousarray(x.reshape(n, d))


def weights(d):
    j = np.arange(d)
    return (((j * 7919) % 1000) / 1000.0 - 0.5) / max(np.sqrt(d), 1.0)


def median_ms(fn, cold):
    times = []
    for _ in range(args.repeat):
        if cold:
            go_cold()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return 1000 * float(np.median(times))


def sigmoid(h):
    return 1 / (1 + np.exp(-h))


x3, w3 = inputs(1_000_000, 3), weights(3)
x100 = inputs(100_000, 100)
i, j = np.meshgrid(np.arange(100), np.arange(32), indexing="ij")
W = ((i * 31 + j * 17) % 100) / 1000.0 - 0.05
b = np.arange(32) / 100.0
x10, w10 = inputs(1_000_000, 10), weights(10)
t10 = (np.arange(1_000_000) % 3 == 0).astype(np.float64)


def step_numpy():
    global w10
    g = x10.T @ (sigmoid(x10 @ w10) - t10) / x10.shape[0]
    w10 -= 0.1 * g


workloads = {
    "forward_1000000x3": {"numpy": lambda: sigmoid(x3 @ w3)},
    "dense_100000x100x32": {"numpy": lambda: sigmoid(x100 @ W + b)},
    "step_1000000x10": {"numpy": step_numpy},
}
if torch is not None:
    tx3, tw3 = torch.from_numpy(x3), torch.from_numpy(w3)
    tx100, tW, tb = torch.from_numpy(x100), torch.from_numpy(W), torch.from_numpy(b)
    tx10, tt10 = torch.from_numpy(x10), torch.from_numpy(t10)
    tw10 = torch.from_numpy(weights(10).copy())

    def step_torch():
        g = tx10.T @ (torch.sigmoid(tx10 @ tw10) - tt10) / tx10.shape[0]
        tw10.sub_(0.1 * g)

    workloads["forward_1000000x3"]["torch"] = lambda: torch.sigmoid(tx3 @ tw3)
    workloads["dense_100000x100x32"]["torch"] = lambda: torch.sigmoid(torch.addmm(tb, tx100, tW))
    workloads["step_1000000x10"]["torch"] = step_torch

if args.run_rust:
    subprocess.run(["cargo", "bench", "--quiet", "--bench", "kernels", "--", "^cold_f64/"], cwd=ROOT,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)


def rust_ms(workload, kind):
    path = ROOT / "target" / "criterion" / "cold_f64" / f"{workload}_{kind}" / "new" / "estimates.json"
    if not path.exists():
        return None
    return json.loads(path.read_text())["median"]["point_estimate"] / 1e6


def fmt(v):
    return "n/a" if v is None else f"{v:.2f}"


print(f"NumPy {np.__version__}" + (f", PyTorch {torch.__version__}" if torch else ", no PyTorch")
      + f"; medians of {args.repeat} calls (crate: criterion medians, `cold_f64` group)")
print()
print("| workload | library | warm (ms) | cold (ms) | cold ÷ warm |")
print("|---|---|---:|---:|---:|")
for name, libraries in workloads.items():
    warm, cold = rust_ms(name, "warm"), rust_ms(name, "cold")
    ratio = f"{cold / warm:.1f}×" if warm and cold else "n/a"
    print(f"| {name} | neuron | {fmt(warm)} | {fmt(cold)} | {ratio} |")
    if name == "forward_1000000x3":
        into = rust_ms(name, "into_cold")
        ratio = f"{into / warm:.1f}×" if warm and into else "n/a"
        print(f"| {name} | neuron, `forward_into` | — | {fmt(into)} | {ratio} |")
    for library, fn in libraries.items():
        fn()
        warm = median_ms(fn, cold=False)
        cold = median_ms(fn, cold=True)
        print(f"| {name} | {library} | {fmt(warm)} | {fmt(cold)} | {cold / warm:.1f}× |")
