"""GPU benchmarks: ours on /gpu:0 against PyTorch eager on CUDA and the same steps written by
hand in CuPy, side by side in one run on one GPU (``make gpu-check`` runs it).

Each workload's three implementations are built from the same initial values, checked to
compute the same losses as the hand-written CuPy step, then timed interleaved with the same
harness as the CPU benchmarks (``benchmarks/harness.py``); every timing waits for the device
(``synchronize``) before it reads the clock. The results file names the device, driver, CUDA
and CuPy versions, and checks the GPU targets: ours no slower than PyTorch on the MLP at batch
128, the sin(x) regression and the CNN, and within 1.05x of PyTorch on the 4096-wide MLP.

    python -m benchmarks.gpu --out benchmarks/results-gpu.md
    python -m benchmarks.gpu --stand-in --quick    # a dry run on the CPU: the CuPy stand-in

``--stand-in`` runs the same code path with the engine's CuPy stand-in (numpy on the CPU, see
``autograd_engine.testing``) as the device, skips PyTorch's CUDA column and shrinks the 4096-wide
MLP: it checks that the benchmark works, and its times say nothing about a GPU.
"""
import argparse
import datetime
import os
import subprocess
import sys
import time

import numpy as np

if __package__ in (None, ""):  # run as a script: python benchmarks/gpu.py
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    __package__ = "benchmarks"

from benchmarks import libraries, report, run  # noqa: E402
from benchmarks.workloads import cnn, dense, lstm  # noqa: E402
from benchmarks.workloads._common import (CUPY, GPU_LABELS, OURS_GPU, TORCH_CUDA,  # noqa: E402
                                          ADAM)


LARGE_MLP = dense.DenseSpec("mlp-large", "MLP 784-4096-4096-10 + Adam, batch 8192",
                            (784, 4096, 4096, 10), "softmax_xent", 8192)
# The CPU cannot run 4096-wide layers at batch 8192 in a dry run's seconds.
DRY_RUN_LARGE_MLP = dense.DenseSpec(
    "mlp-large", "MLP 784-256-256-10 + Adam, batch 256 (the dry run's stand-in for the "
    "4096-wide MLP at batch 8192)", (784, 256, 256, 10), "softmax_xent", 256)

# ours ÷ PyTorch on CUDA, at most: the GPU issue's targets. The LSTM is reported, not targeted.
TARGETS = {"mlp128": 1.0, "mlp-large": 1.05, "sin": 1.0, "cnn": 1.0}
# GPU libraries sum in orders of their own (cuBLAS's split-K, cuDNN's atomics in the backward
# convolution), and two Adam steps carry the difference into the loss: checked at 1e-3.
GPU_RTOL = 1e-3


def workloads(device, dry_run):
    """The GPU workloads, in the order of the table, keyed."""
    specs = [dense.mlp_spec(128), DRY_RUN_LARGE_MLP if dry_run else LARGE_MLP, dense.SIN]
    listed = [dense.gpu_workload(spec, device) for spec in specs] + \
        [cnn.gpu_workload(device), lstm.gpu_workload(device)]
    for workload in listed:
        workload.rtol = max(workload.rtol, GPU_RTOL)
    return {w.key: w for w in listed}


WORKLOAD_KEYS = ["mlp128", "mlp-large", "sin", "cnn", "lstm"]


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workloads", default=",".join(WORKLOAD_KEYS),
                        help="comma-separated keys (default: all): %s" % ", ".join(WORKLOAD_KEYS))
    parser.add_argument("--only", default=",".join(GPU_LABELS),
                        help="comma-separated implementations (default: all): %s"
                        % ", ".join(GPU_LABELS))
    parser.add_argument("--rounds", type=int, default=None, help="interleaved rounds (10)")
    parser.add_argument("--budget", type=float, default=None,
                        help="seconds of timing per workload, shared by its implementations (12)")
    parser.add_argument("--quick", action="store_true", help="a smoke run: 3 rounds, 1 s each")
    parser.add_argument("--stand-in", action="store_true",
                        help="a dry run on the CPU: the CuPy stand-in as the device, no PyTorch")
    parser.add_argument("--out", default=None, help="write the Markdown report here")
    args = parser.parse_args(argv)
    args.argv = list(sys.argv[1:] if argv is None else argv)
    args.rounds = args.rounds or (3 if args.quick else 10)
    args.budget = args.budget if args.budget is not None else (1.0 if args.quick else 12.0)
    args.workloads = run._keys(args.workloads, WORKLOAD_KEYS, "workload")
    args.only = run._keys(args.only, GPU_LABELS, "implementation")
    if CUPY not in args.only:
        parser.error("--only must include cupy: it is the reference of the agreement check "
                     "and of the ratios")
    return args


def find_device(stand_in):
    """The device backend to run on (the CuPy stand-in for a dry run), or None with the reason
    there is none."""
    from autograd_engine import backend
    if stand_in:
        from autograd_engine.testing import cupy_standin
        return cupy_standin.device_backend(), ""
    device = backend.device_backend()
    if device is None:
        return None, ("no GPU: the engine found no device backend (it needs CuPy, `pip install "
                      "-e \".[gpu]\"`, and a CUDA device); `--stand-in` dry-runs the benchmarks "
                      "on the CPU")
    return device, ""


def _cuda_version(number):
    """CUDA's integer versions: 12040 -> '12.4'."""
    return "%d.%d" % (number // 1000, number % 1000 // 10)


def nvidia_smi_driver():
    try:
        done = subprocess.run(["nvidia-smi", "--query-gpu=driver_version", "--format=csv,noheader"],
                              capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return "unknown (nvidia-smi did not answer)"
    return done.stdout.strip().splitlines()[0] if done.returncode == 0 and done.stdout.strip() \
        else "unknown (nvidia-smi failed)"


def device_lines(device, stand_in):
    """The header's description of the device and the GPU libraries."""
    if stand_in:
        return ["* Device: **the CuPy stand-in** (numpy on the CPU, "
                "`autograd_engine.testing.cupy_standin`, what `AUTOGRAD_ENGINE_DEVICE=stand-in` "
                "selects). A dry run of the code path: no GPU code ran, PyTorch's CUDA column is "
                "skipped, and the times say nothing about a GPU."]
    cupy = device.xp
    runtime = cupy.cuda.runtime
    device_id = cupy.cuda.Device().id
    props = runtime.getDeviceProperties(device_id)
    name = props["name"]
    name = name.decode() if isinstance(name, bytes) else name
    lines = ["* Device: %s (GPU %d of %d; compute capability %d.%d, %.0f GiB, %d SMs)." % (
                 name, device_id, runtime.getDeviceCount(), props["major"], props["minor"],
                 props["totalGlobalMem"] / 2.0 ** 30, props["multiProcessorCount"]),
             "* Driver %s (CUDA %s); CUDA runtime %s; CuPy %s." % (
                 nvidia_smi_driver(), _cuda_version(runtime.driverGetVersion()),
                 _cuda_version(runtime.runtimeGetVersion()), cupy.__version__)]
    torch = libraries.torch_cuda()
    if torch is not None:
        lines.append("* PyTorch %s (CUDA %s, cuDNN %s), TF32 off." % (
            torch.__version__, torch.version.cuda, torch.backends.cudnn.version()))
    return lines


def header(args, device, started_at, elapsed):
    return [
        "Produced by `python -m benchmarks.gpu %s`%s on %s, from commit %s, in %.0f s." % (
            " ".join(args.argv), "" if args.stand_in else " (`make gpu-check`)", started_at,
            run.git_revision(), elapsed),
        ""] + device_lines(device, args.stand_in) + [
        "* Host: %s, %d cores; Python %s, numpy %s." % (
            libraries.cpu_model(), os.cpu_count() or 0, sys.version.split()[0],
            np.__version__),
        "* %d interleaved rounds per workload, about %g s of timing per workload%s." % (
            args.rounds, args.budget, " (a --quick smoke run)" if args.quick else ""),
    ]


METHOD = [
    "* **Same computation first.** The three implementations of a workload start from the same "
    "seeded weights and data; each runs two Adam steps, and its loss before each step and after "
    "the last must match the hand-written CuPy step's within rtol %g (GPU libraries sum in "
    "orders of their own). A mismatch is printed, marked in the tables, and makes the command "
    "exit with status 1." % GPU_RTOL,
    "* **Interleaved timing, synchronized.** Each round times every implementation once (a batch "
    "of back-to-back steps, an equal share of the time each), the order shuffled each round; "
    "the device is synchronized before the clock starts and before it is read "
    "(`cupy.cuda.Device().synchronize()`, `torch.cuda.synchronize()`), so the times are of the "
    "work, not of queuing it. Median / min / max are over the rounds, per step.",
    "* **CuPy by hand**: the CPU benchmarks' hand-written numpy step, run with CuPy as its array "
    "module (forward, backward and TF1's Adam written out, in place). **Ours**: the TF1 program "
    "in a `Session` with TF1's default placement (every op with a device kernel on /gpu:0), "
    "fed CuPy arrays (a device array is fed without a copy), the train op fetched (no "
    "transfer). **PyTorch eager**: the idiomatic model (`nn.Linear`, `nn.Conv2d`, `nn.LSTM`, "
    "`torch.optim.Adam` with TF1's epsilon) on `cuda`, TF32 off as in CuPy (all three compute "
    "in float32).",
    "* Adam: beta1 %g, beta2 %g, epsilon %g." % (ADAM["beta1"], ADAM["beta2"], ADAM["epsilon"]),
]


def _median(result, key):
    timing = result["timings"].get(key)
    return timing.median if timing else None


def summary_table(results):
    head = ["workload", "CuPy by hand (time)", "ours on GPU", "PyTorch on CUDA",
            "ours ÷ PyTorch"]
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for r in results:
        base, ours, torch = (_median(r, k) for k in (CUPY, OURS_GPU, TORCH_CUDA))
        title = r["workload"].title
        if not all(a.ok for a in r["agreement"]):
            title += " **(implementations disagree)**"
        lines.append("| %s | %s | %s | %s | %s |" % (
            title, report.format_time(base), report.ratio(ours, base), report.ratio(torch, base),
            report.ratio(ours, torch)))
    return lines


def targets_table(results, skipped_torch):
    """One row per GPU target: what it asks, ours ÷ PyTorch measured, and the verdict."""
    rows = []
    for r in results:
        limit = TARGETS.get(r["workload"].key)
        if limit is None:
            continue
        ours, torch = _median(r, OURS_GPU), _median(r, TORCH_CUDA)
        what = "no slower than PyTorch" if limit == 1.0 else "within %.2fx of PyTorch" % limit
        value = ours / torch if ours and torch else None
        verdict = report.verdict(value, limit)
        if value is None and skipped_torch:
            verdict += " (%s)" % skipped_torch
        rows.append("| %s: %s | %s | %s |" % (r["workload"].title, what,
                                             report.ratio(ours, torch), verdict))
    return ["| target | ours ÷ PyTorch | this run |", "| --- | --- | --- |"] + rows


def markdown(head, results, skipped, skipped_torch):
    lines = ["# autograd_engine GPU benchmarks", ""] + head + [""]
    if skipped:
        lines += ["Skipped: " + "; ".join(skipped) + ".", ""]
    lines += ["## Summary", "",
              "Median time per step of the hand-written CuPy step, and the other two "
              "implementations' medians as multiples of it (lower is faster); the last column "
              "divides ours by PyTorch's (below 1.00x: ours is faster).", ""]
    lines += summary_table(results) + ["", "### Targets", ""]
    lines += targets_table(results, skipped_torch) + ["", "## How it was measured", ""]
    lines += METHOD + ["", "## Workloads", ""]
    for r in results:
        lines += report.workload_section(r, labels=GPU_LABELS, reference=CUPY,
                                         show_memory=False)
    return "\n".join(lines).rstrip() + "\n"


def main(argv=None):
    args = parse_args(argv)

    def log(message):
        print(message, file=sys.stderr, flush=True)
    device, reason = find_device(args.stand_in)
    if device is None:
        log("benchmarks.gpu: " + reason)
        return 2
    # AUTOGRAD_ENGINE_DEVICE=stand-in selects the stand-in too: whatever is not CuPy dry-runs.
    args.stand_in = args.stand_in or device.name != "cupy"
    libraries.enable(torch=False, tf1=False,
                     torch_cuda=TORCH_CUDA in args.only and not args.stand_in)
    if args.stand_in:
        libraries.disable("torch_cuda", "a dry run on the stand-in has no CUDA device")
    libraries.torch_cuda()  # imported up front, outside every timing
    skipped_torch = libraries.skip_note("torch_cuda") if TORCH_CUDA in args.only else ""
    skipped = ["%s (%s)" % (GPU_LABELS[TORCH_CUDA], skipped_torch)] if skipped_torch else []
    started_at = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    started = time.perf_counter()
    results = []
    from autograd_engine import backend
    with backend.using_device(device):  # Sessions place their ops on it
        by_key = workloads(device, args.stand_in)
        for key in args.workloads:
            log(by_key[key].title)
            results.append(run.run_workload(by_key[key], args, log, reference=CUPY,
                                            labels=GPU_LABELS))
    elapsed = time.perf_counter() - started
    text = markdown(header(args, device, started_at, elapsed), results, skipped, skipped_torch)
    log("done in %.0f s" % elapsed)
    return run.publish(text, results, args.out, log)


if __name__ == "__main__":
    sys.exit(main())
