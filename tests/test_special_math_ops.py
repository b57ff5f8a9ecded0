"""The trigonometric/hyperbolic functions and their inverses, atan2, erf, erfc, lgamma, digamma,
polygamma, rint, truncatediv/truncatemod, xdivy/xlogy, log_sigmoid and reduce_euclidean_norm:
forward values against numpy and the ``math`` module (dtypes, static and run-time shapes),
exact values and independent references for the special functions, numerical gradient checks
(broadcasting for the binary ops, second derivatives), errors, and the ``tf.math`` namespace."""
import math
import sys

import numpy as np
import pytest

import autograd_engine as tf
from autograd_engine.testing import check_gradients
from op_helpers import check, grad_of, run

RNG = np.random.RandomState(11)
FLOATS = [np.float32, np.float64]
EULER_GAMMA = 0.57721566490153286061
ZETA_3 = 1.2020569031595942854


def uniform(low, high, shape):
    return RNG.uniform(low, high, shape)


def negative_non_integers(shape, low=-4.0):
    """Negative values at least 0.2 away from the poles 0, -1, -2, ..."""
    return np.floor(RNG.uniform(low, 0, shape)) + RNG.uniform(0.2, 0.8, shape)


def elementwise(scalar_function):
    return lambda x: np.vectorize(scalar_function, otypes=[np.float64])(x)


# ====================================================================== unary forward
# name: (function, numpy/math reference, domain of the random inputs)
UNARY = {
    "tan": (tf.tan, np.tan, (-1.4, 1.4)),
    "asin": (tf.asin, np.arcsin, (-0.99, 0.99)),
    "acos": (tf.acos, np.arccos, (-0.99, 0.99)),
    "atan": (tf.atan, np.arctan, (-5.0, 5.0)),
    "sinh": (tf.sinh, np.sinh, (-4.0, 4.0)),
    "cosh": (tf.cosh, np.cosh, (-4.0, 4.0)),
    "asinh": (tf.asinh, np.arcsinh, (-5.0, 5.0)),
    "acosh": (tf.acosh, np.arccosh, (1.0, 6.0)),
    "atanh": (tf.atanh, np.arctanh, (-0.99, 0.99)),
    "erf": (tf.erf, elementwise(math.erf), (-3.0, 3.0)),
    "erfc": (tf.erfc, elementwise(math.erfc), (-3.0, 6.0)),
    "lgamma": (tf.lgamma, elementwise(math.lgamma), (0.05, 30.0)),
    "rint": (tf.rint, np.rint, (-5.0, 5.0)),
}


@pytest.mark.parametrize("dtype", FLOATS, ids=["f32", "f64"])
@pytest.mark.parametrize("shape", [(), (7,), (2, 3, 4)], ids=str)
@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_forward(name, shape, dtype):
    fn, reference, (low, high) = UNARY[name]
    x = uniform(low, high, shape).astype(dtype)
    # The reference in float64 rounded once: our float32 results are correctly rounded too.
    expected = np.asarray(reference(x.astype(np.float64))).astype(dtype)
    check(fn(tf.constant(x)), expected, rtol=2e-7 if dtype == np.float32 else 1e-14)
    ph = tf.placeholder(dtype, [None] * len(shape))
    y = fn(ph)
    assert y.shape.as_list() == [None] * len(shape)
    check(y, expected, feed_dict={ph: x}, rtol=2e-7 if dtype == np.float32 else 1e-14)


@pytest.mark.parametrize("fn", [tf.erf, tf.lgamma, tf.digamma, tf.tan],
                         ids=["erf", "lgamma", "digamma", "tan"])
def test_float16_stays_float16(fn):
    x = np.array([0.5, 1.5, 2.5], np.float16)
    value = run(fn(tf.constant(x)))
    assert value.dtype == np.float16
    expected = {"erf": elementwise(math.erf), "lgamma": elementwise(math.lgamma),
                "tan": np.tan, "digamma": lambda v: [0.03648997397857652 - 2.0,  # psi(0.5)
                                                     0.03648997397857652,        # psi(1.5)
                                                     0.7031566406452432]}[fn.__name__]
    np.testing.assert_allclose(value, np.asarray(expected(x.astype(np.float64))), rtol=1e-3)


def test_special_values_of_erf_erfc_and_lgamma():
    inf, nan = np.inf, np.nan
    check(tf.erf([-inf, -0.0, inf, 30.0]), np.array([-1.0, -0.0, 1.0, 1.0], np.float32))
    # erfc stays accurate where 1 - erf(x) would round to 0.
    np.testing.assert_allclose(run(tf.erfc(tf.constant([5.0, 10.0, 26.0], tf.float64))),
                               [math.erfc(5.0), math.erfc(10.0), math.erfc(26.0)], rtol=1e-15)
    assert run(tf.erfc(tf.constant(10.0, tf.float64))) > 0
    # lgamma: +inf at the poles and at -inf, NaN stays NaN, float32 overflows to +inf.
    value = run(tf.lgamma(tf.constant([0.0, -1.0, -7.0, -inf, inf, nan], tf.float64)))
    np.testing.assert_array_equal(value[:5], [inf, inf, inf, inf, inf])
    assert np.isnan(value[5])
    assert run(tf.lgamma(tf.constant(3e38, tf.float32))) == np.float32(inf)
    assert run(tf.lgamma(tf.constant(1e308, tf.float64))) == inf
    # log|Gamma| of negative non-integers: Gamma(-0.5) = -2 sqrt(pi)
    np.testing.assert_allclose(run(tf.lgamma(tf.constant(-0.5, tf.float64))),
                               math.log(2 * math.sqrt(math.pi)), rtol=1e-15)


def test_inverse_functions_outside_their_domain_give_nan_and_inf():
    with np.errstate(invalid="ignore", divide="ignore"):
        values = run([tf.asin(2.0), tf.acos(-2.0), tf.acosh(0.5), tf.atanh(1.0), tf.atanh(3.0)])
    assert np.isnan(values[0]) and np.isnan(values[1]) and np.isnan(values[2])
    assert values[3] == np.inf and np.isnan(values[4])


def test_rint_rounds_halves_to_even():
    x = np.array([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 0.49, -0.51], np.float32)
    check(tf.rint(x), np.array([-2, -2, -0, 0, 2, 2, 0, -1], np.float32))


# ====================================================================== digamma, polygamma
def hurwitz_polygamma(order, x, terms=2000):
    """psi_n(x) = (-1)^(n+1) n! zeta(n+1, x) by direct summation of (x+k)^-(n+1) for k < terms
    plus the Euler-Maclaurin tail: an independent reference (valid for negative non-integers
    too, the sum passing the poles by)."""
    x = np.asarray(x, np.float64)[..., None]
    s = order + 1
    head = np.sum((x + np.arange(terms)) ** -s, axis=-1)
    end = x[..., 0] + terms
    tail = end ** (1 - s) / (s - 1) + end ** -s / 2 + s * end ** (-s - 1) / 12
    return (-1) ** (order + 1) * math.factorial(order) * (head + tail)


def digamma_reference(x, shift=2000):
    """psi(x) = psi(x + N) - sum_{k<N} 1/(x + k), with psi(x + N) from its asymptotic series."""
    x = np.asarray(x, np.float64)
    far = x + shift
    asymptotic = np.log(far) - 1 / (2 * far) - 1 / (12 * far ** 2) + 1 / (120 * far ** 4)
    return asymptotic - np.sum(1 / (x[..., None] + np.arange(shift)), axis=-1)


def test_digamma_exact_values():
    x = np.array([1.0, 2.0, 5.0, 0.5, 1.5, -0.5, 0.25])
    expected = [-EULER_GAMMA, 1 - EULER_GAMMA, 1 + 1 / 2 + 1 / 3 + 1 / 4 - EULER_GAMMA,
                -EULER_GAMMA - 2 * math.log(2), 2 - EULER_GAMMA - 2 * math.log(2),
                2 - EULER_GAMMA - 2 * math.log(2),  # psi(-1/2) = psi(1/2) + 2
                -EULER_GAMMA - math.pi / 2 - 3 * math.log(2)]
    np.testing.assert_allclose(run(tf.digamma(tf.constant(x))), expected, rtol=1e-14, atol=1e-15)


@pytest.mark.parametrize("dtype", FLOATS, ids=["f32", "f64"])
def test_digamma_against_references(dtype):
    x = np.concatenate([uniform(1e-3, 1.0, 20), uniform(1.0, 12.0, 20), uniform(12.0, 1e4, 10),
                        negative_non_integers(20, low=-30.0)])
    value = run(tf.digamma(tf.constant(x.astype(dtype))))
    assert value.dtype == dtype
    exact = x.astype(dtype).astype(np.float64)
    rtol = 3e-7 if dtype == np.float32 else 1e-13
    np.testing.assert_allclose(value, digamma_reference(exact), rtol=rtol, atol=rtol)
    # and the derivative of math.lgamma (five-point stencil), for positive x
    positive = exact[exact > 0.5]
    h = 1e-4
    stencil = elementwise(math.lgamma)
    derivative = (stencil(positive - 2 * h) - 8 * stencil(positive - h) + 8 * stencil(positive + h)
                  - stencil(positive + 2 * h)) / (12 * h)
    np.testing.assert_allclose(run(tf.digamma(tf.constant(positive))), derivative, rtol=1e-8,
                               atol=1e-8)


def test_digamma_poles_and_infinities_as_tf1():
    value = run(tf.digamma(tf.constant([0.0, -1.0, -3.0, np.inf, -np.inf, np.nan])))
    assert np.isnan(value[[0, 1, 2, 4, 5]]).all()  # Eigen's digamma gives NaN at the poles
    assert value[3] == np.inf


@pytest.mark.parametrize("order", [1, 2, 3, 6])
def test_polygamma_against_the_hurwitz_zeta_series(order):
    x = np.concatenate([uniform(0.05, 1.0, 10), uniform(1.0, 25.0, 10),
                        negative_non_integers(10, low=-12.0)])
    value = run(tf.polygamma(order, tf.constant(x)))
    np.testing.assert_allclose(value, hurwitz_polygamma(order, x), rtol=1e-11)


def test_polygamma_exact_values_and_poles():
    one = tf.constant(1.0, tf.float64)
    values = run([tf.polygamma(0, one), tf.polygamma(1, one), tf.polygamma(1, one / 2),
                  tf.polygamma(2, one), tf.polygamma(3, one)])
    np.testing.assert_allclose(values, [-EULER_GAMMA, math.pi ** 2 / 6, math.pi ** 2 / 2,
                                        -2 * ZETA_3, math.pi ** 4 / 15], rtol=1e-14)
    # trigamma's reflection: psi1(x) + psi1(1 - x) = pi^2 / sin^2(pi x)
    x = negative_non_integers(8)
    total = run(tf.polygamma(1, tf.constant(x)) + tf.polygamma(1, tf.constant(1 - x)))
    np.testing.assert_allclose(total, math.pi ** 2 / np.sin(math.pi * x) ** 2, rtol=1e-12)
    # Poles: +inf for odd orders (both one-sided limits), NaN for even ones.
    poles = tf.constant([0.0, -2.0], tf.float64)
    assert (run(tf.polygamma(1, poles)) == np.inf).all()
    assert np.isnan(run(tf.polygamma(2, poles))).all()


def test_polygamma_order_zero_is_digamma_and_the_order_may_be_a_constant():
    x = tf.placeholder(tf.float64, [3])
    assert tf.polygamma(0, x).op.type == "Digamma"
    assert tf.polygamma(tf.constant(2.0, tf.float64), x).op.attrs["order"] == 2
    assert tf.polygamma(np.float64(3), x).op.type == "Polygamma"


def test_polygamma_order_errors():
    x = tf.placeholder(tf.float32, [3])
    with pytest.raises(TypeError, match="polygamma needs its order `a` known while building"):
        tf.polygamma(tf.placeholder(tf.float32, []), x)
    with pytest.raises(ValueError, match="must be a non-negative integer, got 0.5"):
        tf.polygamma(0.5, x)
    with pytest.raises(ValueError, match="must be a non-negative integer, got -1"):
        tf.polygamma(-1, x)
    with pytest.raises(ValueError, match=r"`a` must be a scalar, got shape \[2\]"):
        tf.polygamma([1, 2], x)
    with pytest.raises(TypeError, match="Input 'x' of 'Polygamma' Op has type float32 that does "
                                        "not match type float64 of argument 'a'"):
        tf.polygamma(tf.constant(1.0, tf.float64), x)


# ====================================================================== unary gradients
GRADIENT_INPUTS = {
    "tan": (tf.tan, lambda s: uniform(-1.2, 1.2, s)),
    "asin": (tf.asin, lambda s: uniform(-0.8, 0.8, s)),
    "acos": (tf.acos, lambda s: uniform(-0.8, 0.8, s)),
    "atan": (tf.atan, lambda s: uniform(-3, 3, s)),
    "sinh": (tf.sinh, lambda s: uniform(-2, 2, s)),
    "cosh": (tf.cosh, lambda s: uniform(-2, 2, s)),
    "asinh": (tf.asinh, lambda s: uniform(-3, 3, s)),
    "acosh": (tf.acosh, lambda s: uniform(1.2, 4, s)),
    "atanh": (tf.atanh, lambda s: uniform(-0.8, 0.8, s)),
    "erf": (tf.erf, lambda s: uniform(-2, 2, s)),
    "erfc": (tf.erfc, lambda s: uniform(-2, 2, s)),
    "lgamma": (tf.lgamma, lambda s: uniform(0.3, 6, s)),
    "lgamma_negative": (tf.lgamma, negative_non_integers),
    "digamma": (tf.digamma, lambda s: uniform(0.3, 6, s)),
    "digamma_negative": (tf.digamma, negative_non_integers),
    "trigamma": (lambda x: tf.polygamma(1, x), lambda s: uniform(0.3, 6, s)),
    "tetragamma_negative": (lambda x: tf.polygamma(2, x), negative_non_integers),
    "log_sigmoid": (tf.log_sigmoid, lambda s: uniform(-6, 6, s)),
}


@pytest.mark.parametrize("shape", [(), (5,), (2, 3)], ids=str)
@pytest.mark.parametrize("name", sorted(GRADIENT_INPUTS))
def test_unary_gradients(name, shape):
    fn, make = GRADIENT_INPUTS[name]
    check_gradients(fn, [make(shape)])


@pytest.mark.parametrize("name", ["tan", "asin", "atanh", "asinh", "erf", "lgamma", "digamma"])
def test_second_derivatives(name):
    fn, make = GRADIENT_INPUTS[name]
    check_gradients(lambda x: grad_of(tf.reduce_sum(fn(x)), x), [make((4,))])


def test_gradient_chain_of_lgamma_is_digamma_then_polygamma():
    x = tf.placeholder(tf.float64, [3])
    first = grad_of(tf.reduce_sum(tf.lgamma(x)), x)
    second = grad_of(tf.reduce_sum(first), x)
    third = grad_of(tf.reduce_sum(second), x)
    assert "Digamma" in [op.type for op in first.graph.get_operations()]
    values = run([first, second, third], {x: [1.0, 0.5, 2.0]})
    np.testing.assert_allclose(values[0], run(tf.digamma(tf.constant([1.0, 0.5, 2.0]))), rtol=1e-6)
    np.testing.assert_allclose(values[1], [math.pi ** 2 / 6, math.pi ** 2 / 2,
                                           math.pi ** 2 / 6 - 1], rtol=1e-14)
    np.testing.assert_allclose(values[2][0], -2 * ZETA_3, rtol=1e-14)


@pytest.mark.parametrize("fn", [tf.rint, tf.round], ids=["rint", "round"])
def test_rint_has_no_gradient(fn):
    x = tf.placeholder(tf.float32, [3])
    assert tf.gradients(tf.reduce_sum(fn(x)), [x]) == [None]


@pytest.mark.parametrize("fn", [tf.tan, tf.asin, tf.acos, tf.atan, tf.sinh, tf.cosh, tf.asinh,
                                tf.acosh, tf.atanh, tf.erf, tf.erfc, tf.lgamma, tf.digamma,
                                tf.rint, lambda x: tf.polygamma(1, x)],
                         ids=["tan", "asin", "acos", "atan", "sinh", "cosh", "asinh", "acosh",
                              "atanh", "erf", "erfc", "lgamma", "digamma", "rint", "polygamma"])
def test_float_only_unary_ops_reject_integers_naming_the_op(fn):
    with pytest.raises(TypeError, match=r"DataType int32 not in list of allowed values: float16, "
                                        r"float32, float64 \(op '[A-Z][A-Za-z]+'\)"):
        fn(tf.constant([1, 2]))


# ====================================================================== atan2
BROADCAST_PAIRS = [((2, 3), (2, 3)), ((3, 4), (4,)), ((4,), (3, 4)), ((3, 1), (1, 4)),
                   ((2, 3, 4), (3, 1)), ((), (2, 3)), ((2, 3), ())]
BROADCAST_IDS = ["%s-%s" % pair for pair in BROADCAST_PAIRS]


@pytest.mark.parametrize("dtype", FLOATS, ids=["f32", "f64"])
@pytest.mark.parametrize("shapes", BROADCAST_PAIRS, ids=BROADCAST_IDS)
def test_atan2_forward(shapes, dtype):
    y = RNG.standard_normal(shapes[0]).astype(dtype)
    x = RNG.standard_normal(shapes[1]).astype(dtype)
    check(tf.atan2(y, x), np.arctan2(y, x))


def test_atan2_quadrants_signed_zeros_and_argument_order():
    y = np.array([1.0, 1.0, -1.0, -1.0, 0.0, -0.0, 0.0, 1.0], np.float64)
    x = np.array([1.0, -1.0, -1.0, 1.0, -1.0, -1.0, 0.0, 0.0], np.float64)
    check(tf.atan2(y, x), np.arctan2(y, x), rtol=0)
    assert run(tf.atan2(y=1.0, x=0.0)) == np.float32(math.pi / 2)


@pytest.mark.parametrize("shapes", BROADCAST_PAIRS, ids=BROADCAST_IDS)
def test_atan2_gradients(shapes):
    # Points kept away from the origin, where atan2 is singular.
    y = uniform(0.5, 2.0, shapes[0]) * RNG.choice([-1.0, 1.0], shapes[0])
    x = uniform(0.5, 2.0, shapes[1]) * RNG.choice([-1.0, 1.0], shapes[1])
    check_gradients(tf.atan2, [y, x])


def test_atan2_errors():
    with pytest.raises(TypeError, match="Op 'Atan2' does not accept inputs of type int32"):
        tf.atan2(tf.constant([1]), tf.constant([2]))
    with pytest.raises(TypeError, match="does not match type float32"):
        tf.atan2(tf.constant([1.0]), tf.constant([2.0], tf.float64))
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 3 and 2"):
        tf.atan2(tf.zeros([3]), tf.zeros([2]))


# ====================================================================== truncatediv, truncatemod
def c_division(a, b):
    """C's integer division (rounding toward zero) of Python ints."""
    quotient = abs(a) // abs(b)
    return quotient if (a < 0) == (b < 0) else -quotient


@pytest.mark.parametrize("dtype", [np.int32, np.int64, np.uint8, np.int16],
                         ids=["i32", "i64", "u8", "i16"])
def test_truncatediv_and_truncatemod_round_toward_zero(dtype):
    signed = np.dtype(dtype).kind == "i"
    x = RNG.randint(-50 if signed else 0, 50, (4, 5)).astype(dtype)
    y = RNG.randint(1, 9, (5,)).astype(dtype)
    if signed:
        y = (y * RNG.choice([-1, 1], (5,))).astype(dtype)
    expected_div = np.array([[c_division(a, b) for a, b in zip(row, y.tolist())]
                             for row in x.tolist()], dtype)
    expected_mod = (x.astype(np.int64) - expected_div.astype(np.int64) * y.astype(np.int64)
                    ).astype(dtype)
    check(tf.truncatediv(x, y), expected_div)
    check(tf.truncatemod(x, y), expected_mod)
    np.testing.assert_array_equal(expected_mod, np.fmod(x, y))


def test_truncated_versus_floored_division_at_negative_operands():
    x, y = tf.constant([7, -7, 7, -7, 6, -6]), tf.constant([2, 2, -2, -2, 3, 3])
    values = run([tf.truncatediv(x, y), tf.truncatemod(x, y), tf.floordiv(x, y), tf.floormod(x, y)])
    assert values[0].tolist() == [3, -3, -3, 3, 2, -2]
    assert values[1].tolist() == [1, -1, 1, -1, 0, 0]
    assert values[2].tolist() == [3, -4, -4, 3, 2, -2]
    assert values[3].tolist() == [1, 1, -1, -1, 0, 0]


@pytest.mark.parametrize("dtype", FLOATS, ids=["f32", "f64"])
def test_truncatemod_of_floats_is_fmod(dtype):
    x = uniform(-10, 10, (3, 4)).astype(dtype)
    y = (uniform(0.5, 3, (4,)) * RNG.choice([-1, 1], (4,))).astype(dtype)
    check(tf.truncatemod(x, y), np.fmod(x, y))


def test_integer_division_by_zero_fails_the_run_as_tf1(on_the_host):
    for fn in (tf.truncatediv, tf.truncatemod):
        with pytest.raises(tf.errors.InvalidArgumentError, match="Integer division by zero"):
            run(fn(tf.constant([4, 5]), tf.constant([2, 0])))


def test_truncated_division_dtypes_and_no_gradient():
    with pytest.raises(TypeError, match="Op 'TruncateDiv' does not accept inputs of type float32"):
        tf.truncatediv(tf.constant([1.0]), tf.constant([2.0]))
    with pytest.raises(TypeError, match="Op 'TruncateMod' does not accept inputs of type bool"):
        tf.truncatemod(tf.constant([True]), tf.constant([True]))
    x = tf.placeholder(tf.float32, [3])
    assert tf.gradients(tf.reduce_sum(tf.truncatemod(x, 2.0)), [x]) == [None]


# ====================================================================== xdivy, xlogy
def test_xdivy_and_xlogy_are_zero_where_x_is_zero():
    x = np.array([0.0, 0.0, 0.0, 2.0, -3.0, 0.0], np.float32)
    y = np.array([0.0, np.inf, np.nan, 4.0, 0.5, -1.0], np.float32)
    check(tf.math.xdivy(x, y), np.array([0.0, 0.0, 0.0, 0.5, -6.0, 0.0], np.float32))
    with np.errstate(invalid="ignore", divide="ignore"):
        expected = np.where(x == 0, 0, x * np.log(y)).astype(np.float32)
    check(tf.math.xlogy(x, y), expected)
    # where x is not zero, y = 0 gives the plain results
    values = run([tf.math.xdivy(1.0, 0.0), tf.math.xlogy(1.0, 0.0)])
    assert values[0] == np.inf and values[1] == -np.inf


@pytest.mark.parametrize("dtype", FLOATS, ids=["f32", "f64"])
@pytest.mark.parametrize("shapes", BROADCAST_PAIRS, ids=BROADCAST_IDS)
def test_xdivy_xlogy_forward_broadcast(shapes, dtype):
    x = np.where(RNG.rand(*shapes[0]) < 0.3, 0, RNG.standard_normal(shapes[0])).astype(dtype)
    y = uniform(0.5, 3, shapes[1]).astype(dtype)
    check(tf.math.xdivy(x, y), np.where(x == 0, 0, x / y).astype(dtype), rtol=1e-6)
    check(tf.math.xlogy(x, y), np.where(x == 0, 0, x * np.log(y)).astype(dtype), rtol=1e-6)


@pytest.mark.parametrize("shapes", BROADCAST_PAIRS, ids=BROADCAST_IDS)
@pytest.mark.parametrize("fn", [tf.math.xdivy, tf.math.xlogy], ids=["xdivy", "xlogy"])
def test_xdivy_xlogy_gradients(fn, shapes):
    x = uniform(0.3, 2, shapes[0]) * RNG.choice([-1.0, 1.0], shapes[0])
    y = uniform(0.5, 3, shapes[1])
    check_gradients(fn, [x, y])


def test_xdivy_xlogy_gradients_where_x_is_zero():
    # TF1: the gradient wrt x at x = 0 is xdivy(1, y) / xlogy(1, y); wrt y it is 0 there.
    x, y = tf.constant([0.0, 2.0]), tf.constant([4.0, 4.0])
    for fn, expected_x, expected_y in ((tf.math.xdivy, [0.0, 0.25], [0.0, -0.125]),
                                       (tf.math.xlogy, [0.0, math.log(4.0)], [0.0, 0.5])):
        gx, gy = tf.gradients(tf.reduce_sum(fn(x, y)), [x, y])
        values = run([gx, gy])
        np.testing.assert_allclose(values[0], expected_x, rtol=1e-6)
        np.testing.assert_allclose(values[1], expected_y, rtol=1e-6)


# ====================================================================== log_sigmoid
@pytest.mark.parametrize("dtype", FLOATS, ids=["f32", "f64"])
def test_log_sigmoid_forward_is_stable(dtype, strict_floats):
    x = np.array([-1000.0, -50.0, -1.0, 0.0, 1.0, 50.0, 1000.0], dtype)
    check(tf.log_sigmoid(x), -np.logaddexp(0, -x.astype(np.float64)).astype(dtype), rtol=1e-6)
    assert tf.log_sigmoid(x, name="ls").op.name == "ls"


def test_log_sigmoid_gradient_saturates():
    check_gradients(tf.log_sigmoid, [np.array([-40.0, -5.0, 5.0, 40.0])], atol=1e-9)


# ====================================================================== reduce_euclidean_norm
@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("axis", [None, 0, -1, [0, 2]], ids=str)
@pytest.mark.parametrize("dtype", FLOATS, ids=["f32", "f64"])
def test_reduce_euclidean_norm_forward(dtype, axis, keepdims):
    x = RNG.standard_normal((2, 3, 4)).astype(dtype)
    np_axis = tuple(axis) if isinstance(axis, list) else axis
    expected = np.sqrt(np.sum(x.astype(np.float64) ** 2, axis=np_axis, keepdims=keepdims))
    check(tf.math.reduce_euclidean_norm(x, axis=axis, keepdims=keepdims), expected.astype(dtype),
          rtol=1e-6)
    ph = tf.placeholder(dtype, [None, 3, None])
    check(tf.math.reduce_euclidean_norm(ph, axis, keepdims), expected.astype(dtype),
          feed_dict={ph: x}, rtol=1e-6)


def test_reduce_euclidean_norm_of_integers_is_truncated():
    check(tf.math.reduce_euclidean_norm(tf.constant([[3, 4], [2, 2]]), axis=1),
          np.array([5, 2], np.int32))


@pytest.mark.parametrize("axis, keepdims", [(None, False), (1, False), ([0, 2], True), (-1, True)],
                         ids=str)
def test_reduce_euclidean_norm_gradients(axis, keepdims):
    check_gradients(lambda x: tf.math.reduce_euclidean_norm(x, axis, keepdims),
                    [RNG.standard_normal((2, 3, 4))])


# ====================================================================== the tf.math namespace
def test_math_namespace_holds_the_same_functions():
    """Every name tf.math exports is the same function as its top-level or tf.nn spelling,
    wherever TF1 has one; the names only tf.math has are functions of the op families."""
    assert tf.math.__all__, "tf.math exports nothing"
    for name in tf.math.__all__:
        fn = getattr(tf.math, name)
        spellings = [getattr(namespace, name) for namespace in (tf, tf.nn)
                     if hasattr(namespace, name)]
        assert all(spelling is fn for spelling in spellings), name
        if not spellings:  # a placeholder (framework.unimplemented) names what to use instead
            assert callable(fn) and (fn.__module__.startswith("autograd_engine.ops.")
                                     or getattr(fn, "not_implemented", False)), name
    for name in ("xdivy", "xlogy", "reduce_euclidean_norm"):
        assert name in tf.math.__all__, name


def test_tf_math_does_not_shadow_the_standard_library():
    assert sys.modules["math"] is math and math.pi == 3.141592653589793
    assert tf.math.__name__ == "autograd_engine.api.math"
