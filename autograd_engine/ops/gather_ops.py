"""Indexing by value: gather, gather_nd, scatter_nd, unsorted_segment_sum, boolean_mask,
one_hot, sequence_mask, top_k, in_top_k and embedding_lookup.

Gathers and scatters are each other's gradients: ``gather``'s gradient is
``unsorted_segment_sum`` (repeated indices add up), ``gather_nd``'s is ``scatter_nd``, and back.
Indices out of range are an InvalidArgumentError when the plan runs, naming the op and the
first bad index, as in TF1 (numpy would wrap negative indices silently).
"""
import builtins

import numpy as np

from ..framework import dtypes
from ..framework.graph import ShapeInferenceError, name_scope
from ..framework.tensor import TensorLike
from ..framework.tensor_shape import TensorShape
from . import array_ops, math_ops
from .array_ops import ShapeOperand, shape_operand_of
from .constant_op import constant_value, convert_to_tensor
from .manip_ops import _index_along, _static_axis, concat
from .registry import OpDef, make_op, make_tensor, register

_INDEX_DTYPES = (dtypes.int32, dtypes.int64)


def _check_index_dtype(tensor, what="indices", allowed=_INDEX_DTYPES):
    if tensor.dtype not in allowed:
        raise TypeError("Value passed to parameter '%s' has DataType %s not in list of allowed "
                        "values: %s" % (what, tensor.dtype.name,
                                        ", ".join(d.name for d in allowed)))


def _first_bad(bad):
    """The position of the first True in ``bad``, as ``1,0`` (TF1's spelling)."""
    position = np.unravel_index(int(np.argmax(np.asarray(bad).reshape(-1))), bad.shape)
    return position, ",".join(str(int(i)) for i in position)


def _check_range(indices, limit, what="indices", allow_negative=False):
    """Raises TF1's error for the first index outside ``[0, limit)`` (negative indices pass
    with ``allow_negative``: the ops that drop them)."""
    bad = indices >= limit if allow_negative else (indices < 0) | (indices >= limit)
    if bad.any():
        position, spelled = _first_bad(bad)
        raise IndexError("%s[%s] = %d is not in [0, %d)" % (what, spelled, int(indices[position]),
                                                             limit))


# ------------------------------------------------------------------ gather
@register
class GatherV2(OpDef):
    """``params`` indexed along ``axis``. With ``drop_negatives`` (the gradient of
    UnsortedSegmentSum) a negative index gives zeros instead of an error."""
    type_name = "GatherV2"

    def infer(self, op):
        params, indices = op.inputs
        _check_index_dtype(indices)
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
                _check_range(indices, params.shape[axis], allow_negative=drop)
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
        count = array_ops.shape(params)[axis] if size is None else size
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


def gather(params, indices, validate_indices=None, name=None, axis=0):
    """Slices of ``params`` along ``axis`` at ``indices`` (any shape): the result has shape
    ``params.shape[:axis] + indices.shape + params.shape[axis + 1:]``.

    >>> import autograd_engine as tf
    >>> tf.gather(tf.zeros([5, 3]), [[0, 4], [1, 1]]).shape.as_list()
    [2, 2, 3]
    """
    params = convert_to_tensor(params)
    indices = convert_to_tensor(indices)
    axis = _static_axis(axis)
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
        _check_index_dtype(ids, "segment_ids")
        _check_index_dtype(num, "num_segments")
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
                _check_range(ids, num, "segment_ids", allow_negative=True)
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
        position, spelled = _first_bad(row)
        raise IndexError("indices[%s] = [%s] does not index into %s shape [%s]"
                         % (spelled, ", ".join(str(int(i)) for i in indices[position]), what,
                            ",".join(str(d) for d in shape)))


@register
class GatherNd(OpDef):
    type_name = "GatherNd"

    def infer(self, op):
        params, indices = op.inputs
        _check_index_dtype(indices)
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
        _check_index_dtype(indices)
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


# ------------------------------------------------------------------ boolean_mask
def _mask_rank(op):
    return op.inputs[1].shape.ndims


@register
class BooleanMask(OpDef):
    """The slices of ``tensor`` (its dimensions ``axis .. axis + mask.ndim``) where ``mask`` is
    True, flattened into one dimension whose size is known only at run time."""
    type_name = "BooleanMask"

    def infer(self, op):
        tensor, mask = op.inputs
        dims, axis, k = tensor.shape.as_tuple(), op.attrs["axis"], _mask_rank(op)
        count = constant_value(mask)
        count = None if count is None else int(np.count_nonzero(count))
        return [(tensor.dtype, TensorShape(None if dims is None else
                                           dims[:axis] + (count,) + dims[axis + k:]))]

    def kernel(self, op, ctx):
        xp, axis = ctx.xp, op.attrs["axis"]

        def boolean_mask_kernel(tensor, mask):
            _check_mask_shape(tensor.shape, mask.shape, axis)
            flat = tensor.reshape(tensor.shape[:axis] + (-1,) + tensor.shape[axis + mask.ndim:])
            return xp.compress(mask.reshape(-1), flat, axis=axis)
        return boolean_mask_kernel

    def gradient(self, op, grad):
        tensor, mask = op.inputs
        extra, attrs = ShapeOperand.split(shape_operand_of(tensor))
        attrs["axis"] = op.attrs["axis"]
        return [make_tensor("BooleanMaskGrad", [grad, mask] + extra, attrs), None]


@register
class BooleanMaskGrad(OpDef):
    """Scatters the masked slices' gradient back into zeros of the input's shape."""
    type_name = "BooleanMaskGrad"
    host_inputs = (2,)  # the output shape, read by Python (TF1: HostMemory)

    def infer(self, op):
        return [(op.inputs[0].dtype, TensorShape(ShapeOperand.static_dims(op, 2)))]

    def kernel(self, op, ctx):
        xp, axis = ctx.xp, op.attrs["axis"]

        def scatter(grad, mask, shape):
            out = xp.zeros(shape, dtype=grad.dtype)
            flat = out.reshape(shape[:axis] + (-1,) + tuple(shape[axis + mask.ndim:]))
            flat[_index_along(axis, mask.reshape(-1))] = grad
            return out
        return ShapeOperand.bind(op, 2, scatter)

    def gradient(self, op, grad):
        mask = op.inputs[1]
        return [make_tensor("BooleanMask", (grad, mask), {"axis": op.attrs["axis"]}), None] + \
            [None] * (len(op.inputs) - 2)


def _check_mask_shape(tensor_dims, mask_dims, axis):
    window = tuple(tensor_dims[axis:axis + len(mask_dims)])
    if not TensorShape(window).is_compatible_with(TensorShape(mask_dims)):
        raise ValueError("Shapes %s and %s are incompatible" % (TensorShape(window),
                                                                TensorShape(mask_dims)))


def boolean_mask(tensor, mask, name="boolean_mask", axis=None):
    """The elements (or slices, from ``axis`` on) of ``tensor`` where the bool ``mask`` is True,
    flattened into one dimension of run-time size.

    >>> import autograd_engine as tf
    >>> x = tf.zeros([3, 4, 2])
    >>> tf.boolean_mask(x, tf.placeholder(tf.bool, [3, 4])).shape.as_list()
    [None, 2]
    """
    tensor = convert_to_tensor(tensor)
    mask = convert_to_tensor(mask)
    if not mask.dtype.is_bool:
        raise TypeError("mask must be a bool tensor, got %s" % mask.dtype.name)
    k = mask.shape.ndims
    if k is None:
        raise ValueError("Number of mask dimensions must be specified, even if some dimensions "
                         "are None.  E.g. shape=[None] is ok, but shape=None is not.")
    if k == 0:
        raise ValueError("mask cannot be scalar.")
    axis = 0 if axis is None else _static_axis(axis)
    dims = tensor.shape.as_tuple()
    if dims is not None:
        if axis < 0:
            axis += len(dims)
        if not 0 <= axis <= len(dims) - k:
            raise ValueError("axis %d with a mask of rank %d does not fit a tensor of rank %d"
                             % (axis, k, len(dims)))
        _check_mask_shape(dims, mask.shape.as_tuple(), axis)
    elif axis < 0:
        raise ValueError("tf.boolean_mask needs a tensor of known rank for a negative axis.")
    return make_tensor("BooleanMask", (tensor, mask), {"axis": axis}, name)


# ------------------------------------------------------------------ one_hot, sequence_mask
@register
class OneHot(OpDef):
    type_name = "OneHot"
    host_inputs = (1,)  # depth, read by Python (TF1: HostMemory)
    differentiable = False

    def infer(self, op):
        indices, depth, on, off = op.inputs
        _check_index_dtype(indices, allowed=(dtypes.uint8, dtypes.int32, dtypes.int64))
        dims, axis = indices.shape.as_tuple(), op.attrs["axis"]
        count = constant_value(depth)
        if count is not None and int(count) < 0:
            raise ShapeInferenceError("depth must be non-negative, got: %d" % int(count))
        if dims is None:
            return [(on.dtype, TensorShape(None))]
        if not -1 <= axis <= len(dims):
            raise ShapeInferenceError("Expected axis to be -1 or between [0, %d).  But received: %d"
                                      % (len(dims) + 1, axis))
        axis = len(dims) if axis == -1 else axis
        count = None if count is None else int(count)
        return [(on.dtype, TensorShape(dims[:axis] + (count,) + dims[axis:]))]

    def kernel(self, op, ctx):
        xp, axis = ctx.xp, op.attrs["axis"]

        def one_hot_kernel(indices, depth, on, off):
            depth = int(depth)
            if depth < 0:
                raise ValueError("depth must be non-negative, got: %d" % depth)
            hot = indices[..., None] == xp.arange(depth)  # out-of-range indices: all off
            if axis != -1:
                hot = xp.moveaxis(hot, -1, axis)
            return xp.where(hot, on, off)
        return one_hot_kernel


def one_hot(indices, depth, on_value=None, off_value=None, axis=None, dtype=None, name=None):
    """Rows of ``depth`` values, ``on_value`` (default 1) at each index and ``off_value``
    (default 0) elsewhere; indices outside ``[0, depth)`` (such as -1) give all-off rows.
    The dtype is ``dtype``, else that of ``on_value``/``off_value``, else float32.

    >>> import autograd_engine as tf
    >>> t = tf.one_hot([0, 2, -1], 3)
    >>> t.dtype, t.shape.as_list()
    (tf.float32, [3, 3])
    """
    indices = convert_to_tensor(indices)
    given = {"on_value": on_value, "off_value": off_value}
    tensors = {k: convert_to_tensor(v) for k, v in given.items() if isinstance(v, TensorLike)}
    if dtype is not None:
        dtype = dtypes.as_dtype(dtype)
        for k, t in tensors.items():
            if t.dtype != dtype:
                raise TypeError("dtype %s of %s does not match dtype parameter %s"
                                % (t.dtype.name, k, dtype.name))
    elif tensors:
        dtype = next(iter(tensors.values())).dtype
    else:
        python_values = [v for v in given.values() if v is not None]
        dtype = dtypes.infer_dtype(python_values[0]) if python_values else dtypes.float32
    if len(tensors) == 2 and tensors["on_value"].dtype != tensors["off_value"].dtype:
        raise TypeError("dtype %s of on_value does not match dtype %s of off_value"
                        % (tensors["on_value"].dtype.name, tensors["off_value"].dtype.name))
    values = [tensors.get(k) if k in tensors else
              convert_to_tensor(default if given[k] is None else given[k], dtype=dtype)
              for k, default in (("on_value", 1), ("off_value", 0))]
    for k, t in zip(given, values):
        if t.shape.ndims not in (None, 0):
            raise ValueError("%s must be a scalar, got shape %s" % (k, t.shape))
    depth = convert_to_tensor(depth, dtype=None if isinstance(depth, TensorLike) else dtypes.int32)
    attrs = {"axis": -1 if axis is None else int(axis)}
    return make_tensor("OneHot", [indices, depth] + values, attrs, name)


def sequence_mask(lengths, maxlen=None, dtype=dtypes.bool, name=None):
    """``mask[i, j] = j < lengths[i]`` (for lengths of any rank), ``maxlen`` columns (default:
    the largest length), as ``dtype``.

    >>> import autograd_engine as tf
    >>> tf.sequence_mask([1, 3, 2], 5).shape.as_list()
    [3, 5]
    """
    from .manip_ops import range as range_
    with name_scope(name, "SequenceMask", [lengths]):
        lengths = convert_to_tensor(lengths)
        if maxlen is None:
            maxlen = math_ops.reduce_max(lengths)
        else:
            maxlen = convert_to_tensor(maxlen) if isinstance(maxlen, TensorLike) else \
                convert_to_tensor(maxlen, dtype=lengths.dtype)
            if maxlen.shape.ndims not in (None, 0):
                raise ValueError("maxlen must be scalar for sequence_mask")
        columns = range_(0, maxlen, 1, dtype=maxlen.dtype)
        mask = math_ops.less(columns, math_ops.cast(array_ops.expand_dims(lengths, -1),
                                                    maxlen.dtype))
        return math_ops.cast(mask, dtype)


# ------------------------------------------------------------------ top_k, in_top_k
@register
class TopKV2(OpDef):
    type_name = "TopKV2"
    host_inputs = (1,)  # k, read by Python (TF1: HostMemory)

    def infer(self, op):
        x, k = op.inputs
        _check_index_dtype(k, "k", (dtypes.int32,))
        dims = x.shape.as_tuple()
        count = constant_value(k)
        count = None if count is None else int(count)
        if count is not None and count < 0:
            raise ShapeInferenceError("Need k >= 0, got %d" % count)
        if dims is None:
            return [(x.dtype, TensorShape(None)), (dtypes.int32, TensorShape(None))]
        if not dims:
            raise ShapeInferenceError("Shape must be at least rank 1 but is rank 0")
        if dims[-1] is not None and count is not None and dims[-1] < count:
            raise ShapeInferenceError("input must have last dimension >= k = %d but is %d"
                                      % (count, dims[-1]))
        out = TensorShape(dims[:-1] + (count,))
        return [(x.dtype, out), (dtypes.int32, out)]

    def kernel(self, op, ctx):
        xp = ctx.xp

        def top_k_kernel(x, k):
            k = int(k)
            if x.shape[-1] < k:
                raise ValueError("input must have at least k columns. Had %d, needed %d"
                                 % (x.shape[-1], k))
            # Descending, equal values keep the lower index first: a stable ascending sort of
            # the reversed row, read backwards (negating would wrap unsigned and INT_MIN).
            n = x.shape[-1]
            order = (n - 1) - xp.argsort(x[..., ::-1], axis=-1, kind="stable")[..., ::-1][..., :k]
            return xp.take_along_axis(x, order, axis=-1), order.astype(np.int32)
        return top_k_kernel

    def gradient(self, op, grad_values, grad_indices):
        if grad_values is None:
            return [None, None]
        extra, attrs = ShapeOperand.split(shape_operand_of(op.inputs[0]))
        return [make_tensor("TopKGrad", [grad_values, op.outputs[1]] + extra, attrs), None]


@register
class TopKGrad(OpDef):
    """Puts the gradient of the top-k values back at their positions in the input."""
    type_name = "TopKGrad"
    host_inputs = (2,)  # the output shape, read by Python (TF1: HostMemory)

    def infer(self, op):
        return [(op.inputs[0].dtype, TensorShape(ShapeOperand.static_dims(op, 2)))]

    def kernel(self, op, ctx):
        xp = ctx.xp

        def scatter(grad, indices, shape):
            out = xp.zeros(shape, dtype=grad.dtype)
            xp.put_along_axis(out, indices.astype(np.intp), grad, axis=-1)
            return out
        return ShapeOperand.bind(op, 2, scatter)

    def gradient(self, op, grad):
        # Linear in its first input: the adjoint takes the same positions back out.
        values = make_op("TopKGather", (grad, op.inputs[1])).outputs[0]
        return [values, None] + [None] * (len(op.inputs) - 2)


@register
class TopKGather(OpDef):
    """``grad`` at the given last-axis positions: the adjoint of TopKGrad."""
    type_name = "TopKGather"

    def infer(self, op):
        grad, indices = op.inputs
        return [(grad.dtype, indices.shape)]

    def kernel(self, op, ctx):
        xp = ctx.xp
        return lambda grad, indices: xp.take_along_axis(grad, indices.astype(np.intp), axis=-1)

    def gradient(self, op, grad):
        extra, attrs = ShapeOperand.split(shape_operand_of(op.inputs[0]))
        return [make_tensor("TopKGrad", [grad, op.inputs[1]] + extra, attrs), None]


def top_k(input, k=1, sorted=True, name=None):  # noqa: A002 - TF1 argument names
    """The ``k`` largest entries of the last axis, largest first, and their indices (int32);
    equal values keep the lower index first.

    >>> import autograd_engine as tf
    >>> values, indices = tf.nn.top_k(tf.zeros([4, 10]), k=3)
    >>> values.shape.as_list(), indices.dtype
    ([4, 3], tf.int32)
    """
    x = convert_to_tensor(input)
    if x.dtype.is_bool or x.dtype.is_complex:
        raise TypeError("top_k needs a real-valued input, got %s" % x.dtype.name)
    k = convert_to_tensor(k, dtype=None if isinstance(k, TensorLike) else dtypes.int32)
    op = make_op("TopKV2", (x, k), {"sorted": bool(sorted)}, name)
    return tuple(op.outputs)


@register
class InTopKV2(OpDef):
    type_name = "InTopKV2"
    host_inputs = (2,)  # k, read by Python (TF1: HostMemory)
    differentiable = False

    def infer(self, op):
        predictions, targets, k = op.inputs
        if predictions.dtype != dtypes.float32:
            raise TypeError("Value passed to parameter 'predictions' has DataType %s not in list "
                            "of allowed values: float32" % predictions.dtype.name)
        _check_index_dtype(targets, "targets")
        pred_dims, target_dims = predictions.shape.as_tuple(), targets.shape.as_tuple()
        if pred_dims is not None and len(pred_dims) != 2:
            raise ShapeInferenceError("Shape must be rank 2 but is rank %d" % len(pred_dims))
        if target_dims is not None and len(target_dims) != 1:
            raise ShapeInferenceError("Shape must be rank 1 but is rank %d" % len(target_dims))
        batch = TensorShape([None])
        for dims in (pred_dims, target_dims):
            if dims is not None:
                if not batch.is_compatible_with(TensorShape([dims[0]])):
                    raise ShapeInferenceError("Dimensions must be equal, but are %d and %d"
                                              % (pred_dims[0], target_dims[0]))
                batch = batch.merge_with(TensorShape([dims[0]]))
        return [(dtypes.bool, batch)]

    def kernel(self, op, ctx):
        xp = ctx.xp

        def in_top_k_kernel(predictions, targets, k):
            rows, classes = predictions.shape
            if targets.shape != (rows,):
                raise ValueError("First dimension of predictions %d must match length of "
                                 "targets %d" % (rows, targets.shape[0]))
            valid = (targets >= 0) & (targets < classes)
            picked = predictions[xp.arange(rows), xp.where(valid, targets, 0)]
            # Ties at the boundary count as inside: only strictly larger values push a target out.
            larger = (predictions > picked[:, None]).sum(axis=1)
            return valid & xp.isfinite(picked) & (larger < int(k))
        return in_top_k_kernel


def in_top_k(predictions, targets, k, name=None):
    """Whether each ``targets[i]`` is among the ``k`` largest ``predictions[i]`` (ties at the
    boundary count as inside; out-of-range targets and non-finite predictions are False).

    >>> import autograd_engine as tf
    >>> tf.nn.in_top_k(tf.zeros([4, 10]), [1, 2, 3, 4], 2).dtype
    tf.bool
    """
    predictions = convert_to_tensor(predictions)
    targets = convert_to_tensor(targets)
    k = convert_to_tensor(k, dtype=None if isinstance(k, TensorLike) else targets.dtype)
    return make_tensor("InTopKV2", (predictions, targets, k), None, name)


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
    norm = math_ops.sqrt(math_ops.reduce_sum(math_ops.square(looked_up), axes, keepdims=True))
    scale = math_ops.minimum(1.0, max_norm / math_ops.maximum(norm, 1e-12))
    return looked_up * math_ops.cast(scale, looked_up.dtype)


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
    shard_start = gather(starts, math_ops.floormod(ids, count))
    return gather(table, shard_start + math_ops.floordiv(ids, count),
                  name=name or "embedding_lookup")
