"""``tf.manip``: TF1's older home of eight array functions, the same functions as their
top-level spellings.

>>> import autograd_engine as tf
>>> tf.manip.roll is tf.roll and tf.manip.tile is tf.tile
True
"""
from ..ops.array_ops import reshape, reverse
from ..ops.array_tail import roll
from ..ops.gather_ops import gather_nd, scatter_nd
from ..ops.space_batch_ops import batch_to_space_nd, space_to_batch_nd
from ..ops.tile_ops import tile
from .namespace import exported_names as _exported_names

__all__ = _exported_names(globals())
