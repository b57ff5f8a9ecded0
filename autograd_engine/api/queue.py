"""``tf.queue``: TF1.15's names for the queues (``tf.queue.FIFOQueue`` is ``tf.FIFOQueue``).

>>> import autograd_engine as tf
>>> tf.queue.FIFOQueue is tf.FIFOQueue
True
"""
from ..ops.data_flow_ops import FIFOQueue, PaddingFIFOQueue, QueueBase, RandomShuffleQueue
from ..ops.data_flow_ops import PriorityQueue  # issue 20 (i20e)
from .namespace import exported_names as _exported_names

__all__ = _exported_names(globals())
