"""Indexing by value: gather, gather_nd, scatter_nd, unsorted_segment_sum and embedding_lookup.

Gathers and scatters are each other's gradients: ``gather``'s gradient is
``unsorted_segment_sum`` (repeated indices add up), ``gather_nd``'s is ``scatter_nd``, and back.
Indices out of range are an InvalidArgumentError when the plan runs, naming the op and the
first bad index, as in TF1 (numpy would wrap negative indices silently).
"""
import builtins

import numpy as np

from ..framework.graph import ShapeInferenceError
from ..framework.tensor import TensorLike
from ..framework.tensor_shape import TensorShape
from . import array_ops, shape_ops
from .concat_split_ops import concat
from .constant_op import constant_value, convert_to_tensor
from .elementwise_binary_ops import floordiv, floormod, maximum, minimum
from .elementwise_unary_ops import cast, sqrt, square
from .indexed_slices import IndexedSlices
from .op_families import check_index_dtype, check_index_range, first_true_index, static_axis
from .op_samples import OpSample, normal
from .reduction_ops import reduce_sum
from .registry import OpDef, make_tensor, register
from .shape_ops import ShapeOperand, shape_operand_of


# ------------------------------------------------------------------ gather
@register
class GatherV2(OpDef):
    """``params`` indexed along ``axis``. With ``drop_negatives`` (the gradient of
    UnsortedSegmentSum) a negative index gives zeros instead of an error."""
    type_name = "GatherV2"

    def infer(self, op):
        params, indices = op.inputs
        check_index_dtype(indices)
        dims, axis = params.shape.as_tuple(), op.attrs["axis"]
        if dims is None or indices.shape.ndims is None:
            return [(params.dtype, TensorShape(None))]
        if not axis < len(dims):
            raise ShapeInferenceError("Shape must be at least rank %d but is rank %d"
                                      % (axis + 1, len(dims)))
        return [(params.dtype, TensorShape(dims[:axis] + indices.shape.as_tuple() +
                                           dims[axis + 1:]))]

    def kernel(self, op, ctx):
        xp, axis, drop = ctx.xp, op.attrs["axis"], op.attrs["drop_negatives"]
        checked = not ctx.on_device  # TF1's GPU kernel gives zeros for indices out of range

        def gather_kernel(params, indices):
            if checked:
                check_index_range(indices, params.shape[axis], allow_negative=drop)
                if not drop:
                    return xp.take(params, indices, axis=axis)
            valid = indices >= 0 if checked else (indices >= 0) & (indices < params.shape[axis])
            out = xp.take(params, xp.where(valid, indices, 0), axis=axis)
            mask = valid.reshape(valid.shape + (1,) * (params.ndim - axis - 1))
            return xp.where(mask, out, xp.zeros((), dtype=out.dtype))
        return gather_kernel

    def gradient(self, op, grad):
        params, indices = op.inputs
        axis = op.attrs["axis"]
        size = params.shape.as_tuple()[axis] if params.shape.ndims is not None else None
        count = shape_ops.shape(params)[axis] if size is None else size
        if axis == 0 and not op.attrs["drop_negatives"]:
            return [_sparse_rows_gradient(params, indices, grad), None]
        if axis == 0:
            return [unsorted_segment_sum(grad, indices, count), None]
        # Move the indexed dimensions to the front, sum the segments, move the axis back.
        index_rank, grad_rank = indices.shape.ndims, grad.shape.ndims
        if index_rank is None or grad_rank is None:
            raise ValueError("The gradient of tf.gather along axis %d needs tensors of known "
                             "rank (%s)." % (axis, op.describe()))
        front = list(range(axis, axis + index_rank)) + list(range(axis)) + \
            list(range(axis + index_rank, grad_rank))
        summed = unsorted_segment_sum(array_ops.transpose(grad, front), indices, count)
        back = list(range(1, axis + 1)) + [0] + list(range(axis + 1, summed.shape.ndims))
        return [array_ops.transpose(summed, back), None]

    def samples(self, rng):
        """Repeated indices (their gradients add up), an inner axis with int64 indices, a scalar
        index, int32, and negative indices dropped to zeros (UnsortedSegmentSum's gradient)."""
        def reference(params, indices, axis, drop=False):
            rows = [np.zeros_like(params[index_of(axis, 0)]) if drop and i < 0 else
                    params[index_of(axis, i)] for i in indices.reshape(-1)]
            return np.stack(rows, axis).reshape(params.shape[:axis] + indices.shape +
                                                params.shape[axis + 1:])

        def index_of(axis, i):
            return (builtins.slice(None),) * axis + (i,)
        samples = [OpSample(lambda p, i, a=axis: gather(p, i, axis=a), params, indices,
                            reference=lambda p, i, a=axis % params.ndim: reference(p, i, a))
                   for params, indices, axis in (
                       (normal(rng, 5, 3), np.int32([[0, 4], [1, 1]]), 0),
                       (normal(rng, 2, 4, 3), np.int64([3, 0, 3]), 1),
                       (normal(rng, 4), np.int32(2), 0),
                       (rng.integers(-9, 9, (3, 2)).astype(np.int32), np.int32([1, 0, 1]), -1))]
        samples.append(OpSample(
            lambda p, i: make_tensor("GatherV2", (p, i), {"axis": 0, "drop_negatives": True}),
            normal(rng, 3, 2), np.int32([1, -1, 0, -2]),
            reference=lambda p, i: reference(p, i, 0, drop=True)))
        return samples


def _sparse_rows_gradient(params, indices, grad):
    """TF1's gradient of a gather along axis 0: the rows of ``grad`` as IndexedSlices of
    ``params``' shape, so that an optimizer updates only the rows looked up."""
    row_dims = params.shape.as_tuple()
    if row_dims is not None and None not in row_dims[1:]:
        values = array_ops.reshape(grad, (-1,) + row_dims[1:])
    else:
        values = array_ops.reshape(grad, concat([[-1], shape_ops.shape(params)[1:]], 0))
    dense_shape = list(row_dims) if row_dims is not None and None not in row_dims else \
        shape_ops.shape(params)
    return IndexedSlices(values, array_ops.reshape(indices, [-1]), dense_shape)


def gather(params, indices, validate_indices=None, name=None, axis=0):
    """Slices of ``params`` along ``axis`` at ``indices`` (any shape): the result has shape
    ``params.shape[:axis] + indices.shape + params.shape[axis + 1:]``.

    >>> import autograd_engine as tf
    >>> tf.gather(tf.zeros([5, 3]), [[0, 4], [1, 1]]).shape.as_list()
    [2, 2, 3]
    """
    params = convert_to_tensor(params)
    indices = convert_to_tensor(indices)
    axis = static_axis(axis)
    ndims = params.shape.ndims
    if axis < 0:
        if ndims is None:
            raise ValueError("tf.gather needs params of known rank for a negative axis.")
        axis += ndims
    if axis < 0 or (ndims is not None and axis >= ndims):
        raise ValueError("Expected axis in the range [%d, %d), but got %d"
                         % (-(ndims or 0), ndims or 0, axis))
    return make_tensor("GatherV2", (params, indices), {"axis": axis, "drop_negatives": False},
                       name)


@register
class UnsortedSegmentSum(OpDef):
    """Sums the slices of ``data`` that share a segment id; negative ids are dropped (TF1)."""
    type_name = "UnsortedSegmentSum"
    host_inputs = (2,)  # num_segments, read by Python (TF1: HostMemory)

    def infer(self, op):
        data, ids, num = op.inputs
        check_index_dtype(ids, "segment_ids")
        check_index_dtype(num, "num_segments")
        if num.shape.ndims not in (None, 0):
            raise ShapeInferenceError("num_segments should be a scalar, not shape %s" % num.shape)
        dims, id_dims = data.shape.as_tuple(), ids.shape.as_tuple()
        count = constant_value(num)
        count = None if count is None else int(count)
        if dims is None or id_dims is None:
            return [(data.dtype, TensorShape(None))]
        if not TensorShape(dims[:len(id_dims)]).is_compatible_with(TensorShape(id_dims)):
            raise ShapeInferenceError("data.shape = %s does not start with segment_ids.shape = %s"
                                      % (data.shape.bracketed(), ids.shape.bracketed()))
        return [(data.dtype, TensorShape((count,) + dims[len(id_dims):]))]

    def kernel(self, op, ctx):
        xp = ctx.xp
        checked = not ctx.on_device  # TF1's GPU kernel drops ids out of range

        def segment_sum(data, ids, num):
            num = int(num)
            if data.shape[:ids.ndim] != ids.shape:
                raise ValueError("data.shape = %s does not start with segment_ids.shape = %s"
                                 % (list(data.shape), list(ids.shape)))
            out = xp.zeros((num,) + data.shape[ids.ndim:], dtype=data.dtype)
            if checked:
                check_index_range(ids, num, "segment_ids", allow_negative=True)
                keep = ids >= 0
                if not keep.all():
                    ids, data = ids[keep], data[keep]
            else:  # no host decision: dropped slices add zeros into segment 0
                keep = (ids >= 0) & (ids < num)
                ids = xp.where(keep, ids, 0)
                data = xp.where(keep.reshape(keep.shape + (1,) * (data.ndim - ids.ndim)), data, 0)
            xp.add.at(out, ids, data)
            return out
        return segment_sum

    def gradient(self, op, grad):
        return [make_tensor("GatherV2", (grad, op.inputs[1]), {"axis": 0, "drop_negatives": True}),
                None, None]

    def samples(self, rng):
        """Segments in any order with an empty one, 2-D ids with a dropped (negative) one and
        int64, the number of segments fed at run time (a host input), int32."""
        def reference(data, ids, num):
            out = np.zeros((int(num),) + data.shape[ids.ndim:], data.dtype)
            for index in np.ndindex(ids.shape):
                if ids[index] >= 0:
                    out[ids[index]] += data[index]
            return out
        samples = [OpSample(lambda d, i, n=num: unsorted_segment_sum(d, i, n), data, ids,
                            reference=lambda d, i, n=num: reference(d, i, n))
                   for data, ids, num in (
                       (normal(rng, 4, 2), np.int32([0, 3, 0, 1]), 4),
                       (normal(rng, 2, 3, 2), np.int64([[1, -1, 0], [2, 1, 1]]), 3),
                       (rng.integers(-9, 9, (5,)).astype(np.int32), np.int32([1, 1, 0, 2, 1]),
                        3))]
        samples.append(OpSample(unsorted_segment_sum, normal(rng, 5), np.int32([2, 0, 2, 1, 0]),
                                np.int32(3), reference=reference))
        return samples


def unsorted_segment_sum(data, segment_ids, num_segments, name=None):
    """``out[i] = sum(data[j] for j where segment_ids[j] == i)``, for ``num_segments`` segments
    in any order; slices with a negative id are dropped.

    >>> import autograd_engine as tf
    >>> tf.unsorted_segment_sum(tf.ones([4, 2]), [0, 2, 0, 1], 3).shape.as_list()
    [3, 2]
    """
    data = convert_to_tensor(data)
    segment_ids = convert_to_tensor(segment_ids)
    num_segments = convert_to_tensor(num_segments, dtype=None if isinstance(
        num_segments, TensorLike) else segment_ids.dtype)
    return make_tensor("UnsortedSegmentSum", (data, segment_ids, num_segments), None, name)


# ------------------------------------------------------------------ gather_nd / scatter_nd
def _nd_index(indices):
    """The last axis of ``indices`` as a tuple of index arrays (numpy advanced indexing)."""
    return tuple(indices[..., j] for j in range(indices.shape[-1]))


def _nd_in_range(xp, indices, shape):
    """Which rows of ``indices`` (its last axis: coordinates) lie inside ``shape``, computed
    where the indices are (no host decision)."""
    valid = None
    for j in range(indices.shape[-1]):
        inside = (indices[..., j] >= 0) & (indices[..., j] < shape[j])
        valid = inside if valid is None else valid & inside
    return valid


def _nd_masked(xp, indices, shape):
    """(indices with rows outside ``shape`` replaced by zeros, which rows were inside): TF1's
    GPU kernels read zeros there (gather_nd) or skip them (scatter_nd)."""
    valid = _nd_in_range(xp, indices, shape)
    return xp.where(valid[..., None], indices, 0), valid


def _check_nd_range(indices, shape, what):
    depth = indices.shape[-1]
    bad = (indices < 0) | (indices >= np.asarray(shape[:depth], dtype=np.int64))
    if bad.any():
        row = bad.any(axis=-1)
        position, spelled = first_true_index(row)
        raise IndexError("indices[%s] = [%s] does not index into %s shape [%s]"
                         % (spelled, ", ".join(str(int(i)) for i in indices[position]), what,
                            ",".join(str(d) for d in shape)))


@register
class GatherNd(OpDef):
    type_name = "GatherNd"

    def infer(self, op):
        params, indices = op.inputs
        check_index_dtype(indices)
        dims, index_dims = params.shape.as_tuple(), indices.shape.as_tuple()
        if index_dims is not None and not index_dims:
            raise ShapeInferenceError("indices must be at least a vector")
        if dims is None or index_dims is None or index_dims[-1] is None:
            return [(params.dtype, TensorShape(None))]
        depth = index_dims[-1]
        if depth > len(dims):
            raise ShapeInferenceError("indices.shape[-1] must be <= params.rank, but saw indices "
                                      "shape: %s and params shape: %s"
                                      % (indices.shape.bracketed(), params.shape.bracketed()))
        return [(params.dtype, TensorShape(index_dims[:-1] + dims[depth:]))]

    def kernel(self, op, ctx):
        xp = ctx.xp
        checked = not ctx.on_device

        def gather_nd_kernel(params, indices):
            if indices.shape[-1] == 0:  # every index selects all of params
                return xp.broadcast_to(params, indices.shape[:-1] + params.shape).copy()
            if checked:
                _check_nd_range(indices, params.shape, "param")
                return params[_nd_index(indices)]
            indices, valid = _nd_masked(xp, indices, params.shape)
            out = params[_nd_index(indices)]
            return xp.where(valid.reshape(valid.shape + (1,) * (out.ndim - valid.ndim)), out, 0)
        return gather_nd_kernel

    def gradient(self, op, grad):
        params, indices = op.inputs
        return [scatter_nd(indices, grad, shape_operand_of(params)), None]

    def samples(self, rng):
        """Elements (a repeated one), rows, a batch of indices into a slab, int32 with empty
        coordinates (every index selects all of params)."""
        def reference(params, indices):
            depth = indices.shape[-1]
            rows = indices.reshape(int(np.prod(indices.shape[:-1])), depth)
            picked = [params[tuple(row)] for row in rows]
            return np.array(picked, params.dtype).reshape(indices.shape[:-1] +
                                                          params.shape[depth:])
        return [OpSample(gather_nd, params, indices, reference=reference)
                for params, indices in (
                    (normal(rng, 4, 5), np.int32([[3, 1], [0, 4], [3, 1]])),
                    (normal(rng, 3, 4), np.int64([[2], [0]])),
                    (normal(rng, 2, 3, 4), np.int32([[[1, 2], [0, 0]], [[1, 0], [0, 2]]])),
                    (rng.integers(-9, 9, (2, 3)).astype(np.int32), np.zeros((2, 0), np.int32)))]


def gather_nd(params, indices, name=None):
    """Gathers slices of ``params`` at the coordinates in the last axis of ``indices``:
    the result has shape ``indices.shape[:-1] + params.shape[indices.shape[-1]:]``.

    >>> import autograd_engine as tf
    >>> tf.gather_nd(tf.zeros([4, 5, 6]), [[0, 1], [3, 2]]).shape.as_list()
    [2, 6]
    """
    return make_tensor("GatherNd", (convert_to_tensor(params), convert_to_tensor(indices)), None,
                       name)


@register
class ScatterNd(OpDef):
    """Adds ``updates`` into zeros of ``shape`` at the coordinates in ``indices`` (repeated
    coordinates add up)."""
    type_name = "ScatterNd"
    host_inputs = (2,)  # the output shape, read by Python (TF1: HostMemory)

    def infer(self, op):
        indices, updates = op.inputs[:2]
        check_index_dtype(indices)
        target = ShapeOperand.static_dims(op, 2)
        index_dims, update_dims = indices.shape.as_tuple(), updates.shape.as_tuple()
        if None not in (target, index_dims, update_dims) and index_dims and \
                index_dims[-1] is not None:
            outer = len(index_dims) - 1
            expected = TensorShape(index_dims[:-1] + tuple(target[index_dims[-1]:]))
            if index_dims[-1] > len(target):
                raise ShapeInferenceError(
                    "indices.shape[-1] must be <= shape.rank, but saw indices shape: %s and "
                    "shape: %s" % (indices.shape.bracketed(), TensorShape(target).bracketed()))
            if not expected.is_compatible_with(updates.shape):
                raise ShapeInferenceError(
                    "The outer %d dimensions of indices.shape=%s must match the outer %d "
                    "dimensions of updates.shape=%s, and the inner dimensions of shape=%s must "
                    "match the inner dimensions of updates.shape" % (
                        outer, indices.shape.bracketed(), outer, updates.shape.bracketed(),
                        TensorShape(target).bracketed()))
        return [(updates.dtype, TensorShape(target))]

    def kernel(self, op, ctx):
        xp = ctx.xp
        checked = not ctx.on_device

        def scatter(indices, updates, shape):
            depth = indices.shape[-1]
            expected = indices.shape[:-1] + tuple(shape[depth:])
            if updates.shape != expected:
                raise ValueError("updates must have shape %s (indices.shape[:-1] + "
                                 "shape[indices.shape[-1]:]), got %s"
                                 % (list(expected), list(updates.shape)))
            if checked:
                _check_nd_range(indices, shape, "output")
            elif depth:  # rows out of range add zeros at the origin instead
                indices, valid = _nd_masked(xp, indices, shape)
                updates = xp.where(valid.reshape(valid.shape + (1,) * (updates.ndim -
                                                                       valid.ndim)), updates, 0)
            out = xp.zeros(shape, dtype=updates.dtype)
            xp.add.at(out, _nd_index(indices), updates)
            return out
        return ShapeOperand.bind(op, 2, scatter)

    def gradient(self, op, grad):
        return [None, gather_nd(grad, op.inputs[0])] + [None] * (len(op.inputs) - 2)

    def samples(self, rng):
        """Elements, repeated coordinates (they add up), rows into a shape fed at run time (a
        host input), int32."""
        def reference(indices, updates, shape):
            out = np.zeros(tuple(shape), updates.dtype)
            depth = indices.shape[-1]
            for row, update in zip(indices.reshape(-1, depth),
                                   updates.reshape((-1,) + out.shape[depth:])):
                out[tuple(row)] += update
            return out
        samples = [OpSample(lambda i, u, s=shape: scatter_nd(i, u, s), indices, updates,
                            reference=lambda i, u, s=shape: reference(i, u, s))
                   for indices, updates, shape in (
                       (np.int32([[4], [3], [1], [7]]), normal(rng, 4), [8]),
                       (np.int64([[0, 1], [2, 3], [0, 1]]), normal(rng, 3), [3, 4]),
                       (np.int32([[1, 0], [0, 2]]), rng.integers(-9, 9, 2).astype(np.int32),
                        [2, 3]))]
        samples.append(OpSample(scatter_nd, np.int32([[3], [1]]), normal(rng, 2, 3),
                                np.int32([4, 3]), reference=reference))
        return samples


def scatter_nd(indices, updates, shape, name=None):
    """Zeros of ``shape`` with ``updates`` added at the coordinates in ``indices``'s last axis;
    repeated coordinates add up. The inverse (and gradient) of :func:`gather_nd`.

    >>> import autograd_engine as tf
    >>> tf.scatter_nd([[4], [3], [1], [7]], [9.0, 10.0, 11.0, 12.0], [8]).shape.as_list()
    [8]
    """
    indices = convert_to_tensor(indices)
    updates = convert_to_tensor(updates)
    extra, attrs = ShapeOperand.split(shape)
    return make_tensor("ScatterNd", [indices, updates] + extra, attrs, name)


# ------------------------------------------------------------------ embedding_lookup
def embedding_lookup(params, ids, partition_strategy="mod", name=None, validate_indices=True,
                     max_norm=None):
    """Rows of ``params`` at ``ids``: ``tf.gather(params, ids)`` for one tensor. ``params`` may
    also be a list of shards of one table, split by ``partition_strategy`` "mod" (id ``i``
    lives in shard ``i % n``) or "div" (contiguous blocks). With ``max_norm``, each looked-up
    embedding whose L2 norm exceeds it is scaled down to that norm.

    >>> import autograd_engine as tf
    >>> tf.nn.embedding_lookup(tf.zeros([100, 16]), [[1, 2, 3]]).shape.as_list()
    [1, 3, 16]
    """
    looked_up = _embedding_rows(params, ids, partition_strategy, name)
    if max_norm is None:
        return looked_up
    ids_rank, rank = convert_to_tensor(ids).shape.ndims, looked_up.shape.ndims
    if ids_rank is None or rank is None:
        raise ValueError("embedding_lookup with max_norm needs ids and params of known rank")
    axes = list(builtins.range(ids_rank, rank))
    norm = sqrt(reduce_sum(square(looked_up), axes, keepdims=True))
    scale = minimum(1.0, max_norm / maximum(norm, 1e-12))
    return looked_up * cast(scale, looked_up.dtype)


def _embedding_rows(params, ids, partition_strategy, name):
    shards = [convert_to_tensor(p) for p in (params if isinstance(params, (list, tuple))
                                             else [params])]
    if not shards:
        raise ValueError("Need at least one param")
    ids = convert_to_tensor(ids)
    if len(shards) == 1:
        return gather(shards[0], ids, name=name or "embedding_lookup")
    if partition_strategy not in ("mod", "div"):
        raise ValueError("Unrecognized partition strategy: " + str(partition_strategy))
    table = concat(shards, 0)
    if partition_strategy == "div":  # shards are consecutive blocks: the table in order
        return gather(table, ids, name=name or "embedding_lookup")
    sizes = [s.shape.as_tuple()[0] if s.shape.ndims else None for s in shards]
    if None in sizes:
        raise ValueError("embedding_lookup with partition_strategy='mod' needs shards whose "
                         "first dimension is known while building.")
    count = len(shards)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(ids.dtype.np_dtype)
    shard_start = gather(starts, floormod(ids, count))
    return gather(table, shard_start + floordiv(ids, count),
                  name=name or "embedding_lookup")
