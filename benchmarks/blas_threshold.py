"""The measurements behind the per-op BLAS thread rule (autograd_engine/blas_threads.py).

    python -m benchmarks.blas_threshold            # quiet, then with one core busy
    python -m benchmarks.blas_threshold --rounds 9 --no-busy

Prints two Markdown tables:

* what changing numpy's BLAS thread count costs: threadpoolctl's ``set_num_threads`` and the
  library's own ``openblas_set_num_threads`` called directly (through ctypes), alternating
  1 and all threads, and the direct call asked for the count already set (a cached no-op);
* float32 products of the shapes our models make (square, and the tall-skinny im2col gemms of
  the CNN), timed with one thread and with all threads, interleaved, on a quiet machine and
  with one core kept busy: the ratio says where the second thread starts to pay.
"""
import argparse
import os
import statistics
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from autograd_engine import blas_threads  # noqa: E402
from benchmarks.busy import busy_core  # noqa: E402

# (m, k, n): rows, contraction, columns. Square products, the dense layers' (batch 20 and 128
# by 256), the LSTM's gate products (64 x 256 by 512) and the CNN's im2col gemms (batch 64).
SHAPES = [(16, 16, 16), (32, 32, 32), (64, 64, 64), (20, 256, 256), (96, 96, 96),
          (128, 128, 128), (64, 256, 512), (128, 256, 256), (192, 192, 192), (256, 256, 256),
          (64 * 14 * 14, 288, 64), (384, 384, 384), (64 * 28 * 28, 25, 32), (512, 512, 512),
          (64 * 28 * 28, 32, 25), (1024, 1024, 1024)]


def switch_costs(repeats=2000):
    """Microseconds per call of each way of setting the thread count."""
    from threadpoolctl import ThreadpoolController
    library = ThreadpoolController().select(user_api="blas").lib_controllers[0]
    control = blas_threads.controller()
    top = control.default
    costs = {}

    def timed(name, call):
        start = time.perf_counter()
        for i in range(repeats):
            call(i)
        costs[name] = (time.perf_counter() - start) / repeats * 1e6

    timed("threadpoolctl set_num_threads (alternating 1 / all)",
          lambda i: library.set_num_threads(1 if i % 2 else top))
    timed("direct openblas_set_num_threads (alternating 1 / all)",
          lambda i: control.set(1 if i % 2 else top))
    control.set(1)
    timed("direct, same count (no change: skipped)", lambda i: control.want(1))
    control.set(top)
    return costs


def product_times(shapes, rounds, seconds_per_sample=0.02):
    """{shape: (median seconds with 1 thread, with all)}, interleaved round by round."""
    control = blas_threads.controller()
    top = control.default
    rng = np.random.default_rng(0)
    results = {}
    for m, k, n in shapes:
        a = rng.standard_normal((m, k), dtype=np.float32)
        b = rng.standard_normal((k, n), dtype=np.float32)
        out = np.empty((m, n), np.float32)
        start = time.perf_counter()
        np.matmul(a, b, out=out)
        calls = max(1, int(seconds_per_sample / max(time.perf_counter() - start, 1e-7)))
        samples = {1: [], top: []}
        for _ in range(rounds):
            for threads in (1, top):
                control.set(threads)
                np.matmul(a, b, out=out)  # wakes the pool after the switch
                start = time.perf_counter()
                for _ in range(calls):
                    np.matmul(a, b, out=out)
                samples[threads].append((time.perf_counter() - start) / calls)
        results[(m, k, n)] = (statistics.median(samples[1]), statistics.median(samples[top]))
    control.set(top)
    return results


def _table(quiet, busy):
    lines = ["| m x k x n | MFLOP | quiet: 1 thread | all | 1 / all | busy core: 1 thread "
             "| all | 1 / all |", "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for shape, (one, every) in quiet.items():
        flops = 2 * shape[0] * shape[1] * shape[2]
        row = "| %d x %d x %d | %.2f | %.1f µs | %.1f µs | %.2f |" % (
            shape + (flops / 1e6, one * 1e6, every * 1e6, one / every))
        if busy:
            b_one, b_all = busy[shape]
            row += " %.1f µs | %.1f µs | %.2f |" % (b_one * 1e6, b_all * 1e6, b_one / b_all)
        else:
            row += " | | |"
        lines.append(row)
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--no-busy", action="store_true")
    args = parser.parse_args(argv)
    control = blas_threads.controller()
    print("BLAS: %s, %d threads by default; load average %.1f on %d cores\n" % (
        control.describe(), control.default, os.getloadavg()[0], os.cpu_count()))
    print("| switch | µs per call |\n| --- | --- |")
    for name, micros in switch_costs().items():
        print("| %s | %.2f |" % (name, micros))
    quiet = product_times(SHAPES, args.rounds)
    busy = None
    if not args.no_busy:
        with busy_core():
            busy = product_times(SHAPES, args.rounds)
    print()
    print(_table(quiet, busy))


if __name__ == "__main__":
    main()
