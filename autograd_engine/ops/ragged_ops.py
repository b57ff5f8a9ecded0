"""``tf.ragged``: ``constant``, ``constant_value``, ``placeholder``, ``range``,
``boolean_mask``, ``stack``, ``map_flat_values``, ``stack_dynamic_partitions``, ``cross`` and
``cross_hashed`` (the row-partition helpers are in :mod:`row_partition`).

>>> import autograd_engine as tf
>>> rt = tf.ragged.constant([[1, 2, 3], [], [4]])
>>> doubled = tf.ragged.map_flat_values(tf.multiply, rt, 2)
>>> with tf.Session() as sess:
...     sess.run(doubled).to_list()
[[2, 4, 6], [], [8]]
"""
import builtins

import numpy as np

from ..framework import dtypes
from ..framework.graph import get_default_graph
from ..framework.tensor_shape import TensorShape
from . import array_ops
from .concat_split_ops import concat
from .constant_op import constant as dense_constant, convert_to_tensor, stack_values
from .cumulative_ops import cumsum
from .elementwise_binary_ops import where
from .elementwise_unary_ops import cast
from .feature_cross import cross_features
from .gather_ops import gather
from .mask_ops import boolean_mask as dense_boolean_mask
from .op_samples import OpSample
from .ragged_tensor import RaggedTensor, RaggedTensorValue
from .range_ops import range as range_op
from .registry import OpDef, make_op, register
from .row_partition import (positions_in_rows, row_splits_to_segment_ids,
                            segment_ids_to_row_splits)
from .segment_ops import segment_sum
from .shape_ops import shape as shape_of
from .sort_ops import argsort
from .sparse_tail_ops import row_features


# ------------------------------------------------------------------ constants
def _depth(value):
    """How deeply ``value`` nests lists (0 for a scalar)."""
    if isinstance(value, (list, tuple)):
        return 1 + max([_depth(v) for v in value] + [0])
    if isinstance(value, np.ndarray):
        return value.ndim
    return 0


def constant_value(pylist, dtype=None, ragged_rank=None, inner_shape=None,
                   row_splits_dtype="int64"):
    """The RaggedTensorValue of the nested list ``pylist`` (a numpy array when it is not
    ragged): ``ragged_rank`` ragged dimensions (default: all but the innermost
    ``len(inner_shape)``).

    >>> constant_value([[1, 2], [3]]).to_list()
    [[1, 2], [3]]
    """
    depth = _depth(pylist)
    inner_rank = 0 if inner_shape is None else len(inner_shape)
    if ragged_rank is None:
        ragged_rank = max(0, depth - 1 - inner_rank)
    if depth > 0 and ragged_rank >= depth:
        raise ValueError("ragged_rank=%d must be less than the nesting depth %d"
                         % (ragged_rank, depth))
    splits_dtype = dtypes.as_dtype(row_splits_dtype).np_dtype
    levels, items = [], [pylist]
    for _ in builtins.range(ragged_rank):
        rows = [list(row) for group in items for row in group]
        levels.append(np.cumsum([0] + [len(r) for r in rows]).astype(splits_dtype))
        items = rows
    leaves = [v for group in items for v in group] if ragged_rank else pylist
    np_dtype = dtypes.as_dtype(dtype).np_dtype if dtype is not None else None
    try:
        flat = np.array(leaves, dtype=np_dtype)
    except ValueError as error:
        raise ValueError("all flat_values must have compatible shapes (%s)" % error) from None
    if flat.size == 0 and np_dtype is None:
        flat = flat.astype(np.float64).reshape((0,) + tuple(inner_shape or ()))
    if flat.dtype.kind == "U":
        flat = flat.astype(object)
        flat[...] = np.vectorize(lambda s: s.encode(), otypes=[object])(flat)
    result = flat
    for splits in reversed(levels):
        result = RaggedTensorValue(result, splits)
    return result


def constant(pylist, dtype=None, ragged_rank=None, inner_shape=None, name=None,
             row_splits_dtype=dtypes.int64):
    """A RaggedTensor of constants holding the nested list ``pylist``.

    >>> import autograd_engine as tf
    >>> tf.ragged.constant([[1, 2], [3]]).shape.as_list()
    [2, None]
    """
    with get_default_graph().name_scope(name or "RaggedConstant"):
        value = constant_value(pylist, dtype, ragged_rank, inner_shape, row_splits_dtype)
        if not isinstance(value, RaggedTensorValue):
            return dense_constant(value, dtype=dtype)
        if dtype is None:  # Python numbers: int32 and float32, as tf.constant makes them
            kind = value.flat_values.dtype.kind
            dtype = {"i": dtypes.int32, "f": dtypes.float32}.get(kind)
        flat = dense_constant(value.flat_values, dtype=dtype)
        return RaggedTensor.from_nested_row_splits(
            flat, [dense_constant(s) for s in value.nested_row_splits])


def placeholder(dtype, ragged_rank, value_shape=None, name=None):
    """A RaggedTensor of placeholders (``name/flat_values`` and ``name/row_splits_<k>``),
    fed with a RaggedTensorValue.

    >>> import autograd_engine as tf
    >>> rt = tf.ragged.placeholder(tf.int32, 1, [])
    >>> with tf.Session() as sess:
    ...     sess.run(rt.row_lengths(), {rt: tf.ragged.constant_value([[1], [2, 3]])}).tolist()
    [1, 2]
    """
    if ragged_rank < 1:
        raise ValueError("ragged_rank must be at least 1, got %d" % ragged_rank)
    value_shape = [] if value_shape is None else list(TensorShape(value_shape).as_list())
    with get_default_graph().name_scope(name or "RaggedPlaceholder"):
        flat = array_ops.placeholder(dtype, [None] + value_shape, name="flat_values")
        splits = [array_ops.placeholder(dtypes.int64, [None], name="row_splits_%d" % k)
                  for k in builtins.range(ragged_rank)]
        return RaggedTensor.from_nested_row_splits(flat, splits)


# ------------------------------------------------------------------ range
@register
class RaggedRange(OpDef):
    """Row ``i``: ``range(starts[i], limits[i], deltas[i])`` (scalars broadcast). Outputs:
    row splits (int64), values."""
    type_name = "RaggedRange"
    host_only = True
    differentiable = False

    def infer(self, op):
        starts, limits, deltas = op.inputs
        for t in op.inputs:
            if t.shape.ndims not in (None, 0, 1):
                raise ValueError("starts, limits and deltas must be scalars or vectors, got %s"
                                 % t.shape)
        rows = [t.shape.as_tuple()[0] for t in op.inputs if t.shape.ndims == 1]
        known = [r for r in rows if r is not None]
        count = known[0] if known else (None if rows else 1)
        return [(dtypes.int64, TensorShape([None if count is None else count + 1])),
                (starts.dtype, TensorShape([None]))]

    def kernel(self, op, ctx):
        def ragged_range(starts, limits, deltas):
            starts, limits, deltas = np.broadcast_arrays(np.atleast_1d(starts),
                                                         np.atleast_1d(limits),
                                                         np.atleast_1d(deltas))
            if np.any(deltas == 0):
                raise ValueError("Requires delta != 0")
            rows = [np.arange(s, l, d, dtype=starts.dtype) for s, l, d in zip(starts, limits,
                                                                                 deltas)]
            splits = np.cumsum([0] + [len(r) for r in rows]).astype(np.int64)
            values = np.concatenate(rows) if rows else np.zeros(0, starts.dtype)
            return splits, values.astype(starts.dtype)
        return ragged_range

    def samples(self, rng):
        def build(s, l, d):
            return list(make_op(self.type_name, (s, l, d)).outputs)
        return [OpSample(build, np.int32([3, 5, 0]), np.int32([5, 4, 3]), np.int32([1, -1, 1]),
                         reference=lambda s, l, d: [np.int64([0, 2, 3, 6]),
                                                    np.int32([3, 4, 5, 0, 1, 2])]),
                OpSample(build, np.float64(0.5), np.float64([2.0, 1.0]), np.float64(0.5),
                         reference=lambda s, l, d: [np.int64([0, 3, 4]),
                                                    np.float64([0.5, 1.0, 1.5, 0.5])])]


def range(starts, limits=None, deltas=1, dtype=None, name=None,  # noqa: A001 - TF1's name
          row_splits_dtype=dtypes.int64):
    """A RaggedTensor whose row ``i`` is ``range(starts[i], limits[i], deltas[i])``
    (``starts`` alone: rows ``range(starts[i])``).

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.ragged.range([3, 5], [5, 4], [1, -1])).to_list()
    [[3, 4], [5]]
    """
    if limits is None:
        starts, limits = 0, starts
    with get_default_graph().name_scope(name or "RaggedRange"):
        parts = [convert_to_tensor(v, dtype=dtype) for v in (starts, limits, deltas)]
        if dtype is None:
            common = dtypes.int64 if any(p.dtype == dtypes.int64 for p in parts) else None
            floats = [p.dtype for p in parts if p.dtype.is_floating]
            common = floats[0] if floats else common or parts[0].dtype
            parts = [cast(p, common) for p in parts]
        splits, values = make_op("RaggedRange", parts).outputs
        return RaggedTensor.from_row_splits(values, cast(splits, row_splits_dtype))


# ------------------------------------------------------------------ masks, stacks, maps
def boolean_mask(data, mask, name=None):
    """The elements of ``data`` where ``mask`` (dense or ragged, of ``data``'s outer shape)
    is true, keeping the row structure: a rank 1 mask gives ``tf.boolean_mask``'s result; a
    deeper one a RaggedTensor.

    >>> import autograd_engine as tf
    >>> masked = tf.ragged.boolean_mask([[1, 2, 3], [4, 5, 6]],
    ...                                 [[True, False, True], [False, True, True]])
    >>> with tf.Session() as sess:
    ...     sess.run(masked).to_list()
    [[1, 3], [5, 6]]
    """
    with get_default_graph().name_scope(name or "RaggedMask"):
        if isinstance(mask, RaggedTensor):
            data = data if isinstance(data, RaggedTensor) else RaggedTensor.from_tensor(data)
            kept = boolean_mask(data.values, mask.values)
            lengths = segment_sum(cast(_flat_mask(mask.values), dtypes.int64),
                                  mask.value_rowids())
            lengths = _pad_to(lengths, mask.nrows(dtypes.int64))
            return RaggedTensor.from_row_lengths(kept, lengths)
        mask = convert_to_tensor(mask)
        if mask.dtype != dtypes.bool:
            raise TypeError("mask must be a bool tensor, not %s" % mask.dtype.name)
        if mask.shape.ndims is None:
            raise ValueError("mask must have a known rank")
        if mask.shape.ndims == 1:
            if isinstance(data, RaggedTensor):
                rows = array_ops.reshape(where(mask), [-1])
                return _gather_rows(data, rows)
            return dense_boolean_mask(data, mask)
        if not isinstance(data, RaggedTensor):
            data = RaggedTensor.from_tensor(data, ragged_rank=mask.shape.ndims - 1)
        return boolean_mask(data, RaggedTensor.from_tensor(mask,
                                                           ragged_rank=mask.shape.ndims - 1))


def _flat_mask(mask_values):
    return mask_values.flat_values if isinstance(mask_values, RaggedTensor) else mask_values


def _pad_to(lengths, count):
    """``lengths`` padded with zeros to ``count`` entries (trailing empty rows)."""
    missing = count - shape_of(lengths, out_type=dtypes.int64)[0]
    return concat([lengths, array_ops.zeros(array_ops.reshape(missing, [1]), lengths.dtype)], 0)


def _gather_rows(rt, rows):
    """The rows ``rows`` of a RaggedTensor, in that order."""
    splits = rt.row_splits
    starts = gather(splits[:-1], rows)
    lengths = gather(splits[1:], rows) - starts
    new_splits = concat([array_ops.zeros([1], splits.dtype), cumsum(lengths)], 0)
    value_rows = row_splits_to_segment_ids(new_splits)
    picked = gather(starts, value_rows) + positions_in_rows(new_splits, value_rows)
    values = rt.values
    if isinstance(values, RaggedTensor):
        return RaggedTensor.from_row_splits(_gather_rows(values, picked), new_splits)
    return RaggedTensor.from_row_splits(gather(values, picked), new_splits)


def _as_ragged(value, ragged_rank):
    if isinstance(value, RaggedTensor):
        if value.ragged_rank != ragged_rank:
            raise ValueError("ragged.stack: every RaggedTensor must have ragged_rank %d, got %d"
                             % (ragged_rank, value.ragged_rank))
        return value
    return RaggedTensor.from_tensor(convert_to_tensor(value), ragged_rank=ragged_rank)


def _concat_rows(tensors):
    """The rows of ``tensors`` one after another (all RaggedTensors of one ragged_rank, or
    all dense)."""
    if not isinstance(tensors[0], RaggedTensor):
        return concat(list(tensors), 0)
    splits, offset = [tensors[0].row_splits[:1]], None
    for rt in tensors:
        rt_splits = cast(rt.row_splits, dtypes.int64)
        shifted = rt_splits[1:] if offset is None else rt_splits[1:] + offset
        splits.append(shifted)
        offset = shifted[-1] if offset is None else offset + rt_splits[-1]
    splits[0] = cast(splits[0], dtypes.int64)
    return RaggedTensor.from_row_splits(_concat_rows([rt.values for rt in tensors]),
                                        concat(splits, 0))


def stack(values, axis=0, name=None):
    """``values`` (RaggedTensors or dense tensors of one rank) stacked into a RaggedTensor of
    one more dimension, along ``axis`` 0 (``result[i]`` is ``values[i]``) or 1
    (``result[:, i]`` is ``values[i]``; the inputs have as many rows).

    >>> import autograd_engine as tf
    >>> stacked = tf.ragged.stack([tf.ragged.constant([[1, 2], [3]]), [[4, 5]]])
    >>> with tf.Session() as sess:
    ...     sess.run(stacked).to_list()
    [[[1, 2], [3]], [[4, 5]]]
    """
    values = list(values)
    if not values:
        raise ValueError("ragged.stack needs at least one tensor")
    with get_default_graph().name_scope(name or "RaggedStack"):
        rank = max([v.ragged_rank for v in values if isinstance(v, RaggedTensor)] + [1])
        rows = [_as_ragged(v, rank) for v in values]
        count = len(rows)
        axis = int(axis)
        if axis < 0:
            axis += rows[0].shape.ndims + 1 if rows[0].shape.ndims is not None else 0
        joined = _concat_rows(rows)
        if axis == 0:
            lengths = stack_values([r.nrows(dtypes.int64) for r in rows])
            return RaggedTensor.from_row_lengths(joined, lengths)
        if axis == 1:
            nrows = rows[0].nrows(dtypes.int64)
            # row i of the result: row i of every input, in order
            order = array_ops.reshape(array_ops.transpose(array_ops.reshape(
                _range64(nrows * count), [count, -1])), [-1])
            return RaggedTensor.from_row_lengths(_gather_rows(joined, order),
                                                 array_ops.fill(array_ops.reshape(nrows, [1]),
                                                                np.int64(count)))
        raise ValueError("ragged.stack supports axis 0 and 1 here, got axis=%d" % axis)


def _range64(limit):
    return range_op(0, limit, dtype=dtypes.int64)


def map_flat_values(op, *args, **kwargs):
    """``op`` applied to the flat values of the RaggedTensor arguments (they share their row
    partitions), the result with the first one's row partitions.

    >>> import autograd_engine as tf
    >>> rt = tf.ragged.constant([[1.0, 4.0], [9.0]])
    >>> with tf.Session() as sess:
    ...     sess.run(tf.ragged.map_flat_values(tf.sqrt, rt)).to_list()
    [[1.0, 2.0], [3.0]]
    """
    partitions = []

    def flat(value):
        if isinstance(value, RaggedTensor):
            partitions.append(value)
            return value.flat_values
        if isinstance(value, (list, tuple)):
            return type(value)(flat(v) for v in value)
        if isinstance(value, dict):
            return {k: flat(v) for k, v in value.items()}
        return value
    flat_args = [flat(a) for a in args]
    flat_kwargs = {k: flat(v) for k, v in kwargs.items()}
    if not partitions:
        return op(*args, **kwargs)
    ranks = {p.ragged_rank for p in partitions}
    if len(ranks) != 1:
        raise ValueError("map_flat_values: the RaggedTensors must share their row partitions "
                         "(ragged ranks %s differ)" % sorted(ranks))
    return partitions[0].with_flat_values(op(*flat_args, **flat_kwargs))


def stack_dynamic_partitions(data, partitions, num_partitions, name=None):
    """A RaggedTensor whose row ``i`` holds the elements of ``data`` with ``partitions ==
    i``, in their order.

    >>> import autograd_engine as tf
    >>> rt = tf.ragged.stack_dynamic_partitions(["a", "b", "c", "d", "e"], [3, 0, 2, 2, 3], 5)
    >>> with tf.Session() as sess:
    ...     sess.run(rt).to_list()
    [[b'b'], [], [b'c', b'd'], [b'a', b'e'], []]
    """
    with get_default_graph().name_scope(name or "SegmentStack"):
        data = convert_to_tensor(data)
        partitions = convert_to_tensor(partitions)
        if partitions.shape.ndims not in (None, 1):
            raise ValueError("partitions must be a vector, got shape %s" % partitions.shape)
        order = argsort(partitions, stable=True)
        # the splits take the partitions' dtype, as TF's
        splits = segment_ids_to_row_splits(gather(partitions, order), num_partitions,
                                           out_type=partitions.dtype)
        return RaggedTensor.from_row_splits(gather(data, order), splits)


def _ragged_cross(inputs, separator, num_buckets, hash_key, name):
    with get_default_graph().name_scope(name or "RaggedCross"):
        values, splits = cross_features([row_features(x) for x in inputs], separator,
                                        num_buckets, hash_key)
        return RaggedTensor.from_row_splits(values, splits)


def cross(inputs, name=None):
    """The string cross of ``inputs`` (RaggedTensors, SparseTensors, dense 2-D tensors) as a
    RaggedTensor, features joined with ``"_X_"`` in the order of ``inputs``."""
    return _ragged_cross(list(inputs), "_X_", None, None, name)


def cross_hashed(inputs, num_buckets=0, hash_key=None, name=None):
    """The hashed cross of ``inputs`` as a RaggedTensor of int64 ids (TF1's hashing)."""
    return _ragged_cross(list(inputs), "_X_", int(num_buckets), hash_key, name)


__all__ = ["constant", "constant_value", "placeholder", "range", "boolean_mask", "stack",
           "map_flat_values", "stack_dynamic_partitions", "cross", "cross_hashed"]
