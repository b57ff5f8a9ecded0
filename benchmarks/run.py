"""Benchmarks: our Session.run against the same steps written by hand in numpy, PyTorch eager
and TF1 graph mode, side by side in one run.

For every workload (``benchmarks/workloads/``) each implementation is built from the same
initial values, checked to compute the same losses as the hand-written numpy step, then timed
interleaved with the others, round after round, so that drift of the (shared, noisy) machine
hits them alike; the table reports median / min / max per step and ratios to numpy. Each
implementation's peak memory is then measured in a process of its own. PyTorch and TensorFlow
come from the optional ``bench`` extra and are skipped, with a note, when missing.

The whole run has two modes, one after the other: *quiet* (the machine as it is: every
implementation, peak memory) and *busy* (one core kept busy by a background process:
benchmarks/busy.py). One targets table then checks every target of the performance issues
against the run, and each workload that misses one gets its profile (benchmarks/profile_step.py)
so the distance is explained.

    make bench                                     # installs the extra, writes results.md
    python -m benchmarks.run --out benchmarks/results.md --rounds 7 --budget 8
    python -m benchmarks.run --quick --workloads softmax,chain-fwd --only numpy,ours
    python -m benchmarks.run --modes busy --workloads sin,cnn   # one core kept busy only
"""
import argparse
import datetime
import gc
import json
import os
import subprocess
import sys
import time

if __package__ in (None, ""):  # run as a script: python benchmarks/run.py
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    __package__ = "benchmarks"

from benchmarks import busy, harness, libraries, profile_step, report  # noqa: E402
from benchmarks.workloads import BY_KEY, WORKLOADS  # noqa: E402
from benchmarks.workloads._common import (JAX_JIT, LABELS, NUMPY, OURS,  # noqa: E402
                                           OURS_ALL, OURS_CALLABLE, OURS_JIT, OURS_ONE, TF1,
                                           TORCH)


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workloads", default=",".join(w.key for w in WORKLOADS),
                        help="comma-separated keys (default: all): %s"
                        % ", ".join(w.key for w in WORKLOADS))
    parser.add_argument("--only", default=",".join(LABELS),
                        help="comma-separated implementations (default: all): %s"
                        % ", ".join(LABELS))
    parser.add_argument("--rounds", type=int, default=None, help="interleaved rounds (15)")
    parser.add_argument("--budget", type=float, default=None,
                        help="seconds of timing per workload, shared by its implementations (30)")
    parser.add_argument("--quick", action="store_true",
                        help="a smoke run: 3 rounds, 1 s per workload, memory of a step or two")
    parser.add_argument("--no-memory", action="store_true", help="skip the peak-memory probes")
    parser.add_argument("--memory-of", default=None,
                        help="comma-separated implementations whose peak memory is probed "
                        "(default: all; numpy,ours is what the memory target needs)")
    parser.add_argument("--modes", default="quiet,busy",
                        help="quiet (the machine as it is), busy (one core kept busy: ours with "
                        "BLAS threads per plan vs one and all threads, the Keras seed program "
                        "vs tf.keras; benchmarks/busy.py), or both (default)")
    parser.add_argument("--busy", action="store_true", help="the busy mode only (--modes busy)")
    parser.add_argument("--no-profiles", action="store_true",
                        help="skip the profiles of the workloads that miss a target")
    parser.add_argument("--out", default=None, help="write the Markdown table here")
    parser.add_argument("--memory-probe", nargs=2, metavar=("WORKLOAD", "IMPLEMENTATION"),
                        help=argparse.SUPPRESS)  # internal: one probe, in its own process
    args = parser.parse_args(argv)
    args.argv = sys.argv[1:] if argv is None else list(argv)
    args.rounds = args.rounds or (3 if args.quick else 15)
    args.budget = args.budget if args.budget is not None else (1.0 if args.quick else 30.0)
    args.workloads = _keys(args.workloads, BY_KEY, "workload")
    args.only = _keys(args.only, LABELS, "implementation")
    args.modes = ["busy"] if args.busy else _keys(args.modes, MODES, "mode")
    args.memory_of = _keys(args.memory_of or ",".join(LABELS), LABELS, "implementation")
    if NUMPY not in args.only:
        parser.error("--only must include numpy: it is the reference of the agreement check "
                     "and of the ratios")
    return args


MODES = ("quiet", "busy")


def _keys(text, known, what):
    keys = [k.strip() for k in text.split(",") if k.strip()]
    unknown = [k for k in keys if k not in known]
    if unknown:
        raise SystemExit("unknown %s %s; known: %s" % (what, ", ".join(unknown),
                                                       ", ".join(known)))
    return keys


def git_revision():
    try:
        root = harness.REPO_ROOT
        rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root,
                             capture_output=True, text=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=root, capture_output=True, text=True, timeout=10).stdout
        return rev + (" with uncommitted changes" if dirty.strip() else "") if rev else "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def memory_gib():
    try:
        with open("/proc/meminfo") as f:
            return int(f.readline().split()[1]) / 2.0 ** 20
    except (OSError, ValueError, IndexError):
        return float("nan")


def run_workload(workload, args, log, reference=NUMPY, labels=LABELS, builders=None):
    """Builds, checks and times one workload's implementations (those in ``args.only``, or
    ``builders``); returns its results. ``reference`` is the implementation the others must
    agree with."""
    if builders is None:
        builders = {k: b for k, b in workload.build(workload.make_data()).items()
                    if k in args.only}
    started = time.perf_counter()
    impls = {key: build() for key, build in builders.items()}
    log("  built %s in %.1f s" % (", ".join(impls), time.perf_counter() - started))
    agreement = harness.check_agreement(workload, impls, reference)
    for a in agreement:
        if not a.ok:
            log("!!! MISMATCH in %s: %s computes %s, %s %s (max relative error %.3g)"
                % (workload.key, labels[a.name], a.values.tolist(), labels[reference],
                   agreement[0].values.tolist(), a.max_rel_error))
    timings = harness.time_interleaved(impls, args.rounds, args.budget,
                                       settle_s=getattr(args, "settle", 0.12))
    for impl in impls.values():
        impl.close()
    del impls
    gc.collect()
    for key, t in timings.items():
        log("  %-22s median %-10s (%d calls x %d rounds)" % (
            labels[key], report.format_time(t.median), t.calls_per_round, len(t.seconds)))
    return {"workload": workload, "agreement": agreement, "timings": timings, "memory": {}}


def measure_memory(result, log, memory_of=tuple(LABELS)):
    workload = result["workload"]
    for key in result["timings"]:
        if key in (OURS_CALLABLE, OURS_ONE, OURS_ALL):  # the same plan and arrays as sess.run
            continue
        if key not in memory_of:
            continue
        peak, note = harness.measure_peak_memory(workload.key, key)
        result["memory"][key] = (peak, note)
        log("  peak memory %-22s %s %s" % (LABELS[key], report.format_bytes(peak), note))


def header(args, load_before, load_after):
    return [
        "Produced by `make bench` (`python benchmarks/run.py %s`) on %s, from commit %s." % (
            " ".join(args.argv), datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
            git_revision()),
        "",
        "* Machine: %s, %d cores, %.0f GiB of memory (%s)." % (
            libraries.cpu_model(), os.cpu_count() or 0, memory_gib(), sys.platform),
        "* Libraries: " + "; ".join("%s %s" % row for row in libraries.versions()) + ".",
        "* " + libraries.blas_description() + ".",
        "* Load average (1 min) %.2f at the start, %.2f at the end. **The machine is shared**: "
        "other sessions run their test suites on it at the same time, so single timings are "
        "noisy; read the medians and the ratios, which come from rounds that interleave the "
        "implementations." % (load_before, load_after),
        "* %d interleaved rounds per workload, about %g s of timing per workload%s; "
        "modes: %s." % (args.rounds, args.budget, " (a --quick smoke run)" if args.quick else "",
                        " then ".join(args.modes)),
    ]


METHOD = [
    "* **Same computation first.** Every implementation is built from the same seeded initial "
    "values and data; before timing, each runs two training steps and its loss before each "
    "step and after the last must match the hand-written numpy step's within float32 "
    "tolerance (the chains: the fetched value). A mismatch is printed loudly, marked in the "
    "tables, and makes the command exit with status 1.",
    "* **Interleaved timing.** In one process, each round times every implementation once "
    "(a batch of back-to-back calls sized so each gets an equal share of the time), the order "
    "shuffled each round (seeded) and 0.12 s between samples, so that no library's spinning "
    "worker threads (OpenBLAS's spin ~0.1 s) always land on the same neighbour; median / min / max are over the rounds, per call.",
    "* **Ours**: the TF1 program run by `Session.run` (and by `Session.make_callable` where the "
    "per-call overhead matters). **numpy by hand**: forward, backward and the update written "
    "out with in-place numpy, the practical limit for a numpy engine. **PyTorch eager**: the "
    "idiomatic model (`nn.Linear`, `nn.Conv2d`, `nn.LSTM`, `torch.optim`), CPU, its default "
    "thread count. **TF1 graph mode**: the same TF1 program through `tensorflow.compat.v1` with "
    "eager execution disabled, plain `Session.run`.",
    "* **Peak memory**, each implementation in a fresh process: after set-up and one warm-up "
    "step, the peak resident set is reset (`/proc/self/clear_refs`), a few steps run, and the "
    "table shows the peak minus the resident memory before those steps: what a step adds on "
    "top of the model's weights, data and library. glibc's malloc thresholds are fixed "
    "(`MALLOC_MMAP_THRESHOLD_`) so that freed arrays leave the resident set in every library "
    "alike. `make_callable` shares `sess.run`'s plan, so it is not measured separately.",
]


def memory_probe_main(workload_key, impl_key):
    libraries.enable(torch=impl_key == TORCH, tf1=impl_key == TF1,
                     jax=impl_key in (OURS_JIT, JAX_JIT))
    print(json.dumps(harness.memory_probe(BY_KEY[workload_key], impl_key)))
    return 0


def quiet_builders(workload, args):
    """The workload's builders in ``args.only``; for a training step of BLAS products (not the
    chains), ours with one and with all BLAS threads too."""
    builders = workload.build(workload.make_data())
    if workload.training and not workload.per_op and OURS in builders:
        builders = busy.builders_with_fixed_counts(workload, builders)
    return {k: b for k, b in builders.items() if k in args.only}


def profiles_of_missed(rows, busy_results, log, keras=None):
    """Markdown lines: for each workload missing a target, the targets it misses, its profile
    (``benchmarks.profile_step``: eager; the compiled plan too where the compiled path
    misses) and, from the busy run, what its step plan timed under each BLAS thread arm (the
    Keras seed program's too, from ``keras``, when it misses)."""
    missed = {}
    for row in rows:
        if row.missed and row.workload is not None:
            missed[row.workload] = missed.get(row.workload, False) or row.compiled
    lines = []
    for key, compiled in missed.items():
        workload = BY_KEY[key]
        log("profile of %s%s" % (key, " (and compiled)" if compiled else ""))
        lines += ["### Profile: %s" % workload.title, "", "Misses: %s." % "; ".join(
            "%s (%s, %s)" % (row.text.split(": ", 1)[-1], row.measured, row.verdict)
            for row in rows if row.missed and row.workload == key), ""]
        try:
            lines += profile_step.profile(workload, compiled, runs=5, repeat=3, top=10)
        except Exception as e:  # noqa: BLE001 - a profile must not lose the whole table
            lines.append("The profile failed: %s: %s" % (type(e).__name__, e))
        for r in busy_results:
            if r["workload"].key == key:
                lines += ["", "One core busy: %s." % busy.describe_arms(r.get("arms"))]
        lines.append("")
    keras_missed = [row for row in rows if row.missed and row.text.startswith("Keras seed")]
    if keras_missed and keras:
        lines += ["### Profile: Keras seed program", "", "Misses: %s. One core busy: %s." % (
            "; ".join("%s (%s, %s)" % (row.text.split(": ", 1)[-1], row.measured, row.verdict)
                      for row in keras_missed), busy.describe_arms(keras.get("arms"))), ""]
    return lines


def main(argv=None):
    args = parse_args(argv)
    if args.memory_probe:
        return memory_probe_main(*args.memory_probe)

    def log(message):
        print(message, file=sys.stderr, flush=True)
    libraries.enable(torch=TORCH in args.only, tf1=TF1 in args.only,
                     jax=OURS_JIT in args.only or JAX_JIT in args.only)
    libraries.torch(), libraries.tf1()  # imported up front, outside every timing
    skipped = ["%s (%s)" % (LABELS[k], libraries.skip_note(n)) for k, n in
               ((TORCH, "torch"), (TF1, "tf1"))
               if k in args.only and libraries.skip_note(n)]
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    results = []
    for key in args.workloads if "quiet" in args.modes else ():
        log("%s" % BY_KEY[key].title)
        results.append(run_workload(BY_KEY[key], args, log,
                                    builders=quiet_builders(BY_KEY[key], args)))
    if not args.no_memory and results:
        log("peak memory, one process per implementation")
        for result in results:
            if result["workload"].measure_memory:
                measure_memory(result, log, args.memory_of)
    measured = busy.measure(args, log, run_workload) if "busy" in args.modes else None
    busy_results = measured["results"] if measured else []
    rows = report.targets(results) + (busy.target_rows(busy_results, measured["keras"])
                                      if measured else [])
    profiles = [] if args.no_profiles else profiles_of_missed(
        rows, busy_results, log, measured["keras"] if measured else None)
    text = report.markdown(header(args, load_before, os.getloadavg()[0]), results, skipped,
                           METHOD, rows, busy.section(measured) if measured else (), profiles)
    log("done in %.0f s" % (time.perf_counter() - started))
    return publish(text, results + busy_results, args.out, log)


def publish(text, results, out, log):
    """Prints the report, writes it to ``out`` (if given); the exit status: 1 when any
    workload's implementations disagree, else 0."""
    print(text)
    if out:
        with open(out, "w") as f:
            f.write(text)
    disagree = [r["workload"].key for r in results if not all(a.ok for a in r["agreement"])]
    if disagree:
        log("!!! implementations disagree in: %s (see the table)" % ", ".join(disagree))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
