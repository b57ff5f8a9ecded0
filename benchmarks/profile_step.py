"""Where one of our training steps spends its time: each op's kernel timed on its real inputs,
summed per op type, next to the time of the whole ``sess.run``.

    python -m benchmarks.profile_step cnn            # or softmax, sin, mlp128, mlp1024, lstm, ...
    python -m benchmarks.profile_step cnn --cprofile # also Python's profiler over 20 sess.run calls
    python -m benchmarks.profile_step sin --jit      # also the step under TF1's XLA switch

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
from benchmarks import busy, libraries  # noqa: E402
from benchmarks.workloads import BY_KEY, WORKLOADS  # noqa: E402
from benchmarks.workloads._common import OURS, OURS_JIT  # noqa: E402


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


def warm_up(implementation, max_runs=30, max_seconds=10.0):
    """Runs the step until its plan has chosen its BLAS thread arm (blas_threads.ArmChoice:
    runs timed under each arm), so the profile times the arm kept; at least 3 runs."""
    session, fetch, _ = implementation.graph_step
    started = time.perf_counter()
    for run in range(max_runs):
        implementation.step()
        chosen = busy.arm_medians(session, fetch).get("chosen", "none to choose")
        if run >= 2 and (chosen is not None or time.perf_counter() - started > max_seconds):
            return


def op_type_table(session, fetch, feed, run_seconds, title, repeat=5, top=15):
    """Markdown lines: the step's time, its kernels' sum, and the kernel time per op type."""
    timed = kernel_times(session, fetch, feed, repeat)
    by_type, count = collections.Counter(), collections.Counter()
    for op, seconds in timed:
        by_type[op.type] += seconds
        count[op.type] += 1
    kernels = sum(by_type.values())
    lines = ["%s: sess.run %.3f ms; kernels %.3f ms over %d ops; the rest %.3f ms" % (
        title, run_seconds * 1e3, kernels * 1e3, len(timed), (run_seconds - kernels) * 1e3), "",
        "| op type | ops | kernel time | share of the kernels |", "| --- | --- | --- | --- |"]
    for op_type, seconds in by_type.most_common(top):
        lines.append("| %s | %d | %.3f ms | %.0f%% |" % (op_type, count[op_type], seconds * 1e3,
                                                       100 * seconds / kernels))
    return lines


def compiled_plan_summary(session, fetch):
    """The compiled (XLA) plan running ``fetch``: its segments, graph breaks, compile time."""
    for plan in list(session._plans.values()):
        parts = getattr(plan, "parts", None)
        if parts is not None and fetch in plan.fetch_elements:
            segments = [p for p in parts if hasattr(p, "ops")]
            return ("compiled plan: %d ops in %d XLA segment(s) (%s ops), %d graph break(s), "
                    "compile time %.2f s" % (sum(len(p.ops) for p in segments), len(segments),
                                             "+".join(str(len(p.ops)) for p in segments),
                                             len(parts) - len(segments), plan.compile_seconds))
    return "no compiled plan ran the step (the switch compiled nothing)"


def profile(workload, compiled=False, runs=15, repeat=5, top=15):
    """Markdown lines profiling ours on ``workload``: the eager step's time per op type and,
    with ``compiled``, the step under TF1's XLA switch (time, segments, compile time)."""
    builders = workload.build(workload.make_data())
    implementation = builders[OURS]()
    session, fetch, feed = implementation.graph_step
    warm_up(implementation)
    run_seconds = _median_seconds(implementation.step, runs)
    lines = op_type_table(session, fetch, feed, run_seconds, workload.title, repeat, top)
    implementation.close()
    if compiled and OURS_JIT in builders:
        implementation = builders[OURS_JIT]()
        session, fetch, _ = implementation.graph_step
        for _ in range(3):
            implementation.step()
        lines += ["", "With TF1's XLA switch on: step %.3f ms; %s." % (
            _median_seconds(implementation.step, runs) * 1e3,
            compiled_plan_summary(session, fetch))]
        implementation.close()
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workload", help=", ".join(w.key for w in WORKLOADS))
    parser.add_argument("--repeat", type=int, default=5, help="calls per kernel (median)")
    parser.add_argument("--runs", type=int, default=15, help="sess.run calls timed (median)")
    parser.add_argument("--top", type=int, default=15, help="op types listed")
    parser.add_argument("--cprofile", action="store_true", help="also cProfile 20 sess.run calls")
    parser.add_argument("--jit", action="store_true",
                        help="also the step under TF1's XLA switch (needs the jit extra)")
    args = parser.parse_args(argv)
    workload = BY_KEY[args.workload]
    libraries.enable(torch=False, tf1=False, jax=args.jit)
    print("\n".join(profile(workload, args.jit, args.runs, args.repeat, args.top)))
    if args.cprofile:
        implementation = workload.build(workload.make_data())[OURS]()
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(20):
            implementation.step()
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(args.top)
        implementation.close()


if __name__ == "__main__":
    main()
