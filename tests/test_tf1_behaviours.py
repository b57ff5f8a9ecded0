"""TF1 behaviours that were missing (issue 15, item 15): unconnected_gradients, Variables
initialized from other Variables in any order, reductions over no elements."""
import numpy as np
import pytest

import autograd_engine as tf


# ------------------------------------------------------------------ unconnected_gradients
@pytest.mark.parametrize("mode", ["zero", tf.UnconnectedGradients.ZERO])
def test_unconnected_gradients_zero_gives_zeros_of_each_x(mode):
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32, [2, 3])
    w = tf.Variable(np.ones((3, 1), np.float64))
    used = tf.placeholder(tf.float32, [])
    grads = tf.gradients(used * 2.0, [x, w, used], unconnected_gradients=mode)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        gx, gw, gu = sess.run(grads, {x: np.ones((2, 3)), used: 1.0})
    assert gx.dtype == np.float32 and gx.shape == (2, 3) and not gx.any()
    assert gw.dtype == np.float64 and gw.shape == (3, 1) and not gw.any()
    assert gu == 2.0


@pytest.mark.parametrize("mode", ["none", tf.UnconnectedGradients.NONE, None])
def test_unconnected_gradients_none_is_the_default(mode):
    tf.reset_default_graph()
    x, y = tf.placeholder(tf.float32, [2]), tf.constant(1.0)
    kwargs = {} if mode is None else {"unconnected_gradients": mode}
    assert tf.gradients(y, x, **kwargs) == [None]


def test_unknown_unconnected_gradients_value_is_refused():
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32, [2])
    with pytest.raises(ValueError, match="Unknown value for unconnected_gradients: 'zeros'"):
        tf.gradients(x * 2.0, x, unconnected_gradients="zeros")


# ------------------------------------------------------------------ Variable(a * 3)
def test_variable_from_another_variable_initializes_in_any_order():
    tf.reset_default_graph()
    a = tf.Variable(2.0, name="a")
    b = tf.Variable(a * 3, name="b")
    c = tf.Variable(b + a, name="c")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run([a, b, c]) == [2.0, 6.0, 8.0]
    with tf.Session() as sess:  # the initializers the other way round, one run each
        for variable in (c, b, a):
            sess.run(variable.initializer)
        assert sess.run([a, b, c]) == [2.0, 6.0, 8.0]


def test_variable_initialized_later_reads_the_current_value():
    tf.reset_default_graph()
    a = tf.Variable(2.0)
    b = tf.Variable(a * 3)
    with tf.Session() as sess:
        sess.run(a.initializer)
        sess.run(a.assign(10.0))
        sess.run(b.initializer)
        assert sess.run(b) == 30.0


def test_variable_from_a_random_variable_sees_the_same_draw():
    tf.reset_default_graph()
    a = tf.Variable(tf.random_normal([50]))
    b = tf.Variable(a * 1.0)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(*sess.run([a, b]))


def test_initialized_value_does_not_rerun_the_initializer():
    tf.reset_default_graph()
    a = tf.Variable(1.0)
    doubled = a.initialized_value() * 2
    with tf.Session() as sess:
        assert sess.run(doubled) == 2.0  # uninitialized: the initial value
        sess.run(a.initializer)
        sess.run(a.assign(5.0))
        assert sess.run(doubled) == 10.0 and sess.run(a) == 5.0


def test_initial_value_reading_no_variable_is_left_alone():
    tf.reset_default_graph()
    before = len(tf.get_default_graph().get_operations())
    tf.Variable(tf.zeros([3]) + 1.0)
    names = [op.name for op in tf.get_default_graph().get_operations()[before:]]
    assert not any("initialized_value" in name for name in names)


# ------------------------------------------------------------------ empty reductions
@pytest.mark.parametrize("dtype, maximum, minimum", [
    (np.float32, -np.inf, np.inf), (np.float64, -np.inf, np.inf),
    (np.int32, np.iinfo(np.int32).min, np.iinfo(np.int32).max),
    (np.int64, np.iinfo(np.int64).min, np.iinfo(np.int64).max)])
@pytest.mark.parametrize("axis", [0, None, [0, 1]])
def test_reduce_max_min_over_no_elements(dtype, maximum, minimum, axis):
    tf.reset_default_graph()
    x = tf.placeholder(dtype, [0, 3])
    empty = np.zeros((0, 3), dtype)
    with tf.Session() as sess:
        high, low = sess.run([tf.reduce_max(x, axis), tf.reduce_min(x, axis)], {x: empty})
    shape = (3,) if axis == 0 else ()
    assert high.dtype == dtype and high.shape == shape and (high == maximum).all()
    assert low.dtype == dtype and low.shape == shape and (low == minimum).all()


def test_reduce_logsumexp_over_no_elements_is_minus_inf():
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32, [None, 3])
    with tf.Session() as sess:
        value = sess.run(tf.reduce_logsumexp(x, 0, keepdims=True), {x: np.zeros((0, 3))})
    np.testing.assert_array_equal(value, np.full((1, 3), -np.inf, np.float32))
