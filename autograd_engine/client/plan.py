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
"""
import heapq
import itertools

import numpy as np

from ..framework import errors
from ..framework.tensor import Tensor
from .rewrites import Rewrites, optimize

_plan_ids = itertools.count()


class ExecutionContext:
    """What kernels may use when they are bound: the backend, the Session's Variable values and
    its random generators."""

    def __init__(self, backend, variables, rewrite=True, placer=None):
        self.backend = backend
        self.xp = backend.xp
        self.variables = variables
        self.rewrite = rewrite  # apply client/rewrites.py when compiling plans
        self.buffers = backend.buffer_pool()  # large arrays reused between runs
        self.placer = placer  # client/placement.py: checks each op's requested device
        # Per-Session state of stateful resources (tf.data iterators), keyed by their op.
        self.resources = {}
        self._random_states = {}

    def random_state(self, op):
        rng = self._random_states.get(op)
        if rng is None:
            seed, seed2 = op.attrs["seed"], op.attrs["seed2"]
            rng = self.backend.random_generator(None if seed is None else [seed, seed2])
            self._random_states[op] = rng
        return rng

    def compile(self, fetches, feeds):
        """A function running ``fetches`` (tensors) given values for ``feeds`` (tensors), as a
        plan of its own: what a loop op runs on every iteration."""
        return ExecutionPlan(fetches, feeds, self).run


def _tf_dtype_name(dtype):
    return {"float32": "float", "float64": "double", "float16": "half"}.get(dtype.name, dtype.name)


def prune(fetch_elements, feed_set, rewrites=None):
    """The ops needed to compute the fetches, given the fed tensors (iterative walk). With
    ``rewrites``, inputs are followed as rewritten and folded constants need no op."""
    inputs_of = (lambda op: op._inputs) if rewrites is None else rewrites.inputs
    folded = {} if rewrites is None else rewrites.folded
    needed, stack = set(), []
    for element in fetch_elements:
        if isinstance(element, Tensor):
            if rewrites is not None:
                element = rewrites.resolve(element)
            if element not in feed_set and element not in folded:
                stack.append(element.op)
        else:
            stack.append(element)
    while stack:
        op = stack.pop()
        if op in needed:
            continue
        needed.add(op)
        stack.extend(t.op for t in inputs_of(op) if t not in feed_set and t not in folded)
        stack.extend(op._control_inputs)
        stack.extend(p.op for p in _guard_predicates(op) if p not in feed_set)
    return needed


def _branches(op):
    """The tf.cond branches ``op`` is in, outermost first (loop bodies are not branches: a
    loop runs its body as a plan of its own)."""
    ctx = op._control_flow_context
    return [] if ctx is None else [c for c in ctx.chain() if hasattr(c, "pred")]


def _guard_predicates(op):
    """The predicates deciding whether ``op`` runs."""
    return [c.pred for c in _branches(op)]


def schedule(needed, feed_set, inputs_of=lambda op: op._inputs):
    """A topological order of ``needed``. Among ready ops the oldest goes first, and an op that
    writes a Variable waits while any other op is ready, so every read that does not depend on
    a write runs before it (a fetched loss is the loss before the update, as in TF1)."""
    successors = {op: [] for op in needed}
    blocked = {}
    for op in needed:
        deps = {t.op for t in inputs_of(op) if t not in feed_set and t.op in needed}
        deps.update(op._control_inputs)
        deps.update(p.op for p in _guard_predicates(op) if p not in feed_set)
        blocked[op] = len(deps)
        for dep in deps:
            successors[dep].append(op)
    ready, writers, order = [], [], []
    for op in needed:
        if blocked[op] == 0:
            heapq.heappush(writers if op.op_def.writes_variable else ready, (op._id, op))
    while ready or writers:
        _, op = heapq.heappop(ready if ready else writers)
        order.append(op)
        for succ in successors[op]:
            blocked[succ] -= 1
            if blocked[succ] == 0:
                heapq.heappush(writers if succ.op_def.writes_variable else ready, (succ._id, succ))
    return order


class ExecutionPlan:
    """A compiled (fetches, feeds) signature of one Session."""

    def __init__(self, fetch_elements, feed_tensors, ctx):
        self.fetch_elements = list(fetch_elements)
        self.feed_tensors = list(feed_tensors)
        feed_set = set(feed_tensors)
        needed = prune(fetch_elements, feed_set)
        self._check_placeholders_fed(needed)
        if ctx.placer is not None:
            for op in sorted(needed, key=lambda o: o._id):
                ctx.placer.place(op)
        fetched = [t for t in fetch_elements if isinstance(t, Tensor)]
        self.rewrites = optimize(needed, feed_set, ctx, fetched) if ctx.rewrite else Rewrites()
        needed = prune(fetch_elements, feed_set, self.rewrites)
        self.ops = schedule(needed, feed_set, self.rewrites.inputs)
        self.graph_version = None
        self.structure_version = None
        self.growth_runs = 0
        self._compile(ctx, feed_set)

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

    def _compile(self, ctx, feed_set):
        ndarray = ctx.xp.ndarray
        namespace = {"_h": _to_host(ctx.backend), "_copy": ctx.xp.array,
                     "_zeros_like": ctx.xp.zeros_like,
                     "_fresh": lambda v: v.copy() if isinstance(v, ndarray) else v}
        expr = {}
        lines = ["def _plan(feeds):"]
        if self.feed_tensors:
            names = ["f%d" % i for i in range(len(self.feed_tensors))]
            lines.append("    %s, = feeds" % ", ".join(names))
            expr.update(zip(self.feed_tensors, names))
        resolve, inputs_of, folded = (self.rewrites.resolve, self.rewrites.inputs,
                                      self.rewrites.folded)
        fetched = {resolve(e) for e in self.fetch_elements if isinstance(e, Tensor)}
        counter = itertools.count()

        def bind_constant(t):
            if t in folded and t not in expr:
                expr[t] = "c%d" % next(counter)
                namespace[expr[t]] = _scalar_if_0d(folded[t])

        last_use = {}
        for step, op in enumerate(self.ops):
            for t in list(inputs_of(op)) + _guard_predicates(op):
                last_use[t] = step
                bind_constant(t)
        for t in fetched:
            bind_constant(t)
        self._line_ops = {}
        self._step_inputs = {}
        for step, op in enumerate(self.ops):
            kernel = op.op_def.kernel(op, ctx)
            if op.op_def.is_constant:
                name = "c%d" % next(counter)
                namespace[name] = _scalar_if_0d(kernel)
                expr[op._outputs[0]] = name
                continue
            kname = "k%d" % next(counter)
            namespace[kname] = kernel
            arg_list = [expr[t] for t in inputs_of(op)]
            args = ", ".join(arg_list)
            guard = " and ".join(expr[c.pred] if c.branch else "not " + expr[c.pred]
                                 for c in _branches(op))
            indent = "        " if guard else "    "
            if guard:
                lines.append("    if %s:" % guard)
            outs = []
            for t in op._outputs:
                if t in feed_set:  # the op runs (it was fetched), but readers get the feed
                    outs.append("_")
                elif t in last_use or t in fetched:
                    expr[t] = "v%d" % next(counter)
                    outs.append(expr[t])
                else:
                    outs.append("_")
            emit = op.op_def.emit
            if emit is not None:  # an expression choosing between branch values
                lines.append(indent + emit(op, outs[0], arg_list))
            elif not outs:
                lines.append(indent + "%s(%s)" % (kname, args))
            else:
                lines.append(indent + "%s = %s(%s)" % (", ".join(outs), kname, args))
            self._line_ops[len(lines)] = op
            self._step_inputs[op] = arg_list
            if op.op_def.output_is_view:
                for t in op._outputs:
                    if t in fetched:  # never hand out memory a later in-place update can change
                        lines.append(indent + "%s = _copy(%s)" % (expr[t], expr[t]))
            # Values made inside a cond branch may not exist: only top-level ones are deleted.
            dead = [expr[t] for t in list(inputs_of(op)) + _guard_predicates(op)
                    if last_use.get(t) == step and t not in fetched and t not in feed_set
                    and expr[t].startswith("v") and not _branches(t.op)]
            if dead:
                lines.append("    del %s" % ", ".join(sorted(set(dead))))
        results = []
        for element in self.fetch_elements:
            if not isinstance(element, Tensor):
                results.append("None")
                continue
            name = expr[resolve(element)]
            # A constant is shared by every run: hand out a copy the caller may change.
            results.append("_h(_fresh(%s))" % name if name.startswith("c") else "_h(%s)" % name)
        lines.append("    return [%s]" % ", ".join(results))
        self.source = "\n".join(lines) + "\n"
        self._filename = "<autograd_engine plan %d>" % next(_plan_ids)
        self._namespace = namespace
        exec(compile(self.source, self._filename, "exec"), namespace)
        self.run_compiled = namespace["_plan"]

    def run(self, feed_values):
        """Runs the plan; returns one value per fetch element (None for ops)."""
        try:
            return self.run_compiled(feed_values)
        except Exception as e:  # noqa: BLE001 - translated into TF1's error classes
            raise self._translate(e) from (None if isinstance(e, errors.OpError) else e)

    def _translate(self, exc):
        tb, op, frame_locals = exc.__traceback__, None, {}
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == self._filename:
                op = self._line_ops.get(tb.tb_lineno)
                frame_locals = tb.tb_frame.f_locals
            tb = tb.tb_next
        if isinstance(exc, errors.OpError):
            return exc
        if isinstance(exc, NameError):  # UnboundLocalError included
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


def _scalar_if_0d(value):
    """0-d numpy arrays become numpy scalars, whose arithmetic is 5-10x faster (and which no
    kernel can change in place)."""
    return value[()] if type(value) is np.ndarray and value.ndim == 0 else value


def _to_host(backend):
    """Converts one fetched value to what TF1 returns: numpy arrays, numpy scalars for 0-d."""
    ndarray = np.ndarray
    to_numpy = backend.to_numpy

    def host(value):
        if type(value) is not ndarray:
            value = to_numpy(value)
            if type(value) is not ndarray:
                return value
        return value if value.ndim else value[()]
    return host
