"""A plan whose ops run as XLA programs: maximal runs of lowerable ops (in the plan's order)
become one jitted function each, *segments*; the ops between them (graph breaks: ``py_func``,
Saver I/O, summaries, loops, string ops, what fails to trace) run their kernels as before.

A segment is a function of (the Variables it writes, the Variables it only reads, the values
it reads from outside), returning the written Variables' new values and the values read after
it. It is traced and compiled by XLA at its first run for each signature of input shapes
(``jax.jit`` keeps the compiled programs; JAX's on-disk cache keeps them between processes),
and the compile time is logged (``tf_logging``, INFO) and added up in
``plan.compile_seconds``. An op that fails to trace is split out of its segment there and
then, and runs as a graph break from then on; its errors are those of its kernel, naming
the user's line.

A ``tf.while_loop`` is lowered with its condition, body and gradient as XLA loops
(``loops.py``); a plan with tf.cond branches compiles whole, both branches computed and their
values selected (``conds.py``), or runs uncompiled as before.

Under the global switch a segment too small to gain (``size_rule.py``, measured at its first
run) runs its ops' kernels instead; a plan left with no segment runs as an ExecutionPlan.
Segments holding ops of an explicit ``jit_scope`` are compiled whatever their size.
"""
import threading
import time

import numpy as np

from .. import tf_logging
from ..client.fetches import host_results
from ..client.plan import ExecutionPlan
from ..client.plan_order import branches_of
from ..framework import dtypes
from ..framework.composite_tensor import OpaqueValue
from ..framework.tensor import Tensor
from . import conds, loops, lowering, size_rule, switch  # noqa: F401 - conds registers its lowerings
from .runtime import VariableStore, jax_module, translate


class _TraceFailure(Exception):
    def __init__(self, op, cause):
        super().__init__(op, cause)
        self.op, self.cause = op, cause


class _TooSmall(Exception):
    """A segment the size rule leaves uncompiled (raised at its first run, before compiling)."""

    def __init__(self, segment, elements):
        super().__init__(segment)
        self.segment, self.elements = segment, elements


class PlanCompiler:
    """A Session's choice between plans as before and compiled ones (the switch in
    ``switch.py``); it holds the Session's Variables shared with XLA."""

    def __init__(self, config):
        self.global_jit = switch.global_jit(config)
        self.every_plan = switch.every_plan(config)  # no size rule (AUTOGRAD_ENGINE_JIT=1)
        # The Session's Variable values (its ExecutionContext's ``variables``).
        self.store = VariableStore()
        # Compiled runs that update Variables take turns: XLA reuses the buffers they pass.
        self.update_lock = threading.Lock()

    def plan(self, fetch_elements, feed_tensors, ctx, outputs_on_device=False,
             all_on_host=False, views=False):
        """The plan of (fetches, feeds): compiled where the switch and the ops allow, else an
        ExecutionPlan. ``views``: fetched XLA values are handed on as read-only numpy views,
        not copies (to the kernel of a loop, for the next iteration)."""
        def build(fusable=None):
            return ExecutionPlan(fetch_elements, feed_tensors, ctx, outputs_on_device,
                                 all_on_host, fusable)
        if outputs_on_device or all_on_host or not switch.scopes_allowed():
            return build()
        # The plan-only fusions made for the kernels (a shared im2col matrix...) would hide
        # the ops XLA compiles behind kernels that do not trace; XLA fuses those itself (a
        # fusion registered ``for_compiled_ops`` still sees them).
        withheld = []

        def fusable(op):
            if self._chosen(op) and lowering.may_lower(op, ()):
                withheld.append(op)
                return False
            return True
        base = build(fusable)
        chosen = [op for op in base.ops if self._chosen(op)]
        conditional = any(branches_of(op) or op.op_def.emit is not None for op in base.ops)
        # a plan with tf.cond compiles only whole: its untaken branches must not run
        if not conditional or self._all_lowerable(base.ops, chosen):
            if any(lowering.may_lower(op, ()) and not op.op_def.is_constant for op in chosen):
                explicit = set(chosen) if self.every_plan else \
                    {op for op in chosen if switch.marked(self._stands_for(op))}
                return CompiledPlan(base, ctx, self, set(chosen), views, conditional, explicit)
        # runs uncompiled: with every fusion (built again only if one was withheld)
        return build() if withheld else base

    @staticmethod
    def _all_lowerable(ops, chosen):
        """Whether a plan with tf.cond branches may compute both branches (conds.py): one
        segment, nothing in a branch that writes a Variable."""
        return len(chosen) == len(ops) and all(
            op.op_def.is_constant or lowering.may_lower(op, ()) and
            not (branches_of(op) and op.op_def.writes_variable) for op in ops)

    def subplan(self, fetch_elements, feed_tensors, ctx, outputs_on_device=False,
                all_on_host=False):
        """The plan a kernel runs (``ExecutionContext.compile``: a loop's body)."""
        return self.plan(fetch_elements, feed_tensors, ctx, outputs_on_device, all_on_host,
                         views=True)

    def _chosen(self, op):
        mark = switch.marked(self._stands_for(op))
        return self.global_jit if mark is None else mark

    @staticmethod
    def _stands_for(op):  # the user's op that a rewrite replaced
        return getattr(op, "_stands_for", op)


class _PlanWrapper:
    """What a Session keeps of a plan (its own growth bookkeeping) around the ExecutionPlan."""

    def __init__(self, base, store):
        self.base, self.store = base, store
        self.graph_version = self.structure_version = None
        self.growth_runs = 0
        self.compile_seconds = 0.0

    def __getattr__(self, name):  # ops, rewrites, source...: the plan's
        return getattr(self.base, name)

    def run_instrumented(self, feed_values):
        """The plan's ops one by one, timed, as before (``tf.render(..., session=sess)``)."""
        return self.base.run_instrumented(feed_values)


class CompiledPlan(_PlanWrapper):
    """The plan's ops in segments (XLA) and graph breaks (kernels), in the plan's order."""

    def __init__(self, base, ctx, compiler, chosen, views=False, conditional=False, explicit=()):
        super().__init__(base, compiler.store)
        # A plan with tf.cond branches compiles whole or not at all (conds.py): it runs
        # uncompiled once an op fails to trace, or its program is too small to compile
        # (before anything of that run ran).
        self.conditional = conditional
        self.explicit = explicit  # ops of an explicit jit_scope: no size rule for them
        self.last_compile_seconds = threading.local()
        self.update_lock = compiler.update_lock
        self.ctx = ctx
        self.jax = jax_module()
        self.tracing_ctx = lowering.TracingContext(self.jax.numpy)
        self.tracing_ctx.plan_context = ctx  # loops build their sub-plans with it
        rewrites = base.rewrites
        self.inputs_of = rewrites.inputs
        self.feed_set = set(base.feed_tensors)
        self.constants = dict(rewrites.folded)
        ops = []
        for op in base.ops:
            if op.op_def.is_constant:
                self.constants[op.outputs[0]] = op.op_def.kernel(op, ctx)
            else:
                ops.append(op)
        self.fetched = [rewrites.resolve(e) if isinstance(e, Tensor) else None
                        for e in base.fetch_elements]
        host = host_results(np.asarray)  # an XLA array's read-only view is copied there
        # A numpy value (a feed, a constant, what a graph break passed on) may be memory the
        # caller or the engine keeps: the caller gets a copy.
        self.to_host = lambda v: host(v.copy() if type(v) is np.ndarray else v)
        if views:  # an XLA array as a read-only view; anything else as it is
            array_type = self.jax.Array
            self.to_host = lambda v: np.asarray(v) if isinstance(v, array_type) else v
        self.refused = {op for op in ops if op not in chosen or not lowering.may_lower(op, ())}
        self.ops = ops
        self._lock = threading.Lock()
        self.parts = self._partition(ops)
        self.uncompiled = None  # base.run once the size rule left no segment

    # ------------------------------------------------------------ building
    def _partition(self, ops):
        parts, run = [], []
        for op in ops:
            if op in self.refused:
                if run:
                    parts.append(self._segment(run))
                    run = []
                parts.append(_GraphBreak(op, self))
            else:
                run.append(op)
        if run:
            parts.append(self._segment(run))
        self._find_lifetimes(parts)
        return parts

    def _segment(self, ops):
        return _Segment(ops, self)

    def _find_lifetimes(self, parts):
        """Each segment's outputs: what later parts read and what the plan returns."""
        wanted = {t for t in self.fetched if t is not None}
        for part in reversed(parts):
            if isinstance(part, _Segment):
                part.set_outputs([t for t in part.made if t in wanted])
            wanted.update(t for t in part.reads if t not in self.constants)

    # ------------------------------------------------------------ running
    def run(self, feed_values):
        self.last_compile_seconds.value = 0.0
        if self.uncompiled is not None:
            return self.uncompiled(feed_values)
        env = dict(zip(self.base.feed_tensors, feed_values))
        parts = self.parts
        index = 0
        while index < len(parts):
            part = parts[index]
            try:
                part.run(env)
            except (_TraceFailure, _TooSmall) as failure:
                if self.conditional:  # its kernels must not run both branches
                    tf_logging.info("autograd_engine jit: a plan with tf.cond runs uncompiled "
                                    "(%s)", "too small to gain" if isinstance(failure, _TooSmall)
                                    else "%s: %s" % (failure.op.describe(), failure.cause))
                    self.uncompiled = self.base.run
                    return self.base.run(feed_values)
                parts = self._split(part, failure)
                # on from the part that now holds the failed segment's first op
                first = part.ops[0]
                index = next(i for i, p in enumerate(parts)
                             if first in getattr(p, "ops", (getattr(p, "op", None),)))
                continue
            index += 1
        constants, to_host = self.constants, self.to_host
        values = [None if t is None else env[t] if t in env else constants[t]
                  for t in self.fetched]
        # a variant (a loop's record run outside XLA) is handed over as its kernel made it
        return [value if t is None or t.dtype == dtypes.variant else to_host(value)
                for t, value in zip(self.fetched, values)]

    def _split(self, segment, failure):
        """Takes the op that failed to trace out of its segment, or the whole segment that is
        too small to compile, for good."""
        with self._lock:
            if isinstance(failure, _TooSmall):
                tf_logging.info("autograd_engine jit: %d ops (%d elements computed) run outside "
                                "XLA: too small to gain from compiling (jit/size_rule.py)",
                                len(segment.ops), failure.elements)
                self.refused.update(segment.ops)
            else:
                tf_logging.info("autograd_engine jit: %s runs outside XLA (%s: %s)",
                                failure.op.describe(), type(failure.cause).__name__,
                                failure.cause)
                self.refused.add(failure.op)
            if segment in self.parts:
                self.parts = self._partition(self.ops)
                if not any(isinstance(part, _Segment) for part in self.parts):
                    # nothing left to compile: the plan's own (faster) way from the next run
                    self.uncompiled = self.base.run
            return self.parts

    def note_compile(self, segment, seconds):
        self.compile_seconds += seconds
        self.last_compile_seconds.value = \
            getattr(self.last_compile_seconds, "value", 0.0) + seconds
        tf_logging.info("autograd_engine jit: compiled %d ops into one XLA program in %.3f s",
                        len(segment.ops), seconds)


class _GraphBreak:
    """One op run by its kernel, between segments."""

    def __init__(self, op, plan):
        self.op, self.plan = op, plan
        self.reads = list(plan.inputs_of(op))
        self.made = list(op.outputs)
        self.kernel = None

    def run(self, env):
        plan, op = self.plan, self.op
        if self.kernel is None:
            self.kernel = op.op_def.kernel(op, plan.ctx.context_for(op))
        args = []
        for t in self.reads:
            value = env[t] if t in env else plan.constants[t]
            args.append(value if type(value) is not plan.jax.Array and
                        not isinstance(value, plan.jax.Array) else np.asarray(value))
        try:
            result = self.kernel(*args)
        except Exception as exc:  # noqa: BLE001 - TF1's error classes, naming the op
            error = translate(exc, op)
            raise error from (None if error is exc else exc)
        outputs = op.outputs
        if len(outputs) == 1:
            result = (result,)
        for t, value in zip(outputs, result if outputs else ()):
            if t not in plan.feed_set:
                env[t] = value


class _Segment:
    """Ops traced into one XLA program."""

    def __init__(self, ops, plan):
        self.ops, self.plan = ops, plan
        made, reads, inside = [], [], set()
        needed_vars, written_vars = [], []  # values read on entry; values the segment writes
        for op in ops:
            for t in plan.inputs_of(op):
                if t not in inside and t not in plan.constants and t not in reads:
                    reads.append(t)
            overwrites = op.type == "Assign"  # needs no value before (an initializer)
            for var_op in lowering.variables_read(op):
                if not overwrites and var_op not in needed_vars and var_op not in written_vars:
                    needed_vars.append(var_op)
                if op.op_def.writes_variable and var_op not in written_vars:
                    written_vars.append(var_op)
            for t in op.outputs:
                if t not in plan.feed_set:
                    inside.add(t)
                    made.append(t)
        self.reads, self.made = reads, made
        self.updated_vars = [v for v in needed_vars if v in written_vars]
        # The new values come back in the order the donated ones went in: JAX gives each
        # output the first donated buffer of its shape left, and any other pairing makes XLA
        # copy every Variable on entry (a Variable's old value is read before it is written).
        self.written_vars = self.updated_vars + [v for v in written_vars
                                                 if v not in self.updated_vars]
        self.read_vars = [v for v in needed_vars if v not in written_vars]
        self.outputs = []
        self.function = None
        # The size rule decides at the first run (None: not yet; ops of an explicit jit_scope:
        # compiled whatever their size).
        self.worth_compiling = True if any(op in plan.explicit for op in ops) else None
        self.elements = 0  # counted while tracing

    def set_outputs(self, outputs):
        self.outputs = outputs
        # The Variables it updates are donated: XLA writes their new values in place.
        self.function = self.plan.jax.jit(self._traced, donate_argnums=(0,))

    def _traced(self, written, read, inputs):
        plan = self.plan
        jnp = plan.jax.numpy
        variables = lowering.VariableValues(zip(self.updated_vars, written))
        variables.values.update(zip(self.read_vars, read))
        env = dict(zip(self.reads, inputs))
        constants = plan.constants
        for op in self.ops:
            args = [env[t] if t in env else constants[t] for t in plan.inputs_of(op)]
            try:
                outputs = lowering.lower(op, variables, args, jnp, plan.tracing_ctx)
            except Exception as exc:  # noqa: BLE001 - the op runs its kernel instead
                raise _TraceFailure(op, exc) from exc
            for t, value in zip(op.outputs, outputs):
                # a loop's record is a pytree of arrays
                self.elements += sum(int(np.prod(leaf.shape))
                                     for leaf in plan.jax.tree_util.tree_leaves(value))
                if t not in plan.feed_set:
                    env[t] = value
        for t in self.outputs:
            if isinstance(env[t], loops.LoopRecord):  # read outside: the loop runs outside too
                raise _TraceFailure(t.op, TypeError("its record is read outside XLA"))
        return [variables.read(v) for v in self.written_vars], [env[t] for t in self.outputs]

    def run(self, env):
        plan = self.plan
        if self.updated_vars:
            with plan.update_lock:
                self._run(env)
        else:
            self._run(env)

    def _run(self, env):
        plan = self.plan
        store, reader = plan.store, self.ops[0]
        updated = store.xla_values(self.updated_vars, reader)
        read = store.xla_values(self.read_vars, reader)
        inputs = [env[t] for t in self.reads]
        for t, value in zip(self.reads, inputs):
            # a TensorArray's elements, an uncompiled loop's record: not for XLA
            if isinstance(value, OpaqueValue) or t.dtype == dtypes.variant:
                reader = next(op for op in self.ops if t in plan.inputs_of(op))
                raise _TraceFailure(reader, TypeError("it reads %s, a %s"
                                                      % (t.name, type(value).__name__)))
        function = self.function
        if self.worth_compiling is None:
            self._apply_size_rule(updated, read, inputs)
        programs = function._cache_size()  # jax.jit's count of compiled signatures
        start = time.perf_counter()
        new_values, outputs = function(updated, read, inputs)
        if function._cache_size() != programs:  # this call traced and compiled one
            plan.note_compile(self, time.perf_counter() - start)
        # XLA runs asynchronously: a run ends when its work is done, as TF1's does (and its
        # errors are this run's). One program's results are ready together: waiting for one
        # is waiting for all (jax.block_until_ready walks them all: 18 us for 50 Variables).
        last = new_values or outputs
        if last:
            last[0].block_until_ready()
        store.put_all(self.written_vars, new_values)
        env.update(zip(self.outputs, outputs))

    def _apply_size_rule(self, updated, read, inputs):
        """Traces the segment (jax.jit keeps the trace for the call that compiles it) and
        raises _TooSmall when the size rule leaves it uncompiled."""
        self.elements = 0
        self.function.trace(updated, read, inputs)
        self.worth_compiling = size_rule.worth_compiling(len(self.ops), self.elements)
        if not self.worth_compiling:
            raise _TooSmall(self, self.elements)
