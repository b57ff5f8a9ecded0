"""Sparse writes: ``scatter_update/add/sub/mul/div/min/max`` and ``scatter_nd_update/add/sub``
on Variables (in place, rows or elements named by ``indices``), and the functional
``tensor_scatter_update/add/sub`` (a new tensor, with gradients).

A Variable write costs time in proportion to the rows it touches, never to the Variable: the
optimizers' sparse updates are built on these. Repeated indices combine (add, multiply, min...)
except for ``*_update``, where one of the writes wins, as in TF1. Indices out of range are
TF1's InvalidArgumentError on the host; on a device they are skipped, as TF1's GPU kernels do.
"""
import numpy as np

from ..framework.graph import ShapeInferenceError
from ..framework.tensor_shape import TensorShape
from .array_ops import reshape
from .broadcast_ops import broadcast_to
from .constant_op import convert_to_tensor, stack
from .elementwise_binary_ops import equal
from .elementwise_unary_ops import cast, negative
from .gather_ops import gather_nd, scatter_nd
from .op_families import check_index_dtype, check_index_range
from .op_samples import OpSample, normal
from .range_ops import range as range_
from .registry import OpDef, make_op, make_tensor, register
from .shape_ops import shape as shape_of
from .state_ops import storage_reader, variable_op_of

# How each kind combines an update into the stored value: numpy ufunc name (None: overwrite)
# and the update that leaves a value unchanged (what a skipped index writes on a device).
_COMBINE = {"Update": (None, None), "Add": ("add", 0), "Sub": ("subtract", 0),
            "Mul": ("multiply", 1), "Div": ("divide", 1), "Min": ("minimum", "max"),
            "Max": ("maximum", "min")}


def _neutral(kind, dtype):
    neutral = _COMBINE[kind][1]
    if isinstance(neutral, str):  # the dtype's extreme: min never picks it for Min
        info = np.finfo(dtype) if np.dtype(dtype).kind == "f" else np.iinfo(dtype)
        return np.asarray(getattr(info, neutral)).item()  # a Python scalar for any array module
    return neutral


def _combine(xp, kind, target, where, updates):
    """``target[where] (op)= updates`` with repeated positions combining (ufunc.at)."""
    ufunc_name = _COMBINE[kind][0]
    if ufunc_name is None:
        target[where] = updates
    elif ufunc_name == "divide" and target.dtype.kind in "iu":
        xp.floor_divide.at(target, where, updates)
    else:
        getattr(xp, ufunc_name).at(target, where, updates)


def _updates_shape_error(indices, updates, var, depth=None):
    what = "indices.shape + params.shape[1:]" if depth is None else \
        "indices.shape[:-1] + params.shape[indices.shape[-1]:]"
    return ShapeInferenceError("Must have updates.shape = %s or updates.shape = [], got "
                               "updates.shape %s, indices.shape %s, params.shape %s"
                               % (what, updates.shape.bracketed(), indices.shape.bracketed(),
                                  var.shape.bracketed()))


def _expected_updates_shape(indices, target, nd):
    index_dims, dims = indices.shape.as_tuple(), target.shape.as_tuple()
    if index_dims is None or dims is None:
        return None
    if not nd:
        return TensorShape(index_dims + dims[1:])
    depth = index_dims[-1]
    return None if depth is None else TensorShape(index_dims[:-1] + dims[depth:])


def _check_updates(op, indices, updates, target, nd):
    check_index_dtype(indices)
    if updates.dtype != target.dtype:
        raise TypeError("Input 'updates' of '%s' Op has type %s that does not match type %s of "
                        "argument 'ref'." % (op.type, updates.dtype.name, target.dtype.name))
    expected = _expected_updates_shape(indices, target, nd)
    if updates.shape.ndims != 0 and expected is not None and \
            not expected.is_compatible_with(updates.shape):
        raise _updates_shape_error(indices, updates, target, 0 if nd else None)


def _positions(xp, indices, target_shape, nd, checked, what):
    """The index expression into the target for ``indices`` and which rows were in range
    (None when all were checked)."""
    if not nd:
        if checked:
            check_index_range(indices, target_shape[0], what)
            return indices, None
        valid = (indices >= 0) & (indices < target_shape[0])
        return xp.where(valid, indices, 0), valid
    depth = indices.shape[-1]
    valid = None
    for j in range(depth):
        inside = (indices[..., j] >= 0) & (indices[..., j] < target_shape[j])
        valid = inside if valid is None else valid & inside
    if checked and valid is not None and not valid.all():
        row = np.argmax(~valid.reshape(-1))
        bad = indices.reshape(-1, depth)[row]
        raise IndexError("indices[%d] = [%s] does not index into shape [%s]"
                         % (row, ", ".join(str(int(i)) for i in bad),
                            ",".join(str(d) for d in target_shape)))
    clipped = indices if checked else xp.where(valid[..., None], indices, 0)
    return tuple(clipped[..., j] for j in range(depth)), None if checked else valid


def _apply(xp, kind, target, indices, updates, nd, checked, what="indices"):
    where, valid = _positions(xp, indices, target.shape, nd, checked, what)
    if valid is not None:  # a device: skipped rows write what leaves the value unchanged
        updates = xp.broadcast_to(updates, _updates_like(target, indices, nd))
        mask = valid.reshape(valid.shape + (1,) * (updates.ndim - valid.ndim))
        if kind == "Update":
            updates = xp.where(mask, updates, target[where])
        else:
            updates = xp.where(mask, updates, _neutral(kind, target.dtype))
    _combine(xp, kind, target, where, updates)


def _updates_like(target, indices, nd):
    if not nd:
        return indices.shape + target.shape[1:]
    return indices.shape[:-1] + target.shape[indices.shape[-1]:]


# ------------------------------------------------------------------ on Variables
class _ScatterVariable(OpDef):
    """Writes ``updates`` into the Variable ``attrs['variable']`` at ``indices`` (inputs:
    indices, updates); the output is the Variable's new value."""
    stateful = True
    writes_variable = True
    output_is_view = True
    differentiable = False
    kind = None
    nd = False

    def infer(self, op):
        indices, updates = op.inputs
        var = op.attrs["variable"].outputs[0]
        _check_updates(op, indices, updates, var, self.nd)
        return [(var.dtype, var.shape)]

    def kernel(self, op, ctx):
        xp, kind, nd, checked = ctx.xp, self.kind, self.nd, not ctx.on_device
        read = storage_reader(ctx, op.attrs["variable"], op)

        def scatter(indices, updates):
            var = read()
            _apply(xp, kind, var, indices, updates, nd, checked)
            return var
        return scatter

    def samples(self, rng):
        """Rows with a repeated index (combined, except for updates), a scalar update for
        every row named, int32 values; nd: elements and rows of a matrix."""
        kind, nd = self.kind, self.nd

        def build(initial, indices, updates):
            var_op = make_op("VariableV2", (), {"dtype": initial.dtype, "shape": initial.shape,
                                                "trainable": False})
            initialize = make_op("Assign", (initial,), {"variable": var_op,
                                                        "validate_shape": True})
            return make_op(self.type_name, (indices, updates), {"variable": var_op},
                           control_inputs=(initialize,)).outputs[0]

        def reference(initial, indices, updates):
            out = initial.copy()
            where = tuple(np.moveaxis(indices, -1, 0)) if nd else indices
            _combine(np, kind, out, where, updates)
            return out
        repeated = kind != "Update"
        if nd:
            cases = [(positive_or_normal(rng, kind, 3, 4), np.int32([[0, 1], [2, 3]] +
                                                                  ([[0, 1]] if repeated else [])),
                      positive_or_normal(rng, kind, 3 if repeated else 2)),
                     (positive_or_normal(rng, kind, 4, 2), np.int64([[3], [1]]),
                      positive_or_normal(rng, kind, 2, 2))]
        else:
            cases = [(positive_or_normal(rng, kind, 5, 2),
                      np.int32([3, 0, 3] if repeated else [3, 0]),
                      positive_or_normal(rng, kind, 3 if repeated else 2, 2)),
                     (positive_or_normal(rng, kind, 4), np.int64([2, 1]),
                      np.float64(1.5)),
                     (rng.integers(1, 9, (4, 3)).astype(np.int32), np.int32([1, 2]),
                      rng.integers(1, 4, (2, 3)).astype(np.int32))]
        return [OpSample(build, initial, indices, updates, reference=reference, grad=())
                for initial, indices, updates in cases]


def positive_or_normal(rng, kind, *shape):
    """Values for a sample: away from zero for Mul and Div (a division by zero is no test)."""
    if kind in ("Mul", "Div"):
        return rng.uniform(0.5, 2.0, shape)
    return normal(rng, *shape)


def _define_variable_scatter(kind, nd):
    type_name = ("ScatterNd" if nd else "Scatter") + kind
    return register(type(type_name, (_ScatterVariable,), {"type_name": type_name, "kind": kind,
                                                         "nd": nd}))


for _kind in ("Update", "Add", "Sub", "Mul", "Div", "Min", "Max"):
    _define_variable_scatter(_kind, nd=False)
for _kind in ("Update", "Add", "Sub"):
    _define_variable_scatter(_kind, nd=True)


def _scatter(type_name, ref, indices, updates, name):
    var_op = variable_op_of(ref)
    indices = convert_to_tensor(indices)
    updates = convert_to_tensor(updates, dtype=var_op.outputs[0].dtype)
    return make_op(type_name, (indices, updates), {"variable": var_op}, name).outputs[0]


def _variable_scatter_function(kind, nd, doc):
    type_name = ("ScatterNd" if nd else "Scatter") + kind

    def scatter(ref, indices, updates, use_locking=None, name=None):
        return _scatter(type_name, ref, indices, updates, name)
    scatter.__name__ = scatter.__qualname__ = ("scatter_nd_" if nd else "scatter_") + kind.lower()
    scatter.__doc__ = doc
    return scatter


scatter_update = _variable_scatter_function("Update", False, """Writes ``updates`` into the
    rows ``indices`` of the Variable ``ref`` (``ref[indices] = updates``); returns its new value.

    >>> import autograd_engine as tf
    >>> v = tf.Variable([1.0, 2.0, 3.0])
    >>> with tf.Session() as sess:
    ...     sess.run(v.initializer)
    ...     sess.run(tf.scatter_update(v, [2, 0], [30.0, 10.0])).tolist()
    [10.0, 2.0, 30.0]
    """)
scatter_add = _variable_scatter_function("Add", False, """``ref[indices] += updates`` in place
    (repeated indices add up); returns the Variable's new value.""")
scatter_sub = _variable_scatter_function("Sub", False, """``ref[indices] -= updates`` in place
    (repeated indices subtract each); returns the Variable's new value.""")
scatter_mul = _variable_scatter_function("Mul", False, """``ref[indices] *= updates`` in place;
    returns the Variable's new value.""")
scatter_div = _variable_scatter_function("Div", False, """``ref[indices] /= updates`` in place;
    returns the Variable's new value.""")
scatter_min = _variable_scatter_function("Min", False, """``ref[indices] = min(ref[indices],
    updates)`` in place; returns the Variable's new value.""")
scatter_max = _variable_scatter_function("Max", False, """``ref[indices] = max(ref[indices],
    updates)`` in place; returns the Variable's new value.""")
scatter_nd_update = _variable_scatter_function("Update", True, """Writes ``updates`` at the
    coordinates in ``indices``'s last axis of the Variable ``ref``; returns its new value.

    >>> import autograd_engine as tf
    >>> v = tf.Variable(tf.zeros([2, 2]))
    >>> with tf.Session() as sess:
    ...     sess.run(v.initializer)
    ...     sess.run(tf.scatter_nd_update(v, [[0, 1], [1, 0]], [5.0, 6.0])).tolist()
    [[0.0, 5.0], [6.0, 0.0]]
    """)
scatter_nd_add = _variable_scatter_function("Add", True, """Adds ``updates`` at the
    coordinates in ``indices``'s last axis of the Variable ``ref``, in place.""")
scatter_nd_sub = _variable_scatter_function("Sub", True, """Subtracts ``updates`` at the
    coordinates in ``indices``'s last axis of the Variable ``ref``, in place.""")


def batch_scatter_update(ref, indices, updates, use_locking=True, name=None):
    """Writes ``updates[b..., i]`` at row ``indices[b..., i]`` of batch ``b...`` of the
    Variable ``ref`` (TF1's ``batch_scatter_update``: ``indices`` ``[B..., k]`` index the axis
    after the batch axes); returns the Variable's new value.

    >>> import autograd_engine as tf
    >>> v = tf.Variable([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    >>> with tf.Session() as sess:
    ...     sess.run(v.initializer)
    ...     sess.run(tf.batch_scatter_update(v, [[2], [0]], [[30.0], [40.0]])).tolist()
    [[1.0, 2.0, 30.0], [40.0, 5.0, 6.0]]
    """
    indices = convert_to_tensor(indices)
    rank = indices.shape.ndims
    if rank is None:
        raise ValueError("batch_scatter_update needs the rank of indices known while building.")
    if rank <= 1:
        return scatter_update(ref, indices, updates, name=name)
    dims = shape_of(indices)
    coordinates = []
    for axis in range(rank - 1):  # the batch coordinates of every index, then the index
        along = cast(range_(dims[axis]), indices.dtype)
        coordinates.append(broadcast_to(reshape(along, [-1] + [1] * (rank - 1 - axis)), dims))
    coordinates.append(indices)
    return scatter_nd_update(ref, stack(coordinates, axis=-1), updates, name=name)


# ------------------------------------------------------------------ on tensors
class _TensorScatter(OpDef):
    """A copy of ``tensor`` with ``updates`` written at the coordinates of ``indices``."""
    kind = None

    def infer(self, op):
        tensor, indices, updates = op.inputs
        _check_updates(op, indices, updates, tensor, nd=True)
        return [(tensor.dtype, tensor.shape)]

    def kernel(self, op, ctx):
        xp, kind, checked = ctx.xp, self.kind, not ctx.on_device

        def tensor_scatter(tensor, indices, updates):
            out = tensor.copy()
            _apply(xp, kind, out, indices, updates, True, checked)
            return out
        return tensor_scatter

    def gradient(self, op, grad):
        tensor, indices, updates = op.inputs
        picked = gather_nd(grad, indices)
        if self.kind == "Update":  # the overwritten elements do not reach the output
            return [tensor_scatter_update(grad, indices, picked * 0), None, picked]
        if self.kind in ("Max", "Min"):
            return _extreme_gradient(op, grad)
        return [grad, None, picked if self.kind == "Add" else negative(picked)]

    def samples(self, rng):
        """Elements of a matrix, rows of a matrix, slabs of a 3-D tensor (int64)."""
        kind = self.kind

        def reference(tensor, indices, updates):
            out = tensor.copy()
            _combine(np, kind, out, tuple(np.moveaxis(indices, -1, 0)), updates)
            return out
        return [OpSample(lambda t, i, u: _tensor_scatter(self.type_name, t, i, u, None),
                         tensor, indices, updates, reference=reference, grad=(0, 2))
                for tensor, indices, updates in (
                    (normal(rng, 3, 4), np.int32([[0, 1], [2, 3]]), normal(rng, 2)),
                    (normal(rng, 4, 2), np.int32([[3], [0]]), normal(rng, 2, 2)),
                    (normal(rng, 2, 3, 2), np.int64([[1, 2]]), normal(rng, 1, 2)))]


def _extreme_gradient(op, grad):
    """TF1's gradient of tensor_scatter_nd_max/min: the output's gradient goes to every
    element (of ``tensor`` or of ``updates``) equal to the output there, shared among ties."""
    tensor, indices, updates = op.inputs
    output = op.outputs[0]
    tensor_hits = cast(equal(tensor, output), grad.dtype)
    update_hits = cast(equal(updates, gather_nd(output, indices)), grad.dtype)
    hits = tensor_hits + scatter_nd(indices, update_hits, shape_of(tensor, out_type=indices.dtype))
    return [grad * tensor_hits / hits, None, gather_nd(grad / hits, indices) * update_hits]


for _kind in ("Update", "Add", "Sub", "Max", "Min"):
    register(type("TensorScatter" + _kind, (_TensorScatter,),
                  {"type_name": "TensorScatter" + _kind, "kind": _kind}))


def _tensor_scatter(type_name, tensor, indices, updates, name):
    tensor = convert_to_tensor(tensor)
    return make_tensor(type_name, (tensor, convert_to_tensor(indices),
                                   convert_to_tensor(updates, dtype=tensor.dtype)), None, name)


def tensor_scatter_update(tensor, indices, updates, name=None):
    """A copy of ``tensor`` with ``updates`` at the coordinates of ``indices``'s last axis
    (``tf.tensor_scatter_nd_update``).

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.tensor_scatter_update(tf.zeros([4]), [[1], [3]], [9.0, 8.0])).tolist()
    [0.0, 9.0, 0.0, 8.0]
    """
    return _tensor_scatter("TensorScatterUpdate", tensor, indices, updates, name)


def tensor_scatter_add(tensor, indices, updates, name=None):
    """A copy of ``tensor`` with ``updates`` added at the coordinates of ``indices``'s last
    axis (repeated coordinates add up)."""
    return _tensor_scatter("TensorScatterAdd", tensor, indices, updates, name)


def tensor_scatter_sub(tensor, indices, updates, name=None):
    """A copy of ``tensor`` with ``updates`` subtracted at the coordinates of ``indices``'s
    last axis."""
    return _tensor_scatter("TensorScatterSub", tensor, indices, updates, name)


def tensor_scatter_max(tensor, indices, updates, name=None):
    """A copy of ``tensor`` holding, at the coordinates of ``indices``'s last axis, the larger
    of its element and the updates there (``tf.tensor_scatter_nd_max``).

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.tensor_scatter_nd_max([1.0, 5.0, 2.0], [[0], [1]], [4.0, 3.0])).tolist()
    [4.0, 5.0, 2.0]
    """
    return _tensor_scatter("TensorScatterMax", tensor, indices, updates, name)


def tensor_scatter_min(tensor, indices, updates, name=None):
    """A copy of ``tensor`` holding, at the coordinates of ``indices``'s last axis, the smaller
    of its element and the updates there (``tf.tensor_scatter_nd_min``)."""
    return _tensor_scatter("TensorScatterMin", tensor, indices, updates, name)


__all__ = ["scatter_update", "scatter_add", "scatter_sub", "scatter_mul", "scatter_div",
           "scatter_min", "scatter_max", "scatter_nd_update", "scatter_nd_add", "scatter_nd_sub",
           "tensor_scatter_update", "tensor_scatter_add", "tensor_scatter_sub",
           "tensor_scatter_max", "tensor_scatter_min", "batch_scatter_update"]
