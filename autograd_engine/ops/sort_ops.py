"""Sorting and set operations: ``tf.sort``, ``tf.argsort``, ``tf.unique``,
``tf.unique_with_counts`` and ``tf.setdiff1d``.

One Sort op gives both the sorted values and the permutation that sorts them; ``tf.sort``
returns the first, ``tf.argsort`` the second. Its gradient puts each incoming gradient back at
the position its value came from (TF1's, through ``top_k``). The set ops give outputs whose
length is known only at run time; TF1 registers no gradient for them.
"""
import collections

import numpy as np

from ..framework import dtypes
from ..framework.graph import ShapeInferenceError
from ..framework.tensor import TensorLike
from ..framework.tensor_shape import TensorShape
from .constant_op import constant_value, convert_to_tensor
from .manip_ops import _check_axis
from .math_ops import _check_same_dtype
from .op_samples import OpSample, distinct, normal
from .registry import OpDef, make_op, make_tensor, register

_DIRECTIONS = ("ASCENDING", "DESCENDING")
_INDEX_DTYPES = (dtypes.int32, dtypes.int64)


# ------------------------------------------------------------------ sort, argsort
def _stable_order(xp, values, axis, descending):
    """The positions that sort ``values`` along ``axis``, equal values keeping their order (as
    TF1's sort, which runs through the stable ``top_k``). A descending order is the ascending
    order of the reversed line, reversed back: ties stay in order, and nothing is negated
    (negation wraps unsigned integers)."""
    if not descending:
        return xp.argsort(values, axis=axis, kind="stable")
    reversed_order = xp.argsort(xp.flip(values, axis), axis=axis, kind="stable")
    return (values.shape[axis] - 1) - xp.flip(reversed_order, axis)


@register
class Sort(OpDef):
    """Outputs ``values`` sorted along ``axis`` and the int32 positions they came from."""
    type_name = "Sort"

    def infer(self, op):
        x = op.inputs[0]
        if not (x.dtype.is_floating or x.dtype.is_integer):
            raise TypeError("tf.sort and tf.argsort need real numbers (floating point or "
                            "integer values), got %s (op '%s')" % (x.dtype.name, op.name))
        ndims = x.shape.ndims
        if ndims == 0:
            raise ShapeInferenceError("Shape must be at least rank 1 but is rank 0")
        _check_axis(op.attrs["axis"], ndims, "Expected axis")
        return [(x.dtype, x.shape), (dtypes.int32, x.shape)]

    def kernel(self, op, ctx):
        xp, axis, descending = ctx.xp, op.attrs["axis"], op.attrs["descending"]

        def sort_kernel(values):
            if values.ndim == 0:
                raise ValueError("Shape must be at least rank 1 but is rank 0")
            order = _stable_order(xp, values, axis, descending)
            return xp.take_along_axis(values, order, axis=axis), order.astype(np.int32)
        return sort_kernel

    def gradient(self, op, grad_values, grad_indices):
        if grad_values is None:
            return [None]
        return [make_tensor("PermuteAlongAxis", (grad_values, op.outputs[1]),
                            {"axis": op.attrs["axis"], "inverse": True})]

    def samples(self, rng):
        def sample(values, axis, descending, **options):
            def reference(values):
                # a stable argsort of the negated values keeps ties in order when descending
                order = np.argsort(-values if descending else values, axis=axis, kind="stable")
                return [np.take_along_axis(values, order, axis), order.astype(np.int32)]
            attrs = {"axis": axis, "descending": descending}
            return OpSample(lambda x: make_op(self.type_name, (x,), attrs).outputs, values,
                            reference=reference, **options)
        ties = rng.integers(-2, 3, (3, 6))
        return [sample(distinct(rng, 2, 5), -1, False), sample(distinct(rng, 3, 4), 0, True),
                sample(distinct(rng, 6), 0, True),
                sample(ties.astype(np.int32), 1, False, name="int32 ties"),
                sample(ties.astype(np.float32), 1, True, grad=(), name="float32 ties"),
                sample(np.zeros((3, 0)), 1, False, name="empty")]


@register
class PermuteAlongAxis(OpDef):
    """Each line of ``x`` along ``axis`` reordered by ``order`` (one permutation per line, as
    Sort gives): ``out[..., i, ...] = x[..., order[i], ...]``; with ``inverse``, scattered
    back instead: ``out[..., order[i], ...] = x[..., i, ...]`` (Sort's gradient). Both are
    linear in ``x`` and each is the other's adjoint, so each is the other's gradient."""
    type_name = "PermuteAlongAxis"

    def infer(self, op):
        return [(op.inputs[0].dtype, op.inputs[0].shape)]

    def kernel(self, op, ctx):
        xp, axis = ctx.xp, op.attrs["axis"]
        if not op.attrs["inverse"]:
            return lambda x, order: xp.take_along_axis(x, order, axis=axis)

        def scatter_back(x, order):
            out = xp.empty_like(x)
            xp.put_along_axis(out, order, x, axis=axis)
            return out
        return scatter_back

    def gradient(self, op, grad):
        attrs = dict(op.attrs, inverse=not op.attrs["inverse"])
        return [make_tensor("PermuteAlongAxis", (grad, op.inputs[1]), attrs), None]

    def samples(self, rng):
        def sample(shape, axis, inverse):
            def reference(x, order):
                lines, orders = np.moveaxis(x, axis, -1), np.moveaxis(order, axis, -1)
                out = np.empty_like(lines)
                for line in np.ndindex(*lines.shape[:-1]):
                    if inverse:
                        out[line][orders[line]] = lines[line]
                    else:
                        out[line] = lines[line][orders[line]]
                return np.moveaxis(out, -1, axis)
            attrs = {"axis": axis, "inverse": inverse}
            order = np.argsort(rng.random(shape), axis=axis).astype(np.int32)
            return OpSample(lambda x, order: make_tensor(self.type_name, (x, order), attrs),
                            normal(rng, *shape), order, reference=reference)
        return [sample((2, 4), 1, False), sample((3, 2), 0, True), sample((4,), 0, False),
                sample((2, 3, 2), 1, True)]


def _sort_op(values, axis, direction, name):
    """TF1's argument checks, then the Sort op."""
    if direction not in _DIRECTIONS:
        raise ValueError("%s should be one of %s" % (direction, ", ".join(_DIRECTIONS)))
    static_axis = constant_value(convert_to_tensor(axis)) if isinstance(axis, TensorLike) \
        else np.asarray(axis)
    if static_axis is None or np.ndim(static_axis) != 0 or \
            not np.issubdtype(np.asarray(static_axis).dtype, np.integer):
        raise ValueError("axis must be a constant scalar")
    return make_op("Sort", (convert_to_tensor(values),),
                   {"axis": int(static_axis), "descending": direction == "DESCENDING"}, name)


def sort(values, axis=-1, direction="ASCENDING", name=None):
    """``values`` sorted along ``axis`` (a constant), "ASCENDING" or "DESCENDING". The gradient
    goes back to where each value came from.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.sort([3.0, 1.0, 2.0], direction="DESCENDING")).tolist()
    [3.0, 2.0, 1.0]
    """
    return _sort_op(values, axis, direction, name or "sort").outputs[0]


def argsort(values, axis=-1, direction="ASCENDING", stable=False, name=None):
    """The int32 positions that sort ``values`` along ``axis``. Equal values always keep their
    order (TF1's sort is stable whatever ``stable`` says).

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.argsort([[3, 1, 2], [0, 5, 0]])).tolist()
    [[1, 2, 0], [0, 2, 1]]
    """
    del stable  # TF1 ignores it too: its sort is always stable
    return _sort_op(values, axis, direction, name or "argsort").outputs[1]


# ------------------------------------------------------------------ unique, setdiff1d
UniqueOutput = collections.namedtuple("Unique", ["y", "idx"])
UniqueWithCountsOutput = collections.namedtuple("UniqueWithCounts", ["y", "idx", "count"])
ListDiffOutput = collections.namedtuple("ListDiff", ["out", "idx"])


def _index_dtype(dtype, argument):
    dtype = dtypes.as_dtype(dtype)
    if dtype not in _INDEX_DTYPES:
        raise TypeError("Value passed to parameter '%s' has DataType %s not in list of allowed "
                        "values: int32, int64" % (argument, dtype.name))
    return dtype


def _require_vector(tensor):
    ndims = tensor.shape.ndims
    if ndims is not None and ndims != 1:
        raise ShapeInferenceError("Shape must be rank 1 but is rank %d" % ndims)


class _UniqueFamily(OpDef):
    """``y``: the distinct values of the 1-D ``x`` in order of first appearance; ``idx``: the
    position in ``y`` of every element of ``x``; with counts, how often each value appears."""

    def __init__(self, type_name, with_counts):
        self.type_name = type_name
        self._with_counts = with_counts

    def infer(self, op):
        x, index_dtype = op.inputs[0], op.attrs["out_idx"]
        _require_vector(x)
        outputs = [(x.dtype, TensorShape([None])), (index_dtype, x.shape)]
        return outputs + [(index_dtype, TensorShape([None]))] if self._with_counts else outputs

    def kernel(self, op, ctx):
        xp, with_counts = ctx.xp, self._with_counts
        index_dtype = op.attrs["out_idx"].np_dtype

        def unique_kernel(x):
            if x.ndim != 1:
                raise ValueError("unique expects a 1D vector.")
            values, first, inverse, counts = xp.unique(x, return_index=True, return_inverse=True,
                                                       return_counts=True)
            # np.unique sorts; TF1 keeps the order of first appearance.
            order = xp.argsort(first)
            position = xp.empty_like(order)
            position[order] = xp.arange(order.size)
            y, idx = values[order], position[inverse.reshape(-1)].astype(index_dtype)
            return (y, idx, counts[order].astype(index_dtype)) if with_counts else (y, idx)
        return unique_kernel


    def samples(self, rng):
        def sample(x, index_dtype, **options):
            def reference(x):
                y, idx, count, position = [], [], [], {}
                for v in x.tolist():
                    if v not in position:
                        position[v] = len(y)
                        y.append(v)
                        count.append(0)
                    idx.append(position[v])
                    count[position[v]] += 1
                outputs = [np.array(y, x.dtype), np.array(idx, index_dtype)]
                return outputs + [np.array(count, index_dtype)] if self._with_counts else outputs
            attrs = {"out_idx": dtypes.as_dtype(index_dtype)}
            return OpSample(lambda x: make_op(self.type_name, (x,), attrs).outputs, x,
                            reference=reference, **options)
        # TF1 registers no gradient for the set ops: no gradient check of float inputs
        return [sample(rng.integers(0, 5, 12).astype(np.int32), np.int32),
                sample(rng.integers(-2, 2, 7).astype(np.float64) / 2, np.int64, grad=()),
                sample(np.zeros(0, np.int64), np.int32, name="empty")]


register(_UniqueFamily("Unique", with_counts=False))
register(_UniqueFamily("UniqueWithCounts", with_counts=True))


def unique(x, out_idx=dtypes.int32, name=None):
    """The distinct values of the 1-D ``x`` in order of first appearance (``y``) and, for every
    element of ``x``, its position in ``y`` (``idx``, of dtype ``out_idx``).

    >>> import autograd_engine as tf
    >>> y, idx = tf.unique([1, 1, 2, 4, 4, 4, 7, 8, 8])
    >>> with tf.Session() as sess:
    ...     [v.tolist() for v in sess.run([y, idx])]
    [[1, 2, 4, 7, 8], [0, 0, 1, 2, 2, 2, 3, 4, 4]]
    """
    op = make_op("Unique", (convert_to_tensor(x),), {"out_idx": _index_dtype(out_idx, "out_idx")},
                 name)
    return UniqueOutput(*op.outputs)


def unique_with_counts(x, out_idx=dtypes.int32, name=None):
    """:func:`unique`, plus how often each distinct value appears (``count``).

    >>> import autograd_engine as tf
    >>> y, idx, count = tf.unique_with_counts([5, 3, 5, 5])
    >>> with tf.Session() as sess:
    ...     [v.tolist() for v in sess.run([y, idx, count])]
    [[5, 3], [0, 1, 0, 0], [3, 1]]
    """
    op = make_op("UniqueWithCounts", (convert_to_tensor(x),),
                 {"out_idx": _index_dtype(out_idx, "out_idx")}, name)
    return UniqueWithCountsOutput(*op.outputs)


@register
class ListDiff(OpDef):
    """``out``: the elements of the 1-D ``x`` that are not in the 1-D ``y``, in order, with
    repeats; ``idx``: their positions in ``x``."""
    type_name = "ListDiff"

    def infer(self, op):
        x, y = op.inputs
        _check_same_dtype(op)
        _require_vector(x)
        _require_vector(y)
        return [(x.dtype, TensorShape([None])), (op.attrs["out_idx"], TensorShape([None]))]

    def kernel(self, op, ctx):
        xp, index_dtype = ctx.xp, op.attrs["out_idx"].np_dtype

        def list_diff(x, y):
            if x.ndim != 1:
                raise ValueError("x should be a 1D vector.")
            if y.ndim != 1:
                raise ValueError("y should be a 1D vector.")
            kept = xp.nonzero(~xp.isin(x, y))[0]
            return x[kept], kept.astype(index_dtype)
        return list_diff

    def samples(self, rng):
        def sample(x, y, index_dtype, **options):
            def reference(x, y):
                removed = set(y.tolist())
                kept = [i for i, v in enumerate(x.tolist()) if v not in removed]
                return [x[kept], np.array(kept, index_dtype)]
            attrs = {"out_idx": dtypes.as_dtype(index_dtype)}
            return OpSample(lambda x, y: make_op(self.type_name, (x, y), attrs).outputs, x, y,
                            reference=reference, **options)
        # repeats in x are kept; nothing kept; nothing removed. No gradient (TF1 has none).
        return [sample(np.array([1, 2, 3, 4, 5, 6], np.int32), np.array([1, 3, 5], np.int32),
                       np.int32),
                sample(np.array([0.5, -1.0, 0.5, 2.0, -1.0]), np.array([-1.0, 7.0]), np.int64,
                       grad=()),
                sample(np.array([3, 1, 3], np.int64), np.array([1, 3], np.int64), np.int32,
                       name="nothing kept"),
                sample(rng.integers(0, 9, 5).astype(np.int32), np.zeros(0, np.int32), np.int64,
                       name="nothing removed")]


def setdiff1d(x, y, index_dtype=dtypes.int32, name=None):
    """The values of the 1-D ``x`` that are not in ``y`` (``out``, in their order in ``x``,
    repeats kept) and their positions in ``x`` (``idx``).

    >>> import autograd_engine as tf
    >>> out, idx = tf.setdiff1d([1, 2, 3, 4, 5, 6], [1, 3, 5])
    >>> with tf.Session() as sess:
    ...     [v.tolist() for v in sess.run([out, idx])]
    [[2, 4, 6], [1, 3, 5]]
    """
    x = convert_to_tensor(x)
    y = convert_to_tensor(y, dtype=None if isinstance(y, TensorLike) else x.dtype)
    op = make_op("ListDiff", (x, y), {"out_idx": _index_dtype(index_dtype, "index_dtype")}, name)
    return ListDiffOutput(*op.outputs)


__all__ = ["sort", "argsort", "unique", "unique_with_counts", "setdiff1d"]
