"""A fetched value is an array the caller owns, whatever path produced it: writing into it
changes no Variable, constant or fed array, later runs (and updates) do not change it, and it is
writable, as TF1's results are."""
import numpy as np
import pytest

import autograd_engine as tf
from autograd_engine import backend as backend_lib
from autograd_engine.testing import cupy_standin

INITIAL = np.arange(6, dtype=np.float32).reshape(2, 3)

# Each path passes its source's value on unchanged (when ``flag`` is True).
PATHS = {
    "plain": lambda src, flag: src,
    "identity": lambda src, flag: tf.identity(src),
    "reshape": lambda src, flag: tf.reshape(tf.reshape(src, [3, 2]), [2, 3]),
    "cond": lambda src, flag: tf.cond(flag, lambda: src, lambda: src * 2.0),
    "cond of two sources": lambda src, flag: tf.cond(flag, lambda: src, lambda: tf.zeros([2, 3])),
    "case": lambda src, flag: tf.case([(flag, lambda: src)], default=lambda: src + 1.0),
    "nested cond": lambda src, flag: tf.cond(
        flag, lambda: tf.cond(flag, lambda: src, lambda: src - 1.0), lambda: src + 1.0),
    "while_loop pass-through": lambda src, flag: tf.while_loop(
        lambda i, v: i < 3, lambda i, v: (i + 1, v), [0, src])[1],
    "while_loop never runs": lambda src, flag: tf.while_loop(
        lambda v: tf.logical_not(flag), lambda v: v * 2.0, [src]),
    "foldl returns its initializer": lambda src, flag: tf.foldl(
        lambda acc, e: acc, tf.zeros([0]), initializer=src),
    "stop_gradient": lambda src, flag: tf.stop_gradient(src),
    "placeholder_with_default": lambda src, flag: tf.placeholder_with_default(src, [2, 3]),
    "py_func returning its argument": lambda src, flag: tf.reshape(
        tf.py_func(lambda v: v, [src], tf.float32), [2, 3]),
}


def _sources():
    """The engine-owned values a path may pass on: a Variable, a constant, a feed."""
    variable = tf.Variable(INITIAL, name="W")
    constant = tf.constant(INITIAL)
    fed = tf.placeholder(tf.float32, [2, 3])
    return {"variable": variable, "constant": constant, "feed": fed}


@pytest.mark.parametrize("source", ["variable", "constant", "feed"])
@pytest.mark.parametrize("path", sorted(PATHS))
def test_a_fetched_value_is_the_callers_own_array(path, source):
    sources = _sources()
    flag = tf.placeholder_with_default(True, [])
    src = sources[source]
    fetched = PATHS[path](src.value() if source == "variable" else src, flag)
    fed_array = INITIAL + 10.0
    feeds = {sources["feed"]: fed_array}
    expected = fed_array.copy() if source == "feed" else INITIAL
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        got = sess.run(fetched, feeds)
        np.testing.assert_array_equal(got, expected)
        assert got.flags.writeable
        got[...] = -1.0
        np.testing.assert_array_equal(sess.run(sources["variable"]), INITIAL)
        np.testing.assert_array_equal(sess.run(sources["constant"]), INITIAL)
        np.testing.assert_array_equal(fed_array, INITIAL + 10.0)
        np.testing.assert_array_equal(sess.run(fetched, feeds), expected)


@pytest.mark.parametrize("path", sorted(PATHS))
def test_a_later_update_does_not_change_a_fetched_value(path):
    w = tf.Variable(INITIAL)
    flag = tf.placeholder_with_default(True, [])
    fetched = PATHS[path](w.value(), flag)
    update = tf.assign_add(w, tf.ones([2, 3]))
    with tf.Session() as sess:
        sess.run(w.initializer)
        before, _ = sess.run([fetched, update])  # read before the update, in the same run
        after_first = before.copy()
        sess.run(update)
        np.testing.assert_array_equal(before, after_first)
        np.testing.assert_array_equal(after_first, INITIAL)


def test_cond_between_a_variable_and_its_average():
    # The example: tf.cond(is_training, lambda: W, lambda: W_avg).
    w = tf.Variable(INITIAL)
    w_avg = tf.Variable(INITIAL * 0.5)
    is_training = tf.placeholder(tf.bool, [])
    weights = tf.cond(is_training, lambda: w, lambda: w_avg)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        for training, variable in ((True, w), (False, w_avg)):
            got = sess.run(weights, {is_training: training})
            expected = sess.run(variable)
            got += 100.0
            np.testing.assert_array_equal(sess.run(variable), expected)


def test_dataset_elements_are_writable_copies():
    data = np.arange(12.0).reshape(4, 3)
    element = tf.data.Dataset.from_tensor_slices(data).make_one_shot_iterator().get_next()
    with tf.Session() as sess:
        first = sess.run(element)
        assert first.flags.writeable
        first[...] = 0.0
        np.testing.assert_array_equal(data, np.arange(12.0).reshape(4, 3))
        np.testing.assert_array_equal(sess.run(element), [3.0, 4.0, 5.0])


def test_dataset_elements_of_a_fed_array_are_copies():
    fed = tf.placeholder(tf.float32, [None, 3])
    iterator = tf.data.Dataset.from_tensor_slices(fed).make_initializable_iterator()
    element = iterator.get_next()
    rows = np.arange(6, dtype=np.float32).reshape(2, 3)
    with tf.Session() as sess:
        sess.run(iterator.initializer, {fed: rows})
        first = sess.run(element)
        first[...] = -1.0
        np.testing.assert_array_equal(rows, np.arange(6, dtype=np.float32).reshape(2, 3))
        np.testing.assert_array_equal(sess.run(element), [3.0, 4.0, 5.0])


@pytest.mark.parametrize("path", sorted(PATHS))
def test_output_on_device_values_are_the_callers_own(path):
    with backend_lib.using_device(cupy_standin.device_backend()):
        sources = _sources()
        flag = tf.placeholder_with_default(True, [])
        fetched = [PATHS[path](sources["variable"].value(), flag),
                   PATHS[path](sources["constant"], flag)]
        options = tf.RunOptions(output_on_device=True)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for got in sess.run(fetched, options=options):
                assert isinstance(got, cupy_standin.ndarray)
                got[...] = -1.0
            for value in sess.run(fetched, options=options):
                np.testing.assert_array_equal(cupy_standin.asnumpy(value), INITIAL)
            np.testing.assert_array_equal(sess.run(sources["variable"]), INITIAL)
