"""Execution plans: a fetch/feed signature compiled once into straight-line Python.

Compiling does everything that does not depend on the fed values: prune the graph to the ops
the fetches need, order them (Variable writes after the reads they do not depend on), bind each
op's kernel, and work out when each intermediate array is last used. The result is generated as
the source of one function, one line per op, with ``del`` after each value's last use:

    def _plan(feeds):
        v0, = feeds
        v1 = k1(v0, c0)        # MatMul
        del v0
        ...
        return [_h(v5), None]

Running a plan is then a single call, with no dictionary lookups or graph walks per op. When a
kernel fails, the line number of the failing frame names the op, and the frame's locals give
the shapes of the values it was called with.

The same plan can also be written *instrumented* (``run_instrumented``, what ``tf.render(...,
session=sess)`` and ``rendering.profile`` use): the same kernels, guards and rewrites, with
each op's line timed and its outputs' shapes recorded. It is compiled on first use, so the
plain function carries no timing code.

With a device, every op runs where the Placer put it; where a value made on one device is read
on the other, the plan has one line copying it (``_to_dev`` / ``_to_host``), once per value,
device and cond branch. Constants are copied when the plan is built; fed values are host arrays
(or device arrays, as they are) and cross where a device op first reads them.
"""
import collections
import itertools
import threading
import time

import numpy as np

from ..framework import dtypes, errors
from ..framework.composite_tensor import OpaqueValue
from ..framework.run_control import RunControl
from ..framework.tensor import PlanOperation, Tensor
from .. import blas_threads
from .fetches import host_results, may_pass_on_engine_memory
from .placement import CPU, GPU
from .plan_order import branches_of, guard_predicates, prune, schedule
from .rewrites import Rewrites, optimize

_plan_ids = itertools.count()
_COMPILING = threading.RLock()

# One op's line in a plan: ``call`` is its kernel call ("k3(v0, c1)"), or ``statement`` the
# line its OpDef emits instead; ``outs`` the names its outputs get; ``before`` the copies
# between devices its guard needs, ``copies`` those its inputs need (inside the guard);
# ``after`` the lines that follow (copies of fetched views, ``del`` of values last used here).
_Step = collections.namedtuple("_Step", "op before guard copies call statement outs after")


class OpRun(collections.namedtuple("OpRun", "shapes seconds")):
    """What an instrumented run recorded of one op: its outputs' shapes (None when it did not
    run) and the seconds it took."""
    __slots__ = ()

    @property
    def ran(self):
        return self.shapes is not None


class ExecutionContext:
    """What kernels may use when they are bound: the backend, the Session's Variable values and
    its random generators.

    With a device (``placer.device``), kernels of ops placed on it are bound with
    :meth:`context_for`'s device context instead: the device's array module, backend and
    buffers, and the same Variables, random states and resources."""

    def __init__(self, backend, variables, rewrite=True, placer=None, _root=None,
                 on_device=False, host_subplans=False):
        self.backend = backend
        self.xp = backend.xp
        self.rewrite = rewrite  # apply client/rewrites.py when compiling plans
        self.blas_rule = None  # blas_threads.ThreadRule of host BLAS products (Session's)
        self.buffers = backend.buffer_pool()  # large arrays reused between runs
        self.placer = placer  # client/placement.py: each op's device
        # Plans compiled by kernels bound with this context hand their values to the device.
        self.on_device = on_device
        # ...or run every op on the host (the functions of a tf.data pipeline, as in TF1).
        self.host_subplans = host_subplans
        # issue 19: what makes the plans of loop bodies and the like (compile() below), when
        # not a plain ExecutionPlan: the Session's compiled path (autograd_engine/jit).
        self.subplan_maker = None
        if _root is None:
            # Per-Session resource states (iterators, queues) keyed by op; how kernels block.
            self.variables, self.resources, self.run_control = variables, {}, RunControl()
            self._random_states, self._variable_locks = {}, {}
            self._root, self._device_ctx, self._host_only_ctx = self, None, None
        else:
            self.variables, self.resources, self.run_control = \
                _root.variables, _root.resources, _root.run_control
            self._random_states, self._root = _root._random_states, _root
            self._variable_locks = _root._variable_locks

    def variable_lock(self, var_op):
        """The Session's lock on ``var_op``'s value, held by updates with ``use_locking``
        (TF1's per-Variable mutex); one per Variable, shared by every plan of the Session."""
        lock = self._variable_locks.get(var_op)
        if lock is None:  # setdefault is atomic: two plans compiling at once get the same one
            lock = self._variable_locks.setdefault(var_op, threading.Lock())
        return lock

    def release_buffers(self):
        """Drops the large arrays kept by this context and its device and host contexts
        (``Session.close()``)."""
        for ctx in (self, self._device_ctx, self._host_only_ctx):
            if ctx is not None:
                ctx.buffers.clear()

    def random_state(self, op):
        rng = self._random_states.get(op)
        if rng is None:
            seed, seed2 = op.attrs["seed"], op.attrs["seed2"]
            rng = self.backend.random_generator(None if seed is None else [seed, seed2])
            self._random_states[op] = rng
        return rng

    def compile(self, fetches, feeds, to_host=False):
        """A function running ``fetches`` (tensors) given values for ``feeds`` (tensors), as a
        plan of its own: what a loop op runs on every iteration. Its values are where this
        context's kernels work, or host values with ``to_host`` (a loop's predicate, which
        Python reads)."""
        make_plan = self._root.subplan_maker
        if make_plan is None or to_host or self.host_subplans or self.on_device:
            make_plan = ExecutionPlan
        return make_plan(fetches, feeds, self._root,
                         outputs_on_device=self.on_device and not to_host,
                         all_on_host=self.host_subplans).run

    def context_for(self, op, all_on_host=False):
        """The context to bind ``op``'s kernel with (this one when there is no device)."""
        placer = self.placer
        if placer is None or placer.device is None:
            return self
        if all_on_host or op.op_def.host_only:
            if self._host_only_ctx is None:
                self._host_only_ctx = ExecutionContext(self.backend, None, self.rewrite, placer,
                                                       self, host_subplans=True)
            return self._host_only_ctx
        if not placer.on_device(op):
            return self
        if self._device_ctx is None:
            self._device_ctx = ExecutionContext(placer.device, None, self.rewrite, placer, self,
                                                on_device=True)
        return self._device_ctx


def _tf_dtype_name(dtype):
    return {"float32": "float", "float64": "double", "float16": "half"}.get(dtype.name, dtype.name)


class ExecutionPlan:
    """A compiled (fetches, feeds) signature of one Session.

    Fetched values come back as host numpy values; with ``outputs_on_device`` (a plan a
    device kernel runs, or ``tf.RunOptions(output_on_device=True)``) they stay on the device.
    ``all_on_host`` runs every op on the host (the functions of a tf.data pipeline).
    ``fusable(op)``, when given, says which ops the plan's fusions may replace (the compiled
    path keeps the ops XLA compiles as they are: it fuses them itself)."""

    def __init__(self, fetch_elements, feed_tensors, ctx, outputs_on_device=False,
                 all_on_host=False, fusable=None):
        # One plan compiles at a time: binding kernels parses expressions with the ast module,
        # which CPython 3.11 does not make safe for threads (gh-106905: "AST constructor
        # recursion depth mismatch"), and compiling is rare. Reentrant: loops compile theirs.
        with _COMPILING:
            self._build(fetch_elements, feed_tensors, ctx, outputs_on_device, all_on_host,
                        fusable)

    def _build(self, fetch_elements, feed_tensors, ctx, outputs_on_device, all_on_host,
               fusable):
        self.fetch_elements = list(fetch_elements)
        self.feed_tensors = list(feed_tensors)
        feed_set = set(feed_tensors)
        needed = prune(fetch_elements, feed_set)
        self._check_placeholders_fed(needed)
        if ctx.placer is not None:
            for op in sorted(needed, key=lambda o: o._id):
                ctx.placer.place(op)
        fetched = [t for t in fetch_elements if isinstance(t, Tensor)]
        self.rewrites = optimize(needed, feed_set, ctx, fetched, all_on_host, fusable) \
            if ctx.rewrite else Rewrites()
        needed = prune(fetch_elements, feed_set, self.rewrites)
        self.ops = schedule(needed, feed_set, self.rewrites.inputs)
        self.graph_version = None
        self.structure_version = None
        self.growth_runs = 0
        self._line_ops = {}  # compiled file name -> {line number: op}
        self._instrumented = None
        self._compile(ctx, feed_set, outputs_on_device, all_on_host)
        self.run_compiled = self._load(instrument=False)

    @staticmethod
    def _check_placeholders_fed(needed):
        missing = sorted((op for op in needed if op.op_def.must_be_fed), key=lambda op: op._id)
        if missing:
            op = missing[0]
            out = op.outputs[0]
            raise errors.InvalidArgumentError(
                None, op,
                "You must feed a value for placeholder tensor '%s' with dtype %s and shape %s\n"
                "\t [[{{node %s}}]]\nAdd it to feed_dict, e.g. sess.run(..., feed_dict={%s: "
                "value}).%s" % (op.name, _tf_dtype_name(out.dtype), out.shape.bracketed(), op.name,
                                op.name, op.creation_site()))

    def _compile(self, ctx, feed_set, outputs_on_device, all_on_host):
        """Binds every op's kernel and works out the plan's lines (:class:`_Step`); the source
        is written from them by :meth:`_load`, plain or instrumented."""
        ndarray = ctx.xp.ndarray
        namespace = {"_h": host_results(ctx.backend.to_numpy), "_copy": ctx.xp.array,
                     "_zeros_like": ctx.xp.zeros_like, "_clock": time.perf_counter,
                     "_fresh": lambda v: v.copy() if isinstance(v, ndarray) else v}
        counter = itertools.count()
        placer = ctx.placer
        # The copies between host and device, when ops run on both (None: all on the host).
        transfers = None if all_on_host or placer is None or placer.device is None else \
            _Transfers(placer, namespace, counter)
        expr = {}
        prologue = []
        if self.feed_tensors:
            names = ["f%d" % i for i in range(len(self.feed_tensors))]
            prologue.append("    %s, = feeds" % ", ".join(names))
            expr.update(zip(self.feed_tensors, names))
        resolve, inputs_of, folded = (self.rewrites.resolve, self.rewrites.inputs,
                                      self.rewrites.folded)
        fetched = {resolve(e) for e in self.fetch_elements if isinstance(e, Tensor)}

        def bind_constant(t):
            if t in folded and t not in expr:
                expr[t] = "c%d" % next(counter)
                namespace[expr[t]] = _scalar_if_0d(folded[t])
                if transfers is not None:
                    transfers.constants.add(t)

        last_use = {}
        for step, op in enumerate(self.ops):
            for t in list(inputs_of(op)) + guard_predicates(op):
                last_use[t] = step
                bind_constant(t)
        for t in fetched:
            bind_constant(t)
        predicates = set() if transfers is None else \
            {p for op in self.ops for p in guard_predicates(op)}
        # Values that may be memory the engine keeps (a Variable's storage, a constant, a fed
        # array) rather than arrays a kernel made for this run: fetched, they are copied.
        engine_owned = set(feed_set).union(folded)
        self._step_inputs = {}
        self._constants = {}  # outputs of constant ops, bound here rather than run
        blas_rule, runs_blas = ctx.blas_rule, False
        steps = []
        for step, op in enumerate(self.ops):
            if op.op_def.is_constant:  # one value for every device: bound on the host
                value = op.op_def.kernel(op, ctx)
                name = "c%d" % next(counter)
                namespace[name] = _scalar_if_0d(value)
                expr[op._outputs[0]] = name
                self._constants[op._outputs[0]] = value
                engine_owned.add(op._outputs[0])
                if transfers is not None:
                    transfers.constants.add(op._outputs[0])
                continue
            bound_ctx = ctx.context_for(op, all_on_host)
            kernel = op.op_def.kernel(op, bound_ctx)
            string_outputs = [i for i, t in enumerate(op._outputs) if t.dtype == dtypes.string]
            if string_outputs:
                kernel = _keeping_string_arrays(kernel, string_outputs, len(op._outputs))
            on_device = transfers is not None and placer.on_device(op)
            if blas_rule is not None and op.op_def.blas_flops is not None and not on_device \
                    and bound_ctx.backend.name == "numpy":
                static_shapes = [t.shape.as_tuple() for t in inputs_of(op)]
                kernel = blas_rule.bind(kernel, op, static_shapes, blas_threads.controller())
                runs_blas = True
            kname = "k%d" % next(counter)
            namespace[kname] = kernel
            emit = op.op_def.emit
            branches = branches_of(op)
            before, copies = [], []
            if transfers is None:
                guard = " and ".join(expr[c.pred] if c.branch else "not " + expr[c.pred]
                                     for c in branches)
                arg_list = [expr[t] for t in inputs_of(op)]
            else:
                guard = " and ".join(
                    ("%s" if c.branch else "not %s")
                    % transfers.operand(c.pred, expr[c.pred], False, branches[:depth], before,
                                        "    ")
                    for depth, c in enumerate(branches))
            indent = "        " if guard else "    "
            if transfers is not None:
                host_inputs = op.op_def.host_input_indices(op)
                arg_list = [
                    transfers.operand(t, expr[t], False, branches, copies, indent)
                    if i in host_inputs or (emit is None and not on_device) else
                    transfers.operand(t, expr[t], True, branches, copies, indent)
                    if emit is None else expr[t]  # a choice between values: wherever they are
                    for i, t in enumerate(inputs_of(op))]
            outs = []
            for index, t in enumerate(op._outputs):
                if t in feed_set:  # the op runs (it was fetched), but readers get the feed
                    outs.append("_")
                elif t in last_use or t in fetched:
                    expr[t] = "v%d" % next(counter)
                    outs.append(expr[t])
                    if transfers is not None and emit is None:
                        transfers.where[t] = on_device and index not in op.op_def.host_outputs
                else:
                    outs.append("_")
            # An emitted op is an expression choosing between branch values, not a call.
            statement = None if emit is None else emit(op, outs[0], arg_list)
            after = []
            if may_pass_on_engine_memory(op, inputs_of(op), engine_owned):
                engine_owned.update(op._outputs)
                for t, out in zip(op._outputs, outs):
                    if t in fetched and out != "_":
                        # Copied where it is made: a later in-place update in this run (or a
                        # later run) must not change what the caller receives.
                        after.append(indent + "%s = %s(%s)" % (
                            out, "_fresh" if emit is not None or not op.op_def.output_is_view
                            else "_copy_d" if on_device else "_copy", out))
            if transfers is not None and (on_device or emit is not None):
                for t in op._outputs:  # Python reads predicates: bring them over while they exist
                    if t in predicates:
                        transfers.operand(t, expr[t], False, branches, after, indent)
            # Values made inside a cond branch may not exist: only top-level ones are deleted.
            dying = [t for t in list(inputs_of(op)) + guard_predicates(op)
                     if last_use.get(t) == step and not branches_of(t.op)]
            dead = [expr[t] for t in dying
                    if t not in fetched and t not in feed_set and expr[t].startswith("v")]
            if transfers is not None:
                # A fetched value's copy may be what the plan returns (a loop body's output).
                dead += [copy for t in dying if t not in fetched
                         for copy in transfers.top_level_copies.get(t, ())]
            if dead:
                after.append("    del %s" % ", ".join(sorted(set(dead))))
            steps.append(_Step(op, before, guard, copies, "%s(%s)" % (kname, ", ".join(arg_list)),
                               statement, outs, after))
            self._step_inputs[op] = arg_list
        results, epilogue = [], []
        for element in self.fetch_elements:
            if not isinstance(element, Tensor):
                results.append("None")
                continue
            t = resolve(element)
            name = expr[t]
            # A constant is shared by every run, and a fed array is the caller's: hand out a
            # copy the caller may change.
            if outputs_on_device and transfers is not None:
                name = transfers.operand(t, name, True, [], epilogue, "    ")
                results.append("_fresh(%s)" % name if name[0] in "cf" else name)
            else:
                results.append("_h(_fresh(%s))" % name if name[0] in "cf" else "_h(%s)" % name)
        self._prologue = prologue
        self._steps = steps
        self._start_blas = blas_threads.run_start(blas_rule, runs_blas)  # None, or per run
        self._epilogue = epilogue + ["    return [%s]" % ", ".join(results)]
        self._namespace = namespace

    def _load(self, instrument):
        """The plan's function, from its source written plain (one line per op) or, with
        ``instrument``, timing each op and passing its result to ``_record(index, seconds,
        result)``, a per-run argument."""
        lines = ["def _plan(feeds, _record):" if instrument else "def _plan(feeds):"]
        lines.extend(self._prologue)
        line_ops = {}
        for index, step in enumerate(self._steps):
            indent = "        " if step.guard else "    "
            first_line = len(lines)  # the op's copies fail in its name too
            lines.extend(step.before)
            if step.guard:
                lines.append("    if %s:" % step.guard)
            lines.extend(step.copies)
            if instrument:
                lines.append(indent + "_t = _clock()")
            if step.statement is not None:
                lines.append(indent + step.statement)
                result = step.outs[0]
            elif instrument:
                lines.append(indent + "_r = " + step.call)
                result = "_r"
            elif step.outs:
                lines.append(indent + "%s = %s" % (", ".join(step.outs), step.call))
            else:
                lines.append(indent + step.call)
            for line in range(first_line, len(lines)):
                line_ops[line + 1] = step.op
            if instrument:
                lines.append(indent + "_record(%d, _clock() - _t, %s)" % (index, result))
                if step.statement is None and step.outs:
                    lines.append(indent + "%s = _r" % ", ".join(step.outs))
            lines.extend(step.after)
        lines.extend(self._epilogue)
        source = "\n".join(lines) + "\n"
        filename = "<autograd_engine plan %d%s>" % (next(_plan_ids),
                                                    " instrumented" if instrument else "")
        self._line_ops[filename] = line_ops
        namespace = dict(self._namespace)  # the same kernels and constants
        exec(compile(source, filename, "exec"), namespace)
        if not instrument:
            self.source = source
        return namespace["_plan"]

    def run(self, feed_values):
        """Runs the plan; returns one value per fetch element (None for ops)."""
        # The BLAS thread rule's start of run returns, when it times this run, its end.
        ended = None if self._start_blas is None else self._start_blas()
        try:
            values = self.run_compiled(feed_values)
        except Exception as e:  # noqa: BLE001 - translated into TF1's error classes
            raise self._translate(e) from (None if isinstance(e, errors.OpError) else e)
        if ended is not None:
            ended()
        return values

    def run_instrumented(self, feed_values):
        """Runs the plan as :meth:`run` does (the same kernels, guards and rewrites), timing
        each op; returns ``(values, profile)``. ``profile`` maps every op the fetches need in
        the graph, in the order the plan without rewrites would run them, to an
        :class:`OpRun`: its outputs' shapes and the seconds its kernel took. An op the rewrites
        replaced has the shapes of the values standing for it and the time of the fused ops
        standing for it (0 for a folded constant, a pass-through, a duplicate); an op that did
        not run (in a tf.cond branch not taken) has ``shapes`` None."""
        if self._instrumented is None:
            self._instrumented = self._load(instrument=True)
        if self._start_blas is not None:
            self._start_blas()
        steps, ran = self._steps, {}

        def record(index, seconds, result):
            op = steps[index].op
            n = len(op._outputs)
            outputs = () if n == 0 else (result,) if n == 1 else tuple(result)
            ran[op] = OpRun([_shape(v) for v in outputs], seconds)
        try:
            values = self._instrumented(feed_values, record)
        except Exception as e:  # noqa: BLE001 - translated into TF1's error classes
            raise self._translate(e) from (None if isinstance(e, errors.OpError) else e)
        shapes = {t: _shape(v) for t, v in zip(self.feed_tensors, feed_values)}
        for t, value in itertools.chain(self.rewrites.folded.items(), self._constants.items()):
            shapes[t] = _shape(value)
        fused_seconds = collections.defaultdict(float)  # plan-only ops' time, per graph op
        for op, run in ran.items():
            shapes.update(zip(op._outputs, run.shapes))
            if isinstance(op, PlanOperation):
                fused_seconds[op._stands_for] += run.seconds
        stepped = {step.op for step in steps}
        feed_set = set(self.feed_tensors)
        profile = {}
        for op in schedule(prune(self.fetch_elements, feed_set), feed_set):
            run = ran.get(op)
            if run is None:  # not run, or computed by other ops of the plan (rewritten)
                outputs = [shapes.get(self.rewrites.resolve(t)) for t in op._outputs]
                computed = op not in stepped and None not in outputs
                run = OpRun(outputs if computed else None, fused_seconds.get(op, 0.0))
            profile[op] = run
        return values, profile

    def _translate(self, exc):
        tb, op, frame_locals = exc.__traceback__, None, {}
        raised_by_plan = False  # in the plan's own lines, not in a kernel it called
        while tb is not None:
            line_ops = self._line_ops.get(tb.tb_frame.f_code.co_filename)
            raised_by_plan = line_ops is not None
            if line_ops is not None:
                op = line_ops.get(tb.tb_lineno)
                frame_locals = tb.tb_frame.f_locals
            tb = tb.tb_next
        if isinstance(exc, errors.OpError):
            return exc
        if isinstance(exc, NameError) and raised_by_plan:  # UnboundLocalError included
            return errors.InvalidArgumentError(
                None, op, "A fetched value was not computed in this run: it is made inside a "
                "branch of tf.cond that was not taken. Fetch the cond's output instead (%s)." % exc)
        if op is None:
            return exc
        shapes = []
        for name in self._step_inputs.get(op, ()):
            value = frame_locals.get(name, self._namespace.get(name))
            shapes.append("[" + ",".join(str(d) for d in getattr(value, "shape", ())) + "]")
        message = ("%s: %s\nwhile running %s with input shapes: %s.%s"
                   % (type(exc).__name__, exc, op.describe(), ", ".join(shapes) or "(none)",
                      op.creation_site()))
        if isinstance(exc, MemoryError):
            return errors.ResourceExhaustedError(None, op, "OOM when running %s" % message)
        return errors.InvalidArgumentError(None, op, message)


def _shape(value):
    return tuple(getattr(value, "shape", ()))


def _scalar_if_0d(value):
    """0-d numpy arrays become numpy scalars, whose arithmetic is 5-10x faster (and which no
    kernel can change in place). A 0-d string stays an object array: numpy would make a bare
    ``bytes`` a fixed-width array, dropping trailing NUL bytes."""
    return value[()] if type(value) is np.ndarray and value.ndim == 0 and \
        value.dtype != object else value


def _keeping_string_arrays(kernel, indices, count):
    """``kernel`` whose string outputs are always object arrays of bytes: numpy hands back a
    bare ``bytes`` for a 0-d result (``np.add`` of two strings), which the next kernel's numpy
    call would turn into a fixed-width array."""
    def as_array(value):
        if type(value) is np.ndarray and value.dtype == object:
            return value
        return dtypes.as_string_array(value)

    if count == 1:
        return lambda *args: as_array(kernel(*args))

    def strings_as_arrays(*args):
        outputs = list(kernel(*args))
        for i in indices:
            outputs[i] = as_array(outputs[i])
        return tuple(outputs)
    return strings_as_arrays


class _Transfers:
    """The copies between host and device in a plan being compiled: each value is copied at
    most once per device (and cond branch), by a line of the plan, where a reader on the
    other device first needs it; constants are copied once, now."""

    def __init__(self, placer, namespace, counter):
        device = self.device = placer.device
        is_native, to_device, to_numpy = device.is_native, device.to_device, device.to_numpy
        host_value = lambda v: to_numpy(v) if is_native(v) else v  # noqa: E731
        device_ndarray = device.xp.ndarray
        namespace.update({
            "_to_dev": lambda v: (v if is_native(v) or isinstance(v, OpaqueValue)
                                  else to_device(v)),
            "_to_host": host_value,
            "_h": host_results(host_value),
            "_copy_d": device.xp.array,
            "_fresh": lambda v: v.copy() if isinstance(v, (np.ndarray, device_ndarray)) else v,
            "_zeros_like": lambda v: (device.xp if is_native(v) else np).zeros_like(v),
        })
        self.placer, self.namespace, self.counter = placer, namespace, counter
        self.where = {}  # tensor -> True on the device, False on the host (absent: either)
        self.constants = set()  # tensors whose value the plan holds (on the host)
        self.copies = {}  # (tensor, to the device?, cond branches) -> the copy's name
        self.top_level_copies = {}  # tensor -> its copies outside branches (deleted with it)

    def operand(self, tensor, name, on_device, branches, lines, indent):
        """The name of ``tensor``'s value (``name`` where it was made) on the device
        (``on_device``) or the host, for a reader inside ``branches``; appends the copy's line
        to ``lines`` the first time one is needed."""
        if tensor.dtype.np_dtype.kind == "O":  # opaque (a loop's record): never moved
            return name
        if tensor in self.constants:
            key = (tensor, on_device, ())
            if key not in self.copies:
                copy = name
                if on_device:
                    copy = "c%d" % next(self.counter)
                    self.namespace[copy] = self.device.to_device(self.namespace[name])
                    self.placer.log_copy(tensor, GPU)
                self.copies[key] = copy
            return self.copies[key]
        if self.where.get(tensor) is on_device:
            return name
        for depth in range(len(branches) + 1):  # a copy made where this reader is sure to run
            copy = self.copies.get((tensor, on_device, tuple(branches[:depth])))
            if copy is not None:
                return copy
        copy = "v%d" % next(self.counter)
        lines.append("%s%s = %s(%s)" % (indent, copy, "_to_dev" if on_device else "_to_host",
                                        name))
        self.copies[(tensor, on_device, tuple(branches))] = copy
        if not branches:
            self.top_level_copies.setdefault(tensor, []).append(copy)
        self.placer.log_copy(tensor, GPU if on_device else CPU)
        return copy
