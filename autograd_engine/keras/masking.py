"""Masks for the recurrent layers, as Keras: a boolean ``(batch, time)`` tensor rides along with
a layer's output (``Masking``, ``Embedding(mask_zero=True)`` make one; layers that support
masking pass it on) and the recurrent layers honour it: a masked step leaves the state as it was
and repeats the previous output, so padding before or after a sequence changes nothing.
"""
from ..ops import array_ops, elementwise_unary_ops
from ..ops.concat_split_ops import concat
from ..ops.rnn_cell_impl import LSTMStateTuple


def with_mask_column(inputs, mask):
    """``inputs`` (batch, time, features) with the mask appended as one more feature (1 keep,
    0 masked): how ``MaskedCell`` sees each step's mask inside ``dynamic_rnn``."""
    keep = elementwise_unary_ops.cast(mask, inputs.dtype)
    return concat([inputs, array_ops.expand_dims(keep, -1)], -1)


def _blend(keep, new, old):
    if isinstance(new, LSTMStateTuple):
        return LSTMStateTuple(_blend(keep, new.c, old.c), _blend(keep, new.h, old.h))
    if isinstance(new, tuple):
        return tuple(_blend(keep, n, o) for n, o in zip(new, old))
    return keep * new + (1.0 - keep) * old


class MaskedCell:
    """Wraps an RNN cell whose step inputs end with the mask column: on a step masked for a
    sequence, that sequence's state is carried through and its output is the previous one (the
    previous ``h``), as Keras's ``K.rnn`` does with a mask.

    >>> import autograd_engine as tf
    >>> cell = MaskedCell(tf.nn.rnn_cell.BasicRNNCell(2))
    >>> cell.state_size, cell.output_size
    (2, 2)
    """

    def __init__(self, cell):
        self.cell = cell

    state_size = property(lambda self: self.cell.state_size)
    output_size = property(lambda self: self.cell.output_size)

    def zero_state(self, batch_size, dtype):
        return self.cell.zero_state(batch_size, dtype)

    def __call__(self, inputs, state, scope=None):
        features, keep = inputs[:, :-1], inputs[:, -1:]
        output, new_state = self.cell(features, state, scope=scope)
        previous_output = state.h if isinstance(state, LSTMStateTuple) else state
        return _blend(keep, output, previous_output), _blend(keep, new_state, state)
