"""The results table: Markdown, one summary and one section per workload."""
from .workloads._common import JAX_JIT, LABELS, NUMPY, OURS, OURS_CALLABLE, OURS_JIT, TF1, TORCH

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
    """'met' when ``value`` is at most ``limit``, else by how much it misses."""
    if value is None:
        return "not measured"
    if value <= limit:
        return "met"
    return "**missed** by %.0f%%" % (100 * (value / limit - 1))


def targets_table(results):
    """One row per target of the performance issue: what it asks, the measured value, and
    whether this run meets it (or by how much it misses)."""
    rows = []
    for r in results:
        wl = r["workload"]
        ours, base = _median(r, OURS), _median(r, NUMPY)
        # issue 19 section 3: with the XLA switch on, at least as fast as JAX's jit
        compiled, jax_jit = _median(r, OURS_JIT), _median(r, JAX_JIT)
        if compiled is not None and jax_jit is not None:
            rows.append(("%s: ours (jit) as fast as JAX jit" % wl.title,
                         ratio(compiled, jax_jit), verdict(compiled / jax_jit, 1.0)))
        if wl.key in CHAIN_LIMITS_US and ours is not None:
            limit = CHAIN_LIMITS_US[wl.key]
            per_op = ours * 1e6 / wl.per_op
            rows.append(("%s: ≤ %.1f µs per op" % (wl.title, limit), "%.3g µs" % per_op,
                         verdict(per_op, limit)))
            fast = _median(r, OURS_CALLABLE)
            if fast is not None:
                rows.append(("%s: `make_callable` below `sess.run`" % wl.title,
                             "%.3g µs" % (fast * 1e6 / wl.per_op), verdict(fast / ours, 1.0)))
        if not wl.training or ours is None:
            continue
        if wl.key == SOFTMAX_KEY:
            rows.append(("%s: ≤ %.1fx numpy" % (wl.title, SOFTMAX_LIMIT), ratio(ours, base),
                         verdict(ours / base if base else None, SOFTMAX_LIMIT)))
        else:
            for key in (TF1, TORCH):
                other = _median(r, key)
                rows.append(("%s: faster than %s" % (wl.title, LABELS[key]),
                             ratio(ours, other) if other else "—",
                             verdict(ours / other if other else None, 1.0)))
        peak = r["memory"].get(OURS, (None, ""))[0]
        base_peak = r["memory"].get(NUMPY, (None, ""))[0]
        if peak is not None and base_peak is not None:
            target = "%s: peak memory ≤ %.1fx numpy" % (wl.title, MEMORY_LIMIT)
            if base_peak >= _SMALL_STEP_BYTES:
                rows.append((target, ratio(peak, base_peak),
                             verdict(peak / base_peak, MEMORY_LIMIT)))
            else:  # a ratio of two near-zero figures means nothing: compare absolute sizes
                rows.append((target, "%s vs %s" % (format_bytes(peak), format_bytes(base_peak)),
                             "met (both steps add under 1 MiB)" if peak < _SMALL_STEP_BYTES
                             else "**missed**"))
    if not rows:
        return []
    return ["| target | measured | this run |", "| --- | --- | --- |"] + \
        ["| %s | %s | %s |" % row for row in rows]


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


def markdown(header, results, skipped, method):
    """The whole results file."""
    lines = ["# autograd_engine benchmarks", ""] + header + [""]
    if skipped:
        lines += ["Skipped: " + "; ".join(skipped) + ".", ""]
    lines += ["## Summary", "",
              "Median time per step of the hand-written numpy step, and every other "
              "implementation's median as a multiple of it (lower is faster); the last two "
              "columns divide ours (`sess.run`) by TF1 and by PyTorch (below 1.00x: ours is "
              "faster).", ""]
    lines += summary_table(results) + [""]
    targets = targets_table(results)
    if targets:
        lines += ["### Targets", "", "The performance issue's targets, checked against this run "
                  "(ratios are ours ÷ the other; memory: what a step adds, see below).", ""] + \
            targets + [""]
    per_op = per_op_table(results)
    if per_op:
        lines += ["Engine overhead on the scalar chain, median time per op (the call's time "
                  "divided by its 100 forward ops):", ""] + per_op + [""]
    lines += ["## How it was measured", ""] + method + ["", "## Workloads", ""]
    for r in results:
        lines += workload_section(r)
    return "\n".join(lines).rstrip() + "\n"
