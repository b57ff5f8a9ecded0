"""tf.map_fn, tf.scan, tf.foldl, tf.foldr (values against Python loops, nested structures,
run-time lengths, static shapes, errors, numerical gradients with respect to elems, the
initializer and captured tensors) and tf.py_func / tf.numpy_function (values, dtypes, errors,
gradients, and that a stateful one is never folded)."""
import collections
import gc

import numpy as np
import pytest

import autograd_engine as tf
from autograd_engine.client.rewrites import rewrites_enabled
from autograd_engine.train.meta_graph import graph_to_meta_graph, import_meta_graph_dict
from autograd_engine.testing import check_gradients

RNG = np.random.RandomState(7)


def _run(fetches, feed=None):
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        return sess.run(fetches, feed)


def _normal(*shape):
    return RNG.standard_normal(shape)


def _dynamic(t):
    """``t`` with its first dimension unknown while building (the run-time length path)."""
    return tf.placeholder_with_default(t, [None] + t.shape.as_list()[1:])


def _py_scan(fn, a, rows):
    out = []
    for row in rows:
        a = fn(a, row)
        out.append(a)
    return np.array(out)


# ====================================================================== map_fn forward
def test_map_fn_matches_a_python_loop_and_keeps_the_static_shape():
    x = _normal(5, 3)
    y = tf.map_fn(lambda r: tf.tanh(r) * 2.0 + tf.reduce_sum(r), tf.constant(x))
    assert y.shape.as_list() == [5, 3] and y.dtype == tf.float64
    expected = np.array([np.tanh(r) * 2.0 + r.sum() for r in x])
    np.testing.assert_allclose(_run(y), expected, rtol=1e-12)


def test_map_fn_element_shape_may_change():
    x = _normal(4, 3)
    outer = tf.map_fn(lambda r: r[:, None] * r[None, :], tf.constant(x))
    total = tf.map_fn(tf.reduce_sum, tf.constant(x))
    assert outer.shape.as_list() == [4, 3, 3] and total.shape.as_list() == [4]
    got_outer, got_total = _run([outer, total])
    np.testing.assert_allclose(got_outer, np.einsum("ni,nj->nij", x, x), rtol=1e-12)
    np.testing.assert_allclose(got_total, x.sum(axis=1), rtol=1e-12)


def test_map_fn_nested_elems_and_dtype_structure():
    a, b = _normal(3, 2), np.arange(3, dtype=np.int32)
    pair = tf.map_fn(lambda p: (p[0] * tf.cast(p[1], tf.float64), p[1] > 0),
                     (tf.constant(a), tf.constant(b)), dtype=(tf.float64, tf.bool))
    assert isinstance(pair, tuple) and pair[1].dtype == tf.bool
    assert pair[0].shape.as_list() == [3, 2] and pair[1].shape.as_list() == [3]
    scaled, positive = _run(list(pair))
    np.testing.assert_allclose(scaled, a * b[:, None], rtol=1e-12)
    np.testing.assert_array_equal(positive, b > 0)
    # A dict of elems, fn returning the same structure (no dtype needed).
    out = tf.map_fn(lambda d: {"u": d["u"] + 1.0, "v": d["v"] * 2},
                    {"v": tf.constant(b), "u": tf.constant(a)})
    got = _run(out)
    assert sorted(got) == ["u", "v"]
    np.testing.assert_allclose(got["u"], a + 1.0)
    np.testing.assert_array_equal(got["v"], b * 2)


def test_map_fn_dtype_differs_from_elems():
    x = tf.constant([[1.0, -2.0], [3.0, 4.0]])
    counts = tf.map_fn(lambda r: tf.reduce_sum(tf.cast(r > 0, tf.int32)), x, dtype=tf.int32)
    assert counts.dtype == tf.int32
    assert _run(counts).tolist() == [1, 2]


def test_map_fn_unknown_length_including_zero():
    x = tf.placeholder(tf.float32, [None, 3])
    y = tf.map_fn(lambda r: r * r, x)
    assert y.shape.as_list() == [None, 3]
    with tf.Session() as sess:
        for n in (4, 1, 0):
            value = np.arange(3 * n, dtype=np.float32).reshape(n, 3)
            got = sess.run(y, {x: value})
            assert got.shape == (n, 3) and got.dtype == np.float32
            np.testing.assert_array_equal(got, value * value)


def test_map_fn_element_shape_known_only_at_run_time():
    x = tf.placeholder(tf.float64, [None, 2])
    k = tf.placeholder(tf.int32, [])
    y = tf.map_fn(lambda r: tf.tile(r, tf.stack([k])), x)
    assert y.shape.as_list() == [None, None]
    with tf.Session() as sess:
        np.testing.assert_array_equal(sess.run(y, {x: [[1, 2], [3, 4]], k: 2}),
                                      [[1, 2, 1, 2], [3, 4, 3, 4]])
        # As TF1: stacking zero elements needs the element shape while building.
        with pytest.raises(tf.errors.InvalidArgumentError, match="TensorArray has size zero"):
            sess.run(y, {x: np.zeros((0, 2)), k: 2})


def test_map_fn_infer_shape_false_leaves_the_static_shape_unknown():
    y = tf.map_fn(lambda r: r + 1.0, tf.constant(_normal(2, 3)), infer_shape=False)
    assert y.shape.ndims is None
    assert _run(y).shape == (2, 3)


def test_map_fn_reads_captured_tensors_and_variables():
    w = tf.Variable([1.0, 2.0, 3.0])
    c = tf.placeholder(tf.float32, [])
    y = tf.map_fn(lambda r: r * w + c, tf.ones([2, 3]))
    np.testing.assert_allclose(_run(y, {c: 0.5}), [[1.5, 2.5, 3.5]] * 2)


def test_map_fn_with_python_fn_of_namedtuple():
    Point = collections.namedtuple("Point", "x y")
    pts = Point(tf.constant([1.0, 2.0]), tf.constant([3.0, 4.0]))
    swapped = tf.map_fn(lambda p: Point(p.y, p.x), pts)
    assert isinstance(swapped, Point)
    assert [v.tolist() for v in _run(list(swapped))] == [[3.0, 4.0], [1.0, 2.0]]


# ====================================================================== scan forward
def test_scan_matches_a_python_loop():
    x = _normal(5, 2)
    fn = lambda a, r: a * 0.5 + r  # noqa: E731
    plain = tf.scan(fn, tf.constant(x))
    init = tf.scan(fn, tf.constant(x), initializer=tf.constant([1.0, -1.0], tf.float64))
    assert plain.shape.as_list() == [5, 2] and init.shape.as_list() == [5, 2]
    got_plain, got_init = _run([plain, init])
    expected_plain = np.concatenate([x[:1], _py_scan(fn, x[0], x[1:])])
    np.testing.assert_allclose(got_plain, expected_plain, rtol=1e-12)
    np.testing.assert_allclose(got_init, _py_scan(fn, np.array([1.0, -1.0]), x), rtol=1e-12)


def test_scan_reverse_with_and_without_initializer():
    x = np.array([1, 2, 3, 4], np.int32)
    step = lambda a, v: a * 2 + v  # noqa: E731
    no_init = tf.scan(step, tf.constant(x), reverse=True)
    init = tf.scan(step, tf.constant(x), initializer=10, reverse=True)
    got_no_init, got_init = _run([no_init, init])
    # Row i holds the accumulation of elements i..n-1; the last element starts it.
    assert got_no_init.tolist() == [49, 24, 11, 4]
    assert got_no_init.tolist() == _py_scan(step, 4, x[2::-1])[::-1].tolist() + [4]
    assert got_init.tolist() == _py_scan(step, 10, x[::-1])[::-1].tolist() == [209, 104, 51, 24]


def test_scan_nested_initializer_fibonacci():
    a, b = tf.scan(lambda ab, _: (ab[1], ab[0] + ab[1]), tf.zeros([6]),
                   initializer=(tf.constant(0), tf.constant(1)))
    assert a.shape.as_list() == [6]
    assert _run(a).tolist() == [1, 1, 2, 3, 5, 8]
    assert _run(b).tolist() == [1, 2, 3, 5, 8, 13]


def test_scan_accumulator_shape_differs_from_elements():
    x = _normal(4)
    stats = tf.scan(lambda s, v: tf.stack([s[0] + v, s[1] + v * v]), tf.constant(x),
                    initializer=tf.zeros([2], tf.float64))
    assert stats.shape.as_list() == [4, 2]
    expected = np.stack([np.cumsum(x), np.cumsum(x * x)], axis=1)
    np.testing.assert_allclose(_run(stats), expected, rtol=1e-12)


def test_scan_unknown_length():
    x = tf.placeholder(tf.float32, [None])
    sums = tf.scan(lambda a, v: a + v, x)
    back = tf.scan(lambda a, v: a + v, x, initializer=0.0, reverse=True)
    assert sums.shape.as_list() == [None]
    with tf.Session() as sess:
        value = np.array([1.0, 2.0, 3.0], np.float32)
        assert sess.run(sums, {x: value}).tolist() == [1.0, 3.0, 6.0]
        assert sess.run(back, {x: value}).tolist() == [6.0, 5.0, 3.0]
        assert sess.run(back, {x: np.zeros(0, np.float32)}).shape == (0,)


# ====================================================================== folds forward
def test_foldl_and_foldr_match_python_loops():
    x = tf.constant([1, 2, 3, 4])
    step = lambda a, v: a * 10 + v  # noqa: E731
    got = _run([tf.foldl(step, x), tf.foldr(step, x), tf.foldl(step, x, initializer=9),
                tf.foldr(step, x, initializer=9)])
    assert [int(v) for v in got] == [1234, 4321, 91234, 94321]


def test_folds_of_nested_elems_and_initializer():
    xs, ys = tf.constant([1.0, 2.0, 3.0]), tf.constant([10.0, 20.0, 30.0])
    total = tf.foldl(lambda acc, e: {"dot": acc["dot"] + e[0] * e[1], "n": acc["n"] + 1},
                     (xs, ys), initializer={"dot": tf.constant(0.0), "n": tf.constant(0)})
    got = _run(total)
    assert float(got["dot"]) == 140.0 and int(got["n"]) == 3
    last = tf.foldr(lambda acc, e: (e[0], acc[1] + e[1]), (xs, ys))
    first, summed = _run(list(last))
    assert float(first) == 1.0 and float(summed) == 60.0


def test_folds_unknown_length():
    x = tf.placeholder(tf.float32, [None, 2])
    left = tf.foldl(lambda a, r: a * 2.0 + r, x, initializer=tf.zeros([2]))
    right = tf.foldr(lambda a, r: a * 2.0 + r, x)
    assert left.shape.as_list() == [2] and right.shape.as_list() == [2]
    value = np.array([[1, 2], [3, 4], [5, 6]], np.float32)
    with tf.Session() as sess:
        assert sess.run(left, {x: value}).tolist() == [15.0, 22.0]
        assert sess.run(right, {x: value}).tolist() == [27.0, 34.0]
        assert sess.run(left, {x: np.zeros((0, 2), np.float32)}).tolist() == [0.0, 0.0]
        with pytest.raises(tf.errors.InvalidArgumentError):  # nothing to start the fold
            sess.run(right, {x: np.zeros((0, 2), np.float32)})


def test_back_prop_false_stops_the_gradient():
    x = tf.constant([1.0, 2.0])
    for y in (tf.map_fn(lambda v: v * v, x, back_prop=False),
              tf.scan(lambda a, v: a * v, x, back_prop=False),
              tf.foldl(lambda a, v: a * v, x, back_prop=False)):
        assert tf.gradients(tf.reduce_sum(y), [x]) == [None]


def test_name_scopes():
    x = tf.constant([1.0])
    assert tf.map_fn(lambda v: v, x).name.startswith("map/")
    assert tf.scan(lambda a, v: v, x, name="my_scan").name.startswith("my_scan/")
    assert tf.foldl(lambda a, v: v, x).name.startswith("foldl/")
    assert tf.foldr(lambda a, v: v, x).name.startswith("foldr/")


# ====================================================================== errors
FUNCTIONAL = {
    "map_fn": lambda elems, **kw: tf.map_fn(lambda e: e, elems, **kw),
    "scan": lambda elems, **kw: tf.scan(lambda a, e: e, elems, **kw),
    "foldl": lambda elems, **kw: tf.foldl(lambda a, e: e, elems, **kw),
    "foldr": lambda elems, **kw: tf.foldr(lambda a, e: e, elems, **kw),
}


@pytest.mark.parametrize("name", sorted(FUNCTIONAL))
def test_bad_elems(name):
    build = FUNCTIONAL[name]
    with pytest.raises(IndexError, match="%s: elems must be a tensor" % name):
        build([])
    with pytest.raises(ValueError, match="elems must be a 1\\+ dimensional Tensor, not a scalar"):
        build(tf.constant(1.0))
    with pytest.raises(ValueError, match="elements in elems must be 1\\+ dimensional Tensors"):
        build((tf.constant([1.0]), tf.constant(2.0)))
    with pytest.raises(ValueError, match="Dimensions 3 and 4 are not compatible"):
        build((tf.zeros([3]), tf.zeros([4])))


@pytest.mark.parametrize("name", sorted(FUNCTIONAL))
def test_leading_dimensions_checked_at_run_time(name):
    a = tf.placeholder(tf.float32, [None])
    out = FUNCTIONAL[name]((a, tf.zeros([3])), **({"dtype": (tf.float32, tf.float32)}
                                                  if name == "map_fn" else {}))
    with tf.Session() as sess:
        sess.run(out, {a: np.ones(3, np.float32)})
        with pytest.raises(tf.errors.InvalidArgumentError,
                           match="%s: all elems must have the same size" % name):
            sess.run(out, {a: np.ones(2, np.float32)})


def test_fn_must_be_callable():
    for build in (tf.map_fn, tf.scan, tf.foldl, tf.foldr):
        with pytest.raises(TypeError, match="fn must be callable."):
            build("not a function", tf.constant([1.0]))


def test_map_fn_output_structure_must_match():
    pair = (tf.constant([1.0]), tf.constant([2.0]))
    with pytest.raises(ValueError, match="don't have the same nested structure"):
        tf.map_fn(lambda p: p[0] + p[1], pair)
    with pytest.raises(TypeError, match="don't have the same sequence type"):
        tf.map_fn(lambda p: [p[0], p[1]], pair)
    with pytest.raises(ValueError, match="same number of elements"):
        tf.map_fn(lambda p: (p[0], p[1], p[0]), pair, dtype=(tf.float32, tf.float32))
    with pytest.raises(ValueError, match="same set of keys"):
        tf.map_fn(lambda d: {"b": d["a"]}, {"a": tf.constant([1.0])})
    with pytest.raises(ValueError, match="don't have the same nested structure"):
        tf.scan(lambda a, v: (a, v), tf.constant([1.0]))


def test_map_fn_output_dtype_must_match():
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match="map_fn: fn returned int32 where dtype says float32: TensorArray "
                             "dtype is float32 but Op is trying to write dtype int32"):
        tf.map_fn(lambda v: tf.cast(v, tf.int32), tf.constant([1.0]))


def test_scan_carry_must_keep_its_shape_and_dtype():
    with pytest.raises(ValueError, match="enters the loop with shape"):
        tf.scan(lambda a, v: tf.concat([a, a], 0), tf.zeros([3, 2]))
    with pytest.raises(ValueError, match="requested dtype int32 for Tensor with dtype float32"):
        tf.foldl(lambda a, v: v, tf.constant([1.0]), initializer=0)


# ====================================================================== gradients
MAP_SHAPES = [((4, 3), (3,)), ((2,), ()), ((3, 2, 2), (2, 1)), ((1, 5), (1, 5))]


@pytest.mark.parametrize("shapes", MAP_SHAPES, ids=str)
def test_map_fn_gradient_wrt_elems_and_captured(shapes):
    check_gradients(lambda x, w: tf.map_fn(lambda r: tf.sin(r * w) + r * r, x),
                    [_normal(*shapes[0]), _normal(*shapes[1])])


def test_map_fn_gradient_with_unknown_length_and_nested_elems():
    check_gradients(lambda x, y: tf.map_fn(lambda p: p[0] * tf.reduce_sum(p[1]),
                                           (_dynamic(x), y), dtype=tf.float64),
                    [_normal(3, 2), _normal(3, 4)])
    check_gradients(lambda x: tf.map_fn(lambda p: (p[0] * 3.0, tf.exp(p[1])), (x, x))[1] * 2.0,
                    [_normal(2, 3)])


SCAN_SHAPES = [(4, 3), (3,), (2, 2, 2)]


@pytest.mark.parametrize("shape", SCAN_SHAPES, ids=str)
@pytest.mark.parametrize("reverse", [False, True])
def test_scan_gradient_wrt_elems_initializer_and_captured(shape, reverse):
    def fn(x, a0, w):
        return tf.scan(lambda a, r: tf.tanh(a * w + r), x, initializer=a0, reverse=reverse)
    check_gradients(fn, [_normal(*shape), _normal(*shape[1:]), _normal(*shape[1:])])


@pytest.mark.parametrize("reverse", [False, True])
def test_scan_gradient_without_initializer_and_unknown_length(reverse):
    check_gradients(lambda x, w: tf.scan(lambda a, r: a * r + w, _dynamic(x), reverse=reverse),
                    [_normal(4, 2), _normal(2)])


def test_scan_gradient_nested_carry_with_broadcast_capture():
    def fn(x, w):
        h, c = tf.scan(lambda s, r: (tf.tanh(s[0] * w + r), s[1] + s[0] * r), x,
                       initializer=(tf.zeros([2, 3], tf.float64), tf.ones([2, 3], tf.float64)))
        return h + c
    check_gradients(fn, [_normal(3, 2, 3), _normal(3)])


FOLDS = {"foldl": tf.foldl, "foldr": tf.foldr}


@pytest.mark.parametrize("shape", SCAN_SHAPES, ids=str)
@pytest.mark.parametrize("name", sorted(FOLDS))
def test_fold_gradient_wrt_elems_initializer_and_captured(name, shape):
    fold = FOLDS[name]
    check_gradients(lambda x, a0, w: fold(lambda a, r: tf.sin(a) * w + r * a, x, initializer=a0),
                    [_normal(*shape), _normal(*shape[1:]), _normal(*shape[1:])])


@pytest.mark.parametrize("name", sorted(FOLDS))
def test_fold_gradient_without_initializer_unknown_length_broadcast_capture(name):
    fold = FOLDS[name]
    check_gradients(lambda x, w: fold(lambda a, r: a * w + r * r, _dynamic(x)),
                    [_normal(4, 3), _normal(1)])


def test_map_fn_gradient_reaches_a_variable():
    w = tf.Variable([1.0, 2.0])
    loss = tf.reduce_sum(tf.map_fn(lambda r: r * w * w, tf.constant([[1.0, 1.0], [2.0, 3.0]])))
    grad, = tf.gradients(loss, [w])
    np.testing.assert_allclose(_run(grad), [2 * 1.0 * 3.0, 2 * 2.0 * 4.0])


# ====================================================================== py_func
def test_py_func_forward_single_and_list_outputs():
    x = tf.constant([[1.0, 4.0], [9.0, 16.0]])
    root = tf.py_func(np.sqrt, [x], tf.float32)
    low, high = tf.py_func(lambda v: (v.min(axis=1), v.max()), [x], [tf.float32, tf.float32])
    one = tf.py_func(lambda v: [v * 2], [x], [tf.float32])
    assert isinstance(one, list) and len(one) == 1
    assert root.shape.ndims is None and root.dtype == tf.float32 and root.op.type == "PyFunc"
    got = _run([root, low, high, one[0]])
    assert got[0].tolist() == [[1.0, 2.0], [3.0, 4.0]]
    assert got[1].tolist() == [1.0, 9.0] and float(got[2]) == 16.0
    assert got[3].tolist() == [[2.0, 8.0], [18.0, 32.0]]


def test_py_func_gets_numpy_values():
    seen = []

    def record(a, b):
        seen.append((type(a), a.dtype, a.flags.writeable, type(b)))
        return np.int64(0)
    out = tf.py_func(record, [tf.constant([1, 2], tf.int32), tf.constant(2.5)], tf.int64)
    assert int(_run(out)) == 0
    assert seen == [(np.ndarray, np.dtype(np.int32), False, np.float32)]


def test_py_func_results_must_have_tout_dtypes():
    x = tf.constant([1.0, 2.0])
    ok = [tf.py_func(lambda v: v.astype(np.float64), [x], tf.float64),
          tf.py_func(lambda v: 3, [x], tf.int64),  # Python ints are int64, as in TF1
          tf.py_func(lambda v: 1.5, [x], tf.float64),
          tf.py_func(lambda v: [True, False], [x], [tf.bool, tf.bool])]
    got = _run(ok)
    assert got[0].dtype == np.float64 and int(got[1]) == 3 and float(got[2]) == 1.5
    assert [bool(v) for v in got[3]] == [True, False]
    wrong = tf.py_func(lambda v: v.astype(np.float64), [x], tf.float32, name="to_double")
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"0-th value returned by pyfunc_\d+ is double, but expects float"
                             r"\n\t \[\[\{\{node to_double\}\}\]\]"):
        _run(wrong)
    with pytest.raises(tf.errors.InvalidArgumentError, match="is int64, but expects int32"):
        _run(tf.py_func(lambda v: 3, [x], tf.int32))
    with pytest.raises(tf.errors.InvalidArgumentError, match="is string, but expects float"):
        _run(tf.py_func(lambda v: "text", [x], tf.float32))
    with pytest.raises(tf.errors.UnimplementedError, match="Unsupported object type dict"):
        _run(tf.py_func(lambda v: {}, [x], tf.float32))


def test_py_func_result_count_must_match():
    x = tf.constant([1.0])
    with pytest.raises(tf.errors.InvalidArgumentError,
                       match=r"pyfunc_\d+ returns 2 values, but expects to see 1 values."):
        _run(tf.py_func(lambda v: (v, v), [x], tf.float32))
    with pytest.raises(tf.errors.InvalidArgumentError, match="returns 0 values, but expects"):
        _run(tf.py_func(lambda v: None, [x], tf.float32))
    calls = []
    op = tf.py_func(lambda v: calls.append(v), [x], [])
    assert isinstance(op, tf.Operation)
    _run(op)
    assert len(calls) == 1


@pytest.mark.parametrize("exception, error", [
    (ValueError("bad value"), tf.errors.InvalidArgumentError),
    (TypeError("bad type"), tf.errors.InvalidArgumentError),
    (StopIteration("done"), tf.errors.OutOfRangeError),
    (NotImplementedError("later"), tf.errors.UnimplementedError),
    (ZeroDivisionError("zero"), tf.errors.UnknownError),
], ids=lambda v: type(v).__name__)
def test_py_func_exceptions_surface_naming_the_op(exception, error):
    def fail(v):
        raise exception
    out = tf.py_func(fail, [tf.constant(1.0)], tf.float32, name="failing")
    with pytest.raises(error) as info:
        _run(out)
    message = str(info.value)
    assert message.startswith("%s: %s\nTraceback" % (type(exception).__name__, exception))
    assert "in fail" in message and "{{node failing}}" in message
    assert info.value.op is out.op


def test_py_func_argument_errors():
    x = tf.constant(1.0)
    with pytest.raises(TypeError, match="Expected list for 'input' argument to 'PyFunc' Op"):
        tf.py_func(np.sin, x, tf.float32)
    with pytest.raises(TypeError, match="func must be callable"):
        tf.py_func(3, [x], tf.float32)
    with pytest.raises(TypeError, match="Cannot convert"):
        tf.py_func(np.sin, [x], "no such dtype")


def test_py_func_has_no_gradient():
    x = tf.constant([1.0, 3.0])
    through = tf.py_func(lambda v: v * v, [x], tf.float32)
    assert tf.gradients(tf.reduce_sum(through), [x]) == [None]
    # Only the paths around the py_func carry a gradient, as in TF1.
    mixed = tf.reduce_sum(through * x + x * x)
    grad, = tf.gradients(mixed, [x])
    assert _run(grad).tolist() == [1.0 + 2.0, 9.0 + 6.0]


def test_stateful_py_func_runs_every_time_stateless_may_be_folded():
    calls = {"stateful": 0, "stateless": 0, "fed": 0}

    def counting(key):
        def f(v):
            calls[key] += 1
            return v + 1.0
        return f
    c = tf.constant([1.0, 2.0])
    fed = tf.placeholder(tf.float32, [2])
    stateful = tf.py_func(counting("stateful"), [c], tf.float32)
    stateless = tf.py_func(counting("stateless"), [c], tf.float32, stateful=False)
    stateless_fed = tf.py_func(counting("fed"), [fed], tf.float32, stateful=False)
    assert stateless.op.type == "PyFuncStateless"
    with tf.Session() as sess:
        for _ in range(3):
            assert sess.run(stateful).tolist() == [2.0, 3.0]
            assert sess.run(stateless).tolist() == [2.0, 3.0]
            sess.run(stateless_fed, {fed: [0.0, 0.0]})
    assert calls["stateful"] == 3 and calls["fed"] == 3
    # Folded into a constant of the plan (run once, when it is compiled) when rewrites are on.
    assert calls["stateless"] == (1 if rewrites_enabled(tf.ConfigProto()) else 3)


def test_two_identical_stateful_py_funcs_both_run():
    calls = []
    c = tf.constant(1.0)
    f = lambda v: calls.append(1) or v  # noqa: E731
    both = tf.py_func(f, [c], tf.float32) + tf.py_func(f, [c], tf.float32)
    assert float(_run(both)) == 2.0 and len(calls) == 2


def test_numpy_function_and_py_func_inside_map_fn():
    x = tf.constant([[1.0, 2.0], [3.0, 4.0]])
    doubled = tf.numpy_function(lambda v: v * 2, [x], tf.float32)
    assert doubled.op.type == "PyFunc"
    rows = tf.map_fn(lambda r: tf.reshape(tf.numpy_function(np.cumsum, [r], tf.float32), [2]), x)
    assert rows.shape.as_list() == [2, 2]
    got = _run([doubled, rows])
    assert got[0].tolist() == [[2.0, 4.0], [6.0, 8.0]]
    assert got[1].tolist() == [[1.0, 3.0], [3.0, 7.0]]


def test_py_func_graph_exports_the_token_not_the_function():
    y = tf.py_func(np.sin, [tf.constant(0.0)], tf.float32)
    record = [op for op in graph_to_meta_graph(tf.get_default_graph())["graph"]["ops"]
              if op["name"] == y.op.name][0]
    assert record["type"] == "PyFunc" and record["attrs"]["token"].startswith("pyfunc_")


def test_imported_py_func_finds_its_function_while_the_original_graph_lives():
    original = tf.Graph()
    with original.as_default():
        tf.py_func(lambda v: v * 3.0, [tf.constant(2.0)], tf.float32, name="tripled")
    meta = graph_to_meta_graph(original)

    def run_imported():
        with tf.Graph().as_default() as g:
            import_meta_graph_dict(meta)
            with tf.Session(graph=g) as sess:
                return sess.run(g.get_tensor_by_name("tripled:0"))
    assert float(run_imported()) == 6.0
    del original
    gc.collect()  # the registry keeps a function only while a graph that built it lives
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"callback pyfunc_\d+ is not found"):
        run_imported()
