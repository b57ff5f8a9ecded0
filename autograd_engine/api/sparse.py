"""``tf.sparse``: TF1.15's names for the sparse ops (``tf.sparse.to_dense`` is
``tf.sparse_tensor_to_dense``, ``tf.sparse.reorder`` is ``tf.sparse_reorder``, ...).

>>> import autograd_engine as tf
>>> tf.sparse.to_dense is tf.sparse_tensor_to_dense
True
"""
from ..ops.sparse_ops import sparse_reorder as reorder, sparse_tensor_to_dense as to_dense
from ..ops.sparse_tensor import (SparseTensor, SparseTensorValue,
                                 sparse_placeholder as placeholder)
from .namespace import exported_names as _exported_names

__all__ = _exported_names(globals())
