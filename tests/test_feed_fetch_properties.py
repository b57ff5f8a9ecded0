"""Property-based tests (Hypothesis) of feeds and fetches (issue 15, "How to test it").

Over fed values of every numeric dtype, shapes with zero-size dimensions, memory layouts (C,
Fortran, strided, negative strides, read-only), values with nan and inf, as arrays or lists,
and over nested fetch structures (dicts, lists, tuples, namedtuples of tensors, ops and
names), they check that:

* fetched values match numpy's and keep the fetch structure;
* the fed array is never written;
* fetched arrays belong to the caller: writable, sharing no memory with the fed array, and
  writing into them changes neither the engine (a Variable, a constant, the next run) nor the
  fed array;
* a value that cannot be fed gives a clear error naming the placeholder.

Derandomized, so CI sees the same examples every run.
"""
import collections

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from hypothesis.extra import numpy as hnp

import autograd_engine as tf

PROPERTY_SETTINGS = settings(max_examples=60, deadline=None, derandomize=True,
                             suppress_health_check=[HealthCheck.too_slow])

FLOAT_DTYPES = [np.float16, np.float32, np.float64]
INT_DTYPES = [np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16]
DTYPES = FLOAT_DTYPES + INT_DTYPES + [np.complex64, np.complex128, np.bool_]

Pair = collections.namedtuple("Pair", "first second")


# ------------------------------------------------------------------ fed values
def _layout(array, layout):
    """``array``'s values in the memory ``layout`` (0-d arrays have only one)."""
    if layout == "read-only":
        array = array.copy()
        array.setflags(write=False)
        return array
    if array.ndim == 0:
        return array.copy()
    if layout == "fortran":
        return np.asfortranarray(array)
    if layout == "strided":  # every other element of a twice-as-long buffer
        wide = np.zeros(array.shape[:-1] + (2 * array.shape[-1],), array.dtype)
        wide[..., ::2] = array
        return wide[..., ::2]
    if layout == "reversed":  # the same values, read through negative strides
        return np.flip(np.flip(array, 0).copy(), 0)
    return np.ascontiguousarray(array)


@st.composite
def fed_values(draw):
    dtype = np.dtype(draw(st.sampled_from(DTYPES)))
    shape = draw(hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4))
    elements = None
    if dtype.kind == "f":
        elements = st.floats(allow_nan=True, allow_infinity=True, width=8 * dtype.itemsize)
    array = draw(hnp.arrays(dtype, shape, elements=elements))
    layout = draw(st.sampled_from(["C", "fortran", "strided", "reversed", "read-only", "list"]))
    # A list of a zero-size array loses its shape ([] for (0, 3)), so those stay arrays.
    as_list = layout == "list" and dtype.kind != "c" and array.size > 0
    value = array.tolist() if as_list else _layout(array, layout)
    static = draw(st.sampled_from(["exact", "unknown dims", "unknown rank"]))
    return array, value, static


_GRAPHS = {}


def _graph_for(dtype, shape, static):
    """A graph (built once per dtype, rank and static shape kind) with a placeholder and the
    ops fetched from it, and their numpy references."""
    key = (dtype, len(shape), static, shape if static == "exact" else None)
    if key not in _GRAPHS:
        graph = tf.Graph()
        with graph.as_default():
            dims = None if static == "unknown rank" else \
                list(shape) if static == "exact" else [None] * len(shape)
            x = tf.placeholder(tf.as_dtype(dtype), dims, name="fed")
            fetches = {"identity": (tf.identity(x), lambda a: a),
                       "reshape": (tf.reshape(x, [-1]), lambda a: a.reshape(-1)),
                       # a branch that passes the feed through must not hand back the fed array
                       "cond": (tf.cond(tf.constant(True), lambda: x, lambda: tf.identity(x)),
                                lambda a: a)}
            if dtype.kind == "b":
                fetches["not"] = (tf.logical_not(x), np.logical_not)
            else:
                # numpy's complex product: (0+inf j) * 1 is nan+inf j, not the input
                fetches["times_one"] = (x * tf.constant(1, x.dtype),
                                        lambda a: a * np.ones((), a.dtype))
                fetches["doubled"] = (x + x, lambda a: a + a)
                if static != "unknown rank":
                    fetches["transpose"] = (tf.transpose(x), lambda a: a.T)
        _GRAPHS[key] = graph, x, fetches
    return _GRAPHS[key]


@PROPERTY_SETTINGS
@given(fed_values())
def test_fed_values_come_back_as_numpy_computes_them_and_are_the_callers(case):
    array, value, static = case
    graph, x, fetches = _graph_for(array.dtype, array.shape, static)
    before = np.array(value, copy=True)
    with tf.Session(graph=graph) as sess:
        with np.errstate(all="ignore"):
            results = sess.run({k: t for k, (t, _) in fetches.items()}, {x: value})
            expected = {k: np.asarray(reference(array)) for k, (_, reference) in fetches.items()}
        np.testing.assert_array_equal(np.asarray(value), before)  # the feed was never written
        for name, result in results.items():
            result = np.asarray(result)
            assert result.dtype == array.dtype, name
            np.testing.assert_array_equal(result, expected[name], err_msg=name)
        for name, result in results.items():
            if isinstance(result, np.ndarray):
                assert result.flags.writeable, name
                assert not isinstance(value, np.ndarray) or \
                    not np.shares_memory(result, value), name
                result[...] = 0 if array.dtype.kind != "b" else True  # write into it
        np.testing.assert_array_equal(np.asarray(value), before)
        with np.errstate(all="ignore"):
            again = sess.run({k: t for k, (t, _) in fetches.items()}, {x: value})
        for name in results:
            np.testing.assert_array_equal(np.asarray(again[name]), expected[name], err_msg=name)


# ------------------------------------------------------------------ fetch structures
def _fetch_graph():
    if "fetch structures" not in _GRAPHS:
        graph = tf.Graph()
        with graph.as_default():
            x = tf.placeholder(tf.float32, [None, 3], name="x")
            w = tf.Variable(np.arange(6, dtype=np.float32).reshape(3, 2), name="w")
            c = tf.constant(np.full((2,), 7.0, np.float32), name="c")
            y = tf.matmul(x, w, name="y")
            s = tf.reduce_sum(y, name="s")
            noop = tf.no_op(name="noop")
        feed = np.arange(6, dtype=np.float32).reshape(2, 3)
        weights = np.arange(6, dtype=np.float32).reshape(3, 2)
        leaves = {"x": (x, feed), "w": (w, weights), "c": (c, np.full((2,), 7.0, np.float32)),
                  "y": (y, feed @ weights), "s": (s, (feed @ weights).sum()),
                  "y by name": ("y:0", feed @ weights), "c by name": ("c:0", None),
                  "noop": (noop, None), "noop by name": ("noop", None)}
        _GRAPHS["fetch structures"] = graph, x, feed, leaves, w, c
    return _GRAPHS["fetch structures"]


def _fetch_structures():
    leaf = st.sampled_from(["x", "w", "c", "y", "s", "y by name", "c by name", "noop",
                            "noop by name"])
    return st.recursive(leaf, lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.lists(children, max_size=3).map(tuple),
        st.tuples(children, children).map(lambda pair: Pair(*pair)),
        st.dictionaries(st.sampled_from(["a", "b", "c"]), children, max_size=3)),
        max_leaves=8)


def _build(structure, leaves):
    """(fetches, expected values) for a structure of leaf names."""
    if isinstance(structure, str):
        fetch, expected = leaves[structure]
        if structure == "c by name":
            expected = leaves["c"][1]
        return fetch, expected
    if isinstance(structure, dict):
        built = {k: _build(v, leaves) for k, v in structure.items()}
        return {k: f for k, (f, _) in built.items()}, {k: e for k, (_, e) in built.items()}
    built = [_build(v, leaves) for v in structure]
    fetches, expected = [f for f, _ in built], [e for _, e in built]
    if isinstance(structure, Pair):
        return Pair(*fetches), Pair(*expected)
    if isinstance(structure, tuple):
        return tuple(fetches), tuple(expected)
    return fetches, expected


def _check_same(result, expected, arrays):
    """``result`` mirrors ``expected``'s containers and values; collects the arrays."""
    assert type(result) is type(expected) or expected is None or \
        isinstance(expected, (np.ndarray, np.generic)), (result, expected)
    if isinstance(expected, dict):
        assert result.keys() == expected.keys()
        for key in expected:
            _check_same(result[key], expected[key], arrays)
    elif isinstance(expected, (list, tuple)):
        assert len(result) == len(expected)
        for r, e in zip(result, expected):
            _check_same(r, e, arrays)
    elif expected is None:
        assert result is None
    else:
        np.testing.assert_array_equal(result, expected)
        if isinstance(result, np.ndarray):
            arrays.append(result)


@PROPERTY_SETTINGS
@given(_fetch_structures())
def test_fetch_structures_come_back_in_shape_and_owned_by_the_caller(structure):
    graph, x, feed, leaves, w, c = _fetch_graph()
    fetches, expected = _build(structure, leaves)
    fed = feed.copy()
    with tf.Session(graph=graph) as sess:
        sess.run(w.initializer)
        result = sess.run(fetches, {x: fed})
        arrays = []
        _check_same(result, expected, arrays)
        for array in arrays:
            assert array.flags.writeable and not np.shares_memory(array, fed)
            array[...] = -1.0
        np.testing.assert_array_equal(fed, feed)
        np.testing.assert_array_equal(sess.run(w), leaves["w"][1])  # the Variable is intact
        np.testing.assert_array_equal(sess.run(c), leaves["c"][1])  # and the constant
        _check_same(sess.run(fetches, {x: fed}), expected, [])


# ------------------------------------------------------------------ bad feeds
@st.composite
def bad_feeds(draw):
    """(placeholder dtype, value, exception type, words the message must hold)."""
    kind = draw(st.sampled_from(["string", "bytes", "ragged", "record", "nan to int",
                                 "fraction to int", "wrong shape", "out of range"]))
    if kind == "string":
        return tf.float32, draw(st.text(min_size=1, max_size=5)), TypeError, "a string"
    if kind == "bytes":
        return tf.int32, draw(st.binary(min_size=1, max_size=5)), TypeError, "bytes"
    if kind == "ragged":
        rows = draw(st.lists(st.integers(0, 3), min_size=2, max_size=4).filter(
            lambda lengths: len(set(lengths)) > 1 and max(lengths) > 0))
        return tf.float32, [[1.0] * n for n in rows], ValueError, "ragged"
    if kind == "record":
        return tf.float64, np.zeros(draw(st.integers(1, 3)), [("a", "f8"), ("b", "i4")]), \
            TypeError, "structured"
    if kind == "nan to int":
        values = draw(st.lists(st.floats(-5, 5), min_size=0, max_size=3))
        return tf.int32, values + [float("nan")], TypeError, "NaN"
    if kind == "fraction to int":
        return tf.int64, [draw(st.floats(0.1, 0.9))], TypeError, "fractional"
    if kind == "wrong shape":
        return tf.float32, np.zeros((draw(st.integers(0, 3)), 2)), ValueError, "shape"
    return tf.uint8, [draw(st.integers(256, 10 ** 6))], TypeError, "out of range"


@PROPERTY_SETTINGS
@given(bad_feeds())
def test_bad_feeds_give_clear_errors_naming_the_placeholder(case):
    dtype, value, error, words = case
    graph = tf.Graph()
    with graph.as_default():
        x = tf.placeholder(dtype, [None, 3], name="the_input")
    with tf.Session(graph=graph) as sess:
        with pytest.raises(error) as info:
            sess.run(x, {x: value})
    assert "the_input:0" in str(info.value) and words in str(info.value)
