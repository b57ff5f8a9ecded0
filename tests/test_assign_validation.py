"""Writes keep a Variable's shape, checked when they run as TF1 does: ``assign`` with
``validate_shape=True`` (the default) refuses a value of another shape, fed through a
placeholder of partly known shape; ``validate_shape=False`` lets the shape change; in-place
updates need the Variable's exact shape (numpy would broadcast a smaller value)."""
import numpy as np
import pytest

import autograd_engine as tf


@pytest.mark.parametrize("fed_shape", [(5, 3), (1, 3), (0, 3)])
def test_assign_refuses_a_value_of_another_shape_at_run_time(fed_shape):
    v = tf.Variable(tf.zeros([2, 3]), name="v")
    value = tf.placeholder(tf.float32, [None, 3])
    write = tf.assign(v, value)
    with tf.Session() as sess:
        sess.run(v.initializer)
        message = (r"Assign requires shapes of both tensors to match\. lhs shape= \[2,3\] "
                   r"rhs shape= \[%d,3\]" % fed_shape[0])
        with pytest.raises(tf.errors.InvalidArgumentError, match=message) as info:
            sess.run(write, {value: np.ones(fed_shape, np.float32)})
        assert "validate_shape=False" in str(info.value)
        np.testing.assert_array_equal(sess.run(v), np.zeros((2, 3)))
        assert sess.run(v).shape == (2, 3)
        np.testing.assert_array_equal(sess.run(write, {value: np.ones((2, 3))}), np.ones((2, 3)))


def test_variable_method_and_uninitialized_variable_are_checked_too():
    v = tf.Variable(tf.zeros([2, 3]), name="v")
    value = tf.placeholder(tf.float32, [None, 3])
    with tf.Session() as sess:
        # Before initialization the declared shape is the one to match, as in TF1.
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"lhs shape= \[2,3\] rhs "
                                                                 r"shape= \[4,3\]"):
            sess.run(v.assign(value), {value: np.ones((4, 3))})
        with pytest.raises(tf.errors.FailedPreconditionError):
            sess.run(v)


def test_validate_shape_false_lets_the_shape_change():
    v = tf.Variable(tf.zeros([2, 3]), name="v")
    value = tf.placeholder(tf.float32, [None, 3])
    with tf.Session() as sess:
        sess.run(v.initializer)
        sess.run(tf.assign(v, value, validate_shape=False), {value: np.ones((5, 3))})
        assert sess.run(v).shape == (5, 3)
        # Now the value held is the shape a validating assign must match (TF1's lhs shape).
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"lhs shape= \[5,3\] rhs "
                                                                 r"shape= \[2,3\]"):
            sess.run(tf.assign(v, value), {value: np.ones((2, 3))})


@pytest.mark.parametrize("update", [tf.assign_add, tf.assign_sub])
def test_in_place_updates_need_the_variables_exact_shape(update):
    v = tf.Variable(tf.ones([2, 3]), name="v")
    delta = tf.placeholder(tf.float32, [None, 3])
    write = update(v, delta)
    with tf.Session() as sess:
        sess.run(v.initializer)
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match=r"Cannot update variable with shape \[2,3\] using a Tensor "
                                 r"with shape \[1,3\], shapes must be equal"):
            sess.run(write, {delta: np.ones((1, 3))})
        np.testing.assert_array_equal(sess.run(v), np.ones((2, 3)))
        assert sess.run(write, {delta: np.ones((2, 3))}).shape == (2, 3)
