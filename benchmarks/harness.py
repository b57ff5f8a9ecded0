"""The measuring instrument: implementations, agreement checks, interleaved timing, peak memory.

A *workload* (see ``benchmarks/workloads/``) is one computation, usually a training step, with
several *implementations* of it side by side: ours, the same step written by hand in numpy,
PyTorch eager and TF1 graph mode. This module knows nothing about any of them; it

* checks that the implementations compute the same thing (:func:`check_agreement`): each one,
  built from the same initial values, reports a few numbers (the loss before and after each of
  a couple of training steps) that must match the hand-written numpy's within float32
  tolerance;
* times them interleaved, round after round, in one process (:func:`time_interleaved`), so that
  drift of a shared machine hits every implementation alike;
* measures each one's peak memory in a process of its own (:func:`measure_peak_memory`).
"""
import dataclasses
import gc
import json
import os
import random
import statistics
import subprocess
import sys
import time
from typing import Callable, Dict, List, Optional

import numpy as np

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _no_device():
    """The CPU's ``synchronize``: its work is done when a call returns."""


@dataclasses.dataclass
class Implementation:
    """One way of running a workload's step.

    ``step()`` is what is timed. ``observe()`` returns the numbers the agreement check compares
    (the current loss, or the chain's value), without changing any state. ``synchronize()``,
    for a GPU library, waits until the device has run every kernel queued so far: timing reads
    the clock only after it, or it measures kernel launches, not the work.
    """
    name: str
    step: Callable[[], object]
    observe: Callable[[], object]
    close: Callable[[], None] = lambda: None
    # For a graph engine: (session, fetch, feed_dict) of the step, for benchmarks/profile_step.py.
    graph_step: Optional[tuple] = None
    synchronize: Callable[[], None] = _no_device


@dataclasses.dataclass
class Workload:
    """A computation and its implementations.

    ``build(data)`` returns ``{implementation name: builder}``, each builder a function of no
    arguments returning an :class:`Implementation` (names whose library is missing are left
    out by the workload). ``make_data()`` returns the inputs and initial values, the same in
    every process (it is seeded). ``training`` workloads are checked over ``check_steps`` steps:
    the loss before each step and after the last must agree.

    >>> wl = Workload("w", "a workload", lambda: None, lambda data: {})
    >>> wl.per_op is None
    True
    """
    key: str
    title: str
    make_data: Callable[[], object]
    build: Callable[[object], Dict[str, Callable[[], Implementation]]]
    description: str = ""
    training: bool = True
    check_steps: int = 2
    rtol: float = 1e-4
    atol: float = 1e-6
    per_op: Optional[int] = None  # ops per call, to report time per op (the scalar chain)
    measure_memory: bool = True


# ---------------------------------------------------------------- agreement
@dataclasses.dataclass
class Agreement:
    name: str
    values: np.ndarray
    max_rel_error: float
    ok: bool


def observations(impl: Implementation, workload: Workload) -> np.ndarray:
    """The numbers an implementation is checked on; runs ``check_steps`` steps when training."""
    values = [impl.observe()]
    if workload.training:
        for _ in range(workload.check_steps):
            impl.step()
            values.append(impl.observe())
    return np.array([np.asarray(v, dtype=np.float64) for v in values], dtype=np.float64).ravel()


def check_agreement(workload: Workload, impls: Dict[str, Implementation],
                    reference: str) -> List[Agreement]:
    """Each implementation's observations against the ``reference``'s (all built fresh from the
    same initial values), with the workload's float32 tolerance.

    >>> wl = Workload("w", "t", lambda: None, lambda d: {}, training=False)
    >>> same = Implementation("a", lambda: None, lambda: 1.0)
    >>> [a.ok for a in check_agreement(wl, {"a": same, "b": same}, "a")]
    [True, True]
    """
    values = {name: observations(impl, workload) for name, impl in impls.items()}
    expected = values[reference]
    result = []
    for name, got in values.items():
        scale = np.maximum(np.abs(expected), workload.atol / workload.rtol)
        rel = float(np.max(np.abs(got - expected) / scale)) if got.shape == expected.shape \
            else float("inf")
        ok = bool(got.shape == expected.shape and np.all(np.isfinite(got)) and
                  np.allclose(got, expected, rtol=workload.rtol, atol=workload.atol))
        result.append(Agreement(name, got, rel, ok))
    return result


# ---------------------------------------------------------------- timing
@dataclasses.dataclass
class Timing:
    name: str
    calls_per_round: int  # the median over the rounds
    seconds: List[float]  # per call, one sample per round

    @property
    def median(self):
        return statistics.median(self.seconds)


def time_calls(fn, calls, synchronize=_no_device):
    """Seconds per call of ``calls`` back-to-back calls of ``fn``, from an idle device to the
    end of the device's work (``synchronize`` waits for it; nothing to wait for on the CPU)."""
    synchronize()
    start = time.perf_counter()
    for _ in range(calls):
        fn()
    synchronize()
    return (time.perf_counter() - start) / calls


def estimate_call_time(fn, min_seconds=0.05, max_calls=1000, synchronize=_no_device):
    """A rough time per call: calls ``fn`` until ``min_seconds`` have passed (synchronizing
    after each call, so that queued device work counts)."""
    synchronize()
    calls, start = 0, time.perf_counter()
    while True:
        fn()
        synchronize()
        calls += 1
        elapsed = time.perf_counter() - start
        if elapsed >= min_seconds or calls >= max_calls:
            return elapsed / calls


# Steps each implementation runs before it is timed (whichever bound comes first): a library
# settles over its first steps (ours times its plans under each BLAS thread arm,
# autograd_engine/blas_threads.py: about ten runs).
WARMUP_CALLS, WARMUP_SECONDS = 12, 1.0


def time_interleaved(impls: Dict[str, Implementation], rounds: int, budget_s: float,
                     min_rounds: int = 5, settle_s: float = 0.12) -> Dict[str, Timing]:
    """Times every implementation ``rounds`` times, alternating them within each round.

    Each first runs a few untimed steps (``WARMUP_CALLS``, at most ``WARMUP_SECONDS`` or its
    share of the budget), then
    gets about the same share of ``budget_s``: its calls per round follow from its time
    per call, re-estimated after every round (the median so far), so that a machine that slows
    down mid-run does not blow the budget. Past the budget, no round starts after
    ``min_rounds``. The order within a round is shuffled each round (seeded), so no
    implementation always follows the same neighbour, and a pause between samples
    (``settle_s``) lets the previous library's worker threads go idle: OpenBLAS's spin for
    about 0.1 s after a product (2^28 cycles) and take a core from whatever runs next. With a
    fixed neighbour and a 5 ms pause, the compiled MLP step measured 1.46x JAX's time
    interleaved and 0.92x alone (2026-12-03).

    >>> t = time_interleaved({"noop": Implementation("noop", lambda: None, lambda: 0)}, 3, 0.01)
    >>> len(t["noop"].seconds)
    3
    """
    names = list(impls)
    share = budget_s / max(1, rounds * len(names))
    warmup_s = min(WARMUP_SECONDS, budget_s / max(1, len(names)))
    for name in names:  # what settles over the first steps (ours: its BLAS threads' arm)
        estimate_call_time(impls[name].step, min_seconds=warmup_s, max_calls=WARMUP_CALLS,
                           synchronize=impls[name].synchronize)
    per_call = {name: estimate_call_time(impls[name].step, min_seconds=min(0.2, share),
                                         synchronize=impls[name].synchronize)
                for name in names}
    samples = {name: [] for name in names}
    calls_made = {name: [] for name in names}
    gc.collect()
    shuffler = random.Random(0)
    deadline = time.perf_counter() + budget_s
    for r in range(rounds):
        if r >= min_rounds and time.perf_counter() > deadline:
            break
        order = list(names)
        shuffler.shuffle(order)
        for name in order:
            calls = max(1, int(share / per_call[name]))
            time.sleep(settle_s)
            samples[name].append(time_calls(impls[name].step, calls, impls[name].synchronize))
            calls_made[name].append(calls)
            per_call[name] = statistics.median(samples[name])
    return {name: Timing(name, int(statistics.median(calls_made[name])), samples[name])
            for name in names}


# ---------------------------------------------------------------- memory
def _proc_status_kib(*fields):
    values = {}
    with open("/proc/self/status") as status:
        for line in status:
            key, _, rest = line.partition(":")
            if key in fields:
                values[key] = int(rest.split()[0])
    return [values[f] for f in fields]


def peak_memory_of_steps(step, steps):
    """KiB by which the peak resident memory rose above the resident memory before ``steps``
    calls of ``step`` (Linux: resets the peak through ``/proc/self/clear_refs``)."""
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")  # "5" resets VmHWM, the peak resident set size, to the current one
    rss_before, = _proc_status_kib("VmRSS")
    for _ in range(steps):
        step()
    peak, = _proc_status_kib("VmHWM")
    return peak - rss_before


def memory_probe(workload: Workload, impl_name: str, max_steps=5, max_seconds=3.0):
    """In this (fresh) process: builds one implementation, runs one warm-up step, then measures
    the peak memory of a few more steps. Returns a JSON-ready dict."""
    builders = workload.build(workload.make_data())
    impl = builders[impl_name]()
    # The warm-up: plans compiled, buffers allocated.
    per_step = time_calls(impl.step, 1, impl.synchronize)
    steps = int(max(1, min(max_steps, max_seconds / max(per_step, 1e-9))))
    gc.collect()
    return {"peak_kib": peak_memory_of_steps(impl.step, steps), "steps": steps}


# glibc's malloc raises its mmap and trim thresholds as a process frees large blocks, so the
# arrays a step frees may stay resident and the next step reuse them unseen. Fixed thresholds
# return every large block to the system when it is freed: resident memory then follows live
# memory in every library alike.
MEMORY_PROBE_ENV = {"MALLOC_MMAP_THRESHOLD_": "131072", "MALLOC_TRIM_THRESHOLD_": "131072"}


def measure_peak_memory(workload_key: str, impl_name: str, timeout_s=300):
    """Runs :func:`memory_probe` in a subprocess of its own; returns (peak bytes or None, note)."""
    env = dict(os.environ, **MEMORY_PROBE_ENV)
    env["PYTHONPATH"] = REPO_ROOT + os.pathsep + env.get("PYTHONPATH", "")
    cmd = [sys.executable, "-m", "benchmarks.run", "--memory-probe", workload_key, impl_name]
    try:
        done = subprocess.run(cmd, cwd=REPO_ROOT, env=env, capture_output=True, text=True,
                              timeout=timeout_s)
    except subprocess.TimeoutExpired:
        return None, "timed out"
    for line in reversed(done.stdout.splitlines()):
        if line.startswith("{"):
            result = json.loads(line)
            return result["peak_kib"] * 1024, ""
    tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
    return None, "probe failed: %s" % tail[:200]
