"""Reverse-mode differentiation as graph construction: ``tf.gradients`` adds the backward pass
to the graph (under ``gradients/``), so it can be fetched, rendered and differentiated again.

The walk is TF1's: find the ops between ``xs`` and ``ys``; count for each how many of its
consumers lie on that set; walk backward from ``ys`` and process an op only once all those
consumers have delivered their gradients, summing the contributions once. Iterative throughout:
a 100,000-op chain needs no recursion.
"""
import enum

import numpy as np

from .framework.gradient_registry import registered_gradient
from .framework.tensor import TensorLike
from .jit.switch import gradients_compiled_with
from .ops import array_ops, constant_op, matmul_ops, slicing_ops, while_loop
from .ops.constant_op import convert_to_tensor
from .ops.control_flow_ops import exit_to_context
from .ops.indexed_slices import IndexedSlices, as_dense, concatenated_slices


class UnconnectedGradients(enum.Enum):
    """What ``tf.gradients`` returns for an x the ys do not depend on: ``NONE`` (None, the
    default) or ``ZERO`` (zeros of the x's shape); the strings ``"none"``/``"zero"`` work too.

    >>> import autograd_engine as tf
    >>> x, y = tf.placeholder(tf.float32, [2]), tf.constant(1.0)
    >>> g, = tf.gradients(y, x, unconnected_gradients=tf.UnconnectedGradients.ZERO)
    >>> with tf.Session() as sess:
    ...     sess.run(g, {x: [5.0, 6.0]}).tolist()
    [0.0, 0.0]
    """
    NONE = "none"
    ZERO = "zero"


def _as_list(values):
    return list(values) if isinstance(values, (list, tuple)) else [values]


def _as_x(x):
    """xs may be Variables: differentiate with respect to the stored value (the op's ref)."""
    if hasattr(x, "_ref"):
        return x._ref()
    if isinstance(x, TensorLike):
        return convert_to_tensor(x)
    raise TypeError("gradients() xs must be tensors or Variables, got %r" % (x,))


def _carries_gradient(tensor):
    return tensor.dtype.is_floating or tensor.dtype.is_complex


def _ops_reaching(ys):
    """Every op from which some y can be reached along data edges (the ys' ops included)."""
    seen, stack = set(), [y.op for y in ys]
    while stack:
        op = stack.pop()
        if op in seen:
            continue
        seen.add(op)
        stack.extend(t.op for t in op.inputs)
    return seen


def _ops_fed_by(xs):
    """Every op that consumes (transitively) one of the xs; the xs' own ops are not included
    unless another x feeds them."""
    seen, stack = set(), [c for x in xs for c in x._consumers]
    while stack:
        op = stack.pop()
        if op in seen:
            continue
        seen.add(op)
        stack.extend(c for t in op._outputs for c in t._consumers)
    return seen


def ops_between(ys, xs):
    return _ops_reaching(ys) & _ops_fed_by(xs)


def gradients(ys, xs, grad_ys=None, name="gradients", colocate_gradients_with_ops=False,
              gate_gradients=False, aggregation_method=None, stop_gradients=None,
              unconnected_gradients=UnconnectedGradients.NONE):
    """Symbolic partial derivatives of ``sum(ys)`` with respect to each of ``xs``.

    Returns one tensor per x (``None`` where an x does not affect the ys, or zeros with
    ``unconnected_gradients="zero"``). ``grad_ys`` gives the initial gradients (default: ones).

    >>> import autograd_engine as tf
    >>> x = tf.placeholder(tf.float32, [])
    >>> dy_dx, = tf.gradients(x * x, [x])
    >>> with tf.Session() as sess:
    ...     float(sess.run(dy_dx, {x: 3.0}))
    6.0
    """
    try:
        unconnected = UnconnectedGradients(unconnected_gradients)
    except ValueError:
        raise ValueError("Unknown value for unconnected_gradients: %r"
                         % (unconnected_gradients,)) from None
    ys = [convert_to_tensor(y) for y in _as_list(ys)]
    xs = [_as_x(x) for x in _as_list(xs)]
    grad_ys = [None] * len(ys) if grad_ys is None else _as_list(grad_ys)
    if len(grad_ys) != len(ys):
        raise ValueError("Passed %d grad_ys for %d ys" % (len(grad_ys), len(ys)))
    graph = ys[0].graph
    for t in ys + xs:
        if t.graph is not graph:
            raise ValueError("gradients(): %s is from a different graph than %s"
                             % (t.name, ys[0].name))
    stop_ops = {convert_to_tensor(t).op for t in _as_list(stop_gradients or [])}

    with graph.name_scope(name):
        between = ops_between(ys, xs)
        pending = dict.fromkeys(between, 0)
        for op in between:
            for t in op.inputs:
                if t.op in pending:
                    pending[t.op] += 1

        grads = {}
        for i, (y, gy) in enumerate(zip(ys, grad_ys)):
            if gy is None:
                if y.dtype.is_complex:  # i20c: TF's rule; a complex loss has no "ones"
                    raise TypeError("Gradients of complex tensors (%s) must set grad_ys "
                                    "(y.dtype = %s)" % (y.name, y.dtype.name))
                if not _carries_gradient(y):
                    raise TypeError("gradients() needs floating-point ys; %s is %s"
                                    % (y.name, y.dtype.name))
                gy = array_ops.ones_like(y, name="grad_ys_%d" % i)
            else:
                gy = convert_to_tensor(gy, dtype=y.dtype)
                if not gy.shape.is_compatible_with(y.shape):
                    raise ValueError("grad_ys[%d] has shape %s, incompatible with y %s of shape %s"
                                     % (i, gy.shape, y.name, y.shape))
            grads.setdefault(y, []).append(gy)

        x_set = set(xs)
        ready = sorted((op for op in between if pending[op] == 0), key=lambda op: op._id)
        while ready:
            op = ready.pop()
            in_grads = _backprop_through(op, grads, stop_ops)
            for t, g in zip(op.inputs, in_grads):
                if g is not None and g.op._control_flow_context != t.op._control_flow_context:
                    # Densified where the gradient was made, so a sparse gradient from an
                    # untaken cond branch leaves it as zeros too.
                    with op.graph.control_flow_context(g.op._control_flow_context):
                        g = as_dense(g)
                    g = exit_to_context(g, t.op._control_flow_context, t)
                if t.op not in pending:
                    if t in x_set and g is not None and _carries_gradient(t):
                        grads.setdefault(t, []).append(g)
                    continue
                if g is not None and _carries_gradient(t):
                    grads.setdefault(t, []).append(g)
                pending[t.op] -= 1
                if pending[t.op] == 0:
                    ready.append(t.op)
        results = [_aggregate(grads.get(x)) for x in xs]
        if unconnected is UnconnectedGradients.ZERO:
            results = [array_ops.zeros_like(x) if g is None else g
                       for x, g in zip(xs, results)]
        return results


def _backprop_through(op, grads, stop_ops):
    """The op's input gradients (a list aligned with op.inputs, Nones allowed)."""
    n = len(op.inputs)
    # Gradient ops (the sums of incoming gradients included) run in the same tf.cond branch
    # as the op they differentiate.
    with op.graph.control_flow_context(op._control_flow_context):
        out_grads = [_aggregate(grads.get(t)) for t in op._outputs]
        if not op.op_def.passes_gradient_through:  # sparse gradients stay sparse to the xs
            out_grads = [as_dense(g) for g in out_grads]
        if op in stop_ops or all(g is None for g in out_grads):
            return [None] * n
        found, registered = registered_gradient(op)
        if (found and registered is None) or (not found and not op.op_def.differentiable):
            return [None] * n
        # issue 19: the gradient of an op built in a compiling jit_scope is compiled too
        with op.graph.name_scope(op.name + "_grad"), gradients_compiled_with(op):
            if found:  # a tf.RegisterGradient function (by override map or op type)
                in_grads = registered(op, *out_grads)
                in_grads = list(in_grads) if isinstance(in_grads, (list, tuple)) else [in_grads]
                in_grads = [None if g is None else convert_to_tensor(g) for g in in_grads]
            else:
                in_grads = list(op.op_def.gradient(op, *out_grads))
    if len(in_grads) != n:
        raise ValueError("Gradient function for op %s returned %d gradients for %d inputs"
                         % (op.describe(), len(in_grads), n))
    return in_grads


def _aggregate(grad_list):
    """The sum of one tensor's gradients; IndexedSlices only are concatenated (TF1's rule),
    a mix is summed densely."""
    if not grad_list:
        return None
    if len(grad_list) == 1:
        return grad_list[0]
    summing = [g.op.op_def.gradient_sum for g in grad_list
               if not isinstance(g, IndexedSlices) and g.op.op_def.gradient_sum is not None]
    if summing:
        return summing[0](grad_list)
    if all(isinstance(g, IndexedSlices) for g in grad_list):
        return concatenated_slices(grad_list)
    return matmul_ops.add_n(grad_list)


def _dense_gradients(ys, xs, grad_ys=None, **kwargs):
    """:func:`gradients` with sparse results made dense (what a while loop's body needs)."""
    return [None if g is None else as_dense(g) for g in gradients(ys, xs, grad_ys, **kwargs)]


def explain_missing_gradient(y, x):
    """Why ``gradients(y, x)`` is None, in words: unconnected, or which ops block it."""
    y = convert_to_tensor(y)
    x = _as_x(x)
    between = ops_between([y], [x])
    if not between:
        return "it is not connected to the loss"
    blockers = sorted((op for op in between if not op.op_def.differentiable or
                       not any(_carries_gradient(t) for t in op._outputs)),
                      key=lambda op: op._id)
    if not blockers:
        return "no gradient reaches it"
    names = ", ".join(op.describe() for op in blockers[:3])
    return "every path from it to the loss goes through an op without a gradient: %s" % names


def hessians(ys, xs, name="hessians", colocate_gradients_with_ops=False, gate_gradients=False,
             aggregation_method=None):
    """The second derivatives of ``sum(ys)``: for each x of ``xs``, a tensor of shape
    ``x.shape + x.shape`` (each row the gradient of one element of the gradient). The xs need
    fully defined static shapes.

    >>> import autograd_engine as tf
    >>> x = tf.constant([1.0, 2.0])
    >>> h, = tf.hessians(tf.reduce_sum(x * x * x), x)  # diag(6x)
    >>> with tf.Session() as sess:
    ...     sess.run(h).tolist()
    [[6.0, 0.0], [0.0, 12.0]]
    """
    xs = [_as_x(x) for x in _as_list(xs)]
    ys = _as_list(ys)
    graph = xs[0].graph
    results = []
    with graph.name_scope(name):
        for x in xs:
            if not x.shape.is_fully_defined():
                raise ValueError("hessians needs the fully defined shape of %s, got %s"
                                 % (x.name, x.shape))
            gradient, = gradients(ys, [x])
            dims = x.shape.as_list()
            if gradient is None:
                results.append(array_ops.zeros(dims + dims, dtype=x.dtype))
                continue
            flat = array_ops.reshape(gradient, [-1])
            rows = []
            for j in range(int(np.prod(dims, dtype=np.int64))):
                row, = gradients(slicing_ops.getitem(flat, j), [x])
                rows.append(array_ops.zeros(dims, dtype=x.dtype) if row is None else row)
            results.append(array_ops.reshape(constant_op.stack(rows), dims + dims))
    return results


# A While's gradient differentiates its body with this same walk.
while_loop.set_body_gradient_builder(_dense_gradients)

__all__ = ["gradients", "explain_missing_gradient", "hessians", "ops_between",
           "UnconnectedGradients"]
