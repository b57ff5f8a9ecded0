"""tf.nn.raw_rnn against TensorFlow (tests/fixtures/nn_tail/nn.npz, written by
tools/make_fixtures_nn_tail.py): the loop_fn of TF's documentation over ragged lengths, the
emitted outputs, the final state and the gradients."""
import os

import numpy as np
import pytest

import autograd_engine as tf

F = np.load(os.path.join(os.path.dirname(__file__), "fixtures", "nn_tail", "nn.npz"))


def sine_initializer(shape, dtype=tf.float32, partition_info=None):
    return tf.constant(np.sin(np.arange(np.prod(shape)) + 1.0).reshape(shape) * 0.5, dtype)


def build(inputs, lengths, with_cond):
    """TF's documented loop_fn (the input read under a tf.cond once every sequence is done)
    or the same without the cond (the clamped read is never used after the last step)."""
    with tf.variable_scope("raw", initializer=sine_initializer):
        cell = tf.nn.rnn_cell.BasicRNNCell(4)

        def loop_fn(time, cell_output, cell_state, loop_state):
            state = cell.zero_state(3, tf.float64) if cell_output is None else cell_state
            finished = time >= lengths
            read = lambda: tf.gather(inputs, tf.minimum(time, 4))  # noqa: E731
            next_input = tf.cond(tf.reduce_all(finished),
                                 lambda: tf.zeros([3, 2], tf.float64), read) if with_cond \
                else read()
            return finished, next_input, state, cell_output, None
        emit_ta, final_state, loop_state = tf.nn.raw_rnn(cell, loop_fn)
    assert loop_state is None
    return emit_ta.stack(), final_state


@pytest.mark.parametrize("with_cond", [True, False])
def test_raw_rnn_matches_tensorflow(with_cond):
    with tf.Graph().as_default():
        inputs = tf.constant(F["raw_x"])
        outputs, final_state = build(inputs, F["raw_lengths"], with_cond)
        assert outputs.shape.as_list()[1:] == [3, 4]
        fetches = [outputs, final_state]
        if not with_cond:  # gradients through a cond inside a while_loop: see the report
            fetches += [tf.convert_to_tensor(g) for g in tf.gradients(
                tf.reduce_sum(outputs * outputs) + tf.reduce_sum(final_state),
                [inputs] + tf.trainable_variables())]
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            values = sess.run(fetches)
    np.testing.assert_allclose(values[0], F["raw_outputs"], rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(values[1], F["raw_state"], rtol=1e-10)
    for i, grad in enumerate(values[2:]):
        np.testing.assert_allclose(grad, F["raw_grad_%d" % i], rtol=1e-9, atol=1e-12)


def test_raw_rnn_carries_a_loop_state_and_checks_loop_fn():
    with tf.Graph().as_default():
        cell = tf.nn.rnn_cell.BasicRNNCell(2)

        def loop_fn(time, cell_output, cell_state, loop_state):
            state = cell.zero_state(1, tf.float32) if cell_state is None else cell_state
            counter = tf.constant(0.0) if loop_state is None else loop_state + 1.0
            return time >= 3, tf.ones([1, 2]), state, None, counter
        emit_ta, _, counter = tf.nn.raw_rnn(cell, loop_fn)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            stacked, count = sess.run([emit_ta.stack(), counter])
        assert stacked.shape == (3, 1, 2) and count == 3.0
        with pytest.raises(TypeError, match="loop_fn must be a callable"):
            tf.nn.raw_rnn(cell, None)


class VariableStateSaver:
    """A state saver keeping each named state in a Variable between runs."""

    def __init__(self, shapes):
        self.memory = {name: tf.Variable(np.zeros(shape), name=name)
                       for name, shape in shapes.items()}

    def state(self, name):
        return self.memory[name].read_value()

    def save_state(self, name, value):
        return tf.assign(self.memory[name], value).op


def test_static_state_saving_rnn_continues_where_the_last_segment_stopped():
    x = np.random.RandomState(6).randn(4, 1, 2)
    with tf.Graph().as_default():
        with tf.variable_scope("cell", initializer=sine_initializer):
            cell = tf.nn.rnn_cell.BasicLSTMCell(3)
            saver = VariableStateSaver({"c": [1, 3], "h": [1, 3]})
            segment = tf.placeholder(tf.float64, [2, 1, 2])
            outputs, state = tf.nn.static_state_saving_rnn(
                cell, tf.unstack(segment), saver, ("c", "h"))
            whole, _ = tf.nn.static_rnn(cell, tf.unstack(tf.constant(x)), dtype=tf.float64)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            first = sess.run(outputs, {segment: x[:2]})
            second = sess.run(outputs, {segment: x[2:]})
            expected = sess.run(whole)
    np.testing.assert_allclose(first + second, expected, rtol=1e-12)
    assert isinstance(state, tf.nn.rnn_cell.LSTMStateTuple)


def test_static_state_saving_rnn_checks_state_names():
    with tf.Graph().as_default():
        cell = tf.nn.rnn_cell.BasicLSTMCell(3)
        saver = VariableStateSaver({"c": [1, 3]})
        with pytest.raises(ValueError, match="same type as cell.state_size"):
            tf.nn.static_state_saving_rnn(cell, [tf.ones([1, 2])], saver, "c")
        with pytest.raises(ValueError, match="should match"):
            tf.nn.static_state_saving_rnn(cell, [tf.ones([1, 2])], saver, ("c", "h", "x"))
