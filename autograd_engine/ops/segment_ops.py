"""Segment reductions: ``segment_sum/mean/max/min/prod`` (sorted ids), ``unsorted_segment_max/
min/prod`` (and ``unsorted_segment_mean/sqrt_n`` on ``unsorted_segment_sum``, which lives with
gather in gather_ops: each is the other's gradient), the ``sparse_segment_*`` family, and
``batch_gather``.

``out[i] = reduce(data[j] for j where segment_ids[j] == i)``. Sorted ids must not decrease
(TF1's InvalidArgumentError otherwise); an empty segment gives 0 there, and the reduction's
identity (0, 1, the dtype's lowest or highest value) in the unsorted ops, as in TF1, whose
negative ids are dropped (segment_prod gives 1 for an empty segment). Segment bookkeeping runs
on the host (``host_only``).
"""
import numpy as np

from ..framework.graph import ShapeInferenceError
from ..framework.tensor import TensorLike
from ..framework.tensor_shape import TensorShape
from . import shape_ops
from .array_ops import ones_like, reshape, zeros_like
from .concat_split_ops import concat
from .constant_op import constant_value, convert_to_tensor
from .elementwise_binary_ops import equal, greater, maximum, select
from .elementwise_unary_ops import cast, sqrt
from .gather_ops import gather, unsorted_segment_sum
from .op_families import check_index_dtype, check_index_range
from .op_samples import OpSample, distinct, positive
from .range_ops import range as range_
from .reduction_ops import reduce_prod
from .registry import OpDef, get_op_def, make_tensor, register

# kind -> (numpy ufunc combining a slice into its segment, the segment's starting value)
_REDUCERS = {"Sum": ("add", 0), "Mean": ("add", 0), "Prod": ("multiply", 1),
             "Max": ("maximum", "lowest"), "Min": ("minimum", "highest")}


def _start_value(kind, dtype):
    start = _REDUCERS[kind][1]
    if isinstance(start, str):
        info = np.finfo(dtype) if np.dtype(dtype).kind == "f" else np.iinfo(dtype)
        return info.min if start == "lowest" else info.max
    return start


def check_sorted_segment_ids(ids):
    """TF1's errors for sorted segment ids: negative, or decreasing."""
    if ids.size and ids[0] < 0:
        raise ValueError("segment ids must be >= 0 (segment_ids[0] = %d)" % int(ids[0]))
    falling = np.flatnonzero(ids[1:] < ids[:-1])
    if falling.size:
        k = int(falling[0]) + 1
        raise ValueError("segment ids are not increasing: segment_ids[%d] = %d follows %d"
                         % (k, int(ids[k]), int(ids[k - 1])))


def segment_reduce(kind, data, ids, num, empty_is_zero):
    """The segment reduction ``kind`` of ``data`` (numpy) over ``ids``, ``num`` segments;
    negative ids dropped. ``empty_is_zero``: empty segments give 0 (the sorted ops)."""
    keep = ids >= 0
    if not keep.all():
        ids, data = ids[keep], data[keep]
    out = np.full((num,) + data.shape[ids.ndim:], _start_value(kind, data.dtype), data.dtype)
    getattr(np, _REDUCERS[kind][0]).at(out, ids, data)
    if kind == "Mean" or empty_is_zero:
        counts = np.bincount(ids.reshape(-1), minlength=num).reshape((num,) + (1,) *
                                                                     (out.ndim - 1))
        if kind == "Mean":
            out = (out / np.maximum(counts, 1)).astype(data.dtype)
        if empty_is_zero:
            out = np.where(counts > 0, out, np.zeros((), data.dtype))
    return out


class _SegmentReduction(OpDef):
    kind = None
    host_only = True

    def kernel(self, op, ctx):
        kind, is_sorted = self.kind, self.is_sorted

        def reduce(data, ids, num=None):
            if data.shape[:ids.ndim] != ids.shape:
                raise ValueError("data.shape = %s does not start with segment_ids.shape = %s"
                                 % (list(data.shape), list(ids.shape)))
            if is_sorted:
                check_sorted_segment_ids(ids)
                num = int(ids[-1]) + 1 if ids.size else 0
            else:
                num = int(num)
                check_index_range(ids, num, "segment_ids", allow_negative=True)
            return segment_reduce(kind, data, ids, num,
                                  empty_is_zero=is_sorted and kind != "Prod")
        return reduce

    def gradient(self, op, grad):
        data, ids = op.inputs[:2]
        extra = [None] * (len(op.inputs) - 2)
        if self.kind == "Sum":
            return [gather(grad, ids), None] + extra
        if self.kind == "Mean":
            counts = maximum(_segment_counts(op, data, ids), 1)  # empty segments: no slices
            return [gather(grad / counts, ids), None] + extra
        if self.kind in ("Max", "Min"):
            return [_min_or_max_gradient(op, grad), None] + extra
        return [_prod_gradient(op, grad), None] + extra


def _gather_dropping_negatives(params, ids):
    """``gather(params, ids)`` with zeros where an id is negative (a dropped slice)."""
    return make_tensor("GatherV2", (params, ids), {"axis": 0, "drop_negatives": True})


def _broadcastable(counts, data, ids):
    """``counts`` ([segments]) reshaped to broadcast against the segments' slices."""
    extra = data.shape.ndims - ids.shape.ndims if data.shape.ndims is not None and \
        ids.shape.ndims is not None else None
    if extra is None:
        raise ValueError("The gradient of a segment reduction needs data and segment_ids of "
                         "known rank.")
    return reshape(counts, [-1] + [1] * extra)


def _segment_counts(op, data, ids):
    ones = ones_like(ids, dtype=data.dtype)
    counts = segment_sum(ones, ids) if op.op_def.is_sorted else \
        unsorted_segment_sum(ones, ids, op.inputs[2])
    return _broadcastable(counts, data, ids)


def _min_or_max_gradient(op, grad):
    """TF1's rule: the gradient is shared evenly by the slices that attain the extreme."""
    data, ids = op.inputs[:2]
    is_selected = equal(data, _gather_dropping_negatives(op.outputs[0], ids))
    selected = cast(is_selected, grad.dtype)
    count = segment_sum(selected, ids) if op.op_def.is_sorted else \
        unsorted_segment_sum(selected, ids, op.inputs[2])
    shared = _gather_dropping_negatives(grad / maximum(count, 1), ids)
    return select(is_selected, shared, zeros_like(shared))


def _prod_gradient(op, grad):
    """TF1's rule for products with zeros: a slice that is the only zero of its segment gets
    the product of the others; every slice of a segment with two zeros gets 0."""
    data, ids = op.inputs[:2]
    is_zero = equal(data, zeros_like(data))
    zero_count = unsorted_segment_sum(cast(is_zero, grad.dtype), ids, shape_ops.shape(grad)[0])
    grad = select(greater(zero_count, 1), zeros_like(grad), grad)
    nonzero_data = select(is_zero, ones_like(data), data)
    nonzero_product = unsorted_segment_prod(nonzero_data, ids, shape_ops.shape(grad)[0])
    product = _gather_dropping_negatives(op.outputs[0], ids)
    partial = select(is_zero, _gather_dropping_negatives(nonzero_product, ids),
                     product / nonzero_data)
    return _gather_dropping_negatives(grad, ids) * partial


class SortedSegmentReduction(_SegmentReduction):
    is_sorted = True

    def infer(self, op):
        data, ids = op.inputs
        check_index_dtype(ids, "segment_ids")
        if ids.shape.ndims not in (None, 1):
            raise ShapeInferenceError("segment_ids should be a vector, got shape %s" % ids.shape)
        dims = data.shape.as_tuple()
        known = constant_value(ids)
        rows = None if known is None else (int(known[-1]) + 1 if known.size else 0)
        return [(data.dtype, TensorShape(None) if dims is None else
                 TensorShape((rows,) + dims[1:]))]

    def samples(self, rng):
        """Sorted segments with an empty one (id 2 unused), matrix rows, int values."""
        kind = self.kind
        values = positive if kind == "Prod" else distinct
        cases = [(values(rng, 5), np.int32([0, 0, 1, 3, 3])),
                 (values(rng, 4, 3), np.int64([0, 1, 1, 1])),
                 (rng.integers(1, 5, (3, 2)).astype(np.int32), np.int32([0, 0, 2]))]
        return [OpSample(lambda d, i: _SORTED[kind](d, i), data, ids,
                         reference=lambda d, i: segment_reduce(kind, d, i, int(i[-1]) + 1,
                                                               kind != "Prod"))
                for data, ids in cases]


class UnsortedSegmentReduction(_SegmentReduction):
    is_sorted = False
    host_inputs = (2,)

    def infer(self, op):  # UnsortedSegmentSum's rule: the same inputs and result
        return get_op_def("UnsortedSegmentSum").infer(op)

    def samples(self, rng):
        """Ids in any order with an empty segment and a dropped (negative) one, 2-D ids, int
        values, the number of segments fed at run time."""
        kind = self.kind
        values = positive if kind == "Prod" else distinct
        cases = [(values(rng, 5), np.int32([2, 0, 2, -1, 0]), 4),
                 (values(rng, 2, 3, 2), np.int64([[1, 0, 1], [0, 2, 1]]), 3),
                 (rng.integers(1, 5, (4,)).astype(np.int32), np.int32([1, 1, 0, 1]), 2)]
        # An empty segment of max or min holds the dtype's extreme: no gradient check there.
        extreme = kind in ("Max", "Min")
        samples = [OpSample(lambda d, i, n=num: _UNSORTED[kind](d, i, n), data, ids,
                            reference=lambda d, i, n=num: segment_reduce(kind, d, i, n, False),
                            grad=() if extreme and k == 0 else None)
                   for k, (data, ids, num) in enumerate(cases)]
        samples.append(OpSample(_UNSORTED[kind], values(rng, 3, 2), np.int32([1, 0, 1]),
                                np.int32(2), reference=lambda d, i, n: segment_reduce(
                                    kind, d, i, int(n), False)))
        return samples


_SORTED, _UNSORTED = {}, {}


def _sorted_function(kind, doc):
    type_name = "Segment" + kind
    register(type(type_name, (SortedSegmentReduction,), {"type_name": type_name, "kind": kind}))

    def segment_reduction(data, segment_ids, name=None):
        return make_tensor(type_name, (convert_to_tensor(data), convert_to_tensor(segment_ids)),
                           None, name)
    segment_reduction.__name__ = segment_reduction.__qualname__ = "segment_" + kind.lower()
    segment_reduction.__doc__ = doc
    _SORTED[kind] = segment_reduction
    return segment_reduction


def _unsorted_function(kind, doc):
    type_name = "UnsortedSegment" + kind
    register(type(type_name, (UnsortedSegmentReduction,), {"type_name": type_name,
                                                           "kind": kind}))

    def unsorted_segment_reduction(data, segment_ids, num_segments, name=None):
        data, segment_ids = convert_to_tensor(data), convert_to_tensor(segment_ids)
        num_segments = convert_to_tensor(num_segments, dtype=None if isinstance(
            num_segments, TensorLike) else segment_ids.dtype)
        return make_tensor(type_name, (data, segment_ids, num_segments), None, name)
    unsorted_segment_reduction.__name__ = unsorted_segment_reduction.__qualname__ = \
        "unsorted_segment_" + kind.lower()
    unsorted_segment_reduction.__doc__ = doc
    _UNSORTED[kind] = unsorted_segment_reduction
    return unsorted_segment_reduction


segment_sum = _sorted_function("Sum", """Sums the slices of ``data`` sharing a segment id;
    ``segment_ids`` (1-D, one per row of ``data``) must not decrease.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.segment_sum([1.0, 2.0, 3.0, 4.0], [0, 0, 2, 2])).tolist()
    [3.0, 0.0, 7.0]
    """)
segment_mean = _sorted_function("Mean", """The mean of the slices of ``data`` sharing a
    (sorted) segment id; 0 for an empty segment.""")
segment_max = _sorted_function("Max", """The largest slice of each (sorted) segment, elementwise;
    0 for an empty segment.""")
segment_min = _sorted_function("Min", """The smallest slice of each (sorted) segment,
    elementwise; 0 for an empty segment.""")
segment_prod = _sorted_function("Prod", """The product of the slices of each (sorted) segment;
    1 for an empty segment.""")
unsorted_segment_max = _unsorted_function("Max", """The largest slice of each of
    ``num_segments`` segments, ids in any order (negative ones dropped); the dtype's lowest
    value for an empty segment.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.unsorted_segment_max([1, 5, 3], [1, 0, 1], 2)).tolist()
    [5, 3]
    """)
unsorted_segment_min = _unsorted_function("Min", """The smallest slice of each of
    ``num_segments`` segments, ids in any order; the dtype's highest value for an empty
    segment.""")
unsorted_segment_prod = _unsorted_function("Prod", """The product of the slices of each of
    ``num_segments`` segments, ids in any order; 1 for an empty segment.""")


def _unsorted_counts(data, segment_ids, num_segments):
    """How many slices each segment has (at least 1), shaped to divide the segment sums."""
    ones = ones_like(segment_ids, dtype=data.dtype)
    counts = maximum(unsorted_segment_sum(ones, segment_ids, num_segments), 1)
    return _broadcastable(counts, data, segment_ids)


def unsorted_segment_mean(data, segment_ids, num_segments, name=None):
    """The mean of the slices of each of ``num_segments`` segments (ids in any order); 0 for an
    empty segment.

    >>> import autograd_engine as tf
    >>> with tf.Session() as sess:
    ...     sess.run(tf.unsorted_segment_mean([1.0, 5.0, 3.0], [1, 0, 1], 3)).tolist()
    [5.0, 2.0, 0.0]
    """
    data, segment_ids = convert_to_tensor(data), convert_to_tensor(segment_ids)
    return unsorted_segment_sum(data, segment_ids, num_segments) / \
        _unsorted_counts(data, segment_ids, num_segments)


def unsorted_segment_sqrt_n(data, segment_ids, num_segments, name=None):
    """The sum of each segment's slices divided by the square root of their count."""
    data, segment_ids = convert_to_tensor(data), convert_to_tensor(segment_ids)
    return unsorted_segment_sum(data, segment_ids, num_segments) / \
        sqrt(_unsorted_counts(data, segment_ids, num_segments))


# ------------------------------------------------------------------ sparse segments
def _sparse_segment(kind, data, indices, segment_ids, num_segments):
    """The segment reduction of the rows ``data[indices]``; their gradient reaches ``data`` as
    IndexedSlices (an embedding table updates only the rows read)."""
    data, segment_ids = convert_to_tensor(data), convert_to_tensor(segment_ids)
    rows = gather(data, indices)
    if num_segments is None:
        total = segment_sum(rows, segment_ids)
        counts = segment_sum(ones_like(segment_ids, dtype=data.dtype), segment_ids)
    else:
        total = unsorted_segment_sum(rows, segment_ids, num_segments)
        counts = unsorted_segment_sum(ones_like(segment_ids, dtype=data.dtype), segment_ids,
                                      num_segments)
    if kind == "Sum":
        return total
    counts = maximum(counts, 1)
    counts = _broadcastable(counts if kind == "Mean" else sqrt(counts), rows, segment_ids)
    return total / counts


def sparse_segment_sum(data, indices, segment_ids, name=None, num_segments=None):
    """``segment_sum`` of the rows ``data[indices]`` (``segment_ids`` sorted); with
    ``num_segments`` the result has that many rows.

    >>> import autograd_engine as tf
    >>> c = tf.constant([[1.0, 2.0], [10.0, 20.0], [100.0, 200.0]])
    >>> with tf.Session() as sess:
    ...     sess.run(tf.sparse_segment_sum(c, [0, 2, 1], [0, 0, 1])).tolist()
    [[101.0, 202.0], [10.0, 20.0]]
    """
    return _sparse_segment("Sum", data, indices, segment_ids, num_segments)


def sparse_segment_mean(data, indices, segment_ids, name=None, num_segments=None):
    """``segment_mean`` of the rows ``data[indices]`` (``segment_ids`` sorted)."""
    return _sparse_segment("Mean", data, indices, segment_ids, num_segments)


def sparse_segment_sqrt_n(data, indices, segment_ids, name=None, num_segments=None):
    """The sum of each segment of the rows ``data[indices]`` divided by the square root of
    its row count (``segment_ids`` sorted)."""
    return _sparse_segment("SqrtN", data, indices, segment_ids, num_segments)


# ------------------------------------------------------------------ batch_gather
def batch_gather(params, indices, name=None):
    """``tf.batch_gather``: for every batch position ``b`` (the leading dims of ``indices``
    but its last), ``params[b][indices[b]]``.

    >>> import autograd_engine as tf
    >>> p = tf.constant([[1, 2, 3], [4, 5, 6]])
    >>> with tf.Session() as sess:
    ...     sess.run(tf.batch_gather(p, [[2, 0], [1, 1]])).tolist()
    [[3, 1], [5, 5]]
    """
    params, indices = convert_to_tensor(params), convert_to_tensor(indices)
    batch_rank = indices.shape.ndims
    if batch_rank is None or params.shape.ndims is None:
        raise ValueError("batch_gather needs params and indices of known rank.")
    batch_rank -= 1
    if batch_rank == 0:
        return gather(params, indices, name=name)
    params_shape = shape_ops.shape(params)
    index_shape = shape_ops.shape(indices, out_type=indices.dtype)
    batch_size = reduce_prod(index_shape[:-1])
    rows = cast(params_shape[batch_rank], indices.dtype)
    # Flatten the batch dims: row r of batch position b is row b * rows + r of one table.
    offsets = reshape(range_(batch_size, dtype=indices.dtype) * rows, index_shape[:-1])
    flat_indices = reshape(indices + offsets[..., None], [-1])
    flat_params = reshape(params, concat([[-1], params_shape[batch_rank + 1:]], 0))
    gathered = gather(flat_params, flat_indices)
    return reshape(gathered, concat([shape_ops.shape(indices), params_shape[batch_rank + 1:]],
                                    0), name=name)


__all__ = ["segment_sum", "segment_mean", "segment_max", "segment_min", "segment_prod",
           "unsorted_segment_max", "unsorted_segment_min", "unsorted_segment_prod",
           "unsorted_segment_mean", "unsorted_segment_sqrt_n", "sparse_segment_sum",
           "sparse_segment_mean", "sparse_segment_sqrt_n", "batch_gather",
           "check_sorted_segment_ids", "segment_reduce"]
