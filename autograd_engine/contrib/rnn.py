"""``tf.contrib.rnn``: the RNN cells and runners of ``tf.nn``."""
from ..rnn_cell import (BasicLSTMCell, BasicRNNCell, GRUCell, LSTMCell, LSTMStateTuple,  # noqa: F401
                        MultiRNNCell, RNNCell, dynamic_rnn, static_rnn)
from ..nn import bidirectional_dynamic_rnn, static_bidirectional_rnn  # noqa: E402,F401
