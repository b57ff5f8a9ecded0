"""The busy-machine benchmark: the same interleaved workloads while a background process keeps
one core busy, ours with BLAS threads chosen per plan ("auto") beside ours held to one BLAS
thread and to all threads, and the Keras seed program beside real tf.keras.

    make bench                                       # the quiet run, then this one
    python -m benchmarks.run --modes busy --workloads sin,cnn --out /tmp/busy.md

Target (issue 19): under the load every workload of ours within 1.3x of the better of one
thread and all threads, and the Keras seed program faster than tf.keras.
"""
import argparse
import contextlib
import dataclasses
import json
import os
import statistics
import subprocess
import sys
import time

from autograd_engine import blas_threads

from . import report
from .workloads import BY_KEY
from .workloads._common import LABELS, NUMPY, OURS, OURS_ALL, OURS_ONE, TF1, TORCH

_SPIN = "import time\nend = time.monotonic() + %f\nwhile time.monotonic() < end:\n    pass\n"
ONE, ALL = OURS_ONE, OURS_ALL
# The implementations the busy run times (the table's columns).
BUSY_KEYS = (NUMPY, OURS, ONE, ALL, TF1, TORCH)
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


def builders_with_fixed_counts(workload, builders=None):
    """The workload's builders (``builders``, default all of them) plus ours with one BLAS
    thread and with all threads."""
    builders = workload.build(workload.make_data()) if builders is None else dict(builders)
    ours = builders[OURS]

    def fixed(policy):
        def build():
            with blas_threads.policy(policy):  # the Session is made inside
                return ours()
        return build
    builders[ONE], builders[ALL] = fixed("one"), fixed("all")
    return builders


def arm_medians(session, fetch=None):
    """What the plan running ``fetch`` in ``session`` (default: the plan that timed the most
    runs) timed under each BLAS thread arm (``blas_threads.ArmChoice``): {arm: median seconds,
    or None}, and "chosen": the arm kept (None while it was timing); {} when no plan chose."""
    rule = session._ctx.blas_rule
    choices = []
    for plan in list(session._plans.values()):
        choice = getattr(getattr(plan, "_start_blas", None), "choice", None)
        if choice is not None and (fetch is None or fetch in plan.fetch_elements):
            choices.append(choice)
    if not choices:
        return {}
    choice = max(choices, key=lambda c: sum(map(len, c.samples)))
    medians = {rule.arms[arm]: statistics.median(samples) if samples else None
               for arm, samples in enumerate(choice.samples)}
    medians["chosen"] = None if choice.chosen is None else rule.arms[choice.chosen]
    return medians


def recording_arms(build, into):
    """``build`` whose implementation, when closed, first puts :func:`arm_medians` of its step
    into the dict ``into``."""
    def built():
        impl = build()
        session, fetch, _ = impl.graph_step
        close = impl.close

        def close_recording():
            into.update(arm_medians(session, fetch))
            close()
        return dataclasses.replace(impl, close=close_recording)
    return built


def describe_arms(arms):
    """``arm_medians``'s dict in words.

    >>> describe_arms({"one": 0.004, "split": 0.0052, "all": None, "chosen": "one"})
    'BLAS thread arms timed by the step plan: one 4 ms, split 5.2 ms, all — (kept: one)'
    """
    if not arms:
        return "the step plan chose no BLAS thread arm"
    return "BLAS thread arms timed by the step plan: %s (kept: %s)" % (
        ", ".join("%s %s" % (arm, report.format_time(seconds)) for arm, seconds in arms.items()
                  if arm != "chosen"), arms.get("chosen") or "none yet, still timing")


def keras_seed(log, rounds, budget):
    """The Keras seed program's medians ({label: seconds}), in a process of its own, and
    "arms": what the model's training plan timed under each BLAS thread arm."""
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
    return dict(result["medians"], arms=result.get("arms", {}))


def _verdict(auto, best):
    return "**%.2fx** %s" % (auto / best, "✓" if auto <= TARGET * best else "✗ (target %.1fx)"
                             % TARGET)


def table(results, keras):
    """The busy run's table: per workload ours three ways, the verdict, the other libraries,
    and the BLAS thread arm ours's step plan kept (``blas_threads.ArmChoice``)."""
    lines = ["| workload | one BLAS thread | all threads | ours (auto) | auto ÷ better of the "
             "two | TF1 graph mode | PyTorch eager | numpy by hand | arm kept |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in results:
        t = {k: v.median for k, v in r["timings"].items()}
        best = min(t[ONE], t[ALL])
        cells = [report.format_time(t[k]) if k in t else "—" for k in (ONE, ALL, OURS)]
        cells.append(_verdict(t[OURS], best))
        cells += [report.format_time(t[k]) if k in t else "—" for k in (TF1, TORCH, NUMPY)]
        cells.append(r.get("arms", {}).get("chosen") or "—")
        lines.append("| %s | %s |" % (r["workload"].title, " | ".join(cells)))
    if keras:
        one, every, auto = (keras[k] for k in ("ours Keras, 1 thread", "ours Keras, all threads",
                                               "ours Keras (auto)"))
        real = keras.get("real tf.keras")
        lines.append("| Keras seed program (`Sequential` 256-wide `Dense`, batch 20, Adam); "
                     "TF1 column: real tf.keras | %s | %s | %s | %s | %s | — | %s | %s |" % (
                         report.format_time(one), report.format_time(every),
                         report.format_time(auto), _verdict(auto, min(one, every)),
                         "—" if real is None else "%s (ours ÷ tf.keras %.2fx)" % (
                             report.format_time(real), auto / real),
                         report.format_time(keras["numpy by hand"]),
                         keras.get("arms", {}).get("chosen") or "—"))
    return "\n".join(lines)


def target_rows(results, keras):
    """Issue 19 section 1's targets under the load: each workload of ours within 1.3x of the
    better of one and all threads, and the Keras seed program faster than tf.keras."""
    rows = []
    for r in results:
        t = {k: v.median for k, v in r["timings"].items()}
        if OURS in t and ONE in t and ALL in t:
            rows.append(report.target(r["workload"].key, "%s, one core busy: ours ≤ %.1fx the "
                                      "better of one and all BLAS threads (issue 19 §1)"
                                      % (r["workload"].title, TARGET), t[OURS] / min(t[ONE], t[ALL]),
                                      TARGET))
    if keras:
        auto = keras["ours Keras (auto)"]
        best = min(keras["ours Keras, 1 thread"], keras["ours Keras, all threads"])
        rows.append(report.target(None, "Keras seed program, one core busy: ours ≤ %.1fx the "
                                  "better of one and all BLAS threads (issue 19 §1)" % TARGET,
                                  auto / best, TARGET))
        real = keras.get("real tf.keras")
        rows.append(report.target(None, "Keras seed program, one core busy: faster than real "
                                  "tf.keras (issue 19 §1)", auto / real if real else None, 1.0,
                                  measured="%s vs %s" % (report.format_time(auto),
                                                         report.format_time(real))))
    return rows


def measure(args, log, run_workload):
    """Runs ``args.workloads`` (and the Keras seed program) under one busy core: {"results",
    "keras", "loads" (1-minute load average before and after)}. Each result's "arms" says what
    ours's step plan timed under each BLAS thread arm."""
    # OpenBLAS's idle threads spin for about 0.1 s after a product (its THREAD_TIMEOUT) and,
    # with a core busy, slow whatever runs next: a pause between samples lets them sleep.
    busy_args = argparse.Namespace(**dict(vars(args), settle=0.2))
    load_before = os.getloadavg()[0]
    results = []
    started = time.perf_counter()
    with busy_core():
        time.sleep(0.5)  # the spinner is running
        for key in args.workloads:
            workload = BY_KEY[key]
            log("%s (one core busy)" % workload.title)
            builders = {k: b for k, b in builders_with_fixed_counts(workload).items()
                        if k in BUSY_KEYS and (k in args.only or k in (ONE, ALL))}
            arms = {}
            builders[OURS] = recording_arms(builders[OURS], arms)
            result = run_workload(workload, busy_args, log, labels=BUSY_LABELS,
                                  builders=builders)
            result["arms"] = arms
            results.append(result)
        log("Keras seed program (one core busy)")
        keras = keras_seed(log, args.rounds, args.budget)
    log("busy run done in %.0f s" % (time.perf_counter() - started))
    return {"results": results, "keras": keras, "loads": (load_before, os.getloadavg()[0])}


def section(measured):
    """The busy run's section of the results file."""
    return [
        "## Busy machine", "",
        "A background process spins on one core for the whole run (`benchmarks/busy.py`); load "
        "average (1 min) %.2f at its start, %.2f at its end. Ours runs three ways, interleaved "
        "with the others: BLAS threads chosen per plan (`autograd_engine/blas_threads.py`, the "
        "default), every product on one thread, every product on all threads. Target (issue 19 "
        "§1): ours within %.1fx of the better of the two, and the Keras seed program faster "
        "than real tf.keras." % (measured["loads"] + (TARGET,)), "",
        table(measured["results"], measured["keras"]), ""]
