"""``tf.sparse``: TF1.15's names for the sparse ops (``tf.sparse.to_dense`` is
``tf.sparse_tensor_to_dense``, ``tf.sparse.reorder`` is ``tf.sparse_reorder``, ...).

>>> import autograd_engine as tf
>>> tf.sparse.to_dense is tf.sparse_tensor_to_dense and tf.sparse.add is tf.sparse_add
True
"""
from ..ops.segment_ops import (sparse_segment_mean as segment_mean,
                               sparse_segment_sqrt_n as segment_sqrt_n,
                               sparse_segment_sum as segment_sum)
from ..ops.sparse_math_ops import (sparse_add as add, sparse_maximum as maximum,
                                   sparse_minimum as minimum, sparse_reduce_sum as reduce_sum,
                                   sparse_reduce_sum_sparse as reduce_sum_sparse,
                                   sparse_softmax as softmax,
                                   sparse_tensor_dense_matmul as matmul,
                                   sparse_tensor_dense_matmul)
from ..ops.sparse_ops import sparse_reorder as reorder, sparse_tensor_to_dense as to_dense
from ..ops.sparse_structure_ops import (from_dense, sparse_concat as concat,
                                        sparse_fill_empty_rows as fill_empty_rows,
                                        sparse_reshape as reshape, sparse_retain as retain,
                                        sparse_slice as slice)  # noqa: A004 - TF1's name
from ..ops.sparse_tensor import (SparseTensor, SparseTensorValue,
                                 sparse_placeholder as placeholder)
# issue 20 (i20g): the rest of TF1's tf.sparse.
from ..ops.sparse_math_ops import sparse_tensor_dense_matmul as sparse_dense_matmul
from ..ops.sparse_tail_ops import (sparse_bincount as bincount, sparse_cross as cross,
                                   sparse_cross_hashed as cross_hashed,
                                   sparse_expand_dims as expand_dims, sparse_eye as eye,
                                   sparse_mask as mask, sparse_merge as merge,
                                   sparse_reduce_max as reduce_max,
                                   sparse_reduce_max_sparse as reduce_max_sparse,
                                   sparse_reset_shape as reset_shape, sparse_split as split,
                                   sparse_to_indicator as to_indicator,
                                   sparse_transpose as transpose)
# issue 20 (i20j): tf.sparse.SparseConditionalAccumulator is the top-level one.
from ..ops.accumulators import SparseConditionalAccumulator
from .namespace import exported_names as _exported_names

__all__ = _exported_names(globals())
