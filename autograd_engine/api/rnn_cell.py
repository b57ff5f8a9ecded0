"""``tf.nn.rnn_cell`` (also reachable as ``tf.contrib.rnn``)."""
from ..ops.rnn import dynamic_rnn, static_rnn
from ..ops.rnn_cell_impl import (BasicLSTMCell, BasicRNNCell, GRUCell, LSTMCell, LSTMStateTuple,
                                 MultiRNNCell, RNNCell)
from .namespace import exported_names as _exported_names

__all__ = _exported_names(globals())
