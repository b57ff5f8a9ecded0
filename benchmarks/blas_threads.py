"""Our training steps with numpy's BLAS held to 1 thread and at its default, interleaved:
the measurement behind the default thread count.

    python -m benchmarks.blas_threads                 # every training workload
    python -m benchmarks.blas_threads sin,cnn --rounds 21

Prints a Markdown table: median time per step with 1 thread and with the default, and their
ratio (below 1.00x: one thread is faster). ``ConfigProto(intra_op_parallelism_threads=1)``
gives a Session the one-thread setting.
"""
import argparse
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from benchmarks.workloads import BY_KEY, WORKLOADS  # noqa: E402
from benchmarks.workloads._common import OURS  # noqa: E402


def compare(workload, rounds, seconds_per_sample=0.05):
    """(median seconds per step with 1 BLAS thread, with the default count)."""
    from threadpoolctl import ThreadpoolController
    libraries = ThreadpoolController().select(user_api="blas").lib_controllers
    default = [library.get_num_threads() for library in libraries]
    implementation = workload.build(workload.make_data())[OURS]()
    for _ in range(3):
        implementation.step()
    start = time.perf_counter()
    implementation.step()
    calls = max(1, int(seconds_per_sample / (time.perf_counter() - start)))
    samples = {1: [], 0: []}
    for _ in range(rounds):
        for threads in (1, 0):
            for library, count in zip(libraries, default):
                library.set_num_threads(threads or count)
            start = time.perf_counter()
            for _ in range(calls):
                implementation.step()
            samples[threads].append((time.perf_counter() - start) / calls)
    for library, count in zip(libraries, default):
        library.set_num_threads(count)
    implementation.close()
    return statistics.median(samples[1]), statistics.median(samples[0]), default


def main(argv=None):
    training = [w.key for w in WORKLOADS if w.training]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workloads", nargs="?", default=",".join(training))
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args(argv)
    print("| workload | 1 thread | default threads | 1 ÷ default |")
    print("| --- | --- | --- | --- |")
    for key in args.workloads.split(","):
        one, default, counts = compare(BY_KEY[key], args.rounds)
        print("| %s | %.3f ms | %.3f ms (%s) | %.2fx |" % (
            BY_KEY[key].title, one * 1e3, default * 1e3, "/".join(map(str, counts)),
            one / default))


if __name__ == "__main__":
    main()
