"""Graph rewrites applied when a plan is compiled (never to the user's graph itself).

Each pass looks at one op at a time, in creation order (a topological order), with the
rewrites of its inputs already applied:

* ``fold``: an op whose inputs are all constants is run once, now, and its outputs become
  constants of the plan (``tf.zeros(...) * 0.5``, shape arithmetic, ``transpose`` of a const).
  So does an op whose static shapes decide its value (``OpDef.static_value``): ``ones_like``
  of a tensor of known shape (the ``grad_ys`` of a scalar loss), ``tf.shape`` of one.
* simplifications: an op whose output is a tensor the plan already has is dropped, and its
  readers read that tensor. The op contract says when (``ops/registry.py``): an op that
  ``passes_input_through`` (Identity, StopGradient, an unfed PlaceholderWithDefault); a binary
  op with a scalar constant operand equal to its ``neutral_left``/``neutral_right`` and no
  broadcasting (``x * 1``, ``x / 1``, ``x + 0``, ``x - 0``); and the rules op families
  register next to their ops (``ops.registry.register_simplification``), such as
  ``transpose(transpose(x))`` with inverse permutations, or ``reshape(reshape(x, a), b)``
  reading ``x`` directly. Each adds to the count its rule names (``identity``, ``reshape``).
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
from ..ops.registry import FUSIONS, SIMPLIFICATIONS

_FOLD_LIMIT = 1 << 20  # elements: bigger results stay computed at run time, not kept in a plan


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
                op._control_flow_context is not None or op_def.emit is not None)


def optimize(needed, feed_set, ctx, fetched=(), all_on_host=False, fusable=None):
    """Runs the passes over the ops a plan needs (``fetched``: the tensors the plan returns;
    ``all_on_host``: the plan runs every op on the host; ``fusable(op)``: whether fusions may
    replace ``op``, all ops when None); returns :class:`Rewrites`."""
    rw = Rewrites()
    view = SimplificationView(rw, feed_set)
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
        if _static(op, rw, ctx) or _fold(op, inputs, rw, ctx) or _simplify(op, inputs, rw, view):
            continue
        _merge_duplicate(op, rw, seen, feed_set)
    placer = None if all_on_host else ctx.placer
    plan_ops = PlanOps(rw, needed, feed_set, fetched,
                       on_device=None if placer is None or placer.device is None else
                       placer.on_device, fusable=fusable)
    for fusion in FUSIONS:
        plan_ops.all_ops = getattr(fusion, "for_compiled_ops", False)
        fusion(plan_ops)
    return rw


class PlanOps:
    """What a fusion sees of a plan being compiled: its ops after the other passes, and a way
    to put plan-only ops in place of some of them."""

    def __init__(self, rw, needed, feed_set, fetched=(), on_device=None, fusable=None):
        self._rw = rw
        # ``fusable(op)``: whether the current fusion may replace ``op`` (None: any op), unless
        # ``all_ops`` (a fusion registered ``for_compiled_ops``)
        self._fusable, self.all_ops = fusable, True
        self._on_device = on_device
        self._by_type = collections.defaultdict(list)
        self._readers = collections.Counter(rw.resolve(t) for t in fetched)
        for op in sorted(needed, key=lambda o: o._id):
            self._readers.update(rw.inputs(op))
            if _movable(op) and op._outputs and not any(
                    t in feed_set or t in rw.replacement or t in rw.folded for t in op._outputs):
                self._by_type[op.type].append(op)

    def of_type(self, type_name):
        """The plan's ops of this type that a fusion may replace, oldest first."""
        ops = self._by_type.get(type_name, ())
        if self._fusable is not None and not self.all_ops:
            return [op for op in ops if self._fusable(op)]
        return list(ops)

    def inputs(self, op):
        """``op``'s inputs after the other rewrites."""
        return self._rw.inputs(op)

    def on_device(self, op):
        """Whether ``op`` runs on the device in this plan."""
        return self._on_device is not None and self._on_device(op)

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


class SimplificationView:
    """What a simplification rule (``ops.registry.register_simplification``) sees of a plan
    being rewritten."""

    def __init__(self, rw, feed_set):
        self._rw = rw
        self._feed_set = feed_set

    def inputs(self, op):
        """``op``'s inputs as rewritten so far."""
        return self._rw.inputs(op)

    def is_constant(self, tensor):
        """Whether the plan holds ``tensor``'s value as a constant (folded)."""
        return tensor in self._rw.folded

    def scalar_constant(self, tensor):
        """``tensor``'s value as a Python scalar when it is a 0-d constant of the plan, else
        None."""
        value = self._rw.folded.get(tensor)
        if value is None or np.ndim(value) != 0:
            return None
        return value.item() if hasattr(value, "item") else value

    def is_fed(self, tensor):
        return tensor in self._feed_set

    def may_bypass(self, op):
        """Whether the plan may read past ``op`` (it is not stateful, guarded or ordered)."""
        return _movable(op)

    def read_instead(self, op, inputs, count):
        """From now on ``op`` reads ``inputs`` (tensors of equal value) in this plan;
        ``count`` names the rewrite in ``Rewrites.counts``."""
        self._rw.input_overrides[op] = list(inputs)
        self._rw.counts[count] += 1


def _forwarded_input(op, inputs, view):
    return inputs[0] if op.op_def.passes_input_through else None


def _neutral_operand(op, inputs, view):
    op_def = op.op_def
    # x * 1 is x exactly for real numbers only: numpy's complex product makes (0+inf j) * 1
    # nan+inf j, and the rewrite must never change a result.
    if len(inputs) != 2 or op._outputs[0].dtype.is_complex:
        return None
    left, right = inputs
    target = None
    if op_def.neutral_right is not None and view.scalar_constant(right) == op_def.neutral_right:
        target = left
    elif op_def.neutral_left is not None and view.scalar_constant(left) == op_def.neutral_left:
        target = right
    # A scalar constant never broadcasts the other operand; the shapes must agree exactly.
    if target is not None and target.shape.as_tuple() != op._outputs[0].shape.as_tuple():
        return None
    return target


# What every op's declarations decide, before the rules its family registered.
_DECLARED_SIMPLIFICATIONS = (("identity", _forwarded_input), ("identity", _neutral_operand))


def _simplify(op, inputs, rw, view):
    """Applies the first simplification that finds a tensor of the plan equal to ``op``'s
    output; True when one did."""
    if len(op._outputs) != 1:
        return False
    out = op._outputs[0]
    for count, rule in _DECLARED_SIMPLIFICATIONS + tuple(SIMPLIFICATIONS.get(op.type, ())):
        target = rule(op, inputs, view)
        if target is None or target.dtype != out.dtype:
            continue
        rw.replacement[out] = target
        if target in rw.folded:
            rw.folded[out] = rw.folded[target]
        rw.counts[count] += 1
        return True
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
