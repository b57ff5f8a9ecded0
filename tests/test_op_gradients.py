"""Numerical gradient checks (float64 central differences, ``tf.test.check_gradients``) for every
differentiable op at top level and in ``tf.nn``, including broadcasting, dynamic shapes and
gradients of gradients; plus the ops that must give no gradient (None)."""
import numpy as np
import pytest

import autograd_engine as tf
from autograd_engine.ops.registry import REGISTRY
from autograd_engine.testing import GradientCheckError, check_gradients

RNG = np.random.RandomState(1234)


def normal(*shape):
    return RNG.standard_normal(shape)


def positive(*shape, low=0.5, high=2.0):
    return RNG.uniform(low, high, shape)


def away_from_zero(*shape, low=0.3, high=2.0):
    """Values of both signs with |v| >= low, where kinks (abs, relu) are far away."""
    return RNG.uniform(low, high, shape) * RNG.choice([-1.0, 1.0], shape)


def distinct(*shape, spacing=0.1):
    """A shuffled grid of distinct values (no ties for max/min, spaced far beyond delta)."""
    n = int(np.prod(shape))
    return (RNG.permutation(n) - n / 2.0).reshape(shape) * spacing


def untied_pair(shape_x, shape_y, gap=0.05):
    """Inputs whose broadcast elementwise differences all exceed ``gap`` (maximum/minimum)."""
    while True:
        x, y = normal(*shape_x), normal(*shape_y)
        if np.all(np.abs(x - y) > gap):
            return x, y


def dynamic(t):
    """``t`` with a static shape of unknown dimensions (same rank), so gradients take the
    run-time shape path (Shape ops instead of static shapes)."""
    return tf.placeholder_with_default(t, [None] * t.shape.ndims)


def grad_of(y, x):
    """The single gradient of ``y`` (summed) with respect to ``x``."""
    g, = tf.gradients(y, [x])
    return g


# Shape pairs for binary ops: equal shapes, and broadcasting in every direction.
BROADCAST_PAIRS = [
    ((2, 3), (2, 3)),
    ((3, 4), (4,)),
    ((4,), (3, 4)),
    ((3, 1), (1, 4)),
    ((2, 3, 4), (3, 1)),
    ((), (2, 3)),
    ((2, 3), ()),
]
BROADCAST_IDS = ["%s-%s" % pair for pair in BROADCAST_PAIRS]


# ====================================================================== binary elementwise
BINARY = {
    "add": (tf.add, normal, normal),
    "subtract": (tf.subtract, normal, normal),
    "multiply": (tf.multiply, normal, normal),
    "divide": (tf.divide, normal, away_from_zero),
    "truediv": (tf.truediv, normal, away_from_zero),
    "div": (tf.div, normal, away_from_zero),
    "pow": (tf.pow, positive, normal),
    "squared_difference": (tf.squared_difference, normal, normal),
}


@pytest.mark.parametrize("shapes", BROADCAST_PAIRS, ids=BROADCAST_IDS)
@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_op_gradients(name, shapes):
    fn, make_x, make_y = BINARY[name]
    check_gradients(fn, [make_x(*shapes[0]), make_y(*shapes[1])])


@pytest.mark.parametrize("shapes", BROADCAST_PAIRS, ids=BROADCAST_IDS)
@pytest.mark.parametrize("fn", [tf.maximum, tf.minimum], ids=["maximum", "minimum"])
def test_maximum_minimum_gradients(fn, shapes):
    check_gradients(fn, list(untied_pair(*shapes)))


@pytest.mark.parametrize("shapes", BROADCAST_PAIRS, ids=BROADCAST_IDS)
def test_floormod_gradients(shapes):
    # |x| < y keeps x / y in (-1, 1) away from 0, where floormod is smooth; floor(x / y) is 0 for
    # positive x and -1 for negative x, so the gradient wrt y is non-trivial.
    x = away_from_zero(*shapes[0], low=0.2, high=1.2)
    y = positive(*shapes[1], low=1.5, high=2.5)
    check_gradients(tf.floormod, [x, y])
    check_gradients(lambda a, b: a % b, [x, y], wrt=[0])


@pytest.mark.parametrize("op", ["+", "-", "*", "/", "**", "rsub", "rdiv", "rpow"])
def test_operator_overload_gradients(op):
    fns = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
           "/": lambda a, b: a / b, "**": lambda a, b: a ** b,
           "rsub": lambda a, b: 2.0 - a * b, "rdiv": lambda a, b: 3.0 / (a * b),
           "rpow": lambda a, b: 1.5 ** (a * b)}
    check_gradients(fns[op], [positive(2, 3), positive(3)])


@pytest.mark.parametrize("shapes", [((2, 3), (2, 3)), ((3, 4), (4,)), ((2, 3), ())],
                         ids=["same", "row", "scalar"])
def test_binary_gradients_with_dynamic_shapes(shapes):
    x, y = normal(*shapes[0]), away_from_zero(*shapes[1])
    check_gradients(lambda a, b: dynamic(a) * b + a / dynamic(b) - b, [x, y])


@pytest.mark.parametrize("shape_xy", [(2, 3), (3, 4, 2)], ids=str)
def test_where_gradients(shape_xy):
    cond = RNG.rand(*shape_xy) > 0.5
    check_gradients(lambda x, y: tf.where(tf.constant(cond), x, y),
                    [normal(*shape_xy), normal(*shape_xy)])


def test_where_gradients_broadcast_and_condition_from_comparison():
    # The condition depends on x itself (no gradient through it); y broadcasts.
    x, y = away_from_zero(3, 4), normal(4)
    check_gradients(lambda a, b: tf.where(a > 0.0, a * a, b), [x, y])


# ====================================================================== unary elementwise
UNARY = {
    "negative": (tf.negative, normal),
    "exp": (tf.exp, normal),
    "log": (tf.log, positive),
    "log1p": (tf.log1p, lambda *s: RNG.uniform(-0.5, 2.0, s)),
    "square": (tf.square, normal),
    "sqrt": (tf.sqrt, positive),
    "rsqrt": (tf.rsqrt, positive),
    "reciprocal": (tf.reciprocal, away_from_zero),
    "abs": (tf.abs, away_from_zero),
    "identity": (tf.identity, normal),
    "relu": (tf.nn.relu, away_from_zero),
    "sigmoid": (tf.nn.sigmoid, normal),
    "tanh": (tf.nn.tanh, normal),
    "top_level_sigmoid": (tf.sigmoid, normal),
    "top_level_tanh": (tf.tanh, normal),
    "neg_operator": (lambda x: -x, normal),
    "abs_builtin": (lambda x: abs(x), away_from_zero),
}


@pytest.mark.parametrize("shape", [(), (5,), (2, 3), (3, 4, 2)], ids=str)
@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_op_gradients(name, shape):
    fn, make = UNARY[name]
    check_gradients(fn, [make(*shape)])


def test_unary_gradients_at_large_magnitudes():
    # Saturated sigmoid/tanh still give accurate (tiny) gradients.
    x = np.array([-20.0, -6.0, 6.0, 20.0])
    check_gradients(tf.nn.sigmoid, [x], atol=1e-9)
    check_gradients(tf.nn.tanh, [x], atol=1e-9)


@pytest.mark.parametrize("shape", [(), (4,), (3, 5)], ids=str)
@pytest.mark.parametrize("fn,grad_type", [(tf.nn.sigmoid, "SigmoidGrad"), (tf.nn.tanh, "TanhGrad")],
                         ids=["sigmoid", "tanh"])
def test_sigmoid_and_tanh_grads_are_one_op_with_their_own_gradients(fn, grad_type, shape):
    # TF1's SigmoidGrad(y, dy) / TanhGrad(y, dy): one op in the gradient graph, differentiable
    # in both inputs (second derivatives, and gradients of gradients of gradients).
    x = tf.placeholder(tf.float64, shape)
    g, = tf.gradients(fn(x), [x])
    assert g.op.type == grad_type
    weights = normal(*shape)

    def gradient_of(a):
        return tf.gradients(tf.reduce_sum(fn(a) * weights), [a])[0]

    def second_gradient_of(a):
        return tf.gradients(tf.reduce_sum(gradient_of(a) * weights), [a])[0]
    check_gradients(gradient_of, [normal(*shape)])
    check_gradients(second_gradient_of, [normal(*shape)])


def test_sigmoid_keeps_tiny_values_and_saturates_without_warnings(strict_floats):
    x = np.array([-1000.0, -100.0, -30.0, 0.0, 30.0, 1000.0])
    with np.errstate(over="ignore"):
        expected = 1 / (1 + np.exp(-x))  # float64: exp(1000) = inf, 1 / inf = 0
    with tf.Session() as sess:
        for dtype in (np.float64, np.float32, np.float16):
            value = sess.run(tf.nn.sigmoid(tf.constant(x.astype(dtype))))
            assert value.dtype == dtype
            # Exact to rounding down to the smallest normal number; subnormals may flush to 0.
            np.testing.assert_allclose(value, expected.astype(dtype), atol=np.finfo(dtype).tiny,
                                       rtol=1e-3 if dtype == np.float16 else 1e-6)
        # float16 still resolves sigmoid(-15) = 3.1e-7, a subnormal
        assert sess.run(tf.nn.sigmoid(tf.constant(np.float16(-15.0)))) == np.float16(3.06e-07)


def test_cast_gradient_passes_through():
    x = tf.placeholder(tf.float64, [2, 3])
    y32 = tf.cast(x, tf.float32)
    g, = tf.gradients(tf.reduce_sum(y32 * 3.0), [x])
    assert g.dtype == tf.float64 and g.shape.as_list() == [2, 3]
    with tf.Session() as sess:
        value = sess.run(g, {x: normal(2, 3)})
    assert value.dtype == np.float64
    np.testing.assert_array_equal(value, np.full((2, 3), 3.0))


def test_cast_float64_to_float64_is_identity_for_gradients():
    check_gradients(lambda x: tf.cast(x, tf.float64) * x, [normal(2, 3)])


# ====================================================================== matmul
@pytest.mark.parametrize("transpose_b", [False, True])
@pytest.mark.parametrize("transpose_a", [False, True])
@pytest.mark.parametrize("mkn", [(2, 3, 4), (4, 1, 3), (1, 5, 1)], ids=str)
def test_matmul_gradients(transpose_a, transpose_b, mkn):
    m, k, n = mkn
    a = normal(k, m) if transpose_a else normal(m, k)
    b = normal(n, k) if transpose_b else normal(k, n)
    check_gradients(lambda x, y: tf.matmul(x, y, transpose_a=transpose_a, transpose_b=transpose_b),
                    [a, b])


@pytest.mark.parametrize("transpose_b", [False, True])
@pytest.mark.parametrize("transpose_a", [False, True])
def test_batched_matmul_gradients(transpose_a, transpose_b):
    a = normal(2, 4, 3) if transpose_a else normal(2, 3, 4)
    b = normal(2, 5, 4) if transpose_b else normal(2, 4, 5)
    check_gradients(lambda x, y: tf.matmul(x, y, transpose_a=transpose_a, transpose_b=transpose_b),
                    [a, b])


@pytest.mark.parametrize("shapes", [((2, 3, 4), (4, 5)), ((3, 4), (2, 4, 2)),
                                    ((2, 1, 2, 3), (3, 3, 2))], ids=str)
def test_broadcast_batched_matmul_gradients(shapes):
    check_gradients(tf.matmul, [normal(*shapes[0]), normal(*shapes[1])])


def test_matmul_operator_and_dynamic_batch_gradients():
    check_gradients(lambda a, b: dynamic(a) @ b, [normal(3, 4), normal(4, 2)])


# ====================================================================== reductions
AXES = [None, 0, 1, -1, -2, [0, 2], [-1, 0], [0, 1, 2]]
AXES_IDS = ["None", "0", "1", "-1", "-2", "0,2", "-1,0", "all"]


@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("axis", AXES, ids=AXES_IDS)
@pytest.mark.parametrize("reduce_fn", [tf.reduce_sum, tf.reduce_mean, tf.reduce_max, tf.reduce_min],
                         ids=["sum", "mean", "max", "min"])
def test_reduction_gradients(reduce_fn, axis, keepdims):
    check_gradients(lambda x: reduce_fn(x, axis=axis, keepdims=keepdims), [distinct(2, 3, 4)])


@pytest.mark.parametrize("reduce_fn", [tf.reduce_sum, tf.reduce_mean, tf.reduce_max, tf.reduce_min],
                         ids=["sum", "mean", "max", "min"])
@pytest.mark.parametrize("shape", [(), (5,), (3, 2)], ids=str)
def test_reduction_gradients_small_ranks(reduce_fn, shape):
    check_gradients(lambda x: reduce_fn(x), [distinct(*shape) if shape else np.array(0.7)])
    if shape:
        check_gradients(lambda x: reduce_fn(x, axis=0, keep_dims=True), [distinct(*shape)])


@pytest.mark.parametrize("reduce_fn", [tf.reduce_sum, tf.reduce_mean, tf.reduce_max],
                         ids=["sum", "mean", "max"])
@pytest.mark.parametrize("axis", [None, 1, [0, 2]], ids=str)
def test_reduction_gradients_with_dynamic_shapes(reduce_fn, axis):
    check_gradients(lambda x: reduce_fn(dynamic(x), axis=axis), [distinct(2, 3, 4)])
    check_gradients(lambda x: reduce_fn(dynamic(x), axis=axis, keepdims=True), [distinct(2, 3, 4)])


@pytest.mark.parametrize("reduce_fn", [tf.reduce_sum, tf.reduce_mean, tf.reduce_max],
                         ids=["sum", "mean", "max"])
@pytest.mark.parametrize("axis", [-1, [0, -1]], ids=str)
def test_reduction_gradients_with_unknown_rank(reduce_fn, axis):
    x = distinct(2, 3, 4)
    out_shape = np.sum(x, axis=tuple(np.atleast_1d(axis))).shape
    # The reshape gives the output a static shape, so each element gets its own projection.
    check_gradients(lambda t: tf.reshape(reduce_fn(tf.placeholder_with_default(t, None), axis=axis),
                                         out_shape), [x])


def test_reduce_max_gradient_is_shared_between_ties():
    x = tf.placeholder(tf.float64, [2, 3])
    g_max = grad_of(tf.reduce_max(x, axis=1), x)
    g_min = grad_of(tf.reduce_min(x), x)
    with tf.Session() as sess:
        got_max, got_min = sess.run([g_max, g_min], {x: [[1.0, 3.0, 3.0], [0.0, 5.0, -1.0]]})
    np.testing.assert_allclose(got_max, [[0.0, 0.5, 0.5], [0.0, 1.0, 0.0]])
    np.testing.assert_allclose(got_min, [[0.0, 0.0, 0.0], [0.0, 0.0, 1.0]])


# ====================================================================== shape manipulation
@pytest.mark.parametrize("shape, target", [((2, 3), [3, 2]), ((2, 3), [-1]), ((2, 3, 4), [4, -1]),
                                           ((6,), [2, 1, 3]), ((), [1, 1]), ((1, 1), [])], ids=str)
def test_reshape_gradients(shape, target):
    check_gradients(lambda x: tf.reshape(x, target), [normal(*shape)])
    check_gradients(lambda x: tf.reshape(dynamic(x), target), [normal(*shape)])


def test_reshape_to_a_shape_tensor_gradients():
    check_gradients(lambda x, y: tf.reshape(x, tf.shape(y)) * y, [normal(2, 6), normal(3, 4)])


@pytest.mark.parametrize("shape, perm", [((2, 3), None), ((2, 3), [1, 0]), ((2, 3, 4), [2, 0, 1]),
                                         ((2, 3, 4), [1, 2, 0]), ((2, 3, 4), None),
                                         ((2, 3, 4), [0, 1, 2])], ids=str)
def test_transpose_gradients(shape, perm):
    check_gradients(lambda x: tf.transpose(x, perm), [normal(*shape)])


@pytest.mark.parametrize("shape, axis", [((), 0), ((3,), 0), ((3,), -1), ((2, 3), 1), ((2, 3), -2),
                                         ((2, 3), 2)], ids=str)
def test_expand_dims_gradients(shape, axis):
    check_gradients(lambda x: tf.expand_dims(x, axis), [normal(*shape)])


@pytest.mark.parametrize("shape, axis", [((1, 3, 1), None), ((1, 3, 1), [0]), ((1, 3, 1), -1),
                                         ((2, 1, 3), 1), ((1, 1), None)], ids=str)
def test_squeeze_gradients(shape, axis):
    check_gradients(lambda x: tf.squeeze(x, axis), [normal(*shape)])


@pytest.mark.parametrize("shape, target", [((3,), [2, 3]), ((3, 1), [2, 3, 4]), ((), [2, 2]),
                                           ((1, 4), [3, 4]), ((2, 3), [2, 3])], ids=str)
def test_broadcast_to_gradients(shape, target):
    check_gradients(lambda x: tf.broadcast_to(x, target), [normal(*shape)])
    check_gradients(lambda x: tf.broadcast_to(dynamic(x), target), [normal(*shape)])


@pytest.mark.parametrize("dims", [[2, 3], [4], []], ids=str)
def test_fill_gradient_wrt_value(dims):
    check_gradients(lambda v: tf.fill(dims, v), [np.array(1.3)])


def test_fill_with_shape_tensor_gradient_wrt_value():
    check_gradients(lambda v, x: tf.fill(tf.shape(dynamic(x)), v) * x,
                    [np.array(0.7), normal(2, 3)])


@pytest.mark.parametrize("axis", [0, 1, -1])
@pytest.mark.parametrize("shape, n", [((3,), 2), ((2, 3), 4)], ids=str)
def test_stack_gradients(shape, n, axis):
    check_gradients(lambda *xs: tf.stack(list(xs), axis=axis), [normal(*shape) for _ in range(n)])
    check_gradients(lambda *xs: tf.stack([dynamic(x) for x in xs], axis=axis),
                    [normal(*shape) for _ in range(n)])


def test_stack_scalars_gradients():
    check_gradients(lambda *xs: tf.stack(list(xs)), [np.array(v) for v in (0.5, -1.0, 2.0)])


def test_stack_with_python_values_gradient():
    check_gradients(lambda a, b: tf.stack([a, 2.0 * b, tf.constant(1.5, tf.float64)]),
                    [np.array(0.3), np.array(-0.4)])


GETITEM_KEYS = [
    (1,), (-1,), (slice(None, None, 2),), (slice(None, None, -1),), (slice(3, 0, -2),),
    (Ellipsis, 1), (Ellipsis, slice(1, None)), (None,), (slice(None), None, 1),
    (1, slice(0, 3, 2), -1), (slice(-3, None), Ellipsis, None), (0, 0, 0),
    (slice(1, 3), slice(None), slice(None, None, 3)), (Ellipsis,),
]


@pytest.mark.parametrize("key", GETITEM_KEYS, ids=[str(k) for k in GETITEM_KEYS])
def test_getitem_gradients(key):
    x = normal(4, 3, 5)
    expected_shape = x[key].shape
    def fn(t):
        y = t[key]
        assert tuple(y.shape.as_list()) == expected_shape
        return y
    check_gradients(fn, [x])


def test_getitem_overlapping_slices_accumulate():
    check_gradients(lambda x: x[1:] * x[:-1] + x[::2][1] * x[:4], [normal(5)])


@pytest.mark.parametrize("n, shape", [(2, (2, 3)), (3, (3,)), (4, ())], ids=str)
def test_add_n_gradients(n, shape):
    check_gradients(lambda *xs: tf.add_n(list(xs)), [normal(*shape) for _ in range(n)])


def test_add_n_same_tensor_twice():
    check_gradients(lambda x, y: tf.add_n([x, y * x, x]), [normal(2, 3), normal(2, 3)])


def test_placeholder_with_default_gradients():
    check_gradients(lambda x: tf.placeholder_with_default(x * x, [2, 3]), [normal(2, 3)])
    check_gradients(lambda x: tf.placeholder_with_default(x, [None, 3]) * x, [normal(2, 3)])


# ====================================================================== tf.nn
@pytest.mark.parametrize("shape, axis", [((3, 4), -1), ((3, 4), 0), ((3, 4), 1), ((5,), -1),
                                         ((2, 3, 4), 1), ((2, 3, 4), -1)], ids=str)
@pytest.mark.parametrize("fn", [tf.nn.softmax, tf.nn.log_softmax], ids=["softmax", "log_softmax"])
def test_softmax_gradients(fn, shape, axis):
    check_gradients(lambda x: fn(x, axis=axis), [normal(*shape)])


def test_softmax_default_axis_and_dim_argument():
    check_gradients(lambda x: tf.nn.softmax(x), [normal(2, 3)])
    check_gradients(lambda x: tf.nn.log_softmax(x, dim=0), [normal(2, 3)])


def _labels(*shape, normalized=True):
    labels = RNG.uniform(0.1, 1.0, shape)
    return labels / labels.sum(axis=-1, keepdims=True) if normalized else labels


@pytest.mark.parametrize("normalized", [True, False], ids=["sum1", "unnormalized"])
@pytest.mark.parametrize("shape", [(3, 4), (5,), (2, 3, 4)], ids=str)
def test_softmax_xent_v2_gradients_wrt_logits_and_labels(shape, normalized):
    check_gradients(lambda logits, labels: tf.nn.softmax_cross_entropy_with_logits_v2(
        labels=labels, logits=logits), [normal(*shape), _labels(*shape, normalized=normalized)])


@pytest.mark.parametrize("shape, axis", [((4, 3), 0), ((4, 2, 3), 0), ((2, 4, 3), 1),
                                         ((2, 4, 3), -2)], ids=str)
def test_softmax_xent_v2_gradients_along_other_axes(shape, axis):
    check_gradients(lambda logits, labels: tf.nn.softmax_cross_entropy_with_logits_v2(
        labels=labels, logits=logits, axis=axis), [normal(*shape), RNG.uniform(0, 1, shape)])


def test_softmax_xent_v1_gradient_wrt_logits_and_none_for_labels():
    check_gradients(lambda logits, labels: tf.nn.softmax_cross_entropy_with_logits(
        labels=labels, logits=logits), [normal(3, 4), _labels(3, 4, normalized=False)], wrt=[0])
    logits = tf.placeholder(tf.float64, [3, 4])
    labels = tf.placeholder(tf.float64, [3, 4])
    loss = tf.nn.softmax_cross_entropy_with_logits(labels=labels, logits=logits)
    g_logits, g_labels = tf.gradients(loss, [logits, labels])
    assert g_labels is None
    assert g_logits is not None
    with pytest.raises(GradientCheckError, match="No gradient for input 1"):
        check_gradients(lambda lo, la: tf.nn.softmax_cross_entropy_with_logits(labels=la, logits=lo),
                        [normal(3, 4), _labels(3, 4)])


@pytest.mark.parametrize("shape", [(), (4,), (2, 3)], ids=str)
def test_sigmoid_xent_gradients_wrt_logits_and_labels(shape):
    check_gradients(lambda logits, labels: tf.nn.sigmoid_cross_entropy_with_logits(
        labels=labels, logits=logits), [away_from_zero(*shape) * 3, RNG.uniform(0, 1, shape)])


# ====================================================================== second derivatives
def _second(fn_of_loss):
    """A function returning d(loss)/d(first input), where loss = fn_of_loss(*inputs)."""
    def fn(*xs):
        return grad_of(fn_of_loss(*xs), xs[0])
    return fn


SECOND_ORDER = {
    "cube": (lambda x: tf.reduce_sum(x ** 3), [normal(2, 3)]),
    "pow_both": (lambda x, y: tf.reduce_sum(tf.pow(x, y)), [positive(2, 3), normal(3)]),
    "exp_log": (lambda x: tf.reduce_sum(tf.exp(x) * tf.log(x)), [positive(4)]),
    "sqrt_rsqrt": (lambda x: tf.reduce_sum(tf.sqrt(x) + tf.rsqrt(x)), [positive(4)]),
    "reciprocal_div": (lambda x, y: tf.reduce_sum(tf.reciprocal(x) + x / y),
                       [away_from_zero(3), away_from_zero(2, 3)]),
    "log1p_square": (lambda x: tf.reduce_sum(tf.log1p(tf.square(x))), [normal(2, 3)]),
    "sigmoid": (lambda x: tf.reduce_sum(tf.nn.sigmoid(x) * x), [normal(2, 3)]),
    "tanh": (lambda x: tf.reduce_sum(tf.nn.tanh(x) ** 2), [normal(2, 3)]),
    "relu": (lambda x: tf.reduce_sum(tf.nn.relu(x) ** 3), [away_from_zero(2, 3)]),
    "abs": (lambda x: tf.reduce_sum(tf.abs(x) * x), [away_from_zero(2, 3)]),
    "matmul": (lambda a, b: tf.reduce_sum(tf.square(tf.matmul(a, b))), [normal(2, 3), normal(3, 4)]),
    "matmul_transposed": (lambda a, b: tf.reduce_sum(tf.tanh(tf.matmul(a, b, transpose_a=True,
                                                                       transpose_b=True))),
                          [normal(3, 2), normal(4, 3)]),
    "batched_matmul": (lambda a, b: tf.reduce_sum(tf.matmul(a, b) ** 2),
                       [normal(2, 2, 3), normal(3, 2)]),
    "softmax": (lambda x, w: tf.reduce_sum(tf.nn.softmax(x) * w), [normal(3, 4), normal(3, 4)]),
    "log_softmax": (lambda x, w: tf.reduce_sum(tf.nn.log_softmax(x) * w),
                    [normal(3, 4), normal(3, 4)]),
    "softmax_xent": (lambda logits, labels: tf.reduce_sum(
        tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels, logits=logits) *
        tf.constant([1.0, -2.0, 0.5], tf.float64)), [normal(3, 4), _labels(3, 4, normalized=False)]),
    "sigmoid_xent": (lambda logits, labels: tf.reduce_sum(
        tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=logits) * logits),
        [normal(2, 3), RNG.uniform(0, 1, (2, 3))]),
    "broadcast_mul": (lambda x, y: tf.reduce_sum((x * y) ** 2), [normal(3, 4), normal(4)]),
    "broadcast_to": (lambda x: tf.reduce_sum(tf.broadcast_to(x, [2, 3]) ** 3), [normal(3)]),
    "dynamic_broadcast": (lambda x, y: tf.reduce_sum((dynamic(x) - y) ** 3), [normal(2, 3), normal(3)]),
    "reduce_mean": (lambda x: tf.reduce_mean(tf.reduce_mean(x, axis=1) ** 2), [normal(2, 3, 2)]),
    "reduce_max": (lambda x: tf.reduce_sum(tf.reduce_max(x, axis=0) ** 2), [distinct(3, 4)]),
    "getitem": (lambda x: tf.reduce_sum(x[::2, 1:] ** 3), [normal(3, 4)]),
    "maximum": (lambda x, y: tf.reduce_sum(tf.maximum(x, y) ** 2), list(untied_pair((2, 3), (3,)))),
    "where": (lambda x, y: tf.reduce_sum(tf.where(x > 0.0, x ** 3, y * x)),
              [away_from_zero(2, 3), normal(2, 3)]),
    "stack_reshape_transpose": (lambda x, y: tf.reduce_sum(tf.transpose(tf.reshape(
        tf.stack([x, y]), [3, 2, 2]), [2, 0, 1]) ** 3), [normal(2, 3), normal(2, 3)]),
    "add_n_squared_difference": (lambda x, y: tf.reduce_sum(tf.add_n(
        [x * x, tf.squared_difference(x, y), x]) ** 2), [normal(2, 3), normal(2, 3)]),
}


@pytest.mark.parametrize("name", sorted(SECOND_ORDER))
def test_second_derivatives(name):
    fn, inputs = SECOND_ORDER[name]
    check_gradients(_second(fn), inputs)


def test_third_derivative_of_cube():
    def third(x):
        g1 = grad_of(tf.reduce_sum(x ** 4), x)
        g2 = grad_of(tf.reduce_sum(g1 * g1), x)
        return g2
    check_gradients(third, [normal(3)])


def test_second_derivative_values_of_cube():
    x = tf.placeholder(tf.float64, [3])
    g1 = grad_of(tf.reduce_sum(x ** 3), x)
    g2 = grad_of(g1, x)
    with tf.Session() as sess:
        v1, v2 = sess.run([g1, g2], {x: [1.0, -2.0, 0.5]})
    np.testing.assert_allclose(v1, [3.0, 12.0, 0.75])
    np.testing.assert_allclose(v2, [6.0, -12.0, 3.0])


# ====================================================================== no gradient (None)
NON_DIFFERENTIABLE = {
    "argmax": lambda x: tf.cast(tf.argmax(x, axis=1), tf.float64),
    "argmin": lambda x: tf.cast(tf.argmin(x), tf.float64),
    "equal": lambda x: tf.cast(tf.equal(x, x * 2.0), tf.float64),
    "less": lambda x: tf.cast(x < 0.0, tf.float64),
    "stop_gradient": lambda x: tf.stop_gradient(x) * 2.0,
    "shape": lambda x: tf.cast(tf.shape(x), tf.float64),
    "size": lambda x: tf.cast(tf.size(x), tf.float64),
    "rank": lambda x: tf.cast(tf.rank(x), tf.float64),
    "zeros_like": lambda x: tf.zeros_like(x),
    "ones_like": lambda x: tf.ones_like(x),
    "cast_to_int": lambda x: tf.cast(tf.cast(x, tf.int32), tf.float64),
    "sign": lambda x: tf.sign(x),
    "floordiv": lambda x: tf.floordiv(x, 2.0),
}


@pytest.mark.parametrize("name", sorted(NON_DIFFERENTIABLE))
def test_non_differentiable_ops_give_none(name):
    x = tf.placeholder(tf.float64, [2, 3])
    y = NON_DIFFERENTIABLE[name](x)
    assert tf.gradients(tf.reduce_sum(y), [x]) == [None]
    # Alongside a differentiable path, only that path contributes.
    g = grad_of(tf.reduce_sum(y) + tf.reduce_sum(x * 3.0), x)
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(g, {x: normal(2, 3)}), np.full((2, 3), 3.0))


def test_unconnected_input_gives_none():
    x = tf.placeholder(tf.float64, [2])
    z = tf.placeholder(tf.float64, [2])
    assert tf.gradients(tf.reduce_sum(x * 2.0), [x, z])[1] is None


# ====================================================================== the checker itself
def test_checker_detects_a_wrong_gradient(monkeypatch):
    exp_def = REGISTRY["Exp"]
    check_gradients(tf.exp, [normal(2, 3)])
    monkeypatch.setattr(exp_def, "_grad", lambda x, y, g: g * y * 1.001)
    with pytest.raises(GradientCheckError, match="Gradient mismatch for input 0"):
        check_gradients(tf.exp, [normal(2, 3)])


def test_checker_detects_swapped_binary_gradients(monkeypatch):
    mul_def = REGISTRY["Mul"]
    check_gradients(tf.multiply, [normal(3, 4), normal(4)])
    monkeypatch.setattr(mul_def, "_grad", lambda x, y, z, g: (g * x, g * y))
    with pytest.raises(GradientCheckError, match="Gradient (mismatch|for input 0 has shape)"):
        check_gradients(tf.multiply, [normal(3, 4), normal(3, 4)])


def test_checker_detects_a_wrong_second_derivative(monkeypatch):
    # Tanh's gradient built from constants only would be right to first order in value but
    # its own derivative would be lost: the second-order check must notice.
    tanh_def = REGISTRY["Tanh"]
    monkeypatch.setattr(tanh_def, "_grad",
                        lambda x, y, g: g * (1 - tf.stop_gradient(y) * tf.stop_gradient(y)))
    check_gradients(tf.nn.tanh, [normal(2, 3)])
    with pytest.raises(GradientCheckError):
        check_gradients(_second(lambda x: tf.reduce_sum(tf.nn.tanh(x))), [normal(2, 3)])


def test_checker_fails_on_a_non_finite_gradient(monkeypatch):
    # NaN never compares as a mismatch, so a NaN gradient (or one taken where fn is undefined,
    # NaN in both) passed unseen.
    with np.errstate(invalid="ignore"), pytest.raises(
            GradientCheckError, match="not finite at index \\(0, 0\\): analytic nan, numerical nan"):
        check_gradients(tf.sqrt, [np.array([[-1.0]])])
    monkeypatch.setattr(REGISTRY["Exp"], "_grad", lambda x, y, g: g * y * np.nan)
    with pytest.raises(GradientCheckError, match="analytic nan, numerical [0-9.]+"):
        check_gradients(tf.exp, [normal(2, 3)])
