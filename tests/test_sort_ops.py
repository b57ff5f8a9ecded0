"""tf.sort, tf.argsort, tf.unique, tf.unique_with_counts and tf.setdiff1d: values against numpy
and plain-Python references, static shapes and dtypes, ties, the sort gradient (numerical
checks, including second derivatives), and TF1's errors."""
import numpy as np
import pytest

import autograd_engine as tf
from autograd_engine.testing import check_gradients

from op_helpers import check_forward, dynamic, run

RNG = np.random.RandomState(7)

SORT_CASES = [((6,), -1), ((6,), 0), ((3, 5), -1), ((3, 5), 0), ((2, 3, 4), 1), ((2, 3, 4), -3)]
SORT_IDS = ["%s-axis%d" % case for case in SORT_CASES]


def _descending_reference(x, axis):
    """Stable descending order: equal values keep their order (as TF1's top_k)."""
    order = np.argsort(-x.astype(np.int64) if x.dtype.kind in "iu" else -x, axis=axis,
                       kind="stable")
    return np.take_along_axis(x, order, axis), order.astype(np.int32)


def _ascending_reference(x, axis):
    order = np.argsort(x, axis=axis, kind="stable")
    return np.take_along_axis(x, order, axis), order.astype(np.int32)


def _with_ties(shape, dtype):
    """Small integers: many equal values, so the order of ties is tested too."""
    return RNG.randint(0, 4, shape).astype(dtype)


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int32, np.uint8])
@pytest.mark.parametrize("shape, axis", SORT_CASES, ids=SORT_IDS)
def test_sort_and_argsort_match_numpy(shape, axis, dtype):
    x = _with_ties(shape, dtype)
    for direction, reference in (("ASCENDING", _ascending_reference),
                                 ("DESCENDING", _descending_reference)):
        values, order = reference(x, axis)
        check_forward(tf.sort(x, axis=axis, direction=direction), values)
        check_forward(tf.argsort(x, axis=axis, direction=direction), order)
        # Shapes known only at run time take the same path.
        got = run([tf.sort(dynamic(tf.constant(x)), axis, direction),
                   tf.argsort(dynamic(tf.constant(x)), axis, direction)])
        np.testing.assert_array_equal(got[0], values)
        np.testing.assert_array_equal(got[1], order)


def test_sort_ties_nan_and_extreme_integers():
    assert run(tf.argsort([1.0, 3.0, 3.0, 2.0], direction="DESCENDING")).tolist() == [1, 2, 3, 0]
    assert run(tf.argsort([3.0, 1.0, 3.0, 1.0])).tolist() == [1, 3, 0, 2]
    # No negation inside: unsigned values and the smallest int32 sort correctly both ways.
    assert run(tf.sort(np.array([0, 255, 1], np.uint8), direction="DESCENDING")).tolist() == \
        [255, 1, 0]
    low = np.iinfo(np.int32).min
    assert run(tf.sort(np.array([5, low, -1], np.int32))).tolist() == [low, -1, 5]
    assert run(tf.sort(np.array([5, low, -1], np.int32), direction="DESCENDING")).tolist() == \
        [5, -1, low]
    assert run(tf.argsort([2.0, 1.0], stable=True)).tolist() == [1, 0]


def test_sort_static_shapes_dtypes_and_names():
    x = tf.placeholder(tf.float32, [None, 4])
    values, order = tf.sort(x), tf.argsort(x)
    assert values.shape.as_list() == [None, 4] and values.dtype == tf.float32
    assert order.shape.as_list() == [None, 4] and order.dtype == tf.int32
    assert tf.sort(tf.placeholder(tf.int64)).shape.ndims is None
    assert tf.sort(x, name="sorted").op.name == "sorted"
    assert tf.sort(x, axis=tf.constant(0)).shape.as_list() == [None, 4]


@pytest.mark.parametrize("direction", ["ASCENDING", "DESCENDING"])
@pytest.mark.parametrize("shape, axis", SORT_CASES, ids=SORT_IDS)
def test_sort_gradient(shape, axis, direction):
    n = int(np.prod(shape))
    x = (RNG.permutation(n) - n / 2.0).reshape(shape) * 0.1  # distinct: no ties within delta
    check_gradients(lambda t: tf.sort(t, axis, direction), [x])
    check_gradients(lambda t: tf.sort(dynamic(t), axis, direction), [x])


def test_sort_second_derivative_and_scatter_back():
    x = (RNG.permutation(12) - 6.0).reshape(3, 4) * 0.1
    weights = RNG.standard_normal((3, 4))

    def grad_of_weighted_squares(t):
        loss = tf.reduce_sum(tf.square(tf.sort(t, axis=0, direction="DESCENDING")) * weights)
        return tf.gradients(loss, t)[0]
    check_gradients(grad_of_weighted_squares, [x])
    # The gradient puts each incoming gradient where its value came from.
    t = tf.constant([3.0, 1.0, 2.0])
    g, = tf.gradients(tf.sort(t), t, grad_ys=tf.constant([10.0, 20.0, 30.0]))
    assert run(g).tolist() == [30.0, 10.0, 20.0]


def test_argsort_has_no_gradient():
    x = tf.placeholder(tf.float32, [5])
    assert tf.gradients(tf.reduce_sum(tf.cast(tf.argsort(x), tf.float32)), x) == [None]


def test_sort_errors():
    with pytest.raises(ValueError, match="DOWN should be one of ASCENDING, DESCENDING"):
        tf.sort([1.0, 2.0], direction="DOWN")
    with pytest.raises(ValueError, match="axis must be a constant scalar"):
        tf.argsort([1.0, 2.0], axis=tf.placeholder(tf.int32, []))
    with pytest.raises(ValueError, match="axis must be a constant scalar"):
        tf.sort([[1.0, 2.0]], axis=[0])
    with pytest.raises(ValueError, match=r"Expected axis in the range \[-2, 2\), but got 2"):
        tf.sort(tf.zeros([2, 3]), axis=2)
    with pytest.raises(ValueError, match="Shape must be at least rank 1 but is rank 0"):
        tf.sort(3.0)
    with pytest.raises(TypeError, match="tf.sort and tf.argsort need real numbers.*bool"):
        tf.sort([True, False])
    x = tf.placeholder(tf.float32)
    with pytest.raises(tf.errors.InvalidArgumentError, match="at least rank 1"):
        run(tf.sort(x), {x: 1.0})


# ====================================================================== unique
def _unique_reference(values):
    """First-appearance order, by a plain Python walk."""
    first, idx = {}, []
    for v in values.tolist():
        idx.append(first.setdefault(v, len(first)))
    y = list(first)
    counts = [idx.count(i) for i in range(len(y))]
    return np.array(y, values.dtype), np.array(idx), np.array(counts)


@pytest.mark.parametrize("values", [
    np.array([1, 1, 2, 4, 4, 4, 7, 8, 8], np.int32),
    np.array([9, -3, 9, 0, -3, 5], np.int64),
    np.round(RNG.standard_normal(30)).astype(np.float32),
    np.array([2.5], np.float64),
    np.zeros(0, np.int32),
], ids=["tf1-doc", "int64", "floats", "single", "empty"])
@pytest.mark.parametrize("out_idx", [tf.int32, tf.int64])
def test_unique_and_counts_match_reference(values, out_idx):
    y_ref, idx_ref, count_ref = _unique_reference(values)
    idx_ref, count_ref = idx_ref.astype(out_idx.np_dtype), count_ref.astype(out_idx.np_dtype)
    y, idx = tf.unique(values, out_idx=out_idx)
    assert y.shape.as_list() == [None] and y.dtype == tf.as_dtype(values.dtype)
    assert idx.shape.as_list() == [len(values)] and idx.dtype == out_idx
    got_y, got_idx = run([y, idx])
    np.testing.assert_array_equal(got_y, y_ref)
    np.testing.assert_array_equal(got_idx, idx_ref)
    assert got_y.dtype == values.dtype and got_idx.dtype == out_idx.np_dtype
    result = tf.unique_with_counts(dynamic(tf.constant(values)), out_idx=out_idx)
    got = run(list(result))
    for value, reference in zip(got, (y_ref, idx_ref, count_ref)):
        np.testing.assert_array_equal(value, reference)
        assert value.dtype == reference.dtype
    assert result.count.dtype == out_idx and result.count.shape.as_list() == [None]
    # TF1's namedtuple fields.
    assert result.y is result[0] and result.idx is result[1]


def test_unique_errors_and_no_gradient():
    with pytest.raises(ValueError, match="Shape must be rank 1 but is rank 2"):
        tf.unique([[1, 2], [3, 4]])
    with pytest.raises(ValueError, match="Shape must be rank 1 but is rank 0"):
        tf.unique_with_counts(3)
    with pytest.raises(TypeError, match="'out_idx' has DataType float32 not in list"):
        tf.unique([1, 2], out_idx=tf.float32)
    x = tf.placeholder(tf.int32)
    with pytest.raises(tf.errors.InvalidArgumentError, match="unique expects a 1D vector"):
        run(tf.unique(x).y, {x: [[1, 2]]})
    v = tf.placeholder(tf.float32, [4])
    with pytest.raises(LookupError, match="No gradient defined for operation .*'Unique'"):
        tf.gradients(tf.reduce_sum(tf.unique(v).y), v)


# ====================================================================== setdiff1d
def _setdiff_reference(x, y):
    kept = [i for i, v in enumerate(x.tolist()) if v not in set(y.tolist())]
    return x[kept], np.array(kept)


@pytest.mark.parametrize("x, y", [
    (np.arange(1, 7, dtype=np.int32), np.array([1, 3, 5], np.int32)),
    (np.array([4, 1, 4, 2, 1], np.int64), np.array([2, 9], np.int64)),
    (np.array([0.5, 1.5, 0.5], np.float32), np.array([], np.float32)),
    (np.array([3, 3], np.int32), np.array([3], np.int32)),
], ids=["tf1-doc", "repeats", "empty-y", "all-removed"])
def test_setdiff1d_matches_reference(x, y):
    out_ref, idx_ref = _setdiff_reference(x, y)
    for index_dtype in (tf.int32, tf.int64):
        result = tf.setdiff1d(x, y, index_dtype=index_dtype)
        assert result.out.shape.as_list() == [None] and result.idx.dtype == index_dtype
        out, idx = run(list(result))
        np.testing.assert_array_equal(out, out_ref)
        np.testing.assert_array_equal(idx, idx_ref)
        assert out.dtype == x.dtype and idx.dtype == index_dtype.np_dtype


def test_setdiff1d_converts_y_to_x_dtype_and_errors():
    out, _ = tf.setdiff1d(tf.constant([1.0, 2.0, 3.0]), [2])
    assert run(out).tolist() == [1.0, 3.0]
    with pytest.raises(TypeError, match="Input 'y' of 'ListDiff' Op has type int64 that does "
                                        "not match type int32"):
        tf.setdiff1d(tf.constant([1, 2]), tf.constant([1], tf.int64))
    with pytest.raises(ValueError, match="Shape must be rank 1 but is rank 2"):
        tf.setdiff1d([[1, 2]], [1])
    with pytest.raises(TypeError, match="'index_dtype' has DataType int16"):
        tf.setdiff1d([1, 2], [1], index_dtype=tf.int16)
    x, y = tf.placeholder(tf.int32), tf.placeholder(tf.int32)
    with pytest.raises(tf.errors.InvalidArgumentError, match="y should be a 1D vector"):
        run(tf.setdiff1d(x, y).out, {x: [1, 2], y: 1})
