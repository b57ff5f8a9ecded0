"""Feeds that cannot be the placeholder's numbers raise errors naming the placeholder, never
numpy's raw message nor a silent conversion (issue 15, item 14)."""
import numpy as np
import pytest

import autograd_engine as tf
from autograd_engine.framework import errors


@pytest.fixture
def session():
    graph = tf.Graph()
    with graph.as_default():
        placeholders = {dtype: tf.placeholder(dtype, None, name="in_" + dtype.name)
                        for dtype in (tf.float32, tf.int32, tf.bool, tf.float64)}
    with tf.Session(graph=graph) as sess:
        yield sess, placeholders


def _feed(session, dtype, value):
    sess, placeholders = session
    x = placeholders[dtype]
    return sess.run(x, {x: value})


@pytest.mark.parametrize("dtype", [tf.float32, tf.int32, tf.bool])
@pytest.mark.parametrize("value, what", [
    ("1.5", "a string"), (["1", "2"], "a string"), (b"12", "bytes"),
    (np.array([b"a", b"b"]), "bytes"),
    (np.zeros(3, dtype=[("a", "f4"), ("b", "i4")]), "a structured (record) array"),
    (np.array(["2020-01-01"], dtype="datetime64[D]"), "datetimes")])
def test_non_numeric_feed_names_the_placeholder(session, dtype, value, what):
    with pytest.raises(TypeError) as info:
        _feed(session, dtype, value)
    message = str(info.value)
    assert "in_%s:0" % dtype.name in message and what in message


@pytest.mark.parametrize("value", [[[1, 2], [3]], [[1.0], [2.0, 3.0]], [1, [2, 3]]])
def test_ragged_list_names_the_placeholder(session, value):
    with pytest.raises(ValueError, match="Cannot feed a ragged nested list to Tensor "
                                         "'in_float32:0'"):
        _feed(session, tf.float32, value)


@pytest.mark.parametrize("value", [float("nan"), [1.0, np.nan], np.array([np.nan], np.float32)])
def test_nan_fed_to_an_integer_placeholder_says_nan(session, value):
    with pytest.raises(TypeError, match="Cannot feed NaN to Tensor 'in_int32:0' of dtype int32"):
        _feed(session, tf.int32, value)


def test_nan_fed_to_a_float_placeholder_is_kept(session):
    assert np.isnan(_feed(session, tf.float32, [np.nan])).all()


def test_out_of_memory_while_converting_names_the_placeholder(session):
    huge = np.broadcast_to(np.int8(1), (1 << 42,))  # a view: converting needs 16 TiB
    with pytest.raises(errors.ResourceExhaustedError, match="OOM when converting the value fed "
                                                            "to Tensor 'in_float32:0'"):
        _feed(session, tf.float32, huge)


@pytest.mark.parametrize("value, expected", [([1, 2], [1.0, 2.0]), (np.int64(3), 3.0),
                                             ([True, False], [1.0, 0.0])])
def test_numeric_feeds_still_convert(session, value, expected):
    np.testing.assert_array_equal(_feed(session, tf.float64, value), expected)
