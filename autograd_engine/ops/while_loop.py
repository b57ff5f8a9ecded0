"""``tf.while_loop``: a loop whose body is a subgraph, run as a plan of its own per iteration.

``while_loop(cond, body, loop_vars)`` builds ``cond`` and ``body`` once, on stand-in tensors for
the loop variables (``LoopVar`` ops). The ``While`` op takes the initial values and every
outside tensor the body or condition reads; when it runs, it compiles the condition and the
body into sub-plans (once, at bind time) and alternates them. It also records the values each
iteration started from, so its gradient (``WhileGrad``) can run the body's own gradient
subgraph backwards over the recorded iterations, however many there were at run time.
"""
import numpy as np

from ..framework import dtypes, errors
from ..framework.graph import get_default_graph
from ..framework.tensor_shape import TensorShape, as_shape
from .constant_op import convert_to_tensor
from .concat_split_ops import concat
from .control_flow_ops import ControlFlowContext
from .elementwise_unary_ops import sin, tanh
from .op_samples import OpSample, normal
from .registry import OpDef, make_op, register
from .shape_ops import shape


class WhileContext(ControlFlowContext):
    """Ops built inside a loop's condition, body or body gradient: they run only inside the
    loop's own sub-plans, never in the enclosing plan."""

    def __init__(self, name, outer):
        super().__init__(outer)
        self.name = name

    def __repr__(self):
        return "<WhileContext %s>" % self.name


@register
class LoopVar(OpDef):
    """The stand-in for one loop variable inside the condition and body (always fed)."""
    type_name = "LoopVar"
    stateful = True

    def infer(self, op):
        return [(op.attrs["dtype"], op.attrs["shape"])]

    def kernel(self, op, ctx):
        def not_fed():
            raise errors.InvalidArgumentError(
                None, op, "%s is a loop variable of a tf.while_loop: fetch the loop's outputs "
                "instead of values inside its body" % op.name)
        return not_fed

    def samples(self, rng):
        """Loop variables of every kind: one whose shape changes (``shape_invariants``), a
        nest of them, a loop inside a loop, and an int one the loop never runs on."""
        def growing(v):
            return while_loop(lambda i, v: i < 2, lambda i, v: (i + 1, concat([v, v * 0.5], 0)),
                              [0, v], shape_invariants=[TensorShape([]), TensorShape([None])])

        def fibonacci(a, b):
            _, (a, b) = while_loop(lambda i, pair: i < 3,
                                   lambda i, pair: (i + 1, (pair[1], pair[0] + pair[1])),
                                   [0, (a, b)])
            return [a, b]

        def nested(x):
            return while_loop(lambda i, y: i < 2,
                              lambda i, y: (i + 1, _damped_loop(y)[1] + x), [0, x])[1]

        def never_runs(v):
            return while_loop(lambda v: v[0, 0] < 0, lambda v: v * 2, [v])
        return [
            OpSample(growing, normal(rng, 2),
                     reference=lambda v: [np.int32(2), np.concatenate(
                         [v, v * 0.5, v * 0.5, v * 0.25])]),
            OpSample(fibonacci, normal(rng, 3), normal(rng, 3),
                     reference=lambda a, b: [a + 2 * b, 2 * a + 3 * b]),
            OpSample(nested, normal(rng, 2, 3) * 0.5,
                     reference=lambda x: _damped(_damped(x) + x) + x),
            OpSample(never_runs, rng.integers(1, 9, (2, 3)).astype(np.int32),
                     reference=lambda v: v)]


def captured_tensors(ops_inside, context):
    """Tensors from outside the loop that ops built inside it read, in creation order."""
    seen, captured = set(), []
    for op in ops_inside:
        for t in op.inputs:
            if not context.encloses(t.op._control_flow_context) and t not in seen:
                seen.add(t)
                captured.append(t)
    return captured


@register
class While(OpDef):
    """Inputs: initial loop values; the sliced tensors and the row the first iteration reads
    (when there are any); then captured outside tensors. Iteration t's body sees row
    ``start + slice_step * t`` of each sliced tensor (``attrs["slices"]`` are its stand-ins).
    Outputs: the final loop values; then each collected body value stacked over the iterations
    (``attrs["collected"]``); then a ``variant`` record of each iteration's starting values
    (for WhileGrad). Slicing and collecting are TF1's TensorArray unstack/read and write/stack
    for ``map_fn`` and ``scan``: linear in time and memory, gradients included."""
    type_name = "While"
    stateful = True  # the body may hold stateful ops; never fold or deduplicate

    def infer(self, op):
        specs = [(v.dtype, shape) for v, shape in zip(op.attrs["loop_vars"], op.attrs["shapes"])]
        specs += [(c.dtype, TensorShape([None]).concatenate(c.shape))
                  for c in op.attrs["collected"]]
        return specs + [(dtypes.variant, TensorShape([]))]

    def kernel(self, op, ctx):
        loop_vars, n = op.attrs["loop_vars"], len(op.attrs["loop_vars"])
        collected, slices = op.attrs["collected"], op.attrs["slices"]
        k, step = len(slices), op.attrs["slice_step"]
        run_cond = ctx.compile([op.attrs["cond_output"]], list(loop_vars) + op.attrs["captured"],
                               to_host=True)
        run_body = ctx.compile(op.attrs["body_outputs"] + collected,
                               list(loop_vars) + list(slices) + op.attrs["captured"])
        limit, xp = op.attrs["maximum_iterations"], ctx.xp
        # Each iteration's values are kept only for a gradient of this loop (a WhileGrad reads
        # the record); a loop nobody differentiates runs in memory independent of its length.
        record = bool(op.outputs[-1]._consumers)

        def run_loop(*inputs):
            values, sliced, start, captured = _split_inputs(inputs, n, k)
            history, gathered, iterations = [], [[] for _ in collected], 0
            while limit is None or iterations < limit:
                if not run_cond(values + captured)[0]:
                    break
                if record:
                    history.append(values)
                row = start + step * iterations
                outs = run_body(values + [s[row] for s in sliced] + captured)
                values = outs[:n]
                for rows, value in zip(gathered, outs[n:]):
                    rows.append(value)
                iterations += 1
            stacked = [_stack(xp, op, rows, c) for rows, c in zip(gathered, collected)]
            return tuple(values) + tuple(stacked) + (history,)
        return run_loop

    def subplan_outputs(self, op):
        return [op.attrs["cond_output"]] + op.attrs["body_outputs"] + op.attrs["collected"]

    def gradient(self, op, *grads):
        return while_gradient(op, grads)

    def samples(self, rng):
        """A loop over a captured tensor, a scalar one ended by ``maximum_iterations``, rows
        sliced backwards and collected (``scan(reverse=True)``'s pattern), and no rows at all."""
        def capped(x):
            return while_loop(lambda i, y: i >= 0, lambda i, y: (i + 1, sin(y) + x), [0, x],
                              maximum_iterations=4)
        return [
            OpSample(_damped_loop, normal(rng, 2, 3),
                     reference=lambda x: [np.int32(_TRIPS), _damped(x)]),
            OpSample(capped, normal(rng), reference=lambda x: [np.int32(4), _capped(x)[0]]),
            OpSample(_rows_reversed, normal(rng, 4, 3),
                     reference=lambda x: [np.int32(-1), (np.sin(x) * x)[::-1]]),
            OpSample(_rows_reversed, np.zeros((0, 3), np.float32), partial=False,
                     reference=lambda x: [np.int32(-1), x])]


def _split_inputs(inputs, n, k):
    """A While's inputs: (initial values, sliced tensors, first slice row, captured)."""
    values, rest = list(inputs[:n]), list(inputs[n:])
    if not k:
        return values, [], 0, rest
    return values, rest[:k], int(rest[k]), rest[k + 1:]


def _stack(xp, op, rows, tensor):
    if rows:
        return xp.stack(rows)
    if not tensor.shape.is_fully_defined():  # TF1's words for stacking nothing
        raise errors.InvalidArgumentError(
            None, op, "TensorArray has size zero, but element shape %s is not fully defined. "
            "Currently only static shapes are supported when packing zero-size TensorArrays."
            % (tensor.shape if tensor.shape.ndims is not None else "<unknown>"))
    return xp.zeros((0,) + tensor.shape.as_tuple(), dtype=tensor.dtype.np_dtype)


@register
class WhileGrad(OpDef):
    """Runs a loop body's gradient subgraph backwards over the iterations a While recorded.
    Inputs: the While's record, the gradients of its loop-value outputs and of its collected
    outputs, then the While's inputs other than the initial values (sliced tensors, first
    row, captured tensors). Outputs: one gradient per input of the While."""
    type_name = "WhileGrad"
    differentiable = False

    def infer(self, op):
        forward = op.attrs["forward"]
        return [(t.dtype, t.shape) for t in forward.inputs]

    def subplan_outputs(self, op):
        return [g for g in op.attrs["body_grads"] if g is not None]

    def kernel(self, op, ctx):
        forward, xp = op.attrs["forward"], ctx.xp
        loop_vars, slices = forward.attrs["loop_vars"], forward.attrs["slices"]
        captured = forward.attrs["captured"]
        n, m, k = len(loop_vars), len(forward.attrs["collected"]), len(slices)
        step_sign = forward.attrs["slice_step"]
        feeds = list(loop_vars) + list(slices) + captured + op.attrs["output_grad_inputs"]
        fetches = [g for g in op.attrs["body_grads"] if g is not None]
        run_grad = ctx.compile(fetches, feeds) if fetches else None
        present = [g is not None for g in op.attrs["body_grads"]]

        def run_backward(history, *rest):
            var_grads, stacked_grads = list(rest[:n]), list(rest[n:n + m])
            _, sliced, start, captured_values = _split_inputs(rest[n + m:], 0, k)
            capture_grads = [xp.zeros_like(c) if c.dtype.kind in "fc" else None
                             for c in captured_values]
            slice_grads = [xp.zeros_like(s) if s.dtype.kind in "fc" else None for s in sliced]
            for t in range(len(history) - 1, -1, -1):
                values, row = history[t], start + step_sign * t
                rows = [g[t] for g in stacked_grads]  # the gradient of iteration t's collected
                got = iter(run_grad(values + [s[row] for s in sliced] + captured_values +
                                    var_grads + rows) if run_grad else ())
                step = [next(got) if p else None for p in present]
                var_grads = [g if g is not None else xp.zeros_like(v)
                             for g, v in zip(step[:n], values)]
                for i, g in enumerate(step[n:n + k]):
                    if g is not None:
                        slice_grads[i][row] += g
                for i, g in enumerate(step[n + k:]):
                    if g is not None:
                        capture_grads[i] = capture_grads[i] + g
            capture_grads = [g if g is not None else xp.zeros_like(c)
                             for g, c in zip(capture_grads, captured_values)]
            start_grad = (xp.zeros((), dtype=np.int32),) if k else ()
            return tuple(var_grads) + tuple(slice_grads) + start_grad + tuple(capture_grads)
        return run_backward

    def samples(self, rng):
        """Gradients through loop values and a captured tensor, through sliced rows with a
        given upstream gradient, and through a loop ended by ``maximum_iterations``."""
        gradients = _BodyGradientWalk.build

        def capped_gradient(x):
            return gradients(while_loop(lambda i, y: i >= 0, lambda i, y: (i + 1, sin(y) + x),
                                        [0, x], maximum_iterations=4)[1], x)[0]
        return [
            OpSample(lambda x: gradients(_damped_loop(x)[1], x)[0], normal(rng, 2, 3),
                     reference=_damped_gradient),
            OpSample(lambda x, w: gradients(_rows_reversed(x)[1], x, grad_ys=w)[0],
                     normal(rng, 4, 3), normal(rng, 4, 3),
                     reference=lambda x, w: w[::-1] * (np.cos(x) * x + np.sin(x))),
            OpSample(capped_gradient, normal(rng), reference=lambda x: _capped(x)[1])]


class _BodyGradientWalk:
    """The reverse-mode walk that differentiates a loop body: the same ``tf.gradients`` as for
    the rest of the graph. That walk sits a layer above the ops, so ``gradients.py`` hands it
    down here when it is imported (and a While can only be differentiated through it)."""

    build = None


def set_body_gradient_builder(build_gradients):
    """Installs ``build_gradients(ys, xs, grad_ys=..., name=...)`` (``tf.gradients``) as the
    walk that builds a loop body's gradient subgraph."""
    _BodyGradientWalk.build = build_gradients


def while_gradient(op, output_grads):
    """Builds the body's gradient subgraph (once) and the WhileGrad op that runs it."""
    from . import array_ops
    gradients = _BodyGradientWalk.build
    graph = op.graph
    loop_vars, captured = op.attrs["loop_vars"], op.attrs["captured"]
    collected = op.attrs["collected"]
    n, m = len(loop_vars), len(collected)
    context = WhileContext(op.name + "/grad", op._control_flow_context)
    with graph.control_flow_context(context), graph.name_scope("body_grad"):
        # Stand-ins for the gradient flowing into each iteration's outputs: its next loop
        # values, and its row of each collected output.
        incoming = [make_op("LoopVar", (), {"dtype": t.dtype, "shape": t.shape}).outputs[0]
                    for t in list(loop_vars) + list(collected)]
        body_ys = list(op.attrs["body_outputs"]) + list(collected)
        float_outs = [(out, g) for out, g in zip(body_ys, incoming) if out.dtype.is_floating]
        xs = list(loop_vars) + list(op.attrs["slices"]) + list(captured)
        if float_outs:
            # The walk stops at captured tensors: one captured tensor made from another
            # (a TensorArray's flow from the tensor it unstacks) must not pass its gradient on
            # inside the body too, where the loop's own gradient will pass it on once.
            body_grads = gradients([o for o, _ in float_outs], xs,
                                   grad_ys=[g for _, g in float_outs], name="gradients",
                                   stop_gradients=list(captured))
        else:
            body_grads = [None] * len(xs)
    grads_in = []
    for g, out in zip(output_grads[:n + m], op.outputs[:n + m]):
        grads_in.append(g if g is not None else array_ops.zeros_like(out))
    attrs = {"forward": op, "output_grad_inputs": incoming, "body_grads": body_grads}
    grad_op = make_op("WhileGrad", [op.outputs[-1]] + grads_in + list(op.inputs[n:]), attrs)
    outs = grad_op.outputs
    return [g if t.dtype.is_floating else None for g, t in zip(outs, op.inputs)]


# ------------------------------------------------------------------ conformance samples
# Built on this module's own loop builders (tf.map_fn and tf.scan sit on top of it); gradients
# through the walk tf.gradients installs here. The references run the same loops in numpy.
_TRIPS = 3


def _damped_loop(x):
    """``_TRIPS`` iterations of ``y -> tanh(y) * x`` from ``y = x``: (trip count, y)."""
    return while_loop(lambda i, y: i < _TRIPS, lambda i, y: (i + 1, tanh(y) * x), [0, x])


def _damped(x):
    y = x
    for _ in range(_TRIPS):
        y = np.tanh(y) * x
    return y


def _damped_gradient(x):
    """d sum(_damped(x)) / dx, differentiated forward alongside the loop."""
    y, dy = x, np.ones_like(x)
    for _ in range(_TRIPS):
        y, dy = np.tanh(y) * x, (1 - np.tanh(y) ** 2) * dy * x + np.tanh(y)
    return dy


def _capped(x):
    """Four iterations of ``y -> sin(y) + x`` from ``y = x``: (y, dy/dx)."""
    y, dy = x, np.ones_like(x)
    for _ in range(4):
        y, dy = np.sin(y) + x, np.cos(y) * dy + 1
    return y, dy


def _rows_reversed(x):
    """``sin(row) * row`` of the rows of ``x``, last row first: (final row index, stacked)."""
    last = shape(x)[0] - 1
    (row,), (mapped,) = while_loop_collecting(
        lambda i: i >= 0, lambda i, r: ([i - 1], [sin(r) * r]), [last], sliced=[x],
        slice_start=last, slice_step=-1)
    return row, mapped


class LoopCarried:
    """A value made of tensors that a while_loop carries (a TensorArray): the loop passes
    ``_loop_tensor()`` and rebuilds the value around its stand-in with ``_with_loop_tensor``."""

    def _loop_tensor(self):
        raise NotImplementedError

    def _with_loop_tensor(self, tensor):
        raise NotImplementedError


def _flatten(value):
    if isinstance(value, LoopCarried):
        return (LoopCarried, value), [value._loop_tensor()]
    if isinstance(value, (list, tuple)):
        parts = [_flatten(v) for v in value]
        return (type(value), [p[0] for p in parts]), [t for p in parts for t in p[1]]
    return None, [value]


def _rebuild(structure, values):
    if structure is None:
        return next(values)
    cls, subs = structure
    if cls is LoopCarried:
        return subs._with_loop_tensor(next(values))
    items = [_rebuild(s, values) for s in subs]
    return cls(*items) if hasattr(cls, "_fields") else cls(items)


def while_loop(cond, body, loop_vars, shape_invariants=None, parallel_iterations=10,
               back_prop=True, swap_memory=False, maximum_iterations=None, name=None,
               return_same_structure=False):
    """Repeats ``loop_vars = body(*loop_vars)`` while ``cond(*loop_vars)`` holds (at most
    ``maximum_iterations`` times); differentiable with respect to the initial values and to
    the outside tensors the body reads.

    >>> import autograd_engine as tf
    >>> i, total = tf.while_loop(lambda i, t: i < 5, lambda i, t: (i + 1, t + i), [0, 0])
    >>> with tf.Session() as sess:
    ...     int(sess.run(total))
    10
    """
    structure, results, _ = _make_loop(cond, body, loop_vars, shape_invariants, back_prop,
                                       maximum_iterations, name, collecting=False)
    if structure is None and not return_same_structure:
        return results[0]
    out = _rebuild(structure, iter(results))
    if not return_same_structure and isinstance(out, (list, tuple)) and len(out) == 1:
        return out[0]
    return out


def while_loop_collecting(cond, body, loop_vars, shape_invariants=None, back_prop=True,
                          name=None, sliced=(), slice_start=0, slice_step=1):
    """Like :func:`while_loop`, for ``map_fn`` and ``scan`` (TF1's TensorArray idiom):
    ``body(*loop_vars, *rows)`` returns ``(new loop_vars, values)``, where ``rows`` are row
    ``slice_start + slice_step * t`` of each tensor of ``sliced`` at iteration t, and each of the
    flat list ``values`` comes back stacked over the iterations. Returns ``(final loop_vars as a
    flat list, stacked values)``; time and memory are linear in the trip count, gradients
    (to ``sliced`` too) included.

    >>> import autograd_engine as tf
    >>> from autograd_engine.ops.while_loop import while_loop_collecting
    >>> xs = tf.constant([1, 2, 3, 4])
    >>> _, (squares,) = while_loop_collecting(lambda i: i < 4, lambda i, x: ([i + 1], [x * x]),
    ...                                       [0], sliced=[xs])
    >>> with tf.Session() as sess:
    ...     sess.run(squares).tolist()
    [1, 4, 9, 16]
    """
    _, results, stacked = _make_loop(cond, body, loop_vars, shape_invariants, back_prop, None,
                                     name, collecting=True, sliced=sliced,
                                     slice_start=slice_start, slice_step=slice_step)
    return results, stacked


def _make_loop(cond, body, loop_vars, shape_invariants, back_prop, maximum_iterations, name,
               collecting, sliced=(), slice_start=0, slice_step=1):
    """Builds the While op: (loop_vars' structure, final loop values, stacked collected)."""
    sliced = [convert_to_tensor(t) for t in sliced]
    if not callable(cond) or not callable(body):
        raise TypeError("cond and body must be callable")
    structure, flat = _flatten(loop_vars)
    if not flat:
        raise ValueError("No loop variables provided")
    initial = [convert_to_tensor(v) for v in flat]
    graph = initial[0].graph if initial else get_default_graph()
    invariants = None
    if shape_invariants is not None:
        invariants = [as_shape(s) for s in _flatten(shape_invariants)[1]]
    with graph.name_scope(name or "while") as scope:
        context = WhileContext(scope, graph._control_flow_context)
        with graph.control_flow_context(context):
            stand_ins = [make_op("LoopVar", (), {
                "dtype": v.dtype,
                "shape": invariants[i] if invariants else v.shape}, name="loop_var").outputs[0]
                for i, v in enumerate(initial)]
            args = _rebuild(structure, iter(stand_ins))
            args = args if isinstance(args, (list, tuple)) else [args]
            pred = convert_to_tensor(cond(*args))
            slices = [make_op("LoopVar", (), {
                "dtype": t.dtype,
                "shape": t.shape[1:] if t.shape.ndims is not None else TensorShape(None)},
                name="slice").outputs[0] for t in sliced]
            outputs = body(*(list(args) + slices))
            collected = []
            if collecting:
                outputs, collected = outputs
                collected = [convert_to_tensor(c) for c in collected]
            _, out_flat = _flatten(outputs if isinstance(outputs, (list, tuple))
                                               else [outputs])
            if len(out_flat) != len(stand_ins):
                raise ValueError("The body of the while_loop returned %d values for %d loop "
                                 "variables" % (len(out_flat), len(stand_ins)))
            out_flat = [convert_to_tensor(o, dtype=v.dtype) for o, v in zip(out_flat, stand_ins)]
        if not pred.dtype.is_bool or pred.shape.ndims not in (None, 0):
            raise TypeError("The condition of a while_loop must return a scalar bool, got %s "
                            "of shape %s" % (pred.dtype.name, pred.shape))
        shapes = []
        for v, o, s in zip(initial, out_flat, stand_ins):
            if not s.shape.is_compatible_with(o.shape):
                raise ValueError(
                    "Input tensor '%s' enters the loop with shape %s, but has shape %s after one "
                    "iteration. To allow the shape to vary across iterations, use the "
                    "`shape_invariants` argument of tf.while_loop to specify a less-specific "
                    "shape." % (v.name, s.shape, o.shape))
            shapes.append(s.shape)
        inside = [op for op in graph._ops if context.encloses(op._control_flow_context)]
        captured = captured_tensors(inside, context)
        attrs = {"loop_vars": stand_ins, "cond_output": pred, "body_outputs": out_flat,
                 "collected": collected, "captured": captured, "shapes": shapes,
                 "slices": slices, "slice_step": int(slice_step),
                 "maximum_iterations": None if maximum_iterations is None else int(maximum_iterations),
                 "back_prop": bool(back_prop)}
        first_row = [convert_to_tensor(slice_start, dtype=dtypes.int32)] if sliced else []
        loop = make_op("While", initial + sliced + first_row + captured, attrs, name="While")
    n = len(initial)
    results = loop.outputs[:n]
    stacked = loop.outputs[n:n + len(collected)]
    if not back_prop:
        from .array_ops import stop_gradient
        results = [stop_gradient(r) for r in results]
        stacked = [stop_gradient(r) for r in stacked]
    return structure, results, stacked
