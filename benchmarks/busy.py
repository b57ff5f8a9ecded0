"""The busy-machine benchmark: the same interleaved workloads while a background process keeps
one core busy, ours with BLAS threads chosen per op ("auto") beside ours held to one BLAS
thread and to all threads, and the Keras seed program beside real tf.keras.

    make bench-busy                                  # writes benchmarks/results-busy.md
    python -m benchmarks.run --busy --workloads sin,cnn --out /tmp/busy.md

Target (issue 19): under the load every workload of ours within 1.3x of the better of one
thread and all threads, and the Keras seed program faster than tf.keras.
"""
import contextlib
import json
import os
import subprocess
import sys
import time

from autograd_engine import blas_threads

from . import report
from .workloads import BY_KEY
from .workloads._common import LABELS, NUMPY, OURS, TF1, TORCH

_SPIN = "import time\nend = time.monotonic() + %f\nwhile time.monotonic() < end:\n    pass\n"
ONE, ALL = "ours-one", "ours-all"
BUSY_LABELS = dict(LABELS, **{OURS: "ours (auto)", ONE: "one BLAS thread", ALL: "all threads"})
TARGET = 1.3


@contextlib.contextmanager
def busy_core(seconds=1800.0):
    """Keeps one core busy (a process spinning in plain Python) while the block runs, however
    it ends (Ctrl-C included), and for at most ``seconds`` even if this process is killed."""
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    spinner = subprocess.Popen([sys.executable, "-c", _SPIN % seconds], env=env,
                               stdin=subprocess.DEVNULL)
    try:
        yield spinner
    finally:
        spinner.terminate()
        try:
            spinner.wait(timeout=5)
        except subprocess.TimeoutExpired:
            spinner.kill()
            spinner.wait()


def builders_with_fixed_counts(workload):
    """The workload's builders plus ours with one BLAS thread and with all threads."""
    builders = workload.build(workload.make_data())
    ours = builders[OURS]

    def fixed(policy):
        def build():
            with blas_threads.policy(policy):  # the Session is made inside
                return ours()
        return build
    builders[ONE], builders[ALL] = fixed("one"), fixed("all")
    return builders


def keras_seed(log, rounds, budget):
    """The Keras seed program's medians ({label: seconds}), in a process of its own."""
    command = [sys.executable, "-m", "benchmarks.keras_seed", "--json", "--rounds", str(rounds),
               "--budget", str(budget)]
    done = subprocess.run(command, cwd=os.path.dirname(os.path.dirname(__file__)) or ".",
                          capture_output=True, text=True, timeout=1200)
    if done.returncode != 0:
        log("!!! the Keras seed program failed:\n" + done.stderr[-2000:])
        return None
    result = json.loads(done.stdout.strip().splitlines()[-1])
    for label, ok in result["agreement"].items():
        if not ok:
            log("!!! MISMATCH in the Keras seed program: %s" % label)
    return result["medians"]


def _verdict(auto, best):
    return "**%.2fx** %s" % (auto / best, "✓" if auto <= TARGET * best else "✗ (target %.1fx)"
                             % TARGET)


def table(results, keras):
    lines = ["| workload | one BLAS thread | all threads | ours (auto) | auto ÷ better of the "
             "two | TF1 graph mode | PyTorch eager | numpy by hand |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in results:
        t = {k: v.median for k, v in r["timings"].items()}
        best = min(t[ONE], t[ALL])
        cells = [report.format_time(t[k]) if k in t else "—" for k in (ONE, ALL, OURS)]
        cells.append(_verdict(t[OURS], best))
        cells += [report.format_time(t[k]) if k in t else "—" for k in (TF1, TORCH, NUMPY)]
        lines.append("| %s | %s |" % (r["workload"].title, " | ".join(cells)))
    if keras:
        one, every, auto = (keras[k] for k in ("ours Keras, 1 thread", "ours Keras, all threads",
                                               "ours Keras (auto)"))
        real = keras.get("real tf.keras")
        lines.append("| Keras seed program (`Sequential` 256-wide `Dense`, batch 20, Adam); "
                     "TF1 column: real tf.keras | %s | %s | %s | %s | %s | — | %s |" % (
                         report.format_time(one), report.format_time(every),
                         report.format_time(auto), _verdict(auto, min(one, every)),
                         "—" if real is None else "%s (ours ÷ tf.keras %.2fx)" % (
                             report.format_time(real), auto / real),
                         report.format_time(keras["numpy by hand"])))
    return "\n".join(lines)


def main(args, log, run_workload, header):
    """Runs ``args.workloads`` (and the Keras seed program) under one busy core; returns the
    report's text and the results."""
    # OpenBLAS's idle threads spin for about 0.1 s after a product (its THREAD_TIMEOUT) and,
    # with a core busy, slow whatever runs next: a pause between samples lets them sleep.
    args.settle = 0.2
    load_before = os.getloadavg()[0]
    results = []
    started = time.perf_counter()
    with busy_core():
        time.sleep(0.5)  # the spinner is running
        for key in args.workloads:
            workload = BY_KEY[key]
            log("%s (one core busy)" % workload.title)
            builders = {k: b for k, b in builders_with_fixed_counts(workload).items()
                        if k in args.only or k in (ONE, ALL)}
            results.append(run_workload(workload, args, log, labels=BUSY_LABELS,
                                        builders=builders))
        log("Keras seed program (one core busy)")
        keras = keras_seed(log, args.rounds, args.budget)
    log("done in %.0f s" % (time.perf_counter() - started))
    lines = header(args, load_before, os.getloadavg()[0])
    lines[0] = lines[0].replace("`make bench` (`python -m benchmarks.run --out "
                                "benchmarks/results.md`)", "`make bench-busy` (`python -m "
                                "benchmarks.run --busy --out benchmarks/results-busy.md`)")
    lines += [
        "* **Busy machine**: a background process spins on one core for the whole run "
        "(`benchmarks/busy.py`). Ours runs three ways, interleaved with the others: BLAS "
        "threads per op (`autograd_engine/blas_threads.py`, the default), every product on one "
        "thread, every product on all threads.", "", table(results, keras), ""]
    return "\n".join(lines), results
