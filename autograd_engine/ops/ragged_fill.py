"""``tf.ragged_fill_empty_rows`` and ``tf.ragged_fill_empty_rows_grad``: TF1's raw ops that
give every empty row of a ragged tensor (its ``value_rowids``) one ``default_value``, built on
the SparseFillEmptyRows op (a ragged row is a sparse row whose columns keep the values' order).

>>> import autograd_engine as tf
>>> rowids, values, empty, reverse = tf.ragged_fill_empty_rows(
...     tf.constant([0, 0, 2], tf.int64), [1.0, 2.0, 3.0], tf.constant(4, tf.int64), -1.0)
>>> with tf.Session() as sess:
...     [v.tolist() for v in sess.run([rowids, values, empty, reverse])]
[[0, 0, 1, 2, 3], [1.0, 2.0, -1.0, 3.0, -1.0], [False, True, False, True], [0, 1, 3]]
"""
from ..framework import dtypes
from ..framework.graph import get_default_graph
from .constant_op import convert_to_tensor, stack
from .elementwise_binary_ops import maximum
from .gather_ops import gather
from .reduction_ops import reduce_sum
from .registry import make_op
from .shape_ops import shape
from .range_ops import range as range_of


def ragged_fill_empty_rows(value_rowids, values, nrows, default_value, name=None):
    """``(output_value_rowids, output_values, empty_row_indicator, reverse_index_map)``: the
    rows of ``values`` (row ``value_rowids[i]`` for value ``i``, ``nrows`` rows) with
    ``default_value`` added to each empty row, sorted by row (stable within a row);
    ``reverse_index_map[i]`` is where value ``i`` went."""
    with get_default_graph().name_scope(name or "RaggedFillEmptyRows"):
        value_rowids = convert_to_tensor(value_rowids, dtype=dtypes.int64)
        values = convert_to_tensor(values)
        nrows = convert_to_tensor(nrows, dtype=dtypes.int64)
        default_value = convert_to_tensor(default_value, dtype=values.dtype)
        count = shape(values, out_type=dtypes.int64)[0]
        # Column = position, so the row-major order keeps each row's values in order.
        indices = stack([value_rowids, range_of(count, dtype=dtypes.int64)], 1)
        dense_shape = stack([nrows, maximum(count, 1)])
        op = make_op("SparseFillEmptyRows", (indices, values, dense_shape, default_value),
                     None, "fill")
        return op.outputs[0][:, 0], op.outputs[1], op.outputs[2], op.outputs[3]


def ragged_fill_empty_rows_grad(reverse_index_map, grad_values, name=None):
    """``(d_values, d_default_value)`` of :func:`ragged_fill_empty_rows`: each input value
    takes its output's gradient, the default value the sum of the rest."""
    with get_default_graph().name_scope(name or "RaggedFillEmptyRowsGrad"):
        grad_values = convert_to_tensor(grad_values)
        d_values = gather(grad_values, convert_to_tensor(reverse_index_map, dtypes.int64))
        return d_values, reduce_sum(grad_values) - reduce_sum(d_values)


__all__ = ["ragged_fill_empty_rows", "ragged_fill_empty_rows_grad"]
