"""``tf.nest``: flatten, pack and map nested lists, tuples, namedtuples and dicts.

>>> import autograd_engine as tf
>>> tf.nest.flatten([1, {"a": 2}])
[1, 2]
"""
from ..framework.nest import (assert_same_structure, flatten, is_nested, map_structure,
                              pack_sequence_as)
from .namespace import exported_names as _exported_names

__all__ = _exported_names(globals())
