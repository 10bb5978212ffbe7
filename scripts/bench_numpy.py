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

    python3 scripts/bench_numpy.py --run-rust --rounds 5 --only "10 000 × 1 000" --only "1 000 × 10 000"

    python3 scripts/bench_numpy.py --run-rust --small-pages --only "1 000 × 10 000"

`--small-pages` keeps NumPy's arrays on the system's small (4 KB) pages, as
the Rust side's `Vec`s are. By default NumPy asks Linux for transparent huge
pages on every large array (`madvise(MADV_HUGEPAGE)`), which a kernel in the
`madvise` THP mode grants, and a long read over huge pages misses the TLB
far less: a like-for-like comparison of memory-bound workloads needs both
sides on the same pages.

`--rounds K` runs each workload's pair (criterion, then NumPy) K times and
prints the medians, with the range of the per-round ratios against NumPy:
memory-bound workloads move by 10–30 % from one minute to the next on a shared
machine, more than a single pair can tell apart. `--only TEXT` keeps the
workloads whose label contains TEXT (given several times, any of them).
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
parser.add_argument("--rounds", type=int, default=1,
                    help="with --run-rust: run each workload's pair of measurements this many times")
parser.add_argument("--small-pages", action="store_true",
                    help="keep NumPy's arrays on small pages (no MADV_HUGEPAGE), as the Rust side's are")
parser.add_argument("--only", action="append", default=None,
                    help="keep the workloads whose label contains this text (may be given several times)")
args = parser.parse_args()
if args.rounds < 1 or (args.rounds > 1 and not args.run_rust):
    sys.exit("--rounds needs --run-rust and a count of at least 1")
if args.threads:
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = str(args.threads)

import numpy as np  # noqa: E402  (after the thread settings)
from scipy.special import expit  # noqa: E402

if args.small_pages:
    # NumPy's own switch for its madvise(MADV_HUGEPAGE) on large arrays.
    np._core.multiarray._set_madvise_hugepage(False)

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
    if args.only is not None and not any(text in label for text in args.only):
        return
    rounds = []
    for _ in range(args.rounds):
        if args.run_rust:
            run_rust(group, parameter)
        numpy = median_ms(numpy_fn, args.repeat)
        naive = rust_ms(group, "naive", MODE, parameter)
        ours = rust_ms(group, rust_function, MODE, parameter)
        read = rust_ms(group, "read", MODE, parameter)
        rounds.append((numpy, naive, ours, read))
    rows.append((label, rounds, target))


def median(values):
    values = [v for v in values if v is not None]
    return float(np.median(values)) if values else None


for dtype, name in ((np.float64, "f64"), (np.float32, "f32")):
    x = inputs(1_000_000, 3, dtype)
    w = weights(3).astype(dtype)
    workload(f"neuron forward 1 000 000 × 3, {name}", f"neuron_forward_1000000x3_{name}",
             lambda: 1 / (1 + np.exp(-(x @ w))), target=(8, 4))
for dtype, name in ((np.float64, "f64"), (np.float32, "f32")):
    for n, d in ((100_000, 100), (10_000, 1000), (1000, 10_000)):
        x = inputs(n, d, dtype)
        w = weights(d).astype(dtype)
        target = (1.3, 1.3) if d == 100 else (1.2, 1.0)
        suffix = "" if name == "f64" else ", f32"
        workload(f"neuron forward {n:,} × {d:,}".replace(",", " ") + suffix,
                 f"neuron_forward_{n}x{d}_{name}", lambda: 1 / (1 + np.exp(-(x @ w))), target=target)

x = inputs(100_000, 100)
i, j = np.meshgrid(np.arange(100), np.arange(32), indexing="ij")
W = ((i * 31 + j * 17) % 100) / 1000.0 - 0.05
b = np.arange(32) / 100.0
workload("dense forward 100 000 × 100 → 32, sigmoid", "dense_forward_100000x100x32_f64",
         lambda: expit(x @ W + b), rust_function="dense", target=(2, 1.8))
x32, W32, b32 = inputs(100_000, 100, np.float32), W.astype(np.float32), b.astype(np.float32)
workload("dense forward 100 000 × 100 → 32, sigmoid, f32", "dense_forward_100000x100x32_f32",
         lambda: expit(x32 @ W32 + b32), rust_function="dense")

for dtype, name in ((np.float64, "f64"), (np.float32, "f32")):
    x = inputs(1_000_000, 10, dtype)
    t = (np.arange(1_000_000) % 3 == 0).astype(dtype)
    w = weights(10).astype(dtype)

    def epoch():
        global w
        g = x.T @ (1 / (1 + np.exp(-(x @ w))) - t) / dtype(x.shape[0])
        w -= dtype(0.1) * g

    suffix = "" if name == "f64" else ", f32"
    workload(f"one full-batch epoch, 1 000 000 × 10{suffix}", f"epoch_1000000x10_{name}", epoch, target=(10, 4))

for n in (1, 2, 4, 16, 64):
    xs = inputs(n, 10)
    ws = weights(10)
    workload(f"forward of {n} sample(s), d = 10", "small_batch_f64_d10",
             lambda: 1 / (1 + np.exp(-(xs @ ws))), target=(1.0, None), parameter=n)

side_by_side = "each workload's Rust run just before its NumPy run" if args.run_rust else "read from target/criterion"
if args.rounds > 1:
    side_by_side += f", {args.rounds} rounds (medians; per-round ratio ranges in parentheses)"
pages = "; NumPy on small pages" if args.small_pages else ""
print(f"NumPy {np.__version__}, threads: {args.threads or 'default'}{pages}; Rust: criterion medians, `{MODE}`, {side_by_side}")
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


def ratio(rounds, num, den=2):
    """The median over rounds of `time num ÷ time den` (by default ÷ this crate's
    time), and, with several rounds, their range."""
    ratios = [r[num] / r[den] for r in rounds if r[num] and r[den]]
    if not ratios:
        return "n/a"
    text = f"{median(ratios):.2f}×"
    if len(ratios) > 1:
        text += f" ({min(ratios):.2f}–{max(ratios):.2f})"
    return text


for label, rounds, target in rows:
    numpy, naive, ours = (median(r[k] for r in rounds) for k in range(3))
    tgt = "" if target is None else f"≥ {target[0]}×, " + ("—" if target[1] is None else f"≥ {target[1]}×")
    print(f"| {label} | {fmt(numpy)} | {fmt(naive)} | {fmt(ours)} | {ratio(rounds, 1)} | {ratio(rounds, 0)} | {tgt} |")

# The benchmark's `read` (the sum of every input, nothing else) is the floor
# a forward pass or an epoch stands on: long rows are bound by memory
# bandwidth; short ones add the per-row work (sigmoid, loss) and the outputs.
reads = [(label, rounds) for label, rounds, _ in rows if any(r[3] for r in rounds)]
if reads:
    print()
    print("| workload | plain read of the inputs (ms) | neuron (ms) | NumPy (ms) | read ÷ neuron | read ÷ NumPy |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, rounds in reads:
        numpy, ours, read = (median(r[k] for r in rounds) for k in (0, 2, 3))
        print(f"| {label} | {fmt(read)} | {fmt(ours)} | {fmt(numpy)} | {ratio(rounds, 3)} | {ratio(rounds, 3, 0)} |")
sys.stdout.flush()
