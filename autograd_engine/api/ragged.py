"""``tf.ragged``: RaggedTensor construction and the ragged ops, under TF1.15's names.

>>> import autograd_engine as tf
>>> rt = tf.ragged.constant([[1, 2], [3]])
>>> isinstance(rt, tf.RaggedTensor), isinstance(tf.ragged.constant_value([[1]]),
...                                               tf.ragged.RaggedTensorValue)
(True, True)
"""
from ..ops.ragged_ops import (boolean_mask, constant, constant_value, cross, cross_hashed,
                              map_flat_values, placeholder, range, stack,  # noqa: A004
                              stack_dynamic_partitions)
from ..ops.ragged_tensor import RaggedTensorValue
from ..ops.row_partition import row_splits_to_segment_ids, segment_ids_to_row_splits
from .namespace import exported_names as _exported_names

__all__ = _exported_names(globals())
