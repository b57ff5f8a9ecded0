"""tf.bitwise against TensorFlow on every integer dtype (tests/fixtures/linalg/linalg.npz),
including TF's clamping of out-of-range shift amounts; tf.manip's aliases; TF1's errors."""
import os

import numpy as np
import pytest

import autograd_engine as tf

FIXTURE = np.load(os.path.join(os.path.dirname(__file__), "fixtures", "linalg", "linalg.npz"))
DTYPES = ("int8", "int16", "int32", "int64", "uint8", "uint16")


@pytest.mark.parametrize("dtype", DTYPES)
def test_bitwise_ops_match_tensorflow(dtype):
    x, y, shifts = (FIXTURE["bitwise_%s_in%d" % (dtype, i)] for i in range(3))
    bw = tf.bitwise
    with tf.Graph().as_default(), tf.Session() as sess:
        values = sess.run([bw.bitwise_and(x, y), bw.bitwise_or(x, y), bw.bitwise_xor(x, y),
                           bw.invert(x), bw.left_shift(x, shifts), bw.right_shift(x, shifts)])
    for i, value in enumerate(values):
        expected = FIXTURE["bitwise_%s_out%d" % (dtype, i)]
        assert value.dtype == expected.dtype
        np.testing.assert_array_equal(value, expected, err_msg="%s output %d" % (dtype, i))


def test_bitwise_broadcasts_and_refuses_floats_and_mixed_dtypes():
    with tf.Graph().as_default(), tf.Session() as sess:
        assert sess.run(tf.bitwise.bitwise_and([[12], [10]], 6)).tolist() == [[4], [2]]
        with pytest.raises(TypeError, match="does not accept inputs of type float32"):
            tf.bitwise.bitwise_or(1.0, 2.0)
        with pytest.raises(TypeError, match="not in list of allowed values"):
            tf.bitwise.invert(1.5)
        with pytest.raises(TypeError, match="does not match type"):
            tf.bitwise.left_shift(tf.constant(1, tf.int8), tf.constant(1, tf.int32))
        assert tf.gradients(tf.cast(tf.bitwise.invert(tf.constant(3)), tf.float32),
                            [tf.constant(1.0)]) == [None]


def test_manip_names_are_the_array_functions():
    assert tf.manip.reshape is tf.reshape and tf.manip.tile is tf.tile
    assert tf.manip.gather_nd is tf.gather_nd and tf.manip.scatter_nd is tf.scatter_nd
    assert tf.manip.space_to_batch_nd is tf.space_to_batch_nd
    assert tf.manip.batch_to_space_nd is tf.batch_to_space_nd
    with tf.Graph().as_default(), tf.Session() as sess:
        assert sess.run(tf.manip.roll([1, 2, 3], 1, 0)).tolist() == [3, 1, 2]
        assert sess.run(tf.manip.reverse([[1, 2]], [1])).tolist() == [[2, 1]]
