"""``tf.nn.raw_rnn``: a cell driven by a user's ``loop_fn``, which decides each step's input,
what the step emits, when each sequence is finished, and carries a state of its own.

The loop is a ``tf.while_loop`` that runs until every batch entry is finished; finished
entries keep their state and emit zeros, as TF1 does. Emits are written to TensorArrays
(returned in the emit structure); call ``.stack()`` for ``[time, batch, ...]``.
"""
from ..framework import dtypes
from ..framework import nest
from . import array_ops
from .constant_op import convert_to_tensor
from .elementwise_binary_ops import logical_or
from .elementwise_unary_ops import cast, logical_not
from .reduction_ops import reduce_all
from .tensor_array import TensorArray
from .variable_scope import variable_scope
from .while_loop import while_loop


def _keep_finished(finished, old, new):
    """``new`` where a batch entry is still running, ``old`` where it is finished."""
    mask = cast(finished, new.dtype)
    mask = array_ops.reshape(mask, [-1] + [1] * (new.shape.ndims - 1))
    return new * (1 - mask) + old * mask


def raw_rnn(cell, loop_fn, parallel_iterations=None, swap_memory=False, scope=None):
    """Runs ``cell`` under ``loop_fn(time, cell_output, cell_state, loop_state)``, which
    returns ``(finished, next_input, next_cell_state, emit_output, next_loop_state)`` (at time
    0 it gets ``None`` outputs and states and gives the initial ones). Returns ``(emit_ta,
    final_state, final_loop_state)``.

    >>> import autograd_engine as tf
    >>> inputs = tf.zeros([4, 2, 3])  # [time, batch, depth]
    >>> cell = tf.nn.rnn_cell.BasicRNNCell(5)
    >>> def loop_fn(time, output, state, loop_state):
    ...     state = cell.zero_state(2, tf.float32) if state is None else state
    ...     finished = time >= tf.constant([4, 2])
    ...     step = tf.cond(tf.reduce_all(finished), lambda: tf.zeros([2, 3]),
    ...                    lambda: tf.gather(inputs, tf.minimum(time, 3)))
    ...     return finished, step, state, output, None
    >>> emit_ta, state, _ = tf.nn.raw_rnn(cell, loop_fn)
    >>> emit_ta.stack().shape.as_list(), state.shape.as_list()
    ([None, 2, 5], [2, 5])
    """
    if not callable(loop_fn):
        raise TypeError("loop_fn must be a callable")
    with variable_scope(scope or "rnn"):
        time = convert_to_tensor(0, dtype=dtypes.int32)
        finished, next_input, state, emit_structure, loop_state = loop_fn(time, None, None,
                                                                          None)
        if state is None:
            raise ValueError("loop_fn must return the initial cell state at time 0")
        finished = convert_to_tensor(finished)
        # one call outside the loop creates the cell's Variables and shows what it emits
        probe_output, _ = cell(next_input, state)
        emit_template = probe_output if emit_structure is None else emit_structure
        flat_emit = [convert_to_tensor(e) for e in nest.flatten(emit_template)]
        arrays = [TensorArray(e.dtype, size=0, dynamic_size=True, element_shape=e.shape)
                  for e in flat_emit]
        flat_input, flat_state = nest.flatten(next_input), nest.flatten(state)
        flat_loop = nest.flatten(loop_state) if loop_state is not None else []
        sizes = [len(flat_input), len(flat_state), len(arrays), len(flat_loop)]

        def split(values):
            parts, start = [], 0
            for size in sizes:
                parts.append(list(values[start:start + size]))
                start += size
            return parts

        def condition(time, finished, *rest):
            return logical_not(reduce_all(finished))

        def body(time, finished, *rest):
            inputs, states, tas, loops = split(rest)
            current = nest.pack_sequence_as(state, states)
            output, new_state = cell(nest.pack_sequence_as(next_input, inputs), current)
            step = loop_fn(time + 1, output, new_state,
                           nest.pack_sequence_as(loop_state, loops) if flat_loop else None)
            next_finished, following, next_state, emit, next_loop = step
            emits = nest.flatten(output if emit is None else emit)
            emits = [_keep_finished(finished, array_ops.zeros_like(e), e) for e in emits]
            kept = [_keep_finished(finished, old, new)
                    for old, new in zip(states, nest.flatten(next_state))]
            tas = [ta.write(time, e) for ta, e in zip(tas, emits)]
            return ([time + 1, logical_or(finished, next_finished)] + nest.flatten(following) +
                    kept + tas + (nest.flatten(next_loop) if flat_loop else []))

        results = while_loop(condition, body,
                             [time, finished] + flat_input + flat_state + arrays + flat_loop,
                             parallel_iterations=parallel_iterations or 32,
                             swap_memory=swap_memory)
        _, final_states, final_arrays, final_loop = split(results[2:])
        return (nest.pack_sequence_as(emit_template, final_arrays),
                nest.pack_sequence_as(state, final_states),
                nest.pack_sequence_as(loop_state, final_loop) if flat_loop else None)


__all__ = ["raw_rnn"]
