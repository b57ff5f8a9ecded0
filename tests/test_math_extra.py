"""expm1, sin, cos, floor, ceil, round, clip_by_value, where (both forms), reduce_prod,
reduce_logsumexp, cumsum/cumprod, count_nonzero, tensordot, einsum and batched matmul: forward
values against numpy (dtype, static and run-time shape), gradient checks over several shapes,
and their error messages."""
import numpy as np
import pytest

import autograd_engine as tf
from autograd_engine.testing import check_gradients
from op_helpers import check, grad_of, run
from op_helpers import away_from as _away_from

RNG = np.random.RandomState(7)
FLOATS = [np.float32, np.float64]


def normal(*shape):
    return RNG.standard_normal(shape)


def away_from(points, shape, gap=0.15, scale=3.0):
    return _away_from(RNG, points, shape, gap, scale)


# ====================================================================== unary
UNARY = {
    "expm1": (tf.expm1, np.expm1),
    "sin": (tf.sin, np.sin),
    "cos": (tf.cos, np.cos),
    "floor": (tf.floor, np.floor),
    "ceil": (tf.ceil, np.ceil),
    "round": (tf.round, np.round),
}


@pytest.mark.parametrize("dtype", FLOATS, ids=["f32", "f64"])
@pytest.mark.parametrize("shape", [(), (5,), (2, 3, 4)], ids=str)
@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_forward(name, shape, dtype):
    fn, np_fn = UNARY[name]
    x = RNG.uniform(-4, 4, shape).astype(dtype)
    check(fn(tf.constant(x)), np_fn(x).astype(dtype), rtol=1e-6)
    # Unknown dimensions: the run-time shape comes from the fed value.
    ph = tf.placeholder(dtype, [None] * len(shape))
    y = fn(ph)
    assert y.shape.as_list() == [None] * len(shape)
    check(y, np_fn(x).astype(dtype), feed_dict={ph: x})


def test_expm1_is_accurate_near_zero():
    x = np.array([1e-10, -1e-12, 1e-30])
    np.testing.assert_allclose(run(tf.expm1(tf.constant(x))), x, rtol=1e-9)


def test_round_halves_to_even_as_tf1():
    halves = np.array([-3.5, -2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.5, 0.49, 0.51], np.float32)
    check(tf.round(halves), np.array([-4, -2, -2, -0, 0, 2, 2, 4, 0, 1], np.float32))
    check(tf.round(tf.constant([3, -7], tf.int32)), np.array([3, -7], np.int32))


@pytest.mark.parametrize("fn", [tf.floor, tf.ceil, tf.expm1, tf.sin, tf.cos],
                         ids=["floor", "ceil", "expm1", "sin", "cos"])
def test_float_only_unary_ops_reject_integers(fn):
    with pytest.raises(TypeError, match="DataType int32 not in list of allowed values"):
        fn(tf.constant([1, 2]))


@pytest.mark.parametrize("shape", [(3,), (2, 5), (2, 3, 4)], ids=str)
@pytest.mark.parametrize("fn", [tf.expm1, tf.sin, tf.cos], ids=["expm1", "sin", "cos"])
def test_smooth_unary_gradients(fn, shape):
    check_gradients(fn, [normal(*shape)])
    # and the second derivative
    check_gradients(lambda x: grad_of(tf.reduce_sum(fn(x) * x), x), [normal(*shape)])


@pytest.mark.parametrize("fn", [tf.floor, tf.ceil, tf.round], ids=["floor", "ceil", "round"])
def test_piecewise_constant_ops_have_no_gradient(fn):
    x = tf.placeholder(tf.float32, [3])
    assert tf.gradients(tf.reduce_sum(fn(x)), [x]) == [None]
    # Only the other path carries a gradient.
    g = grad_of(tf.reduce_sum(fn(x) + 2.0 * x), x)
    np.testing.assert_array_equal(run(g, {x: [0.2, 1.7, -3.1]}), [2.0, 2.0, 2.0])


# ====================================================================== clip_by_value
@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int32], ids=["f32", "f64", "i32"])
def test_clip_by_value_scalar_bounds(dtype):
    x = (RNG.uniform(-5, 5, (3, 4)) * (1 if dtype != np.int32 else 2)).astype(dtype)
    check(tf.clip_by_value(x, -1, 2), np.minimum(np.maximum(x, -1), 2).astype(dtype))
    ph = tf.placeholder(dtype, [None, 4])
    y = tf.clip_by_value(ph, -1, 2)
    assert y.shape.as_list() == [None, 4] and y.op.type == "ClipByValue"
    check(y, np.clip(x, -1, 2).astype(dtype), feed_dict={ph: x})


def test_clip_by_value_broadcast_bounds_and_crossed_bounds():
    x = normal(2, 3).astype(np.float32)
    low = np.array([-0.5, 0.0, 0.5], np.float32)
    high = np.array([[0.2], [1.0]], np.float32)
    check(tf.clip_by_value(x, low, high), np.maximum(np.minimum(x, high), low))
    # TF1 applies the max after the min, so when the bounds cross the lower one wins.
    check(tf.clip_by_value(tf.constant([-3.0, 0.0, 3.0]), 1.0, -1.0),
          np.array([1.0, 1.0, 1.0], np.float32))


@pytest.mark.parametrize("shapes", [((3, 4), (), ()), ((3, 4), (4,), (3, 1)),
                                    ((2, 3, 4), (3, 4), (1, 4))], ids=str)
def test_clip_by_value_gradients(shapes):
    x = away_from([-0.5, 0.5], shapes[0], scale=1.5)
    # Every element of t is clearly inside, below or above [-0.5, 0.5], so the gradient
    # reaches t, low and high (summed over the broadcast) without a kink nearby.
    low, high = np.full(shapes[1], -0.5), np.full(shapes[2], 0.5)
    check_gradients(lambda t, lo, hi: tf.clip_by_value(t, lo, hi), [x, low, high])


def test_clip_by_value_gradient_passes_only_inside_the_range():
    t = tf.constant([-2.0, -1.0, 0.0, 1.0, 2.0])
    low, high = tf.constant(-1.0), tf.constant(1.0)
    g_t, g_low, g_high = tf.gradients(tf.reduce_sum(tf.clip_by_value(t, low, high) *
                                                    tf.constant([1.0, 2.0, 3.0, 4.0, 5.0])),
                                      [t, low, high])
    values = run([g_t, g_low, g_high])
    np.testing.assert_array_equal(values[0], [0.0, 2.0, 3.0, 4.0, 0.0])  # boundaries inclusive
    assert values[1] == 1.0 and values[2] == 5.0


def test_clip_by_value_errors():
    with pytest.raises(ValueError, match=r"clip_value_min of shape \[2,3\] would broadcast t of "
                                         r"shape \[3\] to \[2,3\]; clip_by_value keeps t's shape"):
        tf.clip_by_value(tf.zeros([3]), tf.zeros([2, 3]), 1.0)
    with pytest.raises(ValueError, match=r"clip_value_max of shape \[3,4\] would broadcast t of "
                                         r"shape \[3,1\]"):
        tf.clip_by_value(tf.zeros([3, 1]), 0.0, tf.ones([3, 4]))
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 3 and 2"):
        tf.clip_by_value(tf.zeros([3]), tf.zeros([2]), 1.0)


def test_clip_by_value_bounds_that_enlarge_t_at_run_time_are_an_error():
    # Shapes unknown while building: the kernel keeps the static promise that t's shape stays.
    t = tf.constant([1.0, 5.0])
    low = tf.placeholder(tf.float32)
    clipped = tf.clip_by_value(t, low, 3.0)
    assert clipped.shape.as_list() == [2]
    np.testing.assert_array_equal(run(clipped, {low: [2.0, 0.0]}), [2.0, 3.0])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"clip_value_min of shape \[1,2\] would broadcast t of shape \[2\] to "
                             r"\[1,2\]; clip_by_value keeps t's shape\nThe op was created at"):
        run(clipped, {low: [[2.0, 0.0]]})
    with pytest.raises(TypeError, match="clip_value_max has dtype float64 but t has dtype float32"):
        tf.clip_by_value(tf.zeros([3]), 0.0, tf.constant(1.0, tf.float64))


# ====================================================================== where
@pytest.mark.parametrize("shape", [(6,), (3, 4), (2, 3, 4)], ids=str)
def test_where_with_one_argument_gives_int64_coordinates(shape):
    cond = RNG.rand(*shape) > 0.5
    t = tf.where(cond)
    assert t.shape.as_list() == [None, len(shape)]
    check(t, np.argwhere(cond).astype(np.int64))
    ph = tf.placeholder(tf.bool, [None] * len(shape))
    assert tf.where(ph).shape.as_list() == [None, len(shape)]
    check(tf.where(ph), np.argwhere(cond), feed_dict={ph: cond})


def test_where_with_one_argument_on_numbers_empty_and_unknown_rank():
    check(tf.where(tf.constant([[0.0, 2.5], [-1.0, 0.0]])), np.array([[0, 1], [1, 0]], np.int64))
    check(tf.where(tf.zeros([2, 3], tf.bool)), np.zeros((0, 2), np.int64))
    ph = tf.placeholder(tf.bool)
    assert tf.where(ph).shape.as_list() == [None, None]
    assert tf.where(ph).op.type == "Where"
    x = tf.placeholder(tf.float32, [3])
    assert tf.gradients(tf.reduce_sum(tf.cast(tf.where(x > 0), tf.float32)), [x]) == [None]


def test_where_three_arguments_and_half_given():
    cond = np.array([[True, False, True], [False, False, True]])
    x, y = normal(2, 3), normal(2, 3)
    check(tf.where(cond, x, y), np.where(cond, x, y))
    check(tf.where(condition=cond, x=x, y=y, name="pick"), np.where(cond, x, y))
    assert tf.where(cond, x, y, name="chosen").op.name == "chosen"
    for kwargs in ({"x": x}, {"y": y}):
        with pytest.raises(ValueError, match="x and y must both be non-None or both be None"):
            tf.where(cond, **kwargs)


# ====================================================================== reduce_prod
AXES = [None, 0, 1, -1, [0, 2], [-1, 0]]


@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("axis", AXES, ids=str)
@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int32], ids=["f32", "f64", "i32"])
def test_reduce_prod_forward(dtype, axis, keepdims):
    x = RNG.randint(-3, 4, (2, 3, 4)).astype(dtype)
    np_axis = tuple(axis) if isinstance(axis, list) else axis
    expected = np.prod(x, axis=np_axis, keepdims=keepdims).astype(dtype)
    check(tf.reduce_prod(x, axis=axis, keepdims=keepdims), expected)
    ph = tf.placeholder(dtype, [None, 3, None])
    check(tf.reduce_prod(ph, axis=axis, keepdims=keepdims), expected, feed_dict={ph: x})


def _with_zeros(shape, flat_positions):
    x = RNG.uniform(0.5, 1.5, shape) * RNG.choice([-1.0, 1.0], shape)
    x.reshape(-1)[list(flat_positions)] = 0.0
    return x


@pytest.mark.parametrize("case", [
    ((3, 4), None, ()), ((3, 4), 1, ()), ((2, 3, 4), [0, 2], ()), ((4, 3), 0, ()),
    ((3, 4), 1, (5,)),            # one zero in row 1
    ((3, 4), 1, (4, 6)),          # two zeros in the same row: that row's gradient is all 0
    ((3, 4), 0, (0, 5, 11)),      # one zero in each of three columns
    ((3, 4), None, (7,)),         # a single zero in the whole product
    ((2, 3, 4), -1, (0, 1, 13)),
], ids=lambda c: "%s-axis%s-zeros%s" % c)
def test_reduce_prod_gradients_with_and_without_zeros(case):
    shape, axis, zeros = case
    x = _with_zeros(shape, zeros)
    # The product is multilinear, so central differences are exact even at the zeros.
    check_gradients(lambda t: tf.reduce_prod(t, axis=axis), [x])
    check_gradients(lambda t: tf.reduce_prod(t, axis=axis, keepdims=True), [x])


def test_reduce_prod_gradient_values_at_zeros():
    x = tf.constant([[2.0, 0.0, 3.0], [0.0, 0.0, 4.0], [1.0, 2.0, 3.0]])
    g = run(grad_of(tf.reduce_sum(tf.reduce_prod(x, axis=1)), x))
    np.testing.assert_array_equal(g, [[0.0, 6.0, 0.0], [0.0, 0.0, 0.0], [6.0, 3.0, 2.0]])


def test_reduce_prod_dynamic_shape_and_second_derivative():
    check_gradients(lambda t: tf.reduce_prod(tf.placeholder_with_default(t, [None, None]), axis=0),
                    [_with_zeros((3, 2), (1,))])
    check_gradients(lambda t: grad_of(tf.reduce_sum(tf.reduce_prod(t, axis=1) ** 2), t),
                    [RNG.uniform(0.5, 1.5, (2, 3))])


def test_reduce_prod_rejects_bool():
    with pytest.raises(TypeError, match="reduce_prod does not accept bool tensors"):
        tf.reduce_prod(tf.constant([True]))


# ====================================================================== reduce_logsumexp
def _np_logsumexp(x, axis=None, keepdims=False):
    peak = np.max(x, axis=axis, keepdims=True)
    out = np.log(np.sum(np.exp(x - peak), axis=axis, keepdims=True)) + peak
    return out if keepdims else np.squeeze(out, axis=axis)


@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("axis", AXES, ids=str)
@pytest.mark.parametrize("dtype", FLOATS, ids=["f32", "f64"])
def test_reduce_logsumexp_forward(dtype, axis, keepdims):
    x = RNG.uniform(-5, 5, (2, 3, 4)).astype(dtype)
    np_axis = tuple(axis) if isinstance(axis, list) else axis
    expected = _np_logsumexp(x.astype(np.float64), np_axis, keepdims).astype(dtype)
    check(tf.reduce_logsumexp(x, axis=axis, keepdims=keepdims), expected, rtol=1e-5)
    ph = tf.placeholder(dtype, [None, None, 4])
    check(tf.reduce_logsumexp(ph, axis=axis, keepdims=keepdims), expected, rtol=1e-5,
          feed_dict={ph: x})


@pytest.mark.parametrize("dtype", FLOATS, ids=["f32", "f64"])
def test_reduce_logsumexp_is_stable(dtype, strict_floats):
    x = tf.constant(np.array([[1000.0, 1000.0, -1000.0], [-1000.0, -1000.0, -1000.0]], dtype))
    y = tf.reduce_logsumexp(x, axis=1)
    value, g = run([y, grad_of(tf.reduce_sum(y), x)])
    np.testing.assert_allclose(value, [1000 + np.log(2), -1000 + np.log(3)], rtol=1e-6)
    np.testing.assert_allclose(g, [[0.5, 0.5, 0.0], [1 / 3, 1 / 3, 1 / 3]], rtol=1e-6)


@pytest.mark.parametrize("case", [((4,), None), ((3, 4), 1), ((3, 4), 0), ((2, 3, 4), [0, 2])],
                         ids=str)
def test_reduce_logsumexp_gradients(case):
    shape, axis = case
    check_gradients(lambda t: tf.reduce_logsumexp(t, axis=axis), [normal(*shape)])
    check_gradients(lambda t: grad_of(tf.reduce_sum(tf.reduce_logsumexp(t, axis=axis) ** 2), t),
                    [normal(*shape)])


def test_reduce_logsumexp_rejects_integers():
    with pytest.raises(TypeError, match="reduce_logsumexp needs a floating-point tensor, got int32"):
        tf.reduce_logsumexp(tf.constant([1, 2]))


# ====================================================================== cumsum, cumprod
def _np_scan(np_fn, identity, x, axis, exclusive, reverse):
    if reverse:
        x = np.flip(x, axis)
    out = np_fn(x, axis=axis, dtype=x.dtype)
    if exclusive:
        out = np.concatenate([np.full_like(np.take(out, [0], axis=axis), identity),
                              np.delete(out, -1, axis=axis)], axis=axis)
    return np.flip(out, axis) if reverse else out


SCANS = {"cumsum": (tf.cumsum, np.cumsum, 0), "cumprod": (tf.cumprod, np.cumprod, 1)}
FLAGS = [(False, False), (True, False), (False, True), (True, True)]
FLAG_IDS = ["plain", "exclusive", "reverse", "exclusive-reverse"]


@pytest.mark.parametrize("flags", FLAGS, ids=FLAG_IDS)
@pytest.mark.parametrize("axis", [0, 1, -1, 2], ids=str)
@pytest.mark.parametrize("dtype", [np.float32, np.int32], ids=["f32", "i32"])
@pytest.mark.parametrize("name", sorted(SCANS))
def test_scan_forward(name, dtype, axis, flags):
    fn, np_fn, identity = SCANS[name]
    exclusive, reverse = flags
    x = RNG.randint(-3, 4, (2, 3, 4)).astype(dtype)
    expected = _np_scan(np_fn, identity, x, axis, exclusive, reverse)
    check(fn(x, axis=axis, exclusive=exclusive, reverse=reverse), expected)
    ph = tf.placeholder(dtype)  # unknown rank: a negative axis is resolved at run time
    check(fn(ph, axis=axis, exclusive=exclusive, reverse=reverse), expected, feed_dict={ph: x})


def test_scan_defaults_and_axis_tensor():
    check(tf.cumsum([[1, 2], [3, 4]]), np.array([[1, 2], [4, 6]], np.int32))
    check(tf.cumsum([[1.0, 2.0], [3.0, 4.0]], axis=tf.constant(1)),
          np.array([[1, 3], [3, 7]], np.float32))
    check(tf.cumprod(tf.constant([2.0, 3.0, 4.0], tf.float64), exclusive=True),
          np.array([1.0, 2.0, 6.0]))


@pytest.mark.parametrize("flags", FLAGS, ids=FLAG_IDS)
@pytest.mark.parametrize("case", [((5,), 0), ((3, 4), 1), ((3, 4), 0), ((2, 3, 4), -2)], ids=str)
@pytest.mark.parametrize("name", sorted(SCANS))
def test_scan_gradients(name, case, flags):
    fn = SCANS[name][0]
    shape, axis = case
    exclusive, reverse = flags
    # cumprod's gradient divides by x (as TF1's): keep x away from 0.
    x = away_from([0.0], shape, gap=0.3, scale=1.5)
    check_gradients(lambda t: fn(t, axis=axis, exclusive=exclusive, reverse=reverse), [x])


def test_scan_errors():
    with pytest.raises(ValueError, match=r"Expected scan axis in the range \[-2, 2\), but got 2"):
        tf.cumsum(tf.zeros([2, 3]), axis=2)
    with pytest.raises(ValueError, match=r"Expected scan axis in the range \[-1, 1\), but got -2"):
        tf.cumprod(tf.zeros([3]), axis=-2)
    with pytest.raises(ValueError, match=r"Expected scan axis in the range \[0, 0\)"):
        tf.cumsum(tf.constant(1.0))
    with pytest.raises(TypeError, match="cumsum does not accept bool tensors"):
        tf.cumsum(tf.constant([True, False]))
    with pytest.raises(TypeError, match="The cumsum axis must be known while building the graph"):
        tf.cumsum(tf.zeros([3]), axis=tf.placeholder(tf.int32, []))


# ====================================================================== count_nonzero
@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("axis", [None, 0, 1, [0, 1]], ids=str)
@pytest.mark.parametrize("dtype", [np.float32, np.int32, np.bool_], ids=["f32", "i32", "bool"])
def test_count_nonzero(dtype, axis, keepdims):
    x = RNG.randint(0, 3, (3, 4)).astype(dtype)
    np_axis = tuple(axis) if isinstance(axis, list) else axis
    expected = np.count_nonzero(x, axis=np_axis, keepdims=keepdims)
    check(tf.count_nonzero(x, axis=axis, keepdims=keepdims), np.asarray(expected, np.int64))
    check(tf.count_nonzero(x, axis, keepdims, dtype=tf.int32), np.asarray(expected, np.int32))


def test_count_nonzero_tf1_argument_names():
    x = np.array([[0.0, 1.5], [0.0, 0.0]])
    check(tf.count_nonzero(input_tensor=x, reduction_indices=1, keep_dims=True),
          np.array([[1], [0]], np.int64))
    check(tf.count_nonzero(input=x), np.int64(1))
    assert tf.count_nonzero(x, name="nnz").op.name.startswith("nnz/")


# ====================================================================== tensordot
TENSORDOT_CASES = [
    ((3, 4), (4, 5), 1),
    ((2, 3, 4), (3, 4, 5), 2),
    ((3, 2), (4, 5), 0),                       # outer product
    ((2, 3, 4), (4, 3, 5), [[1, 2], [1, 0]]),
    ((2, 3, 4), (5, 2), [[0], [1]]),
    ((3, 4), (3, 4), [[0, 1], [0, 1]]),        # full contraction to a scalar
    ((2, 3, 4), (4, 2), [[-1, 0], [0, -1]]),   # negative axes
    ((4, 3), (3, 5), [1, 0]),                  # ints for each side
]


@pytest.mark.parametrize("case", TENSORDOT_CASES, ids=str)
def test_tensordot_forward_and_gradients(case):
    shape_a, shape_b, axes = case
    a, b = normal(*shape_a), normal(*shape_b)
    expected = np.tensordot(a, b, axes=axes)
    check(tf.tensordot(a, b, axes), expected, rtol=1e-10)
    a32, b32 = a.astype(np.float32), b.astype(np.float32)
    ph = tf.placeholder(tf.float32, [None] * len(shape_a))
    check(tf.tensordot(ph, b32, axes), expected.astype(np.float32), rtol=1e-4, atol=1e-5,
          feed_dict={ph: a32})
    check_gradients(lambda x, y: tf.tensordot(x, y, axes), [a, b])


def test_tensordot_name_and_axes_tensor():
    t = tf.tensordot(tf.zeros([2, 3]), tf.zeros([3, 4]), tf.constant(1))
    assert t.op.name == "Tensordot" and t.shape.as_list() == [2, 4]


def test_tensordot_errors():
    a, b = tf.zeros([2, 3]), tf.zeros([3, 4])
    with pytest.raises(ValueError, match=r"Different number of contraction axes 'a' and 'b', 2 != 1"):
        tf.tensordot(a, b, [[0, 1], [0]])
    with pytest.raises(ValueError, match="'axes' must not be larger than the number of dimensions "
                                         "of tensor a"):
        tf.tensordot(a, tf.zeros([3, 4, 5]), 3)
    with pytest.raises(ValueError, match="'axes' must be at least 0"):
        tf.tensordot(a, b, -1)
    with pytest.raises(ValueError, match="'axes' must be an integer or have length 2"):
        tf.tensordot(a, b, [[1], [0], [0]])
    with pytest.raises(ValueError, match="Axis 2 of tensordot is out of range for 'a' of rank 2"):
        tf.tensordot(a, b, [[2], [0]])
    with pytest.raises(ValueError, match=r"tensordot axes for 'b' repeat an axis: \[0, 0\]"):
        tf.tensordot(tf.zeros([3, 3]), tf.zeros([3, 3]), [[0, 1], [0, 0]])
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 2 and 3 for subscript"):
        tf.tensordot(a, b, [[0], [0]])
    with pytest.raises(ValueError, match="tensordot needs inputs of known rank"):
        tf.tensordot(tf.placeholder(tf.float32), b, 1)


# ====================================================================== einsum
EINSUM_CASES = [
    ("ij,jk->ik", [(3, 4), (4, 5)]),           # matmul
    ("ij,jk", [(3, 4), (4, 2)]),               # implicit output
    ("bij,bjk->bik", [(2, 3, 4), (2, 4, 5)]),  # batch matmul
    ("bij,bkj->bki", [(2, 3, 4), (2, 5, 4)]),  # batch matmul, transposed operand and output
    ("ij->ji", [(3, 4)]),                      # transpose
    ("ijk->kij", [(2, 3, 4)]),
    ("i,j->ij", [(3,), (4,)]),                 # outer product
    ("ij->j", [(3, 4)]),                       # sums
    ("ij->", [(3, 4)]),
    ("i,i->", [(5,)] * 2),                     # dot product
    ("ij,ij->ij", [(3, 4)] * 2),               # elementwise
    ("ij,j->i", [(3, 4), (4,)]),               # matrix-vector
    ("ij,jk->k", [(3, 4), (4, 2)]),            # an axis summed inside one operand
    ("ij,jk,kl->il", [(2, 3), (3, 4), (4, 2)]),  # three operands
    ("bhqd,bhkd->bhqk", [(2, 2, 3, 4), (2, 2, 5, 4)]),  # attention scores
]


@pytest.mark.parametrize("case", EINSUM_CASES, ids=lambda c: c[0])
def test_einsum_forward_and_gradients(case):
    equation, shapes = case
    arrays = [normal(*s) for s in shapes]
    expected = np.einsum(equation, *arrays)
    check(tf.einsum(equation, *arrays), expected, rtol=1e-10, atol=1e-12)
    # float32, with unknown dimensions in the first operand's static shape
    arrays32 = [a.astype(np.float32) for a in arrays]
    ph = tf.placeholder(tf.float32, [None] * len(shapes[0]))
    y = tf.einsum(equation, ph, *arrays32[1:])
    check(y, expected.astype(np.float32), rtol=1e-4, atol=1e-5, feed_dict={ph: arrays32[0]})
    check_gradients(lambda *xs: tf.einsum(equation, *xs), arrays)


@pytest.mark.parametrize("equation,shapes", [("ij,jk->ik", [(2, 3), (3, 2)]),
                                             ("bij,bjk->bik", [(2, 2, 3), (2, 3, 2)]),
                                             ("ij->j", [(2, 3)])], ids=str)
def test_einsum_second_derivatives(equation, shapes):
    def first_grad(*xs):
        return grad_of(tf.reduce_sum(tf.einsum(equation, *xs) ** 2), xs[0])
    check_gradients(first_grad, [normal(*s) for s in shapes])


def test_einsum_static_shapes_name_and_fetched_views():
    a = tf.placeholder(tf.float32, [None, 3])
    assert tf.einsum("ij,jk->ik", a, tf.zeros([3, 5])).shape.as_list() == [None, 5]
    assert tf.einsum("ij->ji", a).shape.as_list() == [3, None]
    assert tf.einsum("ij,jk->ik", tf.zeros([2, 3]), tf.placeholder(tf.float32)).shape.as_list() \
        == [2, None]
    assert tf.einsum("i,i->", tf.zeros([3]), tf.zeros([3]), name="dot").op.name == "dot"
    # A transpose is a view of its input: fetching it alongside the input must not alias.
    v = tf.Variable([[1.0, 2.0]])
    with tf.Session() as sess:
        sess.run(v.initializer)
        t = sess.run(tf.einsum("ij->ji", v))
        sess.run(v.assign([[5.0, 6.0]]))
        np.testing.assert_array_equal(t, [[1.0], [2.0]])


def test_einsum_errors():
    a, b = tf.zeros([2, 3]), tf.zeros([3, 4])
    with pytest.raises(ValueError, match="Subscripts with ellipses are not yet supported"):
        tf.einsum("...ij,...jk->...ik", a, b)
    with pytest.raises(ValueError, match="Got 1 arguments for equation 'ij,jk->ik', expecting 2"):
        tf.einsum("ij,jk->ik", a)
    with pytest.raises(ValueError, match="Subscript 'ii' of input 0 repeats an axis"):
        tf.einsum("ii->i", tf.zeros([3, 3]))
    with pytest.raises(ValueError, match="Output subscript 'z' of equation 'ij->z' is not in any"):
        tf.einsum("ij->z", a)
    with pytest.raises(ValueError, match="Output subscript 'ii' of equation 'ij->ii' repeats"):
        tf.einsum("ij->ii", a)
    with pytest.raises(ValueError, match="Invalid character '1' in equation"):
        tf.einsum("i1->i", a)
    with pytest.raises(ValueError, match="more than one '->'"):
        tf.einsum("ij->j->i", a)
    with pytest.raises(ValueError, match=r"Input 1 has rank 2 but its subscript 'jkl' names 3 "
                                         r"axes for 'Einsum' \(op: 'Einsum'\)"):
        tf.einsum("ij,jkl->ik", a, b)
    with pytest.raises(ValueError, match="Dimensions must be equal, but are 3 and 4 for subscript "
                                         r"'j' \(input 0 and input 1\)"):
        tf.einsum("ij,kj->ik", a, b)
    with pytest.raises(TypeError, match="einsum inputs must have the same dtype, got float32 "
                                        r"\(input 0\) and float64 \(input 1\)"):
        tf.einsum("ij,jk->ik", a, tf.zeros([3, 4], tf.float64))
    with pytest.raises(TypeError, match="invalid keyword arguments for this function: axis"):
        tf.einsum("ij->ji", a, axis=1)


# ====================================================================== batched matmul
@pytest.mark.parametrize("transpose_b", [False, True])
@pytest.mark.parametrize("transpose_a", [False, True])
def test_four_dimensional_batched_matmul(transpose_a, transpose_b):
    a = normal(2, 3, 5, 4) if transpose_a else normal(2, 3, 4, 5)
    b = normal(2, 3, 2, 5) if transpose_b else normal(2, 3, 5, 2)
    a_m = np.swapaxes(a, -1, -2) if transpose_a else a
    b_m = np.swapaxes(b, -1, -2) if transpose_b else b
    ph = tf.placeholder(tf.float64, [None, 3, None, None])
    y = tf.matmul(ph, b, transpose_a=transpose_a, transpose_b=transpose_b)
    assert y.shape.as_list() == [2, 3, None, 2]  # the batch dims merge with b's
    check(y, a_m @ b_m, rtol=1e-10, feed_dict={ph: a})
    check_gradients(lambda x, z: tf.matmul(x, z, transpose_a=transpose_a, transpose_b=transpose_b),
                    [a, b])
