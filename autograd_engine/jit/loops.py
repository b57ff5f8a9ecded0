"""``tf.while_loop`` lowered into the segment that holds it: the loop's condition, body and
body gradient are sub-plans, traced with the same lowering as the rest of the plan (nested
loops included) and handed to XLA's loop constructs, so the body is compiled once however many
iterations run.

* A loop whose trip count is known while tracing becomes ``lax.scan`` (XLA compiles it better,
  and it records each iteration's starting values for the gradient). The trip count is known
  when the loop variables the condition reads start from values known while tracing (a counter
  from 0, a bound from a constant or a static shape) and the body computes their next values
  from known values only: those few ops are run ahead in numpy.
* Otherwise a loop nobody differentiates becomes ``lax.while_loop``; one that stacks values per
  iteration or whose gradient is taken stays a graph break, as does a loop any of whose ops
  cannot be lowered (``py_func``, TensorArrays, random ops...).
* ``WhileGrad`` (the loop's gradient: the body's gradient subgraph run backwards over the
  recorded iterations) becomes a reversed ``lax.scan`` over the forward scan's record.
"""
import numpy as np

from ..client.plan_order import branches_of, prune, schedule
from ..client.rewrites import Rewrites, optimize
from . import lowering
from .lowering import NotLowerable, VariableValues, concrete, lower, may_lower
from .runtime import jax_module

# Trip counts above this are not run ahead while tracing: the loop becomes lax.while_loop.
MAX_RUN_AHEAD = 10000


class LoopRecord:
    """A lowered While's record for its WhileGrad: each loop variable's values at the start
    of every iteration, stacked (``history``), the number of iterations, and the body's values
    that its gradient reads (``saved``, stacked, of the tensors ``residuals``), which the
    gradient is fed rather than computing them again."""

    def __init__(self, history, trips, residuals=(), saved=()):
        self.history, self.trips = history, trips
        self.residuals, self.saved = list(residuals), list(saved)

    # A JAX pytree: an inner loop's record is one of the values an outer loop's scan stacks
    # for the outer gradient (each outer iteration's inner record).
    def flatten(self):
        return (self.history, self.saved), (self.trips, tuple(self.residuals))

    @classmethod
    def unflatten(cls, aux, children):
        return cls(children[0], aux[0], aux[1], children[1])


_REGISTERED = []


def _register_record(jax):
    if not _REGISTERED:
        jax.tree_util.register_pytree_node(LoopRecord, LoopRecord.flatten, LoopRecord.unflatten)
        _REGISTERED.append(LoopRecord)


class SubFunction:
    """A sub-plan (``fetches`` given ``feeds``) as a function of traced values; NotLowerable
    when one of its ops may not be lowered."""

    def __init__(self, fetches, feeds, tracing_ctx):
        ctx = tracing_ctx.plan_context
        if ctx is None:
            raise NotLowerable("no context to build the loop's sub-plans")
        # the plan's ops as ExecutionPlan orders and rewrites them, without binding kernels
        feed_set = set(feeds)
        needed = prune(fetches, feed_set)
        rewrites = optimize(needed, feed_set, ctx, fetches) if ctx.rewrite else Rewrites()
        self.tracing_ctx = tracing_ctx
        self.inputs_of = rewrites.inputs
        self.feeds = list(feeds)
        self.constants = dict(rewrites.folded)
        self.ops = []
        for op in schedule(prune(fetches, feed_set, rewrites), feed_set, rewrites.inputs):
            if op.op_def.is_constant:
                self.constants[op.outputs[0]] = op.op_def.kernel(op, tracing_ctx.host)
            elif not may_lower(op, branches_of(op)) or op.op_def.writes_variable:
                raise NotLowerable("the loop runs %s, which stays outside XLA" % op.describe())
            else:
                self.ops.append(op)
        self.fetches = [rewrites.resolve(t) for t in fetches]

    def __call__(self, values, jnp, extra=()):
        """The fetches' values, then those of the ``extra`` tensors its ops make."""
        env = dict(zip(self.feeds, values))
        constants, variables = self.constants, VariableValues(())
        for op in self.ops:
            args = [env[t] if t in env else constants[t] for t in self.inputs_of(op)]
            env.update(zip(op.outputs, lower(op, variables, args, jnp, self.tracing_ctx)))
        return [env[t] if t in env else constants[t] for t in self.fetches + list(extra)]


def _functions(op, tracing_ctx):
    """(condition, body) of a While, built once per op."""
    cache = tracing_ctx.loop_functions
    if op not in cache:
        attrs = op.attrs
        loop_vars, captured = list(attrs["loop_vars"]), attrs["captured"]
        cache[op] = (SubFunction([attrs["cond_output"]], loop_vars + captured, tracing_ctx),
                     SubFunction(attrs["body_outputs"] + attrs["collected"],
                                 loop_vars + attrs["slices"] + captured, tracing_ctx))
    return cache[op]


def _split(args, n, k):
    values, rest = list(args[:n]), list(args[n:])
    if not k:
        return values, [], 0, rest
    return values, rest[:k], rest[k], rest[k + 1:]


def _as_carry(values, tensors, jnp):
    """Loop values as XLA's loops carry them: arrays of the loop variables' dtypes."""
    return [jnp.asarray(v, dtype=t.dtype.np_dtype) for v, t in zip(values, tensors)]


def _row_ahead(sliced, start, step, trip, jnp):
    """Row ``start + step * trip`` of ``sliced`` when both are known while tracing, else an
    unknown value (what depends on it is then not known either)."""
    if concrete(sliced) and concrete(start):
        row = int(start) + step * trip
        if 0 <= row < sliced.shape[0]:
            return sliced[row]
    return jnp.zeros(np.shape(sliced)[1:], sliced.dtype)


def _trip_count(op, cond, values, sliced, start, captured, jnp):
    """The number of iterations when it is known while tracing, else None: the condition is
    run ahead in numpy on the loop variables whose next values are known while tracing."""
    attrs = op.attrs
    limit = attrs["maximum_iterations"]
    feeds = list(attrs["loop_vars"]) + list(attrs["slices"]) + list(attrs["captured"])
    known = [i for i, v in enumerate(values) if concrete(v)]
    step = None
    values, trips = list(values), 0
    while limit is None or trips < limit:
        go = cond(values + captured, jnp)[0]
        if not concrete(go):
            return None
        if not bool(go):
            return trips
        if trips >= MAX_RUN_AHEAD:
            return None
        while True:  # the known variables' next values; those that turn out unknown leave
            if not known:
                return None
            if step is None:  # the ops computing the known variables' next values, alone
                step = SubFunction([attrs["body_outputs"][i] for i in known], feeds,
                                   cond.tracing_ctx)
            rows = [_row_ahead(s, start, attrs["slice_step"], trips, jnp) for s in sliced]
            nexts = step(values + rows + captured, jnp)
            if all(concrete(v) for v in nexts):
                break
            known = [i for i, v in zip(known, nexts) if concrete(v)]
            step = None
        for i, v in zip(known, nexts):
            values[i] = v
        trips += 1
    return trips


def _rows(sliced, start, step, trips, jnp):
    """Row ``start + step * t`` of each sliced tensor for t in range(trips), stacked."""
    index = jnp.asarray(start, dtype=np.int32) + step * jnp.arange(trips, dtype=np.int32)
    return index, [jnp.take(s, index, axis=0) for s in sliced]


def lower_while(op, variables, args, jnp, tracing_ctx):
    """A While as ``lax.scan`` (known trip count) or ``lax.while_loop``."""
    jax = jax_module()
    _register_record(jax)
    lax = jax.lax
    attrs = op.attrs
    loop_vars, collected = attrs["loop_vars"], attrs["collected"]
    n, k = len(loop_vars), len(attrs["slices"])
    cond, body = _functions(op, tracing_ctx)
    values, sliced, start, captured = _split(args, n, k)
    recorded = bool(op.outputs[-1]._consumers)
    trips = _trip_count(op, cond, values, sliced, start, captured, jnp)
    carry = _as_carry(values, loop_vars, jnp)
    if trips is None:
        if recorded or collected or k:
            raise NotLowerable("its trip count is not known while tracing, and it records "
                               "or stacks values per iteration")
        return tuple(_while(lax, jnp, cond, body, carry, captured, loop_vars,
                            attrs["maximum_iterations"])) + (LoopRecord(None, None),)
    _, rows = _rows(sliced, start, attrs["slice_step"], trips, jnp)

    residuals = _residuals(op, body, tracing_ctx) if recorded else []
    m = len(collected)

    def iteration(current, row):
        outs = body(list(current) + list(row) + captured, jnp, residuals)
        new = _as_carry(outs[:n], loop_vars, jnp)
        stacked = [jnp.asarray(v, dtype=t.dtype.np_dtype)
                   for v, t in zip(outs[n:n + m], collected)]
        return new, (stacked, list(current) if recorded else [], outs[n + m:])
    final, (stacked, history, saved) = lax.scan(iteration, carry, rows, length=trips)
    return tuple(final) + tuple(stacked) + (LoopRecord(history, trips, residuals, saved),)


def _base_feeds(grad_op):
    """What a WhileGrad's gradient subgraph is fed each iteration (as its kernel feeds it)."""
    forward = grad_op.attrs["forward"].attrs
    return list(forward["loop_vars"]) + list(forward["slices"]) + list(forward["captured"]) + \
        list(grad_op.attrs["output_grad_inputs"])


def _residuals(op, body, tracing_ctx):
    """The body's values its gradient reads (the gradient subgraph computes them again from
    the recorded loop values when it runs uncompiled): saved by the forward scan instead."""
    grads = [c for c in op.outputs[-1]._consumers if c.type == "WhileGrad"]
    fetches = [g for g in grads[0].attrs["body_grads"] if g is not None] if grads else []
    if not fetches:
        return []
    try:
        gradient = SubFunction(fetches, _base_feeds(grads[0]), tracing_ctx)
    except NotLowerable:  # the gradient runs outside XLA; the loop may still compile
        return []
    forward_ops = set(body.ops)
    residuals = []
    for grad_op in gradient.ops:
        if grad_op not in forward_ops:
            for t in gradient.inputs_of(grad_op):
                if t.op in forward_ops and t not in residuals:
                    residuals.append(t)
    return residuals


def _while(lax, jnp, cond, body, carry, captured, loop_vars, limit):
    n = len(carry)

    def keep_going(state):
        go = jnp.asarray(cond(list(state[:n]) + captured, jnp)[0])
        return go if limit is None else jnp.logical_and(go, state[n] < limit)

    def iteration(state):
        outs = body(list(state[:n]) + captured, jnp)
        return _as_carry(outs[:n], loop_vars, jnp) + [state[n] + 1]
    return lax.while_loop(keep_going, iteration, carry + [jnp.asarray(0, np.int32)])[:n]


def lower_while_grad(op, variables, args, jnp, tracing_ctx):
    """A WhileGrad as a reversed ``lax.scan`` over its While's record."""
    lax = jax_module().lax
    forward = op.attrs["forward"]
    loop_vars, slices = forward.attrs["loop_vars"], forward.attrs["slices"]
    captured_t = forward.attrs["captured"]
    n, m, k = len(loop_vars), len(forward.attrs["collected"]), len(slices)
    record = args[0]
    if not isinstance(record, LoopRecord) or record.history is None:
        raise NotLowerable("its loop runs outside XLA")
    var_grads = _as_carry(args[1:1 + n], loop_vars, jnp)
    stacked_grads, rest = list(args[1 + n:1 + n + m]), list(args[1 + n + m:])
    _, sliced, start, captured = _split(rest, 0, k)
    present = [g is not None for g in op.attrs["body_grads"]]
    fetches = [g for g in op.attrs["body_grads"] if g is not None]
    grad = None
    if fetches:
        cache, key = tracing_ctx.loop_functions, (op, tuple(record.residuals))
        if key not in cache:
            cache[key] = SubFunction(fetches, _base_feeds(op) + record.residuals, tracing_ctx)
        grad = cache[key]
    index, rows = _rows(sliced, start, forward.attrs["slice_step"], record.trips, jnp)
    differentiable = [c.dtype.is_floating or c.dtype.is_complex for c in captured_t]
    capture_sums = [jnp.zeros(np.shape(c), c.dtype) for c in captured]

    def iteration(carry, xs):
        grads, sums = carry
        values, row, grad_rows, saved = xs
        got = iter(grad(list(values) + list(row) + captured + list(grads) + list(grad_rows) +
                        list(saved), jnp) if grad else ())
        step = [next(got) if p else None for p in present]
        new = [jnp.zeros_like(v) if g is None else g for g, v in zip(step[:n], values)]
        row_grads = [jnp.zeros(np.shape(r), r.dtype) if g is None else
                     jnp.asarray(g, dtype=r.dtype) for g, r in zip(step[n:n + k], row)]
        sums = [s if g is None or not d else s + jnp.asarray(g, s.dtype)
                for s, g, d in zip(sums, step[n + k:], differentiable)]
        return (_as_carry(new, loop_vars, jnp), sums), row_grads
    (var_grads, capture_sums), row_grads = lax.scan(
        iteration, (var_grads, capture_sums), (record.history, rows, stacked_grads, record.saved),
        length=record.trips, reverse=True)
    slice_grads = [jnp.zeros(np.shape(s), s.dtype).at[index].add(g)
                   for s, g in zip(sliced, row_grads)]
    start_grad = [np.zeros((), np.int32)] if k else []
    return tuple(var_grads) + tuple(slice_grads) + tuple(start_grad) + tuple(capture_sums)


lowering.OWN_LOWERINGS.update(While=lower_while, WhileGrad=lower_while_grad)
