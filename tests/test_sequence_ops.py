"""tf.reverse_sequence against numpy loops, its gradient and TF1 errors; the bidirectional RNNs
against the two directions run by hand with the same weights."""
import numpy as np
import pytest

import autograd_engine as tf


def np_reverse_sequence(x, lengths, seq_axis, batch_axis):
    out = np.array(x, copy=True)
    for b, n in enumerate(lengths):
        src = np.take(x, b, axis=batch_axis)
        dst_axis = seq_axis - (seq_axis > batch_axis)
        prefix = np.flip(np.take(src, np.arange(n), axis=dst_axis), dst_axis)
        index = [slice(None)] * x.ndim
        index[batch_axis] = b
        index[seq_axis] = slice(0, n)
        out[tuple(index)] = prefix
    return out


@pytest.mark.parametrize("shape, seq_axis, batch_axis, lengths", [
    ((3, 5), 1, 0, [5, 0, 2]),
    ((4, 3, 2), 0, 1, [4, 1, 0]),
    ((2, 3, 4), 2, 1, [2, 4, 3]),
    ((3, 6, 2, 2), 1, 0, [6, 3, 1]),
    ((2, 4, 3), 1, 2, [0, 4, 2]),
])
def test_reverse_sequence_matches_numpy_loops(shape, seq_axis, batch_axis, lengths):
    data = np.random.RandomState(0).randn(*shape)
    got = tf.reverse_sequence(tf.constant(data), tf.constant(lengths, dtype=tf.int64),
                              seq_axis=seq_axis, batch_axis=batch_axis)
    # TF1's older argument names reach the same op.
    old = tf.reverse_sequence(tf.constant(data), lengths, seq_dim=seq_axis, batch_dim=batch_axis)
    assert got.shape.as_list() == list(shape)
    with tf.Session() as sess:
        a, b = sess.run([got, old])
    expected = np_reverse_sequence(data, lengths, seq_axis, batch_axis)
    np.testing.assert_array_equal(a, expected)
    np.testing.assert_array_equal(b, expected)


def test_reverse_sequence_batch_dimension_comes_from_lengths():
    x = tf.placeholder(tf.float32, [None, 4])
    assert tf.reverse_sequence(x, tf.constant([1, 2, 3]), 1).shape.as_list() == [3, 4]


@pytest.mark.parametrize("seq_axis, batch_axis", [(1, 0), (0, 2), (2, 1)])
def test_reverse_sequence_gradients(seq_axis, batch_axis):
    rng = np.random.RandomState(1)
    lengths = [3, 0, 2]
    shape = [3, 3, 3]
    # Squaring first makes the second derivative (a gradient of ReverseSequence) non-trivial.
    tf.test.check_gradients(lambda x: tf.reverse_sequence(x * x, lengths, seq_axis, batch_axis),
                            [rng.randn(*shape)])

    def second(x):
        y = tf.reverse_sequence(x * x * x, lengths, seq_axis, batch_axis)
        return tf.gradients(tf.reduce_sum(y * np.arange(27.).reshape(shape)), x)[0]
    tf.test.check_gradients(second, [rng.randn(*shape)])


def test_reverse_sequence_run_time_errors():
    x = tf.placeholder(tf.float32, [2, 3])
    lengths = tf.placeholder(tf.int32, [None])
    y = tf.reverse_sequence(x, lengths, seq_axis=1)
    with tf.Session() as sess:
        for feed, message in (([1, 4], r"seq_lens\(1\) > input.dims\(1\)"),
                              ([-1, 2], r"seq_lens\(0\) < 0"),
                              ([1, 2, 3], r"Length of seq_lengths != input.dims\(0\)")):
            with pytest.raises(tf.errors.InvalidArgumentError, match=message):
                sess.run(y, {x: np.zeros((2, 3)), lengths: feed})


def test_reverse_sequence_build_time_errors():
    x = tf.zeros([2, 3, 4])
    with pytest.raises(ValueError, match="batch_dim and seq_dim must have different values"):
        tf.reverse_sequence(x, [1, 2], seq_axis=0, batch_axis=0)
    with pytest.raises(ValueError, match="seq_dim must be < input rank: 3 vs. 3"):
        tf.reverse_sequence(x, [1, 2], seq_axis=3)
    with pytest.raises(ValueError, match="batch_dim must be < input rank: 5 vs. 3"):
        tf.reverse_sequence(x, [1, 2], seq_axis=1, batch_axis=5)
    with pytest.raises(ValueError, match="Shape must be rank 1 but is rank 2"):
        tf.reverse_sequence(x, [[1, 2]], seq_axis=1)
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 2 and 3"):
        tf.reverse_sequence(x, [1, 2, 3], seq_axis=1)
    with pytest.raises(ValueError, match="Cannot specify both 'seq_axis' and 'seq_dim'"):
        tf.reverse_sequence(x, [1, 2], seq_axis=1, seq_dim=1)
    with pytest.raises(TypeError, match="seq_lengths"):
        tf.reverse_sequence(x, [1.0, 2.0], seq_axis=1)
    with pytest.raises(TypeError, match="Expected int for argument 'seq_dim'"):
        tf.reverse_sequence(x, [1, 2])


# ------------------------------------------------------------------ bidirectional RNNs
def _copy_weights(sess, src_prefix, dst_prefix):
    for src, dst in zip(tf.trainable_variables(src_prefix), tf.trainable_variables(dst_prefix)):
        assert src.name[len(src_prefix):] == dst.name[len(dst_prefix):]
        dst.load(sess.run(src), sess)


@pytest.mark.parametrize("use_lengths", [False, True])
def test_bidirectional_dynamic_rnn_matches_the_two_directions_by_hand(use_lengths):
    rng = np.random.RandomState(2)
    data, lengths = rng.randn(3, 5, 2), np.array([5, 2, 0])
    x = tf.placeholder(tf.float64, [None, 5, 2])
    seq = tf.placeholder(tf.int32, [None]) if use_lengths else None
    (fw, bw), (s_fw, s_bw) = tf.nn.bidirectional_dynamic_rnn(
        tf.nn.rnn_cell.BasicLSTMCell(3), tf.nn.rnn_cell.GRUCell(4), x, sequence_length=seq,
        dtype=tf.float64)
    assert [v.name for v in tf.trainable_variables()][:3] == [
        "bidirectional_rnn/fw/basic_lstm_cell/kernel:0",
        "bidirectional_rnn/fw/basic_lstm_cell/bias:0",
        "bidirectional_rnn/bw/gru_cell/gates/kernel:0"]
    # The reference: plain dynamic_rnn forward, and backward on inputs reversed in numpy.
    ref_fw, ref_s_fw = tf.nn.dynamic_rnn(tf.nn.rnn_cell.BasicLSTMCell(3), x, seq,
                                         dtype=tf.float64, scope="ref/fw")
    ref_bw, ref_s_bw = tf.nn.dynamic_rnn(tf.nn.rnn_cell.GRUCell(4), x, seq,
                                         dtype=tf.float64, scope="ref/bw")
    full = lengths if use_lengths else [5] * 3
    reversed_data = np_reverse_sequence(data, full, 1, 0)
    feed = {seq: lengths} if use_lengths else {}
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        _copy_weights(sess, "bidirectional_rnn/", "ref/")
        got = sess.run([fw, bw, s_fw, s_bw], {**feed, x: data})
        want_fw, want_s_fw = sess.run([ref_fw, ref_s_fw], {**feed, x: data})
        want_bw, want_s_bw = sess.run([ref_bw, ref_s_bw], {**feed, x: reversed_data})
    np.testing.assert_allclose(got[0], want_fw, rtol=1e-12)
    np.testing.assert_allclose(got[2].c, want_s_fw.c, rtol=1e-12)
    np.testing.assert_allclose(got[1], np_reverse_sequence(want_bw, full, 1, 0), rtol=1e-12)
    np.testing.assert_allclose(got[3], want_s_bw, rtol=1e-12)
    if use_lengths:  # padding stays zero in both directions, as in TF1
        np.testing.assert_array_equal(got[1][1, 2:], 0.0)
        np.testing.assert_array_equal(got[0][2], 0.0)


def test_bidirectional_dynamic_rnn_time_major_and_unknown_time_agree():
    rng = np.random.RandomState(3)
    data, lengths = rng.randn(2, 4, 3), [3, 4]
    x = tf.placeholder(tf.float64, [None, 4, 3])
    x_tm = tf.placeholder(tf.float64, [None, None, 3])  # unknown time: the while_loop path
    runs = {}
    for name, inputs, time_major in (("bm", x, False), ("tm", x_tm, True)):
        runs[name] = tf.nn.bidirectional_dynamic_rnn(
            tf.nn.rnn_cell.BasicRNNCell(2), tf.nn.rnn_cell.BasicRNNCell(2), inputs,
            sequence_length=lengths, dtype=tf.float64, time_major=time_major, scope=name)
    assert runs["tm"][0][1].shape.as_list() == [None, 2, 2]  # batch from the lengths
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        _copy_weights(sess, "bm/", "tm/")
        bm = sess.run(runs["bm"], {x: data})
        tm = sess.run(runs["tm"], {x_tm: data.transpose(1, 0, 2)})
    for a, b in zip(bm[0], tm[0]):
        np.testing.assert_allclose(a, b.transpose(1, 0, 2), rtol=1e-12)
    for a, b in zip(bm[1], tm[1]):
        np.testing.assert_allclose(a, b, rtol=1e-12)


def test_bidirectional_dynamic_rnn_gradients_pass_the_check():
    def run(x):
        tf.set_random_seed(7)  # the cells' weights come from seeded initializers
        (fw, bw), (_, s_bw) = tf.nn.bidirectional_dynamic_rnn(
            tf.nn.rnn_cell.BasicRNNCell(2), tf.nn.rnn_cell.GRUCell(2), x,
            sequence_length=[3, 1], dtype=tf.float64)
        return fw * bw + tf.expand_dims(s_bw, 1)
    tf.test.check_gradients(run, [np.random.RandomState(4).randn(2, 3, 2)])


def test_bidirectional_initial_states_and_errors():
    x = tf.zeros([2, 3, 1], tf.float64)
    h0 = tf.ones([2, 2], tf.float64)
    (_, _), (s_fw, _) = tf.nn.bidirectional_dynamic_rnn(
        tf.nn.rnn_cell.BasicRNNCell(2), tf.nn.rnn_cell.BasicRNNCell(2), x,
        initial_state_fw=h0, initial_state_bw=h0, sequence_length=[0, 0])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(sess.run(s_fw), 1.0)  # no steps: the state is h0
    with pytest.raises(TypeError, match="'cell_bw'.*is not an RNNCell"):
        tf.nn.bidirectional_dynamic_rnn(tf.nn.rnn_cell.BasicRNNCell(2), "cell", x,
                                        dtype=tf.float64)
    with pytest.raises(ValueError, match="dtype must be specified"):
        tf.nn.bidirectional_dynamic_rnn(tf.nn.rnn_cell.BasicRNNCell(2),
                                        tf.nn.rnn_cell.BasicRNNCell(2), x)


@pytest.mark.parametrize("use_lengths", [False, True])
def test_static_bidirectional_rnn_equals_the_dynamic_one(use_lengths):
    rng = np.random.RandomState(5)
    data, lengths = rng.randn(3, 4, 2), [4, 1, 2]
    x = tf.placeholder(tf.float64, [3, 4, 2])
    seq = lengths if use_lengths else None
    outputs, s_fw, s_bw = tf.nn.static_bidirectional_rnn(
        tf.nn.rnn_cell.BasicRNNCell(2), tf.nn.rnn_cell.BasicLSTMCell(3), tf.unstack(x, axis=1),
        dtype=tf.float64, sequence_length=seq)
    assert isinstance(outputs, list) and len(outputs) == 4
    assert outputs[0].shape.as_list() == [3, 5]
    assert [v.name for v in tf.trainable_variables()] == [
        "bidirectional_rnn/fw/basic_rnn_cell/kernel:0",
        "bidirectional_rnn/fw/basic_rnn_cell/bias:0",
        "bidirectional_rnn/bw/basic_lstm_cell/kernel:0",
        "bidirectional_rnn/bw/basic_lstm_cell/bias:0"]
    (fw, bw), (d_fw, d_bw) = tf.nn.bidirectional_dynamic_rnn(
        tf.nn.rnn_cell.BasicRNNCell(2), tf.nn.rnn_cell.BasicLSTMCell(3), x,
        sequence_length=seq, dtype=tf.float64, scope="dyn")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        _copy_weights(sess, "bidirectional_rnn/", "dyn/")
        got = sess.run([outputs, s_fw, s_bw], {x: data})
        want = sess.run([fw, bw, d_fw, d_bw], {x: data})
    np.testing.assert_allclose(np.stack(got[0], 1), np.concatenate(want[:2], 2), rtol=1e-12)
    np.testing.assert_allclose(got[1], want[2], rtol=1e-12)
    np.testing.assert_allclose(got[2].h, want[3].h, rtol=1e-12)


def test_static_bidirectional_rnn_gradients_and_errors():
    def run(x):
        tf.set_random_seed(7)
        outputs, _, _ = tf.nn.static_bidirectional_rnn(
            tf.nn.rnn_cell.BasicRNNCell(2), tf.nn.rnn_cell.BasicRNNCell(2),
            tf.unstack(x, axis=1), dtype=tf.float64, sequence_length=[2, 3])
        return tf.stack(outputs)
    tf.test.check_gradients(run, [np.random.RandomState(6).randn(2, 3, 2)])
    cell = tf.nn.rnn_cell.BasicRNNCell(2)
    with pytest.raises(TypeError, match="inputs must be a sequence"):
        tf.nn.static_bidirectional_rnn(cell, cell, tf.zeros([2, 3]), dtype=tf.float32)
    with pytest.raises(ValueError, match="inputs must not be empty"):
        tf.nn.static_bidirectional_rnn(cell, cell, [], dtype=tf.float32)


def test_contrib_rnn_exposes_the_bidirectional_runners():
    assert tf.contrib.rnn.bidirectional_dynamic_rnn is tf.nn.bidirectional_dynamic_rnn
    assert tf.contrib.rnn.static_bidirectional_rnn is tf.nn.static_bidirectional_rnn
