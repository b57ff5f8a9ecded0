"""Forward values of every op against numpy, with the result dtype and shape TF1 gives (static and
at run time), plus dtype rules, operator overloads, random ops, numerical stability and the
build-time shape errors."""
import os
import warnings

import numpy as np
import pytest

import autograd_engine as tf

RNG = np.random.RandomState(42)
THIS_FILE = os.path.basename(__file__)


def run(fetches, feed_dict=None):
    with tf.Session() as sess:
        return sess.run(fetches, feed_dict)


def check(t, expected, dtype=None, rtol=1e-6, atol=0.0, feed_dict=None):
    """Runs ``t`` and checks its value against ``expected`` (a numpy value), the dtype
    (``dtype``, else expected's), the static shape (compatible) and the run-time shape."""
    expected = np.asarray(expected)
    dtype = tf.as_dtype(dtype if dtype is not None else expected.dtype)
    assert t.dtype == dtype, (t.dtype, dtype)
    assert t.shape.is_compatible_with(expected.shape), (t.shape, expected.shape)
    value = run(t, feed_dict)
    assert isinstance(value, (np.ndarray, np.generic)), type(value)
    assert value.dtype == dtype.np_dtype, (value.dtype, dtype)
    assert np.shape(value) == expected.shape, (np.shape(value), expected.shape)
    if dtype.is_floating:
        np.testing.assert_allclose(value, expected, rtol=rtol, atol=atol)
    else:
        np.testing.assert_array_equal(value, expected)
    return value


def data(shape, dtype=np.float32, low=-3.0, high=3.0):
    return RNG.uniform(low, high, shape).astype(dtype)


FLOATS = [np.float32, np.float64]
BROADCAST_PAIRS = [((2, 3), (2, 3)), ((3, 4), (4,)), ((4,), (3, 4)), ((3, 1), (1, 4)),
                   ((2, 3, 4), (3, 1)), ((), (2, 3)), ((2, 3), ())]
BROADCAST_IDS = ["%s-%s" % p for p in BROADCAST_PAIRS]


# ====================================================================== unary elementwise
def _np_sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


UNARY = {
    "negative": (tf.negative, np.negative, (-3, 3)),
    "abs": (tf.abs, np.abs, (-3, 3)),
    "sign": (tf.sign, np.sign, (-3, 3)),
    "exp": (tf.exp, np.exp, (-3, 3)),
    "log": (tf.log, np.log, (0.1, 5)),
    "log1p": (tf.log1p, np.log1p, (-0.9, 5)),
    "square": (tf.square, np.square, (-3, 3)),
    "sqrt": (tf.sqrt, np.sqrt, (0, 5)),
    "rsqrt": (tf.rsqrt, lambda x: 1 / np.sqrt(x), (0.1, 5)),
    "reciprocal": (tf.reciprocal, np.reciprocal, (0.5, 3)),
    "tanh": (tf.nn.tanh, np.tanh, (-3, 3)),
    "sigmoid": (tf.nn.sigmoid, _np_sigmoid, (-5, 5)),
    "relu": (tf.nn.relu, lambda x: np.maximum(x, 0), (-3, 3)),
    "identity": (tf.identity, lambda x: x, (-3, 3)),
    "stop_gradient": (tf.stop_gradient, lambda x: x, (-3, 3)),
}


@pytest.mark.parametrize("dtype", FLOATS, ids=["f32", "f64"])
@pytest.mark.parametrize("shape", [(), (4,), (2, 3)], ids=str)
@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_ops_match_numpy(name, shape, dtype):
    fn, np_fn, (low, high) = UNARY[name]
    x = data(shape, dtype, low, high)
    check(fn(tf.constant(x)), np_fn(x).astype(dtype), dtype)


@pytest.mark.parametrize("name, fn, np_fn", [("negative", tf.negative, np.negative),
                                             ("abs", tf.abs, np.abs), ("sign", tf.sign, np.sign),
                                             ("square", tf.square, np.square),
                                             ("relu", tf.nn.relu, lambda x: np.maximum(x, 0))])
@pytest.mark.parametrize("dtype", [np.int32, np.int64])
def test_unary_ops_on_integers(name, fn, np_fn, dtype):
    x = np.array([[-3, 0, 2], [5, -1, 7]], dtype=dtype)
    check(fn(tf.constant(x)), np_fn(x).astype(dtype), dtype)


def test_float_only_unary_ops_reject_integers():
    for fn in (tf.sqrt, tf.exp, tf.log, tf.nn.sigmoid, tf.tanh):
        with pytest.raises(TypeError, match="int32"):
            fn(tf.constant([1, 2]))


# ====================================================================== binary elementwise
BINARY = {
    "add": (tf.add, np.add, None),
    "subtract": (tf.subtract, np.subtract, None),
    "multiply": (tf.multiply, np.multiply, None),
    "divide": (tf.divide, np.true_divide, "nonzero"),
    "truediv": (tf.truediv, np.true_divide, "nonzero"),
    "div": (tf.div, np.true_divide, "nonzero"),
    "floordiv": (tf.floordiv, np.floor_divide, "nonzero"),
    "floor_div": (tf.floor_div, np.floor_divide, "nonzero"),
    "floormod": (tf.floormod, np.mod, "nonzero"),
    "mod": (tf.mod, np.mod, "nonzero"),
    "pow": (tf.pow, np.power, "positive_base"),
    "maximum": (tf.maximum, np.maximum, None),
    "minimum": (tf.minimum, np.minimum, None),
    "squared_difference": (tf.squared_difference, lambda a, b: np.square(a - b), None),
}


@pytest.mark.parametrize("dtype", FLOATS, ids=["f32", "f64"])
@pytest.mark.parametrize("shapes", BROADCAST_PAIRS, ids=BROADCAST_IDS)
@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_ops_match_numpy_with_broadcasting(name, shapes, dtype):
    fn, np_fn, domain = BINARY[name]
    x, y = data(shapes[0], dtype), data(shapes[1], dtype)
    if domain == "nonzero":
        y = (np.abs(y) + 0.5) * np.where(data(shapes[1]) > 0, 1, -1).astype(dtype)
    if domain == "positive_base":
        x = np.abs(x) + dtype(0.5)
    expected = np.asarray(np_fn(x, y)).astype(dtype)
    t = fn(tf.constant(x), tf.constant(y))
    assert t.shape.as_list() == list(np.broadcast_shapes(shapes[0], shapes[1]))
    check(t, expected, dtype, rtol=1e-5)


INT_BINARY = {
    "add": (tf.add, np.add), "subtract": (tf.subtract, np.subtract),
    "multiply": (tf.multiply, np.multiply), "floordiv": (tf.floordiv, np.floor_divide),
    "floormod": (tf.floormod, np.mod), "div": (tf.div, np.floor_divide),
    "maximum": (tf.maximum, np.maximum), "minimum": (tf.minimum, np.minimum),
    "pow": (tf.pow, np.power), "squared_difference": (tf.squared_difference,
                                                      lambda a, b: np.square(a - b)),
}


@pytest.mark.parametrize("dtype", [np.int32, np.int64])
@pytest.mark.parametrize("name", sorted(INT_BINARY))
def test_binary_ops_on_integers(name, dtype):
    fn, np_fn = INT_BINARY[name]
    x = np.array([[7, -7, 0], [9, -10, 3]], dtype=dtype)
    y = np.array([2, 3, 4 if name == "pow" else -4], dtype=dtype)
    check(fn(tf.constant(x), tf.constant(y)), np_fn(x, y).astype(dtype), dtype)


def test_floordiv_and_mod_follow_python_signs():
    a, b = tf.constant([7, -7, 7, -7]), tf.constant([2, 2, -2, -2])
    check(a // b, np.array([3, -4, -4, 3], np.int32))
    check(a % b, np.array([1, 1, -1, -1], np.int32))
    fa, fb = tf.constant([7.5, -7.5, 7.5, -7.5]), tf.constant([2.0, 2.0, -2.0, -2.0])
    check(fa // fb, np.array([3.0, -4.0, -4.0, 3.0], np.float32))
    check(fa % fb, np.array([1.5, 0.5, -0.5, -1.5], np.float32))


@pytest.mark.parametrize("int_dtype, float_dtype", [(tf.int32, np.float64), (tf.int64, np.float64),
                                                    (tf.int16, np.float32), (tf.int8, np.float32),
                                                    (tf.uint8, np.float32)])
def test_truediv_on_integers_gives_float(int_dtype, float_dtype):
    a = tf.constant([7, 1, 9], int_dtype)
    b = tf.constant([2, 4, 3], int_dtype)
    expected = np.array([3.5, 0.25, 3.0], float_dtype)
    check(a / b, expected)
    check(tf.truediv(a, b), expected)
    check(tf.divide(a, b), expected)
    check(tf.div(a, b), np.array([3, 0, 3], int_dtype.np_dtype))  # Python-2 division


def test_comparisons_and_logical_ops():
    x = data((3, 4))
    y = data((4,))
    tx, ty = tf.constant(x), tf.constant(y)
    for fn, np_fn in [(tf.equal, np.equal), (tf.not_equal, np.not_equal), (tf.less, np.less),
                      (tf.less_equal, np.less_equal), (tf.greater, np.greater),
                      (tf.greater_equal, np.greater_equal)]:
        check(fn(tx, ty), np_fn(x, y))
        check(fn(tx, tx), np_fn(x, x))  # ties
    ints = tf.constant([1, 2, 3])
    check(tf.equal(ints, 2), np.array([False, True, False]))
    a = np.array([[True, False], [True, True]])
    b = np.array([True, False])
    ta, tb = tf.constant(a), tf.constant(b)
    check(tf.logical_and(ta, tb), a & b)
    check(tf.logical_or(ta, tb), a | b)
    check(tf.logical_not(ta), ~a)
    check(ta & tb, a & b)
    check(ta | tb, a | b)
    check(~ta, ~a)
    check(tf.logical_and(ta, True), a)
    with pytest.raises(TypeError):
        tf.logical_and(tf.constant([1.0]), tf.constant([1.0]))
    for not_bool in (tf.constant([1.0]), tf.constant([1])):  # ~ is logical_not only, as in TF1
        with pytest.raises(TypeError, match=r"DataType (float|int)32 not in list of allowed "
                                            r"values: bool \(op 'LogicalNot'\)"):
            ~not_bool


@pytest.mark.parametrize("shapes", [((2, 3), (2, 3), (2, 3)), ((3,), (2, 3), (2, 3)),
                                    ((2, 1), (2, 3), (3,))], ids=str)
def test_where_matches_numpy(shapes):
    cond = RNG.rand(*shapes[0]) > 0.5
    x, y = data(shapes[1]), data(shapes[2])
    check(tf.where_v2(cond, x, y), np.where(cond, x, y))
    if len(shapes[0]) != 1 or len(shapes[1]) == 1:  # TF1's where: rank-1 conditions pick rows
        check(tf.where(cond, x, y), np.where(cond, x, y))
    check(tf.where_v2(tf.constant(cond), tf.constant(x), 0.0), np.where(cond, x, 0).astype(np.float32))
    check(tf.where([True, False], [1, 2], [3, 4]), np.array([1, 4], np.int32))


def test_tf1_where_with_a_rank_1_condition_picks_rows():
    x, y = np.arange(6.0).reshape(2, 3), -np.arange(6.0).reshape(2, 3)
    check(tf.where([True, False], x, y), np.array([[0.0, 1, 2], [-3, -4, -5]]))
    with pytest.raises(ValueError, match="as many entries"):
        tf.where([True, False, True], x, y)


# ====================================================================== argmax / argmin
def test_argmax_argmin():
    x = np.array([[1.0, 5.0, 3.0], [4.0, 2.0, 6.0]], np.float32)
    t = tf.constant(x)
    check(tf.argmax(t), np.argmax(x, 0).astype(np.int64))  # default axis 0, int64
    check(tf.argmin(t), np.argmin(x, 0).astype(np.int64))
    check(tf.argmax(t, 1), np.argmax(x, 1).astype(np.int64))
    check(tf.argmax(t, axis=-1), np.argmax(x, 1).astype(np.int64))
    check(tf.argmin(t, dimension=1), np.argmin(x, 1).astype(np.int64))
    check(tf.argmax(t, 1, output_type=tf.int32), np.argmax(x, 1).astype(np.int32))
    check(tf.argmin(tf.constant([3, 1, 2]), output_type=tf.int32), np.int32(1))
    check(tf.argmax(tf.constant([[2, 2, 1]]), axis=1), np.array([0], np.int64))  # first of ties
    p = tf.placeholder(tf.float32, [None, 10])
    assert tf.argmax(p, 1).shape.as_list() == [None]
    assert tf.argmax(p).shape.as_list() == [10]
    with pytest.raises(ValueError, match="Invalid argmax dimension 2"):
        tf.argmax(t, 2)


# ====================================================================== casts
def test_cast():
    x = np.array([[-1.7, 0.2, 2.9], [3.5, -0.0, 1.0]], np.float32)
    t = tf.constant(x)
    check(tf.cast(t, tf.int32), x.astype(np.int32))  # truncation toward zero
    check(tf.cast(t, tf.float64), x.astype(np.float64))
    check(tf.cast(t, tf.bool), x != 0)
    check(tf.cast(tf.constant([True, False]), "float"), np.array([1.0, 0.0], np.float32))
    check(tf.cast(tf.constant([True, False]), tf.int64), np.array([1, 0], np.int64))
    check(tf.cast(tf.constant([1, 2]), "double"), np.array([1.0, 2.0]))
    check(tf.to_float(tf.constant([1, 2])), np.array([1.0, 2.0], np.float32))
    check(tf.to_int32(t), x.astype(np.int32))
    check(tf.to_int64(t), x.astype(np.int64))
    assert tf.cast(t, tf.float32) is t
    check(tf.cast([1, 2], tf.float32), np.array([1.0, 2.0], np.float32))


# ====================================================================== reductions
REDUCE_AXES = [None, 0, 1, -1, [0, 2], [-1, 0], (1,), []]


@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("axis", REDUCE_AXES, ids=str)
@pytest.mark.parametrize("fn, np_fn", [(tf.reduce_sum, np.sum), (tf.reduce_mean, np.mean),
                                       (tf.reduce_max, np.max), (tf.reduce_min, np.min)],
                         ids=["sum", "mean", "max", "min"])
def test_float_reductions(fn, np_fn, axis, keepdims):
    x = data((2, 3, 4))
    np_axis = tuple(axis) if isinstance(axis, (list, tuple)) else axis
    expected = np.asarray(np_fn(x.astype(np.float64), axis=np_axis, keepdims=keepdims)).astype(np.float32)
    t = fn(tf.constant(x), axis=axis, keepdims=keepdims)
    assert t.shape.as_list() == list(expected.shape)
    check(t, expected, rtol=1e-5)


@pytest.mark.parametrize("fn, np_fn", [(tf.reduce_sum, np.sum), (tf.reduce_max, np.max),
                                       (tf.reduce_min, np.min)], ids=["sum", "max", "min"])
def test_integer_reductions(fn, np_fn):
    x = np.array([[1, -5, 3], [4, 2, -6]], np.int32)
    check(fn(tf.constant(x)), np.int32(np_fn(x)))
    check(fn(tf.constant(x), axis=1, keepdims=True), np_fn(x, axis=1, keepdims=True).astype(np.int32))


def test_integer_reduce_mean_truncates():
    check(tf.reduce_mean(tf.constant([1, 2])), np.int32(1))
    check(tf.reduce_mean(tf.constant([-1, -2])), np.int32(-1))  # toward zero, as TF1
    check(tf.reduce_mean(tf.constant([[3, 4], [5, 7]]), axis=0), np.array([4, 5], np.int32))
    check(tf.reduce_mean(tf.constant([10, 11, 12], tf.int64)), np.int64(11))


def test_legacy_reduction_arguments_and_placeholders():
    x = data((2, 3))
    t = tf.constant(x)
    check(tf.reduce_sum(t, reduction_indices=[1]), x.sum(1), rtol=1e-5)
    check(tf.reduce_sum(t, 0, keep_dims=True), x.sum(0, keepdims=True), rtol=1e-5)
    check(tf.reduce_mean(t, axis=tf.constant(1)), x.mean(1), rtol=1e-5)
    p = tf.placeholder(tf.float32, [None, 3])
    assert tf.reduce_sum(p, 0).shape.as_list() == [3]
    assert tf.reduce_mean(p, 1).shape.as_list() == [None]
    assert tf.reduce_max(p, 1, keepdims=True).shape.as_list() == [None, 1]
    assert tf.reduce_min(p).shape.as_list() == []
    check(tf.reduce_mean(p, 1), x.mean(1), rtol=1e-5, feed_dict={p: x})
    unknown = tf.placeholder(tf.float32)
    assert tf.reduce_sum(unknown).shape.as_list() == []
    check(tf.reduce_sum(unknown), np.float32(x.sum()), rtol=1e-5, feed_dict={unknown: x})
    check(tf.reduce_sum(unknown, 1), x.sum(1), rtol=1e-5, feed_dict={unknown: x})
    for axis in (-1, [-2], [0, -1]):  # negative axes of an unknown rank resolve at run time
        np_axis = tuple(axis) if isinstance(axis, list) else axis
        assert tf.reduce_max(unknown, axis).shape.ndims is None
        check(tf.reduce_max(unknown, axis), x.max(np_axis), feed_dict={unknown: x})
        check(tf.reduce_mean(unknown, axis, keepdims=True), x.mean(np_axis, keepdims=True),
              rtol=1e-5, feed_dict={unknown: x})
    check(tf.reduce_sum(t, np.array([0, 1])), np.float32(x.sum()), rtol=1e-5)
    check(tf.reduce_sum(t, np.int64(1)), x.sum(1), rtol=1e-5)
    with pytest.raises(ValueError, match="Invalid reduction dimension 2"):
        tf.reduce_sum(t, 2)


@pytest.mark.parametrize("axis", [None, 0, 1, [0, 1]], ids=str)
@pytest.mark.parametrize("keepdims", [False, True])
def test_reduce_any_all(axis, keepdims):
    x = np.array([[True, False, False], [True, True, False]])
    np_axis = tuple(axis) if isinstance(axis, list) else axis
    check(tf.reduce_any(tf.constant(x), axis=axis, keepdims=keepdims),
          np.any(x, axis=np_axis, keepdims=keepdims))
    check(tf.reduce_all(tf.constant(x), axis=axis, keepdims=keepdims),
          np.all(x, axis=np_axis, keepdims=keepdims))
    with pytest.raises(TypeError):
        tf.reduce_any(tf.constant([1.0]))
    with pytest.raises(TypeError, match="bool"):
        tf.reduce_sum(tf.constant(x))


# ====================================================================== creation ops
def test_zeros_ones_fill():
    check(tf.zeros([2, 3]), np.zeros((2, 3), np.float32))
    check(tf.ones([4]), np.ones(4, np.float32))
    check(tf.zeros([]), np.float32(0))
    check(tf.zeros((2,), tf.int32), np.zeros(2, np.int32))
    check(tf.ones([2, 1], dtype=tf.float64), np.ones((2, 1)))
    check(tf.ones([2], tf.bool), np.ones(2, bool))
    check(tf.zeros(tf.TensorShape([3, 2])), np.zeros((3, 2), np.float32))
    check(tf.fill([2, 3], 5), np.full((2, 3), 5, np.int32))
    check(tf.fill([2], 1.5), np.full(2, 1.5, np.float32))
    check(tf.fill([], tf.constant(2.0, tf.float64)), np.float64(2.0))


def test_fill_zeros_ones_with_run_time_shapes():
    p = tf.placeholder(tf.float32, [None, 3])
    dims = tf.placeholder(tf.int32, [2])
    x = np.ones((4, 3), np.float32)
    f = tf.fill(tf.shape(p), 7.0)
    assert f.shape.as_list() == [None, 3]
    check(f, np.full((4, 3), 7.0, np.float32), feed_dict={p: x})
    check(tf.fill(dims, 2), np.full((2, 5), 2, np.int32), feed_dict={dims: [2, 5]})
    check(tf.zeros(tf.shape(p)), np.zeros((4, 3), np.float32), feed_dict={p: x})
    check(tf.ones([tf.shape(p)[0], 2], tf.int64), np.ones((4, 2), np.int64), feed_dict={p: x})


def test_zeros_like_ones_like():
    x = np.array([[1, 2, 3]], np.int32)
    check(tf.zeros_like(tf.constant(x)), np.zeros_like(x))
    check(tf.ones_like(tf.constant(x)), np.ones_like(x))
    check(tf.zeros_like(tf.constant(x), dtype=tf.float32), np.zeros((1, 3), np.float32))
    check(tf.ones_like(tf.constant([True, False])), np.array([True, True]))
    p = tf.placeholder(tf.float64, [None, 2])
    assert tf.zeros_like(p).shape.as_list() == [None, 2]
    check(tf.ones_like(p), np.ones((3, 2)), feed_dict={p: np.zeros((3, 2))})


def test_shape_size_rank():
    x = np.zeros((2, 3, 4), np.float32)
    t = tf.constant(x)
    check(tf.shape(t), np.array([2, 3, 4], np.int32))
    check(tf.size(t), np.int32(24))
    check(tf.rank(t), np.int32(3))
    check(tf.shape(t, out_type=tf.int64), np.array([2, 3, 4], np.int64))
    check(tf.size(t, out_type=tf.int64), np.int64(24))
    check(tf.shape(tf.constant(1.0)), np.zeros(0, np.int32))
    p = tf.placeholder(tf.float32, [None, 5])
    assert tf.shape(p).shape.as_list() == [2]
    assert tf.size(p).shape.as_list() == [] and tf.rank(p).shape.as_list() == []
    feed = {p: np.zeros((7, 5), np.float32)}
    check(tf.shape(p), np.array([7, 5], np.int32), feed_dict=feed)
    check(tf.size(p), np.int32(35), feed_dict=feed)
    check(tf.rank(p), np.int32(2), feed_dict=feed)


# ====================================================================== matmul
@pytest.mark.parametrize("transpose_b", [False, True])
@pytest.mark.parametrize("transpose_a", [False, True])
def test_matmul(transpose_a, transpose_b):
    a, b = data((2, 3)), data((3, 4))
    a_in, b_in = (a.T.copy() if transpose_a else a), (b.T.copy() if transpose_b else b)
    t = tf.matmul(a_in, b_in, transpose_a=transpose_a, transpose_b=transpose_b)
    assert t.shape.as_list() == [2, 4]
    check(t, a @ b, rtol=1e-5)


def test_batched_and_broadcast_matmul():
    a, b, c = data((2, 3, 4)), data((2, 4, 5)), data((4, 2))
    check(tf.matmul(a, b), a @ b, rtol=1e-5)
    check(tf.matmul(a, c), a @ c, rtol=1e-5)
    check(tf.matmul(b, a, transpose_a=True, transpose_b=True),
          np.swapaxes(b, -1, -2) @ np.swapaxes(a, -1, -2), rtol=1e-5)
    check(tf.constant(a) @ tf.constant(b), a @ b, rtol=1e-5)
    check(tf.matmul(tf.constant([[1, 2]]), tf.constant([[3], [4]])), np.array([[11]], np.int32))
    check(tf.matmul(a[0], c, adjoint_b=False), a[0] @ c, rtol=1e-5)


def test_matmul_static_shape_inference():
    x = tf.placeholder(tf.float32, [None, 784])
    w = tf.zeros([784, 10])
    assert tf.matmul(x, w).shape.as_list() == [None, 10]
    assert (x @ w).shape.as_list() == [None, 10]
    assert str((x @ w).shape) == "(?, 10)"
    assert tf.matmul(w, x, transpose_a=True, transpose_b=True).shape.as_list() == [10, None]
    assert tf.matmul(tf.placeholder(tf.float32), w).shape.ndims is None
    batch = tf.placeholder(tf.float32, [None, 5, 784])
    assert tf.matmul(batch, w).shape.as_list() == [None, 5, 10]


# ====================================================================== shape manipulation
@pytest.mark.parametrize("shape, target", [((2, 3), [3, 2]), ((2, 3), [-1]), ((2, 3, 4), [4, -1]),
                                           ((6,), [2, 1, 3]), ((), [1]), ((1, 1), [])], ids=str)
def test_reshape(shape, target):
    x = data(shape)
    t = tf.reshape(x, target)
    assert t.shape.as_list() == list(x.reshape(target).shape)
    check(t, x.reshape(target))


def test_reshape_with_unknown_dimensions():
    p = tf.placeholder(tf.float32, [None, 784])
    t = tf.reshape(p, [-1, 28, 28, 1])
    assert t.shape.as_list() == [None, 28, 28, 1]
    x = data((2, 784))
    check(t, x.reshape(-1, 28, 28, 1), feed_dict={p: x})
    check(tf.reshape(p, tf.shape(p)[::-1]), x.reshape(784, 2), feed_dict={p: x})
    check(tf.reshape(p, [tf.shape(p)[0], 2, -1]), x.reshape(2, 2, 392), feed_dict={p: x})


@pytest.mark.parametrize("shape, perm", [((2, 3), None), ((2, 3), [1, 0]), ((2, 3, 4), [2, 0, 1]),
                                         ((2, 3, 4), None), ((2, 3, 4), [0, 2, 1])], ids=str)
def test_transpose(shape, perm):
    x = data(shape)
    t = tf.transpose(x, perm)
    assert t.shape.as_list() == list(np.transpose(x, perm).shape)
    check(t, np.transpose(x, perm))


def test_expand_dims_squeeze_broadcast_to():
    x = data((2, 3))
    for axis in (0, 1, 2, -1, -3):
        check(tf.expand_dims(x, axis), np.expand_dims(x, axis))
    check(tf.expand_dims(x, dim=1), np.expand_dims(x, 1))
    y = data((1, 3, 1))
    check(tf.squeeze(y), np.squeeze(y))
    check(tf.squeeze(y, [0]), np.squeeze(y, 0))
    check(tf.squeeze(y, -1), np.squeeze(y, -1))
    check(tf.squeeze(y, squeeze_dims=[0, 2]), np.squeeze(y, (0, 2)))
    check(tf.squeeze(tf.constant([[5.0]])), np.float32(5.0))
    p = tf.placeholder(tf.float32, [None, 1, 3])
    assert tf.squeeze(p, 1).shape.as_list() == [None, 3]
    assert tf.expand_dims(p, -1).shape.as_list() == [None, 1, 3, 1]
    z = data((3,))
    check(tf.broadcast_to(z, [2, 3]), np.broadcast_to(z, (2, 3)))
    w = data((3, 1))
    check(tf.broadcast_to(w, [2, 3, 4]), np.broadcast_to(w, (2, 3, 4)))
    check(tf.broadcast_to(y, [2, 1, 3, 4]), np.broadcast_to(y, (2, 1, 3, 4)))
    with pytest.raises(ValueError):
        tf.squeeze(x, 0)


@pytest.mark.parametrize("axis", [0, 1, 2, -1, -2])
def test_stack(axis):
    parts = [data((2, 3)) for _ in range(4)]
    t = tf.stack(parts, axis=axis)
    assert t.shape.as_list() == list(np.stack(parts, axis).shape)
    check(t, np.stack(parts, axis))
    check(tf.stack([tf.constant(p) for p in parts], axis), np.stack(parts, axis))


def test_stack_values_and_nested_lists():
    check(tf.stack([1, 2, 3]), np.array([1, 2, 3], np.int32))
    s = tf.constant(2.0, tf.float64)
    check(tf.stack([s, 1.0, 3.0]), np.array([2.0, 1.0, 3.0]))  # Python values follow the tensor
    check(tf.convert_to_tensor([[s, 1.0], [2.0, 3.0]]), np.array([[2.0, 1.0], [2.0, 3.0]]))
    p = tf.placeholder(tf.int32, [])
    check(tf.stack([p, 4]), np.array([9, 4], np.int32), feed_dict={p: 9})
    with pytest.raises(ValueError, match="not in"):
        tf.stack([tf.zeros([2])] * 2, axis=3)
    with pytest.raises(ValueError):
        tf.stack([tf.zeros([2]), tf.zeros([3])])


GETITEM_KEYS = [
    1, -1, slice(1, 3), slice(None, None, 2), slice(None, None, -1), slice(3, 0, -2),
    (Ellipsis, 1), (Ellipsis, slice(1, None)), None, (slice(None), None, 1), (1, slice(0, 3, 2), -1),
    (slice(-3, None), Ellipsis, None), (0, 0, 0), (Ellipsis,), (slice(10, 20),), (-4, -3, -5),
]


@pytest.mark.parametrize("key", GETITEM_KEYS, ids=[str(k) for k in GETITEM_KEYS])
def test_getitem(key):
    x = data((4, 3, 5))
    t = tf.constant(x)[key]
    assert t.shape.as_list() == list(x[key].shape)
    check(t, x[key])


def test_getitem_on_unknown_dimensions_and_newaxis():
    p = tf.placeholder(tf.float32, [None, 4])
    assert p[:, 1].shape.as_list() == [None]
    assert p[0].shape.as_list() == [4]
    assert p[tf.newaxis, ..., 1:3].shape.as_list() == [1, None, 2]
    x = data((3, 4))
    check(p[:, ::-2], x[:, ::-2], feed_dict={p: x})
    check(p[tf.newaxis], x[None], feed_dict={p: x})
    check(p[tf.constant(1)], x[1], feed_dict={p: x})
    with pytest.raises(ValueError, match="out of bounds"):
        tf.constant(x)[5]
    with pytest.raises(TypeError):
        tf.constant(x)[[0, 1]]


def test_add_n_identity_placeholder_with_default():
    xs = [data((2, 3)) for _ in range(3)]
    check(tf.add_n(xs), xs[0] + xs[1] + xs[2], rtol=1e-6)
    check(tf.add_n(xs[:2]), xs[0] + xs[1])
    check(tf.add_n([tf.constant(1.5)] * 3), np.float32(4.5))
    check(tf.add_n([tf.constant([1, 2])] * 4), np.array([4, 8], np.int32))
    check(tf.add_n(xs[:1]), xs[0])
    check(tf.identity(xs[0]), xs[0])
    d = tf.placeholder_with_default(tf.constant(xs[0]), [None, 3])
    assert d.shape.as_list() == [None, 3] and d.dtype == tf.float32
    check(d, xs[0])
    check(d * 2.0, xs[1] * 2.0, feed_dict={d: xs[1]})
    check(d, np.zeros((5, 3), np.float32), feed_dict={d: np.zeros((5, 3), np.float32)})
    with pytest.raises(ValueError):
        tf.add_n([tf.zeros([2]), tf.zeros([3])])


# ====================================================================== tf.nn
def _np_softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


@pytest.mark.parametrize("dtype", FLOATS, ids=["f32", "f64"])
@pytest.mark.parametrize("shape, axis", [((3, 4), -1), ((3, 4), 0), ((5,), -1), ((2, 3, 4), 1)],
                         ids=str)
def test_softmax_log_softmax(shape, axis, dtype):
    x = data(shape, dtype)
    expected = _np_softmax(x.astype(np.float64), axis)
    check(tf.nn.softmax(x, axis=axis), expected.astype(dtype), rtol=1e-5)
    check(tf.nn.log_softmax(x, axis=axis), np.log(expected).astype(dtype), rtol=1e-5, atol=1e-6)
    check(tf.nn.softmax(x, dim=axis), expected.astype(dtype), rtol=1e-5)


@pytest.mark.parametrize("dtype", FLOATS, ids=["f32", "f64"])
def test_softmax_cross_entropy(dtype):
    logits = data((3, 4), dtype)
    labels = RNG.uniform(0, 1, (3, 4)).astype(dtype)  # need not sum to one
    log_probs = np.log(_np_softmax(logits.astype(np.float64)))
    expected = -(labels * log_probs).sum(-1)
    for fn in (tf.nn.softmax_cross_entropy_with_logits_v2, tf.nn.softmax_cross_entropy_with_logits):
        t = fn(labels=labels, logits=logits)
        assert t.shape.as_list() == [3]
        check(t, expected.astype(dtype), rtol=1e-5)
    along0 = tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels.T, logits=logits.T, dim=0)
    check(along0, expected.astype(dtype), rtol=1e-5)
    # Rank 3, classes on axis 0 or 1: the loss keeps the other dims in their order.
    logits3, labels3 = data((4, 2, 3), dtype), RNG.uniform(0, 1, (4, 2, 3)).astype(dtype)
    for axis in (0, 1, -2):
        log_p = np.log(_np_softmax(logits3.astype(np.float64), axis))
        t = tf.nn.softmax_cross_entropy_with_logits_v2(labels=labels3, logits=logits3, axis=axis)
        check(t, (-(labels3 * log_p).sum(axis)).astype(dtype), rtol=1e-5)
    p = tf.placeholder(dtype, [None, 4])
    assert tf.nn.softmax_cross_entropy_with_logits_v2(labels=p, logits=p).shape.as_list() == [None]
    with pytest.raises(ValueError, match="named arguments"):
        tf.nn.softmax_cross_entropy_with_logits_v2(labels, logits)


@pytest.mark.parametrize("dtype", FLOATS, ids=["f32", "f64"])
def test_sigmoid_cross_entropy(dtype):
    logits = data((2, 3), dtype, -5, 5)
    labels = RNG.uniform(0, 1, (2, 3)).astype(dtype)
    x = logits.astype(np.float64)
    expected = -(labels * np.log(_np_sigmoid(x)) + (1 - labels) * np.log(1 - _np_sigmoid(x)))
    t = tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=logits)
    assert t.shape.as_list() == [2, 3]
    check(t, expected.astype(dtype), rtol=1e-5, atol=1e-6)


# ====================================================================== numerical stability
@pytest.fixture
def strict_floats():
    """Any overflow, invalid operation or division by zero in numpy (and any warning) fails the
    test. Underflow to 0 is correct (exp(-2000) is 0) and stays allowed."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise", under="ignore"):
            yield


@pytest.mark.parametrize("dtype", FLOATS, ids=["f32", "f64"])
def test_softmax_family_is_stable_at_huge_logits(dtype, strict_floats):
    logits = np.array([[1000.0, -1000.0, 0.0], [-1000.0, -1000.0, -1000.0]], dtype)
    labels = np.array([[0.0, 1.0, 0.0], [0.2, 0.3, 0.5]], dtype)
    lo, la = tf.constant(logits), tf.constant(labels)
    soft, log_soft = tf.nn.softmax(lo), tf.nn.log_softmax(lo)
    xent = tf.nn.softmax_cross_entropy_with_logits_v2(labels=la, logits=lo)
    g_logits, g_labels = tf.gradients(xent, [lo, la])
    values = run([soft, log_soft, xent, g_logits, g_labels])
    for v in values:
        assert np.all(np.isfinite(v)) and v.dtype == dtype
    np.testing.assert_allclose(values[0], [[1, 0, 0], [1 / 3, 1 / 3, 1 / 3]], rtol=1e-6)
    np.testing.assert_allclose(values[1], [[0, -2000, -1000], [-np.log(3)] * 3], rtol=1e-6)
    np.testing.assert_allclose(values[2], [2000, np.log(3)], rtol=1e-6)
    np.testing.assert_allclose(values[3], [[1, -1, 0], [1 / 3 - 0.2, 1 / 3 - 0.3, 1 / 3 - 0.5]],
                               rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(values[4], -values[1], rtol=1e-6)


@pytest.mark.parametrize("dtype", FLOATS, ids=["f32", "f64"])
def test_sigmoid_and_sigmoid_xent_are_stable_at_huge_logits(dtype, strict_floats):
    logits = np.array([1000.0, -1000.0, 1000.0, -1000.0, 0.0], dtype)
    labels = np.array([1.0, 0.0, 0.0, 1.0, 0.5], dtype)
    lo = tf.constant(logits)
    loss = tf.nn.sigmoid_cross_entropy_with_logits(labels=labels, logits=lo)
    g, = tf.gradients(loss, [lo])
    sig, loss_v, g_v = run([tf.nn.sigmoid(lo), loss, g])
    np.testing.assert_allclose(sig, [1, 0, 1, 0, 0.5])
    np.testing.assert_allclose(loss_v, [0, 0, 1000, 1000, np.log(2)], rtol=1e-6)
    np.testing.assert_allclose(g_v, [0, 0, 1, -1, 0])
    for v in (sig, loss_v, g_v):
        assert v.dtype == dtype


# ====================================================================== random ops
@pytest.mark.parametrize("fn", [tf.random_normal, tf.truncated_normal, tf.random_uniform],
                         ids=["normal", "truncated", "uniform"])
@pytest.mark.parametrize("dtype", [tf.float32, tf.float64])
def test_random_ops_shape_and_dtype(fn, dtype):
    t = fn([3, 4], dtype=dtype, seed=1)
    assert t.dtype == dtype and t.shape.as_list() == [3, 4]
    v = run(t)
    assert v.dtype == dtype.np_dtype and v.shape == (3, 4)
    assert len(np.unique(v)) == 12
    p = tf.placeholder(tf.float32, [None, 2])
    dyn = fn(tf.shape(p), dtype=dtype)
    assert dyn.shape.as_list() == [None, 2]
    assert run(dyn, {p: np.zeros((5, 2), np.float32)}).shape == (5, 2)


def test_random_distributions():
    n = 20000
    normal = tf.random_normal([n], mean=3.0, stddev=2.0, seed=7)
    trunc = tf.truncated_normal([n], mean=-1.0, stddev=0.5, seed=7)
    uni = tf.random_uniform([n], minval=-2.0, maxval=5.0, seed=7)
    ints = tf.random_uniform([n], minval=-3, maxval=4, dtype=tf.int32, seed=7)
    assert ints.dtype == tf.int32
    nv, tv, uv, iv = run([normal, trunc, uni, ints])
    assert abs(nv.mean() - 3.0) < 0.1 and abs(nv.std() - 2.0) < 0.1
    assert tv.min() >= -2.0 and tv.max() <= 0.0  # within two stddevs of the mean
    assert abs(tv.mean() + 1.0) < 0.02 and 0.4 < tv.std() < 0.47  # truncation narrows it
    assert uv.min() >= -2.0 and uv.max() < 5.0 and abs(uv.mean() - 1.5) < 0.1
    assert iv.dtype == np.int32 and iv.min() == -3 and iv.max() == 3
    with pytest.raises(ValueError, match="maxval"):
        tf.random_uniform([2], dtype=tf.int32)


def _seeded_values(graph_seed, op_seed, runs=2):
    """Builds a fresh graph with one random op and returns ``runs`` successive values from one
    Session, and the first value from a second Session."""
    graph = tf.Graph()
    with graph.as_default():
        if graph_seed is not None:
            tf.set_random_seed(graph_seed)
        t = tf.random_normal([5], seed=op_seed)
        with tf.Session() as sess:
            values = [sess.run(t) for _ in range(runs)]
        with tf.Session() as sess:
            again = sess.run(t)
    return values, again


@pytest.mark.parametrize("graph_seed, op_seed", [(1, None), (None, 5), (1, 5)])
def test_seeded_random_ops_repeat_across_sessions_and_graphs(graph_seed, op_seed):
    (first, second), again = _seeded_values(graph_seed, op_seed)
    (other_first, _), _ = _seeded_values(graph_seed, op_seed)
    assert not np.array_equal(first, second)  # successive runs in one Session differ
    np.testing.assert_array_equal(first, again)  # a new Session restarts the sequence
    np.testing.assert_array_equal(first, other_first)  # same seeds in a new graph: same values


def test_random_seeds_distinguish_ops_and_seeds():
    (a, _), _ = _seeded_values(1, 5)
    (b, _), _ = _seeded_values(1, 6)
    (c, _), _ = _seeded_values(2, 5)
    (u1, _), _ = _seeded_values(None, None)
    (u2, _), _ = _seeded_values(None, None)
    assert not np.array_equal(a, b) and not np.array_equal(a, c)
    assert not np.array_equal(u1, u2)  # unseeded: fresh entropy
    tf.set_random_seed(3)
    r1, r2 = tf.random_normal([4]), tf.random_normal([4])
    v1, v2 = run([r1, r2])
    assert not np.array_equal(v1, v2)  # two ops under one graph seed still differ


def test_random_op_state_is_shared_between_fetch_signatures():
    t = tf.random_uniform([6], seed=3)
    with tf.Session() as sess:
        a = sess.run(t)
        b, b_twice = sess.run([t, t * 1.0])
    np.testing.assert_allclose(b, b_twice)  # one draw per run, whoever fetches it
    assert not np.array_equal(a, b)


# ====================================================================== operator overloads
def test_operator_overloads():
    x = data((2, 3))
    y = data((3,)) + np.float32(5.0)
    tx, ty = tf.constant(x), tf.constant(y)
    f32 = np.float32
    cases = [
        (tx + ty, x + y), (tx - ty, x - y), (tx * ty, x * y), (tx / ty, x / y),
        (tx // ty, x // y), (tx % ty, x % y), (ty ** f32(1.5), y ** f32(1.5)),
        (-tx, -x), (abs(tx), np.abs(x)), (tx < ty, x < y), (tx <= ty, x <= y),
        (tx > ty, x > y), (tx >= ty, x >= y), (tx @ tf.transpose(tx), x @ x.T),
        (2.0 - tx, 2.0 - x), (2.0 + tx, 2.0 + x), (3.0 * tx, 3.0 * x), (1.0 / ty, 1.0 / y),
        (7.0 // ty, f32(7.0) // y), (7.0 % ty, f32(7.0) % y), (2.0 ** tx, f32(2.0) ** x),
        (1.0 < tx, 1.0 < x), (tx + 1, x + 1), (tx * 2, x * 2),
        (np.ones(3) + tx, np.ones(3, f32) + x), (np.ones(3) * tx, x),
        (np.full((3,), 2.0) - tx, f32(2.0) - x), (np.ones((2, 2)) @ tx, np.ones((2, 2), f32) @ x),
        (np.zeros(3) < tx, np.zeros(3) < x),
    ]
    for t, expected in cases:
        assert isinstance(t, tf.Tensor), type(t)
        check(t, np.asarray(expected), rtol=1e-5)


def test_integer_operators():
    a, b = np.array([7, -7, 9], np.int32), np.array([2, 3, -4], np.int32)
    ta, tb = tf.constant(a), tf.constant(b)
    check(ta // tb, a // b)
    check(ta % tb, a % b)
    check(ta / tb, a / b)
    check(ta ** 2, a ** 2)
    check(10 - ta, 10 - a)
    check(-ta, -a)
    check(abs(ta), np.abs(a))


# ====================================================================== dtype rules
def test_python_and_numpy_values_dtypes():
    assert tf.constant(1.5).dtype == tf.float32
    assert tf.constant([1.0, 2.0]).dtype == tf.float32
    assert tf.constant(3).dtype == tf.int32
    assert tf.constant([True]).dtype == tf.bool
    assert tf.constant(np.zeros(2)).dtype == tf.float64
    assert tf.constant(np.zeros(2, np.float32)).dtype == tf.float32
    assert tf.constant(np.arange(3)).dtype == tf.int64
    assert tf.convert_to_tensor(2 ** 40).dtype == tf.int64
    check(tf.constant(1.5), np.float32(1.5))
    check(tf.constant(2.0, tf.float64, shape=[2, 2]), np.full((2, 2), 2.0))
    with pytest.raises(TypeError, match="Expected int32"):
        tf.constant(1.5, tf.int32)


def test_constants_are_scalars_and_private_copies():
    c = tf.constant(3.0)
    assert c.shape.as_list() == [] and c.shape.ndims == 0
    check(c + tf.constant(1.0), np.float32(4.0))
    source = np.array([1.0, 2.0])
    t = tf.constant(source)
    source[0] = 100.0  # the caller's array stays writable and the constant keeps its value
    check(t, np.array([1.0, 2.0]))


def test_mixing_dtypes():
    x32 = tf.constant([1.0, 2.0])
    x64 = tf.constant(np.array([1.0, 2.0]))
    with pytest.raises(TypeError, match="float64.*float32|float32.*float64"):
        x32 + x64
    with pytest.raises(TypeError, match="float64.*float32|float32.*float64"):
        tf.matmul(tf.zeros([2, 2]), tf.zeros([2, 2], tf.float64))
    with pytest.raises(TypeError, match="int32.*float32|float32.*int32"):
        tf.multiply(x32, tf.constant([1, 2]))
    check(x32 + 1, np.array([2.0, 3.0], np.float32))
    check(x64 + 1, np.array([2.0, 3.0]))
    check(x32 * 2.5, np.array([2.5, 5.0], np.float32))
    check(x64 + 0.5, np.array([1.5, 2.5]))
    check(tf.constant([1, 2], tf.int64) + 1, np.array([2, 3], np.int64))
    check(x32 + np.float64(1.0), np.array([2.0, 3.0], np.float32))
    with pytest.raises(TypeError, match="Expected int32"):
        tf.constant([1, 2]) + 1.5
    with pytest.raises(TypeError):
        tf.constant([True]) + tf.constant([False])


# ====================================================================== build-time shape errors
def test_matmul_shape_error_names_dims_op_shapes_and_creation_site():
    x = tf.placeholder(tf.float32, [None, 784])
    w = tf.zeros([10, 10])
    with pytest.raises(ValueError) as info:
        tf.matmul(x, w)
    message = str(info.value)
    assert "Dimensions must be equal, but are 784 and 10" in message
    assert "'MatMul'" in message and "(op: 'MatMul')" in message
    assert "[?,784], [10,10]" in message
    assert THIS_FILE in message
    with pytest.raises(ValueError, match="784 and 10") as info:
        x @ w
    assert THIS_FILE in str(info.value)


def test_broadcast_reshape_and_other_shape_errors():
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 3 and 4") as info:
        tf.zeros([2, 3]) + tf.zeros([2, 4])
    assert "[2,3], [2,4]" in str(info.value) and THIS_FILE in str(info.value)
    with pytest.raises(ValueError, match="Dimensions must be equal"):
        tf.maximum(tf.zeros([3]), tf.zeros([2, 4]))
    with pytest.raises(ValueError, match="Cannot reshape a tensor with 6 elements"):
        tf.reshape(tf.zeros([2, 3]), [4])
    with pytest.raises(ValueError, match="not divisible"):
        tf.reshape(tf.zeros([2, 3]), [-1, 4])
    with pytest.raises(ValueError, match="Only one input size may be -1"):
        tf.reshape(tf.zeros([2, 3]), [-1, -1])
    with pytest.raises(ValueError, match="rank 2"):
        tf.matmul(tf.zeros([3]), tf.zeros([3, 3]))
    with pytest.raises(ValueError, match="not a permutation"):
        tf.transpose(tf.zeros([2, 3]), [0, 0])
    with pytest.raises(ValueError, match="expand dim"):
        tf.expand_dims(tf.zeros([2, 3]), 4)
    with pytest.raises(ValueError, match="Dimensions must be equal"):
        tf.broadcast_to(tf.zeros([2]), [3])
    with pytest.raises(ValueError, match="rank 1"):
        tf.nn.softmax(tf.constant(1.0))
    with pytest.raises(ValueError):
        tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.zeros([2]), logits=tf.zeros([3]))


def test_shape_errors_with_unknown_dimensions_are_deferred():
    p = tf.placeholder(tf.float32, [None, 3])
    q = tf.placeholder(tf.float32, [None, 3])
    s = p + q  # unknown first dims: compatible while building
    assert s.shape.as_list() == [None, 3]
    with pytest.raises(tf.errors.InvalidArgumentError):
        run(s, {p: np.zeros((2, 3)), q: np.zeros((4, 3))})


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_scalar_arithmetic_keeps_dtypes_for_scalar_and_0d_feeds(dtype):
    # Rank-0 float operands run on numpy's scalar arithmetic, not ufunc calls: same results.
    x, y = tf.placeholder(dtype, []), tf.placeholder(dtype, [])
    fetches = [x + y, x - y, x * y, x / y]
    with tf.Session() as sess:
        for feed in ({x: dtype(3.0), y: dtype(4.0)}, {x: np.array(3.0, dtype), y: 4.0}):
            values = sess.run(fetches, feed)
            assert [v.dtype for v in values] == [np.dtype(dtype)] * 4
            assert all(np.ndim(v) == 0 for v in values)
            np.testing.assert_allclose(values, [7.0, -1.0, 12.0, 0.75])
