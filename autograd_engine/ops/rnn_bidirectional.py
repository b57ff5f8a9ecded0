"""Bidirectional RNNs: ``tf.nn.bidirectional_dynamic_rnn`` and ``tf.nn.static_bidirectional_rnn``.

Both run the forward cell with the plain runner and the backward cell on the time-reversed
inputs, under ``bidirectional_rnn/fw`` and ``bidirectional_rnn/bw`` as TF1 does. With
``sequence_length`` only each example's valid steps are reversed, so the backward cell starts
at the example's last real step rather than at the padding.
"""
from . import constant_op
from .array_ops import reverse
from .concat_split_ops import concat, unstack
from .rnn import dynamic_rnn, static_rnn
from .sequence_ops import reverse_sequence
from .variable_scope import variable_scope


def _assert_like_rnncell(name, cell):
    missing = [what for what, ok in (
        ("'output_size' property is missing", hasattr(cell, "output_size")),
        ("'state_size' property is missing", hasattr(cell, "state_size")),
        ("either 'zero_state' or 'get_initial_state' method is required",
         hasattr(cell, "zero_state") or hasattr(cell, "get_initial_state")),
        ("is not callable", callable(cell))) if not ok]
    if missing:
        raise TypeError("The argument %r (%s) is not an RNNCell: %s."
                        % (name, cell, ", ".join(missing)))


def _reverse_time(x, sequence_length, time_axis, batch_axis):
    if sequence_length is None:
        return reverse(x, [time_axis])
    return reverse_sequence(x, sequence_length, seq_axis=time_axis, batch_axis=batch_axis)


def bidirectional_dynamic_rnn(cell_fw, cell_bw, inputs, sequence_length=None,
                              initial_state_fw=None, initial_state_bw=None, dtype=None,
                              parallel_iterations=None, swap_memory=False, time_major=False,
                              scope=None):
    """Runs ``cell_fw`` forward and ``cell_bw`` backward over ``inputs`` (laid out as for
    ``dynamic_rnn``); returns ``((output_fw, output_bw), (output_state_fw, output_state_bw))``,
    ``output_bw`` already reversed back to the inputs' time order.

    >>> import autograd_engine as tf
    >>> x = tf.placeholder(tf.float32, [None, 7, 3])
    >>> (fw, bw), (s_fw, s_bw) = tf.nn.bidirectional_dynamic_rnn(
    ...     tf.nn.rnn_cell.GRUCell(4), tf.nn.rnn_cell.GRUCell(5), x, dtype=tf.float32)
    >>> fw.shape.as_list(), bw.shape.as_list(), s_bw.shape.as_list()
    ([None, 7, 4], [None, 7, 5], [None, 5])
    """
    _assert_like_rnncell("cell_fw", cell_fw)
    _assert_like_rnncell("cell_bw", cell_bw)
    time_axis, batch_axis = (0, 1) if time_major else (1, 0)
    common = dict(sequence_length=sequence_length, dtype=dtype,
                  parallel_iterations=parallel_iterations, swap_memory=swap_memory,
                  time_major=time_major)
    with variable_scope(scope or "bidirectional_rnn"):
        with variable_scope("fw") as fw_scope:
            output_fw, state_fw = dynamic_rnn(cell_fw, inputs, initial_state=initial_state_fw,
                                              scope=fw_scope, **common)
        with variable_scope("bw") as bw_scope:
            reversed_inputs = _reverse_time(inputs, sequence_length, time_axis, batch_axis)
            reversed_bw, state_bw = dynamic_rnn(cell_bw, reversed_inputs,
                                                initial_state=initial_state_bw,
                                                scope=bw_scope, **common)
    output_bw = _reverse_time(reversed_bw, sequence_length, time_axis, batch_axis)
    return (output_fw, output_bw), (state_fw, state_bw)


def _reverse_steps(steps, sequence_length):
    """A Python list of [batch, ...] steps, reversed within each example's length."""
    if sequence_length is None:
        return list(reversed(steps))
    joined = constant_op.stack_values(list(steps), axis=0)
    return unstack(reverse_sequence(joined, sequence_length, seq_axis=0, batch_axis=1),
                   num=len(steps))


def static_bidirectional_rnn(cell_fw, cell_bw, inputs, initial_state_fw=None,
                             initial_state_bw=None, dtype=None, sequence_length=None,
                             scope=None):
    """The bidirectional form of ``static_rnn`` over a Python list of [batch, depth] inputs;
    returns ``(outputs, output_state_fw, output_state_bw)``, each output the forward and
    backward outputs of that step concatenated along depth.

    >>> import autograd_engine as tf
    >>> xs = [tf.placeholder(tf.float32, [None, 3]) for _ in range(4)]
    >>> outputs, s_fw, s_bw = tf.nn.static_bidirectional_rnn(
    ...     tf.nn.rnn_cell.BasicRNNCell(2), tf.nn.rnn_cell.BasicRNNCell(5), xs, dtype=tf.float32)
    >>> len(outputs), outputs[0].shape.as_list()
    (4, [None, 7])
    """
    _assert_like_rnncell("cell_fw", cell_fw)
    _assert_like_rnncell("cell_bw", cell_bw)
    if not isinstance(inputs, (list, tuple)):
        raise TypeError("inputs must be a sequence")
    if not inputs:
        raise ValueError("inputs must not be empty")
    with variable_scope(scope or "bidirectional_rnn"):
        with variable_scope("fw") as fw_scope:
            output_fw, state_fw = static_rnn(cell_fw, inputs, initial_state_fw, dtype,
                                             sequence_length, scope=fw_scope)
        with variable_scope("bw") as bw_scope:
            reversed_bw, state_bw = static_rnn(cell_bw, _reverse_steps(inputs, sequence_length),
                                               initial_state_bw, dtype, sequence_length,
                                               scope=bw_scope)
    output_bw = _reverse_steps(reversed_bw, sequence_length)
    outputs = [concat([fw, bw], 1) for fw, bw in zip(output_fw, output_bw)]
    return outputs, state_fw, state_bw


__all__ = ["bidirectional_dynamic_rnn", "static_bidirectional_rnn"]
