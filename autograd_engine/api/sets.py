"""``tf.sets``: set operations over the last dimension of dense Tensors and SparseTensors
(``tf.sets.size`` is ``tf.sets.set_size``, ``tf.sets.union`` ``tf.sets.set_union``, ...).

>>> import autograd_engine as tf
>>> tf.sets.union is tf.sets.set_union
True
"""
from ..ops.set_ops import (set_difference, set_intersection, set_size, set_union,
                           set_difference as difference, set_intersection as intersection,
                           set_size as size, set_union as union)
from .namespace import exported_names as _exported_names

__all__ = _exported_names(globals())
