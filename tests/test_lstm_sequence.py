"""dynamic_rnn over a plain LSTM cell as one LSTMSequence op (ops/lstm_sequence_ops.py): the
same values and gradients as the cell called step by step, and only where it may stand for it."""
import numpy as np
import pytest

import autograd_engine as tf

rnn_cell = tf.nn.rnn_cell


def _op_types():
    return {op.type for op in tf.get_default_graph().get_operations()}


def _fused_and_step_by_step(cell, data, time_major=False, initial_state=None):
    """dynamic_rnn's (outputs, state) and static_rnn's over the same cell (its Variables are
    shared: static_rnn calls the cell once per step)."""
    x = tf.constant(data)
    fused = tf.nn.dynamic_rnn(cell, x, initial_state=initial_state, time_major=time_major,
                              dtype=None if initial_state is not None else x.dtype)
    steps = tf.unstack(x, axis=0 if time_major else 1)
    outputs, state = tf.nn.static_rnn(cell, steps, initial_state=initial_state,
                                      dtype=None if initial_state is not None else x.dtype)
    step_by_step = (tf.stack(outputs, axis=0 if time_major else 1), state)
    return x, fused, step_by_step


def _values_and_gradients(x, pair, extra=()):
    """Each side's outputs, final state and gradients of a loss using all of them with respect
    to the input, the Variables and ``extra``."""
    rng = np.random.RandomState(3)
    runs = []
    for outputs, state in pair:
        flat_state = tf.nest.flatten(state)
        loss = tf.reduce_sum(outputs * rng.randn(*outputs.shape.as_list())) + \
            sum(tf.reduce_sum(s * s) for s in flat_state)
        wrt = [x] + tf.trainable_variables() + list(extra)
        runs.append([outputs] + flat_state + tf.gradients(loss, wrt))
        rng = np.random.RandomState(3)  # the same weights in both losses
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return sess.run(runs)


@pytest.mark.parametrize("make_cell, time_major", [
    (lambda: rnn_cell.BasicLSTMCell(3), False),
    (lambda: rnn_cell.BasicLSTMCell(3, forget_bias=0.5, state_is_tuple=False), False),
    (lambda: rnn_cell.LSTMCell(3, forget_bias=0.0), True),
    (lambda: rnn_cell.MultiRNNCell([rnn_cell.BasicLSTMCell(3), rnn_cell.LSTMCell(2)]), False),
])
def test_fused_sequence_matches_the_cell_step_by_step(make_cell, time_major):
    tf.reset_default_graph()
    rng = np.random.RandomState(0)
    cell = make_cell()
    x, fused, step_by_step = _fused_and_step_by_step(cell, rng.randn(4, 2, 5))
    assert "LSTMSequence" in _op_types()
    fused_values, reference = _values_and_gradients(x, [fused, step_by_step])
    assert len(fused_values) == len(reference)
    for got, want in zip(fused_values, reference):
        np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-12)


def test_fused_sequence_from_a_given_state_and_its_gradient():
    tf.reset_default_graph()
    rng = np.random.RandomState(1)
    c0, h0 = tf.constant(rng.randn(3, 4)), tf.constant(rng.randn(3, 4))
    state = rnn_cell.LSTMStateTuple(c0, h0)
    x, fused, step_by_step = _fused_and_step_by_step(rnn_cell.BasicLSTMCell(4),
                                                     rng.randn(3, 6, 2), initial_state=state)
    fused_values, reference = _values_and_gradients(x, [fused, step_by_step], extra=[c0, h0])
    for got, want in zip(fused_values, reference):
        np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-12)


def test_fused_sequence_in_float32_learns_as_before():
    """A float32 training step, fused and step by step, from the same weights: the same loss
    to float32 rounding after a few Adam updates."""
    rng = np.random.RandomState(2)
    data, labels = rng.rand(8, 7, 5).astype(np.float32), rng.randn(8, 3).astype(np.float32)
    weights = [rng.randn(11, 24) * 0.3, rng.randn(24) * 0.1, rng.randn(6, 3)]
    losses = []
    for fused in (True, False):
        tf.reset_default_graph()
        x = tf.constant(data)
        cell = rnn_cell.BasicLSTMCell(6)
        if fused:
            _, state = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
        else:
            _, state = tf.nn.static_rnn(cell, tf.unstack(x, axis=1), dtype=tf.float32)
        dense = tf.Variable(weights[2].astype(np.float32))
        loss = tf.reduce_mean(tf.square(tf.matmul(state.h, dense) - labels))
        train = tf.train.AdamOptimizer(0.01).minimize(loss)
        assert ("LSTMSequence" in _op_types()) is fused
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for variable, value in zip(cell.weights, weights):
                variable.load(value.astype(np.float32), sess)
            losses.append([sess.run([loss, train])[0] for _ in range(5)])
    np.testing.assert_allclose(losses[0], losses[1], rtol=2e-5)
    assert losses[0][-1] < losses[0][0]


class _LoudLSTMCell(rnn_cell.BasicLSTMCell):
    """A subclass may change the cell's equations: it runs step by step."""


@pytest.mark.parametrize("make_cell", [
    lambda: rnn_cell.LSTMCell(3, use_peepholes=True),
    lambda: rnn_cell.LSTMCell(3, cell_clip=1.0),
    lambda: rnn_cell.LSTMCell(3, num_proj=2),
    lambda: rnn_cell.BasicLSTMCell(3, activation=tf.nn.relu),
    lambda: _LoudLSTMCell(3),
    lambda: rnn_cell.MultiRNNCell([rnn_cell.BasicLSTMCell(3), rnn_cell.GRUCell(3)]),
    lambda: rnn_cell.GRUCell(3),
])
def test_cells_with_more_than_the_plain_equations_run_step_by_step(make_cell):
    tf.reset_default_graph()
    tf.nn.dynamic_rnn(make_cell(), tf.zeros([2, 4, 5]), dtype=tf.float32)
    assert "LSTMSequence" not in _op_types()


def test_sequence_lengths_and_unknown_time_run_step_by_step():
    tf.reset_default_graph()
    cell = rnn_cell.BasicLSTMCell(3)
    tf.nn.dynamic_rnn(cell, tf.zeros([2, 4, 5]), sequence_length=[4, 2], dtype=tf.float32)
    tf.nn.dynamic_rnn(cell, tf.placeholder(tf.float32, [2, None, 5]), dtype=tf.float32,
                      scope="unknown_time")
    assert "LSTMSequence" not in _op_types()


def test_fused_sequence_keeps_tf1_variable_names_and_unknown_batch():
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32, [None, 6, 2])
    outputs, state = tf.nn.dynamic_rnn(rnn_cell.BasicLSTMCell(4), x, dtype=tf.float32)
    assert [v.name for v in tf.trainable_variables()] == ["rnn/basic_lstm_cell/kernel:0",
                                                           "rnn/basic_lstm_cell/bias:0"]
    assert outputs.shape.as_list() == [None, 6, 4] and state.c.shape.as_list() == [None, 4]
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        out, h = sess.run([outputs, state.h], {x: np.ones((3, 6, 2), np.float32)})
    assert out.shape == (3, 6, 4)
    np.testing.assert_array_equal(out[:, -1], h)


def test_in_place_kernels_equal_their_pure_functions():
    """The kernels (in place, buffers kept between runs) and the pure functions a tracer
    lowers instead give the same arrays, the activations kept for the gradient included."""
    from autograd_engine.ops import lstm_sequence_ops as ops
    from autograd_engine.ops.registry import make_op
    rng = np.random.RandomState(4)
    projected, c0, h0 = rng.randn(5, 3, 8), rng.randn(3, 2), rng.randn(3, 2)
    kernel, d_hs, d_cs = rng.randn(2, 8), rng.randn(5, 3, 2), rng.randn(5, 3, 2)
    tf.reset_default_graph()
    hs, cs, acts = ops.lstm_sequence(projected, c0, h0, kernel, forget_bias=0.5)
    backward = make_op("LSTMSequenceGrad", [tf.constant(v) for v in (kernel, c0)] +
                       [cs, acts] + [tf.constant(v) for v in (d_hs, d_cs)]).outputs
    with tf.Session() as sess:
        for _ in range(2):  # the second run reuses the first one's buffers
            got = sess.run([hs, cs, acts] + backward)
            want = list(ops.pure_sequence(np, 0.5)(projected, c0, h0, kernel))
            want += ops.pure_sequence_grad(np)(kernel, c0, want[1], want[2], d_hs, d_cs)
            assert len(got) == len(want) == 6
            for g, w in zip(got, want):
                np.testing.assert_allclose(g, w, rtol=1e-12, atol=1e-14)


def test_keras_lstm_runs_the_fused_sequence():
    from autograd_engine.keras import layers, models
    model = models.Sequential([layers.LSTM(4, input_shape=(5, 3))])
    types = {op.type for op in model.outputs[0].graph.get_operations()}
    assert "LSTMSequence" in types and "LSTMCellElementwise" not in types
    assert model.predict(np.ones((2, 5, 3), np.float32)).shape == (2, 4)


def test_fused_stacked_layers_keep_tf1_variable_names():
    tf.reset_default_graph()
    cell = rnn_cell.MultiRNNCell([rnn_cell.BasicLSTMCell(4), rnn_cell.BasicLSTMCell(3)])
    outputs, state = tf.nn.dynamic_rnn(cell, tf.zeros([2, 6, 5]), dtype=tf.float32)
    assert "LSTMSequence" in _op_types()
    assert outputs.shape.as_list() == [2, 6, 3] and state[0].c.shape.as_list() == [2, 4]
    assert [v.name for v in tf.trainable_variables()] == [
        "rnn/multi_rnn_cell/cell_0/basic_lstm_cell/kernel:0",
        "rnn/multi_rnn_cell/cell_0/basic_lstm_cell/bias:0",
        "rnn/multi_rnn_cell/cell_1/basic_lstm_cell/kernel:0",
        "rnn/multi_rnn_cell/cell_1/basic_lstm_cell/bias:0"]
