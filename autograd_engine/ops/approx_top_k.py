"""``tf.nn.approx_max_k`` / ``approx_min_k``: TPU-friendly approximate top-k in TF; here the
exact top-k (recall 1, which meets every ``recall_target``), along any dimension.

>>> import autograd_engine as tf
>>> values, indices = approx_min_k(tf.constant([[3.0, 1.0, 2.0]]), 2)
>>> with tf.Session() as sess:
...     print(sess.run(values), sess.run(indices))
[[1. 2.]] [[1 2]]
"""
from ..framework.graph import get_default_graph
from . import array_ops
from .constant_op import convert_to_tensor
from .top_k_ops import top_k


def _top_k_along(operand, k, dimension, largest, name):
    with get_default_graph().name_scope(name or ("ApproxTopK" if largest else "ApproxMinK")):
        operand = convert_to_tensor(operand)
        rank = operand.shape.ndims
        if rank is None:
            raise ValueError("approx_max_k/approx_min_k need an operand of known rank")
        dimension %= rank
        if not largest:
            operand = -operand
        perm = list(range(rank))
        perm[dimension], perm[-1] = perm[-1], perm[dimension]
        moved = operand if dimension == rank - 1 else array_ops.transpose(operand, perm)
        values, indices = top_k(moved, k)
        if dimension != rank - 1:
            values, indices = array_ops.transpose(values, perm), array_ops.transpose(indices,
                                                                                     perm)
        return (values if largest else -values), indices


def approx_max_k(operand, k, reduction_dimension=-1, recall_target=0.95,
                 reduction_input_size_override=-1, aggregate_to_topk=True, name=None):
    """The ``k`` largest values along ``reduction_dimension`` and their indices."""
    return _top_k_along(operand, k, reduction_dimension, True, name)


def approx_min_k(operand, k, reduction_dimension=-1, recall_target=0.95,
                 reduction_input_size_override=-1, aggregate_to_topk=True, name=None):
    """The ``k`` smallest values along ``reduction_dimension`` and their indices."""
    return _top_k_along(operand, k, reduction_dimension, False, name)


__all__ = ["approx_max_k", "approx_min_k"]
