"""Running a cell over a sequence: ``tf.nn.static_rnn`` and ``tf.nn.dynamic_rnn``.

Both create the cell's Variables under a variable scope (``rnn`` by default) on the first
step. ``dynamic_rnn`` unrolls over the time dimension when it is known while building (the
common case: cheap ops, plain gradients) and runs a ``tf.while_loop`` when it is not, or when
the ops built will be compiled (``framework/jit_intent.py``: XLA compiles the loop's body once,
where it would compile every unrolled step). Otherwise a plain LSTM cell (BasicLSTMCell, or
LSTMCell without peepholes, clipping or projection) over a known number of steps without
``sequence_length`` runs as one ``LSTMSequence`` op (``cell.call_over_time``;
ops/lstm_sequence_ops.py): the same values, a fraction of the ops.
"""
from ..framework.jit_intent import loops_preferred
from ..framework.tensor_shape import TensorShape
from . import array_ops, constant_op
from .concat_split_ops import concat
from .constant_op import convert_to_tensor
from .elementwise_binary_ops import less, select
from .elementwise_unary_ops import cast
from .gather_ops import gather
from .rnn_cell_impl import LSTMStateTuple
from .shape_ops import shape
from .variable_scope import get_variable_scope, variable_scope
from .while_loop import while_loop, while_loop_collecting


def _flatten_state(state):
    if isinstance(state, tuple):
        return [t for s in state for t in _flatten_state(s)]
    return [state]


def _pack_like(template, flat):
    flat = iter(flat)

    def build(t):
        if isinstance(t, LSTMStateTuple):
            return LSTMStateTuple(build(t.c), build(t.h))
        if isinstance(t, tuple):
            return tuple(build(s) for s in t)
        return next(flat)
    return build(template)


def _initial_state(cell, initial_state, batch_size, dtype):
    if initial_state is not None:
        return initial_state
    if dtype is None:
        raise ValueError("If no initial_state is provided, dtype must be specified")
    return cell.zero_state(batch_size, dtype)


def _masked_step(time, sequence_length, new, old):
    """``new`` for the examples still inside their sequence at ``time``, else ``old``."""
    if sequence_length is None:
        return new
    alive = array_ops.expand_dims(less(time, sequence_length), 1)
    return select(alive, new, old)


def _batch_size(x):
    dims = x.shape.as_tuple()
    return dims[0] if dims is not None and dims[0] is not None else shape(x)[0]


def static_rnn(cell, inputs, initial_state=None, dtype=None, sequence_length=None, scope=None):
    """Runs ``cell`` over a Python list of [batch, depth] inputs; returns (outputs, state).
    With ``sequence_length``, outputs past each example's length are zero and its state stops
    changing there.

    >>> import autograd_engine as tf
    >>> xs = [tf.placeholder(tf.float32, [None, 3]) for _ in range(4)]
    >>> outputs, state = tf.nn.static_rnn(tf.nn.rnn_cell.BasicRNNCell(5), xs, dtype=tf.float32)
    >>> len(outputs), outputs[0].shape.as_list()
    (4, [None, 5])
    """
    if not isinstance(inputs, (list, tuple)) or not inputs:
        raise TypeError("inputs must be a non-empty list of tensors")
    inputs = [convert_to_tensor(x) for x in inputs]
    with variable_scope(scope or "rnn"):
        state = _initial_state(cell, initial_state, _batch_size(inputs[0]), dtype)
        if sequence_length is not None:
            sequence_length = cast(convert_to_tensor(sequence_length), "int32")
        outputs = []
        for time, x in enumerate(inputs):
            output, new_state = cell(x, state)
            if sequence_length is not None:
                output = _masked_step(time, sequence_length, output, array_ops.zeros_like(output))
                new_state = _pack_like(new_state, [
                    _masked_step(time, sequence_length, n, o)
                    for n, o in zip(_flatten_state(new_state), _flatten_state(state))])
            outputs.append(output)
            state = new_state
        return outputs, state


def dynamic_rnn(cell, inputs, sequence_length=None, initial_state=None, dtype=None,
                parallel_iterations=None, swap_memory=False, time_major=False, scope=None):
    """Runs ``cell`` over ``inputs`` shaped [batch, time, depth] (or [time, batch, depth] with
    ``time_major``); returns (outputs in the same layout, final state).

    >>> import autograd_engine as tf
    >>> x = tf.placeholder(tf.float32, [None, 28, 28])
    >>> outputs, state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(16), x, dtype=tf.float32)
    >>> outputs.shape.as_list(), state.h.shape.as_list()
    ([None, 28, 16], [None, 16])
    """
    inputs = convert_to_tensor(inputs)
    if inputs.shape.ndims is not None and inputs.shape.ndims < 3:
        raise ValueError("dynamic_rnn needs inputs of rank 3, got shape %s" % inputs.shape)
    time_first = inputs if time_major else array_ops.transpose(inputs, [1, 0, 2])
    steps = time_first.shape.as_tuple()[0]
    with variable_scope(scope or "rnn"):
        batch = _batch_size(time_first[0])
        state = _initial_state(cell, initial_state, batch, dtype)
        if sequence_length is not None:
            sequence_length = cast(convert_to_tensor(sequence_length), "int32")
        if steps is not None and loops_preferred(time_first.graph):
            stacked, state = _scan_rnn(cell, time_first, state, sequence_length, steps)
        elif steps and sequence_length is None and \
                getattr(cell, "runs_over_time_fused", lambda: False)():
            stacked, state = cell.call_over_time(time_first, state)
        elif steps is not None:
            outputs, state = static_rnn(cell, [time_first[t] for t in range(steps)], state,
                                        sequence_length=sequence_length, scope=_same_scope())
            stacked = constant_op.stack_values(outputs, axis=0)
        else:
            stacked, state = _while_rnn(cell, time_first, state, sequence_length)
    return (stacked if time_major else array_ops.transpose(stacked, [1, 0, 2])), state


def _same_scope():
    """The current variable scope, re-entered without a new name scope (static_rnn inside
    dynamic_rnn must not add a second ``rnn``)."""
    return get_variable_scope()


def _scan_rnn(cell, time_first, state, sequence_length, steps):
    """The loop for a known number of steps: each step's input a row of ``time_first``, its
    output collected (TF1's TensorArray idiom; a compiled plan runs it as one XLA scan)."""
    flat_state = _flatten_state(state)
    cell(time_first[0], state)  # the cell's Variables, created at the top level

    def body(t, *flat_and_row):
        flat, row = flat_and_row[:-1], flat_and_row[-1]
        output, new_state = cell(row, _pack_like(state, flat))
        new_flat = _flatten_state(new_state)
        if sequence_length is not None:
            output = _masked_step(t, sequence_length, output, array_ops.zeros_like(output))
            new_flat = [_masked_step(t, sequence_length, n, o) for n, o in zip(new_flat, flat)]
        return [t + 1] + new_flat, [output]
    results, (stacked,) = while_loop_collecting(
        lambda t, *flat: less(t, steps), body, [convert_to_tensor(0)] + flat_state,
        sliced=[time_first])
    stacked.set_shape(TensorShape([steps]).concatenate(stacked.shape[1:]))  # runs `steps` times
    return stacked, _pack_like(state, results[1:])


def _while_rnn(cell, time_first, state, sequence_length):
    """The loop for an unknown number of steps: outputs gathered by concatenation."""
    flat_state = _flatten_state(state)
    n_steps = shape(time_first)[0]
    # Build the cell once outside the loop so its Variables are created at the top level.
    probe_output, _ = cell(time_first[0], state)
    out_depth = probe_output.shape.as_tuple()[-1]
    empty = array_ops.zeros_like(array_ops.expand_dims(probe_output, 0))[:0]

    def body(t, outputs, *flat):
        current = _pack_like(state, flat)
        output, new_state = cell(gather(time_first, t), current)
        new_flat = _flatten_state(new_state)
        if sequence_length is not None:
            output = _masked_step(t, sequence_length, output, array_ops.zeros_like(output))
            new_flat = [_masked_step(t, sequence_length, n, o) for n, o in zip(new_flat, flat)]
        return [t + 1, concat([outputs, array_ops.expand_dims(output, 0)], 0)] + new_flat

    invariants = [TensorShape([]), TensorShape([None, None, out_depth])] + \
        [TensorShape([None] + s.shape.as_list()[1:]) for s in flat_state]
    results = while_loop(lambda t, *rest: less(t, n_steps), body,
                         [convert_to_tensor(0), empty] + flat_state, shape_invariants=invariants)
    return results[1], _pack_like(state, results[2:])


__all__ = ["static_rnn", "dynamic_rnn"]
