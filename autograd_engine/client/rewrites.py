"""Graph rewrites applied when a plan is compiled (never to the user's graph itself).

Each pass looks at one op at a time, in creation order (a topological order), with the
rewrites of its inputs already applied:

* ``fold``: an op whose inputs are all constants is run once, now, and its outputs become
  constants of the plan (``tf.zeros(...) * 0.5``, shape arithmetic, ``transpose`` of a const).
  So does an op whose static shapes decide its value (``OpDef.static_value``): ``ones_like``
  of a tensor of known shape (the ``grad_ys`` of a scalar loss), ``tf.shape`` of one.
* ``identity``: Identity, StopGradient and an unfed PlaceholderWithDefault pass their input
  through; ``x * 1``, ``x / 1``, ``x + 0`` and ``x - 0`` (a scalar constant, no broadcasting)
  are ``x``; ``transpose(transpose(x))`` with inverse permutations is ``x``.
* ``reshape``: ``reshape(reshape(x, a), b)`` reads ``x`` directly; a reshape to the input's own
  fully known shape is dropped.
* ``cse``: an op identical to an earlier one (type, attributes, inputs, control inputs, cond
  branch) reuses the earlier one's outputs.
* fusions, registered by op families next to their ops (``ops.registry.register_fusion``):
  a pattern of ops is replaced by ops that exist in this plan only (``PlanOperation``), such as
  a convolution and its filter gradient sharing one im2col matrix (``conv_ops``).

Stateful ops (random numbers, Variables, assignments, loops) are never folded or merged, and
ops with control inputs keep their place. What a pass replaces keeps its creation site: an op
that fails while being folded is left to fail at run time, where the error names it.
Rewrites are on by default; ``tf.ConfigProto(graph_options=tf.GraphOptions(
optimizer_options=tf.OptimizerOptions(opt_level=tf.OptimizerOptions.L0)))`` or the environment
variable ``AUTOGRAD_ENGINE_REWRITES=0`` turns them off.
"""
import collections
import os

import numpy as np

from ..framework.tensor import PlanOperation
from ..ops.registry import FUSIONS

_FOLD_LIMIT = 1 << 20  # elements: bigger results stay computed at run time, not kept in a plan
_PASS_THROUGH = ("Identity", "StopGradient", "PlaceholderWithDefault")


def rewrites_enabled(config):
    """Whether a Session with ``config`` rewrites its plans."""
    if os.environ.get("AUTOGRAD_ENGINE_REWRITES", "1").strip().lower() in ("0", "false", "off"):
        return False
    options = getattr(getattr(config, "graph_options", None), "optimizer_options", None)
    return getattr(options, "opt_level", 0) >= 0


class Rewrites:
    """The outcome of the passes for one plan: tensor replacements, per-op input overrides and
    folded constant values. ``counts`` says how often each pass fired."""

    def __init__(self):
        self.replacement = {}
        self.input_overrides = {}
        self.folded = {}
        self.counts = collections.Counter()

    def resolve(self, tensor):
        while tensor in self.replacement:
            tensor = self.replacement[tensor]
        return tensor

    def inputs(self, op):
        override = self.input_overrides.get(op)
        if override is not None:
            return override
        return [self.resolve(t) for t in op._inputs]


def _movable(op):
    """May this op be folded, dropped or merged with another?"""
    op_def = op.op_def
    return not (op_def.stateful or op_def.writes_variable or op._control_inputs or
                op._control_flow_context is not None or hasattr(op_def, "emit"))


def optimize(needed, feed_set, ctx, fetched=()):
    """Runs the passes over the ops a plan needs (``fetched``: the tensors the plan returns);
    returns :class:`Rewrites`."""
    rw = Rewrites()
    seen = {}
    for op in sorted(needed, key=lambda o: o._id):
        if op.op_def.is_constant and not op._control_inputs:
            if all(t not in feed_set for t in op._outputs):
                rw.folded[op._outputs[0]] = op.op_def.kernel(op, ctx)
            _merge_duplicate(op, rw, seen, feed_set)
            continue
        if not _movable(op) or any(t in feed_set for t in op._outputs):
            continue
        inputs = rw.inputs(op)
        if _static(op, rw, ctx) or _fold(op, inputs, rw, ctx) or _pass_through(op, inputs, rw) or \
                _reshape_chain(op, inputs, rw, feed_set):
            continue
        _merge_duplicate(op, rw, seen, feed_set)
    plan_ops = PlanOps(rw, needed, feed_set, fetched)
    for fusion in FUSIONS:
        fusion(plan_ops)
    return rw


class PlanOps:
    """What a fusion sees of a plan being compiled: its ops after the other passes, and a way
    to put plan-only ops in place of some of them."""

    def __init__(self, rw, needed, feed_set, fetched=()):
        self._rw = rw
        self._by_type = collections.defaultdict(list)
        self._readers = collections.Counter(rw.resolve(t) for t in fetched)
        for op in sorted(needed, key=lambda o: o._id):
            self._readers.update(rw.inputs(op))
            if _movable(op) and op._outputs and not any(
                    t in feed_set or t in rw.replacement or t in rw.folded for t in op._outputs):
                self._by_type[op.type].append(op)

    def of_type(self, type_name):
        """The plan's ops of this type that a fusion may replace, oldest first."""
        return list(self._by_type.get(type_name, ()))

    def inputs(self, op):
        """``op``'s inputs after the other rewrites."""
        return self._rw.inputs(op)

    def readers(self, tensor):
        """How many of the plan's ops read ``tensor`` (a fetch counts as one)."""
        return self._readers[tensor]

    def add(self, stands_for, op_def, inputs, output_specs, order=0.5):
        """A plan-only op computing ``op_def``'s kernel of ``inputs``; errors name
        ``stands_for``. ``order`` (between 0 and 1) places it among the graph's ops."""
        return PlanOperation(stands_for, op_def, inputs, output_specs, order)

    def replace(self, tensor, by, fusion_name):
        """From now on the plan reads ``by`` wherever it read ``tensor``."""
        self._rw.replacement[tensor] = by
        self._rw.counts[fusion_name] += 1


def _fold(op, inputs, rw, ctx):
    if not inputs or not all(t in rw.folded for t in inputs):
        return False
    if any(t.dtype.np_dtype.kind == "O" for t in op._outputs):  # opaque values stay per run
        return False
    try:
        result = op.op_def.kernel(op, ctx)(*[rw.folded[t] for t in inputs])
    except Exception:  # noqa: BLE001 - left to fail at run time, where the error names the op
        return False
    values = result if len(op._outputs) > 1 else (result,)
    if any(np.size(v) > _FOLD_LIMIT for v in values):
        return False
    for t, value in zip(op._outputs, values):
        rw.folded[t] = value
    rw.counts["fold"] += 1
    return True


def _static(op, rw, ctx):
    value = op.op_def.static_value(op, ctx.xp)
    if value is None:
        return False
    rw.folded[op._outputs[0]] = value
    rw.counts["fold"] += 1
    return True


def _scalar_constant(tensor, rw):
    value = rw.folded.get(tensor)
    if value is None or np.ndim(value) != 0:
        return None
    return value.item() if hasattr(value, "item") else value


def _pass_through(op, inputs, rw):
    out = op._outputs[0] if len(op._outputs) == 1 else None
    if out is None:
        return False
    target = None
    if op.type in _PASS_THROUGH:
        target = inputs[0]
    elif op.type in ("Mul", "RealDiv", "Add", "Sub") and len(inputs) == 2:
        x, c = inputs
        neutral = 1 if op.type in ("Mul", "RealDiv") else 0
        if _scalar_constant(c, rw) == neutral:
            target = x
        elif op.type in ("Mul", "Add") and _scalar_constant(x, rw) == neutral:
            target = c
        # A scalar constant never broadcasts the other operand; the shapes must agree exactly.
        if target is not None and target.shape.as_tuple() != out.shape.as_tuple():
            target = None
    elif op.type == "Transpose" and inputs[0].op.type == "Transpose" and \
            inputs[0].op._outputs[0] not in rw.folded:
        inner = inputs[0].op
        outer_perm, inner_perm = op.attrs["perm"], inner.attrs["perm"]
        if outer_perm is not None and inner_perm is not None and \
                [inner_perm[p] for p in outer_perm] == list(range(len(outer_perm))) and \
                _movable(inner):
            target = rw.inputs(inner)[0]
    if target is None or target.dtype != out.dtype:
        return False
    rw.replacement[out] = target
    if target in rw.folded:
        rw.folded[out] = rw.folded[target]
    rw.counts["identity"] += 1
    return True


def _reshape_chain(op, inputs, rw, feed_set):
    if op.type != "Reshape" or op.attrs.get("shape") is None:
        return False
    source = inputs[0]
    if source.shape.is_fully_defined() and source.shape.as_tuple() == op.attrs["shape"]:
        rw.replacement[op._outputs[0]] = source
        rw.counts["reshape"] += 1
        return True
    inner = source.op
    if inner.type == "Reshape" and source not in feed_set and _movable(inner):
        rw.input_overrides[op] = [rw.inputs(inner)[0]] + list(inputs[1:])
        rw.counts["reshape"] += 1
    return False


def _attr_key(value):
    """A hashable stand-in for an attribute value (TypeError when there is none)."""
    if isinstance(value, np.ndarray):
        if value.size > 4096:
            raise TypeError("too large to compare")
        return ("ndarray", value.dtype.str, value.shape, value.tobytes())
    if isinstance(value, (list, tuple)):
        return tuple(_attr_key(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _attr_key(v)) for k, v in value.items()))
    hash(value)
    return value


def _merge_duplicate(op, rw, seen, feed_set):
    if len(op._outputs) == 0 or any(t in feed_set for t in op._outputs):
        return
    try:
        key = (op.type, tuple(rw.inputs(op)), _attr_key(op._attrs))
    except TypeError:
        return
    first = seen.get(key)
    if first is None:
        seen[key] = op
        return
    for mine, theirs in zip(op._outputs, first._outputs):
        rw.replacement[mine] = rw.resolve(theirs)
        if theirs in rw.folded:
            rw.folded[mine] = rw.folded[theirs]
    rw.counts["cse"] += 1
