"""``tf.nn.static_state_saving_rnn``: ``static_rnn`` whose initial state comes from a state
saver (an object with ``state(name)`` and ``save_state(name, value)``, such as TF1's
``SequenceQueueingStateSaver`` or a Variable-backed one) and whose final state is saved back
before the last output and the state are returned, so truncated sequences continue where the
previous segment stopped."""
from ..framework import nest
from ..framework.graph import get_default_graph
from . import array_ops
from .rnn import static_rnn


def static_state_saving_rnn(cell, inputs, state_saver, state_name, sequence_length=None,
                            scope=None):
    """Runs ``static_rnn`` from ``state_saver.state(state_name)`` (one name per state
    component when the cell's state is a tuple) and saves the final state under the same
    names; the last output and the state run after the saves.

    >>> import autograd_engine as tf
    >>> class Saver:
    ...     def __init__(self):
    ...         self.memory = tf.Variable(tf.zeros([1, 3]), name="memory")
    ...     def state(self, name):
    ...         return self.memory.read_value()
    ...     def save_state(self, name, value):
    ...         return tf.assign(self.memory, value).op
    >>> saver = Saver()
    >>> outputs, state = tf.nn.static_state_saving_rnn(
    ...     tf.nn.rnn_cell.BasicRNNCell(3), [tf.ones([1, 2])] * 2, saver, "h")
    >>> len(outputs), state.shape.as_list()
    (2, [1, 3])
    """
    state_is_tuple = nest.is_nested(cell.state_size)
    if state_is_tuple != nest.is_nested(state_name):
        raise ValueError("state_name should be the same type as cell.state_size.  "
                         "state_name: %s, cell.state_size: %s" % (state_name, cell.state_size))
    names = nest.flatten(state_name) if state_is_tuple else [state_name]
    if state_is_tuple and len(names) != len(nest.flatten(cell.state_size)):
        raise ValueError("#elems of state_name (%d) and cell.state_size (%d) should match"
                         % (len(names), len(nest.flatten(cell.state_size))))
    saved = [state_saver.state(name) for name in names]
    initial = nest.pack_sequence_as(cell.state_size, saved) if state_is_tuple else saved[0]
    outputs, state = static_rnn(cell, inputs, initial_state=initial,
                                sequence_length=sequence_length, scope=scope)
    flat_state = nest.flatten(state)
    saves = [state_saver.save_state(name, value) for name, value in zip(names, flat_state)]
    with get_default_graph().control_dependencies(saves):
        outputs = list(outputs)
        outputs[-1] = nest.pack_sequence_as(
            outputs[-1], [array_ops.identity(t) for t in nest.flatten(outputs[-1])])
        kept = [array_ops.identity(t) for t in flat_state]
    return outputs, nest.pack_sequence_as(state, kept) if state_is_tuple else kept[0]


__all__ = ["static_state_saving_rnn"]
