#!/usr/bin/env python3
"""How the crate scales with threads: 1, 2 and more rayon threads, alternating.

    python3 scripts/bench_scaling.py                    # 1, 2 and 4 threads, 3 rounds
    python3 scripts/bench_scaling.py --threads 1 2 --rounds 5

Each round runs every workload once per thread count, in a rotated order, so
that a machine's drift over minutes falls on every count alike; the table
gives medians over rounds and the speed-up against one thread. Thread counts
above the machine's cores are oversubscribed (the only "more threads" a
2-core machine has): they show what extra threads cost there, not what more
cores would give. Workloads:

- the MLP training step: `cargo bench --bench training -- --workload large`
  (100-256-128-1, batch 256, 3 epochs over 100 000 × 100), f32 and f64;
- the dense layer: criterion `dense_forward_100000x100x32_f64/dense`;
- the full-batch epoch: criterion `epoch_1000000x10_{f64,f32}/neuron`.
"""
import argparse
import json
import os
import statistics
import subprocess
from pathlib import Path

parser = argparse.ArgumentParser()
parser.add_argument("--threads", type=int, nargs="+", default=[1, 2, 4])
parser.add_argument("--rounds", type=int, default=3)
args = parser.parse_args()
ROOT = Path(__file__).resolve().parent.parent


def training(dtype, threads):
    out = subprocess.run(
        ["cargo", "bench", "--quiet", "--bench", "training", "--", "--workload", "large",
         "--dtype", dtype, "--repeats", "3"],
        cwd=ROOT, env={**os.environ, "RAYON_NUM_THREADS": str(threads)},
        capture_output=True, text=True, check=True).stdout
    seconds = [json.loads(line)["seconds"] for line in out.splitlines() if line.startswith("{")]
    return 1000 * statistics.median(seconds)


def criterion(group, function, threads):
    subprocess.run(
        ["cargo", "bench", "--quiet", "--bench", "kernels", "--", f"^{group}/{function}/threads$"],
        cwd=ROOT, env={**os.environ, "RAYON_NUM_THREADS": str(threads)},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    path = ROOT / "target" / "criterion" / group / function / "threads" / "new" / "estimates.json"
    return json.loads(path.read_text())["median"]["point_estimate"] / 1e6


workloads = {
    "MLP training, 100-256-128-1, 3 epochs, f32 (ms)": lambda t: training("f32", t),
    "MLP training, 100-256-128-1, 3 epochs, f64 (ms)": lambda t: training("f64", t),
    "dense layer forward, 100 000 × 100 → 32, f64 (ms)":
        lambda t: criterion("dense_forward_100000x100x32_f64", "dense", t),
    "full-batch epoch, 1 000 000 × 10, f64 (ms)": lambda t: criterion("epoch_1000000x10_f64", "neuron", t),
    "full-batch epoch, 1 000 000 × 10, f32 (ms)": lambda t: criterion("epoch_1000000x10_f32", "neuron", t),
}
times = {(name, t): [] for name in workloads for t in args.threads}
for r in range(args.rounds):
    order = args.threads[r % len(args.threads):] + args.threads[:r % len(args.threads)]
    for name, run in workloads.items():
        for t in order:
            times[(name, t)].append(run(t))

print(f"cores: {os.cpu_count()}; rounds: {args.rounds}; medians; speed-up against 1 thread")
print()
print("| workload | " + " | ".join(f"{t} thread{'s' if t > 1 else ''}" for t in args.threads) + " |")
print("|---|" + "---:|" * len(args.threads))
for name in workloads:
    base = statistics.median(times[(name, args.threads[0])])
    cells = []
    for t in args.threads:
        m = statistics.median(times[(name, t)])
        cells.append(f"{m:.2f} ({base / m:.2f}×)")
    print(f"| {name} | " + " | ".join(cells) + " |")
