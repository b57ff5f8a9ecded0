"""Row partitions: how a flat list of values splits into rows, as ``row_splits`` (row ``i`` is
``values[splits[i]:splits[i + 1]]``) or as one row id per value (``segment_ids``). The ragged
tensors and the row-wise sparse ops (feature crosses, bincount) are built on these.

>>> import autograd_engine as tf
>>> ids = row_splits_to_segment_ids([0, 2, 2, 3])
>>> with tf.Session() as sess:
...     sess.run(ids).tolist(), sess.run(segment_ids_to_row_splits([0, 0, 2])).tolist()
([0, 0, 2], [0, 2, 2, 3])
"""
from ..framework import dtypes
from ..framework.graph import get_default_graph
from . import array_ops
from .concat_split_ops import concat
from .constant_op import constant, convert_to_tensor
from .cumulative_ops import cumsum
from .elementwise_unary_ops import cast
from .gather_ops import gather, scatter_nd, unsorted_segment_sum
from .range_ops import range as range_
from .reduction_ops import reduce_max
from .shape_ops import shape as shape_of


def _vector(value, what, dtype=None):
    tensor = convert_to_tensor(value, dtype=dtype)
    if tensor.shape.ndims not in (None, 1):
        raise ValueError("%s must be a vector, got shape %s" % (what, tensor.shape))
    if not tensor.dtype.is_integer:
        raise TypeError("%s must be int32 or int64, got %s" % (what, tensor.dtype.name))
    return tensor


def row_splits_to_segment_ids(splits, name=None, out_type=None):
    """The row id of every value of a partition given by its ``splits`` (``tf.ragged.
    row_splits_to_segment_ids``), of ``out_type`` (default: the splits' dtype)."""
    with get_default_graph().name_scope(name or "RaggedSplitsToSegmentIds"):
        splits = _vector(splits, "splits", None if hasattr(splits, "op") else dtypes.int64)
        out_type = dtypes.as_dtype(out_type or splits.dtype)
        count = splits[-1]
        # A 1 where each row after the first starts (empty rows stack up there), summed up.
        starts = scatter_nd(array_ops.reshape(splits[1:-1], [-1, 1]),
                            array_ops.ones_like(splits[1:-1], dtype=out_type),
                            array_ops.reshape(count + 1, [1]))
        return cumsum(starts)[:-1]


def segment_ids_to_row_splits(segment_ids, num_segments=None, out_type=None, name=None):
    """The row splits of sorted ``segment_ids`` (``tf.ragged.segment_ids_to_row_splits``):
    ``num_segments`` rows (default: the largest id plus one)."""
    with get_default_graph().name_scope(name or "SegmentIdsToRaggedSplits"):
        segment_ids = _vector(segment_ids, "segment_ids",
                              None if hasattr(segment_ids, "op") else dtypes.int64)
        out_type = dtypes.as_dtype(out_type or segment_ids.dtype)
        if num_segments is None:
            num_segments = reduce_max(concat([cast(segment_ids, out_type),
                                              constant([-1], out_type)], 0)) + 1
        lengths = unsorted_segment_sum(array_ops.ones_like(segment_ids, dtype=out_type),
                                       segment_ids, num_segments)
        return concat([array_ops.zeros([1], out_type), cumsum(lengths)], 0)


def row_lengths(splits):
    """The length of every row of ``splits``."""
    return splits[1:] - splits[:-1]


def positions_in_rows(splits, segment_ids):
    """Where each value sits in its row (0 for a row's first value)."""
    return range_(0, shape_of(segment_ids, out_type=splits.dtype)[0],
                  dtype=splits.dtype) - gather(splits, segment_ids)


def uniform_splits(rows, columns, dtype=dtypes.int64):
    """The splits of ``rows`` rows of ``columns`` values each (a dense matrix's rows)."""
    return range_(0, cast(rows, dtype) + 1, dtype=dtype) * cast(columns, dtype)


__all__ = ["row_splits_to_segment_ids", "segment_ids_to_row_splits", "row_lengths",
           "positions_in_rows", "uniform_splits"]
