"""Complex numbers (issue 20, i20c): tf.complex, real, imag, conj, angle, abs of complex values,
casts and feeds, and TF's convention for complex gradients (``dL/dx + i dL/dy``) through the
real ops that take complex values, each against TensorFlow-computed fixtures."""
import numpy as np
import pytest

import autograd_engine as tf
from fixture_loss import check_against_tf, load

FIXTURE = load("complex")

CASES = {
    "complex": tf.complex, "real": tf.real, "imag": tf.imag, "conj": tf.conj,
    "angle": tf.angle, "abs": tf.abs, "mul": lambda x, y: x * y, "div": lambda x, y: x / y,
    "exp": tf.exp, "log": tf.log, "square": tf.square, "sqrt": tf.sqrt, "matmul": tf.matmul,
    "sub_neg": lambda x, y: -(x - y) + x, "reduce_sum": lambda x: tf.reduce_sum(x, 1),
    "cast_real": lambda x: tf.cast(x, tf.complex128),
    "cast_to_real": lambda x: tf.cast(x, tf.float64)}


@pytest.mark.parametrize("key", sorted(CASES))
def test_values_and_gradients_against_tensorflow(key):
    check_against_tf(FIXTURE, key, CASES[key])


def test_math_namespace_and_deprecated_casts():
    assert tf.math.real is tf.real and tf.math.imag is tf.imag and tf.math.conj is tf.conj
    assert tf.math.angle is tf.angle and tf.dtypes.complex is tf.complex
    x = tf.constant(FIXTURE["to_complex64_in0"])
    y = tf.to_complex64(x)
    assert y.dtype == tf.complex64 and tf.to_complex128(x).dtype == tf.complex128
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(y), FIXTURE["to_complex64_out"])


def test_python_complex_is_complex128_as_in_tf():
    assert tf.constant(1 + 2j).dtype == tf.complex128
    assert tf.constant([1j, 2.0]).dtype == tf.complex128


def test_complex_of_float32_is_complex64_and_feeds_round_trip():
    re = tf.placeholder(tf.float32, [None])
    z = tf.complex(re, 2.0)
    assert z.dtype == tf.complex64 and z.shape.as_list() == [None]
    fed = tf.placeholder(tf.complex64, [2])
    with tf.Session() as sess:
        value, back = sess.run([z, fed * 1j], {re: [1.0, -1.0], fed: [1 + 1j, 2]})
    assert value.dtype == np.complex64 and value.tolist() == [1 + 2j, -1 + 2j]
    assert back.tolist() == [-1 + 1j, 2j]


def test_bad_dtypes_are_type_errors():
    with pytest.raises(TypeError, match="float32, float64"):
        tf.complex(tf.constant([1]), tf.constant([2]))
    with pytest.raises(TypeError, match="does not match"):
        tf.complex(tf.constant(1.0), tf.constant(1.0, tf.float64))
    with pytest.raises(TypeError, match="Expected numeric"):
        tf.conj(tf.constant(["a"]))


def test_real_inputs_pass_through_as_in_tf():
    x = tf.constant([-2.0, 3.0])
    assert tf.real(x) is x and tf.conj(x) is x
    with tf.Session() as sess:
        assert sess.run(tf.imag(x)).tolist() == [0.0, 0.0]
        np.testing.assert_allclose(sess.run(tf.angle(x)), [np.pi, 0.0])


def test_adjoint_matmul_conjugates():
    a = np.array([[1 + 2j, 3j], [2, 1 - 1j]])
    b = np.array([[1j, 2], [3, 4 - 1j]])
    with tf.Session() as sess:
        value = sess.run(tf.matmul(a, b, adjoint_a=True, adjoint_b=True))
    np.testing.assert_allclose(value, a.conj().T @ b.conj().T)


def test_gradients_of_a_complex_tensor_need_grad_ys_as_in_tf():
    z = tf.placeholder(tf.complex128, [2])
    with pytest.raises(TypeError, match="must set grad_ys"):
        tf.gradients(z * z, z)
    grad, = tf.gradients(z * z, z, grad_ys=tf.ones([2], tf.complex128))
    with tf.Session() as sess:  # conj(2 z), TF's convention
        assert sess.run(grad, {z: [1 + 1j, 2j]}).tolist() == [2 - 2j, -4j]
