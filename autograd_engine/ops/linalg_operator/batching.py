"""Batch broadcasting for LinearOperator solves: TF's operators broadcast the batch dimensions
of the matrix and the right-hand side, which the engine's solve ops (as TF1.15's) do not.

>>> import autograd_engine as tf
>>> a, b = broadcast_matrix_batches(tf.zeros([2, 3, 3]), tf.zeros([3, 1]))
>>> a.shape.as_list(), b.shape.as_list()
([2, 3, 3], [2, 3, 1])
"""
from .. import array_ops
from ..array_tail import broadcast_dynamic_shape
from ..broadcast_ops import broadcast_to
from ..concat_split_ops import concat
from ..shape_rules import broadcast_dims


def broadcast_matrix_batches(a, b):
    """``a`` and ``b`` (batches of matrices) broadcast to their common batch dimensions;
    unchanged when those are already known to be equal."""
    dims_a, dims_b = a.shape.as_tuple(), b.shape.as_tuple()
    if dims_a is not None and dims_b is not None and dims_a[:-2] == dims_b[:-2] \
            and None not in dims_a[:-2]:
        return a, b
    static = broadcast_dims(dims_a and dims_a[:-2], dims_b and dims_b[:-2])
    if static is not None and None not in static + dims_a[-2:] + dims_b[-2:]:
        return (broadcast_to(a, list(static + dims_a[-2:])),
                broadcast_to(b, list(static + dims_b[-2:])))
    shape_a, shape_b = array_ops.shape(a), array_ops.shape(b)
    batch = broadcast_dynamic_shape(shape_a[:-2], shape_b[:-2])
    return (broadcast_to(a, concat([batch, shape_a[-2:]], 0)),
            broadcast_to(b, concat([batch, shape_b[-2:]], 0)))


__all__ = ["broadcast_matrix_batches"]
