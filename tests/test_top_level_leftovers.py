"""The last top-level names of issue 20: tf.report_uninitialized_variables, tf.to_bfloat16
and tf.sparse.SparseConditionalAccumulator."""
import numpy as np
import pytest

import autograd_engine as tf


def test_report_uninitialized_variables_lists_what_the_session_lacks():
    with tf.Graph().as_default():
        with tf.variable_scope("model"):
            weights = tf.get_variable("w", [2], initializer=tf.zeros_initializer())
            bias = tf.Variable(1.0, name="b")
        count = tf.Variable(0, name="count", trainable=False,
                            collections=[tf.GraphKeys.LOCAL_VARIABLES])
        everything = tf.report_uninitialized_variables()
        only_bias = tf.report_uninitialized_variables([bias])
        nothing = tf.report_uninitialized_variables([])
        assert everything.dtype == tf.string and everything.shape.as_list() == [None]
        with tf.Session() as sess:
            assert sess.run(everything).tolist() == [b"model/w", b"model/b", b"count"]
            sess.run(weights.initializer)
            sess.run(tf.local_variables_initializer())
            assert sess.run(everything).tolist() == [b"model/b"]
            assert sess.run(only_bias).tolist() == [b"model/b"]
            assert sess.run(nothing).shape == (0,)
            sess.run(bias.initializer)
            assert sess.run(everything).shape == (0,)
        assert count.op.name == "count"


def test_to_bfloat16_rounds_to_eight_significant_bits():
    with tf.Graph().as_default(), tf.Session() as sess:
        x = tf.constant([3.14159, 1.00390625, -2.5e-3, 65504.0])
        converted = tf.to_bfloat16(x)
        assert converted.dtype == tf.bfloat16 and converted.op.name == "ToBFloat16"
        assert tf.to_bfloat16(converted) is converted  # already bfloat16: no Cast
        got = sess.run(tf.to_float(converted))
    # Round to nearest even on the 8-bit significand; 1 + 2**-8 is the tie, kept at 1.
    np.testing.assert_array_equal(got, [3.140625, 1.0, -0.00250244140625, 65536.0])


def test_sparse_conditional_accumulator_is_the_top_level_one():
    assert tf.sparse.SparseConditionalAccumulator is tf.SparseConditionalAccumulator
    with tf.Graph().as_default(), tf.Session() as sess:
        accumulator = tf.sparse.SparseConditionalAccumulator(tf.float32, shape=[3, 2])
        for values in ([[1.0, 2.0]], [[3.0, 6.0]]):
            grad = tf.IndexedSlices(tf.constant(values), tf.constant([1], tf.int64),
                                    tf.constant([3, 2], tf.int64))
            sess.run(accumulator.apply_indexed_slices_grad(grad, local_step=0))
        indices, values, _ = sess.run(accumulator.take_grad(2))
    assert indices.tolist() == [1]
    np.testing.assert_allclose(values, [[2.0, 4.0]])


def test_misuse_is_refused():
    with tf.Graph().as_default():
        with pytest.raises(TypeError, match="Expected a tf.Variable"):
            tf.report_uninitialized_variables([tf.constant(1.0)])
