"""Shared by the tests against TensorFlow-computed fixtures with gradients
(tools/make_fixtures_signal.py): a fixture's recorded inputs, and the loss whose gradient it
recorded (``sum(real(y) p + imag(y) q)`` for complex ``y``, ``sum(y p)`` for real ``y``)."""
import os

import numpy as np

import autograd_engine as tf

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures", "signal")


def load(topic):
    with np.load(os.path.join(FIXTURES, topic + ".npz")) as archive:
        return dict(archive)


def inputs_of(fixture, key):
    count = sum(1 for name in fixture if name.startswith(key + "_in"))
    return [fixture["%s_in%d" % (key, i)] for i in range(count)]


def check_against_tf(fixture, key, fn, rtol=1e-9, atol=1e-10, grad_rtol=None):
    """``fn`` of the fixture's inputs (fed through placeholders) against TensorFlow's output,
    and the gradients of the projected loss against TensorFlow's where it recorded them."""
    arrays = inputs_of(fixture, key)
    with tf.Graph().as_default():
        placeholders = [tf.placeholder(tf.as_dtype(a.dtype), a.shape) for a in arrays]
        y = fn(*placeholders)
        p, q = fixture.get(key + "_p"), fixture.get(key + "_q")
        if p is None:  # recorded without a gradient
            loss = tf.constant(0.0)
        elif y.dtype.is_complex:
            loss = tf.reduce_sum(tf.real(y) * p + tf.imag(y) * q)
        else:
            loss = tf.reduce_sum(y * tf.cast(p, y.dtype))
        wanted = [i for i in range(len(arrays)) if "%s_grad%d" % (key, i) in fixture]
        grads = [tf.convert_to_tensor(g) for g in  # a gather's gradient: IndexedSlices
                 tf.gradients(loss, [placeholders[i] for i in wanted])]
        with tf.Session() as sess:
            value, grad_values = sess.run([y, grads], dict(zip(placeholders, arrays)))
    expected = fixture[key + "_out"]
    assert value.dtype == expected.dtype, (key, value.dtype, expected.dtype)
    assert y.shape.as_list() == list(expected.shape), (key, y.shape, expected.shape)
    np.testing.assert_allclose(value, expected, rtol=rtol, atol=atol, err_msg=key)
    for i, g in zip(wanted, grad_values):
        np.testing.assert_allclose(g, fixture["%s_grad%d" % (key, i)], rtol=grad_rtol or rtol,
                                   atol=atol, err_msg="%s: gradient of input %d" % (key, i))
    return value
