"""tf.ragged_fill_empty_rows / tf.ragged_fill_empty_rows_grad. The expected values are
TensorFlow 2.21's (tf.compat.v1) outputs for the same inputs, copied here."""
import numpy as np

import autograd_engine as tf
from autograd_engine.testing import check_gradients


def test_values_match_tensorflow():
    with tf.Graph().as_default(), tf.Session() as sess:
        filled = tf.ragged_fill_empty_rows(tf.constant([0, 0, 2, 2, 4], tf.int64),
                                           [1.0, 2.0, 3.0, 4.0, 5.0],
                                           tf.constant(6, tf.int64), -1.0)
        unsorted = tf.ragged_fill_empty_rows([1, 0], [1.0, 2.0], 3, -1.0)
        nothing = tf.ragged_fill_empty_rows(tf.zeros([0], tf.int64), tf.zeros([0], tf.int32),
                                            2, 7)
        grads = tf.ragged_fill_empty_rows_grad(filled[3], [10.0, 20, 30, 40, 50, 60, 70, 80])
        got = sess.run([list(filled), list(unsorted), list(nothing), list(grads)])
    rowids, values, empty, reverse = got[0]
    assert rowids.tolist() == [0, 0, 1, 2, 2, 3, 4, 5]
    assert values.tolist() == [1.0, 2.0, -1.0, 3.0, 4.0, -1.0, 5.0, -1.0]
    assert empty.tolist() == [False, True, False, True, False, True]
    assert reverse.tolist() == [0, 1, 3, 4, 6]
    assert [v.tolist() for v in got[1]] == [[0, 1, 2], [2.0, 1.0, -1.0], [False, False, True],
                                            [1, 0]]
    assert [v.tolist() for v in got[2]] == [[0, 1], [7, 7], [True, True], []]
    assert got[3][0].tolist() == [10.0, 20.0, 40.0, 50.0, 70.0] and got[3][1] == 170.0


def test_float64_gradients_reach_the_values_and_the_default():
    def filled_values(p):
        _, values, _, _ = tf.ragged_fill_empty_rows([2, 0, 0], p[0], 4, p[1, 0])
        return values
    check_gradients(filled_values, [np.random.RandomState(5).randn(2, 3)])


def test_dtype_mismatch_is_refused():
    with tf.Graph().as_default():
        with np.testing.assert_raises_regex(ValueError, "requested dtype float32 for Tensor with dtype int32"):
            tf.ragged_fill_empty_rows([0], tf.constant([1.0]), 1, tf.constant(1, tf.int32))
