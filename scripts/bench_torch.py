#!/usr/bin/env python3
"""Trains the MLP workloads of benches/training.rs with PyTorch and with this
crate, in alternating rounds, and prints medians and ratios (issue 16).

    python3 scripts/bench_torch.py                          # 3 rounds, every workload, f32 and f64
    python3 scripts/bench_torch.py --python /path/to/venv/bin/python --rounds 5
    python3 scripts/bench_torch.py --only large --dtypes f32 --threads 1

PyTorch runs in a virtual environment: target/bench-venv, created on first use
(torch's CPU wheel and NumPy from pip), or the interpreter given by `--python`,
which must have torch and numpy. The script re-runs itself under that
interpreter.

It builds the Rust benchmark once (`cargo bench --bench training --no-run`),
asks it to write each workload's data, first weights and settings
(`--dump target/bench-data`), and builds the PyTorch side from exactly those:
the same inputs and targets, the same first weights, layer sizes, activations,
loss, optimiser, learning rate, batch size and epochs. Each epoch visits the
batches in a new order (torch.randperm; the crate draws its own order, so the
two runs are not step-for-step identical) and ends with the training loss on
the whole set under torch.no_grad(), as `fit` computes it for its history.
The sigmoid and softmax outputs are folded into the losses on the PyTorch side
(BCEWithLogitsLoss, CrossEntropyLoss with class indices), which is what the
crate computes too: the loss and its gradient from the net inputs.

A round runs, for each workload and float type, the Rust binary (one `fit`)
and then PyTorch's training loop in this process, so the two sides of a ratio
are seconds apart on a machine whose speed drifts. Only the training loops
are timed on both sides. Threads: RAYON_NUM_THREADS for the crate and
torch.set_num_threads for PyTorch, both `--threads` (default: every core).

The machine may be shared: PyTorch's OpenMP threads wait for each other at
every operation, so when another process takes one of the cores they stall
(10–40× slower on 2 cores), far more than the crate does. The script waits
for the processor to be idle before each pair, and measures what other
processes used while the pair ran (busy time in /proc/stat minus this
process's and the Rust child's CPU time); a pair during which others used more
than `--max-foreign` cores is measured again, up to `--attempts` times, and
the table says how many were.

The table gives medians over the rounds and the ratio PyTorch ÷ neuron of the
medians (above 1: the crate is faster), with the lowest and highest per-round
ratio in parentheses, and the final training loss of each side.

Fashion-MNIST (issue 24): the workloads `fashion-mlp` (784-128-10, ReLU,
softmax) and `fashion-cnn` (the lecture series' network: three blocks of a
3 × 3 convolution with 32 filters and ReLU, 3 × 3 max pooling with stride 2
and "same" padding, and batch normalisation; flatten, 64 ReLU units with
dropout 0.3, softmax) train one epoch over the 60 000 training images, in
f32, with Adam (η = 1e-3) in batches of 32, on both sides. The crate's side
is `examples/fashion.rs` (`--epochs 1`, its `trained in` line: `fit` alone,
with its per-epoch loss over the training set); PyTorch's reads the same IDX
files, builds the same layers (max pooling padded by 1 on each side, which
gives Keras's "same" shapes) with its own seeded first weights, and computes
the same per-epoch loss in eval mode, in blocks of 1 000 images. They need
Debian's `dataset-fashion-mnist` (or the IDX files in
/usr/share/datasets/fashion-mnist/); without it they are skipped.

    python3 scripts/bench_torch.py --only fashion --dtypes f32 --threads 2
"""
import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKLOADS = ["lecture", "medium", "large", "digits", "fashion-mlp", "fashion-cnn"]
# Issue 16's and issue 24's targets, PyTorch ÷ neuron.
TARGETS = {"lecture": 50.0, "medium": 10.0, "large": 1.5, "fashion-mlp": 2.0, "fashion-cnn": 1.2}
# The workloads that examples/fashion.rs trains, in f32 only.
FASHION = {"fashion-mlp": ["--mlp"], "fashion-cnn": []}
FASHION_DIR = Path("/usr/share/datasets/fashion-mnist")
VENV = ROOT / "target" / "bench-venv"
CHILD = "NEURON_BENCH_TORCH_CHILD"

parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
parser.add_argument("--python", type=Path, default=None,
                    help=f"an interpreter with torch and numpy (default: {VENV.relative_to(ROOT)}, created if missing)")
parser.add_argument("--rounds", type=int, default=3, help="rounds of (neuron, PyTorch) pairs")
parser.add_argument("--threads", type=int, default=os.cpu_count(),
                    help="threads for both sides (default: every core)")
parser.add_argument("--only", action="append", default=None,
                    help="keep the workloads whose name contains this text (may be given several times)")
parser.add_argument("--dtypes", default="f32,f64", help="comma-separated: f32, f64 or both")
parser.add_argument("--max-foreign", type=float, default=0.05,
                    help="re-measure a pair when other processes used more than this many cores on average "
                         "while it ran (default 0.05; a quiet machine shows 0.00–0.02)")
parser.add_argument("--attempts", type=int, default=4,
                    help="measurements of a pair before keeping one taken under load (default 4)")
args = parser.parse_args()
if args.rounds < 1 or args.threads < 1 or args.attempts < 1:
    sys.exit("--rounds, --threads and --attempts need a count of at least 1")
DTYPES = [d.strip() for d in args.dtypes.split(",") if d.strip()]
if not DTYPES or any(d not in ("f32", "f64") for d in DTYPES):
    sys.exit(f"--dtypes takes f32, f64 or f32,f64, not {args.dtypes!r}")
CHOSEN = [w for w in WORKLOADS if not args.only or any(text in w for text in args.only)]
if not CHOSEN:
    sys.exit(f"no workload matches --only {args.only}; the workloads are {', '.join(WORKLOADS)}")


def run_under_torch_interpreter():
    """Re-runs this script under the interpreter that has torch, once."""
    if os.environ.get(CHILD):
        return
    python = args.python
    if python is None:
        python = VENV / "bin" / "python"
        if not python.exists():
            print(f"creating {VENV} with torch (CPU) and numpy", file=sys.stderr)
            subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
            pip = [str(python), "-m", "pip", "install", "--quiet"]
            subprocess.run(pip + ["numpy"], check=True)
            subprocess.run(pip + ["torch", "--index-url", "https://download.pytorch.org/whl/cpu"], check=True)
    env = dict(os.environ, **{CHILD: "1"})
    sys.stdout.flush()
    os.execve(str(python), [str(python), str(Path(__file__).resolve()), *sys.argv[1:]], env)


run_under_torch_interpreter()

import numpy as np  # noqa: E402  (under the interpreter chosen above)
import torch  # noqa: E402

torch.set_num_threads(args.threads)


def build_rust():
    """Builds benches/training.rs in release mode and returns its executable."""
    command = ["cargo", "bench", "--bench", "training", "--no-run", "--message-format=json"]
    out = subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True).stdout
    for line in out.splitlines():
        message = json.loads(line)
        if (message.get("reason") == "compiler-artifact"
                and message["target"]["name"] == "training" and message.get("executable")):
            return message["executable"]
    sys.exit("cargo built no executable for the bench target `training`")


def build_fashion_example():
    """Builds examples/fashion.rs in release mode and returns its executable."""
    command = ["cargo", "build", "--release", "--example", "fashion", "--message-format=json"]
    out = subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True).stdout
    for line in out.splitlines():
        message = json.loads(line)
        if (message.get("reason") == "compiler-artifact"
                and message["target"]["name"] == "fashion" and message.get("executable")):
            return message["executable"]
    sys.exit("cargo built no executable for the example `fashion`")


def read_idx(path):
    """An IDX file of unsigned bytes (gzipped), as a NumPy array of its shape."""
    import gzip
    data = gzip.open(path).read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def fashion_spec(workload):
    """The training set as both sides read it: pixels / 255, images (n, 1, 28, 28)."""
    images = read_idx(FASHION_DIR / "train-images-idx3-ubyte.gz").astype(np.float32) / 255.0
    labels = read_idx(FASHION_DIR / "train-labels-idx1-ubyte.gz").astype(np.int64)
    return {"workload": workload, "images": images[:, None, :, :], "labels": labels}


def fashion_model(workload):
    """The example's network in PyTorch, with PyTorch's seeded first weights
    (He normal for ReLU layers and Xavier uniform for the output, as the example)."""
    nn = torch.nn
    torch.manual_seed(2026)
    if workload == "fashion-mlp":
        layers = [nn.Flatten(), nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10)]
    else:
        layers, channels = [], 1
        for _ in range(3):
            layers += [nn.Conv2d(channels, 32, 3), nn.ReLU(), nn.MaxPool2d(3, 2, padding=1), nn.BatchNorm2d(32)]
            channels = 32
        layers += [nn.Flatten(), nn.Linear(128, 64), nn.ReLU(), nn.Dropout(0.3), nn.Linear(64, 10)]
    model = nn.Sequential(*layers)
    output = model[-1]
    for module in model.modules():
        if isinstance(module, (nn.Conv2d, nn.Linear)):
            if module is output:
                nn.init.xavier_uniform_(module.weight)
            else:
                nn.init.kaiming_normal_(module.weight, nonlinearity="relu")
            nn.init.zeros_(module.bias)
    return model


def run_fashion_rust(exe, workload):
    """One epoch of the example in a fresh process: (seconds of `fit`, its loss)."""
    env = dict(os.environ, RAYON_NUM_THREADS=str(args.threads))
    command = [exe, "--epochs", "1", *FASHION[workload]]
    out = subprocess.run(command, env=env, check=True, stdout=subprocess.PIPE, text=True).stdout
    seconds = float(re.search(r"^trained in ([0-9.]+) s", out, re.MULTILINE).group(1))
    loss = float(re.search(r"^epoch +1: loss ([0-9.]+)", out, re.MULTILINE).group(1))
    return seconds, loss


def run_fashion_torch(spec):
    """One epoch of PyTorch's loop, as `fit` runs it: (seconds, training loss)."""
    x = torch.from_numpy(spec["images"])
    t = torch.from_numpy(spec["labels"])
    model = fashion_model(spec["workload"])
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    n, batch = x.shape[0], 32
    generator = torch.Generator().manual_seed(0)
    start = time.perf_counter()
    model.train()
    order = torch.randperm(n, generator=generator)
    for i in range(0, n, batch):
        rows = order[i:i + batch]
        optimizer.zero_grad()
        loss_fn(model(x[rows]), t[rows]).backward()
        optimizer.step()
    model.eval()
    with torch.no_grad():
        total = sum(loss_fn(model(x[i:i + 1000]), t[i:i + 1000]).item() * len(t[i:i + 1000])
                    for i in range(0, n, 1000))
    seconds = time.perf_counter() - start
    return seconds, total / n


def load(directory, workload):
    """The data, first weights and settings that the Rust side wrote for `workload`."""
    spec = json.loads((directory / f"{workload}.json").read_text())

    def array(entry):
        return np.fromfile(directory / entry["file"], dtype="<f8").reshape(entry["shape"])

    spec["inputs"] = array(spec["inputs"])
    spec["targets"] = array(spec["targets"])
    for layer in spec["layers"]:
        layer["weights"] = array(layer["weights"])
        layer["bias"] = array(layer["bias"])
    return spec


TICK = os.sysconf("SC_CLK_TCK")


def busy_seconds():
    """CPU time the whole machine has spent busy (user, nice, system, irq, softirq, steal)."""
    with open("/proc/stat") as f:
        fields = [int(v) for v in f.readline().split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields[:8]
    return (user + nice + system + irq + softirq + steal) / TICK


def own_seconds():
    """CPU time of this process's threads and of its finished children."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def wait_for_quiet(longest=120.0):
    """Waits (up to `longest` seconds) until other processes use under --max-foreign cores."""
    deadline = time.monotonic() + longest
    while True:
        busy, own, start = busy_seconds(), own_seconds(), time.monotonic()
        time.sleep(0.5)
        foreign = (busy_seconds() - busy - (own_seconds() - own)) / (time.monotonic() - start)
        if foreign <= args.max_foreign or time.monotonic() > deadline:
            return


def measure_pair(exe, spec, workload, dtype):
    """As `measure_pair_of` with the runners of the workload's kind."""
    if workload in FASHION:
        return measure_pair_of(lambda: run_fashion_rust(exe, workload), lambda: run_fashion_torch(spec), workload, dtype)
    return measure_pair_of(lambda: run_rust(exe, workload, dtype), lambda: run_torch(spec, dtype), workload, dtype)


def measure_pair_of(rust_side, torch_side, workload, dtype):
    """Neuron then PyTorch, again while others loaded the machine: the results and
    the cores that other processes used meanwhile, and how many attempts it took."""
    for attempt in range(1, args.attempts + 1):
        wait_for_quiet()
        busy, own, start = busy_seconds(), own_seconds(), time.monotonic()
        rust = rust_side()
        pytorch = torch_side()
        foreign = (busy_seconds() - busy - (own_seconds() - own)) / (time.monotonic() - start)
        if foreign <= args.max_foreign:
            break
        print(f"  {workload} {dtype}: other processes used {foreign:.2f} cores meanwhile "
              f"(neuron {1000 * rust[0]:.1f} ms, PyTorch {1000 * pytorch[0]:.1f} ms); "
              + ("measuring again" if attempt < args.attempts else "keeping it"),
              file=sys.stderr, flush=True)
    return rust, pytorch, foreign, attempt


def run_rust(exe, workload, dtype):
    """One `fit` in a fresh process: (seconds, final training loss)."""
    env = dict(os.environ, RAYON_NUM_THREADS=str(args.threads))
    command = [exe, "--workload", workload, "--dtype", dtype, "--repeats", "1"]
    out = subprocess.run(command, env=env, check=True, stdout=subprocess.PIPE, text=True).stdout
    result = json.loads(out.strip().splitlines()[-1])
    return result["seconds"], result["final_loss"]


ACTIVATIONS = {"relu": torch.nn.ReLU, "sigmoid": torch.nn.Sigmoid, "tanh": torch.nn.Tanh,
               "identity": torch.nn.Identity}


def torch_model(spec, dtype):
    """nn.Sequential with the crate's first weights; the output activation is left
    to the loss where the crate fuses it too (sigmoid with BCE, softmax with cross-entropy)."""
    modules = []
    last = len(spec["layers"]) - 1
    for i, layer in enumerate(spec["layers"]):
        n_inputs, n_units = layer["weights"].shape
        linear = torch.nn.Linear(n_inputs, n_units, dtype=dtype)
        with torch.no_grad():
            # The crate keeps (n_inputs, n_units), nn.Linear (n_units, n_inputs).
            linear.weight.copy_(torch.from_numpy(np.ascontiguousarray(layer["weights"].T)))
            linear.bias.copy_(torch.from_numpy(layer["bias"]))
        modules.append(linear)
        activation = layer["activation"]
        fused = i == last and (activation, spec["loss"]) in (
            ("sigmoid", "binary cross-entropy"), ("softmax", "cross-entropy"))
        if not fused:
            if activation not in ACTIVATIONS:
                sys.exit(f"{spec['workload']}: no PyTorch module for a {activation} layer")
            modules.append(ACTIVATIONS[activation]())
    return torch.nn.Sequential(*modules)


def torch_loss_and_targets(spec, dtype):
    targets = torch.from_numpy(spec["targets"])
    loss = spec["loss"]
    if loss == "mean squared error":
        return torch.nn.MSELoss(), targets.to(dtype)
    if loss == "binary cross-entropy":
        return torch.nn.BCEWithLogitsLoss(), targets.to(dtype)
    if loss == "cross-entropy":
        return torch.nn.CrossEntropyLoss(), targets.argmax(dim=1)
    sys.exit(f"{spec['workload']}: unknown loss {loss!r}")


def run_torch(spec, dtype_name):
    """PyTorch's training loop, as `fit` runs it: (seconds, final training loss)."""
    dtype = torch.float32 if dtype_name == "f32" else torch.float64
    x = torch.from_numpy(spec["inputs"]).to(dtype).contiguous()
    loss_fn, t = torch_loss_and_targets(spec, dtype)
    model = torch_model(spec, dtype)
    rate = spec["learning_rate"]
    if spec["optimizer"] == "sgd":
        optimizer = torch.optim.SGD(model.parameters(), lr=rate)
    elif spec["optimizer"] == "adam":
        optimizer = torch.optim.Adam(model.parameters(), lr=rate)  # β = (0.9, 0.999), ε = 1e-8, as the crate's
    else:
        sys.exit(f"{spec['workload']}: no PyTorch optimiser for {spec['optimizer']!r}")
    n, batch = x.shape[0], spec["batch_size"]
    generator = torch.Generator().manual_seed(0)
    history = []

    start = time.perf_counter()
    for _ in range(spec["epochs"]):
        order = torch.randperm(n, generator=generator) if spec["shuffle"] else torch.arange(n)
        for i in range(0, n, batch):
            rows = order[i:i + batch]
            optimizer.zero_grad()
            loss_fn(model(x[rows]), t[rows]).backward()
            optimizer.step()
        with torch.no_grad():
            history.append(loss_fn(model(x), t).item())
    seconds = time.perf_counter() - start
    return seconds, history[-1]


def cpu_header():
    model = "unknown processor"
    try:
        lscpu = subprocess.run(["lscpu"], check=True, stdout=subprocess.PIPE, text=True).stdout
        found = re.search(r"^Model name:\s*(.+)$", lscpu, re.MULTILINE)
        model = found.group(1).strip() if found else model
    except (OSError, subprocess.CalledProcessError):
        pass
    flags = set()
    try:
        found = re.search(r"^flags\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.MULTILINE)
        flags = set(found.group(1).split()) if found else set()
    except OSError:
        pass
    avx512 = {"avx512f", "avx512dq", "avx512vl"} <= flags
    avx2 = {"avx2", "fma"} <= flags
    # The crate does not report the level it dispatches to; this is the rule of
    # src/kernels/dispatch.rs (`detected`) applied to the flags the kernel reports.
    level = "AVX-512" if avx512 and avx2 else "AVX2 + FMA" if avx2 else "baseline"
    return (f"{model}, {os.cpu_count()} logical CPUs; AVX-512 (F, DQ, VL): {'yes' if avx512 else 'no'}, "
            f"AVX2 + FMA: {'yes' if avx2 else 'no'}; crate dispatch level (inferred from /proc/cpuinfo "
            f"by the rule of src/kernels/dispatch.rs): {level}")


def commit():
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, check=True,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main():
    chosen = [w for w in CHOSEN if w not in FASHION or FASHION_DIR.joinpath("train-images-idx3-ubyte.gz").exists()]
    for w in sorted(set(CHOSEN) - set(chosen)):
        print(f"skipping {w}: no Fashion-MNIST in {FASHION_DIR} (apt-get install dataset-fashion-mnist)",
              file=sys.stderr)
    mlps = [w for w in chosen if w not in FASHION]
    exes, specs = {}, {}
    if mlps:
        exe = build_rust()
        data = ROOT / "target" / "bench-data"
        for workload in mlps:
            subprocess.run([exe, "--workload", workload, "--dump", str(data)], check=True)
            exes[workload], specs[workload] = exe, load(data, workload)
    if len(mlps) < len(chosen):
        example = build_fashion_example()
        for workload in chosen:
            if workload in FASHION:
                exes[workload], specs[workload] = example, fashion_spec(workload)
    # f32 only for Fashion-MNIST, as issue 24 measures it.
    pairs = [(w, d) for w in chosen for d in DTYPES if w not in FASHION or d == "f32"]

    # Start PyTorch's thread pool and first-call machinery outside the timings.
    warm = torch.nn.Linear(64, 64)
    warm(torch.ones(256, 64)).sum().backward()

    times = {(w, d): {"torch": [], "neuron": [], "torch_loss": [], "neuron_loss": []} for w, d in pairs}
    remeasured, loaded = 0, []
    for round_ in range(1, args.rounds + 1):
        for w, d in pairs:
            rust, pytorch, foreign, attempts = measure_pair(exes[w], specs[w], w, d)
            (rust_seconds, rust_loss), (torch_seconds, torch_loss) = rust, pytorch
            remeasured += attempts - 1
            if foreign > args.max_foreign:
                loaded.append(f"{w} {d} in round {round_} ({foreign:.2f} cores)")
            entry = times[(w, d)]
            entry["neuron"].append(rust_seconds)
            entry["torch"].append(torch_seconds)
            entry["neuron_loss"].append(rust_loss)
            entry["torch_loss"].append(torch_loss)
            print(f"round {round_}/{args.rounds} {w} {d}: neuron {1000 * rust_seconds:.1f} ms, "
                  f"PyTorch {1000 * torch_seconds:.1f} ms, ratio {torch_seconds / rust_seconds:.2f}; "
                  f"others used {max(foreign, 0.0):.2f} cores",
                  file=sys.stderr, flush=True)

    print(f"Processor: {cpu_header()}")
    print(f"PyTorch {torch.__version__} and neuron (commit {commit()}) on {args.threads} thread(s); "
          f"medians of {args.rounds} round(s)")
    print(f"Pairs measured again because other processes used over {args.max_foreign:g} cores: {remeasured}; "
          f"kept under load after {args.attempts} attempts: {', '.join(loaded) if loaded else 'none'}")
    print()
    print("| workload | dtype | PyTorch median (ms) | neuron median (ms) | PyTorch ÷ neuron (per round) "
          "| target | final loss PyTorch / neuron |")
    print("|---|---|---:|---:|---|---|---|")
    for (w, d), entry in times.items():
        torch_ms = 1000 * statistics.median(entry["torch"])
        neuron_ms = 1000 * statistics.median(entry["neuron"])
        per_round = [t / n for t, n in zip(entry["torch"], entry["neuron"])]
        target = TARGETS.get(w)
        if target:
            target = f"≥ {target:g}× ({'met' if torch_ms / neuron_ms >= target else 'missed'})"
        else:
            target = "—"
        losses = f"{entry['torch_loss'][-1]:.4g} / {entry['neuron_loss'][-1]:.4g}"
        print(f"| {w} | {d} | {torch_ms:.1f} | {neuron_ms:.1f} | {torch_ms / neuron_ms:.2f}× "
              f"({min(per_round):.2f}–{max(per_round):.2f}) | {target} | {losses} |")


main()
