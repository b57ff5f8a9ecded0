"""The results table: Markdown, one summary and one section per workload."""
import dataclasses
from typing import Optional

from .workloads._common import (JAX_JIT, LABELS, NUMPY, OURS, OURS_ALL, OURS_CALLABLE,
                                OURS_JIT, OURS_ONE, TF1, TORCH)

# The performance issue's targets: per-op overhead on the scalar chain (µs, forward and
# forward+backward), the softmax step against numpy, and peak memory against numpy.
CHAIN_LIMITS_US = {"chain-fwd": 1.0, "chain-fwdbwd": 1.5}
SOFTMAX_KEY, SOFTMAX_LIMIT = "softmax", 1.5
MEMORY_LIMIT = 1.3
_SMALL_STEP_BYTES = 2 ** 20


def format_time(seconds):
    """``format_time(0.0000123) == '12.3 µs'``; ms from 1 ms, s from 1 s."""
    if seconds is None:
        return "—"
    if seconds < 1e-3:
        return "%.3g µs" % (seconds * 1e6)
    if seconds < 1:
        return "%.3g ms" % (seconds * 1e3)
    return "%.3g s" % seconds


def format_bytes(n):
    return "—" if n is None else "%.1f MiB" % (n / 2.0 ** 20)


def ratio(a, b):
    return "—" if a is None or not b else "%.2fx" % (a / b)


def _median(result, key):
    timing = result["timings"].get(key)
    return timing.median if timing else None


def summary_table(results):
    keys = [k for k in LABELS if any(k in r["timings"] for r in results)]
    head = ["workload"] + ["%s%s" % (LABELS[k], " (time)" if k == NUMPY else "") for k in keys]
    head += ["ours ÷ TF1", "ours ÷ PyTorch"]
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for r in results:
        base = _median(r, NUMPY)
        cells = [r["workload"].title]
        for k in keys:
            med = _median(r, k)
            if k == NUMPY:
                cells.append(format_time(med))
            elif med is None:
                cells.append("—")
            else:
                cells.append(ratio(med, base))
        ours = _median(r, OURS)
        cells += [ratio(ours, _median(r, TF1)), ratio(ours, _median(r, TORCH))]
        if not all(a.ok for a in r["agreement"]):
            cells[0] += " **(implementations disagree)**"
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def per_op_table(results):
    chains = [r for r in results if r["workload"].per_op]
    if not chains:
        return []
    keys = [k for k in LABELS if any(k in r["timings"] for r in chains)]
    lines = ["| workload | " + " | ".join(LABELS[k] for k in keys) + " |",
             "|" + " --- |" * (len(keys) + 1)]
    for r in chains:
        cells = [r["workload"].title]
        for k in keys:
            med = _median(r, k)
            cells.append("—" if med is None else "%.3g µs" % (med * 1e6 / r["workload"].per_op))
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def verdict(value, limit):
    """'met' when ``value`` is at most ``limit``, else by how much it misses.

    >>> verdict(1.2, 1.3), verdict(1.43, 1.3), verdict(None, 1.0)
    ('met', '**missed** by 10%', 'not measured')
    """
    if value is None:
        return "not measured"
    if value <= limit:
        return "met"
    return "**missed** by %.0f%%" % (100 * (value / limit - 1))


@dataclasses.dataclass
class Target:
    """One row of the targets table. ``workload`` (a key, or None) is what a profile explains
    when the target is ``missed``; ``compiled``: missed by the compiled path (TF1's XLA
    switch), whose plan the profile describes too."""
    workload: Optional[str]
    text: str
    measured: str
    verdict: str
    missed: bool = False
    compiled: bool = False


def target(workload, text, value, limit, measured=None, compiled=False):
    """A :class:`Target` for ``value`` against ``limit`` (``measured``: its text, default the
    value as a ratio)."""
    return Target(workload, text, ratio(value, 1.0) if measured is None else measured,
                  verdict(value, limit), value is not None and value > limit, compiled)


# issue 19 section 2: the workloads that must beat PyTorch eager and TF1; section 1 (quiet
# machine, the brief's guard on the BLAS thread rule): ours within this factor of the better of
# one and all BLAS threads.
SECTION_2_KEYS = ("cnn", "lstm")
QUIET_BLAS_LIMIT = 1.05


def targets(results):
    """The quiet run's targets: the performance issues' (per-op overhead, softmax, memory,
    faster than TF1 and PyTorch) and issue 19's (sections 2 and 3; the BLAS thread rule on a
    quiet machine), each a :class:`Target`."""
    rows = []
    for r in results:
        wl = r["workload"]
        ours, base = _median(r, OURS), _median(r, NUMPY)
        # issue 19 section 3: with the XLA switch on, at least as fast as JAX's jit
        compiled, jax_jit = _median(r, OURS_JIT), _median(r, JAX_JIT)
        if compiled is not None and jax_jit is not None:
            rows.append(target(wl.key, "%s: ours (jit) as fast as JAX jit (issue 19 §3)"
                               % wl.title, compiled / jax_jit, 1.0, compiled=True))
        one, every = _median(r, OURS_ONE), _median(r, OURS_ALL)
        if ours is not None and one is not None and every is not None:
            rows.append(target(wl.key, "%s, quiet: ours ≤ %.2fx the better of one and all BLAS "
                               "threads" % (wl.title, QUIET_BLAS_LIMIT), ours / min(one, every),
                               QUIET_BLAS_LIMIT))
        if wl.key in CHAIN_LIMITS_US and ours is not None:
            limit = CHAIN_LIMITS_US[wl.key]
            per_op = ours * 1e6 / wl.per_op
            rows.append(target(wl.key, "%s: ≤ %.1f µs per op" % (wl.title, limit), per_op, limit,
                               measured="%.3g µs" % per_op))
            fast = _median(r, OURS_CALLABLE)
            if fast is not None:
                rows.append(target(wl.key, "%s: `make_callable` below `sess.run`" % wl.title,
                                   fast / ours, 1.0,
                                   measured="%.3g µs" % (fast * 1e6 / wl.per_op)))
        if not wl.training or ours is None:
            continue
        if wl.key == SOFTMAX_KEY:
            rows.append(target(wl.key, "%s: ≤ %.1fx numpy" % (wl.title, SOFTMAX_LIMIT),
                               ours / base if base else None, SOFTMAX_LIMIT))
        else:
            section = " (issue 19 §2)" if wl.key in SECTION_2_KEYS else ""
            for key in (TF1, TORCH):
                other = _median(r, key)
                rows.append(target(wl.key, "%s: faster than %s%s" % (wl.title, LABELS[key],
                                                                     section),
                                   ours / other if other else None, 1.0))
        peak = r["memory"].get(OURS, (None, ""))[0]
        base_peak = r["memory"].get(NUMPY, (None, ""))[0]
        if peak is not None and base_peak is not None:
            text = "%s: peak memory ≤ %.1fx numpy" % (wl.title, MEMORY_LIMIT)
            if base_peak >= _SMALL_STEP_BYTES:
                rows.append(target(wl.key, text, peak / base_peak, MEMORY_LIMIT))
            else:  # a ratio of two near-zero figures means nothing: compare absolute sizes
                small = peak < _SMALL_STEP_BYTES
                rows.append(Target(wl.key, text, "%s vs %s" % (format_bytes(peak),
                                                              format_bytes(base_peak)),
                                   "met (both steps add under 1 MiB)" if small
                                   else "**missed**", not small))
    return rows


def targets_table(rows):
    """The targets as Markdown table lines (none without targets)."""
    if not rows:
        return []
    return ["| target | measured | this run |", "| --- | --- | --- |"] + \
        ["| %s | %s | %s |" % (t.text, t.measured, t.verdict) for t in rows]


def agreement_line(workload, agreement, labels=LABELS):
    """One line saying what was compared and whether every implementation matched."""
    what = ("loss before and after each of %d steps from the same initial values"
            % workload.check_steps) if workload.training else "the fetched value"
    parts = []
    for a in agreement:
        values = ", ".join("%.6g" % v for v in a.values)
        parts.append("%s [%s]%s" % (labels.get(a.name, a.name), values,
                                    "" if a.ok else " **MISMATCH** (max relative error %.2g)"
                                    % a.max_rel_error))
    outcome = "all agree" if all(a.ok for a in agreement) else "**DISAGREE**"
    return "Agreement (%s, rtol %g): %s. %s." % (what, workload.rtol, outcome, "; ".join(parts))


def workload_section(r, labels=LABELS, reference=NUMPY, show_memory=True):
    """One workload's agreement line and its table: each implementation's times, its ratio to
    the ``reference`` implementation (numpy by hand; CuPy by hand on a GPU) and, when
    ``show_memory``, its peak memory."""
    wl, timings, memory = r["workload"], r["timings"], r["memory"]
    base = _median(r, reference)
    base_memory = memory.get(reference, (None, ""))[0]
    head = ["implementation", "median", "min", "max", "ratio to %s" % labels[reference].split()[0]]
    head += ["per op"] if wl.per_op else []
    head += ["peak memory", "memory ratio"] if show_memory else []
    head += ["calls × rounds"]
    lines = ["### %s" % wl.title, "", wl.description, "",
             agreement_line(wl, r["agreement"], labels), "",
             "| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for key, t in timings.items():
        peak, note = memory.get(key, (None, "not measured"))
        cells = [labels.get(key, key), format_time(t.median), format_time(min(t.seconds)),
                 format_time(max(t.seconds)), ratio(t.median, base)]
        if wl.per_op:
            cells.append("%.3g µs" % (t.median * 1e6 / wl.per_op))
        if show_memory:
            cells += [format_bytes(peak) if peak is not None else "— (%s)" % note if note
                      else "—", ratio(peak, base_memory) if peak is not None else "—"]
        cells.append("%d × %d" % (t.calls_per_round, len(t.seconds)))
        lines.append("| " + " | ".join(cells) + " |")
    return lines + [""]


def markdown(header, results, skipped, method, target_rows=None, busy=(), profiles=()):
    """The whole results file: the quiet run's summary (when it ran), the targets
    (``target_rows``: default, the quiet run's), the busy run's section (``busy``: its lines),
    the profiles of the workloads that miss a target, how it was measured, each workload."""
    lines = ["# autograd_engine benchmarks", ""] + header + [""]
    if skipped:
        lines += ["Skipped: " + "; ".join(skipped) + ".", ""]
    if results:
        lines += ["## Summary", "",
                  "Median time per step of the hand-written numpy step, and every other "
                  "implementation's median as a multiple of it (lower is faster); the last two "
                  "columns divide ours (`sess.run`) by TF1 and by PyTorch (below 1.00x: ours is "
                  "faster).", ""]
        lines += summary_table(results) + [""]
    rows = targets_table(targets(results) if target_rows is None else target_rows)
    if rows:
        lines += ["### Targets", "", "The performance issues' targets, checked against this run "
                  "(ratios are ours ÷ the other; memory: what a step adds, see below).", ""] + \
            rows + [""]
    per_op = per_op_table(results)
    if per_op:
        lines += ["Engine overhead on the scalar chain, median time per op (the call's time "
                  "divided by its 100 forward ops):", ""] + per_op + [""]
    lines += list(busy)
    if profiles:
        lines += ["## Profiles of the workloads that miss a target", ""] + list(profiles) + [""]
    lines += ["## How it was measured", ""] + method + [""]
    if results:
        lines += ["## Workloads", ""]
    for r in results:
        lines += workload_section(r)
    return "\n".join(lines).rstrip() + "\n"
