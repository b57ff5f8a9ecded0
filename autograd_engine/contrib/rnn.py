"""``tf.contrib.rnn``: the RNN cells and runners of ``tf.nn``."""
from ..ops.rnn import dynamic_rnn, static_rnn  # noqa: F401
from ..ops.rnn_bidirectional import (bidirectional_dynamic_rnn,  # noqa: F401
                                     static_bidirectional_rnn)
from ..ops.rnn_cell_impl import (BasicLSTMCell, BasicRNNCell, GRUCell, LSTMCell,  # noqa: F401
                                 LSTMStateTuple, MultiRNNCell, RNNCell)
