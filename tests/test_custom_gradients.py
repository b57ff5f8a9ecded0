"""Custom gradients as TF1 programs write them: RegisterGradient + gradient_override_map (the
straight-through estimator of binarized networks, gradient reversal of domain adaptation),
NotDifferentiable, custom_gradient, hessians."""
import itertools

import numpy as np
import pytest

import autograd_engine as tf

_NAMES = itertools.count()


def unique(name):
    """Registered names are process-wide, as in TF: one per test run."""
    return "%s_%d" % (name, next(_NAMES))


def test_straight_through_sign_with_gradient_override_map():
    name = unique("StraightThrough")

    @tf.RegisterGradient(name)
    def _straight_through(op, grad):
        return grad  # a single tensor for the single input is accepted, as TF
    x = tf.placeholder(tf.float32, [3])
    with tf.get_default_graph().gradient_override_map({"Sign": name}):
        binary = tf.sign(x)
    plain = tf.sign(x)
    assert binary.op.get_attr("_gradient_op_type") == name
    grads = tf.gradients(tf.reduce_sum(binary * [1.0, 2.0, 3.0]), x)[0]
    with tf.Session() as sess:
        value, grad = sess.run([binary, grads], {x: [-0.5, 0.2, 3.0]})
    np.testing.assert_array_equal(value, [-1, 1, 1])
    np.testing.assert_array_equal(grad, [1, 2, 3])
    assert "_gradient_op_type" not in plain.op.attrs  # only ops built inside the block


def test_gradient_reversal_layer_and_nested_maps():
    name = unique("FlipGradient")

    @tf.RegisterGradient(name)
    def _flip(op, grad):
        return [tf.negative(grad) * 0.5]
    x = tf.placeholder(tf.float32, [2])
    with tf.get_default_graph().gradient_override_map({"Identity": name}):
        with tf.get_default_graph().gradient_override_map({"Square": name}):
            inner = tf.identity(x)
        outer = tf.identity(inner)
    assert outer.op.get_attr("_gradient_op_type") == name
    grad = tf.gradients(tf.reduce_sum(outer * 3.0), x)[0]
    with tf.Session() as sess:
        np.testing.assert_allclose(sess.run(grad, {x: [1.0, 2.0]}), [0.75, 0.75])


def test_override_map_naming_an_unregistered_gradient_is_an_error():
    x = tf.constant(1.0)
    with tf.get_default_graph().gradient_override_map({"Identity": "NeverRegistered"}):
        y = tf.identity(x)
    with pytest.raises(LookupError, match="no tf.RegisterGradient registered"):
        tf.gradients(y, x)
    with pytest.raises(TypeError, match="op_type_map must be a dictionary"):
        with tf.get_default_graph().gradient_override_map([("Identity", "X")]):
            pass


def test_registering_a_name_twice_is_refused():
    name = unique("Twice")
    tf.RegisterGradient(name)(lambda op, grad: grad)
    with pytest.raises(KeyError, match="Registering two gradient with name"):
        tf.RegisterGradient(name)(lambda op, grad: grad)


def test_not_differentiable_blocks_the_gradient():
    name = unique("Blocked")
    tf.NotDifferentiable(name)
    x = tf.constant([1.0, 2.0])
    with tf.get_default_graph().gradient_override_map({"Square": name}):
        y = tf.square(x)
    assert tf.gradients(tf.reduce_sum(y + x), x)[0] is not None  # through the add
    assert tf.gradients(tf.reduce_sum(y), x) == [None]
    assert tf.no_gradient is tf.NotDifferentiable


def test_custom_gradient_for_a_numerically_stable_log1pexp():
    @tf.custom_gradient
    def log1pexp(x):
        e = tf.exp(x)

        def grad(dy):
            return dy * (1 - 1 / (1 + e))
        return tf.log(1 + e), grad
    x = tf.placeholder(tf.float32, [3])
    y = log1pexp(x)
    grad = tf.gradients(tf.reduce_sum(y), x)[0]
    with tf.Session() as sess:
        value, g = sess.run([y, grad], {x: [0.0, 2.0, 50.0]})
    np.testing.assert_allclose(value[:2], np.log1p(np.exp([0.0, 2.0])), rtol=1e-6)
    np.testing.assert_allclose(g, [0.5, 1 / (1 + np.exp(-2.0)), 1.0], rtol=1e-6)


def test_custom_gradient_with_several_inputs_outputs_and_variables():
    @tf.custom_gradient
    def scaled(a, b):
        w = tf.get_variable("w", [], initializer=tf.constant_initializer(2.0))

        def grad(d_sum, d_diff, variables=None):
            return (d_sum * 10.0, d_diff * 20.0), [d_sum * 100.0]
        return [a * w + b, a - b], grad
    a, b = tf.placeholder(tf.float32, []), tf.placeholder(tf.float32, [])
    total, diff = scaled(a, b)
    w = tf.trainable_variables()[0]
    grads = tf.gradients(total + diff, [a, b, w])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        values = sess.run([total, diff] + grads, {a: 3.0, b: 1.0})
    assert values == [7.0, 2.0, 10.0, 20.0, 100.0]


def test_custom_gradient_returning_the_wrong_number_of_gradients_is_an_error():
    @tf.custom_gradient
    def bad(a, b):
        return a + b, lambda dy: dy
    a = tf.constant(1.0)
    y = bad(a, tf.constant(2.0))
    with pytest.raises(ValueError, match="grad_fn returned 1 gradients for 2 inputs"):
        tf.gradients(y, [a])


def test_hessians_against_a_hand_computed_matrix():
    x = tf.placeholder(tf.float64, [3])
    a = np.array([[1.0, 2.0, 0.0], [0.0, 1.0, 3.0], [4.0, 0.0, 1.0]])
    quadratic = tf.reduce_sum(x * tf.matmul(tf.constant(a), tf.reshape(x, [3, 1]))[:, 0])
    cubic = tf.reduce_sum(x ** 3)
    h_quadratic, = tf.hessians(quadratic, x)
    h_cubic, = tf.hessians(cubic, x)
    assert h_quadratic.shape.as_list() == [3, 3]
    with tf.Session() as sess:
        hq, hc = sess.run([h_quadratic, h_cubic], {x: [1.0, -2.0, 0.5]})
    np.testing.assert_allclose(hq, a + a.T)
    np.testing.assert_allclose(hc, np.diag([6.0, -12.0, 3.0]))
    with pytest.raises(ValueError, match="fully defined shape"):
        tf.hessians(cubic, tf.placeholder(tf.float64, [None]))
