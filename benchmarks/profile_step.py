"""Where one of our training steps spends its time: each op's kernel timed on its real inputs,
summed per op type, next to the time of the whole ``sess.run``.

    python -m benchmarks.profile_step cnn            # or softmax, sin, mlp128, mlp1024, lstm, ...
    python -m benchmarks.profile_step cnn --cprofile # also Python's profiler over 20 sess.run calls

The step's plan is the one ``sess.run`` compiled (rewrites and fusions included). Every kernel
is called ``--repeat`` times on the values the step computed and the median is kept (update
kernels too: the Session is thrown away afterwards). What ``sess.run`` costs beyond the sum of
the kernels is the engine's own dispatch, plus allocation effects that calling a kernel
repeatedly on warm inputs hides (which is why the rest can come out negative).
"""
import argparse
import collections
import cProfile
import os
import pstats
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from autograd_engine import blas_threads  # noqa: E402
from benchmarks.workloads import BY_KEY, WORKLOADS  # noqa: E402
from benchmarks.workloads._common import OURS  # noqa: E402


def _median_seconds(fn, repeat):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def kernel_times(session, fetch, feed, repeat):
    """[(op, seconds)] for the ops of the plan ``session.run(fetch, feed)`` runs, in order."""
    session.run(fetch, feed)
    plan = next(p for p in session._plans.values() if p.fetch_elements == [fetch] or
                fetch in p.fetch_elements)
    ctx, rewrites = session._ctx, plan.rewrites
    values = dict(zip(plan.feed_tensors, [feed[t] for t in plan.feed_tensors]))
    values.update(rewrites.folded)
    timed = []
    for op in plan.ops:
        kernel = op.op_def.kernel(op, ctx)
        if op.op_def.is_constant:
            values[op._outputs[0]] = kernel
            continue
        if ctx.blas_rule is not None and op.op_def.blas_flops is not None:
            # BLAS's thread count for the op, as the plan sets it (autograd_engine/blas_threads)
            kernel = ctx.blas_rule.bind(kernel, op, [t.shape.as_tuple() for t in
                                                     rewrites.inputs(op)], blas_threads.controller())
        args = [values[t] for t in rewrites.inputs(op)]
        result = None

        def call():
            nonlocal result
            result = kernel(*args)
        timed.append((op, _median_seconds(call, repeat)))
        outputs = op._outputs
        for t, value in zip(outputs, (result,) if len(outputs) == 1 else (result or ())):
            values[t] = value
    return timed


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workload", help=", ".join(w.key for w in WORKLOADS))
    parser.add_argument("--repeat", type=int, default=5, help="calls per kernel (median)")
    parser.add_argument("--runs", type=int, default=15, help="sess.run calls timed (median)")
    parser.add_argument("--top", type=int, default=15, help="op types listed")
    parser.add_argument("--cprofile", action="store_true", help="also cProfile 20 sess.run calls")
    args = parser.parse_args(argv)
    workload = BY_KEY[args.workload]
    implementation = workload.build(workload.make_data())[OURS]()
    session, fetch, feed = implementation.graph_step
    for _ in range(3):
        implementation.step()
    run_seconds = _median_seconds(implementation.step, args.runs)
    timed = kernel_times(session, fetch, feed, args.repeat)
    by_type, count = collections.Counter(), collections.Counter()
    for op, seconds in timed:
        by_type[op.type] += seconds
        count[op.type] += 1
    kernels = sum(by_type.values())
    print("%s: sess.run %.3f ms (median of %d); kernels %.3f ms over %d ops; the rest %.3f ms"
          % (workload.title, run_seconds * 1e3, args.runs, kernels * 1e3, len(timed),
             (run_seconds - kernels) * 1e3))
    print("| op type | ops | kernel time | share of the kernels |")
    print("| --- | --- | --- | --- |")
    for op_type, seconds in by_type.most_common(args.top):
        print("| %s | %d | %.3f ms | %.0f%% |" % (op_type, count[op_type], seconds * 1e3,
                                               100 * seconds / kernels))
    if args.cprofile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(20):
            implementation.step()
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(args.top)
    implementation.close()


if __name__ == "__main__":
    main()
